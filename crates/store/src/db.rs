//! One connection over two backends: SQLite (rusqlite, the embedded default) and PostgreSQL (the
//! sync `postgres` client). The store writes its SQL once, with SQLite's numbered parameters
//! (`?1`, `?2`…) and the subset both dialects share (`ON CONFLICT … DO UPDATE`, `RETURNING`,
//! `instr` — defined as a function on PostgreSQL); [`Db`] translates the parameters to `$1`… and
//! the few spellings that differ, and hands back rows of [`Val`]s.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::{Result, StoreError};

/// Which SQL the backend speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A value going into or coming out of the database.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// Something that can be bound as a parameter.
pub trait ToVal {
    fn to_val(&self) -> Val;
}

impl ToVal for Val {
    fn to_val(&self) -> Val {
        self.clone()
    }
}
impl ToVal for i64 {
    fn to_val(&self) -> Val {
        Val::Int(*self)
    }
}
impl ToVal for i32 {
    fn to_val(&self) -> Val {
        Val::Int(*self as i64)
    }
}
impl ToVal for usize {
    fn to_val(&self) -> Val {
        Val::Int(*self as i64)
    }
}
impl ToVal for bool {
    fn to_val(&self) -> Val {
        Val::Int(*self as i64)
    }
}
impl ToVal for f64 {
    fn to_val(&self) -> Val {
        Val::Real(*self)
    }
}
impl ToVal for str {
    fn to_val(&self) -> Val {
        Val::Text(self.to_string())
    }
}
impl ToVal for String {
    fn to_val(&self) -> Val {
        Val::Text(self.clone())
    }
}
impl ToVal for Vec<u8> {
    fn to_val(&self) -> Val {
        Val::Blob(self.clone())
    }
}
impl<T: ToVal + ?Sized> ToVal for &T {
    fn to_val(&self) -> Val {
        (**self).to_val()
    }
}
impl<T: ToVal> ToVal for Option<T> {
    fn to_val(&self) -> Val {
        self.as_ref().map_or(Val::Null, ToVal::to_val)
    }
}

/// Parameters for [`Db`] calls: `vals![a, b]` binds `a` as `?1`, `b` as `?2`.
#[macro_export]
#[doc(hidden)]
macro_rules! vals {
    ($($x:expr),* $(,)?) => {
        [$($crate::db::ToVal::to_val(&$x)),*]
    };
}

/// A value read from a row, converted to a Rust type.
pub trait FromVal: Sized {
    fn from_val(v: &Val) -> Option<Self>;
}

impl FromVal for Val {
    fn from_val(v: &Val) -> Option<Self> {
        Some(v.clone())
    }
}
impl FromVal for i64 {
    fn from_val(v: &Val) -> Option<Self> {
        match v {
            Val::Int(i) => Some(*i),
            Val::Real(f) => Some(*f as i64),
            Val::Text(s) => s.parse().ok(),
            _ => None,
        }
    }
}
impl FromVal for bool {
    fn from_val(v: &Val) -> Option<Self> {
        i64::from_val(v).map(|i| i != 0)
    }
}
impl FromVal for f64 {
    fn from_val(v: &Val) -> Option<Self> {
        match v {
            Val::Int(i) => Some(*i as f64),
            Val::Real(f) => Some(*f),
            Val::Text(s) => s.parse().ok(),
            _ => None,
        }
    }
}
impl FromVal for String {
    fn from_val(v: &Val) -> Option<Self> {
        match v {
            Val::Text(s) => Some(s.clone()),
            Val::Int(i) => Some(i.to_string()),
            Val::Real(f) => Some(f.to_string()),
            _ => None,
        }
    }
}
impl FromVal for Vec<u8> {
    fn from_val(v: &Val) -> Option<Self> {
        match v {
            Val::Blob(b) => Some(b.clone()),
            Val::Text(s) => Some(s.as_bytes().to_vec()),
            _ => None,
        }
    }
}
impl<T: FromVal> FromVal for Option<T> {
    fn from_val(v: &Val) -> Option<Self> {
        match v {
            Val::Null => Some(None),
            v => T::from_val(v).map(Some),
        }
    }
}

/// One row of a result.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row(pub Vec<Val>);

/// A column index (as rusqlite's `RowIndex`: `r.get::<_, T>(0)` reads the same on both).
pub trait RowIndex {
    fn index(self) -> usize;
}

