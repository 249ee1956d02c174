//! The corpus API over a small database of the fixture articles.

mod common;

use common::{corpus_server, request, server};
use serde_json::Value;

fn get(path: &str) -> Value {
    let answer = request(corpus_server(), "GET", path, None).unwrap();
    assert_eq!(answer.status, 200, "{path}: {}", answer.text());
    answer.json()
}

fn actor_id(name: &str) -> i64 {
    let found = get(&format!("/api/actors?q={}", urlencode(name)));
    found["items"][0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no actor {name}: {found}"))
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[test]
fn articles_are_listed_and_served_as_records() {
    let list = get("/api/articles");
    let items = list["items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        3,
        "two fixture articles and the hostile record: {list}"
    );
    let id = items[0]["id"].as_str().unwrap();
    let record = get(&format!("/api/articles/{id}"));
    assert_eq!(record["schema"], "document/1");
    let missing = request(corpus_server(), "GET", "/api/articles/nope", None).unwrap();
    assert_eq!(missing.status, 404);
}

#[test]
fn an_actor_page_has_quotes_events_and_partners() {
    let id = actor_id("奥斯汀");
    let actor = get(&format!("/api/actors/{id}"));
    assert_eq!(actor["name"], "奥斯汀");
    assert!(!actor["quotes"].as_array().unwrap().is_empty(), "{actor}");
    assert!(!actor["events"].as_array().unwrap().is_empty(), "{actor}");
    let partners: Vec<&str> = actor["partners"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(partners.contains(&"董军"), "{partners:?}");
}

#[test]
fn the_network_links_actors_with_cooperation_and_conflict_counts() {
    let net = get("/api/network");
    let nodes = net["nodes"].as_array().unwrap();
    let edges = net["edges"].as_array().unwrap();
    assert!(nodes.len() >= 2 && !edges.is_empty(), "{net}");
    for e in edges {
        let ids: Vec<i64> = nodes.iter().filter_map(|n| n["id"].as_i64()).collect();
        assert!(ids.contains(&e["source"].as_i64().unwrap()));
        assert!(ids.contains(&e["target"].as_i64().unwrap()));
        assert!(
            e["events"].as_i64().unwrap()
                >= e["cooperation"].as_i64().unwrap() + e["conflict"].as_i64().unwrap()
        );
    }
    // a type filter keeps only those events
    let consult = get("/api/network?type=CONSULT");
    for e in consult["edges"].as_array().unwrap() {
        assert_eq!(e["conflict"], 0, "{e}");
    }
}

#[test]
fn the_timeline_counts_events_per_day() {
    let t = get("/api/timeline");
    let days = t["days"].as_array().unwrap();
    assert!(!days.is_empty(), "{t}");
    let austin = actor_id("奥斯汀");
    let only = get(&format!("/api/timeline?actor={austin}&since=2023-11-01"));
    for d in only["days"].as_array().unwrap() {
        assert!(d["date"].as_str().unwrap() >= "2023-11-01", "{d}");
    }
}

#[test]
fn search_finds_in_either_script() {
    // 董軍 and 馬尼拉 are traditional; the corpus was written in simplified characters
    let r = get(&format!("/api/search?q={}", urlencode("董軍")));
    assert!(
        r["actors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["name"] == "董军"),
        "{r}"
    );
    let r = get(&format!("/api/search?q={}", urlencode("訪問馬尼拉")));
    assert_eq!(r["articles"].as_array().unwrap().len(), 1, "{r}");
    let r = get(&format!("/api/search?q={}", urlencode("支持菲律賓")));
    assert_eq!(r["quotes"].as_array().unwrap().len(), 1, "{r}");
}

#[test]
fn without_a_corpus_the_corpus_api_says_how_to_get_one() {
    let answer = request(server(), "GET", "/api/network", None).unwrap();
    assert_eq!(answer.status, 404);
    assert!(answer.json()["error"].as_str().unwrap().contains("--db"));
}
