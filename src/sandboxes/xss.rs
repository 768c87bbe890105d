//! Lesson 3's sandbox: untrusted HTML (typed, or picked from the gallery) output as written,
//! escaped, or sanitized by ammonia in its worker, with the result shown as code and run in
//! the sandboxed preview, where the dragon alarm says whether anything ran.

use dragonproof_engines::escape::markupsafe_escape;
use dragonproof_engines::gallery::{Trigger, PAYLOADS};
use dragonproof_engines::sanitize::Sanitized;
use yew::prelude::*;

use crate::sandboxes::preview::Preview;
use crate::sandboxes::protocol::SandboxProps;
use crate::workers::sanitize::{SanitizeRequest, SanitizeWorker, SCRIPT};
use crate::workers::{use_engine_worker, WorkerState};

/// Larger inputs are still sanitized (in the worker) but not previewed: writing megabytes into
/// a frame on every keystroke would freeze the tab.
const PREVIEW_LIMIT: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    AsWritten,
    Escaped,
    Sanitized,
}

impl Output {
    /// (mode, name, the template or call, what it means)
    const ALL: [(Output, &'static str, &'static str, &'static str); 3] = [
        (Output::AsWritten, "As written", "{{ comment|safe }}", "trusted, not escaped"),
        (Output::Escaped, "Escaped", "{{ comment }}", "autoescape: every character shown as text"),
        (Output::Sanitized, "Sanitized", "Markup(nh3.clean(comment))", "ammonia keeps harmless markup"),
    ];
}

#[function_component(XssSandbox)]
pub fn xss_sandbox(_props: &SandboxProps) -> Html {
    let input = use_state(|| PAYLOADS[2].html.to_string());
    let note = use_state(|| Some(PAYLOADS[2].note));
    let output = use_state(|| Output::AsWritten);
    let worker = use_engine_worker::<SanitizeWorker>(SCRIPT);

    // The sanitizer (ammonia, ~330 KB gzip) is fetched only once the learner asks for it.
    {
        let worker = worker.clone();
        use_effect_with(((*input).clone(), *output), move |(text, mode)| {
            if *mode == Output::Sanitized {
                worker.send(SanitizeRequest { input: text.clone(), policy: None });
            }
        });
    }

    let html: Result<String, String> = match *output {
        Output::AsWritten => Ok((*input).clone()),
        Output::Escaped => Ok(markupsafe_escape(&input)),
        Output::Sanitized => match worker.state() {
            WorkerState::Ready(Sanitized::Clean { html }) => Ok(html.clone()),
            WorkerState::Ready(Sanitized::Refused { reason }) => Err(reason.clone()),
            WorkerState::Failed(reason) => Err(format!("The sanitizer could not start: {reason}.")),
            WorkerState::Idle | WorkerState::Loading => Err("Loading the sanitizer…".to_string()),
        },
    };

    let on_pick = {
        let (input, note) = (input.clone(), note.clone());
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Some(payload) = select.value().parse::<usize>().ok().and_then(|i| PAYLOADS.get(i)) {
                input.set(payload.html.to_string());
                note.set(Some(payload.note));
            }
        })
    };
    let on_input = {
        let (input, note) = (input.clone(), note.clone());
        Callback::from(move |event: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            input.set(area.value());
            note.set(None);
        })
    };
    let selected = PAYLOADS.iter().position(|payload| payload.html == *input);

    html! {
        <div class="xss-sandbox">
            <label for="xss-gallery">{ format!("Pick an attack from the gallery ({} vectors)", PAYLOADS.len()) }</label>
            <select id="xss-gallery" onchange={on_pick}>
                <option value="" selected={selected.is_none()}>{"Your own HTML"}</option>
                { for PAYLOADS.iter().enumerate().map(|(index, payload)| html! {
                    <option value={index.to_string()} selected={selected == Some(index)}>
                        { format!("{}{}", payload.html.chars().take(60).collect::<String>(),
                            if matches!(payload.trigger, Trigger::Click(_)) { "  (needs a click)" } else { "" }) }
                    </option>
                }) }
            </select>
            if let Some(note) = *note { <p class="hint-text">{ note }</p> }
            <label for="sanitize-input">{"Untrusted HTML"}</label>
            <textarea id="sanitize-input" rows="4" spellcheck="false" value={(*input).clone()} oninput={on_input} />
            <fieldset class="choices output-modes">
                <legend>{"How the template outputs it"}</legend>
                { for Output::ALL.iter().map(|(mode, label, code, meaning)| {
                    let choose = {
                        let (output, mode) = (output.clone(), *mode);
                        Callback::from(move |_: Event| output.set(mode))
                    };
                    html! {
                        <label class="choice">
                            <input type="radio" name="xss-output" checked={*output == *mode} onchange={choose} />
                            <span><strong>{ *label }</strong>{": "}<code>{ *code }</code>{ format!(", {meaning}") }</span>
                        </label>
                    }
                }) }
            </fieldset>
            <h3>{"What the server sends"}</h3>
            { match &html {
                Ok(html) => html! {
                    <pre class="code output" data-testid="sanitized-output"><code>{ html.clone() }</code></pre>
                },
                Err(message) => html! { <p class="engine-status">{ message.clone() }</p> },
            } }
            <h3>{"What the browser does with it"}</h3>
            { match &html {
                Ok(html) if html.len() <= PREVIEW_LIMIT => html! { <Preview html={AttrValue::from(html.clone())} /> },
                Ok(html) => html! {
                    <p class="engine-status">{ format!("This output is {} KB; the preview shows up to {} KB so the page stays responsive.",
                        html.len() / 1000, PREVIEW_LIMIT / 1000) }</p>
                },
                Err(_) => html! {},
            } }
        </div>
    }
}
