//! Weaknesses of a policy, rated as Google's CSP Evaluator rates them, and a suggested strict
//! policy.
//!
//! The evaluator's rules ([`FindingSource::CspEvaluator`]) follow `csp_evaluator` 1.1.8 (npm,
//! `evaluator.js`'s `DEFAULT_CHECKS` for CSP3): the same directive, severity, type and value for
//! each finding; `fixtures/csp_evaluator/findings.json` holds its answers and the test
//! `csp::evaluator_agreement` compares. A few rules are ours ([`FindingSource::Dragonproof`]),
//! each named with its reason in `fixtures/csp_evaluator/differences.json`.
//!
//! The evaluator reads a directive's values as text, lowercasing keywords and scheme-only values
//! and dropping repeats; [`EvaluatorPolicy`] is that reading, typed once per policy, and the
//! rules below decide on it.

use serde::Serialize;

use super::bypass_lists;
use super::page::{Page, ResourceKind};
use super::policy::{Disposition, Policy};

/// How bad a weakness is, on the CSP Evaluator's scale (its `Severity`, most severe first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Severity {
    /// The evaluator's `HIGH`: the policy does not stop an XSS.
    High,
    /// `MEDIUM`: weaker than it looks (a short nonce, plain `http://`).
    Medium,
    /// `MEDIUM_MAYBE`: a risk that depends on what the allowed sources serve.
    PossiblyMedium,
    /// `INFO`: worth knowing, no weakness by itself.
    Info,
    /// `NONE`: not a weakness, an explanation (a source browsers ignore here).
    Note,
}

impl Severity {
    /// The word the sandbox shows.
    pub fn label(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::PossiblyMedium => "possibly medium",
            Severity::Info => "info",
            Severity::Note => "note",
        }
    }

    /// The name of the evaluator's severity, lowercase, as the fixtures write it.
    pub fn evaluator_name(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::PossiblyMedium => "medium_maybe",
            Severity::Info => "info",
            Severity::Note => "none",
        }
    }
}

/// Whose rule a finding follows: the sandbox tells the learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FindingSource {
    /// A rule of Google's CSP Evaluator, rated as it rates it.
    CspEvaluator,
    /// A rule of ours, where the evaluator has none (reasons in `differences.json`).
    Dragonproof,
}

impl FindingSource {
    /// The words the sandbox can show beside a finding.
    pub fn label(self) -> &'static str {
        match self {
            FindingSource::CspEvaluator => "CSP Evaluator rule",
            FindingSource::Dragonproof => "Dragonproof rule",
        }
    }
}

/// What a finding is about. The evaluator's kinds carry its `Type` names (serialized as it
/// names them); the last four are ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingKind {
    MissingDirectives,
    ScriptUnsafeInline,
    ScriptUnsafeHashes,
    ScriptUnsafeEval,
    PlainUrlSchemes,
    PlainWildcard,
    ScriptAllowlistBypass,
    ObjectAllowlistBypass,
    IpSource,
    NonceLength,
    NonceCharset,
    SrcHttp,
    DeprecatedDirective,
    Ignored,
    /// Ours: no enforced policy at all.
    NoEnforcedPolicy,
    /// Ours: only report-only policies.
    OnlyReportOnly,
    /// Ours: `'strict-dynamic'` with nothing to trust blocks every script.
    StrictDynamicTrustsNothing,
    /// Ours: no `frame-ancestors` (the clickjacking lesson).
    MissingFrameAncestors,
}

