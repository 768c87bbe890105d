//! What each attacker of the lesson can do with a stored cookie, found by running the very
//! browser model above on the attacker's own requests (not by rules of thumb):
//! a script injected into the site, a plain-http sniffer on the learner's network, a sibling
//! subdomain under the same registrable domain, and a cross-site page (`evil.example`).

use serde::Serialize;

use crate::csp::url::Url;

use super::jar::{Jar, StoreResult, StoredCookie};
use super::public_suffix::registrable_domain;
use super::sending::{decide, script_reads, Method, NotSent, Request, RequestKind};

/// The attacker's own site for cross-site requests.
pub const EVIL_ORIGIN: &str = "https://evil.example/";

/// What the attackers can do with one cookie.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exposure {
    /// An injected script reads it with `document.cookie`.
    pub script_reads: bool,
    /// It travels over plain http to the site, where a sniffer reads it.
    pub sniffer_sees: bool,
    /// A plain-http response (forged by someone on the network) can overwrite it.
    pub sniffer_overwrites: bool,
    /// The sibling subdomain (`evil.<registrable domain>`), when there is one.
    pub sibling_host: Option<String>,
    /// The sibling receives it.
    pub sibling_receives: bool,
    /// The sibling can plant a cookie of the same name that the site then receives
    /// ("cookie tossing"); only `__Host-` stops it.
    pub sibling_plants: bool,
    /// A form on evil.example that POSTs to the site carries it.
    pub cross_site_post: Result<(), NotSent>,
    /// A link on evil.example (top-level GET) carries it: the honest case, an e-mailed link.
    pub cross_site_link: Result<(), NotSent>,
    /// An `<img>` or credentialed `fetch` from evil.example carries it.
    pub cross_site_subresource: Result<(), NotSent>,
}

impl Exposure {
    /// Whether no attacker can read, carry, overwrite or plant it, or ride it cross-site.
    pub fn safe_from_all(&self) -> bool {
        !self.script_reads
            && !self.sniffer_sees
            && !self.sniffer_overwrites
            && !self.sibling_receives
            && !self.sibling_plants
            && self.cross_site_post.is_err()
            && self.cross_site_subresource.is_err()
    }
}

fn with_scheme(url: &Url, scheme: &str, host: &str) -> Url {
    Url { scheme: scheme.to_string(), host: host.to_string(), port: None, path: url.path.clone() }
}

/// The exposure of `cookie`, stored from the site at `site_url`, in `jar`, when the attack comes
/// `attack_at` (seconds since the epoch).
pub fn exposure(cookie: &StoredCookie, jar: &Jar, site_url: &Url, attack_at: i64) -> Exposure {
    let page = with_scheme(site_url, "https", &cookie.domain);
    let target = Url { path: cookie.path.clone(), ..page.clone() };
    let plain = with_scheme(&target, "http", &cookie.domain);
    let nav = |url: &Url, initiator: Option<Url>, kind, method| Request { url: url.clone(), initiator, kind, method };

    let sniffer_sees =
        decide(cookie, &nav(&plain, None, RequestKind::TopLevelNavigation, Method::Get), attack_at).is_ok();
    let mut forged = jar.clone();
    let overwrite = format!("{}=forged; Path={}", cookie.name, cookie.path);
    let sniffer_overwrites = matches!(
        forged.receive(&plain, [overwrite.as_str()], attack_at).first().map(|o| &o.result),
        Some(StoreResult::Replaced(_) | StoreResult::Stored(_))
    );

    let sibling_host = registrable_domain(&site_url.host).map(|d| format!("evil.{d}"));
    let (sibling_receives, sibling_plants) = match &sibling_host {
        Some(host) => {
            let sibling = with_scheme(site_url, "https", host);
            let receives =
                decide(cookie, &nav(&sibling, None, RequestKind::TopLevelNavigation, Method::Get), attack_at).is_ok();
            let domain = registrable_domain(&site_url.host).unwrap_or_default();
            let plant = format!("{}=planted; Domain={domain}; Path=/; Secure; SameSite=Lax", cookie.name);
            let mut tossed = jar.clone();
            let planted = tossed.receive(&sibling, [plant.as_str()], attack_at);
            let plants = match planted.first().map(|o| &o.result) {
                Some(StoreResult::Stored(c) | StoreResult::Replaced(c)) => {
                    decide(c, &nav(&target, None, RequestKind::TopLevelNavigation, Method::Get), attack_at).is_ok()
                }
                _ => false,
            };
            (receives, plants)
        }
        None => (false, false),
    };

    let evil = Url::parse(EVIL_ORIGIN);
    Exposure {
        script_reads: script_reads(cookie, &target, attack_at),
        sniffer_sees,
        sniffer_overwrites,
        sibling_host,
        sibling_receives,
        sibling_plants,
        cross_site_post: decide(
            cookie,
            &nav(&target, evil.clone(), RequestKind::TopLevelNavigation, Method::Post),
            attack_at,
        ),
        cross_site_link: decide(
            cookie,
            &nav(&target, evil.clone(), RequestKind::TopLevelNavigation, Method::Get),
            attack_at,
        ),
        cross_site_subresource: decide(cookie, &nav(&target, evil, RequestKind::Subresource, Method::Get), attack_at),
    }
}
