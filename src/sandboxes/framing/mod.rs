//! Lesson 11's sandbox: the castle's response headers and a chain of frames around it, decided
//! on every keystroke as a browser decides (X-Frame-Options and CSP `frame-ancestors`, which
//! header decided and why), and a decoy demo: evil.example's "Claim your prize" page with the
//! real castle page (our own static `static/framing-castle.html`) framed over it, its opacity
//! and place on sliders. A click on the decoy really lands in the framed page, which reports it
//! by `postMessage`.
//!
//! A static host cannot send the learner's headers, so when the engine says the stranger is
//! refused the demo leaves the frame out and says so: that verdict is the engine's, and
//! `tests/e2e/framing-agreement.spec.ts` proves it equals Chromium's. State and outcome live in
//! [`reducer`].

pub mod reducer;

use dragonproof_engines::framing::quests::{FramingState, HIDDEN_OPACITY};
use dragonproof_engines::framing::{Decider, FramingOutcome};
use dragonproof_engines::headers::block::MAX_BLOCK_BYTES;
use gloo_events::EventListener;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::sandboxes::SandboxProps;
use reducer::{Action, Click, Model, OFFSET_RANGE};

/// What the framed castle page posts (`static/framing-castle.js`).
const CASTLE_MESSAGE: &str = "dragonproof-castle";

fn decider_label(decider: &Decider) -> String {
    match decider {
        Decider::TopLevel => "nothing: the page is not framed".into(),
        Decider::FrameAncestors { directive, .. } => format!("Content-Security-Policy `{directive}`"),
        Decider::XFrameOptions { value } => format!("X-Frame-Options `{value}`"),
        Decider::Nothing => "nothing: neither header restricts framing".into(),
    }
}

/// One verdict with its reason, the header that decided and the notes.
fn verdict(outcome: &FramingOutcome, testid: &'static str) -> Html {
    let shown = outcome.verdict.shown();
    html! {
        <div class={classes!("verdict", if shown { "is-warning" } else { "is-safe" })} data-testid={testid}>
            <p><strong>{ if shown { "Shown in the frame." } else { "Refused: the frame stays empty." } }</strong>
                {" Decided by "}{ decider_label(outcome.verdict.decider()) }{"."}</p>
            <p class="why-text">{ outcome.verdict.because().to_string() }</p>
            { for outcome.notes.iter().map(|note| html! { <p class="why-text">{ note.clone() }</p> }) }
        </div>
    }
}

fn number_of(event: &InputEvent) -> Option<i32> {
    event
        .target_unchecked_into::<web_sys::HtmlInputElement>()
        .value()
        .trim()
        .parse::<f64>()
        .ok()
        .map(|v| v.round() as i32)
}

