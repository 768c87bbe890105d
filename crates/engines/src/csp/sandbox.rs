//! The CSP sandbox's state (a policy and a page), the one outcome computed from it (the
//! engine's analysis and the facts the quests read), and the quests, all detected from the
//! engine's own verdicts on the castle page:
//! - `inline-script-runs` (attack): the policy lets the guestbook's injected `<script>` run;
//! - `only-the-castles-scripts` (fix): the castle's code runs, no injection does;
//! - `allowlisted-cdn-bypass` (attack): an allowlisted CDN serves the attacker an old AngularJS;
//! - `strict-with-a-nonce` (fix): the same, with a strict nonce-based policy;
//! - `handlers-come-back` (attack): event handlers allowed again beside a strict policy;
//! - `strict-with-a-hash` (fix): strict with a hash, and no nonce at all.
//!
//! The engine is pure (`Env = ()`): the view computes the outcome once per state, renders the
//! analysis and reports the quests from the same value.

use serde::{Deserialize, Serialize};

use super::findings::Severity;
use super::page::ResourceKind;
use super::source::Source;
use super::{analyze, Analysis, Delivery, Disposition, PolicyInput, Resource, ResourceResult, Verdict};
use crate::sandbox::{check_link_text, prefix, SandboxEngine, SandboxState, Solution};

/// The quest ids this sandbox knows.
pub const QUESTS: [&str; 6] = [
    "inline-script-runs",
    "only-the-castles-scripts",
    "allowlisted-cdn-bypass",
    "strict-with-a-nonce",
    "handlers-come-back",
    "strict-with-a-hash",
];

/// The engine reads this many bytes of the page: 100 KB takes about 16 ms natively
/// (BENCHMARKS.md), and a megabyte paste would freeze the tab on every key. A longer page is
/// analysed by its first part, and the outcome says so.
pub const PAGE_READ_BYTES: usize = 100_000;

/// The castle's own inline script: it loads the castle's code the way a strict policy likes
/// (a script inserted by a trusted script, so `'strict-dynamic'` passes trust on to it).
pub const CASTLE_SCRIPT: &str =
    "\n  const castle = document.createElement('script');\n  castle.src = '/js/castle.js';\n  document.head.append(castle);\n";

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
        CspState {
            policy: STARTER_POLICY.into(),
            report_only: false,
            report_only_policy: String::new(),
            page_url: STARTER_URL.into(),
            page: STARTER_PAGE.into(),
        }
    }
}

impl CspState {
    /// The engine's analysis of this state (the policies sent as headers) on the page's first
    /// [`PAGE_READ_BYTES`].
    fn analyze(&self) -> Analysis {
        let disposition = if self.report_only { Disposition::Report } else { Disposition::Enforce };
        let mut inputs = vec![PolicyInput { text: self.policy.clone(), disposition }];
        if !self.report_only_policy.trim().is_empty() {
            inputs.push(PolicyInput { text: self.report_only_policy.clone(), disposition: Disposition::Report });
        }
        analyze(&inputs, Delivery::Header, &self.page_url, prefix(&self.page, PAGE_READ_BYTES))
    }
}

fn is_script(kind: ResourceKind) -> bool {
    matches!(
        kind,
        ResourceKind::InlineScript
            | ResourceKind::ExternalScript
            | ResourceKind::EventHandler
            | ResourceKind::JavascriptUrl
            | ResourceKind::DynamicScript
    )
}

/// Whether a script of the page is the castle's own (its loader, or the code it loads).
fn is_castle_own(resource: &Resource) -> bool {
    match resource.kind {
        ResourceKind::InlineScript => resource.text.as_deref() == Some(CASTLE_SCRIPT),
        ResourceKind::DynamicScript => resource.url.as_deref() == Some("/js/castle.js"),
        _ => false,
    }
}

/// What the quests look at: does the castle's code run, does any injection run, and how strict
/// is the enforced policy. Read off the analysis once, when the outcome is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct QuestFacts {
    /// The castle's loader and the script it inserts both run.
    pub castle_runs: bool,
    pub injected_inline_runs: bool,
    pub injected_handler_runs: bool,
    pub injected_library_runs: bool,
    pub any_injection_runs: bool,
    /// The enforced script policy has `'strict-dynamic'` and no high or medium finding.
    pub strict: bool,
    pub uses_nonce: bool,
    pub uses_hash: bool,
}

