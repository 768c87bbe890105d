//! Lesson 12's sandbox: a pasted `requirements.txt` or `pip freeze` output, read line by line as
//! pip reads a requirements file and as `packaging` reads PEP 440/508, then audited against the
//! advisories we curate, the way pip-audit reports them. The engine runs in `deps_worker`
//! (fetched when this sandbox opens): each change is sent there and the view renders the
//! latest answer, marked stale until the answer for the current file arrives. Everything the
//! learner typed is shown as text.

use dragonproof_engines::deps::audit::{pip_audit_json, pip_audit_table, Audit, LineKind, LineReport, Pin};
use dragonproof_engines::deps::sandbox::{describe_solution, DepsState, ENVIRONMENTS};
use dragonproof_engines::registry::Sandbox;
use yew::prelude::*;

use crate::sandboxes::{quests_of, Report, SandboxProps};
use crate::workers::deps::deps_worker;
use crate::workers::killable::WorkerEvent;

pub mod reducer;

use reducer::{Action, DepsModel, Stall, Tab};

use crate::sandboxes::worker_model::{use_worker_job, view_status, StatusWords};

/// This sandbox's quests, from its lesson (compiled in: only this lesson's).
const QUESTS: &[crate::sandboxes::SandboxQuest] = quests_of(Sandbox::Deps);

/// The table lays out this many lines; a 64 KB paste has thousands, and laying them all out
/// would cost more than the engine.
const LINES_SHOWN: usize = 200;

/// Findings, warnings and conflicts show this many entries each, then a count.
const LIST_LIMIT: usize = 50;

/// How long the view waits for the answer to the current file before it restarts the worker:
/// a 64 KB paste takes well under a second (BENCHMARKS.md).
const ANSWER_TIMEOUT_MS: u32 = 15_000;

/// The same for the first answer, which also waits for the worker's download and compile.
const FIRST_ANSWER_TIMEOUT_MS: u32 = 60_000;

fn environment_label(name: &str) -> &'static str {
    match name {
        "windows-cpython-3.9" => "CPython 3.9 on Windows (x86-64)",
        "macos-cpython-3.13" => "CPython 3.13 on macOS (Apple silicon)",
        _ => "CPython 3.12 on Linux (x86-64)",
    }
}

