//! The learner's progress: what is saved in `localStorage` and in an exported file.
//!
//! The store is versioned. Reading it never fails outright: foreign or broken data is reported
//! as [`StoreProblem`]s in plain words, and only the broken part is reset.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// The top level of a stored document, each part still unparsed.
#[derive(Deserialize)]
struct Parts {
    format: Option<String>,
    version: Option<u64>,
    settings: Option<Box<RawValue>>,
    lessons: Option<Box<RawValue>>,
}

/// Marks a JSON document as ours, so a stray file or another app's key is recognised.
pub const FORMAT: &str = "dragonproof-progress";
/// The schema version written today. Older versions are migrated; newer ones are refused.
pub const VERSION: u32 = 1;

/// Every quest has a nudge and an approach before its answer.
pub const HINTS_BEFORE_ANSWER: u8 = 2;

/// Everything Dragonproof remembers about one learner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub format: String,
    pub version: u32,
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonProgress>,
    #[serde(default)]
    pub settings: Settings,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            format: FORMAT.to_string(),
            version: VERSION,
            lessons: BTreeMap::new(),
            settings: Settings::default(),
        }
    }
}

/// Progress in one lesson.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonProgress {
    #[serde(default)]
    pub read: bool,
    #[serde(default)]
    pub quests: BTreeMap<String, QuestProgress>,
    #[serde(default)]
    pub quiz: Option<QuizScore>,
}

impl LessonProgress {
    /// Whether the lesson counts as finished (it ticks the launch checklist): read, and every
    /// quest the lesson declares solved.
    pub fn finished(&self, quest_ids: &[&str]) -> bool {
        self.read && quest_ids.iter().all(|id| self.quests.get(*id).is_some_and(|quest| quest.done))
    }
}

/// One quest: solved or not, and how much help it took.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestProgress {
    #[serde(default)]
    pub done: bool,
    /// How many of the three hints have been revealed.
    #[serde(default)]
    pub hints_shown: u8,
    /// The answer hint was revealed: shown honestly in progress.
    #[serde(default)]
    pub answer_shown: bool,
}

/// The quiz result of a lesson.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizScore {
    pub last: u32,
    pub best: u32,
    pub total: u32,
    pub attempts: u32,
}

/// Which framework's code a lesson shows first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Framework {
    #[default]
    Flask,
    Django,
}

/// When quest answers may be revealed: a teacher sets this for a workshop.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerVisibility {
    Hidden,
    #[default]
    AfterSolving,
    Always,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub framework: Framework,
    #[serde(default)]
    pub answers: AnswerVisibility,
}

/// Something wrong with stored or imported progress, in words for the learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreProblem {
    /// Not JSON at all (a truncated write, a hand edit).
    NotJson(String),
    /// JSON, but not Dragonproof progress (another app's data, a random file).
    Foreign,
    /// Written by a newer Dragonproof than this one.
    TooNew(u32),
    /// The settings could not be read and were reset.
    BadSettings,
    /// One lesson's record could not be read and was reset.
    BadLesson(String),
}

impl fmt::Display for StoreProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreProblem::NotJson(detail) => {
                write!(f, "the saved progress is damaged and could not be read ({detail})")
            }
            StoreProblem::Foreign => write!(f, "this is not Dragonproof progress"),
            StoreProblem::TooNew(version) => {
                write!(
                    f,
                    "this progress was saved by a newer Dragonproof (format {version}; this one reads up to {VERSION})"
                )
            }
            StoreProblem::BadSettings => write!(f, "the saved settings were damaged and were reset"),
            StoreProblem::BadLesson(id) => {
                write!(f, "the saved progress for lesson “{id}” was damaged and was reset")
            }
        }
    }
}

impl StoreProblem {
    /// Whether the whole store had to be thrown away (as opposed to one part of it).
    pub fn is_fatal(&self) -> bool {
        matches!(self, StoreProblem::NotJson(_) | StoreProblem::Foreign | StoreProblem::TooNew(_))
    }
}

