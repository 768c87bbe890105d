//! `Strict-Transport-Security` as RFC 6797 §6.1 defines it and Chromium parses it
//! (`net/http/http_security_headers.cc`, `ParseHSTSHeader`):
//! - directives separated by `;`, names case-insensitive, values a token or a quoted string,
//!   spaces allowed around `=` (§6.1: `directive-name [ "=" directive-value ]` with OWS);
//! - `max-age` is required, digits only (quoted or not); `includeSubDomains` takes no value;
//! - a directive written twice makes the whole header invalid (§6.1 rule 2: "MUST appear only
//!   once"), and so does any syntax error: the browser then ignores the header entirely;
//! - unknown directives (`preload` among them, which is hstspreload.org's, not the RFC's) are
//!   ignored;
//! - Chromium keeps at most one year (`kMaxHSTSAgeSecs`): a longer `max-age` is cut to 31536000.
//! - Only the first Strict-Transport-Security header of a response counts (§8.1), and only
//!   over https (§8.1: a header received over plain http is ignored).

use serde::Serialize;

/// Chromium's cap on a remembered max-age: one year.
pub const CHROMIUM_MAX_AGE: u64 = 31_536_000;

/// The policy a browser stores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HstsPolicy {
    /// As written (saturating at `u64::MAX`).
    pub max_age: u64,
    /// What Chromium keeps: at most [`CHROMIUM_MAX_AGE`].
    pub stored_max_age: u64,
    pub include_subdomains: bool,
    /// `preload` was present (browsers ignore it; the preload list requires it).
    pub preload: bool,
}

/// One directive as read, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirectiveNote {
    /// The name as written.
    pub name: String,
    pub value: Option<String>,
    pub meaning: String,
}

/// Why a browser ignores the whole header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum HstsError {
    MissingMaxAge,
    InvalidMaxAge { value: String },
    Duplicate { name: String },
    IncludeSubdomainsWithValue,
    Syntax { text: String },
    Empty,
}

impl HstsError {
    /// The error in plain words.
    pub fn message(&self) -> String {
        match self {
            HstsError::MissingMaxAge => "No `max-age`: browsers ignore the whole header. Write `max-age=31536000`.".into(),
            HstsError::InvalidMaxAge { value } => format!("`max-age={value}` is not a number of seconds (digits only), so browsers ignore the whole header."),
            HstsError::Duplicate { name } => format!("`{name}` is written twice; RFC 6797 says each directive appears once, so browsers ignore the whole header."),
            HstsError::IncludeSubdomainsWithValue => "`includeSubDomains` takes no value; browsers ignore the whole header.".into(),
            HstsError::Syntax { text } => format!("`{text}` cannot be read as a directive (`name` or `name=value`), so browsers ignore the whole header."),
            HstsError::Empty => "The header is empty; browsers ignore it.".into(),
        }
    }
}

/// The header read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HstsReading {
    /// `None` when the header is ignored.
    pub policy: Option<HstsPolicy>,
    pub error: Option<HstsError>,
    pub directives: Vec<DirectiveNote>,
}

fn is_token(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// A quoted-string's content (backslash escapes undone), or `None` when malformed.
fn unquote(text: &str) -> Option<String> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?),
            '"' => return None,
            _ => out.push(c),
        }
    }
    Some(out)
}

fn meaning(name: &str, value: Option<&str>) -> String {
    match name {
        "max-age" => {
            let seconds: u64 = value.and_then(|v| v.parse().ok()).unwrap_or(0);
            if seconds == 0 {
                "`max-age=0`: forget HSTS for this host now (how a site turns it off).".into()
            } else {
                format!("Remember for {seconds} seconds (about {} days) to use only https for this host.", seconds / 86_400)
            }
        }
        "includesubdomains" => "Every subdomain too (`www.`, `api.`…): they must all work over https.".into(),
        "preload" => "Asks to be put on the preload list built into browsers (browsers ignore it here; hstspreload.org requires it).".into(),
        _ => format!("`{name}` is not an HSTS directive; browsers ignore it."),
    }
}

