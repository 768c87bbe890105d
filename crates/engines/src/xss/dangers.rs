//! What in a piece of HTML would run script in a browser: `<script>` elements, event-handler
//! attributes, `javascript:` URLs the browser follows, and `<iframe srcdoc>` documents holding
//! any of them. Read with the browser's tokenizer (`html_scan`), so attribute names, entities and
//! URL schemes are decoded the way the browser decodes them.

use serde::{Deserialize, Serialize};

use crate::html_scan::{scan, url_scheme, Item};

/// Something in the page that would run script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Danger {
    /// A `<script>` element: runs as the page loads.
    Script,
    /// An event-handler attribute (`onerror`, `onload`, ...): runs when its event fires.
    Handler { tag: String, attribute: String },
    /// A `javascript:` URL: runs when the link is followed or the form sent.
    JavascriptUrl { tag: String, attribute: String },
    /// An `<iframe srcdoc>` whose document has any of the above.
    FrameDocument,
}

impl Danger {
    /// What would run, in plain words.
    pub fn describe(&self) -> String {
        match self {
            Danger::Script => "a <script> element runs as the page loads".to_string(),
            Danger::Handler { tag, attribute } => {
                format!("the {attribute} handler on <{tag}> runs when its {} event fires", &attribute[2..])
            }
            Danger::JavascriptUrl { tag, attribute } => {
                format!("the javascript: URL in {attribute} on <{tag}> runs when it is followed (a click)")
            }
            Danger::FrameDocument => "the document in an <iframe srcdoc> runs script".to_string(),
        }
    }
}

/// Attributes whose value the browser follows as a URL.
fn is_followed_url(name: &str) -> bool {
    matches!(name, "href" | "xlink:href" | "src" | "action" | "formaction" | "data")
}

/// What in `html` would run script in a browser.
pub fn dangers(html: &str) -> Vec<Danger> {
    let mut found = Vec::new();
    for item in scan(html) {
        let Item::Tag { name, attributes, .. } = item else {
            continue;
        };
        if name == "script" {
            found.push(Danger::Script);
        }
        for (attribute, value) in attributes {
            if attribute.len() > 2 && attribute.starts_with("on") {
                found.push(Danger::Handler { tag: name.clone(), attribute });
            } else if is_followed_url(&attribute) && url_scheme(&value).as_deref() == Some("javascript") {
                found.push(Danger::JavascriptUrl { tag: name.clone(), attribute });
            } else if name == "iframe" && attribute == "srcdoc" && !dangers(&value).is_empty() {
                found.push(Danger::FrameDocument);
            }
        }
    }
    found
}
