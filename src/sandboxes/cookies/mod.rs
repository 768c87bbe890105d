//! Lesson 9's sandbox: `Set-Cookie` lines and the response's URL. The engine stores them as
//! Chromium does and says, per cookie, what each attacker can do with it (an injected script, a
//! sniffer on plain http, a sibling subdomain, a cross-site page) and whether the honest case (a
//! link from an e-mail) still arrives logged in, beside the Flask and Django settings that make
//! the cookie. Everything the learner types is shown as text.

pub mod reducer;

use dragonproof_engines::cookies::attackers::Exposure;
use dragonproof_engines::cookies::jar::{StoreResult, StoredCookie};
use dragonproof_engines::cookies::sandbox::{CookieReport, CookiesEnv, CookiesSandbox as CookiesEngine, CookiesState};
use dragonproof_engines::cookies::sending::{NotSent, LAX_ALLOWING_UNSAFE_SECONDS};
use dragonproof_engines::cookies::set_cookie::SameSite;
use dragonproof_engines::cookies::settings::{django_settings, flask_settings, SettingLine};
use dragonproof_engines::progress::Framework;
use dragonproof_engines::registry::Sandbox;
use dragonproof_engines::sandbox::{solved_quests, SandboxEngine};
use yew::prelude::*;

use crate::sandboxes::{quests_of, Report, SandboxProps};
use reducer::{Action, CookiesModel, DJANGO_DEFAULT_SESSION};

/// This sandbox's quests, from its lesson (compiled in: only this lesson's).
const QUESTS: &[crate::sandboxes::SandboxQuest] = quests_of(Sandbox::Cookies);

fn same_site_words(same_site: SameSite) -> &'static str {
    match same_site {
        SameSite::Unspecified => {
            "not set: Chromium treats it as Lax, and for two minutes also sends it on cross-site top-level POSTs"
        }
        SameSite::None => "None: sent on every cross-site request",
        SameSite::Lax => "Lax: cross-site only on top-level GET navigations",
        SameSite::Strict => "Strict: never on a request another site starts",
    }
}

fn lifetime_words(cookie: &StoredCookie, now: i64) -> String {
    match cookie.expires {
        None => "until the browser closes (a session cookie)".to_string(),
        Some(at) => {
            let seconds = at.saturating_sub(now);
            if seconds >= 86_400 {
                format!("{} days (Expires or Max-Age; Chromium caps it at 400)", seconds / 86_400)
            } else {
                format!("{seconds} seconds")
            }
        }
    }
}

/// One row of the attackers' table: who, and whether they succeed (`Ok` with what they do,
/// `Err` with why not).
fn attack_rows(exposure: &Exposure) -> Vec<(String, Result<String, String>)> {
    let yes_no = |ok: bool, yes: &str, no: &str| if ok { Ok(yes.to_string()) } else { Err(no.to_string()) };
    let sent = |result: &Result<(), NotSent>, yes: &str| match result {
        Ok(()) => Ok(yes.to_string()),
        Err(why) => Err(format!("not sent: {why}")),
    };
    let sibling = exposure.sibling_host.clone().unwrap_or_else(|| "a sibling subdomain".to_string());
    vec![
        (
            "A script injected into the site (document.cookie)".into(),
            yes_no(exposure.script_reads, "reads it and posts it to the dragon", "cannot read it: HttpOnly"),
        ),
        (
            "A sniffer on the café Wi-Fi (plain http)".into(),
            yes_no(
                exposure.sniffer_sees,
                "reads it in a plain-http request to the site",
                "never sees it: Secure keeps it off plain http",
            ),
        ),
        (
            "A forged plain-http response".into(),
            yes_no(
                exposure.sniffer_overwrites,
                "overwrites it with its own value",
                "cannot replace it: a plain-http response may not touch a Secure cookie",
            ),
        ),
        (
            format!("The sibling {sibling} receives it"),
            yes_no(
                exposure.sibling_receives,
                "yes: Domain covers every subdomain",
                "no: it goes only to the host that set it",
            ),
        ),
        (
            format!("The sibling {sibling} plants its own"),
            yes_no(
                exposure.sibling_plants,
                "yes: the site then reads the dragon's cookie of that name (cookie tossing)",
                "no: only a __Host- cookie is safe from this",
            ),
        ),
        (
            "A form on evil.example that POSTs here".into(),
            sent(&exposure.cross_site_post, "the forged POST arrives logged in"),
        ),
        (
            "An <img> or credentialed fetch from evil.example".into(),
            sent(&exposure.cross_site_subresource, "the forged request arrives logged in"),
        ),
    ]
}

