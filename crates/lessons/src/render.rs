//! Markdown to HTML for lessons: pulldown-cmark, plus the few things a lesson needs that plain
//! Markdown lacks: Flask/Django code pairs, highlighted code, callouts with a visible title,
//! tables that scroll on a phone, and links between lessons that work on any static host.

use pulldown_cmark::{html, BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::clean::clean;
use crate::highlight::highlight;

/// A lesson body rendered to clean HTML, with what the checks need to know about it.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Clean HTML, safe to put in the page.
    pub html: String,
    /// Words a reader reads: prose fully, code at half weight.
    pub words: usize,
    /// The text of every `##` heading, in order.
    pub sections: Vec<String>,
    /// Every other lesson this one links to, by id.
    pub lesson_links: Vec<String>,
    /// The quest of every "Try it" step (`[Try it: …](try:<quest id>)`), in order.
    pub try_steps: Vec<String>,
    /// Problems an author must fix (the book check fails on any).
    pub problems: Vec<String>,
}

/// One piece of output before framework blocks are grouped into pairs.
enum Piece<'a> {
    Event(Event<'a>),
    FrameworkBlock(String),
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders a lesson body. Never panics; problems are collected in [`Rendered::problems`].
pub fn render_body(markdown: &str) -> Rendered {
    let mut rendered = Rendered::default();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut code: Option<(String, String)> = None; // (info string, collected text)
    let mut heading: Option<(HeadingLevel, String)> = None;
    // Whether the link being rendered is a "Try it" step, for each open link (links nest only
    // in broken Markdown, but a stack never mismatches an end).
    let mut links: Vec<bool> = Vec::new();

    for event in Parser::new_ext(markdown, options()) {
        if let Some((_, text)) = code.as_mut() {
            match event {
                Event::Text(chunk) => text.push_str(&chunk),
                Event::End(TagEnd::CodeBlock) => {
                    let (info, text) = code.take().unwrap_or_default();
                    rendered.words += count_words(&text) / 2;
                    pieces.push(code_block(&info, &text, &mut rendered.problems));
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((info, String::new()));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                if level == HeadingLevel::H1 {
                    rendered
                        .problems
                        .push("a lesson has no `#` heading: the app shows its title; start at `##`".into());
                }
                heading = Some((level, String::new()));
                pieces.push(Piece::Event(Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes: vec![],
                    attrs: vec![],
                })));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((HeadingLevel::H2, text)) = heading.take() {
                    rendered.sections.push(text.trim().to_string());
                }
                pieces.push(Piece::Event(Event::End(TagEnd::Heading(level))));
            }
            Event::Text(ref text) | Event::Code(ref text) => {
                if let Some((_, heading_text)) = heading.as_mut() {
                    heading_text.push_str(text);
                }
                rendered.words += count_words(text);
                pieces.push(Piece::Event(event));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = callout(kind);
                pieces.push(Piece::Event(Event::Html(
                    format!(r#"<aside class="callout callout-{class}"><p class="callout-title">{title}</p>"#).into(),
                )));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                pieces.push(Piece::Event(Event::Html("</aside>".into())));
            }
            Event::Start(Tag::Table(alignments)) => {
                pieces.push(Piece::Event(Event::Html(r#"<div class="table-wrap" tabindex="0">"#.into())));
                pieces.push(Piece::Event(Event::Start(Tag::Table(alignments))));
            }
            Event::End(TagEnd::Table) => {
                pieces.push(Piece::Event(Event::End(TagEnd::Table)));
                pieces.push(Piece::Event(Event::Html("</div>".into())));
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with("try:") => {
                let quest = &dest_url["try:".len()..];
                rendered.try_steps.push(quest.to_string());
                links.push(true);
                pieces.push(Piece::Event(Event::Html(try_step_start(quest).into())));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = rewrite_link(&dest_url, &mut rendered);
                links.push(false);
                pieces.push(Piece::Event(Event::Start(Tag::Link { link_type, dest_url, title, id })));
            }
            Event::End(TagEnd::Link) => match links.pop() {
                Some(true) => pieces.push(Piece::Event(Event::Html("</button>".into()))),
                _ => pieces.push(Piece::Event(Event::End(TagEnd::Link))),
            },
            other => pieces.push(Piece::Event(other)),
        }
    }

    let mut raw = String::with_capacity(markdown.len() * 2);
    let mut in_pair = false;
    let mut events: Vec<Event> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::FrameworkBlock(block) => {
                if !in_pair {
                    flush(&mut raw, &mut events);
                    raw.push_str(r#"<div class="fw-pair">"#);
                    in_pair = true;
                }
                raw.push_str(&block);
            }
            Piece::Event(event) => {
                if in_pair {
                    raw.push_str("</div>");
                    in_pair = false;
                }
                events.push(event);
            }
        }
    }
    if in_pair {
        raw.push_str("</div>");
    }
    flush(&mut raw, &mut events);
    rendered.html = clean(&raw);
    rendered
}

/// Renders a short piece of inline Markdown (a quiz answer, say) without the `<p>` around it.
pub fn render_inline(markdown: &str) -> String {
    let mut raw = String::new();
    html::push_html(&mut raw, Parser::new_ext(markdown, options()));
    let trimmed = raw.trim();
    let inner = trimmed.strip_prefix("<p>").and_then(|rest| rest.strip_suffix("</p>")).unwrap_or(trimmed);
    clean(inner)
}

/// The words of a short piece of inline Markdown with no markup at all (a quest's goal on a
/// sandbox's own page, which shows text only).
pub fn render_plain(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(chunk) | Event::Code(chunk) => text.push_str(&chunk),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

fn flush(raw: &mut String, events: &mut Vec<Event>) {
    html::push_html(raw, events.drain(..));
}

fn count_words(text: &str) -> usize {
    text.split_whitespace().count()
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// The start of a "Try it" step: a button the app's lesson page hears (`SandboxFrame`), which
/// fills the sandbox with quest `quest`'s declared solution. The id is checked against the
/// lesson's quests by the book; here it only has to be safe inside an attribute.
fn try_step_start(quest: &str) -> String {
    let quest: String =
        quest.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').take(64).collect();
    format!(r#"<button type="button" class="try-it" data-try="{quest}">"#)
}

/// Turns `other-lesson.md` into the app's hash route, which works on any static host and
/// sub-path with no rewrite rules; records it so the book check can find broken links.
fn rewrite_link<'a>(dest: &CowStr<'a>, rendered: &mut Rendered) -> CowStr<'a> {
    if dest.starts_with("http://") {
        rendered.problems.push(format!("link to `{dest}` uses http: use https"));
        return dest.clone();
    }
    if dest.contains(':') || dest.starts_with('#') {
        return dest.clone();
    }
    let path = dest.split('#').next().unwrap_or_default();
    match path.strip_suffix(".md") {
        Some(id) if !id.contains('/') && !id.is_empty() => {
            rendered.lesson_links.push(id.to_string());
            CowStr::from(format!("#/lesson/{id}"))
        }
        _ => {
            rendered.problems.push(format!("link to `{dest}`: link lessons as `other-lesson.md`"));
            dest.clone()
        }
    }
}

fn code_block<'a>(info: &str, text: &str, problems: &mut Vec<String>) -> Piece<'a> {
    let mut words = info.split_whitespace();
    let language = words.next().unwrap_or("text");
    let framework = words.next();
    let body = highlight(text, language).unwrap_or_else(|problem| {
        problems.push(problem);
        String::new()
    });
    // A long line scrolls inside the block on a phone, and a scrolling region must be reachable
    // by keyboard (WCAG 2.1.1; axe's scrollable-region-focusable).
    let pre = format!(r#"<pre class="code lang-{language}" tabindex="0"><code>{body}</code></pre>"#);
    match framework {
        None => Piece::Event(Event::Html(pre.into())),
        Some(name @ ("flask" | "django")) => {
            let label = if name == "flask" { "Flask" } else { "Django" };
            Piece::FrameworkBlock(format!(
                r#"<figure class="fw-code fw-{name}"><figcaption>{label}</figcaption>{pre}</figure>"#
            ))
        }
        Some(other) => {
            problems.push(format!("code fence `{info}`: `{other}` is not flask or django"));
            Piece::Event(Event::Html(pre.into()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_framework_blocks_form_one_pair() {
        let md = "```python flask\na = 1\n```\n\n```python django\nb = 2\n```\n\nAfter.\n";
        let html = render_body(md).html;
        assert_eq!(html.matches(r#"<div class="fw-pair">"#).count(), 1, "{html}");
        assert!(html.contains(r#"class="fw-code fw-flask""#), "{html}");
        assert!(html.contains("<figcaption>Django</figcaption>"), "{html}");
        let pair_end = html.find("</div>").unwrap();
        assert!(html.find("After.").unwrap() > pair_end, "{html}");
    }

    #[test]
    fn separated_framework_blocks_form_two_pairs() {
        let md = "```python flask\na\n```\n\nText\n\n```python django\nb\n```\n";
        assert_eq!(render_body(md).html.matches("fw-pair").count(), 2);
    }

    #[test]
    fn lesson_links_become_hash_routes() {
        let rendered = render_body("See [CSRF](csrf.md#tokens).");
        assert!(rendered.html.contains(r##"href="#/lesson/csrf""##), "{}", rendered.html);
        assert_eq!(rendered.lesson_links, ["csrf"]);
    }

    #[test]
    fn try_steps_become_buttons_that_name_their_quest() {
        let rendered = render_body("[Try it: type `<b>` in the name](try:bold-name) and [CSRF](csrf.md).");
        assert_eq!(
            rendered.html,
            "<p><button type=\"button\" class=\"try-it\" data-try=\"bold-name\">Try it: type <code>&lt;b&gt;</code> in the name</button> and <a href=\"#/lesson/csrf\" rel=\"noopener noreferrer\">CSRF</a>.</p>\n"
        );
        assert_eq!(rendered.try_steps, ["bold-name"]);
        assert_eq!(rendered.lesson_links, ["csrf"]);
    }

    #[test]
    fn a_try_step_cannot_break_out_of_its_attribute() {
        let html = render_body(r#"[x](try:a"onclick="alert(1))"#).html;
        assert!(!html.contains("onclick"), "{html}");
    }

    #[test]
    fn http_links_are_a_problem() {
        assert!(!render_body("[x](http://example.com)").problems.is_empty());
    }

    #[test]
    fn h1_is_a_problem_and_h2s_are_sections() {
        let rendered = render_body("# Title\n\n## The `danger`\n\ntext\n");
        assert_eq!(rendered.problems.len(), 1);
        assert_eq!(rendered.sections, ["The danger"]);
    }

    #[test]
    fn callouts_get_a_visible_title() {
        let html = render_body("> [!WARNING]\n> Hot.\n").html;
        assert!(html.contains(r#"<aside class="callout callout-warning">"#), "{html}");
        assert!(html.contains("Warning</p>"), "{html}");
    }

    #[test]
    fn tables_scroll_in_a_focusable_box() {
        let html = render_body("| a | b |\n|---|---|\n| 1 | 2 |\n").html;
        assert!(html.contains(r#"<div class="table-wrap" tabindex="0"><table>"#), "{html}");
    }

    #[test]
    fn raw_script_in_markdown_is_removed() {
        let html = render_body("Hi <script>alert(1)</script> <img src=x onerror=alert(1)>").html;
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    #[test]
    fn inline_render_has_no_paragraph() {
        assert_eq!(render_inline("use `?` *always*"), "use <code>?</code> <em>always</em>");
    }
}