impl QuestFacts {
    fn read(analysis: &Analysis) -> QuestFacts {
        let results = &analysis.evaluation.results;
        let runs = |r: &&ResourceResult| r.verdict == Verdict::Allowed;
        let castle: Vec<_> = results.iter().filter(|r| is_castle_own(&r.resource)).collect();
        let injected: Vec<_> =
            results.iter().filter(|r| is_script(r.resource.kind) && !is_castle_own(&r.resource)).collect();
        let injected_runs = |kind: ResourceKind| injected.iter().filter(|r| r.resource.kind == kind).any(runs);
        // The strictness checks read the enforced policies' script directives.
        let script_sources: Vec<&Source> = analysis
            .policies
            .iter()
            .filter(|p| p.policy.disposition == Disposition::Enforce)
            .filter_map(|p| p.policy.directive("script-src").or_else(|| p.policy.directive("default-src")))
            .flat_map(|d| d.sources.iter())
            .collect();
        QuestFacts {
            castle_runs: castle.len() == 2 && castle.iter().all(runs),
            injected_inline_runs: injected_runs(ResourceKind::InlineScript),
            injected_handler_runs: injected_runs(ResourceKind::EventHandler),
            injected_library_runs: injected_runs(ResourceKind::ExternalScript),
            any_injection_runs: injected.iter().any(runs),
            strict: script_sources.contains(&&Source::StrictDynamic)
                && !analysis.findings.iter().any(|f| matches!(f.severity, Severity::High | Severity::Medium)),
            uses_nonce: script_sources.iter().any(|s| matches!(s, Source::Nonce(_))),
            uses_hash: script_sources.iter().any(|s| matches!(s, Source::Hash(..))),
        }
    }
}

/// Everything the CSP sandbox shows for one state, and what its quests read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CspOutcome {
    /// The engine's analysis of the policies on the page's first [`PAGE_READ_BYTES`].
    pub analysis: Analysis,
    /// The whole page's length in bytes: more than [`PAGE_READ_BYTES`] when it was cut.
    pub page_bytes: usize,
    /// What the quests read, taken from `analysis`.
    pub facts: QuestFacts,
}

impl CspOutcome {
    /// Whether the page was longer than the engine reads.
    pub fn page_was_cut(&self) -> bool {
        self.page_bytes > PAGE_READ_BYTES
    }
}

/// The CSP sandbox's engine.
pub struct CspSandbox;

impl SandboxEngine for CspSandbox {
    type State = CspState;
    type Env = ();
    type Outcome = CspOutcome;

    fn test_env() {}

    fn outcome(state: &CspState, _env: &mut ()) -> CspOutcome {
        let analysis = state.analyze();
        let facts = QuestFacts::read(&analysis);
        CspOutcome { analysis, page_bytes: state.page.len(), facts }
    }

