//! The XSS sandbox's state, the one outcome computed from it (in the ammonia worker), and its
//! quests:
//! - `dragon-on-the-board` (attack): a comment that runs script on a board that trusts it;
//! - `escape-the-board` (fix): the same kind of comment, stopped by the output;
//! - `link-survives-escaping` (attack): autoescape on, and the website link still runs script;
//! - `check-the-link` (fix): a `javascript:` website, and nothing runs.

use serde::{Deserialize, Serialize};

use super::dangers::Danger;
use super::policy_fields::PolicyFields;
use super::render::{render, Output, Place, Rendered};
use super::sanitize::Policy;
use crate::sandbox::{check_link_text, SandboxEngine, SandboxState, Solution};

/// The quest ids this sandbox knows.
pub const QUESTS: [&str; 4] = ["dragon-on-the-board", "escape-the-board", "link-survives-escaping", "check-the-link"];

/// Everything the learner sets in the XSS sandbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct XssState {
    pub input: String,
    pub place: Place,
    pub output: Output,
    /// The ammonia policy as the learner typed it into the editor; `None` until they edit it,
    /// which means ammonia's defaults. Kept as typed text (not a parsed [`Policy`]) so a link
    /// gives the editor back exactly what the teacher wrote, and so the view can hold a state
    /// without building ammonia's defaults (that would pull ammonia into its bundle).
    #[serde(default)]
    pub policy: Option<PolicyFields>,
}

impl Default for XssState {
    /// A friendly comment on a board that trusts it: nothing runs yet.
    fn default() -> Self {
        XssState {
            input: "Lovely castle! <b>Ten out of ten</b>, would storm again.".to_string(),
            place: Place::Comment,
            output: Output::AsWritten,
            policy: None,
        }
    }
}

/// Everything the XSS sandbox shows for one state, and what its quests read. It crosses from
/// the worker to the view, so it carries the template and output it was computed for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct XssOutcome {
    pub place: Place,
    pub output: Output,
    /// The rendering, or why the input was refused (over the sanitizer's limit).
    pub rendered: Result<Rendered, String>,
    /// The policy ammonia ran under: the editor starts from it when the learner has not edited.
    pub policy: Policy,
}

/// The XSS sandbox's engine.
pub struct XssSandbox;

impl SandboxEngine for XssSandbox {
    type State = XssState;
    type Env = ();
    type Outcome = XssOutcome;

    fn test_env() {}

    fn outcome(state: &XssState, _env: &mut ()) -> XssOutcome {
        // A line of the editor that makes no sense is skipped; the editor shows why.
        let policy = state.policy.as_ref().map(|fields| fields.to_policy().0).unwrap_or_default();
        XssOutcome { place: state.place, output: state.output, rendered: render(state, &policy), policy }
    }

    fn solved(quest: &str, outcome: &XssOutcome) -> Option<bool> {
        if !QUESTS.contains(&quest) {
            return None;
        }
        // A refused input (over the sanitizer's limit) solves nothing.
        let Ok(rendered) = &outcome.rendered else {
            return Some(false);
        };
        Some(solved_in(quest, outcome.place, outcome.output, rendered))
    }

    fn describe(solution: &Solution) -> Vec<String> {
        solution
            .iter()
            .map(|(input, value)| match input.as_str() {
                "input" => format!("Value: {value}"),
                "place" => match Place::from_name(value) {
                    Some(place) => format!("Template: {}", place.template()),
                    None => format!("place: {value}"),
                },
                "output" => format!("Output: {}", value.replace('-', " ")),
                other => format!("{other}: {value}"),
            })
            .collect()
    }
}