#[derive(Properties, PartialEq)]
struct CookieCardProps {
    report: CookieReport,
    now: i64,
    framework: Framework,
}

#[function_component(CookieCard)]
fn cookie_card(props: &CookieCardProps) -> Html {
    let CookieReport { cookie, exposure } = &props.report;
    let honest = match &exposure.cross_site_link {
        Ok(()) => {
            html! { <p class="verdict is-safe">{"The honest case: a link to the site from an e-mail arrives logged in."}</p> }
        }
        Err(why) => {
            html! { <p class="verdict is-warning">{ format!("The honest case breaks: a link to the site from an e-mail arrives logged out ({why}).") }</p> }
        }
    };
    let settings = |caption: &'static str, class: &'static str, lines: Vec<SettingLine>| {
        let code: String = lines
            .iter()
            .map(|l| format!("{}{}\n", l.code, if l.is_default { "  # the default" } else { "" }))
            .collect();
        html! { <figure class={classes!("fw-code", class)}><figcaption>{ caption }</figcaption>
        <pre class="code" tabindex="0"><code>{ code }</code></pre></figure> }
    };
    let flask = settings("Flask (app.config)", "fw-flask", flask_settings(cookie));
    let django = settings("Django (settings.py)", "fw-django", django_settings(cookie));
    let title = format!("Cookie {}", if cookie.name.is_empty() { "(no name)" } else { cookie.name.as_str() });
    html! {
        <section class="cookie-card" aria-label={title.clone()}>
            <h3>{ title }</h3>
            <dl class="cookie-attributes">
                <dt>{"Sent to"}</dt><dd><code>{ if cookie.host_only { format!("{} only", cookie.domain) } else { format!("{} and every subdomain", cookie.domain) } }</code></dd>
                <dt>{"Path"}</dt><dd><code>{ cookie.path.clone() }</code></dd>
                <dt>{"Secure"}</dt><dd>{ if cookie.secure { "yes: https only" } else { "no: also over plain http" } }</dd>
                <dt>{"HttpOnly"}</dt><dd>{ if cookie.http_only { "yes: hidden from scripts" } else { "no: document.cookie shows it" } }</dd>
                <dt>{"SameSite"}</dt><dd>{ same_site_words(cookie.same_site) }</dd>
                <dt>{"Lifetime"}</dt><dd>{ lifetime_words(cookie, props.now) }</dd>
            </dl>
            <div class="table-wrap" tabindex="0">
                <table class="cookie-attacks" aria-label={format!("What each attacker can do with {}", cookie.name)}>
                    <thead><tr><th scope="col">{"Attacker"}</th><th scope="col">{"Outcome"}</th></tr></thead>
                    <tbody>
                        { for attack_rows(exposure).into_iter().map(|(who, result)| {
                            let (class, word, text) = match result {
                                Ok(text) => ("is-danger", "Succeeds", text),
                                Err(text) => ("is-safe", "Fails", text),
                            };
                            html! { <tr><th scope="row">{ who }</th><td class={class}><strong>{ word }</strong>{": "}<span class="why-text">{ text }</span></td></tr> }
                        }) }
                    </tbody>
                </table>
            </div>
            { honest }
            <div class="fw-pair">
                if props.framework == Framework::Django { { django.clone() } { flask.clone() } } else { { flask } { django } }
            </div>
        </section>
    }
}

