//! The CSP engine's findings against Google's CSP Evaluator.
//!
//! `fixtures/csp_evaluator/findings.json` holds, for every policy of `policies.mjs`, what
//! `csp_evaluator` (npm) finds: directive, severity, type, value. This test reads each policy as
//! one enforced header, takes our findings and our parse problems (the evaluator's `syntax`
//! findings are our parse problems), and compares them as sets with the evaluator's (the
//! evaluator repeats some notes, once per script directive it normalizes). Every difference must
//! be named in `fixtures/csp_evaluator/differences.json` with our reason, and every named
//! difference must still occur, so the list cannot go stale.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::bypass_lists;
use super::findings::find;
use super::policy::{parse_policy, Delivery, Disposition, ParseProblem, Policy};

const FIXTURE: &str = include_str!("../../fixtures/csp_evaluator/findings.json");
const DIFFERENCES: &str = include_str!("../../fixtures/csp_evaluator/differences.json");

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
struct Item {
    directive: String,
    severity: String,
    #[serde(rename = "type")]
    kind: String,
    value: Option<String>,
}

#[derive(Deserialize)]
struct Case {
    group: String,
    policy: String,
    findings: Vec<Item>,
}

#[derive(Deserialize)]
struct BypassLists {
    angular: Vec<String>,
    jsonp: Vec<String>,
    jsonp_needs_eval: Vec<String>,
    flash: Vec<String>,
}

