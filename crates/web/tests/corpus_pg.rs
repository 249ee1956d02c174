//! The corpus API on PostgreSQL: the fixture corpus moved into a PostgreSQL database
//! (`Store::copy_into`, as `jishi migrate` does) answers every corpus endpoint exactly as the
//! SQLite file it came from. Needs a server in `JISHI_TEST_PG` (`.ci/run` starts one); without
//! it the test says so and skips.

mod common;

use common::{corpus_db, limits, request, start};
use serde_json::Value;

fn get(addr: std::net::SocketAddr, path: &str) -> Value {
    let answer = request(addr, "GET", path, None).unwrap();
    assert_eq!(answer.status, 200, "{path}: {}", answer.text());
    answer.json()
}

#[test]
fn every_corpus_endpoint_answers_the_same_on_postgresql() {
    let Some(url) = jishi_store::testing::fresh_url("web").expect("the test server answers") else {
        eprintln!(
            "skipped: {} is not set (no PostgreSQL server)",
            jishi_store::testing::ENV
        );
        return;
    };
    let sqlite = corpus_db("pg-source.db");
    {
        let from = jishi_store::Store::open(&sqlite).expect("the fixture corpus opens");
        let mut to = jishi_store::Store::open_postgres(&url).expect("the server answers");
        from.copy_into(&mut to, |_| {}).expect("copied");
    }
    let (lite, pg) = (
        start(Some(sqlite), true, limits()),
        start(Some(url.into()), true, limits()),
    );
    let stats = get(lite, "/api/stats");
    assert!(stats["articles"].as_u64().unwrap_or(0) >= 3, "{stats}");
    let actor = get(lite, "/api/actors?limit=1")["items"][0]["id"].clone();
    let article = get(lite, "/api/articles?limit=1")["items"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let paths = [
        "/api/stats".to_string(),
        "/api/articles".into(),
        format!("/api/articles/{article}"),
        "/api/events".into(),
        "/api/quotes".into(),
        "/api/actors".into(),
        format!("/api/actors/{actor}"),
        "/api/network".into(),
        "/api/timeline".into(),
        "/api/search?q=%E5%9C%8B%E9%98%B2".into(), // 國防, traditional
        "/api/search?q=%E8%AF%B4".into(),          // 说, one character
    ];
    for path in &paths {
        assert_eq!(get(pg, path), get(lite, path), "{path}");
    }
}
