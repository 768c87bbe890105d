//! Reads HTML the way a browser's tokenizer does: tags with their decoded attributes, and
//! comments, in order. The XSS sandbox uses it to say what in a piece of HTML could run, and
//! what ammonia removed from it, without a DOM.
//!
//! It is html5ever's real tokenizer (the one inside ammonia), driven with scripting on, as in
//! a browser: `<script>`, `<style>`, `<noscript>` and friends switch it to raw text, so the
//! `<noscript>` mutation trick is read the way the browser reads it. Tree building (moving
//! misplaced tags, closing elements) is not modelled; the callers say so where it matters.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};

/// One start tag or comment, as the tokenizer saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Tag {
        /// Lowercase, as the tokenizer reports it (`foreignobject`, not `foreignObject`).
        name: String,
        /// Names lowercase, values with character references decoded.
        attributes: Vec<(String, String)>,
        /// Inside `<svg>` or `<math>`, where `<script>` and `<style>` are not raw text.
        foreign: bool,
    },
    /// An end tag, so callers can find where an element's content ends.
    EndTag(String),
    Comment(String),
}

#[derive(Default)]
struct Collector {
    items: RefCell<Vec<Item>>,
    /// How many `<svg>` / `<math>` elements are open.
    foreign_depth: RefCell<usize>,
}

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                let mut depth = self.foreign_depth.borrow_mut();
                let foreign = *depth > 0;
                match tag.kind {
                    TagKind::StartTag => {
                        let attributes = tag
                            .attrs
                            .iter()
                            .map(|attribute| (attribute.name.local.to_string(), attribute.value.to_string()))
                            .collect();
                        self.items.borrow_mut().push(Item::Tag { name: name.clone(), attributes, foreign });
                        if (name == "svg" || name == "math") && !tag.self_closing {
                            *depth += 1;
                            return TokenSinkResult::Continue;
                        }
                        if !foreign {
                            return raw_state_after(&name);
                        }
                    }
                    TagKind::EndTag => {
                        if (name == "svg" || name == "math") && *depth > 0 {
                            *depth -= 1;
                        }
                        self.items.borrow_mut().push(Item::EndTag(name));
                    }
                }
            }
            Token::CommentToken(text) => self.items.borrow_mut().push(Item::Comment(text.to_string())),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The tokenizer state the tree builder would switch to after an HTML start tag (scripting on).
fn raw_state_after(name: &str) -> TokenSinkResult<()> {
    match name {
        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => TokenSinkResult::RawData(RawKind::Rawtext),
        "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
        "plaintext" => TokenSinkResult::Plaintext,
        _ => TokenSinkResult::Continue,
    }
}

/// Every tag and comment in `html`, in order. Never panics.
pub fn scan(html: &str) -> Vec<Item> {
    let tokenizer = Tokenizer::new(Collector::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.items.take()
}

/// The scheme a browser reads from a URL attribute's (decoded) value, lowercase, or `None` for
/// a relative URL. Follows the URL standard: leading and trailing C0 controls and spaces are
/// stripped and tabs and newlines removed anywhere, which is why `" java\tscript:"` is still
/// `javascript`.
pub fn url_scheme(value: &str) -> Option<String> {
    let cleaned: String =
        value.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let first_is_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (first_is_letter && rest_ok).then(|| scheme.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tags(html: &str) -> Vec<String> {
        scan(html)
            .into_iter()
            .filter_map(|item| match item {
                Item::Tag { name, .. } => Some(name),
                Item::EndTag(_) | Item::Comment(_) => None,
            })
            .collect()
    }

    #[test]
    fn attributes_are_decoded_and_lowercased() {
        let items = scan("<IMG SRC=x onError=alert&#40;1&#41;>");
        assert_eq!(
            items,
            vec![Item::Tag {
                name: "img".into(),
                attributes: vec![("src".into(), "x".into()), ("onerror".into(), "alert(1)".into())],
                foreign: false,
            }]
        );
    }

    #[test]
    fn script_content_is_not_read_as_tags() {
        assert_eq!(tags("<script>'<img src=x>'</script><b>"), ["script", "b"]);
    }

    #[test]
    fn noscript_is_raw_text_with_scripting_on() {
        // The mutation trick: the browser sees an <img> after the noscript closes.
        assert_eq!(
            tags(r#"<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>"#),
            ["noscript", "img"]
        );
    }

    #[test]
    fn svg_script_is_foreign() {
        let items = scan("<svg><script>alert(1)</script></svg>");
        assert!(matches!(&items[1], Item::Tag { name, foreign: true, .. } if name == "script"));
    }

    #[test]
    fn comments_are_reported() {
        assert_eq!(scan("<!-- hi -->"), vec![Item::Comment(" hi ".into())]);
    }

    #[test]
    fn schemes_are_read_like_a_browser_reads_them() {
        assert_eq!(url_scheme("javascript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(url_scheme(" \u{1}JaVa\tScRiPt:x").as_deref(), Some("javascript"));
        assert_eq!(url_scheme("java\nscript:x").as_deref(), Some("javascript"));
        assert_eq!(url_scheme("https://example.com").as_deref(), Some("https"));
        assert_eq!(url_scheme("/profile"), None);
        assert_eq!(url_scheme("x y:z"), None);
        assert_eq!(url_scheme("1a:b"), None);
    }

    proptest! {
        #[test]
        fn never_panics(html in ".{0,400}") {
            let _ = scan(&html);
            let _ = url_scheme(&html);
        }
    }
}
