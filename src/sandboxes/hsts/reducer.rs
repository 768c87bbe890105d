//! The HTTPS/HSTS sandbox's model: the engine state and its one outcome, changed only by
//! [`Action`]s (see `headers::reducer` for the pattern).

use std::rc::Rc;

use dragonproof_engines::headers::PlainHttp;
use dragonproof_engines::hsts::quests::{HstsReport, HstsSandbox, HstsState, SentOver};
use dragonproof_engines::registry::Sandbox;
use dragonproof_engines::sandbox::SandboxEngine;
use yew::Reducible;

use crate::sandboxes::{engine_report, quests_of, Report};

/// The yes/no facts about the deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    HttpsRedirects,
    HeaderOnHttpsRedirect,
    SubdomainsOnHttps,
    Preloaded,
}

impl Fact {
    /// Every fact, with its checkbox label.
    pub const ALL: [(Fact, &'static str); 4] = [
        (Fact::SubdomainsOnHttps, "Every subdomain (www., api.…) works over https"),
        (Fact::HttpsRedirects, "https://castle.example/ redirects to https://www.castle.example/"),
        (Fact::HeaderOnHttpsRedirect, "That https redirect carries the header too"),
        (Fact::Preloaded, "The castle is already on the browsers' preload list"),
    ];

    /// Its value in `state`.
    pub fn get(self, state: &HstsState) -> bool {
        match self {
            Fact::HttpsRedirects => state.https_redirects,
            Fact::HeaderOnHttpsRedirect => state.header_on_https_redirect,
            Fact::SubdomainsOnHttps => state.subdomains_on_https,
            Fact::Preloaded => state.preloaded,
        }
    }

    fn slot(self, state: &mut HstsState) -> &mut bool {
        match self {
            Fact::HttpsRedirects => &mut state.https_redirects,
            Fact::HeaderOnHttpsRedirect => &mut state.header_on_https_redirect,
            Fact::SubdomainsOnHttps => &mut state.subdomains_on_https,
            Fact::Preloaded => &mut state.preloaded,
        }
    }
}

/// Every change the learner can make.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SetHeader(String),
    SetSentOver(SentOver),
    SetPlainHttp(PlainHttp),
    Set(Fact, bool),
    /// Back to the lesson's starting state.
    Reset,
}

/// The state and its outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub state: HstsState,
    pub outcome: Rc<HstsReport>,
}

impl Model {
    /// The model of `state`, its outcome computed.
    pub fn new(state: HstsState) -> Model {
        let outcome = Rc::new(HstsSandbox::outcome(&state, &mut ()));
        Model { state, outcome }
    }

    /// What the sandbox's page tells the app: the quests solved now, the answers, the state.
    pub fn report(&self) -> Report {
        engine_report::<HstsSandbox>(quests_of(Sandbox::Hsts), &self.state, &self.outcome)
    }
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = self.state.clone();
        match action {
            Action::SetHeader(text) => state.header = text,
            Action::SetSentOver(over) => state.sent_over = over,
            Action::SetPlainHttp(answer) => state.plain_http = answer,
            Action::Set(fact, value) => *fact.slot(&mut state) = value,
            Action::Reset => state = HstsState::default(),
        }
        if state == self.state {
            return self;
        }
        Rc::new(Model::new(state))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(actions: Vec<Action>) -> Rc<Model> {
        actions.into_iter().fold(Rc::new(Model::new(HstsState::default())), |model, action| model.reduce(action))
    }

    /// The lesson's solution for `quest`, as the learner types and ticks it.
    fn typed(quest: &str) -> Vec<Action> {
        let quest = quests_of(Sandbox::Hsts).iter().find(|q| q.id == quest).expect("the lesson has the quest");
        quest
            .solution
            .iter()
            .map(|(input, value)| match *input {
                "header" => Action::SetHeader(value.to_string()),
                "subdomains_on_https" => Action::Set(Fact::SubdomainsOnHttps, *value == "yes"),
                other => panic!("the view has no input for `{other}`"),
            })
            .collect()
    }

    #[test]
    fn the_start_solves_nothing_and_each_quest_is_solved_by_typing_its_solution() {
        let start = after(vec![]);
        assert!(start.report().solved.is_empty());
        assert!(start.outcome.remembered);
        for quest in ["strip-every-visit", "preload-ready"] {
            assert_eq!(after(typed(quest)).report().solved, vec![quest.to_string()], "{quest}");
        }
    }

    #[test]
    fn sending_the_header_only_over_http_strips_every_visit() {
        let model = after(vec![Action::SetSentOver(SentOver::HttpOnly)]);
        assert!(!model.outcome.remembered);
        assert_eq!(model.report().solved, vec!["strip-every-visit".to_string()]);
    }

    #[test]
    fn every_fact_is_set_and_read_back() {
        for (fact, _) in Fact::ALL {
            let model = after(vec![Action::Set(fact, true)]);
            assert!(fact.get(&model.state), "{fact:?}");
            assert!(!fact.get(&model.clone().reduce(Action::Set(fact, false)).state), "{fact:?}");
        }
        assert_eq!(after(vec![Action::SetHeader("x".into()), Action::Reset]).state, HstsState::default());
    }
}
