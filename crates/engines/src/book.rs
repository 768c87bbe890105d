//! A lesson's content file, the one contract between the book's build and the app.
//!
//! The first page load carries only the castle map (titles, order, sandboxes); a lesson's text,
//! quiz and quests are a JSON file of their own (`book/<id>-<hash>.json`), fetched when the
//! lesson opens. `crates/lessons` writes it at build time and the app reads it, both through
//! these types, so the field names cannot drift apart. Every `*_html` field is ammonia output
//! made from the lesson's Markdown at build time, never learner input.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A lesson's text, quiz and quests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonContent {
    pub html: String,
    pub quiz: Vec<Question>,
    /// Lessons without a sandbox have none (and older files left the field out).
    #[serde(default)]
    pub quests: Vec<Quest>,
}

/// A quest as the lesson declares it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quest {
    pub id: String,
    /// A fix quest ("now stop it"), as opposed to an attack.
    pub fix: bool,
    pub goal_html: String,
    /// The nudge and the approach; the answer hint comes from `solution`.
    pub hints_html: Vec<String>,
    /// Sandbox inputs by name, as `SandboxEngine::apply` reads them.
    pub solution: BTreeMap<String, String>,
    pub attacker_html: String,
    pub defender_html: String,
}

/// A quiz question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub html: String,
    /// Whether more than one answer is correct (checkboxes rather than radio buttons).
    pub multiple: bool,
    pub answers: Vec<Answer>,
}

/// One answer of a quiz question, with why it is right or wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub html: String,
    pub why_html: String,
    pub correct: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_without_quests_reads_as_none() {
        let content: LessonContent = serde_json::from_str(r#"{"html":"<p>x</p>","quiz":[]}"#).expect("reads");
        assert!(content.quests.is_empty());
    }

    #[test]
    fn content_round_trips() {
        let content = LessonContent {
            html: "<p>castle</p>".into(),
            quiz: vec![Question {
                html: "Q".into(),
                multiple: false,
                answers: vec![Answer { html: "A".into(), why_html: "W".into(), correct: true }],
            }],
            quests: vec![Quest {
                id: "q".into(),
                fix: true,
                goal_html: "g".into(),
                hints_html: vec!["h".into()],
                solution: BTreeMap::from([("input".to_string(), "x".to_string())]),
                attacker_html: "a".into(),
                defender_html: "d".into(),
            }],
        };
        let json = serde_json::to_string(&content).expect("writes");
        assert_eq!(serde_json::from_str::<LessonContent>(&json).expect("reads"), content);
    }
}
