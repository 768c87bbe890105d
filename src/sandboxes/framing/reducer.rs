//! The clickjacking sandbox's model: the engine state and its one outcome, changed only by
//! [`Action`]s (see `headers::reducer` for the pattern), plus what the decoy demo saw.

use std::rc::Rc;

use dragonproof_engines::framing::quests::{FramingReport, FramingSandbox, FramingState};
use dragonproof_engines::registry::Sandbox;
use dragonproof_engines::sandbox::SandboxEngine;
use yew::Reducible;

use crate::sandboxes::{engine_report, quests_of, Report};

/// How far the sliders move the frame, in CSS pixels each way (the link check allows more).
pub const OFFSET_RANGE: i32 = 300;

/// What the last click in the decoy page did, as the pages themselves reported it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Click {
    #[default]
    None,
    /// The castle page in the frame said its "Send the gold" button was clicked.
    GoldSent,
    /// The castle page was clicked, but not on its button.
    CastleMissed,
    /// The decoy's own button got the click: nothing was framed under it.
    Decoy,
}

/// Every change the learner can make, and what the demo reports.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SetHeaders(String),
    SetMeta(String),
    SetParent(String),
    SetGrandparent(String),
    SetOpacity(i32),
    SetOffsetX(i32),
    SetOffsetY(i32),
    Clicked(Click),
    /// Back to the lesson's starting state.
    Reset,
}

/// The state, its outcome, and the last click of the demo.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub state: FramingState,
    pub outcome: Rc<FramingReport>,
    pub click: Click,
}

impl Model {
    /// The model of `state`, its outcome computed.
    pub fn new(state: FramingState) -> Model {
        let outcome = Rc::new(FramingSandbox::outcome(&state, &mut ()));
        Model { state, outcome, click: Click::None }
    }

    /// The parent page of the learner's chain ("" when none).
    pub fn parent(&self) -> &str {
        self.state.chain.first().map_or("", String::as_str)
    }

    /// The grandparent page of the learner's chain ("" when none).
    pub fn grandparent(&self) -> &str {
        self.state.chain.get(1).map_or("", String::as_str)
    }

    /// What the sandbox's page tells the app: the quests solved now, the answers, the state.
    pub fn report(&self) -> Report {
        engine_report::<FramingSandbox>(quests_of(Sandbox::Framing), &self.state, &self.outcome)
    }
}

/// The chain as the two fields give it: the parent always first (even empty, so typing into
/// it never moves the grandparent up), the grandparent only when given.
fn chain(parent: &str, grandparent: &str) -> Vec<String> {
    let mut chain = vec![parent.to_string()];
    if !grandparent.trim().is_empty() {
        chain.push(grandparent.to_string());
    }
    chain
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = self.state.clone();
        match action {
            Action::Clicked(click) => {
                let mut next = (*self).clone();
                next.click = click;
                return Rc::new(next);
            }
            Action::SetHeaders(text) => state.headers = text,
            Action::SetMeta(text) => state.meta_policy = text,
            Action::SetParent(text) => state.chain = chain(&text, self.grandparent()),
            Action::SetGrandparent(text) => state.chain = chain(self.parent(), &text),
            // Sliders and number fields can send anything: clamp to what the demo shows.
            Action::SetOpacity(value) => state.opacity = u8::try_from(value.clamp(0, 100)).unwrap_or(100),
            Action::SetOffsetX(value) => state.offset_x = value.clamp(-OFFSET_RANGE, OFFSET_RANGE),
            Action::SetOffsetY(value) => state.offset_y = value.clamp(-OFFSET_RANGE, OFFSET_RANGE),
            Action::Reset => state = FramingState::default(),
        }
        if state == self.state {
            return self;
        }
        // A new layout or new headers: the last click belonged to the old one.
        Rc::new(Model::new(state))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(actions: Vec<Action>) -> Rc<Model> {
        actions.into_iter().fold(Rc::new(Model::new(FramingState::default())), |model, action| model.reduce(action))
    }

    /// The lesson's solution for `quest`, as the learner types and slides it.
    fn typed(quest: &str) -> Vec<Action> {
        let quest = quests_of(Sandbox::Framing).iter().find(|q| q.id == quest).expect("the lesson has the quest");
        quest
            .solution
            .iter()
            .map(|(input, value)| {
                let number = || value.parse::<i32>().expect("a number");
                match *input {
                    "headers" => Action::SetHeaders(value.to_string()),
                    "opacity" => Action::SetOpacity(number()),
                    "offset_x" => Action::SetOffsetX(number()),
                    "offset_y" => Action::SetOffsetY(number()),
                    other => panic!("the view has no input for `{other}`"),
                }
            })
            .collect()
    }

    #[test]
    fn the_start_solves_nothing_and_each_quest_is_solved_by_typing_its_solution() {
        assert!(after(vec![]).report().solved.is_empty());
        for quest in ["gold-by-decoy", "refuse-the-stranger"] {
            assert_eq!(after(typed(quest)).report().solved, vec![quest.to_string()], "{quest}");
        }
    }

    #[test]
    fn the_two_chain_fields_keep_their_places() {
        let model = after(vec![
            Action::SetGrandparent("https://evil.example/".into()),
            Action::SetParent(String::new()),
            Action::SetParent("https://castle.example/dashboard".into()),
        ]);
        assert_eq!(model.state.chain, ["https://castle.example/dashboard", "https://evil.example/"]);
        assert_eq!(after(vec![Action::SetGrandparent("  ".into())]).state.chain.len(), 1);
    }

    #[test]
    fn sliders_are_clamped_and_a_change_forgets_the_last_click() {
        let model = after(vec![Action::SetOpacity(500), Action::SetOffsetX(-9_999), Action::Clicked(Click::GoldSent)]);
        assert_eq!((model.state.opacity, model.state.offset_x), (100, -OFFSET_RANGE));
        assert_eq!(model.click, Click::GoldSent);
        assert_eq!(model.reduce(Action::SetOffsetY(10)).click, Click::None);
    }
}