impl FindingKind {
    /// Whose rule finds this kind.
    pub fn source(self) -> FindingSource {
        match self {
            FindingKind::NoEnforcedPolicy
            | FindingKind::OnlyReportOnly
            | FindingKind::StrictDynamicTrustsNothing
            | FindingKind::MissingFrameAncestors => FindingSource::Dragonproof,
            _ => FindingSource::CspEvaluator,
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
    /// The directive value it is about, as the evaluator writes it (keywords lowercase).
    pub value: Option<String>,
    pub kind: FindingKind,
    /// Whose rule found it (the same as `kind.source()`, kept for the view).
    pub source: FindingSource,
    pub message: String,
}

impl Finding {
    fn new(
        kind: FindingKind,
        severity: Severity,
        policy: Option<usize>,
        directive: &str,
        value: Option<&str>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            severity,
            policy,
            directive: directive.to_string(),
            value: value.map(str::to_string),
            kind,
            source: kind.source(),
            message: message.into(),
        }
    }
}

const SCRIPT_DIRECTIVES: [&str; 3] = ["script-src", "script-src-attr", "script-src-elem"];
/// The evaluator's `DIRECTIVES_CAUSING_XSS`.
const XSS_DIRECTIVES: [&str; 5] = ["script-src", "script-src-attr", "script-src-elem", "object-src", "base-uri"];
/// The evaluator's `FETCH_DIRECTIVES`: the ones that fall back to `default-src`.
const FETCH_DIRECTIVES: [&str; 16] = [
    "child-src",
    "connect-src",
    "default-src",
    "font-src",
    "frame-src",
    "img-src",
    "manifest-src",
    "media-src",
    "object-src",
    "script-src",
    "script-src-attr",
    "script-src-elem",
    "style-src",
    "style-src-attr",
    "style-src-elem",
    "worker-src",
];
/// The evaluator's `Keyword` list (with quotes): these are lowercased when read.
const KEYWORDS: [&str; 13] = [
    "'self'",
    "'none'",
    "'unsafe-inline'",
    "'unsafe-eval'",
    "'wasm-eval'",
    "'wasm-unsafe-eval'",
    "'strict-dynamic'",
    "'unsafe-hashed-attributes'",
    "'unsafe-hashes'",
    "'report-sample'",
    "'block'",
    "'allow'",
    "'inline-speculation-rules'",
];

/// The evaluator's `isUrlScheme`: `^[a-zA-Z][+a-zA-Z0-9.-]*:$`.
fn is_url_scheme(value: &str) -> bool {
    let Some(body) = value.strip_suffix(':') else {
        return false;
    };
    let mut chars = body.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
}

/// A base64 value as the evaluator's strict nonce and hash patterns accept it:
/// `[a-zA-Z0-9+/_-]+={0,2}`.
fn is_strict_base64(value: &str) -> bool {
    let body = value.trim_end_matches('=');
    value.len() - body.len() <= 2
        && !body.is_empty()
        && body.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '_' | '-'))
}

/// The value of `'nonce-…'` (case-sensitive, as the evaluator's `NONCE_PATTERN`), if it is one.
fn nonce_value(value: &str) -> Option<&str> {
    value.strip_prefix("'nonce-")?.strip_suffix('\'').filter(|v| !v.is_empty())
}

fn is_strict_nonce(value: &str) -> bool {
    nonce_value(value).is_some_and(is_strict_base64)
}

fn is_strict_hash(value: &str) -> bool {
    ["'sha256-", "'sha384-", "'sha512-"]
        .iter()
        .any(|prefix| value.strip_prefix(prefix).and_then(|v| v.strip_suffix('\'')).is_some_and(is_strict_base64))
}

/// The evaluator's `getSchemeFreeUrl`: drops a leading `scheme://` or `//`.
fn scheme_free(value: &str) -> &str {
    let mut chars = value.char_indices();
    let after_scheme = match chars.next() {
        Some((_, first)) if first.is_ascii_alphanumeric() || first == '_' => {
            let end = value
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '.' | '-')))
                .unwrap_or(value.len());
            value.get(end..).and_then(|rest| rest.strip_prefix("://"))
        }
        _ => None,
    };
    let rest = after_scheme.unwrap_or(value);
    rest.strip_prefix("//").unwrap_or(rest)
}

/// Host and path of a source as the evaluator's URL parsing sees them (`new URL("https://" +
/// scheme-free value)`): the host as written (any port dropped), the path `/` when none is
/// written.
fn host_and_path(value: &str) -> (&str, &str) {
    let rest = scheme_free(value);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    let path = path.split(['?', '#']).next().filter(|p| !p.is_empty()).unwrap_or("/");
    let host = if authority.starts_with('[') {
        authority.find(']').map_or(authority, |close| &authority[..=close])
    } else {
        authority.split(':').next().unwrap_or(authority)
    };
    (host, path)
}

