//! What the HTTP Observatory reads besides the page's headers: what plain `http://` answers,
//! the page's scripts, and the HSTS preload list. The learner picks these; the fixtures build
//! the same situations for the real Observatory.

use serde::{Deserialize, Serialize};

/// What a request to `http://castle.example/` gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum PlainHttp {
    /// Nothing listens on port 80.
    NoAnswer,
    /// 301 to `https://castle.example/`: HSTS can be set on the first https response.
    #[default]
    SameHostHttps,
    /// 301 straight to `https://www.castle.example/`.
    OtherHostHttps,
    /// 301 to `http://www.castle.example/`, then to https.
    HttpFirst,
    /// The page itself, over plain http.
    NoRedirect,
    /// Redirects, but to another http URL and stays there.
    StaysOnHttp,
}

impl PlainHttp {
    /// Every choice, for a select.
    pub const ALL: [PlainHttp; 6] = [
        PlainHttp::NoAnswer,
        PlainHttp::SameHostHttps,
        PlainHttp::OtherHostHttps,
        PlainHttp::HttpFirst,
        PlainHttp::NoRedirect,
        PlainHttp::StaysOnHttp,
    ];

    /// In words, for a select.
    pub fn label(self) -> &'static str {
        match self {
            PlainHttp::NoAnswer => "nothing answers on http://",
            PlainHttp::SameHostHttps => "301 to https on the same host",
            PlainHttp::OtherHostHttps => "301 to https on another host (www.)",
            PlainHttp::HttpFirst => "301 to another http:// URL, then https",
            PlainHttp::NoRedirect => "the page, over plain http",
            PlainHttp::StaysOnHttp => "redirects, but never to https",
        }
    }

    /// The hosts and schemes of the redirect chain, starting with the plain http request:
    /// `(https, on_www_host)`.
    pub fn route(self) -> &'static [(bool, bool)] {
        match self {
            PlainHttp::NoAnswer => &[],
            PlainHttp::SameHostHttps => &[(false, false), (true, false)],
            PlainHttp::OtherHostHttps => &[(false, false), (true, true)],
            PlainHttp::HttpFirst => &[(false, false), (false, true), (true, true)],
            PlainHttp::NoRedirect => &[(false, false)],
            PlainHttp::StaysOnHttp => &[(false, false), (false, true)],
        }
    }
}

/// Where a `<script>` of the page comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScriptSource {
    /// `<script>…</script>`, no `src`.
    Inline,
    /// `src="/static/castle.js"`.
    Relative,
    /// `https://cdn.castle.example/…`: same registrable domain.
    SameSiteHttps,
    /// `http://cdn.castle.example/…`.
    SameSiteHttp,
    /// `https://cdn.jsdelivr.example/…`: someone else's server.
    ExternalHttps,
    /// `http://cdn.jsdelivr.example/…`.
    ExternalHttp,
    /// `//cdn.jsdelivr.example/…`.
    ProtocolRelative,
}

/// One script of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Script {
    pub source: ScriptSource,
    /// Has an `integrity="sha384-…"` attribute.
    pub integrity: bool,
}

/// Whether the host is on the HSTS preload list built into browsers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Preload {
    #[default]
    NotListed,
    /// Listed without `include_subdomains`.
    Listed,
    /// Listed with `include_subdomains`: `www.` is covered too.
    ListedWithSubdomains,
}

/// Everything the Observatory reads besides the headers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Site {
    pub plain_http: PlainHttp,
    pub scripts: Vec<Script>,
    pub preload: Preload,
}
