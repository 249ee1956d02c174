//! Publication times as pages write them.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

use crate::DEFAULT_ZONE_HOURS;

/// Parses a publication time: RFC 3339 / ISO 8601 with or without an offset, the Jekyll form
/// `2023-11-01 10:22:00.000000000 +00:00`, `2023-11-01 00:15`, `2023/11/01 00:15`,
/// `2023年11月1日 00:15`, or a bare date. Without an offset the outlet zone (UTC+8) is assumed.
pub fn parse_published(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim().trim_matches('"');
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    for f in [
        "%Y-%m-%d %H:%M:%S%.f %:z",
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%dT%H:%M%:z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(d);
        }
    }
    let zone = FixedOffset::east_opt(DEFAULT_ZONE_HOURS * 3600)?;
    let normalized = s
        .replace(['/', '.', '年', '月'], "-")
        .replace(['日', 'T'], " ");
    let normalized = normalized.trim().trim_end_matches('Z');
    for f in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d  %H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(normalized, f) {
            return zone.from_local_datetime(&n).single();
        }
    }
    let n = NaiveDate::parse_from_str(normalized, "%Y-%m-%d").ok()?;
    zone.from_local_datetime(&n.and_hms_opt(0, 0, 0)?).single()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_of_the_corpus() {
        let p = |s| parse_published(s).map(|d| d.to_rfc3339());
        assert_eq!(
            p("2023-11-01 10:22:00.000000000 +00:00").as_deref(),
            Some("2023-11-01T10:22:00+00:00")
        );
        assert_eq!(
            p("2023-11-01 00:15").as_deref(),
            Some("2023-11-01T00:15:00+08:00")
        );
        assert_eq!(
            p("2023-10-29T10:59:00+01:00").as_deref(),
            Some("2023-10-29T10:59:00+01:00")
        );
        assert_eq!(
            p("2023年11月1日 00:15").as_deref(),
            Some("2023-11-01T00:15:00+08:00")
        );
        assert_eq!(
            p("2023-11-01").as_deref(),
            Some("2023-11-01T00:00:00+08:00")
        );
        assert_eq!(p("yesterday"), None);
    }
}