#[function_component(DepsView)]
pub fn deps_view(props: &SandboxProps) -> Html {
    let model = use_reducer(|| DepsModel::new(props.initial::<DepsState>()));
    let worker = {
        let dispatcher = model.dispatcher();
        use_memo((), move |_| {
            deps_worker(move |event| match event {
                WorkerEvent::Answered(reply) => dispatcher.dispatch(Action::Answered(Box::new(reply.answer))),
                WorkerEvent::Crashed(_) => dispatcher.dispatch(Action::Stalled(Stall::Crashed)),
            })
        })
    };
    // The first answer includes downloading and compiling the engine.
    let wait = if model.run.reply.is_none() { FIRST_ANSWER_TIMEOUT_MS } else { ANSWER_TIMEOUT_MS };
    let job = model.request(QUESTS.iter().map(|quest| quest.id.to_string()).collect());
    let dispatcher = model.dispatcher();
    use_worker_job(
        &worker,
        job,
        model.run.restarts,
        wait,
        Callback::from(move |()| dispatcher.dispatch(Action::Stalled(Stall::TimedOut))),
    );
    {
        let answers = QUESTS.iter().map(|quest| describe_solution(&quest.solution())).collect();
        let report = props.report.clone();
        let shared = serde_json::to_string(model.state()).ok();
        use_effect_with(Report { solved: model.run.solved(), answers, state: shared }, move |now| {
            report.emit(now.clone())
        });
    }
    let on_edit = {
        let model = model.dispatcher();
        Callback::from(move |event: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            model.dispatch(Action::Edit(area.value()));
        })
    };
    let on_environment = {
        let model = model.dispatcher();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            model.dispatch(Action::PickEnvironment(select.value()));
        })
    };
    let on_reset = {
        let model = model.dispatcher();
        Callback::from(move |_: MouseEvent| model.dispatch(Action::Reset))
    };
    let tab = |which: Tab, id: &'static str, label: &'static str| {
        let model_dispatch = model.dispatcher();
        let selected = model.tab == which;
        html! {
            <button type="button" role="tab" id={id} aria-selected={selected.to_string()}
                aria-controls="deps-panel" tabindex={if selected { "0" } else { "-1" }}
                class={classes!("deps-tab", selected.then_some("is-selected"))}
                onclick={Callback::from(move |_: MouseEvent| model_dispatch.dispatch(Action::Show(which)))}>
                { label }
            </button>
        }
    };
    // Arrow keys move between the two tabs, as the WAI-ARIA tabs pattern has it.
    let on_tab_key = {
        let (model_dispatch, current) = (model.dispatcher(), model.tab);
        Callback::from(move |event: KeyboardEvent| {
            if matches!(event.key().as_str(), "ArrowLeft" | "ArrowRight") {
                event.prevent_default();
                let next = if current == Tab::Audit { Tab::PipAudit } else { Tab::Audit };
                model_dispatch.dispatch(Action::Show(next));
                let id = if next == Tab::Audit { "deps-tab-audit" } else { "deps-tab-pip-audit" };
                if let Some(button) = web_sys::window()
                    .and_then(|window| window.document())
                    .and_then(|document| document.get_element_by_id(id))
                    .and_then(|element| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element).ok())
                {
                    let _ = button.focus();
                }
            }
        })
    };
    let labelled_by = if model.tab == Tab::Audit { "deps-tab-audit" } else { "deps-tab-pip-audit" };
    let state = model.state();

    html! {
        <div class="deps-sandbox">
            <label for="deps-requirements">{"requirements.txt (or pip freeze output)"}</label>
            <textarea id="deps-requirements" rows="8" spellcheck="false" autocomplete="off" autocapitalize="off"
                value={state.requirements.clone()} oninput={on_edit} />
            <div class="deps-options">
                <label for="deps-environment">{"Python and platform (for markers and Requires-Python)"}</label>
                <select id="deps-environment" onchange={on_environment}>
                    { for ENVIRONMENTS.iter().map(|name| html! {
                        <option value={*name} selected={state.environment == *name}>{ environment_label(name) }</option>
                    }) }
                </select>
                <button type="button" class="button button-secondary button-small" onclick={on_reset}>{"Reset this sandbox"}</button>
            </div>
            { view_status(&model.run.engine, model.run.is_current(), &STATUS) }
            if let Some(reply) = &model.run.reply {
                <div class={classes!("deps-results", (!model.run.is_current()).then_some("is-stale"))}
                    aria-busy={(!model.run.is_current()).to_string()}>
                    if let Some(note) = &reply.outcome.truncated {
                        <p class="verdict is-warning" role="status" data-testid="deps-truncated">{ note.clone() }</p>
                    }
                    <p class={classes!("verdict", summary_class(&reply.outcome))} data-testid="deps-summary" aria-live="polite">
                        { summary(&reply.outcome) }
                    </p>
                    <div role="tablist" aria-label="How to show the audit" class="deps-tabs" onkeydown={on_tab_key}>
                        { tab(Tab::Audit, "deps-tab-audit", "Line by line") }
                        { tab(Tab::PipAudit, "deps-tab-pip-audit", "As pip-audit prints it") }
                    </div>
                    <div role="tabpanel" id="deps-panel" aria-labelledby={labelled_by} class="deps-panel">
                        { match model.tab {
                            Tab::Audit => view_audit(&reply.outcome),
                            Tab::PipAudit => view_pip_audit(&reply.outcome),
                        } }
                    </div>
                </div>
            }
            <h2>{"The tools that keep this list honest"}</h2>
            <ul class="deps-tools">
                <li><code>{"pip list --outdated"}</code>{" lists every installed package with a newer release. It knows nothing about advisories: an old release may be safe and a new one not yet patched."}</li>
                <li><code>{"pip-audit -r requirements.txt"}</code>{" checks each pinned release against published advisories (PyPI's or OSV's) and exits with status 1 when one matches, so CI fails. Lines it cannot resolve to one release (URLs, editables) it skips."}</li>
                <li>{"Dependabot (or Renovate) reads the same file on a schedule and opens a pull request for each upgrade, security fixes first; your tests decide whether it merges."}</li>
            </ul>
        </div>
    }
}

const STATUS: StatusWords = StatusWords {
    loading: "Loading the dependency checker (PEP 440 and 508 rules, the advisories)…",
    working: "Checking…",
    name: "The dependency checker",
    restart_why: "",
    input: "the file",
    test_id: "deps-status",
};