/// The evaluator's `matchWildcardUrls`: the first listed URL a source's host (with an optional
/// `*.` wildcard) and path allow. URL parsing lowercases the host; the lists are lowercase.
fn matching_url(value: &str, list: &'static [&'static str]) -> Option<&'static str> {
    let (host, path) = host_and_path(value);
    let host = host.to_ascii_lowercase();
    let (wildcard, bare) = match host.strip_prefix('*') {
        Some(rest) => (rest.starts_with('.'), rest),
        None => (false, host.as_str()),
    };
    list.iter().copied().find(|url| {
        let (domain, url_path) = host_and_path(url);
        if !domain.ends_with(&bare) || (!wildcard && host != domain) {
            return false;
        }
        // CSP2 §4.2.2 path matching: a trailing slash is a prefix, else the exact path.
        match path {
            "/" => true,
            p if p.ends_with('/') => url_path.starts_with(p),
            p => url_path == p,
        }
    })
}

/// The evaluator's `looksLikeIpAddress`: `[…]` or four dotted groups of 1–3 digits.
fn looks_like_ip(host: &str) -> bool {
    if host.starts_with('[') && host.ends_with(']') {
        return true;
    }
    let groups: Vec<&str> = host.split('.').collect();
    groups.len() == 4 && groups.iter().all(|g| (1..=3).contains(&g.len()) && g.chars().all(|c| c.is_ascii_digit()))
}

/// One policy as the CSP Evaluator reads it: each directive's values with keywords and
/// scheme-only values lowercased and repeats dropped (its `CspParser`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluatorPolicy {
    pub directives: Vec<(String, Vec<String>)>,
}

impl EvaluatorPolicy {
    /// Reads an already-parsed policy (names lowercase, duplicates dropped, as the evaluator).
    pub fn read(policy: &Policy) -> EvaluatorPolicy {
        let directives = policy
            .directives
            .iter()
            .map(|directive| {
                let mut values: Vec<String> = Vec::new();
                for token in &directive.tokens {
                    let lower = token.to_ascii_lowercase();
                    let value =
                        if KEYWORDS.contains(&lower.as_str()) || is_url_scheme(token) { lower } else { token.clone() };
                    if !values.contains(&value) {
                        values.push(value);
                    }
                }
                (directive.name.clone(), values)
            })
            .collect();
        EvaluatorPolicy { directives }
    }

    fn values(&self, name: &str) -> Option<&[String]> {
        self.directives.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_slice())
    }

    fn values_mut(&mut self, name: &str) -> Option<&mut Vec<String>> {
        self.directives.iter_mut().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    fn has(&self, name: &str) -> bool {
        self.values(name).is_some()
    }

    /// The evaluator's `getEffectiveDirective`: the directive that governs `name` here.
    fn effective_directive<'a>(&self, name: &'a str) -> &'a str {
        if self.has(name) {
            return name;
        }
        if matches!(name, "script-src-attr" | "script-src-elem") && self.has("script-src") {
            return "script-src";
        }
        if matches!(name, "style-src-attr" | "style-src-elem") && self.has("style-src") {
            return "style-src";
        }
        if FETCH_DIRECTIVES.contains(&name) {
            return "default-src";
        }
        name
    }

    /// The distinct effective directives of `names`, in order.
    fn effective_directives<'a>(&self, names: &[&'a str]) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        for name in names {
            let effective = self.effective_directive(name);
            if !out.contains(&effective) {
                out.push(effective);
            }
        }
        out
    }

    fn effective_values(&self, name: &str) -> &[String] {
        self.values(self.effective_directive(name)).unwrap_or(&[])
    }

    fn has_script_nonces(&self) -> bool {
        self.effective_values("script-src").iter().any(|v| is_strict_nonce(v))
    }

    fn has_script_hashes(&self) -> bool {
        self.effective_values("script-src").iter().any(|v| is_strict_hash(v))
    }

    fn has_strict_dynamic(&self, name: &str) -> bool {
        self.effective_values(name).iter().any(|v| v == "'strict-dynamic'")
    }

    /// The policy as a CSP3 browser applies it (the evaluator's `getEffectiveCsp`): in the script
    /// directives, `'unsafe-inline'` is ignored beside a nonce or hash (CSP3 §6.7.3.3), and with
    /// `'strict-dynamic'` hosts, schemes and `'self'` are ignored too (§8.2). Each ignored value
    /// is a [`Severity::Note`].
    fn effective(&self, index: usize, notes: &mut Vec<Finding>) -> EvaluatorPolicy {
        let mut effective = self.clone();
        for name in SCRIPT_DIRECTIVES {
            let directive = self.effective_directive(name);
            let values = self.values(directive).unwrap_or(&[]).to_vec();
            let nonce_or_hash =
                effective.values(directive).is_some_and(|v| v.iter().any(|v| is_strict_nonce(v) || is_strict_hash(v)));
            let strict_dynamic = self.has_strict_dynamic(directive);
            let Some(kept) = effective.values_mut(directive) else {
                continue;
            };
            let mut ignore = |value: &str, message: &str| {
                kept.retain(|v| v != value);
                let note =
                    Finding::new(FindingKind::Ignored, Severity::Note, Some(index), directive, Some(value), message);
                if !notes.contains(&note) {
                    notes.push(note);
                }
            };
            if nonce_or_hash && values.iter().any(|v| v == "'unsafe-inline'") {
                ignore("'unsafe-inline'", "'unsafe-inline' is ignored because the directive has a nonce or a hash (it only helps browsers older than CSP2).");
            }
            if strict_dynamic {
                for value in values.iter().filter(|v| !v.starts_with('\'') || *v == "'self'" || *v == "'unsafe-inline'")
                {
                    ignore(value, &format!("`{value}` is ignored because of 'strict-dynamic': only nonced or hashed scripts, and the scripts they add, run."));
                }
            }
        }
        effective
    }
}

