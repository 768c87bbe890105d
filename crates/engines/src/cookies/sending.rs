//! Whether Chromium attaches a stored cookie to a request (RFC 6265bis §5.8.3 "Retrieval
//! Algorithm" and its SameSite rules), and whether a page's script can read it.
//!
//! Chromium treats a cookie without `SameSite` as `Lax` ("Lax by default"), except that for
//! two minutes after it was set it also rides on a cross-site top-level POST ("Lax allowing
//! unsafe"), so that single-sign-on flows that POST back kept working.

use serde::Serialize;

use crate::csp::url::Url;

use super::jar::{domain_matches, path_matches, StoredCookie};
use super::set_cookie::SameSite;
use super::site::{is_secure_origin, Site};

/// How long a cookie without SameSite still rides on a cross-site top-level POST.
pub const LAX_ALLOWING_UNSAFE_SECONDS: i64 = 120;

/// The request method, as SameSite cares: safe (GET, HEAD) or not (POST…).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
}

/// What kind of request it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum RequestKind {
    /// The whole tab goes there: a followed link, a submitted form, a typed address.
    TopLevelNavigation,
    /// Loaded by a page: `<img>`, `fetch(…, {credentials: "include"})`, an iframe.
    Subresource,
}

/// A request the browser is about to make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// Where it goes.
    pub url: Url,
    /// The page that starts it; `None` when the learner types the address or opens a bookmark.
    pub initiator: Option<Url>,
    /// Navigation or subresource.
    pub kind: RequestKind,
    /// GET or POST.
    pub method: Method,
}

/// Why a cookie stays home.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum NotSent {
    /// Past its expiry.
    Expired,
    /// The request's host is not the cookie's domain (or a subdomain of a domain cookie).
    OtherHost,
    /// The request's path is outside the cookie's path.
    OtherPath,
    /// A `Secure` cookie on a plain-http request.
    InsecureRequest,
    /// Cross-site, and the cookie is `Strict`.
    Strict,
    /// Cross-site, not a top-level GET, and the cookie is `Lax`.
    Lax,
    /// Cross-site, no SameSite: Chromium's Lax by default, and not within the two-minute POST
    /// allowance (the age is given).
    LaxByDefault {
        /// Seconds since the cookie was set.
        age: i64,
    },
}

impl std::fmt::Display for NotSent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotSent::Expired => f.write_str("it has expired"),
            NotSent::OtherHost => f.write_str("the request goes to a host the cookie does not cover"),
            NotSent::OtherPath => f.write_str("the request's path is outside the cookie's Path"),
            NotSent::InsecureRequest => f.write_str("it is Secure and the request is plain http"),
            NotSent::Strict => f.write_str("the request is cross-site and the cookie is SameSite=Strict"),
            NotSent::Lax => f.write_str("the request is cross-site and not a top-level GET, and the cookie is SameSite=Lax"),
            NotSent::LaxByDefault { age } => write!(
                f,
                "the cookie has no SameSite, so Chromium treats it as Lax; it was set {age} s ago, past the 120 s in which a cross-site top-level POST still carries it"
            ),
        }
    }
}

/// Whether the request is same-site for cookies: the initiator's site equals the target's.
pub fn is_same_site(request: &Request) -> bool {
    match &request.initiator {
        None => true,
        Some(from) => Site::of(from) == Site::of(&request.url),
    }
}

/// Whether `cookie` goes with `request` at time `now`, or why not.
pub fn decide(cookie: &StoredCookie, request: &Request, now: i64) -> Result<(), NotSent> {
    if cookie.expires.is_some_and(|at| at <= now) {
        return Err(NotSent::Expired);
    }
    let host = request.url.host.as_str();
    let host_ok = if cookie.host_only { host == cookie.domain } else { domain_matches(host, &cookie.domain) };
    if !host_ok {
        return Err(NotSent::OtherHost);
    }
    if !path_matches(&request.url.path, &cookie.path) {
        return Err(NotSent::OtherPath);
    }
    if cookie.secure && !is_secure_origin(&request.url) {
        return Err(NotSent::InsecureRequest);
    }
    if is_same_site(request) {
        return Ok(());
    }
    let top_level_get = request.kind == RequestKind::TopLevelNavigation && request.method == Method::Get;
    match cookie.same_site {
        SameSite::None => Ok(()),
        SameSite::Strict => Err(NotSent::Strict),
        SameSite::Lax if top_level_get => Ok(()),
        SameSite::Lax => Err(NotSent::Lax),
        SameSite::Unspecified if top_level_get => Ok(()),
        SameSite::Unspecified => {
            let age = now.saturating_sub(cookie.created);
            if request.kind == RequestKind::TopLevelNavigation && age <= LAX_ALLOWING_UNSAFE_SECONDS {
                Ok(())
            } else {
                Err(NotSent::LaxByDefault { age })
            }
        }
    }
}

/// Whether a script on `page` sees the cookie in `document.cookie`.
pub fn script_reads(cookie: &StoredCookie, page: &Url, now: i64) -> bool {
    !cookie.http_only
        && decide(
            cookie,
            &Request { url: page.clone(), initiator: None, kind: RequestKind::TopLevelNavigation, method: Method::Get },
            now,
        )
        .is_ok()
}
