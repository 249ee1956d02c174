//! The entity stage on small articles: what comes out for simplified and traditional text.

use std::sync::OnceLock;

use jishi_doc::{Article, Block, BlockKind, Doc, Entity, EntityKind, MentionForm, Span, Stage};
use jishi_entities::EntityStage;

fn stage() -> &'static EntityStage {
    static STAGE: OnceLock<EntityStage> = OnceLock::new();
    STAGE.get_or_init(|| EntityStage::new().expect("the embedded model and data load"))
}

fn analyse(paragraphs: &[&str]) -> Doc {
    let mut doc = jishi_text::paragraphs_doc(Article::new("t"), paragraphs);
    stage().process(&mut doc);
    doc
}

fn find<'d>(doc: &'d Doc, name: &str) -> &'d Entity {
    doc.entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name} in {:#?}", names(doc)))
}

fn names(doc: &Doc) -> Vec<(String, &'static str)> {
    doc.entities
        .iter()
        .map(|e| (e.name.clone(), e.kind.as_str()))
        .collect()
}

/// The texts of every mention of entities of one kind.
fn mentions_of(doc: &Doc, kind: EntityKind) -> Vec<&str> {
    doc.entities
        .iter()
        .filter(|e| e.kind == kind)
        .flat_map(|e| &e.mentions)
        .map(|m| doc.slice(m.span))
        .collect()
}

fn country(e: &Entity) -> Option<&str> {
    e.actor.as_ref().and_then(|a| a.country.as_deref())
}

#[test]
fn countries_and_provinces_are_polities_with_their_iso_code() {
    let doc = analyse(&["美国总统访问斐济后，又到陕西省参观。中美两军保持沟通，中方和美方都表示满意，双方同意继续对话。美军舰艇随后离开。"]);
    assert_eq!(country(find(&doc, "斐济")), Some("FJI"));
    assert_eq!(find(&doc, "斐济").kind, EntityKind::Gpe);
    assert_eq!(find(&doc, "陕西省").kind, EntityKind::Gpe);
    let usa = find(&doc, "美国");
    assert_eq!((usa.kind, country(usa)), (EntityKind::Gpe, Some("USA")));
    // 美 in 中美 is a mention of the United States
    assert!(usa.mentions.iter().any(|m| doc.slice(m.span) == "美"));
    let us_military = find(&doc, "美军");
    assert_eq!(
        (us_military.kind, country(us_military)),
        (EntityKind::Org, Some("USA"))
    );
    for side in ["中方", "美方", "两军", "双方"] {
        assert!(
            doc.entities
                .iter()
                .flat_map(|e| &e.mentions)
                .all(|m| doc.slice(m.span) != side),
            "{side} is not a named entity"
        );
    }
}

#[test]
fn traditional_text_gives_the_same_entities_with_offsets_into_the_text() {
    let doc = analyse(&["美國國防部長奧斯汀表示，國防部發言人吳謙大校在北京回應。"]);
    let austin = find(&doc, "奧斯汀");
    assert_eq!(austin.kind, EntityKind::Per);
    let dod = find(&doc, "美國國防部");
    assert_eq!((dod.kind, country(dod)), (EntityKind::Org, Some("USA")));
    assert_eq!(find(&doc, "北京").kind, EntityKind::Gpe);
    for e in &doc.entities {
        for m in &e.mentions {
            assert!(doc.text.get(m.span.start..m.span.end).is_some());
        }
    }
}

#[test]
fn a_short_name_and_a_bracketed_foreign_name_are_mentions_of_the_full_name() {
    let doc = analyse(&[
        "美国国防部印太安全事务助理部长伊利·拉特纳（Ely Ratner）当天发表讲话。",
        "拉特纳说，美方希望恢复沟通。",
    ]);
    let ratner = find(&doc, "伊利·拉特纳");
    let texts: Vec<(&str, MentionForm)> = ratner
        .mentions
        .iter()
        .map(|m| (doc.slice(m.span), m.form))
        .collect();
    assert!(
        texts.contains(&("Ely Ratner", MentionForm::Foreign)),
        "{texts:?}"
    );
    assert!(texts.contains(&("拉特纳", MentionForm::Name)), "{texts:?}");
    assert_eq!(
        doc.entities
            .iter()
            .filter(|e| e.kind == EntityKind::Per)
            .count(),
        1
    );
}

