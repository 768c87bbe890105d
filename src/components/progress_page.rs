//! The learner's progress: settings, export to a file, import it back, and reset.

use dragonproof_engines::progress::{AnswerVisibility, Progress};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::lessons;
use crate::state::{use_app, Action};
use crate::store;

/// Progress files are a few KB; anything far larger is not one.
const MAX_IMPORT_BYTES: f64 = 2_000_000.0;

#[function_component(ProgressPage)]
pub fn progress_page() -> Html {
    let app = use_app();
    let confirming = use_state(|| false);
    let progress = &app.progress;
    let read = lessons::lessons().filter(|l| progress.lesson(l.id).read).count();
    let quizzes = lessons::lessons().filter(|l| progress.lesson(l.id).quiz.is_some()).count();

    let export = {
        let app = app.clone();
        Callback::from(move |_| {
            if let Err(reason) = download("dragonproof-progress.json", &app.progress.to_json()) {
                app.dispatch(Action::Notify(format!("Export failed: {reason}.")));
            }
        })
    };
    let import = {
        let app = app.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            input.set_value("");
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                app.dispatch(import_file(file).await);
            });
        })
    };
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(true))
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(false))
    };
    let reset = {
        let app = app.clone();
        let confirming = confirming.clone();
        Callback::from(move |_| {
            app.dispatch(Action::ResetAll);
            app.dispatch(Action::Notify("All progress in this browser was reset.".into()));
            confirming.set(false);
        })
    };
    let answers_option = |value: AnswerVisibility, label: &'static str| {
        let app = app.clone();
        let current = progress.settings.answers;
        let onchange = Callback::from(move |_: Event| app.dispatch(Action::SetAnswers(value)));
        html! {
            <label class="choice">
                <input type="radio" name="answers" checked={current == value} {onchange} />
                { label }
            </label>
        }
    };

    html! {
        <section class="progress-page">
            <h1 id="page-title" tabindex="-1">{"Your progress"}</h1>
            <p class="lede">{ format!("{read} of {} lessons read, {quizzes} quizzes taken. \
                Progress stays in this browser only.", lessons::lessons().count()) }</p>

            <h2>{"Quest answers"}</h2>
            <fieldset class="choices">
                <legend>{"When may hints reveal a quest's answer? (A teacher can set this for a workshop.)"}</legend>
                { answers_option(AnswerVisibility::Hidden, "Never") }
                { answers_option(AnswerVisibility::AfterSolving, "After the quest is solved") }
                { answers_option(AnswerVisibility::Always, "Always") }
            </fieldset>

            <h2>{"Move it to another browser"}</h2>
            <p>{"Export saves a small JSON file; import reads it back here or on another computer."}</p>
            <div class="actions">
                <button type="button" class="button" onclick={export}>{"Export progress"}</button>
                <label class="button button-secondary file-button">
                    {"Import progress…"}
                    <input type="file" accept=".json,application/json" onchange={import}
                        class="visually-hidden" />
                </label>
            </div>

            <h2>{"Start over"}</h2>
            <p>{"On a shared classroom computer, reset before the next learner sits down."}</p>
            if *confirming {
                <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
                    <p id="confirm-text">{"Reset all progress? Lessons read, quests and quiz scores in this browser will be cleared. This cannot be undone (export first to keep a copy)."}</p>
                    <div class="actions">
                        <button type="button" class="button button-danger" onclick={reset}>{"Yes, reset everything"}</button>
                        <button type="button" class="button button-secondary" onclick={cancel}>{"Cancel"}</button>
                    </div>
                </div>
            } else {
                <button type="button" class="button button-danger" onclick={ask}>{"Reset all progress…"}</button>
            }
        </section>
    }
}

/// Reads an imported file into the action to dispatch: the new progress, or a notice saying
/// why the file was not used (current progress is then left as it was).
async fn import_file(file: web_sys::File) -> Action {
    let name = file.name();
    if file.size() > MAX_IMPORT_BYTES {
        return Action::Notify(format!(
            "“{name}” is too large to be a Dragonproof progress file; nothing was imported."
        ));
    }
    let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
        Ok(text) => text.as_string().unwrap_or_default(),
        Err(_) => return Action::Notify(format!("“{name}” could not be read; nothing was imported.")),
    };
    let loaded = Progress::read(&text);
    if let Some(fatal) = loaded.problems.iter().find(|problem| problem.is_fatal()) {
        return Action::Notify(format!("“{name}” was not imported: {fatal}. Your progress is unchanged."));
    }
    let mut notices = store::describe(&loaded.problems, &format!("Importing “{name}”"));
    notices.push(format!("Progress imported from “{name}”."));
    Action::Import { progress: loaded.progress, notices }
}

/// Offers `text` as a file download.
fn download(name: &str, text: &str) -> Result<(), String> {
    let failed = |_| "the browser refused to create the file".to_string();
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let link: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(failed)?.dyn_into().map_err(|_| "no link".to_string())?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
