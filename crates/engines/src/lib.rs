//! Dragonproof's engines: each sandbox's logic as data in, data out.
//!
//! No module here knows about the browser: they build and test natively, never panic on any
//! input, and return typed results that the Yew views render and explain.
//!
//! One folder per sandbox (`escape`, `xss`, `csp`, `sql`), each implementing
//! [`sandbox::SandboxEngine`]; beside them the shared readers (`html_scan`) and the saved
//! progress (`progress`).

pub mod book;
pub mod cookies;
pub mod csp;
pub mod csrf;
pub mod deps;
pub mod escape;
pub mod framing;
pub mod headers;
pub mod hsts;
pub mod html_scan;
pub mod inspector;
pub mod json;
pub mod passwords;
pub mod progress;
pub mod registry;
pub mod sandbox;
pub mod secrets;
pub mod sql;
pub mod totp;
pub mod xss;
