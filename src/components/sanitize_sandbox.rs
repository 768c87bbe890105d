//! A first sandbox wired through a lazy worker: ammonia cleans what the learner types.
//!
//! The engine (ammonia + html5ever) is not in the app's wasm: it is fetched the first time the
//! learner focuses or edits the input. Output is shown as text, never as markup.

use dragonproof_engines::sanitize::Sanitized;
use yew::prelude::*;

use crate::workers::sanitize::{SanitizeRequest, SanitizeWorker, SCRIPT};
use crate::workers::{use_engine_worker, WorkerState};

const START: &str = r#"<p>Welcome, <b>traveller</b>!</p><img src=x onerror="alert('dragon')">"#;

#[function_component(SanitizeSandbox)]
pub fn sanitize_sandbox() -> Html {
    let worker = use_engine_worker::<SanitizeWorker>(SCRIPT);
    let input = use_state(|| START.to_string());

    let state = worker.state().clone();
    let send = {
        let input = input.clone();
        move |text: String| {
            input.set(text.clone());
            worker.send(SanitizeRequest { input: text, policy: None });
        }
    };
    let oninput = {
        let send = send.clone();
        Callback::from(move |event: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            send(area.value());
        })
    };
    let onfocus = {
        let input = input.clone();
        let started = !matches!(state, WorkerState::Idle);
        Callback::from(move |_: FocusEvent| {
            if !started {
                send((*input).clone());
            }
        })
    };

    let output = match &state {
        WorkerState::Idle => html! {
            <p class="engine-status">{"The sanitizer loads when you click into the box above."}</p>
        },
        WorkerState::Loading => html! { <p class="engine-status">{"Loading the sanitizer…"}</p> },
        WorkerState::Failed(reason) => html! {
            <p class="engine-status is-error">{ format!("The sanitizer could not start: {reason}.") }</p>
        },
        WorkerState::Ready(Sanitized::Refused { reason }) => html! {
            <p class="engine-status is-error">{ reason.clone() }</p>
        },
        WorkerState::Ready(Sanitized::Clean { html }) => html! {
            <pre class="code output" data-testid="sanitized-output"><code>{ html.clone() }</code></pre>
        },
    };

    html! {
        <div class="sanitize-sandbox">
            <p>{"Type any HTML a visitor might post. ammonia, the sanitizer behind Python's nh3, keeps \
                 the harmless markup and removes everything that could run. The full escaping and XSS \
                 sandbox, with a live preview and payload gallery, builds on this."}</p>
            <label for="sanitize-input">{"Untrusted HTML"}</label>
            <textarea id="sanitize-input" rows="5" spellcheck="false" value={(*input).clone()}
                {oninput} {onfocus} />
            <h3 id="sanitized-title">{"What ammonia keeps"}</h3>
            <div aria-labelledby="sanitized-title" aria-live="polite">{ output }</div>
        </div>
    }
}
