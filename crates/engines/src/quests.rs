//! Quests: goals a sandbox detects by itself, from its own engine result (never the page DOM).
//!
//! A lesson declares its quests (id, goal, hints, solution as data); the sandbox's
//! [`QuestSandbox`] says whether each is solved in a given state. The self-test in
//! `crates/lessons/tests/quests.rs` proves every quest unsolved at the start and solved by its
//! declared solution.

use std::collections::BTreeMap;

/// A quest's solution as the lesson writes it: sandbox inputs by name (`name = "<b>x</b>"`).
pub type Solution = BTreeMap<String, String>;

/// A sandbox whose quests can be checked without a browser.
pub trait QuestSandbox {
    /// Everything the learner can set in the sandbox; `Default` is its starting state.
    type State: Clone + Default;

    /// Sets the inputs a solution names. An unknown input or value is an error in words.
    fn apply(state: &mut Self::State, solution: &Solution) -> Result<(), String>;

    /// Whether `quest` is solved in `state`, or `None` when the sandbox has no such quest.
    fn solved(quest: &str, state: &Self::State) -> Option<bool>;

    /// The solution in words for the answer hint, one line per input.
    fn describe(solution: &Solution) -> Vec<String>;
}

/// The ids of `quests` solved in `state`.
pub fn solved_quests<S: QuestSandbox>(quests: &[&str], state: &S::State) -> Vec<String> {
    quests.iter().filter(|id| S::solved(id, state) == Some(true)).map(|id| id.to_string()).collect()
}
