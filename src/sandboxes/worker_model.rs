//! A sandbox whose engine runs in a worker: the state the learner edits, the worker's latest
//! answer and where the worker is. The one outcome per state is computed in the worker (with
//! its quests, [`WorkerReply`]) and arrives here as an answer; a stalled or crashed worker is
//! restarted once per state, then reported. The inspector and the deps sandbox share it.

use std::rc::Rc;

use dragonproof_engines::sandbox::WorkerReply;
use gloo_timers::callback::Timeout;
use serde::de::DeserializeOwned;
use serde::Serialize;
use yew::{hook, html, use_effect_with, use_mut_ref, Callback, Html};

use crate::workers::killable::{KillableWorker, Request};

/// Where the worker is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// The engine is being downloaded, or the first answer is on its way.
    Loading,
    /// It answered (perhaps an older state: see [`WorkerModel::is_current`]).
    Answering,
    /// It stopped answering and was started again once, for the current state.
    Restarted,
    /// It could not start, or stopped answering again after a restart.
    Failed(String),
}

/// How a worker let the page down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stall {
    /// No answer for the current state within the time the view waits.
    TimedOut,
    /// The worker died on the current state (a trap in its wasm); the page has already
    /// dropped it, so the next request starts a fresh one.
    Crashed,
}

/// The state and the latest answer.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerModel<S, O> {
    pub state: S,
    /// The latest answer: its `state` says which state it is for.
    pub reply: Option<Rc<WorkerReply<S, O>>>,
    pub engine: Engine,
    /// Bumped when the view must restart the worker and send the state again.
    pub restarts: u32,
}

impl<S: Clone + PartialEq, O> WorkerModel<S, O> {
    /// The model for `state`, before any answer.
    pub fn new(state: S) -> Self {
        WorkerModel { state, reply: None, engine: Engine::Loading, restarts: 0 }
    }

    /// Whether the shown answer is for the state the learner sees.
    pub fn is_current(&self) -> bool {
        self.reply.as_ref().is_some_and(|reply| reply.state == self.state)
    }

    /// The quests solved in the current state (none until its answer arrives).
    pub fn solved(&self) -> Vec<String> {
        match &self.reply {
            Some(reply) if reply.state == self.state => reply.solved.clone(),
            _ => Vec::new(),
        }
    }

    /// The model after the learner changed the state (`None`: nothing changed).
    pub fn with_state(&self, state: S) -> Option<Self> {
        if state == self.state {
            return None;
        }
        let engine = match &self.engine {
            // A new state gets a new chance after a restart or a stall.
            Engine::Restarted | Engine::Failed(_) if self.reply.is_some() => Engine::Answering,
            other => other.clone(),
        };
        Some(WorkerModel { state, reply: self.reply.clone(), engine, restarts: self.restarts })
    }

    /// The model once the worker answered (for this state or an older one).
    pub fn answered(&self, reply: WorkerReply<S, O>) -> Self {
        let engine = match &self.engine {
            Engine::Restarted if reply.state == self.state => Engine::Restarted,
            _ => Engine::Answering,
        };
        WorkerModel { state: self.state.clone(), reply: Some(Rc::new(reply)), engine, restarts: self.restarts }
    }

    /// The model once the worker said it cannot work, in words.
    pub fn failed(&self, reason: String) -> Self {
        WorkerModel { engine: Engine::Failed(reason), ..self.shallow_clone() }
    }

    /// The model after a stall: a restart the first time for this state, then the reason in
    /// words (`crashed` or `stalled`); `None` when the current state was answered after all.
    pub fn stalled(&self, stall: Stall, crashed: &str, stopped: &str) -> Option<Self> {
        if self.is_current() {
            return None;
        }
        Some(match self.engine {
            // One restart per state: a second stall on the same state is reported, not looped.
            Engine::Restarted | Engine::Failed(_) => WorkerModel {
                engine: Engine::Failed(if stall == Stall::Crashed { crashed } else { stopped }.to_string()),
                ..self.shallow_clone()
            },
            _ => WorkerModel { engine: Engine::Restarted, restarts: self.restarts + 1, ..self.shallow_clone() },
        })
    }

    /// A copy that shares the answer (`O` need not be `Clone`).
    fn shallow_clone(&self) -> Self {
        WorkerModel {
            state: self.state.clone(),
            reply: self.reply.clone(),
            engine: self.engine.clone(),
            restarts: self.restarts,
        }
    }
}

