//! Sandbox views that ship as wasm bundles of their own, loaded when their lesson opens.
//!
//! A Yew app with every sandbox's view would not fit the 200 KB first-load budget (the escape
//! sandbox, the quiz and the quest panel alone took the app from 173 to 200 KB gzip), so each
//! sandbox view is a small Yew app in its own binary (`src/bin/<name>_sandbox.rs`), built by
//! `scripts/build-sandboxes.sh`, imported by the lesson page (`components::SandboxBundle`) and
//! mounted into the lesson's sandbox slot. It reports which quests its engine says are solved
//! through a DOM event ([`protocol`]); the quest panel and progress stay in the app.

pub mod csp;
pub mod escape;
pub mod preview;
pub mod protocol;
pub mod sql;
pub mod xss;
