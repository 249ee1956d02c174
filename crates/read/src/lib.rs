//! Readers: turn news articles as they are found — Markdown news pages, Jekyll posts, saved HTML
//! pages, plain text, JSON Lines; UTF-8, UTF-16, GB18030/GBK or Big5 — into a [`Doc`] holding the
//! article's metadata, its analysed text and its blocks (title, headings, paragraphs, captions).
//!
//! The format is detected from the content, not from the file name. Site furniture (related-link
//! blocks, editor lines, share buttons, copyright lines) is dropped using the patterns in
//! `data/read/furniture.toml`. Every failure is a [`ReadError`] that names its input.
//!
//! ```
//! let page = "---\ntitle: 香山論壇中美互動少\ndate: 2023-11-01 10:22:00.000000000 +00:00\n\
//!             link: https://www.cna.com.tw/news/aopl/202311010316.aspx\ncategories: cna\n---\n\n\
//!             <p>（中央社台北1日電）第十屆北京香山論壇昨天結束。（編輯：張淑伶）1121101</p>";
//! let docs = jishi_read::read_bytes("post.html", page.as_bytes());
//! let doc = docs[0].as_ref().unwrap();
//! assert_eq!(doc.article.title.as_deref(), Some("香山論壇中美互動少"));
//! assert_eq!(doc.article.language.tag(), "zh-Hant");
//! assert!(doc.text.ends_with("第十屆北京香山論壇昨天結束。"));
//! ```

use std::path::Path;

use jishi_doc::Doc;

mod article;
mod dates;
mod decode;
mod furniture;
mod html;
mod jekyll;
mod jsonl;
mod markdown;
mod plain;

pub use article::{Draft, DEFAULT_ZONE_HOURS};
pub use decode::{decode, Decoded};

/// Why an input could not be read. Its `Display` names the input.
#[derive(Debug, thiserror::Error)]
#[error("{source_name}: {kind}")]
pub struct ReadError {
    /// The path, `-`, or `path:line` for JSON Lines.
    pub source_name: String,
    pub kind: ReadErrorKind,
}

/// What went wrong with an input.
#[derive(Debug, thiserror::Error)]
pub enum ReadErrorKind {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("binary data, not a text article")]
    Binary,
    #[error("cannot decode the text (tried {0})")]
    Undecodable(String),
    #[error("no body text")]
    NoBody,
    #[error("not a JSON object with the article fields: {0}")]
    BadJson(String),
    #[error("bad front matter: {0}")]
    BadFrontMatter(String),
    #[error("too large: {size} bytes (the limit is {limit})")]
    TooLarge { size: u64, limit: u64 },
    /// A stream (standard input) that went on past the limit: it is not read to its end.
    #[error("too large: more than {limit} bytes (the limit)")]
    StreamTooLarge { limit: u64 },
    /// One article's text is longer than `Limits::max_article_bytes`.
    #[error("article too long: {size} bytes of text (the limit is {limit})")]
    ArticleTooLong { size: usize, limit: usize },
}

impl ReadError {
    /// An error about the input named `source_name`.
    pub fn new(source_name: &str, kind: ReadErrorKind) -> Self {
        ReadError {
            source_name: source_name.to_string(),
            kind,
        }
    }
}

/// The input formats the readers recognise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `# title`, bold byline/date/URL lines, Markdown paragraphs (the reference article).
    MarkdownNews,
    /// YAML front matter and an HTML or Markdown body.
    Jekyll,
    /// A saved HTML page.
    Html,
    /// One JSON object an article a line.
    JsonLines,
    /// Plain text.
    Text,
}

impl Format {
    /// The name recorded in `Article::format`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::MarkdownNews => "markdown-news",
            Format::Jekyll => "jekyll",
            Format::Html => "html",
            Format::JsonLines => "jsonl",
            Format::Text => "text",
        }
    }
}

/// Limits that keep hostile input from exhausting memory and time.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest input file, in bytes: a larger one is refused before it is read.
    pub max_bytes: u64,
    /// Longest article text, in bytes, that is analysed: a longer one (a feed that lost its
    /// line breaks, a dump) fails by name. Real news articles are under 100 kB; some stages
    /// take time that grows faster than the text, so this bounds the time of one article.
    pub max_article_bytes: usize,
    /// Longest sentence, in characters: text that runs on without an end mark is cut into
    /// pieces this long, so that no stage ever works on an unbounded sentence.
    pub max_sentence_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 50 * 1024 * 1024,
            max_article_bytes: 1024 * 1024,
            max_sentence_chars: jishi_text::MAX_SENTENCE,
        }
    }
}

