//! Plain text: an optional title line, then paragraphs (blank-line separated, or one a line).

use jishi_doc::BlockKind;

use crate::Draft;

/// Longest first line taken as a title, in characters.
const TITLE_MAX: usize = 60;

pub(crate) fn read(text: &str) -> Draft {
    let mut draft = Draft::default();
    let text = text.trim_start_matches('\u{feff}');
    let blank_separated = text.contains("\n\n") || text.contains("\r\n\r\n");
    let mut paragraphs: Vec<String> = if blank_separated {
        text.split("\n\n")
            .flat_map(|p| p.split("\r\n\r\n"))
            .map(|p| p.lines().map(str::trim).collect::<Vec<_>>().join(""))
            .collect()
    } else {
        text.lines().map(|l| l.trim().to_string()).collect()
    };
    paragraphs.retain(|p| !p.is_empty());
    // a short first line without sentence punctuation, followed by more text, is the title
    if paragraphs.len() > 1 {
        let first = &paragraphs[0];
        let n = first.chars().count();
        if n <= TITLE_MAX && !first.ends_with(['。', '！', '？', '.', '!', '?', '；', '，', ','])
        {
            draft.title = Some(paragraphs.remove(0));
        }
    }
    for p in &paragraphs {
        draft.push(BlockKind::Paragraph, p);
    }
    draft
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_then_paragraphs() {
        let d = read("張又俠會談\n\n第一段。\n第一段續。\n\n第二段。");
        assert_eq!(d.title.as_deref(), Some("張又俠會談"));
        assert_eq!(d.blocks.len(), 2);
        assert_eq!(d.blocks[0].1, "第一段。第一段續。");
    }

    #[test]
    fn one_paragraph_a_line_without_a_title() {
        let d = read("第一段。\n第二段。\n");
        assert_eq!(d.title, None);
        assert_eq!(d.blocks.len(), 2);
    }
}
