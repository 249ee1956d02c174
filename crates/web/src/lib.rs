//! jishi's web UI and JSON API: reads the `document/1` record ([`jishi_record::Record`]) and
//! shows it; knows HTTP, nothing of how the record is made beyond calling the pipeline.
//!
//! The server holds one [`jishi_pipeline::Pipeline`], loaded once at startup and shared by every
//! request. `POST /api/extract` runs it over a pasted or uploaded article (any format and encoding
//! the readers take) and answers with the records; the page at `/` draws the text with its
//! entities, quotes, times and events from the record's code-point offsets. The page, its script
//! and style, and the OpenAPI document (`/api/openapi.json`) are compiled into the binary.
//!
//! Articles are hostile input: the page builds the DOM with `textContent` only, and every HTML
//! answer carries a Content-Security-Policy that allows no inline script. Clients are hostile too
//! ([`Limits`]): a request body larger than [`MAX_UPLOAD`] gets a 413, a request that takes longer
//! than its timeout a 503 (its database query is interrupted), a client that sends its headers
//! too slowly is disconnected, and connections beyond a bound wait to be accepted. The static
//! routes serve a fixed list of embedded files, never a path from the request. A read-only
//! server ([`AppState::read_only`]) opens the database file read-only.
//!
//! Answers of the corpus API are remembered by URL until the database changes (any commit, by
//! any process) or the corpus caches are read again; requests for a URL being computed wait for
//! that answer ([`AppState::without_answer_cache`] turns this off, to measure the queries).
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let pipeline = jishi_pipeline::Pipeline::new(&Default::default()).unwrap();
//! let app = jishi_web::router(std::sync::Arc::new(jishi_web::AppState::new(pipeline)));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! jishi_web::serve(listener, app, jishi_web::Limits::default()).await
//! # }
//! ```

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use jishi_pipeline::Pipeline;
use jishi_record::Record;
use serde::{Deserialize, Serialize};

mod assets;
pub mod corpus;

/// The largest article `/api/extract` takes, in bytes.
pub const MAX_UPLOAD: usize = 16 * 1024 * 1024;

/// The API paths the server answers (each documented in the OpenAPI document).
pub const API_PATHS: &[&str] = &[
    "/api/health",
    "/api/extract",
    "/api/openapi.json",
    "/api/stats",
    "/api/articles",
    "/api/articles/{id}",
    "/api/events",
    "/api/quotes",
    "/api/actors",
    "/api/actors/{id}",
    "/api/network",
    "/api/timeline",
    "/api/search",
];

/// The pages (all served by the one page script, which reads the path).
pub const PAGES: &[&str] = &[
    "/",
    "/article",
    "/article/{id}",
    "/actor/{id}",
    "/network",
    "/timeline",
    "/search",
];

/// What every request shares: the pipeline, loaded once, and the corpus if there is one.
pub struct AppState {
    pipeline: Pipeline,
    corpus: Option<corpus::Corpus>,
    read_only: bool,
    answers: Option<Answers>,
}

impl AppState {
    /// The state of a server that analyses articles with `pipeline` (and has no corpus).
    pub fn new(pipeline: Pipeline) -> AppState {
        AppState {
            pipeline,
            corpus: None,
            read_only: false,
            answers: Some(Answers::default()),
        }
    }

    /// The same, computing every answer afresh (to measure what the queries cost).
    pub fn without_answer_cache(self) -> AppState {
        AppState {
            answers: None,
            ..self
        }
    }

    /// The same, opening the corpus (see [`AppState::with_corpus`]) with the database file
    /// itself read-only: nothing this process does can change it, and a database of an older
    /// schema is refused rather than upgraded. (The server never writes the corpus either way,
    /// and `/api/extract` analyses a pasted article without storing it.)
    pub fn read_only(self) -> AppState {
        AppState {
            read_only: true,
            ..self
        }
    }

    /// The same, browsing the corpus database at `path`. Its connections take no writes; a
    /// concurrent `jishi ingest` (WAL) may write the file meanwhile, and the server reads its
    /// commits.
    pub fn with_corpus(self, path: &std::path::Path) -> Result<AppState, jishi_store::StoreError> {
        Ok(AppState {
            corpus: Some(corpus::Corpus::open(path, self.read_only)?),
            ..self
        })
    }
}

/// How much the server takes from a client before it gives up on it.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// A request that takes longer gets a 503 (its database query is interrupted).
    pub request_timeout: Duration,
    /// A client that has not sent a request's headers within this time is disconnected
    /// (slowloris), and so is one idle this long between requests.
    pub header_timeout: Duration,
    /// Connections served at once; more wait to be accepted.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            request_timeout: Duration::from_secs(60),
            header_timeout: Duration::from_secs(10),
            max_connections: 512,
        }
    }
}

