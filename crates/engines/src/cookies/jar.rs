//! The cookie store: RFC 6265bis §5.7 ("Storage Model") as Chromium applies it to each
//! `Set-Cookie` of a response: expiry (Max-Age over Expires, capped at 400 days), Domain
//! (must cover the host, never a public suffix), default path, `Secure` only from a secure
//! origin, `SameSite=None` only with `Secure`, the `__Secure-`/`__Host-` prefixes, and a
//! non-secure origin never overwriting a `Secure` cookie.

use serde::Serialize;

use crate::csp::url::Url;

use super::public_suffix::{is_ip_address, is_public_suffix};
use super::set_cookie::{parse_set_cookie, ParseNote, ParseRejection, ParsedCookie, SameSite};
use super::site::is_secure_origin;

/// Chromium caps every expiry at 400 days after it is set (RFC 6265bis §5.5 and §5.7).
pub const MAX_LIFETIME: i64 = 400 * 24 * 60 * 60;

/// A cookie in the browser's store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredCookie {
    /// The name.
    pub name: String,
    /// The value.
    pub value: String,
    /// The domain it is sent to: the response's host when host-only.
    pub domain: String,
    /// Only this exact host (no `Domain` attribute), not its subdomains.
    pub host_only: bool,
    /// The path.
    pub path: String,
    /// Sent only over secure connections.
    pub secure: bool,
    /// Hidden from `document.cookie`.
    pub http_only: bool,
    /// The SameSite attribute as written.
    pub same_site: SameSite,
    /// When it expires (seconds since the epoch); `None` for a session cookie.
    pub expires: Option<i64>,
    /// When it was first stored (a replacement keeps the original time, §5.7 step 23).
    pub created: i64,
}

/// Why the browser refused to store a cookie.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum StoreRejection {
    /// The line itself.
    Parse(ParseRejection),
    /// `Domain` does not cover the response's host.
    DomainMismatch {
        /// The Domain attribute.
        domain: String,
        /// The response's host.
        host: String,
    },
    /// `Domain` names a public suffix (a registry, not a site).
    PublicSuffix(String),
    /// `Secure` from a page that is not a secure origin.
    SecureFromInsecureOrigin,
    /// `SameSite=None` without `Secure`.
    SameSiteNoneWithoutSecure,
    /// `__Secure-` without `Secure` (or not from a secure origin).
    SecurePrefix,
    /// `__Host-` broken, with what is wrong.
    HostPrefix(&'static str),
    /// A nameless cookie whose value looks like a prefixed name (§5.7 step 21).
    NamelessPrefix,
    /// An insecure origin trying to overwrite or shadow a `Secure` cookie.
    OverwriteSecure,
}

impl std::fmt::Display for StoreRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreRejection::Parse(e) => e.fmt(f),
            StoreRejection::DomainMismatch { domain, host } => {
                write!(f, "Domain={domain} does not cover {host}: a site can only set cookies for itself and its parents")
            }
            StoreRejection::PublicSuffix(d) => write!(
                f,
                "Domain={d} is a public suffix (a registry where strangers own the subdomains), so browsers refuse it"
            ),
            StoreRejection::SecureFromInsecureOrigin => {
                f.write_str("a plain-http page may not set a Secure cookie (only https, or localhost)")
            }
            StoreRejection::SameSiteNoneWithoutSecure => {
                f.write_str("SameSite=None needs Secure: Chromium refuses it otherwise")
            }
            StoreRejection::SecurePrefix => f.write_str("a __Secure- cookie must have Secure and come from https"),
            StoreRejection::HostPrefix(what) => write!(f, "a __Host- cookie {what}"),
            StoreRejection::NamelessPrefix => {
                f.write_str("a cookie without a name may not have a value starting __Secure- or __Host-")
            }
            StoreRejection::OverwriteSecure => f.write_str(
                "a plain-http page may not overwrite or shadow a Secure cookie of the same name (\"leave secure cookies alone\")",
            ),
        }
    }
}

/// What the browser did with one line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum StoreResult {
    /// Stored as a new cookie.
    Stored(StoredCookie),
    /// Replaced a cookie with the same name, domain and path.
    Replaced(StoredCookie),
    /// Already expired: removes any cookie with the same name, domain and path.
    Deleted {
        /// The name.
        name: String,
    },
    /// Refused.
    Rejected(StoreRejection),
}

/// One line's outcome with what was ignored on the way.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineOutcome {
    /// The line, as given.
    pub line: String,
    /// What the browser did.
    pub result: StoreResult,
    /// Attributes ignored or overridden.
    pub notes: Vec<ParseNote>,
}

/// The browser's cookie store.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Jar {
    /// The cookies, in the order they were stored.
    pub cookies: Vec<StoredCookie>,
}

/// Whether `host` domain-matches `domain` (RFC 6265bis §5.1.3).
pub fn domain_matches(host: &str, domain: &str) -> bool {
    host == domain
        || (!is_ip_address(host)
            && host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes().get(host.len() - domain.len() - 1) == Some(&b'.'))
}

/// The default path of a request path (§5.1.4): up to, not including, the last `/`.
pub fn default_path(request_path: &str) -> String {
    if !request_path.starts_with('/') {
        return "/".to_string();
    }
    match request_path.rfind('/') {
        Some(0) | None => "/".to_string(),
        Some(i) => request_path.get(..i).unwrap_or("/").to_string(),
    }
}

