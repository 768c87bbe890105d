//! The evaluator: for each resource of a page, what every policy says (CSP3 §6.7 "matching
//! algorithms", §6.1 pre-request checks, §4.2.3 inline checks, §4.4 string compilation).

use serde::Serialize;

use super::hash::{self, Hashes};
use super::limits::NotModelled;
use super::page::{Page, Resource, ResourceKind};
use super::policy::{Directive, Disposition, Policy};
use super::source::{url_matches, Source};
use super::url::Url;

/// What one policy says about one resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Decision {
    /// No directive of the policy governs it.
    NotCovered,
    Allowed {
        directive: String,
        because: String,
    },
    Blocked {
        directive: String,
        because: String,
    },
}

/// The outcome for one resource under all policies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Verdict {
    /// Every enforced policy allows it.
    Allowed,
    /// An enforced policy blocks it: the first one that does, by index, and its decision.
    Blocked { policy: usize, directive: String, because: String },
    /// The script or style it belongs to is blocked, so it never happens.
    NeverRuns { parent: usize },
    /// Its URL cannot be parsed or resolved, so the browser fetches nothing.
    InvalidUrl,
}

/// One resource's row in the result table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResourceResult {
    pub resource: Resource,
    /// The directive the check is for (`script-src-elem`), as violation reports name it.
    pub effective_directive: &'static str,
    /// The resolved URL, when it has one.
    pub resolved: Option<String>,
    /// What a violation report would carry as `blockedURI`, as Chromium fills it: the URL
    /// stripped as CSP3 says (only the origin for frames and objects), or `inline`, `eval`,
    /// `wasm-eval`.
    pub blocked_uri: String,
    pub verdict: Verdict,
    /// What each policy says, in policy order.
    pub decisions: Vec<Decision>,
    /// For inline code: the hash-sources that would allow it.
    pub hashes: Option<Hashes>,
}

impl ResourceResult {
    /// Whether a violation is reported for it (an enforced block, or a report-only one).
    pub fn violates(&self, policies: &[Policy], disposition: Disposition) -> bool {
        !matches!(self.verdict, Verdict::NeverRuns { .. } | Verdict::InvalidUrl)
            && self
                .decisions
                .iter()
                .zip(policies)
                .any(|(d, p)| p.disposition == disposition && matches!(d, Decision::Blocked { .. }))
    }
}

/// The whole evaluation of a page under a policy list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub results: Vec<ResourceResult>,
    /// What the page does that the engine does not predict (the page model's notes).
    pub not_modelled: Vec<NotModelled>,
}

fn has_nonce_or_hash(directive: &Directive) -> bool {
    directive.has(|s| matches!(s, Source::Nonce(_) | Source::Hash(..)))
}

fn nonce_matches(directive: &Directive, resource: &Resource) -> bool {
    resource.nonceable
        && resource.nonce.as_ref().is_some_and(|nonce| directive.has(|s| matches!(s, Source::Nonce(n) if n == nonce)))
}

fn hash_matches(directive: &Directive, text: &str) -> bool {
    // Each algorithm's digest is computed once, however many hash-sources the list has.
    let mut digests: [Option<String>; 3] = [None, None, None];
    directive.sources.iter().any(|source| {
        let Source::Hash(algorithm, value) = source else {
            return false;
        };
        let slot = &mut digests[*algorithm as usize];
        let digest = slot.get_or_insert_with(|| hash::digest(*algorithm, text));
        hash::same_digest(value, digest)
    })
}

/// SRI "parse metadata": `alg-value[?options]` tokens with a known algorithm; then every one
/// must be listed (same algorithm, same value) for the bypass.
fn integrity_matches(directive: &Directive, resource: &Resource) -> bool {
    if !directive.has(|s| matches!(s, Source::Hash(..))) {
        return false;
    }
    let Some(integrity) = resource.integrity.as_deref() else {
        return false;
    };
    let sources: Vec<(String, &str)> = integrity
        .split_ascii_whitespace()
        .filter_map(|token| {
            let token = token.split('?').next().unwrap_or("");
            let (algorithm, value) = token.split_once('-')?;
            let algorithm = algorithm.to_ascii_lowercase();
            matches!(algorithm.as_str(), "sha256" | "sha384" | "sha512").then_some((algorithm, value))
        })
        .collect();
    !sources.is_empty()
        && sources.iter().all(|(algorithm, value)| {
            directive.has(|s| matches!(s, Source::Hash(a, v) if a.name() == algorithm && v == value))
        })
}

fn is_script_kind(kind: ResourceKind) -> bool {
    matches!(
        kind,
        ResourceKind::InlineScript
            | ResourceKind::EventHandler
            | ResourceKind::JavascriptUrl
            | ResourceKind::DynamicInlineScript
    )
}

