//! JSON Lines: one article a line, `{title, published, url, text | html}`.

use jishi_doc::Doc;
use serde::Deserialize;

use crate::{dates::parse_published, html, plain, Format, ReadError, ReadErrorKind};

#[derive(Deserialize)]
struct Line {
    title: Option<String>,
    published: Option<String>,
    url: Option<String>,
    text: Option<String>,
    html: Option<String>,
    byline: Option<String>,
    outlet: Option<String>,
}

/// True when the first non-empty line is a JSON object with article fields.
pub(crate) fn looks_like_jsonl(text: &str) -> bool {
    let Some(first) = text.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    match serde_json::from_str::<serde_json::Value>(first) {
        Ok(serde_json::Value::Object(m)) => m.contains_key("text") || m.contains_key("html"),
        _ => false,
    }
}

/// Every line becomes an article or an error named `source:line`; bad lines do not stop the rest.
pub(crate) fn read(source: &str, text: &str, encoding: &str) -> Vec<Result<Doc, ReadError>> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let name = format!("{source}:{}", i + 1);
            let line: Line = serde_json::from_str(l)
                .map_err(|e| ReadError::new(&name, ReadErrorKind::BadJson(e.to_string())))?;
            let mut draft = match (&line.html, &line.text) {
                (Some(h), _) => html::read_fragment(h),
                (None, Some(t)) => plain::read(t),
                (None, None) => {
                    return Err(ReadError::new(
                        &name,
                        ReadErrorKind::BadJson("neither \"text\" nor \"html\"".into()),
                    ))
                }
            };
            if line.title.is_some() {
                draft.title = line.title;
            }
            draft.published = line.published.as_deref().and_then(parse_published);
            draft.url = line.url;
            draft.byline = line.byline.or(draft.byline);
            draft.outlet = line.outlet;
            draft.finish(&name, encoding, Format::JsonLines)
        })
        .collect()
}
