//! Markdown news pages: `# title`, bold byline / date-time / URL lines, paragraphs, images whose
//! next paragraph is their caption, and bold-only lines as section headings.

use std::sync::OnceLock;

use jishi_doc::BlockKind;
use regex::Regex;

use crate::{dates::parse_published, Draft};

fn link_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // [text](url) → text; images are handled before this runs
    RE.get_or_init(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("a valid literal pattern"))
}

fn image_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^!\[[^\]]*\]\([^)]*\)$").expect("a valid literal pattern"))
}

/// The text of a bold-only line (`**…**` or `__…__`), if the line is one.
fn bold_only(line: &str) -> Option<&str> {
    let l = line.trim();
    for m in ["**", "__"] {
        if l.len() > 2 * m.len() && l.starts_with(m) && l.ends_with(m) {
            let inner = &l[m.len()..l.len() - m.len()];
            if !inner.contains(m) {
                return Some(inner.trim());
            }
        }
    }
    None
}

fn inline(s: &str) -> String {
    let s = link_re().replace_all(s, "$1");
    s.replace("**", "").replace("__", "")
}

/// Reads a Markdown news page with its header lines.
pub(crate) fn read_news(text: &str) -> Draft {
    let mut draft = Draft::default();
    let paragraphs = paragraphs(text);
    let mut i = 0;
    if let Some(p) = paragraphs.first() {
        if let Some(t) = p.strip_prefix("# ") {
            draft.title = Some(inline(t.trim()));
            i = 1;
        }
    }
    // header lines: bold-only, before the body starts
    while let Some(p) = paragraphs.get(i) {
        let Some(inner) = bold_only(p) else { break };
        if inner.starts_with("http://") || inner.starts_with("https://") {
            draft.url = Some(inner.to_string());
        } else if let Some(d) = parse_published(inner) {
            draft.published = Some(d);
        } else if draft.byline.is_none() && draft.published.is_none() {
            draft.byline = Some(inner.to_string());
        } else {
            break;
        }
        i += 1;
    }
    body_blocks(&paragraphs[i..], &mut draft);
    draft
}

/// Reads a Markdown body with no header (Jekyll posts).
pub(crate) fn read_body(text: &str) -> Draft {
    let mut draft = Draft::default();
    body_blocks(&paragraphs(text), &mut draft);
    draft
}

/// Paragraphs: runs of non-blank lines. A line that is an image or a heading stands alone.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        let l = line.trim();
        let alone = image_re().is_match(l) || l.starts_with('#');
        if l.is_empty() || alone {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if alone {
                out.push(l.to_string());
            }
            continue;
        }
        if !cur.is_empty() {
            cur.push('\n');
        }
        cur.push_str(l);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn body_blocks(paragraphs: &[String], draft: &mut Draft) {
    let mut after_image = false;
    for p in paragraphs {
        if image_re().is_match(p) {
            after_image = true;
            continue;
        }
        let (kind, text) = if let Some(h) = p.strip_prefix('#') {
            (BlockKind::Heading, inline(h.trim_start_matches('#').trim()))
        } else if let Some(b) = bold_only(p) {
            (BlockKind::Heading, inline(b))
        } else if after_image {
            (BlockKind::Caption, inline(p))
        } else {
            let item = p
                .strip_prefix("- ")
                .or_else(|| p.strip_prefix("* "))
                .unwrap_or(p);
            (BlockKind::Paragraph, inline(item))
        };
        after_image = false;
        draft.push(kind, &text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_captions_and_headings() {
        let page = "# 北京香山论坛｜简短寒暄\n**澎湃新闻记者 谢瑞强**\n\n**2023-11-01 00:15**\n\n\
                    **https://m.thepaper.cn/detail/25128984**\n\n第一段。\n\n![](https://img/1.jpg)\n\n\
                    图片说明。\n\n**中国将军把臂章送给美国代表**\n\n在[解释](http://x)时。";
        let d = read_news(page);
        assert_eq!(d.title.as_deref(), Some("北京香山论坛｜简短寒暄"));
        assert_eq!(d.byline.as_deref(), Some("澎湃新闻记者 谢瑞强"));
        assert_eq!(
            d.url.as_deref(),
            Some("https://m.thepaper.cn/detail/25128984")
        );
        assert_eq!(
            d.published.map(|p| p.to_rfc3339()).as_deref(),
            Some("2023-11-01T00:15:00+08:00")
        );
        let kinds: Vec<_> = d
            .blocks
            .iter()
            .map(|(k, t)| (k.as_str(), t.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("paragraph", "第一段。"),
                ("caption", "图片说明。"),
                ("heading", "中国将军把臂章送给美国代表"),
                ("paragraph", "在解释时。")
            ]
        );
    }
}
