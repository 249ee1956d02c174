//! End-to-end: the article view in a real headless Chromium (Debian's chromium and
//! chromium-driver). Skips, saying so, when they are not installed. Screenshots go to
//! `target/e2e/`.

mod common;

use common::webdriver::Browser;
use common::{fixture, server};
use serde_json::json;

#[test]
fn pasted_article_is_drawn_with_mentions_quotes_and_times() {
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.goto(&format!("http://{}/", server()));
    let paste = browser.wait_for("#paste");
    browser.type_into(&paste, &fixture("article.txt"));
    browser.click(&browser.wait_for("#analyse"));
    browser.wait_for("#doc .ent");
    let counts = browser.run(
        "const d = document.getElementById('doc'); return {
            per: d.querySelectorAll('.ent-PER').length,
            quotes: d.querySelectorAll('.quote').length,
            speakers: Array.from(d.querySelectorAll('.speaker-tag')).map(x => x.textContent),
            times: Array.from(d.querySelectorAll('.time')).map(x => x.title),
            text: d.textContent };",
        json!([]),
    );
    browser.screenshot("article-view");
    assert!(counts["per"].as_u64().unwrap() >= 2, "{counts}");
    assert!(counts["quotes"].as_u64().unwrap() >= 1, "{counts}");
    assert!(
        counts["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "董军"),
        "the direct quote is marked with its speaker: {counts}"
    );
    assert!(
        counts["times"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t.as_str().unwrap().contains("-10-30")),
        "a time shows its resolved value on hover: {counts}"
    );
    assert!(counts["text"]
        .as_str()
        .unwrap()
        .contains("中美两军应当加强沟通"));
}

#[test]
fn script_in_an_article_stays_text() {
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.goto(&format!("http://{}/", server()));
    let paste = browser.wait_for("#paste");
    browser.type_into(&paste, &fixture("hostile.txt"));
    browser.click(&browser.wait_for("#analyse"));
    browser.wait_for("#doc");
    let seen = browser.run(
        "const d = document.getElementById('doc'); return {
            injected: d.querySelectorAll('script, img, b, a, [onerror], [onmouseover]').length,
            scripts: document.scripts.length,
            text: d.textContent };",
        json!([]),
    );
    browser.screenshot("hostile-article");
    assert_eq!(browser.alert_text(), None, "no dialog opened");
    assert_eq!(seen["injected"], 0, "{seen}");
    assert_eq!(seen["scripts"], 1, "only the page's own script: {seen}");
    let text = seen["text"].as_str().unwrap();
    assert!(text.contains("<script>alert(1)</script>"), "{text}");
    assert!(text.contains("<img src=x onerror=alert(2)>"), "{text}");
}

#[test]
fn clicking_an_event_highlights_its_trigger_source_and_target() {
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.goto(&format!("http://{}/", server()));
    browser.wait_for("#paste");
    // a hand-made record, so that the test does not depend on what the event patterns find
    let record = json!({
        "schema": "document/1",
        "article": {"id": "t", "title": "会见", "source": "test", "language": "zh-Hans"},
        "text": "董军会见奥斯汀。奥斯汀说，双方将保持对话。",
        "blocks": [{"kind": "paragraph", "start": 0, "end": 21}],
        "sentences": [{"start": 0, "end": 8}, {"start": 8, "end": 21}],
        "entities": [
            {"id": "E1", "name": "董军", "type": "PER", "mentions": [{"start": 0, "end": 2, "text": "董军"}],
             "titles": [], "affiliation": null, "actor": {"country": "CHN", "sector": "GOV"}},
            {"id": "E2", "name": "奥斯汀", "type": "PER", "mentions": [
                {"start": 4, "end": 7, "text": "奥斯汀"}, {"start": 8, "end": 11, "text": "奥斯汀"}],
             "titles": [], "affiliation": null, "actor": null}
        ],
        "times": [],
        "quotes": [{"id": "Q1", "kind": "indirect", "text": "双方将保持对话", "start": 13, "end": 20,
                    "speaker": "E2", "speaker_text": "奥斯汀", "cue": "说", "relayed_by": null}],
        "events": [{"id": "V1", "type": "CONSULT", "mode": "meet", "cameo": "040",
                    "source": [{"entity": "E1", "code": "CHN-GOV", "text": "董军"}],
                    "target": [{"entity": "E2", "code": null, "text": "奥斯汀"}],
                    "date": null, "date_source": "none", "location": null, "negated": false,
                    "modality": "asserted", "sentence": 0,
                    "trigger": {"start": 2, "end": 4, "text": "会见"}, "mentions": []}]
    });
    browser.run(
        "const box = document.createElement('article'); box.id = 'given';
         document.getElementById('result').append(box);
         window.jishi.renderRecord(arguments[0], box);",
        json!([record]),
    );
    browser.click(&browser.wait_for("#given .event"));
    let lit = browser.run(
        "const d = document.querySelector('#given .doc'); const t = s => Array.from(d.querySelectorAll(s)).map(x => x.textContent);
         return {trigger: t('.hl-trigger'), source: t('.hl-source'), target: t('.hl-target'),
                 speaker: t('.speaker-tag')};",
        json!([]),
    );
    browser.screenshot("event-click");
    assert_eq!(lit["trigger"], json!(["会见"]));
    assert_eq!(lit["source"], json!(["董军"]));
    // only the target's mention in the event's sentence, not the one in the next sentence
    assert_eq!(lit["target"], json!(["奥斯汀"]));
    assert_eq!(lit["speaker"], json!(["奥斯汀"]));
}

