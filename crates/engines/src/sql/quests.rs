//! The SQL sandbox's quests, detected from what the real database returned:
//! - `king-without-password` (attack): the login page greets the king, and the password typed
//!   is not his;
//! - `treasury-through-login` (attack): a treasury secret comes back through the login query;
//! - `every-attack-fails` (fix): replayed on a fresh castle in the learner's mode, no gallery
//!   attack reaches its aim, and the peasant still logs in with the right password.
//!
//! This file finds the facts; [`super::sandbox`] puts them in the outcome and reads the quests
//! from it.

use super::castle::{seeded_user, Castle, PEASANT};
use super::gallery::{Aim, Attack, ATTACKS};
use super::guard::Clock;
use super::login::password_hash;
use super::sandbox::{effective_call, evaluate_on};
use super::{Call, Evaluation, Flavour, LoginForm, Mode, Run};

/// The quest ids this sandbox knows.
pub const QUESTS: [&str; 3] = ["king-without-password", "treasury-through-login", "every-attack-fails"];

/// Whether the login page greets the king although `form`'s password is not his.
pub fn king_without_password(form: &LoginForm, evaluation: &Evaluation) -> bool {
    evaluation.login.as_ref().is_some_and(|user| {
        user.username == "king"
            && seeded_user("king")
                .is_some_and(|(_, _, password)| password_hash(password) != password_hash(&form.password))
    })
}

/// Whether a treasury secret is in the rows the login query returned.
pub fn reveals_treasury(run: &Run) -> bool {
    matches!(run, Run::Rows { rows, .. } if rows.iter().flatten().any(|cell| super::castle::reveals_treasury(cell)))
}

/// Whether `attack` reaches its aim in `mode` with `call`, on a fresh castle timed by `clock`.
pub fn reaches_aim(attack: &Attack, mode: Mode, call: Call, clock: &Clock) -> bool {
    let Ok(castle) = Castle::open(clock.clone()) else {
        return false;
    };
    let login = |username: &str| {
        let form = LoginForm { username: username.to_string(), password: "not the password".to_string() };
        evaluate_on(&castle, mode, Flavour::Flask, call, &form)
    };
    let evaluation = login(attack.username);
    match attack.aim {
        Aim::LogInAs(user) => evaluation.login.is_some_and(|logged| logged.username == user),
        Aim::ReadTreasury => reveals_treasury(&evaluation.run),
        Aim::DropTable(table) => !evaluation.tables.iter().any(|(name, _)| name == table),
        Aim::Blind { opposite } => {
            let yes = evaluation.login.is_some();
            let no = login(opposite).login.is_some();
            yes != no
        }
        Aim::ErrorMentions(text) => {
            matches!(&evaluation.run, Run::Raised(error) if error.message.contains(text))
        }
        Aim::Runaway => {
            matches!(&evaluation.run, Run::Raised(error) if error.message == "interrupted")
        }
    }
}

/// Whether the honest peasant still logs in with the right password.
pub fn honest_login_works(mode: Mode, call: Call, clock: &Clock) -> bool {
    let Ok(castle) = Castle::open(clock.clone()) else {
        return false;
    };
    let form = LoginForm { username: PEASANT.0.to_string(), password: PEASANT.1.to_string() };
    evaluate_on(&castle, mode, Flavour::Flask, call, &form).login.is_some_and(|user| user.username == PEASANT.0)
}

/// The fix quest's check: the whole gallery fails and the honest case works.
pub fn stops_every_attack(mode: Mode, call: Call, clock: &Clock) -> bool {
    let call = effective_call(mode, call);
    honest_login_works(mode, call, clock) && !ATTACKS.iter().any(|attack| reaches_aim(attack, mode, call, clock))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOUND: [Mode; 3] = [Mode::Params, Mode::SqlAlchemy, Mode::DjangoOrm];

    fn clock() -> Clock {
        Clock::ticking(1.0)
    }

    #[test]
    fn every_attack_reaches_its_aim_through_the_f_string() {
        for attack in ATTACKS {
            assert!(reaches_aim(attack, Mode::FString, attack.call, &clock()), "{} did not work", attack.name);
        }
    }

    #[test]
    fn every_attack_fails_with_bound_parameters_and_both_orms() {
        for mode in BOUND {
            for call in [Call::Execute, Call::ExecuteScript] {
                for attack in ATTACKS {
                    assert!(!reaches_aim(attack, mode, call, &clock()), "{} worked in {mode:?}", attack.name);
                }
            }
            assert!(honest_login_works(mode, Call::Execute, &clock()), "{mode:?}");
        }
    }

    #[test]
    fn execute_stops_the_stacked_query_and_executescript_runs_it() {
        let stacked = ATTACKS.iter().find(|attack| matches!(attack.aim, Aim::DropTable(_))).unwrap();
        assert!(!reaches_aim(stacked, Mode::FString, Call::Execute, &clock()));
        assert!(reaches_aim(stacked, Mode::FString, Call::ExecuteScript, &clock()));
        let castle = Castle::open(clock()).unwrap();
        let form = LoginForm { username: stacked.username.into(), password: String::new() };
        let evaluation = evaluate_on(&castle, Mode::FString, Flavour::Flask, Call::Execute, &form);
        let Run::Raised(error) = evaluation.run else { panic!() };
        assert_eq!(error.message, "You can only execute one statement at a time.");
    }

    #[test]
    fn only_bound_modes_fix_it() {
        for mode in Mode::ALL {
            for call in [Call::Execute, Call::ExecuteScript] {
                assert_eq!(stops_every_attack(mode, call, &clock()), !mode.pastes_input(), "{mode:?} {call:?}");
            }
        }
    }

    #[test]
    fn the_real_kings_password_is_no_attack() {
        let castle = Castle::open(clock()).unwrap();
        let login = |username: &str, password: &str| {
            let form = LoginForm { username: username.into(), password: password.into() };
            let evaluation = evaluate_on(&castle, Mode::FString, Flavour::Flask, Call::Execute, &form);
            king_without_password(&form, &evaluation)
        };
        assert!(!login("king", seeded_user("king").unwrap().2));
        assert!(login("king'--", "guess"));
    }
}
