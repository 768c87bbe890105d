//! The csrf sandbox as the platform drives it: the bank's settings in, every forged request's
//! story (cookie sent? server's answer? gold moved?) and the honest cases out.

use serde::Serialize;

use crate::sandbox::{SandboxEngine, SandboxState, Solution};
use crate::secrets::generator::{random_string, token_hex, RandomSource, SeededRandom};

use super::bank::{login, run, BankSettings, Framework, Outcome, SameSiteSetting, Scenario};
use super::django::{ALLOWED_CHARS, SECRET_LENGTH};

/// What the learner sets: the bank's settings.
pub type CsrfState = BankSettings;

impl SandboxState for BankSettings {
    fn apply(&mut self, solution: &Solution) -> Result<(), String> {
        for (key, value) in solution {
            match key.as_str() {
                "framework" => {
                    self.framework = match value.as_str() {
                        "flask" => Framework::Flask,
                        "django" => Framework::Django,
                        _ => return Err(format!("framework is flask or django, not {value:?}")),
                    }
                }
                "protection" => self.protection = switch(value, key)?,
                "exempt" => self.exempt = switch(value, key)?,
                "transfer_accepts_get" => self.transfer_accepts_get = switch(value, key)?,
                "same_site" => {
                    self.same_site = SameSiteSetting::from_name(value)
                        .ok_or_else(|| format!("same_site is unset, none, lax or strict, not {value:?}"))?
                }
                _ => return Err(format!("the csrf sandbox has no input called {key:?}")),
            }
        }
        Ok(())
    }
}

/// The clock (Arthur's login) and the randomness behind the CSRF secret and mask.
pub struct CsrfEnv {
    /// When Arthur logged in, seconds since the epoch.
    pub login_at: i64,
    /// The browser's CSPRNG in the view; a fixed stream in tests.
    pub random: Box<dyn RandomSource>,
}

/// Everything the view shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CsrfOutcome {
    /// The settings it was computed for.
    pub settings: BankSettings,
    /// The session cookie the bank sets at login.
    pub set_cookie: String,
    /// The token in the bank's own form.
    pub form_token: String,
    /// Each forged request, in [`Scenario::FORGED`] order.
    pub forged: Vec<Outcome>,
    /// The bank's own form.
    pub bank_form: Outcome,
    /// The e-mailed link.
    pub email_link: Outcome,
}

impl CsrfOutcome {
    /// Whether any forged request moved gold.
    pub fn any_forgery_works(&self) -> bool {
        self.forged.iter().any(|o| o.gold_moved)
    }
}

/// The csrf engine.
pub struct CsrfSandbox;

/// The whole computation.
pub fn analyse(settings: &BankSettings, env: &mut CsrfEnv) -> CsrfOutcome {
    let random = env.random.as_mut();
    let secret = match settings.framework {
        // Flask-WTF: hashlib.sha1(os.urandom(64)).hexdigest(), 40 uniform hex digits.
        Framework::Flask => token_hex(random, 20),
        // Django: get_random_string(32, CSRF_ALLOWED_CHARS), and a fresh mask per page.
        Framework::Django => random_string(random, SECRET_LENGTH, ALLOWED_CHARS),
    };
    let mask = random_string(random, SECRET_LENGTH, ALLOWED_CHARS);
    let arthur = login(settings, env.login_at, &secret, &mask);
    let story = |scenario| run(settings, &arthur, env.login_at, scenario);
    CsrfOutcome {
        settings: *settings,
        set_cookie: super::bank::session_set_cookie(settings),
        form_token: arthur.form_token.clone(),
        forged: Scenario::FORGED.iter().map(|s| story(*s)).collect(),
        bank_form: story(Scenario::BankForm),
        email_link: story(Scenario::EmailLink),
    }
}

fn switch(value: &str, key: &str) -> Result<bool, String> {
    match value {
        "on" | "true" | "yes" => Ok(true),
        "off" | "false" | "no" => Ok(false),
        _ => Err(format!("{key} is on or off, not {value:?}")),
    }
}

impl SandboxEngine for CsrfSandbox {
    type State = CsrfState;
    type Env = CsrfEnv;
    type Outcome = CsrfOutcome;

    fn test_env() -> CsrfEnv {
        CsrfEnv { login_at: 1_767_225_600, random: Box::new(SeededRandom::new(7)) }
    }

    fn outcome(state: &CsrfState, env: &mut CsrfEnv) -> CsrfOutcome {
        analyse(state, env)
    }

    fn solved(quest: &str, outcome: &CsrfOutcome) -> Option<bool> {
        let auto_form = outcome.forged.iter().any(|o| o.scenario == Scenario::AutoSubmitForm && o.gold_moved);
        let settings = outcome.settings;
        let lax = settings.same_site == SameSiteSetting::Lax;
        let token = settings.protection && !settings.exempt;
        match quest {
            // The attack: the auto-submitting form, ten minutes after login, moves gold.
            "gold-by-form" => Some(auto_form),
            // The fix: every forged request fails, and Arthur's own form still works.
            "token-stops-all" => Some(!outcome.any_forgery_works() && outcome.bank_form.gold_moved),
            // The attack: an explicit Lax cookie, and still gold moves (a GET that transfers).
            "samesite-is-not-enough" => Some(lax && outcome.any_forgery_works()),
            // The fix: token, POST-only, Lax: every forgery fails, the bank's form works, and
            // the e-mailed link still arrives logged in (Strict would break it).
            "defence-in-depth" => Some(
                token
                    && lax
                    && !outcome.any_forgery_works()
                    && outcome.bank_form.gold_moved
                    && outcome.email_link.gold_moved,
            ),
            _ => None,
        }
    }

    fn describe(solution: &Solution) -> Vec<String> {
        solution
            .iter()
            .map(|(key, value)| match key.as_str() {
                "protection" => format!("CSRF protection: {value}"),
                "exempt" => format!("@csrf_exempt on the transfer view: {value}"),
                "transfer_accepts_get" => format!("/transfer accepts GET: {value}"),
                "same_site" => format!("SESSION_COOKIE_SAMESITE: {value}"),
                "framework" => format!("Framework: {value}"),
                _ => format!("{key}: {value}"),
            })
            .collect()
    }
}
