//! HTML: saved news pages (metadata from the usual meta tags and JSON-LD, the main text found by
//! where the paragraphs are) and the HTML bodies of Jekyll posts.
//!
//! The walk over the tree is iterative, so deeply nested markup cannot overflow the stack.

use ego_tree::NodeRef;
use jishi_doc::BlockKind;
use scraper::{ElementRef, Html, Node};

use crate::{dates::parse_published, furniture, Draft};

const SKIP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "svg",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
    "template",
    "select",
    "head",
    "social-share",
    "share-button",
    "share-modal",
    "video",
    "audio",
    "object",
    "canvas",
    "map",
    "menu",
];
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "figure",
    "figcaption",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "dd",
    "dt",
    "dl",
    "body",
    "time",
    "hr",
    "address",
    "center",
];
/// Longest heading or byline, in characters.
const SHORT: usize = 40;
/// Longest unmarked paragraph right after an image that is taken as its caption.
const CAPTION_MAX: usize = 60;

/// Deepest element nesting parsed as it is. The HTML parser's scope checks grow with the depth
/// of open elements, so a hostile page nested 50,000 deep would take minutes: deeper markup is
/// flattened first ([`flatten`]).
const MAX_DEPTH: usize = 400;
const KEEP_WHEN_FLAT: &[&str] = &[
    "p",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "figcaption",
    "title",
    "meta",
    "link",
    "script",
    "style",
    "head",
    "body",
    "html",
    "img",
];

/// A rough upper bound of element nesting: open tags minus close tags, void elements aside.
fn max_depth(text: &str) -> usize {
    let b = text.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'<' {
            if b[i + 1] == b'/' {
                depth = depth.saturating_sub(1);
            } else if b[i + 1].is_ascii_alphabetic() {
                let name: String = b[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .map(|&c| c.to_ascii_lowercase() as char)
                    .collect();
                let void = matches!(
                    name.as_str(),
                    "br" | "img"
                        | "meta"
                        | "link"
                        | "hr"
                        | "input"
                        | "source"
                        | "wbr"
                        | "col"
                        | "area"
                        | "base"
                        | "embed"
                        | "track"
                        | "param"
                );
                if !void {
                    depth += 1;
                    max = max.max(depth);
                }
            }
        }
        i += 1;
    }
    max
}

/// Removes every tag but the few that carry text structure (paragraphs, headings, line breaks,
/// list items, captions; script and style, so that their content stays hidden).
fn flatten(text: &str) -> String {
    static TAG: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = TAG.get_or_init(|| {
        regex::Regex::new(r"</?([A-Za-z][A-Za-z0-9-]*)[^>]*>").expect("a valid literal pattern")
    });
    re.replace_all(text, |c: &regex::Captures| {
        let name = c[1].to_ascii_lowercase();
        if KEEP_WHEN_FLAT.contains(&name.as_str()) {
            c[0].to_string()
        } else {
            " ".to_string()
        }
    })
    .into_owned()
}

fn parse(text: &str, fragment: bool) -> Html {
    let flat;
    let text = if max_depth(text) > MAX_DEPTH {
        flat = flatten(text);
        flat.as_str()
    } else {
        text
    };
    if fragment {
        Html::parse_fragment(text)
    } else {
        Html::parse_document(text)
    }
}

/// Reads a whole saved page: metadata and main text.
pub(crate) fn read_page(text: &str) -> Draft {
    let html = parse(text, false);
    let mut draft = Draft::default();
    read_meta(&html, &mut draft);
    let root = main_content(&html).unwrap_or_else(|| html.root_element());
    walk(root, &mut draft);
    if draft.title.is_none() {
        draft.title = first_text(&html, "h1")
            .or_else(|| first_text(&html, "title").map(|t| strip_site_name(&t)));
    }
    // the page's h1 is its title: do not repeat it as a heading
    if let (Some(t), Some((BlockKind::Heading, first))) = (&draft.title, draft.blocks.first()) {
        if first == t {
            draft.blocks.remove(0);
        }
    }
    draft
}

