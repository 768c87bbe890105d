//! What ammonia removed from a piece of HTML under a policy, and why, in the order it appears.
//!
//! ammonia does not report what it removes, so this reads the input with the browser's
//! tokenizer (`html_scan`) and applies the same rules ammonia applies, in ammonia's order:
//! content-dropped tags, then the tag allow-list, then each attribute's allow-list and URL
//! scheme, then comments, then `rel` on links. `matches_ammonia` checks the explanation against
//! ammonia's real output, and the sandbox says so when the two disagree (the HTML tree builder
//! can move or drop misplaced tags, which a tokenizer does not see).

use serde::{Deserialize, Serialize};

use super::sanitize::Policy;
use crate::html_scan::{scan, Item};

/// One change ammonia made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Removal {
    /// A tag in `drop_content_of`: removed with everything inside it.
    ElementAndContent { tag: String },
    /// An SVG or MathML element whose `<svg>` or `<math>` was removed: dropped with its content.
    ForeignOutsideRoot { tag: String },
    /// A tag not in the allowed list: removed, its text kept.
    Tag { tag: String },
    /// An attribute removed from a kept tag.
    Attribute { tag: String, name: String, value: String, why: AttributeRule },
    /// A comment, removed because comments are stripped.
    Comment { text: String },
    /// Not a removal: the `rel` ammonia adds to every kept link.
    RelAdded { rel: String },
}

/// Why an attribute went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttributeRule {
    /// Not in the generic or per-tag attribute lists.
    NotAllowed,
    /// A URL attribute whose scheme is not in the allowed schemes.
    Scheme(String),
    /// A URL attribute ammonia could not read as a URL at all.
    NotAUrl,
}

impl Removal {
    /// (what, why) in plain words, for the sandbox's list.
    pub fn describe(&self) -> (String, String) {
        match self {
            Removal::ElementAndContent { tag } => (
                format!("<{tag}> and everything inside it"),
                format!("{tag} is in “drop with content”: its text could be code, so none of it is kept."),
            ),
            Removal::ForeignOutsideRoot { tag } => (
                format!("<{tag}> and everything inside it"),
                format!("{tag} belongs to SVG or MathML, whose root element was removed: out of place, it is dropped whole."),
            ),
            Removal::Tag { tag } => (format!("the <{tag}> tag"), format!("{tag} is not an allowed tag. Its text is kept.")),
            Removal::Attribute { tag, name, value, why } => {
                let what = format!("{name}=\"{}\" on <{tag}>", shorten(value));
                let why = match why {
                    AttributeRule::NotAllowed if name.starts_with("on") => {
                        format!("{name} is an event handler: its value is JavaScript. It is not an allowed attribute.")
                    }
                    AttributeRule::NotAllowed => format!("{name} is not an allowed attribute of {tag}."),
                    AttributeRule::Scheme(scheme) => format!("the URL scheme {scheme}: is not an allowed scheme."),
                    AttributeRule::NotAUrl => "the value is not a URL ammonia can read.".to_string(),
                };
                (what, why)
            }
            Removal::Comment { text } => (
                format!("the comment <!--{}-->", shorten(text)),
                "comments are stripped: old browsers and some parsers treat their content differently.".to_string(),
            ),
            Removal::RelAdded { rel } => (
                format!("added rel=\"{rel}\" to a link"),
                "so a linked page cannot reach back through window.opener or learn where the visitor came from.".to_string(),
            ),
        }
    }
}

fn shorten(text: &str) -> String {
    const LIMIT: usize = 60;
    if text.chars().count() <= LIMIT {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(LIMIT).collect::<String>())
    }
}

/// Void elements have no content and no end tag.
fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// SVG animation elements, whose `href` ammonia does not treat as a URL. The tokenizer reports
/// names in lowercase.
fn is_svg_animation(tag: &str) -> bool {
    matches!(tag, "animate" | "animatemotion" | "animatetransform" | "set" | "animatecolor")
}

/// ammonia's list of attributes that hold a URL.
fn is_url_attribute(tag: &str, name: &str) -> bool {
    ((name == "href" || name == "xlink:href") && !is_svg_animation(tag))
        || name == "src"
        || (tag == "form" && name == "action")
        || (tag == "object" && name == "data")
        || ((tag == "button" || tag == "input") && name == "formaction")
        || (tag == "a" && name == "ping")
        || (tag == "video" && name == "poster")
}

