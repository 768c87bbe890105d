//! Lesson 6's sandbox: the castle's `SECRET_KEY` and its fallbacks judged as an attacker would
//! (a known or dictionary key is worth almost nothing, whatever its length), keys generated
//! with the browser's CSPRNG in Python's formats, and a Flask session workbench: a cookie
//! decoded without the key, verified as Flask verifies it, and a forgery signed with the key
//! the word-list attack finds. Signing and verifying run per keystroke in this bundle; the word
//! list (207 KB) and the attack run in a worker that loads on first use
//! (`src/workers/wordlist.rs`). Everything the learner types is shown as text.

pub mod reducer;

use dragonproof_engines::registry::Sandbox;
use dragonproof_engines::sandbox::{solved_quests, SandboxEngine};
use dragonproof_engines::secrets::generator::RandomSource;
use dragonproof_engines::secrets::key_strength::{
    getenv_default, GeneratedFormat, KeyReport, KnownSource, Strength, W009_MESSAGE,
};
use dragonproof_engines::secrets::sandbox::{SecretsSandbox as SecretsEngine, SecretsState};
use dragonproof_engines::secrets::session_cookie::{FlaskResponse, Verdict};
use dragonproof_engines::secrets::wordlist::years_to_search;
use gloo_worker::{Spawnable, WorkerBridge};
use yew::prelude::*;

use crate::sandboxes::{quests_of, Report, SandboxProps};
use crate::workers::script_url;
use crate::workers::wordlist::{WordListRequest, WordListWorker, SCRIPT};
use reducer::{Action, SecretsModel};

/// This sandbox's quests, from its lesson (compiled in: only this lesson's).
const QUESTS: &[crate::sandboxes::SandboxQuest] = quests_of(Sandbox::Secrets);

/// The browser's CSPRNG (`crypto.getRandomValues`), as Python's `secrets` uses the OS's.
pub struct BrowserRandom;

impl RandomSource for BrowserRandom {
    fn fill(&mut self, bytes: &mut [u8]) {
        // getRandomValues takes at most 65,536 bytes a call; keys need 32.
        for chunk in bytes.chunks_mut(65_536) {
            let filled = web_sys::window()
                .and_then(|window| window.crypto().ok())
                .and_then(|crypto| crypto.get_random_values_with_u8_array(chunk).ok());
            if filled.is_none() {
                // No CSPRNG, no key: zeros are visibly not random, and the verdict says weak.
                chunk.fill(0);
            }
        }
    }
}

fn strength_verdict(report: &KeyReport) -> Html {
    let (class, words) = match (report.strength, report.known) {
        (Strength::Missing, _) => ("is-danger", "No key: Flask refuses to sign a session without one.".to_string()),
        (Strength::Known, Some((KnownSource::SeedTutorial, n))) => (
            "is-danger",
            format!("Known: it is an example key from a tutorial, guess number {n} on an attacker's list."),
        ),
        (Strength::Known, Some((KnownSource::CommonDefault, n))) => {
            ("is-danger", format!("Known: a common default, guess number {n} on an attacker's list."))
        }
        (Strength::Known, Some((KnownSource::Dictionary, n))) => (
            "is-danger",
            format!("Known: a dictionary word (maybe with digits), found within about {n} guesses of our word list."),
        ),
        (Strength::Known, None) => ("is-danger", "Known: on an attacker's list.".to_string()),
        (Strength::Weak, _) => {
            ("is-warning", format!("Weak: at most about {:.0} bits to search; a random key has 256.", report.bits))
        }
        (Strength::Strong, _) => ("is-safe", format!("Strong: about {:.0} bits an attacker must search.", report.bits)),
    };
    html! { <p class={classes!("verdict", class)}>{ words }</p> }
}

