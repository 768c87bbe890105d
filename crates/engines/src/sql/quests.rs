//! The SQL sandbox's quests, detected from what the real database returned:
//! - `king-without-password` (attack): the login page greets the king, and the password typed
//!   is not his;
//! - `treasury-through-login` (attack): a treasury secret comes back through the login query;
//! - `every-attack-fails` (fix): replayed on a fresh castle in the learner's mode, no gallery
//!   attack reaches its aim, and the peasant still logs in with the right password.

use super::castle::{seeded_user, Castle, PEASANT};
use super::gallery::{Aim, Attack, ATTACKS};
use super::login::password_hash;
use super::sandbox::{effective_call, evaluate_on};
use super::{Call, Evaluation, Flavour, LoginForm, Mode, Run, SqlState};
use crate::quests::{QuestSandbox, Solution};

/// The quest ids this sandbox knows.
pub const QUESTS: [&str; 3] = ["king-without-password", "treasury-through-login", "every-attack-fails"];

/// Whether `quest` is solved by this evaluation; `fix_holds` replays the gallery when asked.
pub fn solved_by(quest: &str, form: &LoginForm, evaluation: &Evaluation, fix_holds: impl FnOnce() -> bool) -> Option<bool> {
    match quest {
        "king-without-password" => Some(evaluation.login.as_ref().is_some_and(|user| {
            user.username == "king"
                && seeded_user("king").is_some_and(|(_, _, password)| password_hash(password) != password_hash(&form.password))
        })),
        "treasury-through-login" => Some(reveals_treasury(&evaluation.run)),
        "every-attack-fails" => Some(fix_holds()),
        _ => None,
    }
}

fn reveals_treasury(run: &Run) -> bool {
    matches!(run, Run::Rows { rows, .. } if rows.iter().flatten().any(|cell| super::castle::reveals_treasury(cell)))
}

/// Whether `attack` reaches its aim in `mode` with `call`, on a fresh castle.
pub fn reaches_aim(attack: &Attack, mode: Mode, call: Call) -> bool {
    let Ok(castle) = Castle::open() else { return false };
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
        Aim::ErrorMentions(text) => matches!(&evaluation.run, Run::Raised(error) if error.message.contains(text)),
        Aim::Runaway => matches!(&evaluation.run, Run::Raised(error) if error.message == "interrupted"),
    }
}

/// Whether the honest peasant still logs in with the right password.
pub fn honest_login_works(mode: Mode, call: Call) -> bool {
    let Ok(castle) = Castle::open() else { return false };
    let form = LoginForm { username: PEASANT.0.to_string(), password: PEASANT.1.to_string() };
    evaluate_on(&castle, mode, Flavour::Flask, call, &form).login.is_some_and(|user| user.username == PEASANT.0)
}

/// The fix quest's check: the whole gallery fails and the honest case works.
pub fn stops_every_attack(mode: Mode, call: Call) -> bool {
    let call = effective_call(mode, call);
    honest_login_works(mode, call) && !ATTACKS.iter().any(|attack| reaches_aim(attack, mode, call))
}

/// The quests of the SQL sandbox.
pub struct SqlSandbox;

impl QuestSandbox for SqlSandbox {
    type State = SqlState;

    fn apply(state: &mut SqlState, solution: &Solution) -> Result<(), String> {
        for (input, value) in solution {
            match input.as_str() {
                "username" => state.username = value.clone(),
                "password" => state.password = value.clone(),
                "mode" => state.mode = Mode::from_name(value).ok_or_else(|| format!("`{value}` is not a mode of the SQL sandbox"))?,
                "call" => state.call = Call::from_name(value).ok_or_else(|| format!("`{value}` is not a sqlite3 call"))?,
                other => return Err(format!("the SQL sandbox has no input `{other}`")),
            }
        }
        Ok(())
    }

    fn solved(quest: &str, state: &SqlState) -> Option<bool> {
        if !QUESTS.contains(&quest) {
            return None;
        }
        let castle = Castle::open().ok()?;
        let form = LoginForm { username: state.username.clone(), password: state.password.clone() };
        let evaluation = evaluate_on(&castle, state.mode, Flavour::Flask, state.call, &form);
        solved_by(quest, &form, &evaluation, || stops_every_attack(state.mode, state.call))
    }

    fn describe(solution: &Solution) -> Vec<String> {
        super::describe_solution(solution)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quests::solved_quests;

    const BOUND: [Mode; 3] = [Mode::Params, Mode::SqlAlchemy, Mode::DjangoOrm];

    #[test]
    fn every_attack_reaches_its_aim_through_the_f_string() {
        for attack in ATTACKS {
            assert!(reaches_aim(attack, Mode::FString, attack.call), "{} did not work", attack.name);
        }
    }

    #[test]
    fn every_attack_fails_with_bound_parameters_and_both_orms() {
        for mode in BOUND {
            for call in [Call::Execute, Call::ExecuteScript] {
                for attack in ATTACKS {
                    assert!(!reaches_aim(attack, mode, call), "{} worked in {mode:?}", attack.name);
                }
            }
            assert!(honest_login_works(mode, Call::Execute), "{mode:?}");
        }
    }

    #[test]
    fn execute_stops_the_stacked_query_and_executescript_runs_it() {
        let stacked = ATTACKS.iter().find(|attack| matches!(attack.aim, Aim::DropTable(_))).unwrap();
        assert!(!reaches_aim(stacked, Mode::FString, Call::Execute));
        assert!(reaches_aim(stacked, Mode::FString, Call::ExecuteScript));
        let castle = Castle::open().unwrap();
        let form = LoginForm { username: stacked.username.into(), password: String::new() };
        let evaluation = evaluate_on(&castle, Mode::FString, Flavour::Flask, Call::Execute, &form);
        let Run::Raised(error) = evaluation.run else { panic!() };
        assert_eq!(error.message, "You can only execute one statement at a time.");
    }

    #[test]
    fn only_bound_modes_fix_it() {
        for mode in Mode::ALL {
            for call in [Call::Execute, Call::ExecuteScript] {
                assert_eq!(stops_every_attack(mode, call), !mode.pastes_input(), "{mode:?} {call:?}");
            }
        }
    }

    #[test]
    fn no_quest_is_solved_at_the_start() {
        assert!(solved_quests::<SqlSandbox>(&QUESTS, &SqlState::default()).is_empty());
    }

    #[test]
    fn the_real_kings_password_is_no_attack() {
        let state = SqlState { username: "king".into(), password: seeded_user("king").unwrap().2.into(), ..SqlState::default() };
        assert_eq!(SqlSandbox::solved("king-without-password", &state), Some(false));
        let state = SqlState { username: "king'--".into(), password: "guess".into(), ..SqlState::default() };
        assert_eq!(SqlSandbox::solved("king-without-password", &state), Some(true));
    }

    #[test]
    fn unknown_inputs_and_quests_are_reported() {
        let mut state = SqlState::default();
        let solution = [("colour".to_string(), "red".to_string())].into();
        assert!(SqlSandbox::apply(&mut state, &solution).unwrap_err().contains("colour"));
        let solution = [("mode".to_string(), "magic".to_string())].into();
        assert!(SqlSandbox::apply(&mut state, &solution).is_err());
        assert_eq!(SqlSandbox::solved("fly", &state), None);
    }
}
