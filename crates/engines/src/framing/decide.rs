//! The order a browser applies the two defences in when a page loads in a frame (HTML's
//! "check a navigation response's adherence to X-Frame-Options", CSP3 §6.4.2):
//! 1. A top-level page is never refused.
//! 2. Every enforced CSP header policy with `frame-ancestors` checks **every** ancestor; one
//!    mismatch refuses. Report-only policies only report; `<meta>` policies cannot carry it.
//! 3. If any enforced policy has `frame-ancestors`, X-Frame-Options is ignored entirely.
//! 4. Otherwise X-Frame-Options decides ([`super::xfo`]).

use serde::{Deserialize, Serialize};

use super::ancestors::{check, enforced, AncestorCheck};
use super::xfo::{read, FrameOptions};
use crate::csp::policy::{parse_policy, parse_policy_list, Delivery, Disposition};
use crate::csp::{Policy, Url};
use crate::headers::block::read_block;

/// What the browser knows when a frame loads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FramingInput {
    /// The framed page's response headers, as pasted (`curl -sI`).
    pub headers: String,
    /// The framed page's URL (its origin is `'self'`).
    pub page_url: String,
    /// `<meta http-equiv="Content-Security-Policy">` contents in the framed page.
    pub meta_policies: Vec<String>,
    /// The frames around it, nearest first: parent, grandparent… Empty: a top-level page.
    pub ancestors: Vec<String>,
}

/// Which rule decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Decider {
    /// Not in a frame.
    TopLevel,
    /// CSP `frame-ancestors` of policy `policy` (0-based among the header policies).
    FrameAncestors { policy: usize, directive: String },
    /// X-Frame-Options.
    XFrameOptions { value: String },
    /// Neither header restricts framing.
    Nothing,
}

/// Shown or refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Verdict {
    Shown { decider: Decider, because: String },
    Refused { decider: Decider, because: String },
}

impl Verdict {
    /// Whether the page appears in the frame.
    pub fn shown(&self) -> bool {
        matches!(self, Verdict::Shown { .. })
    }

    /// The reason in words.
    pub fn because(&self) -> &str {
        match self {
            Verdict::Shown { because, .. } | Verdict::Refused { because, .. } => because,
        }
    }

    /// Which rule decided.
    pub fn decider(&self) -> &Decider {
        match self {
            Verdict::Shown { decider, .. } | Verdict::Refused { decider, .. } => decider,
        }
    }
}

/// The verdict, and notes about the input (an ignored `<meta>` `frame-ancestors`, an
/// unreadable ancestor URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FramingOutcome {
    pub verdict: Verdict,
    pub notes: Vec<String>,
}

fn origin_text(url: &Url) -> String {
    url.origin_for_reports()
}

/// The enforced and report-only policies of the headers, in order.
pub fn header_policies(headers: &crate::headers::block::Response) -> Vec<Policy> {
    let mut policies = Vec::new();
    for field in &headers.fields {
        let disposition = if field.is("content-security-policy") {
            Disposition::Enforce
        } else if field.is("content-security-policy-report-only") {
            Disposition::Report
        } else {
            continue;
        };
        policies.extend(parse_policy_list(&field.value, disposition).into_iter().map(|p| p.policy));
    }
    policies
}

