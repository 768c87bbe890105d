//! "Embed in your course page": the `<iframe>` snippet for a sandbox in its current state, in a
//! modal dialog. The dialog is a portal on `<body>` (a modal must sit above the page), which is
//! safe because sandboxes are documents of their own: a portal cannot capture their events.

use dragonproof_engines::registry::Entry;
use yew::prelude::*;

use crate::components::sandbox_frame::sandbox_page;
use crate::workers::script_url;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub entry: &'static Entry,
    /// `#state=...` for the sandbox's current state, or empty.
    pub fragment: String,
    pub on_close: Callback<()>,
}

#[function_component(EmbedDialog)]
pub fn embed_dialog(props: &Props) -> Html {
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with((), move |()| {
            if let Some(dialog) = dialog.cast::<web_sys::HtmlDialogElement>() {
                let _ = dialog.show_modal();
            }
        });
    }
    let url = script_url(&format!("{}{}", sandbox_page(props.entry), props.fragment)).unwrap_or_default();
    let snippet = format!(
        "<iframe src=\"{}\" title=\"{} from Dragonproof\" width=\"100%\" height=\"900\" loading=\"lazy\" style=\"border:0\"></iframe>",
        url.replace('&', "&amp;").replace('"', "&quot;"),
        props.entry.title
    );
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    // Escape closes a modal dialog by itself; its `close` event tells us.
    let on_dialog_close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: Event| on_close.emit(()))
    };
    let Some(body) = web_sys::window().and_then(|window| window.document()).and_then(|document| document.body()) else {
        return Html::default();
    };
    create_portal(
        html! {
            <dialog ref={dialog} class="embed-dialog" aria-labelledby="embed-title" onclose={on_dialog_close}>
                <h2 id="embed-title">{"Embed this sandbox in your course page"}</h2>
                <p>{"Paste this into any page. It opens the sandbox as it is now; visitors' quests are kept in their browser, apart from their Dragonproof progress."}</p>
                <label for="embed-snippet">{"HTML to paste"}</label>
                <textarea id="embed-snippet" readonly=true rows="5" value={snippet} />
                <p><a href={url} target="_blank" rel="noopener">{"Preview the embedded sandbox"}</a></p>
                <button type="button" class="button" onclick={close}>{"Close"}</button>
            </dialog>
        },
        body.into(),
    )
}
