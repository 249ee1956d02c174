//! Quotes by example: a few sentences in, the quotes (kind, words, speaker, cue) out.
//!
//! The entities layer is built by hand here (`people`/`orgs` mark every occurrence of the given
//! names), so these tests say what the quotes stage does with a given set of names, whatever
//! the NER finds.

use jishi_doc::{
    Article, Block, BlockKind, Doc, Entity, EntityKind, Mention, MentionForm, Span, Stage,
};
use jishi_quotes::QuoteStage;

/// A document of paragraphs, with the text stage run and the given names marked as entities.
fn doc(paragraphs: &[&str], people: &[&str], orgs: &[&str]) -> Doc {
    doc_with(paragraphs, people, orgs, &[])
}

/// As [`doc`], with countries and places (`GPE`) marked as well.
fn doc_with(paragraphs: &[&str], people: &[&str], orgs: &[&str], places: &[&str]) -> Doc {
    let mut d = unprocessed(paragraphs, people, orgs, places);
    QuoteStage::new()
        .expect("the shipped lexicon parses")
        .process(&mut d);
    d
}

/// The document of [`doc_with`] before the quotes stage has run.
fn unprocessed(paragraphs: &[&str], people: &[&str], orgs: &[&str], places: &[&str]) -> Doc {
    let text = paragraphs.join("\n\n");
    let mut d = Doc::new(Article::new("example"), text);
    let mut at = 0;
    for p in paragraphs {
        d.blocks.push(Block {
            kind: BlockKind::Paragraph,
            span: Span::new(at, at + p.len()),
        });
        at += p.len() + 2;
    }
    jishi_text::TextStage.process(&mut d);
    let names = people
        .iter()
        .map(|n| (n, EntityKind::Per))
        .chain(orgs.iter().map(|n| (n, EntityKind::Org)))
        .chain(places.iter().map(|n| (n, EntityKind::Gpe)));
    for (name, kind) in names {
        let mentions: Vec<Mention> = d
            .text
            .match_indices(*name)
            .map(|(i, _)| Mention {
                span: Span::new(i, i + name.len()),
                form: MentionForm::Name,
            })
            .collect();
        d.entities.push(Entity {
            name: name.to_string(),
            kind,
            mentions,
            titles: vec![],
            affiliation: None,
            actor: None,
        });
    }
    d
}

/// One line per quote: `kind | words | speaker | cue`, speaker `-` when unnamed.
fn quotes(d: &Doc) -> Vec<String> {
    d.quotes
        .iter()
        .map(|q| {
            format!(
                "{} | {} | {} | {}",
                q.kind.as_str(),
                d.slice(q.span),
                q.speaker.map_or("-", |e| d.entities[e].name.as_str()),
                q.cue.map_or("-", |c| d.slice(c)),
            )
        })
        .collect()
}

fn relayed_by(d: &Doc, i: usize) -> Option<&str> {
    d.quotes[i].relayed_by.map(|e| d.entities[e].name.as_str())
}

#[test]
fn attribution_after_the_quote() {
    let d = doc(&["“我们愿意继续对话。”王刚回忆说。"], &["王刚"], &[]);
    assert_eq!(quotes(&d), ["direct | 我们愿意继续对话。 | 王刚 | 回忆说"]);
}

#[test]
fn attribution_before_the_quote_with_a_colon_or_a_listener() {
    let d = doc(
        &[
            "李强说：“中国经济长期向好的基本面没有改变。”",
            "张伟告诉新华社，“会谈是坦诚的，也是建设性的。”",
        ],
        &["李强", "张伟"],
        &["新华社"],
    );
    assert_eq!(
        quotes(&d),
        [
            "direct | 中国经济长期向好的基本面没有改变。 | 李强 | 说",
            "direct | 会谈是坦诚的，也是建设性的。 | 张伟 | 告诉",
        ]
    );
    // the words were given to another outlet: it passes them on
    assert_eq!(relayed_by(&d, 1), Some("新华社"));
}

#[test]
fn a_quote_split_around_its_attribution_and_a_pronoun_speaker() {
    let d = doc(
        &["林佳出席了记者会。“我们不会退让，”她说，“但是愿意谈判。”"],
        &["林佳"],
        &[],
    );
    assert_eq!(
        quotes(&d),
        [
            "direct | 我们不会退让， | 林佳 | 说",
            "direct | 但是愿意谈判。 | 林佳 | 说",
        ]
    );
    let she = d.text.find('她').unwrap();
    assert!(d
        .corefs
        .iter()
        .any(|c| c.span.start == she && d.entities[c.entity].name == "林佳"));
}