/// CSP3 §6.7.3.3 "Does element match source list for type and source?" for inline code.
fn inline_decision(directive: &Directive, resource: &Resource) -> (bool, String) {
    let text = resource.text.as_deref().unwrap_or("");
    let strict_dynamic = is_script_kind(resource.kind) && directive.has(|s| *s == Source::StrictDynamic);
    let unsafe_inline = directive.has(|s| *s == Source::UnsafeInline);
    if unsafe_inline && !has_nonce_or_hash(directive) && !strict_dynamic {
        return (true, "'unsafe-inline' allows all inline code".into());
    }
    // Chromium lets 'strict-dynamic' trust an inline <script> that an allowed script creates
    // and inserts, as it trusts an inserted <script src> (seen in the agreement test; CSP3's
    // inline check has no such step).
    if resource.kind == ResourceKind::DynamicInlineScript && strict_dynamic {
        return (
            true,
            "'strict-dynamic' trusts scripts that an allowed script inserts (Chromium: inline ones too)".into(),
        );
    }
    let element_kind = matches!(
        resource.kind,
        ResourceKind::InlineScript | ResourceKind::InlineStyle | ResourceKind::DynamicInlineScript
    );
    if element_kind && nonce_matches(directive, resource) {
        return (true, "its nonce matches".into());
    }
    let unsafe_hashes = directive.has(|s| *s == Source::UnsafeHashes);
    if (element_kind || unsafe_hashes) && hash_matches(directive, text) {
        return (
            true,
            if element_kind { "its hash matches".into() } else { "its hash matches and 'unsafe-hashes' is set".into() },
        );
    }
    let because = if unsafe_inline && (has_nonce_or_hash(directive) || strict_dynamic) {
        "'unsafe-inline' is ignored when a nonce, hash or 'strict-dynamic' is present, and nothing else allows it"
            .into()
    } else if !element_kind && hash_matches(directive, text) {
        "its hash is listed, but hashes only cover attributes and javascript: URLs with 'unsafe-hashes'".into()
    } else if element_kind
        && resource.nonce.is_some()
        && !resource.nonceable
        && directive.has(|s| matches!(s, Source::Nonce(_)))
    {
        "it has a nonce, but the element looks injected (a duplicate attribute or `<script` in an attribute), so the nonce is not trusted"
            .into()
    } else if element_kind && resource.nonce.is_some() && directive.has(|s| matches!(s, Source::Nonce(_))) {
        "its nonce does not match".into()
    } else {
        "inline code needs 'unsafe-inline', a matching nonce or a matching hash".into()
    };
    (false, because)
}

/// CSP3 §6.1.1 script pre-request check, and plain URL matching for everything else.
fn fetch_decision(directive: &Directive, resource: &Resource, url: &Url, page_url: &Url) -> (bool, String) {
    let script = matches!(resource.kind, ResourceKind::ExternalScript | ResourceKind::DynamicScript);
    let style = resource.kind == ResourceKind::Stylesheet;
    if (script || style) && nonce_matches(directive, resource) {
        return (true, "its nonce matches".into());
    }
    // CSP3 §6.7.1.1 step 3: a script whose every SRI hash is listed as a hash-source is allowed.
    if script && integrity_matches(directive, resource) {
        return (true, "every hash of its integrity attribute is listed".into());
    }
    if script && directive.has(|s| *s == Source::StrictDynamic) {
        return if resource.kind == ResourceKind::DynamicScript {
            (true, "'strict-dynamic' trusts scripts that an allowed script inserts".into())
        } else {
            (
                false,
                "with 'strict-dynamic', hosts and 'self' are ignored: a script in the HTML needs a nonce or hash"
                    .into(),
            )
        };
    }
    match directive.sources.iter().find(|source| url_matches(source, url, page_url)) {
        Some(source) => (true, format!("it matches {}", describe(source))),
        None => (false, "no source in the list matches its URL".into()),
    }
}

fn describe(source: &Source) -> String {
    match source {
        Source::SelfOrigin => "'self'".into(),
        Source::Star => "*".into(),
        Source::Scheme(scheme) => format!("{scheme}:"),
        Source::Host { scheme, host, wildcard, port, path } => {
            let mut text = String::new();
            if let Some(scheme) = scheme {
                text.push_str(scheme);
                text.push_str("://");
            }
            if *wildcard {
                text.push_str(if host.is_empty() { "*" } else { "*." });
            }
            text.push_str(host);
            match port {
                super::source::PortPattern::Any => text.push_str(":*"),
                super::source::PortPattern::Number(n) => text.push_str(&format!(":{n}")),
                super::source::PortPattern::Default => {}
            }
            text.push_str(path.as_deref().unwrap_or(""));
            text
        }
        other => format!("{other:?}"),
    }
}