#[test]
fn network_view_draws_actors_and_links_and_clicks_through() {
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.goto(&format!("http://{}/network", common::corpus_server()));
    browser.wait_for("#network circle");
    let drawn = browser.run(
        "const g = document.getElementById('network'); return {
            nodes: g.querySelectorAll('circle').length, edges: g.querySelectorAll('line.edge').length,
            names: Array.from(g.querySelectorAll('a.node text')).map(t => t.textContent) };",
        json!([]),
    );
    browser.screenshot("network-view");
    assert!(drawn["nodes"].as_u64().unwrap() >= 2, "{drawn}");
    assert!(drawn["edges"].as_u64().unwrap() >= 1, "{drawn}");
    // a node links to its actor page
    browser.run(
        "Array.from(document.querySelectorAll('#network a.node')).find(a => a.textContent.startsWith('奥斯汀'))
            .dispatchEvent(new MouseEvent('click', {bubbles: true}));",
        json!([]),
    );
    browser.wait_for(".quote-list .quote-item");
    let heading = browser.run(
        "return document.querySelector('h1').textContent;",
        json!([]),
    );
    browser.screenshot("actor-page");
    assert_eq!(heading, "奥斯汀");
}

#[test]
fn timeline_and_search_pages_draw() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let addr = common::corpus_server();
    browser.goto(&format!("http://{addr}/timeline"));
    browser.wait_for("#timeline rect.bar");
    browser.screenshot("timeline");
    browser.goto(&format!("http://{addr}/search?q=%E8%91%A3%E8%BB%8D")); // 董軍
    browser.wait_for("#found-actors a");
    let found = browser.run(
        "return document.querySelector('#found-actors a').textContent;",
        json!([]),
    );
    browser.screenshot("search");
    assert_eq!(found, "董军");
}

/// What a page shows of injected markup: elements that could run script, links that are not
/// http(s) or our own paths (the page turns any other link into `#`), and scripts beyond the
/// page's own.
const INERT: &str = "return {
    injected: document.querySelectorAll('img, iframe, object, embed, [onerror], [onload], [onmouseover], [onclick]').length,
    scripts: document.scripts.length,
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))
        .filter(h => h !== '#' && !/^(https?:|\\/)/.test(h)),
    text: document.body.textContent };";

#[test]
fn a_hostile_stored_article_stays_inert_on_every_page() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let addr = common::corpus_server();
    // the actor whose name is `"><img src=x onerror=alert(11)>`
    let actors = common::request(addr, "GET", "/api/actors?limit=1000", None)
        .unwrap()
        .json();
    let actor = actors["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"].as_str().unwrap_or_default().contains("alert(11)"))
        .map(|a| a["id"].clone())
        .unwrap_or_else(|| panic!("the hostile actor is in the corpus: {actors}"));
    let hostile = common::HOSTILE;
    for (page, drawn, shot) in [
        (
            format!("/article/{hostile}"),
            "#doc",
            "hostile-stored-article",
        ),
        (
            format!("/actor/{actor}"),
            ".quote-list .quote-item",
            "hostile-actor",
        ),
        (
            format!("/network?actor={actor}"),
            "#network circle",
            "hostile-network",
        ),
        (
            "/search?q=alert".to_string(),
            "#found-actors a",
            "hostile-search",
        ),
    ] {
        browser.goto(&format!("http://{addr}{page}"));
        browser.wait_for(drawn);
        let seen = browser.run(INERT, json!([]));
        browser.screenshot(shot);
        assert_eq!(browser.alert_text(), None, "{page}: no dialog opened");
        assert_eq!(seen["injected"], 0, "{page}: {seen}");
        assert_eq!(
            seen["scripts"], 1,
            "{page}: only the page's own script: {seen}"
        );
        assert_eq!(seen["links"], json!([]), "{page}: no javascript: link");
        assert!(
            seen["text"].as_str().unwrap().contains("alert("),
            "{page}: the payload is shown as text: {seen}"
        );
    }
}
