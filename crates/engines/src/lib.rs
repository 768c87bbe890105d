//! Dragonproof's engines: each sandbox's logic as data in, data out.
//!
//! No module here knows about the browser: they build and test natively, never panic on any
//! input, and return typed results that the Yew views render and explain.

pub mod contexts;
pub mod csp;
pub mod deps;
pub mod escape;
pub mod gallery;
pub mod html_scan;
pub mod inspector;
pub mod pipeline;
pub mod policy_fields;
pub mod progress;
pub mod quests;
pub mod removals;
pub mod sandbox;
pub mod sanitize;
pub mod sql;
pub mod xss;
