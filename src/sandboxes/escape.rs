//! Lesson 1's sandbox: a name goes into `<p>Hello, {{ name }}!</p>`; the learner sees exactly
//! what Jinja2 or Django sends, whether the name became markup, and the gallery replayed
//! against their template. The escape engine is tiny and pure, so it runs on every keystroke
//! in this bundle. Everything is shown as text: nothing the learner types is rendered.

use dragonproof_engines::escape::contexts::Verdict;
use dragonproof_engines::escape::pipeline::{self, Outcome, PipelineSettings};
use dragonproof_engines::escape::sandbox::NAME_READ_BYTES;
use dragonproof_engines::escape::{EscapeSandbox as EscapeEngine, EscapeState, Rendering};
use dragonproof_engines::sandbox::{solved_quests, SandboxEngine};
use yew::prelude::*;

use crate::sandboxes::preview::Preview;
use crate::sandboxes::{quests_of, Report, SandboxProps};
use dragonproof_engines::registry::Sandbox;

/// This sandbox's quests, from its lesson (compiled in: only this lesson's).
const QUESTS: &[crate::sandboxes::SandboxQuest] = quests_of(Sandbox::Escape);

/// Lesson 1's first half: how the view reads the field before any template sees it.
#[derive(Properties, PartialEq)]
struct PipelineProps {
    name: String,
}

#[function_component(PipelinePanel)]
fn pipeline_panel(props: &PipelineProps) -> Html {
    let settings = use_state(PipelineSettings::default);
    let missing = use_state(|| false);
    let field = (!*missing).then_some(props.name.as_str());
    let (steps, outcome) = pipeline::run(field, &settings);
    let toggle = |change: fn(&mut PipelineSettings)| {
        let settings = settings.clone();
        Callback::from(move |_: Event| {
            let mut next = (*settings).clone();
            change(&mut next);
            settings.set(next);
        })
    };
    let on_missing = {
        let missing = missing.clone();
        Callback::from(move |_: Event| missing.set(!*missing))
    };
    let on_limit = {
        let settings = settings.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            let max_length = input.value().trim().parse::<usize>().ok();
            settings.set(PipelineSettings { max_length, ..(*settings).clone() });
        })
    };
    let outcome = match outcome {
        Outcome::Accepted { flask, django } => html! {
            <p class="verdict is-safe">{"Accepted. Written into the page as "}<code>{ flask }</code>
                {" by Jinja2 and "}<code>{ django }</code>{" by Django."}</p>
        },
        Outcome::Rejected { status, reason } => html! {
            <p class="verdict is-warning">{ format!("Rejected with {status} Bad Request: {reason}.") }</p>
        },
        Outcome::Failed { flask, django } => html! {
            <p class="verdict is-danger">{"The view never got to decide. Flask: "}{ flask }{" Django: "}{ django }</p>
        },
    };
    html! {
        <div class="pipeline">
            <h3>{"Before the template: reading the field"}</h3>
            <div class="pipeline-options">
                <label class="choice"><input type="checkbox" checked={*missing} onchange={on_missing} />{"The form has no name field"}</label>
                <label class="choice"><input type="checkbox" checked={settings.use_get} onchange={toggle(|s| s.use_get = !s.use_get)} />{"Read it with .get(\"name\", \"\")"}</label>
                <label class="choice"><input type="checkbox" checked={settings.strip} onchange={toggle(|s| s.strip = !s.strip)} />{".strip() the value"}</label>
                <label class="choice" for="pipeline-limit">{"Length limit (characters, empty for none)"}</label>
                <input id="pipeline-limit" type="number" min="0" inputmode="numeric"
                    value={settings.max_length.map(|max| max.to_string()).unwrap_or_default()} oninput={on_limit} />
            </div>
            if !steps.is_empty() {
                <ol class="pipeline-steps">
                    { for steps.iter().map(|step| html! {
                        <li><code>{ step.label.clone() }</code>{" → "}<code class="step-value">{ format!("{:?}", step.value) }</code></li>
                    }) }
                </ol>
            }
            <div aria-live="polite">{ outcome }</div>
            <div class="fw-pair">
                <figure class="fw-code fw-flask"><figcaption>{"Flask"}</figcaption>
                    <pre class="code" tabindex="0"><code>{ pipeline::flask_code(&settings) }</code></pre></figure>
                <figure class="fw-code fw-django"><figcaption>{"Django"}</figcaption>
                    <pre class="code" tabindex="0"><code>{ pipeline::django_code(&settings) }</code></pre></figure>
            </div>
        </div>
    }
}

