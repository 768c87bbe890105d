//! The audits sandbox's model: the source the learner edits, and the latest answer of the
//! inspector worker (the parser is too heavy for the view's bundle, so the one outcome per
//! state is computed there and arrives here as an action). The worker's side of it is
//! [`WorkerModel`], shared with the deps sandbox.

use std::rc::Rc;

use dragonproof_engines::inspector::state::SAMPLES;
use dragonproof_engines::inspector::{InspectorOutcome, InspectorReply, InspectorState};
use yew::Reducible;

use crate::sandboxes::worker_model::WorkerModel;
pub use crate::sandboxes::worker_model::{Engine, Stall};

/// Everything that can happen in the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The source changed (a keystroke, a paste).
    Edit(String),
    /// Load one of the engine's samples by name; an unknown name is ignored.
    LoadSample(String),
    /// Back to the castle app.
    Reset,
    /// The worker's answer to some request.
    Answered(InspectorReply),
    /// The worker could not start or run, in words.
    Failed(String),
    /// No answer for the current source in time, or its worker died on it.
    Stalled(Stall),
}

/// The sandbox: the state (as a link carries it) and the latest answer.
pub type InspectorModel = WorkerModel<InspectorState, InspectorOutcome>;

const CRASHED: &str = "its worker crashed on this code, even after a restart (most likely the parser ran out of \
                       stack: the code nests too deeply)";
const STOPPED: &str = "the inspector stopped answering on this code, even after a restart";

impl Reducible for InspectorModel {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let source = |source: String| InspectorState { source };
        let next = match action {
            Action::Edit(text) => self.with_state(source(text)),
            Action::LoadSample(name) => match SAMPLES.iter().find(|(sample, _)| *sample == name) {
                Some((_, text)) => self.with_state(source((*text).to_string())),
                None => None,
            },
            Action::Reset => self.with_state(InspectorState::default()),
            Action::Answered(reply) => Some(self.answered(reply)),
            Action::Failed(reason) => Some(self.failed(reason)),
            Action::Stalled(stall) => self.stalled(stall, CRASHED, STOPPED),
        };
        next.map_or(self, Rc::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dragonproof_engines::inspector::{Inspection, InspectorOutcome};

    fn reply_for(state: &InspectorState, solved: &[&str]) -> InspectorReply {
        InspectorReply {
            state: state.clone(),
            outcome: InspectorOutcome {
                inspection: Inspection {
                    findings: Vec::new(),
                    syntax_errors: Vec::new(),
                    routes: Vec::new(),
                    notes: Vec::new(),
                },
                starting_routes: Vec::new(),
            },
            solved: solved.iter().map(|id| id.to_string()).collect(),
        }
    }

    fn start() -> Rc<InspectorModel> {
        Rc::new(InspectorModel::new(InspectorState::default()))
    }

    #[test]
    fn quests_come_only_from_the_answer_for_the_source_in_the_editor() {
        let model = start();
        assert!(model.solved().is_empty());
        let old = model.state.clone();
        let model = model.reduce(Action::Edit("x = 1\n".into()));
        // The answer for the castle app arrives after the learner typed: it is not current.
        let model = model.reduce(Action::Answered(reply_for(&old, &["sql-from-input"])));
        assert!(!model.is_current());
        assert!(model.solved().is_empty());
        let now = model.state.clone();
        let model = model.reduce(Action::Answered(reply_for(&now, &["clean-castle"])));
        assert!(model.is_current());
        assert_eq!(model.solved(), vec!["clean-castle"]);
        assert_eq!(model.engine, Engine::Answering);
    }

    #[test]
    fn a_crash_restarts_as_a_stall_does_once_then_is_reported() {
        let model = start().reduce(Action::Stalled(Stall::Crashed));
        assert_eq!((model.engine.clone(), model.restarts), (Engine::Restarted, 1));
        let model = model.reduce(Action::Stalled(Stall::Crashed));
        assert!(matches!(&model.engine, Engine::Failed(reason) if reason.contains("crashed")), "{:?}", model.engine);
        assert_eq!(model.restarts, 1, "no restart loop");
    }

    #[test]
    fn a_stall_restarts_once_then_is_reported_and_a_new_source_retries() {
        let model = start().reduce(Action::Stalled(Stall::TimedOut));
        assert_eq!((model.engine.clone(), model.restarts), (Engine::Restarted, 1));
        let model = model.reduce(Action::Stalled(Stall::TimedOut));
        assert!(matches!(model.engine, Engine::Failed(_)));
        assert_eq!(model.restarts, 1, "no restart loop");
        let answered = model.state.clone();
        let model = model.reduce(Action::Answered(reply_for(&answered, &[])));
        let model = model.reduce(Action::Edit("y = 2\n".into()));
        assert_eq!(model.engine, Engine::Answering);
        // An answered source never times out.
        let now = model.state.clone();
        let model = model.reduce(Action::Answered(reply_for(&now, &[])));
        let same = model.clone().reduce(Action::Stalled(Stall::TimedOut));
        assert!(Rc::ptr_eq(&model, &same));
    }

    #[test]
    fn samples_load_by_name_and_reset_goes_back_to_the_castle() {
        let model = start().reduce(Action::LoadSample("django-settings".into()));
        assert!(model.state.source.contains("ALLOWED_HOSTS"));
        let unknown = model.clone().reduce(Action::LoadSample("no-such-sample".into()));
        assert!(Rc::ptr_eq(&model, &unknown));
        let model = model.reduce(Action::Reset);
        assert_eq!(model.state, InspectorState::default());
    }
}
