//! Each input format and encoding, from text in this file: what goes in, what the reader keeps.

use jishi_doc::BlockKind;
use jishi_read::{read_bytes, ReadErrorKind};

const JEKYLL_HTML: &str = "---\nlayout: post\ntitle: 香山論壇中美互動少 美國代表低調不受訪\n\
date: 2023-11-01 10:22:00.000000000 +00:00\nlink: https://www.cna.com.tw/news/aopl/202311010316.aspx\n\
categories: cna\n---\n\n<p>（中央社台北1日電）第十屆北京香山論壇昨天結束，中國媒體注意到美國代表的低調。</p>\
<p>報導指出，美國軍方代表團在本屆論壇相對低調。（編輯：張淑伶/楊昇儒）1121101</p>\
<div class=\"articlekeywordGroup\"><div class=\"keywordTag\"><a href=\"https://www.cna.com.tw/tag/1/\">#奧斯汀</a></div></div>\
<div class=\"paragraph moreArticle\"><div class=\"moreArticle-title\">延伸閱讀</div><a class=\"moreArticle-link\" href=\"/x\"><span>另一則新聞</span></a></div>";

const JEKYLL_MD: &str = "---\nlayout: post\ntitle: 張又俠分別同老撾及蒙古國防部長會談\n\
date: 2023-10-28 20:12:44.000000000 +08:00\nlink: https://news.rthk.hk/rthk/ch/component/k2/1725415-20231028.htm\n\
categories: rthk\n---\n\n中央軍委副主席張又俠在北京同老撾副總理兼國防部長占沙蒙會談。\n\n占沙蒙說，老方高度讚賞。\n";

fn texts(doc: &jishi_doc::Doc) -> Vec<(&str, &str)> {
    doc.blocks
        .iter()
        .map(|b| (b.kind.as_str(), doc.slice(b.span)))
        .collect()
}

#[test]
fn jekyll_html_post_keeps_the_dateline_and_drops_furniture() {
    let doc = read_bytes("cna.html", JEKYLL_HTML.as_bytes())
        .remove(0)
        .unwrap();
    let a = &doc.article;
    assert_eq!(a.format, "jekyll");
    assert_eq!(a.outlet.as_deref(), Some("cna"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://www.cna.com.tw/news/aopl/202311010316.aspx")
    );
    assert_eq!(
        a.published.unwrap().to_rfc3339(),
        "2023-11-01T10:22:00+00:00"
    );
    assert_eq!(a.reference_date.value.unwrap().to_string(), "2023-11-01");
    assert_eq!(
        texts(&doc),
        [
            ("title", "香山論壇中美互動少 美國代表低調不受訪"),
            (
                "paragraph",
                "（中央社台北1日電）第十屆北京香山論壇昨天結束，中國媒體注意到美國代表的低調。"
            ),
            ("paragraph", "報導指出，美國軍方代表團在本屆論壇相對低調。"),
        ]
    );
}

#[test]
fn a_utc_stamp_late_in_the_day_is_the_next_local_day() {
    let post = JEKYLL_HTML.replace(
        "2023-11-01 10:22:00.000000000 +00:00",
        "2023-10-01 21:27:00.000000000 +00:00",
    );
    let doc = read_bytes("cna.html", post.as_bytes()).remove(0).unwrap();
    assert_eq!(
        doc.article.reference_date.value.unwrap().to_string(),
        "2023-10-02"
    );
}

#[test]
fn jekyll_markdown_post() {
    let doc = read_bytes("rthk.md", JEKYLL_MD.as_bytes())
        .remove(0)
        .unwrap();
    assert_eq!(doc.article.language.tag(), "zh-Hant");
    assert_eq!(doc.blocks.len(), 3);
    assert_eq!(doc.slice(doc.blocks[2].span), "占沙蒙說，老方高度讚賞。");
}

#[test]
fn markdown_news_page() {
    let page = "# 北京香山论坛｜简短寒暄\n**澎湃新闻记者 谢瑞强**\n\n**2023-11-01 00:15**\n\n**https://m.thepaper.cn/detail/25128984**\n\n\
                中美两军如何互动备受关注。\n\n![](https://img/950.jpg)\n\n何雷向卡莱斯赠送臂章。\n\n**中国将军把臂章送给美国代表**\n\n正文。";
    let doc = read_bytes("a.md", page.as_bytes()).remove(0).unwrap();
    assert_eq!(doc.article.format, "markdown-news");
    assert_eq!(doc.article.byline.as_deref(), Some("澎湃新闻记者 谢瑞强"));
    let kinds: Vec<BlockKind> = doc.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Title,
            BlockKind::Paragraph,
            BlockKind::Caption,
            BlockKind::Heading,
            BlockKind::Paragraph
        ]
    );
    assert!(doc.text.starts_with("北京香山论坛｜简短寒暄\n\n中美两军"));
}

#[test]
fn plain_text_and_stdin_name() {
    let doc = read_bytes("-", "张又侠会谈\n\n张又侠在北京同占沙蒙会谈。".as_bytes())
        .remove(0)
        .unwrap();
    assert_eq!(doc.article.format, "text");
    assert_eq!(doc.article.source, "-");
    assert_eq!(doc.article.title.as_deref(), Some("张又侠会谈"));
    assert_eq!(doc.article.published, None);
    assert_eq!(doc.article.reference_date.source.as_str(), "none");
}