impl RowIndex for usize {
    fn index(self) -> usize {
        self
    }
}

impl Row {
    /// Column `i` as `T`; a NULL or a value of another type is an error unless `T` is an Option.
    pub fn get<I: RowIndex, T: FromVal>(&self, i: I) -> Result<T> {
        let i = i.index();
        let v = self.0.get(i).unwrap_or(&Val::Null);
        T::from_val(v)
            .ok_or_else(|| StoreError::Invalid(format!("column {i}: unexpected value {v:?}")))
    }

    /// Column `i` as it came.
    pub fn val(&self, i: usize) -> &Val {
        self.0.get(i).unwrap_or(&Val::Null)
    }
}

struct Pg {
    client: postgres::Client,
    /// Prepared statements by translated SQL: one round trip per call instead of two.
    cache: HashMap<String, postgres::Statement>,
}

/// A database connection of either backend.
pub enum Db {
    Sqlite(rusqlite::Connection),
    Postgres(Box<PgBackend>),
}

/// A PostgreSQL client with its statement cache.
pub struct PgConn(Pg);

/// The PostgreSQL side of [`Db`].
pub struct PgBackend {
    conn: Mutex<PgConn>,
    /// An empty in-memory SQLite database: what rusqlite-only code sees through `Deref` on a
    /// PostgreSQL store (no rows).
    blank: rusqlite::Connection,
}

/// The SQLite connection of a SQLite store (an empty in-memory one on PostgreSQL), for code
/// that speaks rusqlite directly.
impl std::ops::Deref for Db {
    type Target = rusqlite::Connection;
    fn deref(&self) -> &rusqlite::Connection {
        match self {
            Db::Sqlite(c) => c,
            Db::Postgres(p) => &p.blank,
        }
    }
}

/// `?1`, `?2`… as `$1`, `$2`… (the store's SQL has no `?` inside string literals), and the few
/// spellings that differ: `char(9)`, `group_concat`, and SQLite's `CROSS JOIN … ON` (a join
/// order hint there, a plain join here).
pub fn to_postgres(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut n = 0;
    while let Some(c) = chars.next() {
        if c == '?' {
            out.push('$');
            n += 1;
            if !chars.peek().is_some_and(char::is_ascii_digit) {
                // a bare `?` is the next parameter
                out.push_str(&n.to_string());
            }
        } else {
            out.push(c);
        }
    }
    out.replace("char(9)", "chr(9)")
        .replace("group_concat(", "string_agg(")
        .replace("CROSS JOIN", "JOIN")
}

impl postgres::types::ToSql for Val {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> std::result::Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>>
    {
        use postgres::types::Type;
        match self {
            Val::Null => Ok(postgres::types::IsNull::Yes),
            Val::Int(i) => match *ty {
                Type::INT2 => (*i as i16).to_sql(ty, out),
                Type::INT4 => (*i as i32).to_sql(ty, out),
                Type::FLOAT4 | Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                    i.to_string().to_sql(ty, out)
                }
                _ => i.to_sql(ty, out),
            },
            Val::Real(f) => match *ty {
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                Type::INT8 => (*f as i64).to_sql(ty, out),
                _ => f.to_sql(ty, out),
            },
            Val::Text(s) => match *ty {
                Type::INT8 => s.parse::<i64>()?.to_sql(ty, out),
                Type::INT4 => s.parse::<i32>()?.to_sql(ty, out),
                Type::FLOAT8 => s.parse::<f64>()?.to_sql(ty, out),
                Type::BYTEA => s.as_bytes().to_sql(ty, out),
                _ => s.as_str().to_sql(ty, out),
            },
            Val::Blob(b) => b.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

fn pg_row(row: &postgres::Row) -> Result<Row> {
    use postgres::types::Type;
    let mut out = Vec::with_capacity(row.len());
    for (i, col) in row.columns().iter().enumerate() {
        let v = match *col.type_() {
            Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Val::Int),
            Type::INT4 => row
                .try_get::<_, Option<i32>>(i)?
                .map(|v| Val::Int(v.into())),
            Type::INT2 => row
                .try_get::<_, Option<i16>>(i)?
                .map(|v| Val::Int(v.into())),
            Type::BOOL => row
                .try_get::<_, Option<bool>>(i)?
                .map(|v| Val::Int(v.into())),
            Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Val::Real),
            Type::FLOAT4 => row
                .try_get::<_, Option<f32>>(i)?
                .map(|v| Val::Real(v.into())),
            Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map(Val::Blob),
            _ => row.try_get::<_, Option<String>>(i)?.map(Val::Text),
        };
        out.push(v.unwrap_or(Val::Null));
    }
    Ok(Row(out))
}

