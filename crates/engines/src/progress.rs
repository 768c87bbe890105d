//! The learner's progress: what is saved in `localStorage` and in an exported file.
//!
//! The store is versioned. Reading it never fails outright: foreign or broken data is reported
//! as [`StoreProblem`]s in plain words, and only the broken part is reset. The file's shape is
//! declared once, here, in the `to_json`/`from_json` pairs (read and written with the small
//! [`crate::json`], which keeps serde_json out of the first page load); the test
//! `a_saved_file_looks_like_this` shows a whole file.

use std::collections::BTreeMap;
use std::fmt;

use crate::json::{self, object, Value};

/// Marks a JSON document as ours, so a stray file or another app's key is recognised.
pub const FORMAT: &str = "dragonproof-progress";
/// The schema version written today. Older versions are migrated; newer ones are refused.
pub const VERSION: u32 = 1;

/// Every quest has a nudge and an approach before its answer.
pub const HINTS_BEFORE_ANSWER: u8 = 2;

/// Everything Dragonproof remembers about one learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub format: String,
    pub version: u32,
    pub lessons: BTreeMap<String, LessonProgress>,
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LessonProgress {
    pub read: bool,
    pub quests: BTreeMap<String, QuestProgress>,
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestProgress {
    pub done: bool,
    /// How many of the three hints have been revealed.
    pub hints_shown: u8,
    /// The answer hint was revealed: shown honestly in progress.
    pub answer_shown: bool,
}

/// The quiz result of a lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizScore {
    pub last: u32,
    pub best: u32,
    pub total: u32,
    pub attempts: u32,
}

/// Which framework's code a lesson shows first.
// serde too, for the sandboxes' own states (their bundles use serde_json); its names are
// `name()`'s, which a test checks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Framework {
    #[default]
    Flask,
    Django,
}

/// When quest answers may be revealed: a teacher sets this for a workshop.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AnswerVisibility {
    Hidden,
    #[default]
    AfterSolving,
    Always,
}

/// How a lesson's sandbox sits beside the text on a wide screen; the learner's choice, kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Dock {
    /// Beside the text, about two fifths of the width.
    #[default]
    Beside,
    /// Beside the text, wider than the text (for a sandbox with a lot to show).
    Wide,
    /// Folded to a strip with a button: the text takes the width, the sandbox keeps its state.
    Folded,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Settings {
    pub framework: Framework,
    pub answers: AnswerVisibility,
    pub dock: Dock,
}

/// A choice saved by its name: the enum's variants and the names written in the file.
macro_rules! saved_by_name {
    ($type:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $type {
            pub const ALL: &'static [$type] = &[$($type::$variant),+];

            /// The name in the saved file.
            pub fn name(self) -> &'static str {
                match self {
                    $($type::$variant => $name),+
                }
            }

            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($name => Some($type::$variant),)+
                    _ => None,
                }
            }

            fn from_json(value: &Value) -> Option<Self> {
                Self::from_name(value.as_str()?)
            }
        }
    };
}

saved_by_name!(Framework { Flask => "flask", Django => "django" });
saved_by_name!(AnswerVisibility { Hidden => "hidden", AfterSolving => "after-solving", Always => "always" });
saved_by_name!(Dock { Beside => "beside", Wide => "wide", Folded => "folded" });

// Each record's file shape. Where serde's derives used to be: a field left out reads as its
// default; in a lesson, quest or quiz record a field we do not know makes the record foreign
// (`has_only`), while the top level and the settings ignore unknown fields, so that a newer
// file's additions do not reset an older reader's settings.

impl Settings {
    fn to_json(self) -> Value {
        object([
            ("framework", self.framework.name().into()),
            ("answers", self.answers.name().into()),
            ("dock", self.dock.name().into()),
        ])
    }

    fn from_json(value: &Value) -> Option<Self> {
        value.as_object()?;
        Some(Settings {
            framework: value.field_or_default("framework", Framework::from_json)?,
            answers: value.field_or_default("answers", AnswerVisibility::from_json)?,
            dock: value.field_or_default("dock", Dock::from_json)?,
        })
    }
}

