//! The audits sandbox's model: the source the learner edits, and the latest answer of the
//! inspector worker (the parser is too heavy for the view's bundle, so the one outcome per
//! state is computed there and arrives here as an action).

use std::rc::Rc;

use dragonproof_engines::inspector::state::SAMPLES;
use dragonproof_engines::inspector::{InspectorReply, InspectorState};
use yew::Reducible;

/// Where the worker is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// The parser is being downloaded, or the first answer is on its way.
    Loading,
    /// It answered (perhaps an older state: see [`InspectorModel::is_current`]).
    Answering,
    /// It stopped answering and was started again once, for the current source.
    Restarted,
    /// It could not start, or stopped answering again after a restart.
    Failed(String),
}

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
    /// No answer for the current source within the time the view waits.
    TimedOut,
    /// The worker died on the current source (a stack overflow traps its wasm); the page has
    /// already dropped it, so the next request starts a fresh one.
    Crashed,
}

/// The sandbox: the state (as a link carries it) and the latest answer.
#[derive(Debug, Clone, PartialEq)]
pub struct InspectorModel {
    pub state: InspectorState,
    /// The latest answer: its `state` says which source it is for.
    pub reply: Option<Rc<InspectorReply>>,
    pub engine: Engine,
    /// Bumped when the view must restart the worker and send the source again.
    pub restarts: u32,
}

impl InspectorModel {
    /// The model for `state`, before any answer.
    pub fn new(state: InspectorState) -> InspectorModel {
        InspectorModel { state, reply: None, engine: Engine::Loading, restarts: 0 }
    }

    /// Whether the shown answer is for the source in the editor.
    pub fn is_current(&self) -> bool {
        self.reply.as_ref().is_some_and(|reply| reply.state == self.state)
    }

    /// The quests solved by the source in the editor (none until its answer arrives).
    pub fn solved(&self) -> Vec<String> {
        match &self.reply {
            Some(reply) if reply.state == self.state => reply.solved.clone(),
            _ => Vec::new(),
        }
    }

    fn with_source(&self, source: String) -> InspectorModel {
        let engine = match &self.engine {
            // A new source gets a new chance after a restart or a stall.
            Engine::Restarted | Engine::Failed(_) if self.reply.is_some() => Engine::Answering,
            other => other.clone(),
        };
        InspectorModel { state: InspectorState { source }, reply: self.reply.clone(), engine, restarts: self.restarts }
    }
}

impl Reducible for InspectorModel {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(source) if source != self.state.source => Rc::new(self.with_source(source)),
            Action::LoadSample(name) => match SAMPLES.iter().find(|(sample, _)| *sample == name) {
                Some((_, text)) if *text != self.state.source => Rc::new(self.with_source((*text).to_string())),
                _ => self,
            },
            Action::Reset if self.state != InspectorState::default() => {
                Rc::new(self.with_source(InspectorState::default().source))
            }
            Action::Answered(reply) => {
                let engine = match &self.engine {
                    Engine::Restarted if reply.state == self.state => Engine::Restarted,
                    _ => Engine::Answering,
                };
                Rc::new(InspectorModel { reply: Some(Rc::new(reply)), engine, ..(*self).clone() })
            }
            Action::Failed(reason) => Rc::new(InspectorModel { engine: Engine::Failed(reason), ..(*self).clone() }),
            // One restart per source: a second stall on the same source is reported, not looped.
            Action::TimedOut | Action::Crashed if self.is_current() => self,
            Action::TimedOut | Action::Crashed => match self.engine {
                Engine::Restarted | Engine::Failed(_) => Rc::new(InspectorModel {
                    engine: Engine::Failed(if action == Action::Crashed {
                        "its worker crashed on this code, even after a restart (most likely the parser ran out of stack: \
                         the code nests too deeply)"
                            .into()
                    } else {
                        "the inspector stopped answering on this code, even after a restart".into()
                    }),
                    ..(*self).clone()
                }),
                _ => Rc::new(InspectorModel {
                    engine: Engine::Restarted,
                    restarts: self.restarts + 1,
                    ..(*self).clone()
                }),
            },
            _ => self,
        }
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
        let model = start().reduce(Action::Crashed);
        assert_eq!((model.engine.clone(), model.restarts), (Engine::Restarted, 1));
        let model = model.reduce(Action::Crashed);
        assert!(matches!(&model.engine, Engine::Failed(reason) if reason.contains("crashed")), "{:?}", model.engine);
        assert_eq!(model.restarts, 1, "no restart loop");
    }

    #[test]
    fn a_stall_restarts_once_then_is_reported_and_a_new_source_retries() {
        let model = start().reduce(Action::TimedOut);
        assert_eq!((model.engine.clone(), model.restarts), (Engine::Restarted, 1));
        let model = model.reduce(Action::TimedOut);
        assert!(matches!(model.engine, Engine::Failed(_)));
        assert_eq!(model.restarts, 1, "no restart loop");
        let answered = model.state.clone();
        let model = model.reduce(Action::Answered(reply_for(&answered, &[])));
        let model = model.reduce(Action::Edit("y = 2\n".into()));
        assert_eq!(model.engine, Engine::Answering);
        // An answered source never times out.
        let now = model.state.clone();
        let model = model.reduce(Action::Answered(reply_for(&now, &[])));
        let same = model.clone().reduce(Action::TimedOut);
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