fn sqlite_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    use rusqlite::types::Value;
    let n = row.as_ref().column_count();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        out.push(match row.get::<_, Value>(i)? {
            Value::Null => Val::Null,
            Value::Integer(i) => Val::Int(i),
            Value::Real(f) => Val::Real(f),
            Value::Text(s) => Val::Text(s),
            Value::Blob(b) => Val::Blob(b),
        });
    }
    Ok(Row(out))
}

fn sqlite_params(params: &[Val]) -> Vec<rusqlite::types::Value> {
    use rusqlite::types::Value;
    params
        .iter()
        .map(|v| match v {
            Val::Null => Value::Null,
            Val::Int(i) => Value::Integer(*i),
            Val::Real(f) => Value::Real(*f),
            Val::Text(s) => Value::Text(s.clone()),
            Val::Blob(b) => Value::Blob(b.clone()),
        })
        .collect()
}

impl PgConn {
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(st) = self.0.cache.get(sql) {
            return Ok(st.clone());
        }
        let st = self.0.client.prepare(&to_postgres(sql))?;
        self.0.cache.insert(sql.to_string(), st.clone());
        Ok(st)
    }
}

impl Db {
    /// Connects to a PostgreSQL server (`postgres://user@host:port/db` or key=value form).
    pub fn connect_postgres(url: &str) -> Result<Db> {
        let client = postgres::Client::connect(url, postgres::NoTls)?;
        let blank = rusqlite::Connection::open_in_memory()?;
        Ok(Db::Postgres(Box::new(PgBackend {
            conn: Mutex::new(PgConn(Pg {
                client,
                cache: HashMap::new(),
            })),
            blank,
        })))
    }