#[test]
fn titles_and_the_organization_they_name_are_attached_to_the_person() {
    let doc = analyse(&["中国国防部新闻发言人吴谦大校在例行记者会上回答提问。"]);
    let wu = find(&doc, "吴谦");
    assert!(
        wu.titles.iter().any(|t| t.ends_with("发言人")),
        "{:?}",
        wu.titles
    );
    assert!(wu.titles.contains(&"大校".to_string()), "{:?}", wu.titles);
    let org = wu.affiliation.expect("an affiliation");
    assert_eq!(doc.entities[org].name, "中国国防部");
    assert_eq!(country(&doc.entities[org]), Some("CHN"));
}

#[test]
fn entities_are_flat() {
    let doc = analyse(&["第十届北京香山论坛在北京国际会议中心开幕，中央军委副主席张又侠出席。"]);
    let mut spans: Vec<Span> = doc
        .entities
        .iter()
        .flat_map(|e| e.mentions.iter().map(|m| m.span))
        .collect();
    spans.sort();
    for w in spans.windows(2) {
        assert!(w[0].end <= w[1].start, "{:?} overlaps {:?}", w[0], w[1]);
    }
    assert_eq!(find(&doc, "第十届北京香山论坛").kind, EntityKind::Event);
    assert_eq!(find(&doc, "张又侠").kind, EntityKind::Per);
}

#[test]
fn tag_bio_gives_one_tag_per_character() {
    let s = "美國國防部長奧斯汀抵達北京。";
    let tags = stage().tag_bio(s);
    assert_eq!(tags.len(), s.chars().count());
    let chars: String = tags.iter().map(|(c, _)| *c).collect();
    assert_eq!(chars, s);
    let austin: Vec<&str> = tags[6..9].iter().map(|(_, t)| *t).collect();
    assert_eq!(austin, ["B-PER", "I-PER", "I-PER"]);
    assert!(tags
        .iter()
        .all(|(_, t)| !t.contains("TTL") && !t.contains("GPE")));
}

#[test]
fn no_panic_on_odd_input() {
    for text in ["", "。", "（", "美", "a（b）", "\u{0}\u{fffd}", "中美方"] {
        let mut doc = Doc::new(Article::new("t"), text.to_string());
        if !text.is_empty() {
            doc.blocks.push(Block {
                kind: BlockKind::Paragraph,
                span: Span::new(0, text.len()),
            });
        }
        jishi_text::TextStage.process(&mut doc);
        stage().process(&mut doc);
    }
}

/// On real articles (skipped when `../shared` is absent): every mention cuts its text out of
/// the article, mentions never overlap, polities carry a country.
#[test]
fn invariants_hold_on_corpus_articles() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/news-2311"
    );
    let Ok(entries) = std::fs::read_dir(dir) else {
        println!("skipping: {dir} is absent");
        return;
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files.truncate(6);
    assert!(!files.is_empty(), "no articles in {dir}");
    for path in files {
        let Ok(raw) = std::fs::read_to_string(&path) else {
            continue;
        };
        let paragraphs: Vec<&str> = raw
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("---") && !l.contains(": "))
            .collect();
        let doc = analyse(&paragraphs);
        let mut spans = Vec::new();
        for e in &doc.entities {
            assert!(!e.mentions.is_empty() && !e.name.is_empty());
            if let Some(i) = e.affiliation {
                assert!(i < doc.entities.len());
            }
            for m in &e.mentions {
                assert!(doc
                    .text
                    .get(m.span.start..m.span.end)
                    .is_some_and(|t| !t.is_empty()));
                spans.push(m.span);
            }
        }
        spans.sort();
        for w in spans.windows(2) {
            assert!(
                w[0].end <= w[1].start,
                "{}: {:?} overlaps {:?}",
                path.display(),
                w[0],
                w[1]
            );
        }
    }
}

#[test]
fn a_title_standing_alone_is_a_mention_of_the_one_person_who_bears_it() {
    let doc = analyse(&["美国防长奥斯汀抵达新加坡。防长表示，美方愿意对话。"]);
    let austin = find(&doc, "奥斯汀");
    let titles: Vec<&str> = austin
        .mentions
        .iter()
        .filter(|m| m.form == MentionForm::Title)
        .map(|m| doc.slice(m.span))
        .collect();
    assert_eq!(titles, ["防长"]);
}