/// Reads an HTML fragment (a Jekyll post's body): text only.
pub(crate) fn read_fragment(text: &str) -> Draft {
    let html = parse(text, true);
    let mut draft = Draft::default();
    walk(html.root_element(), &mut draft);
    draft
}

fn first_text(html: &Html, tag: &str) -> Option<String> {
    let sel = scraper::Selector::parse(tag).ok()?;
    let t = html.select(&sel).next()?.text().collect::<String>();
    let t = crate::article::collapse_ws(&t);
    (!t.is_empty()).then_some(t)
}

/// `标题 - BBC News 中文` → `标题`, when the tail is short enough to be a site name.
fn strip_site_name(title: &str) -> String {
    for sep in [" - ", " | ", " – ", "_", "｜"] {
        if let Some(i) = title.rfind(sep) {
            if title[i + sep.len()..].chars().count() <= 20 && i > 0 {
                return title[..i].trim().to_string();
            }
        }
    }
    title.to_string()
}

fn read_meta(html: &Html, draft: &mut Draft) {
    let mut og_title = None;
    for el in html
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        let e = el.value();
        match e.name() {
            "meta" => {
                let key = e
                    .attr("property")
                    .or_else(|| e.attr("name"))
                    .or_else(|| e.attr("itemprop"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let Some(content) = e.attr("content") else {
                    continue;
                };
                match key.as_str() {
                    "article:published_time"
                    | "datepublished"
                    | "pubdate"
                    | "publishdate"
                    | "og:published_time"
                    | "date"
                        if draft.published.is_none() =>
                    {
                        draft.published = parse_published(content);
                    }
                    "og:title" => og_title = Some(content.to_string()),
                    "og:url" if draft.url.is_none() => draft.url = Some(content.to_string()),
                    "author" | "article:author"
                        if draft.byline.is_none() && !content.starts_with("http") =>
                    {
                        draft.byline = Some(content.to_string())
                    }
                    "og:site_name" => draft.outlet = Some(content.to_ascii_lowercase()),
                    _ => {}
                }
            }
            "link"
                if e.attr("rel")
                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                if let Some(h) = e.attr("href") {
                    draft.url = Some(h.to_string());
                }
            }
            "script" if e.attr("type").is_some_and(|t| t.contains("ld+json")) => {
                let json: String = el.text().collect();
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&json) {
                    json_ld(&v, draft, 0);
                }
            }
            _ => {}
        }
    }
    if let Some(t) = og_title {
        draft.title = Some(strip_site_name(&t));
    }
}

/// Takes `datePublished`, `headline` and `author.name` from JSON-LD (objects, arrays, `@graph`).
fn json_ld(v: &serde_json::Value, draft: &mut Draft, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        serde_json::Value::Array(items) => items.iter().for_each(|i| json_ld(i, draft, depth + 1)),
        serde_json::Value::Object(map) => {
            if let Some(p) = map.get("datePublished").and_then(|d| d.as_str()) {
                if draft.published.is_none() {
                    draft.published = parse_published(p);
                }
            }
            if let Some(h) = map.get("headline").and_then(|d| d.as_str()) {
                draft.title.get_or_insert_with(|| h.to_string());
            }
            if let Some(a) = map.get("author") {
                let name = a
                    .get("name")
                    .or_else(|| a.get(0).and_then(|x| x.get("name")))
                    .and_then(|n| n.as_str());
                if let (None, Some(n)) = (&draft.byline, name) {
                    draft.byline = Some(n.to_string());
                }
            }
            if let Some(g) = map.get("@graph") {
                json_ld(g, draft, depth + 1);
            }
        }
        _ => {}
    }
}

/// The element that holds the article: the one whose paragraphs hold the most text (a paragraph
/// counts fully for its parent and half for its grandparent).
fn main_content(html: &Html) -> Option<ElementRef<'_>> {
    use std::collections::HashMap;
    let mut score: HashMap<ego_tree::NodeId, usize> = HashMap::new();
    for el in html
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        if el.value().name() != "p" {
            continue;
        }
        let n: usize = el.text().map(|t| t.trim().chars().count()).sum();
        if let Some(parent) = el.parent() {
            *score.entry(parent.id()).or_default() += n;
            if let Some(gp) = parent.parent() {
                *score.entry(gp.id()).or_default() += n / 2;
            }
        }
    }
    let (best, total) = score
        .into_iter()
        .max_by_key(|(id, s)| (*s, std::cmp::Reverse(*id)))?;
    if total < 40 {
        return None;
    }
    html.tree.get(best).and_then(ElementRef::wrap)
}