    /// The SQL dialect of the backend.
    pub fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite(_) => Dialect::Sqlite,
            Db::Postgres(_) => Dialect::Postgres,
        }
    }

    fn pg(&self) -> Result<std::sync::MutexGuard<'_, PgConn>> {
        match self {
            // a store is used by one thread at a time (it is not Sync): a held lock means a
            // query inside another one's row callback, which would deadlock
            Db::Postgres(p) => p.conn.try_lock().map_err(|_| {
                StoreError::Invalid("nested query on one PostgreSQL connection".into())
            }),
            Db::Sqlite(_) => Err(StoreError::Invalid("not a PostgreSQL connection".into())),
        }
    }

    /// Runs several statements without parameters.
    pub fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Db::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Db::Postgres(_) => Ok(self.pg()?.0.client.batch_execute(sql)?),
        }
    }

    /// Runs one statement; the number of rows it changed.
    pub fn execute(&self, sql: &str, params: &[Val]) -> Result<u64> {
        match self {
            Db::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                Ok(st.execute(rusqlite::params_from_iter(sqlite_params(params)))? as u64)
            }
            Db::Postgres(_) => {
                let mut pg = self.pg()?;
                let st = pg.statement(sql)?;
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params
                    .iter()
                    .map(|v| v as &(dyn postgres::types::ToSql + Sync))
                    .collect();
                Ok(pg.0.client.execute(&st, &refs)?)
            }
        }
    }

    /// Calls `f` on each row of a query, in order, without holding all of them.
    pub fn for_each(
        &self,
        sql: &str,
        params: &[Val],
        mut f: impl FnMut(&Row) -> Result<()>,
    ) -> Result<()> {
        match self {
            Db::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                let mut rows = st.query(rusqlite::params_from_iter(sqlite_params(params)))?;
                while let Some(r) = rows.next()? {
                    f(&sqlite_row(r)?)?;
                }
                Ok(())
            }
            Db::Postgres(_) => {
                use postgres::fallible_iterator::FallibleIterator;
                let mut pg = self.pg()?;
                let st = pg.statement(sql)?;
                let mut it = pg.0.client.query_raw(&st, params.iter())?;
                while let Some(r) = it.next()? {
                    f(&pg_row(&r)?)?;
                }
                Ok(())
            }
        }
    }

    /// Every row of a query, each mapped by `f`.
    pub fn query_map<T>(
        &self,
        sql: &str,
        params: &[Val],
        mut f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.for_each(sql, params, |r| {
            out.push(f(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Every row of a query.
    pub fn rows(&self, sql: &str, params: &[Val]) -> Result<Vec<Row>> {
        self.query_map(sql, params, |r| Ok(r.clone()))
    }

    /// The first row of a query, if any, mapped by `f`.
    pub fn query_row<T>(
        &self,
        sql: &str,
        params: &[Val],
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut first = None;
        self.for_each(sql, params, |r| {
            if first.is_none() {
                first = Some(r.clone());
            }
            Ok(())
        })?;
        first.as_ref().map(f).transpose()
    }

    /// Starts a transaction (on SQLite, taking the write lock at once); it rolls back when
    /// dropped without [`Tx::commit`].
    pub fn begin(&self) -> Result<Tx<'_>> {
        self.batch(match self.dialect() {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
        })?;
        Ok(Tx {
            db: self,
            open: true,
        })
    }
}

/// Parameters of a [`Statement`]: `[]`, an array of values (`[id]`, `vals![a, b]`), or a
/// vector of [`Val`]s.
pub trait Params {
    fn into_vals(self) -> Vec<Val>;
}

impl Params for [&dyn ToVal; 0] {
    fn into_vals(self) -> Vec<Val> {
        Vec::new()
    }
}

impl Params for Vec<Val> {
    fn into_vals(self) -> Vec<Val> {
        self
    }
}

impl Params for &[Val] {
    fn into_vals(self) -> Vec<Val> {
        self.to_vec()
    }
}

macro_rules! array_params {
    ($($n:literal)*) => {$(
        impl<T: ToVal> Params for [T; $n] {
            fn into_vals(self) -> Vec<Val> {
                self.iter().map(ToVal::to_val).collect()
            }
        }
    )*};
}
array_params!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

/// A statement to run on either backend, shaped like rusqlite's (`prepare`, `query_map`,
/// `query_row`), so code written for rusqlite moves over with few changes.
pub struct Statement<'a> {
    db: &'a Db,
    sql: String,
}

impl Statement<'_> {
    /// The rows mapped by `f`, each a `Result` (collect them, or `?` each).
    pub fn query_map<T>(
        &mut self,
        params: impl Params,
        f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<std::vec::IntoIter<Result<T>>> {
        Ok(self
            .db
            .query_map(&self.sql, &params.into_vals(), f)?
            .into_iter()
            .map(Ok)
            .collect::<Vec<_>>()
            .into_iter())
    }

    /// The first row mapped by `f`; an error when there is none (see [`OptionalExtension`]).
    pub fn query_row<T>(
        &mut self,
        params: impl Params,
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        self.db
            .query_row(&self.sql, &params.into_vals(), f)?
            .ok_or(StoreError::NoRows)
    }
}

/// `.optional()` on a single-row query: no row is `Ok(None)` rather than an error.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(StoreError::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

impl Db {
    /// A statement to run (parsed by the server when first run; cached per connection).
    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(Statement {
            db: self,
            sql: sql.to_string(),
        })
    }

    /// Same as [`Db::prepare`] (rusqlite's name; every statement is cached here).
    pub fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>> {
        self.prepare(sql)
    }

    /// The one row of a query mapped by `f`, rusqlite-style: an error when there is none.
    pub fn query_one<T>(
        &self,
        sql: &str,
        params: impl Params,
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        self.query_row(sql, &params.into_vals(), f)?
            .ok_or(StoreError::NoRows)
    }
}

/// An open transaction; dereferences to its [`Db`].
pub struct Tx<'a> {
    db: &'a Db,
    open: bool,
}

impl Tx<'_> {
    /// Makes the transaction's writes durable.
    pub fn commit(mut self) -> Result<()> {
        self.open = false;
        self.db.batch("COMMIT")
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            // an error here leaves nothing to undo: the connection is closing or already clean
            let _ = self.db.batch("ROLLBACK");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_parameters_become_postgres_ones() {
        assert_eq!(
            to_postgres("SELECT a FROM t WHERE x = ?1 AND instr(y, ?2) > 0"),
            "SELECT a FROM t WHERE x = $1 AND instr(y, $2) > 0"
        );
        assert_eq!(
            to_postgres("SELECT group_concat(a, ' ') FROM t WHERE b = char(9)"),
            "SELECT string_agg(a, ' ') FROM t WHERE b = chr(9)"
        );
    }
}
