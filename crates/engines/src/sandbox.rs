//! The one contract every sandbox engine keeps: a state the learner sets, one outcome computed
//! from it, and every quest read from that outcome.
//!
//! A view computes [`SandboxEngine::outcome`] once per state (in its worker when the engine is
//! heavy), renders it, and reports the quests [`solved_quests`] finds in it. The self-test in
//! `crates/lessons/tests/quests.rs` drives the same three functions natively, so what the
//! learner sees and what the test checks cannot drift apart.
//!
//! Nothing an engine needs comes from a global: a clock, a database, a random seed arrive in
//! [`SandboxEngine::Env`], which the view builds from the browser and the test builds fixed.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A quest's solution as the lesson writes it: sandbox inputs by name (`name = "<b>x</b>"`).
pub type Solution = BTreeMap<String, String>;

/// A sandbox's engine, as the platform and the quest self-test drive it.
pub trait SandboxEngine {
    /// Everything the learner can set; `Default` is the starting state. It is serialisable
    /// because a teacher's link carries it (untrusted: see [`SandboxEngine::check`]).
    type State: SandboxState;

    /// What the engine needs from outside the state: `()` for a pure engine, a clock, an open
    /// database. Never read from a global.
    type Env;

    /// Everything the view shows and every quest reads, computed once per state.
    type Outcome;

    /// The environment the quest self-test runs in: deterministic (a fixed clock, a fresh
    /// database), so a quest's result never depends on when the test ran.
    fn test_env() -> Self::Env;

    /// The one computation per state.
    fn outcome(state: &Self::State, env: &mut Self::Env) -> Self::Outcome;

    /// Sets the inputs a solution names ([`SandboxState::apply`]).
    fn apply(state: &mut Self::State, solution: &Solution) -> Result<(), String> {
        state.apply(solution)
    }

    /// Whether `quest` is solved in `outcome`, or `None` when the sandbox has no such quest.
    fn solved(quest: &str, outcome: &Self::Outcome) -> Option<bool>;

    /// The solution in words for the answer hint, one line per input.
    fn describe(solution: &Solution) -> Vec<String>;

    /// Whether a state read from a link is one the sandbox can show ([`SandboxState::check`]).
    fn check(state: &Self::State) -> Result<(), String> {
        state.check()
    }
}

/// A sandbox's state, as a teacher's link carries it. Apart from [`SandboxEngine`] because the
/// sandbox's page reads links before any engine runs, and a heavy engine lives in a worker the
/// page does not link (the SQL view holds an `SqlState` but never SQLite).
pub trait SandboxState: Clone + Default + PartialEq + Serialize + DeserializeOwned {
    /// Sets the inputs a solution names, as the learner would type them. An unknown input or
    /// value is an error in words. On the state, not the engine: a lesson's "Try it" step fills
    /// the sandbox page, which does not link a heavy engine (SQLite, the Python parser).
    fn apply(&mut self, solution: &Solution) -> Result<(), String>;

    /// Whether a state read from a link is one the sandbox can show: sizes within bounds,
    /// values it knows. Serde has already checked the shape; this checks the meaning. The
    /// message is shown to the learner as is.
    fn check(&self) -> Result<(), String> {
        Ok(())
    }
}

/// The most bytes one text field of a state read from a link may hold. A link is typed by a
/// teacher's prepared state, not a learner's paste: 100 KB is far more than any lesson needs,
/// and it bounds the work a link from anywhere can ask of the page.
pub const LINK_TEXT_LIMIT: usize = 100_000;

/// Checks the size of one text field of a state read from a link (for [`SandboxEngine::check`]),
/// with a message that names the field and says why.
///
/// ```
/// use dragonproof_engines::sandbox::{check_link_text, LINK_TEXT_LIMIT};
/// assert!(check_link_text("name", "Ada").is_ok());
/// let message = check_link_text("name", &"a".repeat(LINK_TEXT_LIMIT + 1)).unwrap_err();
/// assert!(message.contains("name") && message.contains("100 KB"));
/// ```
pub fn check_link_text(field: &str, text: &str) -> Result<(), String> {
    if text.len() <= LINK_TEXT_LIMIT {
        return Ok(());
    }
    Err(format!(
        "The {field} in this link is {} KB, and a link may carry at most {} KB per field (more would \
         slow every keystroke), so the sandbox did not load it.",
        text.len().div_ceil(1000),
        LINK_TEXT_LIMIT / 1000
    ))
}

/// The longest prefix of `text` of at most `limit` bytes that ends on a character boundary: the
/// bounded part an engine reads of a huge paste.
///
/// ```
/// assert_eq!(dragonproof_engines::sandbox::prefix("héllo", 2), "h");
/// ```
pub fn prefix(text: &str, limit: usize) -> &str {
    let mut end = text.len().min(limit);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

/// The ids of `quests` solved in `outcome`.
pub fn solved_quests<E: SandboxEngine>(quests: &[&str], outcome: &E::Outcome) -> Vec<String> {
    quests.iter().filter(|id| E::solved(id, outcome) == Some(true)).map(|id| id.to_string()).collect()
}

/// What a view sends its engine's worker on every change (a heavy engine: see the registry's
/// `worker`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct WorkerRequest<S> {
    pub state: S,
    /// The lesson's quest ids, to report which are solved.
    pub quests: Vec<String>,
}

/// The worker's answer to a [`WorkerRequest`]: the one outcome, and the quests read from it in
/// the worker, so the view never needs the engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct WorkerReply<S, O> {
    /// What was asked: a reply to an older keystroke is not shown as the current one.
    pub state: S,
    pub outcome: O,
    /// The requested quests solved in `outcome`.
    pub solved: Vec<String>,
}

/// A worker's one computation: the outcome of the request's state, and the requested quests
/// solved in it.
pub fn answer_request<E: SandboxEngine>(
    request: &WorkerRequest<E::State>,
    env: &mut E::Env,
) -> WorkerReply<E::State, E::Outcome> {
    let outcome = E::outcome(&request.state, env);
    let ids: Vec<&str> = request.quests.iter().map(String::as_str).collect();
    let solved = solved_quests::<E>(&ids, &outcome);
    WorkerReply { state: request.state.clone(), outcome, solved }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_field_at_the_limit_is_accepted_and_one_byte_more_is_not() {
        assert!(check_link_text("page", &"a".repeat(LINK_TEXT_LIMIT)).is_ok());
        let message = check_link_text("page", &"a".repeat(LINK_TEXT_LIMIT + 1)).unwrap_err();
        assert_eq!(
            message,
            "The page in this link is 101 KB, and a link may carry at most 100 KB per field (more would \
             slow every keystroke), so the sandbox did not load it."
        );
    }

    proptest! {
        #[test]
        fn prefix_never_panics_and_is_a_prefix(text in "\\PC{0,40}", limit in 0usize..200) {
            let cut = prefix(&text, limit);
            prop_assert!(cut.len() <= limit && text.starts_with(cut));
            prop_assert!(cut.len() == text.len() || text.len() > limit);
        }
    }
}
