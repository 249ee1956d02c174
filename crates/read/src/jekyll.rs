//! Jekyll posts: YAML front matter (`title`, `date`, `link`, `categories`) and an HTML or
//! Markdown body.

use serde_yaml::Value;

use crate::{dates::parse_published, html, markdown, Draft, ReadErrorKind};

/// Byte offset just past the closing `---` line of the front matter, if there is one.
pub(crate) fn front_matter_end(text: &str) -> Option<(usize, usize)> {
    let first = text.find('\n')? + 1;
    let mut at = first;
    for line in text[first..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((at, at + line.len()));
        }
        at += line.len();
    }
    None
}

pub(crate) fn read(text: &str) -> Result<Draft, ReadErrorKind> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let (yaml_end, body_start) = front_matter_end(text)
        .ok_or_else(|| ReadErrorKind::BadFrontMatter("no closing ---".into()))?;
    let first = text.find('\n').map_or(0, |i| i + 1);
    let yaml = &text[first..yaml_end];
    let meta: Value =
        serde_yaml::from_str(yaml).map_err(|e| ReadErrorKind::BadFrontMatter(e.to_string()))?;
    let field = |k: &str| match meta.get(k) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Sequence(v)) => v.first().and_then(|x| x.as_str()).map(str::to_string),
        _ => None,
    };
    let body = &text[body_start..];
    let mut draft = if body.trim_start().starts_with('<') {
        html::read_fragment(body)
    } else {
        markdown::read_body(body)
    };
    draft.title = field("title").or(draft.title);
    draft.published = field("date")
        .as_deref()
        .and_then(parse_published)
        .or(draft.published);
    draft.url = field("link").or_else(|| field("url")).or(draft.url);
    draft.outlet = field("categories")
        .map(|c| c.to_ascii_lowercase())
        .or(draft.outlet);
    draft.byline = field("author").or(draft.byline);
    Ok(draft)
}
