//! Weakness findings in the spirit of Google's CSP Evaluator, and a suggested strict policy.

use serde::Serialize;

use super::page::{Page, ResourceKind};
use super::policy::{Directive, Disposition, Policy};
use super::source::Source;

/// How bad a weakness is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Severity {
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }
}

/// One weakness of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// The policy it is about (index), or `None` for the policy list as a whole.
    pub policy: Option<usize>,
    /// The directive it is about.
    pub directive: String,
    pub message: String,
}

/// Hosts known to serve JSONP endpoints or old AngularJS: allowlisting them in `script-src`
/// lets an injection run any script through them (the CSP Evaluator's bypass lists, trimmed).
pub const BYPASS_HOSTS: &[(&str, &str)] = &[
    ("ajax.googleapis.com", "serves AngularJS"),
    ("cdnjs.cloudflare.com", "serves AngularJS"),
    ("cdn.jsdelivr.net", "serves AngularJS and any npm package"),
    ("unpkg.com", "serves any npm package"),
    ("code.angularjs.org", "serves AngularJS"),
    ("www.google.com", "has JSONP endpoints"),
    ("accounts.google.com", "has JSONP endpoints"),
    ("www.googleapis.com", "has JSONP endpoints"),
    ("maps.googleapis.com", "has JSONP endpoints"),
    ("www.youtube.com", "has JSONP endpoints"),
    ("api.twitter.com", "has JSONP endpoints"),
    ("graph.facebook.com", "has JSONP endpoints"),
];

fn script_directive(policy: &Policy) -> Option<&Directive> {
    policy.directive("script-src").or_else(|| policy.directive("default-src"))
}

fn finding(severity: Severity, policy: usize, directive: &str, message: impl Into<String>) -> Finding {
    Finding { severity, policy: Some(policy), directive: directive.into(), message: message.into() }
}

fn host_matches_bypass(host: &str, wildcard: bool, bypass: &str) -> bool {
    if wildcard {
        host.is_empty() || bypass.ends_with(&format!(".{host}"))
    } else {
        host == bypass
    }
}

/// Checks one enforced policy's script directive.
fn script_findings(index: usize, directive: &Directive, out: &mut Vec<Finding>) {
    let name = directive.name.as_str();
    let has = |wanted: &Source| directive.sources.contains(wanted);
    let nonce_or_hash = directive.has(|s| matches!(s, Source::Nonce(_) | Source::Hash(..)));
    let strict_dynamic = has(&Source::StrictDynamic);
    if has(&Source::UnsafeInline) && !nonce_or_hash && !strict_dynamic {
        out.push(finding(
            Severity::High,
            index,
            name,
            "'unsafe-inline' lets any injected <script> or event handler run: XSS is not stopped.",
        ));
    }
    if has(&Source::UnsafeEval) {
        out.push(finding(
            Severity::Medium,
            index,
            name,
            "'unsafe-eval' lets strings become code (eval, new Function, setTimeout with a string).",
        ));
    }
    if strict_dynamic && !nonce_or_hash {
        out.push(finding(
            Severity::High,
            index,
            name,
            "'strict-dynamic' without a nonce or hash blocks every script: nothing is trusted to begin with.",
        ));
    }
    for source in &directive.sources {
        if strict_dynamic && nonce_or_hash {
            break; // hosts and schemes are ignored by browsers that know 'strict-dynamic'
        }
        match source {
            Source::Star => out.push(finding(
                Severity::High,
                index,
                name,
                "`*` allows scripts from any host: an attacker serves their own.",
            )),
            Source::Scheme(scheme) if matches!(scheme.as_str(), "http" | "https" | "data" | "blob" | "filesystem") => {
                out.push(finding(
                    Severity::High,
                    index,
                    name,
                    format!("`{scheme}:` allows scripts from any {scheme} URL, which an attacker can make."),
                ))
            }
            Source::Host { host, wildcard, .. } => {
                for (bypass, why) in BYPASS_HOSTS {
                    if host_matches_bypass(host, *wildcard, bypass) {
                        out.push(finding(
                            Severity::High,
                            index,
                            name,
                            format!("{bypass} {why}: allowlisting it lets an injection run scripts through it."),
                        ));
                    }
                }
                if *wildcard && host.is_empty() {
                    out.push(finding(Severity::High, index, name, "`*` as a host allows scripts from anywhere."));
                }
            }
            _ => {}
        }
    }
    let allowlist = directive.has(|s| matches!(s, Source::Host { .. } | Source::SelfOrigin));
    if allowlist && !strict_dynamic {
        out.push(finding(Severity::Low, index, name, "Host allowlists (and 'self') are often bypassable through JSONP, old libraries or uploads; prefer nonces or hashes with 'strict-dynamic'."));
    }
    for source in &directive.sources {
        if let Source::Nonce(nonce) = source {
            if nonce.len() < 8 {
                out.push(finding(
                    Severity::Medium,
                    index,
                    name,
                    format!("The nonce `{nonce}` is short: use at least 128 random bits (22 characters of base64), new in every response."),
                ));
            }
        }
    }
}

