//! One `Set-Cookie` header line parsed as RFC 6265bis §5.6 says and Chromium does: the name and
//! value before the first `;`, then attributes, case-insensitive, where for each attribute the
//! last one wins and an unreadable one is ignored (the cookie stays).

use serde::Serialize;

use super::date::parse_cookie_date;

/// Chromium's limit on name plus value (RFC 6265bis §5.6 step 6).
pub const MAX_NAME_VALUE: usize = 4096;
/// Chromium's limit on one attribute's value; a longer one is ignored (§5.6 step "If the
/// attribute-value is longer than 1024 octets").
pub const MAX_ATTRIBUTE_VALUE: usize = 1024;

/// The SameSite attribute as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum SameSite {
    /// No attribute (or an unknown value): Chromium treats it as `Lax`, with the two-minute
    /// allowance for top-level POSTs.
    Unspecified,
    /// `SameSite=None`: sent on cross-site requests (needs `Secure`).
    None,
    /// `SameSite=Lax`: cross-site only on top-level navigations with a safe method.
    Lax,
    /// `SameSite=Strict`: never on cross-site requests, not even a followed link.
    Strict,
}

/// A line parsed, before the browser decides whether to store it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParsedCookie {
    /// The name (may be empty: a "nameless" cookie).
    pub name: String,
    /// The value.
    pub value: String,
    /// `Expires`, as seconds since the epoch, when readable.
    pub expires: Option<i64>,
    /// `Max-Age` in seconds, when readable (it wins over `Expires`).
    pub max_age: Option<i64>,
    /// `Domain`, lower-case, leading dot removed.
    pub domain: Option<String>,
    /// `Path`, when it starts with `/`.
    pub path: Option<String>,
    /// `Secure`.
    pub secure: bool,
    /// `HttpOnly`.
    pub http_only: bool,
    /// `SameSite`.
    pub same_site: SameSite,
    /// `Partitioned`.
    pub partitioned: bool,
    /// What was ignored or overridden, in the order met.
    pub notes: Vec<ParseNote>,
}

/// Something in the line the browser ignored or overrode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ParseNote {
    /// An attribute given more than once: the last one counts.
    Repeated(String),
    /// `Expires` that is not a cookie date.
    UnreadableExpires(String),
    /// `Max-Age` that is not an integer.
    UnreadableMaxAge(String),
    /// `Max-Age` present: `Expires` does not count.
    MaxAgeWinsOverExpires,
    /// `Domain=` with nothing: ignored.
    EmptyDomain,
    /// `Path` empty or not starting with `/`: the default path is used.
    PathNotAbsolute(String),
    /// `SameSite` with a value other than Strict, Lax or None: unspecified.
    UnknownSameSite(String),
    /// An attribute longer than 1024 bytes: ignored.
    AttributeTooLong(String),
    /// An attribute browsers do not know.
    UnknownAttribute(String),
}

impl std::fmt::Display for ParseNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseNote::Repeated(name) => {
                write!(f, "{name} is given more than once: the last one counts")
            }
            ParseNote::UnreadableExpires(v) => write!(f, "Expires={v} is not a date a browser reads, so it is ignored"),
            ParseNote::UnreadableMaxAge(v) => {
                write!(f, "Max-Age={v} is not a whole number of seconds, so it is ignored")
            }
            ParseNote::MaxAgeWinsOverExpires => f.write_str("Max-Age is present, so Expires does not count"),
            ParseNote::EmptyDomain => f.write_str("Domain= is empty, so it is ignored (the cookie stays host-only)"),
            ParseNote::PathNotAbsolute(v) => write!(f, "Path={v} does not start with '/', so the default path is used"),
            ParseNote::UnknownSameSite(v) => {
                write!(f, "SameSite={v} is not Strict, Lax or None, so it counts as unspecified")
            }
            ParseNote::AttributeTooLong(name) => {
                write!(f, "{name} is longer than 1024 bytes, so it is ignored")
            }
            ParseNote::UnknownAttribute(name) => {
                write!(f, "{name} is not a cookie attribute browsers know; ignored")
            }
        }
    }
}

/// Why the whole line is ignored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ParseRejection {
    /// A control character (other than tab) anywhere in the line.
    ControlCharacter,
    /// Both name and value empty.
    NoContent,
    /// Name plus value past 4096 bytes.
    TooLarge(usize),
}

impl std::fmt::Display for ParseRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseRejection::ControlCharacter => {
                f.write_str("the line holds a control character, so the browser ignores the whole cookie")
            }
            ParseRejection::NoContent => f.write_str("the cookie has neither a name nor a value"),
            ParseRejection::TooLarge(n) => {
                write!(f, "name and value are {n} bytes; browsers refuse more than {MAX_NAME_VALUE}")
            }
        }
    }
}

