//! Hash routes (`#/lesson/csrf`): they survive a reload and a deep link on any static host,
//! under any sub-path, and from a file opened straight from disk, with no server rewrite rules.
//!
//! Links are plain `<a href="#/...">`: the browser changes the hash and keeps history by itself,
//! and [`use_route`] follows `hashchange`. (A router crate cost about 10 KB gzip of the 200 KB
//! first-load budget for what these few lines do.)

use gloo_events::EventListener;
use yew::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    /// A lesson, or the launch checklist (`#/lesson/checklist`).
    Lesson {
        id: String,
    },
    Progress,
    NotFound,
}

impl Route {
    /// Reads a location hash (`#/lesson/csrf`, `#/`, or empty).
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/').trim_end_matches('/');
        match path.split('/').collect::<Vec<_>>()[..] {
            [""] => Route::Home,
            ["progress"] => Route::Progress,
            ["lesson", id] if !id.is_empty() => Route::Lesson { id: id.to_string() },
            _ => Route::NotFound,
        }
    }

    /// The `href` that leads here.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".to_string(),
            Route::Lesson { id } => format!("#/lesson/{id}"),
            Route::Progress => "#/progress".to_string(),
            Route::NotFound => "#/not-found".to_string(),
        }
    }

    /// A link to a lesson.
    pub fn lesson(id: &str) -> String {
        Route::Lesson { id: id.to_string() }.href()
    }
}

fn current() -> Route {
    let hash = web_sys::window().and_then(|window| window.location().hash().ok()).unwrap_or_default();
    Route::parse(&hash)
}

/// The current route, following the browser's `hashchange` (links, back, forward, typed URLs).
#[hook]
pub fn use_route() -> Route {
    let route = use_state(current);
    {
        let route = route.clone();
        use_effect_with((), move |()| {
            let listener = web_sys::window()
                .map(|window| EventListener::new(&window, "hashchange", move |_| route.set(current())));
            move || drop(listener)
        });
    }
    (*route).clone()
}
