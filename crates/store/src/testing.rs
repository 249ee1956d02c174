//! Test support: a fresh, empty PostgreSQL corpus per test, when `JISHI_TEST_PG` names a server
//! (`.ci/run` starts one); each test gets its own schema, so tests run in parallel.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::{Result, Store};

/// The variable naming the test server, e.g. `postgres://postgres@127.0.0.1:5432/jishi_test`.
pub const ENV: &str = "JISHI_TEST_PG";

/// A URL for a new, empty schema of the test server (`None` when `JISHI_TEST_PG` is unset).
/// `tag` names the schema (with the process id and a counter), to find it when a test fails.
pub fn fresh_url(tag: &str) -> Result<Option<String>> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let Ok(base) = std::env::var(ENV) else {
        return Ok(None);
    };
    let tag: String = tag
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(40)
        .collect::<String>()
        .to_lowercase();
    let schema = format!(
        "t_{tag}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    let mut client = postgres::Client::connect(&base, postgres::NoTls)?;
    client.batch_execute(&format!(
        "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
    ))?;
    let sep = if base.contains('?') { '&' } else { '?' };
    Ok(Some(format!(
        "{base}{sep}options=-c%20search_path%3D{schema}%2Cpublic"
    )))
}

/// A new, empty PostgreSQL store (`None` when `JISHI_TEST_PG` is unset).
pub fn fresh_postgres(tag: &str) -> Result<Option<Store>> {
    match fresh_url(tag)? {
        Some(url) => Store::open_postgres(&url).map(Some),
        None => Ok(None),
    }
}
