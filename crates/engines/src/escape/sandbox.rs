//! The escape sandbox's state, the one outcome computed from it, and its quests:
//! - `markup-gets-in` (attack): the name itself opened a tag in the page;
//! - `every-name-is-text` (fix): every gallery attack stays text under the learner's template,
//!   and a real name still reads as typed.
//!
//! The engine is tiny and pure (`Env = ()`), so the view computes the outcome on every keystroke
//! in its own bundle.

use serde::{Deserialize, Serialize};

use super::contexts::{place_everywhere, Placement};
use super::gallery::{honest_name_survives, replay_gallery, Replay};
use super::render::{render_greeting, Greeting, Rendering};
use crate::sandbox::{check_link_text, prefix, SandboxEngine, SandboxState, Solution};

/// The engine reads this many bytes of the name. Everything it computes is laid out in the page
/// (the greeting, five contexts, the pipeline), and six copies of a megabyte in a `<pre>` would
/// freeze the tab; a name this long is shown by its first part, with a message.
pub const NAME_READ_BYTES: usize = 10_000;

/// The quest ids this sandbox knows.
pub const QUESTS: [&str; 2] = ["markup-gets-in", "every-name-is-text"];

/// The escape sandbox's inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscapeState {
    pub name: String,
    pub rendering: Rendering,
}

impl Default for EscapeState {
    /// The castle as inherited: a plain Jinja2 environment, where autoescape is off.
    fn default() -> Self {
        EscapeState { name: "Ada Lovelace".to_string(), rendering: Rendering::JinjaNoAutoescape }
    }
}

/// Everything the escape sandbox shows for one state, and what its quests read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscapeOutcome {
    /// The part of the name the engine read: all of it, or its first [`NAME_READ_BYTES`].
    pub name: String,
    /// The whole name's length in bytes (more than `name.len()` when it was cut).
    pub name_bytes: usize,
    /// The greeting as the learner's template renders the name.
    pub greeting: Greeting,
    /// The name in every output context, escaped as the template escapes it.
    pub placements: Vec<Placement>,
    /// The gallery replayed under the learner's template.
    pub gallery: Vec<Replay>,
    /// Whether [`HONEST_NAME`](super::HONEST_NAME) reads as typed under the template.
    pub honest_name_survives: bool,
}

impl EscapeOutcome {
    /// Whether the name was longer than the engine reads.
    pub fn was_cut(&self) -> bool {
        self.name.len() < self.name_bytes
    }
}

/// The escape sandbox's engine.
pub struct EscapeSandbox;

impl SandboxEngine for EscapeSandbox {
    type State = EscapeState;
    type Env = ();
    type Outcome = EscapeOutcome;

    fn test_env() {}

    fn outcome(state: &EscapeState, _env: &mut ()) -> EscapeOutcome {
        let name = prefix(&state.name, NAME_READ_BYTES);
        EscapeOutcome {
            name: name.to_string(),
            name_bytes: state.name.len(),
            greeting: render_greeting(state.rendering, name),
            placements: place_everywhere(name, state.rendering.escapes()),
            gallery: replay_gallery(state.rendering),
            honest_name_survives: honest_name_survives(state.rendering),
        }
    }

    fn solved(quest: &str, outcome: &EscapeOutcome) -> Option<bool> {
        match quest {
            // Attack: the name itself opened a tag in the page.
            "markup-gets-in" => Some(!outcome.greeting.injected.is_empty()),
            // Fix: every gallery attack stays text, and a real name still reads as typed.
            "every-name-is-text" => {
                Some(outcome.gallery.iter().all(|replay| replay.injected.is_empty()) && outcome.honest_name_survives)
            }
            _ => None,
        }
    }

