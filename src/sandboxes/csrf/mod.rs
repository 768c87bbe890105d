//! Lesson 7's sandbox: bank.example, where Arthur is logged in, and evil.example, which forges
//! requests to it. The learner sets the bank up (Flask-WTF or Django, protection on or off,
//! `@csrf_exempt`, the session cookie's SameSite, a transfer that also answers GET); for each
//! forged request and each honest one the engine says whether Chromium attaches the session
//! cookie, what the framework answers (in its own words) and whether gold moved.

pub mod reducer;

use dragonproof_engines::csrf::bank::{Framework as BankFramework, Outcome, SameSiteSetting, ServerAnswer};
use dragonproof_engines::csrf::sandbox::{CsrfSandbox as CsrfEngine, CsrfState};
use dragonproof_engines::registry::Sandbox;
use dragonproof_engines::sandbox::{solved_quests, SandboxEngine};
use yew::prelude::*;

use crate::sandboxes::secrets::BrowserRandom;
use crate::sandboxes::{quests_of, Report, SandboxProps};
use reducer::{Action, CsrfModel};

/// This sandbox's quests, from its lesson (compiled in: only this lesson's).
const QUESTS: &[crate::sandboxes::SandboxQuest] = quests_of(Sandbox::Csrf);

/// The SameSite choices, with their labels.
const SAME_SITES: [(SameSiteSetting, &str); 4] = [
    (SameSiteSetting::Unset, "not set (Flask's default)"),
    (SameSiteSetting::NoneSecure, "None; Secure"),
    (SameSiteSetting::Lax, "Lax (Django's default)"),
    (SameSiteSetting::Strict, "Strict"),
];

fn answer_words(answer: &ServerAnswer) -> String {
    match answer {
        ServerAnswer::MethodNotAllowed => "405 Method Not Allowed: /transfer takes POST only".to_string(),
        ServerAnswer::CsrfRejected { status, message } => format!("{status}: {message}"),
        ServerAnswer::NotLoggedIn => "no session: redirected to the login page".to_string(),
        ServerAnswer::Done => "200: done".to_string(),
    }
}

fn row(outcome: &Outcome, honest: bool) -> Html {
    let cookie = match &outcome.cookie {
        Ok(()) => "sent".to_string(),
        Err(why) => format!("not sent: {why}"),
    };
    // A forgery that moves gold is the danger; an honest request that fails is the warning.
    let (class, word) = match (honest, outcome.gold_moved) {
        (false, true) => ("is-danger", "Gold moved"),
        (false, false) => ("is-safe", "No gold moved"),
        (true, true) => ("is-safe", "Works"),
        (true, false) => ("is-warning", "Broken"),
    };
    html! {
        <tr>
            <th scope="row">{ outcome.scenario.label() }</th>
            <td>{ cookie }</td>
            <td><code>{ answer_words(&outcome.answer) }</code></td>
            <td class={class}><strong>{ word }</strong></td>
        </tr>
    }
}

fn table(caption: &'static str, rows: Html) -> Html {
    html! {
        <div class="table-wrap" tabindex="0">
            <table class="csrf-table" aria-label={caption}>
                <thead><tr>
                    <th scope="col">{"Request"}</th><th scope="col">{"Session cookie"}</th>
                    <th scope="col">{"The server answers"}</th><th scope="col">{"Result"}</th>
                </tr></thead>
                <tbody>{ rows }</tbody>
            </table>
        </div>
    }
}

