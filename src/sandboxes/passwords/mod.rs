//! Lesson 8's sandbox, "Passwords and MFA": three panels over one model ([`reducer`]).
//! - **The castle's user table**: the users' passwords stored with the scheme the learner picks,
//!   a thief's lookup table run on the stolen copy, and the word list run against the login
//!   form on a clock the learner steps, with limits per address and per account.
//! - **The hash lab**: any password hashed exactly as Werkzeug or Django would store it, the
//!   time it took in this browser, and any pasted hash recognised, checked and judged.
//! - **The king's second factor**: a TOTP secret, pyotp's `otpauth://` URI, its QR code, the
//!   code now, and a phishing relay replaying the king's code against the verifier chosen.
//!
//! Every hash runs in the lazy hash worker (`workers::passwords`), so the page never freezes on
//! Django's 1,500,000 PBKDF2 rounds or a 100 MiB argon2; a request in flight shows a timer and
//! Cancel. The TOTP engine is instant and runs here. Everything typed is rendered as text.

pub mod reducer;

use std::cell::Cell;
use std::rc::Rc;

use dragonproof_engines::passwords::{
    estimate, Judgement, ParsedHash, PasswordsAndMfaState, Response, Scheme, Verdict, DJANGO_FIX, FLASK_FIX, PRESETS,
};
use dragonproof_engines::progress::Framework;
use dragonproof_engines::registry::Sandbox;
use dragonproof_engines::totp::{QrSvg, SECRET_BYTES, WINDOW_LIMIT};
use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::sandboxes::{quests_of, Report, SandboxProps};
#[cfg(target_arch = "wasm32")]
use crate::workers::passwords::HashRequest;
use crate::workers::passwords::{HashJob, HashWorker, TableView, WorkerEvent};
use reducer::{verifier_parts, Action, Lane, LaneId, Model};

/// This sandbox's quests, from its lesson (compiled in: only this lesson's).
const QUESTS: &[crate::sandboxes::SandboxQuest] = quests_of(Sandbox::Passwords);

#[cfg(target_arch = "wasm32")]
fn unix_now() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}
#[cfg(not(target_arch = "wasm32"))]
fn unix_now() -> i64 {
    0
}

#[cfg(target_arch = "wasm32")]
fn now_ms() -> f64 {
    crate::workers::passwords::now_ms()
}
#[cfg(not(target_arch = "wasm32"))]
fn now_ms() -> f64 {
    0.0
}

/// The workers: one per lane, so a slow lab hash never holds up the quests' table, and the
/// attacker's rate is measured on a worker that nothing else is using.
#[derive(Clone)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
struct Workers {
    table: HashWorker,
    lab: HashWorker,
    check: HashWorker,
    rate: HashWorker,
    next_id: Rc<Cell<u64>>,
}

impl Workers {
    fn lane(&self, lane: LaneId) -> &HashWorker {
        match lane {
            LaneId::Table => &self.table,
            LaneId::Lab => &self.lab,
            LaneId::Check => &self.check,
            LaneId::Rate => &self.rate,
        }
    }

    /// Sends `job` on `lane` and tells the model.
    #[cfg(target_arch = "wasm32")]
    fn send(&self, model: &UseReducerHandle<Model>, lane: LaneId, job: HashJob) {
        let id = self.next_id.get() + 1;
        self.next_id.set(id);
        model.dispatch(Action::Sent { lane, id, at: now_ms() });
        self.lane(lane).send(HashRequest { id, job });
    }
    #[cfg(not(target_arch = "wasm32"))]
    fn send(&self, _model: &UseReducerHandle<Model>, _lane: LaneId, _job: HashJob) {}
}