/// What reading a store gives: the progress to use, and what had to be reset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub progress: Progress,
    pub problems: Vec<StoreProblem>,
}

impl Progress {
    /// Reads stored or imported JSON, keeping every part that is sound.
    pub fn read(text: &str) -> Loaded {
        let fresh = |problem| Loaded { progress: Progress::default(), problems: vec![problem] };
        // Parts are kept as raw JSON so that one damaged part cannot spoil the others (and
        // without serde_json's `Value`, which weighs on the app's first-load budget).
        let parts: Parts = match serde_json::from_str(text) {
            Ok(parts) => parts,
            Err(error) if error.is_syntax() || error.is_eof() => {
                return fresh(StoreProblem::NotJson(error.to_string()))
            }
            Err(_) => return fresh(StoreProblem::Foreign),
        };
        if parts.format.as_deref() != Some(FORMAT) {
            return fresh(StoreProblem::Foreign);
        }
        match parts.version {
            Some(version) if version == u64::from(VERSION) => {}
            Some(version) if version > u64::from(VERSION) => {
                return fresh(StoreProblem::TooNew(u32::try_from(version).unwrap_or(u32::MAX)))
            }
            _ => return fresh(StoreProblem::Foreign),
        }

        let mut loaded = Loaded { progress: Progress::default(), problems: Vec::new() };
        if let Some(settings) = parts.settings {
            match serde_json::from_str(settings.get()) {
                Ok(settings) => loaded.progress.settings = settings,
                Err(_) => loaded.problems.push(StoreProblem::BadSettings),
            }
        }
        if let Some(lessons) = parts.lessons {
            match serde_json::from_str::<BTreeMap<String, Box<RawValue>>>(lessons.get()) {
                Ok(lessons) => {
                    for (id, record) in lessons {
                        match serde_json::from_str(record.get()) {
                            Ok(record) => {
                                loaded.progress.lessons.insert(id, record);
                            }
                            Err(_) => loaded.problems.push(StoreProblem::BadLesson(id)),
                        }
                    }
                }
                Err(_) => loaded.problems.push(StoreProblem::BadLesson("all lessons".into())),
            }
        }
        loaded
    }

    /// The JSON written to storage and to an exported file.
    pub fn to_json(&self) -> String {
        // Serializing plain maps, strings and numbers cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn lesson(&self, id: &str) -> LessonProgress {
        self.lessons.get(id).cloned().unwrap_or_default()
    }

    fn lesson_mut(&mut self, id: &str) -> &mut LessonProgress {
        self.lessons.entry(id.to_string()).or_default()
    }

    pub fn set_read(&mut self, id: &str, read: bool) {
        self.lesson_mut(id).read = read;
    }

    /// Records a finished quiz attempt.
    pub fn record_quiz(&mut self, id: &str, correct: u32, total: u32) {
        let lesson = self.lesson_mut(id);
        let (best, attempts) = match &lesson.quiz {
            Some(score) => (score.best.max(correct), score.attempts.saturating_add(1)),
            None => (correct, 1),
        };
        lesson.quiz = Some(QuizScore { last: correct, best, total, attempts });
    }

    /// Marks a quest solved (idempotent).
    pub fn complete_quest(&mut self, lesson: &str, quest: &str) {
        self.lesson_mut(lesson).quests.entry(quest.to_string()).or_default().done = true;
    }

    /// Reveals the next hint of a quest, up to `available` (which is [`HINTS_BEFORE_ANSWER`],
    /// plus one when the answer may be shown). The hint after the first two is the answer.
    pub fn reveal_hint(&mut self, lesson: &str, quest: &str, available: u8) {
        let record = self.lesson_mut(lesson).quests.entry(quest.to_string()).or_default();
        record.hints_shown = record.hints_shown.saturating_add(1).min(available);
        if record.hints_shown > HINTS_BEFORE_ANSWER {
            record.answer_shown = true;
        }
    }