#[function_component(CsrfSandbox)]
pub fn csrf_sandbox(props: &SandboxProps) -> Html {
    let model = use_reducer_eq(|| {
        let now = (js_sys::Date::now() / 1000.0) as i64;
        CsrfModel::new(props.initial::<CsrfState>(), now, Box::new(BrowserRandom))
    });
    let outcome = model.outcome.clone();
    {
        let ids: Vec<&str> = QUESTS.iter().map(|quest| quest.id).collect();
        let solved = solved_quests::<CsrfEngine>(&ids, &outcome);
        let answers = QUESTS.iter().map(|quest| CsrfEngine::describe(&quest.solution())).collect();
        let report = props.report.clone();
        let shared = serde_json::to_string(&model.state).ok();
        use_effect_with(Report { solved, answers, state: shared }, move |now| report.emit(now.clone()));
    }
    let toggle = |action: fn(bool) -> Action| {
        let dispatcher = model.dispatcher();
        Callback::from(move |event: Event| {
            let checked = event.target_dyn_into::<web_sys::HtmlInputElement>().is_some_and(|input| input.checked());
            dispatcher.dispatch(action(checked));
        })
    };
    let choose = |action: Action| {
        let dispatcher = model.dispatcher();
        Callback::from(move |_: Event| dispatcher.dispatch(action))
    };
    let state = model.state;
    let (protect, exempt) = match state.framework {
        BankFramework::Flask => ("CSRFProtect(app)", "@csrf.exempt on the transfer view"),
        BankFramework::Django => ("CsrfViewMiddleware in MIDDLEWARE", "@csrf_exempt on the transfer view"),
    };

    html! {
        <div class="csrf-sandbox">
            <h2>{"bank.example's settings"}</h2>
            <fieldset class="csrf-switches">
                <legend>{"The bank runs on"}</legend>
                <label class="choice"><input type="radio" name="csrf-framework" checked={state.framework == BankFramework::Flask}
                    onchange={choose(Action::SetFramework(BankFramework::Flask))} />{"Flask with Flask-WTF"}</label>
                <label class="choice"><input type="radio" name="csrf-framework" checked={state.framework == BankFramework::Django}
                    onchange={choose(Action::SetFramework(BankFramework::Django))} />{"Django with CsrfViewMiddleware"}</label>
            </fieldset>
            <fieldset class="csrf-switches">
                <legend>{"Protection"}</legend>
                <label class="choice"><input type="checkbox" checked={state.protection} onchange={toggle(Action::SetProtection)} />
                    {"CSRF protection: "}<code>{ protect }</code></label>
                <label class="choice"><input type="checkbox" checked={state.exempt} onchange={toggle(Action::SetExempt)} />
                    <code>{ exempt }</code></label>
                <label class="choice"><input type="checkbox" checked={state.transfer_accepts_get} onchange={toggle(Action::SetTransferAcceptsGet)} />
                    {"/transfer also answers GET"}</label>
            </fieldset>
            <fieldset class="csrf-switches">
                <legend>{"The session cookie's SameSite"}</legend>
                { for SAME_SITES.iter().map(|(same_site, label)| html! {
                    <label class="choice"><input type="radio" name="csrf-same-site" checked={state.same_site == *same_site}
                        onchange={choose(Action::SetSameSite(*same_site))} />{ *label }</label>
                }) }
            </fieldset>
            <div class="actions">
                <button type="button" class="button button-secondary button-small"
                    onclick={{ let d = model.dispatcher(); Callback::from(move |_: MouseEvent| d.dispatch(Action::Reset)) }}>{"Reset this sandbox"}</button>
            </div>
            <p>{"At login the bank sets: "}<code class="csrf-cookie">{ outcome.set_cookie.clone() }</code></p>
            <p class="hint-text">{"The token in the bank's own form: "}<code class="csrf-cookie">{ outcome.form_token.clone() }</code></p>

            <h2>{"evil.example forges requests"}</h2>
            <div aria-live="polite">
                if outcome.any_forgery_works() {
                    <p class="verdict is-danger">{"The dragon has Arthur's gold: at least one forged request moved it."}</p>
                } else {
                    <p class="verdict is-safe">{"No forged request moved any gold."}</p>
                }
            </div>
            { table("Forged requests", outcome.forged.iter().map(|o| row(o, false)).collect::<Html>()) }

            <h2>{"Arthur's own requests"}</h2>
            { table("Honest requests", html! { <>{ row(&outcome.bank_form, true) }{ row(&outcome.email_link, true) }</> }) }
        </div>
    }
}