#[function_component(PasswordsSandbox)]
pub fn passwords_sandbox(props: &SandboxProps) -> Html {
    let model = use_reducer(|| Model::new(props.initial::<PasswordsAndMfaState>(), unix_now()));
    let workers = {
        let model = model.clone();
        use_memo((), move |_| {
            let lane = |model: UseReducerHandle<Model>, lane: LaneId| {
                crate::workers::passwords::hash_worker(move |event| match event {
                    WorkerEvent::Answered(reply) => model.dispatch(Action::Answered(reply)),
                    WorkerEvent::Crashed(message) => model.dispatch(Action::Crashed(lane, message)),
                })
            };
            Workers {
                table: lane(model.clone(), LaneId::Table),
                lab: lane(model.clone(), LaneId::Lab),
                check: lane(model.clone(), LaneId::Check),
                rate: lane(model, LaneId::Rate),
                next_id: Rc::default(),
            }
        })
    };

    // The table is stored again whenever the passwords state changes (the worker keeps the
    // hashes while only the clock or the limits move).
    {
        let (workers, handle) = (workers.clone(), model.clone());
        use_effect_with(model.state.passwords.clone(), move |state| {
            let quests = QUESTS.iter().map(|quest| quest.id.to_string()).collect();
            workers.send(&handle, LaneId::Table, HashJob::Table { state: state.clone(), quests });
        });
    }
    // The attacker's rates, MD5 then SHA-256, once each (a few hundred milliseconds in all).
    {
        let (workers, handle) = (workers.clone(), model.clone());
        use_effect_with(model.rates.next(), move |next| {
            if let Some(hash) = *next {
                workers.send(&handle, LaneId::Rate, HashJob::Rate { hash });
            }
        });
    }
    // The clocks: every second for the TOTP countdown, every 100 ms while a hash runs.
    {
        let handle = model.clone();
        use_effect_with(model.any_pending(), move |pending| {
            let tick = move || handle.dispatch(Action::Tick { now: unix_now(), now_ms: now_ms() });
            let interval = Interval::new(if *pending { 100 } else { 1000 }, tick);
            move || drop(interval)
        });
    }
    {
        let ids: Vec<&str> = QUESTS.iter().map(|quest| quest.id).collect();
        let solved = model.solved(&ids);
        let answers = QUESTS.iter().map(|quest| reducer::describe(&quest.solution())).collect();
        let report = props.report.clone();
        let shared = serde_json::to_string(&model.state).ok();
        use_effect_with(Report { solved, answers, state: shared }, move |now| report.emit(now.clone()));
    }

    let text = |make: fn(String) -> Action| {
        let model = model.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            model.dispatch(make(input.value()));
        })
    };
    let passwords_text = |input: &'static str| {
        let model = model.clone();
        Callback::from(move |event: InputEvent| {
            let field: web_sys::HtmlInputElement = event.target_unchecked_into();
            model.dispatch(Action::Passwords(input, field.value()));
        })
    };
    let totp_text = |input: &'static str| {
        let model = model.clone();
        Callback::from(move |event: InputEvent| {
            let field: web_sys::HtmlInputElement = event.target_unchecked_into();
            model.dispatch(Action::Totp(input, field.value()));
        })
    };
    let passwords_switch = |input: &'static str| {
        let model = model.clone();
        Callback::from(move |event: Event| {
            let field: web_sys::HtmlInputElement = event.target_unchecked_into();
            model.dispatch(Action::Passwords(input, if field.checked() { "on" } else { "off" }.into()));
        })
    };
    let on_scheme = {
        let model = model.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            model.dispatch(Action::Passwords("scheme", select.value()));
        })
    };
    let on_lab_scheme = {
        let model = model.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            model.dispatch(Action::LabScheme(select.value()));
        })
    };
    let on_verifier = {
        let model = model.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            model.dispatch(Action::VerifierKind(select.value()));
        })
    };
    let on_replay = {
        let model = model.clone();
        Callback::from(move |event: Event| {
            let field: web_sys::HtmlInputElement = event.target_unchecked_into();
            model.dispatch(Action::Totp("replay", if field.checked() { "on" } else { "off" }.into()));
        })
    };
    let on_new_secret = {
        let model = model.clone();
        Callback::from(move |_: MouseEvent| {
            #[cfg_attr(not(target_arch = "wasm32"), allow(unused_mut))]
            let mut bytes = [0u8; SECRET_BYTES];
            #[cfg(target_arch = "wasm32")]
            crate::workers::passwords::browser_random(&mut bytes);
            model.dispatch(Action::NewSecret(bytes));
        })
    };
    let on_hash = {
        let (model, workers) = (model.clone(), workers.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let job = HashJob::Hash { scheme: model.lab_scheme(), password: model.lab.password.clone() };
            workers.send(&model, LaneId::Lab, job);
        })
    };
    let on_check = {
        let (model, workers) = (model.clone(), workers.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let job =
                HashJob::Check { password: model.paste.password.clone(), stored: model.paste.stored.trim().into() };
            workers.send(&model, LaneId::Check, job);
        })
    };
    let on_paste = {
        let model = model.clone();
        Callback::from(move |event: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            model.dispatch(Action::PasteStored(area.value()));
        })
    };
    let cancel = |lane: LaneId| {
        let (model, workers) = (model.clone(), workers.clone());
        Callback::from(move |_: MouseEvent| {
            workers.lane(lane).cancel();
            model.dispatch(Action::Cancelled(lane));
        })
    };

    let passwords = &model.state.passwords;
    let totp_state = &model.state.totp;
    let scheme_id = PRESETS.iter().find(|(_, scheme)| *scheme == passwords.scheme).map(|(id, _)| *id);
    let table = model.table.last.as_ref().map(|(view, millis)| (view, *millis));
    let fresh = table.is_some_and(|(view, _)| view.state == *passwords);
    let (verifier_kind, _) = verifier_parts(totp_state.verifier);
    let fix = match props.framework {
        Framework::Flask => FLASK_FIX,
        Framework::Django => DJANGO_FIX,
    };

    html! {
        <div class="passwords-sandbox">
            <section class="pw-panel" aria-labelledby="pw-table-title">
                <h2 id="pw-table-title">{"The castle's user table"}</h2>
                <label for="pw-scheme">{"How the castle stores passwords"}</label>
                <select id="pw-scheme" onchange={on_scheme}>
                    if scheme_id.is_none() {
                        <option selected=true>{ scheme_name(&passwords.scheme) }</option>
                    }
                    { for PRESETS.iter().map(|(id, scheme)| html! {
                        <option value={*id} selected={scheme_id == Some(*id)}>{ scheme_name(scheme) }</option>
                    }) }
                </select>
                <label class="choice">
                    <input type="checkbox" checked={passwords.lookup_attack} onchange={passwords_switch("lookup_attack")} />
                    <span>{"Run the lookup table on the stolen copy"}</span>
                </label>
                { pending_line(&model.table, model.now_ms, "Storing the users' passwords", cancel(LaneId::Table)) }
                if let Some((view, millis)) = table {
                    <div class={classes!("pw-result", (!fresh).then_some("is-stale"))} aria-busy={(!fresh).to_string()}>
                        { view_table(view, millis) }
                    </div>
                }
                <h2 id="pw-login-title">{"The login form under attack"}</h2>
                <label class="choice">
                    <input type="checkbox" checked={passwords.word_list_attack} onchange={passwords_switch("word_list_attack")} />
                    <span>{"Run the word list against the login form (ten guesses a second)"}</span>
                </label>
                <div class="pw-limits">
                    <div>
                        <label for="pw-per-address">{"Limit per address (requests/seconds, or none)"}</label>
                        <input id="pw-per-address" type="text" spellcheck="false" autocomplete="off"
                            value={model.per_address.clone()} oninput={passwords_text("per_address")} />
                    </div>
                    <div>
                        <label for="pw-per-account">{"Lockout per account (failures/seconds of cool-off, failures/never, or none)"}</label>
                        <input id="pw-per-account" type="text" spellcheck="false" autocomplete="off"
                            value={model.per_account.clone()} oninput={passwords_text("per_account")} />
                    </div>
                </div>
                if let Some(error) = &model.limits_error {
                    <p class="verdict is-warning" role="status">{ error.clone() }</p>
                }
                <label for="pw-clock">{ format!("Simulated clock: {} of the hour", minutes(passwords.clock_seconds)) }</label>
                <input id="pw-clock" type="range" min="0" max="3600" step="60"
                    value={passwords.clock_seconds.to_string()} oninput={passwords_text("clock")} />
                if let Some((view, _)) = table.filter(|_| fresh) { { view_login(view) } }
            </section>

            <section class="pw-panel" aria-labelledby="pw-lab-title">
                <h2 id="pw-lab-title">{"The hash lab"}</h2>
                <form class="pw-form" onsubmit={on_hash}>
                    <label for="pw-lab-password">{"Password"}</label>
                    <input id="pw-lab-password" type="text" spellcheck="false" autocomplete="off"
                        value={model.lab.password.clone()} oninput={text(Action::LabPassword)} />
                    <label for="pw-lab-scheme">{"Scheme"}</label>
                    <select id="pw-lab-scheme" onchange={on_lab_scheme}>
                        { for PRESETS.iter().map(|(id, scheme)| html! {
                            <option value={*id} selected={model.lab.scheme == *id}>{ scheme_name(scheme) }</option>
                        }) }
                    </select>
                    <button type="submit" class="button button-small">{"Hash"}</button>
                </form>
                { pending_line(&model.lab.lane, model.now_ms, "Hashing", cancel(LaneId::Lab)) }
                if let Some((result, millis)) = &model.lab.lane.last {
                    { match result {
                        Ok(stored) => html! {
                            <div data-testid="pw-lab-result">
                                <p class="engine-status">{ format!("Stored string ({} in this browser's worker):", duration(*millis)) }</p>
                                <pre class="code output" tabindex="0"><code>{ stored.clone() }</code></pre>
                            </div>
                        },
                        Err(message) => html! {
                            <p class="verdict is-warning" data-testid="pw-lab-result">{ message.clone() }</p>
                        },
                    } }
                }
                { view_costs(&model) }
                <form class="pw-form" onsubmit={on_check}>
                    <label for="pw-paste">{"Paste a stored hash (Werkzeug, Django, argon2-cffi or bcrypt)"}</label>
                    <textarea id="pw-paste" rows="3" spellcheck="false" value={model.paste.stored.clone()} oninput={on_paste} />
                    { view_parsed(model.paste.parsed.as_ref()) }
                    <label for="pw-paste-password">{"Password to check against it"}</label>
                    <input id="pw-paste-password" type="text" spellcheck="false" autocomplete="off"
                        value={model.paste.password.clone()} oninput={text(Action::PastePassword)} />
                    <button type="submit" class="button button-small"
                        disabled={!matches!(model.paste.parsed, Some(Ok(_)))}>{"Check"}</button>
                </form>
                { pending_line(&model.paste.lane, model.now_ms, "Checking", cancel(LaneId::Check)) }
                if let Some((result, millis)) = &model.paste.lane.last {
                    { match result {
                        Ok(check) => html! {
                            <div data-testid="pw-check-result">
                                <p class={classes!("verdict", if check.matches { "is-safe" } else { "is-danger" })}>
                                    { format!("{} ({} in this browser's worker)",
                                        if check.matches { "Right password: it matches." } else { "Wrong password: it does not match." },
                                        duration(*millis)) }
                                </p>
                                { view_judgement(&check.judgement, fix) }
                            </div>
                        },
                        Err(message) => html! { <p class="verdict is-warning" data-testid="pw-check-result">{ message.clone() }</p> },
                    } }
                }
            </section>

            <section class="pw-panel" aria-labelledby="pw-totp-title">
                <h2 id="pw-totp-title">{"The king's second factor (TOTP)"}</h2>
                <div class="pw-totp">
                    <div class="pw-totp-fields">
                        <label for="pw-secret">{"Secret (base32, as pyotp.random_base32() makes it)"}</label>
                        <input id="pw-secret" type="text" spellcheck="false" autocomplete="off"
                            value={totp_state.secret.clone()} oninput={totp_text("secret")} />
                        <button type="button" class="button button-secondary button-small" onclick={on_new_secret}>{"New secret"}</button>
                        <label for="pw-name">{"Account name"}</label>
                        <input id="pw-name" type="text" spellcheck="false" autocomplete="off"
                            value={totp_state.name.clone()} oninput={totp_text("name")} />
                        <label for="pw-issuer">{"Issuer"}</label>
                        <input id="pw-issuer" type="text" spellcheck="false" autocomplete="off"
                            value={totp_state.issuer.clone()} oninput={totp_text("issuer")} />
                    </div>
                    if let Some(qr) = &model.totp.qr { { view_qr(qr) } }
                </div>
                if let Some(error) = &model.totp_error {
                    <p class="verdict is-warning" role="status">{ error.clone() }</p>
                }
                { match &model.totp.uri {
                    Ok(uri) => html! {
                        <>
                            <p class="engine-status">{"totp.provisioning_uri(name=..., issuer_name=...):"}</p>
                            <pre class="code output" tabindex="0" data-testid="pw-uri"><code>{ uri.clone() }</code></pre>
                        </>
                    },
                    Err(error) => html! { <p class="verdict is-warning">{ error.to_string() }</p> },
                } }
                if let Ok(code) = &model.totp.code_now {
                    <p class="pw-code" data-testid="pw-code">
                        {"Code now: "}<strong>{ code.clone() }</strong>
                        { format!(" (changes in {} s)", model.totp.seconds_left) }
                    </p>
                }
                <div class="pw-limits">
                    <div>
                        <label for="pw-verifier">{"How the server checks a code"}</label>
                        <select id="pw-verifier" onchange={on_verifier}>
                            { for [
                                ("pyotp_verify", "pyotp: totp.verify(code, valid_window=n)"),
                                ("pyotp_last_timecode", "pyotp: verify_and_get_timecode, refusing a used timecode"),
                                ("django_otp", "django-otp: TOTPDevice.verify_token (tolerance n)"),
                            ].into_iter().map(|(kind, label)| html! {
                                <option value={kind} selected={verifier_kind == kind}>{ label }</option>
                            }) }
                        </select>
                    </div>
                    <div>
                        <label for="pw-window">{ format!("Window n (steps either way, 0 to {WINDOW_LIMIT})") }</label>
                        <input id="pw-window" type="number" min="0" max={WINDOW_LIMIT.to_string()}
                            value={model.window.clone()} oninput={text(Action::Window)} />
                    </div>
                </div>
                <label class="choice">
                    <input type="checkbox" checked={totp_state.replay} onchange={on_replay} />
                    <span>{"The attacker replays the king's code (a phishing relay)"}</span>
                </label>
                <ol class="pw-attempts" data-testid="pw-attempts">
                    { for model.totp.attempts.iter().map(|attempt| {
                        let when = if attempt.at == model.now { "now".to_string() } else { format!("{} s later", attempt.at - model.now) };
                        html! {
                            <li class={if attempt.accepted == (attempt.who == "king") { "is-safe" } else { "is-danger" }}>
                                { format!("The {} sends {} ({when}): {}", attempt.who, attempt.code,
                                    if attempt.accepted { "accepted" } else { "refused" }) }
                            </li>
                        }
                    }) }
                </ol>
            </section>
        </div>
    }
}