#[test]
fn a_quote_running_over_paragraphs() {
    let d = doc(
        &[
            "王刚说：“第一段话在这里结束。",
            "“第二段话也是他说的。”",
            "记者随后离开。",
        ],
        &["王刚"],
        &[],
    );
    assert_eq!(d.quotes.len(), 1);
    let words = d.slice(d.quotes[0].span);
    assert!(
        words.starts_with("第一段话") && words.ends_with("也是他说的。"),
        "{words}"
    );
}

#[test]
fn a_quote_inside_a_quote_is_relayed_by_the_outer_speaker() {
    let d = doc(
        &["王刚说：“赵亮对我说：‘我们明天再谈这个问题。’我同意了。”"],
        &["王刚", "赵亮"],
        &[],
    );
    assert_eq!(
        quotes(&d),
        [
            "direct | 赵亮对我说：‘我们明天再谈这个问题。’我同意了。 | 王刚 | 说",
            "direct | 我们明天再谈这个问题。 | 赵亮 | 说",
        ]
    );
    assert_eq!(relayed_by(&d, 1), Some("王刚"));
}

#[test]
fn relayed_words_belong_to_the_one_cited() {
    let d = doc(
        &["在解释这个决定时，马丁引用了丘吉尔的名言：“永不放弃。”"],
        &["马丁", "丘吉尔"],
        &[],
    );
    assert_eq!(quotes(&d), ["direct | 永不放弃。 | 丘吉尔 | 引用"]);
    assert_eq!(relayed_by(&d, 0), Some("马丁"));
}

#[test]
fn the_paragraph_after_a_citation_is_the_citing_persons_talk() {
    let d = doc(
        &[
            "马丁引用了丘吉尔的名言：“永不放弃。”",
            "“我当时就说，这句话我们今天也要记住，困难再大也不能放弃。”",
        ],
        &["马丁", "丘吉尔"],
        &[],
    );
    let q = quotes(&d);
    assert_eq!(q[0], "direct | 永不放弃。 | 丘吉尔 | 引用");
    assert!(q[1].starts_with("direct | 我当时就说"), "{q:?}");
    assert!(q[1].contains("| 马丁 |"), "{q:?}");
    assert_eq!(relayed_by(&d, 1), None);
}

#[test]
fn indirect_quotes_in_both_scripts() {
    let d = doc(
        &[
            "外交部发言人毛宁表示，中方反对任何形式的单边制裁。",
            "國防部發言人吳謙稱，中方願意與各方加強溝通。",
        ],
        &["毛宁", "吳謙"],
        &["外交部", "國防部"],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 中方反对任何形式的单边制裁。 | 毛宁 | 表示",
            "indirect | 中方願意與各方加強溝通。 | 吳謙 | 稱",
        ]
    );
}

#[test]
fn an_organization_speaks_and_the_listener_is_not_the_speaker() {
    let d = doc(
        &["美国国务院向路透社表示，制裁措施将于下月生效。"],
        &[],
        &["美国国务院", "路透社"],
    );
    assert_eq!(
        quotes(&d),
        ["indirect | 制裁措施将于下月生效。 | 美国国务院 | 表示"]
    );
    assert_eq!(relayed_by(&d, 0), Some("路透社"));
}

#[test]
fn according_to_frames_name_their_source() {
    let d = doc(
        &[
            "據路透社報導，雙方將於下週在日內瓦會面。",
            "据悉，会谈将持续两天。",
        ],
        &[],
        &["路透社"],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 雙方將於下週在日內瓦會面。 | 路透社 | 報導",
            "indirect | 会谈将持续两天。 | - | 据悉",
        ]
    );
}

#[test]
fn an_unnamed_source_has_no_speaker_but_keeps_its_words() {
    let d = doc(
        &["一位北约官员说，代表团将由一名副秘书长率领。"],
        &[],
        &["北约"],
    );
    assert_eq!(
        quotes(&d),
        ["indirect | 代表团将由一名副秘书长率领。 | - | 说"]
    );
    let words = d.quotes[0].speaker_span.map(|s| d.slice(s));
    assert_eq!(words, Some("一位北约官员"));
}

#[test]
fn the_subject_of_an_earlier_clause_speaks_for_a_later_cue() {
    let d = doc(
        &["在同来访的部长会谈时，王刚介绍了两国的合作情况，并表示，合作前景十分广阔。"],
        &["王刚"],
        &[],
    );
    assert_eq!(quotes(&d), ["indirect | 合作前景十分广阔。 | 王刚 | 表示"]);
}