    fn describe(solution: &Solution) -> Vec<String> {
        solution
            .iter()
            .map(|(input, value)| match (input.as_str(), Rendering::from_name(value)) {
                ("rendering", Some(rendering)) => format!("Template: {}", rendering.label()),
                ("name", _) => format!("Name: {value}"),
                _ => format!("{input}: {value}"),
            })
            .collect()
    }
}

/// The rendering is an enum serde already checked; the name is bounded.
impl SandboxState for EscapeState {
    fn apply(&mut self, solution: &Solution) -> Result<(), String> {
        for (input, value) in solution {
            match input.as_str() {
                "name" => self.name = value.clone(),
                "rendering" => {
                    self.rendering = Rendering::from_name(value)
                        .ok_or_else(|| format!("`{value}` is not a rendering of the escape sandbox"))?
                }
                other => return Err(format!("the escape sandbox has no input `{other}`")),
            }
        }
        Ok(())
    }

    fn check(&self) -> Result<(), String> {
        let state = self;
        check_link_text("name", &state.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::{solved_quests, LINK_TEXT_LIMIT};
    use proptest::prelude::*;

    fn outcome(state: &EscapeState) -> EscapeOutcome {
        EscapeSandbox::outcome(state, &mut ())
    }

    #[test]
    fn no_quest_is_solved_at_the_start() {
        assert!(solved_quests::<EscapeSandbox>(&QUESTS, &outcome(&EscapeState::default())).is_empty());
    }

    #[test]
    fn only_escaping_renderings_fix_it() {
        for rendering in Rendering::ALL {
            let state = EscapeState { rendering, ..EscapeState::default() };
            let fixed = EscapeSandbox::solved("every-name-is-text", &outcome(&state)) == Some(true);
            let escapes = matches!(
                rendering,
                Rendering::JinjaAutoescape | Rendering::JinjaEscapeFilter | Rendering::DjangoAutoescape
            );
            assert_eq!(fixed, escapes, "{rendering:?}");
        }
    }

    #[test]
    fn unknown_inputs_and_quests_are_reported() {
        let mut state = EscapeState::default();
        let solution = [("colour".to_string(), "red".to_string())].into();
        assert!(EscapeSandbox::apply(&mut state, &solution).unwrap_err().contains("colour"));
        assert_eq!(EscapeSandbox::solved("fly", &outcome(&state)), None);
    }

    /// What the learner sees is what the quest reads: markup past the part the engine reads is
    /// neither shown nor counted, and the outcome says the name was cut.
    #[test]
    fn the_attack_quest_reads_the_greeting_the_page_shows() {
        let hidden =
            EscapeState { name: format!("{}<b>late</b>", "a".repeat(NAME_READ_BYTES)), ..EscapeState::default() };
        let seen = outcome(&hidden);
        assert!(seen.was_cut() && seen.greeting.injected.is_empty());
        assert_eq!(EscapeSandbox::solved("markup-gets-in", &seen), Some(false));
        let shown = EscapeState { name: "<b>early</b>".into(), ..hidden };
        let seen = outcome(&shown);
        assert!(!seen.was_cut() && seen.placements.len() == 5);
        assert_eq!(EscapeSandbox::solved("markup-gets-in", &seen), Some(true));
    }

    #[test]
    fn a_link_with_a_huge_name_is_refused_in_words() {
        assert!(EscapeSandbox::check(&EscapeState::default()).is_ok());
        let huge = EscapeState { name: "a".repeat(LINK_TEXT_LIMIT + 1), ..EscapeState::default() };
        assert!(EscapeSandbox::check(&huge).unwrap_err().contains("name"));
    }

    proptest! {
        #[test]
        fn never_panics(name in "\\PC{0,300}", rendering in 0..6usize) {
            let state = EscapeState { name, rendering: Rendering::ALL[rendering] };
            let seen = outcome(&state);
            for quest in QUESTS { prop_assert!(EscapeSandbox::solved(quest, &seen).is_some()); }
            prop_assert!(state.name.starts_with(&seen.name));
        }
    }
}
