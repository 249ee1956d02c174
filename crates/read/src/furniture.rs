//! Site furniture, from `data/read/furniture.toml`: patterns for blocks to drop, tails to cut and
//! HTML classes to skip.

use std::sync::OnceLock;

use jishi_doc::BlockKind;
use regex::{Regex, RegexSet};

const FURNITURE: &str = include_str!("../../../data/read/furniture.toml");

#[derive(serde::Deserialize)]
struct Raw {
    skip_classes: Vec<String>,
    drop_blocks: Vec<String>,
    strip_tails: Vec<String>,
    byline_blocks: Vec<String>,
    byline_roles: String,
}

pub(crate) struct Furniture {
    skip_classes: RegexSet,
    drop_blocks: RegexSet,
    strip_tails: Vec<Regex>,
    byline_blocks: Vec<Regex>,
    byline_roles: Option<Regex>,
}

/// The compiled patterns. The file is part of the binary, so a bad pattern is a build defect
/// that the tests catch; it is reported and the pattern set left empty rather than panicking.
pub(crate) fn furniture() -> &'static Furniture {
    static F: OnceLock<Furniture> = OnceLock::new();
    F.get_or_init(|| match compile() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("jishi: data/read/furniture.toml: {e}");
            Furniture {
                skip_classes: RegexSet::empty(),
                drop_blocks: RegexSet::empty(),
                strip_tails: Vec::new(),
                byline_blocks: Vec::new(),
                byline_roles: None,
            }
        }
    })
}

fn compile() -> Result<Furniture, String> {
    let raw: Raw = toml::from_str(FURNITURE).map_err(|e| e.to_string())?;
    let ci = |v: &[String]| v.iter().map(|p| format!("(?i){p}")).collect::<Vec<_>>();
    let regexes = |v: &[String]| {
        ci(v)
            .iter()
            .map(|p| Regex::new(p).map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()
    };
    Ok(Furniture {
        skip_classes: RegexSet::new(ci(&raw.skip_classes)).map_err(|e| e.to_string())?,
        drop_blocks: RegexSet::new(ci(&raw.drop_blocks)).map_err(|e| e.to_string())?,
        strip_tails: regexes(&raw.strip_tails)?,
        byline_blocks: regexes(&raw.byline_blocks)?,
        byline_roles: Some(Regex::new(&raw.byline_roles).map_err(|e| e.to_string())?),
    })
}

/// True when an HTML element with this class or id attribute is furniture.
pub(crate) fn skip_class(attr: &str) -> bool {
    let f = furniture();
    attr.split_whitespace().any(|c| f.skip_classes.is_match(c))
}

/// True when a short line names a reporter's role (`BBC中文记者`).
pub(crate) fn is_byline_role(line: &str) -> bool {
    let fold = jishi_text::fold(line.trim());
    fold.chars().count() <= 20
        && furniture()
            .byline_roles
            .as_ref()
            .is_some_and(|re| re.is_match(&fold))
}

/// Drops furniture blocks and cuts furniture tails, in place; returns the byline a block gave.
pub(crate) fn clean(blocks: &mut Vec<(BlockKind, String)>) -> Option<String> {
    let f = furniture();
    let mut byline = None;
    blocks.retain_mut(|(_, text)| {
        let mut fold = jishi_text::fold(text);
        for re in &f.strip_tails {
            if let Some(m) = re.find(&fold) {
                if m.start() > 0 {
                    text.truncate(m.start());
                    fold.truncate(m.start());
                }
            }
        }
        let trimmed = fold.trim();
        if let Some(c) = f.byline_blocks.iter().find_map(|re| re.captures(trimmed)) {
            if let Some(m) = c.get(1) {
                let start = fold.len() - fold.trim_start().len() + m.start();
                let end = start + m.len();
                byline.get_or_insert_with(|| text[start..end].trim().to_string());
            }
            return false;
        }
        !f.drop_blocks.is_match(trimmed)
    });
    byline
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(blocks: &[&str]) -> Vec<String> {
        let mut b: Vec<_> = blocks
            .iter()
            .map(|s| (BlockKind::Paragraph, s.to_string()))
            .collect();
        let _ = clean(&mut b);
        b.into_iter().map(|(_, s)| s).collect()
    }

    #[test]
    fn the_data_file_compiles() {
        compile().unwrap();
    }

    #[test]
    fn editor_lines_and_codes_go_datelines_stay() {
        assert_eq!(
            cleaned(&[
                "（中央社記者吳哲豪彰化3日電）彰化縣政府交通處今天發布新聞稿。",
                "不用再兩邊跑。（編輯：陳仁華）1121003"
            ]),
            [
                "（中央社記者吳哲豪彰化3日電）彰化縣政府交通處今天發布新聞稿。",
                "不用再兩邊跑。"
            ]
        );
        assert_eq!(
            cleaned(&["（編輯：張淑伶/楊昇儒）1121101"]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn link_blocks_sources_and_stamps_go() {
        let kept = cleaned(&[
            "更多阅读：中国产“地沟油”燃料涉嫌造假？",
            "来源 : 半岛电视台",
            "2023年10月2日09:00 CST 更新",
            "29/10/2023 - 10:59",
            "© 2023年德国之声版权声明",
            "正文。（完）",
        ]);
        assert_eq!(kept, ["正文。"]);
        let kept = cleaned(&[
            "你的器材不支持播放多媒体材料",
            "23 分钟前",
            "（中央社製圖）",
            "摘编自其他媒体的内容，不代表德国之声的立场或观点。",
            "~. Fin .~",
            "（本文来自道琼斯通讯社）",
            "看更多",
        ]);
        assert_eq!(kept, Vec::<String>::new());
    }

    #[test]
    fn an_author_block_becomes_the_byline() {
        let mut b = vec![
            (BlockKind::Paragraph, "正文。".to_string()),
            (BlockKind::Paragraph, "作者： 艾米".to_string()),
        ];
        assert_eq!(clean(&mut b).as_deref(), Some("艾米"));
        assert_eq!(b.len(), 1);
    }
}