#[test]
fn json_lines_one_article_a_line_bad_lines_named() {
    let input = "{\"title\":\"甲\",\"published\":\"2023-10-29T10:00:00+08:00\",\"url\":\"https://a/1\",\"text\":\"甲会见乙。\"}\n\
                 this is not json\n\
                 {\"title\":\"丙\",\"html\":\"<p>丙会见丁。</p>\"}\n\
                 {\"title\":\"戊\"}\n";
    let out = read_bytes("feed.jsonl", input.as_bytes());
    assert_eq!(out.len(), 4);
    let first = out[0].as_ref().unwrap();
    assert_eq!(
        (first.article.source.as_str(), first.article.url.as_deref()),
        ("feed.jsonl:1", Some("https://a/1"))
    );
    let bad = out[1].as_ref().unwrap_err();
    assert!(
        bad.to_string()
            .starts_with("feed.jsonl:2: not a JSON object"),
        "{bad}"
    );
    assert_eq!(
        out[2]
            .as_ref()
            .unwrap()
            .slice(out[2].as_ref().unwrap().blocks[1].span),
        "丙会见丁。"
    );
    assert!(out[3].is_err());
}

#[test]
fn legacy_encodings_are_detected_and_recorded() {
    let simplified = "# 张又侠同老挝国防部长会谈\n\n中央军委副主席张又侠在北京同来华参加第十届北京香山论坛的老挝副总理兼国防部长占沙蒙会谈。\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(simplified);
    let doc = read_bytes("gbk.md", &gbk).remove(0).unwrap();
    assert_eq!(doc.article.encoding, "gb18030");
    assert_eq!(
        doc.article.title.as_deref(),
        Some("张又侠同老挝国防部长会谈")
    );

    let traditional = JEKYLL_MD;
    let (big5, _, _) = encoding_rs::BIG5.encode(traditional);
    let doc = read_bytes("big5.md", &big5).remove(0).unwrap();
    assert_eq!(doc.article.encoding, "big5");
    assert_eq!(
        doc.article.title.as_deref(),
        Some("張又俠分別同老撾及蒙古國防部長會談")
    );

    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(traditional.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let doc = read_bytes("utf16.md", &utf16).remove(0).unwrap();
    assert_eq!(doc.article.encoding, "utf-16le");
    assert_eq!(doc.article.outlet.as_deref(), Some("rthk"));

    let mut bom = vec![0xef, 0xbb, 0xbf];
    bom.extend_from_slice(JEKYLL_MD.as_bytes());
    let doc = read_bytes("bom.md", &bom).remove(0).unwrap();
    assert_eq!(
        (doc.article.encoding.as_str(), doc.article.format.as_str()),
        ("utf-8", "jekyll")
    );
}

#[test]
fn errors_name_their_input() {
    let err = |name: &str, bytes: &[u8]| read_bytes(name, bytes).remove(0).unwrap_err();
    let e = err(
        "photo.jpg",
        &[0xff, 0xd8, 0xff, 0xe0, 0, 0x10, b'J', b'F', b'I', b'F', 0],
    );
    assert!(matches!(e.kind, ReadErrorKind::Binary));
    assert_eq!(e.to_string(), "photo.jpg: binary data, not a text article");
    let e = err("empty.html", b"---\ntitle: x\ndate: 2023-10-01 00:00:00 +08:00\n---\n\n<div class=\"articlekeywordGroup\"></div>");
    assert_eq!(e.to_string(), "empty.html: no body text");
    let e = err("blank.txt", b"   \n\n");
    assert!(matches!(e.kind, ReadErrorKind::NoBody));
    let e = err("bad.md", b"---\ntitle: [unclosed\n---\n\nbody");
    assert!(e.to_string().starts_with("bad.md: bad front matter"), "{e}");
    let e = jishi_read::read_path(
        std::path::Path::new("/no/such/file.html"),
        Default::default(),
    )
    .remove(0)
    .unwrap_err();
    assert!(
        e.to_string().starts_with("/no/such/file.html: cannot read"),
        "{e}"
    );
}

#[test]
fn identity_is_the_url_else_the_path_and_the_hash_follows_the_body() {
    let a = read_bytes("one/path.html", JEKYLL_HTML.as_bytes())
        .remove(0)
        .unwrap();
    let b = read_bytes("other/path.html", JEKYLL_HTML.as_bytes())
        .remove(0)
        .unwrap();
    assert_eq!(a.article.id, b.article.id, "same URL, same id");
    assert_eq!(a.article.id.len(), 16);
    let retitled = JEKYLL_HTML.replace("title: 香山論壇中美互動少", "title: 另一個標題");
    let c = read_bytes("x.html", retitled.as_bytes()).remove(0).unwrap();
    assert_eq!(
        a.article.content_hash, c.article.content_hash,
        "the title is not the body"
    );
    let p = read_bytes("p1.txt", "正文一。".as_bytes())
        .remove(0)
        .unwrap();
    let q = read_bytes("p2.txt", "正文一。".as_bytes())
        .remove(0)
        .unwrap();
    assert_ne!(p.article.id, q.article.id, "no URL: the path is the key");
}
