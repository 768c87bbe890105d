//! Attack-and-defence diagrams: a small line-based language in a ```` ```diagram ```` fence,
//! drawn at build time as an inline SVG sequence diagram with its text alternative.
//!
//! The description lives in the lesson file, so a diagram is diffable and translatable like the
//! prose around it; the SVG and the words for screen readers are both made from it here, so they
//! cannot drift apart. The syntax is in `lessons/README.md`:
//!
//! ```text
//! title: The name becomes code
//! actor dragon: Dragon (attacker)
//! actor app castle: Flask app
//! actor db: Database
//! attack: Pasted into the SQL
//! dragon -> app: name = `' OR 1=1 --`
//! app => db: `WHERE name = '' OR 1=1 --'`
//! defence: Bound parameters
//! dragon -> app: the same name
//! app -x db: sent apart from the SQL, it stays data
//! ```
//!
//! Colours come only from classes that `static/style.css` maps to the theme's custom properties,
//! so light and dark both hold their contrast; geometry and type are attributes, so the app's CSS
//! (which counts toward the first-load budget) grows by a few rules only. Every piece of author
//! text is escaped here: this output is inserted after ammonia has cleaned the lesson (see
//! `render.rs` and ARCHITECTURE.md, "Diagrams"), so escaping is what keeps a teacher pack's
//! diagram text from becoming markup.

use std::fmt::Write as _;

/// More columns than this are unreadable on a phone even when the box scrolls.
const MAX_ACTORS: usize = 5;
const MAX_STEPS: usize = 8;
const MAX_LABEL: usize = 160;

// Geometry, in SVG user units (1 unit is 1 CSS px at the diagram's natural size).
const MARGIN: f32 = 12.0;
const COLUMN: f32 = 150.0;
const FONT: f32 = 15.0;
const LINE: f32 = 19.0;
/// A generous average glyph width for wrapping: wide fonts (DejaVu Sans) must not overflow.
const CHAR: f32 = FONT * 0.58;
const CODE_CHAR: f32 = FONT * 0.62;
const MONO: &str = "ui-monospace, Menlo, Consolas, monospace";

/// The pictures an actor can have, in the castle's visual language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Dragon,
    Castle,
    Browser,
    Db,
    Scroll,
    Tower,
    Person,
}

