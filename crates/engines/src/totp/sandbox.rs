//! The TOTP sandbox as the platform drives it: the king's authenticator set up from a secret,
//! a login with his code, an attacker replaying the code he observed (a phishing relay), and
//! the king again a minute later with a phone one step slow.

use serde::{Deserialize, Serialize};

use super::error::TotpError;
use super::hotp::{Algorithm, Totp};
use super::qr::{qr_svg, QrSvg};
use super::secret::decode_secret;
use super::uri::provisioning_uri;
use super::verify::{pyotp_verify, DeviceAnswer, PyotpLogin, TotpDevice};
use crate::sandbox::{SandboxEngine, SandboxState, Solution};

/// How the server checks a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verifier {
    /// `totp.verify(code, valid_window=n)`: nothing remembered.
    PyotpVerify { valid_window: u32 },
    /// `totp.verify_and_get_timecode(code, valid_window=n)`, refusing a timecode not later
    /// than the last one stored.
    PyotpLastTimecode { valid_window: u32 },
    /// django-otp's `TOTPDevice` with `tolerance` (1 by default).
    DjangoOtp { tolerance: u32 },
}

/// The most steps either way a window may take here.
pub const WINDOW_LIMIT: u32 = 10;

/// Everything the learner sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpState {
    /// The base32 secret (the view makes a fresh one from the browser's random bytes).
    pub secret: String,
    pub name: String,
    pub issuer: String,
    pub digits: u32,
    pub algorithm: Algorithm,
    pub verifier: Verifier,
    /// The attacker replays the code he saw the king type.
    pub replay: bool,
}

impl Default for TotpState {
    fn default() -> Self {
        TotpState {
            secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".into(),
            name: "king@castle.example".into(),
            issuer: "Castle".into(),
            digits: 6,
            algorithm: Algorithm::Sha1,
            verifier: Verifier::PyotpVerify { valid_window: 0 },
            replay: false,
        }
    }
}

/// The clock: Unix seconds, from the browser in the view, fixed in the self-test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TotpEnv {
    pub now: i64,
}

/// One login attempt in the story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub who: String,
    pub at: i64,
    pub code: String,
    pub accepted: bool,
}

/// What the view shows and the quests read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TotpOutcome {
    pub uri: Result<String, TotpError>,
    pub qr: Option<QrSvg>,
    pub code_now: Result<String, TotpError>,
    pub seconds_left: u64,
    /// The king now; the attacker's replay (when on); the king a minute later with a phone
    /// one step slow.
    pub attempts: Vec<Attempt>,
}

/// The engine.
pub struct TotpSandbox;

impl SandboxEngine for TotpSandbox {
    type State = TotpState;
    type Env = TotpEnv;
    type Outcome = TotpOutcome;

    fn test_env() -> TotpEnv {
        // 2026-11-22T12:00:05Z, five seconds into a step.
        TotpEnv { now: 1_795_348_805 }
    }

    fn outcome(state: &TotpState, env: &mut TotpEnv) -> TotpOutcome {
        let totp = decode_secret(&state.secret).map(|key| Totp {
            key,
            digits: state.digits,
            algorithm: state.algorithm,
            interval: 30,
        });
        let uri = totp.clone().map(|t| provisioning_uri(&state.secret, &t, &state.name, &state.issuer));
        let qr = uri.as_ref().ok().and_then(|u| qr_svg(u));
        let code_now = totp.clone().and_then(|t| t.at(env.now));
        let seconds_left = totp.as_ref().map(|t| t.seconds_left(env.now)).unwrap_or(30);
        let attempts = match &totp {
            Ok(totp) => story(state, totp, env.now),
            Err(_) => Vec::new(),
        };
        TotpOutcome { uri, qr, code_now, seconds_left, attempts }
    }

    fn solved(quest: &str, outcome: &TotpOutcome) -> Option<bool> {
        let accepted =
            |who: &str| outcome.attempts.iter().filter(|a| a.who == who).map(|a| a.accepted).collect::<Vec<_>>();
        let king = accepted("king");
        let attacker = accepted("attacker");
        match quest {
            "replay-the-code" => Some(king.first() == Some(&true) && attacker == [true]),
            "one-time-for-real" => Some(king == [true, true] && attacker == [false]),
            _ => None,
        }
    }

    fn describe(solution: &Solution) -> Vec<String> {
        solution
            .iter()
            .map(|(input, value)| match input.as_str() {
                "verifier" => format!("Check codes with {value}."),
                "replay" => format!("Turn the attacker's replay {value}."),
                other => format!("Set {other} to \"{value}\"."),
            })
            .collect()
    }
}

/// A state from a link is bounded like the inputs: no link can ask for more work than a learner can.
impl SandboxState for TotpState {
    fn apply(&mut self, solution: &Solution) -> Result<(), String> {
        for (input, value) in solution {
            match input.as_str() {
                "secret" => self.secret = value.clone(),
                "name" => self.name = value.clone(),
                "issuer" => self.issuer = value.clone(),
                "replay" => {
                    self.replay = match value.as_str() {
                        "on" => true,
                        "off" => false,
                        _ => return Err(format!("replay is \"on\" or \"off\", not \"{value}\".")),
                    }
                }
                "verifier" => {
                    let (kind, n) = value.split_once(':').unwrap_or((value.as_str(), "1"));
                    let n: u32 = n.parse().map_err(|_| format!("The window in \"{value}\" is not a whole number."))?;
                    self.verifier = match kind {
                        "pyotp_verify" => Verifier::PyotpVerify { valid_window: n },
                        "pyotp_last_timecode" => Verifier::PyotpLastTimecode { valid_window: n },
                        "django_otp" => Verifier::DjangoOtp { tolerance: n },
                        _ => {
                            return Err(format!(
                                "No verifier \"{kind}\"; there are pyotp_verify, pyotp_last_timecode and django_otp."
                            ))
                        }
                    };
                }
                other => return Err(format!("The TOTP sandbox has no input \"{other}\".")),
            }
        }
        Self::check(self)
    }