/// Decides whether the page is shown in its frame chain.
pub fn decide(input: &FramingInput) -> FramingOutcome {
    let mut notes = Vec::new();
    let response = read_block(&input.headers).last();
    let page = Url::parse(&input.page_url).filter(|u| !u.host.is_empty());
    if page.is_none() {
        notes.push(format!("`{}` is not a page URL; 'self' and SAMEORIGIN then match no ancestor.", input.page_url));
    }
    let page = page.unwrap_or(Url { scheme: "about".into(), host: String::new(), port: None, path: "blank".into() });
    let mut ancestors = Vec::new();
    for text in &input.ancestors {
        match Url::parse(text).filter(|u| !u.host.is_empty()) {
            Some(url) => ancestors.push(url),
            None => notes.push(format!("`{text}` is not a URL with a host, so it is left out of the chain.")),
        }
    }
    for meta in &input.meta_policies {
        let parsed = parse_policy(meta, Disposition::Enforce, Delivery::Meta);
        if parsed
            .problems
            .iter()
            .any(|p| matches!(p, crate::csp::ParseProblem::NotInMeta { name } if name == "frame-ancestors"))
        {
            notes.push("`frame-ancestors` in a <meta> policy does nothing (CSP3 §3.3): only the Content-Security-Policy header can carry it.".into());
        }
    }
    if ancestors.is_empty() {
        let verdict = Verdict::Shown {
            decider: Decider::TopLevel,
            because: "The page is opened on its own, not in a frame: neither header applies.".into(),
        };
        return FramingOutcome { verdict, notes };
    }
    let policies = header_policies(&response);
    let mut any_enforced_directive = false;
    for (index, policy) in policies.iter().enumerate() {
        let result = check(policy, &page, &ancestors);
        if result == AncestorCheck::NoDirective {
            continue;
        }
        let directive = policy
            .directive("frame-ancestors")
            .map(|d| format!("frame-ancestors {}", d.tokens.join(" ")))
            .unwrap_or_default();
        if !enforced(policy) {
            if let AncestorCheck::Mismatch { ancestor } = result {
                let origin = ancestors.get(ancestor).map(origin_text).unwrap_or_default();
                notes.push(format!(
                    "The report-only policy's `{directive}` would refuse {origin}; it only sends a report."
                ));
            }
            continue;
        }
        any_enforced_directive = true;
        if let AncestorCheck::Mismatch { ancestor } = result {
            let origin = ancestors.get(ancestor).map(origin_text).unwrap_or_default();
            let which = if ancestor == 0 {
                "the parent".to_string()
            } else {
                format!("ancestor {} (counting the parent as 1)", ancestor + 1)
            };
            let because =
                format!("CSP `{directive}` does not allow {origin}, which is {which}; every ancestor must match.");
            return FramingOutcome {
                verdict: Verdict::Refused { decider: Decider::FrameAncestors { policy: index, directive }, because },
                notes,
            };
        }
    }
    if any_enforced_directive {
        let directive = policies
            .iter()
            .filter(|p| enforced(p))
            .find_map(|p| p.directive("frame-ancestors").map(|d| format!("frame-ancestors {}", d.tokens.join(" "))))
            .unwrap_or_default();
        let policy = policies.iter().position(|p| enforced(p) && p.directive("frame-ancestors").is_some()).unwrap_or(0);
        let mut because = format!("CSP `{directive}` allows every frame around the page.");
        if response.has("x-frame-options") {
            because.push_str(" X-Frame-Options is ignored when an enforced policy has frame-ancestors.");
        }
        return FramingOutcome {
            verdict: Verdict::Shown { decider: Decider::FrameAncestors { policy, directive }, because },
            notes,
        };
    }
    let combined = response.combined("x-frame-options");
    let value = combined.clone().unwrap_or_default();
    let decider = Decider::XFrameOptions { value: value.clone() };
    let verdict = match read(combined.as_deref()) {
        FrameOptions::Absent => Verdict::Shown { decider: Decider::Nothing, because: "Neither X-Frame-Options nor CSP frame-ancestors is sent, so any site may frame the page.".into() },
        FrameOptions::Deny => Verdict::Refused { decider, because: "`X-Frame-Options: DENY` refuses every frame, even the site's own.".into() },
        FrameOptions::SameOrigin => match ancestors.iter().find(|a| !a.same_origin(&page)) {
            Some(other) => Verdict::Refused {
                decider,
                because: format!("`X-Frame-Options: SAMEORIGIN` needs every ancestor on {}; {} is not.", origin_text(&page), origin_text(other)),
            },
            None => Verdict::Shown { decider, because: "`X-Frame-Options: SAMEORIGIN`: every frame around the page is the page's own origin.".into() },
        },
        FrameOptions::AllowAll => Verdict::Shown { decider, because: "`X-Frame-Options: ALLOWALL` lets any site frame the page.".into() },
        FrameOptions::Conflict { values } => Verdict::Refused {
            decider,
            because: format!("X-Frame-Options has differing values ({}); browsers refuse the frame rather than guess.", values.join(", ")),
        },
        FrameOptions::AllowFrom { .. } => Verdict::Shown {
            decider,
            because: "`ALLOW-FROM` is not supported by any current browser: the header is ignored and any site may frame the page. Use `frame-ancestors`.".into(),
        },
        FrameOptions::Unknown { values } => Verdict::Shown {
            decider,
            because: format!("X-Frame-Options `{}` is not a value browsers know, so it is ignored.", values.join(", ")),
        },
    };
    FramingOutcome { verdict, notes }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(headers: &str, ancestors: &[&str]) -> bool {
        let input = FramingInput {
            headers: headers.into(),
            page_url: "https://castle.example/gold".into(),
            meta_policies: vec![],
            ancestors: ancestors.iter().map(|a| a.to_string()).collect(),
        };
        decide(&input).verdict.shown()
    }

    const EVIL: &str = "https://evil.example/";
    const OWN: &str = "https://castle.example/dashboard";

    /// Each row: headers, ancestors (nearest first), shown?
    #[test]
    fn frames_are_decided_as_browsers_do() {
        let cases: &[(&str, &[&str], bool)] = &[
            ("", &[], true),
            ("X-Frame-Options: DENY", &[], true),
            ("", &[EVIL], true),
            ("X-Frame-Options: DENY", &[OWN], false),
            ("X-Frame-Options: SAMEORIGIN", &[OWN], true),
            ("X-Frame-Options: SAMEORIGIN", &[EVIL], false),
            // SAMEORIGIN checks every ancestor, not only the parent.
            ("X-Frame-Options: SAMEORIGIN", &[OWN, EVIL], false),
            ("X-Frame-Options: ALLOW-FROM https://evil.example", &[EVIL], true),
            ("X-Frame-Options: ALLOW-FROM https://partner.example", &[EVIL], true),
            ("X-Frame-Options: DENY\nX-Frame-Options: SAMEORIGIN", &[OWN], false),
            ("X-Frame-Options: SAMEORIGIN, SAMEORIGIN", &[OWN], true),
            ("X-Frame-Options: nonsense", &[EVIL], true),
            ("Content-Security-Policy: frame-ancestors 'self'", &[OWN], true),
            ("Content-Security-Policy: frame-ancestors 'self'", &[EVIL], false),
            ("Content-Security-Policy: frame-ancestors 'self'", &[OWN, EVIL], false),
            // An enforced frame-ancestors overrides X-Frame-Options both ways.
            ("Content-Security-Policy: frame-ancestors 'self'\nX-Frame-Options: DENY", &[OWN], true),
            ("Content-Security-Policy: frame-ancestors *\nX-Frame-Options: DENY", &[EVIL], true),
            ("Content-Security-Policy: frame-ancestors 'none'\nX-Frame-Options: ALLOWALL", &[OWN], false),
            // Report-only does not override.
            ("Content-Security-Policy-Report-Only: frame-ancestors *\nX-Frame-Options: DENY", &[OWN], false),
            (
                "Content-Security-Policy: frame-ancestors https://partner.example",
                &["https://partner.example/embed"],
                true,
            ),
            (
                "Content-Security-Policy: frame-ancestors https://*.castle.example",
                &["https://maps.castle.example/"],
                true,
            ),
            ("Content-Security-Policy: default-src 'none'", &[EVIL], true),
            ("Content-Security-Policy: frame-ancestors 'self', frame-ancestors *", &[EVIL], false),
        ];
        for (headers, ancestors, expected) in cases {
            assert_eq!(shown(headers, ancestors), *expected, "{headers} in {ancestors:?}");
        }
    }

    #[test]
    fn frame_ancestors_in_meta_does_nothing_and_says_so() {
        let input = FramingInput {
            headers: String::new(),
            page_url: "https://castle.example/".into(),
            meta_policies: vec!["frame-ancestors 'none'".into()],
            ancestors: vec![EVIL.into()],
        };
        let outcome = decide(&input);
        assert!(outcome.verdict.shown());
        assert!(outcome.notes.iter().any(|n| n.contains("<meta>")));
    }

    #[test]
    fn the_deciding_header_is_named() {
        let input = FramingInput {
            headers: "X-Frame-Options: DENY".into(),
            page_url: "https://castle.example/".into(),
            meta_policies: vec![],
            ancestors: vec![OWN.into()],
        };
        assert_eq!(decide(&input).verdict.decider(), &Decider::XFrameOptions { value: "DENY".into() });
    }
}

#[cfg(test)]
mod never_panics {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn any_input_is_decided_without_panicking(
            headers in proptest::collection::vec("(X-Frame-Options|Content-Security-Policy|Content-Security-Policy-Report-Only): [ -~]{0,50}", 0..5),
            page in "\\PC{0,40}",
            meta in proptest::collection::vec("\\PC{0,40}", 0..2),
            ancestors in proptest::collection::vec("(https?://[a-z.]{1,12}(:[0-9]{1,5})?/?|\\PC{0,20})", 0..4),
        ) {
            let input = FramingInput { headers: headers.join("\n"), page_url: page, meta_policies: meta, ancestors };
            let outcome = decide(&input);
            prop_assert!(!outcome.verdict.because().is_empty());
        }
    }
}
