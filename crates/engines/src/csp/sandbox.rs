//! The CSP lesson's quests, detected from the engine's own verdicts on the castle page.

use super::findings::Severity;
use super::page::ResourceKind;
use super::{analyze, Analysis, Delivery, Disposition, PolicyInput, Verdict};
use crate::quests::{QuestSandbox, Solution};

/// The castle's own inline script: it loads the castle's code the way a strict policy likes
/// (a script inserted by a trusted script, so `'strict-dynamic'` passes trust on to it).
pub const CASTLE_SCRIPT: &str = "\n  const castle = document.createElement('script');\n  castle.src = '/js/castle.js';\n  document.head.append(castle);\n";

/// The castle's nonce in the starter page. A real server makes a new one per response.
pub const CASTLE_NONCE: &str = "c4stl3k33p";

/// The page the sandbox starts with: the castle's own script and a guestbook that shows
/// visitors' messages without escaping, so three injections sit in it.
pub const STARTER_PAGE: &str = concat!(
    "<h1>The castle guestbook</h1>\n",
    "<script nonce=\"c4stl3k33p\">\n  const castle = document.createElement('script');\n  castle.src = '/js/castle.js';\n  document.head.append(castle);\n</script>\n",
    "<h2>Messages</h2>\n",
    "<!-- Visitors' messages, shown without escaping: -->\n",
    "<p>Lovely towers! <script>alert('dragon')</script></p>\n",
    "<p>Nice moat <img src=\"x\" onerror=\"alert('dragon')\"></p>\n",
    "<p>Old tricks <script src=\"https://cdnjs.cloudflare.com/ajax/libs/angular.js/1.4.6/angular.min.js\"></script></p>\n",
);

/// The policy the sandbox starts with.
pub const STARTER_POLICY: &str = "script-src 'self'";

/// The page URL the sandbox starts with.
pub const STARTER_URL: &str = "https://castle.example/guestbook";

/// Everything the learner sets in the CSP sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CspState {
    /// The header value: one policy, or several separated by commas.
    pub policy: String,
    /// Send `policy` as Content-Security-Policy-Report-Only instead.
    pub report_only: bool,
    /// A second, report-only policy sent beside it (empty for none).
    pub report_only_policy: String,
    pub page_url: String,
    pub page: String,
}

impl Default for CspState {
    fn default() -> Self {
        CspState { policy: STARTER_POLICY.into(), report_only: false, report_only_policy: String::new(), page_url: STARTER_URL.into(), page: STARTER_PAGE.into() }
    }
}

impl CspState {
    /// The engine's analysis of this state (the policy sent as a header).
    pub fn analyze(&self) -> Analysis {
        let disposition = if self.report_only { Disposition::Report } else { Disposition::Enforce };
        let mut inputs = vec![PolicyInput { text: self.policy.clone(), disposition }];
        if !self.report_only_policy.trim().is_empty() {
            inputs.push(PolicyInput { text: self.report_only_policy.clone(), disposition: Disposition::Report });
        }
        analyze(&inputs, Delivery::Header, &self.page_url, &self.page)
    }
}

fn is_script(kind: ResourceKind) -> bool {
    matches!(kind, ResourceKind::InlineScript | ResourceKind::ExternalScript | ResourceKind::EventHandler | ResourceKind::JavascriptUrl | ResourceKind::DynamicScript)
}

/// Whether a script of the page is the castle's own (its loader, or the code it loads).
fn is_castle_own(resource: &super::Resource) -> bool {
    match resource.kind {
        ResourceKind::InlineScript => resource.text.as_deref() == Some(CASTLE_SCRIPT),
        ResourceKind::DynamicScript => resource.url.as_deref() == Some("/js/castle.js"),
        _ => false,
    }
}

/// What the quests look at: does the castle's code run, does any injection run.
struct Outcome {
    castle_runs: bool,
    injected_inline_runs: bool,
    injected_handler_runs: bool,
    injected_library_runs: bool,
    any_injection_runs: bool,
    strict: bool,
    uses_nonce: bool,
    uses_hash: bool,
}

thread_local! {
    /// The last state's outcome: the quest self-test and the view ask about every quest of one
    /// state in a row, and one analysis answers them all.
    static LAST: std::cell::RefCell<Option<(CspState, std::rc::Rc<Outcome>)>> = const { std::cell::RefCell::new(None) };
}

fn outcome(state: &CspState) -> std::rc::Rc<Outcome> {
    if let Some(hit) = LAST.with(|last| last.borrow().as_ref().filter(|(s, _)| s == state).map(|(_, o)| o.clone())) {
        return hit;
    }
    let computed = std::rc::Rc::new(compute_outcome(state));
    LAST.with(|last| *last.borrow_mut() = Some((state.clone(), computed.clone())));
    computed
}

fn compute_outcome(state: &CspState) -> Outcome {
    let analysis = state.analyze();
    let results = &analysis.evaluation.results;
    let runs = |r: &&super::ResourceResult| r.verdict == Verdict::Allowed;
    let castle: Vec<_> = results.iter().filter(|r| is_castle_own(&r.resource)).collect();
    let injected: Vec<_> = results.iter().filter(|r| is_script(r.resource.kind) && !is_castle_own(&r.resource)).collect();
    let injected_runs = |kind: ResourceKind| injected.iter().filter(|r| r.resource.kind == kind).any(runs);
    // The strictness checks read the enforced policies' script directives.
    let script_sources: Vec<super::source::Source> = analysis
        .policies
        .iter()
        .filter(|p| p.policy.disposition == Disposition::Enforce)
        .filter_map(|p| p.policy.directive("script-src").or_else(|| p.policy.directive("default-src")))
        .flat_map(|d| d.sources.clone())
        .collect();
    use super::source::Source;
    Outcome {
        castle_runs: castle.len() == 2 && castle.iter().all(runs),
        injected_inline_runs: injected_runs(ResourceKind::InlineScript),
        injected_handler_runs: injected_runs(ResourceKind::EventHandler),
        injected_library_runs: injected_runs(ResourceKind::ExternalScript),
        any_injection_runs: injected.iter().any(runs),
        strict: script_sources.contains(&Source::StrictDynamic)
            && !analysis.findings.iter().any(|f| matches!(f.severity, Severity::High | Severity::Medium)),
        uses_nonce: script_sources.iter().any(|s| matches!(s, Source::Nonce(_))),
        uses_hash: script_sources.iter().any(|s| matches!(s, Source::Hash(..))),
    }
}