/// Runs the CSP Evaluator's default checks on one policy, in its order.
fn evaluator_findings(index: usize, parsed: &EvaluatorPolicy, out: &mut Vec<Finding>) {
    let at = Some(index);
    let csp = parsed.effective(index, out);
    let new = |kind, severity, directive: &str, value: Option<&str>, message: String| {
        Finding::new(kind, severity, at, directive, value, message)
    };

    // checkScriptUnsafeInline, checkScriptUnsafeEval
    for directive in csp.effective_directives(&SCRIPT_DIRECTIVES) {
        let values = csp.values(directive).unwrap_or(&[]);
        if values.iter().any(|v| v == "'unsafe-inline'") {
            out.push(new(
                FindingKind::ScriptUnsafeInline,
                Severity::High,
                directive,
                Some("'unsafe-inline'"),
                "'unsafe-inline' lets any injected <script> or event handler run: XSS is not stopped.".into(),
            ));
        }
        if values.iter().any(|v| v == "'unsafe-hashes'") {
            out.push(new(FindingKind::ScriptUnsafeHashes, Severity::PossiblyMedium, directive, Some("'unsafe-hashes'"),
                "'unsafe-hashes' lets event handlers and javascript: URLs run when their hash is listed: safer than 'unsafe-inline', but move them into scripts if you can.".into()));
        }
    }
    for directive in csp.effective_directives(&SCRIPT_DIRECTIVES) {
        if csp.values(directive).unwrap_or(&[]).iter().any(|v| v == "'unsafe-eval'") {
            out.push(new(FindingKind::ScriptUnsafeEval, Severity::PossiblyMedium, directive, Some("'unsafe-eval'"),
                "'unsafe-eval' lets strings become code (eval, new Function, setTimeout with a string): an injection into one of those runs.".into()));
        }
    }
    // checkPlainUrlSchemes, checkWildcards
    let xss_directives = csp.effective_directives(&XSS_DIRECTIVES);
    for directive in &xss_directives {
        for value in csp.values(directive).unwrap_or(&[]) {
            if matches!(value.as_str(), "data:" | "http:" | "https:") {
                out.push(new(FindingKind::PlainUrlSchemes, Severity::High, directive, Some(value),
                    format!("`{value}` in {directive} allows any {} URL, which an attacker can make or host: it runs their script.", value.trim_end_matches(':'))));
            }
        }
    }
    for directive in &xss_directives {
        for value in csp.values(directive).unwrap_or(&[]) {
            if scheme_free(value) == "*" {
                out.push(new(
                    FindingKind::PlainWildcard,
                    Severity::High,
                    directive,
                    Some(value),
                    format!("`{value}` in {directive} allows any host: an attacker serves their own script."),
                ));
            }
        }
    }
    // checkMissingDirectives (one policy: see `missing_directives` for several)
    missing_directives(&[(index, &csp)], out);
    // checkScriptAllowlistBypass
    for directive in csp.effective_directives(&["script-src", "script-src-elem"]) {
        let values = csp.values(directive).unwrap_or(&[]);
        if values.iter().any(|v| v == "'none'") {
            continue;
        }
        for value in values {
            if value == "'self'" {
                out.push(new(FindingKind::ScriptAllowlistBypass, Severity::PossiblyMedium, directive, Some(value),
                    "'self' is only as safe as your own site: a JSONP endpoint, an old AngularJS or a user upload on it lets an injection run script.".into()));
                continue;
            }
            // Keywords, nonces, hashes, bare schemes and things that are not host names.
            if value.starts_with('\'') || is_url_scheme(value) || !value.contains('.') {
                continue;
            }
            let angular = matching_url(value, bypass_lists::ANGULAR);
            let jsonp = matching_url(value, bypass_lists::JSONP).filter(|url| {
                let (host, _) = host_and_path(url);
                !bypass_lists::JSONP_NEEDS_EVAL.contains(&host) || values.iter().any(|v| v == "'unsafe-eval'")
            });
            let message = match (angular, jsonp) {
                (Some(url), Some(_)) => format!("{} hosts JSONP endpoints and AngularJS: allowlisting it lets an injection run any script through them.", host_and_path(url).0),
                (Some(url), None) => format!("{} hosts AngularJS: allowlisting it lets an injection load it and run script in its templates.", host_and_path(url).0),
                (None, Some(url)) => format!("{} hosts JSONP endpoints: allowlisting it lets an injection call one with its own script as the callback.", host_and_path(url).0),
                (None, None) => {
                    out.push(new(FindingKind::ScriptAllowlistBypass, Severity::PossiblyMedium, directive, Some(value),
                        format!("No known bypass on `{value}`; make sure it serves no JSONP, no AngularJS and no user uploads, or use nonces with 'strict-dynamic'.")));
                    continue;
                }
            };
            out.push(new(FindingKind::ScriptAllowlistBypass, Severity::High, directive, Some(value), message));
        }
    }
    // checkFlashObjectAllowlistBypass
    let object_directive = csp.effective_directive("object-src");
    let plugin_types_allow_flash =
        csp.values("plugin-types").is_none_or(|types| types.iter().any(|t| t == "application/x-shockwave-flash"));
    let object_values = csp.values(object_directive).unwrap_or(&[]);
    if plugin_types_allow_flash && !object_values.iter().any(|v| v == "'none'") {
        for value in object_values {
            if let Some(url) = matching_url(value, bypass_lists::FLASH) {
                out.push(new(FindingKind::ObjectAllowlistBypass, Severity::High, object_directive, Some(value),
                    format!("{} hosts Flash files that run script when embedded: allowlisting it in {object_directive} lets an injection run script.", host_and_path(url).0)));
            } else if object_directive == "object-src" {
                out.push(new(
                    FindingKind::ObjectAllowlistBypass,
                    Severity::PossiblyMedium,
                    object_directive,
                    Some(value),
                    "Can you make object-src 'none'? Plugins are rarely needed, and an allowed one can run script."
                        .into(),
                ));
            }
        }
    }
    // checkIpSource
    for (directive, values) in &csp.directives {
        for value in values {
            let host = host_and_path(value).0.to_ascii_lowercase();
            if looks_like_ip(&host) {
                let message = if host == "127.0.0.1" {
                    format!("{directive} allows localhost: remove it before production.")
                } else {
                    format!("{directive} names the IP address {host}: CSP3 matches host-sources against domain names, so browsers may ignore it. Use a host name.")
                };
                out.push(new(FindingKind::IpSource, Severity::Info, directive, Some(value), message));
            }
        }
    }
    // checkNonceLength
    for (directive, values) in &csp.directives {
        for value in values {
            let Some(nonce) = nonce_value(value) else {
                continue;
            };
            // JavaScript counts UTF-16 code units.
            if nonce.encode_utf16().count() < 8 {
                out.push(new(FindingKind::NonceLength, Severity::Medium, directive, Some(value),
                    format!("The nonce `{nonce}` is short: use at least 128 random bits (22 characters of base64), new in every response.")));
            }
            if !is_strict_nonce(value) {
                out.push(new(
                    FindingKind::NonceCharset,
                    Severity::Info,
                    directive,
                    Some(value),
                    format!("The nonce `{nonce}` has characters outside base64: browsers do not accept it as a nonce."),
                ));
            }
        }
    }
    // checkSrcHttp
    for (directive, values) in &csp.directives {
        for value in values.iter().filter(|v| v.starts_with("http://")) {
            let message = if directive == "report-uri" {
                "Send violation reports over https, or anyone on the network reads them."
            } else {
                "Allow only resources loaded over https: a plain http:// one can be swapped on the network."
            };
            out.push(new(FindingKind::SrcHttp, Severity::Medium, directive, Some(value), message.to_string()));
        }
    }
    // checkDeprecatedDirective (the parse problems say the same; the evaluator rates it info)
    for (name, instead) in [
        (
            "reflected-xss",
            "browsers removed it; its old replacement X-XSS-Protection is deprecated too (send `0` or omit it).",
        ),
        ("referrer", "use the Referrer-Policy header."),
        ("disown-opener", "use the Cross-Origin-Opener-Policy header."),
        ("prefetch-src", "no current browser supports it."),
    ] {
        if csp.has(name) {
            out.push(new(
                FindingKind::DeprecatedDirective,
                Severity::Info,
                name,
                None,
                format!("`{name}` is deprecated: {instead}"),
            ));
        }
    }
}

