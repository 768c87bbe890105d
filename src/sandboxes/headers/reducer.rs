//! The headers sandbox's model: the engine state and its one outcome, changed only by
//! [`Action`]s. The component renders a [`Model`] and dispatches actions; every change computes
//! the outcome once, here, so what is shown and what the quests read are the same value.

use std::rc::Rc;

use dragonproof_engines::headers::codegen::{generate, Framework, Generated};
use dragonproof_engines::headers::quests::{HeadersSandbox, HeadersState};
use dragonproof_engines::headers::{HeadersReport, PlainHttp, Preload, Scoring, Script, ScriptSource};
use dragonproof_engines::registry::Sandbox;
use dragonproof_engines::sandbox::SandboxEngine;
use yew::Reducible;

use crate::sandboxes::choices::by_name;
use crate::sandboxes::{engine_report, quests_of, Report};

/// The page's scripts as the select offers them: what the Observatory's SRI test tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scripts {
    /// No `<script>` at all.
    None,
    /// Only the castle's own `/static/castle.js` (the starting page).
    Own,
    /// Its own, plus a CDN script over https with `integrity`.
    CdnWithIntegrity,
    /// Its own, plus a CDN script over https without `integrity`.
    CdnWithoutIntegrity,
    /// Its own, plus a CDN script over plain http.
    CdnOverHttp,
}

impl Scripts {
    /// Every choice: its value in the select and its label.
    pub const ALL: [(Scripts, &'static str, &'static str); 5] = [
        (Scripts::Own, "own", "only its own script (/static/castle.js)"),
        (Scripts::None, "none", "no scripts"),
        (Scripts::CdnWithIntegrity, "cdn-integrity", "its own, and a CDN script over https with integrity"),
        (Scripts::CdnWithoutIntegrity, "cdn", "its own, and a CDN script over https without integrity"),
        (Scripts::CdnOverHttp, "cdn-http", "its own, and a CDN script over plain http"),
    ];

    /// The scripts the engine reads for this choice.
    pub fn scripts(self) -> Vec<Script> {
        let own = Script { source: ScriptSource::Relative, integrity: false };
        let cdn = |source, integrity| Script { source, integrity };
        match self {
            Scripts::None => vec![],
            Scripts::Own => vec![own],
            Scripts::CdnWithIntegrity => vec![own, cdn(ScriptSource::ExternalHttps, true)],
            Scripts::CdnWithoutIntegrity => vec![own, cdn(ScriptSource::ExternalHttps, false)],
            Scripts::CdnOverHttp => vec![own, cdn(ScriptSource::ExternalHttp, false)],
        }
    }

    /// The choice that gives exactly `scripts`, if any (a teacher's link may carry others).
    pub fn of(scripts: &[Script]) -> Option<Scripts> {
        Scripts::ALL.iter().map(|(choice, _, _)| *choice).find(|choice| choice.scripts() == scripts)
    }

    /// The choice whose select value is `value`.
    pub fn from_value(value: &str) -> Option<Scripts> {
        by_name(&Scripts::ALL, value)
    }
}

/// The Framework select's choices: a framework, its `<option value>`, its label.
pub const FRAMEWORKS: [(Framework, &str, &str); 3] = [
    (Framework::Talisman, "talisman", "Flask-Talisman 1.1"),
    (Framework::AfterRequest, "after-request", "Flask after_request"),
    (Framework::Django, "django", "Django 6.1 settings"),
];

/// Every change the learner can make.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SetHeaders(String),
    SetPlainHttp(PlainHttp),
    SetScripts(Scripts),
    SetPreload(Preload),
    SetScoring(Scoring),
    /// Which framework's code is shown (the view's own choice: quests do not read it).
    SetFramework(Framework),
    /// Back to the lesson's starting state.
    Reset,
}

/// The state and its outcome, and the code that sends the headers in the chosen framework.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub state: HeadersState,
    pub outcome: Rc<HeadersReport>,
    pub framework: Framework,
    /// The code for the block's last response in `framework`, and what it sends.
    pub code: Rc<Generated>,
}

/// The code a learner of `app` (the app's Flask / Django choice) sees first: Flask-Talisman, the
/// lesson's first fix, for Flask; settings for Django.
pub fn code_for(app: dragonproof_engines::progress::Framework) -> Framework {
    match app {
        dragonproof_engines::progress::Framework::Flask => Framework::Talisman,
        dragonproof_engines::progress::Framework::Django => Framework::Django,
    }
}

impl Model {
    /// The model of `state`, its outcome computed, with Flask-Talisman's code.
    pub fn new(state: HeadersState) -> Model {
        Model::with_framework(state, Framework::Talisman)
    }

    /// The model of `state` with the code of `framework`.
    pub fn with_framework(state: HeadersState, framework: Framework) -> Model {
        let outcome = Rc::new(HeadersSandbox::outcome(&state, &mut ()));
        let code = Rc::new(generate(&outcome.block.last(), framework));
        Model { state, outcome, framework, code }
    }