#[derive(Default)]
struct RawBlock {
    kind: Option<BlockKind>,
    text: String,
    chars: usize,
    link: usize,
    bold: usize,
    small: usize,
    after_image: bool,
}

#[derive(Default)]
struct Walker {
    blocks: Vec<RawBlock>,
    cur: RawBlock,
    kinds: Vec<BlockKind>,
    link: usize,
    bold: usize,
    small: usize,
    /// Blocks still to come that may be an image's caption (the image's credit line may come
    /// first).
    after_image: u8,
    byline: Option<String>,
}

enum Step<'a> {
    Open(NodeRef<'a, Node>),
    Close {
        block: bool,
        kind: bool,
        link: bool,
        bold: bool,
        small: bool,
    },
}

impl Walker {
    fn flush(&mut self) {
        let mut b = std::mem::take(&mut self.cur);
        if b.text.trim().is_empty() {
            return;
        }
        b.kind = self.kinds.last().copied();
        b.after_image = self.after_image > 0;
        self.after_image = self.after_image.saturating_sub(1);
        self.blocks.push(b);
    }

    fn text(&mut self, t: &str) {
        let n = t.chars().filter(|c| !c.is_whitespace()).count();
        self.cur.text.push_str(t);
        self.cur.chars += n;
        if self.link > 0 {
            self.cur.link += n;
        }
        if self.bold > 0 {
            self.cur.bold += n;
        }
        if self.small > 0 {
            self.cur.small += n;
        }
    }
}

fn walk(root: ElementRef<'_>, draft: &mut Draft) {
    let mut w = Walker::default();
    let mut stack = vec![Step::Open(*root)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Close {
                block,
                kind,
                link,
                bold,
                small,
            } => {
                w.link -= link as usize;
                w.bold -= bold as usize;
                w.small -= small as usize;
                if block {
                    w.flush();
                }
                if kind {
                    w.kinds.pop();
                }
            }
            Step::Open(node) => match node.value() {
                Node::Text(t) => w.text(t),
                Node::Element(e) => {
                    let name = e.name();
                    if SKIP_TAGS.contains(&name) {
                        continue;
                    }
                    let rel_author = e.attr("rel").is_some_and(|r| r.contains("author"))
                        || e.attr("itemprop").is_some_and(|r| r == "author");
                    if rel_author && w.byline.is_none() {
                        let t: String = ElementRef::wrap(node)
                            .map(|el| el.text().collect())
                            .unwrap_or_default();
                        w.byline = Some(t.trim().to_string())
                            .filter(|t| !t.is_empty() && t.chars().count() <= SHORT);
                    }
                    let furniture_attr = e.attr("class").is_some_and(furniture::skip_class)
                        || e.attr("id").is_some_and(furniture::skip_class);
                    if furniture_attr || e.attr("aria-hidden") == Some("true") {
                        continue;
                    }
                    match name {
                        "img" | "picture" => {
                            w.flush();
                            w.after_image = 2;
                            continue;
                        }
                        "br" => {
                            w.flush();
                            continue;
                        }
                        _ => {}
                    }
                    let block = BLOCK_TAGS.contains(&name);
                    if block {
                        w.flush();
                    }
                    let kind = match name {
                        "figcaption" => Some(BlockKind::Caption),
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(BlockKind::Heading),
                        _ => None,
                    };
                    if let Some(k) = kind {
                        w.kinds.push(k);
                    }
                    let link = name == "a";
                    let bold = matches!(name, "strong" | "b");
                    let small = name == "small";
                    w.link += link as usize;
                    w.bold += bold as usize;
                    w.small += small as usize;
                    stack.push(Step::Close {
                        block,
                        kind: kind.is_some(),
                        link,
                        bold,
                        small,
                    });
                    let children: Vec<_> = node.children().collect();
                    stack.extend(children.into_iter().rev().map(Step::Open));
                }
                _ => {}
            },
        }
    }
    w.flush();
    if draft.byline.is_none() {
        draft.byline = w.byline.take();
    }
    finish_blocks(w.blocks, draft);
}

