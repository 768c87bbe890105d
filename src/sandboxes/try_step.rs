//! A lesson's "Try it" step, on the sandbox's side: the lesson page asks for a quest by id
//! (`ToSandbox::Try`), and the sandbox page fills itself with that quest's declared solution,
//! the one `crates/lessons/tests/quests.rs` proves solves it. Nothing is hand-wired per lesson.
//!
//! The solution is applied to the sandbox's starting state, as the self-test applies it: on top
//! of whatever the learner had set (a fix they already made, say), an attack's step could show
//! nothing. What the learner had is kept for an undo.

use std::rc::Rc;

use dragonproof_engines::sandbox::SandboxState;

use crate::sandboxes::SandboxQuest;

/// The state a step fills the sandbox with, as JSON of the sandbox's state type.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// The quest's goal, as plain text, for the notice.
    pub goal: &'static str,
    pub state: Rc<str>,
}

/// The state quest `quest` of `quests` fills a sandbox of state `S` with, or why it cannot.
pub fn fill<S: SandboxState>(quests: &[SandboxQuest], quest: &str) -> Result<Filled, String> {
    let quest = quests
        .iter()
        .find(|candidate| candidate.id == quest)
        .ok_or_else(|| "this step names a quest this sandbox does not have".to_string())?;
    let mut state = S::default();
    state.apply(&quest.solution())?;
    let json = serde_json::to_string(&state).map_err(|_| "the step's inputs could not be written down".to_string())?;
    Ok(Filled { goal: quest.goal, state: json.into() })
}

/// What the sandbox page shows above the view after a step.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// Filled in; `undo` is the state the learner had (`None`: the starting state).
    Filled { goal: &'static str, undo: Option<Rc<str>> },
    /// The learner's own inputs are back.
    Undone,
    /// The step could not be used, in words.
    Failed(String),
}

/// The sandbox page's own state around its view: which state the view was last mounted with,
/// how many times (the view's key: a new state remounts it), and the notice.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Steps {
    pub shown: Option<Rc<str>>,
    pub from_step: bool,
    pub generation: u32,
    pub notice: Option<Notice>,
}

/// What can happen to [`Steps`].
pub enum StepAction {
    /// A step was clicked; `current` is the state the view last reported.
    Try {
        result: Result<Filled, String>,
        current: Option<Rc<str>>,
    },
    Undo,
}

impl yew::Reducible for Steps {
    type Action = StepAction;

    fn reduce(self: Rc<Self>, action: StepAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            StepAction::Try { result: Ok(filled), current } => {
                next.shown = Some(filled.state);
                next.from_step = true;
                next.generation += 1;
                // A second step keeps the undo to what the learner typed, not to the first step.
                let undo = match &self.notice {
                    Some(Notice::Filled { undo, .. }) if self.shown.as_deref() == current.as_deref() => undo.clone(),
                    _ => current,
                };
                next.notice = Some(Notice::Filled { goal: filled.goal, undo });
            }
            StepAction::Try { result: Err(reason), .. } => next.notice = Some(Notice::Failed(reason)),
            StepAction::Undo => {
                if let Some(Notice::Filled { undo, .. }) = &self.notice {
                    next.shown = undo.clone();
                    next.from_step = false;
                    next.generation += 1;
                    next.notice = Some(Notice::Undone);
                }
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dragonproof_engines::xss::XssState;
    use yew::Reducible;

    const QUESTS: &[SandboxQuest] = &[SandboxQuest {
        id: "dragon",
        fix: false,
        goal: "Wake the dragon.",
        solution: &[("input", "<img src=x onerror=alert(1)>")],
    }];

    #[test]
    fn a_step_fills_the_starting_state_with_its_quests_solution() {
        let filled = fill::<XssState>(QUESTS, "dragon").expect("fills");
        let state: XssState = serde_json::from_str(&filled.state).expect("a state");
        let mut expected = XssState::default();
        dragonproof_engines::sandbox::SandboxState::apply(&mut expected, &QUESTS[0].solution()).expect("applies");
        assert_eq!(state, expected);
        assert_eq!(filled.goal, "Wake the dragon.");
    }

    #[test]
    fn an_unknown_quest_or_input_is_said_in_words() {
        assert!(fill::<XssState>(QUESTS, "nope").unwrap_err().contains("does not have"));
        let bad = &[SandboxQuest { id: "bad", fix: false, goal: "", solution: &[("nothing", "x")] }];
        assert!(!fill::<XssState>(bad, "bad").unwrap_err().is_empty());
    }

    #[test]
    fn undo_returns_to_what_the_learner_had_even_after_two_steps() {
        let mine: Rc<str> = Rc::from(r#"{"mine":true}"#);
        let step = |state: &str| Filled { goal: "g", state: Rc::from(state) };
        let steps = Rc::new(Steps::default());
        let steps = steps.reduce(StepAction::Try { result: Ok(step("one")), current: Some(mine.clone()) });
        assert_eq!((steps.shown.as_deref(), steps.generation, steps.from_step), (Some("one"), 1, true));
        // The view reports the first step's state; the second step still undoes to the learner's.
        let steps = steps.reduce(StepAction::Try { result: Ok(step("two")), current: Some(Rc::from("one")) });
        let steps = steps.reduce(StepAction::Undo);
        assert_eq!(steps.shown.as_deref(), Some(r#"{"mine":true}"#));
        assert_eq!((steps.generation, steps.from_step), (3, false));
        assert_eq!(steps.notice, Some(Notice::Undone));
        // Once undone there is nothing more to undo.
        assert_eq!(steps.clone().reduce(StepAction::Undo), steps);
    }

    #[test]
    fn a_step_after_the_learner_typed_undoes_to_the_typing() {
        let step = Filled { goal: "g", state: Rc::from("one") };
        let steps = Rc::new(Steps::default()).reduce(StepAction::Try { result: Ok(step.clone()), current: None });
        let steps = steps.reduce(StepAction::Try { result: Ok(step), current: Some(Rc::from("typed")) });
        assert_eq!(steps.reduce(StepAction::Undo).shown.as_deref(), Some("typed"));
    }
}