    /// What the sandbox's page tells the app: the quests solved now, the answers, the state.
    pub fn report(&self) -> Report {
        engine_report::<HeadersSandbox>(quests_of(Sandbox::Headers), &self.state, &self.outcome)
    }
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = self.state.clone();
        let mut framework = self.framework;
        match action {
            Action::SetHeaders(text) => state.headers = text,
            Action::SetPlainHttp(answer) => state.site.plain_http = answer,
            Action::SetScripts(choice) => state.site.scripts = choice.scripts(),
            Action::SetPreload(preload) => state.site.preload = preload,
            Action::SetScoring(scoring) => state.scoring = scoring,
            Action::SetFramework(chosen) => framework = chosen,
            Action::Reset => state = HeadersState::default(),
        }
        if state == self.state && framework == self.framework {
            return self;
        }
        if state == self.state {
            // Only the code changes: the outcome (and the quests) stay as they were.
            let code = Rc::new(generate(&self.outcome.block.last(), framework));
            return Rc::new(Model { framework, code, ..(*self).clone() });
        }
        Rc::new(Model::with_framework(state, framework))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(actions: Vec<Action>) -> Rc<Model> {
        actions.into_iter().fold(Rc::new(Model::new(HeadersState::default())), |model, action| model.reduce(action))
    }

    /// The lesson's solution for `quest`, as the learner types it.
    fn typed(quest: &str) -> Vec<Action> {
        let quest = quests_of(Sandbox::Headers).iter().find(|q| q.id == quest).expect("the lesson has the quest");
        quest
            .solution
            .iter()
            .map(|(input, value)| match *input {
                "headers" => Action::SetHeaders(value.to_string()),
                other => panic!("the view has no input for `{other}`"),
            })
            .collect()
    }

    #[test]
    fn the_start_solves_nothing_and_each_quest_is_solved_by_typing_its_solution() {
        let start = after(vec![]);
        assert!(start.report().solved.is_empty());
        assert_eq!(start.outcome.grade.grade, "F");
        for quest in ["frameable-and-sniffable", "a-plus-castle"] {
            assert_eq!(after(typed(quest)).report().solved, vec![quest.to_string()], "{quest}");
        }
    }

    #[test]
    fn every_script_choice_round_trips_and_changes_the_grade_of_the_sri_test() {
        for (choice, value, _) in Scripts::ALL {
            assert_eq!(Scripts::of(&choice.scripts()), Some(choice));
            assert_eq!(Scripts::from_value(value), Some(choice));
        }
        let sri = |model: &Model| {
            model.outcome.grade.tests.iter().find(|t| t.test.id() == "subresource-integrity").map(|t| t.result.id())
        };
        let http = after(vec![Action::SetScripts(Scripts::CdnOverHttp)]);
        let integrity = after(vec![Action::SetScripts(Scripts::CdnWithIntegrity)]);
        assert_ne!(sri(&http), sri(&integrity));
    }

    #[test]
    fn an_unchanged_state_keeps_its_outcome_and_reset_returns_to_the_start() {
        let start = Rc::new(Model::new(HeadersState::default()));
        assert_eq!(code_for(dragonproof_engines::progress::Framework::Django), Framework::Django);
        assert_eq!(code_for(dragonproof_engines::progress::Framework::Flask), Framework::Talisman);
        let same = start.clone().reduce(Action::SetScoring(Scoring::Current));
        assert!(Rc::ptr_eq(&start, &same));
        let changed = after(vec![Action::SetHeaders("HTTP/1.1 200 OK".into()), Action::Reset]);
        assert_eq!(changed.state, HeadersState::default());
    }

    #[test]
    fn the_framework_select_changes_the_code_not_the_outcome_and_typing_regenerates_it() {
        for (framework, value, _) in FRAMEWORKS {
            assert_eq!(by_name(&FRAMEWORKS, value), Some(framework));
            assert_eq!(framework.id(), value);
        }
        let start = after(vec![]);
        assert_eq!(start.framework, Framework::Talisman);
        assert!(start.code.code.contains("Talisman(\n    app,"), "{}", start.code.code);
        let django = start.clone().reduce(Action::SetFramework(Framework::Django));
        assert!(Rc::ptr_eq(&start.outcome, &django.outcome), "the outcome is not recomputed");
        assert!(django.code.code.contains("X_FRAME_OPTIONS = \"SAMEORIGIN\""), "{}", django.code.code);
        assert!(Rc::ptr_eq(&django, &django.clone().reduce(Action::SetFramework(Framework::Django))));
        // Typing keeps the framework and writes the new block's code.
        let typed = django.reduce(Action::SetHeaders("HTTP/1.1 200 OK\nX-Frame-Options: DENY".into()));
        assert_eq!(typed.framework, Framework::Django);
        assert!(typed.code.code.contains("X_FRAME_OPTIONS = \"DENY\""), "{}", typed.code.code);
        assert_eq!(typed.code.sends, vec![("X-Frame-Options".to_string(), "DENY".to_string())]);
        // Talisman's Referrer-Policy, sent though the block has none, is said.
        let talisman = typed.reduce(Action::SetFramework(Framework::Talisman));
        assert!(talisman.code.notes.iter().any(|n| n.contains("Referrer-Policy")));
    }

    #[test]
    fn a_megabyte_paste_is_read_by_its_beginning_with_a_message() {
        let huge = after(vec![Action::SetHeaders(format!("HTTP/1.1 200 OK\n{}", "X-Castle: gold\n".repeat(70_000)))]);
        assert!(huge.outcome.block.problems.iter().any(|p| p.kind.message().contains("only the beginning is read")));
    }
}
