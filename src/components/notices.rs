//! The banner for things the learner must know about their saved progress.

use yew::prelude::*;

use crate::state::{use_app, Action};

#[function_component(Notices)]
pub fn notices() -> Html {
    let app = use_app();
    let dismiss = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::DismissNotices))
    };
    html! {
        // Always present, so screen readers announce a notice when it appears.
        <div class="notices" role="status" aria-live="polite">
            if !app.notices.is_empty() {
                <div class="notice">
                    <ul>
                        { for app.notices.iter().map(|notice| html! { <li>{ notice }</li> }) }
                    </ul>
                    <button type="button" onclick={dismiss}>{"Dismiss"}</button>
                </div>
            }
        </div>
    }
}
