//! HTTPS and HSTS: how a browser reads `Strict-Transport-Security` (RFC 6797, as Chromium
//! implements it), hstspreload.org's requirements as live checks, and the first-visit timeline
//! that shows where an attacker on café Wi-Fi still wins.
//!
//! One concept per file: [`parse`] (the header, directive by directive), [`preload`] (the
//! submission rules), [`timeline`] (visits over time), [`quests`] (the sandbox).
//!
//! ```
//! use dragonproof_engines::hsts::parse::parse;
//! let policy = parse("max-age=31536000; includeSubDomains").policy;
//! assert_eq!(policy.map(|p| p.max_age), Some(31_536_000));
//! ```

pub mod parse;
pub mod preload;
pub mod quests;
pub mod timeline;
