//! What the web tests share: a server on a free loopback port, and a small HTTP/1.1 client
//! (enough for our own API and for chromedriver's WebDriver API; no dependencies).
#![allow(dead_code)]

pub mod webdriver;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{mpsc, Arc, OnceLock};

/// The address of a server without a corpus, started once for the whole test binary.
pub fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| start(None, false, limits()))
}

/// The limits of the test servers: the defaults, but a client that sends no request head
/// within a second is disconnected.
pub fn limits() -> jishi_web::Limits {
    jishi_web::Limits {
        header_timeout: std::time::Duration::from_secs(1),
        ..jishi_web::Limits::default()
    }
}

/// The id of the hostile record in the test corpus (`fixtures/hostile-record.json`: markup in
/// its title, URL, outlet, entity names, titles and quote).
pub const HOSTILE: &str = "badbadbadbadbad0";

/// A new database of the fixture articles and the hostile record, in a directory of its own.
pub fn corpus_db(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("jishi-web-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let db = dir.join(name);
    for end in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{end}", db.display()));
    }
    let mut store = jishi_store::Store::open(&db).expect("a new database");
    for name in ["article.txt", "article2.txt"] {
        for record in records(name) {
            store
                .put(&record, None, jishi_store::Replace::IfChanged)
                .expect("stored");
        }
    }
    let hostile: jishi_record::Record =
        serde_json::from_str(&fixture("hostile-record.json")).expect("the hostile record parses");
    store
        .put(&hostile, None, jishi_store::Replace::IfChanged)
        .expect("stored");
    store.link().expect("linked");
    db
}

/// The records of a fixture article.
pub fn records(name: &str) -> Vec<jishi_record::Record> {
    static PIPELINE: OnceLock<jishi_pipeline::Pipeline> = OnceLock::new();
    let pipeline = PIPELINE.get_or_init(|| {
        jishi_pipeline::Pipeline::new(&Default::default())
            .expect("the pipeline's embedded resources load")
    });
    pipeline
        .extract_bytes(name, fixture(name).as_bytes())
        .into_iter()
        .map(|doc| jishi_record::Record::from_doc(&doc.expect("the fixture reads")))
        .collect()
}

/// The address of a server over a small corpus of the fixture articles, started once.
pub fn corpus_server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| start(Some(corpus_db("corpus.db")), false, limits()))
}

/// A server over the database at `db`, opened read-only if asked.
pub fn start(
    db: Option<std::path::PathBuf>,
    read_only: bool,
    limits: jishi_web::Limits,
) -> SocketAddr {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let pipeline = jishi_pipeline::Pipeline::new(&Default::default())
            .expect("the pipeline's embedded resources load");
        let mut state = jishi_web::AppState::new(pipeline);
        if read_only {
            state = state.read_only();
        }
        if let Some(db) = db {
            state = state.with_corpus(&db).expect("the corpus opens");
        }
        let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("a free loopback port");
            tx.send(listener.local_addr().expect("bound"))
                .expect("test alive");
            let app = jishi_web::router_with(Arc::new(state), limits);
            jishi_web::serve(listener, app, limits)
                .await
                .expect("server runs");
        });
    });
    rx.recv().expect("the server starts")
}

/// An HTTP answer: status, headers (lower-case names) and body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// One request over a fresh connection (`Connection: close`).
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&[u8]>,
) -> std::io::Result<Answer> {
    let mut stream = TcpStream::connect(addr)?;
    let body = body.unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    // read up to the end of the body that the headers announce: some servers (chromedriver)
    // keep the connection open after the answer whatever the request asked
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        if complete(&raw) {
            break;
        }
    }
    parse(&raw).ok_or_else(|| std::io::Error::other("malformed HTTP answer"))
}

/// Whether `raw` holds a whole answer (its headers and the body they announce).
fn complete(raw: &[u8]) -> bool {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let body = &raw[split + 4..];
    for line in head.split("\r\n") {
        if let Some((k, v)) = line.split_once(':') {
            if k.trim() == "content-length" {
                return v.trim().parse::<usize>().is_ok_and(|len| body.len() >= len);
            }
            if k.trim() == "transfer-encoding" && v.contains("chunked") {
                return body.ends_with(b"0\r\n\r\n");
            }
        }
    }
    false
}

fn parse(raw: &[u8]) -> Option<Answer> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    if chunked {
        body = dechunk(&body)?;
    }
    Some(Answer {
        status,
        headers,
        body,
    })
}

fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&raw[..end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        raw = &raw[end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size + 2..)?;
    }
}

/// A fixture file of this crate's tests.
pub fn fixture(name: &str) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/").to_string() + name;
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}
