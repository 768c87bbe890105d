//! The Observatory's Subresource Integrity test (1.4.8's `subresource-integrity.js`), on the
//! page's scripts as the learner describes them.
//!
//! It only looks at HTML responses (`text/html` or `application/xhtml+xml`, compared exactly,
//! case included), and ranks scripts by where they come from: the same registrable domain is
//! "secure origin"; a `//host` URL is never, because it follows the page's scheme.

use super::cookies::only_if_worse;
use super::expectation::Expectation;
use crate::headers::client_view::ClientView;
use crate::headers::site::{Script, ScriptSource};

const ORDER: &[Expectation] = &[
    Expectation::SriImplementedAndAllScriptsLoadedSecurely,
    Expectation::SriImplementedAndExternalScriptsLoadedSecurely,
    Expectation::SriImplementedButExternalScriptsNotLoadedSecurely,
    Expectation::SriNotImplementedButExternalScriptsLoadedSecurely,
    Expectation::SriNotImplementedAndExternalScriptsNotLoadedSecurely,
    Expectation::SriNotImplementedResponseNotHtml,
];

/// Whether the Content-Type makes the response HTML for the Observatory.
pub fn is_html(view: &ClientView) -> bool {
    let mime = view.get("content-type").unwrap_or("").split(';').next().unwrap_or("");
    mime == "text/html" || mime == "application/xhtml+xml"
}

/// The SRI test.
pub fn test(view: &ClientView, scripts: &[Script]) -> Expectation {
    if !is_html(view) {
        return Expectation::SriNotImplementedResponseNotHtml;
    }
    if scripts.is_empty() {
        return Expectation::SriNotImplementedButNoScriptsLoaded;
    }
    let mut result: Option<Expectation> = None;
    let mut foreign = false;
    for script in scripts {
        // (same registrable domain and not `//`, https)
        let (secure_origin, secure_scheme) = match script.source {
            ScriptSource::Inline => continue,
            ScriptSource::Relative => (true, true),
            ScriptSource::SameSiteHttps => (true, true),
            ScriptSource::SameSiteHttp => (true, false),
            ScriptSource::ExternalHttps => (false, true),
            ScriptSource::ExternalHttp => (false, false),
            ScriptSource::ProtocolRelative => (false, false),
        };
        if secure_origin {
            if script.integrity && secure_scheme && result.is_none() {
                result = Some(Expectation::SriImplementedAndAllScriptsLoadedSecurely);
            }
            continue;
        }
        foreign = true;
        let found = match (script.integrity, secure_scheme) {
            (true, false) => Expectation::SriImplementedButExternalScriptsNotLoadedSecurely,
            (false, true) => Expectation::SriNotImplementedButExternalScriptsLoadedSecurely,
            (false, false) => Expectation::SriNotImplementedAndExternalScriptsNotLoadedSecurely,
            (true, true) => continue,
        };
        result = Some(only_if_worse(found, result, ORDER));
    }
    result.unwrap_or(if foreign {
        Expectation::SriImplementedAndExternalScriptsLoadedSecurely
    } else {
        Expectation::SriNotImplementedButAllScriptsLoadedFromSecureOrigin
    })
}
