//! Source expressions (CSP3 §2.3.1) and whether a URL matches one (§6.7.2.5–§6.7.2.10).

use super::url::Url;

/// A hash algorithm a hash-source may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum HashAlgorithm {
    Sha256,
    Sha384,
    Sha512,
}

impl HashAlgorithm {
    /// The prefix as written in a policy: `sha256`.
    pub fn name(self) -> &'static str {
        match self {
            HashAlgorithm::Sha256 => "sha256",
            HashAlgorithm::Sha384 => "sha384",
            HashAlgorithm::Sha512 => "sha512",
        }
    }
}

/// A port in a host-source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum PortPattern {
    /// No port written: only the URL scheme's default port matches.
    Default,
    /// `:*`
    Any,
    /// `:8080`
    Number(u16),
}

/// One parsed source expression.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Source {
    /// `'none'`: matches nothing (and only means something alone).
    None,
    /// `'self'`: the page's own origin (and its https/wss upgrade).
    SelfOrigin,
    UnsafeInline,
    UnsafeEval,
    UnsafeHashes,
    StrictDynamic,
    WasmUnsafeEval,
    ReportSample,
    /// A keyword this engine knows to exist but that changes nothing here
    /// (`'unsafe-allow-redirects'`, `'inline-speculation-rules'`, `'trusted-types-eval'`, `'report-sha256'`…).
    OtherKeyword(String),
    /// `'nonce-abc'`: the value, case-sensitive.
    Nonce(String),
    /// `'sha256-…'`: the algorithm and the base64 value as written.
    Hash(HashAlgorithm, String),
    /// `https:`: a scheme, lowercase.
    Scheme(String),
    /// `https://*.example.com:443/path/`.
    Host {
        scheme: Option<String>,
        host: String,
        wildcard: bool,
        port: PortPattern,
        path: Option<String>,
    },
    /// `*`
    Star,
}

/// Why a token is not a valid source expression. Browsers skip such tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidSource;

fn is_base64_value(value: &str) -> bool {
    let body = value.trim_end_matches('=');
    value.len() - body.len() <= 2
        && !body.is_empty()
        && body.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '-' | '_'))
}

/// Parses one token of a directive value.
pub fn parse_source(token: &str) -> Result<Source, InvalidSource> {
    let lower = token.to_ascii_lowercase();
    if token.len() >= 2 && token.starts_with('\'') && token.ends_with('\'') {
        let inner = &token[1..token.len() - 1];
        let inner_lower = &lower[1..lower.len() - 1];
        return Ok(match inner_lower {
            "none" => Source::None,
            "self" => Source::SelfOrigin,
            "unsafe-inline" => Source::UnsafeInline,
            "unsafe-eval" => Source::UnsafeEval,
            "unsafe-hashes" => Source::UnsafeHashes,
            "strict-dynamic" => Source::StrictDynamic,
            "wasm-unsafe-eval" => Source::WasmUnsafeEval,
            "report-sample" => Source::ReportSample,
            "unsafe-allow-redirects"
            | "inline-speculation-rules"
            | "trusted-types-eval"
            | "report-sha256"
            | "unsafe-webtransport-hashes" => Source::OtherKeyword(inner_lower.to_string()),
            _ if inner_lower.starts_with("nonce-") && is_base64_value(&inner[6..]) => {
                Source::Nonce(inner[6..].to_string())
            }
            _ => {
                let (algorithm, rest) = inner.split_once('-').ok_or(InvalidSource)?;
                let algorithm = match algorithm.to_ascii_lowercase().as_str() {
                    "sha256" => HashAlgorithm::Sha256,
                    "sha384" => HashAlgorithm::Sha384,
                    "sha512" => HashAlgorithm::Sha512,
                    _ => return Err(InvalidSource),
                };
                if !is_base64_value(rest) {
                    return Err(InvalidSource);
                }
                Source::Hash(algorithm, rest.to_string())
            }
        });
    }
    if token == "*" {
        return Ok(Source::Star);
    }
    // scheme-source: `scheme:` and nothing after.
    if let Some(scheme) = lower.strip_suffix(':') {
        if is_scheme(scheme) {
            return Ok(Source::Scheme(scheme.to_string()));
        }
        return Err(InvalidSource);
    }
    parse_host_source(&lower).ok_or(InvalidSource)
}