/// "Hashing… 1.2 s  [Cancel]" while a request is in flight, or why the last one has no answer.
fn pending_line<T>(lane: &Lane<T>, now_ms: f64, doing: &str, cancel: Callback<MouseEvent>) -> Html {
    match (lane.pending, &lane.note) {
        (Some(pending), _) => html! {
            <p class="engine-status pw-pending" role="status" data-testid="pw-pending">
                <span class="pw-spinner" aria-hidden="true"></span>
                { format!("{doing} in the worker… {}", duration((now_ms - pending.since_ms).max(0.0))) }
                <button type="button" class="button button-secondary button-small" onclick={cancel}>{"Cancel"}</button>
            </p>
        },
        (None, Some(note)) => html! { <p class="engine-status" role="status">{ note.clone() }</p> },
        (None, None) => html! {},
    }
}

fn view_table(view: &TableView, millis: f64) -> Html {
    let rows = match &view.table {
        Ok(rows) => rows,
        Err(message) => return html! { <p class="verdict is-warning">{ message.clone() }</p> },
    };
    let cracked = |user: &str| view.cracked_by_table.iter().find(|(u, _)| u == user).map(|(_, pw)| pw.clone());
    let shared = |user: &str| view.shared.iter().any(|group| group.iter().any(|u| u == user));
    html! {
        <>
            <p class="engine-status">{ format!("Stored in {} in this browser's worker (three users, and the king's login once).", duration(millis)) }</p>
            <div class="table-wrap" tabindex="0">
                <table class="pw-table" data-testid="pw-table">
                    <thead><tr>
                        <th scope="col">{"User"}</th><th scope="col">{"Stored"}</th>
                        if view.lookup_attack { <th scope="col">{"Lookup table"}</th> }
                    </tr></thead>
                    <tbody>
                        { for rows.iter().map(|row| html! {
                            <tr class={shared(&row.username).then_some("is-shared")}>
                                <th scope="row">{ row.username.clone() }</th>
                                <td><code class="pw-stored">{ row.stored.clone() }</code></td>
                                if view.lookup_attack {
                                    { match cracked(&row.username) {
                                        Some(pw) => html! { <td class="is-danger">{ format!("cracked: {pw}") }</td> },
                                        None => html! { <td class="is-safe">{"not found"}</td> },
                                    } }
                                }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if !view.shared.is_empty() {
                <p class="verdict is-danger">{ format!("Identical rows: {}. The same password, and no salt to tell them apart.",
                    view.shared.iter().map(|group| group.join(" and ")).collect::<Vec<_>>().join("; ")) }</p>
            }
            <p class={classes!("verdict", if view.honest_login { "is-safe" } else { "is-danger" })}>
                { if view.honest_login { "The king logs in with his password." } else { "The king cannot log in!" } }
            </p>
            { view_judgement(&view.judgement, "") }
        </>
    }
}

fn view_judgement(judgement: &Judgement, fix: &str) -> Html {
    let (class, word) = match judgement.verdict {
        Verdict::MeetsAdvice => ("is-safe", "Meets today's OWASP advice."),
        Verdict::BelowAdvice => ("is-warning", "Below today's OWASP advice."),
        Verdict::Broken => ("is-danger", "Broken: fast or unsalted."),
    };
    html! {
        <div class="pw-judgement" data-testid="pw-judgement">
            <p class={classes!("verdict", class)}><strong>{ word }</strong></p>
            <ul>{ for judgement.reasons.iter().map(|reason| html! { <li>{ reason.clone() }</li> }) }</ul>
            if !fix.is_empty() && judgement.verdict != Verdict::MeetsAdvice {
                <pre class="code" tabindex="0"><code>{ fix }</code></pre>
            }
        </div>
    }
}

fn view_login(view: &TableView) -> Html {
    let response = |r: Response| match r {
        Response::LoggedIn => "logged in",
        Response::WrongPassword => "wrong password",
        Response::TooManyRequests => "429 Too Many Requests",
        Response::LockedOut => "locked out",
    };
    let king_ok = view.king_with_typo == [Response::WrongPassword, Response::LoggedIn];
    html! {
        <div class="pw-login" data-testid="pw-login">
            if let (Some(now), Some(hour)) = (&view.attack_now, &view.attack_hour) {
                <p class={classes!("verdict", if hour.got_in_at.is_some() { "is-danger" } else { "is-safe" })}>
                    { match hour.got_in_at {
                        Some(at) => format!("The word list gets in after {} ({} guesses).", minutes(at), hour.guesses),
                        None => format!("The word list does not get in within the hour: {} guesses checked, {} requests refused by the address limit, {} by the lockout.",
                            hour.guesses, hour.refused_by_address_limit, hour.refused_by_lockout),
                    } }
                </p>
                <p class="engine-status">{ format!("By {} of the clock: {} requests, {} guesses checked{}.",
                    minutes(now.seconds), now.requests, now.guesses,
                    if now.got_in_at.is_some() { ", and the attacker is in" } else { "" }) }</p>
            }
            <p class={classes!("verdict", if king_ok { "is-safe" } else { "is-danger" })}>
                { format!("The king, one typo then his password: {}, then {}.",
                    response(view.king_with_typo[0]), response(view.king_with_typo[1])) }
            </p>
            <p class="engine-status">{ format!("The same during the attack: {}, then {}.",
                response(view.king_during_attack[0]), response(view.king_during_attack[1])) }</p>
        </div>
    }
}

fn view_parsed(parsed: Option<&Result<ParsedHash, String>>) -> Html {
    match parsed {
        None => html! {},
        Some(Ok(parsed)) => html! {
            <p class="engine-status" data-testid="pw-parsed">
                { format!("Recognised: {} ({}), salt of {} bytes.", scheme_name(&parsed.scheme), parsed.scheme.library().name(), parsed.salt.len()) }
            </p>
        },
        Some(Err(message)) => html! { <p class="verdict is-warning" data-testid="pw-parsed">{ message.clone() }</p> },
    }
}

/// The QR code as SVG elements built here from the engine's path data (digits and `Mhvz`
/// only); nothing is parsed as markup.
fn view_qr(qr: &QrSvg) -> Html {
    let view = format!("0 0 {0} {0}", qr.view);
    html! {
        <svg class="pw-qr" viewBox={view} role="img" aria-label="QR code of the otpauth URI" data-testid="pw-qr"
            shape-rendering="crispEdges">
            <rect class="pw-qr-light" x="0" y="0" width={qr.view.to_string()} height={qr.view.to_string()} />
            <path class="pw-qr-dark" d={qr.path.clone()} />
        </svg>
    }
}

/// A scheme as a learner picks it, with its parameters.
pub fn scheme_name(scheme: &Scheme) -> String {
    match *scheme {
        Scheme::WerkzeugScrypt { n, r, p } => format!("Werkzeug scrypt:{n}:{r}:{p}"),
        Scheme::WerkzeugPbkdf2 { digest, iterations } => format!("Werkzeug pbkdf2:{}:{iterations}", digest.name()),
        Scheme::DjangoPbkdf2 { digest, iterations } => {
            format!("Django pbkdf2_{} ({} iterations)", digest.name(), thousands(iterations.into()))
        }
        Scheme::DjangoArgon2(p) => {
            format!("Django argon2 ({} m={} KiB, t={}, p={})", p.variant.name(), p.memory_kib, p.passes, p.lanes)
        }
        Scheme::DjangoBcryptSha256 { cost, .. } => format!("Django bcrypt_sha256 (cost {cost})"),
        Scheme::DjangoBcrypt { cost, .. } => format!("Django bcrypt (cost {cost})"),
        Scheme::DjangoScrypt { n, r, p } => format!("Django scrypt (N={n}, r={r}, p={p})"),
        Scheme::DjangoMd5 => "Django md5 (salted, one MD5)".into(),
        Scheme::Argon2Phc(p) => {
            format!("argon2-cffi {} m={} KiB, t={}, p={}", p.variant.name(), p.memory_kib, p.passes, p.lanes)
        }
        Scheme::Bcrypt { prefix, cost } => format!("bcrypt {} cost {cost}", prefix.text()),
        Scheme::UnsaltedMd5 => "Unsalted MD5 (hashlib.md5)".into(),
        Scheme::UnsaltedSha256 => "Unsalted SHA-256 (hashlib.sha256)".into(),
    }
}

/// What a stolen hash costs the attacker: guesses a second on one core of this browser for the
/// fast digests (measured on their own worker) and for the lab's last hash (one guess is one
/// hash), and what each rate means for the 10,000-word list and for every 8-character password.
fn view_costs(model: &Model) -> Html {
    let lab = match &model.lab.lane.last {
        Some((Ok(_), millis)) => {
            reducer::preset(model.lab.hashing).map(|scheme| (scheme_name(&scheme), reducer::per_second(1, *millis)))
        }
        _ => None,
    };
    let rows = [("Unsalted MD5".to_string(), model.rates.md5), ("Unsalted SHA-256".to_string(), model.rates.sha256)]
        .into_iter()
        .chain(lab.map(|(name, rate)| (format!("{name} (the lab's last hash)"), Some(rate))));
    html! {
        <div class="pw-costs">
            <h3 id="pw-costs-title">{"What a stolen hash costs the attacker"}</h3>
            <div class="table-wrap" tabindex="0">
            <table class="pw-costs-table" aria-labelledby="pw-costs-title" data-testid="pw-costs">
                <thead><tr>
                    <th scope="col">{"Stored as"}</th>
                    <th scope="col">{"Guesses a second (one core of this browser)"}</th>
                    <th scope="col">{"The 10,000-word list"}</th>
                    <th scope="col">{"Every 8-character password"}</th>
                </tr></thead>
                <tbody>
                    { for rows.map(|(name, rate)| match rate {
                        Some(rate) => {
                            let cost = estimate(rate);
                            html! { <tr>
                                <th scope="row">{ name }</th>
                                <td>{ guesses(rate) }</td>
                                <td>{ span(cost.word_list_seconds) }</td>
                                <td>{ span(cost.all_8_char_seconds) }</td>
                            </tr> }
                        }
                        None => html! { <tr><th scope="row">{ name }</th><td colspan="3">{"Measuring…"}</td></tr> },
                    }) }
                </tbody>
            </table>
            </div>
            <p class="why-text">{"Measured just now in this page's worker, on one core. An attacker with a stolen \
                table uses graphics cards: one high-end card running hashcat tries over 100 billion unsalted MD5 guesses a \
                second, every 8-character password in under a day. A slow scheme is slow on their hardware too, \
                and its salt makes them start again for every user."}</p>
        </div>
    }
}

/// A rate in words: "3.2 million".
fn guesses(rate: f64) -> String {
    if rate >= 1e6 {
        format!("{:.1} million", rate / 1e6)
    } else if rate >= 100.0 {
        thousands(rate.round() as u64)
    } else {
        format!("{rate:.1}")
    }
}

/// A length of time in words, from microseconds to millions of years.
fn span(seconds: f64) -> String {
    const YEAR: f64 = 365.25 * 24.0 * 3600.0;
    match seconds {
        s if s < 1e-3 => format!("{:.0} µs", (s * 1e6).max(1.0)),
        s if s < 1.0 => format!("{:.0} ms", s * 1e3),
        s if s < 120.0 => format!("{s:.0} s"),
        s if s < 7200.0 => format!("{:.0} minutes", s / 60.0),
        s if s < 172_800.0 => format!("{:.0} hours", s / 3600.0),
        s if s < 2.0 * YEAR => format!("{:.0} days", s / 86_400.0),
        s if s < 1e6 * YEAR => format!("{} years", thousands((s / YEAR).round() as u64)),
        s => format!("{} million years", thousands((s / YEAR / 1e6).round() as u64)),
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn duration(millis: f64) -> String {
    if millis < 1000.0 {
        format!("{millis:.0} ms")
    } else {
        format!("{:.1} s", millis / 1000.0)
    }
}

fn minutes(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_spans_read_as_words() {
        assert_eq!(guesses(3_240_000.0), "3.2 million");
        assert_eq!(guesses(12_345.4), "12,345");
        assert_eq!(guesses(0.45), "0.5");
        assert_eq!(span(0.000_002), "2 µs");
        assert_eq!(span(0.003), "3 ms");
        assert_eq!(span(45.0), "45 s");
        assert_eq!(span(600.0), "10 minutes");
        assert_eq!(span(36_000.0), "10 hours");
        assert_eq!(span(864_000.0), "10 days");
        // 95^8 guesses at 3 million a second: about 70 years.
        let every = estimate(3e6).all_8_char_seconds;
        assert_eq!(span(every), "70 years");
        assert_eq!(span(every * 1e6), "70 million years");
    }

    #[test]
    fn every_preset_has_a_name_with_its_parameters() {
        assert_eq!(scheme_name(&Scheme::DJANGO_DEFAULT), "Django pbkdf2_sha256 (1,500,000 iterations)");
        assert_eq!(scheme_name(&Scheme::WERKZEUG_DEFAULT), "Werkzeug scrypt:32768:8:1");
        let names: Vec<String> = PRESETS.iter().map(|(_, scheme)| scheme_name(scheme)).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        assert_eq!(duration(1234.0), "1.2 s");
        assert_eq!(minutes(3600), "60:00");
    }
}
