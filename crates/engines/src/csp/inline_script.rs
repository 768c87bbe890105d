//! What an inline script does that CSP governs, read from the calls it makes with string
//! literals: string compilation, WebAssembly, requests, workers, `import()`, the scripts it
//! inserts, and the HTML it writes or assigns (whose images and handlers are checked too).
//!
//! A reader of common call shapes, not a JavaScript engine: a call whose URL is computed is
//! reported as such ([`Effect::ComputedUrl`]), never guessed.

/// Which kind of worker a script starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerKind {
    Dedicated,
    Shared,
    Service,
}

/// One thing an inline script does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// `eval`, `new Function`, a string given to `setTimeout`/`setInterval`.
    Eval { label: &'static str },
    /// `WebAssembly.compile` and friends.
    WasmCompile,
    /// `fetch`, `XMLHttpRequest`, `WebSocket`, `EventSource`, `sendBeacon`: connect-src.
    Connect { call: &'static str, url: String },
    /// `new Worker`, `new SharedWorker`, `navigator.serviceWorker.register`: worker-src.
    Worker { kind: WorkerKind, call: &'static str, url: String },
    /// `import('…')`: a module script, not parser-inserted.
    Import { url: String },
    /// A `<script>` it creates with `.src`: not parser-inserted.
    InsertedScript { url: String },
    /// A `<script>` it creates with `.text`/`.textContent`: inline, not parser-inserted.
    InsertedInlineScript { text: String },
    /// `document.write` / `writeln`: HTML parsed as if it were in the page (parser-inserted).
    WrittenHtml { html: String },
    /// `innerHTML`, `outerHTML`, `insertAdjacentHTML`: a fragment, whose scripts never run.
    FragmentHtml { html: String },
    /// A call governed by CSP whose URL is not a string literal.
    ComputedUrl { call: &'static str },
}

/// Reads a JavaScript string literal at the start of `text` (after spaces), decoding escapes.
/// Template literals with `${` are computed, not literal.
fn literal(text: &str) -> Option<(String, &str)> {
    let text = text.trim_start();
    let mut chars = text.char_indices();
    let (_, quote) = chars.next().filter(|(_, c)| matches!(c, '\'' | '"' | '`'))?;
    let mut value = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c == quote => return Some((value, &text[i + 1..])),
            '$' if quote == '`' && text[i + 1..].starts_with('{') => return None,
            '\\' => {
                let (_, escaped) = chars.next()?;
                match escaped {
                    'n' => value.push('\n'),
                    't' => value.push('\t'),
                    'r' => value.push('\r'),
                    '0' => value.push('\0'),
                    'x' => {
                        let hex: String = chars.by_ref().take(2).map(|(_, c)| c).collect();
                        value.push(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)?);
                    }
                    'u' => {
                        let rest = &text[i + 2..];
                        let (hex, used) = match rest.strip_prefix('{') {
                            Some(braced) => {
                                let end = braced.find('}')?;
                                (&braced[..end], end + 2)
                            }
                            None => (rest.get(..4)?, 4),
                        };
                        value.push(u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)?);
                        for _ in 0..used {
                            chars.next();
                        }
                    }
                    '\n' => {}
                    other => value.push(other),
                }
            }
            '\n' if quote != '`' => return None,
            c => value.push(c),
        }
    }
    None
}

/// Every place `call` occurs, with the text right after it.
fn after_each<'t>(text: &'t str, call: &str) -> Vec<&'t str> {
    text.match_indices(call).map(|(at, _)| &text[at + call.len()..]).collect()
}

/// The string literal argument of each `call` (the first, or with `second` the second), never
/// looking for calls inside a literal already read (HTML written by `document.write` holds
/// calls of its own, read when that HTML is).
fn literal_arguments(text: &str, call: &str, second: bool) -> Vec<(String, std::ops::Range<usize>)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|rest| rest.find(call)) {
        let after = &text[from + at + call.len()..];
        let parsed = if second {
            literal(after).and_then(|(_, rest)| literal(rest.trim_start().strip_prefix(',')?))
        } else {
            literal(after)
        };
        match parsed {
            Some((value, rest)) => {
                let end = text.len() - rest.len();
                found.push((value, from + at + call.len()..end));
                from = end;
            }
            None => from += at + call.len(),
        }
    }
    found
}

/// Whether the text right after a call's `(` starts with a string literal argument.
fn first_argument(after: &str) -> Option<String> {
    literal(after).map(|(value, _)| value)
}

/// The second argument, when both are string literals (`open('GET', '/api')`).
fn second_argument(after: &str) -> Option<String> {
    let (_, rest) = literal(after)?;
    let rest = rest.trim_start().strip_prefix(',')?;
    literal(rest).map(|(value, _)| value)
}

