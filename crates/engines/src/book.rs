//! A lesson's content file, the one contract between the book's build and the app.
//!
//! The first page load carries only the castle map (titles, order, sandboxes); a lesson's text,
//! quiz and quests are a JSON file of their own (`book/<id>-<hash>.json`), fetched when the
//! lesson opens. `crates/lessons` writes it at build time and the app reads it, both through
//! these types and their `to_json`/`from_json` pairs below, so the field names cannot drift
//! apart (read with the small [`crate::json`]: serde_json stays out of the first page load). Every `*_html` field is ammonia output
//! made from the lesson's Markdown at build time, never learner input.

use std::collections::BTreeMap;

use crate::json::{self, object, Value};

/// A lesson's text, quiz and quests.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonContent {
    /// The castle story, the lesson's first section: on a phone the sandbox follows it.
    pub story_html: String,
    /// The rest of the lesson, from its second section on.
    pub html: String,
    pub quiz: Vec<Question>,
    /// Lessons without a sandbox have none (and older files left the field out).
    pub quests: Vec<Quest>,
}

/// A quest as the lesson declares it.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub html: String,
    /// Whether more than one answer is correct (checkboxes rather than radio buttons).
    pub multiple: bool,
    pub answers: Vec<Answer>,
}

/// One answer of a quiz question, with why it is right or wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub html: String,
    pub why_html: String,
    pub correct: bool,
}

impl LessonContent {
    /// The content file's text.
    pub fn to_json(&self) -> String {
        object([
            ("story_html", self.story_html.as_str().into()),
            ("html", self.html.as_str().into()),
            ("quiz", Value::Array(self.quiz.iter().map(Question::to_json).collect())),
            ("quests", Value::Array(self.quests.iter().map(Quest::to_json).collect())),
        ])
        .to_compact()
    }

    /// Reads a content file; `None` when it is not one (a damaged download, a stale cache).
    pub fn from_json(text: &str) -> Option<Self> {
        let value = json::parse(text).ok()?;
        Some(LessonContent {
            story_html: value.field_or_default("story_html", string)?,
            html: string(value.get("html")?)?,
            quiz: list(value.get("quiz")?, Question::from_json)?,
            quests: value.field_or_default("quests", |quests| list(quests, Quest::from_json))?,
        })
    }
}

impl Quest {
    fn to_json(&self) -> Value {
        let solution = self.solution.iter().map(|(input, text)| (input.clone(), text.as_str().into())).collect();
        object([
            ("id", self.id.as_str().into()),
            ("fix", self.fix.into()),
            ("goal_html", self.goal_html.as_str().into()),
            ("hints_html", self.hints_html.clone().into()),
            ("solution", Value::Object(solution)),
            ("attacker_html", self.attacker_html.as_str().into()),
            ("defender_html", self.defender_html.as_str().into()),
        ])
    }

    fn from_json(value: &Value) -> Option<Self> {
        let solution = value.get("solution")?.as_object()?;
        Some(Quest {
            id: string(value.get("id")?)?,
            fix: value.get("fix")?.as_bool()?,
            goal_html: string(value.get("goal_html")?)?,
            hints_html: list(value.get("hints_html")?, string)?,
            solution: solution
                .iter()
                .map(|(input, text)| Some((input.clone(), string(text)?)))
                .collect::<Option<_>>()?,
            attacker_html: string(value.get("attacker_html")?)?,
            defender_html: string(value.get("defender_html")?)?,
        })
    }
}

impl Question {
    fn to_json(&self) -> Value {
        object([
            ("html", self.html.as_str().into()),
            ("multiple", self.multiple.into()),
            ("answers", Value::Array(self.answers.iter().map(Answer::to_json).collect())),
        ])
    }

    fn from_json(value: &Value) -> Option<Self> {
        Some(Question {
            html: string(value.get("html")?)?,
            multiple: value.get("multiple")?.as_bool()?,
            answers: list(value.get("answers")?, Answer::from_json)?,
        })
    }
}

impl Answer {
    fn to_json(&self) -> Value {
        object([
            ("html", self.html.as_str().into()),
            ("why_html", self.why_html.as_str().into()),
            ("correct", self.correct.into()),
        ])
    }

    fn from_json(value: &Value) -> Option<Self> {
        Some(Answer {
            html: string(value.get("html")?)?,
            why_html: string(value.get("why_html")?)?,
            correct: value.get("correct")?.as_bool()?,
        })
    }
}

fn string(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

fn list<T>(value: &Value, read: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
    value.as_array()?.iter().map(read).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_without_quests_reads_as_none() {
        let content = LessonContent::from_json(r#"{"html":"<p>x</p>","quiz":[]}"#).expect("reads");
        assert!(content.quests.is_empty());
        assert!(content.story_html.is_empty());
    }

    #[test]
    fn content_round_trips() {
        let content = LessonContent {
            story_html: "<h2>The castle story</h2>".into(),
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
        let json = content.to_json();
        assert_eq!(
            json,
            concat!(
                r#"{"story_html":"<h2>The castle story</h2>","html":"<p>castle</p>","#,
                r#""quiz":[{"html":"Q","multiple":false,"answers":[{"html":"A","why_html":"W","correct":true}]}],"#,
                r#""quests":[{"id":"q","fix":true,"goal_html":"g","hints_html":["h"],"solution":{"input":"x"},"#,
                r#""attacker_html":"a","defender_html":"d"}]}"#
            )
        );
        assert_eq!(LessonContent::from_json(&json), Some(content));
    }

    #[test]
    fn a_file_that_is_not_content_reads_as_none() {
        for text in [
            "",
            "{}",
            r#"{"html":1,"quiz":[]}"#,
            r#"{"html":"","quiz":[{"html":"Q","multiple":false}]}"#,
            r#"{"html":"","quiz":[],"quests":[{"id":"q"}]}"#,
            r#"{"html":"","quiz":[]"#,
        ] {
            assert_eq!(LessonContent::from_json(text), None, "{text}");
        }
    }
}
