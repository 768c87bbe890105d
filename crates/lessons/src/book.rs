//! All lessons together, checked as a set: ids, order, required sections, quizzes, links.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use crate::front_matter::{split, FrontMatter, QuestionKind, Sandbox};
use crate::render::{render_body_from_line, render_inline};

/// The sections every lesson has, in this order (lessons/README.md).
pub const REQUIRED_SECTIONS: [&str; 5] = ["The castle story", "The danger", "The fix", "Key rules", "Myth busters"];

/// Words per minute for the estimated reading time.
const READING_SPEED: usize = 200;

/// A lesson ready for the app: its front matter and clean HTML.
#[derive(Debug)]
pub struct RenderedLesson {
    pub front: FrontMatter,
    pub html: String,
    pub reading_minutes: usize,
    /// Each question's HTML and each answer's (text, why) HTML, in file order.
    pub quiz_html: Vec<(String, Vec<(String, String)>)>,
}

/// The whole book, sorted by `order`.
#[derive(Debug)]
pub struct Book {
    pub lessons: Vec<RenderedLesson>,
}

/// One thing wrong with one lesson file, in words its author can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookError {
    pub file: String,
    pub message: String,
}

impl fmt::Display for BookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl Book {
    /// Reads every `*.md` in `dir` except `README.md`, and checks the set.
    pub fn load(dir: &Path) -> Result<Book, Vec<BookError>> {
        let entries = std::fs::read_dir(dir)
            .map_err(|error| vec![BookError { file: dir.display().to_string(), message: error.to_string() }])?;
        let mut files = BTreeMap::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if !name.ends_with(".md") || name == "README.md" {
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    files.insert(name, text);
                }
                Err(error) => return Err(vec![BookError { file: name, message: error.to_string() }]),
            }
        }
        Book::from_sources(&files)
    }

    /// Checks and renders lesson sources given as (file name, text).
    pub fn from_sources(files: &BTreeMap<String, String>) -> Result<Book, Vec<BookError>> {
        let mut errors = Vec::new();
        let mut lessons = Vec::new();
        let mut links = Vec::new();
        for (name, text) in files {
            let mut fail = |message: String| {
                errors.push(BookError { file: name.clone(), message });
            };
            let (front, body) = match split(text) {
                Ok(parts) => parts,
                Err(message) => {
                    fail(message);
                    continue;
                }
            };
            if name.strip_suffix(".md") != Some(front.id.as_str()) {
                fail(format!("id `{}` must match the file name", front.id));
            }
            // The body is the end of the file: its first line follows the front matter's.
            let first_line = 1 + text.get(..text.len() - body.len()).unwrap_or_default().matches('\n').count();
            let rendered = render_body_from_line(body, first_line);
            for problem in &rendered.problems {
                fail(problem.clone());
            }
            if rendered.attack_and_defence_diagrams == 0 {
                fail(
                    "no diagram shows the attack and its defence: add a ```` ```diagram ```` block with \
                     `attack:` and `defence:` panels (lessons/README.md, Diagrams)"
                        .into(),
                );
            }
            for problem in check_lesson(&front, &rendered.sections, &rendered.try_steps) {
                fail(problem);
            }
            links.extend(rendered.lesson_links.iter().map(|to| (name.clone(), to.clone())));
            let quiz_html = front
                .quiz
                .iter()
                .map(|question| {
                    let answers = question
                        .answers
                        .iter()
                        .map(|answer| (render_inline(&answer.text), render_inline(&answer.why)))
                        .collect();
                    (render_inline(&question.question), answers)
                })
                .collect();
            lessons.push(RenderedLesson {
                reading_minutes: rendered.words.div_ceil(READING_SPEED).max(1),
                html: rendered.html,
                quiz_html,
                front,
            });
        }

        let ids: BTreeSet<&str> = lessons.iter().map(|lesson| lesson.front.id.as_str()).collect();
        for (from, to) in &links {
            if !ids.contains(to.as_str()) {
                errors.push(BookError { file: from.clone(), message: format!("link to missing lesson `{to}.md`") });
            }
        }
        let mut orders = BTreeMap::new();
        for lesson in &lessons {
            if let Some(other) = orders.insert(lesson.front.order, &lesson.front.id) {
                errors.push(BookError {
                    file: format!("{}.md", lesson.front.id),
                    message: format!("order {} is also used by `{other}`", lesson.front.order),
                });
            }
            for item in &lesson.front.items {
                if !ids.contains(item.lesson.as_str()) || item.lesson == lesson.front.id {
                    errors.push(BookError {
                        file: format!("{}.md", lesson.front.id),
                        message: format!("checklist item names unknown lesson `{}`", item.lesson),
                    });
                }
            }
        }
        if errors.is_empty() {
            lessons.sort_by_key(|lesson| lesson.front.order);
            Ok(Book { lessons })
        } else {
            Err(errors)
        }
    }
}