fn key_details(report: &KeyReport) -> Html {
    let format = match report.format {
        Some(GeneratedFormat::TokenHex32) => "the format of secrets.token_hex(32)",
        Some(GeneratedFormat::TokenUrlsafe32) => "the format of secrets.token_urlsafe(32)",
        Some(GeneratedFormat::DjangoRandom) => "the format of Django's get_random_secret_key()",
        None => "no generator's format",
    };
    html! {
        <>
            <p class="hint-text">{ format!("{} characters, {} distinct, {format}.", report.length, report.distinct) }</p>
            if report.dictionary_pending {
                <p class="engine-status">{"Checking our word list (it loads in the background)…"}</p>
            }
            if report.django_insecure {
                <p class="verdict is-warning">{"It starts with django-insecure-: startproject wrote it for development, and it is in your repository."}</p>
            }
            if report.w009 && report.length > 0 {
                <p class="verdict is-warning"><strong>{"Django: security.W009. "}</strong><span class="why-text">{ W009_MESSAGE }</span></p>
            }
        </>
    }
}

fn verdict_words(verdict: &Verdict, keys: usize) -> (String, &'static str) {
    match (verdict, verdict.flask_response()) {
        (Verdict::Valid { session, key_index, .. }, FlaskResponse::Session(_)) => {
            let by = if key_index + 1 == keys {
                "SECRET_KEY".to_string()
            } else {
                format!("SECRET_KEY_FALLBACKS[{key_index}]")
            };
            (format!("Flask accepts it (verified with {by}): session = {}", session.python_repr()), "is-safe")
        }
        (Verdict::Rejected(rejection), FlaskResponse::EmptySession) => (
            format!(
                "Flask starts an empty session: itsdangerous.{}: {} ({rejection})",
                rejection.itsdangerous_class(),
                rejection.itsdangerous_message()
            ),
            "is-danger",
        ),
        (Verdict::Rejected(rejection), _) => (
            format!(
                "Flask answers 500 Internal Server Error on every request: itsdangerous.{}: {} ({rejection})",
                rejection.itsdangerous_class(),
                rejection.itsdangerous_message()
            ),
            "is-danger",
        ),
        (Verdict::Valid { session, .. }, _) => (
            format!(
                "The signature is good, but the session is not a dict ({}): Flask answers 500.",
                session.python_repr()
            ),
            "is-danger",
        ),
    }
}

