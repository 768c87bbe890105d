//! Advice worth no points: headers the Observatory no longer grades but that seeds and old
//! tutorials still recommend.

use serde::Serialize;

use super::block::Response;

/// A note about one header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Advice {
    pub header: &'static str,
    /// Whether what is sent is what we recommend.
    pub fine: bool,
    pub message: String,
}

/// `X-XSS-Protection`: the browser XSS filters it controlled are gone (Chromium removed its
/// XSS Auditor in version 78, Edge and Firefox never kept one), and where they existed
/// `1; mode=block` could be abused to blank out or probe parts of a page. Today's advice (MDN,
/// OWASP): send `0`, or nothing, and rely on a Content-Security-Policy.
pub fn advice(response: &Response) -> Vec<Advice> {
    let mut out = Vec::new();
    if let Some(value) = response.combined("x-xss-protection") {
        let first = value.split([';', ',']).next().unwrap_or("").trim();
        let fine = first == "0";
        let message = if fine {
            "`X-XSS-Protection: 0` turns off the old browser XSS filters: the advice today (omitting it is just as good). It earns no points; the CSP does the real work.".to_string()
        } else {
            format!("`X-XSS-Protection: {value}` asks for a browser XSS filter that no current browser has, and in old ones it could be abused to hide parts of the page. Send `0` or leave it out, and rely on the Content-Security-Policy. Worth 0 points either way.")
        };
        out.push(Advice { header: "X-XSS-Protection", fine, message });
    }
    out
}