/// Sends `job` to `worker` whenever it changes, and again whenever `restarts` is bumped (after
/// stopping the old worker), numbering the requests. A crash is heard at once through the
/// worker's events; `on_silence` is called when no answer came within `wait_ms`, which the view
/// turns into [`Stall::TimedOut`].
#[hook]
pub fn use_worker_job<J, A>(
    worker: &KillableWorker<J, A>,
    job: J,
    restarts: u32,
    wait_ms: u32,
    on_silence: Callback<()>,
) where
    J: Clone + PartialEq + Serialize + 'static,
    A: DeserializeOwned + 'static,
{
    let next_id = use_mut_ref(|| 0u64);
    let restarted = use_mut_ref(|| 0u32);
    let worker = worker.clone();
    use_effect_with((job, restarts), move |(job, restarts)| {
        if *restarts != *restarted.borrow() {
            *restarted.borrow_mut() = *restarts;
            worker.cancel();
        }
        *next_id.borrow_mut() += 1;
        let id = *next_id.borrow();
        worker.send(Request { id, job: job.clone() });
        let timer = Timeout::new(wait_ms, move || on_silence.emit(()));
        move || drop(timer)
    });
}

/// What a sandbox calls its worker and its input, for [`view_status`].
pub struct StatusWords {
    /// While the engine downloads: "Loading the Python parser (Ruff's, in WebAssembly)…".
    pub loading: &'static str,
    /// While the answer for the current state is on its way: "Inspecting…".
    pub working: &'static str,
    /// The engine's name in a sentence: "The inspector".
    pub name: &'static str,
    /// Why a restart happened, after "… stopped answering": " (a stack overflow …)", or "".
    pub restart_why: &'static str,
    /// What the learner changes to retry: "the code".
    pub input: &'static str,
    /// The `data-testid` of the status line.
    pub test_id: &'static str,
}

/// The line that says where the worker is, or nothing while its answer is current.
pub fn view_status(engine: &Engine, current: bool, words: &StatusWords) -> Html {
    match engine {
        Engine::Loading => html! { <p class="engine-status" role="status">{ words.loading }</p> },
        Engine::Answering if !current => html! {
            <p class="engine-status" role="status" data-testid={words.test_id}>{ words.working }</p>
        },
        Engine::Answering => html! {},
        Engine::Restarted => html! {
            <p class="verdict is-warning" role="status" data-testid={words.test_id}>
                { format!("{} stopped answering{}, so it was started again.", words.name, words.restart_why) }
            </p>
        },
        Engine::Failed(reason) => html! {
            <p class="verdict is-danger" role="alert" data-testid={words.test_id}>
                { format!("{} could not answer: {reason}. Edit {} to try again.", words.name, words.input) }
            </p>
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Model = WorkerModel<String, ()>;

    fn reply_for(state: &str, solved: &[&str]) -> WorkerReply<String, ()> {
        WorkerReply { state: state.into(), outcome: (), solved: solved.iter().map(|id| id.to_string()).collect() }
    }

    fn stall(model: &Model, stall: Stall) -> Model {
        model.stalled(stall, "crashed", "stopped").expect("not current")
    }

    #[test]
    fn quests_come_only_from_the_answer_for_the_current_state() {
        let model = Model::new("old".into());
        assert!(model.solved().is_empty());
        let model = model.with_state("new".into()).expect("changed");
        // The answer for the old state arrives after the learner typed: it is not current.
        let model = model.answered(reply_for("old", &["a"]));
        assert!(!model.is_current());
        assert!(model.solved().is_empty());
        let model = model.answered(reply_for("new", &["b"]));
        assert!(model.is_current());
        assert_eq!(model.solved(), vec!["b"]);
        assert_eq!(model.engine, Engine::Answering);
        assert!(model.with_state("new".into()).is_none(), "the same state is no change");
    }

    #[test]
    fn a_crash_restarts_once_then_is_reported() {
        let model = stall(&Model::new("x".into()), Stall::Crashed);
        assert_eq!((model.engine.clone(), model.restarts), (Engine::Restarted, 1));
        let model = stall(&model, Stall::Crashed);
        assert_eq!(model.engine, Engine::Failed("crashed".into()));
        assert_eq!(model.restarts, 1, "no restart loop");
    }

    #[test]
    fn a_stall_restarts_once_then_is_reported_and_a_new_state_retries() {
        let model = stall(&Model::new("x".into()), Stall::TimedOut);
        assert_eq!((model.engine.clone(), model.restarts), (Engine::Restarted, 1));
        let model = stall(&model, Stall::TimedOut);
        assert_eq!(model.engine, Engine::Failed("stopped".into()));
        let model = model.answered(reply_for("x", &[])).with_state("y".into()).expect("changed");
        assert_eq!(model.engine, Engine::Answering);
        // An answered state never times out.
        let model = model.answered(reply_for("y", &[]));
        assert!(model.stalled(Stall::TimedOut, "crashed", "stopped").is_none());
    }

    #[test]
    fn a_failure_is_kept_until_the_next_state() {
        let model = Model::new("x".into()).failed("no engine in this build".into());
        assert_eq!(model.engine, Engine::Failed("no engine in this build".into()));
        // Before any answer there is nothing to go back to: the failure stays.
        assert_eq!(
            model.with_state("y".into()).expect("changed").engine,
            Engine::Failed("no engine in this build".into())
        );
    }
}
