//! A lesson's body and quiz as the file the app fetches when the lesson opens.
//!
//! The first page load carries only the map (titles, summaries, order): lesson text grows with
//! every lesson, quiz and hint, so it would eat the 200 KB first-load budget. Each lesson's
//! content is a small JSON file named by its content hash, so a host may cache it forever and a
//! new build never meets an old file.

use serde::Serialize;

use crate::book::RenderedLesson;
use crate::render::render_inline;

/// What the app's `LessonContent` reads (src/lessons.rs); field names are the contract.
#[derive(Serialize)]
struct Content<'a> {
    html: &'a str,
    quiz: Vec<Question<'a>>,
    quests: Vec<Quest<'a>>,
}

#[derive(Serialize)]
struct Quest<'a> {
    id: &'a str,
    fix: bool,
    goal_html: String,
    hints_html: Vec<String>,
    solution: &'a std::collections::BTreeMap<String, String>,
    attacker_html: String,
    defender_html: String,
}

#[derive(Serialize)]
struct Question<'a> {
    html: &'a str,
    multiple: bool,
    answers: Vec<Answer<'a>>,
}

#[derive(Serialize)]
struct Answer<'a> {
    html: &'a str,
    why_html: &'a str,
    correct: bool,
}

/// The folder of `dist/` that holds the content files.
pub const CONTENT_DIR: &str = "book";

impl RenderedLesson {
    /// The JSON the app fetches for this lesson.
    pub fn content_json(&self) -> String {
        let quiz = self
            .front
            .quiz
            .iter()
            .zip(&self.quiz_html)
            .map(|(question, (html, answers))| Question {
                html,
                multiple: question.kind == crate::QuestionKind::Multiple,
                answers: question
                    .answers
                    .iter()
                    .zip(answers)
                    .map(|(answer, (html, why_html))| Answer { html, why_html, correct: answer.correct })
                    .collect(),
            })
            .collect();
        let quests = self
            .front
            .quests
            .iter()
            .map(|quest| Quest {
                id: &quest.id,
                fix: quest.kind == crate::QuestKind::Fix,
                goal_html: render_inline(&quest.goal),
                hints_html: quest.hints.iter().map(|hint| render_inline(hint)).collect(),
                solution: &quest.solution,
                attacker_html: render_inline(&quest.attacker),
                defender_html: render_inline(&quest.defender),
            })
            .collect();
        serde_json::to_string(&Content { html: &self.html, quiz, quests }).unwrap_or_default()
    }

    /// `book/<id>-<hash>.json`, relative to the app's base URL.
    pub fn content_path(&self) -> String {
        format!("{CONTENT_DIR}/{}-{:016x}.json", self.front.id, fnv1a(&self.content_json()))
    }
}

/// FNV-1a, 64 bits: a stable fingerprint for cache-busting file names, not a security hash.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::fnv1a;

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
