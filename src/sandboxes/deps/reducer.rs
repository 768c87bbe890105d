//! The dependencies sandbox's model: the file the learner edits, the tab they look at, and the
//! deps worker's latest answer ([`WorkerModel`]: the engine, its advisories and PEP 508 parsers
//! run in `deps_worker`, so the one outcome per state arrives here as an action).

use std::rc::Rc;

use dragonproof_engines::deps::audit::Audit;
use dragonproof_engines::deps::sandbox::{DepsReply, DepsRequest, DepsState, ENVIRONMENTS};
use yew::Reducible;

use crate::sandboxes::worker_model::WorkerModel;
pub use crate::sandboxes::worker_model::{Engine, Stall};

/// What the learner is looking at below the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Each line's meaning, the findings, the upgrades.
    Audit,
    /// The same findings as pip-audit prints them (its table and its `-f json`).
    PipAudit,
}

/// Everything that can happen in the sandbox.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The requirements text changed (a keystroke, a paste).
    Edit(String),
    /// Another Python and platform for the markers; an unknown name is ignored.
    PickEnvironment(String),
    /// Show another tab.
    Show(Tab),
    /// Back to the starting file.
    Reset,
    /// The worker's answer to some request.
    Answered(Box<DepsReply>),
    /// The worker could not start or run, in words.
    Failed(String),
    /// No answer for the current file in time, or its worker died on it.
    Stalled(Stall),
}

const CRASHED: &str = "its worker crashed on this file, even after a restart";
const STOPPED: &str = "the dependency checker stopped answering on this file, even after a restart";

/// The sandbox: the state (as a link carries it), the worker's answer and the open tab.
#[derive(Debug, Clone, PartialEq)]
pub struct DepsModel {
    pub run: WorkerModel<DepsState, Audit>,
    pub tab: Tab,
}

impl DepsModel {
    /// The model for `state`, before any answer.
    pub fn new(state: DepsState) -> DepsModel {
        DepsModel { run: WorkerModel::new(state), tab: Tab::Audit }
    }

    pub fn state(&self) -> &DepsState {
        &self.run.state
    }

    /// What the view sends the worker for the current state.
    pub fn request(&self, quests: Vec<String>) -> DepsRequest {
        DepsRequest { state: self.run.state.clone(), quests }
    }
}

impl Reducible for DepsModel {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let state = self.state();
        let run = match action {
            Action::Edit(requirements) => self.run.with_state(DepsState { requirements, ..state.clone() }),
            Action::PickEnvironment(environment) if ENVIRONMENTS.contains(&environment.as_str()) => {
                self.run.with_state(DepsState { environment, ..state.clone() })
            }
            Action::PickEnvironment(_) => None,
            Action::Reset => self.run.with_state(DepsState::default()),
            Action::Show(tab) if tab != self.tab => return Rc::new(DepsModel { tab, ..(*self).clone() }),
            Action::Show(_) => None,
            Action::Answered(reply) => Some(self.run.answered(*reply)),
            Action::Failed(reason) => Some(self.run.failed(reason)),
            Action::Stalled(stall) => self.run.stalled(stall, CRASHED, STOPPED),
        };
        // Nothing changed: the same model, so Yew renders nothing again.
        run.map_or(self.clone(), |run| Rc::new(DepsModel { run, tab: self.tab }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dragonproof_engines::deps::audit::{LineKind, Pin};
    use dragonproof_engines::deps::sandbox::{answer, DepsEnv};

    const QUESTS: &[&str] = &["pin-a-hole", "pinned-and-patched"];

    /// The model once the worker (here the same engine, called natively) answered its state.
    fn answered(model: Rc<DepsModel>) -> Rc<DepsModel> {
        let request = model.request(QUESTS.iter().map(|id| id.to_string()).collect());
        let reply = answer(&request, &mut DepsEnv::curated());
        model.reduce(Action::Answered(Box::new(reply)))
    }

    fn outcome(model: &DepsModel) -> &Audit {
        assert!(model.run.is_current());
        &model.run.reply.as_ref().expect("answered").outcome
    }

    fn start() -> Rc<DepsModel> {
        answered(Rc::new(DepsModel::new(DepsState::default())))
    }

    #[test]
    fn the_starting_file_is_three_unpinned_lines_and_no_quest() {
        let model = start();
        let audit = outcome(&model);
        assert_eq!(audit.lines.len(), 3);
        assert!(audit.lines.iter().all(|line| matches!(&line.kind, LineKind::Requirement { pin: Pin::Unpinned, .. })));
        assert_eq!(audit.warnings.len(), 3);
        assert!(model.run.solved().is_empty());
    }

    #[test]
    fn typing_a_vulnerable_pin_solves_the_attack_once_its_answer_arrives() {
        let typed = start().reduce(Action::Edit("flask\ndjango==5.2.10\nrequests\n".into()));
        assert!(!typed.run.is_current(), "the old answer is shown as stale");
        assert!(typed.run.solved().is_empty());
        let model = answered(typed);
        assert!(outcome(&model).findings.iter().any(|finding| finding.name == "django" && finding.advisory.is_high()));
        assert_eq!(model.run.solved(), vec!["pin-a-hole"]);
        let model = answered(model.reduce(Action::Reset));
        assert_eq!(*model.state(), DepsState::default());
        assert!(model.run.solved().is_empty());
    }

    #[test]
    fn an_unchanged_state_keeps_the_same_model_and_a_tab_keeps_the_answer() {
        let model = start();
        let same = model.clone().reduce(Action::Edit(DepsState::default().requirements));
        assert!(Rc::ptr_eq(&model, &same));
        let unknown = model.clone().reduce(Action::PickEnvironment("amiga".into()));
        assert!(Rc::ptr_eq(&model, &unknown));
        let tab = model.clone().reduce(Action::Show(Tab::PipAudit));
        assert_eq!(tab.tab, Tab::PipAudit);
        assert!(Rc::ptr_eq(model.run.reply.as_ref().unwrap(), tab.run.reply.as_ref().unwrap()));
        let typed = tab.reduce(Action::Edit("flask==3.1.2\n".into()));
        assert_eq!(typed.tab, Tab::PipAudit, "typing keeps the tab");
    }

    #[test]
    fn the_environment_decides_whether_a_marker_applies() {
        let text = "pywin32==306 ; sys_platform == 'win32'\n".to_string();
        let applies = |model: &DepsModel| match &outcome(model).lines[0].kind {
            LineKind::Requirement { applies, .. } => *applies,
            other => panic!("{other:?}"),
        };
        let model = answered(start().reduce(Action::Edit(text)));
        assert_eq!(applies(&model), Some(false));
        let model = answered(model.reduce(Action::PickEnvironment("windows-cpython-3.9".into())));
        assert_eq!(applies(&model), Some(true));
    }

    #[test]
    fn a_malformed_line_is_an_error_with_its_column() {
        let model = answered(start().reduce(Action::Edit("flask==\n".into())));
        match &outcome(&model).lines[0].kind {
            LineKind::Error { message, column } => {
                assert!(!message.is_empty());
                assert!(column.is_some());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_worker_that_dies_is_restarted_once_then_reported() {
        let model = start().reduce(Action::Edit("flask==3.1.2\n".into()));
        let model = model.reduce(Action::Stalled(Stall::Crashed));
        assert_eq!(model.run.engine, Engine::Restarted);
        let model = model.reduce(Action::Stalled(Stall::Crashed));
        assert_eq!(model.run.engine, Engine::Failed(CRASHED.into()));
    }
}
