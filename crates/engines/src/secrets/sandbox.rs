//! The secrets sandbox as the platform drives it: Arthur's castle signs sessions with
//! `SECRET_KEY` (and accepts `SECRET_KEY_FALLBACKS`); the attacker holds a cookie, cracks the
//! key if it is weak, and signs `{"user": "king"}`.

use serde::{Deserialize, Serialize};

use crate::sandbox::{SandboxEngine, SandboxState, Solution};

use super::generator::{django_secret_key, token_hex, token_urlsafe, RandomSource, SeededRandom};
use super::key_strength::{assess, KeyReport, Strength, WordList};
use super::session_cookie::{sign_session, SessionCookie, Verdict, FLASK_MAX_AGE, MAX_COOKIE_LEN};
use super::tagged_json::SessionValue;
use super::wordlist::FullWordList;

/// The castle's key at the start: an example key from a seed tutorial.
pub const LEAKED_KEY: &str = "my-super-secret-key";
/// The longest key or fallback list read.
pub const MAX_KEY_INPUT: usize = 4096;

/// What the learner sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretsState {
    /// The castle's `SECRET_KEY`.
    pub secret_key: String,
    /// `SECRET_KEY_FALLBACKS`, one key per line, oldest first.
    pub fallbacks: String,
    /// A cookie pasted into the workbench (empty: the castle's own cookie for Arthur).
    pub cookie: String,
    /// The session the attacker writes.
    pub forged_json: String,
    /// The key the attacker signs with (the one the word list found).
    pub forge_key: String,
}

impl Default for SecretsState {
    fn default() -> Self {
        SecretsState {
            secret_key: LEAKED_KEY.to_string(),
            fallbacks: String::new(),
            cookie: String::new(),
            forged_json: r#"{"user": "king"}"#.to_string(),
            forge_key: String::new(),
        }
    }
}

/// The clock and the random bytes for generated keys.
pub struct SecretsEnv {
    /// Seconds since the epoch.
    pub now: u64,
    /// The browser's CSPRNG in the view; a fixed stream in tests.
    pub random: Box<dyn RandomSource>,
    /// The word list: its worker's answers in the view, the whole list in tests.
    pub words: Box<dyn WordList>,
}

/// Keys generated for the learner to copy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GeneratedKeys {
    /// `secrets.token_hex(32)`.
    pub token_hex: String,
    /// `secrets.token_urlsafe(32)`.
    pub token_urlsafe: String,
    /// Django's `get_random_secret_key()`.
    pub django: String,
}

/// A cookie read without a key, owned.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The JSON inside, or why it is unreadable.
    pub json: Result<String, String>,
    /// The session the view would get.
    pub session: Result<SessionValue, String>,
    /// When it says it was signed.
    pub signed_at: Option<u64>,
    /// Whether zlib-compressed.
    pub compressed: bool,
}

/// Everything the view shows.
#[derive(Clone, Debug, PartialEq)]
pub struct SecretsOutcome {
    /// The castle's key, judged.
    pub key: KeyReport,
    /// Each fallback, judged.
    pub fallbacks: Vec<KeyReport>,
    /// Arthur's fresh login cookie, signed now with the castle's key.
    pub arthur_cookie: Result<String, String>,
    /// The workbench's cookie (pasted, or Arthur's), read without a key.
    pub decoded: Result<Decoded, String>,
    /// …and verified as Flask would.
    pub verdict: Verdict,
    /// The attacker's forgery with `forge_key`.
    pub forged_cookie: Result<String, String>,
    /// What the castle makes of the forgery.
    pub forged_verdict: Option<Verdict>,
    /// What the castle makes of a king's cookie signed with the leaked key.
    pub leaked_key_verdict: Verdict,
    /// Fresh keys for the learner.
    pub generated: GeneratedKeys,
}

/// The secrets engine.
pub struct SecretsSandbox;

fn keys_of(state: &SecretsState) -> Vec<String> {
    let mut keys: Vec<String> =
        state.fallbacks.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    keys.push(state.secret_key.clone());
    keys
}

fn is_king(verdict: &Verdict) -> bool {
    match verdict {
        Verdict::Valid { session: SessionValue::Dict(entries), .. } => {
            entries.iter().any(|(k, v)| k == "user" && *v == SessionValue::Str("king".into()))
        }
        _ => false,
    }
}