    fn solved(quest: &str, outcome: &CspOutcome) -> Option<bool> {
        let o = &outcome.facts;
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

/// Every text field is bounded; the page URL is free text because a bad one is part of the
/// lesson (the sandbox says `'self'` then matches nothing).
impl SandboxState for CspState {
    fn apply(&mut self, solution: &Solution) -> Result<(), String> {
        for (input, value) in solution {
            match input.as_str() {
                "policy" => self.policy = value.clone(),
                "page_url" => self.page_url = value.clone(),
                "page" => self.page = value.clone(),
                "report_only" => {
                    self.report_only = match value.as_str() {
                        "true" => true,
                        "false" => false,
                        other => return Err(format!("report_only is `true` or `false`, not `{other}`")),
                    }
                }
                "report_only_policy" => self.report_only_policy = value.clone(),
                other => return Err(format!("the CSP sandbox has no input `{other}`")),
            }
        }
        Ok(())
    }

    fn check(&self) -> Result<(), String> {
        let state = self;
        check_link_text("policy", &state.policy)?;
        check_link_text("report-only policy", &state.report_only_policy)?;
        check_link_text("page URL", &state.page_url)?;
        check_link_text("page", &state.page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::{solved_quests, LINK_TEXT_LIMIT};
    use proptest::prelude::*;

    fn solved(state: &CspState) -> Vec<String> {
        solved_quests::<CspSandbox>(&QUESTS, &CspSandbox::outcome(state, &mut ()))
    }

    fn with_policy(policy: &str) -> Vec<String> {
        solved(&CspState { policy: policy.into(), ..CspState::default() })
    }

    #[test]
    fn the_castle_script_is_in_the_starter_page() {
        assert!(STARTER_PAGE.contains(&format!("<script nonce=\"{CASTLE_NONCE}\">{CASTLE_SCRIPT}</script>")));
        assert!(with_policy(STARTER_POLICY).is_empty());
    }

    #[test]
    fn report_only_blocks_nothing_so_it_solves_no_fix() {
        let state = CspState {
            policy: "script-src 'self' 'nonce-c4stl3k33p'".into(),
            report_only: true,
            ..CspState::default()
        };
        assert_eq!(solved(&state), ["inline-script-runs", "allowlisted-cdn-bypass", "handlers-come-back"]);
        let beside = CspState { report_only_policy: "script-src 'none'".into(), ..CspState::default() };
        assert!(solved(&beside).is_empty());
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
            (
                "script-src 'nonce-c4stl3k33p' 'strict-dynamic'; object-src 'none'; base-uri 'none'".into(),
                vec!["only-the-castles-scripts", "strict-with-a-nonce"],
            ),
            // Strict, but without base-uri it is not.
            ("script-src 'nonce-c4stl3k33p' 'strict-dynamic'; object-src 'none'".into(), vec!["only-the-castles-scripts"]),
            (
                "script-src 'nonce-c4stl3k33p' 'strict-dynamic'; script-src-attr 'unsafe-inline'; object-src 'none'; base-uri 'none'"
                    .into(),
                vec!["handlers-come-back"],
            ),
            (
                format!("script-src {hash} 'strict-dynamic'; object-src 'none'; base-uri 'none'"),
                vec!["only-the-castles-scripts", "strict-with-a-hash"],
            ),
        ];
        for (policy, expected) in cases {
            assert_eq!(with_policy(&policy), expected, "{policy}");
        }
    }

    /// The view renders `analysis` and reports the quests read from `facts`: both come from
    /// one analysis of the page's first part, so an injection the engine did not read (and the
    /// table does not show) solves no quest, and the outcome says the page was cut.
    #[test]
    fn the_quests_read_the_analysis_the_view_shows() {
        let open = "script-src 'self' 'unsafe-inline'";
        let padding = "<p>ok</p>\n".repeat(PAGE_READ_BYTES / 10);
        let late = CspState {
            policy: open.into(),
            page: format!("{padding}<script>alert('dragon')</script>"),
            ..CspState::default()
        };
        let outcome = CspSandbox::outcome(&late, &mut ());
        assert!(outcome.page_was_cut());
        assert!(!outcome.analysis.evaluation.results.iter().any(|r| r.resource.kind == ResourceKind::InlineScript));
        assert_eq!(CspSandbox::solved("inline-script-runs", &outcome), Some(false));
        let early = CspState { page: format!("<script>alert('dragon')</script>{padding}"), ..late };
        let outcome = CspSandbox::outcome(&early, &mut ());
        assert!(outcome.page_was_cut());
        assert_eq!(outcome.facts, QuestFacts::read(&outcome.analysis));
        assert_eq!(CspSandbox::solved("inline-script-runs", &outcome), Some(true));
    }

    #[test]
    fn report_only_must_be_true_or_false() {
        let mut state = CspState::default();
        let solution = [("report_only".to_string(), "yes".to_string())].into();
        assert!(CspSandbox::apply(&mut state, &solution).unwrap_err().contains("`yes`"));
        assert_eq!(CspSandbox::solved("fly", &CspSandbox::outcome(&state, &mut ())), None);
    }

    #[test]
    fn a_link_with_a_huge_page_is_refused_in_words() {
        assert!(CspSandbox::check(&CspState::default()).is_ok());
        let huge = CspState { page: "a".repeat(LINK_TEXT_LIMIT + 1), ..CspState::default() };
        assert!(CspSandbox::check(&huge).unwrap_err().starts_with("The page in this link"));
        let state: CspState = serde_json::from_str(&serde_json::to_string(&CspState::default()).unwrap()).unwrap();
        assert_eq!(state, CspState::default());
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn never_panics(policy in "\\PC{0,80}", page in "\\PC{0,200}", url in "\\PC{0,30}", report_only: bool) {
            let state = CspState { policy, page, page_url: url, report_only, ..CspState::default() };
            let outcome = CspSandbox::outcome(&state, &mut ());
            for quest in QUESTS { prop_assert!(CspSandbox::solved(quest, &outcome).is_some()); }
        }
    }
}
