//! A lesson's text once its content file has arrived, with a quiet placeholder until then and
//! a retry when it could not be had.

use yew::prelude::*;

use crate::lesson_content::ContentState;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: ContentState,
    pub retry: Callback<()>,
}

#[function_component(LessonBody)]
pub fn lesson_body(props: &Props) -> Html {
    match &props.state {
        ContentState::Loading => html! {
            <div class="lesson-body is-loading" aria-busy="true">
                <p class="engine-status">{"Unrolling the scroll…"}</p>
            </div>
        },
        ContentState::Failed(reason) => {
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
        ContentState::Ready(content) => html! {
            <div class="lesson-body">{ Html::from_html_unchecked(AttrValue::from(content.html.clone())) }</div>
        },
    }
}
