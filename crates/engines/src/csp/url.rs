//! Just enough of the WHATWG URL model for CSP matching: scheme, host, port, path.
//!
//! CSP compares a URL's scheme, host, port and path (CSP3 §6.7.2), so this parser keeps those
//! four and resolves a relative reference against the page's URL the way a browser would for
//! the common cases (`//host/x`, `/x`, `x`, `../x`, `?q`). Special schemes (http, https, ws,
//! wss, ftp) have an authority; every other scheme (`data:`, `blob:`, `javascript:`) is opaque.

/// A parsed absolute URL, normalised: lowercase scheme and host, default port dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// Lowercase, without the colon: `https`.
    pub scheme: String,
    /// Lowercase host; empty for opaque URLs such as `data:`.
    pub host: String,
    /// `None` when absent or the scheme's default port (as the URL standard stores it).
    pub port: Option<u16>,
    /// The path as written (`/a/b.js`); for opaque URLs, everything after the colon.
    pub path: String,
}

/// The default port of a special scheme.
pub fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

fn is_special(scheme: &str) -> bool {
    matches!(scheme, "http" | "https" | "ws" | "wss" | "ftp" | "file")
}

/// Browsers strip leading and trailing C0 controls and spaces, and remove tabs and newlines.
fn clean(input: &str) -> String {
    input.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect()
}

/// The scheme of `input` if it starts with one (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`).
fn scheme_of(input: &str) -> Option<(String, &str)> {
    let colon = input.find(':')?;
    let scheme = &input[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    if !first.is_ascii_alphabetic() || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
        return None;
    }
    Some((scheme.to_ascii_lowercase(), &input[colon + 1..]))
}

impl Url {
    /// Parses an absolute URL; `None` when it is not one.
    pub fn parse(input: &str) -> Option<Url> {
        let input = clean(input);
        let (scheme, rest) = scheme_of(&input)?;
        if is_special(&scheme) {
            let rest = rest.trim_start_matches(['/', '\\']);
            Url::authority_and_path(scheme, rest)
        } else {
            Some(Url { scheme, host: String::new(), port: None, path: rest.to_string() })
        }
    }

    /// `host[:port]/path…` after `scheme://`.
    fn authority_and_path(scheme: String, rest: &str) -> Option<Url> {
        let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..end];
        // Credentials are not part of the origin.
        let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
        let (host, port) = match authority.rfind(':') {
            Some(colon) if !authority.ends_with(']') => {
                let port_text = &authority[colon + 1..];
                let port = if port_text.is_empty() { None } else { Some(port_text.parse::<u16>().ok()?) };
                (&authority[..colon], port)
            }
            _ => (authority, None),
        };
        if host.is_empty() && scheme != "file" {
            return None;
        }
        // WHATWG host parsing: an IPv6 literal is bracketed hex, and no other host holds a
        // forbidden code point; a browser requests nothing for such a URL.
        let valid_host = match host.strip_prefix('[') {
            Some(inner) => inner
                .strip_suffix(']')
                .is_some_and(|ip| !ip.is_empty() && ip.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')),
            None => !host.contains(['[', ']', ' ', '<', '>', '^', '|']),
        };
        if !valid_host {
            return None;
        }
        let port = port.filter(|port| Some(*port) != default_port(&scheme));
        let after = &rest[end..];
        let path_end = after.find(['?', '#']).unwrap_or(after.len());
        let mut path = after[..path_end].replace('\\', "/");
        if path.is_empty() {
            path.push('/');
        }
        Some(Url { scheme, host: host.to_ascii_lowercase(), port, path: normalize_dots(&path) })
    }

    /// Resolves `reference` (as written in an attribute) against this URL.
    pub fn join(&self, reference: &str) -> Option<Url> {
        let reference = clean(reference);
        if let Some((scheme, _)) = scheme_of(&reference) {
            // `http:foo` relative to an http base is a relative reference in the URL standard;
            // rare enough to treat every scheme-led reference as absolute.
            let _ = scheme;
            return Url::parse(&reference);
        }
        if self.host.is_empty() && !is_special(&self.scheme) {
            return None; // an opaque base (data:, about:) cannot resolve a relative reference
        }
        let reference = reference.replace('\\', "/");
        if let Some(rest) = reference.strip_prefix("//") {
            return Url::authority_and_path(self.scheme.clone(), rest);
        }
        let path_end = reference.find(['?', '#']).unwrap_or(reference.len());
        let ref_path = &reference[..path_end];
        let path = if ref_path.is_empty() {
            self.path.clone()
        } else if ref_path.starts_with('/') {
            normalize_dots(ref_path)
        } else {
            let dir = self.path.rfind('/').map_or("/", |slash| &self.path[..=slash]);
            normalize_dots(&format!("{dir}{ref_path}"))
        };
        Some(Url { scheme: self.scheme.clone(), host: self.host.clone(), port: self.port, path })
    }

