//! Python's `urllib.parse.urlsplit` and `urlunsplit` (3.12), as far as the CSRF checks read a
//! `Referer` or `Origin`: scheme (lower-cased), netloc, and the URL put back together for
//! Django's messages. Flask-WTF's `urlparse(...).hostname` and `.port` come from the netloc.

/// A URL split as Python splits it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitUrl {
    /// Lower-cased; empty when there is none.
    pub scheme: String,
    /// `user@host:port`; empty when there is none.
    pub netloc: String,
    /// The path.
    pub path: String,
    /// After `?`.
    pub query: String,
    /// After `#`.
    pub fragment: String,
}

/// `urlsplit(url)`; `None` where Python raises `ValueError` (an unbalanced `[` or `]` in the
/// netloc).
pub fn urlsplit(url: &str) -> Option<SplitUrl> {
    // WHATWG C0 controls and space are stripped from both ends; tab, CR and LF removed.
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed.chars().filter(|c| !matches!(c, '\t' | '\r' | '\n')).collect();
    let mut rest = cleaned.as_str();
    let mut scheme = String::new();
    if let Some(i) = rest.find(':') {
        let candidate = rest.get(..i).unwrap_or_default();
        let valid = candidate.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && candidate.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if valid {
            scheme = candidate.to_ascii_lowercase();
            rest = rest.get(i + 1..).unwrap_or_default();
        }
    }
    let mut netloc = String::new();
    if let Some(after) = rest.strip_prefix("//") {
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        netloc = after.get(..end).unwrap_or_default().to_string();
        rest = after.get(end..).unwrap_or_default();
        if netloc.contains('[') != netloc.contains(']') {
            return None;
        }
    }
    let (rest, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    Some(SplitUrl { scheme, netloc, path: path.to_string(), query: query.to_string(), fragment: fragment.to_string() })
}

impl SplitUrl {
    /// `urlunsplit(...)`, which `SplitResult.geturl()` returns: empty query and fragment drop out.
    pub fn geturl(&self) -> String {
        let mut url = self.path.clone();
        if !self.netloc.is_empty() {
            if !url.is_empty() && !url.starts_with('/') {
                url.insert(0, '/');
            }
            url = format!("//{}{url}", self.netloc);
        } else if url.starts_with("//") {
            url = format!("//{url}");
        }
        if !self.scheme.is_empty() {
            url = format!("{}:{url}", self.scheme);
        }
        if !self.query.is_empty() {
            url = format!("{url}?{}", self.query);
        }
        if !self.fragment.is_empty() {
            url = format!("{url}#{}", self.fragment);
        }
        url
    }

    /// `.hostname`: the host without user info and port, lower-cased; `None` when empty.
    pub fn hostname(&self) -> Option<String> {
        let host = self.netloc.rsplit('@').next().unwrap_or_default();
        let host = if let Some(inner) = host.strip_prefix('[') {
            inner.split(']').next().unwrap_or_default()
        } else {
            host.split(':').next().unwrap_or_default()
        };
        (!host.is_empty()).then(|| host.to_ascii_lowercase())
    }

    /// `.port`: `Ok(None)` without one, `Err(BadPort)` where Python raises `ValueError` (not a
    /// number, or out of range).
    pub fn port(&self) -> Result<Option<u16>, BadPort> {
        let host = self.netloc.rsplit('@').next().unwrap_or_default();
        let after = match host.rsplit_once(']') {
            Some((_, after)) => after,
            None => host,
        };
        match after.rsplit_once(':') {
            None => Ok(None),
            Some((_, "")) => Ok(None),
            Some((_, digits)) if digits.bytes().all(|b| b.is_ascii_digit()) => {
                digits.parse().map(Some).map_err(|_| BadPort)
            }
            Some(_) => Err(BadPort),
        }
    }
}

/// A port Python's `urllib.parse` refuses: `.port` raises `ValueError` for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadPort;

impl std::fmt::Display for BadPort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the port is not a number from 0 to 65535")
    }
}

impl std::error::Error for BadPort {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_as_python_does() {
        let url = urlsplit("HTTPS://User@Bank.example:8443/a?b=1#c").expect("splits");
        assert_eq!((url.scheme.as_str(), url.netloc.as_str()), ("https", "User@Bank.example:8443"));
        assert_eq!((url.hostname().as_deref(), url.port()), (Some("bank.example"), Ok(Some(8443))));
        assert_eq!(url.geturl(), "https://User@Bank.example:8443/a?b=1#c");
        let bare = urlsplit("not a url").expect("splits");
        assert_eq!((bare.scheme.as_str(), bare.netloc.as_str(), bare.path.as_str()), ("", "", "not a url"));
        assert_eq!(urlsplit("https://[::1/"), None);
        assert_eq!(urlsplit("https://bank.example:x/").map(|u| u.port()), Some(Err(BadPort)));
    }
}