/// The attribute rule ammonia applies to `name="value"` on a kept `tag`, or `None` if it keeps it.
fn attribute_rule(policy: &Policy, tag: &str, name: &str, value: &str) -> Option<AttributeRule> {
    let rel_is_set = policy.link_rel.is_some();
    // `sanitize::clean` takes `rel` out of the allowed lists while `rel` is being set.
    let generic = policy.generic_attributes.iter().any(|allowed| allowed == name && !(rel_is_set && name == "rel"));
    let on_tag = policy.tag_attributes.get(tag).is_some_and(|names| {
        names.iter().any(|allowed| allowed == name && !(rel_is_set && tag == "a" && name == "rel"))
    });
    if !generic && !on_tag {
        return Some(AttributeRule::NotAllowed);
    }
    if !is_url_attribute(tag, name) {
        return None;
    }
    match ammonia::url::Url::parse(value) {
        Ok(url) if policy.url_schemes.iter().any(|scheme| scheme == url.scheme()) => None,
        Ok(url) => Some(AttributeRule::Scheme(url.scheme().to_string())),
        Err(ammonia::url::ParseError::RelativeUrlWithoutBase) => None,
        Err(_) => Some(AttributeRule::NotAUrl),
    }
}

/// Everything ammonia removes from `input` under `policy`, in document order.
pub fn explain(input: &str, policy: &Policy) -> Vec<Removal> {
    walk(input, policy).0
}

/// One pass over `input`: what goes (and why), and the tags with the attribute names that stay.
fn walk(input: &str, policy: &Policy) -> (Vec<Removal>, Vec<(String, Vec<String>)>) {
    let mut removals = Vec::new();
    let mut kept = Vec::new();
    // Whether the innermost open <svg> or <math> was kept. Foreign content whose root went is
    // left with an HTML parent, and ammonia drops it whole.
    let mut foreign_root_kept = false;
    let mut items = scan(input).into_iter();
    while let Some(item) = items.next() {
        match item {
            Item::Tag { name, attributes, foreign } => {
                let root = name == "svg" || name == "math";
                if foreign && !root && !foreign_root_kept {
                    skip_content(&mut items, &name);
                    removals.push(Removal::ForeignOutsideRoot { tag: name });
                    continue;
                }
                if policy.drop_content_of.contains(&name) {
                    skip_content(&mut items, &name);
                    removals.push(Removal::ElementAndContent { tag: name });
                    continue;
                }
                let allowed = policy.tags.contains(&name);
                if root {
                    foreign_root_kept = allowed;
                }
                if !allowed {
                    removals.push(Removal::Tag { tag: name });
                    continue;
                }
                let mut names = Vec::new();
                for (attribute, value) in attributes {
                    match attribute_rule(policy, &name, &attribute, &value) {
                        Some(why) => {
                            removals.push(Removal::Attribute { tag: name.clone(), name: attribute, value, why })
                        }
                        None => names.push(attribute),
                    }
                }
                if name == "a" {
                    if let Some(rel) = &policy.link_rel {
                        removals.push(Removal::RelAdded { rel: rel.clone() });
                        names.push("rel".to_string());
                    }
                }
                names.sort();
                kept.push((name, names));
            }
            Item::Comment(text) if policy.strip_comments => removals.push(Removal::Comment { text }),
            Item::Comment(_) | Item::EndTag(_) => {}
        }
    }
    (removals, kept)
}