    fn check(&self) -> Result<(), String> {
        let state = self;
        decode_secret(&state.secret).map_err(|e| e.to_string())?;
        if state.name.len() > 256 || state.issuer.len() > 256 {
            return Err("A name or issuer is at most 256 bytes here.".into());
        }
        if !(6..=10).contains(&state.digits) {
            return Err(TotpError::Digits { digits: state.digits }.to_string());
        }
        let window = match state.verifier {
            Verifier::PyotpVerify { valid_window } | Verifier::PyotpLastTimecode { valid_window } => valid_window,
            Verifier::DjangoOtp { tolerance } => tolerance,
        };
        if window > WINDOW_LIMIT {
            return Err(format!(
                "A window of {window} steps accepts codes from {} minutes; this sandbox stops at {WINDOW_LIMIT}.",
                window
            ));
        }
        if matches!(state.verifier, Verifier::DjangoOtp { .. })
            && (state.algorithm != Algorithm::Sha1 || !matches!(state.digits, 6 | 8))
        {
            return Err("django-otp's TOTPDevice uses HMAC-SHA1 with 6 or 8 digits.".into());
        }
        Ok(())
    }
}

/// The king logs in at `now`; the attacker relays the same code at once; the king logs in
/// again 60 s later with a phone 30 s slow (the previous step's code).
fn story(state: &TotpState, totp: &Totp, now: i64) -> Vec<Attempt> {
    let mut events = vec![("king", now, totp.at(now))];
    if state.replay {
        events.push(("attacker", now, totp.at(now)));
    }
    events.push(("king", now + 60, totp.at(now + 30)));
    let mut device = TotpDevice { digits: state.digits, ..TotpDevice::new(totp.key.clone()) };
    let mut login = PyotpLogin::default();
    events
        .into_iter()
        .filter_map(|(who, at, code)| {
            let code = code.ok()?;
            let accepted = match state.verifier {
                Verifier::PyotpVerify { valid_window } => pyotp_verify(totp, &code, at, valid_window).unwrap_or(false),
                Verifier::PyotpLastTimecode { valid_window } => {
                    login.verify(totp, &code, at, valid_window).unwrap_or(false)
                }
                Verifier::DjangoOtp { tolerance } => {
                    device.tolerance = tolerance;
                    device.verify_token(&code, at as f64) == DeviceAnswer::Verified
                }
            };
            Some(Attempt { who: who.to_string(), at, code, accepted })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::solved_quests;

    const QUESTS: [&str; 2] = ["replay-the-code", "one-time-for-real"];

    fn solve(pairs: &[(&str, &str)]) -> Vec<String> {
        let mut state = TotpState::default();
        let solution: Solution = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        TotpSandbox::apply(&mut state, &solution).unwrap();
        let outcome = TotpSandbox::outcome(&state, &mut TotpSandbox::test_env());
        solved_quests::<TotpSandbox>(&QUESTS, &outcome)
    }

    #[test]
    fn quests_start_unsolved_and_their_solutions_solve_them() {
        assert!(solve(&[]).is_empty());
        assert_eq!(solve(&[("replay", "on")]), ["replay-the-code"]);
        assert_eq!(solve(&[("replay", "on"), ("verifier", "django_otp:1")]), ["one-time-for-real"]);
        assert_eq!(solve(&[("replay", "on"), ("verifier", "pyotp_last_timecode:1")]), ["one-time-for-real"]);
        // Remembering the timecode without a window refuses the slow phone too.
        assert!(solve(&[("replay", "on"), ("verifier", "pyotp_last_timecode:0")]).is_empty());
        // A wider window alone still lets the replay in.
        assert_eq!(solve(&[("replay", "on"), ("verifier", "pyotp_verify:1")]), ["replay-the-code"]);
    }

    #[test]
    fn the_outcome_has_the_uri_its_qr_and_the_code() {
        let outcome = TotpSandbox::outcome(&TotpState::default(), &mut TotpSandbox::test_env());
        assert_eq!(
            outcome.uri.unwrap(),
            "otpauth://totp/Castle:king%40castle.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Castle"
        );
        assert!(outcome.qr.is_some());
        assert_eq!(outcome.seconds_left, 25);
        assert_eq!(outcome.code_now.unwrap().len(), 6);
    }

    #[test]
    fn bad_secrets_and_links_are_explained() {
        let mut state = TotpState::default();
        let bad: Solution = [("secret".to_string(), "not base32!".to_string())].into();
        assert!(TotpSandbox::apply(&mut state, &bad).unwrap_err().contains("not base32"));
        let wide = TotpState { verifier: Verifier::DjangoOtp { tolerance: 1000 }, ..TotpState::default() };
        assert!(TotpSandbox::check(&wide).is_err());
    }
}
