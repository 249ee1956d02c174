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
}

pub(crate) struct Furniture {
    skip_classes: RegexSet,
    drop_blocks: RegexSet,
    strip_tails: Vec<Regex>,
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
            }
        }
    })
}

fn compile() -> Result<Furniture, String> {
    let raw: Raw = toml::from_str(FURNITURE).map_err(|e| e.to_string())?;
    let ci = |v: &[String]| v.iter().map(|p| format!("(?i){p}")).collect::<Vec<_>>();
    Ok(Furniture {
        skip_classes: RegexSet::new(ci(&raw.skip_classes)).map_err(|e| e.to_string())?,
        drop_blocks: RegexSet::new(ci(&raw.drop_blocks)).map_err(|e| e.to_string())?,
        strip_tails: ci(&raw.strip_tails)
            .iter()
            .map(|p| Regex::new(p).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?,
    })
}

/// True when an HTML element with this class or id attribute is furniture.
pub(crate) fn skip_class(attr: &str) -> bool {
    let f = furniture();
    attr.split_whitespace().any(|c| f.skip_classes.is_match(c))
}

/// Drops furniture blocks and cuts furniture tails, in place.
pub(crate) fn clean(blocks: &mut Vec<(BlockKind, String)>) {
    let f = furniture();
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
        !f.drop_blocks.is_match(fold.trim())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(blocks: &[&str]) -> Vec<String> {
        let mut b: Vec<_> = blocks
            .iter()
            .map(|s| (BlockKind::Paragraph, s.to_string()))
            .collect();
        clean(&mut b);
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
    }
}