    /// Forgets one lesson's progress.
    pub fn reset_lesson(&mut self, id: &str) {
        self.lessons.remove(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json() {
        let mut progress = Progress::default();
        progress.set_read("csrf", true);
        progress.record_quiz("csrf", 3, 4);
        progress.complete_quest("csrf", "forge");
        progress.settings.framework = Framework::Django;
        let loaded = Progress::read(&progress.to_json());
        assert!(loaded.problems.is_empty());
        assert_eq!(loaded.progress, progress);
    }

    #[test]
    fn garbage_is_reset_with_a_problem() {
        let loaded = Progress::read("{not json");
        assert_eq!(loaded.progress, Progress::default());
        assert!(matches!(loaded.problems[..], [StoreProblem::NotJson(_)]));
        assert!(loaded.problems[0].is_fatal());
    }

    #[test]
    fn another_apps_json_is_foreign() {
        for text in [r#"{"theme":"dark"}"#, "[1,2]", "42", r#"{"format":"dragonproof-progress"}"#] {
            let loaded = Progress::read(text);
            assert_eq!(loaded.problems, [StoreProblem::Foreign], "{text}");
        }
    }

    #[test]
    fn newer_version_is_refused_not_misread() {
        let loaded = Progress::read(r#"{"format":"dragonproof-progress","version":7}"#);
        assert_eq!(loaded.problems, [StoreProblem::TooNew(7)]);
    }

    #[test]
    fn one_broken_lesson_is_reset_and_the_rest_kept() {
        let text = r#"{"format":"dragonproof-progress","version":1,
            "lessons":{"csrf":{"read":true},"sql-injection":{"read":"yes"}}}"#;
        let loaded = Progress::read(text);
        assert!(loaded.progress.lesson("csrf").read);
        assert_eq!(loaded.problems, [StoreProblem::BadLesson("sql-injection".into())]);
        assert!(!loaded.problems[0].is_fatal());
    }

    #[test]
    fn broken_quest_data_resets_only_that_lesson() {
        let text = r#"{"format":"dragonproof-progress","version":1,
            "lessons":{"csrf":{"quests":{"forge":{"done":"maybe"}}},"xss":{"read":true}}}"#;
        let loaded = Progress::read(text);
        assert!(loaded.progress.lesson("xss").read);
        assert_eq!(loaded.problems, [StoreProblem::BadLesson("csrf".into())]);
    }

    #[test]
    fn bad_settings_are_reset_alone() {
        let text = r#"{"format":"dragonproof-progress","version":1,"settings":{"framework":"rails"},
            "lessons":{"csrf":{"read":true}}}"#;
        let loaded = Progress::read(text);
        assert_eq!(loaded.problems, [StoreProblem::BadSettings]);
        assert!(loaded.progress.lesson("csrf").read);
    }

    #[test]
    fn quiz_keeps_best_score_and_counts_attempts() {
        let mut progress = Progress::default();
        progress.record_quiz("a", 4, 5);
        progress.record_quiz("a", 2, 5);
        assert_eq!(progress.lesson("a").quiz, Some(QuizScore { last: 2, best: 4, total: 5, attempts: 2 }));
    }

    #[test]
    fn hints_without_the_answer_do_not_mark_it_shown() {
        let mut progress = Progress::default();
        for _ in 0..5 {
            progress.reveal_hint("a", "q", HINTS_BEFORE_ANSWER);
        }
        let quest = &progress.lesson("a").quests["q"];
        assert_eq!(quest.hints_shown, 2);
        assert!(!quest.answer_shown);
    }

    #[test]
    fn revealing_the_last_hint_marks_the_answer_shown() {
        let mut progress = Progress::default();
        for _ in 0..5 {
            progress.reveal_hint("a", "q", 3);
        }
        let quest = &progress.lesson("a").quests["q"];
        assert_eq!(quest.hints_shown, 3);
        assert!(quest.answer_shown);
    }
}