#[test]
fn a_report_runs_on_over_a_semicolon_and_a_continuing_sentence_only() {
    let d = doc(
        &["陈明指出，双方同意加强合作；双方还将扩大贸易。希望两国继续推进对话。但会谈没有涉及其他问题。"],
        &["陈明"],
        &[],
    );
    assert_eq!(
        quotes(&d),
        ["indirect | 双方同意加强合作；双方还将扩大贸易。希望两国继续推进对话。 | 陈明 | 指出"]
    );
}

#[test]
fn a_report_of_a_report_gives_the_inner_speaker_relayed() {
    let d = doc(
        &["新华社报道，王刚表示，两国关系正在改善。"],
        &["王刚"],
        &["新华社"],
    );
    assert_eq!(quotes(&d), ["indirect | 两国关系正在改善。 | 王刚 | 表示"]);
    assert_eq!(relayed_by(&d, 0), Some("新华社"));
}

#[test]
fn words_quoted_inside_a_report_are_the_reporters_speaker() {
    let d = doc(
        &["何平表示，对方代表卡拉「很高兴收到这份邀请」。"],
        &["何平", "卡拉"],
        &[],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 对方代表卡拉「很高兴收到这份邀请」。 | 何平 | 表示",
            "direct | 很高兴收到这份邀请 | 何平 | 表示",
        ]
    );
}

#[test]
fn names_titles_slogans_and_terms_in_quote_marks_are_not_quotes() {
    let d = doc(
        &[
            "美国推出“印太战略”，并在“中美危机管控”研讨会上讨论所谓“脱钩论”。",
            "他在“玉渊潭天”发布消息，《人民日报》也作了报道。",
            "本次论坛聚焦“共同安全，持久和平”。",
        ],
        &[],
        &[],
    );
    assert_eq!(quotes(&d), Vec::<String>::new());
}

#[test]
fn quotes_are_found_without_any_entities() {
    let d = doc(&["“这是我们的底线。”发言人说。"], &[], &[]);
    assert_eq!(quotes(&d), ["direct | 这是我们的底线。 | - | 说"]);
}

#[test]
fn words_that_only_contain_a_cue_are_not_cues() {
    let d = doc(
        &["王刚说明了情况，并对小说的名称表示感谢。"],
        &["王刚"],
        &[],
    );
    assert_eq!(quotes(&d), Vec::<String>::new());
}

#[test]
fn odd_input_does_not_panic() {
    for t in [
        "“",
        "”",
        "「」",
        "\"",
        "说，",
        "据",
        "据，",
        "他说：“",
        "“…”",
        "表示，“a",
        "据路透社报导，",
        "“\n\n”",
        "‘’’“",
        "王刚告诉",
        "，，，说说说",
        "據悉",
    ] {
        let d = doc(&[t, t], &["王刚"], &["路透社"]);
        for q in &d.quotes {
            assert!(q.span.end <= d.text.len() && d.text.is_char_boundary(q.span.start));
        }
    }
}

#[test]
fn a_cue_right_before_the_marks_and_quotes_that_follow_each_other() {
    let d = doc(
        &["记者追问「那你会去吗」，王刚回「我不会去」「我们很早就规划了」。"],
        &["王刚"],
        &[],
    );
    assert_eq!(
        quotes(&d),
        [
            "direct | 那你会去吗 | - | 追问",
            "direct | 我不会去 | 王刚 | 回",
            "direct | 我们很早就规划了 | 王刚 | 回",
        ]
    );
}

#[test]
fn the_report_named_without_its_outlet_is_the_one_just_cited() {
    let d = doc(
        &[
            "长安街知事今天报道，卡拉斯全程并未公开发言。",
            "报道形容，沉默是卡拉斯此行的主基调。",
        ],
        &["卡拉斯"],
        &["长安街知事"],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 卡拉斯全程并未公开发言。 | 长安街知事 | 报道",
            "indirect | 沉默是卡拉斯此行的主基调。 | 长安街知事 | 形容",
        ]
    );
}

#[test]
fn a_name_inside_an_occasion_is_not_the_speaker() {
    let d = doc(
        &["拜登在与内塔尼亚胡的通话中宣布，援助已经在运往以色列的路上。"],
        &["拜登", "内塔尼亚胡"],
        &[],
    );
    assert_eq!(
        quotes(&d),
        ["indirect | 援助已经在运往以色列的路上。 | 拜登 | 宣布"]
    );
}

#[test]
fn a_description_refers_to_the_person_named_with_that_title() {
    let d = doc(
        &[
            "菲律宾司法部长雷穆拉周四会见了专家。",
            "这位司法部长强调，有大量证据可以利用。",
            "海洋大学教授沈有忠也出席了会议。沈教授说，这个案子很重要。",
        ],
        &["雷穆拉", "沈有忠"],
        &["菲律宾司法部"],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 有大量证据可以利用。 | 雷穆拉 | 强调",
            "indirect | 这个案子很重要。 | 沈有忠 | 说",
        ]
    );
}

