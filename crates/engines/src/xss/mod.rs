//! The XSS sandbox (lesson 3): a value written into a comment or a website link as written,
//! escaped, sanitized by ammonia under a policy the learner edits, or with its URL scheme
//! checked; what in the result could run; what ammonia removed and why; and the quests.
//!
//! It runs in the ammonia worker in the browser (it needs ammonia and html5ever's tokenizer, most
//! of a megabyte of wasm), and natively in tests. The preview frame shows what really runs; this
//! engine predicts it, so quests are detected without the DOM, and an end-to-end test holds the
//! two together.
//!
//! One concept per file:
//! - [`sanitize`]: ammonia under a [`Policy`](sanitize::Policy), matched byte for byte against
//!   nh3 (`fixtures/make_nh3_fixtures.py`);
//! - [`policy_fields`]: the policy editor's text fields and the `nh3.clean(...)` call;
//! - [`removals`]: what ammonia removed, and why;
//! - [`dangers`]: what in some HTML would run script;
//! - [`render`]: the two templates, the four outputs, and the HTML the server sends;
//! - [`gallery`]: the classic vectors a learner can pick;
//! - [`sandbox`]: the state, its one outcome (computed in the worker), and the quests.

pub mod dangers;
pub mod gallery;
pub mod policy_fields;
pub mod removals;
pub mod render;
pub mod sandbox;
pub mod sanitize;

pub use dangers::{dangers, Danger};
pub use render::{render, write, Output, Place, Rendered};
pub use sandbox::{XssOutcome, XssSandbox, XssState};
