//! `X-Frame-Options` as the HTML standard processes it: "check a navigation response's
//! adherence to `X-Frame-Options`" (HTML Living Standard, "Document lifecycle", section "The
//! `X-Frame-Options` header", `document-lifecycle.html#the-x-frame-options-header`).
//!
//! The algorithm, for a response loaded in a child navigable (a frame):
//! 1. An enforced CSP with `frame-ancestors` wins: X-Frame-Options is not looked at
//!    (that step lives in [`super::decide`]).
//! 2. The header is got, decoded and split on commas (Fetch), each value lowercased, into a
//!    *set* (so `DENY, DENY` is one value).
//! 3. More than one value and any of `deny`, `allowall`, `sameorigin` among them: **refused**
//!    (conflicting values block). More than one value otherwise: allowed.
//! 4. `deny`: refused. `sameorigin`: refused unless **every** ancestor is same origin with the
//!    framed page. Anything else — `ALLOW-FROM …` included, which no current browser
//!    supports — is ignored: allowed.
//!
//! Chromium's `ParseXFrameOptions` agrees: values that differ are a "conflict" that blocks.

use serde::Serialize;

/// What the header says once read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum FrameOptions {
    /// No header.
    Absent,
    Deny,
    SameOrigin,
    /// `ALLOWALL`: the explicit "anyone may frame".
    AllowAll,
    /// Several different values, one of them known: browsers refuse.
    Conflict {
        values: Vec<String>,
    },
    /// `ALLOW-FROM uri`: unsupported, so ignored.
    AllowFrom {
        value: String,
    },
    /// Values browsers do not know (one or several): ignored.
    Unknown {
        values: Vec<String>,
    },
}

/// Fetch's "get, decode, and split": commas outside double quotes separate values, each
/// trimmed of HTTP whitespace.
pub fn split_values(value: &str) -> Vec<String> {
    let mut values = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in value.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' if !quoted => values.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    values.push(current);
    values.into_iter().map(|v| v.trim_matches([' ', '\t', '\r', '\n']).to_string()).collect()
}

/// Reads the combined `X-Frame-Options` value (`None` when absent).
pub fn read(value: Option<&str>) -> FrameOptions {
    let Some(value) = value else {
        return FrameOptions::Absent;
    };
    let mut set: Vec<String> = Vec::new();
    for v in split_values(value) {
        let lower = v.to_ascii_lowercase();
        if !set.contains(&lower) {
            set.push(lower);
        }
    }
    let known = |v: &String| matches!(v.as_str(), "deny" | "allowall" | "sameorigin");
    if set.len() > 1 {
        if set.iter().any(known) {
            return FrameOptions::Conflict { values: set };
        }
        return FrameOptions::Unknown { values: set };
    }
    match set.first().map(String::as_str) {
        Some("deny") => FrameOptions::Deny,
        Some("sameorigin") => FrameOptions::SameOrigin,
        Some("allowall") => FrameOptions::AllowAll,
        Some(v) if v.starts_with("allow-from") => FrameOptions::AllowFrom { value: v.to_string() },
        _ => FrameOptions::Unknown { values: set },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_the_html_standard_says() {
        assert_eq!(read(None), FrameOptions::Absent);
        assert_eq!(read(Some("DENY")), FrameOptions::Deny);
        assert_eq!(read(Some(" sameOrigin ")), FrameOptions::SameOrigin);
        assert_eq!(read(Some("DENY, deny")), FrameOptions::Deny);
        assert_eq!(
            read(Some("DENY, SAMEORIGIN")),
            FrameOptions::Conflict { values: vec!["deny".into(), "sameorigin".into()] }
        );
        assert_eq!(
            read(Some("deny, nonsense")),
            FrameOptions::Conflict { values: vec!["deny".into(), "nonsense".into()] }
        );
        assert_eq!(read(Some("foo, bar")), FrameOptions::Unknown { values: vec!["foo".into(), "bar".into()] });
        assert_eq!(
            read(Some("ALLOW-FROM https://partner.example")),
            FrameOptions::AllowFrom { value: "allow-from https://partner.example".into() }
        );
        assert_eq!(read(Some("ALLOWALL")), FrameOptions::AllowAll);
        assert_eq!(split_values("a, \"b, c\" ,d"), ["a", "\"b, c\"", "d"]);
    }
}