/// Whether a request path path-matches a cookie path (§5.1.4).
pub fn path_matches(request_path: &str, cookie_path: &str) -> bool {
    request_path == cookie_path
        || (request_path.starts_with(cookie_path)
            && (cookie_path.ends_with('/') || request_path.as_bytes().get(cookie_path.len()) == Some(&b'/')))
}

fn has_prefix(name: &str, prefix: &str) -> bool {
    // RFC 6265bis matches the prefixes case-insensitively.
    name.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

impl Jar {
    /// Applies every `Set-Cookie` line of a response from `url`, received at `now`.
    pub fn receive<'l>(&mut self, url: &Url, lines: impl IntoIterator<Item = &'l str>, now: i64) -> Vec<LineOutcome> {
        lines
            .into_iter()
            .map(|line| {
                let (result, notes) = match parse_set_cookie(line) {
                    Ok(parsed) => {
                        let notes = parsed.notes.clone();
                        (self.store(url, parsed, now), notes)
                    }
                    Err(e) => (StoreResult::Rejected(StoreRejection::Parse(e)), Vec::new()),
                };
                LineOutcome { line: line.to_string(), result, notes }
            })
            .collect()
    }

    /// §5.7 for one parsed cookie.
    pub fn store(&mut self, url: &Url, parsed: ParsedCookie, now: i64) -> StoreResult {
        let secure_origin = is_secure_origin(url);
        let host = url.host.as_str();
        // Expiry: Max-Age wins; both capped at 400 days.
        let expires = match (parsed.max_age, parsed.expires) {
            (Some(age), _) if age <= 0 => Some(i64::MIN),
            (Some(age), _) => Some(now.saturating_add(age.min(MAX_LIFETIME))),
            (None, Some(at)) => Some(at.min(now.saturating_add(MAX_LIFETIME))),
            (None, None) => None,
        };
        // Domain.
        let (domain, host_only) = match &parsed.domain {
            Some(d) if is_public_suffix(d) => {
                if d == host {
                    (host.to_string(), true)
                } else {
                    return StoreResult::Rejected(StoreRejection::PublicSuffix(d.clone()));
                }
            }
            Some(d) if !domain_matches(host, d) => {
                return StoreResult::Rejected(StoreRejection::DomainMismatch {
                    domain: d.clone(),
                    host: host.to_string(),
                });
            }
            Some(d) if is_ip_address(host) => (d.clone(), true),
            Some(d) => (d.clone(), false),
            None => (host.to_string(), true),
        };
        let path = parsed.path.clone().unwrap_or_else(|| default_path(&url.path));
        if parsed.secure && !secure_origin {
            return StoreResult::Rejected(StoreRejection::SecureFromInsecureOrigin);
        }
        if parsed.same_site == SameSite::None && !parsed.secure {
            return StoreResult::Rejected(StoreRejection::SameSiteNoneWithoutSecure);
        }
        if parsed.name.is_empty() && (has_prefix(&parsed.value, "__Secure-") || has_prefix(&parsed.value, "__Host-")) {
            return StoreResult::Rejected(StoreRejection::NamelessPrefix);
        }
        if has_prefix(&parsed.name, "__Secure-") && !(parsed.secure && secure_origin) {
            return StoreResult::Rejected(StoreRejection::SecurePrefix);
        }
        if has_prefix(&parsed.name, "__Host-") {
            if !(parsed.secure && secure_origin) {
                return StoreResult::Rejected(StoreRejection::HostPrefix("must have Secure and come from https"));
            }
            if parsed.domain.is_some() {
                return StoreResult::Rejected(StoreRejection::HostPrefix("may not have a Domain attribute"));
            }
            // Chromium wants the attribute itself (`HasPath() && Path() == "/"`), not merely a
            // default path that happens to be `/`.
            if parsed.path.as_deref() != Some("/") {
                return StoreResult::Rejected(StoreRejection::HostPrefix("must have Path=/"));
            }
        }
        // "Leave secure cookies alone": an insecure origin may not touch a Secure cookie of the
        // same name whose domain overlaps and whose path is covered.
        if !secure_origin
            && self.cookies.iter().any(|c| {
                c.secure
                    && c.name == parsed.name
                    && (domain_matches(&c.domain, &domain) || domain_matches(&domain, &c.domain))
                    && path_matches(&path, &c.path)
            })
        {
            return StoreResult::Rejected(StoreRejection::OverwriteSecure);
        }
        let existing = self
            .cookies
            .iter()
            .position(|c| c.name == parsed.name && c.domain == domain && c.host_only == host_only && c.path == path);
        let created = existing.and_then(|i| self.cookies.get(i)).map_or(now, |c| c.created);
        if let Some(i) = existing {
            self.cookies.remove(i);
        }
        if expires.is_some_and(|at| at <= now) {
            return StoreResult::Deleted { name: parsed.name };
        }
        let cookie = StoredCookie {
            name: parsed.name,
            value: parsed.value,
            domain,
            host_only,
            path,
            secure: parsed.secure,
            http_only: parsed.http_only,
            same_site: parsed.same_site,
            expires,
            created,
        };
        self.cookies.push(cookie.clone());
        if existing.is_some() {
            StoreResult::Replaced(cookie)
        } else {
            StoreResult::Stored(cookie)
        }
    }
}
