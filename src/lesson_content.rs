//! Fetches a lesson's content file (its HTML and quiz) when the lesson opens, once per visit.
//!
//! The files are written at build time by `write-book` (crates/lessons/src/content.rs); their
//! HTML is ammonia output, never learner input.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::lessons::Lesson;

/// A lesson's text and quiz, as written by `write-book`.
#[derive(Debug, PartialEq, Deserialize)]
pub struct LessonContent {
    pub html: String,
    pub quiz: Vec<Question>,
    #[serde(default)]
    pub quests: Vec<Quest>,
}

/// A quest as the lesson declares it (crates/lessons: `Quest`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Quest {
    pub id: String,
    /// A fix quest ("now stop it"), as opposed to an attack.
    pub fix: bool,
    pub goal_html: String,
    /// The nudge and the approach; the answer hint comes from `solution`.
    pub hints_html: Vec<String>,
    pub solution: std::collections::BTreeMap<String, String>,
    pub attacker_html: String,
    pub defender_html: String,
}

#[derive(Debug, PartialEq, Deserialize)]
pub struct Question {
    pub html: String,
    pub multiple: bool,
    pub answers: Vec<Answer>,
}

#[derive(Debug, PartialEq, Deserialize)]
pub struct Answer {
    pub html: String,
    pub why_html: String,
    pub correct: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ContentState {
    Loading,
    Ready(Rc<LessonContent>),
    /// Why the content could not be had, in words for the learner.
    Failed(String),
}

thread_local! {
    /// Content already fetched in this visit: going back to a lesson is instant.
    static CACHE: RefCell<HashMap<&'static str, Rc<LessonContent>>> = RefCell::new(HashMap::new());
}

fn cached(path: &'static str) -> Option<Rc<LessonContent>> {
    CACHE.with(|cache| cache.borrow().get(path).cloned())
}

/// The content of `lesson`, and a callback that tries again after a failure.
#[hook]
pub fn use_lesson_content(lesson: &'static Lesson) -> (ContentState, Callback<()>) {
    let path = lesson.content;
    // Keyed by path, so an answer for the previous lesson never shows on this one.
    let state = use_state(|| (path, cached(path).map_or(ContentState::Loading, ContentState::Ready)));
    let attempt = use_state(|| 0_u32);
    {
        let state = state.clone();
        use_effect_with((path, *attempt), move |_| {
            if let Some(content) = cached(path) {
                state.set((path, ContentState::Ready(content)));
            } else {
                state.set((path, ContentState::Loading));
                wasm_bindgen_futures::spawn_local(async move {
                    let next = match fetch_content(path).await {
                        Ok(content) => {
                            let content = Rc::new(content);
                            CACHE.with(|cache| cache.borrow_mut().insert(path, content.clone()));
                            ContentState::Ready(content)
                        }
                        Err(reason) => ContentState::Failed(reason),
                    };
                    state.set((path, next));
                });
            }
        });
    }
    let retry = Callback::from(move |()| attempt.set(*attempt + 1));
    let current = if state.0 == path { state.1.clone() } else { ContentState::Loading };
    (current, retry)
}

async fn fetch_content(path: &str) -> Result<LessonContent, String> {
    let offline = || "the lesson could not be downloaded (are you offline?)".to_string();
    let window = web_sys::window().ok_or_else(offline)?;
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str(path)).await.map_err(|_| offline())?.dyn_into().map_err(|_| offline())?;
    if !response.ok() {
        return Err(format!("the server answered {} for the lesson file", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| offline())?).await.map_err(|_| offline())?;
    let text = text.as_string().ok_or_else(offline)?;
    serde_json::from_str(&text).map_err(|_| "the lesson file is damaged; try reloading the page".to_string())
}