impl Icon {
    const ALL: [(&'static str, Icon); 7] = [
        ("dragon", Icon::Dragon),
        ("castle", Icon::Castle),
        ("browser", Icon::Browser),
        ("db", Icon::Db),
        ("scroll", Icon::Scroll),
        ("tower", Icon::Tower),
        ("person", Icon::Person),
    ];

    fn named(name: &str) -> Option<Icon> {
        Icon::ALL.iter().find(|(n, _)| *n == name).map(|(_, icon)| *icon)
    }

    fn names() -> String {
        Icon::ALL.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: String,
    pub icon: Icon,
    pub label: String,
}

/// What happens to a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrow {
    /// `->`: it is sent and arrives.
    Send,
    /// `=>`: it arrives and does harm: where the dragon gets in.
    Harm,
    /// `-x`: a wall stops it before it arrives.
    Stopped,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub from: usize,
    pub to: usize,
    pub arrow: Arrow,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelKind {
    /// Steps written before any `attack:`/`defence:` line: one panel with no heading.
    Plain,
    Attack,
    Defence,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panel {
    pub kind: PanelKind,
    pub heading: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagram {
    pub title: String,
    pub actors: Vec<Actor>,
    pub panels: Vec<Panel>,
}

/// A problem in a diagram: the line it is on (1-based, within the block) and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramError {
    pub line: usize,
    pub message: String,
}

impl Diagram {
    /// Whether it shows both halves of the lesson: an attack panel and a defence panel.
    pub fn shows_attack_and_defence(&self) -> bool {
        let has = |kind| self.panels.iter().any(|panel| panel.kind == kind);
        has(PanelKind::Attack) && has(PanelKind::Defence)
    }
}

/// Reads a diagram description. Never panics: every mistake is a [`DiagramError`].
pub fn parse(text: &str) -> Result<Diagram, DiagramError> {
    let mut title: Option<String> = None;
    let mut actors: Vec<Actor> = Vec::new();
    let mut panels: Vec<Panel> = Vec::new();
    let mut last_line = 0;
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        last_line = number;
        let fail = |message: String| Err(DiagramError { line: number, message });
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((head, rest)) = line.split_once(':') else {
            return fail(format!("`{line}` has no `:`; every line is `what: words` (see lessons/README.md)"));
        };
        let head = head.trim();
        let rest = rest.trim();
        if rest.is_empty() {
            return fail(format!("`{head}:` has no words after the `:`"));
        }
        if rest.chars().count() > MAX_LABEL {
            return fail(format!("the words after `{head}:` are over {MAX_LABEL} characters; say it shorter"));
        }
        let words: Vec<&str> = head.split_whitespace().collect();
        match words.as_slice() {
            ["title"] => {
                if title.is_some() {
                    return fail("a second `title:`; a diagram has one".into());
                }
                title = Some(rest.to_string());
            }
            ["actor", id, icon @ ..] => {
                if !panels.is_empty() {
                    return fail(format!("actor `{id}` comes after the steps; declare every actor first"));
                }
                let id_ok = id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
                    && id.starts_with(|c: char| c.is_ascii_lowercase());
                if !id_ok || id.len() > 24 {
                    return fail(format!("actor id `{id}`: use lowercase letters, digits and dashes"));
                }
                if actors.iter().any(|actor| actor.id == *id) {
                    return fail(format!("actor `{id}` is declared twice"));
                }
                let icon_name = match icon {
                    [] => *id,
                    [name] => *name,
                    _ => return fail(format!("`{head}`: write `actor <id> <picture>: <label>`")),
                };
                let Some(icon) = Icon::named(icon_name) else {
                    return fail(format!(
                        "actor `{id}` needs a picture: `actor {id} <picture>: …`, one of {}",
                        Icon::names()
                    ));
                };
                if actors.len() == MAX_ACTORS {
                    return fail(format!("more than {MAX_ACTORS} actors do not fit on a phone; merge some"));
                }
                actors.push(Actor { id: id.to_string(), icon, label: rest.to_string() });
            }
            [kind @ ("attack" | "defence" | "defense")] => {
                let kind = if *kind == "attack" { PanelKind::Attack } else { PanelKind::Defence };
                if panels.iter().any(|panel| panel.kind == kind) {
                    return fail(format!("a second `{head}:` panel; a diagram has at most one of each"));
                }
                if panels.iter().any(|panel| panel.kind == PanelKind::Plain) {
                    return fail(format!("steps come before `{head}:`; put every step under a panel heading"));
                }
                panels.push(Panel { kind, heading: rest.to_string(), steps: Vec::new() });
            }
            [from, arrow, to] if arrow.starts_with(['-', '=']) => {
                let arrow = match *arrow {
                    "->" => Arrow::Send,
                    "=>" => Arrow::Harm,
                    "-x" => Arrow::Stopped,
                    other => {
                        return fail(format!(
                            "`{other}` is not an arrow: use `->` (sends), `=>` (the dragon gets in) or `-x` (a wall stops it)"
                        ))
                    }
                };
                let find = |id: &str| actors.iter().position(|actor| actor.id == id);
                let declared = || actors.iter().map(|actor| format!("`{}`", actor.id)).collect::<Vec<_>>().join(", ");
                let Some(from) = find(from) else {
                    return fail(format!("unknown actor `{from}` (declared: {})", declared()));
                };
                let Some(to) = find(to) else {
                    return fail(format!("unknown actor `{to}` (declared: {})", declared()));
                };
                if panels.is_empty() {
                    panels.push(Panel { kind: PanelKind::Plain, heading: String::new(), steps: Vec::new() });
                }
                let Some(panel) = panels.last_mut() else { continue };
                if panel.steps.len() == MAX_STEPS {
                    return fail(format!("more than {MAX_STEPS} steps in one panel; split the diagram"));
                }
                panel.steps.push(Step { from, to, arrow, label: rest.to_string() });
            }
            _ => {
                return fail(format!(
                    "`{head}:` is not a diagram line: use `title:`, `actor <id>:`, `attack:`, `defence:` or `<actor> -> <actor>:`"
                ))
            }
        }
    }
    let end = |message: &str| Err(DiagramError { line: last_line.max(1), message: message.into() });
    let Some(title) = title else {
        return end("the diagram has no `title:` line (it is the caption, and the image's name)");
    };
    if actors.len() < 2 {
        return end("a diagram needs at least two actors (`actor <id>: <label>`)");
    }
    if panels.is_empty() {
        return end("the diagram has no steps (`<actor> -> <actor>: <what is sent>`)");
    }
    if let Some(panel) = panels.iter().find(|panel| panel.steps.is_empty()) {
        return end(&format!("the `{}` panel has no steps", panel.heading));
    }
    Ok(Diagram { title, actors, panels })
}

/// Escapes text for HTML and SVG content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters have no business in a label and are not valid in XML.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A run of words in one face: prose, or code written between backticks.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    text: String,
    code: bool,
    /// Written right after the previous run, with no space (`` `x`, `` keeps its comma close).
    glue: bool,
}

/// Splits a label into words, each marked prose or code, keeping backtick spans as code.
fn words(label: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut after_space = true;
    for (index, part) in label.split('`').enumerate() {
        let code = index % 2 == 1;
        let glue_first = !after_space && !part.starts_with(char::is_whitespace);
        for (position, word) in part.split_whitespace().enumerate() {
            out.push(Run { text: word.to_string(), code, glue: position == 0 && glue_first && !out.is_empty() });
        }
        if !part.is_empty() {
            after_space = part.ends_with(char::is_whitespace);
        }
    }
    out
}

fn run_width(run: &Run) -> f32 {
    run.text.chars().count() as f32 * if run.code { CODE_CHAR } else { CHAR }
}

/// Wraps a label into lines no wider than `width`; a word longer than a line is cut.
fn wrap(label: &str, width: f32) -> Vec<Vec<Run>> {
    let mut lines: Vec<Vec<Run>> = Vec::new();
    let mut line: Vec<Run> = Vec::new();
    let mut used = 0.0;
    for mut word in words(label) {
        loop {
            let space = if line.is_empty() || word.glue { 0.0 } else { CHAR };
            let w = run_width(&word);
            if used + space + w <= width {
                used += space + w;
                line.push(word);
                break;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
                continue;
            }
            // Alone on its line and still too wide: cut it where the line ends.
            let per = if word.code { CODE_CHAR } else { CHAR };
            let fit = ((width / per) as usize).max(1);
            let head: String = word.text.chars().take(fit).collect();
            let tail: String = word.text.chars().skip(fit).collect();
            lines.push(vec![Run { text: head, code: word.code, glue: false }]);
            if tail.is_empty() {
                break;
            }
            word = Run { text: tail, code: word.code, glue: false };
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    lines
}

fn line_width(line: &[Run]) -> f32 {
    line.iter().map(run_width).sum::<f32>() + CHAR * line.iter().skip(1).filter(|run| !run.glue).count() as f32
}

/// Writes wrapped lines as one `<text>` per line, centred on `x`, the first baseline at `y`.
fn write_lines(svg: &mut String, lines: &[Vec<Run>], x: f32, y: f32, attrs: &str) {
    for (index, line) in lines.iter().enumerate() {
        let _ = write!(svg, r#"<text x="{x}" y="{}" text-anchor="middle"{attrs}>"#, y + index as f32 * LINE);
        let mut code = false;
        let mut open = false;
        for (position, run) in line.iter().enumerate() {
            if position > 0 && !run.glue {
                svg.push(' ');
            }
            if run.code != code || !open {
                if open {
                    svg.push_str("</tspan>");
                }
                if run.code {
                    let _ = write!(svg, r#"<tspan font-family="{MONO}">"#);
                } else {
                    svg.push_str("<tspan>");
                }
                code = run.code;
                open = true;
            }
            svg.push_str(&escape(&run.text));
        }
        if open {
            svg.push_str("</tspan>");
        }
        svg.push_str("</text>");
    }
}

/// A label as HTML, for the words: backtick spans as `<code>`.
fn label_html(label: &str) -> String {
    label
        .split('`')
        .enumerate()
        .map(|(index, part)| if index % 2 == 1 { format!("<code>{}</code>", escape(part)) } else { escape(part) })
        .collect()
}

/// Each picture drawn in a 36 × 36 box whose top left is (0, 0).
fn icon(svg: &mut String, icon: Icon, x: f32, y: f32) {
    let _ = write!(svg, r#"<g transform="translate({} {y})" stroke-width="2" stroke-linejoin="round">"#, x - 18.0);
    svg.push_str(match icon {
        // A winged dragon's head, in the danger colour: the attacker.
        Icon::Dragon => {
            r#"<path class="dg-dr" d="M3 30 11 12l6 7 4-15 5 11 8-2-5 9 3 8-9-3-5 6-3-6z"/><circle class="dg-bg" cx="24" cy="17" r="1.8"/>"#
        }
        // The castle of static/castle.svg: the app.
        Icon::Castle => {
            r#"<path class="dg-i" d="M3 34V12h5v5h5v-5h5v5h5v-5h5v5h5v-5h0v22z"/><path class="dg-i" d="M14 34v-8a4 4 0 0 1 8 0v8"/>"#
        }
        Icon::Browser => {
            r#"<rect class="dg-i" x="2" y="6" width="32" height="25" rx="3"/><path class="dg-i" d="M2 13h32"/><circle class="dg-fg" cx="6.5" cy="9.5" r="1.3"/><circle class="dg-fg" cx="10.5" cy="9.5" r="1.3"/>"#
        }
        Icon::Db => {
            r#"<path class="dg-i" d="M5 8v20c0 3 6 5 13 5s13-2 13-5V8"/><ellipse class="dg-i" cx="18" cy="8" rx="13" ry="5"/><path class="dg-i" d="M5 18c0 3 6 5 13 5s13-2 13-5"/>"#
        }
        // A scroll: a file, a secret, a package, a report.
        Icon::Scroll => {
            r#"<path class="dg-i" d="M8 4h20v26a3 3 0 0 1-3 3H5a3 3 0 0 0 3-3z"/><path class="dg-i" d="M13 11h10M13 17h10M13 23h7"/>"#
        }
        // A lone tower with a pennant: another server (a dragon's site, a package index).
        Icon::Tower => {
            r#"<path class="dg-i" d="M10 34V14H7V6h5v4h4V6h4v4h4V6h5v8h-3v20z"/><path class="dg-i" d="M18 6V1h7l-2 2 2 2h-7"/>"#
        }
        Icon::Person => {
            r#"<circle class="dg-i" cx="18" cy="10" r="7"/><path class="dg-i" d="M4 34c0-8 6-13 14-13s14 5 14 13z"/>"#
        }
    });
    svg.push_str("</g>");
}

/// A label's wrapping width for a step between two columns.
fn step_width(from: usize, to: usize, total: f32) -> f32 {
    let span = (from as f32 - to as f32).abs() * COLUMN;
    (span.max(COLUMN * 1.6) - 16.0).min(total - 2.0 * MARGIN - 8.0)
}

/// `f32::clamp` panics when the bounds cross; a label as wide as the diagram must not.
fn within(value: f32, low: f32, high: f32) -> f32 {
    value.min(high).max(low)
}

fn column_x(index: usize) -> f32 {
    MARGIN + COLUMN * (index as f32 + 0.5)
}

/// Draws one panel from `y`; returns the y below it.
fn panel(svg: &mut String, diagram: &Diagram, panel: &Panel, top: f32, width: f32) -> f32 {
    let mut body = String::new();
    let mut y = top + 8.0;
    if panel.kind != PanelKind::Plain {
        let (class, word) = match panel.kind {
            PanelKind::Attack => ("dg-ta", "Attack"),
            _ => ("dg-td", "Defence"),
        };
        y += FONT + 6.0;
        let heading = format!("{word}: {}", panel.heading);
        let lines = wrap(&heading, width - 2.0 * MARGIN - 16.0);
        // The kind word is coloured; it is the first run of the first line.
        let mut text = String::new();
        write_lines(&mut text, &lines, width / 2.0, y, r#" font-weight="700""#);
        let text =
            text.replacen(&format!("<tspan>{word}:"), &format!(r#"<tspan class="{class}">{word}:</tspan><tspan>"#), 1);
        body.push_str(&text);
        y += LINE * (lines.len() as f32 - 1.0) + 8.0;
    }
    // The actors' heads.
    let head_top = y;
    let mut head_bottom = y;
    for (index, actor) in diagram.actors.iter().enumerate() {
        let x = column_x(index);
        icon(&mut body, actor.icon, x, head_top);
        let lines = wrap(&actor.label, COLUMN - 12.0);
        write_lines(&mut body, &lines, x, head_top + 36.0 + FONT + 2.0, r#" font-weight="700" font-size="14""#);
        head_bottom = head_bottom.max(head_top + 36.0 + 4.0 + LINE * lines.len() as f32);
    }
    y = head_bottom + 6.0;
    let lifeline_top = y;
    let mut steps = String::new();
    for (number, step) in panel.steps.iter().enumerate() {
        let number = number + 1;
        let (from, to) = (column_x(step.from), column_x(step.to));
        let class = match step.arrow {
            Arrow::Send => "dg-s",
            Arrow::Harm => "dg-h",
            Arrow::Stopped => "dg-w",
        };
        if step.from == step.to {
            // Something an actor does by itself: a box on its lifeline.
            let box_width = (COLUMN * 1.6).min(width - 2.0 * MARGIN);
            let lines = wrap(&step.label, box_width - if step.arrow == Arrow::Stopped { 62.0 } else { 40.0 });
            let height = LINE * lines.len() as f32 + 12.0;
            let left = within(from - box_width / 2.0, MARGIN, width - MARGIN - box_width);
            let _ = write!(
                steps,
                r#"<rect class="dg-bx {class}" x="{left}" y="{}" width="{box_width}" height="{height}" rx="6" stroke-width="2"/>"#,
                y + 6.0
            );
            badge(&mut steps, class, left + 14.0, y + 6.0 + height / 2.0, number);
            if step.arrow == Arrow::Stopped {
                let (wall, middle) = (left + box_width - 16.0, y + 6.0 + height / 2.0);
                let _ = write!(
                    steps,
                    r#"<g class="dg-w"><rect x="{}" y="{}" width="10" height="20" rx="1"/></g>"#,
                    wall - 5.0,
                    middle - 10.0
                );
            }
            let shift = if step.arrow == Arrow::Stopped { 0.0 } else { 10.0 };
            write_lines(&mut steps, &lines, left + shift + box_width / 2.0, y + 6.0 + 6.0 + FONT, "");
            y += height + 16.0;
            continue;
        }
        let lines = wrap(&step.label, step_width(step.from, step.to, width));
        let text_width = lines.iter().map(|line| line_width(line)).fold(0.0, f32::max);
        let direction = if to > from { 1.0 } else { -1.0 };
        let end = match step.arrow {
            Arrow::Stopped => to - direction * 30.0,
            _ => to - direction * 6.0,
        };
        let start = from + direction * 6.0;
        let centre =
            within((from + to) / 2.0, MARGIN + text_width / 2.0 + 4.0, width - MARGIN - text_width / 2.0 - 4.0);
        let text_top = y + 4.0;
        let arrow_y = text_top + LINE * lines.len() as f32 + 10.0;
        // A plate behind the words, so lifelines do not run through them.
        let _ = write!(
            steps,
            r#"<rect class="dg-bg" x="{}" y="{text_top}" width="{}" height="{}" rx="3"/>"#,
            centre - text_width / 2.0 - 4.0,
            text_width + 8.0,
            LINE * lines.len() as f32 + 2.0
        );
        write_lines(&mut steps, &lines, centre, text_top + FONT, "");
        let stroke = if step.arrow == Arrow::Harm { 3 } else { 2 };
        let _ = write!(
            steps,
            r#"<g class="{class}" stroke-width="{stroke}"><path d="M{start} {arrow_y}H{end}" fill="none"/>"#
        );
        match step.arrow {
            Arrow::Stopped => {
                // The wall that stops it: stones in the success colour, mortar in the page's.
                let wall = end + direction * 7.0;
                let _ = write!(
                    steps,
                    r#"<rect x="{}" y="{}" width="14" height="34" rx="1"/><path class="dg-mo" stroke-width="1.5" d="M{l} {a}h14M{l} {b}h14M{c} {t}v8M{c} {b}v8M{d} {a}v9"/>"#,
                    wall - 7.0,
                    arrow_y - 17.0,
                    l = wall - 7.0,
                    a = arrow_y - 6.0,
                    b = arrow_y + 5.0,
                    c = wall,
                    t = arrow_y - 14.0,
                    d = wall - 3.0,
                );
            }
            _ => {
                let _ = write!(steps, r#"<path d="M{end} {arrow_y}l{} -6v12z" stroke-width="1"/>"#, -direction * 11.0);
            }
        }
        steps.push_str("</g>");
        let badge_x = (start + end) / 2.0;
        badge(&mut steps, class, badge_x, arrow_y, number);
        y = arrow_y + 16.0;
    }
    let bottom = y + 4.0;
    let mut frame = String::new();
    let _ = write!(
        frame,
        r#"<rect class="dg-f" x="1" y="{top}" width="{}" height="{}" rx="8"/>"#,
        width - 2.0,
        bottom - top
    );
    for index in 0..diagram.actors.len() {
        let x = column_x(index);
        let _ = write!(
            frame,
            r#"<path class="dg-l" d="M{x} {lifeline_top}V{}" stroke-width="1.5" stroke-dasharray="5 4"/>"#,
            bottom - 8.0
        );
    }
    svg.push_str(&frame);
    svg.push_str(&body);
    svg.push_str(&steps);
    bottom
}

fn badge(svg: &mut String, class: &str, x: f32, y: f32, number: usize) {
    let _ = write!(
        svg,
        r#"<g class="{class}"><circle cx="{x}" cy="{y}" r="10"/></g><text class="dg-n" x="{x}" y="{}" text-anchor="middle" font-size="13" font-weight="700">{number}</text>"#,
        y + 4.5
    );
}

/// The sentence a screen reader hears for one step, from the same description as the drawing.
fn step_words(diagram: &Diagram, step: &Step) -> String {
    let from = escape(&diagram.actors[step.from].label);
    let to = escape(&diagram.actors[step.to].label);
    let label = label_html(&step.label);
    match (step.arrow, step.from == step.to) {
        (Arrow::Send, true) => format!("{from}: {label}"),
        (Arrow::Harm, true) => format!("{from}, where the dragon gets in: {label}"),
        (Arrow::Stopped, true) => format!("{from}, a wall stops it: {label}"),
        (Arrow::Send, false) => format!("{from} to {to}: {label}"),
        (Arrow::Harm, false) => format!("{from} to {to}, and the dragon gets in: {label}"),
        (Arrow::Stopped, false) => format!("{from} to {to}, stopped by a wall: {label}"),
    }
}

impl Diagram {
    /// The figure: caption, the SVG (a scrolling box on a narrow screen), and the same steps in
    /// words. `id` must be unique on the page; it names the caption and the words.
    pub fn to_html(&self, id: &str) -> String {
        let width = 2.0 * MARGIN + COLUMN * self.actors.len() as f32;
        let mut svg = String::new();
        let mut y = 1.0;
        for (index, each) in self.panels.iter().enumerate() {
            if index > 0 {
                y += 14.0;
            }
            y = panel(&mut svg, self, each, y, width);
        }
        let height = (y + 1.0).ceil();
        let title = escape(&self.title);
        let mut words = String::new();
        for each in &self.panels {
            if each.kind != PanelKind::Plain {
                let word = if each.kind == PanelKind::Attack { "Attack" } else { "Defence" };
                let _ = write!(words, "<p>{word}: {}.</p>", label_html(&each.heading));
            }
            words.push_str("<ol>");
            for step in &each.steps {
                let _ = write!(words, "<li>{}</li>", step_words(self, step));
            }
            words.push_str("</ol>");
        }
        // role="img" makes the drawing one image to assistive technology, named by the caption
        // and described by the steps in words (which stay folded away for sighted readers).
        format!(
            concat!(
                r#"<figure class="dg dg-n{count}"><figcaption id="{id}-t">{title}</figcaption>"#,
                r#"<div class="dg-scroll" tabindex="0" role="group" aria-label="Diagram, scrolls sideways if the screen is narrow">"#,
                r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{id}-t" aria-describedby="{id}-w" "#,
                r#"viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-size="{font}">{svg}</svg></div>"#,
                r#"<details class="dg-words"><summary>Described in words</summary><div id="{id}-w">{words}</div></details></figure>"#
            ),
            count = self.actors.len(),
            id = id,
            title = title,
            width = width,
            height = height,
            font = FONT,
            svg = svg,
            words = words,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQL: &str = "title: The name becomes code\nactor dragon: Dragon (attacker)\nactor app castle: Flask app\nactor db: Database\n\nattack: Pasted into the SQL\ndragon -> app: name = `' OR 1=1 --`\napp => db: `WHERE name = '' OR 1=1 --'`\ndefence: Bound parameters\ndragon -> app: the same name\napp -x db: sent apart from the SQL, it stays data\n";

    fn error(text: &str) -> DiagramError {
        parse(text).expect_err("should fail")
    }

    #[test]
    fn a_full_diagram_parses() {
        let diagram = parse(SQL).unwrap();
        assert_eq!(diagram.title, "The name becomes code");
        assert_eq!(diagram.actors.len(), 3);
        assert_eq!(diagram.actors[1].icon, Icon::Castle);
        assert_eq!(diagram.panels.len(), 2);
        assert_eq!(diagram.panels[1].steps[1].arrow, Arrow::Stopped);
        assert!(diagram.shows_attack_and_defence());
    }

    #[test]
    fn steps_without_panels_form_one_plain_panel() {
        let diagram = parse("title: T\nactor dragon: D\nactor app castle: A\ndragon -> app: hi\n").unwrap();
        assert_eq!(diagram.panels[0].kind, PanelKind::Plain);
        assert!(!diagram.shows_attack_and_defence());
    }

    #[test]
    fn mistakes_name_their_line() {
        let unknown = error("title: T\nactor dragon: D\nactor app castle: A\ndargon -> app: x\n");
        assert_eq!(unknown.line, 4);
        assert!(unknown.message.contains("unknown actor `dargon`"), "{unknown:?}");
        assert!(unknown.message.contains("`dragon`, `app`"), "{unknown:?}");
        let arrow = error("title: T\nactor dragon: D\nactor app castle: A\ndragon --> app: x\n");
        assert!(arrow.message.contains("`-->` is not an arrow"), "{arrow:?}");
        let picture = error("title: T\nactor app: A\n");
        assert!(picture.message.contains("needs a picture"), "{picture:?}");
        assert_eq!(picture.line, 2);
        let colon = error("title: T\nactor dragon D\n");
        assert!(colon.message.contains("no `:`"), "{colon:?}");
    }

    #[test]
    fn missing_parts_are_reported() {
        assert!(error("actor dragon: D\nactor app castle: A\ndragon -> app: x\n").message.contains("no `title:`"));
        assert!(error("").message.contains("no `title:`"));
        assert!(error("title: T\nactor dragon: D\n").message.contains("two actors"));
        assert!(error("title: T\nactor dragon: D\nactor db: B\n").message.contains("no steps"));
        assert!(error("title: T\nactor dragon: D\nactor db: B\nattack: A\n").message.contains("no steps"));
    }

    #[test]
    fn too_many_actors_and_steps_are_reported() {
        let mut text = String::from("title: T\n");
        for n in 0..6 {
            text.push_str(&format!("actor a{n} castle: A\n"));
        }
        let too_many = error(&text);
        assert_eq!(too_many.line, 7);
        assert!(too_many.message.contains("more than 5 actors"), "{too_many:?}");
        let mut steps = String::from("title: T\nactor dragon: D\nactor db: B\n");
        steps.push_str(&"dragon -> db: x\n".repeat(9));
        assert!(error(&steps).message.contains("more than 8 steps"));
    }

    #[test]
    fn panels_are_one_of_each() {
        let twice = "title: T\nactor dragon: D\nactor db: B\nattack: a\ndragon -> db: x\nattack: b\n";
        assert!(error(twice).message.contains("second `attack:`"));
        assert!(error("title: T\nactor dragon: D\nactor db: B\ndragon -> db: x\nattack: a\n")
            .message
            .contains("before `attack:`"));
    }

    #[test]
    fn text_is_escaped_in_the_drawing_and_the_words() {
        let diagram = parse("title: <b>T</b>\nactor dragon: D\"x\nactor db: B\ndragon -> db: <script>alert(1)</script> `<img onerror=x>`\n")
            .unwrap();
        let html = diagram.to_html("d1");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("D&quot;x"), "{html}");
        assert!(html.contains("<code>&lt;img onerror=x&gt;</code>"), "{html}");
    }

    #[test]
    fn the_figure_is_an_image_named_and_described() {
        let html = parse(SQL).unwrap().to_html("dg-1");
        assert!(
            html.starts_with(r#"<figure class="dg dg-n3"><figcaption id="dg-1-t">The name becomes code</figcaption>"#)
        );
        assert!(html.contains(r#"role="img" aria-labelledby="dg-1-t" aria-describedby="dg-1-w""#), "{html}");
        assert!(html.contains(r#"<div class="dg-scroll" tabindex="0" role="group""#), "{html}");
        assert!(
            html.contains("<li>Flask app to Database, stopped by a wall: sent apart from the SQL, it stays data</li>")
        );
        assert!(html.contains("<li>Flask app to Database, and the dragon gets in: <code>WHERE name = &#39;&#39; OR 1=1 --&#39;</code></li>"), "{html}");
        assert!(html.contains("<p>Defence: Bound parameters.</p>"), "{html}");
        // Colours only through classes: no fill or stroke colour is written into the drawing.
        assert!(!html.contains("fill=\"#") && !html.contains("stroke=\"#") && !html.contains("style="), "{html}");
    }

    #[test]
    fn long_labels_wrap_and_long_words_are_cut() {
        let lines = wrap("a very long label that cannot possibly fit on one line of a narrow column", 120.0);
        assert!(lines.len() > 3, "{lines:?}");
        assert!(lines.iter().all(|line| line_width(line) <= 120.0), "{lines:?}");
        let cut = wrap(&"x".repeat(60), 100.0);
        assert!(cut.len() >= 5, "{cut:?}");
        assert_eq!(cut.iter().map(|l| l[0].text.len()).sum::<usize>(), 60);
    }

    #[test]
    fn punctuation_after_code_stays_close() {
        let runs = words("a `b`, c `d` e");
        let glued: Vec<bool> = runs.iter().map(|run| run.glue).collect();
        assert_eq!(glued, [false, false, true, false, false, false], "{runs:?}");
    }

    #[test]
    fn code_spans_use_a_monospace_tspan() {
        let html = parse(SQL).unwrap().to_html("x");
        assert!(html.contains(&format!(r#"<tspan font-family="{MONO}">"#)), "{html}");
    }

    /// The tags and attributes the drawing may contain: anything else came from author text.
    const TAGS: [&str; 18] = [
        "figure",
        "figcaption",
        "div",
        "svg",
        "g",
        "rect",
        "path",
        "circle",
        "ellipse",
        "text",
        "tspan",
        "details",
        "summary",
        "p",
        "ol",
        "li",
        "code",
        "/",
    ];

    fn only_our_tags(html: &str) -> bool {
        html.split('<').skip(1).all(|rest| TAGS.iter().any(|tag| rest.starts_with(tag)))
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_or_fails_without_panicking(text in "\\PC*") {
            if let Ok(diagram) = parse(&text) {
                proptest::prop_assert!(only_our_tags(&diagram.to_html("p")));
            }
        }

        #[test]
        fn diagram_like_text_never_panics(lines in proptest::collection::vec(
            proptest::prop_oneof![
                "title: .{0,200}",
                "actor [a-z]{1,3}( (dragon|castle|db|browser|tower|scroll|person|x))?: .{0,40}",
                "(attack|defence|defense): .{0,80}",
                "[a-z]{1,3} (->|=>|-x|--) [a-z]{1,3}: .{0,200}",
                ".{0,30}",
            ],
            0..24,
        )) {
            let text = lines.join("\n");
            if let Ok(diagram) = parse(&text) {
                let html = diagram.to_html("p");
                proptest::prop_assert!(only_our_tags(&html), "{}", html);
            }
        }

        #[test]
        fn any_label_is_only_ever_text(label in "[^\\s`][^\n`]{0,150}") {
            let text = format!("title: {label}\nactor dragon: {label}\nactor db: B\ndragon -> db: {label}\ndb -> db: {label}\n");
            let html = parse(&text).unwrap().to_html("p");
            proptest::prop_assert!(only_our_tags(&html), "{}", html);
        }
    }
}
