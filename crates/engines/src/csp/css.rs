//! The requests a style sheet or a `style` attribute makes: `@import` (style-src), the fonts of
//! `@font-face` (font-src), and the images of image properties (img-src), with `image-set()`
//! resolved to the one candidate the browser picks.
//!
//! A tolerant reader, not a CSS parser: it follows the syntax that decides what is fetched
//! (comments, blocks, quoted strings, `url()`), and never fails. What Chromium does, as the
//! agreement test shows it: every `@font-face` source is checked against font-src when the rule
//! is read, used or not (a used font is also fetched; an unused one is not); an image property
//! is fetched only for an element it applies to that is rendered (not `display: none`, not in
//! `<head>`), and a `:hover` rule only on hover; an `@import` after a style rule is ignored.

use super::responsive::{self, Candidate};

/// What one style sheet asks for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// `@import` URLs, in order (only those before the first style rule count).
    pub imports: Vec<String>,
    /// Every `url()` in the `src` of every `@font-face` rule.
    pub fonts: Vec<String>,
    /// Style rules that ask for images.
    pub rules: Vec<Rule>,
}

/// A style rule with images: its selector list as written and the image URLs it asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub selectors: String,
    pub images: Vec<String>,
}

/// An element of the page, as much as simple selectors need.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub name: String,
    pub id: Option<String>,
    pub classes: Vec<String>,
}

/// Properties whose `url()` values are images (CSS Backgrounds, Images, Lists, Masking, UI).
const IMAGE_PROPERTIES: &[&str] = &[
    "background",
    "background-image",
    "border-image",
    "border-image-source",
    "list-style",
    "list-style-image",
    "cursor",
    "content",
    "mask",
    "mask-image",
    "-webkit-mask",
    "-webkit-mask-image",
];

fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("/*") {
        out.push_str(&rest[..at]);
        rest = rest[at + 2..].find("*/").map_or("", |end| &rest[at + 2 + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// The index just after the block that opens at `open` (a `{`), counting nesting.
fn block_end(text: &str, open: usize) -> usize {
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return open + i + 1;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// The text between a block's braces (`open` is the `{`, `end` just after its `}` or the end).
fn block_body(text: &str, open: usize, end: usize) -> &str {
    let inner = text.get(open + 1..end).unwrap_or("");
    inner.strip_suffix('}').unwrap_or(inner)
}

/// The text inside a `url(…)` or a quoted string starting at the start of `text`, and the rest.
fn url_or_string(text: &str) -> Option<(String, &str)> {
    let text = text.trim_start();
    if let Some(quote) = text.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        let end = text[1..].find(quote)?;
        return Some((text[1..1 + end].to_string(), &text[end + 2..]));
    }
    let lower = text.get(..4)?.to_ascii_lowercase();
    if lower != "url(" {
        return None;
    }
    let inner = text[4..].trim_start();
    if let Some(quote) = inner.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        let end = inner[1..].find(quote)?;
        let after = &inner[end + 2..];
        let close = after.find(')').map_or(after.len(), |c| c + 1);
        return Some((inner[1..1 + end].to_string(), &after[close..]));
    }
    let end = inner.find(')').unwrap_or(inner.len());
    Some((inner[..end].trim().to_string(), inner.get(end + 1..).unwrap_or("")))
}

/// A resolution in an `image-set()` candidate, as a density (`2x`, `2dppx`, `192dpi`).
fn resolution(text: &str) -> Option<f64> {
    let text = text.trim().to_ascii_lowercase();
    let (number, per_dppx) = if let Some(n) = text.strip_suffix("dppx") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix("dpi") {
        (n, 1.0 / 96.0)
    } else if let Some(n) = text.strip_suffix("dpcm") {
        (n, 2.54 / 96.0)
    } else {
        (text.strip_suffix('x')?, 1.0)
    };
    let value: f64 = number.trim().parse().ok()?;
    (value.is_finite() && value > 0.0).then_some(value * per_dppx)
}

/// Splits at commas outside parentheses and quotes.
fn split_top_level(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0usize, None, 0);
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, c) if c == separator && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// The candidate an `image-set(…)` argument list resolves to (CSS Images 4 §2.2).
fn image_set_choice(arguments: &str) -> Option<String> {
    let candidates: Vec<Candidate> = split_top_level(arguments, ',')
        .into_iter()
        .filter_map(|option| {
            let (url, rest) = url_or_string(option)?;
            // `type(…)` is allowed beside the resolution; a missing resolution means 1x.
            let density = rest.split_ascii_whitespace().find_map(resolution).unwrap_or(1.0);
            Some(Candidate { url, density })
        })
        .collect();
    responsive::choose(&candidates).map(|c| c.url.clone())
}

/// Every image a property value asks for: each `url()`, and one candidate per `image-set()`.
pub fn images_in_value(value: &str) -> Vec<String> {
    let mut images = Vec::new();
    let lower = value.to_ascii_lowercase();
    let mut at = 0;
    while at < value.len() {
        let Some(next) = [lower[at..].find("url("), lower[at..].find("image-set(")].into_iter().flatten().min() else {
            break;
        };
        let start = at + next;
        if lower[start..].starts_with("image-set(") {
            let open = start + "image-set(".len();
            let mut depth = 1usize;
            let mut close = value.len();
            for (i, c) in value[open..].char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            close = open + i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            images.extend(image_set_choice(&value[open..close]));
            at = (close + 1).min(value.len());
        } else {
            match url_or_string(&value[start..]) {
                Some((url, rest)) => {
                    if !url.is_empty() {
                        images.push(url);
                    }
                    at = value.len() - rest.len();
                }
                None => at = start + 4,
            }
        }
    }
    images
}

/// A declaration block's `(property, value)` pairs, property names in lowercase.
fn declarations(block: &str) -> Vec<(String, &str)> {
    split_top_level(block, ';')
        .into_iter()
        .filter_map(|declaration| {
            let (name, value) = declaration.split_once(':')?;
            Some((name.trim().to_ascii_lowercase(), value.trim()))
        })
        .collect()
}

/// The images a declaration block asks for.
pub fn images_in_declarations(block: &str) -> Vec<String> {
    declarations(block)
        .into_iter()
        .filter(|(name, _)| IMAGE_PROPERTIES.contains(&name.as_str()))
        .flat_map(|(_, value)| images_in_value(value))
        .collect()
}

/// Whether a declaration block hides its element (`display: none`): Chromium then loads none of
/// its images.
pub fn hides(block: &str) -> bool {
    declarations(block).iter().any(|(name, value)| {
        name == "display" && value.trim_end_matches("!important").trim().eq_ignore_ascii_case("none")
    })
}

/// Reads a style sheet.
pub fn read_sheet(text: &str) -> Sheet {
    let text = strip_comments(text);
    let mut sheet = Sheet::default();
    read_rules(&text, &mut sheet, true);
    sheet
}

fn read_rules(text: &str, sheet: &mut Sheet, top_level: bool) {
    let mut imports_allowed = top_level;
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let skip = rest.len() - rest.trim_start().len();
        at += skip;
        let rest = &text[at..];
        if rest.is_empty() {
            break;
        }
        let brace = rest.find('{');
        if let Some(at_rule) = rest.strip_prefix('@') {
            let name_end = at_rule.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(at_rule.len());
            let name = at_rule[..name_end].to_ascii_lowercase();
            let semicolon = rest.find(';');
            match (brace, semicolon) {
                // A statement at-rule (`@import …;`, `@charset …;`, `@layer a, b;`).
                (_, Some(semi)) if brace.is_none_or(|b| semi < b) => {
                    if name == "import" && imports_allowed {
                        if let Some((url, _)) = url_or_string(&at_rule[name_end..]) {
                            if !url.is_empty() {
                                sheet.imports.push(url);
                            }
                        }
                    } else if !matches!(name.as_str(), "charset" | "layer" | "import") {
                        imports_allowed = false;
                    }
                    at += semi + 1;
                }
                (Some(open), _) => {
                    let end = block_end(rest, open);
                    let body = block_body(rest, open, end);
                    match name.as_str() {
                        "font-face" => {
                            for (property, value) in declarations(body) {
                                if property == "src" {
                                    sheet.fonts.extend(
                                        split_top_level(value, ',')
                                            .into_iter()
                                            .filter_map(|source| url_or_string(source).map(|(url, _)| url))
                                            .filter(|url| !url.is_empty()),
                                    );
                                }
                            }
                        }
                        // Conditional and layer blocks hold rules; the engine takes them as applying.
                        "media" | "supports" | "layer" | "container" | "scope" => read_rules(body, sheet, false),
                        _ => {}
                    }
                    imports_allowed = false;
                    at += end;
                }
                _ => break,
            }
            continue;
        }
        let Some(open) = brace else { break };
        let end = block_end(rest, open);
        let selectors = rest[..open].trim().to_string();
        let body = block_body(rest, open, end);
        let images = images_in_declarations(body);
        if !images.is_empty() {
            sheet.rules.push(Rule { selectors, images });
        }
        imports_allowed = false;
        at += end;
    }
}

