//! Lesson 2's sandbox: the castle's login page, with the same login written four ways. Every
//! keystroke goes to the SQL worker (real SQLite, loaded on first use), which answers with the
//! statement that ran (tokenized, the learner's characters marked as data or code), what the
//! input did in plain words, the rows, the error as Python raised it, and the quests solved.
//! Everything the learner typed is rendered as text, never as HTML.

use dragonproof_engines::progress::Framework;
use dragonproof_engines::sql::gallery::ATTACKS;
use dragonproof_engines::sql::settings_check::{check_settings, EXAMPLE};
use dragonproof_engines::sql::{
    describe_solution, Call, Evaluation, Flavour, Mode, Origin, Param, Piece, Run, SqlReply, SqlRequest, SqlState,
    TokenKind,
};
use yew::prelude::*;

use crate::sandboxes::{quests_of, Report, SandboxProps};
use crate::workers::sql::{SqlWorker, SCRIPT};
use crate::workers::{use_engine_worker, WorkerState};
use dragonproof_engines::registry::Sandbox;

/// This sandbox's quests, from its lesson (compiled in: only this lesson's).
const QUESTS: &[crate::sandboxes::SandboxQuest] = quests_of(Sandbox::Sql);

#[function_component(SqlSandbox)]
pub fn sql_sandbox(props: &SandboxProps) -> Html {
    // One state, as quests and shared links name it; a link's state keeps its own flavour,
    // otherwise the code is shown in the learner's framework.
    let state = use_state(|| {
        let mut state = props.initial::<SqlState>();
        if props.initial_state.is_none() || props.from_step {
            state.flavour = match props.framework {
                Framework::Flask => Flavour::Flask,
                Framework::Django => Flavour::Django,
            };
        }
        state
    });
    let note = use_state(|| None::<&'static str>);
    let worker = use_engine_worker::<SqlWorker>(SCRIPT);
    let quest_ids: Vec<String> = QUESTS.iter().map(|quest| quest.id.to_string()).collect();

    let request = SqlRequest { state: (*state).clone(), reset: false, quests: quest_ids };
    {
        let worker = worker.clone();
        use_effect_with(request.clone(), move |request| worker.send(request.clone()));
    }

    // The worker computes the state's one outcome and reads the quests from it.
    let (evaluation, solved) = match worker.state() {
        WorkerState::Ready(SqlReply { outcome: Ok(outcome), solved }) => {
            (Some(outcome.evaluation.clone()), solved.clone())
        }
        _ => (None, Vec::new()),
    };
    {
        let answers = QUESTS.iter().map(|quest| describe_solution(&quest.solution())).collect();
        let report = props.report.clone();
        let shared = serde_json::to_string(&*state).ok();
        use_effect_with(Report { solved, answers, state: shared }, move |now| report.emit(now.clone()));
    }

    let on_username = {
        let (state, note) = (state.clone(), note.clone());
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            state.set(SqlState { username: input.value(), ..(*state).clone() });
            note.set(None);
        })
    };
    let on_password = {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            state.set(SqlState { password: input.value(), ..(*state).clone() });
        })
    };
    let on_pick = {
        let (state, note) = (state.clone(), note.clone());
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Some(attack) = select.value().parse::<usize>().ok().and_then(|index| ATTACKS.get(index)) {
                state.set(SqlState { username: attack.username.to_string(), ..(*state).clone() });
                note.set(Some(attack.note));
            }
        })
    };
    let on_reset = {
        let (worker, request) = (worker.clone(), request.clone());
        Callback::from(move |_: MouseEvent| worker.send(SqlRequest { reset: true, ..request.clone() }))
    };
    let on_script = {
        let state = state.clone();
        Callback::from(move |_: Event| {
            let call = if state.call == Call::Execute { Call::ExecuteScript } else { Call::Execute };
            state.set(SqlState { call, ..(*state).clone() });
        })
    };
    let on_submit = Callback::from(|event: SubmitEvent| event.prevent_default());
    let selected = ATTACKS.iter().position(|attack| attack.username == state.username);

    html! {
        <div class="sql-sandbox">
            <form class="sql-login" onsubmit={on_submit} aria-labelledby="sql-login-title">
                <h2 id="sql-login-title">{"The castle's login page"}</h2>
                <p class="hint-text">{"Your own account is peasant / turnip. The king's password is a secret."}</p>
                <label for="sql-username">{"Username"}</label>
                <input id="sql-username" type="text" autocomplete="off" spellcheck="false" autocapitalize="off"
                    value={state.username.clone()} oninput={on_username} />
                <label for="sql-password">{"Password"}</label>
                <input id="sql-password" type="text" autocomplete="off" spellcheck="false" autocapitalize="off"
                    value={state.password.clone()} oninput={on_password} />
            </form>
            <label for="sql-gallery">{ format!("Pick an attack from the gallery ({} attacks)", ATTACKS.len()) }</label>
            <select id="sql-gallery" onchange={on_pick}>
                <option value="" selected={selected.is_none()}>{"Your own username"}</option>
                { for ATTACKS.iter().enumerate().map(|(index, attack)| html! {
                    <option value={index.to_string()} selected={selected == Some(index)}>
                        { format!("{}: {}{}", attack.name, attack.username,
                            if attack.call == Call::ExecuteScript { "  (needs executescript)" } else { "" }) }
                    </option>
                }) }
            </select>
            if let Some(note) = *note { <p class="hint-text" data-testid="sql-attack-note">{ note }</p> }
            <fieldset class="choices sql-modes">
                <legend>{"How the view queries the database"}</legend>
                { for Mode::ALL.iter().map(|choice| {
                    let choose = {
                        let (state, choice) = (state.clone(), *choice);
                        Callback::from(move |_: Event| state.set(SqlState { mode: choice, ..(*state).clone() }))
                    };
                    html! {
                        <label class="choice">
                            <input type="radio" name="sql-mode" checked={state.mode == *choice} onchange={choose} />
                            <span>{ choice.label() }</span>
                        </label>
                    }
                }) }
            </fieldset>
            <div class="sql-options">
                <fieldset class="choices">
                    <legend>{"Framework"}</legend>
                    { for [(Flavour::Flask, "Flask"), (Flavour::Django, "Django")].into_iter().map(|(choice, label)| {
                        let choose = {
                            let (state, choice) = (state.clone(), choice);
                            Callback::from(move |_: Event| state.set(SqlState { flavour: choice, ..(*state).clone() }))
                        };
                        html! {
                            <label class="choice">
                                <input type="radio" name="sql-flavour" checked={state.flavour == choice} onchange={choose} />
                                <span>{ label }</span>
                            </label>
                        }
                    }) }
                </fieldset>
                <label class="choice sql-script">
                    <input type="checkbox" checked={state.call == Call::ExecuteScript} onchange={on_script}
                        disabled={!state.mode.pastes_input()} />
                    <span>{"Run the f-string with executescript() (runs every statement in the string)"}</span>
                </label>
                <button type="button" class="button button-small" onclick={on_reset}>{"Reset castle"}</button>
            </div>
            { match worker.state() {
                WorkerState::Idle | WorkerState::Loading => html! {
                    <p class="engine-status" role="status">{"Loading the database (SQLite in WebAssembly)…"}</p>
                },
                WorkerState::Failed(reason) => html! {
                    <p class="engine-status is-error" role="alert">{ format!("The database could not start: {reason}.") }</p>
                },
                WorkerState::Ready(SqlReply { outcome: Err(reason), .. }) => html! {
                    <p class="engine-status is-error" role="alert">{ format!("The database could not start: {reason}.") }</p>
                },
                WorkerState::Ready(SqlReply { outcome: Ok(_), .. }) => html! {},
            } }
            if let Some(evaluation) = evaluation { { view_evaluation(&evaluation, state.mode) } }
            <SettingsCheck />
        </div>
    }
}