fn summary_class(audit: &Audit) -> &'static str {
    if !audit.findings.is_empty() || audit.lines.iter().any(|line| matches!(line.kind, LineKind::Error { .. })) {
        "is-danger"
    } else if !audit.warnings.is_empty() || !audit.conflicts.is_empty() {
        "is-warning"
    } else {
        "is-safe"
    }
}

fn summary(audit: &Audit) -> String {
    let errors = audit.lines.iter().filter(|line| matches!(line.kind, LineKind::Error { .. })).count();
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(format!("{errors} line{} pip would refuse", plural(errors)));
    }
    parts.push(match audit.findings.len() {
        0 => "no known vulnerability in the pinned releases".to_string(),
        n => format!("{n} known vulnerabilit{} in the pinned releases", if n == 1 { "y" } else { "ies" }),
    });
    if !audit.warnings.is_empty() {
        parts.push(format!("{} line{} not pinned exactly", audit.warnings.len(), plural(audit.warnings.len())));
    }
    if !audit.conflicts.is_empty() {
        parts.push(format!(
            "{} pin{} that would not install together",
            audit.conflicts.len(),
            plural(audit.conflicts.len())
        ));
    }
    let mut sentence = parts.join(", ");
    if let Some(first) = sentence.get(..1) {
        sentence = first.to_uppercase() + sentence.get(1..).unwrap_or_default();
    }
    sentence + "."
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

fn more(total: usize, limit: usize) -> Html {
    if total > limit {
        html! { <li class="hint-text">{ format!("…and {} more.", total - limit) }</li> }
    } else {
        html! {}
    }
}

fn view_audit(audit: &Audit) -> Html {
    html! {
        <>
            <h2 id="deps-lines-title">{"Each line, as pip reads it"}</h2>
            <div class="table-wrap" tabindex="0">
                <table class="deps-lines" aria-labelledby="deps-lines-title">
                    <thead><tr><th scope="col">{"Line"}</th><th scope="col">{"As written"}</th><th scope="col">{"What it means"}</th></tr></thead>
                    <tbody>{ for audit.lines.iter().take(LINES_SHOWN).map(view_line) }</tbody>
                </table>
            </div>
            if audit.lines.len() > LINES_SHOWN {
                <p class="hint-text">{ format!("The table shows the first {LINES_SHOWN} of {} lines; the audit reads them all.", audit.lines.len()) }</p>
            }
            <h2 id="deps-findings-title">{"Known vulnerabilities"}</h2>
            if audit.findings.is_empty() {
                <p class="hint-text">{"None in the pinned releases. Only a line pinned with == names one release an audit can check."}</p>
            } else {
                <ul class="deps-findings" aria-labelledby="deps-findings-title" data-testid="deps-findings">
                    { for audit.findings.iter().take(LIST_LIMIT).map(|finding| {
                        let advisory = &finding.advisory;
                        let severity = advisory.severity.clone().unwrap_or_else(|| "not rated".into());
                        html! {
                            <li class={if advisory.is_high() { "is-danger" } else { "is-warning" }}>
                                <strong>{ format!("{} {}", finding.name, finding.version) }</strong>
                                { format!(" (line {}): ", finding.line) }<code>{ advisory.id.clone() }</code>
                                if !advisory.aliases.is_empty() { { format!(" ({})", advisory.aliases.join(", ")) } }
                                { format!(", severity {severity}. ") }{ advisory.summary.clone() }
                                <br /><span class="hint-text">{ format!("Fixed in {}. ", advisory.fixed_versions.join(", ")) }</span>
                                <a href={advisory.reference.clone()} rel="noopener noreferrer" target="_blank">{"The advisory"}</a>
                            </li>
                        }
                    }) }
                    { more(audit.findings.len(), LIST_LIMIT) }
                </ul>
            }
            if !audit.upgrades.is_empty() {
                <h2>{"The smallest safe upgrade"}</h2>
                <ul class="deps-upgrades" data-testid="deps-upgrades">
                    { for audit.upgrades.iter().take(LIST_LIMIT).map(|upgrade| html! {
                        <li>{ format!("{} {} → {}: ", upgrade.name, upgrade.from, upgrade.to) }<code>{ upgrade.command.clone() }</code></li>
                    }) }
                </ul>
            }
            if !audit.conflicts.is_empty() {
                <h2>{"Pins that would not install together"}</h2>
                <ul class="deps-conflicts" data-testid="deps-conflicts">
                    { for audit.conflicts.iter().take(LIST_LIMIT).map(|conflict| html! {
                        <li class="is-danger">{ if conflict.python {
                            format!("{} {} needs Python {} (its metadata, release {}), but the chosen environment runs Python {}.",
                                conflict.package, conflict.version, conflict.requires, conflict.metadata_of, conflict.pinned)
                        } else {
                            format!("{} {} requires {} (its metadata, release {}), but the file pins {}.",
                                conflict.package, conflict.version, conflict.requires, conflict.metadata_of, conflict.pinned)
                        } }</li>
                    }) }
                    { more(audit.conflicts.len(), LIST_LIMIT) }
                </ul>
            }
            if !audit.warnings.is_empty() {
                <h2>{"Warnings"}</h2>
                <ul class="deps-warnings" data-testid="deps-warnings">
                    { for audit.warnings.iter().take(LIST_LIMIT).map(|warning| html! {
                        <li>{ format!("Line {}: {}", warning.line, warning.message) }</li>
                    }) }
                    { more(audit.warnings.len(), LIST_LIMIT) }
                </ul>
            }
        </>
    }
}