    /// The port a request really goes to.
    pub fn effective_port(&self) -> Option<u16> {
        self.port.or_else(|| default_port(&self.scheme))
    }

    /// The URL as a violation report shows it (CSP3 "strip URL for use in reports"): only the
    /// scheme for non-HTTP(S) URLs, otherwise the URL without fragment or credentials.
    pub fn for_reports(&self) -> String {
        if !matches!(self.scheme.as_str(), "http" | "https" | "ws" | "wss") {
            return self.scheme.clone();
        }
        self.to_string()
    }

    /// `scheme://host[:port]`: what Chromium reports as `blockedURI` for a blocked frame or
    /// object (it checks those as navigations and reports only the origin; see ARCHITECTURE.md).
    pub fn origin_for_reports(&self) -> String {
        if self.host.is_empty() {
            return self.scheme.clone();
        }
        match self.port {
            Some(port) => format!("{}://{}:{port}", self.scheme, self.host),
            None => format!("{}://{}", self.scheme, self.host),
        }
    }

    /// Whether two URLs have the same origin (scheme, host, port).
    pub fn same_origin(&self, other: &Url) -> bool {
        !self.host.is_empty()
            && self.scheme == other.scheme
            && self.host == other.host
            && self.effective_port() == other.effective_port()
    }
}

impl std::fmt::Display for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.host.is_empty() && !is_special(&self.scheme) {
            return write!(f, "{}:{}", self.scheme, self.path);
        }
        write!(f, "{}://{}", self.scheme, self.host)?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        write!(f, "{}", self.path)
    }
}

/// Removes `.` and `..` segments (URL standard path parsing).
fn normalize_dots(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let last = segments.len().saturating_sub(1);
    for (index, segment) in segments.iter().enumerate() {
        match *segment {
            "." | "%2e" | "%2E" => {
                if index == last {
                    out.push("");
                }
            }
            ".." | ".%2e" | "%2e." | "%2e%2e" | ".%2E" | "%2E." | "%2E%2E" => {
                out.pop();
                if index == last {
                    out.push("");
                }
            }
            other => out.push(other),
        }
    }
    format!("/{}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_urls_are_normalised() {
        let cases = [
            ("https://CDN.Example.com/a.js", "https", "cdn.example.com", None, "/a.js"),
            ("https://cdn.example.com:443/a.js?x#y", "https", "cdn.example.com", None, "/a.js"),
            ("http://example.com:8080", "http", "example.com", Some(8080), "/"),
            ("  https://a.b/c/../d  ", "https", "a.b", None, "/d"),
            ("data:text/javascript,alert(1)", "data", "", None, "text/javascript,alert(1)"),
        ];
        for (input, scheme, host, port, path) in cases {
            let url = Url::parse(input).unwrap_or_else(|| panic!("{input} parses"));
            assert_eq!(
                (url.scheme.as_str(), url.host.as_str(), url.port, url.path.as_str()),
                (scheme, host, port, path),
                "{input}"
            );
        }
        assert_eq!(Url::parse("https://a.b:99999/"), None);
        assert_eq!(Url::parse("no-scheme"), None);
    }

    #[test]
    fn relative_references_resolve_against_the_page() {
        let base = Url::parse("https://castle.example/gate/index.html").expect("base");
        let cases = [
            ("app.js", "https://castle.example/gate/app.js"),
            ("/app.js", "https://castle.example/app.js"),
            ("../app.js", "https://castle.example/app.js"),
            ("//cdn.example/x.js", "https://cdn.example/x.js"),
            ("?v=1", "https://castle.example/gate/index.html"),
            ("https://evil.example/x.js", "https://evil.example/x.js"),
        ];
        for (reference, expected) in cases {
            assert_eq!(base.join(reference).map(|u| u.to_string()).as_deref(), Some(expected), "{reference}");
        }
    }

    #[test]
    fn report_urls_keep_only_the_scheme_of_non_http_urls() {
        assert_eq!(Url::parse("data:image/png;base64,AAAA").map(|u| u.for_reports()).as_deref(), Some("data"));
        assert_eq!(Url::parse("http://[bad"), None);
        assert_eq!(Url::parse("http://a b/"), None);
        assert!(Url::parse("http://[::1]:8080/").is_some());
        assert_eq!(Url::parse("https://a.b/x.js#f").map(|u| u.for_reports()).as_deref(), Some("https://a.b/x.js"));
    }
}
