//! CSP3 `frame-ancestors` (§6.4.2): for a response loaded in a frame, every ancestor's origin
//! must match the directive's source list, with the framed page as `'self'`. Our CSP engine's
//! source matching (`crate::csp::source::url_matches`, §6.7.2.5) decides each match.
//!
//! The directive counts only in a policy delivered as a header: in `<meta>` it is ignored
//! (CSP3 §3.3; the CSP engine drops it and says so).

use crate::csp::source::url_matches;
use crate::csp::{Disposition, Policy, Url};

/// One policy's `frame-ancestors` verdict on the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AncestorCheck {
    /// The policy has no `frame-ancestors`.
    NoDirective,
    /// Every ancestor matches.
    AllMatch,
    /// This ancestor (index in the chain, 0 = parent) matches no source.
    Mismatch { ancestor: usize },
}

/// The check of one policy against the ancestors, nearest first.
pub fn check(policy: &Policy, page: &Url, ancestors: &[Url]) -> AncestorCheck {
    let Some(directive) = policy.directive("frame-ancestors") else {
        return AncestorCheck::NoDirective;
    };
    for (index, ancestor) in ancestors.iter().enumerate() {
        // The origin, serialized and parsed as a URL (path "/").
        let origin = Url { path: "/".into(), ..ancestor.clone() };
        if !directive.sources.iter().any(|source| url_matches(source, &origin, page)) {
            return AncestorCheck::Mismatch { ancestor: index };
        }
    }
    AncestorCheck::AllMatch
}

/// Whether the policy enforces (a report-only `frame-ancestors` only reports).
pub fn enforced(policy: &Policy) -> bool {
    policy.disposition == Disposition::Enforce
}
