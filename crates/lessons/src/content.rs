//! A lesson's body and quiz as the file the app fetches when the lesson opens.
//!
//! The first page load carries only the map (titles, summaries, order): lesson text grows with
//! every lesson, quiz and hint, so it would eat the 200 KB first-load budget. Each lesson's
//! content is a small JSON file named by its content hash, so a host may cache it forever and a
//! new build never meets an old file.

use dragonproof_engines::book::{Answer, LessonContent, Quest, Question};

use crate::book::RenderedLesson;
use crate::render::render_inline;

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
                html: html.clone(),
                multiple: question.kind == crate::QuestionKind::Multiple,
                answers: question
                    .answers
                    .iter()
                    .zip(answers)
                    .map(|(answer, (html, why_html))| Answer {
                        html: html.clone(),
                        why_html: why_html.clone(),
                        correct: answer.correct,
                    })
                    .collect(),
            })
            .collect();
        let quests = self
            .front
            .quests
            .iter()
            .map(|quest| Quest {
                id: quest.id.clone(),
                fix: quest.kind == crate::QuestKind::Fix,
                goal_html: render_inline(&quest.goal),
                hints_html: quest.hints.iter().map(|hint| render_inline(hint)).collect(),
                solution: quest.solution.clone(),
                attacker_html: render_inline(&quest.attacker),
                defender_html: render_inline(&quest.defender),
            })
            .collect();
        let (story, rest) = split_story(&self.html);
        LessonContent { story_html: story.into(), html: rest.into(), quiz, quests }.to_json()
    }

    /// `book/<id>-<hash>.json`, relative to the app's base URL.
    pub fn content_path(&self) -> String {
        format!("{CONTENT_DIR}/{}-{:016x}.json", self.front.id, fnv1a(&self.content_json()))
    }
}

/// The lesson's HTML cut before its second section: (the castle story, the rest). A lesson with
/// one section (the checklist) is all rest.
fn split_story(html: &str) -> (&str, &str) {
    match html.match_indices("<h2").nth(1) {
        Some((at, _)) => html.split_at(at),
        None => ("", html),
    }
}

/// FNV-1a, 64 bits: a stable fingerprint for cache-busting file names, not a security hash.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::{fnv1a, split_story};

    #[test]
    fn the_story_is_the_first_section() {
        let html = "<h2>The castle story</h2><p>Once</p><h2>The danger</h2><p>x</p><h2>The fix</h2>";
        assert_eq!(
            split_story(html),
            ("<h2>The castle story</h2><p>Once</p>", "<h2>The danger</h2><p>x</p><h2>The fix</h2>")
        );
        assert_eq!(split_story("<h2>Before you deploy</h2><p>x</p>"), ("", "<h2>Before you deploy</h2><p>x</p>"));
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