/// The whole computation.
pub fn analyse(state: &SecretsState, env: &mut SecretsEnv) -> SecretsOutcome {
    let now = env.now;
    let keys = keys_of(state);
    let arthur = sign_session(r#"{"user": "arthur"}"#, state.secret_key.as_bytes(), now).map_err(|e| e.to_string());
    let cookie = if state.cookie.trim().is_empty() {
        arthur.clone().unwrap_or_default()
    } else {
        state.cookie.trim().to_string()
    };
    let decoded = SessionCookie::decode(&cookie).map(|c| Decoded {
        json: c.json.map_err(|e| e.to_string()),
        session: c.session.map_err(|e| e.to_string()),
        signed_at: c.signed_at,
        compressed: c.compressed,
    });
    let verdict = SessionCookie::verify(&cookie, &keys, now, FLASK_MAX_AGE);
    let forged = if state.forge_key.is_empty() {
        Err("type the key the word list found to sign as the attacker".to_string())
    } else {
        sign_session(&state.forged_json, state.forge_key.as_bytes(), now).map_err(|e| e.to_string())
    };
    let forged_verdict = forged.as_ref().ok().map(|c| SessionCookie::verify(c, &keys, now, FLASK_MAX_AGE));
    let leaked = sign_session(r#"{"user": "king"}"#, LEAKED_KEY.as_bytes(), now).unwrap_or_default();
    SecretsOutcome {
        key: assess(&state.secret_key, env.words.as_ref()),
        fallbacks: keys.iter().take(keys.len().saturating_sub(1)).map(|k| assess(k, env.words.as_ref())).collect(),
        arthur_cookie: arthur,
        decoded: decoded.map_err(|e| e.to_string()),
        verdict,
        forged_cookie: forged,
        forged_verdict,
        leaked_key_verdict: SessionCookie::verify(&leaked, &keys, now, FLASK_MAX_AGE),
        generated: GeneratedKeys {
            token_hex: token_hex(env.random.as_mut(), 32),
            token_urlsafe: token_urlsafe(env.random.as_mut(), 32),
            django: django_secret_key(env.random.as_mut()),
        },
    }
}

impl SandboxEngine for SecretsSandbox {
    type State = SecretsState;
    type Env = SecretsEnv;
    type Outcome = SecretsOutcome;

    fn test_env() -> SecretsEnv {
        SecretsEnv { now: 1_767_225_600, random: Box::new(SeededRandom::new(18)), words: Box::new(FullWordList) }
    }

    fn outcome(state: &SecretsState, env: &mut SecretsEnv) -> SecretsOutcome {
        analyse(state, env)
    }

    fn solved(quest: &str, outcome: &SecretsOutcome) -> Option<bool> {
        match quest {
            // The attack: a forged king's cookie the castle accepts.
            "forge-the-king" => Some(outcome.forged_verdict.as_ref().is_some_and(is_king)),
            // The fix: a strong key, no weak key among the fallbacks, the leaked key's forgery
            // and the attacker's own both fail, and Arthur's fresh login still verifies.
            "unguessable-key" => Some(
                outcome.key.strength == Strength::Strong
                    && outcome.fallbacks.iter().all(|f| f.strength == Strength::Strong)
                    && !is_king(&outcome.leaked_key_verdict)
                    && !outcome.forged_verdict.as_ref().is_some_and(is_king)
                    && outcome.arthur_cookie.as_ref().is_ok_and(|c| {
                        matches!(SessionCookie::decode(c).map(|d| d.session), Ok(Ok(SessionValue::Dict(_))))
                    })
                    && matches!(outcome.verdict, Verdict::Valid { .. }),
            ),
            _ => None,
        }
    }

    fn describe(solution: &Solution) -> Vec<String> {
        solution
            .iter()
            .map(|(key, value)| match key.as_str() {
                "secret_key" => format!("SECRET_KEY = {value:?}"),
                "fallbacks" if value.is_empty() => "SECRET_KEY_FALLBACKS = [] (the leaked key is not kept)".to_string(),
                "fallbacks" => format!("SECRET_KEY_FALLBACKS = {:?}", value.lines().collect::<Vec<_>>()),
                "forge_key" => format!("Sign as the attacker with the key {value:?}"),
                "forged_json" => format!("The forged session: {value}"),
                "cookie" => format!("Paste the cookie {value}"),
                _ => format!("{key}: {value}"),
            })
            .collect()
    }
}

/// A state from a link is bounded like a paste.
impl SandboxState for SecretsState {
    fn apply(&mut self, solution: &Solution) -> Result<(), String> {
        for (key, value) in solution {
            let field = match key.as_str() {
                "secret_key" => &mut self.secret_key,
                "fallbacks" => &mut self.fallbacks,
                "cookie" => &mut self.cookie,
                "forged_json" => &mut self.forged_json,
                "forge_key" => &mut self.forge_key,
                _ => return Err(format!("the secrets sandbox has no input called {key:?}")),
            };
            *field = value.clone();
        }
        Ok(())
    }

    fn check(&self) -> Result<(), String> {
        let state = self;
        if state.secret_key.len() > MAX_KEY_INPUT
            || state.fallbacks.len() > MAX_KEY_INPUT
            || state.forge_key.len() > MAX_KEY_INPUT
        {
            return Err(format!("a key in this link is longer than the {MAX_KEY_INPUT} bytes the sandbox reads"));
        }
        if state.cookie.len() > MAX_COOKIE_LEN || state.forged_json.len() > MAX_COOKIE_LEN {
            return Err(format!("the cookie or session in this link is longer than {MAX_COOKIE_LEN} bytes"));
        }
        Ok(())
    }
}
