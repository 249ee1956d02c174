//! Encodings: byte-order marks, UTF-8, and a statistical guess (GB18030/GBK, Big5, …) for the rest.

use encoding_rs::{Encoding, BIG5, GB18030, UTF_16LE, UTF_8};

use crate::ReadErrorKind;

/// A decoded text and the name of the encoding it was found in.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// `utf-8`, `utf-16le`, `utf-16be`, `gb18030`, `big5`, … (lower case, WHATWG names).
    pub encoding: &'static str,
}

/// Decodes bytes whose encoding is not declared: BOM first, then strict UTF-8, then the most
/// likely legacy encoding. Binary data and text that does not decode cleanly are errors.
pub fn decode(bytes: &[u8]) -> Result<Decoded, ReadErrorKind> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let name = if enc == UTF_8 {
            "utf-8"
        } else if enc == UTF_16LE {
            "utf-16le"
        } else {
            "utf-16be"
        };
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(ReadErrorKind::Undecodable(name.into()));
        }
        return checked(text.into_owned(), name);
    }
    if looks_binary(bytes) {
        return Err(ReadErrorKind::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => return checked(s.to_string(), "utf-8"),
        // UTF-8 cut off in the middle of its last character (a truncated download, `head -c`):
        // the text up to there, not a guess at another encoding
        Err(e) if e.error_len().is_none() && e.valid_up_to() > 0 => {
            let text = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            return checked(text, "utf-8");
        }
        Err(_) => {}
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let guess = det.guess(None, true);
    // GB18030 is a superset of GBK and GB2312: decode with it, whatever the guess's name.
    let enc = if guess.name() == "GBK" {
        GB18030
    } else {
        guess
    };
    let mut tried = Vec::new();
    for candidate in [enc, GB18030, BIG5] {
        let name = candidate.name().to_ascii_lowercase();
        if tried.contains(&name) {
            continue;
        }
        let (text, had_errors) = candidate.decode_without_bom_handling(bytes);
        if !had_errors {
            return checked(text.into_owned(), leak_name(candidate));
        }
        tried.push(name);
    }
    Err(ReadErrorKind::Undecodable(tried.join(", ")))
}

fn leak_name(enc: &'static Encoding) -> &'static str {
    // encoding names are 'static; lower-case the common ones without allocating
    match enc.name() {
        "GB18030" => "gb18030",
        "Big5" => "big5",
        "Shift_JIS" => "shift_jis",
        "EUC-KR" => "euc-kr",
        "windows-1252" => "windows-1252",
        "UTF-8" => "utf-8",
        other => other,
    }
}

/// NUL bytes or many control characters: not a text article (UTF-16 without a BOM included,
/// which no archive we know of writes).
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 20 > sample.len().max(1)
}

fn checked(text: String, encoding: &'static str) -> Result<Decoded, ReadErrorKind> {
    let controls = text
        .chars()
        .take(8192)
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if controls * 20 > text.chars().take(8192).count().max(1) {
        return Err(ReadErrorKind::Binary);
    }
    Ok(Decoded { text, encoding })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "中國國防部新聞發言人吳謙26日表示，北京香山論壇是一個很好的平台。";
    const SIMPLE: &str =
        "中国国防部新闻发言人吴谦26日表示，北京香山论坛是一个很好的平台，让大家能够相互接触。";

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(SAMPLE.as_bytes()).unwrap().encoding, "utf-8");
        let mut b = vec![0xef, 0xbb, 0xbf];
        b.extend_from_slice(SAMPLE.as_bytes());
        let d = decode(&b).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "utf-8"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xff, 0xfe];
        le.extend(SAMPLE.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let d = decode(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "utf-16le"));
        let mut be = vec![0xfe, 0xff];
        be.extend(SAMPLE.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap().encoding, "utf-16be");
    }

    #[test]
    fn gbk_and_big5_are_detected() {
        let (gbk, _, _) = GB18030.encode(SIMPLE);
        let d = decode(&gbk).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (SIMPLE, "gb18030"));
        let (big5, _, _) = BIG5.encode(SAMPLE);
        let d = decode(&big5).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "big5"));
    }

    #[test]
    fn utf8_cut_inside_its_last_character_is_still_utf8() {
        let cut = &SIMPLE.as_bytes()[..SIMPLE.len() - 1];
        let d = decode(cut).unwrap();
        assert_eq!(d.encoding, "utf-8");
        assert_eq!(d.text, SIMPLE.strip_suffix('。').unwrap());
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(
            decode(&[0x89, b'P', b'N', b'G', 0, 0, 0, 13]),
            Err(ReadErrorKind::Binary)
        ));
    }
}
