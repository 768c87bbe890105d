//! The csrf sandbox's model and actions: the bank's settings (the engine's state), the clock and
//! randomness Arthur logged in with, and the one outcome of those settings, computed once per
//! change (the component only renders it).

use std::rc::Rc;

use dragonproof_engines::csrf::bank::{Framework, SameSiteSetting};
use dragonproof_engines::csrf::sandbox::{CsrfEnv, CsrfOutcome, CsrfSandbox, CsrfState};
use dragonproof_engines::sandbox::SandboxEngine;
use dragonproof_engines::secrets::generator::RandomSource;
use yew::Reducible;

use crate::sandboxes::secrets::reducer::SharedRandom;

/// What the learner does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Flask-WTF or Django runs the bank.
    SetFramework(Framework),
    /// `CSRFProtect(app)` / `CsrfViewMiddleware` on or off.
    SetProtection(bool),
    /// `@csrf.exempt` / `@csrf_exempt` on the transfer view.
    SetExempt(bool),
    /// The session cookie's SameSite.
    SetSameSite(SameSiteSetting),
    /// `/transfer` also answers GET.
    SetTransferAcceptsGet(bool),
    /// Back to the lesson's starting state.
    Reset,
}

/// The view's model.
#[derive(Clone)]
pub struct CsrfModel {
    /// The bank's settings (what a link carries).
    pub state: CsrfState,
    /// When Arthur logged in (the page's clock when it opened).
    pub login_at: i64,
    /// The settings' one outcome.
    pub outcome: Rc<CsrfOutcome>,
    random: SharedRandom,
}

impl PartialEq for CsrfModel {
    // The random source has no equality; two models are equal when they show the same thing.
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && self.login_at == other.login_at && self.outcome == other.outcome
    }
}

impl CsrfModel {
    /// The model of `state`, Arthur having logged in at `login_at`, secrets drawn from `random`.
    pub fn new(state: CsrfState, login_at: i64, random: Box<dyn RandomSource>) -> Self {
        Self::with_random(state, login_at, SharedRandom::new(random))
    }

    fn with_random(state: CsrfState, login_at: i64, random: SharedRandom) -> Self {
        let mut env = CsrfEnv { login_at, random: Box::new(random.clone()) };
        let outcome = Rc::new(CsrfSandbox::outcome(&state, &mut env));
        CsrfModel { state, login_at, outcome, random }
    }
}

impl Reducible for CsrfModel {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = self.state;
        match action {
            Action::SetFramework(framework) => state.framework = framework,
            Action::SetProtection(on) => state.protection = on,
            Action::SetExempt(on) => state.exempt = on,
            Action::SetSameSite(same_site) => state.same_site = same_site,
            Action::SetTransferAcceptsGet(on) => state.transfer_accepts_get = on,
            Action::Reset => state = CsrfState::default(),
        }
        Rc::new(CsrfModel::with_random(state, self.login_at, self.random.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dragonproof_engines::csrf::bank::{Scenario, ServerAnswer};
    use dragonproof_engines::sandbox::solved_quests;

    const QUESTS: [&str; 4] = ["gold-by-form", "token-stops-all", "samesite-is-not-enough", "defence-in-depth"];

    fn start() -> Rc<CsrfModel> {
        let env = CsrfSandbox::test_env();
        Rc::new(CsrfModel::new(CsrfState::default(), env.login_at, env.random))
    }

    fn solved(model: &CsrfModel) -> Vec<String> {
        solved_quests::<CsrfSandbox>(&QUESTS, &model.outcome)
    }

    #[test]
    fn the_starting_bank_is_unprotected_but_lax_by_default_keeps_the_form_out() {
        let model = start();
        assert!(solved(&model).is_empty());
        let form = model.outcome.forged.iter().find(|o| o.scenario == Scenario::AutoSubmitForm).expect("form");
        assert!(form.cookie.is_err() && !form.gold_moved);
        // The two-minute allowance: the same form right after login arrives logged in.
        let fresh = model.outcome.forged.iter().find(|o| o.scenario == Scenario::FreshLoginPost).expect("fresh");
        assert!(fresh.cookie.is_ok() && fresh.gold_moved);
    }

    #[test]
    fn each_quest_by_its_switches() {
        let model = start().reduce(Action::SetSameSite(SameSiteSetting::NoneSecure));
        assert!(solved(&model).contains(&"gold-by-form".to_string()));
        let model = model.reduce(Action::SetProtection(true));
        assert_eq!(solved(&model), ["token-stops-all"]);
        let model = model
            .reduce(Action::Reset)
            .reduce(Action::SetSameSite(SameSiteSetting::Lax))
            .reduce(Action::SetTransferAcceptsGet(true));
        assert_eq!(solved(&model), ["samesite-is-not-enough"]);
        let model = model.reduce(Action::SetTransferAcceptsGet(false)).reduce(Action::SetProtection(true));
        assert_eq!(solved(&model), ["token-stops-all", "defence-in-depth"]);
        // Strict stops every forgery too, but the e-mailed link arrives logged out.
        let model = model.reduce(Action::SetSameSite(SameSiteSetting::Strict));
        assert_eq!(solved(&model), ["token-stops-all"]);
        assert!(!model.outcome.email_link.gold_moved);
    }

    #[test]
    fn exempt_undoes_the_protection_and_django_answers_in_its_own_words() {
        let model = start()
            .reduce(Action::SetFramework(Framework::Django))
            .reduce(Action::SetSameSite(SameSiteSetting::NoneSecure))
            .reduce(Action::SetProtection(true));
        let form = model.outcome.forged.iter().find(|o| o.scenario == Scenario::AutoSubmitForm).expect("form");
        assert!(
            matches!(&form.answer, ServerAnswer::CsrfRejected { status: 403, message } if message.contains("Origin"))
        );
        let model = model.reduce(Action::SetExempt(true));
        assert!(model.outcome.any_forgery_works());
    }
}
