//! The Content-Security-Policy engine: a CSP Level 3 parser and evaluator, with a page model,
//! weakness findings and the Flask/Django code that sends a policy.
//!
//! One concept per file: [`url`] (the URL parts CSP compares), [`source`] (source expressions
//! and URL matching), [`directives`] (names and fallback chains), [`policy`] (parsing, with
//! problems in plain words), [`hash`] (hash-sources), [`page`] (what a page loads and runs),
//! [`evaluate`] (the verdict for each resource), [`findings`] (weaknesses rated as Google's CSP
//! Evaluator rates them, with its bypass lists in [`bypass_lists`], and a strict policy),
//! [`codegen`] (Flask-Talisman, Flask `after_request`, Django), and [`sandbox`] (the sandbox's
//! state, its one outcome, and the quests read from it).
//!
//! ```
//! use dragonproof_engines::csp::{analyze, PolicyInput, Delivery, Disposition};
//! let analysis = analyze(
//!     &[PolicyInput { text: "script-src 'self'".into(), disposition: Disposition::Enforce }],
//!     Delivery::Header, "https://castle.example/", "<script>alert('dragon')</script>");
//! assert!(analysis.evaluation.results[0].verdict != dragonproof_engines::csp::Verdict::Allowed);
//! ```

pub mod bypass_lists;
pub mod codegen;
pub mod css;
pub mod directives;
pub mod evaluate;
pub mod findings;
pub mod hash;
pub mod inline_script;
pub mod limits;
pub mod page;
pub mod policy;
pub mod responsive;
pub mod sandbox;
pub mod source;
pub mod url;

use serde::Serialize;

pub use evaluate::{evaluate, Decision, Evaluation, ResourceResult, Verdict};
pub use findings::{Finding, FindingKind, FindingSource, Severity};
pub use limits::{NotModelled, NotModelledKind, PreviewGap};
pub use page::{Page, Resource, ResourceKind};
pub use policy::{parse_policy, parse_policy_list, Delivery, Disposition, ParseProblem, ParsedPolicy, Policy};
pub use sandbox::{CspOutcome, CspSandbox, CspState};
pub use url::Url;

/// One policy as the learner writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyInput {
    pub text: String,
    pub disposition: Disposition,
}

/// Everything the sandbox shows for one state of its inputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// Each parsed policy with its problems (a header value with commas gives several).
    pub policies: Vec<ParsedPolicy>,
    /// The page URL could not be parsed: `'self'` then matches nothing.
    pub bad_page_url: bool,
    pub evaluation: Evaluation,
    pub findings: Vec<Finding>,
    /// A strict policy that keeps this page's own scripts (nonce- or hash-based).
    pub suggested: String,
}

/// The page URL used when the learner's one cannot be parsed: an opaque origin.
fn opaque_page() -> Url {
    Url { scheme: "about".into(), host: String::new(), port: None, path: "blank".into() }
}

/// Parses the policies and the page, evaluates, and finds weaknesses.
pub fn analyze(inputs: &[PolicyInput], delivery: Delivery, page_url: &str, html: &str) -> Analysis {
    let mut policies = Vec::new();
    for input in inputs {
        match delivery {
            Delivery::Header => policies.extend(parse_policy_list(&input.text, input.disposition)),
            Delivery::Meta => policies.push(parse_policy(&input.text, input.disposition, Delivery::Meta)),
        }
    }
    // Verdicts name policies by their index here. A report-only policy in a <meta> element is
    // ignored by browsers; as report-only it blocks nothing here either (its problem says why).
    let effective: Vec<Policy> = policies.iter().map(|p| p.policy.clone()).collect();
    let parsed_url = Url::parse(page_url).filter(|u| !u.host.is_empty());
    let bad_page_url = parsed_url.is_none();
    let url = parsed_url.unwrap_or_else(opaque_page);
    let page = Page::parse(html);
    let evaluation = evaluate(&effective, &page, &url);
    let findings = findings::find(&effective);
    let suggested = findings::suggest_strict_policy(&page);
    Analysis { policies, bad_page_url, evaluation, findings, suggested }
}

#[cfg(test)]
mod evaluator_agreement;
#[cfg(test)]
mod tests;

/// The HTML the sandboxed preview writes: each enforced policy as a `<meta http-equiv>`
/// first (so it governs everything after it), then the page. The policy text is escaped for
/// the attribute, so no policy can break out of it.
pub fn preview_document(policies: &[&str], html: &str) -> String {
    let mut document = String::new();
    for policy in policies {
        document.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"");
        document.push_str(&crate::escape::markupsafe_escape(policy));
        document.push_str("\">\n");
    }
    document.push_str(html);
    document
}
