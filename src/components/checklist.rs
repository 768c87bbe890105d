//! The launch checklist, ticked from the learner's own progress.

use yew::prelude::*;

use crate::components::{BodyPart, LessonBody};
use crate::lesson_content::use_lesson_content;
use crate::lessons::{self, Lesson};
use crate::route::Route;
use crate::state::use_app;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lesson: &'static Lesson,
}

#[function_component(Checklist)]
pub fn checklist(props: &Props) -> Html {
    let app = use_app();
    let page = props.lesson;
    // Quests join `finished` when the learning loop declares them; none are declared yet.
    let finished = |id: &str| app.progress.lesson(id).finished(&[]);
    let ready = page.checklist.iter().filter(|item| finished(item.lesson)).count();
    let (content, retry) = use_lesson_content(page);
    html! {
        <article class="lesson checklist">
            <header class="lesson-header">
                <p class="eyebrow">{ page.castle_title }</p>
                <h1 id="page-title" tabindex="-1">{ page.title }</h1>
                <p class="lesson-meta">{ format!("{ready} of {} ready", page.checklist.len()) }</p>
            </header>
            <ul class="checklist-items">
                { for page.checklist.iter().map(|item| {
                    let done = finished(item.lesson);
                    let title = lessons::find(item.lesson).map(|l| l.title).unwrap_or(item.lesson);
                    html! {
                        <li class={classes!(done.then_some("is-done"))}>
                            <span class="tick" aria-hidden="true">{ if done { "✓" } else { "" } }</span>
                            <span class="visually-hidden">{ if done { "Done: " } else { "To do: " } }</span>
                            // Inline HTML from the checklist's own front matter, cleaned by
                            // ammonia at build time (build.rs).
                            <span class="item-text">{ Html::from_html_unchecked(AttrValue::Static(item.html)) }</span>
                            <a href={Route::lesson(item.lesson)} class="item-lesson">{ title }</a>
                        </li>
                    }
                }) }
            </ul>
            <LessonBody state={content.clone()} retry={retry.clone()} part={BodyPart::Story} />
            <LessonBody state={content} {retry} part={BodyPart::Rest} />
        </article>
    }
}
