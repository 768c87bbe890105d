//! Lesson 13's sandbox: Python source read by a real parser (Astral's, from Ruff, in the
//! inspector worker, fetched the first time this sandbox opens), with Bandit's findings under
//! Bandit's ids, Django's `check --deploy` ids for a settings module, and ours for what neither
//! reports. Each finding shows its line as text, why it matters and the fix. The view holds
//! no parser: it renders the worker's latest answer. Everything the learner typed is shown as
//! text.

use dragonproof_engines::inspector::state::{describe_solution, SAMPLES};
use dragonproof_engines::inspector::{Finding, Inspection, InspectorRequest, InspectorState, Level, Source};
use dragonproof_engines::registry::Sandbox;
use yew::prelude::*;

use crate::sandboxes::{quests_of, Report, SandboxProps};
use crate::workers::inspector::inspector_worker;
use crate::workers::killable::WorkerEvent;

pub mod reducer;

use reducer::{Action, InspectorModel, Stall};

use crate::sandboxes::worker_model::{use_worker_job, view_status, StatusWords};

/// This sandbox's quests, from its lesson (compiled in: only this lesson's).
const QUESTS: &[crate::sandboxes::SandboxQuest] = quests_of(Sandbox::Inspector);

/// How long the view waits for the answer to the current source before it restarts the
/// worker: a 2,000-line module takes well under a second (BENCHMARKS.md); a worker whose wasm
/// trapped (a stack overflow) never answers again.
const ANSWER_TIMEOUT_MS: u32 = 15_000;

/// The same for the first answer, which also waits for the worker's download and compile.
const FIRST_ANSWER_TIMEOUT_MS: u32 = 60_000;

/// Findings shown, then a count: a 256 KB paste of bad code has thousands.
const FINDINGS_SHOWN: usize = 100;

fn sample_label(name: &str) -> &'static str {
    match name {
        "castle-app" => "The castle's Flask app",
        "django-settings" => "A Django settings.py",
        "django-views" => "A Django views.py",
        _ => "A sample",
    }
}

#[function_component(InspectorView)]
pub fn inspector_view(props: &SandboxProps) -> Html {
    let model = use_reducer(|| InspectorModel::new(props.initial::<InspectorState>()));
    let worker = {
        let dispatcher = model.dispatcher();
        use_memo((), move |_| {
            inspector_worker(move |event| match event {
                WorkerEvent::Answered(reply) => match reply.answer {
                    Ok(reply) => dispatcher.dispatch(Action::Answered(reply)),
                    Err(reason) => dispatcher.dispatch(Action::Failed(reason)),
                },
                WorkerEvent::Crashed(_) => dispatcher.dispatch(Action::Stalled(Stall::Crashed)),
            })
        })
    };
    // The first answer includes downloading and compiling the parser.
    let wait = if model.reply.is_none() { FIRST_ANSWER_TIMEOUT_MS } else { ANSWER_TIMEOUT_MS };
    let job = InspectorRequest {
        state: model.state.clone(),
        quests: QUESTS.iter().map(|quest| quest.id.to_string()).collect(),
    };
    let dispatcher = model.dispatcher();
    use_worker_job(
        &worker,
        job,
        model.restarts,
        wait,
        Callback::from(move |()| dispatcher.dispatch(Action::Stalled(Stall::TimedOut))),
    );
    {
        let answers = QUESTS.iter().map(|quest| describe_solution(&quest.solution())).collect();
        let report = props.report.clone();
        let shared = serde_json::to_string(&model.state).ok();
        use_effect_with(Report { solved: model.solved(), answers, state: shared }, move |now| report.emit(now.clone()));
    }

    let on_edit = {
        let dispatcher = model.dispatcher();
        Callback::from(move |event: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            dispatcher.dispatch(Action::Edit(area.value()));
        })
    };
    let on_sample = {
        let dispatcher = model.dispatcher();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            dispatcher.dispatch(Action::LoadSample(select.value()));
        })
    };
    let on_reset = {
        let dispatcher = model.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Reset))
    };
    let loaded = SAMPLES.iter().find(|(_, text)| *text == model.state.source).map(|(name, _)| *name);

    html! {
        <div class="inspector-sandbox">
            <div class="inspector-options">
                <label for="inspector-sample">{"Load a sample"}</label>
                <select id="inspector-sample" onchange={on_sample}>
                    <option value="" selected={loaded.is_none()}>{"Your own code"}</option>
                    { for SAMPLES.iter().map(|(name, _)| html! {
                        <option value={*name} selected={loaded == Some(*name)}>{ sample_label(name) }</option>
                    }) }
                </select>
                <button type="button" class="button button-secondary button-small" onclick={on_reset}>{"Reset this sandbox"}</button>
            </div>
            <label for="inspector-source">{"Python source (a module, a settings.py, a views.py)"}</label>
            <textarea id="inspector-source" class="inspector-source" rows="16" spellcheck="false" autocomplete="off"
                autocapitalize="off" value={model.state.source.clone()} oninput={on_edit} />
            { view_status(&model.engine, model.is_current(), &STATUS) }
            if let Some(reply) = &model.reply {
                { view_inspection(&reply.outcome.inspection, &reply.state.source, model.is_current()) }
            }
        </div>
    }
}