#[test]
fn a_complaint_reports_the_clause_it_takes() {
    let d = doc(
        &["拉特纳在一场智库活动上抱怨两国军方的直接沟通已经中断了一年。"],
        &["拉特纳"],
        &[],
    );
    assert_eq!(
        quotes(&d),
        ["indirect | 两国军方的直接沟通已经中断了一年。 | 拉特纳 | 抱怨"]
    );
}

#[test]
fn a_complaint_after_a_long_occasion_keeps_its_speaker() {
    let d = doc(
        &["助理部长拉特纳（Ely Ratner）在当地时间10月5日参加的一场智库活动上抱怨两国军方的直接沟通已经中断了一年。"],
        &["拉特纳"],
        &[],
    );
    assert_eq!(
        quotes(&d),
        ["indirect | 两国军方的直接沟通已经中断了一年。 | 拉特纳 | 抱怨"]
    );
}

#[test]
fn a_denied_or_timed_verb_reports_nothing() {
    // 没有表示: no words were given; 在多次警告后: a time, not an act of speech
    let d = doc(
        &["赵明没有表示他是否会参加明年的会议。海警局表示，在渔船无视多次警告后，已将其驱离。"],
        &["赵明"],
        &["海警局"],
    );
    assert_eq!(
        quotes(&d),
        ["indirect | 在渔船无视多次警告后，已将其驱离。 | 海警局 | 表示"]
    );
}

#[test]
fn to_recognize_is_not_to_admit() {
    // 承认 with its object (a state recognized) reports nothing; with a comma it admits
    let d = doc(
        &["该组织承认东方共和国为唯一合法政府。赵明承认，计划确实推迟了两个月。"],
        &["赵明"],
        &[],
    );
    assert_eq!(
        quotes(&d),
        ["indirect | 计划确实推迟了两个月。 | 赵明 | 承认"]
    );
}

#[test]
fn so_said_after_a_quote_names_the_speaker() {
    let d = doc(
        &["“这次访问非常重要。”周平在欢迎宴会上如是说。"],
        &["周平"],
        &[],
    );
    assert_eq!(quotes(&d), ["direct | 这次访问非常重要。 | 周平 | 如是说"]);
}

#[test]
fn the_one_who_goes_on_speaking_is_the_subject_not_the_last_name() {
    // 他说 after a report that names someone else: the reporter goes on
    let d = doc(
        &[
            "钱伟表示，孙丽的方案需要更多时间讨论。他说，下个月会再开一次会。",
            "吴刚昨天会见了来访的郑海。他指出，双方会继续合作。",
        ],
        &["钱伟", "孙丽", "吴刚", "郑海"],
        &[],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 孙丽的方案需要更多时间讨论。 | 钱伟 | 表示",
            "indirect | 下个月会再开一次会。 | 钱伟 | 说",
            "indirect | 双方会继续合作。 | 吴刚 | 指出",
        ]
    );
}

#[test]
fn the_advisor_of_a_named_person_is_not_that_person() {
    // 冯岚的首席顾问: someone unnamed, whose words are kept; 冯岚的讲话 is 冯岚's own
    let d = doc(
        &["冯岚的首席顾问承认，这项政策让国家过于依赖进口。冯岚的讲话指出，改革不会停止。"],
        &["冯岚"],
        &[],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 这项政策让国家过于依赖进口。 | - | 承认",
            "indirect | 改革不会停止。 | 冯岚 | 指出",
        ]
    );
    let words = d.quotes[0].speaker_span.map(|s| d.slice(s));
    assert_eq!(words, Some("冯岚的首席顾问"));
}

#[test]
fn someone_else_reported_inside_a_quote_speaks_relayed_by_the_one_quoted() {
    // inside 钱伟's words, 孙丽's answer is 孙丽's, passed on by 钱伟; his own 我说 is his
    let d = doc(
        &["钱伟说：“我问她有什么打算。孙丽想了想，她回答说，明年一定回来看看。我说，欢迎。”"],
        &["钱伟", "孙丽"],
        &[],
    );
    assert_eq!(
        quotes(&d),
        [
            "direct | 我问她有什么打算。孙丽想了想，她回答说，明年一定回来看看。我说，欢迎。 | 钱伟 | 说",
            "indirect | 明年一定回来看看。 | 孙丽 | 回答说",
        ]
    );
    assert_eq!(relayed_by(&d, 1), Some("钱伟"));
}

