//! The Observatory's one-header tests (1.4.8's `cors.js`, `referrer-policy.js`,
//! `x-content-type-options.js`, `x-frame-options.js`, `cross-origin-resource-policy.js`), and
//! today's Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy tests.
//!
//! Each reads the header as the Observatory's client received it ([`ClientView`]): a repeated
//! header is one comma-joined value, which is why sending `nosniff` twice is "invalid" here
//! although browsers accept it (they read the first value).

use super::csp::ObservatoryCsp;
use super::expectation::Expectation;
use crate::headers::client_view::{js_slice, js_trim, ClientView};

/// The origin the Observatory's CORS request sends (its `CONFIG.retriever.corsOrigin`).
pub const SCANNER_ORIGIN: &str = "https://http-observatory.security.mozilla.org";

/// `Access-Control-Allow-Origin` on the Observatory's CORS request, sent with
/// `Origin: https://http-observatory.security.mozilla.org`. A server that echoes that origin
/// and allows credentials would echo any site's.
pub fn cors(view: &ClientView) -> Expectation {
    let Some(allow_origin) = view.get("access-control-allow-origin").filter(|v| !v.is_empty()) else {
        return Expectation::CorsNotImplemented;
    };
    let credentials = view.get("access-control-allow-credentials").filter(|v| !v.is_empty());
    if js_trim(js_slice(allow_origin, 256)).to_lowercase() == "*" {
        Expectation::CorsPublicAccess
    } else if allow_origin == SCANNER_ORIGIN && credentials.is_some_and(|c| js_trim(&c.to_lowercase()) == "true") {
        Expectation::CorsUniversalAccess
    } else {
        Expectation::CorsRestrictedAccess
    }
}

const REFERRER_PRIVATE: &[&str] = &["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"];
const REFERRER_UNSAFE: &[&str] = &["origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"];

/// Referrer-Policy: the last value browsers know wins (as the Referrer Policy spec says).
pub fn referrer(view: &ClientView) -> Expectation {
    let Some(value) = view.get("referrer-policy") else {
        return Expectation::ReferrerPolicyNotImplemented;
    };
    let policy = value
        .split(',')
        .map(|p| js_trim(&p.to_lowercase()).to_string())
        .rfind(|p| REFERRER_PRIVATE.contains(&p.as_str()) || REFERRER_UNSAFE.contains(&p.as_str()));
    match policy.as_deref() {
        Some(p) if REFERRER_PRIVATE.contains(&p) => Expectation::ReferrerPolicyPrivate,
        Some(_) => Expectation::ReferrerPolicyUnsafe,
        None => Expectation::ReferrerPolicyHeaderInvalid,
    }
}

/// X-Content-Type-Options: exactly `nosniff`, any case.
pub fn nosniff(view: &ClientView) -> Expectation {
    match view.get("x-content-type-options").filter(|v| !v.is_empty()) {
        None => Expectation::XContentTypeOptionsNotImplemented,
        Some(value) if js_trim(js_slice(value, 256)).to_lowercase() == "nosniff" => {
            Expectation::XContentTypeOptionsNosniff
        }
        Some(_) => Expectation::XContentTypeOptionsHeaderInvalid,
    }
}

/// X-Frame-Options, overridden by any `frame-ancestors` in the CSP as the Observatory read it.
pub fn frame_options(view: &ClientView, csp: Option<&ObservatoryCsp>) -> Expectation {
    if csp.is_some_and(|c| c.has("frame-ancestors")) {
        return Expectation::XFrameOptionsImplementedViaCsp;
    }
    match view.get("x-frame-options").filter(|v| !v.is_empty()) {
        None => Expectation::XFrameOptionsNotImplemented,
        Some(value) => {
            let xfo = js_trim(js_slice(value, 1024)).to_lowercase();
            if xfo == "deny" || xfo == "sameorigin" {
                Expectation::XFrameOptionsSameoriginOrDeny
            } else if xfo.starts_with("allow-from") {
                Expectation::XFrameOptionsAllowFromOrigin
            } else {
                Expectation::XFrameOptionsHeaderInvalid
            }
        }
    }
}

/// Cross-Origin-Resource-Policy.
pub fn resource_policy(view: &ClientView) -> Expectation {
    match view
        .get("cross-origin-resource-policy")
        .filter(|v| !v.is_empty())
        .map(|v| js_trim(js_slice(v, 256)).to_lowercase())
    {
        None => Expectation::CorpNotImplemented,
        Some(v) if v == "same-site" => Expectation::CorpImplementedWithSameSite,
        Some(v) if v == "same-origin" => Expectation::CorpImplementedWithSameOrigin,
        Some(v) if v == "cross-origin" => Expectation::CorpImplementedWithCrossOrigin,
        Some(_) => Expectation::CorpHeaderInvalid,
    }
}

/// The token before any `;` parameters (`same-origin; report-to="x"`), lowercase. How today's
/// Observatory reads parameters is not in the 1.4.8 package; the HTML standard parses both
/// headers as a structured token with parameters, which this follows.
fn policy_token(value: &str) -> String {
    js_trim(value.split(';').next().unwrap_or("")).to_lowercase()
}

/// Cross-Origin-Opener-Policy (today's scoring).
pub fn opener_policy(view: &ClientView) -> Expectation {
    match view.get("cross-origin-opener-policy").filter(|v| !v.is_empty()).map(policy_token) {
        None => Expectation::CoopNotImplemented,
        Some(v) if matches!(v.as_str(), "same-origin" | "same-origin-allow-popups" | "noopener-allow-popups") => {
            Expectation::CoopImplementedWithIsolation
        }
        Some(v) if v == "unsafe-none" => Expectation::CoopImplementedWithUnsafeNone,
        Some(_) => Expectation::CoopHeaderInvalid,
    }
}

/// Cross-Origin-Embedder-Policy (today's scoring).
pub fn embedder_policy(view: &ClientView) -> Expectation {
    match view.get("cross-origin-embedder-policy").filter(|v| !v.is_empty()).map(policy_token) {
        None => Expectation::CoepNotImplemented,
        Some(v) if matches!(v.as_str(), "require-corp" | "credentialless") => Expectation::CoepImplementedWithIsolation,
        Some(v) if v == "unsafe-none" => Expectation::CoepImplementedWithUnsafeNone,
        Some(_) => Expectation::CoepHeaderInvalid,
    }
}