/// The "secure database connections" part: a pasted settings snippet, checked as it is typed
/// (a small pure engine, so it runs here, not in the worker).
#[function_component(SettingsCheck)]
fn settings_check() -> Html {
    let snippet = use_state(|| EXAMPLE.to_string());
    let findings = check_settings(&snippet);
    let on_input = {
        let snippet = snippet.clone();
        Callback::from(move |event: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            snippet.set(area.value());
        })
    };
    html! {
        <section class="sql-settings" aria-labelledby="sql-settings-title">
            <h2 id="sql-settings-title">{"Check your database settings"}</h2>
            <label for="sql-settings-input">{"Paste a Flask config or Django DATABASES snippet"}</label>
            <textarea id="sql-settings-input" rows="8" spellcheck="false" value={(*snippet).clone()} oninput={on_input} />
            if findings.is_empty() {
                <p class="verdict is-safe" data-testid="sql-settings-result">
                    {"No written-in credentials, secret defaults or weak sslmode found in this snippet."}
                </p>
            } else {
                <ul class="sql-findings" data-testid="sql-settings-result">
                    { for findings.iter().map(|finding| html! {
                        <li>
                            <strong>{ format!("Line {}: {}", finding.line, finding.problem.label()) }</strong>
                            <span>{ format!(". {}", finding.advice) }</span>
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

fn view_evaluation(evaluation: &Evaluation, mode: Mode) -> Html {
    html! {
        <>
            <h2>{"What the login page says"}</h2>
            { view_login_page(evaluation) }
            <h2>{"The view's code"}</h2>
            <pre class="code" tabindex="0"><code>{ evaluation.code.clone() }</code></pre>
            <h2 id="sql-statement-title">{"The statement SQLite runs"}</h2>
            <p class="sql-legend">
                <span class="sql-piece is-data">{"your text as data"}</span>{" "}
                <span class="sql-piece is-code">{"your text as code"}</span>
            </p>
            <pre class="code output sql-statement" data-testid="sql-statement" tabindex="0"><code>
                { for evaluation.statement.iter().map(view_piece) }
            </code></pre>
            if !mode.pastes_input() {
                <h2>{"Bound parameters, sent apart from the SQL"}</h2>
                <ol class="sql-params" data-testid="sql-params">
                    { for evaluation.params.iter().map(|param| html! {
                        <li><code>{ match param {
                            Param::Text(text) => python_str(text),
                            Param::Integer(number) => number.to_string(),
                        } }</code></li>
                    }) }
                </ol>
            }
            <h2>{"What your input did"}</h2>
            <ul class="sql-effects" data-testid="sql-effects">
                { for evaluation.effects.iter().map(|sentence| html! { <li>{ sentence.clone() }</li> }) }
            </ul>
            { view_run(&evaluation.run) }
            <p class="sql-tables" data-testid="sql-tables">
                { "Castle tables: " }
                { if evaluation.tables.is_empty() {
                    "none left".to_string()
                } else {
                    evaluation.tables.iter().map(|(name, rows)| format!("{name} ({rows} rows)")).collect::<Vec<_>>().join(", ")
                } }
            </p>
        </>
    }
}

fn view_login_page(evaluation: &Evaluation) -> Html {
    match (&evaluation.run, &evaluation.login) {
        (Run::Raised(error), _) => html! {
            <div class="verdict is-warning" data-testid="sql-login-result">
                <p>{"500 Internal Server Error. The traceback ends with:"}</p>
                <pre class="output"><code>{ format!("{}: {}", error.class, error.message) }</code></pre>
                <p class="why-text">{ error.explanation.clone() }</p>
            </div>
        },
        (_, Some(user)) => {
            let class = if user.username == "peasant" { "verdict is-safe" } else { "verdict is-danger" };
            html! {
                <p class={class} data-testid="sql-login-result">
                    { format!("Welcome, {} ({})!", user.username, user.role) }
                </p>
            }
        }
        (_, None) => html! {
            <p class="verdict" data-testid="sql-login-result">{"Wrong username or password."}</p>
        },
    }
}

fn view_run(run: &Run) -> Html {
    match run {
        Run::Rows { columns, rows, more } => html! {
            <>
                <h2>{ format!("Rows the query returned ({}{})", rows.len(), if *more { "+" } else { "" }) }</h2>
                if rows.is_empty() {
                    <p class="engine-status">{"No rows."}</p>
                } else {
                    <div class="table-wrap" tabindex="0">
                        <table class="sql-rows" data-testid="sql-rows">
                            <thead><tr>{ for columns.iter().map(|column| html! { <th scope="col">{ column.clone() }</th> }) }</tr></thead>
                            <tbody>
                                { for rows.iter().map(|row| html! {
                                    <tr>{ for row.iter().map(|cell| html! { <td>{ cell.clone() }</td> }) }</tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
                if *more { <p class="engine-status">{ format!("Only the first {} rows are shown.", dragonproof_engines::sql::ROWS_SHOWN) }</p> }
            </>
        },
        Run::Script { statements } => html! {
            <p class="engine-status">{ format!("executescript() ran {statements} statement(s); it returns no rows.") }</p>
        },
        Run::Raised(_) => html! {},
    }
}

fn view_piece(piece: &Piece) -> Html {
    let kind = match piece.kind {
        TokenKind::Keyword => "hl-k",
        TokenKind::String => "hl-s",
        TokenKind::Number => "hl-n",
        TokenKind::Comment => "hl-c",
        TokenKind::Placeholder => "hl-f",
        TokenKind::Identifier | TokenKind::Punctuation | TokenKind::Whitespace => "",
        TokenKind::Unreadable => "is-unreadable",
    };
    let origin = match piece.origin {
        Origin::App => "",
        Origin::LearnerData => "sql-piece is-data",
        Origin::LearnerCode => "sql-piece is-code",
    };
    html! { <span class={classes!(kind, origin)}>{ piece.text.clone() }</span> }
}

/// How Python's repr() would show a string parameter.
fn python_str(text: &str) -> String {
    let mut shown = String::with_capacity(text.len() + 2);
    let quote = if text.contains('\'') && !text.contains('"') { '"' } else { '\'' };
    shown.push(quote);
    for character in text.chars() {
        match character {
            '\\' => shown.push_str("\\\\"),
            '\n' => shown.push_str("\\n"),
            '\r' => shown.push_str("\\r"),
            '\t' => shown.push_str("\\t"),
            c if c == quote => {
                shown.push('\\');
                shown.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => shown.push_str(&format!("\\x{:02x}", c as u32)),
            c => shown.push(c),
        }
    }
    shown.push(quote);
    shown
}
