//! Hostile clients and a changing database: what the server does with them.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::{corpus_db, corpus_server, limits, records, request, server, start};

#[test]
fn an_article_larger_than_the_limit_is_refused_with_413_and_a_message() {
    // the head announces 17 MiB; the server answers without waiting for them (and sending
    // none spares the answer a reset connection)
    let mut stream = TcpStream::connect(server()).unwrap();
    let size = jishi_web::MAX_UPLOAD + 1024 * 1024;
    write!(
        stream,
        "POST /api/extract HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Length: {size}\r\n\r\n"
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut answer = Vec::new();
    let read = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{read:?} {answer}");
    assert!(answer.contains("larger than the 16 MiB"), "{answer}");
}

#[test]
fn a_client_that_sends_its_headers_too_slowly_is_disconnected() {
    let mut slow = TcpStream::connect(server()).unwrap();
    slow.write_all(b"GET /api/health HTTP/1.1\r\nHost: test\r\n")
        .unwrap();
    // meanwhile others are served
    assert_eq!(
        request(server(), "GET", "/api/health", None)
            .unwrap()
            .status,
        200
    );
    // the test servers wait a second for a request head; allow far more before failing
    slow.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut rest = Vec::new();
    let closed = slow.read_to_end(&mut rest);
    let rest = String::from_utf8_lossy(&rest);
    assert!(
        closed.is_ok() && !rest.contains("200 OK"),
        "the connection is closed without an answer to the half request: {closed:?} {rest}"
    );
}

#[test]
fn a_request_that_takes_too_long_gets_503_and_the_server_goes_on() {
    let impatient = start(
        None,
        false,
        jishi_web::Limits {
            request_timeout: Duration::from_millis(1),
            ..limits()
        },
    );
    // analysing an article takes far longer than a millisecond
    let answer = request(
        impatient,
        "POST",
        "/api/extract",
        Some(common::fixture("article.txt").as_bytes()),
    )
    .unwrap();
    assert_eq!(answer.status, 503, "{}", answer.text());
    assert!(answer.json()["error"]
        .as_str()
        .unwrap()
        .contains("longer than"));
    assert_eq!(
        request(server(), "GET", "/api/health", None)
            .unwrap()
            .status,
        200
    );
}

#[test]
fn static_routes_serve_no_file_from_the_disk() {
    for path in [
        "/static/../../etc/passwd",
        "/assets/../../etc/passwd",
        "/assets/..%2F..%2F..%2Fetc%2Fpasswd",
        "/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/assets/%252e%252e%252fetc%252fpasswd",
        "/assets/..%5c..%5cetc%5cpasswd",
        "/assets/....//....//etc/passwd",
        "/assets/app.js/../../../../etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/article/..%2F..%2Fetc%2Fpasswd",
        "/api/articles/..%2F..%2Fetc%2Fpasswd",
    ] {
        let answer = request(corpus_server(), "GET", path, None).unwrap();
        let body = answer.text();
        assert!(!body.contains("root:"), "{path}: {body}");
        // a page path draws the page shell (the script then finds no such article); the rest
        // are unknown
        assert!(
            answer.status == 404
                || answer.status == 400
                || (answer.status == 200 && body.starts_with("<!doctype html>")),
            "{path}: {} {body}",
            answer.status
        );
    }
}

#[test]
fn a_read_only_server_opens_the_file_read_only_and_serves_it() {
    let db = corpus_db("read-only.db");
    let addr = start(Some(db), true, limits());
    let health = request(addr, "GET", "/api/health", None).unwrap().json();
    assert_eq!(health["read_only"], true, "{health}");
    let list = request(addr, "GET", "/api/articles", None).unwrap();
    assert_eq!(list.status, 200, "{}", list.text());
    assert_eq!(list.json()["items"].as_array().unwrap().len(), 3);
    // an ordinary server says it is not read-only
    let health = request(corpus_server(), "GET", "/api/health", None)
        .unwrap()
        .json();
    assert_eq!(health["read_only"], false, "{health}");
}

#[test]
fn the_server_answers_while_another_connection_ingests() {
    let db = corpus_db("ingest-while-serving.db");
    let addr = start(Some(db.clone()), false, limits());
    // a second writer of the same file, as `jishi ingest` would be: it stores many versions of
    // one article and links, while the test asks the server
    let writer = std::thread::spawn(move || {
        let mut store = jishi_store::Store::open(&db).unwrap();
        let base = records("article.txt").remove(0);
        for i in 0..40 {
            let mut record = base.clone();
            record.article.id = format!("{:016x}", 0xfeed_0000_u64 + i);
            record.article.url = Some(format!("https://example.org/ingested/{i}"));
            record.article.content_hash = format!("ingested-{i}");
            store
                .put(&record, None, jishi_store::Replace::IfChanged)
                .unwrap();
            if i % 10 == 9 {
                store.link().unwrap();
            }
        }
    });
    let mut seen = 0;
    while !writer.is_finished() {
        for path in [
            "/api/articles?limit=1000",
            "/api/network",
            "/api/search?q=%E4%B8%AD",
        ] {
            let answer = request(addr, "GET", path, None).unwrap();
            assert_eq!(
                answer.status,
                200,
                "{path} during ingest: {}",
                answer.text()
            );
        }
        seen += 1;
    }
    writer.join().unwrap();
    let list = request(addr, "GET", "/api/articles?limit=1000", None)
        .unwrap()
        .json();
    assert_eq!(
        list["items"].as_array().unwrap().len(),
        43,
        "the new articles are listed once committed (after {seen} rounds of requests)"
    );
}

#[test]
fn a_chunked_article_larger_than_the_limit_is_refused_with_413() {
    // no length announced: the server reads up to its limit, then refuses
    let mut stream = TcpStream::connect(server()).unwrap();
    stream
        .write_all(b"POST /api/extract HTTP/1.1\r\nHost: test\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n")
        .unwrap();
    // written on a thread of its own: the answer is read as it comes, before the server closes
    // a connection whose rest it did not read
    let mut writer = stream.try_clone().unwrap();
    std::thread::spawn(move || {
        let chunk = vec![b'x'; 1024 * 1024];
        for _ in 0..(jishi_web::MAX_UPLOAD / chunk.len() + 1) {
            write!(writer, "{:x}\r\n", chunk.len()).unwrap_or(());
            if writer.write_all(&chunk).is_err() || writer.write_all(b"\r\n").is_err() {
                break;
            }
        }
    });
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut answer = Vec::new();
    let read = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{read:?} {answer}");
}
