//! Examples: an article in, the actor codes out.

use jishi_doc::{Article, Doc, Span, Stage};

use super::*;

fn analyse(outlet: Option<&str>, paragraphs: &[&str]) -> Doc {
    let mut article = Article::new("t");
    article.outlet = outlet.map(str::to_string);
    article.reference_date.value = NaiveDate::from_ymd_opt(2023, 11, 1);
    let mut doc = jishi_text::paragraphs_doc(article, paragraphs);
    jishi_words::WordStage::new().unwrap().process(&mut doc);
    jishi_entities::EntityStage::new()
        .unwrap()
        .process(&mut doc);
    ActorStage::new().unwrap().process(&mut doc);
    doc
}

fn code(doc: &Doc, name: &str) -> Option<String> {
    doc.entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name}: {:?}", doc.entities))
        .actor
        .as_ref()
        .and_then(Actor::code)
}

#[test]
fn ministries_take_the_country_in_their_name() {
    let doc = analyse(None, &["美国国防部和中國國防部都发表了声明。"]);
    assert_eq!(code(&doc, "美国国防部").as_deref(), Some("USA-MIL"));
    assert_eq!(code(&doc, "中國國防部").as_deref(), Some("CHN-MIL"));
}

#[test]
fn a_bare_ministry_in_taiwanese_copy_is_taiwans() {
    let doc = analyse(Some("cna"), &["國防部今天表示，共機持續擾台。"]);
    assert_eq!(code(&doc, "國防部").as_deref(), Some("TWN-MIL"));
}

#[test]
fn people_take_country_and_sector_from_the_title_in_front_of_them() {
    let doc = analyse(None, &["老挝副总理兼国防部长占沙蒙来华访问。"]);
    assert_eq!(code(&doc, "占沙蒙").as_deref(), Some("LAO-MIL"));
}

#[test]
fn the_dictionary_knows_office_holders_in_both_scripts() {
    let doc = analyse(None, &["布林肯与王毅举行会谈。"]);
    assert_eq!(code(&doc, "布林肯").as_deref(), Some("USA-GOV"));
    assert_eq!(code(&doc, "王毅").as_deref(), Some("CHN-GOV"));
    let actors = Actors::load().unwrap();
    let d = NaiveDate::from_ymd_opt(2023, 11, 1);
    assert_eq!(
        actors.lookup("習近平", d).map(|e| e.country.as_deref()),
        Some(Some("CHN"))
    );
    // a role held at the article's date wins over an earlier one
    let d2015 = NaiveDate::from_ymd_opt(2015, 6, 1);
    assert_eq!(
        actors.lookup("李克强", d2015).map(|e| e.role.as_str()),
        Some("国务院总理")
    );
}

#[test]
fn international_organizations_and_their_officers_are_igo() {
    let doc = analyse(None, &["联合国秘书长古特雷斯呼吁停火，北约表示关切。"]);
    assert_eq!(code(&doc, "北约").as_deref(), Some("IGO-MIL"));
    assert_eq!(code(&doc, "古特雷斯").as_deref(), Some("IGO-GOV"));
}

#[test]
fn a_name_that_begins_with_a_country_character_is_not_that_country() {
    // 法 (France), 英 (Britain) and 德 (Germany) open these names by chance
    let doc = analyse(
        None,
        &["法塔赫发表声明。德勤发布报告。美国防部长奥斯汀会见了美防长的顾问。"],
    );
    assert_ne!(
        code(&doc, "法塔赫").as_deref().map(|c| &c[..3]),
        Some("FRA")
    );
    let actors = Actors::load().unwrap();
    assert_eq!(actors.country_in("德勤公司"), None);
    assert_eq!(
        actors.country_in("美防长").map(|(_, c)| c).as_deref(),
        Some("USA")
    );
    assert_eq!(
        actors.country_in("美军").map(|(_, c)| c).as_deref(),
        Some("USA")
    );
    assert_eq!(
        actors.country_in("俄外长").map(|(_, c)| c).as_deref(),
        Some("RUS")
    );
}

#[test]
fn an_outlet_in_quote_marks_after_a_media_word_is_news_media_of_the_country_before() {
    let doc = analyse(
        None,
        &["據中國官方新媒體「長安街知事」報導，會議已經結束。"],
    );
    assert_eq!(code(&doc, "長安街知事").as_deref(), Some("CHN-JRN"));
}