const WSP: [char; 2] = [' ', '\t'];

/// Parses one `Set-Cookie` value (without the `Set-Cookie:` header name).
pub fn parse_set_cookie(line: &str) -> Result<ParsedCookie, ParseRejection> {
    // §5.6 step 1: %x00-08 / %x0A-1F / %x7F abort.
    if line.chars().any(|c| (c.is_ascii_control() && c != '\t') || c == '\u{7f}') {
        return Err(ParseRejection::ControlCharacter);
    }
    let (pair, attributes) = line.split_once(';').unwrap_or((line, ""));
    let (name, value) = match pair.split_once('=') {
        Some((n, v)) => (n.trim_matches(WSP), v.trim_matches(WSP)),
        None => ("", pair.trim_matches(WSP)),
    };
    if name.len() + value.len() > MAX_NAME_VALUE {
        return Err(ParseRejection::TooLarge(name.len() + value.len()));
    }
    if name.is_empty() && value.is_empty() {
        return Err(ParseRejection::NoContent);
    }
    let mut cookie = ParsedCookie {
        name: name.to_string(),
        value: value.to_string(),
        expires: None,
        max_age: None,
        domain: None,
        path: None,
        secure: false,
        http_only: false,
        same_site: SameSite::Unspecified,
        partitioned: false,
        notes: Vec::new(),
    };
    let mut seen: Vec<String> = Vec::new();
    for attribute in attributes.split(';') {
        let (key, value) = attribute.split_once('=').unwrap_or((attribute, ""));
        let (key, value) = (key.trim_matches(WSP), value.trim_matches(WSP));
        if key.is_empty() {
            continue;
        }
        let lower = key.to_ascii_lowercase();
        if value.len() > MAX_ATTRIBUTE_VALUE {
            cookie.notes.push(ParseNote::AttributeTooLong(key.to_string()));
            continue;
        }
        let known = ["expires", "max-age", "domain", "path", "secure", "httponly", "samesite", "partitioned"];
        if !known.contains(&lower.as_str()) {
            cookie.notes.push(ParseNote::UnknownAttribute(key.to_string()));
            continue;
        }
        if seen.contains(&lower) {
            cookie.notes.push(ParseNote::Repeated(key.to_string()));
        } else {
            seen.push(lower.clone());
        }
        match lower.as_str() {
            "expires" => match parse_cookie_date(value) {
                Some(t) => cookie.expires = Some(t),
                None => cookie.notes.push(ParseNote::UnreadableExpires(value.to_string())),
            },
            "max-age" => match parse_max_age(value) {
                Some(seconds) => cookie.max_age = Some(seconds),
                None => cookie.notes.push(ParseNote::UnreadableMaxAge(value.to_string())),
            },
            "domain" => {
                let domain = value.strip_prefix('.').unwrap_or(value);
                if domain.is_empty() {
                    cookie.notes.push(ParseNote::EmptyDomain);
                } else {
                    cookie.domain = Some(domain.to_ascii_lowercase());
                }
            }
            "path" => {
                if value.starts_with('/') {
                    cookie.path = Some(value.to_string());
                } else {
                    // A later bad Path replaces an earlier good one with the default.
                    cookie.path = None;
                    cookie.notes.push(ParseNote::PathNotAbsolute(value.to_string()));
                }
            }
            "secure" => cookie.secure = true,
            "httponly" => cookie.http_only = true,
            "partitioned" => cookie.partitioned = true,
            _ => {
                cookie.same_site = match value.to_ascii_lowercase().as_str() {
                    "strict" => SameSite::Strict,
                    "lax" => SameSite::Lax,
                    "none" => SameSite::None,
                    _ => {
                        cookie.notes.push(ParseNote::UnknownSameSite(value.to_string()));
                        SameSite::Unspecified
                    }
                }
            }
        }
    }
    if cookie.max_age.is_some() && cookie.expires.is_some() {
        cookie.notes.push(ParseNote::MaxAgeWinsOverExpires);
    }
    Ok(cookie)
}

/// §5.6.2: an optional `-` then digits only; out-of-range numbers saturate.
fn parse_max_age(value: &str) -> Option<i64> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let negative = value.starts_with('-');
    Some(match digits.parse::<i64>() {
        Ok(n) if negative => -n,
        Ok(n) => n,
        Err(_) if negative => i64::MIN,
        Err(_) => i64::MAX,
    })
}