/// Findings for every enforced policy, plus report-only notes.
pub fn find(policies: &[Policy]) -> Vec<Finding> {
    let mut out = Vec::new();
    let enforced: Vec<(usize, &Policy)> =
        policies.iter().enumerate().filter(|(_, p)| p.disposition == Disposition::Enforce).collect();
    if enforced.is_empty() {
        if !policies.is_empty() {
            out.push(Finding {
                severity: Severity::Info,
                policy: None,
                directive: String::new(),
                message: "Only report-only policies: nothing is blocked, violations are only reported.".into(),
            });
        }
        out.push(Finding {
            severity: Severity::High,
            policy: None,
            directive: "script-src".into(),
            message: "No enforced policy: any injected script runs.".into(),
        });
        return out;
    }
    let any_has = |name: &str| enforced.iter().any(|(_, p)| p.directive(name).is_some());
    let restricts_objects = enforced.iter().any(|(_, p)| {
        p.directive("object-src")
            .or_else(|| p.directive("default-src"))
            .is_some_and(|d| d.sources.iter().all(|s| *s == Source::None))
    });
    if !restricts_objects {
        out.push(Finding { severity: Severity::High, policy: None, directive: "object-src".into(), message: "object-src is not 'none' (and default-src does not cover it): plugins can be injected to run script. Add object-src 'none'.".into() });
    }
    if !any_has("base-uri") {
        out.push(Finding {
            severity: Severity::High,
            policy: None,
            directive: "base-uri".into(),
            message:
                "No base-uri: an injected <base href> re-points every relative script URL to the attacker. Add base-uri 'none' (or 'self')."
                    .into(),
        });
    }
    if !enforced.iter().any(|(_, p)| script_directive(p).is_some()) {
        out.push(Finding {
            severity: Severity::High,
            policy: None,
            directive: "script-src".into(),
            message: "No script-src or default-src: scripts are not restricted at all.".into(),
        });
    }
    for (index, policy) in &enforced {
        if let Some(directive) = script_directive(policy) {
            script_findings(*index, directive, &mut out);
        }
        if let Some(directive) = policy.directive("script-src-attr") {
            if directive.sources.contains(&Source::UnsafeInline) {
                out.push(finding(
                    Severity::Medium,
                    *index,
                    "script-src-attr",
                    "'unsafe-inline' in script-src-attr lets injected event handlers (onerror=…) run.",
                ));
            }
        }
    }
    if !any_has("frame-ancestors") {
        out.push(Finding {
            severity: Severity::Info,
            policy: None,
            directive: "frame-ancestors".into(),
            message: "No frame-ancestors: any site may frame this page (see the clickjacking lesson). It only works as a header.".into(),
        });
    }
    out.sort_by_key(|f| f.severity);
    out
}

