//! The Observatory's cookie test (`src/analyzer/tests/cookies.js` of 1.4.8), reading cookies
//! as the tough-cookie 5 jar it uses stores them.
//!
//! The jar drops what a browser drops (a nameless cookie, a `Domain` of another site, a
//! `__Secure-`/`__Host-` cookie that breaks its prefix's rules), and a later cookie with the same
//! name, domain and path replaces an earlier one. An expired cookie (`Max-Age=0`) stays in the
//! jar the Observatory serializes, so it is still graded.

use super::expectation::Expectation;
use crate::headers::client_view::js_trim;

const IGNORED: &[&str] = &["heroku-session-affinity"];

/// A cookie as the jar keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JarCookie {
    pub name: String,
    pub secure: bool,
    pub http_only: bool,
    /// `strict`, `lax`, `none`, or `None` when absent or unknown.
    pub same_site: Option<&'static str>,
    pub domain: String,
    pub host_only: bool,
    pub path: String,
}

/// tough-cookie's `parse` (strict mode), `None` when it refuses the cookie.
fn parse(text: &str, host: &str) -> Option<JarCookie> {
    let text = js_trim(text);
    if text.is_empty() {
        return None;
    }
    let (pair, attributes) = match text.find(';') {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    // Chromium-style terminators end the pair.
    let pair = pair.find(['\n', '\r', '\0']).map_or(pair, |at| &pair[..at]);
    let eq = pair.find('=').filter(|&at| at > 0)?;
    let name = js_trim(&pair[..eq]);
    let value = js_trim(&pair[eq + 1..]);
    if name.chars().chain(value.chars()).any(|c| (c as u32) < 0x20) {
        return None;
    }
    let mut cookie = JarCookie {
        name: name.to_string(),
        secure: false,
        http_only: false,
        same_site: None,
        domain: String::new(),
        host_only: true,
        path: String::new(),
    };
    let mut domain: Option<String> = None;
    let mut path: Option<String> = None;
    for attribute in attributes.unwrap_or("").split(';') {
        let attribute = js_trim(attribute);
        if attribute.is_empty() {
            continue;
        }
        let (key, value) = match attribute.find('=') {
            Some(at) => (&attribute[..at], Some(js_trim(&attribute[at + 1..]))),
            None => (attribute, None),
        };
        let value = value.filter(|v| !v.is_empty());
        match js_trim(key).to_lowercase().as_str() {
            "secure" => cookie.secure = true,
            "httponly" => cookie.http_only = true,
            "samesite" => {
                cookie.same_site = match value.map(str::to_lowercase).as_deref() {
                    Some("strict") => Some("strict"),
                    Some("lax") => Some("lax"),
                    Some("none") => Some("none"),
                    _ => None,
                }
            }
            "domain" => {
                if let Some(v) = value {
                    let d = v.strip_prefix('.').unwrap_or(v);
                    if !d.is_empty() {
                        domain = Some(d.to_lowercase());
                    }
                }
            }
            "path" => path = value.filter(|v| v.starts_with('/')).map(str::to_string),
            _ => {}
        }
    }
    // The jar's checks when storing (tough-cookie `setCookie`, RFC 6265 §5.3).
    match domain {
        Some(d) => {
            // A one-label domain is a public suffix; tough-cookie asks the public suffix list,
            // which our hosts (`*.example`) never reach.
            if !d.contains('.') {
                return None;
            }
            if !(host == d || host.ends_with(&format!(".{d}"))) {
                return None;
            }
            cookie.domain = d;
            cookie.host_only = false;
        }
        None => cookie.domain = host.to_string(),
    }
    cookie.path = path.unwrap_or_else(|| "/".into());
    if cookie.name.starts_with("__Secure-") && !cookie.secure {
        return None;
    }
    if cookie.name.starts_with("__Host-") && !(cookie.secure && cookie.host_only && cookie.path == "/") {
        return None;
    }
    Some(cookie)
}

/// The cookies the jar holds after `set_cookies`, in order of first storage.
pub fn jar(set_cookies: &[String], host: &str) -> Vec<JarCookie> {
    let mut jar: Vec<JarCookie> = Vec::new();
    for text in set_cookies {
        if let Some(cookie) = parse(text, host) {
            match jar.iter_mut().find(|c| c.name == cookie.name && c.domain == cookie.domain && c.path == cookie.path) {
                Some(existing) => *existing = cookie,
                None => jar.push(cookie),
            }
        }
    }
    jar
}

/// The raw-header check: a `SameSite` attribute with no value or an unknown one.
fn has_invalid_same_site(raw: &str) -> bool {
    js_trim(raw).split(';').any(|part| {
        let mut pieces = js_trim(part).split('=');
        let key = pieces.next().unwrap_or("");
        let value = pieces.next();
        js_trim(key).to_lowercase() == "samesite"
            && match value {
                None | Some("") => true,
                Some(v) => !matches!(js_trim(v).to_lowercase().as_str(), "lax" | "strict" | "none"),
            }
    })
}

/// From best to worst, as the test ranks them.
const ORDER: &[Expectation] = &[
    Expectation::CookiesWithoutSecureFlagButProtectedByHsts,
    Expectation::CookiesWithoutSecureFlag,
    Expectation::CookiesSessionWithoutSecureFlagButProtectedByHsts,
    Expectation::CookiesSamesiteFlagInvalid,
    Expectation::CookiesAnticsrfWithoutSamesiteFlag,
    Expectation::CookiesSessionWithoutHttponlyFlag,
    Expectation::CookiesSessionWithoutSecureFlag,
];

/// `onlyIfWorse`: keeps the worse of two results by their place in `order`.
pub fn only_if_worse(new: Expectation, old: Option<Expectation>, order: &[Expectation]) -> Expectation {
    let rank = |e: Expectation| order.iter().position(|o| *o == e).map_or(-1, |p| p as i64);
    match old {
        Some(old) if rank(new) <= rank(old) => old,
        _ => new,
    }
}

/// Whether the cookie's name marks a session, or an anti-CSRF token (the test's own guess).
pub fn is_session(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.contains("login") || lower.contains("sess")
}

/// The cookie test. `hsts_passes`: the HSTS test passed (preloaded or ≥ six months).
pub fn test(set_cookies: &[String], host: &str, hsts_passes: bool) -> Expectation {
    let mut result: Option<Expectation> = None;
    for raw in set_cookies {
        if has_invalid_same_site(raw) {
            result = Some(only_if_worse(Expectation::CookiesSamesiteFlagInvalid, result, ORDER));
        }
    }
    let cookies: Vec<JarCookie> = jar(set_cookies, host)
        .into_iter()
        .filter(|c| !c.name.is_empty() && !IGNORED.contains(&c.name.as_str()))
        .collect();
    if cookies.is_empty() {
        return Expectation::CookiesNotFound;
    }
    let mut missing_same_site = false;
    for cookie in &cookies {
        let session = is_session(&cookie.name);
        let anti_csrf = cookie.name.to_lowercase().contains("csrf");
        let mut worse = |e: Expectation| result = Some(only_if_worse(e, result, ORDER));
        if !cookie.secure && cookie.same_site == Some("none") {
            worse(Expectation::CookiesSamesiteFlagInvalid);
        }
        if !cookie.secure {
            worse(if hsts_passes {
                Expectation::CookiesWithoutSecureFlagButProtectedByHsts
            } else {
                Expectation::CookiesWithoutSecureFlag
            });
        }
        if anti_csrf && cookie.same_site.is_none() {
            worse(Expectation::CookiesAnticsrfWithoutSamesiteFlag);
        }
        if session && !cookie.secure {
            worse(if hsts_passes {
                Expectation::CookiesSessionWithoutSecureFlagButProtectedByHsts
            } else {
                Expectation::CookiesSessionWithoutSecureFlag
            });
        }
        if session && !cookie.http_only {
            worse(Expectation::CookiesSessionWithoutHttponlyFlag);
        }
        missing_same_site |= cookie.same_site.is_none();
    }
    result.unwrap_or(if missing_same_site {
        Expectation::CookiesSecureWithHttponlySessions
    } else {
        Expectation::CookiesSecureWithHttponlySessionsAndSamesite
    })
}
