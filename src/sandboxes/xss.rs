//! Lesson 3's sandbox: an untrusted value (typed, or picked from the gallery) written into a
//! comment or a website link, as written, escaped, sanitized by ammonia under a policy the
//! learner edits, or with its URL scheme checked. The output is shown as code and run in the
//! sandboxed preview; the engine (in the ammonia worker) says what could run, what ammonia
//! removed and why, and which quests are solved.

use dragonproof_engines::sandbox::{solved_quests, SandboxEngine};
use dragonproof_engines::xss::gallery::{Trigger, PAYLOADS};
use dragonproof_engines::xss::policy_fields::{nh3_call, PolicyFields};
use dragonproof_engines::xss::{self, Output, Place, XssOutcome, XssSandbox as XssEngine, XssState};
use yew::prelude::*;

use crate::sandboxes::preview::Preview;
use crate::sandboxes::{quests_of, Report, SandboxProps};
use crate::workers::sanitize::{SanitizeReply, SanitizeWorker, SCRIPT};
use crate::workers::{use_engine_worker, WorkerState};
use dragonproof_engines::registry::Sandbox;

/// This sandbox's quests, from its lesson (compiled in: only this lesson's).
const QUESTS: &[crate::sandboxes::SandboxQuest] = quests_of(Sandbox::Xss);

/// Larger outputs are still analysed (in the worker) but not previewed: writing megabytes into
/// a frame would freeze the tab.
const PREVIEW_LIMIT: usize = 100_000;

/// The output is laid out as code up to this size: a megabyte in a `<pre>` costs the browser
/// seconds of layout. The rest is still sanitized, analysed and counted.
const SHOWN_LIMIT: usize = 10_000;

/// Lists (what could run, what was removed) show this many entries, then a count.
const LIST_LIMIT: usize = 40;

/// The first [`SHOWN_LIMIT`] bytes of `text`, cut at a character boundary.
fn shown_part(text: &str) -> &str {
    let mut end = text.len().min(SHOWN_LIMIT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// "…and 12 more" after a list cut at [`LIST_LIMIT`].
fn more(total: usize) -> Html {
    if total > LIST_LIMIT {
        html! { <li class="hint-text">{ format!("…and {} more.", total - LIST_LIMIT) }</li> }
    } else {
        html! {}
    }
}

fn place_label(place: Place) -> &'static str {
    match place {
        Place::Comment => "A comment on the notice board",
        Place::Link => "A website link on a profile",
    }
}

fn output_label(output: Output) -> (&'static str, &'static str) {
    match output {
        Output::AsWritten => ("As written", "|safe: trusted, not escaped"),
        Output::Escaped => ("Escaped", "autoescape: every special character shown as text"),
        Output::Sanitized => ("Sanitized", "ammonia (nh3) keeps harmless markup"),
        Output::UrlChecked => ("URL checked", "safe_link() keeps http and https links only"),
    }
}

#[derive(Properties, PartialEq)]
struct PolicyEditorProps {
    fields: PolicyFields,
    on_change: Callback<PolicyFields>,
    on_reset: Callback<()>,
}

/// ammonia's policy as text fields, with the matching `nh3.clean` call.
#[function_component(PolicyEditor)]
fn policy_editor(props: &PolicyEditorProps) -> Html {
    let (policy, problems) = props.fields.to_policy();
    let edit = |change: fn(&mut PolicyFields, String)| {
        let (fields, on_change) = (props.fields.clone(), props.on_change.clone());
        Callback::from(move |event: InputEvent| {
            let value = match event.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                Some(area) => area.value(),
                None => event.target_unchecked_into::<web_sys::HtmlInputElement>().value(),
            };
            let mut next = fields.clone();
            change(&mut next, value);
            on_change.emit(next);
        })
    };
    let on_comments = {
        let (fields, on_change) = (props.fields.clone(), props.on_change.clone());
        Callback::from(move |_: Event| {
            on_change.emit(PolicyFields { strip_comments: !fields.strip_comments, ..fields.clone() })
        })
    };
    let on_reset = props.on_reset.reform(|_: MouseEvent| ());
    let fields = &props.fields;
    html! {
        <details class="policy-editor">
            <summary>{"Edit the ammonia policy"}</summary>
            <div class="policy-fields">
                <label for="policy-tags">{"Allowed tags"}</label>
                <textarea id="policy-tags" rows="3" spellcheck="false" value={fields.tags.clone()} oninput={edit(|f, v| f.tags = v)} />
                <label for="policy-generic">{"Attributes allowed on every tag"}</label>
                <input id="policy-generic" type="text" spellcheck="false" value={fields.generic_attributes.clone()} oninput={edit(|f, v| f.generic_attributes = v)} />
                <label for="policy-per-tag">{"Attributes per tag (one line each: a: href hreflang)"}</label>
                <textarea id="policy-per-tag" rows="5" spellcheck="false" value={fields.tag_attributes.clone()} oninput={edit(|f, v| f.tag_attributes = v)} />
                <label for="policy-schemes">{"Allowed URL schemes"}</label>
                <input id="policy-schemes" type="text" spellcheck="false" value={fields.url_schemes.clone()} oninput={edit(|f, v| f.url_schemes = v)} />
                <label for="policy-rel">{"rel added to every link (empty: leave links alone)"}</label>
                <input id="policy-rel" type="text" spellcheck="false" value={fields.link_rel.clone()} oninput={edit(|f, v| f.link_rel = v)} />
                <label for="policy-drop">{"Tags removed with everything inside them"}</label>
                <input id="policy-drop" type="text" spellcheck="false" value={fields.drop_content_of.clone()} oninput={edit(|f, v| f.drop_content_of = v)} />
                <label class="choice"><input type="checkbox" checked={fields.strip_comments} onchange={on_comments} />{"Remove HTML comments"}</label>
            </div>
            { for problems.iter().map(|problem| html! { <p class="verdict is-warning">{ problem.clone() }</p> }) }
            <figure class="fw-code"><figcaption>{"The same policy in Python (nh3 is ammonia for Python)"}</figcaption>
                <pre class="code" tabindex="0"><code>{ nh3_call(&policy) }</code></pre></figure>
            <button type="button" class="button button-secondary button-small" onclick={on_reset}>{"Back to ammonia’s defaults"}</button>
        </details>
    }
}