#[test]
fn a_person_addressed_is_no_relay_and_one_outlet_speaks_for_others() {
    // the organization before the person addressed is theirs, not a medium passing the words on
    let d = doc(
        &["王刚对东方议会议长李明表示，双方应加强合作。新华日报等媒体报道称，会谈持续了两个小时。"],
        &["王刚", "李明"],
        &["东方议会", "新华日报"],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 双方应加强合作。 | 王刚 | 表示",
            "indirect | 会谈持续了两个小时。 | 新华日报 | 报道称",
        ]
    );
    assert_eq!(relayed_by(&d, 0), None);
}

#[test]
fn a_name_cut_short_is_the_person_named_in_full_elsewhere() {
    // the recognizer found 司马 at the first place and 司马如 at the second: 司马如说 is 司马如
    let text = "研究员司马如告诉本报，双方可以找到共识。司马如补充说，合作会带来好处。";
    let mut d = Doc::new(Article::new("example"), text.to_string());
    d.blocks.push(Block {
        kind: BlockKind::Paragraph,
        span: Span::new(0, text.len()),
    });
    jishi_text::TextStage.process(&mut d);
    let first = text.find("司马").unwrap();
    let second = text.rfind("司马如").unwrap();
    for (name, span) in [
        ("司马", Span::new(first, first + "司马".len())),
        ("司马如", Span::new(second, second + "司马如".len())),
    ] {
        d.entities.push(Entity {
            name: name.into(),
            kind: EntityKind::Per,
            mentions: vec![Mention {
                span,
                form: MentionForm::Name,
            }],
            titles: vec![],
            affiliation: None,
            actor: None,
        });
    }
    QuoteStage::new().unwrap().process(&mut d);
    assert_eq!(
        quotes(&d),
        [
            "indirect | 双方可以找到共识。 | 司马如 | 告诉",
            "indirect | 合作会带来好处。 | 司马如 | 补充说",
        ]
    );
}

#[test]
fn an_account_named_in_quote_marks_is_kept_with_its_words() {
    // no entity for the account: an unnamed source, whose words include the name it goes by
    let d = doc(
        &["日报旗下新媒体「街角观察」今天报道，会场内外气氛热烈。"],
        &[],
        &[],
    );
    assert_eq!(quotes(&d), ["indirect | 会场内外气氛热烈。 | - | 报道"]);
    let words = d.quotes[0].speaker_span.map(|s| d.slice(s));
    assert_eq!(words, Some("媒体「街角观察」"));
}

#[test]
fn a_paragraph_of_quoted_words_goes_on_with_the_last_speaker_before_it() {
    // the paragraph before ends with 外交部's reported words (given through a statement)
    let d = doc(
        &[
            "外交部稍早透过声明指出，副部长已向对方表达失望。",
            "「对方的声明完全没有提到我们的立场，这是不能接受的。」",
        ],
        &[],
        &["外交部"],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 副部长已向对方表达失望。 | 外交部 | 指出",
            "direct | 对方的声明完全没有提到我们的立场，这是不能接受的。 | 外交部 | 指出",
        ]
    );
}

#[test]
fn a_long_description_after_the_quote_and_a_listener_before_it() {
    let d = doc(
        &[
            "“这可能为双方提供一个重新接触的机会，”东方国际问题研究院高级研究员兼亚洲项目主任赵明说。",
            "居民孙丽还告诉日报「大家都很害怕、很担心。」",
        ],
        &["赵明", "孙丽"],
        &["日报"],
    );
    assert_eq!(
        quotes(&d),
        [
            "direct | 这可能为双方提供一个重新接触的机会， | 赵明 | 说",
            "direct | 大家都很害怕、很担心。 | 孙丽 | 告诉",
        ]
    );
}

#[test]
fn his_spokesman_speaking_is_the_one_who_goes_on() {
    // 他的发言人钱伟: 他的 does not make 他 the subject; 钱伟 goes on speaking
    let d = doc(
        &["孙立昨天发出警告。他的发言人钱伟在记者会上表示，“局势非常危险。”他补充道，“我们不会让步。”"],
        &["孙立", "钱伟"],
        &[],
    );
    assert_eq!(
        quotes(&d),
        [
            "direct | 局势非常危险。 | 钱伟 | 表示",
            "direct | 我们不会让步。 | 钱伟 | 补充道",
        ]
    );
}

#[test]
fn a_statement_goes_with_the_organization_that_just_spoke() {
    let d = doc(
        &["东方联盟称，此举旨在打击诈骗集团。声明还称，其成员致力于恢复和平。"],
        &[],
        &["东方联盟"],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 此举旨在打击诈骗集团。 | 东方联盟 | 称",
            "indirect | 其成员致力于恢复和平。 | 东方联盟 | 称",
        ]
    );
}

