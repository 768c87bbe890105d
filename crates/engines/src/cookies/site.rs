//! "Site" as SameSite uses it: the scheme and the registrable domain (RFC 6265bis §5.2 with
//! schemeful same-site), so `http://castle.example` and `https://castle.example` are different
//! sites, and `shop.castle.example` and `castle.example` the same one.

use crate::csp::url::Url;

use super::public_suffix::registrable_domain;

/// A site: scheme plus registrable domain (or the whole host when it has none, as an IP
/// address or a bare public suffix).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    /// `https` or `http`.
    pub scheme: String,
    /// `castle.example`.
    pub domain: String,
}

impl Site {
    /// The site of a URL.
    pub fn of(url: &Url) -> Site {
        Site { scheme: url.scheme.clone(), domain: registrable_domain(&url.host).unwrap_or(&url.host).to_string() }
    }
}

impl std::fmt::Display for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}", self.scheme, self.domain)
    }
}

/// Whether a URL is a secure context for cookies: `https`/`wss`, or a loopback host, which
/// Chromium treats as potentially trustworthy (it may set and receive `Secure` cookies).
pub fn is_secure_origin(url: &Url) -> bool {
    matches!(url.scheme.as_str(), "https" | "wss")
        || url.host == "localhost"
        || url.host.ends_with(".localhost")
        || url.host == "127.0.0.1"
        || url.host == "[::1]"
}
