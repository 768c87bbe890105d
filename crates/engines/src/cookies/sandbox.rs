//! The cookies sandbox as the platform drives it: `Set-Cookie` lines and the response URL in,
//! what Chromium stored and what every attacker can do out.

use serde::{Deserialize, Serialize};

use crate::csp::url::Url;
use crate::sandbox::{SandboxEngine, SandboxState, Solution};

use super::attackers::{exposure, Exposure};
use super::jar::{Jar, LineOutcome, StoredCookie};

/// The longest `Set-Cookie` text read (a 1 MB paste reads this prefix and says so).
pub const MAX_INPUT: usize = 16 * 1024;
/// The most lines read.
pub const MAX_LINES: usize = 50;

/// What the learner sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CookiesState {
    /// The URL of the response that carries the `Set-Cookie` lines.
    pub response_url: String,
    /// One `Set-Cookie` value per line (a leading `Set-Cookie:` is allowed).
    pub set_cookie: String,
    /// Seconds between the response and the attacks (the two-minute POST allowance).
    pub seconds_before_attack: u64,
}

/// Flask 3.1's default session cookie, as `save_session` writes it with default settings.
/// (The value is a real Flask cookie: `{"gold": 100, "user": "arthur"}` signed with the key
/// `dev`, from `fixtures/flask_sessions.json`.)
pub const FLASK_DEFAULT_SESSION: &str =
    "session=eyJnb2xkIjoxMDAsInVzZXIiOiJhcnRodXIifQ.aVW5AA.WrPFVA7-gD2sHAwkT73wa8ysgSM; HttpOnly; Path=/";

impl Default for CookiesState {
    fn default() -> Self {
        CookiesState {
            response_url: "https://castle.example/login".to_string(),
            set_cookie: FLASK_DEFAULT_SESSION.to_string(),
            seconds_before_attack: 600,
        }
    }
}

/// The clock: the time the response arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CookiesEnv {
    /// Seconds since the Unix epoch.
    pub now: i64,
}

/// One stored cookie with what the attackers can do to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CookieReport {
    /// The cookie as stored.
    pub cookie: StoredCookie,
    /// The attackers' reach.
    pub exposure: Exposure,
}

/// Everything the view shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CookiesOutcome {
    /// Why the response URL is unusable, if it is.
    pub url_error: Option<String>,
    /// What happened to each line.
    pub lines: Vec<LineOutcome>,
    /// The jar afterwards, each cookie with its exposure.
    pub stored: Vec<CookieReport>,
    /// Set when the input was cut to [`MAX_INPUT`] bytes or [`MAX_LINES`] lines.
    pub truncated: Option<String>,
}

/// The cookies engine.
pub struct CookiesSandbox;

fn bounded(text: &str) -> (&str, Option<String>) {
    if text.len() <= MAX_INPUT {
        return (text, None);
    }
    let mut end = MAX_INPUT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (text.get(..end).unwrap_or_default(), Some(format!("{} bytes pasted; reading the first {MAX_INPUT}", text.len())))
}

/// The header lines of the text: one `Set-Cookie` each, `Set-Cookie:` stripped.
fn header_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| {
            let t = l.trim_start();
            match t.get(..11) {
                Some(p) if p.eq_ignore_ascii_case("set-cookie:") => t.get(11..).unwrap_or_default().trim_start(),
                _ => l,
            }
        })
        .filter(|l| !l.trim().is_empty())
}