const STATUS: StatusWords = StatusWords {
    loading: "Loading the Python parser (Ruff's, in WebAssembly)…",
    working: "Inspecting…",
    name: "The inspector",
    restart_why: " (a stack overflow in its worker ends only the worker)",
    input: "the code",
    test_id: "inspector-status",
};

fn level_class(level: Level) -> &'static str {
    match level {
        Level::High => "is-danger",
        Level::Medium => "is-warning",
        Level::Low => "is-info",
    }
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::High => "High",
        Level::Medium => "Medium",
        Level::Low => "Low",
    }
}

fn source_word(source: Source) -> &'static str {
    match source {
        Source::Bandit => "Bandit",
        Source::Django => "Django check --deploy",
        Source::Dragonproof => "Dragonproof",
    }
}

/// Line `line` (1-based) of `source`, split at byte column `col` for the highlight.
fn line_parts(source: &str, line: usize, col: usize) -> Option<(String, String)> {
    let text = source.lines().nth(line.checked_sub(1)?)?;
    let mut cut = col.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let (before, after) = text.split_at(cut);
    Some((before.to_string(), after.to_string()))
}

fn view_inspection(inspection: &Inspection, source: &str, current: bool) -> Html {
    let serious = inspection.findings.iter().filter(|finding| finding.severity >= Level::Medium).count();
    html! {
        <div class={classes!("inspector-results", (!current).then_some("is-stale"))} aria-live="polite">
            { for inspection.notes.iter().map(|note| html! {
                <p class="verdict is-warning" data-testid="inspector-note">{ note.clone() }</p>
            }) }
            if !inspection.syntax_errors.is_empty() {
                <div class="verdict is-danger" data-testid="inspector-syntax">
                    <p>{"Python cannot parse this code. The parser says:"}</p>
                    <ul>
                        { for inspection.syntax_errors.iter().take(10).map(|problem| html! {
                            <li>{ format!("Line {}, column {}: {}", problem.line, problem.col + 1, problem.message) }</li>
                        }) }
                    </ul>
                    <p class="why-text">{"The findings below are for what it could read."}</p>
                </div>
            }
            <p class={classes!("verdict", if serious > 0 { "is-danger" } else { "is-safe" })} data-testid="inspector-summary">
                { match inspection.findings.len() {
                    0 => "No findings.".to_string(),
                    n => format!("{n} finding{}, {serious} of medium severity or higher.", if n == 1 { "" } else { "s" }),
                } }
            </p>
            <ol class="inspector-findings" data-testid="inspector-findings">
                { for inspection.findings.iter().take(FINDINGS_SHOWN).map(|finding| view_finding(finding, source)) }
            </ol>
            if inspection.findings.len() > FINDINGS_SHOWN {
                <p class="hint-text">{ format!("…and {} more.", inspection.findings.len() - FINDINGS_SHOWN) }</p>
            }
            if !inspection.routes.is_empty() {
                <h2>{"Routes the app defines"}</h2>
                <ul class="inspector-routes" data-testid="inspector-routes">
                    { for inspection.routes.iter().map(|route| html! {
                        <li><code>{ format!("{} {}", route.methods.join(", "), route.path) }</code>{ format!(" → {}()", route.view) }</li>
                    }) }
                </ul>
            }
        </div>
    }
}

fn view_finding(finding: &Finding, source: &str) -> Html {
    html! {
        <li class={classes!("inspector-finding", level_class(finding.severity))}>
            <p>
                <strong>{ format!("{} ", finding.id) }</strong>
                <span class="hint-text">{ format!("({}) line {}: ", source_word(finding.source), finding.line) }</span>
                { finding.message.clone() }
            </p>
            <p class="hint-text">{ format!("Severity {}, confidence {}.", level_word(finding.severity), level_word(finding.confidence)) }</p>
            if let Some((before, after)) = line_parts(source, finding.line, finding.col) {
                <pre class="code inspector-line" tabindex="0"><code>
                    <span class="hl-c">{ format!("{:>4} ", finding.line) }</span>{ before }<mark>{ after }</mark>
                </code></pre>
            }
            if !finding.why.is_empty() { <p class="why-text">{ finding.why.clone() }</p> }
            if !finding.fix.is_empty() { <p><strong>{"Fix: "}</strong>{ finding.fix.clone() }</p> }
        </li>
    }
}
