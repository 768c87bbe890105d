//! hstspreload.org's submission requirements, each a check the learner sees ticked live:
//! 1. a valid certificate (the sandbox's castle always has one);
//! 2. plain http redirects to https **on the same host** (if port 80 answers at all);
//! 3. every subdomain is served over https;
//! 4. the base domain's https responses carry HSTS with `max-age` ≥ 31536000,
//!    `includeSubDomains` and `preload` — and if the https page itself redirects (to `www.`),
//!    that redirect must carry the header too.

use serde::Serialize;

use super::parse::HstsPolicy;
use crate::headers::site::PlainHttp;

/// The minimum max-age for the list: one year.
pub const PRELOAD_MAX_AGE: u64 = 31_536_000;

/// One requirement and whether it is met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub requirement: &'static str,
    pub met: bool,
    /// What to change when it is not met (empty when met).
    pub fix: String,
}

/// What the checks read besides the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deployment {
    pub plain_http: PlainHttp,
    /// The header reaches the browser over https.
    pub sent_over_https: bool,
    /// `https://castle.example/` redirects (to `https://www.castle.example/`).
    pub https_redirects: bool,
    /// That https redirect carries the header.
    pub header_on_https_redirect: bool,
    pub subdomains_on_https: bool,
}

/// Every requirement, in hstspreload.org's order.
pub fn checks(policy: Option<&HstsPolicy>, deployment: &Deployment) -> Vec<Check> {
    let check = |requirement: &'static str, met: bool, fix: &str| Check {
        requirement,
        met,
        fix: if met { String::new() } else { fix.to_string() },
    };
    let on_https = policy.filter(|_| deployment.sent_over_https);
    vec![
        check(
            "Plain http redirects to https on the same host first",
            matches!(deployment.plain_http, PlainHttp::SameHostHttps | PlainHttp::NoAnswer),
            "Redirect http://castle.example/ to https://castle.example/ (301), then anywhere else.",
        ),
        check(
            "Every subdomain works over https",
            deployment.subdomains_on_https,
            "Serve every subdomain (www., api.…) over https before using includeSubDomains.",
        ),
        check(
            "HSTS is sent over https and browsers can read it",
            on_https.is_some(),
            "Send a valid Strict-Transport-Security header on the https responses.",
        ),
        check(
            "max-age is at least 31536000 (one year)",
            on_https.is_some_and(|p| p.max_age >= PRELOAD_MAX_AGE),
            "Use `max-age=31536000` or more.",
        ),
        check("includeSubDomains is set", on_https.is_some_and(|p| p.include_subdomains), "Add `includeSubDomains`."),
        check("preload is set", on_https.is_some_and(|p| p.preload), "Add `preload`."),
        check(
            "An https redirect carries the header too",
            !deployment.https_redirects || deployment.header_on_https_redirect,
            "Send Strict-Transport-Security on the https redirect itself, not only on the page it leads to.",
        ),
    ]
}