/// The whole computation.
pub fn analyse(state: &CookiesState, env: &CookiesEnv) -> CookiesOutcome {
    let (text, mut truncated) = bounded(&state.set_cookie);
    let url = match Url::parse(state.response_url.trim()) {
        Some(u) if matches!(u.scheme.as_str(), "http" | "https") && !u.host.is_empty() => u,
        _ => {
            return CookiesOutcome {
                url_error: Some(
                    "the response URL must be an http:// or https:// address, like https://castle.example/login".into(),
                ),
                lines: Vec::new(),
                stored: Vec::new(),
                truncated,
            }
        }
    };
    let all: Vec<&str> = header_lines(text).collect();
    if all.len() > MAX_LINES {
        // Both limits can apply: say both, so the learner knows what was read.
        truncated = Some(match truncated {
            Some(bytes) => format!("{bytes} bytes, and of its {} lines the first {MAX_LINES}", all.len()),
            None => format!("{} lines; reading the first {MAX_LINES}", all.len()),
        });
    }
    let mut jar = Jar::default();
    let lines = jar.receive(&url, all.into_iter().take(MAX_LINES), env.now);
    let attack_at = env.now.saturating_add(i64::try_from(state.seconds_before_attack).unwrap_or(i64::MAX));
    let stored = jar
        .cookies
        .iter()
        .map(|c| CookieReport { cookie: c.clone(), exposure: exposure(c, &jar, &url, attack_at) })
        .collect();
    CookiesOutcome { url_error: None, lines, stored, truncated }
}

impl SandboxEngine for CookiesSandbox {
    type State = CookiesState;
    type Env = CookiesEnv;
    type Outcome = CookiesOutcome;

    fn test_env() -> CookiesEnv {
        // 2026-01-01T00:00:00Z.
        CookiesEnv { now: 1_767_225_600 }
    }

    fn outcome(state: &CookiesState, env: &mut CookiesEnv) -> CookiesOutcome {
        analyse(state, env)
    }

    fn solved(quest: &str, outcome: &CookiesOutcome) -> Option<bool> {
        let session = |r: &&CookieReport| r.cookie.name.to_ascii_lowercase().contains("session");
        match quest {
            // The attack: the session cookie is stolen two ways, by script and off the wire.
            "steal-the-session" => {
                Some(outcome.stored.iter().filter(session).any(|r| r.exposure.script_reads && r.exposure.sniffer_sees))
            }
            // The fix: a __Host- session cookie, Secure, HttpOnly, Lax, really stored, no
            // attacker reaching it, and still sent when the learner follows a link to the site.
            "host-only-fortress" => Some(outcome.stored.iter().filter(session).any(|r| {
                r.cookie.name.starts_with("__Host-")
                    && r.cookie.secure
                    && r.cookie.http_only
                    && r.cookie.same_site == super::set_cookie::SameSite::Lax
                    && r.exposure.safe_from_all()
                    && r.exposure.cross_site_link.is_ok()
            })),
            _ => None,
        }
    }

    fn describe(solution: &Solution) -> Vec<String> {
        solution
            .iter()
            .map(|(key, value)| match key.as_str() {
                "response_url" => format!("Response URL: {value}"),
                "set_cookie" => format!("Set-Cookie: {value}"),
                "seconds_before_attack" => {
                    format!("The attack comes {value} seconds after the response")
                }
                _ => format!("{key}: {value}"),
            })
            .collect()
    }
}

/// A state from a link is bounded like a paste.
impl SandboxState for CookiesState {
    fn apply(&mut self, solution: &Solution) -> Result<(), String> {
        for (key, value) in solution {
            match key.as_str() {
                "response_url" => self.response_url = value.clone(),
                "set_cookie" => self.set_cookie = value.clone(),
                "seconds_before_attack" => {
                    self.seconds_before_attack = value
                        .parse()
                        .map_err(|_| format!("seconds_before_attack must be a whole number, not {value:?}"))?;
                }
                _ => return Err(format!("the cookies sandbox has no input called {key:?}")),
            }
        }
        Ok(())
    }

    fn check(&self) -> Result<(), String> {
        let state = self;
        if state.set_cookie.len() > MAX_INPUT || state.response_url.len() > 2048 {
            return Err(format!("this link's Set-Cookie text is longer than the {MAX_INPUT} bytes the sandbox reads"));
        }
        Ok(())
    }
}
