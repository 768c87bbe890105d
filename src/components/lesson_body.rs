//! A lesson's text once its content file has arrived, in two parts: the castle story, then the
//! rest (on a phone the sandbox sits between them). The story part shows a quiet placeholder
//! until the file arrives, and a retry when it could not be had; the rest waits silently.

use yew::prelude::*;

use crate::lesson_content::ContentState;

/// Which part of the lesson's text to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The castle story, and the loading and failure messages for the whole text.
    Story,
    /// Everything after the story.
    Rest,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: ContentState,
    pub retry: Callback<()>,
    pub part: Part,
}

#[function_component(LessonBody)]
pub fn lesson_body(props: &Props) -> Html {
    match (&props.state, props.part) {
        (ContentState::Loading, Part::Story) => html! {
            <div class="lesson-body is-loading" aria-busy="true">
                <p class="engine-status">{"Unrolling the scroll…"}</p>
            </div>
        },
        (ContentState::Failed(reason), Part::Story) => {
            let retry = props.retry.reform(|_: MouseEvent| ());
            html! {
                <div class="lesson-body" role="alert">
                    <p class="is-error">{ format!("This lesson could not be opened: {reason}.") }</p>
                    <button type="button" class="button" onclick={retry}>{"Try again"}</button>
                </div>
            }
        }
        // The HTML was rendered and cleaned by ammonia at build time (crates/lessons), from
        // the lesson files in this repository: never learner input.
        (ContentState::Ready(content), part) => {
            let html = if part == Part::Story { &content.story_html } else { &content.html };
            if html.is_empty() {
                return Html::default();
            }
            html! {
                <div class={classes!("lesson-body", (part == Part::Story).then_some("lesson-story"))}>
                    { Html::from_html_unchecked(AttrValue::from(html.clone())) }
                </div>
            }
        }
        (_, Part::Rest) => Html::default(),
    }
}