#[function_component(CookiesSandbox)]
pub fn cookies_sandbox(props: &SandboxProps) -> Html {
    let model = use_reducer(|| {
        let now = (js_sys::Date::now() / 1000.0) as i64;
        CookiesModel::new(props.initial::<CookiesState>(), CookiesEnv { now })
    });
    let outcome = model.outcome.clone();
    {
        let ids: Vec<&str> = QUESTS.iter().map(|quest| quest.id).collect();
        let solved = solved_quests::<CookiesEngine>(&ids, &outcome);
        let answers = QUESTS.iter().map(|quest| CookiesEngine::describe(&quest.solution())).collect();
        let report = props.report.clone();
        let shared = serde_json::to_string(&model.state).ok();
        use_effect_with(Report { solved, answers, state: shared }, move |now| report.emit(now.clone()));
    }
    let on_text = |action: fn(String) -> Action| {
        let dispatcher = model.dispatcher();
        Callback::from(move |event: InputEvent| {
            let value = event
                .target_dyn_into::<web_sys::HtmlTextAreaElement>()
                .map(|area| area.value())
                .or_else(|| event.target_dyn_into::<web_sys::HtmlInputElement>().map(|input| input.value()))
                .unwrap_or_default();
            dispatcher.dispatch(action(value));
        })
    };
    let dispatch = |action: Action| {
        let dispatcher = model.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(action.clone()))
    };

    html! {
        <div class="cookies-sandbox">
            <label for="cookies-url">{"Response URL (the page that sends the cookies)"}</label>
            <input id="cookies-url" type="url" spellcheck="false" autocomplete="off"
                value={model.state.response_url.clone()} oninput={on_text(Action::SetResponseUrl)} />
            <label for="cookies-lines">{"Set-Cookie headers (one per line)"}</label>
            <textarea id="cookies-lines" rows="4" spellcheck="false" value={model.state.set_cookie.clone()}
                oninput={on_text(Action::SetSetCookie)} />
            <label for="cookies-delay">{"Seconds between the response and the attack"}</label>
            <input id="cookies-delay" type="text" inputmode="numeric" autocomplete="off"
                value={model.seconds_text.clone()} oninput={on_text(Action::SetSecondsBeforeAttack)} />
            if let Some(error) = &model.seconds_error {
                <p class="verdict is-warning">{ error.clone() }</p>
            }
            <p class="hint-text">{ format!("Within {LAX_ALLOWING_UNSAFE_SECONDS} seconds Chromium still sends a cookie without SameSite on a cross-site top-level POST.") }</p>
            <div class="actions">
                <button type="button" class="button button-secondary button-small"
                    onclick={dispatch(Action::UseExample(dragonproof_engines::cookies::sandbox::FLASK_DEFAULT_SESSION))}>{"Flask's default session cookie"}</button>
                <button type="button" class="button button-secondary button-small"
                    onclick={dispatch(Action::UseExample(DJANGO_DEFAULT_SESSION))}>{"Django's default session cookie"}</button>
                <button type="button" class="button button-secondary button-small" onclick={dispatch(Action::Reset)}>{"Reset this sandbox"}</button>
            </div>

            <div aria-live="polite">
                if let Some(error) = &outcome.url_error {
                    <p class="verdict is-warning">{ error.clone() }</p>
                }
                if let Some(cut) = &outcome.truncated {
                    <p class="verdict is-warning">{ format!("{cut}, so typing stays fast.") }</p>
                }
            </div>
            <h2 id="cookies-lines-title">{"What the browser did with each line"}</h2>
            <ol class="cookie-lines" aria-labelledby="cookies-lines-title">
                { for outcome.lines.iter().map(|line| {
                    let (class, verdict) = match &line.result {
                        StoreResult::Stored(c) => ("is-safe", format!("Stored {}", c.name)),
                        StoreResult::Replaced(c) => ("is-safe", format!("Replaced the earlier {}", c.name)),
                        StoreResult::Deleted { name } => ("is-warning", format!("Deleted {name}: it has already expired")),
                        StoreResult::Rejected(why) => ("is-danger", format!("Rejected: {why}")),
                    };
                    html! {
                        <li>
                            <code class="cookie-line">{ line.line.clone() }</code>
                            <p class={classes!("verdict", class)}>{ verdict }</p>
                            if !line.notes.is_empty() {
                                <ul class="cookie-notes">{ for line.notes.iter().map(|note| html! { <li>{ note.to_string() }</li> }) }</ul>
                            }
                        </li>
                    }
                }) }
            </ol>
            if outcome.lines.is_empty() && outcome.url_error.is_none() {
                <p class="hint-text">{"No Set-Cookie line yet."}</p>
            }
            <h2>{"The cookie jar, and what each attacker can do"}</h2>
            if outcome.stored.is_empty() {
                <p class="hint-text">{"The jar is empty."}</p>
            }
            { for outcome.stored.iter().map(|report| html! {
                <CookieCard report={report.clone()} now={model.env.now} framework={props.framework} />
            }) }
        </div>
    }
}
