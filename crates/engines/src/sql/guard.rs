//! The runaway guard: a learner can write a query that never ends (a recursive CTE) or one huge
//! step (`randomblob(500000000)`). Neither may freeze the tab, and a stuck worker cannot be
//! killed (gloo-worker 0.6 has no terminate), so SQLite itself must stop them.
//!
//! Measured in Chromium (docs/toolchain.md): a step budget alone does not bound time, a
//! progress handler that checks the clock does (the query fails with `interrupted`); one huge
//! step is not interruptible, so strings and blobs are capped with `SQLITE_LIMIT_LENGTH`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use rusqlite::limits::Limit;
use rusqlite::Connection;

/// How long one statement may run.
pub const TIME_BUDGET_MS: f64 = 250.0;
/// The longest string or blob SQLite will build, in bytes.
pub const MAX_LENGTH: i32 = 1_000_000;
/// SQLite virtual machine steps between two clock checks.
const STEPS_PER_CHECK: i32 = 1_000;

/// The clock the guard reads: milliseconds from some fixed start. It comes in with the SQL
/// engine's environment, never from a global: the worker passes `performance.now()` (there is
/// no `std::time::Instant` in wasm32-unknown-unknown), native code [`Clock::system`], and tests
/// [`Clock::ticking`] so that when a query is stopped does not depend on the machine.
///
/// It is shared with SQLite's progress handler, which must be `Send`.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> f64 + Send + Sync>);

impl Clock {
    /// A clock that reads `now` (milliseconds).
    pub fn new(now: impl Fn() -> f64 + Send + Sync + 'static) -> Clock {
        Clock(Arc::new(now))
    }

    /// The time passed since this clock was made, by `std::time::Instant`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn system() -> Clock {
        let start = std::time::Instant::now();
        Clock::new(move || start.elapsed().as_secs_f64() * 1000.0)
    }

    /// A deterministic clock: each reading is `step_ms` later than the one before. The guard
    /// reads it once per [`STEPS_PER_CHECK`] steps, so with a step of 1 ms a statement is
    /// stopped after about 250,000 steps, on any machine.
    pub fn ticking(step_ms: f64) -> Clock {
        let readings = AtomicU64::new(0);
        Clock::new(move || readings.fetch_add(1, Ordering::Relaxed) as f64 * step_ms)
    }

    /// The current time in milliseconds.
    pub fn now(&self) -> f64 {
        (self.0)()
    }
}

/// The deadline the progress handler checks, and the clock it checks it by.
#[derive(Clone)]
pub struct Deadline {
    at: Arc<AtomicU64>,
    clock: Clock,
}

impl Deadline {
    fn get(&self) -> f64 {
        f64::from_bits(self.at.load(Ordering::Relaxed))
    }

    fn passed(&self) -> bool {
        self.clock.now() > self.get()
    }

    /// Gives the next statement [`TIME_BUDGET_MS`] from now.
    pub fn start(&self) {
        self.at.store((self.clock.now() + TIME_BUDGET_MS).to_bits(), Ordering::Relaxed);
    }

    /// No deadline (the castle's own statements: seeding, counting).
    pub fn clear(&self) {
        self.at.store(f64::INFINITY.to_bits(), Ordering::Relaxed);
    }
}

/// Installs the guard on `connection`: the length limit, no attached databases (nothing may
/// reach a file), and a progress handler that interrupts a statement past its deadline on
/// `clock`.
pub fn install(connection: &mut Connection, clock: Clock) -> rusqlite::Result<Deadline> {
    connection.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_LENGTH)?;
    connection.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, MAX_LENGTH)?;
    connection.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
    let deadline = Deadline { at: Arc::new(AtomicU64::new(f64::INFINITY.to_bits())), clock };
    let watched = deadline.clone();
    connection.progress_handler(STEPS_PER_CHECK, Some(move || watched.passed()))?;
    Ok(deadline)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    const RUNAWAY: &str = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
    /// About 3 million steps: long, but it ends.
    const LONG: &str =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000) SELECT count(*) FROM c";

    fn guarded(clock: Clock) -> (Connection, Deadline) {
        let mut connection = Connection::open_in_memory().unwrap();
        let deadline = install(&mut connection, clock).unwrap();
        (connection, deadline)
    }

    fn count(connection: &Connection, sql: &str) -> rusqlite::Result<i64> {
        connection.query_row(sql, [], |row| row.get(0))
    }

    /// The clock decides: the same runaway CTE stops as soon as an injected clock says the
    /// budget is spent, and runs on while a frozen one says it is not (shown with a long query
    /// that ends, since a runaway one would not).
    #[test]
    fn an_injected_clock_stops_a_runaway_cte() {
        let late = Arc::new(AtomicBool::new(false));
        let jump = late.clone();
        let (connection, deadline) =
            guarded(Clock::new(move || if jump.load(Ordering::Relaxed) { 10_000.0 } else { 0.0 }));
        deadline.start();
        late.store(true, Ordering::Relaxed);
        let error = count(&connection, RUNAWAY).unwrap_err();
        assert_eq!(error.sqlite_error_code(), Some(rusqlite::ErrorCode::OperationInterrupted), "{error}");

        let (connection, deadline) = guarded(Clock::new(|| 0.0));
        deadline.start();
        assert_eq!(count(&connection, LONG), Ok(300_000));
    }

    #[test]
    fn a_ticking_clock_stops_a_runaway_cte_on_any_machine() {
        let (connection, deadline) = guarded(Clock::ticking(1.0));
        deadline.start();
        assert!(count(&connection, RUNAWAY).is_err());
        // The guard is per statement: the next one gets a fresh budget.
        deadline.start();
        assert_eq!(count(&connection, "SELECT 1"), Ok(1));
    }

    #[test]
    fn a_cleared_deadline_never_interrupts() {
        let (connection, deadline) = guarded(Clock::ticking(1_000.0));
        deadline.clear();
        assert_eq!(count(&connection, LONG), Ok(300_000));
    }
}