/// What an inline script does that CSP governs, in the order of the kinds above.
pub fn effects(text: &str) -> Vec<Effect> {
    // HTML that the script writes or assigns is read as HTML (with its own scripts); the calls
    // inside it are not this script's.
    let mut html_effects = Vec::new();
    let mut spans = Vec::new();
    let html_calls: [(&str, bool, bool); 7] = [
        ("document.write(", false, false),
        ("document.writeln(", false, false),
        (".innerHTML =", false, true),
        (".innerHTML=", false, true),
        (".outerHTML =", false, true),
        (".outerHTML=", false, true),
        ("insertAdjacentHTML(", true, true),
    ];
    for (call, second, fragment) in html_calls {
        for (html, span) in literal_arguments(text, call, second) {
            spans.push(span);
            html_effects.push(if fragment { Effect::FragmentHtml { html } } else { Effect::WrittenHtml { html } });
        }
    }
    spans.sort_by_key(|span| span.start);
    let mut code = String::with_capacity(text.len());
    let mut at = 0;
    for span in spans {
        if span.start >= at {
            code.push_str(text.get(at..span.start).unwrap_or(""));
            code.push_str("''");
            at = span.end;
        }
    }
    code.push_str(text.get(at..).unwrap_or(""));
    let text = code.as_str();
    let mut effects = Vec::new();
    let compact: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if compact.contains("eval(") || compact.contains("new Function(") || compact.contains("new Function (") {
        effects.push(Effect::Eval { label: "eval / new Function in an inline script" });
    } else if ["setTimeout(", "setInterval("]
        .iter()
        .any(|call| after_each(text, call).into_iter().any(|after| first_argument(after).is_some()))
    {
        effects.push(Effect::Eval { label: "a string given to setTimeout/setInterval" });
    }
    if [
        "WebAssembly.compile(",
        "WebAssembly.instantiate(",
        "new WebAssembly.Module(",
        "WebAssembly.compileStreaming(",
        "WebAssembly.instantiateStreaming(",
    ]
    .iter()
    .any(|call| text.contains(call))
    {
        effects.push(Effect::WasmCompile);
    }
    let url_calls = |call: &'static str, found: &mut Vec<Effect>, make: &dyn Fn(String) -> Effect| {
        for after in after_each(text, call) {
            found.push(first_argument(after).map_or(Effect::ComputedUrl { call }, make));
        }
    };
    for call in ["fetch(", "new WebSocket(", "new EventSource(", "navigator.sendBeacon("] {
        url_calls(call, &mut effects, &|url| Effect::Connect { call, url });
    }
    if text.contains("XMLHttpRequest") {
        for after in after_each(text, ".open(") {
            effects.push(second_argument(after).map_or(Effect::ComputedUrl { call: "XMLHttpRequest.open(" }, |url| {
                Effect::Connect { call: "XMLHttpRequest.open(", url }
            }));
        }
    }
    for (call, kind) in [
        ("new Worker(", WorkerKind::Dedicated),
        ("new SharedWorker(", WorkerKind::Shared),
        ("serviceWorker.register(", WorkerKind::Service),
    ] {
        for after in after_each(text, call) {
            // A worker from a Blob is the common way to start one without a file.
            let url = first_argument(after).or_else(|| {
                after.trim_start().starts_with("URL.createObjectURL(").then(|| "blob:null/worker".to_string())
            });
            effects.push(url.map_or(Effect::ComputedUrl { call }, |url| Effect::Worker { kind, call, url }));
        }
    }
    for after in after_each(text, "import(") {
        effects
            .push(first_argument(after).map_or(Effect::ComputedUrl { call: "import(" }, |url| Effect::Import { url }));
    }
    if text.contains("createElement('script')") || text.contains("createElement(\"script\")") {
        for assignment in [".src =", ".src="] {
            effects.extend(
                after_each(text, assignment)
                    .into_iter()
                    .filter_map(first_argument)
                    .map(|url| Effect::InsertedScript { url }),
            );
        }
        for assignment in [".text =", ".text=", ".textContent =", ".textContent="] {
            effects.extend(
                after_each(text, assignment)
                    .into_iter()
                    .filter_map(first_argument)
                    .map(|text| Effect::InsertedInlineScript { text }),
            );
        }
    }
    effects.extend(html_effects);
    effects
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_decode_escapes() {
        assert_eq!(literal(r#" "<\/script>\x41\u0042\u{43}\n" rest"#), Some(("</script>ABC\n".to_string(), " rest")));
        assert_eq!(literal("`a${b}`"), None);
        assert_eq!(literal("url"), None);
        assert_eq!(literal("'unterminated"), None);
    }

    #[test]
    fn calls_give_effects() {
        let found = effects(
            "fetch('/a'); fetch(url); const x = new XMLHttpRequest(); x.open('GET', '/x'); new Worker(URL.createObjectURL(b)); \
             import('/m.js'); document.write('<img src=w.png>'); el.innerHTML = '<img src=i.png>'; el.insertAdjacentHTML('beforeend', '<b>')",
        );
        assert_eq!(
            found,
            [
                Effect::Connect { call: "fetch(", url: "/a".into() },
                Effect::ComputedUrl { call: "fetch(" },
                Effect::Connect { call: "XMLHttpRequest.open(", url: "/x".into() },
                Effect::Worker { kind: WorkerKind::Dedicated, call: "new Worker(", url: "blob:null/worker".into() },
                Effect::Import { url: "/m.js".into() },
                Effect::WrittenHtml { html: "<img src=w.png>".into() },
                Effect::FragmentHtml { html: "<img src=i.png>".into() },
                Effect::FragmentHtml { html: "<b>".into() },
            ]
        );
    }

    #[test]
    fn window_open_is_not_a_request() {
        assert!(effects("window.open('https://evil.example/')").is_empty());
    }

    #[test]
    fn odd_scripts_do_not_panic() {
        for text in [
            "fetch(",
            "'\\u",
            "'\\u{",
            "'\\x4",
            "\"\\u{110000}\"",
            "document.write(`${",
            "import(\u{1F409}",
            "x.open('a',",
        ] {
            let _ = effects(text);
            let _ = literal(text);
        }
    }
}
