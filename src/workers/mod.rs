//! Heavy engines run in Web Workers that load on first use (ARCHITECTURE.md, "Workers").
//!
//! Each engine has a worker type here and a binary in `src/bin/` that registers it; Trunk builds
//! that binary as its own wasm, which the page fetches only when a sandbox first sends it work.

pub mod deps;
mod engine_worker;
pub mod inspector;
pub mod killable;
pub mod passwords;
pub mod sanitize;
pub mod sql;
pub mod wordlist;

pub use engine_worker::{script_url, use_engine_worker, EngineWorker, WorkerState};
