//! Clickjacking defences as a browser applies them when a page is loaded in a frame: CSP
//! `frame-ancestors` and `X-Frame-Options`.
//!
//! Data in: the framed page's response headers and URL, any `<meta>` policies it has, and the
//! chain of ancestors (parent first, then grandparent…). Data out: shown or refused, which
//! header decided, in words. One concept per file: [`xfo`] (the HTML standard's X-Frame-Options
//! processing), [`ancestors`] (CSP3 `frame-ancestors`), [`decide`] (the order browsers apply
//! them in), [`quests`] (the clickjacking sandbox).
//!
//! ```
//! use dragonproof_engines::framing::{decide, FramingInput};
//! let input = FramingInput {
//!     headers: "HTTP/1.1 200 OK\nX-Frame-Options: SAMEORIGIN".into(),
//!     page_url: "https://castle.example/gold".into(),
//!     meta_policies: vec![],
//!     ancestors: vec!["https://evil.example/".into()],
//! };
//! assert!(!decide(&input).verdict.shown());
//! ```

pub mod ancestors;
pub mod decide;
pub mod quests;
pub mod xfo;

pub use decide::{decide, Decider, FramingInput, FramingOutcome, Verdict};