/// Whether `quest` is solved for a value rendered in `place` with `output`.
fn solved_in(quest: &str, place: Place, output: Output, rendered: &Rendered) -> bool {
    let attack = !rendered.dangers_as_written.is_empty();
    let link_attack = rendered.dangers_as_written.iter().any(|danger| matches!(danger, Danger::JavascriptUrl { .. }));
    let runs = !rendered.dangers.is_empty();
    let url_runs = rendered.dangers.iter().any(|danger| matches!(danger, Danger::JavascriptUrl { .. }));
    match quest {
        // Attack: a comment that runs script on a board that trusts it.
        "dragon-on-the-board" => place == Place::Comment && output == Output::AsWritten && runs,
        // Fix: the same kind of comment, stopped by the output, not by a harmless input.
        "escape-the-board" => place == Place::Comment && output != Output::AsWritten && attack && !runs,
        // Attack: autoescape on, and the link still runs script.
        "link-survives-escaping" => place == Place::Link && output == Output::Escaped && url_runs,
        // Fix: a javascript: website, and nothing runs.
        "check-the-link" => {
            place == Place::Link && matches!(output, Output::UrlChecked | Output::Sanitized) && link_attack && !runs
        }
        _ => false,
    }
}

/// Every text field is bounded, and the output must be one the template offers.
impl SandboxState for XssState {
    fn apply(&mut self, solution: &Solution) -> Result<(), String> {
        for (input, value) in solution {
            match input.as_str() {
                "input" => self.input = value.clone(),
                "place" => {
                    self.place =
                        Place::from_name(value).ok_or_else(|| format!("`{value}` is not a place of the XSS sandbox"))?
                }
                "output" => {
                    self.output = Output::from_name(value)
                        .ok_or_else(|| format!("`{value}` is not an output of the XSS sandbox"))?
                }
                other => return Err(format!("the XSS sandbox has no input `{other}`")),
            }
        }
        Ok(())
    }