#[function_component(XssSandbox)]
pub fn xss_sandbox(props: &SandboxProps) -> Html {
    let state = use_state(|| props.initial::<XssState>());
    let note = use_state(|| None::<&'static str>);
    let worker = use_engine_worker::<SanitizeWorker>(SCRIPT);

    {
        // The worker computes the state's one outcome (ammonia lives there).
        let worker = worker.clone();
        use_effect_with((*state).clone(), move |state| worker.send(state.clone()));
    }
    // Quests count only the worker's answer for exactly this state. The page shows the latest
    // answer for the same template and output while the next is on its way (a millisecond or
    // two), so nothing flickers and the preview is not torn down on every keystroke.
    let latest: Option<&SanitizeReply> = match worker.state() {
        WorkerState::Ready(reply) if reply.state.place == state.place && reply.state.output == state.output => {
            Some(reply)
        }
        _ => None,
    };
    let current: Option<&XssOutcome> = latest.filter(|reply| reply.state == *state).map(|reply| &reply.outcome);
    let rendered = latest.and_then(|reply| reply.outcome.rendered.as_ref().ok());

    {
        let ids: Vec<&str> = QUESTS.iter().map(|quest| quest.id).collect();
        let solved = current.map(|outcome| solved_quests::<XssEngine>(&ids, outcome)).unwrap_or_default();
        let answers = QUESTS.iter().map(|quest| XssEngine::describe(&quest.solution())).collect();
        let ready = current.is_some();
        let report = props.report.clone();
        let shared = serde_json::to_string(&*state).ok();
        use_effect_with((ready, Report { solved, answers, state: shared }), move |(ready, now)| {
            // While the worker thinks, keep the last report rather than un-solving quests.
            if *ready {
                report.emit(now.clone());
            }
        });
    }

    // Every output but "Sanitized" is written here at once; the sanitized one comes from ammonia.
    let html: Result<String, String> = match xss::write(&state) {
        Some(html) => Ok(html),
        None => match (latest, worker.state()) {
            (Some(SanitizeReply { outcome: XssOutcome { rendered: Ok(rendered), .. }, .. }), _) => {
                Ok(rendered.html.clone())
            }
            (Some(SanitizeReply { outcome: XssOutcome { rendered: Err(reason), .. }, .. }), _) => Err(reason.clone()),
            (None, WorkerState::Failed(reason)) => Err(format!("The sanitizer could not start: {reason}.")),
            (None, _) => Err("Sanitizing…".to_string()),
        },
    };
    let shown_fields = state.policy.clone().or_else(|| match worker.state() {
        WorkerState::Ready(reply) => Some(PolicyFields::from(&reply.outcome.policy)),
        _ => None,
    });

    let set = |change: fn(&mut XssState, String)| {
        let state = state.clone();
        move |value: String| {
            let mut next = (*state).clone();
            change(&mut next, value);
            state.set(next);
        }
    };
    let on_pick = {
        let (set_input, note) = (set(|s, v| s.input = v), note.clone());
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Some(payload) = select.value().parse::<usize>().ok().and_then(|i| PAYLOADS.get(i)) {
                set_input(payload.html.to_string());
                note.set(Some(payload.note));
            }
        })
    };
    let on_input = {
        let (set_input, note) = (set(|s, v| s.input = v), note.clone());
        Callback::from(move |event: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            set_input(area.value());
            note.set(None);
        })
    };
    let on_place = |place: Place| {
        let state = state.clone();
        Callback::from(move |_: Event| {
            let output = if state.output.fits(place) { state.output } else { Output::Escaped };
            state.set(XssState { place, output, ..(*state).clone() });
        })
    };
    let on_output = |output: Output| {
        let state = state.clone();
        Callback::from(move |_: Event| state.set(XssState { output, ..(*state).clone() }))
    };
    let on_fields = {
        let state = state.clone();
        Callback::from(move |next: PolicyFields| state.set(XssState { policy: Some(next), ..(*state).clone() }))
    };
    let on_policy_reset = {
        let state = state.clone();
        Callback::from(move |_| state.set(XssState { policy: None, ..(*state).clone() }))
    };
    let reset = {
        let (state, note) = (state.clone(), note.clone());
        Callback::from(move |_| {
            state.set(XssState::default());
            note.set(None);
        })
    };
    let selected = PAYLOADS.iter().position(|payload| payload.html == state.input);

    let verdict = match rendered {
        None => html! { <p class="engine-status">{"Checking what could run…"}</p> },
        Some(rendered) if rendered.dangers.is_empty() => html! {
            <div class="verdict is-safe">
                <p>{"Nothing in this HTML can run script."}</p>
                if !rendered.dangers_as_written.is_empty() {
                    <p>{ format!("Written as it is, it would: {}{}.",
                        rendered.dangers_as_written.iter().take(3).map(|d| d.describe()).collect::<Vec<_>>().join("; "),
                        if rendered.dangers_as_written.len() > 3 { format!("; and {} more", rendered.dangers_as_written.len() - 3) } else { String::new() }) }</p>
                }
            </div>
        },
        Some(rendered) => html! {
            <div class="verdict is-danger">
                <p>{"This HTML can run script:"}</p>
                <ul>
                    { for rendered.dangers.iter().take(LIST_LIMIT).map(|danger| html! { <li>{ danger.describe() }</li> }) }
                    { more(rendered.dangers.len()) }
                </ul>
            </div>
        },
    };

    html! {
        <div class="xss-sandbox">
            <label for="xss-gallery">{ format!("Pick an attack from the gallery ({} vectors)", PAYLOADS.len()) }</label>
            <select id="xss-gallery" onchange={on_pick}>
                <option value="" selected={selected.is_none()}>{"Your own value"}</option>
                { for PAYLOADS.iter().enumerate().map(|(index, payload)| html! {
                    <option value={index.to_string()} selected={selected == Some(index)}>
                        { format!("{}{}", payload.html.chars().take(60).collect::<String>(),
                            if matches!(payload.trigger, Trigger::Click(_)) { "  (needs a click)" } else { "" }) }
                    </option>
                }) }
            </select>
            if let Some(note) = *note { <p class="hint-text">{ note }</p> }
            <label for="sanitize-input">{"What the visitor typed"}</label>
            <textarea id="sanitize-input" rows="4" spellcheck="false" value={state.input.clone()} oninput={on_input} />
            <fieldset class="choices">
                <legend>{"Where the page puts it"}</legend>
                { for Place::ALL.iter().map(|place| html! {
                    <label class="choice">
                        <input type="radio" name="xss-place" checked={state.place == *place} onchange={on_place(*place)} />
                        <span><strong>{ place_label(*place) }</strong>{": "}<code>{ place.template() }</code></span>
                    </label>
                }) }
            </fieldset>
            <fieldset class="choices output-modes">
                <legend>{"How the template outputs it"}</legend>
                { for Output::ALL.iter().filter(|output| output.fits(state.place)).map(|output| {
                    let (label, meaning) = output_label(*output);
                    html! {
                        <label class="choice">
                            <input type="radio" name="xss-output" checked={state.output == *output} onchange={on_output(*output)} />
                            <span><strong>{ label }</strong>{ format!(": {meaning}") }</span>
                        </label>
                    }
                }) }
            </fieldset>
            <figure class="fw-code"><figcaption>{"The Flask code"}</figcaption>
                <pre class="code" tabindex="0"><code>{ state.output.flask_code(state.place) }</code></pre></figure>
            if state.output == Output::Sanitized {
                if let Some(shown) = shown_fields {
                    <PolicyEditor fields={shown} on_change={on_fields} on_reset={on_policy_reset} />
                }
            }
            <h3 id="xss-output-title">{"What the server sends"}</h3>
            { match &html {
                Ok(html) => html! {
                    <>
                        <pre class="code output" tabindex="0" aria-labelledby="xss-output-title" data-testid="sanitized-output"><code>{ shown_part(html) }</code></pre>
                        if html.len() > SHOWN_LIMIT {
                            <p class="verdict is-warning">{ format!("This output is {} KB; the first {} KB are shown here. All of it was checked.",
                                html.len() / 1000, SHOWN_LIMIT / 1000) }</p>
                        }
                    </>
                },
                Err(message) => html! { <p class="engine-status">{ message.clone() }</p> },
            } }
            <h3>{"What could run"}</h3>
            <div aria-live="polite">{ verdict }</div>
            if let Some(rendered) = rendered.filter(|_| state.output == Output::Sanitized) {
                <h3 id="removed-title">{"What ammonia removed, and why"}</h3>
                if rendered.removed.is_empty() {
                    <p class="hint-text">{"Nothing: every tag and attribute is allowed by the policy."}</p>
                } else {
                    <ul class="removed-list" aria-labelledby="removed-title">
                        { for rendered.removed.iter().take(LIST_LIMIT).map(|removal| {
                            let (what, why) = removal.describe();
                            html! { <li><code>{ what }</code>{": "}{ why }</li> }
                        }) }
                        { more(rendered.removed.len()) }
                    </ul>
                }
                if !rendered.explained {
                    <p class="verdict is-warning">{"The HTML parser also moved or dropped misplaced tags (a stray end tag, \
                        content in the wrong place) before ammonia saw them: compare the input with the output."}</p>
                }
            }
            <h3>{"What the browser does with it"}</h3>
            { match &html {
                Ok(html) if html.len() <= PREVIEW_LIMIT => html! { <Preview html={AttrValue::from(html.clone())} /> },
                Ok(html) => html! {
                    <p class="engine-status">{ format!("This output is {} KB; the preview shows up to {} KB so the page stays responsive.",
                        html.len() / 1000, PREVIEW_LIMIT / 1000) }</p>
                },
                Err(_) => html! {},
            } }
            <button type="button" class="button button-secondary button-small" onclick={reset}>{"Reset this sandbox"}</button>
        </div>
    }
}