#[test]
fn a_day_or_an_ordinal_is_not_a_country_form() {
    // 日 and 以 are also short forms of Japan and Israel (日美, 以军), but not after a number
    let doc = analyse(&[
        "自10月7日以来，冲突不断。自 10 月 7 日以来，他们多次开会。党的十一届三中全会召开。日美两国外长通了电话。",
    ]);
    let forms = mentions_of(&doc, EntityKind::Gpe);
    assert_eq!(forms.iter().filter(|f| **f == "日").count(), 1, "{forms:?}");
    assert!(!forms.contains(&"以"), "{forms:?}");
    assert!(!forms.contains(&"中"), "{forms:?}");
}

#[test]
fn a_name_after_a_place_word_is_a_place_and_so_is_the_list_it_opens() {
    // the recognizer alone takes some foreign towns for persons
    let doc = analyse(&[
        "袭击集中在北部地区达尔丰、卡苏尔和米勒塔尼。",
        "此后，卡苏尔和达尔丰的居民开始撤离。",
    ]);
    for town in ["达尔丰", "卡苏尔", "米勒塔尼"] {
        if let Some(e) = doc.entities.iter().find(|e| e.name == town) {
            assert_ne!(e.kind, EntityKind::Per, "{town}: {:?}", names(&doc));
        }
    }
    assert!(
        doc.entities.iter().any(|e| e.name == "达尔丰"),
        "{:?}",
        names(&doc)
    );
}

#[test]
fn a_name_cut_short_in_one_place_is_the_full_name_found_elsewhere() {
    // the recognizer alone stops at 蔡英 in the first sentence (文推 reads like a word)
    let doc = analyse(&["他曾幫助總統蔡英文推動國政。總統蔡英文今天出席活動。"]);
    let people = mentions_of(&doc, EntityKind::Per);
    assert!(people.iter().all(|p| *p == "蔡英文"), "{people:?}");
    assert!(people.len() >= 2, "{people:?}");
}

#[test]
fn a_name_taken_with_a_character_too_many_is_the_name_found_elsewhere() {
    let doc = analyse(&["林右昌于今天上午视察。林右昌表示，工作会继续。"]);
    let people = mentions_of(&doc, EntityKind::Per);
    assert!(people.iter().all(|p| *p == "林右昌"), "{people:?}");
}

#[test]
fn a_name_in_quote_marks_after_a_media_word_is_an_organization() {
    let doc = analyse(&[
        "據北京日報旗下新媒體「長安街知事」報導，會議已經結束。中國官媒「環球時報」也發表社評。他說這是“脱钩论”。",
    ]);
    for name in ["長安街知事", "環球時報"] {
        assert_eq!(find(&doc, name).kind, EntityKind::Org, "{:?}", names(&doc));
    }
    // a term in quote marks after other words stays a term
    assert!(
        doc.entities.iter().all(|e| e.name != "脱钩论"),
        "{:?}",
        names(&doc)
    );
    // words asked of the media are a quote, not a name
    let doc = analyse(&["他并要求媒体“这条不要问了”。"]);
    assert!(
        doc.entities.iter().all(|e| e.name != "这条不要问了"),
        "{:?}",
        names(&doc)
    );
}

#[test]
fn a_name_cut_before_its_last_character_and_a_speech_verb_is_completed() {
    // the recognizer alone stops at 司乐 and 黃碧: 如 is most often a word of its own
    let doc =
        analyse(&["研究员司乐如告诉记者，双方应保持沟通。黃碧如表示，她會出席。王毅也表示支持。"]);
    let people = mentions_of(&doc, EntityKind::Per);
    assert!(people.contains(&"司乐如"), "{people:?}");
    assert!(people.contains(&"黃碧如"), "{people:?}");
    // a word between a subject and its verb is not the end of the name
    assert!(people.contains(&"王毅"), "{people:?}");
}

#[test]
fn a_known_place_with_its_administrative_word_keeps_its_country() {
    let doc = analyse(&["该公司总部位于仙台市，在拉马拉市也设有办事处。"]);
    for (name, code) in [("仙台市", "JPN"), ("拉马拉市", "PSE")] {
        if let Some(e) = doc.entities.iter().find(|e| e.name == name) {
            assert_eq!(country(e), Some(code), "{name}: {:?}", names(&doc));
        }
    }
    assert!(
        doc.entities.iter().any(|e| e.name == "仙台市"),
        "{:?}",
        names(&doc)
    );
}

/// Words, then entities: the stage reads the segmenter's words when they are there.
fn analyse_with_words(paragraphs: &[&str]) -> Doc {
    static WORDS: OnceLock<jishi_words::WordStage> = OnceLock::new();
    let words = WORDS.get_or_init(|| jishi_words::WordStage::new().expect("the word lists load"));
    let mut doc = jishi_text::paragraphs_doc(Article::new("t"), paragraphs);
    words.process(&mut doc);
    stage().process(&mut doc);
    doc
}