#[function_component(FramingSandbox)]
pub fn framing_sandbox(props: &SandboxProps) -> Html {
    let model = use_reducer(|| Model::new(props.initial::<FramingState>()));
    {
        let report = props.report.clone();
        use_effect_with(model.report(), move |now| report.emit(now.clone()));
    }
    let (state, outcome) = (&model.state, &model.outcome);
    let frame = use_node_ref();

    // The frame's place and opacity go through the CSSOM: the page's CSP allows no style attributes.
    {
        let frame = frame.clone();
        let shown = outcome.stranger.verdict.shown();
        use_effect_with((state.opacity, state.offset_x, state.offset_y, shown), move |(opacity, x, y, _)| {
            if let Some(element) = frame.cast::<web_sys::HtmlElement>() {
                let style = element.style();
                let _ = style.set_property("opacity", &format!("{}", f64::from(*opacity) / 100.0));
                let _ = style.set_property("left", &format!("{x}px"));
                let _ = style.set_property("top", &format!("{y}px"));
            }
        });
    }
    // Clicks inside the framed castle page, reported by the page itself.
    {
        let (frame, model) = (frame.clone(), model.dispatcher());
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "message", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else { return };
                    let Some(window) = frame.cast::<web_sys::HtmlIFrameElement>().and_then(|f| f.content_window())
                    else {
                        return;
                    };
                    // Only our frame's own window; its origin is opaque (sandboxed: `event.origin` is
                    // "null"), so the source is the check. Compared by identity (JavaScript `===`),
                    // not through `dyn_ref::<Window>()`: that is `instanceof Window`, which is false
                    // for a cross-origin WindowProxy (HTML's cross-origin objects have a null
                    // prototype), so every message from the sandboxed castle page was dropped.
                    let window: &JsValue = window.as_ref();
                    let from_frame = event.source().is_some_and(|source| JsValue::from(source) == *window);
                    if !from_frame {
                        return;
                    }
                    match event.data().as_string().as_deref() {
                        Some(text) if text == format!("{CASTLE_MESSAGE}:gold") => {
                            model.dispatch(Action::Clicked(Click::GoldSent))
                        }
                        Some(text) if text == format!("{CASTLE_MESSAGE}:missed") => {
                            model.dispatch(Action::Clicked(Click::CastleMissed))
                        }
                        _ => {}
                    }
                })
            });
            move || drop(listener)
        });
    }

    let on_text = |make: fn(String) -> Action| {
        let model = model.dispatcher();
        Callback::from(move |event: InputEvent| {
            let value = event
                .target_dyn_into::<web_sys::HtmlTextAreaElement>()
                .map(|area| area.value())
                .or_else(|| event.target_dyn_into::<web_sys::HtmlInputElement>().map(|input| input.value()))
                .unwrap_or_default();
            model.dispatch(make(value));
        })
    };
    let on_number = |make: fn(i32) -> Action| {
        let model = model.dispatcher();
        Callback::from(move |event: InputEvent| {
            if let Some(value) = number_of(&event) {
                model.dispatch(make(value));
            }
        })
    };
    let on_decoy = {
        let model = model.dispatcher();
        Callback::from(move |_| model.dispatch(Action::Clicked(Click::Decoy)))
    };
    let reset = {
        let model = model.dispatcher();
        Callback::from(move |_| model.dispatch(Action::Reset))
    };
    let range = OFFSET_RANGE.to_string();
    let minus_range = (-OFFSET_RANGE).to_string();
    let stranger_shown = outcome.stranger.verdict.shown();

    html! {
        <div class="framing-sandbox">
            <label for="framing-headers">{"The castle's response headers (on every castle page)"}</label>
            <textarea id="framing-headers" rows="4" spellcheck="false" value={state.headers.clone()} oninput={on_text(Action::SetHeaders)} />
            if state.headers.len() > MAX_BLOCK_BYTES {
                <p class="verdict is-warning">{ format!("These headers are {} KB; the sandbox reads their first {} KB so typing stays fast.",
                    state.headers.len() / 1000, MAX_BLOCK_BYTES / 1024) }</p>
            }
            <label for="framing-meta">{"A <meta http-equiv=\"Content-Security-Policy\"> in the castle's pages (optional)"}</label>
            <input id="framing-meta" type="text" spellcheck="false" autocomplete="off" value={state.meta_policy.clone()} oninput={on_text(Action::SetMeta)} />

            <h2>{"Who frames https://castle.example/gold?"}</h2>
            <div class="headers-site">
                <div><label for="framing-parent">{"The page around it (parent)"}</label>
                    <input id="framing-parent" type="url" spellcheck="false" autocomplete="off" value={model.parent().to_string()} oninput={on_text(Action::SetParent)} />
                </div>
                <div><label for="framing-grandparent">{"The page around that one (optional)"}</label>
                    <input id="framing-grandparent" type="url" spellcheck="false" autocomplete="off" value={model.grandparent().to_string()} oninput={on_text(Action::SetGrandparent)} />
                </div>
            </div>
            <div aria-live="polite">{ verdict(&outcome.chosen, "framing-verdict") }</div>

            <h2>{"The two cases that matter"}</h2>
            <p class="hint-text">{"evil.example framing the castle's gold page:"}</p>
            { verdict(&outcome.stranger, "framing-stranger") }
            <p class="hint-text">{"The castle's own dashboard framing the castle's map (the honest case):"}</p>
            { verdict(&outcome.own_dashboard, "framing-dashboard") }
            <button type="button" class="button button-secondary button-small" onclick={reset}>{"Reset this sandbox"}</button>

            <h2>{"The decoy: evil.example's prize page"}</h2>
            <div class="framing-controls">
                <div><label for="framing-opacity">{ format!("Frame opacity: {}%", state.opacity) }</label>
                    <input id="framing-opacity" type="range" min="0" max="100" value={state.opacity.to_string()} oninput={on_number(Action::SetOpacity)} />
                </div>
                <div><label for="framing-x">{ format!("Move the frame right: {} px", state.offset_x) }</label>
                    <input id="framing-x" type="range" min={minus_range.clone()} max={range.clone()} value={state.offset_x.to_string()} oninput={on_number(Action::SetOffsetX)} />
                </div>
                <div><label for="framing-y">{ format!("Move the frame down: {} px", state.offset_y) }</label>
                    <input id="framing-y" type="range" min={minus_range} max={range} value={state.offset_y.to_string()} oninput={on_number(Action::SetOffsetY)} />
                </div>
            </div>
            <div class="framing-stage" role="group" aria-label="evil.example/prize, the attacker's page">
                <p class="framing-stage-title">{"evil.example — You have won!"}</p>
                <button type="button" class="framing-decoy" onclick={on_decoy}>{"Claim your prize"}</button>
                if stranger_shown {
                    <iframe ref={frame} class="framing-castle" sandbox="allow-scripts" src="static/framing-castle.html"
                        title="castle.example/gold, framed by evil.example" />
                } else {
                    <p class="framing-refused">{"The browser refuses to show castle.example here (the engine's verdict above: this static site cannot send your headers, so the frame is left out)."}</p>
                }
            </div>
            <div aria-live="polite" data-testid="framing-click">
                { match model.click {
                    Click::None => html! { <p class="hint-text">{ if outcome.frame_hidden && outcome.click_lands_on_gold && stranger_shown {
                        "Now click “Claim your prize”, as a visitor would.".to_string()
                    } else if outcome.frame_hidden {
                        "The frame is faint enough; now move “Send the gold” under the decoy.".to_string()
                    } else {
                        format!("Turn the opacity down to {HIDDEN_OPACITY}% or less: a visitor must not see the castle.")
                    } }</p> },
                    Click::GoldSent => html! { <p class="verdict is-danger">{"The click landed on the castle's “Send the gold”: the castle page itself reported it. The visitor only saw a prize button."}</p> },
                    Click::CastleMissed => html! { <p class="verdict is-warning">{"The click went into the castle page, but missed its button."}</p> },
                    Click::Decoy => html! { <p class="verdict is-safe">{"The click reached the decoy itself: nothing was framed under it."}</p> },
                } }
            </div>
        </div>
    }
}
