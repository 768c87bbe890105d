//! Lesson 5's sandbox: a response-header block as `curl -sI` prints it, graded on every
//! keystroke as MDN's HTTP Observatory grades it, test by test, beside what browsers actually
//! do with the headers (can a stranger frame the castle, do they sniff, does the castle page
//! still load under the CSP). The state and its outcome live in [`reducer`]; this component
//! only renders the model and dispatches actions. Everything the learner types is shown as text.

pub mod reducer;

use dragonproof_engines::headers::block::MAX_BLOCK_BYTES;
use dragonproof_engines::headers::{PlainHttp, Preload, Scoring};
use yew::prelude::*;

use crate::sandboxes::choices::{by_name, selected};
use crate::sandboxes::SandboxProps;
use reducer::{code_for, Action, Model, Scripts, FRAMEWORKS};

const PRELOAD: [(Preload, &str, &str); 3] = [
    (Preload::NotListed, "not-listed", "not on the preload list"),
    (Preload::Listed, "listed", "on the preload list"),
    (Preload::ListedWithSubdomains, "listed-with-subdomains", "on the preload list, with its subdomains"),
];

const SCORING: [(Scoring, &str, &str); 2] = [
    (Scoring::Current, "current", "today's (MDN's Tests & scoring)"),
    (Scoring::Observatory148, "observatory-148", "the Observatory 1.4.8 package"),
];