impl LessonProgress {
    fn to_json(&self) -> Value {
        let quests = self.quests.iter().map(|(id, quest)| (id.clone(), quest.to_json())).collect();
        object([
            ("read", self.read.into()),
            ("quests", Value::Object(quests)),
            ("quiz", self.quiz.as_ref().map_or(Value::Null, QuizScore::to_json)),
        ])
    }

    fn from_json(value: &Value) -> Option<Self> {
        if !value.has_only(&["read", "quests", "quiz"]) {
            return None;
        }
        let quests = |value: &Value| {
            let fields = value.as_object()?;
            fields.iter().map(|(id, quest)| Some((id.clone(), QuestProgress::from_json(quest)?))).collect()
        };
        let quiz = match value.get("quiz") {
            None | Some(Value::Null) => None,
            Some(quiz) => Some(QuizScore::from_json(quiz)?),
        };
        Some(LessonProgress {
            read: value.field_or_default("read", Value::as_bool)?,
            quests: value.field_or_default("quests", quests)?,
            quiz,
        })
    }
}

impl QuestProgress {
    fn to_json(&self) -> Value {
        object([
            ("done", self.done.into()),
            ("hints_shown", self.hints_shown.into()),
            ("answer_shown", self.answer_shown.into()),
        ])
    }

    fn from_json(value: &Value) -> Option<Self> {
        if !value.has_only(&["done", "hints_shown", "answer_shown"]) {
            return None;
        }
        Some(QuestProgress {
            done: value.field_or_default("done", Value::as_bool)?,
            hints_shown: value.field_or_default("hints_shown", |hints| u8::try_from(hints.as_u64()?).ok())?,
            answer_shown: value.field_or_default("answer_shown", Value::as_bool)?,
        })
    }
}

impl QuizScore {
    fn to_json(&self) -> Value {
        object([
            ("last", self.last.into()),
            ("best", self.best.into()),
            ("total", self.total.into()),
            ("attempts", self.attempts.into()),
        ])
    }

    fn from_json(value: &Value) -> Option<Self> {
        if !value.has_only(&["last", "best", "total", "attempts"]) {
            return None;
        }
        let count = |key| u32::try_from(value.get(key)?.as_u64()?).ok();
        Some(QuizScore {
            last: count("last")?,
            best: count("best")?,
            total: count("total")?,
            attempts: count("attempts")?,
        })
    }
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
        let document = match json::parse(text) {
            Ok(document) => document,
            Err(error) => return fresh(StoreProblem::NotJson(error.to_string())),
        };
        if document.get("format").and_then(Value::as_str) != Some(FORMAT) {
            return fresh(StoreProblem::Foreign);
        }
        match document.get("version").and_then(Value::as_u64) {
            Some(version) if version == u64::from(VERSION) => {}
            Some(version) if version > u64::from(VERSION) => {
                return fresh(StoreProblem::TooNew(u32::try_from(version).unwrap_or(u32::MAX)))
            }
            _ => return fresh(StoreProblem::Foreign),
        }

