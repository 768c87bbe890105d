//! The app's one piece of shared state: the learner's progress and the notices about it.

use std::rc::Rc;

use dragonproof_engines::progress::{AnswerVisibility, Framework, Progress};
use yew::prelude::*;

/// Progress plus the notices the banner shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub progress: Progress,
    pub notices: Vec<String>,
}

/// Everything that changes progress goes through one of these.
pub enum Action {
    SetRead {
        lesson: &'static str,
        read: bool,
    },
    SetFramework(Framework),
    SetAnswers(AnswerVisibility),
    RecordQuiz {
        lesson: &'static str,
        correct: u32,
        total: u32,
    },
    CompleteQuest {
        lesson: &'static str,
        quest: String,
    },
    /// Reveals the next hint, up to `available` (see `Progress::reveal_hint`).
    RevealHint {
        lesson: &'static str,
        quest: String,
        available: u8,
    },
    /// Replace progress with an imported file's (already checked) contents.
    Import {
        progress: Progress,
        notices: Vec<String>,
    },
    ResetAll,
    ResetLesson(&'static str),
    Notify(String),
    DismissNotices,
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetRead { lesson, read } => next.progress.set_read(lesson, read),
            Action::SetFramework(framework) => next.progress.settings.framework = framework,
            Action::SetAnswers(answers) => next.progress.settings.answers = answers,
            Action::RecordQuiz { lesson, correct, total } => next.progress.record_quiz(lesson, correct, total),
            Action::CompleteQuest { lesson, quest } => next.progress.complete_quest(lesson, &quest),
            Action::RevealHint { lesson, quest, available } => next.progress.reveal_hint(lesson, &quest, available),
            Action::Import { progress, notices } => {
                next.progress = progress;
                next.notices = notices;
            }
            Action::ResetAll => next.progress = Progress::default(),
            Action::ResetLesson(lesson) => next.progress.reset_lesson(lesson),
            Action::Notify(notice) => next.notices.push(notice),
            Action::DismissNotices => next.notices.clear(),
        }
        Rc::new(next)
    }
}

/// The handle components take from context.
pub type AppContext = UseReducerHandle<AppState>;

/// Reads the app state from context (provided by `App`).
#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("App provides the AppContext")
}