fn ends_sentence(s: &str) -> bool {
    s.contains(['。', '！', '？', '；']) || s.trim_end().ends_with(['.', '!', '?'])
}

/// Classifies the raw blocks: drops link lists, finds captions, headings and a leading byline
/// with its time stamp.
fn finish_blocks(raw: Vec<RawBlock>, draft: &mut Draft) {
    let mut blocks: Vec<(BlockKind, String)> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let b = &raw[i];
        i += 1;
        let text = crate::article::collapse_ws(&b.text);
        if text.is_empty() || (b.chars > 0 && b.link * 10 >= b.chars * 8) {
            continue;
        }
        // a short name line followed by a time stamp, before any paragraph: byline and date
        if !blocks.iter().any(|(k, _)| *k == BlockKind::Paragraph) {
            if let Some(stamp) = parse_published(&text) {
                draft.published.get_or_insert(stamp);
                continue;
            }
            let next = raw
                .get(i)
                .map(|n| crate::article::collapse_ws(&n.text))
                .unwrap_or_default();
            if text.chars().count() <= SHORT && !ends_sentence(&text) {
                if let Some(stamp) = parse_stamp_line(&next) {
                    draft.byline.get_or_insert(text);
                    draft.published.get_or_insert(stamp);
                    i += 1;
                    continue;
                }
                if furniture::is_byline_role(&next) && !furniture::is_byline_role(&text) {
                    draft.byline.get_or_insert(format!("{text} {next}"));
                    i += 1;
                    continue;
                }
            }
        }
        let kind = match b.kind {
            Some(k) => k,
            None if b.small == b.chars && (b.after_image || !blocks.is_empty()) && b.small > 0 => {
                BlockKind::Caption
            }
            None if b.bold == b.chars && b.chars <= SHORT && !ends_sentence(&text) => {
                BlockKind::Heading
            }
            None if b.after_image
                && b.chars <= CAPTION_MAX
                && text.matches(['。', '！', '？']).count() <= 1
                && !text.starts_with(['（', '(', '【']) =>
            {
                BlockKind::Caption
            }
            None => BlockKind::Paragraph,
        };
        blocks.push((kind, text));
    }
    for (k, t) in blocks {
        draft.push(k, &t);
    }
}