/// The routes of the UI and the API over `state`, with the default request timeout.
pub fn router(state: Arc<AppState>) -> Router {
    router_with(state, Limits::default())
}

/// The routes of the UI and the API over `state`; a request taking longer than
/// `limits.request_timeout` gets a 503.
pub fn router_with(state: Arc<AppState>, limits: Limits) -> Router {
    routes(Arc::clone(&state))
        .layer(axum::middleware::from_fn(
            move |request: Request, next: Next| remember(Arc::clone(&state), request, next),
        ))
        .layer(axum::middleware::from_fn(
            move |request: Request, next: Next| timeout(limits.request_timeout, request, next),
        ))
}

/// Answers of the corpus API remembered by URL while the database stays the same: a reader's
/// pages repeat their calls (going back, the network view and the actor it links to), and the
/// costly ones are then answered from memory. Any commit to the database (a concurrent ingest)
/// and any new reading of the corpus caches make every remembered answer stale.
#[derive(Default)]
struct Answers {
    remembered: std::sync::Mutex<std::collections::HashMap<String, Remembered>>,
    /// One lock per URL being computed: requests for the same URL that come meanwhile wait for
    /// its answer instead of computing it again (at startup, fifty readers of one page).
    computing: std::sync::Mutex<std::collections::HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl Answers {
    fn known(&self, key: &str, version: (i64, u64)) -> Option<axum::body::Bytes> {
        let map = self.remembered.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key)
            .filter(|r| r.version == version)
            .map(|r| r.body.clone())
    }
}

struct Remembered {
    /// The database's data version and the corpus caches' generation it was computed from.
    version: (i64, u64),
    body: axum::body::Bytes,
}

/// At most this many answers are remembered (then all are forgotten and remembering starts
/// again), each at most this large: some 256 MiB at worst.
const ANSWERS: usize = 1024;
const ANSWER_BYTES: usize = 256 * 1024;

/// The corpus API paths whose answers may be remembered.
fn rememberable(request: &Request) -> bool {
    let path = request.uri().path();
    request.method() == axum::http::Method::GET
        && path.starts_with("/api/")
        && !matches!(path, "/api/health" | "/api/openapi.json" | "/api/extract")
}

async fn remember(state: Arc<AppState>, request: Request, next: Next) -> Response {
    let (Some(answers), Some(corpus)) = (&state.answers, &state.corpus) else {
        return next.run(request).await;
    };
    if !rememberable(&request) {
        return next.run(request).await;
    }
    let Some(data) = corpus.data_version() else {
        return next.run(request).await;
    };
    let version = (data, corpus.generation());
    let key = request.uri().to_string();
    if let Some(body) = answers.known(&key, version) {
        return json_answer(body);
    }
    let lock = {
        let mut computing = answers.computing.lock().unwrap_or_else(|p| p.into_inner());
        if computing.len() >= ANSWERS {
            computing.retain(|_, lock| Arc::strong_count(lock) > 1);
        }
        Arc::clone(computing.entry(key.clone()).or_default())
    };
    let _computing = lock.lock().await;
    if let Some(body) = answers.known(&key, version) {
        return json_answer(body);
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    // answers of a known, small size are remembered; others pass as they are
    let small = axum::body::HttpBody::size_hint(response.body())
        .exact()
        .is_some_and(|n| n <= ANSWER_BYTES as u64);
    if !small {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, ANSWER_BYTES).await else {
        return ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the answer could not be read",
        )
        .into_response();
    };
    {
        let mut map = answers.remembered.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= ANSWERS {
            map.clear();
        }
        map.insert(
            key,
            Remembered {
                version,
                body: body.clone(),
            },
        );
    }
    Response::from_parts(parts, axum::body::Body::from(body))
}

fn json_answer(body: axum::body::Bytes) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

async fn timeout(limit: Duration, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the request took longer than {} s", limit.as_secs_f32()),
        )
        .into_response(),
    }
}

