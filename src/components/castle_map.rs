//! The home page: the castle map of all lessons, with the learner's progress on each.

use yew::prelude::*;

use crate::lessons::{self, Lesson};
use crate::route::Route;
use crate::state::use_app;

#[function_component(CastleMap)]
pub fn castle_map() -> Html {
    let app = use_app();
    let progress = &app.progress;
    let total = lessons::lessons().count();
    let read = lessons::lessons().filter(|lesson| progress.lesson(lesson.id).read).count();
    let card = |lesson: &'static Lesson| {
        let record = progress.lesson(lesson.id);
        let status = match (record.read, &record.quiz) {
            (_, Some(quiz)) => format!("Quiz {}/{}", quiz.best, quiz.total),
            (true, None) => "Read".to_string(),
            (false, None) => "Not started".to_string(),
        };
        html! {
            <li class={classes!("lesson-card", record.read.then_some("is-read"))}>
                <a href={Route::lesson(lesson.id)} class="card-link">
                    <span class="card-number" aria-hidden="true">{ lesson.order }</span>
                    <span class="card-castle">{ lesson.castle_title }</span>
                    <span class="card-title">{ lesson.title }</span>
                </a>
                <p class="card-summary">{ lesson.summary }</p>
                <p class="card-status">
                    <span class="visually-hidden">{"Status: "}</span>
                    { status }
                    <span class="card-minutes">{ format!(" · {} min read", lesson.reading_minutes) }</span>
                </p>
            </li>
        }
    };
    html! {
        <>
            <section class="hero" aria-labelledby="map-title">
                <img class="hero-art" src="static/castle.svg" alt="" width="160" height="120" />
                <div>
                    <h1 id="map-title">{"Keep your castle dragonproof"}</h1>
                    <p class="lede">
                        {"Thirteen short lessons for Flask and Django developers. Read how the dragons get in, \
                          try the attack in a live sandbox, then build the wall that stops it."}
                    </p>
                    <p class="map-progress">
                        <progress max={total.to_string()} value={read.to_string()} aria-label="Lessons read" />
                        { format!(" {read} of {total} lessons read") }
                    </p>
                </div>
            </section>
            <h2 class="map-heading">{"The castle map"}</h2>
            <ol class="castle-map">
                { for lessons::lessons().map(card) }
            </ol>
            <p class="checklist-link">
                <a href={Route::lesson("checklist")}>{"Ready to ride out? The launch checklist"}</a>
            </p>
        </>
    }
}
