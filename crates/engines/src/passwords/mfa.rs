//! The sandbox page as one engine: the castle's password table ([`PasswordsSandbox`]) and the
//! king's second factor ([`TotpSandbox`]) side by side, one state that a link carries, each quest
//! and each lesson input routed to the engine that owns it. Neither engine knows of the other.

use serde::{Deserialize, Serialize};

use super::sandbox::{PasswordsEnv, PasswordsOutcome, PasswordsSandbox, PasswordsState};
use crate::sandbox::{SandboxEngine, SandboxState, Solution};
use crate::totp::{TotpEnv, TotpOutcome, TotpSandbox, TotpState};

/// The inputs a lesson's solution may name that belong to the TOTP engine; every other input
/// is the passwords engine's.
pub const TOTP_INPUTS: [&str; 5] = ["secret", "name", "issuer", "replay", "verifier"];

/// Everything the learner sets on the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordsAndMfaState {
    pub passwords: PasswordsState,
    pub totp: TotpState,
}

/// Both engines' environments: random bytes for the salts, and the clock for the codes.
#[derive(Debug, Clone)]
pub struct PasswordsAndMfaEnv {
    pub passwords: PasswordsEnv,
    pub totp: TotpEnv,
}

/// Both outcomes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PasswordsAndMfaOutcome {
    pub passwords: PasswordsOutcome,
    pub totp: TotpOutcome,
}

/// The page's engine.
pub struct PasswordsAndMfa;

/// Splits a solution into the passwords engine's inputs and the TOTP engine's.
pub fn split(solution: &Solution) -> (Solution, Solution) {
    solution.iter().map(|(k, v)| (k.clone(), v.clone())).partition(|(input, _)| !TOTP_INPUTS.contains(&input.as_str()))
}

impl SandboxEngine for PasswordsAndMfa {
    type State = PasswordsAndMfaState;
    type Env = PasswordsAndMfaEnv;
    type Outcome = PasswordsAndMfaOutcome;

    fn test_env() -> PasswordsAndMfaEnv {
        PasswordsAndMfaEnv { passwords: PasswordsSandbox::test_env(), totp: TotpSandbox::test_env() }
    }

    fn outcome(state: &PasswordsAndMfaState, env: &mut PasswordsAndMfaEnv) -> PasswordsAndMfaOutcome {
        PasswordsAndMfaOutcome {
            passwords: PasswordsSandbox::outcome(&state.passwords, &mut env.passwords),
            totp: TotpSandbox::outcome(&state.totp, &mut env.totp),
        }
    }

    fn solved(quest: &str, outcome: &PasswordsAndMfaOutcome) -> Option<bool> {
        PasswordsSandbox::solved(quest, &outcome.passwords).or_else(|| TotpSandbox::solved(quest, &outcome.totp))
    }

    fn describe(solution: &Solution) -> Vec<String> {
        let (passwords, totp) = split(solution);
        let mut lines = PasswordsSandbox::describe(&passwords);
        lines.extend(TotpSandbox::describe(&totp));
        lines
    }
}

impl SandboxState for PasswordsAndMfaState {
    fn apply(&mut self, solution: &Solution) -> Result<(), String> {
        let (passwords, totp) = split(solution);
        if !passwords.is_empty() {
            PasswordsSandbox::apply(&mut self.passwords, &passwords)?;
        }
        if !totp.is_empty() {
            TotpSandbox::apply(&mut self.totp, &totp)?;
        }
        Ok(())
    }

    fn check(&self) -> Result<(), String> {
        self.passwords.check()?;
        self.totp.check()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::solved_quests;

    const QUESTS: [&str; 6] = [
        "crack-the-unsalted",
        "salted-and-slow",
        "brute-force-the-login",
        "limit-the-tries",
        "replay-the-code",
        "one-time-for-real",
    ];

    fn solve(pairs: &[(&str, &str)]) -> Vec<String> {
        let mut state = PasswordsAndMfaState::default();
        let solution: Solution = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        PasswordsAndMfa::apply(&mut state, &solution).unwrap();
        let outcome = PasswordsAndMfa::outcome(&state, &mut PasswordsAndMfa::test_env());
        solved_quests::<PasswordsAndMfa>(&QUESTS, &outcome)
    }

    #[test]
    fn each_input_reaches_its_own_engine_and_each_quest_is_read_from_it() {
        assert!(solve(&[]).is_empty());
        assert_eq!(solve(&[("lookup_attack", "on")]), ["crack-the-unsalted"]);
        assert_eq!(solve(&[("replay", "on")]), ["replay-the-code"]);
        assert_eq!(
            solve(&[
                ("word_list_attack", "on"),
                ("per_address", "5/60"),
                ("replay", "on"),
                ("verifier", "django_otp:1")
            ]),
            ["limit-the-tries", "one-time-for-real"]
        );
        assert_eq!(
            PasswordsAndMfa::solved(
                "fly",
                &PasswordsAndMfa::outcome(&Default::default(), &mut PasswordsAndMfa::test_env())
            ),
            None
        );
    }

    #[test]
    fn a_wrong_input_is_refused_by_the_engine_it_was_sent_to() {
        let mut state = PasswordsAndMfaState::default();
        let bad: Solution = [("verifier".to_string(), "sms".to_string())].into();
        assert!(PasswordsAndMfa::apply(&mut state, &bad).unwrap_err().contains("No verifier"));
        let unknown: Solution = [("colour".to_string(), "red".to_string())].into();
        assert!(PasswordsAndMfa::apply(&mut state, &unknown).unwrap_err().contains("passwords sandbox has no input"));
        let described = PasswordsAndMfa::describe(
            &[("replay".to_string(), "on".to_string()), ("scheme".to_string(), "bcrypt_10".to_string())].into(),
        );
        assert_eq!(described, ["Store passwords with bcrypt_10.", "Turn the attacker's replay on."]);
    }

    #[test]
    fn the_split_outcome_equals_the_whole_one() {
        let state =
            PasswordsState { scheme: crate::passwords::Scheme::DjangoMd5, clock_seconds: 900, ..Default::default() };
        let env = PasswordsSandbox::test_env();
        let stored = super::super::StoredTable::new(&state.scheme, &env.random);
        let later = PasswordsState { clock_seconds: 1800, word_list_attack: true, ..state.clone() };
        assert_eq!(
            super::super::outcome_with(&later, &stored),
            PasswordsSandbox::outcome(&later, &mut PasswordsSandbox::test_env())
        );
    }
}