#[derive(Deserialize)]
struct Fixture {
    version: String,
    bypass_lists: BypassLists,
    cases: Vec<Case>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Side {
    /// Only we find it.
    Ours,
    /// Only the evaluator finds it.
    Evaluator,
}

/// A deliberate difference: which items it covers (every field given must match), on which
/// policies (all when none are listed), and why.
#[derive(Debug, Deserialize)]
struct Difference {
    name: String,
    reason: String,
    side: Side,
    directive: Option<String>,
    severity: Option<String>,
    /// The types it covers (any when none are listed); one type may be written alone.
    #[serde(rename = "type", default, deserialize_with = "one_or_many")]
    kinds: Vec<String>,
    /// The values it covers (any when none are listed).
    #[serde(default)]
    values: Vec<String>,
    #[serde(default)]
    policies: Vec<String>,
}

impl Difference {
    fn covers(&self, side: Side, policy: &str, item: &Item) -> bool {
        self.side == side
            && (self.policies.is_empty() || self.policies.iter().any(|p| p == policy))
            && self.directive.as_ref().is_none_or(|d| *d == item.directive)
            && self.severity.as_ref().is_none_or(|s| *s == item.severity)
            && (self.kinds.is_empty() || self.kinds.contains(&item.kind))
            && (self.values.is_empty() || self.values.iter().any(|v| Some(v) == item.value.as_ref()))
    }
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}

#[derive(Deserialize)]
struct Differences {
    differences: Vec<Difference>,
}

fn syntax(directive: &str, kind: &str, value: Option<&str>) -> Item {
    Item { directive: directive.into(), severity: "syntax".into(), kind: kind.into(), value: value.map(str::to_string) }
}

/// A parse problem as the evaluator's parser checks would report it; problems it has no check
/// for keep our own name, so that they show up as ours.
fn problem_item(problem: &ParseProblem, policy: &Policy) -> Item {
    match problem {
        ParseProblem::UnknownDirective { name, .. } | ParseProblem::InvalidDirectiveName { name } => {
            syntax(name, "UNKNOWN_DIRECTIVE", None)
        }
        ParseProblem::MissingSemicolon { directive, token } => syntax(directive, "MISSING_SEMICOLON", Some(token)),
        ParseProblem::KeywordWithoutQuotes { directive, token } => {
            // The problem names the keyword without its stray quote; the evaluator, the value.
            let written =
                policy.directive(directive).and_then(|d| d.tokens.iter().find(|t| t.trim_matches('\'') == token));
            syntax(directive, "INVALID_KEYWORD", Some(written.map_or(token.as_str(), String::as_str)))
        }
        ParseProblem::InvalidSource { directive, token } if token.starts_with('\'') => {
            syntax(directive, "INVALID_KEYWORD", Some(token))
        }
        ParseProblem::InvalidSource { directive, token } => syntax(directive, "INVALID_SOURCE", Some(token)),
        ParseProblem::DuplicateDirective { name } => syntax(name, "DUPLICATE_DIRECTIVE", None),
        ParseProblem::NoneWithOtherSources { directive } => syntax(directive, "NONE_WITH_OTHER_SOURCES", None),
        ParseProblem::EmptySourceList { directive } => syntax(directive, "EMPTY_SOURCE_LIST", None),
        ParseProblem::Deprecated { name, .. } => syntax(name, "DEPRECATED", None),
        ParseProblem::EmptyPolicy => syntax("", "EMPTY_POLICY", None),
        ParseProblem::NotInMeta { name } => syntax(name, "NOT_IN_META", None),
        ParseProblem::ReportOnlyInMeta => syntax("", "REPORT_ONLY_IN_META", None),
    }
}

/// Our findings and parse problems for one policy, as items.
fn ours(text: &str) -> BTreeSet<Item> {
    let parsed = parse_policy(text, Disposition::Enforce, Delivery::Header);
    let mut items: BTreeSet<Item> = parsed.problems.iter().map(|p| problem_item(p, &parsed.policy)).collect();
    for finding in find(std::slice::from_ref(&parsed.policy)) {
        let kind =
            serde_json::to_value(finding.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        items.insert(Item {
            directive: finding.directive,
            severity: finding.severity.evaluator_name().into(),
            kind,
            value: finding.value,
        });
    }
    items
}

fn fixture() -> Fixture {
    serde_json::from_str(FIXTURE).unwrap_or_else(|e| panic!("findings.json: {e}"))
}

#[test]
fn csp_findings_agree_with_the_csp_evaluator_or_say_why_not() {
    let fixture = fixture();
    let differences: Differences =
        serde_json::from_str(DIFFERENCES).unwrap_or_else(|e| panic!("differences.json: {e}"));
    assert!(fixture.cases.len() >= 150, "issue 22 asks for at least 150 policies");
    let mut used: BTreeMap<&str, usize> = BTreeMap::new();
    let mut our_highs_it_lacks: Vec<String> = Vec::new();
    let mut undeclared: Vec<String> = Vec::new();
    // Per evaluator severity: (its findings, ours agreeing).
    let mut by_severity: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for case in &fixture.cases {
        let theirs: BTreeSet<Item> = case.findings.iter().cloned().collect();
        let ours = ours(&case.policy);
        for item in &theirs {
            let counts = by_severity.entry(item.severity.clone()).or_default();
            counts.0 += 1;
            counts.1 += usize::from(ours.contains(item));
        }
        let only_ours = ours.difference(&theirs).map(|i| (Side::Ours, i));
        let only_theirs = theirs.difference(&ours).map(|i| (Side::Evaluator, i));
        for (side, item) in only_ours.chain(only_theirs) {
            let covering: Vec<&Difference> =
                differences.differences.iter().filter(|d| d.covers(side, &case.policy, item)).collect();
            if side == Side::Ours && item.severity == "high" {
                our_highs_it_lacks.push(format!("{item:?} in {}", case.policy));
            }
            if covering.is_empty() {
                undeclared.push(format!("[{}] {:?} only: {item:?}\n    policy: {}", case.group, side, case.policy));
            }
            for difference in covering {
                *used.entry(difference.name.as_str()).or_default() += 1;
            }
        }
    }
    let (theirs_total, agreeing) = by_severity.values().fold((0, 0), |(t, a), (ti, ai)| (t + ti, a + ai));
    println!(
        "csp_evaluator {}: {} policies, {agreeing} of {theirs_total} evaluator findings agree",
        fixture.version,
        fixture.cases.len()
    );
    for (severity, (theirs, agreeing)) in &by_severity {
        println!("  {severity}: {agreeing} of {theirs}");
    }
    // Issue 22: the same highs, always.
    assert_eq!(by_severity.get("high").map(|(t, a)| t - a), Some(0), "every high of the evaluator is ours");
    for difference in &differences.differences {
        println!(
            "  {} ({} items): {}",
            difference.name,
            used.get(difference.name.as_str()).unwrap_or(&0),
            difference.reason
        );
    }
    assert!(our_highs_it_lacks.is_empty(), "no high where the evaluator has none: {our_highs_it_lacks:#?}");
    assert!(undeclared.is_empty(), "{} undeclared differences:\n{}", undeclared.len(), undeclared.join("\n"));
    let stale: Vec<&str> =
        differences.differences.iter().map(|d| d.name.as_str()).filter(|name| !used.contains_key(name)).collect();
    assert!(stale.is_empty(), "named differences that no longer occur: {stale:?}");
    for difference in &differences.differences {
        assert!(!difference.reason.trim().is_empty(), "{} has no reason", difference.name);
    }
}

#[test]
fn csp_bypass_lists_are_the_evaluators() {
    let lists = fixture().bypass_lists;
    assert_eq!(lists.angular, bypass_lists::ANGULAR);
    assert_eq!(lists.jsonp, bypass_lists::JSONP);
    assert_eq!(lists.jsonp_needs_eval, bypass_lists::JSONP_NEEDS_EVAL);
    assert_eq!(lists.flash, bypass_lists::FLASH);
    // `findings` compares a source's lowercased host with the listed hosts as written.
    for url in bypass_lists::ANGULAR.iter().chain(bypass_lists::JSONP).chain(bypass_lists::FLASH) {
        let host = url.trim_start_matches('/').split('/').next().unwrap_or_default();
        assert_eq!(host.to_ascii_lowercase(), host, "the matching expects lowercase hosts");
    }
    for host in bypass_lists::JSONP_NEEDS_EVAL {
        assert_eq!(host.to_ascii_lowercase(), *host);
    }
}