/// The evaluator's missing-directive checks: `object-src` and `script-src` (or `default-src`),
/// and `base-uri` where scripts are allowed by nonces (or hashes with `'strict-dynamic'`): there
/// an injected `<base href>` re-points the page's relative nonced scripts to the attacker.
/// With several enforced policies each must allow, so one policy restricting is enough (as the
/// evaluator's `checkMultipleMissingBaseUriDirective` does for `base-uri`).
fn missing_directives(policies: &[(usize, &EvaluatorPolicy)], out: &mut Vec<Finding>) {
    let at = match policies {
        [(index, _)] => Some(*index),
        _ => None,
    };
    // `object-src` (or `default-src` without it) with at least one value.
    let restricts_objects =
        |p: &EvaluatorPolicy| p.values("object-src").or_else(|| p.values("default-src")).is_some_and(|v| !v.is_empty());
    if !policies.iter().any(|(_, p)| restricts_objects(p)) {
        out.push(Finding::new(
            FindingKind::MissingDirectives,
            Severity::High,
            at,
            "object-src",
            None,
            "No object-src (and no default-src): plugins can be injected to run script. Add object-src 'none'.",
        ));
    }
    if !policies.iter().any(|(_, p)| p.has("script-src") || p.has("default-src")) {
        out.push(Finding::new(
            FindingKind::MissingDirectives,
            Severity::High,
            at,
            "script-src",
            None,
            "No script-src or default-src: scripts are not restricted at all.",
        ));
    }
    let needs_base_uri =
        |p: &EvaluatorPolicy| p.has_script_nonces() || (p.has_script_hashes() && p.has_strict_dynamic("script-src"));
    if policies.iter().any(|(_, p)| needs_base_uri(p)) && !policies.iter().any(|(_, p)| p.has("base-uri")) {
        out.push(Finding::new(FindingKind::MissingDirectives, Severity::High, at, "base-uri", None,
            "No base-uri: an injected <base href> re-points every relative script URL, nonced ones too, to the attacker. Add base-uri 'none' (or 'self')."));
    }
}

