//! Lesson 4's sandbox: a Content-Security-Policy and a small page. The engine says, on every
//! keystroke, what each resource of the page does under the policy and why; the same page runs
//! for real in the sandboxed preview with the policy as its first `<meta>`, and the browser's
//! own violation reports are listed beside the engine's predictions. Everything the learner
//! types is shown as text here; it only ever runs inside the preview frame.

use dragonproof_engines::csp::codegen;
use dragonproof_engines::csp::sandbox::PAGE_READ_BYTES;
use dragonproof_engines::csp::{
    preview_document, CspSandbox as CspEngine, CspState, Decision, Disposition, ResourceKind, Severity, Verdict,
};
use dragonproof_engines::sandbox::{solved_quests, SandboxEngine};
use yew::prelude::*;

use crate::sandboxes::preview::{Preview, PreviewReport};
use crate::sandboxes::{quests_of, Report, SandboxProps};
use dragonproof_engines::registry::Sandbox;

/// This sandbox's quests, from its lesson (compiled in: only this lesson's).
const QUESTS: &[crate::sandboxes::SandboxQuest] = quests_of(Sandbox::Csp);

/// Larger pages are still evaluated but not previewed, so the tab stays responsive.
const PREVIEW_LIMIT: usize = 100_000;

/// The preview passes on this many violation reports (src/sandboxes/preview.rs); the
/// predictions are listed to the same length.
const VIOLATIONS_SHOWN: usize = 50;

/// The table lays out this many rows; Yew laying out thousands took longer than the engine.
const ROWS_SHOWN: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodeTarget {
    Talisman,
    AfterRequest,
    DjangoBuiltin,
    DjangoCsp,
}

impl CodeTarget {
    const ALL: [(CodeTarget, &'static str, &'static str); 4] = [
        (CodeTarget::Talisman, "talisman", "Flask-Talisman"),
        (CodeTarget::AfterRequest, "after-request", "Flask after_request"),
        (CodeTarget::DjangoBuiltin, "django", "Django 6 (built in)"),
        (CodeTarget::DjangoCsp, "django-csp", "django-csp 4 (Django 4.2–5.2)"),
    ];
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::High => "is-danger",
        Severity::Medium => "is-warning",
        Severity::PossiblyMedium | Severity::Info | Severity::Note => "is-info",
    }
}