    fn check(&self) -> Result<(), String> {
        let state = self;
        check_link_text("value", &state.input)?;
        if let Some(fields) = &state.policy {
            for (field, text) in [
                ("list of allowed tags", &fields.tags),
                ("list of attributes allowed on every tag", &fields.generic_attributes),
                ("list of attributes per tag", &fields.tag_attributes),
                ("list of URL schemes", &fields.url_schemes),
                ("link rel", &fields.link_rel),
                ("list of tags removed with their content", &fields.drop_content_of),
            ] {
                check_link_text(field, text)?;
            }
        }
        if !state.output.fits(state.place) {
            return Err(format!(
                "This link asks for the “{}” output on a comment, but that output checks URLs and only applies to a link.",
                state.output.name()
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::{solved_quests, LINK_TEXT_LIMIT};
    use crate::xss::sanitize::MAX_INPUT_BYTES;
    use proptest::prelude::*;

    fn state(input: &str, place: Place, output: Output) -> XssState {
        XssState { input: input.to_string(), place, output, policy: None }
    }

    fn solved(state: &XssState) -> Vec<String> {
        solved_quests::<XssSandbox>(&QUESTS, &XssSandbox::outcome(state, &mut ()))
    }

    #[test]
    fn quests_start_unsolved_and_each_is_solved_only_by_its_own_kind_of_answer() {
        assert!(solved(&XssState::default()).is_empty());
        let payload = "<img src=x onerror=alert('dragon')>";
        assert_eq!(solved(&state(payload, Place::Comment, Output::AsWritten)), ["dragon-on-the-board"]);
        assert_eq!(solved(&state(payload, Place::Comment, Output::Escaped)), ["escape-the-board"]);
        assert_eq!(solved(&state(payload, Place::Comment, Output::Sanitized)), ["escape-the-board"]);
        // Escaping a harmless comment is not a fix of anything.
        assert!(solved(&state("hello", Place::Comment, Output::Escaped)).is_empty());
        let link = "javascript:alert('dragon')";
        assert_eq!(solved(&state(link, Place::Link, Output::Escaped)), ["link-survives-escaping"]);
        assert_eq!(solved(&state(link, Place::Link, Output::UrlChecked)), ["check-the-link"]);
        assert!(solved(&state("https://x", Place::Link, Output::UrlChecked)).is_empty());
        assert_eq!(XssSandbox::solved("fly", &XssSandbox::outcome(&XssState::default(), &mut ())), None);
    }

    #[test]
    fn unknown_inputs_are_reported() {
        let mut s = XssState::default();
        let bad = [("place".to_string(), "moat".to_string())].into();
        assert!(XssSandbox::apply(&mut s, &bad).unwrap_err().contains("moat"));
    }

    /// The outcome travels from the worker to the view as JSON: the quests read from what
    /// arrives must be the quests read in the worker.
    #[test]
    fn the_outcome_reads_the_same_quests_after_crossing_from_the_worker() {
        for (input, place, output) in [
            ("<img src=x onerror=alert('dragon')>", Place::Comment, Output::AsWritten),
            ("<img src=x onerror=alert('dragon')>", Place::Comment, Output::Sanitized),
            ("javascript:alert('dragon')", Place::Link, Output::Escaped),
            ("javascript:alert('dragon')", Place::Link, Output::UrlChecked),
        ] {
            let outcome = XssSandbox::outcome(&state(input, place, output), &mut ());
            let arrived: XssOutcome = serde_json::from_str(&serde_json::to_string(&outcome).unwrap()).unwrap();
            assert_eq!(arrived, outcome);
            let here = solved_quests::<XssSandbox>(&QUESTS, &outcome);
            assert_eq!(solved_quests::<XssSandbox>(&QUESTS, &arrived), here);
            assert_eq!(here.len(), 1, "{input} {output:?}: {here:?}");
        }
    }

    /// The learner's policy is part of the state, so the outcome (and the quests) follow it: a
    /// policy that allows `onerror` on images lets the attack through the sanitizer.
    #[test]
    fn the_policy_in_the_state_decides_what_the_sanitizer_keeps() {
        let payload = "<img src=x onerror=alert('dragon')>";
        let mut loose = state(payload, Place::Comment, Output::Sanitized);
        let mut fields = PolicyFields::from(&Policy::default());
        fields.tag_attributes.push_str("\nimg: onerror");
        loose.policy = Some(fields);
        let outcome = XssSandbox::outcome(&loose, &mut ());
        assert!(outcome.policy.tag_attributes["img"].contains(&"onerror".to_string()));
        assert!(!outcome.rendered.as_ref().unwrap().dangers.is_empty());
        assert!(solved_quests::<XssSandbox>(&QUESTS, &outcome).is_empty());
    }

    #[test]
    fn a_refused_input_solves_nothing() {
        let huge = state(&"<script>".repeat(MAX_INPUT_BYTES / 8 + 1), Place::Comment, Output::Sanitized);
        let outcome = XssSandbox::outcome(&huge, &mut ());
        assert!(outcome.rendered.is_err());
        assert_eq!(XssSandbox::solved("escape-the-board", &outcome), Some(false));
    }

    #[test]
    fn links_with_huge_fields_or_unknown_combinations_are_refused_in_words() {
        assert!(XssSandbox::check(&XssState::default()).is_ok());
        let huge = state(&"a".repeat(LINK_TEXT_LIMIT + 1), Place::Comment, Output::Escaped);
        assert!(XssSandbox::check(&huge).unwrap_err().contains("value"));
        let huge_policy = XssState {
            policy: Some(PolicyFields { tags: "b ".repeat(LINK_TEXT_LIMIT), ..PolicyFields::default() }),
            ..XssState::default()
        };
        assert!(XssSandbox::check(&huge_policy).unwrap_err().contains("allowed tags"));
        let mismatched = state("x", Place::Comment, Output::UrlChecked);
        assert!(XssSandbox::check(&mismatched).unwrap_err().contains("only applies to a link"));
        // A state from before the policy was part of it still reads.
        let old: XssState = serde_json::from_str(r#"{"input":"x","place":"Comment","output":"Escaped"}"#).unwrap();
        assert_eq!(old.policy, None);
    }

    proptest! {
        #[test]
        fn never_panics(input in ".{0,300}", place in 0..2usize, output in 0..4usize) {
            let s = state(&input, Place::ALL[place], Output::ALL[output]);
            let outcome = XssSandbox::outcome(&s, &mut ());
            for quest in QUESTS { prop_assert!(XssSandbox::solved(quest, &outcome).is_some()); }
            let _ = XssSandbox::check(&s);
        }
    }
}