/// Reads one header value.
pub fn parse(value: &str) -> HstsReading {
    let mut directives = Vec::new();
    let mut max_age: Option<u64> = None;
    let mut include_subdomains = false;
    let mut preload = false;
    let mut seen: Vec<String> = Vec::new();
    let fail =
        |directives: Vec<DirectiveNote>, error: HstsError| HstsReading { policy: None, error: Some(error), directives };
    if value.trim().is_empty() {
        return fail(directives, HstsError::Empty);
    }
    for part in value.split(';') {
        let part = part.trim_matches([' ', '\t']);
        if part.is_empty() {
            continue;
        }
        let (name, raw_value) = match part.find('=') {
            Some(at) => (part[..at].trim_matches([' ', '\t']), Some(part[at + 1..].trim_matches([' ', '\t']))),
            None => (part, None),
        };
        if !is_token(name) {
            return fail(directives, HstsError::Syntax { text: part.to_string() });
        }
        let value = match raw_value {
            None => None,
            Some("") => Some(String::new()),
            Some(v) if v.starts_with('"') => match unquote(v) {
                Some(inner) => Some(inner),
                None => return fail(directives, HstsError::Syntax { text: part.to_string() }),
            },
            Some(v) if is_token(v) => Some(v.to_string()),
            Some(_) => return fail(directives, HstsError::Syntax { text: part.to_string() }),
        };
        let lower = name.to_ascii_lowercase();
        if seen.contains(&lower) {
            return fail(directives, HstsError::Duplicate { name: name.to_string() });
        }
        seen.push(lower.clone());
        directives.push(DirectiveNote {
            name: name.to_string(),
            value: value.clone(),
            meaning: meaning(&lower, value.as_deref()),
        });
        match lower.as_str() {
            "max-age" => {
                let Some(digits) = value.filter(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit())) else {
                    return fail(directives, HstsError::InvalidMaxAge { value: raw_value.unwrap_or("").to_string() });
                };
                // Chromium clamps an overlong number instead of rejecting it.
                max_age = Some(digits.parse().unwrap_or(u64::MAX));
            }
            "includesubdomains" => {
                if value.is_some() {
                    return fail(directives, HstsError::IncludeSubdomainsWithValue);
                }
                include_subdomains = true;
            }
            "preload" => preload = true,
            _ => {}
        }
    }
    match max_age {
        Some(max_age) => HstsReading {
            policy: Some(HstsPolicy {
                max_age,
                stored_max_age: max_age.min(CHROMIUM_MAX_AGE),
                include_subdomains,
                preload,
            }),
            error: None,
            directives,
        },
        None => fail(directives, HstsError::MissingMaxAge),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(value: &str) -> Option<(u64, bool, bool)> {
        parse(value).policy.map(|p| (p.max_age, p.include_subdomains, p.preload))
    }

    fn error(value: &str) -> Option<HstsError> {
        parse(value).error
    }

    #[test]
    fn headers_read_as_rfc_6797_and_chromium_do() {
        assert_eq!(policy("max-age=31536000"), Some((31_536_000, false, false)));
        assert_eq!(policy("MAX-AGE=600; IncludeSubDomains; PRELOAD"), Some((600, true, true)));
        assert_eq!(policy("max-age=\"31536000\""), Some((31_536_000, false, false)));
        assert_eq!(policy("max-age = 10 ;includeSubDomains;"), Some((10, true, false)));
        assert_eq!(policy("max-age=0"), Some((0, false, false)));
        assert_eq!(policy("max-age=10; report-uri=\"https://r.example\""), Some((10, false, false)));
        assert_eq!(parse("max-age=99999999999").policy.map(|p| p.stored_max_age), Some(CHROMIUM_MAX_AGE));
        assert_eq!(parse("max-age=999999999999999999999999").policy.map(|p| p.max_age), Some(u64::MAX));
    }

    #[test]
    fn a_broken_header_is_ignored_whole() {
        assert_eq!(error("includeSubDomains"), Some(HstsError::MissingMaxAge));
        assert_eq!(error("max-age=abc"), Some(HstsError::InvalidMaxAge { value: "abc".into() }));
        assert_eq!(error("max-age=-1"), Some(HstsError::InvalidMaxAge { value: "-1".into() }));
        assert_eq!(error("max-age="), Some(HstsError::InvalidMaxAge { value: "".into() }));
        assert_eq!(error("max-age=\"12"), Some(HstsError::Syntax { text: "max-age=\"12".into() }));
        assert_eq!(error("max-age=1; max-age=2"), Some(HstsError::Duplicate { name: "max-age".into() }));
        assert_eq!(
            error("max-age=1; includeSubDomains; includesubdomains"),
            Some(HstsError::Duplicate { name: "includesubdomains".into() })
        );
        assert_eq!(error("max-age=1; includeSubDomains=yes"), Some(HstsError::IncludeSubdomainsWithValue));
        // Two headers joined by a comma read as one broken value (Chromium only reads the first header).
        assert_eq!(error("max-age=1, max-age=2"), Some(HstsError::Syntax { text: "max-age=1, max-age=2".into() }));
        assert_eq!(error("maxage=31536000"), Some(HstsError::MissingMaxAge));
        assert_eq!(error(""), Some(HstsError::Empty));
        for e in [HstsError::MissingMaxAge, HstsError::Empty, HstsError::IncludeSubdomainsWithValue] {
            assert!(!e.message().is_empty());
        }
    }
}

#[cfg(test)]
mod never_panics {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_header_is_read_without_panicking(value in "\\PC{0,200}", tokens in proptest::collection::vec("(max-age|includeSubDomains|preload|MAX-AGE|x)( ?= ?(\"[0-9a-z\\\\\"]{0,12}\"?|[0-9]{0,30}|[a-z-]{0,5}))?", 0..6)) {
            let _ = super::parse(&value);
            let reading = super::parse(&tokens.join(";"));
            prop_assert!(reading.policy.is_some() != reading.error.is_some());
        }
    }
}