#[test]
fn frames_after_a_connective_replies_and_bracketed_owners() {
    // 但是据报道: a frame with no source; 回覆媒体提问说: the one replying speaks, once;
    // X（Y）的发言人: an unnamed spokesman
    let d = doc(
        &[
            "具体人数尚不清楚，但是据报道，驻军人数两年前就达到了两千人。",
            "钱伟今天简短回覆媒体提问说，双方沟通融洽。",
            "孙立（Sun Li）的发言人周四表示，孙立已被送往医院。",
        ],
        &["钱伟", "孙立"],
        &[],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 驻军人数两年前就达到了两千人。 | - | 据报道",
            "indirect | 双方沟通融洽。 | 钱伟 | 问说",
            "indirect | 孙立已被送往医院。 | - | 表示",
        ]
    );
}

#[test]
fn the_earlier_subject_is_not_the_object_of_its_verb() {
    // 并警告说 goes back to the subject 孙立, not to 钱伟 whom he praised
    let d = doc(
        &["孙立称赞钱伟的努力，并警告说，对方正在重塑地区秩序。"],
        &["孙立", "钱伟"],
        &[],
    );
    assert_eq!(
        quotes(&d),
        ["indirect | 对方正在重塑地区秩序。 | 孙立 | 警告说"]
    );
}

#[test]
fn the_station_reporter_a_dated_report_and_a_frame_with_its_verb() {
    // 本台记者 is the reporter named before; 据指出 is a frame, not 据指 and 出
    let d = doc(
        &["本台记者周明表示，这次担心的不是气球。本台记者还表示，官方媒体收到了同样的照片。据指出，逮捕人数是去年的十三倍。"],
        &["周明"],
        &[],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 这次担心的不是气球。 | 周明 | 表示",
            "indirect | 官方媒体收到了同样的照片。 | 周明 | 表示",
            "indirect | 逮捕人数是去年的十三倍。 | - | 据指出",
        ]
    );
}

#[test]
fn a_report_dated_between_its_outlet_and_itself_is_the_outlets() {
    // 东方社10月31日的报道: the date (a time expression) stands between the owner and its report
    let text = "东方社10月31日的报道指出，边境正面临新的偷渡路线。";
    let mut d = Doc::new(Article::new("example"), text.to_string());
    d.blocks.push(Block {
        kind: BlockKind::Paragraph,
        span: Span::new(0, text.len()),
    });
    jishi_text::TextStage.process(&mut d);
    let date = text.find("10月31日").unwrap();
    d.times.push(jishi_doc::Timex {
        span: Span::new(date, date + "10月31日".len()),
        kind: jishi_doc::TimexKind::Date,
        value: "2023-10-31".into(),
        end_value: None,
    });
    d.entities.push(Entity {
        name: "东方社".into(),
        kind: EntityKind::Org,
        mentions: vec![Mention {
            span: Span::new(0, "东方社".len()),
            form: MentionForm::Name,
        }],
        titles: vec![],
        affiliation: None,
        actor: None,
    });
    QuoteStage::new().unwrap().process(&mut d);
    assert_eq!(
        quotes(&d),
        ["indirect | 边境正面临新的偷渡路线。 | 东方社 | 指出"]
    );
}

#[test]
fn an_account_as_a_source_keeps_its_words() {
    let d = doc(&["据@“街角观察”介绍，双方交换了对合作的看法。"], &[], &[]);
    assert_eq!(
        quotes(&d),
        ["indirect | 双方交换了对合作的看法。 | - | 介绍"]
    );
    let words = d.quotes[0].speaker_span.map(|s| d.slice(s));
    assert_eq!(words, Some("@“街角观察”"));
}

/// The words naming each quote's speaker.
fn speaker_words(d: &Doc) -> Vec<&str> {
    d.quotes
        .iter()
        .map(|q| q.speaker_span.map_or("-", |s| d.slice(s)))
        .collect()
}