#[test]
fn a_foreign_name_in_full_takes_the_country_its_last_part_has_in_the_dictionary() {
    let doc = analyse(None, &["本雅明·内塔尼亚胡领导下的政府宣布了新计划。"]);
    let code = code(&doc, "本雅明·内塔尼亚胡");
    assert!(
        code.as_deref().is_some_and(|c| c.starts_with("ISR")),
        "{code:?}"
    );
}

#[test]
fn sectors_come_from_cue_words() {
    let a = Actors::load().unwrap();
    assert_eq!(a.sector_of("外交部发言人", false).as_deref(), Some("GOV"));
    assert_eq!(a.sector_of("澎湃新闻记者", false).as_deref(), Some("JRN"));
    assert_eq!(
        a.sector_of("斯德哥尔摩国际和平研究所", true).as_deref(),
        Some("EDU")
    );
    assert_eq!(a.sector_of("中共中央军委", true).as_deref(), Some("MIL"));
    assert_eq!(a.sector_of("最高法院", true).as_deref(), Some("JUD"));
    assert_eq!(a.sector_of("路透社", true).as_deref(), Some("JRN"));
    assert_eq!(a.sector_of("社会", false), None);
}

#[test]
fn group_references_become_codes() {
    let doc = analyse(None, &["中方敦促美方停止炒作，中美两军应加强沟通。"]);
    let a = Actors::load().unwrap();
    let all = Span::new(0, doc.text.len());
    let groups = a.groups_in(&doc, all, None);
    let codes: Vec<Vec<String>> = groups.iter().map(|g| g.codes.clone()).collect();
    assert_eq!(
        codes,
        vec![
            vec!["CHN".to_string()],
            vec!["USA".to_string()],
            vec!["CHN-MIL".to_string(), "USA-MIL".to_string()]
        ]
    );
}

#[test]
fn a_description_stands_for_the_entity_named_before() {
    let doc = analyse(
        None,
        &["美国防长奥斯汀没有出席。这位防长此前多次表示愿意通话。"],
    );
    let a = Actors::load().unwrap();
    let second = doc.text.rfind("这位防长").unwrap();
    let span = Span::new(second, second + "这位防长".len());
    let austin = doc.entities.iter().position(|e| e.name == "奥斯汀");
    assert_eq!(a.resolve_description(&doc, span), austin);
}

#[test]
fn institutions_of_other_states_keep_their_own_country_in_any_copy() {
    // CNA copy: an unqualified state body would be Taiwan's, but these are known by name
    let doc = analyse(
        Some("cna"),
        &["火箭軍前任司令遭到調查，立法院今天也邀請國安局報告，香港廉署與南韓國情院則表示不予評論。"],
    );
    assert_eq!(code(&doc, "火箭軍").as_deref(), Some("CHN-MIL"));
    assert_eq!(code(&doc, "立法院").as_deref(), Some("TWN-LEG"));
    assert_eq!(code(&doc, "國安局").as_deref(), Some("TWN-SPY"));
    // a known institution after its country's name
    assert_eq!(code(&doc, "香港廉署").as_deref(), Some("HKG-COP"));
    assert_eq!(code(&doc, "南韓國情院").as_deref(), Some("KOR-SPY"));
}

#[test]
fn a_city_short_form_inside_a_foreign_name_is_no_country() {
    // 达州 is a Sichuan city, but not inside 佛罗里达州
    let doc = analyse(None, &["佛罗里达州州长德桑蒂斯表示反对。"]);
    let e = doc
        .entities
        .iter()
        .find(|e| e.name == "德桑蒂斯")
        .expect("德桑蒂斯");
    assert_ne!(
        e.actor.as_ref().and_then(|a| a.country.as_deref()),
        Some("CHN")
    );
}

#[test]
fn news_outlets_are_media_of_their_country() {
    let doc = analyse(None, &["据德国之声报道，联合报和半岛电视台也发表了评论。"]);
    assert_eq!(code(&doc, "德国之声").as_deref(), Some("DEU-JRN"));
    assert_eq!(code(&doc, "联合报").as_deref(), Some("TWN-JRN"));
    assert_eq!(code(&doc, "半岛电视台").as_deref(), Some("QAT-JRN"));
}

#[test]
fn hong_kong_officials_take_their_bureau_country() {
    let doc = analyse(
        Some("rthk"),
        &["政制及內地事務局局長曾國衞強調，政府已作適當安排。"],
    );
    assert_eq!(code(&doc, "曾國衞").as_deref(), Some("HKG-GOV"));
}
