//! One lesson: its story and code (HTML rendered at build time), its sandbox, and the way on.

use yew::prelude::*;

use dragonproof_engines::progress::Dock;

use crate::components::{BodyPart, Checklist, LessonBody, NotFound, Quiz, ResetLesson, SandboxJump, SandboxSlot};
use std::rc::Rc;

use crate::lesson_content::{use_lesson_content, ContentState, Quest};
use crate::lessons::{self, Lesson, Sandbox};
use crate::route::Route;
use crate::state::{use_app, Action};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: String,
}

#[function_component(LessonPage)]
pub fn lesson_page(props: &Props) -> Html {
    let lesson = lessons::find(&props.id);

    // A new page starts at its top with focus on its heading, as a screen reader expects.
    use_effect_with(props.id.clone(), |_| {
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
            if let Some(heading) = window.document().and_then(|d| d.get_element_by_id("page-title")) {
                if let Ok(heading) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(heading) {
                    let _ = heading.focus();
                }
            }
        }
    });

    match lesson {
        None => html! { <NotFound /> },
        Some(lesson) if lesson.sandbox == Sandbox::None => html! { <Checklist {lesson} /> },
        Some(lesson) => html! { <LessonView {lesson} /> },
    }
}

#[derive(Properties, PartialEq)]
struct ViewProps {
    lesson: &'static Lesson,
}

#[function_component(LessonView)]
fn lesson_view(props: &ViewProps) -> Html {
    let lesson = props.lesson;
    let app = use_app();
    let read = app.progress.lesson(lesson.id).read;
    let toggle_read = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::SetRead { lesson: lesson.id, read: !read }))
    };
    let (previous, next) = lessons::neighbours(lesson.id);
    let (content, retry) = use_lesson_content(lesson);
    let quests: Rc<Option<Rc<Vec<Quest>>>> = use_memo(content.clone(), |content| match content {
        ContentState::Ready(content) => Some(Rc::new(content.quests.clone())),
        _ => None,
    });
    // A lesson whose sandbox is live docks it beside the text on a wide screen (style.css);
    // one whose sandbox is still being built keeps the single column.
    let docked = lesson.sandbox.entry().is_some_and(|entry| entry.has_view);
    let dock_class = docked.then_some(match app.progress.settings.dock {
        Dock::Beside => "dock-beside",
        Dock::Wide => "dock-wide",
        Dock::Folded => "dock-folded",
    });
    html! {
        <article class={classes!("lesson", docked.then_some("has-dock"), dock_class)}>
            <header class="lesson-header">
                <p class="eyebrow">{ format!("Lesson {} · {}", lesson.order, lesson.castle_title) }</p>
                <h1 id="page-title" tabindex="-1">{ lesson.title }</h1>
                <p class="lesson-meta">
                    { format!("About {} min read", lesson.reading_minutes) }
                    if read { <span class="badge badge-done">{"Read"}</span> }
                </p>
            </header>
            if docked {
                <SandboxJump />
            }
            <LessonBody state={content.clone()} retry={retry.clone()} part={BodyPart::Story} />
            <SandboxSlot sandbox={lesson.sandbox} lesson={lesson.id} lesson_title={lesson.title} quests={(*quests).clone()} />
            <LessonBody state={content.clone()} {retry} part={BodyPart::Rest} />
            if let ContentState::Ready(content) = content {
                <Quiz lesson={lesson.id} {content} />
            }
            <div class="lesson-done actions">
                <button type="button" class={classes!("button", read.then_some("is-on"))}
                    aria-pressed={read.to_string()} onclick={toggle_read}>
                    <span aria-hidden="true" class="check">{ if read { "✓ " } else { "" } }</span>
                    {"I have read this lesson"}
                </button>
                <ResetLesson lesson={lesson.id} />
            </div>
            <nav class="pager" aria-label="Lessons">
                if let Some(previous) = previous {
                    <a href={Route::lesson(previous.id)} class="pager-previous">
                        <span class="pager-label">{"Previous"}</span>
                        <span>{ previous.title }</span>
                    </a>
                }
                if let Some(next) = next {
                    <a href={Route::lesson(next.id)} class="pager-next">
                        <span class="pager-label">{"Next"}</span>
                        <span>{ next.title }</span>
                    </a>
                }
            </nav>
        </article>
    }
}
