//! Fetches a lesson's content file (its HTML and quiz) when the lesson opens, once per visit.
//!
//! The files are written at build time by `build.rs` (crates/lessons/src/content.rs), in the
//! types of `dragonproof_engines::book`; their HTML is ammonia output, never learner input.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::lessons::Lesson;

pub use dragonproof_engines::book::{Answer, LessonContent, Quest, Question};

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
    LessonContent::from_json(&text).ok_or_else(|| "the lesson file is damaged; try reloading the page".to_string())
}