/// Reads one file (or `-` for standard input) into its articles: one for most formats, one a
/// line for JSON Lines. A file larger than `limits.max_bytes` is refused before it is read, and
/// no input (standard input, a device, a file that grows) is read past that limit.
pub fn read_path(path: &Path, limits: Limits) -> Vec<Result<Doc, ReadError>> {
    let name = path.to_string_lossy().to_string();
    match read_input(path, limits) {
        Ok(bytes) => read_bytes(&name, &bytes),
        Err(e) => vec![Err(e)],
    }
}

/// The bytes of one input (a file or `-`), refused unread when the file is larger than
/// `limits.max_bytes` and never read past that limit (standard input, a device, a file that
/// grows): what [`read_path`] reads, for callers that keep the raw bytes.
pub fn read_input(path: &Path, limits: Limits) -> Result<Vec<u8>, ReadError> {
    let name = path.to_string_lossy();
    read_limited(path, &name, limits.max_bytes).map_err(|kind| ReadError::new(&name, kind))
}

fn read_limited(path: &Path, name: &str, limit: u64) -> Result<Vec<u8>, ReadErrorKind> {
    use std::io::Read;
    let mut buf = Vec::new();
    if name == "-" {
        std::io::stdin().take(limit + 1).read_to_end(&mut buf)?;
    } else {
        let file = std::fs::File::open(path)?;
        let meta = file.metadata()?;
        if meta.is_dir() {
            return Err(ReadErrorKind::Io(std::io::Error::other("is a directory")));
        }
        if meta.len() > limit {
            return Err(ReadErrorKind::TooLarge {
                size: meta.len(),
                limit,
            });
        }
        buf.reserve(meta.len() as usize);
        file.take(limit + 1).read_to_end(&mut buf)?;
    }
    if buf.len() as u64 > limit {
        // standard input, a device, or a file that grew since its size was asked
        return Err(ReadErrorKind::StreamTooLarge { limit });
    }
    Ok(buf)
}

/// Reads the bytes of one input named `source` into its articles.
pub fn read_bytes(source: &str, bytes: &[u8]) -> Vec<Result<Doc, ReadError>> {
    let decoded = match decode(bytes) {
        Ok(d) => d,
        Err(kind) => return vec![Err(ReadError::new(source, kind))],
    };
    let format = detect_format(&decoded.text);
    read_decoded(source, decoded, format)
}

/// Reads the bytes of one input as the given format, without detecting it: every reader can be
/// tested (and fuzzed) on any input, even one the detector would send elsewhere.
pub fn read_bytes_as(source: &str, bytes: &[u8], format: Format) -> Vec<Result<Doc, ReadError>> {
    match decode(bytes) {
        Ok(decoded) => read_decoded(source, decoded, format),
        Err(kind) => vec![Err(ReadError::new(source, kind))],
    }
}

fn read_decoded(source: &str, decoded: Decoded, format: Format) -> Vec<Result<Doc, ReadError>> {
    let text = decoded.text.as_str();
    if format == Format::JsonLines {
        return jsonl::read(source, text, decoded.encoding);
    }
    let draft = match format {
        Format::MarkdownNews => Ok(markdown::read_news(text)),
        Format::Jekyll => jekyll::read(text),
        Format::Html => Ok(html::read_page(text)),
        Format::Text | Format::JsonLines => Ok(plain::read(text)),
    };
    vec![draft
        .map_err(|kind| ReadError::new(source, kind))
        .and_then(|d| d.finish(source, decoded.encoding, format))]
}

/// Tells the format of a decoded text from its content.
pub fn detect_format(text: &str) -> Format {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if (t.starts_with("---\n") || t.starts_with("---\r\n")) && jekyll::front_matter_end(t).is_some()
    {
        return Format::Jekyll;
    }
    if t.starts_with('{') && jsonl::looks_like_jsonl(t) {
        return Format::JsonLines;
    }
    let head: String = t
        .chars()
        .take(2000)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<head")
        || head.contains("<body")
        || (head.starts_with('<') && (head.contains("<p") || head.contains("<div")))
    {
        return Format::Html;
    }
    if t.starts_with("# ") {
        return Format::MarkdownNews;
    }
    Format::Text
}
