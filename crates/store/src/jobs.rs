//! Distributed ingest on PostgreSQL: a queue of inputs in the `jobs` table that any number of
//! `jishi ingest --worker` processes, on any number of machines, share through the database.
//!
//! - **Enqueue.** One row per input (its name and bytes); enqueuing the same name again with the
//!   same bytes changes nothing, with other bytes makes it pending again.
//! - **Claim.** A worker takes a few pending rows, or rows whose lease expired (their worker
//!   died), with `SELECT … FOR UPDATE SKIP LOCKED`: two workers never take the same row at once,
//!   and nobody waits for anybody.
//! - **Lease.** A claimed row is leased until a time the worker renews while it lives
//!   ([`Store::renew_leases`]); a worker killed mid-article simply stops renewing, and the row
//!   is taken again once the lease has passed.
//! - **Done.** The articles of an input and its `done` mark commit in one transaction
//!   ([`Store::put_batch`] with [`finish_job`]): an input is either wholly stored and done, or
//!   not done at all. Storing is idempotent (`Replace::IfBetter`), so an input done twice (a
//!   lease lost to a slow worker) ends the same.

use std::time::Duration;

use crate::db::{Db, Dialect};
use crate::{Result, Store, StoreError};

/// A claimed input.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: i64,
    pub name: String,
    pub bytes: Vec<u8>,
    /// How many times it was claimed, this time included.
    pub attempts: i64,
}

/// How far the queue is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Queue {
    pub pending: u64,
    /// Claimed, lease still running.
    pub running: u64,
    /// Claimed by a worker that stopped renewing: free to take.
    pub expired: u64,
    pub done: u64,
    /// Given up after too many attempts.
    pub failed: u64,
}

impl Queue {
    /// Nothing left to take now or later.
    pub fn finished(&self) -> bool {
        self.pending == 0 && self.running == 0 && self.expired == 0
    }
}

/// Inputs claimed this many times without success are given up (marked failed).
pub const MAX_ATTEMPTS: i64 = 5;

impl Store {
    fn require_postgres(&self) -> Result<&Db> {
        match self.db().dialect() {
            Dialect::Postgres => Ok(self.db()),
            Dialect::Sqlite => Err(StoreError::Invalid(
                "the job queue needs a PostgreSQL database (--db postgres://…)".into(),
            )),
        }
    }

    /// Adds an input to the queue; true when it is (again) pending.
    pub fn enqueue(&self, name: &str, bytes: &[u8]) -> Result<bool> {
        let db = self.require_postgres()?;
        let n = db.execute(
            "INSERT INTO jobs(name, raw) VALUES (?1, ?2)
             ON CONFLICT(name) DO UPDATE
                SET raw = excluded.raw, state = 'pending', owner = NULL, lease_until = NULL,
                    attempts = 0, error = NULL
              WHERE jobs.state = 'failed' OR (jobs.state = 'done'
                    AND sha256(excluded.raw) <> coalesce(jobs.hash, ''::bytea))",
            &vals![name, bytes.to_vec()],
        )?;
        Ok(n > 0)
    }

    /// Takes up to `n` inputs for `owner`, leased for `lease`.
    pub fn claim(&self, owner: &str, n: usize, lease: Duration) -> Result<Vec<Job>> {
        let db = self.require_postgres()?;
        let tx = db.begin()?;
        // rows whose workers gave up too often stop here
        tx.execute(
            "UPDATE jobs SET state = 'failed', error = coalesce(error, 'too many attempts')
              WHERE state = 'running' AND lease_until < now() AND attempts >= ?1",
            &vals![MAX_ATTEMPTS],
        )?;
        let jobs = tx.query_map(
            "UPDATE jobs SET state = 'running', owner = ?1, attempts = attempts + 1,
                    lease_until = now() + make_interval(secs => ?2)
              WHERE id IN (SELECT id FROM jobs
                            WHERE state = 'pending' OR (state = 'running' AND lease_until < now())
                            ORDER BY id LIMIT ?3 FOR UPDATE SKIP LOCKED)
              RETURNING id, name, raw, attempts",
            &vals![owner, lease.as_secs_f64(), n as i64],
            |r| {
                Ok(Job {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    bytes: r.get::<_, Option<Vec<u8>>>(2)?.unwrap_or_default(),
                    attempts: r.get(3)?,
                })
            },
        )?;
        tx.commit()?;
        let mut jobs = jobs;
        jobs.sort_by_key(|j| j.id);
        Ok(jobs)
    }

    /// Extends the leases of every input `owner` holds (a worker's heartbeat); how many.
    pub fn renew_leases(&self, owner: &str, lease: Duration) -> Result<u64> {
        self.require_postgres()?.execute(
            "UPDATE jobs SET lease_until = now() + make_interval(secs => ?2)
              WHERE owner = ?1 AND state = 'running'",
            &vals![owner, lease.as_secs_f64()],
        )
    }

    /// Counts of the queue by state.
    pub fn queue(&self) -> Result<Queue> {
        let db = self.require_postgres()?;
        let mut q = Queue::default();
        db.for_each(
            "SELECT CASE WHEN state = 'running' AND lease_until < now() THEN 'expired'
                         ELSE state END, count(*)
               FROM jobs GROUP BY 1",
            &[],
            |r| {
                let n = r.get::<_, i64>(1)? as u64;
                match r.get::<_, String>(0)?.as_str() {
                    "pending" => q.pending = n,
                    "running" => q.running = n,
                    "expired" => q.expired = n,
                    "done" => q.done = n,
                    _ => q.failed += n,
                }
                Ok(())
            },
        )?;
        Ok(q)
    }
}

/// Marks a job done inside the transaction that stored its articles (see [`Store::put_batch`]);
/// its bytes are dropped (the `inputs` table keeps them, deflated), their hash kept to tell
/// a changed input when it is enqueued again.
pub fn finish_job(tx: &Db, job: i64) -> Result<()> {
    tx.execute(
        "UPDATE jobs SET state = 'done', hash = sha256(raw), raw = NULL, owner = NULL,
                lease_until = NULL WHERE id = ?1",
        &vals![job],
    )?;
    Ok(())
}