/// A strict policy for `page`: its own inline scripts by nonce (when they carry one) or hash,
/// `'strict-dynamic'`, no plugins, no `<base>`.
pub fn suggest_strict_policy(page: &Page) -> String {
    let scripts: Vec<_> = page.resources.iter().filter(|r| r.kind == ResourceKind::InlineScript).collect();
    let nonce = page
        .resources
        .iter()
        .filter(|r| matches!(r.kind, ResourceKind::InlineScript | ResourceKind::ExternalScript))
        .find_map(|r| r.nonce.clone());
    let external_without_nonce =
        page.resources.iter().any(|r| r.kind == ResourceKind::ExternalScript && r.nonce.is_none());
    let mut script_src: Vec<String> = Vec::new();
    match nonce {
        Some(nonce) => script_src.push(format!("'nonce-{nonce}'")),
        None if !external_without_nonce && !scripts.is_empty() => {
            for script in &scripts {
                let hash = super::hash::hashes(script.text.as_deref().unwrap_or(""));
                if !script_src.contains(&hash.sha256) {
                    script_src.push(hash.sha256);
                }
            }
        }
        None => script_src.push("'nonce-FRESH-RANDOM-PER-RESPONSE'".into()),
    }
    script_src.push("'strict-dynamic'".into());
    format!("script-src {}; object-src 'none'; base-uri 'none'", script_src.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csp::policy::{parse_policy, Delivery};

    fn findings(text: &str) -> Vec<(Severity, String)> {
        let policy = parse_policy(text, Disposition::Enforce, Delivery::Header).policy;
        find(&[policy]).into_iter().map(|f| (f.severity, f.message)).collect()
    }

    fn has(text: &str, severity: Severity, fragment: &str) -> bool {
        findings(text).iter().any(|(s, m)| *s == severity && m.contains(fragment))
    }

    /// Each row: policy, severity, a fragment of the message, whether it is expected.
    #[test]
    fn weaknesses_are_found() {
        let cases: &[(&str, Severity, &str, bool)] = &[
            ("script-src 'self' 'unsafe-inline'", Severity::High, "'unsafe-inline' lets", true),
            ("script-src 'nonce-abcdefgh12345678' 'unsafe-inline'", Severity::High, "'unsafe-inline' lets", false),
            ("script-src 'self' 'unsafe-eval'", Severity::Medium, "'unsafe-eval'", true),
            ("script-src 'strict-dynamic'", Severity::High, "without a nonce", true),
            ("script-src *", Severity::High, "any host", true),
            ("script-src https:", Severity::High, "`https:`", true),
            ("script-src data:", Severity::High, "`data:`", true),
            ("script-src https://ajax.googleapis.com", Severity::High, "AngularJS", true),
            ("script-src *.googleapis.com", Severity::High, "ajax.googleapis.com", true),
            (
                "script-src 'nonce-abcdefgh12345678' 'strict-dynamic' https://ajax.googleapis.com",
                Severity::High,
                "AngularJS",
                false,
            ),
            ("script-src 'nonce-abc'", Severity::Medium, "short", true),
            ("script-src 'self'", Severity::High, "object-src", true),
            ("script-src 'self'; object-src 'none'", Severity::High, "object-src", false),
            ("default-src 'none'", Severity::High, "object-src", false),
            ("script-src 'self'", Severity::High, "base-uri", true),
            ("script-src 'self'; base-uri 'none'", Severity::High, "base-uri", false),
            ("img-src *", Severity::High, "No script-src", true),
            ("script-src 'self'", Severity::Low, "allowlists", true),
        ];
        for (policy, severity, fragment, expected) in cases {
            assert_eq!(has(policy, *severity, fragment), *expected, "{policy}: {:?}", findings(policy));
        }
    }

    #[test]
    fn a_strict_policy_uses_the_pages_nonce_or_hashes() {
        let page = Page::parse("<script nonce=r4nd0m>go()</script>");
        assert_eq!(
            suggest_strict_policy(&page),
            "script-src 'nonce-r4nd0m' 'strict-dynamic'; object-src 'none'; base-uri 'none'"
        );
        let page = Page::parse("<script>alert(1)</script>");
        assert!(suggest_strict_policy(&page).contains("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"));
        assert!(find(&[]).iter().any(|f| f.severity == Severity::High));
        // With an external script and no nonce, the suggestion is a nonce the server must fill in,
        // written so that it still parses.
        let page = Page::parse("<script src=/app.js></script>");
        let suggested = suggest_strict_policy(&page);
        assert!(suggested.starts_with("script-src 'nonce-FRESH-RANDOM-PER-RESPONSE' 'strict-dynamic'"), "{suggested}");
        let parsed = crate::csp::policy::parse_policy(&suggested, Disposition::Enforce, Delivery::Header);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    }
}