/// Findings for every enforced policy, plus notes on the list as a whole.
pub fn find(policies: &[Policy]) -> Vec<Finding> {
    let mut out = Vec::new();
    let enforced: Vec<(usize, &Policy)> =
        policies.iter().enumerate().filter(|(_, p)| p.disposition == Disposition::Enforce).collect();
    if enforced.is_empty() {
        if !policies.is_empty() {
            out.push(Finding::new(
                FindingKind::OnlyReportOnly,
                Severity::Info,
                None,
                "",
                None,
                "Only report-only policies: nothing is blocked, violations are only reported.",
            ));
        }
        out.push(Finding::new(
            FindingKind::NoEnforcedPolicy,
            Severity::High,
            None,
            "script-src",
            None,
            "No enforced policy: any injected script runs.",
        ));
        return out;
    }
    let read: Vec<(usize, EvaluatorPolicy)> = enforced.iter().map(|(i, p)| (*i, EvaluatorPolicy::read(p))).collect();
    for (index, policy) in &read {
        let mut found = Vec::new();
        evaluator_findings(*index, policy, &mut found);
        if read.len() > 1 {
            // Judged over the whole list below.
            found.retain(|f| f.kind != FindingKind::MissingDirectives);
        }
        out.extend(found);
        // 'strict-dynamic' alone is no hole (the evaluator says nothing) but a functional trap.
        let script = policy.effective_values("script-src");
        if script.iter().any(|v| v == "'strict-dynamic'")
            && !script.iter().any(|v| is_strict_nonce(v) || is_strict_hash(v))
        {
            out.push(Finding::new(FindingKind::StrictDynamicTrustsNothing, Severity::Info, Some(*index), policy.effective_directive("script-src"), Some("'strict-dynamic'"),
                "'strict-dynamic' without a nonce or hash trusts no script to begin with, so every script is blocked: add the nonce your server puts on its scripts."));
        }
    }
    if read.len() > 1 {
        let all: Vec<(usize, &EvaluatorPolicy)> = read.iter().map(|(i, p)| (*i, p)).collect();
        missing_directives(&all, &mut out);
    }
    if !read.iter().any(|(_, p)| p.has("frame-ancestors")) {
        out.push(Finding::new(FindingKind::MissingFrameAncestors, Severity::Info, None, "frame-ancestors", None,
            "No frame-ancestors: any site may frame this page (see the clickjacking lesson). It only works as a header."));
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

    fn findings(text: &str) -> Vec<Finding> {
        let policy = parse_policy(text, Disposition::Enforce, Delivery::Header).policy;
        find(&[policy])
    }

    fn has(text: &str, severity: Severity, directive: &str, kind: FindingKind) -> bool {
        findings(text).iter().any(|f| f.severity == severity && f.directive == directive && f.kind == kind)
    }

    /// Each row: policy, severity, directive, kind, whether it is expected. The full agreement
    /// with the evaluator is `csp::evaluator_agreement`; these are the cases issue 22 names.
    #[test]
    fn weaknesses_are_rated_as_the_evaluator_rates_them() {
        use FindingKind::*;
        use Severity::*;
        let cases: &[(&str, Severity, &str, FindingKind, bool)] = &[
            ("script-src 'self' 'unsafe-inline'", High, "script-src", ScriptUnsafeInline, true),
            ("script-src 'nonce-abcdefgh12345678' 'unsafe-inline'", High, "script-src", ScriptUnsafeInline, false),
            ("script-src 'nonce-abcdefgh12345678' 'unsafe-inline'", Note, "script-src", Ignored, true),
            ("script-src 'self' 'unsafe-eval'", PossiblyMedium, "script-src", ScriptUnsafeEval, true),
            // 'strict-dynamic' alone is no hole for the evaluator; we explain it as info.
            ("script-src 'strict-dynamic'; object-src 'none'", High, "script-src", StrictDynamicTrustsNothing, false),
            ("script-src 'strict-dynamic'; object-src 'none'", Info, "script-src", StrictDynamicTrustsNothing, true),
            ("script-src *", High, "script-src", PlainWildcard, true),
            ("script-src https:", High, "script-src", PlainUrlSchemes, true),
            ("script-src data:", High, "script-src", PlainUrlSchemes, true),
            ("script-src https://ajax.googleapis.com", High, "script-src", ScriptAllowlistBypass, true),
            ("script-src *.googleapis.com", High, "script-src", ScriptAllowlistBypass, true),
            // The tag manager's JSONP bypass needs 'unsafe-eval'.
            ("script-src https://www.googletagmanager.com", High, "script-src", ScriptAllowlistBypass, false),
            (
                "script-src https://www.googletagmanager.com 'unsafe-eval'",
                High,
                "script-src",
                ScriptAllowlistBypass,
                true,
            ),
            (
                "script-src 'nonce-abcdefgh12345678' 'strict-dynamic' https://ajax.googleapis.com",
                High,
                "script-src",
                ScriptAllowlistBypass,
                false,
            ),
            ("script-src 'nonce-abc'", Medium, "script-src", NonceLength, true),
            ("script-src 'self'", High, "object-src", MissingDirectives, true),
            ("script-src 'self'; object-src 'none'", High, "object-src", MissingDirectives, false),
            ("default-src 'none'", High, "object-src", MissingDirectives, false),
            // base-uri matters only where nonces (or hashes with 'strict-dynamic') allow scripts.
            ("script-src 'self'", High, "base-uri", MissingDirectives, false),
            ("script-src 'nonce-abcdefgh12345678'", High, "base-uri", MissingDirectives, true),
            ("script-src 'sha256-abc='", High, "base-uri", MissingDirectives, false),
            ("script-src 'sha256-abc=' 'strict-dynamic'", High, "base-uri", MissingDirectives, true),
            ("script-src 'nonce-abcdefgh12345678'; base-uri 'none'", High, "base-uri", MissingDirectives, false),
            ("img-src *", High, "script-src", MissingDirectives, true),
            ("script-src 'self'", PossiblyMedium, "script-src", ScriptAllowlistBypass, true),
            ("script-src 'self'; script-src-attr 'unsafe-inline'", High, "script-src-attr", ScriptUnsafeInline, true),
        ];
        for (policy, severity, directive, kind, expected) in cases {
            assert_eq!(has(policy, *severity, directive, *kind), *expected, "{policy}: {:#?}", findings(policy));
        }
    }

    #[test]
    fn every_finding_names_its_rule() {
        for finding in findings("script-src 'strict-dynamic' 'unsafe-eval'") {
            assert_eq!(finding.source, finding.kind.source());
        }
        assert!(findings("script-src 'self'")
            .iter()
            .any(|f| f.source == FindingSource::Dragonproof && f.kind == FindingKind::MissingFrameAncestors));
        assert!(findings("script-src 'self'")
            .iter()
            .any(|f| f.source == FindingSource::CspEvaluator && f.kind == FindingKind::MissingDirectives));
    }

    #[test]
    fn with_several_policies_one_restricting_is_enough() {
        let parse = |t: &str| parse_policy(t, Disposition::Enforce, Delivery::Header).policy;
        let found = find(&[parse("script-src 'nonce-abcdefgh12345678'"), parse("object-src 'none'; base-uri 'self'")]);
        assert!(!found.iter().any(|f| f.kind == FindingKind::MissingDirectives), "{found:#?}");
        let found = find(&[parse("script-src 'nonce-abcdefgh12345678'"), parse("img-src 'self'")]);
        let missing: Vec<&str> =
            found.iter().filter(|f| f.kind == FindingKind::MissingDirectives).map(|f| f.directive.as_str()).collect();
        assert_eq!(missing, ["object-src", "base-uri"]);
    }

    #[test]
    fn bypass_urls_match_as_the_evaluator_matches_them() {
        // Host, `*.` wildcard, a path prefix ending in `/`, an exact path otherwise.
        assert_eq!(
            matching_url("https://ajax.googleapis.com", bypass_lists::ANGULAR),
            Some("//ajax.googleapis.com/ajax/libs/angularjs/1.2.0rc1/angular-route.min.js")
        );
        assert!(matching_url("*.googleapis.com", bypass_lists::ANGULAR).is_some());
        assert!(matching_url("googleapis.com", bypass_lists::ANGULAR).is_none());
        assert!(matching_url("https://ajax.googleapis.com/ajax/libs/", bypass_lists::ANGULAR).is_some());
        assert!(matching_url("https://ajax.googleapis.com/ajax/libs/jquery/", bypass_lists::ANGULAR).is_none());
        assert!(matching_url("https://ajax.googleapis.com:443", bypass_lists::ANGULAR).is_some());
        assert_eq!(host_and_path("wss://[::1]:8080/x?y"), ("[::1]", "/x"));
        assert_eq!(scheme_free("//cdn.example"), "cdn.example");
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
        // The suggestion itself has no finding above info.
        assert!(find(&[parsed.policy]).iter().all(|f| f.severity >= Severity::Info));
    }
}
