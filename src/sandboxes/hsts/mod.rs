//! Lesson 10's sandbox: a `Strict-Transport-Security` header and how the castle is deployed.
//! On every keystroke: each directive explained as a browser reads it (RFC 6797, Chromium's
//! cap), hstspreload.org's requirements ticked, and the first-visit timeline showing where an
//! attacker on the café Wi-Fi still wins. State and outcome live in [`reducer`].

pub mod reducer;

use dragonproof_engines::headers::PlainHttp;
use dragonproof_engines::hsts::quests::{SentOver, MAX_HEADER_BYTES};
use yew::prelude::*;

use crate::sandboxes::choices::{by_name, selected};
use crate::sandboxes::headers::plain_http_value;
use crate::sandboxes::SandboxProps;
use reducer::{Action, Fact, Model};

const SENT_OVER: [(SentOver, &str, &str); 3] = [
    (SentOver::Https, "https", "on https responses"),
    (SentOver::HttpOnly, "http-only", "only on plain http responses"),
    (SentOver::Both, "both", "on both"),
];

#[function_component(HstsSandbox)]
pub fn hsts_sandbox(props: &SandboxProps) -> Html {
    let model = use_reducer(|| Model::new(props.initial()));
    {
        let report = props.report.clone();
        use_effect_with(model.report(), move |now| report.emit(now.clone()));
    }
    let (state, outcome) = (&model.state, &model.outcome);

    let on_header = {
        let model = model.dispatcher();
        Callback::from(move |event: InputEvent| {
            model.dispatch(Action::SetHeader(event.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
        })
    };
    let on_sent_over = {
        let model = model.dispatcher();
        Callback::from(move |event: Event| {
            if let Some(over) = by_name(&SENT_OVER, &selected(&event)) {
                model.dispatch(Action::SetSentOver(over));
            }
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
    let fact_box = |fact: Fact, label: &'static str| {
        let model = model.dispatcher();
        let checked = fact.get(state);
        let onchange = Callback::from(move |_: Event| model.dispatch(Action::Set(fact, !checked)));
        html! { <label class="choice"><input type="checkbox" {checked} {onchange} />{ label }</label> }
    };
    let reset = {
        let model = model.dispatcher();
        Callback::from(move |_| model.dispatch(Action::Reset))
    };
    let met = outcome.checks.iter().filter(|c| c.met).count();

    html! {
        <div class="hsts-sandbox">
            <label for="hsts-header">{"Strict-Transport-Security (the header value)"}</label>
            <input id="hsts-header" type="text" spellcheck="false" autocomplete="off" value={state.header.clone()} oninput={on_header} />
            if state.header.len() > MAX_HEADER_BYTES {
                <p class="verdict is-warning">{ format!("This header is {} KB; browsers and the sandbox read only its first {} KB.",
                    state.header.len() / 1000, MAX_HEADER_BYTES / 1024) }</p>
            }
            <div class="headers-site">
                <div><label for="hsts-sent-over">{"The castle sends it"}</label>
                    <select id="hsts-sent-over" onchange={on_sent_over}>
                        { for SENT_OVER.iter().map(|(over, value, label)| html! {
                            <option value={*value} selected={*over == state.sent_over}>{ *label }</option>
                        }) }
                    </select>
                </div>
                <div><label for="hsts-plain-http">{"What plain http:// answers"}</label>
                    <select id="hsts-plain-http" onchange={on_plain_http}>
                        { for PlainHttp::ALL.iter().map(|answer| html! {
                            <option value={plain_http_value(*answer)} selected={*answer == state.plain_http}>{ answer.label() }</option>
                        }) }
                    </select>
                </div>
            </div>
            <div class="hsts-facts">
                { for Fact::ALL.iter().map(|(fact, label)| fact_box(*fact, label)) }
            </div>
            <button type="button" class="button button-secondary button-small" onclick={reset}>{"Reset this sandbox"}</button>

            <div aria-live="polite" data-testid="hsts-verdict">
                { match &outcome.ignored_because {
                    Some(why) => html! { <p class="verdict is-danger">{"Browsers keep no policy: "}{ why.clone() }</p> },
                    None if outcome.remembered => html! { <p class="verdict is-safe">{"Browsers remember the castle as https-only after the first https visit."}</p> },
                    None => html! { <p class="verdict is-warning">{"Browsers keep no policy."}</p> },
                } }
            </div>
            if !outcome.reading.directives.is_empty() {
                <h2 id="hsts-directives-title">{"Each directive, as a browser reads it"}</h2>
                <dl class="hsts-directives" aria-labelledby="hsts-directives-title">
                    { for outcome.reading.directives.iter().map(|d| html! {
                        <>
                            <dt><code>{ match &d.value { Some(v) => format!("{}={v}", d.name), None => d.name.clone() } }</code></dt>
                            <dd>{ d.meaning.clone() }</dd>
                        </>
                    }) }
                </dl>
            }

            <h2 id="hsts-checks-title">{ format!("hstspreload.org's requirements ({met} of {} met)", outcome.checks.len()) }</h2>
            <ul class="hsts-checks" aria-labelledby="hsts-checks-title" data-testid="hsts-checks">
                { for outcome.checks.iter().map(|c| html! {
                    <li class={if c.met { "is-safe" } else { "is-danger" }}>
                        <strong>{ if c.met { "Met: " } else { "Not met: " } }</strong>{ c.requirement }
                        if !c.met { <br /><span class="why-text">{ c.fix.clone() }</span> }
                    </li>
                }) }
            </ul>

            <h2 id="hsts-timeline-title">{"A visitor on café Wi-Fi, visit by visit"}</h2>
            <ol class="hsts-timeline" aria-labelledby="hsts-timeline-title" data-testid="hsts-timeline">
                { for outcome.timeline.iter().map(|step| html! {
                    <li class={if step.attacker_wins { "is-danger" } else { "is-safe" }}>
                        <strong>{ step.moment.clone() }</strong>
                        <span class="hsts-who">{ if step.attacker_wins { " · the attacker wins" } else { " · safe" } }</span>
                        <br />{ step.browser_does.clone() }
                    </li>
                }) }
            </ol>
        </div>
    }
}
