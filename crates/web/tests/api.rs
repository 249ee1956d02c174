//! The JSON API over a real server on a loopback port.

mod common;

use common::{fixture, request, server};

#[test]
fn extract_returns_the_document_record_of_a_pasted_article() {
    let answer = request(
        server(),
        "POST",
        "/api/extract?name=a.txt",
        Some(fixture("article.txt").as_bytes()),
    )
    .unwrap();
    assert_eq!(answer.status, 200, "{}", answer.text());
    let body = answer.json();
    let record = &body["records"][0];
    assert_eq!(record["schema"], "document/1");
    assert_eq!(record["article"]["source"], "a.txt");
    let names: Vec<&str> = record["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert!(names.contains(&"董军"), "entities: {names:?}");
    assert!(
        !record["quotes"].as_array().unwrap().is_empty(),
        "a quote: {}",
        record["quotes"]
    );
    // offsets are code points into the text
    let text: Vec<char> = record["text"].as_str().unwrap().chars().collect();
    for e in record["entities"].as_array().unwrap() {
        for m in e["mentions"].as_array().unwrap() {
            let (s, t) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                text[s..t].iter().collect::<String>(),
                m["text"].as_str().unwrap()
            );
        }
    }
}

#[test]
fn markup_in_a_pasted_article_is_kept_as_text() {
    let answer = request(
        server(),
        "POST",
        "/api/extract",
        Some(fixture("hostile.txt").as_bytes()),
    )
    .unwrap();
    assert_eq!(answer.status, 200, "{}", answer.text());
    let text = answer.json()["records"][0]["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(text.contains("<script>alert(1)</script>"), "{text}");
}

#[test]
fn an_empty_article_is_a_client_error_with_a_message() {
    let answer = request(server(), "POST", "/api/extract", Some(b"  \n")).unwrap();
    assert_eq!(answer.status, 400);
    assert!(answer.json()["error"].as_str().unwrap().contains("empty"));
}

#[test]
fn every_api_path_is_in_the_openapi_document_and_no_other() {
    let answer = request(server(), "GET", "/api/openapi.json", None).unwrap();
    assert_eq!(answer.status, 200);
    let doc = answer.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut documented: Vec<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    let mut served: Vec<String> = jishi_web::API_PATHS.iter().map(|p| p.to_string()).collect();
    documented.sort();
    served.sort();
    assert_eq!(documented, served);
}

#[test]
fn pages_forbid_inline_script_and_assets_are_built_in() {
    let page = request(server(), "GET", "/", None).unwrap();
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let js = request(server(), "GET", "/assets/app.js", None).unwrap();
    assert_eq!(js.status, 200);
    assert!(js.text().contains("renderRecord"));
    assert!(
        !js.text().contains("innerHTML"),
        "the page script never parses HTML"
    );
    let missing = request(server(), "GET", "/assets/nope.js", None).unwrap();
    assert_eq!(missing.status, 404);
}

#[test]
fn health_names_the_stages() {
    let answer = request(server(), "GET", "/api/health", None).unwrap();
    assert_eq!(answer.status, 200);
    let body = answer.json();
    assert_eq!(body["ok"], true);
    assert!(body["stages"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s == "quotes"));
}