#[function_component(CspSandbox)]
pub fn csp_sandbox(props: &SandboxProps) -> Html {
    let state = use_state(|| props.initial::<CspState>());
    let target = use_state(|| CodeTarget::Talisman);
    let browser = use_state(PreviewReport::default);
    // The one outcome of this state (the engine reads the page's first PAGE_READ_BYTES): the
    // page renders its analysis and the quests are read from it.
    let outcome = use_memo((*state).clone(), |state| CspEngine::outcome(state, &mut ()));
    let analysis = &outcome.analysis;
    let rows = analysis.evaluation.results.len();

    {
        let ids: Vec<&str> = QUESTS.iter().map(|quest| quest.id).collect();
        let solved = solved_quests::<CspEngine>(&ids, &outcome);
        let answers = QUESTS.iter().map(|quest| CspEngine::describe(&quest.solution())).collect();
        let report = props.report.clone();
        let shared = serde_json::to_string(&*state).ok();
        use_effect_with(Report { solved, answers, state: shared }, move |now| report.emit(now.clone()));
    }

    let set = |change: fn(&mut CspState, String)| {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let value = event
                .target_dyn_into::<web_sys::HtmlTextAreaElement>()
                .map(|area| area.value())
                .or_else(|| event.target_dyn_into::<web_sys::HtmlInputElement>().map(|input| input.value()))
                .unwrap_or_default();
            let mut next = (*state).clone();
            change(&mut next, value);
            state.set(next);
        })
    };
    let on_policy = set(|s, v| s.policy = v);
    let on_url = set(|s, v| s.page_url = v);
    let on_report_only_policy = set(|s, v| s.report_only_policy = v);
    let on_page = set(|s, v| s.page = v);
    let on_report_only = {
        let state = state.clone();
        Callback::from(move |_: Event| state.set(CspState { report_only: !state.report_only, ..(*state).clone() }))
    };
    let use_suggested = {
        let (state, suggested) = (state.clone(), analysis.suggested.clone());
        Callback::from(move |_| {
            state.set(CspState { policy: suggested.clone(), report_only: false, ..(*state).clone() })
        })
    };
    let reset = {
        let state = state.clone();
        Callback::from(move |_| state.set(CspState::default()))
    };
    let on_target = {
        let target = target.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Some((t, _, _)) = CodeTarget::ALL.iter().find(|(_, name, _)| *name == select.value()) {
                target.set(*t);
            }
        })
    };
    let on_browser = {
        let browser = browser.clone();
        Callback::from(move |report: PreviewReport| browser.set(report))
    };

    let policies: Vec<_> = analysis.policies.iter().map(|p| p.policy.clone()).collect();
    let problems: Vec<String> =
        analysis.policies.iter().flat_map(|p| p.problems.iter().map(|problem| problem.message())).collect();
    let code = analysis.policies.iter().find(|p| !p.policy.directives.is_empty()).or(analysis.policies.first()).map(
        |parsed| match *target {
            CodeTarget::Talisman => codegen::flask_talisman(&parsed.policy),
            CodeTarget::AfterRequest => codegen::flask_after_request(&parsed.policy),
            CodeTarget::DjangoBuiltin => codegen::django_builtin(&parsed.policy),
            CodeTarget::DjangoCsp => codegen::django_csp(&parsed.policy),
        },
    );

    // What the browser should report: one violation per blocking enforced policy.
    let mut predicted: Vec<String> = Vec::new();
    for result in &analysis.evaluation.results {
        // What the preview cannot show is said beside it instead (PreviewGap).
        if matches!(result.verdict, Verdict::NeverRuns { .. } | Verdict::InvalidUrl)
            || result.resource.preview_gap.is_some()
        {
            continue;
        }
        for (decision, policy) in result.decisions.iter().zip(&policies) {
            if matches!(decision, Decision::Blocked { .. }) && policy.disposition == Disposition::Enforce {
                predicted.push(format!("{} {}", result.effective_directive, result.blocked_uri));
            }
        }
    }
    let seen: Vec<String> = browser.violations.iter().map(|(d, b)| format!("{d} {b}")).collect();

    // The preview enforces the policy for real, one <meta> per policy of the header value (a
    // comma separates policies in a header, not in a <meta>); a report-only policy cannot be a
    // <meta> at all.
    let enforced: Vec<&str> =
        if state.report_only { Vec::new() } else { state.policy.split(',').filter(|p| !p.trim().is_empty()).collect() };
    let document = preview_document(&enforced, &state.page);

    html! {
        <div class="csp-sandbox">
            <label for="csp-policy">{"Content-Security-Policy (the header value)"}</label>
            <textarea id="csp-policy" rows="3" spellcheck="false" value={state.policy.clone()} oninput={on_policy} />
            <label class="choice"><input type="checkbox" checked={state.report_only} onchange={on_report_only} />
                {"Send it as Content-Security-Policy-Report-Only (blocks nothing, only reports)"}</label>
            <label for="csp-report-only-policy">{"Content-Security-Policy-Report-Only, sent beside it (optional)"}</label>
            <textarea id="csp-report-only-policy" rows="2" spellcheck="false" value={state.report_only_policy.clone()} oninput={on_report_only_policy} />
            <label for="csp-url">{"Page URL (what 'self' means)"}</label>
            <input id="csp-url" type="url" spellcheck="false" autocomplete="off" value={state.page_url.clone()} oninput={on_url} />
            if analysis.bad_page_url {
                <p class="verdict is-warning">{"That is not an absolute http(s) URL, so 'self' matches nothing."}</p>
            }
            <label for="csp-page">{"The page (HTML as the server sends it)"}</label>
            <textarea id="csp-page" rows="10" spellcheck="false" value={state.page.clone()} oninput={on_page} />
            <button type="button" class="button button-secondary button-small" onclick={reset}>{"Reset this sandbox"}</button>

            <h3 id="csp-problems-title">{"How the browser reads the policy"}</h3>
            <div aria-live="polite">
                if problems.is_empty() {
                    <p class="verdict is-safe">{"No parse problems."}</p>
                } else {
                    <ul class="csp-problems" aria-labelledby="csp-problems-title">
                        { for problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }
                    </ul>
                }
            </div>

            <h3 id="csp-resources-title">{"Every resource of the page"}</h3>
            <div class="table-wrap" tabindex="0">
                <table class="csp-table" aria-labelledby="csp-resources-title">
                    <thead><tr><th scope="col">{"Line"}</th><th scope="col">{"Resource"}</th><th scope="col">{"Directive"}</th><th scope="col">{"Verdict"}</th></tr></thead>
                    <tbody>
                        { for analysis.evaluation.results.iter().take(ROWS_SHOWN).map(|result| {
                            let (class, word, why) = match &result.verdict {
                                Verdict::Allowed => {
                                    let why = result.decisions.iter().find_map(|d| match d {
                                        Decision::Allowed { directive, because } => Some(format!("{directive}: {because}")),
                                        _ => None,
                                    }).unwrap_or_else(|| "no directive covers it".into());
                                    let reported = result.decisions.iter().zip(&policies).any(|(d, p)| p.disposition == Disposition::Report && matches!(d, Decision::Blocked { .. }));
                                    if reported { ("is-warning", "Allowed, reported", why) } else { ("is-safe", "Allowed", why) }
                                }
                                Verdict::Blocked { directive, because, .. } => ("is-danger", "Blocked", format!("{directive}: {because}")),
                                Verdict::NeverRuns { parent } => ("is-info", "Never happens", format!("it belongs to line {}'s code, which is blocked",
                                    analysis.evaluation.results.get(*parent).map_or(0, |p| p.resource.line))),
                                Verdict::InvalidUrl => ("is-info", "Not fetched", "its URL is not valid".to_string()),
                            };
                            html! {
                                <tr>
                                    <td>{ result.resource.line }</td>
                                    <td><code>{ result.resource.label.clone() }</code>
                                        if let Some(hashes) = &result.hashes {
                                            <br /><span class="hint-text">{"sha256: "}</span><code class="csp-hash">{ hashes.sha256.clone() }</code>
                                            <details class="csp-more-hashes">
                                                <summary>{"sha384 and sha512"}</summary>
                                                <span class="hint-text">{"sha384: "}</span><code class="csp-hash">{ hashes.sha384.clone() }</code>
                                                <br /><span class="hint-text">{"sha512: "}</span><code class="csp-hash">{ hashes.sha512.clone() }</code>
                                            </details>
                                        }
                                    </td>
                                    <td><code>{ result.effective_directive }</code></td>
                                    <td class={class}><strong>{ word }</strong><br /><span class="why-text">{ why }</span></td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            if rows > ROWS_SHOWN {
                <p class="verdict is-warning">{ format!("The table shows the first {ROWS_SHOWN} of {rows} resources.") }</p>
            }
            if outcome.page_was_cut() {
                <p class="verdict is-warning">{ format!("This page is {} KB; the sandbox evaluates its first {} KB so typing stays fast.",
                    outcome.page_bytes / 1000, PAGE_READ_BYTES / 1000) }</p>
            }

            <h3 id="csp-findings-title">{"Weaknesses"}</h3>
            <ul class="csp-findings" aria-labelledby="csp-findings-title">
                { for analysis.findings.iter().map(|f| html! {
                    <li class={severity_class(f.severity)}><strong>{ f.severity.label() }</strong><span class="hint-text">{ format!(" · {}", f.source.label()) }</span>
                        { if f.directive.is_empty() { String::new() } else { format!(" ({})", f.directive) } }{": "}{ f.message.clone() }</li>
                }) }
            </ul>
            <p>{"A strict policy for this page: "}<code>{ analysis.suggested.clone() }</code></p>
            <button type="button" class="button button-secondary button-small" onclick={use_suggested}>{"Use the strict policy"}</button>

            <h3>{"The code that sends this policy"}</h3>
            <label for="csp-code-target">{"Framework"}</label>
            <select id="csp-code-target" onchange={on_target}>
                { for CodeTarget::ALL.iter().map(|(t, name, label)| html! {
                    <option value={*name} selected={*t == *target}>{ *label }</option>
                }) }
            </select>
            if let Some(code) = code {
                <pre class="code" tabindex="0" data-testid="csp-code"><code>{ code }</code></pre>
            }

            <h3>{"The same page in your browser, with the policy enforced"}</h3>
            <p class="hint-text">{ if state.report_only {
                "A report-only policy cannot be set in a <meta> tag, so the preview runs the page without it: just as report-only blocks nothing."
            } else {
                "The policy is written first as <meta http-equiv=\"Content-Security-Policy\">. The preview lives at this app's address, so there 'self' means the app's origin, and frame-ancestors, report-uri and sandbox are ignored."
            } }</p>
            if analysis.evaluation.results.iter().any(|r| r.resource.kind == ResourceKind::JavascriptUrl) {
                <p class="hint-text">{"About javascript: links: Chromium never runs them in a sandboxed frame, so the preview runs a clicked link's code itself, with eval. Under a policy without 'unsafe-eval' the browser then reports an eval violation; the table above gives the verdict a real page gets (script-src-elem, as inline code)."}</p>
            }
            { for analysis.evaluation.results.iter().filter_map(|r| r.resource.preview_gap.map(|gap| (r, gap))).take(ROWS_SHOWN).map(|(r, gap)| html! {
                <p class="hint-text" data-testid="csp-preview-gap">{ format!("Line {}, {}: {}.", r.resource.line, r.resource.label, gap.message()) }</p>
            }) }
            { for analysis.evaluation.not_modelled.iter().take(ROWS_SHOWN).map(|note| html! {
                <p class="hint-text" data-testid="csp-not-modelled">{ format!("Not modelled, line {}, {}: {}.", note.line, note.label, note.kind.message()) }</p>
            }) }
            if state.page.len() <= PREVIEW_LIMIT {
                <Preview html={AttrValue::from(document)} on_report={on_browser} />
            } else {
                <p class="engine-status">{ format!("This page is {} KB; the preview shows up to {} KB.", state.page.len() / 1000, PREVIEW_LIMIT / 1000) }</p>
            }
            <div class="fw-pair csp-compare">
                <figure class="fw-code"><figcaption>{"Predicted violations"}</figcaption>
                    <ul data-testid="csp-predicted">{ for predicted.iter().take(VIOLATIONS_SHOWN).map(|v| html! { <li><code>{ v.clone() }</code></li> }) }</ul>
                    if predicted.is_empty() { <p class="hint-text">{"None."}</p> }
                    if predicted.len() > VIOLATIONS_SHOWN {
                        <p class="hint-text">{ format!("…and {} more (the preview passes on the first {VIOLATIONS_SHOWN}).", predicted.len() - VIOLATIONS_SHOWN) }</p>
                    }
                </figure>
                <figure class="fw-code"><figcaption>{"The browser reported"}</figcaption>
                    <ul data-testid="csp-reported">{ for seen.iter().map(|v| html! { <li><code>{ v.clone() }</code></li> }) }</ul>
                    if seen.is_empty() { <p class="hint-text">{ if browser.rendered { "None." } else { "Waiting for the preview…" } }</p> }
                </figure>
            </div>
        </div>
    }
}