fn routes(state: Arc<AppState>) -> Router {
    let mut app = Router::new();
    for page in PAGES {
        app = app.route(page, get(assets::index));
    }
    app.route("/assets/{file}", get(assets::file))
        .route("/api/health", get(health))
        .route("/api/openapi.json", get(assets::openapi))
        .route("/api/stats", get(corpus::stats))
        .route("/api/articles", get(corpus::articles))
        .route("/api/articles/{id}", get(corpus::article))
        .route("/api/events", get(corpus::events))
        .route("/api/quotes", get(corpus::quotes))
        .route("/api/actors", get(corpus::actors))
        .route("/api/actors/{id}", get(corpus::actor))
        .route("/api/network", get(corpus::network))
        .route("/api/timeline", get(corpus::timeline))
        .route("/api/search", get(corpus::search))
        // the handler reads the body itself, to its own limit
        .route(
            "/api/extract",
            post(extract).layer(DefaultBodyLimit::disable()),
        )
        .fallback(not_found)
        .with_state(state)
}

/// Serves `app` on `listener` until Ctrl-C: HTTP/1.1, each connection on a task of its own,
/// at most `limits.max_connections` at once, each dropped when it sends no complete request
/// head within `limits.header_timeout`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: Limits,
) -> std::io::Result<()> {
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let mut stop = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot,
            _ = &mut stop => return Ok(()),
        };
        let Ok(slot) = slot else {
            return Ok(());
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // out of file descriptors and the like: wait, do not spin
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => return Ok(()),
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
            drop(slot);
        });
    }
}

/// An error answer: a status and a message, as JSON `{"error": "..."}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message });
        (self.status, Json(body)).into_response()
    }
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such page or endpoint")
}

#[derive(Serialize)]
struct Health {
    ok: bool,
    stages: Vec<&'static str>,
    corpus: bool,
    /// The corpus database is open read-only (`--read-only`).
    read_only: bool,
}

async fn health(State(state): State<Arc<AppState>>) -> Json<Health> {
    Json(Health {
        ok: true,
        stages: state.pipeline.stage_names(),
        corpus: state.corpus.is_some(),
        read_only: state
            .corpus
            .as_ref()
            .is_some_and(corpus::Corpus::is_read_only),
    })
}

/// The query of `/api/extract`.
#[derive(Deserialize)]
struct ExtractQuery {
    /// The file name the article came under (shown as its source; the format is read from the
    /// content, not the name).
    name: Option<String>,
}

/// The answer of `/api/extract`: one record per article in the input (JSON Lines hold several),
/// and a message per article that could not be read or analysed.
#[derive(Serialize, Deserialize, Debug)]
pub struct ExtractResponse {
    /// The `document/1` records.
    pub records: Vec<Record>,
    /// Why an article in the input gave no record.
    pub errors: Vec<String>,
}

async fn extract(
    State(state): State<Arc<AppState>>,
    Query(query): Query<ExtractQuery>,
    headers: header::HeaderMap,
    body: axum::body::Body,
) -> Result<Json<ExtractResponse>, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the article is larger than the {} MiB this server takes",
                MAX_UPLOAD / (1024 * 1024)
            ),
        )
    };
    // a body announced too large is refused before a byte of it is read
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > MAX_UPLOAD as u64) {
        return Err(too_large());
    }
    let body = axum::body::to_bytes(body, MAX_UPLOAD).await.map_err(|e| {
        let e = e.into_inner();
        if e.downcast_ref::<http_body_util::LengthLimitError>()
            .is_some()
        {
            too_large()
        } else {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("the request body could not be read: {e}"),
            )
        }
    })?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "the request body is empty: send the article's bytes",
        ));
    }
    let name = query
        .name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "pasted".to_string());
    // the pipeline is CPU work: keep it off the threads that serve other requests
    let answer = tokio::task::spawn_blocking(move || {
        let mut out = ExtractResponse {
            records: Vec::new(),
            errors: Vec::new(),
        };
        for doc in state.pipeline.extract_bytes(&name, &body) {
            match doc {
                Ok(doc) => out.records.push(Record::from_doc(&doc)),
                Err(e) => out.errors.push(e.to_string()),
            }
        }
        out
    })
    .await
    .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    if answer.records.is_empty() {
        let message = if answer.errors.is_empty() {
            "no article in the input".to_string()
        } else {
            answer.errors.join("; ")
        };
        return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, message));
    }
    Ok(Json(answer))
}

/// A static answer with its content type and the headers every answer of ours carries.
fn asset(content_type: &'static str, body: &'static [u8]) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// Binds `addr` and serves the UI and API over `state` until Ctrl-C, on a runtime of its own
/// (for callers that are not async, like the CLI), with the default [`Limits`]. `on_ready` is
/// told the bound address.
pub fn run(
    addr: std::net::SocketAddr,
    state: AppState,
    on_ready: impl FnOnce(std::net::SocketAddr),
) -> std::io::Result<()> {
    let limits = Limits::default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        on_ready(listener.local_addr()?);
        serve(listener, router_with(Arc::new(state), limits), limits).await
    })
}
