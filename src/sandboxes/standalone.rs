//! A sandbox on a page of its own: its title, its lesson's quests, and a link and an embed
//! snippet that carry its current state. In the app, the lesson page shows all of this instead.

use std::collections::BTreeSet;

use dragonproof_engines::registry::Sandbox;
use yew::prelude::*;

use crate::sandboxes::lesson::SandboxLesson;
use crate::sandboxes::protocol::Report;
use crate::sandboxes::shared_state::{state_fragment, StateLink};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub sandbox: Sandbox,
    pub lesson: Option<SandboxLesson>,
    pub link: StateLink,
    /// Framed by a page that is not the app.
    pub embedded: bool,
    pub report: Report,
    pub children: Html,
}

#[function_component(Standalone)]
pub fn standalone(props: &Props) -> Html {
    let id = props.sandbox.entry().map_or("", |entry| entry.id);
    let title = props.sandbox.entry().map_or("Sandbox", |entry| entry.title);
    let solved_ever = use_state(|| remembered(id));
    {
        let (solved_ever, solved_now) = (solved_ever.clone(), props.report.solved.clone());
        use_effect_with(solved_now, move |now| {
            if now.iter().any(|quest| !solved_ever.contains(quest)) {
                let mut next = (*solved_ever).clone();
                next.extend(now.iter().cloned());
                remember(id, &next);
                solved_ever.set(next);
            }
        });
    }
    let share = share_url(id, props.report.state.as_deref());
    let embed = share.as_ref().map(|url| {
        format!(
            "<iframe src=\"{}\" title=\"{title} from Dragonproof\" width=\"100%\" height=\"900\" loading=\"lazy\" style=\"border:0\"></iframe>",
            url.replace('&', "&amp;").replace('"', "&quot;")
        )
    });

    html! {
        <div class="sandbox-page">
            <header class="sandbox-page-header">
                <h1>{ title }</h1>
                if let Some(lesson) = props.lesson {
                    <p>{"From the lesson "}<a href={format!("./#/lesson/{}", lesson.id)} target="_top">{ lesson.title }</a>{" on Dragonproof."}</p>
                }
            </header>
            if let StateLink::Unreadable(reason) = &props.link {
                <p class="notice is-warning" role="alert" data-testid="state-notice">
                    { format!("The state in this link could not be used: {reason}. The sandbox starts as its lesson sets it up.") }
                </p>
            }
            if props.embedded {
                <p class="notice">{"This sandbox is embedded in another page. What you solve here is kept apart from your Dragonproof progress: browsers keep a framed page's storage separate for each site that frames it."}</p>
            }
            <div class="sandbox-grid">
                <div class="sandbox-work">{ props.children.clone() }</div>
                if let Some(lesson) = props.lesson.filter(|lesson| !lesson.quests.is_empty()) {
                    <aside class="quests" aria-labelledby="page-quests-title">
                        <h2 id="page-quests-title">{ format!("Quests ({} of {} solved)",
                            lesson.quests.iter().filter(|quest| solved_ever.contains(quest.id)).count(), lesson.quests.len()) }</h2>
                        <ol class="quest-list">
                            { for lesson.quests.iter().map(|quest| {
                                let solved = solved_ever.contains(quest.id);
                                html! {
                                    <li class={classes!("quest", solved.then_some("is-done"))}>
                                        <p class="quest-goal"><strong>{ if quest.fix { "Defend: " } else { "Attack: " } }</strong>{ quest.goal }</p>
                                        <p class="quest-status">{ if solved { "Solved" } else { "Not solved yet" } }</p>
                                    </li>
                                }
                            }) }
                        </ol>
                    </aside>
                }
            </div>
            if let (Some(share), Some(embed)) = (share, embed) {
                <section class="sandbox-share" aria-labelledby="share-title">
                    <h2 id="share-title">{"Share this sandbox as it is now"}</h2>
                    <label for="share-link">{"Link"}</label>
                    <input id="share-link" type="text" readonly=true value={share} />
                    <label for="embed-code">{"Embed in your course page"}</label>
                    <textarea id="embed-code" readonly=true rows="3" value={embed} />
                </section>
            }
        </div>
    }
}

/// This page's URL with `state` in its fragment (`None` when the URL cannot be read).
fn share_url(id: &str, state: Option<&str>) -> Option<String> {
    let location = web_sys::window()?.location();
    let page = format!("{}{}", location.origin().ok()?, location.pathname().ok()?);
    let fragment = state.map(|json| format!("#{}", state_fragment(json))).unwrap_or_default();
    Some(format!("{page}?sandbox={id}{fragment}"))
}

fn storage_key(id: &str) -> String {
    format!("dragonproof.sandbox.{id}.solved")
}

/// The quests solved on this page before. Storage may be blocked (a third-party frame, a
/// private window): then nothing is remembered, and nothing breaks.
fn remembered(id: &str) -> BTreeSet<String> {
    let stored = web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .and_then(|storage| storage.get_item(&storage_key(id)).ok().flatten());
    stored.and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default()
}

fn remember(id: &str, solved: &BTreeSet<String>) {
    let storage = web_sys::window().and_then(|window| window.local_storage().ok().flatten());
    if let (Some(storage), Ok(text)) = (storage, serde_json::to_string(solved)) {
        let _ = storage.set_item(&storage_key(id), &text);
    }
}