/// What one policy says about one resource (its URL already resolved).
fn decide(policy: &Policy, resource: &Resource, url: Option<&Url>, page_url: &Url) -> Decision {
    let effective = resource.kind.effective_directive();
    let Some(directive) = super::directives::fallback_list(effective).iter().find_map(|name| policy.directive(name))
    else {
        return Decision::NotCovered;
    };
    let (allowed, because) = match resource.kind {
        ResourceKind::Eval => {
            if directive.has(|s| *s == Source::UnsafeEval) {
                (true, "'unsafe-eval' allows it".to_string())
            } else {
                (false, "string compilation needs 'unsafe-eval'".to_string())
            }
        }
        ResourceKind::WasmCompile => {
            if directive.has(|s| matches!(s, Source::UnsafeEval | Source::WasmUnsafeEval)) {
                (true, "'wasm-unsafe-eval' (or 'unsafe-eval') allows it".to_string())
            } else {
                (false, "WebAssembly compilation needs 'wasm-unsafe-eval'".to_string())
            }
        }
        kind if kind.is_inline() => inline_decision(directive, resource),
        _ => match url {
            Some(url) => fetch_decision(directive, resource, url, page_url),
            None => (false, "its URL is not valid".to_string()),
        },
    };
    let directive = directive.name.clone();
    if allowed {
        Decision::Allowed { directive, because }
    } else {
        Decision::Blocked { directive, because }
    }
}

/// Evaluates `page` at `page_url` under every policy in `policies` (each must allow).
pub fn evaluate(policies: &[Policy], page: &Page, page_url: &Url) -> Evaluation {
    let enforced = |p: &Policy| p.disposition == Disposition::Enforce;
    let upgrade = policies.iter().any(|p| enforced(p) && p.directive("upgrade-insecure-requests").is_some());
    let mut base = page_url.clone();
    let mut base_frozen = false;
    let mut results: Vec<ResourceResult> = Vec::with_capacity(page.resources.len());
    for resource in &page.resources {
        let effective_directive = resource.kind.effective_directive();
        let fetched =
            !resource.kind.is_inline() && !matches!(resource.kind, ResourceKind::Eval | ResourceKind::WasmCompile);
        let mut url = if fetched { resource.url.as_deref().and_then(|u| base.join(u)) } else { None };
        if upgrade && resource.kind != ResourceKind::FormAction {
            if let Some(u) = url.as_mut() {
                if u.scheme == "http" || u.scheme == "ws" {
                    u.scheme = if u.scheme == "http" { "https".into() } else { "wss".into() };
                    if u.port == Some(80) {
                        u.port = None;
                    }
                }
            }
        }
        let blocked_uri = match resource.kind {
            ResourceKind::Eval => "eval".to_string(),
            ResourceKind::WasmCompile => "wasm-eval".to_string(),
            kind if kind.is_inline() => "inline".to_string(),
            // Chromium checks frames and objects as navigations and reports only the origin.
            ResourceKind::Frame | ResourceKind::Object => url.as_ref().map(Url::origin_for_reports).unwrap_or_default(),
            _ => url.as_ref().map(Url::for_reports).unwrap_or_default(),
        };
        let decisions: Vec<Decision> = policies.iter().map(|p| decide(p, resource, url.as_ref(), page_url)).collect();
        let parent_blocked = resource
            .parent
            .and_then(|parent| results.get(parent))
            .is_some_and(|p| !matches!(p.verdict, Verdict::Allowed));
        let verdict = if parent_blocked {
            Verdict::NeverRuns { parent: resource.parent.unwrap_or(0) }
        } else if fetched && url.is_none() {
            Verdict::InvalidUrl
        } else {
            decisions
                .iter()
                .zip(policies)
                .enumerate()
                .find_map(|(index, (decision, policy))| match decision {
                    Decision::Blocked { directive, because } if enforced(policy) => {
                        Some(Verdict::Blocked { policy: index, directive: directive.clone(), because: because.clone() })
                    }
                    _ => None,
                })
                .unwrap_or(Verdict::Allowed)
        };
        // The first <base href> sets the document's base URL, if base-uri lets it.
        if resource.kind == ResourceKind::Base && !base_frozen {
            base_frozen = true;
            if verdict == Verdict::Allowed {
                if let Some(u) = &url {
                    base = u.clone();
                }
            }
        }
        let hashes = match resource.kind {
            kind if kind.is_inline() => resource.text.as_deref().map(hash::hashes),
            _ => None,
        };
        results.push(ResourceResult {
            resource: resource.clone(),
            effective_directive,
            resolved: url.as_ref().map(Url::to_string),
            blocked_uri,
            verdict,
            decisions,
            hashes,
        });
    }
    Evaluation { results, not_modelled: page.not_modelled.clone() }
}