#[test]
fn institutions_are_organizations_by_name_in_both_scripts() {
    let doc =
        analyse_with_words(&["行政院長今天說，立法院將審查預算，中選會與陸委會都表示會配合。"]);
    let orgs = mentions_of(&doc, EntityKind::Org);
    for name in ["立法院", "中選會", "陸委會"] {
        assert!(orgs.contains(&name), "{name} in {orgs:?}");
    }
    let doc = analyse_with_words(&["日本外务省和防卫省表示，海上保安厅将加强巡逻。"]);
    let orgs = mentions_of(&doc, EntityKind::Org);
    // 日本 + 外务省 is one name (entities are flat)
    for name in ["日本外务省", "防卫省", "海上保安厅"] {
        assert!(orgs.contains(&name), "{name} in {orgs:?}");
    }
}

#[test]
fn a_known_organization_inside_a_longer_word_is_not_that_organization() {
    // 高通 (Qualcomm) in 高通胀 (high inflation)
    let doc = analyse_with_words(&["欧洲面临经济增长放缓和高通胀的双重压力。"]);
    let orgs = mentions_of(&doc, EntityKind::Org);
    assert!(!orgs.contains(&"高通"), "{orgs:?}");
}

#[test]
fn a_verb_in_front_of_a_known_organization_is_not_part_of_its_name() {
    let doc = analyse_with_words(&[
        "陳建仁今天赴立法院進行施政報告。",
        "委員會今天前往行政院抗議。",
    ]);
    let orgs = mentions_of(&doc, EntityKind::Org);
    assert!(
        orgs.iter()
            .all(|o| !o.starts_with('赴') && !o.starts_with("前往")),
        "{orgs:?}"
    );
}

#[test]
fn a_name_ending_in_a_known_organization_is_no_meeting() {
    // 会议 ends meetings (香山论坛, 印太国防军司令会议), but 国家安全会议 is a council
    let doc = analyse_with_words(&["白宫国家安全会议发言人柯比表示，美方对此表示关切。"]);
    assert!(
        doc.entities.iter().all(|e| e.kind != EntityKind::Event),
        "{:?}",
        names(&doc)
    );
}

#[test]
fn reporters_in_photo_credits_and_datelines_are_not_story_entities() {
    let doc = analyse(&[
        "市長出席開幕典禮並致詞。中央社記者王小明攝 112年11月1日",
        "（中央社記者陳大文台北1日電）立法委員林志強今天表示，將提出修法。",
    ]);
    let persons = mentions_of(&doc, EntityKind::Per);
    assert!(
        !persons
            .iter()
            .any(|p| p.starts_with("王小") || p.starts_with("陳大")),
        "{persons:?}"
    );
}

#[test]
fn japanese_names_and_posts() {
    // a Japanese family name and a two-character given name cut short before a date: completed;
    // a Japanese post (官房长官, 外相) is a title, not an organization
    let doc =
        analyse_with_words(&["日本官房长官松野博一13日在记者会上表示，外相上川阳子将访问中东。"]);
    let persons = mentions_of(&doc, EntityKind::Per);
    assert!(persons.contains(&"松野博一"), "{persons:?}");
    let orgs = mentions_of(&doc, EntityKind::Org);
    assert!(orgs.iter().all(|o| !o.contains("官房")), "{orgs:?}");
}

#[test]
fn a_newspaper_in_book_title_marks_is_an_organization_and_a_treaty_is_no_entity() {
    let doc =
        analyse_with_words(&["德国《商报》报道说，柏林将调整政策。双方曾签署《奥斯陆协议》。"]);
    let orgs = mentions_of(&doc, EntityKind::Org);
    assert!(orgs.contains(&"商报"), "{orgs:?}");
    assert!(
        doc.entities.iter().all(|e| e.name != "奥斯陆协议"),
        "{:?}",
        names(&doc)
    );
}

#[test]
fn provinces_and_cities_by_their_short_names_are_chinese_polities() {
    let doc = analyse_with_words(&["他們主要來自廣東、湖南和湖北，也有人從鄭州來。"]);
    for name in ["廣東", "湖南", "湖北", "鄭州"] {
        let e = find(&doc, name);
        assert_eq!(
            (e.kind, country(e)),
            (EntityKind::Gpe, Some("CHN")),
            "{name}"
        );
    }
}