fn is_scheme(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `[scheme-part "://"] host-part [":" port-part] [path-part]`
fn parse_host_source(token: &str) -> Option<Source> {
    let (scheme, rest) = match token.find("://") {
        Some(at) => {
            let scheme = &token[..at];
            if !is_scheme(scheme) {
                return None;
            }
            (Some(scheme.to_string()), &token[at + 3..])
        }
        None => (None, token),
    };
    let host_end = rest.find([':', '/']).unwrap_or(rest.len());
    let host_text = &rest[..host_end];
    let (wildcard, host) = if host_text == "*" {
        (true, "")
    } else if let Some(host) = host_text.strip_prefix("*.") {
        (true, host)
    } else {
        (false, host_text)
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    if !(host.is_empty() && wildcard) {
        let labels_ok = !host.is_empty()
            && host
                .split('.')
                .all(|label| !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        if !labels_ok {
            return None;
        }
    }
    let mut after = &rest[host_end..];
    let mut port = PortPattern::Default;
    if let Some(port_and_path) = after.strip_prefix(':') {
        let port_end = port_and_path.find('/').unwrap_or(port_and_path.len());
        let port_text = &port_and_path[..port_end];
        port = if port_text == "*" {
            PortPattern::Any
        } else if !port_text.is_empty() && port_text.chars().all(|c| c.is_ascii_digit()) {
            PortPattern::Number(port_text.parse().ok()?)
        } else {
            return None;
        };
        after = &port_and_path[port_end..];
    }
    let path = if after.is_empty() {
        None
    } else {
        if after.contains([',', ';']) {
            return None;
        }
        Some(after.to_string())
    };
    Some(Source::Host { scheme, host: host.to_string(), wildcard, port, path })
}

/// CSP3 §6.7.2.8 "scheme-part matching", with the secure upgrades it allows.
pub fn scheme_part_matches(expression: &str, url_scheme: &str) -> bool {
    expression == url_scheme
        || (expression == "http" && url_scheme == "https")
        || (expression == "ws" && matches!(url_scheme, "wss" | "http" | "https"))
        || (expression == "wss" && url_scheme == "https")
}

/// Percent-decodes a path for comparison (paths are compared decoded).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            let hex =
                std::str::from_utf8(&bytes[index + 1..index + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(byte) = hex {
                out.push(byte);
                index += 3;
                continue;
            }
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// CSP3 §6.7.2.11 "path-part matching": a path ending in `/` is a prefix, otherwise exact.
fn path_matches(pattern: &str, url_path: &str) -> bool {
    if pattern.is_empty() || (pattern == "/" && url_path.is_empty()) {
        return true;
    }
    let exact = !pattern.ends_with('/');
    let pattern_segments: Vec<String> = pattern.split('/').map(percent_decode).collect();
    let url_segments: Vec<String> = url_path.split('/').map(percent_decode).collect();
    let pattern_segments = if exact { &pattern_segments[..] } else { &pattern_segments[..pattern_segments.len() - 1] };
    if pattern_segments.len() > url_segments.len() || (exact && pattern_segments.len() != url_segments.len()) {
        return false;
    }
    pattern_segments.iter().zip(&url_segments).all(|(a, b)| a == b)
}

/// CSP3 §6.7.2.10 "port-part matching".
fn port_matches(pattern: PortPattern, scheme_upgrade_allowed: bool, url: &Url) -> bool {
    match pattern {
        PortPattern::Any => true,
        PortPattern::Default => url.port.is_none(),
        PortPattern::Number(port) => {
            Some(port) == url.effective_port()
                // Chromium (and CSP3's note) let `http://host:80` match the upgraded https URL on 443.
                || (scheme_upgrade_allowed && port == 80 && url.effective_port() == Some(443))
        }
    }
}

fn is_http_family(scheme: &str) -> bool {
    matches!(scheme, "http" | "https" | "ws" | "wss")
}

/// Whether `url` matches `source` for a page at `self_url` (CSP3 §6.7.2.5). Keywords other than
/// `'self'`, nonces and hashes never match a URL.
pub fn url_matches(source: &Source, url: &Url, self_url: &Url) -> bool {
    match source {
        Source::Star => {
            // `*` matches network schemes and the page's own scheme, never data:, blob:, filesystem:.
            is_http_family(&url.scheme)
                || url.scheme == "ftp"
                || (url.scheme == self_url.scheme && !matches!(url.scheme.as_str(), "data" | "blob" | "filesystem"))
        }
        Source::Scheme(scheme) => scheme_part_matches(scheme, &url.scheme),
        Source::Host { scheme, host, wildcard, port, path } => {
            if url.host.is_empty() {
                return false;
            }
            let scheme_ok = match scheme {
                Some(scheme) => scheme_part_matches(scheme, &url.scheme),
                None => scheme_part_matches(&self_url.scheme, &url.scheme),
            };
            if !scheme_ok {
                return false;
            }
            let host_ok =
                if *wildcard { host.is_empty() || url.host.ends_with(&format!(".{host}")) } else { &url.host == host };
            let upgrade = url.scheme == "https" || url.scheme == "wss";
            host_ok
                && port_matches(*port, upgrade, url)
                && path.as_deref().is_none_or(|path| path_matches(path, &url.path))
        }
        Source::SelfOrigin => {
            if self_url.host.is_empty() {
                return false;
            }
            if self_url.same_origin(url) {
                return true;
            }
            // The secure upgrade of the page's own origin (CSP3 §6.7.2.5 step 4.2).
            let default_or_same =
                |a: &Url, b: &Url| a.effective_port() == b.effective_port() || (a.port.is_none() && b.port.is_none());
            self_url.host == url.host
                && default_or_same(self_url, url)
                && (matches!(url.scheme.as_str(), "https" | "wss")
                    || (self_url.scheme == "http" && matches!(url.scheme.as_str(), "http" | "ws")))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap_or_else(|| panic!("{text} is a URL"))
    }

    #[test]
    fn tokens_parse_into_source_expressions() {
        assert_eq!(parse_source("'SELF'"), Ok(Source::SelfOrigin));
        assert_eq!(parse_source("'nonce-R4nd0m+/=='"), Ok(Source::Nonce("R4nd0m+/==".into())));
        assert_eq!(parse_source("'nonce-a b'"), Err(InvalidSource));
        assert_eq!(parse_source("'sha256-abc='"), Ok(Source::Hash(HashAlgorithm::Sha256, "abc=".into())));
        assert_eq!(parse_source("'md5-abc'"), Err(InvalidSource));
        assert_eq!(parse_source("https:"), Ok(Source::Scheme("https".into())));
        assert_eq!(parse_source("*"), Ok(Source::Star));
        assert_eq!(
            parse_source("https://*.Example.com:*/js/"),
            Ok(Source::Host {
                scheme: Some("https".into()),
                host: "example.com".into(),
                wildcard: true,
                port: PortPattern::Any,
                path: Some("/js/".into())
            })
        );
        // Unquoted `self` is a host named "self", as the grammar says.
        assert!(matches!(parse_source("self"), Ok(Source::Host { .. })));
        assert_eq!(parse_source("http://exa mple"), Err(InvalidSource));
        assert_eq!(parse_source("example.com:80x"), Err(InvalidSource));
        assert_eq!(parse_source("'unknown-keyword'"), Err(InvalidSource));
    }

    /// Each row: expression, URL, page, matches? — from CSP3 §6.7.2's rules.
    #[test]
    fn urls_match_expressions_as_the_spec_says() {
        let page = "https://castle.example/";
        let cases: &[(&str, &str, &str, bool)] = &[
            ("https:", "https://a.example/x.js", page, true),
            ("http:", "https://a.example/x.js", page, true), // upgrade
            ("https:", "http://a.example/x.js", page, false),
            ("ws:", "wss://a.example/", page, true),
            ("wss:", "ws://a.example/", page, false),
            ("data:", "data:text/javascript,1", page, true),
            ("*", "data:text/javascript,1", page, false),
            ("*", "https://any.example/x", page, true),
            ("*", "blob:https://castle.example/uuid", page, false),
            ("cdn.example", "https://cdn.example/x.js", page, true),
            ("cdn.example", "http://cdn.example/x.js", page, false), // page is https: no downgrade
            ("cdn.example", "http://cdn.example/x.js", "http://castle.example/", true),
            ("cdn.example", "https://cdn.example/x.js", "http://castle.example/", true),
            ("*.example", "https://cdn.example/x.js", page, true),
            ("*.example", "https://example/x.js", page, false),
            ("*.example", "https://a.b.example/x.js", page, true),
            ("https://cdn.example", "https://CDN.example/x.js", page, true),
            ("https://cdn.example", "https://cdn.example:8443/x.js", page, false),
            ("https://cdn.example:*", "https://cdn.example:8443/x.js", page, true),
            ("https://cdn.example:443", "https://cdn.example/x.js", page, true),
            ("http://cdn.example:80", "https://cdn.example/x.js", page, true),
            ("https://cdn.example/js/", "https://cdn.example/js/app.js", page, true),
            ("https://cdn.example/js/", "https://cdn.example/jsx/app.js", page, false),
            ("https://cdn.example/js/app.js", "https://cdn.example/js/app.js", page, true),
            ("https://cdn.example/js/app.js", "https://cdn.example/js/app.js2", page, false),
            ("https://cdn.example/js/a%20b.js", "https://cdn.example/js/a b.js", page, true),
            ("'self'", "https://castle.example/app.js", page, true),
            ("'self'", "https://castle.example:8443/app.js", page, false),
            ("'self'", "http://castle.example/app.js", page, false),
            ("'self'", "https://castle.example/app.js", "http://castle.example/", true), // upgrade
            ("'self'", "wss://castle.example/live", page, true),
            ("'self'", "https://evil.example/app.js", page, false),
            ("'none'", "https://castle.example/app.js", page, false),
            ("'unsafe-inline'", "https://castle.example/app.js", page, false),
        ];
        for (expression, target, page, expected) in cases {
            let source = parse_source(expression).unwrap_or_else(|_| panic!("{expression} parses"));
            assert_eq!(url_matches(&source, &url(target), &url(page)), *expected, "{expression} vs {target} on {page}");
        }
    }
}
