//! Crash safety: `jishi ingest` killed (SIGKILL) again and again at random moments — while the
//! database is created, while articles go in, while events are linked at the end — leaves a
//! database that opens cleanly and passes SQLite's integrity check, never loses what was stored,
//! and a final run ends with exactly the counts of a clean run.
//!
//! Reads a small sample of `../shared/corpus/` beside the checkout (CI has it); without it it
//! says so and skips. The kill moments are random: the seed is printed (and can be set with
//! JISHI_KILL_SEED) so that a failure can be replayed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jishi_store::{Counts, Store};

/// Every 500th article of October: about thirty files, a few seconds an ingest.
fn sample() -> Option<Vec<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/news-2310");
    if !dir.is_dir() {
        eprintln!("skipped: ../shared/corpus is not beside the checkout");
        return None;
    }
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the corpus lists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    Some(
        names
            .iter()
            .step_by(500)
            .map(|p| p.to_string_lossy().to_string())
            .collect(),
    )
}

fn ingest(db: &Path, files: &[String]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jishi"));
    c.arg("ingest")
        .arg("--db")
        .arg(db)
        .args(files)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// Opens the database as a reader would, checks SQLite's integrity, and counts.
fn open_and_count(db: &Path) -> Counts {
    let store = Store::open(db).expect("the database opens after a kill");
    let check: String = store
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("the integrity check runs");
    assert_eq!(check, "ok", "integrity of {}", db.display());
    store.counts().expect("the database counts")
}

/// A small generator of kill moments (xorshift), reproducible from its seed.
struct Moments(u64);

impl Moments {
    /// A moment between 30 % and 100 % of `span` (the stages take the first quarter or so to
    /// load): most kills land while articles go in, some while events are linked at the end.
    fn next(&mut self, span: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        span.mul_f64(0.3 + (self.0 % 1000) as f64 / 1000.0 * 0.7)
    }
}

#[test]
fn ingest_killed_at_random_moments_loses_nothing_and_completes_exactly() {
    let Some(files) = sample() else { return };
    let dir = std::env::temp_dir().join(format!("jishi-cli-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let (clean, killed) = (dir.join("clean.db"), dir.join("killed.db"));

    let started = Instant::now();
    let run = ingest(&clean, &files).output().expect("jishi runs");
    let took = started.elapsed();
    let expected = open_and_count(&clean);
    assert!(
        expected.articles >= 10,
        "{expected:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );

    let seed = std::env::var("JISHI_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    eprintln!("kill moments from JISHI_KILL_SEED={seed} (a clean ingest took {took:.1?})");
    let mut moments = Moments(seed);
    let mut before = 0;
    for round in 0..5 {
        let at = moments.next(took);
        let mut child = ingest(&killed, &files).spawn().expect("jishi starts");
        std::thread::sleep(at);
        let finished = child.try_wait().expect("the child").is_some();
        child.kill().ok(); // SIGKILL; an ingest that already ended is not an error
        child.wait().expect("the child is reaped");
        if !killed.exists() {
            eprintln!("round {round}: killed at {at:.1?}, before the database was created");
            continue;
        }
        let now = open_and_count(&killed);
        eprintln!(
            "round {round}: killed at {at:.1?}{}: {} articles",
            if finished { " (had ended)" } else { "" },
            now.articles
        );
        assert!(
            now.articles >= before && now.articles <= expected.articles,
            "round {round}: {now:?} after {before} articles, of {expected:?}"
        );
        before = now.articles;
        if now == expected {
            // the run got to its end before the kill: start again from nothing, so that the
            // next kill lands in the middle of something
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", killed.display()));
            }
            before = 0;
        }
    }

    let rerun = ingest(&killed, &files).output().expect("jishi runs");
    assert_eq!(
        open_and_count(&killed),
        expected,
        "nothing lost, nothing doubled (seed {seed}): {}",
        String::from_utf8_lossy(&rerun.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}