#[function_component(SecretsSandbox)]
pub fn secrets_sandbox(props: &SandboxProps) -> Html {
    let model = use_reducer(|| {
        let now = (js_sys::Date::now() / 1000.0) as u64;
        SecretsModel::new(props.initial::<SecretsState>(), now, Box::new(BrowserRandom))
    });
    // The word list's worker: spawned on the first request, its answers dispatched as actions.
    let worker = use_mut_ref(|| None::<WorkerBridge<WordListWorker>>);
    let worker_error = use_state(|| None::<String>);
    let send = {
        let (worker, worker_error, dispatcher) = (worker.clone(), worker_error.clone(), model.dispatcher());
        move |request: WordListRequest| {
            let mut slot = worker.borrow_mut();
            if slot.is_none() {
                match script_url(SCRIPT) {
                    Ok(url) => {
                        let dispatcher = dispatcher.clone();
                        // Classic script (wasm-bindgen's no-modules target), as the other workers.
                        let bridge = WordListWorker::spawner()
                            .as_module(false)
                            .callback(move |reply| dispatcher.dispatch(Action::Worker(reply)))
                            .spawn(&url);
                        *slot = Some(bridge);
                    }
                    Err(reason) => {
                        worker_error.set(Some(reason));
                        return;
                    }
                }
            }
            if let Some(bridge) = slot.as_ref() {
                bridge.send(request);
            }
        }
    };
    {
        let send = send.clone();
        use_effect_with(model.pending_words(), move |words| {
            if !words.is_empty() {
                send(WordListRequest::Lookup(words.clone()));
            }
        });
    }
    let outcome = model.outcome.clone();
    {
        let ids: Vec<&str> = QUESTS.iter().map(|quest| quest.id).collect();
        let solved = solved_quests::<SecretsEngine>(&ids, &outcome);
        let answers = QUESTS.iter().map(|quest| SecretsEngine::describe(&quest.solution())).collect();
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
    let start_attack = {
        let (dispatcher, cookie) = (model.dispatcher(), model.attacked_cookie());
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::AttackStarted(cookie.clone()));
            send(WordListRequest::Attack { cookie: cookie.clone() });
        })
    };

    let keys = outcome.fallbacks.len() + 1;
    let getenv = getenv_default(&model.state.secret_key);
    let attack = model.current_attack().cloned();
    let running = attack.as_ref().is_some_and(|a| !a.done);
    let rate = attack.as_ref().filter(|a| a.elapsed_ms > 0.0).map(|a| a.tried as f64 / (a.elapsed_ms / 1000.0));
    let (verdict_text, verdict_class) = verdict_words(&outcome.verdict, keys);

    html! {
        <div class="secrets-sandbox">
            <h2>{"The castle's keys"}</h2>
            <label for="secrets-key">{"SECRET_KEY"}</label>
            <input id="secrets-key" type="text" spellcheck="false" autocomplete="off"
                value={model.state.secret_key.clone()} oninput={on_text(Action::SetSecretKey)} />
            <div aria-live="polite">
                { strength_verdict(&outcome.key) }
                { key_details(&outcome.key) }
                if let Some(default) = getenv {
                    <p class="verdict is-danger">{ format!(
                        "This line ships a default: wherever the variable is missing, the app starts with the key {default:?}, which is printed in your code. Use os.environ[\"SECRET_KEY\"] so a missing key stops the app.") }</p>
                }
            </div>
            <label for="secrets-fallbacks">{"SECRET_KEY_FALLBACKS (one key per line, oldest first)"}</label>
            <textarea id="secrets-fallbacks" rows="2" spellcheck="false" value={model.state.fallbacks.clone()}
                oninput={on_text(Action::SetFallbacks)} />
            if !outcome.fallbacks.is_empty() {
                <ol class="secrets-fallbacks" aria-label="Each fallback judged">
                    { for outcome.fallbacks.iter().map(|report| html! { <li>{ strength_verdict(report) }</li> }) }
                </ol>
            }
            <p class="hint-text">{"Flask and Django sign with SECRET_KEY and also accept signatures by every fallback: a fallback is for a planned rotation, never for a key that leaked."}</p>

            <h2>{"Generate a key (your browser's CSPRNG)"}</h2>
            <dl class="secrets-generated">
                <dt>{"secrets.token_hex(32)"}</dt><dd><code data-testid="generated-hex">{ model.generated.token_hex.clone() }</code>
                    <button type="button" class="button button-small" onclick={dispatch(Action::UseGenerated(GeneratedFormat::TokenHex32))}>{"Use the token_hex key"}</button></dd>
                <dt>{"secrets.token_urlsafe(32)"}</dt><dd><code>{ model.generated.token_urlsafe.clone() }</code>
                    <button type="button" class="button button-small" onclick={dispatch(Action::UseGenerated(GeneratedFormat::TokenUrlsafe32))}>{"Use the token_urlsafe key"}</button></dd>
                <dt>{"Django's get_random_secret_key()"}</dt><dd><code>{ model.generated.django.clone() }</code>
                    <button type="button" class="button button-small" onclick={dispatch(Action::UseGenerated(GeneratedFormat::DjangoRandom))}>{"Use the Django key"}</button></dd>
            </dl>
            <div class="actions">
                <button type="button" class="button button-secondary button-small" onclick={dispatch(Action::Regenerate)}>{"New keys"}</button>
                <button type="button" class="button button-secondary button-small" onclick={dispatch(Action::Rotate)}>{"Planned rotation: new key, old one kept as a fallback"}</button>
                <button type="button" class="button button-secondary button-small" onclick={dispatch(Action::Reset)}>{"Reset this sandbox"}</button>
            </div>

            <h2>{"The session workbench"}</h2>
            <label for="secrets-cookie">{"A session cookie (empty: Arthur's, as the castle signs it now)"}</label>
            <textarea id="secrets-cookie" rows="2" spellcheck="false" value={model.state.cookie.clone()}
                oninput={on_text(Action::SetCookie)} placeholder={outcome.arthur_cookie.clone().unwrap_or_default()} />
            <div aria-live="polite" data-testid="secrets-decoded">
                { match &outcome.decoded {
                    Err(why) => html! { <p class="verdict is-warning">{ why.clone() }</p> },
                    Ok(decoded) => html! {
                        <>
                            <p>{"Read without any key: "}<code>{ decoded.json.clone().unwrap_or_else(|why| why) }</code></p>
                            <p class="hint-text">{ format!("{}{}",
                                if decoded.compressed { "zlib-compressed (the leading dot). " } else { "" },
                                decoded.signed_at.map_or("The signing time is unreadable.".to_string(), |at| {
                                    let age = model.now as i64 - at as i64;
                                    format!("Signed {age} seconds ago (Flask accepts it for 31 days).")
                                })) }</p>
                        </>
                    },
                } }
                <p class={classes!("verdict", verdict_class)} data-testid="secrets-verdict">{ verdict_text }</p>
            </div>

            <h2>{"The dragon's word list"}</h2>
            <p class="hint-text">{"The dragon holds the cookie and tries known keys, then our 32,453 dictionary words, as Flask signs: one guess is one HMAC."}</p>
            <button type="button" class="button button-small" onclick={start_attack} disabled={running}>{"Run the word-list attack on this cookie"}</button>
            <div aria-live="polite" data-testid="secrets-attack">
                if let Some(error) = &*worker_error {
                    <p class="verdict is-warning">{ format!("The word list could not start: {error}.") }</p>
                }
                if let Some(progress) = &attack {
                    if let Some(error) = &progress.error {
                        <p class="verdict is-warning">{ error.clone() }</p>
                    } else if progress.total == 0 {
                        <p class="engine-status">{"Loading the word list…"}</p>
                    } else {
                        <progress max={progress.total.to_string()} value={progress.tried.to_string()} aria-label="Guesses tried" />
                        <p class="hint-text">{ format!("{} of {} guesses{}.", progress.tried, progress.total,
                            rate.map_or(String::new(), |r| format!(", {:.0} guesses per second", r))) }</p>
                        if let Some(key) = &progress.found {
                            <p class="verdict is-danger">{ format!("Found the key after {} guesses: {key:?}", progress.tried) }</p>
                            <button type="button" class="button button-small" onclick={dispatch(Action::SetForgeKey(key.clone()))}>{"Sign with the found key"}</button>
                        } else if progress.done {
                            <p class="verdict is-safe">{"Not on the list: the dragon found nothing."}</p>
                        }
                        if let Some(rate) = rate {
                            <p class="hint-text">{ format!("At this speed, a secrets.token_hex(32) key (256 random bits) would take about 10^{:.0} years on average.",
                                years_to_search(256.0, rate).log10()) }</p>
                        }
                    }
                }
            </div>

            <h2>{"Forge a session"}</h2>
            <label for="secrets-forged-json">{"The session the dragon wants (JSON)"}</label>
            <textarea id="secrets-forged-json" rows="2" spellcheck="false" value={model.state.forged_json.clone()}
                oninput={on_text(Action::SetForgedJson)} />
            <label for="secrets-forge-key">{"The key the dragon signs with"}</label>
            <input id="secrets-forge-key" type="text" spellcheck="false" autocomplete="off"
                value={model.state.forge_key.clone()} oninput={on_text(Action::SetForgeKey)} />
            <div aria-live="polite" data-testid="secrets-forgery">
                { match (&outcome.forged_cookie, &outcome.forged_verdict) {
                    (Err(why), _) => html! { <p class="hint-text">{ why.clone() }</p> },
                    (Ok(cookie), verdict) => {
                        let (text, class) = verdict.as_ref().map_or((String::new(), "is-info"), |v| verdict_words(v, keys));
                        html! {
                            <>
                                <p>{"The forged cookie: "}<code class="secrets-cookie">{ cookie.clone() }</code></p>
                                <p class={classes!("verdict", if class == "is-safe" { "is-danger" } else { "is-safe" })}>
                                    { if class == "is-safe" { format!("The forgery works. {text}") } else { format!("The forgery fails. {text}") } }</p>
                            </>
                        }
                    }
                } }
            </div>
        </div>
    }
}