fn view_line(line: &LineReport) -> Html {
    let (class, meaning) = match &line.kind {
        LineKind::Requirement { canonical_name, extras, specifier, marker, shown, applies, pin, hashes, .. } => {
            let mut parts = vec![canonical_name.clone()];
            if !extras.is_empty() {
                parts.push(format!("extras [{}]", extras.join(", ")));
            }
            parts.push(match pin {
                Pin::Exact(version) => format!("pinned to {version}"),
                Pin::Loose(_) => format!("any release in {specifier}"),
                Pin::Unpinned => "any release (not pinned)".to_string(),
            });
            if let Some(marker) = marker {
                parts.push(match applies {
                    Some(true) => format!("marker {marker}: applies here"),
                    Some(false) => format!("marker {marker}: does not apply here, pip skips it"),
                    None => format!("marker {marker}: cannot be decided"),
                });
            }
            if *hashes > 0 {
                parts.push(format!("{hashes} hash{}", if *hashes == 1 { "" } else { "es" }));
            }
            let class = if matches!(pin, Pin::Exact(_)) { "" } else { "is-warning" };
            (class, format!("{}. packaging writes it {shown}", parts.join(", ")))
        }
        LineKind::Url { target } => {
            ("is-info", format!("A URL or VCS link ({target}): pip-audit cannot audit it and skips it."))
        }
        LineKind::Editable { target } => ("is-info", format!("An editable install of {target}: pip-audit skips it.")),
        LineKind::Nested { file, constraint } => (
            "is-info",
            format!(
                "pip reads {file} too, as {}: paste that file here to audit it.",
                if *constraint {
                    "constraints (versions it may install, not packages to install)"
                } else {
                    "more requirements"
                }
            ),
        ),
        LineKind::Options { summary } if summary.is_empty() => ("", "Options only.".to_string()),
        LineKind::Options { summary } => ("is-info", format!("Options: {}.", summary.join("; "))),
        LineKind::Error { message, column } => (
            "is-danger",
            match column {
                Some(column) => format!("pip refuses this line (column {column}): {message}"),
                None => format!("pip refuses this line: {message}"),
            },
        ),
    };
    html! {
        <tr>
            <td>{ line.line }</td>
            <td><code>{ line.text.clone() }</code></td>
            <td class={class}>{ meaning }</td>
        </tr>
    }
}

fn view_pip_audit(audit: &Audit) -> Html {
    let json = serde_json::to_string_pretty(&pip_audit_json(audit)).unwrap_or_default();
    html! {
        <>
            <h2>{"pip-audit -r requirements.txt"}</h2>
            <p class="hint-text">{"Its summary line goes to stderr, the table to stdout; the exit status is 1 when anything is found."}</p>
            <pre class="code output" tabindex="0" data-testid="deps-pip-audit-table"><code>{ pip_audit_table(audit) }</code></pre>
            <h2>{"pip-audit -r requirements.txt -f json"}</h2>
            <pre class="code output deps-json" tabindex="0" data-testid="deps-pip-audit-json"><code>{ json }</code></pre>
        </>
    }
}
