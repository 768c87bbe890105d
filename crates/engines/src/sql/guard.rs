//! The runaway guard: a learner can write a query that never ends (a recursive CTE) or one huge
//! step (`randomblob(500000000)`). Neither may freeze the tab, and a stuck worker cannot be
//! killed (gloo-worker 0.6 has no terminate), so SQLite itself must stop them.
//!
//! Measured in Chromium (../shared/TOOLCHAIN.md): a step budget alone does not bound time, a
//! progress handler that checks the clock does (the query fails with `interrupted`); one huge
//! step is not interruptible, so strings and blobs are capped with `SQLITE_LIMIT_LENGTH`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use rusqlite::limits::Limit;
use rusqlite::Connection;

/// How long one statement may run.
pub const TIME_BUDGET_MS: f64 = 250.0;
/// The longest string or blob SQLite will build, in bytes.
pub const MAX_LENGTH: i32 = 1_000_000;
/// SQLite virtual machine steps between two clock checks.
const STEPS_PER_CHECK: i32 = 1_000;

/// Milliseconds from some fixed start.
pub type Clock = fn() -> f64;

static CLOCK: OnceLock<Clock> = OnceLock::new();

/// Sets the clock the guard reads; the worker passes `performance.now()` (there is no
/// `std::time::Instant` in wasm32-unknown-unknown). Later calls are ignored.
pub fn set_clock(clock: Clock) {
    let _ = CLOCK.set(clock);
}

/// The current time in milliseconds.
pub fn now() -> f64 {
    match CLOCK.get() {
        Some(clock) => clock(),
        None => fallback_clock(),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn fallback_clock() -> f64 {
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed().as_secs_f64() * 1000.0
}

/// In wasm without [`set_clock`], time stands still: only the length limit guards.
#[cfg(target_arch = "wasm32")]
fn fallback_clock() -> f64 {
    0.0
}

/// The deadline the progress handler checks, shared with it (it must be `Send`).
#[derive(Clone)]
pub struct Deadline(Arc<AtomicU64>);

impl Deadline {
    fn get(&self) -> f64 {
        f64::from_bits(self.0.load(Ordering::Relaxed))
    }

    /// Gives the next statement [`TIME_BUDGET_MS`] from now.
    pub fn start(&self) {
        self.0.store((now() + TIME_BUDGET_MS).to_bits(), Ordering::Relaxed);
    }

    /// No deadline (the castle's own statements: seeding, counting).
    pub fn clear(&self) {
        self.0.store(f64::INFINITY.to_bits(), Ordering::Relaxed);
    }
}

/// Installs the guard on `connection`: the length limit, no attached databases (nothing may
/// reach a file), and a progress handler that interrupts a statement past its deadline.
pub fn install(connection: &mut Connection) -> rusqlite::Result<Deadline> {
    connection.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_LENGTH)?;
    connection.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, MAX_LENGTH)?;
    connection.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
    let deadline = Deadline(Arc::new(AtomicU64::new(f64::INFINITY.to_bits())));
    let watched = deadline.clone();
    connection.progress_handler(STEPS_PER_CHECK, Some(move || now() > watched.get()))?;
    Ok(deadline)
}
