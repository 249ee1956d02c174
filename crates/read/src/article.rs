//! What every reader produces ([`Draft`]) and how it becomes a [`Doc`]: the text joined from its
//! blocks, identity, content hash, language and reference date.

use chrono::{DateTime, FixedOffset};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use jishi_doc::{Article, Block, BlockKind, Doc, ReferenceDate, ReferenceSource, Span};

use crate::{furniture, Format, ReadError, ReadErrorKind};

/// The zone of Chinese-language news when an article gives none (UTC+8: Beijing, Taipei, Hong
/// Kong; also the local date relative times resolve against).
pub const DEFAULT_ZONE_HOURS: i32 = 8;

/// An article as a reader found it, before it becomes a [`Doc`].
#[derive(Debug, Default)]
pub struct Draft {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// The body's blocks in reading order (the title is not among them).
    pub blocks: Vec<(BlockKind, String)>,
}

impl Draft {
    /// Adds a block unless it is empty.
    pub fn push(&mut self, kind: BlockKind, text: &str) {
        let t = collapse_ws(text);
        if !t.is_empty() {
            self.blocks.push((kind, t));
        }
    }

    /// Drops furniture, joins the blocks into the analysed text and fills the article record.
    pub fn finish(
        mut self,
        source: &str,
        encoding: &str,
        format: Format,
    ) -> Result<Doc, ReadError> {
        if let Some(b) = furniture::clean(&mut self.blocks) {
            self.byline.get_or_insert(b);
        }
        if self.blocks.is_empty() {
            return Err(ReadError::new(source, ReadErrorKind::NoBody));
        }
        let title = self
            .title
            .map(|t| collapse_ws(&t))
            .filter(|t| !t.is_empty());
        let mut text = String::new();
        let mut blocks = Vec::new();
        let mut push = |kind: BlockKind, s: &str| {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(s);
            blocks.push(Block {
                kind,
                span: Span::new(start, text.len()),
            });
        };
        if let Some(t) = &title {
            push(BlockKind::Title, t);
        }
        for (kind, s) in &self.blocks {
            push(*kind, s);
        }
        let body: Vec<&str> = self.blocks.iter().map(|(_, s)| s.as_str()).collect();
        let url = self.url.filter(|u| !u.trim().is_empty());
        let key = url.clone().unwrap_or_else(|| source.to_string());
        let reference_date = match self.published {
            Some(p) => ReferenceDate {
                value: Some(local_date(p)),
                source: ReferenceSource::Published,
            },
            None => ReferenceDate::default(),
        };
        let outlet = self
            .outlet
            .or_else(|| url.as_deref().and_then(outlet_from_url));
        let article = Article {
            id: hex(&Sha256::digest(key.as_bytes()))[..16].to_string(),
            content_hash: content_hash(&body.join("\n")),
            title,
            byline: self
                .byline
                .map(|b| collapse_ws(&b))
                .filter(|b| !b.is_empty()),
            published: self.published,
            reference_date,
            encoding: encoding.to_string(),
            url,
            language: jishi_text::detect_language(&text),
            source: source.to_string(),
            outlet,
            format: format.as_str().to_string(),
        };
        let mut doc = Doc::new(article, text);
        doc.blocks = blocks;
        Ok(doc)
    }
}

/// The local calendar date of a publication time in the outlets' zone (UTC+8): a CNA item
/// stamped 21:27 UTC on 1 October was published on 2 October in Taipei.
fn local_date(p: DateTime<FixedOffset>) -> chrono::NaiveDate {
    let zone = FixedOffset::east_opt(DEFAULT_ZONE_HOURS * 3600).unwrap_or(*p.offset());
    p.with_timezone(&zone).date_naive()
}

/// SHA-256 (hex) of the body after NFC and collapsing white space: the same body read from two
/// archives, or with different line breaks, hashes the same.
pub fn content_hash(body: &str) -> String {
    let normal: String = body.nfc().collect();
    hex(&Sha256::digest(collapse_ws(&normal).as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs of white space (including full-width and no-break spaces) become one ASCII space;
/// leading and trailing space goes.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' || c == '\u{feff}' {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The outlet named by a URL's host, for inputs that do not say (`www.cna.com.tw` → `cna`).
fn outlet_from_url(url: &str) -> Option<String> {
    let host = url
        .split("://")
        .nth(1)?
        .split('/')
        .next()?
        .to_ascii_lowercase();
    let parts: Vec<&str> = host.split('.').collect();
    let skip = ["www", "m", "news", "cn", "china", "chinese", "amp", "zh"];
    parts
        .iter()
        .find(|p| !skip.contains(p) && p.len() > 1)
        .map(|p| p.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_collapses() {
        assert_eq!(collapse_ws("  a \u{3000}\n b\u{a0}c  "), "a b c");
    }

    #[test]
    fn hash_ignores_white_space_and_normalization_form() {
        assert_eq!(
            content_hash("中美 两军\n互动"),
            content_hash("中美\t两军 互动 ")
        );
        assert_eq!(content_hash("Cafe\u{301}"), content_hash("Café"));
        assert_ne!(content_hash("中美两军"), content_hash("中美两国"));
    }

    #[test]
    fn outlet_from_host() {
        assert_eq!(
            outlet_from_url("https://m.thepaper.cn/detail/1").as_deref(),
            Some("thepaper")
        );
        assert_eq!(
            outlet_from_url("https://www.cna.com.tw/news/a.aspx").as_deref(),
            Some("cna")
        );
    }
}