#[test]
fn a_country_describing_an_unnamed_speaker_is_not_the_speaker() {
    // 一家…公司, …一位发言人, 一名…官员: someone unnamed from that country; a person named in
    // the phrase, or the country on its own, still speaks
    let d = doc_with(
        &[
            "一家荷兰公司周二表示，港口的吞吐量已经恢复。",
            "秘鲁军政府一位发言人周四称，边境城镇已无政府人员。",
            "一名智利官员说，谈判将在下月继续。",
            "智利外交部发言人罗哈斯说，两国关系良好。",
            "智利表示，将召回驻秘鲁大使。",
        ],
        &["罗哈斯"],
        &[],
        &["荷兰", "秘鲁", "智利"],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 港口的吞吐量已经恢复。 | - | 表示",
            "indirect | 边境城镇已无政府人员。 | - | 称",
            "indirect | 谈判将在下月继续。 | - | 说",
            "indirect | 两国关系良好。 | 罗哈斯 | 说",
            "indirect | 将召回驻秘鲁大使。 | 智利 | 表示",
        ]
    );
    assert_eq!(
        speaker_words(&d),
        [
            "一家荷兰公司",
            "秘鲁军政府一位发言人",
            "一名智利官员",
            "罗哈斯",
            "智利"
        ]
    );
}

#[test]
fn a_document_named_without_its_owner_is_the_owners_last_one() {
    // 据《…》报道 … 报道指出: the paper; 的报道说 … 报道还说 … 报道指出: the agency, on and on
    let d = doc(
        &[
            "据《南岸日报》报道，新桥将于年底通车。",
            "报道指出，工程比原计划晚了两个月。",
            "西岭通讯社的报道说，港口已经关闭。",
            "报道还说，数百名工人被疏散。",
            "报道指出，港口何时重开仍不清楚。",
        ],
        &[],
        &["南岸日报", "西岭通讯社"],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 新桥将于年底通车。 | 南岸日报 | 报道",
            "indirect | 工程比原计划晚了两个月。 | 南岸日报 | 指出",
            "indirect | 港口已经关闭。 | 西岭通讯社 | 说",
            "indirect | 数百名工人被疏散。 | 西岭通讯社 | 说",
            "indirect | 港口何时重开仍不清楚。 | 西岭通讯社 | 指出",
        ]
    );
}

#[test]
fn a_pointed_document_reaches_further_back_and_a_statement_is_its_publishers() {
    let d = doc(
        &[
            "据北方新闻社说，这位前部长因受贿被判刑八年。",
            "他在任内主持了三座水坝的建设。",
            "去年他曾多次入院治疗。",
            "据该报道，他已申请特赦。",
            "林业部周一发表声明，宣布禁伐令延长一年。",
            "声明说，违者将被处以重罚。",
        ],
        &[],
        &["北方新闻社", "林业部"],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 这位前部长因受贿被判刑八年。 | 北方新闻社 | 说",
            "indirect | 他已申请特赦。 | 北方新闻社 | 报道",
            "indirect | 违者将被处以重罚。 | 林业部 | 说",
        ]
    );
}

#[test]
fn a_document_whose_last_owner_is_not_named_stays_unnamed() {
    // the last report before 报道指出 is the local media's: no one named; and a country
    // describing the media is not their report's owner
    let d = doc_with(
        &[
            "东港日报的报道说，大桥已封闭。",
            "卡塔尔媒体的报道称，会谈仍在进行。",
            "报道指出，双方尚未达成协议。",
        ],
        &[],
        &["东港日报"],
        &["卡塔尔"],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 大桥已封闭。 | 东港日报 | 说",
            "indirect | 会谈仍在进行。 | - | 称",
            "indirect | 双方尚未达成协议。 | - | 指出",
        ]
    );
    assert_eq!(speaker_words(&d)[1], "卡塔尔媒体的报道");
}

#[test]
fn a_document_with_words_before_it_or_two_owners_is_not_resolved_back() {
    // «晨报»文章: its owner is right there, recognized or not; 与 joins two owners
    let d = doc(
        &[
            "«晨报»与«南岸日报»都刊登文章，介绍了新桥的建设。",
            "文章指出，工程比原计划晚了两个月。«晨报»文章还说，造价超出预算三成。",
        ],
        &[],
        &["南岸日报"],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 工程比原计划晚了两个月。 | - | 指出",
            "indirect | 造价超出预算三成。 | - | 说",
        ]
    );
}

#[test]
fn a_country_before_a_verb_and_its_object_still_speaks() {
    // 致函银行: 银行 is the object of a verb (the segmenter says so), not a description of
    // the speaker
    let mut d = unprocessed(
        &["智利政府致函银行表示，总统将出席峰会。"],
        &[],
        &[],
        &["智利"],
    );
    for (word, pos) in [
        ("智利", "ns"),
        ("政府", "n"),
        ("致函", "v"),
        ("银行", "n"),
        ("表示", "v"),
    ] {
        let at = d.text.find(word).expect("the word is in the text");
        d.tokens.push(jishi_doc::Token {
            span: Span::new(at, at + word.len()),
            pos: pos.into(),
        });
    }
    d.tokens.sort_by_key(|t| t.span.start);
    QuoteStage::new()
        .expect("the shipped lexicon parses")
        .process(&mut d);
    assert_eq!(quotes(&d), ["indirect | 总统将出席峰会。 | 智利 | 表示"]);
    // 回应传媒查询时: the media are inside the occasion
    let d = doc_with(
        &["智利政府回应传媒查询时表示，总统将出席峰会。"],
        &[],
        &[],
        &["智利"],
    );
    assert_eq!(quotes(&d), ["indirect | 总统将出席峰会。 | 智利 | 表示"]);
}

