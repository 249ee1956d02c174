//! A minimal WebDriver client over chromedriver and Debian's headless Chromium: enough to open a
//! page, type, click, run a script and take a screenshot. `Browser::start` is `None` (and says
//! why) when chromium or chromedriver is not installed, so the browser tests skip on a bare
//! machine.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

use super::request;

/// Where Debian puts Chromium (`JISHI_CHROMIUM` overrides).
const CHROMIUM: &str = "/usr/bin/chromium";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process and one browser session in it.
pub struct Browser {
    // one browser at a time: several Chromiums at once only make each test slower
    _turn: std::sync::MutexGuard<'static, ()>,
    driver: Child,
    addr: SocketAddr,
    session: String,
    _profile: TempDir,
}

/// An element of the page, by its WebDriver id.
#[derive(Clone, Debug)]
pub struct Element(String);

fn chromedriver() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("JISHI_CHROMEDRIVER") {
        return Some(PathBuf::from(p)).filter(|p| p.exists());
    }
    ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn chromium() -> PathBuf {
    std::env::var_os("JISHI_CHROMIUM").map_or_else(|| PathBuf::from(CHROMIUM), PathBuf::from)
}

static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl Browser {
    /// Starts chromedriver and a headless Chromium, or says why not and returns `None`.
    pub fn start() -> Option<Browser> {
        let Some(driver_path) = chromedriver() else {
            eprintln!("SKIP: chromedriver not found (apt-get install chromium chromium-driver)");
            return None;
        };
        let chromium = chromium();
        if !chromium.exists() {
            eprintln!(
                "SKIP: {} not found (apt-get install chromium chromium-driver)",
                chromium.display()
            );
            return None;
        }
        let turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let ready = request(addr, "GET", "/status", None)
                .ok()
                .map(|a| a.json()["value"]["ready"] == true);
            if ready == Some(true) {
                break;
            }
            assert!(Instant::now() < deadline, "chromedriver did not get ready");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = TempDir::new("jishi-e2e-profile");
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,1000",
            &format!("--user-data-dir={}", profile.0.display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args},
            "unhandledPromptBehavior": "ignore",
        }}});
        let mut browser = Browser {
            _turn: turn,
            driver,
            addr,
            session: String::new(),
            _profile: profile,
        };
        let answer = browser.call("POST", "/session", caps);
        browser.session = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_string();
        Some(browser)
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let body = body.to_string();
        let sent = if method == "GET" || method == "DELETE" {
            None
        } else {
            Some(body.as_bytes())
        };
        let answer = request(self.addr, method, path, sent)
            .unwrap_or_else(|e| panic!("chromedriver {method} {path}: {e}"));
        let value = answer.json()["value"].clone();
        assert!(
            answer.status == 200,
            "chromedriver {method} {path}: {} {value}",
            answer.status
        );
        value
    }

    fn session(&self, method: &str, path: &str, body: Value) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    /// Opens `url`.
    pub fn goto(&self, url: &str) {
        self.session("POST", "/url", json!({ "url": url }));
    }

    /// The first element that matches a CSS selector, waiting up to 30 s for it to appear.
    pub fn wait_for(&self, css: &str) -> Element {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let found = self.session(
                "POST",
                "/elements",
                json!({"using": "css selector", "value": css}),
            );
            if let Some(first) = found.as_array().and_then(|a| a.first()) {
                return Element(first[ELEMENT].as_str().expect("an element id").to_string());
            }
            assert!(Instant::now() < deadline, "no element {css} on the page");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Types `text` into an element.
    pub fn type_into(&self, element: &Element, text: &str) {
        self.session(
            "POST",
            &format!("/element/{}/value", element.0),
            json!({ "text": text }),
        );
    }

    /// Clicks an element.
    pub fn click(&self, element: &Element) {
        self.session("POST", &format!("/element/{}/click", element.0), json!({}));
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns what it returns.
    pub fn run(&self, script: &str, args: Value) -> Value {
        self.session(
            "POST",
            "/execute/sync",
            json!({ "script": script, "args": args }),
        )
    }

    /// The text of an open alert/confirm/prompt dialog, if one is open.
    pub fn alert_text(&self) -> Option<String> {
        let path = format!("/session/{}/alert/text", self.session);
        let answer = request(self.addr, "GET", &path, None).ok()?;
        (answer.status == 200).then(|| answer.json()["value"].to_string())
    }

    /// Saves a screenshot of the window as PNG under `target/e2e/`, and returns its path.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let data = self.session("GET", "/screenshot", Value::Null);
        let png = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().expect("base64 PNG"))
            .expect("valid base64");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e");
        std::fs::create_dir_all(&dir).expect("target/e2e");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("screenshot written");
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let _ = request(self.addr, "DELETE", &path, None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(prefix: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir = std::env::temp_dir().join(format!("{prefix}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