/// The per-file rules from lessons/README.md.
fn check_lesson(front: &FrontMatter, sections: &[String], try_steps: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    let id_ok =
        !front.id.is_empty() && front.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        problems.push(format!("id `{}` must be lowercase letters, digits and dashes", front.id));
    }
    for (name, value) in [("title", &front.title), ("castle_title", &front.castle_title), ("summary", &front.summary)] {
        if value.trim().is_empty() {
            problems.push(format!("`{name}` is empty"));
        }
    }
    if front.sandbox == Sandbox::None {
        if front.items.is_empty() {
            problems.push("a page without a sandbox is the checklist and needs `[[items]]`".into());
        }
        return problems;
    }
    if !front.items.is_empty() {
        problems.push("only the checklist (sandbox = \"none\") has `[[items]]`".into());
    }
    let mut position = 0;
    for required in REQUIRED_SECTIONS {
        match sections[position..].iter().position(|section| section == required) {
            Some(offset) => position += offset + 1,
            None => problems.push(format!("missing section `## {required}` (or out of order)")),
        }
    }
    let mut quest_ids = std::collections::BTreeSet::new();
    for quest in &front.quests {
        if !quest_ids.insert(quest.id.as_str()) {
            problems.push(format!("quest id `{}` is used twice", quest.id));
        }
        if quest.hints.len() != 2 {
            problems.push(format!(
                "quest `{}` needs exactly two hints (a nudge, then the approach); the answer is written from its solution",
                quest.id
            ));
        }
        if quest.solution.is_empty() {
            problems.push(format!("quest `{}` has no solution", quest.id));
        }
        for (name, text) in [("goal", &quest.goal), ("attacker", &quest.attacker), ("defender", &quest.defender)] {
            if text.trim().is_empty() {
                problems.push(format!("quest `{}`: `{name}` is empty", quest.id));
            }
        }
    }
    // A "Try it" step fills the sandbox with a quest's solution: the lesson text drives the
    // sandbox, so every lesson with quests has at least one step, and each names a real quest.
    for step in try_steps {
        if !quest_ids.contains(step.as_str()) {
            problems.push(format!("\"Try it\" step `try:{step}` names no quest of this lesson"));
        }
    }
    if !front.quests.is_empty() && try_steps.is_empty() {
        problems.push("a lesson with quests needs at least one \"Try it\" step: `[Try it: …](try:<quest id>)`".into());
    }
    if !(3..=6).contains(&front.quiz.len()) {
        problems.push(format!("the quiz has {} questions; write 3 to 6", front.quiz.len()));
    }
    for (number, question) in front.quiz.iter().enumerate() {
        let correct = question.answers.iter().filter(|answer| answer.correct).count();
        let label = number + 1;
        if question.answers.len() < 2 {
            problems.push(format!("quiz question {label} needs at least two answers"));
        }
        match question.kind {
            QuestionKind::Single if correct != 1 => {
                problems.push(format!("quiz question {label} is `single` but has {correct} correct answers"))
            }
            QuestionKind::Multiple if correct == 0 => {
                problems.push(format!("quiz question {label} has no correct answer"))
            }
            _ => {}
        }
        for answer in &question.answers {
            if answer.why.trim().is_empty() {
                problems.push(format!("quiz question {label}: every answer needs a `why`"));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(id: &str, order: u32, extra: &str, body: &str) -> String {
        let quiz = (0..3)
            .map(|_| "[[quiz]]\nquestion = \"Q?\"\nkind = \"single\"\n[[quiz.answers]]\ntext = \"a\"\ncorrect = true\nwhy = \"w\"\n[[quiz.answers]]\ntext = \"b\"\ncorrect = false\nwhy = \"w\"\n")
            .collect::<String>();
        format!(
            "+++\nid = \"{id}\"\norder = {order}\ntitle = \"T\"\ncastle_title = \"C\"\nsandbox = \"sql\"\nsummary = \"S\"\n{extra}{quiz}+++\n{body}"
        )
    }

    const SECTIONS: &str = "## The castle story\n\nx\n\n## The danger\n\n```diagram\ntitle: T\nactor dragon: D\nactor app castle: A\nattack: a\ndragon -> app: x\ndefence: d\ndragon -x app: x\n```\n\n## The fix\n\n## Key rules\n\n## Myth busters\n";

    fn book(files: &[(&str, String)]) -> Result<Book, Vec<BookError>> {
        Book::from_sources(&files.iter().map(|(n, t)| (n.to_string(), t.clone())).collect())
    }

    #[test]
    fn a_complete_lesson_passes() {
        let result = book(&[("a.md", lesson("a", 1, "", SECTIONS))]);
        assert!(result.is_ok(), "{:?}", result.err());
    }

    #[test]
    fn a_lesson_without_an_attack_and_defence_diagram_is_reported() {
        let attack_only = SECTIONS.replace("defence: d\ndragon -x app: x\n", "");
        let errors = book(&[("a.md", lesson("a", 1, "", &attack_only))]).unwrap_err();
        assert!(errors.iter().any(|e| e.message.contains("no diagram shows the attack")), "{errors:?}");
    }

    #[test]
    fn a_bad_diagram_names_its_line_in_the_file() {
        let body = SECTIONS.replace("dragon -> app: x", "dragon -> castle: x");
        let text = lesson("a", 1, "", &body);
        let line = 1 + text.lines().position(|l| l == "dragon -> castle: x").unwrap();
        let errors = book(&[("a.md", text)]).unwrap_err();
        let wanted = format!("a.md: diagram line {line} (`dragon -> castle: x`): unknown actor `castle`");
        assert!(errors.iter().any(|e| e.to_string().starts_with(&wanted)), "{wanted}\n{errors:?}");
    }

    #[test]
    fn missing_section_is_reported() {
        let body = SECTIONS.replace("## Key rules\n", "");
        let errors = book(&[("a.md", lesson("a", 1, "", &body))]).unwrap_err();
        assert!(errors.iter().any(|e| e.message.contains("Key rules")), "{errors:?}");
    }

    #[test]
    fn broken_lesson_link_is_reported() {
        let body = format!("{SECTIONS}\nSee [b](b.md).\n");
        let errors = book(&[("a.md", lesson("a", 1, "", &body))]).unwrap_err();
        assert!(errors.iter().any(|e| e.message.contains("missing lesson `b.md`")), "{errors:?}");
    }

    #[test]
    fn id_must_match_file_name() {
        let errors = book(&[("b.md", lesson("a", 1, "", SECTIONS))]).unwrap_err();
        assert!(errors.iter().any(|e| e.message.contains("file name")), "{errors:?}");
    }

    #[test]
    fn duplicate_order_is_reported() {
        let errors =
            book(&[("a.md", lesson("a", 1, "", SECTIONS)), ("b.md", lesson("b", 1, "", SECTIONS))]).unwrap_err();
        assert!(errors.iter().any(|e| e.message.contains("order 1")), "{errors:?}");
    }

    #[test]
    fn single_question_with_two_correct_answers_is_reported() {
        let text = lesson("a", 1, "", SECTIONS).replacen("correct = false", "correct = true", 1);
        let errors = book(&[("a.md", text)]).unwrap_err();
        assert!(errors.iter().any(|e| e.message.contains("2 correct")), "{errors:?}");
    }
}
