//! "Reset this lesson's progress", with a confirmation step: read mark, quests, hints and quiz.

use yew::prelude::*;

use crate::state::{use_app, Action};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lesson: &'static str,
}

#[function_component(ResetLesson)]
pub fn reset_lesson(props: &Props) -> Html {
    let app = use_app();
    let confirming = use_state(|| false);
    let set = |value: bool| {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(value))
    };
    let reset = {
        let (app, confirming, lesson) = (app.clone(), confirming.clone(), props.lesson);
        Callback::from(move |_| {
            app.dispatch(Action::ResetLesson(lesson));
            confirming.set(false);
        })
    };
    if *confirming {
        html! {
            <div class="confirm" role="alertdialog" aria-labelledby="reset-lesson-text">
                <p id="reset-lesson-text">{"Reset this lesson's progress? Its read mark, quests, hints and quiz score are cleared."}</p>
                <div class="actions">
                    <button type="button" class="button button-danger" onclick={reset}>{"Yes, reset this lesson"}</button>
                    <button type="button" class="button button-secondary" onclick={set(false)}>{"Cancel"}</button>
                </div>
            </div>
        }
    } else {
        html! {
            <button type="button" class="button button-secondary" onclick={set(true)}>{"Reset this lesson's progress…"}</button>
        }
    }
}
