//! Examples: sentences in, the events they report out.

use chrono::NaiveDate;
use jishi_doc::{Article, Doc, Stage};

use super::*;

fn analyse(paragraphs: &[&str]) -> Doc {
    let mut article = Article::new("t");
    article.reference_date.value = NaiveDate::from_ymd_opt(2023, 10, 28);
    article.reference_date.source = jishi_doc::ReferenceSource::Published;
    let mut doc = jishi_text::paragraphs_doc(article, paragraphs);
    jishi_words::WordStage::new().unwrap().process(&mut doc);
    jishi_entities::EntityStage::new()
        .unwrap()
        .process(&mut doc);
    jishi_times::TimeStage::new().unwrap().process(&mut doc);
    jishi_quotes::QuoteStage::new().unwrap().process(&mut doc);
    jishi_actors::ActorStage::new().unwrap().process(&mut doc);
    EventStage::new().unwrap().process(&mut doc);
    doc
}

/// An event as a line: `TYPE source -> target [neg] [intended] date`.
fn show(doc: &Doc, e: &Event) -> String {
    let side = |ps: &[Participant]| {
        ps.iter()
            .map(|p| match p.entity {
                Some(i) => doc.entities[i].name.clone(),
                None => p.code.clone().unwrap_or_default(),
            })
            .collect::<Vec<_>>()
            .join("+")
    };
    let mut s = format!("{} {} -> {}", e.kind, side(&e.source), side(&e.target));
    if e.negated {
        s.push_str(" neg");
    }
    if e.modality != Modality::Asserted {
        s.push_str(&format!(" {}", e.modality.as_str()));
    }
    if let Some(d) = &e.date {
        s.push_str(&format!(" {d}"));
    }
    s
}

fn events(paragraphs: &[&str]) -> Vec<String> {
    let doc = analyse(paragraphs);
    doc.events.iter().map(|e| show(&doc, e)).collect()
}

#[test]
fn talks_with_a_partner() {
    assert_eq!(
        events(&["中央军委副主席何卫东10月28日同越南国防部长潘文江举行会谈。"]),
        vec!["CONSULT 何卫东 -> 潘文江 2023-10-28"]
    );
}

#[test]
fn talks_with_each_of_a_list_are_separate_events_traditional() {
    assert_eq!(
        events(&["中央軍委副主席張又俠在北京分別同老撾副總理兼國防部長占沙蒙、蒙古國國防部長賽汗巴亞爾會談。"]),
        vec![
            "CONSULT 張又俠 -> 占沙蒙 2023-10-28",
            "CONSULT 張又俠 -> 賽汗巴亞爾 2023-10-28"
        ]
    );
}

#[test]
fn a_meeting_has_a_subject_and_an_object() {
    let doc = analyse(&["国家主席习近平在北京会见美国国务卿布林肯。"]);
    assert_eq!(
        show(&doc, &doc.events[0]),
        "CONSULT 习近平 -> 布林肯 2023-10-28"
    );
    let beijing = doc.events[0]
        .location
        .map(|l| doc.entities[l].name.as_str());
    assert_eq!(beijing, Some("北京"));
}

#[test]
fn group_references_are_actor_codes() {
    assert_eq!(
        events(&["中方敦促美方停止对台军售。"]),
        vec!["REQUEST CHN -> USA 2023-10-28"]
    );
}

#[test]
fn gifts_go_toward_the_receiver() {
    assert_eq!(
        events(&["何雷向卡莱斯赠送了两枚臂章。"]),
        vec!["SUPPORT 何雷 -> 卡莱斯 2023-10-28"]
    );
}

#[test]
fn not_attending_is_a_negated_meeting_in_both_scripts() {
    assert_eq!(
        events(&["美國國防部長奧斯汀這次沒有到北京參加香山論壇。"]),
        vec!["CONSULT 奧斯汀 -> CHN neg 2023-10-28"]
    );
}

#[test]
fn a_wish_to_visit_is_intended() {
    let out = events(&["俄罗斯总统普京计划访问朝鲜。"]);
    assert_eq!(out, vec!["CONSULT 普京 -> 朝鲜 intended 2023-10-28"]);
}

#[test]
fn the_passive_turns_the_sides_round() {
    assert_eq!(
        events(&["这家中国公司被美国制裁。"])
            .iter()
            .filter(|e| e.starts_with("SANCTION"))
            .count(),
        1
    );
    let doc = analyse(&["乌克兰被俄罗斯入侵。"]);
    assert_eq!(
        show(&doc, &doc.events[0]),
        "ASSAULT 俄罗斯 -> 乌克兰 2023-10-28"
    );
}