/// The quests of the CSP sandbox.
pub struct CspSandbox;

impl QuestSandbox for CspSandbox {
    type State = CspState;

    fn apply(state: &mut CspState, solution: &Solution) -> Result<(), String> {
        for (input, value) in solution {
            match input.as_str() {
                "policy" => state.policy = value.clone(),
                "page_url" => state.page_url = value.clone(),
                "page" => state.page = value.clone(),
                "report_only" => state.report_only = value == "true",
                "report_only_policy" => state.report_only_policy = value.clone(),
                other => return Err(format!("the CSP sandbox has no input `{other}`")),
            }
        }
        Ok(())
    }

    fn solved(quest: &str, state: &CspState) -> Option<bool> {
        let o = outcome(state);
        Some(match quest {
            // Attack: the policy lets the guestbook's injected <script> run.
            "inline-script-runs" => o.injected_inline_runs,
            // Fix: the castle's code runs, no injection does.
            "only-the-castles-scripts" => o.castle_runs && !o.any_injection_runs,
            // Attack: an allowlisted CDN serves the attacker an old AngularJS.
            "allowlisted-cdn-bypass" => o.injected_library_runs,
            // Fix: strict with a nonce.
            "strict-with-a-nonce" => o.castle_runs && !o.any_injection_runs && o.strict && o.uses_nonce,
            // Attack: handlers allowed again beside a strict policy.
            "handlers-come-back" => o.injected_handler_runs,
            // Fix: strict with a hash (no nonce at all).
            "strict-with-a-hash" => o.castle_runs && !o.any_injection_runs && o.strict && o.uses_hash && !o.uses_nonce,
            _ => return None,
        })
    }

    fn describe(solution: &Solution) -> Vec<String> {
        solution
            .iter()
            .map(|(input, value)| match input.as_str() {
                "policy" => format!("Policy: {value}"),
                "page_url" => format!("Page URL: {value}"),
                "report_only" => format!("Report-only: {value}"),
                _ => format!("{input}: {value}"),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quests::solved_quests;

    const QUESTS: [&str; 6] = ["inline-script-runs", "only-the-castles-scripts", "allowlisted-cdn-bypass", "strict-with-a-nonce", "handlers-come-back", "strict-with-a-hash"];

    fn with_policy(policy: &str) -> Vec<String> {
        solved_quests::<CspSandbox>(&QUESTS, &CspState { policy: policy.into(), ..CspState::default() })
    }

    #[test]
    fn the_castle_script_is_in_the_starter_page() {
        assert!(STARTER_PAGE.contains(&format!("<script nonce=\"{CASTLE_NONCE}\">{CASTLE_SCRIPT}</script>")));
        assert!(with_policy(STARTER_POLICY).is_empty());
    }

    #[test]
    fn report_only_blocks_nothing_so_it_solves_no_fix() {
        let state = CspState { policy: "script-src 'self' 'nonce-c4stl3k33p'".into(), report_only: true, ..CspState::default() };
        assert_eq!(solved_quests::<CspSandbox>(&QUESTS, &state), ["inline-script-runs", "allowlisted-cdn-bypass", "handlers-come-back"]);
        let beside = CspState { report_only_policy: "script-src 'none'".into(), ..CspState::default() };
        assert!(solved_quests::<CspSandbox>(&QUESTS, &beside).is_empty());
    }

    #[test]
    fn each_policy_solves_what_it_should() {
        let hash = crate::csp::hash::hashes(CASTLE_SCRIPT).sha256;
        let cases: Vec<(String, Vec<&str>)> = vec![
            ("script-src 'self' 'unsafe-inline'".into(), vec!["inline-script-runs", "handlers-come-back"]),
            ("script-src 'self' 'nonce-c4stl3k33p'".into(), vec!["only-the-castles-scripts"]),
            // Without 'self' or 'strict-dynamic' the script the castle inserts is blocked.
            ("script-src 'nonce-c4stl3k33p'".into(), vec![]),
            ("script-src 'self' 'nonce-c4stl3k33p' https://cdnjs.cloudflare.com".into(), vec!["allowlisted-cdn-bypass"]),
            ("script-src 'nonce-c4stl3k33p' 'strict-dynamic'; object-src 'none'; base-uri 'none'".into(), vec!["only-the-castles-scripts", "strict-with-a-nonce"]),
            // Strict, but without base-uri it is not.
            ("script-src 'nonce-c4stl3k33p' 'strict-dynamic'; object-src 'none'".into(), vec!["only-the-castles-scripts"]),
            ("script-src 'nonce-c4stl3k33p' 'strict-dynamic'; script-src-attr 'unsafe-inline'; object-src 'none'; base-uri 'none'".into(), vec!["handlers-come-back"]),
            (format!("script-src {hash} 'strict-dynamic'; object-src 'none'; base-uri 'none'"), vec!["only-the-castles-scripts", "strict-with-a-hash"]),
        ];
        for (policy, expected) in cases {
            assert_eq!(with_policy(&policy), expected, "{policy}");
        }
    }
}