/// Skips to the end tag that closes `tag` (a dropped element's content is not reported).
fn skip_content(items: &mut impl Iterator<Item = Item>, tag: &str) {
    if is_void(tag) {
        return;
    }
    let mut depth = 1;
    for item in items {
        match item {
            Item::Tag { name, .. } if name == tag => depth += 1,
            Item::EndTag(name) if name == tag => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}

/// What ammonia removed from `input`, and whether that accounts for every tag and attribute
/// of its real `output`: one pass over the input for both.
pub fn account(input: &str, output: &str, policy: &Policy) -> (Vec<Removal>, bool) {
    let (removals, kept) = walk(input, policy);
    (removals, kept_in(output) == kept)
}

/// Whether the explanation accounts for every tag and attribute in ammonia's real `output`.
pub fn matches_ammonia(input: &str, output: &str, policy: &Policy) -> bool {
    kept_in(output) == walk(input, policy).1
}

/// The tags of `output`, each with its attribute names, sorted as `walk` sorts them.
fn kept_in(output: &str) -> Vec<(String, Vec<String>)> {
    scan(output)
        .into_iter()
        .filter_map(|item| match item {
            Item::Tag { name, attributes, .. } => {
                let mut names: Vec<String> = attributes.into_iter().map(|(attribute, _)| attribute).collect();
                names.sort();
                Some((name, names))
            }
            Item::EndTag(_) | Item::Comment(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xss::gallery::PAYLOADS;
    use crate::xss::sanitize::{clean, Sanitized};
    use proptest::prelude::*;

    fn ammonia(input: &str, policy: &Policy) -> String {
        match clean(input, policy) {
            Sanitized::Clean { html } => html,
            Sanitized::Refused { reason } => panic!("{reason}"),
        }
    }

    #[test]
    fn handlers_scripts_and_schemes_are_named() {
        let removals = explain(
            r#"<img src=x onerror=alert(1)><script>alert(2)</script><a href="javascript:x">y</a>"#,
            &Policy::default(),
        );
        assert_eq!(
            removals,
            vec![
                Removal::Attribute {
                    tag: "img".into(),
                    name: "onerror".into(),
                    value: "alert(1)".into(),
                    why: AttributeRule::NotAllowed
                },
                Removal::ElementAndContent { tag: "script".into() },
                Removal::Attribute {
                    tag: "a".into(),
                    name: "href".into(),
                    value: "javascript:x".into(),
                    why: AttributeRule::Scheme("javascript".into())
                },
                Removal::RelAdded { rel: "noopener noreferrer".into() },
            ]
        );
    }

    #[test]
    fn unknown_tags_keep_their_text_and_comments_go() {
        let removals = explain("<marquee>hi</marquee><!-- x -->", &Policy::default());
        assert_eq!(removals, vec![Removal::Tag { tag: "marquee".into() }, Removal::Comment { text: " x ".into() }]);
        assert!(explain("<!-- x -->", &Policy { strip_comments: false, ..Policy::default() }).is_empty());
    }

    #[test]
    fn dropped_content_is_one_removal() {
        let policy = Policy { drop_content_of: vec!["div".into()], ..Policy::default() };
        let removals = explain("<div><b>a</b><div>b</div></div><i>c</i>", &policy);
        assert_eq!(removals, vec![Removal::ElementAndContent { tag: "div".into() }]);
        assert_eq!(ammonia("<div><b>a</b><div>b</div></div><i>c</i>", &policy), "<i>c</i>");
    }

    #[test]
    fn every_gallery_payload_is_explained_exactly() {
        let mut unexplained = Vec::new();
        for payload in PAYLOADS {
            let output = ammonia(payload.html, &Policy::default());
            assert!(!explain(payload.html, &Policy::default()).is_empty(), "{}", payload.html);
            if !matches_ammonia(payload.html, &output, &Policy::default()) {
                unexplained.push(payload.html);
            }
        }
        // The tree builder's own work, which the sandbox flags instead of explaining: a stray
        // `</p>` makes an empty paragraph.
        assert_eq!(unexplained, ["</p><script>alert('dragon')</script>"]);
    }

    #[test]
    fn a_disagreement_is_detected() {
        assert!(!matches_ammonia("<b>x</b>", "<i>x</i>", &Policy::default()));
    }

    #[test]
    fn descriptions_are_plain_words() {
        let (what, why) = Removal::Attribute {
            tag: "img".into(),
            name: "onerror".into(),
            value: "alert(1)".into(),
            why: AttributeRule::NotAllowed,
        }
        .describe();
        assert_eq!(what, "onerror=\"alert(1)\" on <img>");
        assert!(why.contains("event handler"));
    }

    /// Well-nested inline HTML from a small vocabulary: the tree builder leaves it as written,
    /// so the explanation must match ammonia exactly.
    fn fragment() -> impl Strategy<Value = String> {
        let attribute = (
            prop_oneof![
                Just("href"),
                Just("src"),
                Just("title"),
                Just("onclick"),
                Just("class"),
                Just("rel"),
                Just("alt")
            ],
            prop_oneof![
                Just("x"),
                Just("javascript:alert(1)"),
                Just("https://a.example/"),
                Just("data:text/html,x"),
                Just("mailto:a@b")
            ],
        )
            .prop_map(|(name, value)| format!(" {name}=\"{value}\""));
        let leaf = prop_oneof![
            Just("text".to_string()),
            Just("<!-- note -->".to_string()),
            Just("<script>alert(1)</script>".to_string()),
            proptest::collection::vec(attribute.clone(), 0..3).prop_map(|a| format!("<img{}>", a.concat())),
            proptest::collection::vec(attribute.clone(), 0..3).prop_map(|a| format!("<a{}>link</a>", a.concat())),
        ];
        leaf.prop_recursive(3, 24, 4, move |inner| {
            (
                prop_oneof![Just("b"), Just("i"), Just("span"), Just("code"), Just("em"), Just("u"), Just("mark")],
                proptest::collection::vec(attribute.clone(), 0..3),
                proptest::collection::vec(inner, 0..4),
            )
                .prop_map(|(tag, attributes, children)| {
                    format!("<{tag}{}>{}</{tag}>", attributes.concat(), children.concat())
                })
        })
    }

    proptest! {
        #[test]
        fn explains_ammonia_exactly_on_well_nested_html(html in fragment(), strip_comments: bool, no_rel: bool) {
            let mut policy = Policy { strip_comments, ..Policy::default() };
            if no_rel { policy.link_rel = None; }
            policy.tags.retain(|tag| tag != "mark");
            let output = ammonia(&html, &policy);
            prop_assert!(matches_ammonia(&html, &output, &policy), "{} → {}", html, output);
        }

        #[test]
        fn never_panics(input in ".{0,300}") {
            let _ = explain(&input, &Policy::default());
        }
    }
}