#[test]
fn a_request_inside_someones_words_is_theirs() {
    assert_eq!(
        events(&["外交部发言人毛宁表示，美方应停止向台湾出售武器。"]),
        vec!["REQUEST 毛宁 -> USA 2023-10-28"]
    );
}

#[test]
fn the_same_meeting_twice_is_one_event_with_two_mentions() {
    let doc = analyse(&[
        "布林肯同王毅举行会谈。",
        "王毅在同布林肯会谈时表示，双方应保持沟通。",
    ]);
    let consult: Vec<&Event> = doc.events.iter().filter(|e| e.kind == "CONSULT").collect();
    assert_eq!(consult.len(), 1);
    assert_eq!(consult[0].mentions.len(), 1);
    assert!(explain(&doc, consult[0]).contains("pattern with[同]:举行会谈"));
}

#[test]
fn accusations_name_who_is_blamed() {
    assert_eq!(
        events(&["中国外交部谴责日本排放核污染水。"]),
        vec!["ACCUSE 中国外交部 -> 日本 2023-10-28"]
    );
}

#[test]
fn both_sides_are_the_sides_of_the_last_meeting() {
    assert_eq!(
        events(&["布林肯同王毅举行会谈。双方同意保持沟通。"]),
        vec![
            "CONSULT 布林肯 -> 王毅 2023-10-28",
            "AGREE 布林肯 -> 王毅 2023-10-28"
        ]
    );
}

#[test]
fn a_relative_clause_names_the_one_supported() {
    assert_eq!(
        events(&["黎巴嫩受到伊朗支持的真主党发动了袭击。"])
            .into_iter()
            .filter(|e| e.starts_with("SUPPORT"))
            .collect::<Vec<_>>(),
        vec!["SUPPORT 伊朗 -> 真主党 2023-10-28"]
    );
}

#[test]
fn a_denial_is_negated() {
    assert_eq!(
        events(&["中方並未譴責哈瑪斯。"]),
        vec!["ACCUSE CHN -> 哈瑪斯 neg 2023-10-28"]
    );
}

#[test]
fn explain_names_the_pattern_the_words_and_the_data_line() {
    let doc = analyse(&["美国防长奥斯汀今天没有出席北京香山论坛。"]);
    let e = doc.events.first().expect("an event");
    let text = explain(&doc, e);
    assert!(text.contains("pattern attend:出席"), "{text}");
    assert!(text.contains("data/events/triggers.tsv line"), "{text}");
    assert!(text.contains("negated by «没有»"), "{text}");
}

#[test]
fn a_capital_acting_is_its_government() {
    assert_eq!(
        events(&["北京谴责华盛顿。"]),
        vec!["ACCUSE 北京 -> 华盛顿 2023-10-28"]
    );
    let doc = analyse(&["北京谴责华盛顿。"]);
    assert_eq!(doc.events[0].source[0].code.as_deref(), Some("CHN-GOV"));
    let doc = analyse(&["新德里要求渥太华撤回外交官。"]);
    let codes: Vec<_> = doc.events[0]
        .source
        .iter()
        .chain(&doc.events[0].target)
        .map(|p| p.code.as_deref())
        .collect();
    assert_eq!(codes, vec![Some("IND-GOV"), Some("CAN-GOV")]);
    // a capital after 首都 or before 警方 is a place, not a government
    let got = events(&["在伊朗首都德黑兰，示威者高呼口号。"]);
    assert!(got.iter().all(|e| !e.contains("德黑兰 ->")), "{got:?}");
}

#[test]
fn an_actor_governed_by_a_preposition_is_not_the_doer() {
    // 对以色列: 以色列 is acted on; the doer is the subject of the clause before
    let got = events(&["真主党已做好准备，将对以色列进行干预，以支持巴勒斯坦人。"]);
    assert!(
        got.iter().all(|e| !e.starts_with("SUPPORT 以色列")),
        "{got:?}"
    );
}

#[test]
fn a_clause_after_a_verb_of_blaming_or_saying_has_its_own_doer() {
    let got = events(&["德国政府谴责俄罗斯袭击乌克兰。"]);
    assert!(
        got.contains(&"ASSAULT 俄罗斯 -> 乌克兰 2023-10-28".to_string()),
        "{got:?}"
    );
    // a prepositional phrase after the verb is no doer: 英国 still deploys
    let got = events(&["英国宣布向以色列和埃及部署海军陆战队。"]);
    assert!(got.iter().all(|e| !e.contains("埃及 ->")), "{got:?}");
}
