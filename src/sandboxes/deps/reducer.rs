//! The dependencies sandbox's model: the engine state the learner edits and its one outcome,
//! recomputed once per change (the engine is light enough for the view's own bundle: a
//! keystroke on a 64 KB paste is measured in BENCHMARKS.md).

use std::cell::RefCell;
use std::rc::Rc;

use dragonproof_engines::deps::advisories::AdvisoryDatabase;
use dragonproof_engines::deps::audit::Audit;
use dragonproof_engines::deps::installs::PackageRequirements;
use dragonproof_engines::deps::sandbox::{DepsEnv, DepsSandbox, DepsState, ENVIRONMENTS};
use dragonproof_engines::sandbox::{solved_quests, SandboxEngine};
use yew::Reducible;

/// What the learner is looking at below the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Each line's meaning, the findings, the upgrades.
    Audit,
    /// The same findings as pip-audit prints them (its table and its `-f json`).
    PipAudit,
}

/// Everything the learner can do in the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The requirements text changed (a keystroke, a paste).
    Edit(String),
    /// Another Python and platform for the markers; an unknown name is ignored.
    PickEnvironment(String),
    /// Show another tab.
    Show(Tab),
    /// Back to the starting file.
    Reset,
}

/// The sandbox: the state (as a link carries it), its outcome and the open tab.
pub struct DepsModel {
    pub state: DepsState,
    /// [`DepsSandbox::outcome`] of `state`, computed when the state changed.
    pub outcome: Rc<Audit>,
    pub tab: Tab,
    /// The curated advisories and package metadata, parsed once for the life of the view.
    env: Rc<RefCell<DepsEnv>>,
}

impl DepsModel {
    /// The model for `state`, with the engine's data parsed once.
    pub fn new(state: DepsState) -> DepsModel {
        let env = DepsEnv { advisories: AdvisoryDatabase::curated(), metadata: PackageRequirements::curated() };
        let env = Rc::new(RefCell::new(env));
        let outcome = Rc::new(DepsSandbox::outcome(&state, &mut env.borrow_mut()));
        DepsModel { state, outcome, tab: Tab::Audit, env }
    }

    /// The quests of `ids` solved in this outcome.
    pub fn solved(&self, ids: &[&str]) -> Vec<String> {
        solved_quests::<DepsSandbox>(ids, &self.outcome)
    }

    fn with_state(&self, state: DepsState) -> DepsModel {
        let outcome = Rc::new(DepsSandbox::outcome(&state, &mut self.env.borrow_mut()));
        DepsModel { state, outcome, tab: self.tab, env: self.env.clone() }
    }
}

impl Reducible for DepsModel {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(requirements) if requirements != self.state.requirements => {
                Rc::new(self.with_state(DepsState { requirements, ..self.state.clone() }))
            }
            Action::PickEnvironment(environment)
                if environment != self.state.environment && ENVIRONMENTS.contains(&environment.as_str()) =>
            {
                Rc::new(self.with_state(DepsState { environment, ..self.state.clone() }))
            }
            Action::Show(tab) if tab != self.tab => Rc::new(DepsModel {
                state: self.state.clone(),
                outcome: self.outcome.clone(),
                tab,
                env: self.env.clone(),
            }),
            Action::Reset if self.state != DepsState::default() => Rc::new(self.with_state(DepsState::default())),
            // Nothing changed: the same model, so Yew renders nothing again.
            _ => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dragonproof_engines::deps::audit::{LineKind, Pin};

    const QUESTS: &[&str] = &["pin-a-hole", "pinned-and-patched"];

    fn start() -> Rc<DepsModel> {
        Rc::new(DepsModel::new(DepsState::default()))
    }

    #[test]
    fn the_starting_file_is_three_unpinned_lines_and_no_quest() {
        let model = start();
        assert_eq!(model.outcome.lines.len(), 3);
        assert!(model
            .outcome
            .lines
            .iter()
            .all(|line| matches!(&line.kind, LineKind::Requirement { pin: Pin::Unpinned, .. })));
        assert_eq!(model.outcome.warnings.len(), 3);
        assert!(model.solved(QUESTS).is_empty());
    }

    #[test]
    fn typing_a_vulnerable_pin_recomputes_the_outcome_and_solves_the_attack() {
        let model = start().reduce(Action::Edit("flask\ndjango==5.2.10\nrequests\n".into()));
        assert!(model.outcome.findings.iter().any(|finding| finding.name == "django" && finding.advisory.is_high()));
        assert_eq!(model.solved(QUESTS), vec!["pin-a-hole"]);
        let model = model.reduce(Action::Reset);
        assert_eq!(model.state, DepsState::default());
        assert!(model.solved(QUESTS).is_empty());
    }

    #[test]
    fn an_unchanged_state_keeps_the_same_model_and_a_tab_keeps_the_outcome() {
        let model = start();
        let same = model.clone().reduce(Action::Edit(DepsState::default().requirements));
        assert!(Rc::ptr_eq(&model, &same));
        let unknown = model.clone().reduce(Action::PickEnvironment("amiga".into()));
        assert!(Rc::ptr_eq(&model, &unknown));
        let tab = model.clone().reduce(Action::Show(Tab::PipAudit));
        assert_eq!(tab.tab, Tab::PipAudit);
        assert!(Rc::ptr_eq(&model.outcome, &tab.outcome));
    }

    #[test]
    fn the_environment_decides_whether_a_marker_applies() {
        let text = "pywin32==306 ; sys_platform == 'win32'\n".to_string();
        let applies = |model: &DepsModel| match &model.outcome.lines[0].kind {
            LineKind::Requirement { applies, .. } => *applies,
            other => panic!("{other:?}"),
        };
        let model = start().reduce(Action::Edit(text));
        assert_eq!(applies(&model), Some(false));
        let model = model.reduce(Action::PickEnvironment("windows-cpython-3.9".into()));
        assert_eq!(applies(&model), Some(true));
    }

    #[test]
    fn a_malformed_line_is_an_error_with_its_column() {
        let model = start().reduce(Action::Edit("flask==\n".into()));
        match &model.outcome.lines[0].kind {
            LineKind::Error { message, column } => {
                assert!(!message.is_empty());
                assert!(column.is_some());
            }
            other => panic!("{other:?}"),
        }
    }
}
