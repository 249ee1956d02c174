//! The times stage on short news-like paragraphs: what it finds and the values it gives.

use chrono::NaiveDate;
use jishi_doc::{
    Article, Block, BlockKind, DateSource, Doc, ReferenceDate, ReferenceSource, Span, Stage,
};
use jishi_times::{governing_date, TimeStage};

/// A document of the given paragraphs, read on `reference` (None: no publication date).
fn doc(paragraphs: &[&str], reference: Option<(i32, u32, u32)>) -> Doc {
    let mut doc = jishi_text::paragraphs_doc(Article::new("t"), paragraphs);
    doc.article.language = jishi_text::detect_language(&doc.text);
    if let Some((y, m, d)) = reference {
        doc.article.reference_date = ReferenceDate {
            value: NaiveDate::from_ymd_opt(y, m, d),
            source: ReferenceSource::Published,
        };
    }
    TimeStage::new().expect("the data loads").process(&mut doc);
    doc
}

fn values(doc: &Doc) -> Vec<(String, String)> {
    doc.times
        .iter()
        .map(|t| {
            let v = match &t.end_value {
                Some(e) => format!("{}/{}", t.value, e),
                None => t.value.clone(),
            };
            (doc.slice(t.span).to_string(), v)
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn absolute_dates_in_both_scripts_and_all_numerals() {
    let d = doc(
        &["二〇二三年十月三十日晚，代表團抵達；廿六日下午3點半會談，2024年1月起實施，民國112年與113年度預算。"],
        Some((2023, 11, 1)),
    );
    assert_eq!(
        values(&d),
        pairs(&[
            ("二〇二三年十月三十日晚", "2023-10-30TEV"),
            ("廿六日下午3點半", "2023-10-26T15:30"),
            ("2024年1月起", "2024-01/FUTURE_REF"),
            ("民國112年", "2023"),
            ("113年度", "2024"),
        ])
    );
}

#[test]
fn day_only_dates_look_back_unless_the_clause_speaks_of_the_future() {
    let d = doc(
        &["外長28日抵達，雙方將於3日舉行會談，同日發表聲明。"],
        Some((2023, 11, 1)),
    );
    assert_eq!(
        values(&d),
        pairs(&[
            ("28日", "2023-10-28"),
            ("3日", "2023-11-03"),
            ("同日", "2023-11-03")
        ])
    );
}

#[test]
fn relative_words_resolve_against_the_reference_date() {
    let d = doc(&["论坛昨天闭幕，今天凌晨下雨，上月与去年都有会谈，明年再办，上周三他到访，本周五将出发。"], Some((2023, 11, 1)));
    assert_eq!(
        values(&d),
        pairs(&[
            ("昨天", "2023-10-31"),
            ("今天凌晨", "2023-11-01TMO"),
            ("上月", "2023-10"),
            ("去年", "2022"),
            ("明年", "2024"),
            ("上周三", "2023-10-25"),
            ("本周五", "2023-11-03"),
        ])
    );
}

#[test]
fn weekdays_read_back_for_news_and_forward_for_plans() {
    let d = doc(&["他周一抵达，并将在周五发表演讲。"], Some((2023, 11, 1)));
    assert_eq!(
        values(&d),
        pairs(&[("周一", "2023-10-30"), ("周五", "2023-11-03")])
    );
}

#[test]
fn ranges_durations_since_and_local_time() {
    let d = doc(
        &["论坛10月29日至31日举行，时隔四年，三天会期；2023年以来，当地时间10月5日，每年一次，75周年。"],
        Some((2023, 11, 1)),
    );
    assert_eq!(
        values(&d),
        pairs(&[
            ("10月29日至31日", "2023-10-29/2023-10-31"),
            ("四年", "P4Y"),
            ("三天", "P3D"),
            ("2023年以来", "2023/PRESENT_REF"),
            ("当地时间10月5日", "2023-10-05"),
            ("每年", "P1Y"),
            ("75周年", "P75Y"),
        ])
    );
}

#[test]
fn numbers_that_are_not_times_are_left_alone() {
    let d = doc(
        &["第十届论坛提出三点要求，五点共识，3号线与1号文件，占比12.5%，他出现在会场。"],
        Some((2023, 11, 1)),
    );
    assert_eq!(values(&d), pairs(&[]));
}

#[test]
fn without_a_reference_date_relative_values_stay_unresolved() {
    let d = doc(&["他昨天说，10月30日与26日的会谈都在2023年。"], None);
    assert_eq!(d.article.reference_date.source, ReferenceSource::None);
    assert_eq!(
        values(&d),
        pairs(&[
            ("昨天", "XXXX-XX-XX"),
            ("10月30日", "XXXX-10-30"),
            ("26日", "XXXX-XX-26"),
            ("2023年", "2023")
        ])
    );
}

#[test]
fn the_wire_dateline_gives_agency_place_and_day() {
    let cases = [
        (
            "（中央社記者王揚宇台北3日電）國防部今天表示。",
            "中央社",
            Some("台北"),
            3,
            None,
        ),
        (
            "（路透社華盛頓5日電）美國國務院說。",
            "路透社",
            Some("華盛頓"),
            5,
            None,
        ),
        (
            "【共同社杭州10月1日电】亚运会开幕。",
            "共同社",
            Some("杭州"),
            1,
            Some(10),
        ),
        (
            "（中央社記者陳家倫、張淑伶台北2日電）",
            "中央社",
            Some("台北"),
            2,
            None,
        ),
        (
            "（中央社台中15日電）台中市政府說。",
            "中央社",
            Some("台中"),
            15,
            None,
        ),
    ];
    for (text, agency, place, day, month) in cases {
        let d = doc(&[text], Some((2023, 10, 20)));
        let dl = d
            .dateline
            .as_ref()
            .unwrap_or_else(|| panic!("no dateline in {text}"));
        assert_eq!(dl.agency.as_deref(), Some(agency), "{text}");
        assert_eq!(dl.place.as_deref(), place, "{text}");
        assert_eq!(dl.place_span.map(|s| d.slice(s)), place, "{text}");
        assert_eq!((dl.day, dl.month), (Some(day), month), "{text}");
    }
    assert!(doc(
        &["（德国之声中文网）德国联邦议院周三表决。"],
        Some((2023, 10, 20))
    )
    .dateline
    .is_none());
}

#[test]
fn a_dateline_sets_the_reference_when_there_is_no_publication_date() {
    let mut d = Doc::new(
        Article::new("t"),
        "（中央社記者王揚宇台北3日電）國防部昨天表示。".to_string(),
    );
    d.blocks.push(Block {
        kind: BlockKind::Paragraph,
        span: Span::new(0, d.text.len()),
    });
    d.article.url = Some("https://www.cna.com.tw/news/aipl/202311030123.aspx".into());
    jishi_text::TextStage.process(&mut d);
    TimeStage::new().expect("the data loads").process(&mut d);
    assert_eq!(d.article.reference_date.source, ReferenceSource::Dateline);
    assert_eq!(
        values(&d),
        pairs(&[("3日", "2023-11-03"), ("昨天", "2023-11-02")])
    );
}

#[test]
fn the_governing_date_comes_from_the_clause_then_sentence_story_dateline_and_publication() {
    let d = doc(
        &[
            "（中央社記者王揚宇台北1日電）10月30日晚，論壇舉行研討會，雙方簡短交流。",
            "他26日會見外長，隨後舉行會談。兩軍保持溝通，一年來沒有變化。",
        ],
        Some((2023, 11, 1)),
    );
    let at = |w: &str| {
        let i = d.text.find(w).expect("word in text");
        Span::new(i, i + w.len())
    };
    assert_eq!(
        governing_date(&d, at("研討會")),
        (Some("2023-10-30".into()), DateSource::Sentence)
    );
    assert_eq!(
        governing_date(&d, at("會見")),
        (Some("2023-10-26".into()), DateSource::Clause)
    );
    assert_eq!(
        governing_date(&d, at("舉行會談")),
        (Some("2023-10-26".into()), DateSource::Sentence)
    );
    // a duration does not date anything: the story's anchor does
    assert_eq!(
        governing_date(&d, at("溝通")),
        (Some("2023-10-30".into()), DateSource::Story)
    );

    let plain = doc(
        &["（中央社記者王揚宇台北1日電）國防部發表聲明。"],
        Some((2023, 11, 1)),
    );
    let i = plain.text.find("聲明").expect("word");
    assert_eq!(
        governing_date(&plain, Span::new(i, i + 6)),
        (Some("2023-11-01".into()), DateSource::Dateline)
    );
    let bare = doc(&["國防部發表聲明。"], Some((2023, 11, 1)));
    assert_eq!(
        governing_date(&bare, Span::new(0, 6)),
        (Some("2023-11-01".into()), DateSource::Published)
    );
    let nothing = doc(&["國防部發表聲明。"], None);
    assert_eq!(
        governing_date(&nothing, Span::new(0, 6)),
        (None, DateSource::None)
    );
}

#[test]
fn wire_copy_filed_the_day_before_counts_from_its_dateline() {
    // filed in New York on the 4th, published in Taipei on the 5th
    let d = doc(
        &["（中央社紐約4日綜合外電報導）國際油價今天下跌，昨天持平。"],
        Some((2023, 10, 5)),
    );
    assert_eq!(
        values(&d),
        pairs(&[
            ("4日", "2023-10-04"),
            ("今天", "2023-10-04"),
            ("昨天", "2023-10-03")
        ])
    );
}

#[test]
fn words_that_only_look_like_times_are_read_in_context() {
    let d = doc(
        &["他當年說過。圖為17日晚間警方將球員帶走。這次年會舉行，台股升21點。樂團五月天開唱，5日線失守。"],
        Some((2023, 11, 21)),
    );
    assert_eq!(
        values(&d),
        pairs(&[("當年", "PAST_REF"), ("17日晚間", "2023-11-17TEV")])
    );
}

#[test]
fn a_date_in_brackets_fixes_its_weekday_and_taiwan_keeps_its_own_national_day() {
    let d = doc(&["貝爾博克周一（9日）將與外長會談。"], Some((2023, 10, 10)));
    assert_eq!(
        values(&d),
        pairs(&[("周一", "2023-10-09"), ("9日", "2023-10-09")])
    );
    let after = doc(&["峰會將於11月15日（星期三）舉行。"], Some((2023, 11, 1)));
    assert_eq!(
        values(&after),
        pairs(&[("11月15日", "2023-11-15"), ("星期三", "2023-11-15")])
    );
    let tw = doc(
        &["（中央社記者王揚宇台北5日電）國慶連假將至。"],
        Some((2023, 10, 5)),
    );
    assert_eq!(
        values(&tw),
        pairs(&[("5日", "2023-10-05"), ("國慶", "2023-10-10")])
    );
    let hk = doc(&["國慶連假將至。"], Some((2023, 9, 25)));
    assert_eq!(values(&hk), pairs(&[("國慶", "2023-10-01")]));
}

#[test]
fn lists_of_days_share_their_month_and_points_are_not_clocks() {
    let d = doc(
        &["首脑会议定于12月1、2日举行，他就这一点进行了论证，军队周四早些时候发动攻击。"],
        Some((2023, 11, 3)),
    );
    assert_eq!(
        values(&d),
        pairs(&[
            ("12月1", "2023-12-01"),
            ("2日", "2023-12-02"),
            ("周四", "2023-11-02")
        ])
    );
}

#[test]
fn lunar_dates_terms_and_spans_with_now() {
    let d = doc(
        &["农历正月十五元宵节，今年中秋节前后，2024年冬至；年底前完成，去年9月起实施，近三年来增长，3年以后再议。"],
        Some((2023, 11, 1)),
    );
    assert_eq!(
        values(&d),
        pairs(&[
            ("农历正月十五", "2023-02-05"),
            ("元宵节", "2023-02-05"),
            ("今年中秋节", "2023-09-29"),
            ("2024年冬至", "2024-12-21"),
            ("年底前", "PRESENT_REF/2023"),
            ("去年9月起", "2022-09/PRESENT_REF"),
            ("近三年", "2020-11-01/PRESENT_REF"),
            ("3年以后", "2026/FUTURE_REF"),
        ])
    );
}