/// The `<option value>` of a plain-http answer: its serde name, as links carry it.
pub(crate) fn plain_http_value(answer: PlainHttp) -> String {
    serde_json::to_value(answer).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn points(modifier: i32) -> String {
    if modifier > 0 {
        format!("+{modifier}")
    } else {
        modifier.to_string()
    }
}

#[function_component(HeadersSandbox)]
pub fn headers_sandbox(props: &SandboxProps) -> Html {
    let model = use_reducer(|| Model::with_framework(props.initial(), code_for(props.framework)));
    // The app's Flask / Django switch moves the Framework select with it; the select can still
    // show the other kinds of code. (The choice is not in a shared link: it is the reader's.)
    {
        let model = model.dispatcher();
        use_effect_with(props.framework, move |app| model.dispatch(Action::SetFramework(code_for(*app))));
    }
    {
        let report = props.report.clone();
        use_effect_with(model.report(), move |now| report.emit(now.clone()));
    }
    let outcome = &model.outcome;
    let state = &model.state;
    let grade = &outcome.grade;

    let on_headers = {
        let model = model.dispatcher();
        Callback::from(move |event: InputEvent| {
            model.dispatch(Action::SetHeaders(event.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value()))
        })
    };
    let on_plain_http = {
        let model = model.dispatcher();
        Callback::from(move |event: Event| {
            let value = selected(&event);
            if let Some(answer) = PlainHttp::ALL.iter().find(|a| plain_http_value(**a) == value) {
                model.dispatch(Action::SetPlainHttp(*answer));
            }
        })
    };
    let on_scripts = {
        let model = model.dispatcher();
        Callback::from(move |event: Event| {
            if let Some(choice) = Scripts::from_value(&selected(&event)) {
                model.dispatch(Action::SetScripts(choice));
            }
        })
    };
    let on_preload = {
        let model = model.dispatcher();
        Callback::from(move |event: Event| {
            if let Some(preload) = by_name(&PRELOAD, &selected(&event)) {
                model.dispatch(Action::SetPreload(preload));
            }
        })
    };
    let on_scoring = {
        let model = model.dispatcher();
        Callback::from(move |event: Event| {
            if let Some(scoring) = by_name(&SCORING, &selected(&event)) {
                model.dispatch(Action::SetScoring(scoring));
            }
        })
    };
    let on_framework = {
        let model = model.dispatcher();
        Callback::from(move |event: Event| {
            if let Some(framework) = by_name(&FRAMEWORKS, &selected(&event)) {
                model.dispatch(Action::SetFramework(framework));
            }
        })
    };
    let reset = {
        let model = model.dispatcher();
        Callback::from(move |_| model.dispatch(Action::Reset))
    };

    let scripts_choice = Scripts::of(&state.site.scripts);
    let browser = &outcome.browser;
    let yes_no = |good: bool, text: String| {
        html! { <li class={if good { "is-safe" } else { "is-danger" }}><strong>{ if good { "Safe: " } else { "Exposed: " } }</strong>{ text }</li> }
    };

    html! {
        <div class="headers-sandbox">
            <label for="headers-block">{"Response headers (as curl -sI prints them)"}</label>
            <textarea id="headers-block" rows="9" spellcheck="false" value={state.headers.clone()} oninput={on_headers} />
            <div class="headers-site">
                <div><label for="headers-plain-http">{"What plain http:// answers"}</label>
                    <select id="headers-plain-http" onchange={on_plain_http}>
                        { for PlainHttp::ALL.iter().map(|answer| html! {
                            <option value={plain_http_value(*answer)} selected={*answer == state.site.plain_http}>{ answer.label() }</option>
                        }) }
                    </select>
                </div>
                <div><label for="headers-scripts">{"The page's scripts"}</label>
                    <select id="headers-scripts" onchange={on_scripts}>
                        if scripts_choice.is_none() { <option value="" selected={true}>{"as in the link you opened"}</option> }
                        { for Scripts::ALL.iter().map(|(choice, value, label)| html! {
                            <option value={*value} selected={Some(*choice) == scripts_choice}>{ *label }</option>
                        }) }
                    </select>
                </div>
                <div><label for="headers-preload">{"The HSTS preload list"}</label>
                    <select id="headers-preload" onchange={on_preload}>
                        { for PRELOAD.iter().map(|(preload, value, label)| html! {
                            <option value={*value} selected={*preload == state.site.preload}>{ *label }</option>
                        }) }
                    </select>
                </div>
                <div><label for="headers-scoring">{"Scoring"}</label>
                    <select id="headers-scoring" onchange={on_scoring}>
                        { for SCORING.iter().map(|(scoring, value, label)| html! {
                            <option value={*value} selected={*scoring == state.scoring}>{ *label }</option>
                        }) }
                    </select>
                </div>
            </div>
            <button type="button" class="button button-secondary button-small" onclick={reset}>{"Reset this sandbox"}</button>

            if !outcome.block.problems.is_empty() {
                <h2 id="headers-problems-title">{"How the block was read"}</h2>
                <ul class="headers-problems" aria-labelledby="headers-problems-title">
                    { for outcome.block.problems.iter().map(|p| html! { <li>{ format!("Line {}: {}", p.line, p.kind.message()) }</li> }) }
                </ul>
            }

            <div class="headers-grade" aria-live="polite" data-testid="headers-grade">
                <span class={classes!("headers-letter", if grade.score >= 90 { "is-safe" } else if grade.score >= 50 { "is-warning" } else { "is-danger" })}>{ grade.grade }</span>
                <span>{ format!("{} / 100", grade.score) }</span>
                if !grade.bonuses_counted && grade.tests.iter().any(|t| t.modifier > 0) {
                    <span class="hint-text">{ format!("Bonuses count only from 90 points without them; this block has {}.", grade.score_without_bonuses) }</span>
                }
            </div>

            <h2 id="headers-tests-title">{"The Observatory's tests"}</h2>
            <div class="table-wrap" tabindex="0">
                <table class="headers-table" aria-labelledby="headers-tests-title">
                    <thead><tr><th scope="col">{"Test"}</th><th scope="col">{"Points"}</th><th scope="col">{"Why, and the fix"}</th></tr></thead>
                    <tbody>
                        { for grade.tests.iter().map(|t| {
                            let class = match t.modifier { m if m < 0 => "is-danger", 0 => "is-info", _ => "is-safe" };
                            let fix = t.result.fix();
                            html! {
                                <tr>
                                    <th scope="row">{ t.test.title() }<br /><code class="hint-text">{ t.result.id() }</code></th>
                                    <td class={class}><strong>{ points(t.modifier) }</strong>
                                        if t.modifier > 0 && !grade.bonuses_counted { <br /><span class="hint-text">{"not counted"}</span> }</td>
                                    <td>{ t.result.why() }
                                        if !fix.is_empty() { <br /><span class="why-text"><strong>{"Fix: "}</strong>{ fix }</span> }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>

            { for outcome.advice.iter().map(|a| html! {
                <p class={classes!("verdict", if a.fine { "is-safe" } else { "is-warning" })} data-testid="headers-advice">
                    <strong>{ format!("{} (worth 0 points): ", a.header) }</strong>{ a.message.clone() }</p>
            }) }

            <h2 id="headers-browser-title">{"What browsers do with these headers"}</h2>
            <ul class="headers-browser" aria-labelledby="headers-browser-title" data-testid="headers-browser">
                { yes_no(!browser.stranger_can_frame, format!("evil.example framing the castle: {}", browser.framing_because)) }
                { yes_no(!browser.sniffs, if browser.sniffs {
                    "browsers may guess a response's type from its content (no `X-Content-Type-Options: nosniff` first).".to_string()
                } else {
                    "`nosniff`: browsers trust the declared Content-Type and refuse scripts and styles of the wrong type.".to_string()
                }) }
                <li class={if browser.castle_page_works { "is-safe" } else { "is-danger" }}>
                    <strong>{ if browser.castle_page_works { "Works: " } else { "Broken: " } }</strong>
                    { if browser.castle_page_works {
                        "the castle page's own /static/castle.js and /static/castle.css load under the CSP."
                    } else {
                        "the CSP blocks the castle page's own /static/castle.js or /static/castle.css."
                    } }
                </li>
                { for browser.csp_problems.iter().map(|p| html! { <li class="is-warning"><strong>{"CSP: "}</strong>{ p.clone() }</li> }) }
            </ul>

            <h2 id="headers-code-title">{"The code that sends these headers"}</h2>
            <label for="headers-framework">{"Framework"}</label>
            <select id="headers-framework" onchange={on_framework}>
                { for FRAMEWORKS.iter().map(|(framework, value, label)| html! {
                    <option value={*value} selected={*framework == model.framework}>{ *label }</option>
                }) }
            </select>
            <pre class="code" tabindex="0" aria-labelledby="headers-code-title" data-testid="headers-code"><code>{ model.code.code.clone() }</code></pre>
            <h3 id="headers-sends-title">{"What this code sends over https (checked in the real library)"}</h3>
            if model.code.sends.is_empty() {
                <p data-testid="headers-sends">{"No security headers."}</p>
            } else {
                <ul class="headers-sends" aria-labelledby="headers-sends-title" data-testid="headers-sends">
                    { for model.code.sends.iter().map(|(name, value)| html! { <li><code>{ format!("{name}: {value}") }</code></li> }) }
                </ul>
            }
            if !model.code.notes.is_empty() {
                <ul class="headers-code-notes" aria-label="Where the code differs from the block" data-testid="headers-code-notes">
                    { for model.code.notes.iter().map(|n| html! { <li class="hint-text">{ n.clone() }</li> }) }
                </ul>
            }
            if state.headers.len() > MAX_BLOCK_BYTES {
                <p class="verdict is-warning">{ format!("This paste is {} KB; the sandbox grades its first {} KB so typing stays fast.",
                    state.headers.len() / 1000, MAX_BLOCK_BYTES / 1024) }</p>
            }
        </div>
    }
}