/// One compound selector of types, classes and ids (`p.hero`, `#top`, `*`), if it is one.
fn compound_matches(compound: &str, element: &Element) -> Option<bool> {
    let compound = compound.trim();
    if compound.eq_ignore_ascii_case(":root") {
        return Some(element.name == "html");
    }
    if compound.is_empty()
        || compound.contains(|c: char| c.is_ascii_whitespace() || matches!(c, '>' | '+' | '~' | '[' | ':' | '|' | '\\'))
    {
        return None;
    }
    let first_special = compound.find(['.', '#']).unwrap_or(compound.len());
    let type_selector = &compound[..first_special];
    let mut matches =
        type_selector.is_empty() || type_selector == "*" || type_selector.eq_ignore_ascii_case(&element.name);
    let mut rest = &compound[first_special..];
    while let Some(kind) = rest.chars().next() {
        let name_end = rest[1..].find(['.', '#']).map_or(rest.len(), |e| e + 1);
        let name = &rest[1..name_end];
        if name.is_empty() {
            return None;
        }
        matches &= match kind {
            '.' => element.classes.iter().any(|c| c == name),
            _ => element.id.as_deref() == Some(name),
        };
        rest = &rest[name_end..];
    }
    Some(matches)
}

/// Whether a selector list matches a rendered element: `Some(true)` when a simple selector in it
/// does, `None` when only selectors the engine does not evaluate could.
pub fn selector_list_matches(selectors: &str, elements: &[Element]) -> Option<bool> {
    let mut unknown = false;
    for selector in split_top_level(selectors, ',') {
        // The images of ::before, ::after and ::marker load for their element.
        let lower = selector.trim().to_ascii_lowercase();
        let subject = ["::before", "::after", "::marker", ":before", ":after"]
            .iter()
            .find_map(|p| lower.strip_suffix(p))
            .unwrap_or(&lower);
        let subject = if subject.is_empty() { "*" } else { subject };
        let mut any_unknown = false;
        let mut any_match = false;
        for element in elements {
            match compound_matches(subject, element) {
                Some(true) => any_match = true,
                Some(false) => {}
                None => any_unknown = true,
            }
        }
        if any_match {
            return Some(true);
        }
        unknown |= any_unknown;
    }
    if unknown {
        None
    } else {
        Some(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(name: &str, id: Option<&str>, classes: &[&str]) -> Element {
        Element {
            name: name.into(),
            id: id.map(str::to_string),
            classes: classes.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn images_come_from_url_and_image_set() {
        assert_eq!(images_in_value("url(a.png), url('b.png') no-repeat, url(\"c.png\")"), ["a.png", "b.png", "c.png"]);
        assert_eq!(images_in_value("image-set(url(a.png) 1x, url(b.png) 2x)"), ["a.png"]);
        assert_eq!(images_in_value("-webkit-image-set('a.png' 2x, 'b.png' 3x)"), ["a.png"]);
        assert_eq!(images_in_value("image-set('a.png' 192dpi, 'b.png' 0.5x)"), ["a.png"]);
        assert_eq!(
            images_in_declarations("color: red; background: url(x.png); cursor: url(c.png), auto; src: url(f.woff)"),
            ["x.png", "c.png"]
        );
    }

    #[test]
    fn a_sheet_gives_imports_fonts_and_rules() {
        let sheet = read_sheet(
            "/* url(no.png) */ @charset 'utf-8'; @import url(a.css); @import 'b.css'; \
             @font-face { font-family: F; src: local(F), url(f.woff2) format('woff2'), url('f.woff') } \
             p { background: url(p.png) } @import url(late.css); @media (min-width: 1px) { .x { background-image: url(x.png) } } h1 { color: red }",
        );
        assert_eq!(sheet.imports, ["a.css", "b.css"]);
        assert_eq!(sheet.fonts, ["f.woff2", "f.woff"]);
        assert_eq!(
            sheet.rules,
            [
                Rule { selectors: "p".into(), images: vec!["p.png".into()] },
                Rule { selectors: ".x".into(), images: vec!["x.png".into()] }
            ]
        );
    }

    #[test]
    fn simple_selectors_are_matched_and_the_rest_are_unknown() {
        let elements = [element("html", None, &[]), element("p", Some("top"), &["big", "hero"])];
        assert_eq!(selector_list_matches("p", &elements), Some(true));
        assert_eq!(selector_list_matches("div, p.hero", &elements), Some(true));
        assert_eq!(selector_list_matches("#top::before", &elements), Some(true));
        assert_eq!(selector_list_matches(":root", &elements), Some(true));
        assert_eq!(selector_list_matches(".absent, div", &elements), Some(false));
        assert_eq!(selector_list_matches("p:hover", &elements), None);
        assert_eq!(selector_list_matches("div p", &elements), None);
    }

    #[test]
    fn display_none_hides() {
        assert!(hides("display:none; background: url(x)"));
        assert!(hides("DISPLAY: None !important"));
        assert!(!hides("display: block"));
    }

    #[test]
    fn broken_css_does_not_panic() {
        for text in [
            "@",
            "@import",
            "@import url(",
            "p {",
            "}}}{{{",
            "@font-face { src: url(",
            "url(",
            "image-set(",
            "@media {",
            "a{b:url('x",
            "\u{1F409}{background:url(\u{1F409})}",
        ] {
            let _ = read_sheet(text);
            let _ = images_in_value(text);
            let _ = selector_list_matches(text, &[element("p", None, &[])]);
        }
    }
}