#[test]
fn the_one_citing_a_report_goes_on_speaking() {
    // 援引…的报道称，…，他还指出: the report's words, then the citing person's own (even when
    // the one citing is only described: 这位作者)
    let d = doc(
        &[
            "孙立援引当地媒体的报道称，洪水将持续一周，他还指出，这是十年来最严重的一次。",
            "孙立写道，大坝安然无恙。这位作者援引当地媒体的报道称，水位仍在上涨，他还指出，下游已疏散。",
        ],
        &["孙立"],
        &[],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 洪水将持续一周， | - | 称",
            "indirect | 这是十年来最严重的一次。 | 孙立 | 指出",
            "indirect | 大坝安然无恙。 | 孙立 | 写道",
            "indirect | 水位仍在上涨， | - | 称",
            "indirect | 下游已疏散。 | 孙立 | 指出",
        ]
    );
}

#[test]
fn a_court_reporting_what_a_defendant_admitted_keeps_its_words() {
    // an admission (坦承) with no comma inside the court's words: the court's account; after a
    // news report, or another verb, the inner speaker's words
    let d = doc(
        &[
            "东山地方法院指出，陈男坦承曾协助运送木材，考量其与共犯相识多年，因此裁定羁押。",
            "北方新闻社报道，陈男坦承曾协助运送木材。",
            "钱伟说，孙立强调双方将加强合作。",
        ],
        &["陈男", "孙立", "钱伟"],
        &["东山地方法院", "北方新闻社"],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 陈男坦承曾协助运送木材，考量其与共犯相识多年，因此裁定羁押。 | 东山地方法院 | 指出",
            "indirect | 曾协助运送木材。 | 陈男 | 坦承",
            "indirect | 双方将加强合作。 | 孙立 | 强调",
        ]
    );
    assert_eq!(relayed_by(&d, 1), Some("北方新闻社"));
    assert_eq!(relayed_by(&d, 2), Some("钱伟"));
}

#[test]
fn and_stressed_goes_back_to_the_subject_of_the_nearest_clause() {
    // 并强调: the one who analysed, not the country named at the start of the sentence; but
    // past someone's reported words the sentence's subject
    let d = doc_with(
        &[
            "邻国舰机不断侵扰智利，学者孙立分析对方作战的三个面向，并强调，应对之道在于认清对手。",
            "钱伟昨日在议会发表讲话时，批评秘鲁的做法不人道，认为双方应当停火。",
            "钱伟表示，智利支持秘鲁与玻利维亚对话，并强调，各方应保持克制。",
        ],
        &["孙立", "钱伟"],
        &[],
        &["智利", "秘鲁", "玻利维亚"],
    );
    assert_eq!(
        quotes(&d),
        [
            "indirect | 应对之道在于认清对手。 | 孙立 | 强调",
            "indirect | 双方应当停火。 | 钱伟 | 认为",
            "indirect | 智利支持秘鲁与玻利维亚对话，并强调，各方应保持克制。 | 钱伟 | 表示",
        ]
    );
}

#[test]
fn the_first_of_coordinated_subjects_speaks_and_a_channel_is_not_the_speaker() {
    // 透过媒体群组: the channel, not the speaker; X与Y、Z答询时表示: X, relayed by the
    // spokesman who reports it
    let d = doc(
        &["发言人孙立今天透过媒体群组表示，钱伟昨天与部长赵红、次长周明答询时表示，新厂明年动工。"],
        &["孙立", "钱伟", "赵红", "周明"],
        &[],
    );
    assert_eq!(quotes(&d), ["indirect | 新厂明年动工。 | 钱伟 | 表示"]);
    assert_eq!(relayed_by(&d, 0), Some("孙立"));
}

#[test]
fn the_subject_of_a_clause_of_time_speaks_not_the_name_inside_it() {
    // 他得知X送交文件后表示: 他 (孙立), not X
    let d = doc(
        &["孙立先前提过要与钱伟合作，他得知钱伟送交文件后表示，双方还可以继续谈。"],
        &["孙立", "钱伟"],
        &[],
    );
    assert_eq!(quotes(&d), ["indirect | 双方还可以继续谈。 | 孙立 | 表示"]);
}
