//! The page, its script and style, and the OpenAPI document, compiled into the binary.

use axum::extract::Path;
use axum::response::{IntoResponse, Response};

use crate::{asset, ApiError};

const INDEX: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const APP_CSS: &str = include_str!("../assets/app.css");
/// The OpenAPI 3.1 document of the JSON API.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

/// Every page: one HTML shell; the script reads the path and draws the page.
pub async fn index() -> Response {
    asset("text/html; charset=utf-8", INDEX.as_bytes())
}

/// `/assets/{file}`.
pub async fn file(Path(name): Path<String>) -> Response {
    match name.as_str() {
        "app.js" => asset("text/javascript; charset=utf-8", APP_JS.as_bytes()),
        "app.css" => asset("text/css; charset=utf-8", APP_CSS.as_bytes()),
        _ => ApiError::new(axum::http::StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}

/// `/api/openapi.json`.
pub async fn openapi() -> Response {
    asset("application/json", OPENAPI.as_bytes())
}