/// A block that is only a time stamp (`2023-10-01T06:34:56.810Z`, `2023年10月2日09:00 CST 更新`).
fn parse_stamp_line(s: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let s = s
        .trim()
        .trim_end_matches("更新")
        .trim()
        .trim_end_matches("CST")
        .trim();
    parse_published(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(d: &Draft) -> Vec<(&str, &str)> {
        d.blocks
            .iter()
            .map(|(k, t)| (k.as_str(), t.as_str()))
            .collect()
    }

    #[test]
    fn a_saved_page_gives_metadata_and_main_text() {
        let page = r#"<!DOCTYPE html><html><head><title>会谈 - 某新闻网</title>
            <meta property="og:title" content="张又侠同老挝国防部长会谈">
            <meta property="article:published_time" content="2023-10-28T20:12:44+08:00">
            <meta name="author" content="记者 王明">
            <link rel="canonical" href="https://example.cn/a/1.html">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-10-27T00:00:00+08:00"}</script>
            </head><body><nav><a href="/">首页</a><a href="/w">国际</a></nav>
            <div class="sidebar"><p>热门</p></div>
            <article><h1>张又侠同老挝国防部长会谈</h1><p>中央军委副主席张又侠在北京同老挝副总理兼国防部长占沙蒙会谈。</p>
            <figure><img src="a.jpg"><figcaption>会谈现场。</figcaption></figure>
            <p><strong>双方同意</strong></p><p>双方同意加强交流合作，推动两军关系全面深入发展。</p>
            <div class="related"><a href="/b">另一条新闻</a></div></article>
            <footer>版权所有</footer><script>var x = "<p>不是正文</p>";</script></body></html>"#;
        let d = read_page(page);
        assert_eq!(d.title.as_deref(), Some("张又侠同老挝国防部长会谈"));
        assert_eq!(d.url.as_deref(), Some("https://example.cn/a/1.html"));
        assert_eq!(d.byline.as_deref(), Some("记者 王明"));
        assert_eq!(
            d.published.map(|p| p.to_rfc3339()).as_deref(),
            Some("2023-10-28T20:12:44+08:00")
        );
        assert_eq!(
            kinds(&d),
            [
                (
                    "paragraph",
                    "中央军委副主席张又侠在北京同老挝副总理兼国防部长占沙蒙会谈。"
                ),
                ("caption", "会谈现场。"),
                ("heading", "双方同意"),
                (
                    "paragraph",
                    "双方同意加强交流合作，推动两军关系全面深入发展。"
                ),
            ]
        );
    }

    #[test]
    fn json_ld_date_when_no_meta() {
        let page = r#"<html><head><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"标题","datePublished":"2023-10-27T09:00:00+08:00","author":[{"name":"李华"}]}]}</script></head>
            <body><main><p>正文第一段，内容足够长，足够长，足够长，足够长，足够长，足够长，足够长。</p></main></body></html>"#;
        let d = read_page(page);
        assert_eq!(
            d.published.map(|p| p.to_rfc3339()).as_deref(),
            Some("2023-10-27T09:00:00+08:00")
        );
        assert_eq!(d.byline.as_deref(), Some("李华"));
        assert_eq!(d.title.as_deref(), Some("标题"));
    }

    #[test]
    fn a_name_and_a_role_make_the_byline_and_a_short_line_after_an_image_is_its_caption() {
        let body = r#"<main><ul><li>陈岩</li><li>BBC中文记者</li></ul><p>11月2日，中国前总理李克强的遗体在北京火化，天安门广场上下半旗致哀。</p>
            <div><picture><img src="a.jpg"></picture><p role="text"><span>图像来源，</span><span>Getty</span></p></div><p>在河南省会郑州，纪念李克强的人群和鲜花。</p>
            <p>他的突然离世，引发中国民间缅怀浪潮。</p></main>"#;
        let d = read_fragment(body);
        assert_eq!(d.byline.as_deref(), Some("陈岩 BBC中文记者"));
        let k = kinds(&d);
        assert_eq!(k[0].0, "paragraph");
        assert!(
            k.contains(&("caption", "在河南省会郑州，纪念李克强的人群和鲜花。")),
            "{k:?}"
        );
        assert_eq!(
            k.last(),
            Some(&("paragraph", "他的突然离世，引发中国民间缅怀浪潮。"))
        );
    }

    #[test]
    fn fragment_with_byline_stamp_and_small_caption() {
        let body = r#"<div><i>David Hutt<br>2023-10-01T06:34:56.810Z</i></div><img src="x.jpg"><div><small>图中一名男子。</small></div>
            <p>（德国之声中文网）欧盟计划逐步停止进口。</p><p><strong>更多阅读：<a href="/a">别的文章</a></strong></p>"#;
        let d = read_fragment(body);
        assert_eq!(d.byline.as_deref(), Some("David Hutt"));
        assert_eq!(
            d.published.map(|p| p.to_rfc3339()).as_deref(),
            Some("2023-10-01T06:34:56.810+00:00")
        );
        assert_eq!(
            kinds(&d)[..2],
            [
                ("caption", "图中一名男子。"),
                ("paragraph", "（德国之声中文网）欧盟计划逐步停止进口。")
            ]
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let page = format!(
            "<html><body>{}<p>深处的正文。</p>{}</body></html>",
            "<div>".repeat(50_000),
            "</div>".repeat(50_000)
        );
        let d = read_page(&page);
        assert!(d.blocks.iter().any(|(_, t)| t == "深处的正文。"));
    }
}