        // Each part is read on its own, so that one damaged part cannot spoil the others.
        let mut loaded = Loaded { progress: Progress::default(), problems: Vec::new() };
        match document.get("settings") {
            None | Some(Value::Null) => {}
            Some(settings) => match Settings::from_json(settings) {
                Some(settings) => loaded.progress.settings = settings,
                None => loaded.problems.push(StoreProblem::BadSettings),
            },
        }
        match document.get("lessons") {
            None | Some(Value::Null) => {}
            Some(Value::Object(lessons)) => {
                for (id, record) in lessons {
                    match LessonProgress::from_json(record) {
                        Some(record) => {
                            loaded.progress.lessons.insert(id.clone(), record);
                        }
                        None => loaded.problems.push(StoreProblem::BadLesson(id.clone())),
                    }
                }
            }
            Some(_) => loaded.problems.push(StoreProblem::BadLesson("all lessons".into())),
        }
        loaded
    }

    /// The JSON written to storage and to an exported file (indented: a teacher may open it).
    pub fn to_json(&self) -> String {
        let lessons = self.lessons.iter().map(|(id, lesson)| (id.clone(), lesson.to_json())).collect();
        object([
            ("format", self.format.as_str().into()),
            ("version", self.version.into()),
            ("lessons", Value::Object(lessons)),
            ("settings", self.settings.to_json()),
        ])
        .to_pretty()
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
    fn a_saved_file_looks_like_this() {
        // Byte for byte what serde_json's derives wrote before this reader replaced them, so
        // files saved and exported by earlier versions and by this one are the same format.
        let mut progress = Progress::default();
        progress.set_read("csrf", true);
        progress.record_quiz("csrf", 3, 4);
        progress.reveal_hint("csrf", "forge", 3);
        progress.complete_quest("csrf", "forge");
        progress.set_read("xss", false);
        progress.settings.dock = Dock::Wide;
        let file = r#"{
  "format": "dragonproof-progress",
  "version": 1,
  "lessons": {
    "csrf": {
      "read": true,
      "quests": {
        "forge": {
          "done": true,
          "hints_shown": 1,
          "answer_shown": false
        }
      },
      "quiz": {
        "last": 3,
        "best": 3,
        "total": 4,
        "attempts": 1
      }
    },
    "xss": {
      "read": false,
      "quests": {},
      "quiz": null
    }
  },
  "settings": {
    "framework": "flask",
    "answers": "after-solving",
    "dock": "wide"
  }
}"#;
        assert_eq!(progress.to_json(), file);
        assert_eq!(Progress::read(file), Loaded { progress, problems: vec![] });
    }

    #[test]
    fn the_framework_has_one_name_in_every_file() {
        // The sandboxes' states name it through serde, the progress file through `name`.
        for framework in Framework::ALL {
            assert_eq!(serde_json::to_string(framework).unwrap(), format!("\"{}\"", framework.name()));
        }
    }

    #[test]
    fn fields_left_out_read_as_their_defaults() {
        let text = r#"{"format":"dragonproof-progress","version":1,"settings":{"answers":"always","future":1},
            "lessons":{"csrf":{"quests":{"forge":{}}},"xss":{"quiz":null}}}"#;
        let loaded = Progress::read(text);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(loaded.progress.settings, Settings { answers: AnswerVisibility::Always, ..Settings::default() });
        assert_eq!(loaded.progress.lesson("csrf").quests["forge"], QuestProgress::default());
        assert_eq!(loaded.progress.lesson("xss"), LessonProgress::default());
    }

    #[test]
    fn a_record_that_does_not_fit_is_reset() {
        for record in [
            r#"{"read":true,"extra":1}"#,
            r#"{"read":null}"#,
            r#"{"quests":{"forge":{"hints_shown":300}}}"#,
            r#"{"quests":{"forge":{"hints_shown":1.5}}}"#,
            r#"{"quests":[]}"#,
            r#"{"quiz":{"last":1,"best":1,"total":2}}"#,
            r#"{"quiz":{"last":-1,"best":1,"total":2,"attempts":1}}"#,
            r#""read""#,
        ] {
            let text = format!(r#"{{"format":"dragonproof-progress","version":1,"lessons":{{"csrf":{record}}}}}"#);
            assert_eq!(Progress::read(&text).problems, [StoreProblem::BadLesson("csrf".into())], "{record}");
        }
        let text = r#"{"format":"dragonproof-progress","version":1,"lessons":[]}"#;
        assert_eq!(Progress::read(text).problems, [StoreProblem::BadLesson("all lessons".into())]);
    }

    #[test]
    fn a_broken_file_says_where() {
        let loaded = Progress::read("{\"format\": \"dragonproof-progress\",\n \"version\": 1,,}");
        assert_eq!(
            loaded.problems[0].to_string(),
            "the saved progress is damaged and could not be read (expected a key in double quotes at line 2 column 15)"
        );
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
    fn the_dock_choice_is_kept_and_older_files_read_as_beside() {
        let mut progress = Progress::default();
        progress.settings.dock = Dock::Folded;
        assert_eq!(Progress::read(&progress.to_json()).progress.settings.dock, Dock::Folded);
        let older = r#"{"format":"dragonproof-progress","version":1,"settings":{"framework":"django"}}"#;
        let loaded = Progress::read(older);
        assert_eq!(loaded.progress.settings.dock, Dock::Beside);
        assert!(loaded.problems.is_empty());
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