#[function_component(EscapeSandbox)]
pub fn escape_sandbox(props: &SandboxProps) -> Html {
    let state = use_state(|| props.initial::<EscapeState>());
    // The one outcome of this state: the page renders it and the quests are read from it. A huge
    // paste is read by its first part (the engine's NAME_READ_BYTES), with a message.
    let outcome = use_memo((*state).clone(), |state| EscapeEngine::outcome(state, &mut ()));
    let shown = outcome.name.clone();
    let (greeting, gallery, placements) = (&outcome.greeting, &outcome.gallery, &outcome.placements);
    {
        let ids: Vec<&str> = QUESTS.iter().map(|quest| quest.id).collect();
        let solved = solved_quests::<EscapeEngine>(&ids, &outcome);
        let answers = QUESTS.iter().map(|quest| EscapeEngine::describe(&quest.solution())).collect();
        let report = props.report.clone();
        let shared = serde_json::to_string(&*state).ok();
        use_effect_with(Report { solved, answers, state: shared }, move |now| report.emit(now.clone()));
    }

    let on_name = {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            state.set(EscapeState { name: input.value(), ..(*state).clone() });
        })
    };
    let on_rendering = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Some(rendering) = Rendering::from_name(&select.value()) {
                state.set(EscapeState { rendering, ..(*state).clone() });
            }
        })
    };
    let reset = {
        let state = state.clone();
        Callback::from(move |_| state.set(EscapeState::default()))
    };

    let verdict = if greeting.injected.is_empty() {
        html! { <p class="verdict is-safe">{"Your name stayed text: the browser shows it, it does not read it."}</p> }
    } else {
        let tags = greeting.injected.iter().map(|tag| format!("<{tag}>")).collect::<Vec<_>>().join(", ");
        html! { <p class="verdict is-danger">{ format!("Your name became markup: the browser reads {tags} as part of the page.") }</p> }
    };

    html! {
        <div class="escape-sandbox">
                    <label for="escape-name">{"Name (what a visitor types)"}</label>
                    <input id="escape-name" type="text" spellcheck="false" autocomplete="off"
                        value={state.name.clone()} oninput={on_name} />
                    if outcome.was_cut() {
                        <p class="verdict is-warning">{ format!(
                            "This name is {} KB; the sandbox shows what happens to its first {} KB.",
                            outcome.name_bytes / 1000, NAME_READ_BYTES / 1000) }</p>
                    }
                    <PipelinePanel name={shown.clone()} />
                    <h3>{"In the template"}</h3>
                    <label for="escape-rendering">{"Template"}</label>
                    <select id="escape-rendering" onchange={on_rendering}>
                        { for Rendering::ALL.iter().map(|rendering| html! {
                            <option value={rendering.name()} selected={*rendering == state.rendering}>{ rendering.label() }</option>
                        }) }
                    </select>
                    <p class="template-line"><code>{ state.rendering.template() }</code></p>
                    <h3 id="escape-output-title">{"What the framework sends"}</h3>
                    <pre class="code output" tabindex="0" aria-labelledby="escape-output-title" data-testid="escape-output"><code>{ greeting.html.clone() }</code></pre>
                    <div aria-live="polite">{ verdict }</div>
                    <h3>{"What the browser does with it"}</h3>
                    <Preview html={AttrValue::from(greeting.html.clone())} />
                    <h3 id="contexts-title">{"The same name in other places"}</h3>
                    <p class="hint-text">{ if state.rendering.escapes() {
                        "Escaped as this template escapes it. Escaping is made for element text and quoted attributes; elsewhere it is not enough."
                    } else {
                        "Not escaped, as this template sends it."
                    } }</p>
                    <div class="table-wrap" tabindex="0">
                        <table class="contexts-table" aria-labelledby="contexts-title">
                            <thead><tr><th scope="col">{"Where"}</th><th scope="col">{"What is sent"}</th><th scope="col">{"Verdict"}</th></tr></thead>
                            <tbody>
                                { for placements.iter().map(|placement| {
                                    let (class, word, why) = match &placement.verdict {
                                        Verdict::Safe { why } => ("is-safe", "Stays data", why),
                                        Verdict::Garbled { why } => ("is-warning", "Garbled", why),
                                        Verdict::Breaks { why } => ("is-danger", "Breaks out", why),
                                    };
                                    html! {
                                        <tr>
                                            <th scope="row">{ placement.context.label() }</th>
                                            <td><code>{ placement.html.clone() }</code></td>
                                            <td class={class}><strong>{ word }</strong><br /><span class="why-text">{ why.clone() }</span></td>
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                    <h3>{"The gallery, replayed against this template"}</h3>
                    <div class="table-wrap" tabindex="0">
                        <table class="gallery-table">
                            <thead><tr><th scope="col">{"Attack"}</th><th scope="col">{"Result"}</th></tr></thead>
                            <tbody>
                                { for gallery.iter().map(|replay| html! {
                                    <tr>
                                        <td><code>{ replay.payload }</code><br /><span class="hint-text">{ replay.note }</span></td>
                                        <td class={if replay.injected.is_empty() { "is-safe" } else { "is-danger" }}>
                                            { if replay.injected.is_empty() { "Stays text".to_string() }
                                              else { format!("Becomes <{}>", replay.injected.join(">, <")) } }
                                        </td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                    <button type="button" class="button button-secondary button-small" onclick={reset}>{"Reset this sandbox"}</button>
        </div>
    }
}
