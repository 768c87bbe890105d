//! The cookies sandbox's model and actions: the engine's state, the clock it was read at, and
//! the one outcome of that state, computed once per change (the component only renders it).

use std::rc::Rc;

use dragonproof_engines::cookies::sandbox::{CookiesEnv, CookiesOutcome, CookiesSandbox, CookiesState};
use dragonproof_engines::sandbox::SandboxEngine;
use yew::Reducible;

/// Django 6.1's session cookie with its defaults (`SESSION_COOKIE_AGE` two weeks, `HttpOnly`,
/// `SameSite=Lax`, not `Secure`), as `SessionMiddleware` writes it.
pub const DJANGO_DEFAULT_SESSION: &str =
    "sessionid=k2x9v0c8q1w7e4r5t6y3u2i1o0p9a8s7; expires=Thu, 14 Jan 2027 00:00:00 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax";

/// What the learner does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Types the response URL.
    SetResponseUrl(String),
    /// Types the `Set-Cookie` lines.
    SetSetCookie(String),
    /// Types the seconds between the response and the attack (kept as typed; used when it is
    /// a whole number).
    SetSecondsBeforeAttack(String),
    /// Starts from a framework's default session cookie.
    UseExample(&'static str),
    /// Back to the lesson's starting state.
    Reset,
}

/// The view's model.
#[derive(Debug, Clone, PartialEq)]
pub struct CookiesModel {
    /// The engine's state (what a link carries).
    pub state: CookiesState,
    /// The seconds field as typed.
    pub seconds_text: String,
    /// Why the seconds field is not used, when it is not a whole number.
    pub seconds_error: Option<String>,
    /// The clock the responses arrive at (the page's clock when it opened).
    pub env: CookiesEnv,
    /// The state's one outcome.
    pub outcome: Rc<CookiesOutcome>,
}

impl CookiesModel {
    /// The model of `state` at the clock `env`.
    pub fn new(state: CookiesState, env: CookiesEnv) -> Self {
        let mut env = env;
        let outcome = Rc::new(CookiesSandbox::outcome(&state, &mut env));
        CookiesModel { seconds_text: state.seconds_before_attack.to_string(), seconds_error: None, state, env, outcome }
    }

    fn with_state(&self, state: CookiesState) -> Self {
        let mut next = CookiesModel::new(state, self.env);
        next.seconds_text.clone_from(&self.seconds_text);
        next
    }
}

impl Reducible for CookiesModel {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let state = self.state.clone();
        Rc::new(match action {
            Action::SetResponseUrl(url) => self.with_state(CookiesState { response_url: url, ..state }),
            Action::SetSetCookie(lines) => self.with_state(CookiesState { set_cookie: lines, ..state }),
            Action::SetSecondsBeforeAttack(text) => match text.trim().parse::<u64>() {
                Ok(seconds) => {
                    let mut next = self.with_state(CookiesState { seconds_before_attack: seconds, ..state });
                    next.seconds_text = text;
                    next
                }
                Err(_) => CookiesModel {
                    seconds_text: text.clone(),
                    seconds_error: Some(format!(
                        "{text:?} is not a whole number of seconds; the attack still comes {} s after the response",
                        self.state.seconds_before_attack
                    )),
                    ..(*self).clone()
                },
            },
            Action::UseExample(line) => {
                CookiesModel::new(CookiesState { set_cookie: line.to_string(), ..CookiesState::default() }, self.env)
            }
            Action::Reset => CookiesModel::new(CookiesState::default(), self.env),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dragonproof_engines::cookies::jar::StoreResult;
    use dragonproof_engines::sandbox::solved_quests;

    const QUESTS: [&str; 2] = ["steal-the-session", "host-only-fortress"];

    fn start() -> Rc<CookiesModel> {
        Rc::new(CookiesModel::new(CookiesState::default(), CookiesSandbox::test_env()))
    }

    fn solved(model: &CookiesModel) -> Vec<String> {
        solved_quests::<CookiesSandbox>(&QUESTS, &model.outcome)
    }

    #[test]
    fn flasks_default_cookie_is_stored_and_no_quest_is_solved() {
        let model = start();
        assert!(matches!(model.outcome.lines.first().map(|l| &l.result), Some(StoreResult::Stored(_))));
        assert!(solved(&model).is_empty());
    }

    #[test]
    fn typing_the_attack_then_the_fix_solves_each_quest() {
        let model = start().reduce(Action::SetSetCookie("session=abc; Path=/".into()));
        assert_eq!(solved(&model), ["steal-the-session"]);
        let model =
            model.reduce(Action::SetSetCookie("__Host-session=abc; Secure; HttpOnly; Path=/; SameSite=Lax".into()));
        assert_eq!(solved(&model), ["host-only-fortress"]);
        // Strict keeps every attacker out but breaks the honest link: not the fix.
        let model =
            model.reduce(Action::SetSetCookie("__Host-session=abc; Secure; HttpOnly; Path=/; SameSite=Strict".into()));
        assert!(solved(&model).is_empty());
    }

    #[test]
    fn a_bad_seconds_field_is_kept_as_typed_and_changes_nothing() {
        let model = start().reduce(Action::SetSecondsBeforeAttack("soon".into()));
        assert_eq!(model.seconds_text, "soon");
        assert!(model.seconds_error.as_deref().is_some_and(|e| e.contains("600 s")));
        assert_eq!(model.state, CookiesState::default());
        let model = model.reduce(Action::SetSecondsBeforeAttack("60".into()));
        assert_eq!((model.state.seconds_before_attack, model.seconds_error.clone()), (60, None));
    }

    #[test]
    fn the_clock_stays_the_one_the_page_opened_with() {
        let model = start().reduce(Action::UseExample(DJANGO_DEFAULT_SESSION)).reduce(Action::Reset);
        assert_eq!(model.env, CookiesSandbox::test_env());
        assert_eq!(model.state, CookiesState::default());
    }

    #[test]
    fn djangos_default_is_stored_lax_for_two_weeks() {
        let model = start().reduce(Action::UseExample(DJANGO_DEFAULT_SESSION));
        let cookie = &model.outcome.stored.first().expect("stored").cookie;
        assert_eq!(cookie.expires, Some(model.env.now + 1_209_600));
        assert!(cookie.http_only && !cookie.secure);
    }
}
