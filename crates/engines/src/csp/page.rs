//! The page model: a small HTML page read for everything CSP decides about.
//!
//! A tolerant scanner, not a full HTML parser: it follows the tokenizer's rules that matter
//! here (comments, raw text in `<script>`/`<style>`, RCDATA in `<textarea>`/`<title>`,
//! quoted and unquoted attributes, the first of duplicate attributes wins, CRLF normalised
//! before hashing as the input stream does) and never fails: any input gives some page.
//! Inline scripts are read for what they do that CSP governs (`eval`, `new Function`,
//! `fetch`, WebAssembly compilation, workers, scripts they insert).

use serde::Serialize;

/// What a resource is, which decides the directive that governs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ResourceKind {
    /// `<script src>` written in the HTML (parser-inserted).
    ExternalScript,
    /// `<script>…</script>`.
    InlineScript,
    /// `onclick="…"` and the other `on…` attributes.
    EventHandler,
    /// `<a href="javascript:…">`, run when clicked.
    JavascriptUrl,
    /// A `<script>` an inline script creates and inserts (not parser-inserted).
    DynamicScript,
    /// `eval`, `new Function`, a string given to `setTimeout`/`setInterval`.
    Eval,
    /// `WebAssembly.compile` / `instantiate` / `new WebAssembly.Module`.
    WasmCompile,
    /// `<link rel="stylesheet" href>`.
    Stylesheet,
    /// `<style>…</style>`.
    InlineStyle,
    /// `style="…"` on an element.
    StyleAttribute,
    /// A font in an `@font-face` rule of an inline style.
    Font,
    /// `<img src>`, `<link rel="icon">`, `<input type="image">`, `<video poster>`.
    Image,
    /// `<iframe src>` / `<frame src>`.
    Frame,
    /// `<object data>` / `<embed src>`.
    Object,
    /// `<audio src>`, `<video src>`, `<source src>` in them.
    Media,
    /// `<base href>`.
    Base,
    /// `<form action>`, checked when the form is submitted.
    FormAction,
    /// `fetch`, `WebSocket`, `EventSource`, `sendBeacon` in an inline script.
    Connect,
    /// `new Worker(url)` in an inline script.
    Worker,
    /// `<link rel="manifest">`.
    Manifest,
}

impl ResourceKind {
    /// The directive the check is for (the start of its fallback chain).
    pub fn effective_directive(self) -> &'static str {
        match self {
            ResourceKind::ExternalScript
            | ResourceKind::InlineScript
            | ResourceKind::JavascriptUrl
            | ResourceKind::DynamicScript => "script-src-elem",
            ResourceKind::EventHandler => "script-src-attr",
            ResourceKind::Eval | ResourceKind::WasmCompile => "script-src",
            ResourceKind::Stylesheet | ResourceKind::InlineStyle => "style-src-elem",
            ResourceKind::StyleAttribute => "style-src-attr",
            ResourceKind::Font => "font-src",
            ResourceKind::Image => "img-src",
            ResourceKind::Frame => "frame-src",
            ResourceKind::Object => "object-src",
            ResourceKind::Media => "media-src",
            ResourceKind::Base => "base-uri",
            ResourceKind::FormAction => "form-action",
            ResourceKind::Connect => "connect-src",
            ResourceKind::Worker => "worker-src",
            ResourceKind::Manifest => "manifest-src",
        }
    }

    /// Whether the resource is code or style written in the page (no URL fetched).
    pub fn is_inline(self) -> bool {
        matches!(
            self,
            ResourceKind::InlineScript
                | ResourceKind::EventHandler
                | ResourceKind::JavascriptUrl
                | ResourceKind::InlineStyle
                | ResourceKind::StyleAttribute
        )
    }
}

/// One thing on the page that a policy allows or blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resource {
    pub kind: ResourceKind,
    /// A short description: `<script src="https://cdn.example/app.js">`.
    pub label: String,
    /// The URL as written (for fetched resources and `javascript:` links).
    pub url: Option<String>,
    /// The inline source text, exactly as hashed (scripts, styles, handlers).
    pub text: Option<String>,
    /// The element's `nonce` attribute.
    pub nonce: Option<String>,
    /// A `<script src>`'s `integrity` attribute (SRI metadata), which hash-sources can match.
    pub integrity: Option<String>,
    /// CSP3 §6.7.3.1 "is element nonceable": false when the element has a duplicate attribute
    /// or an attribute name/value containing `<script` or `<style` (a sign of injection).
    pub nonceable: bool,
    /// The 1-based line the element starts on.
    pub line: usize,
    /// The index of the script that must run for this to happen (eval in an inline script…).
    pub parent: Option<usize>,
}

/// A parsed page: resources in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Page {
    pub resources: Vec<Resource>,
}

/// One start tag.
struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
    duplicate_attribute: bool,
    line: usize,
}

impl Tag {
    fn get(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Decodes character references in an attribute value (the ones pages really use).
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let decoded = if let Some(number) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            u32::from_str_radix(number, 16).ok().and_then(char::from_u32)
        } else if let Some(number) = name.strip_prefix('#') {
            number.parse::<u32>().ok().and_then(char::from_u32)
        } else {
            match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => None,
            }
        };
        match decoded {
            Some(c) if !name.is_empty() => {
                out.push(c);
                rest = &rest[end..];
                if rest.starts_with(';') {
                    rest = &rest[1..];
                }
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Scanner state over the page text.
struct Scanner<'a> {
    text: &'a str,
    at: usize,
    line: usize,
}

impl<'a> Scanner<'a> {
    fn advance_to(&mut self, to: usize) {
        let to = to.min(self.text.len());
        self.line += self.text[self.at..to].matches('\n').count();
        self.at = to;
    }

    /// Finds `needle` (ASCII, lowercase) case-insensitively from the cursor.
    fn find_ci(&self, needle: &str) -> Option<usize> {
        let hay = self.text.as_bytes();
        let needle = needle.as_bytes();
        (self.at..hay.len().saturating_sub(needle.len() - 1))
            .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
    }

    /// Reads a start tag at the cursor (just after `<`); `None` when it is not one.
    fn start_tag(&mut self) -> Option<Tag> {
        let bytes = self.text.as_bytes();
        let line = self.line;
        let mut i = self.at;
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'/' && bytes[i] != b'>' {
            i += 1;
        }
        let name = self.text[name_start..i].to_ascii_lowercase();
        let mut attributes: Vec<(String, String)> = Vec::new();
        let mut duplicate_attribute = false;
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() {
                break;
            }
            if bytes[i] == b'>' {
                i += 1;
                break;
            }
            let attr_start = i;
            // An attribute name may start with `=`; it ends at whitespace, `/`, `>` or `=`.
            i += 1;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let attr_name = self.text[attr_start..i].to_ascii_lowercase();
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let quote = bytes[i];
                    let start = i + 1;
                    let end = self.text[start..].find(quote as char).map_or(self.text.len(), |e| start + e);
                    value = decode_entities(&self.text[start..end]);
                    i = (end + 1).min(bytes.len());
                } else {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = decode_entities(&self.text[start..i]);
                }
            }
            if attributes.iter().any(|(n, _)| *n == attr_name) {
                duplicate_attribute = true;
            } else {
                attributes.push((attr_name, value));
            }
        }
        self.advance_to(i);
        Some(Tag { name, attributes, duplicate_attribute, line })
    }

    /// The raw text up to `</name`, leaving the cursor after the end tag.
    fn raw_text(&mut self, name: &str) -> String {
        let close = format!("</{name}");
        let end = self.find_ci(&close).unwrap_or(self.text.len());
        let content = self.text[self.at..end].to_string();
        self.advance_to(end);
        let after = self.text[self.at..].find('>').map_or(self.text.len(), |e| self.at + e + 1);
        self.advance_to(after);
        content
    }
}

/// The string literal right after `call` (`fetch('…')`), if the call is written with one.
fn string_arguments<'t>(script: &'t str, call: &str) -> Vec<&'t str> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = script[from..].find(call) {
        let start = from + at + call.len();
        from = start;
        let rest = script[start..].trim_start();
        let Some(quote) = rest.chars().next().filter(|c| matches!(c, '\'' | '"' | '`')) else { continue };
        if let Some(end) = rest[1..].find(quote) {
            found.push(&rest[1..1 + end]);
        }
    }
    found
}

fn is_script_type(value: Option<&str>) -> bool {
    match value.map(|v| v.trim().to_ascii_lowercase()) {
        None => true,
        Some(t) => {
            t.is_empty()
                || t == "module"
                || t.contains("javascript")
                || t.contains("ecmascript")
                || t == "text/jscript"
                || t == "text/livescript"
        }
    }
}

fn short(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 40 {
        format!("{}…", one_line.chars().take(40).collect::<String>())
    } else {
        one_line
    }
}

fn nonceable(tag: &Tag) -> bool {
    !tag.duplicate_attribute
        && !tag.attributes.iter().any(|(name, value)| {
            let (name, value) = (name.to_ascii_lowercase(), value.to_ascii_lowercase());
            name.contains("<script") || name.contains("<style") || value.contains("<script") || value.contains("<style")
        })
}

impl Page {
    /// Reads a page. Never fails: whatever is not understood is skipped.
    pub fn parse(html: &str) -> Page {
        // The HTML input stream turns CR LF and lone CR into LF before tokenizing, so hashes
        // are computed over LF text.
        let normalized = html.replace("\r\n", "\n").replace('\r', "\n");
        let mut page = Page::default();
        let mut scanner = Scanner { text: &normalized, at: 0, line: 1 };
        while let Some(lt) = scanner.text[scanner.at..].find('<') {
            let lt = scanner.at + lt;
            scanner.advance_to(lt + 1);
            let rest = &scanner.text[scanner.at..];
            if let Some(comment) = rest.strip_prefix("!--") {
                let end = comment.find("-->").map_or(scanner.text.len(), |e| scanner.at + 3 + e + 3);
                scanner.advance_to(end);
                continue;
            }
            if rest.starts_with('/') || rest.starts_with('!') || rest.starts_with('?') {
                let end = rest.find('>').map_or(scanner.text.len(), |e| scanner.at + e + 1);
                scanner.advance_to(end);
                continue;
            }
            if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let Some(tag) = scanner.start_tag() else { continue };
            page.read_tag(&tag);
            match tag.name.as_str() {
                "script" => {
                    let text = scanner.raw_text("script");
                    page.read_script(&tag, text);
                }
                "style" => {
                    let text = scanner.raw_text("style");
                    page.read_style(&tag, text);
                }
                "textarea" | "title" | "xmp" | "noembed" | "noframes" | "iframe" | "noscript" => {
                    // iframe/noscript content is raw text too when scripting is on.
                    let name = tag.name.clone();
                    let _ = scanner.raw_text(&name);
                }
                _ => {}
            }
        }
        page
    }

    fn push(&mut self, kind: ResourceKind, label: String, tag: &Tag) -> usize {
        self.resources.push(Resource {
            kind,
            label,
            url: None,
            text: None,
            nonce: None,
            integrity: None,
            nonceable: false,
            line: tag.line,
            parent: None,
        });
        self.resources.len() - 1
    }

    fn push_url(&mut self, kind: ResourceKind, tag: &Tag, attribute: &str) {
        if let Some(url) = tag.get(attribute) {
            if url.trim().is_empty() {
                return;
            }
            let label = format!("<{} {attribute}=\"{}\">", tag.name, short(url));
            let index = self.push(kind, label, tag);
            self.resources[index].url = Some(url.to_string());
            self.resources[index].nonce = tag.get("nonce").map(str::to_string);
            self.resources[index].nonceable = tag.get("nonce").is_some() && nonceable(tag);
        }
    }

    /// Everything a start tag itself brings (not its content).
    fn read_tag(&mut self, tag: &Tag) {
        for (name, value) in &tag.attributes {
            if name.len() > 2 && name.starts_with("on") && name[2..].chars().all(|c| c.is_ascii_alphabetic()) {
                let index =
                    self.push(ResourceKind::EventHandler, format!("{name} on <{}>: {}", tag.name, short(value)), tag);
                self.resources[index].text = Some(value.clone());
            }
        }
        if let Some(style) = tag.get("style") {
            let index =
                self.push(ResourceKind::StyleAttribute, format!("style on <{}>: {}", tag.name, short(style)), tag);
            self.resources[index].text = Some(style.to_string());
        }
        let rel = tag.get("rel").unwrap_or("").to_ascii_lowercase();
        let rels: Vec<&str> = rel.split_ascii_whitespace().collect();
        match tag.name.as_str() {
            "img" => self.push_url(ResourceKind::Image, tag, "src"),
            "input" if tag.get("type").is_some_and(|t| t.eq_ignore_ascii_case("image")) => {
                self.push_url(ResourceKind::Image, tag, "src")
            }
            "video" => {
                self.push_url(ResourceKind::Image, tag, "poster");
                self.push_url(ResourceKind::Media, tag, "src");
            }
            "audio" | "source" | "track" => self.push_url(ResourceKind::Media, tag, "src"),
            "iframe" | "frame" if tag.get("srcdoc").is_none() => self.push_url(ResourceKind::Frame, tag, "src"),
            "object" => self.push_url(ResourceKind::Object, tag, "data"),
            "embed" => self.push_url(ResourceKind::Object, tag, "src"),
            "base" => self.push_url(ResourceKind::Base, tag, "href"),
            "form" => self.push_url(ResourceKind::FormAction, tag, "action"),
            "link" if rels.contains(&"stylesheet") => self.push_url(ResourceKind::Stylesheet, tag, "href"),
            "link" if rels.contains(&"icon") => self.push_url(ResourceKind::Image, tag, "href"),
            "link" if rels.contains(&"manifest") => self.push_url(ResourceKind::Manifest, tag, "href"),
            "a" | "area" => {
                if let Some(href) = tag.get("href") {
                    let cleaned: String = href
                        .trim_start_matches(|c: char| c <= ' ')
                        .chars()
                        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                        .collect();
                    if cleaned.as_bytes().get(..11).is_some_and(|scheme| scheme.eq_ignore_ascii_case(b"javascript:")) {
                        let index = self.push(
                            ResourceKind::JavascriptUrl,
                            format!("<{} href=\"{}\">", tag.name, short(href)),
                            tag,
                        );
                        self.resources[index].url = Some(cleaned.clone());
                        // What is hashed for a javascript: navigation is the whole URL (CSP3 §4.2.4).
                        self.resources[index].text = Some(cleaned);
                    }
                }
            }
            _ => {}
        }
    }

    fn read_script(&mut self, tag: &Tag, text: String) {
        if !is_script_type(tag.get("type")) {
            return;
        }
        if tag.get("src").is_some() {
            self.push_url(ResourceKind::ExternalScript, tag, "src");
            if let Some(last) = self.resources.last_mut().filter(|r| r.kind == ResourceKind::ExternalScript) {
                last.integrity = tag.get("integrity").map(str::to_string);
            }
            return;
        }
        let label = format!("inline <script>: {}", short(&text));
        let index = self.push(ResourceKind::InlineScript, label, tag);
        self.resources[index].nonce = tag.get("nonce").map(str::to_string);
        self.resources[index].nonceable = tag.get("nonce").is_some() && nonceable(tag);
        self.read_script_behaviour(index, &text, tag);
        self.resources[index].text = Some(text);
    }

    /// What an inline script does that CSP governs, found by its calls.
    fn read_script_behaviour(&mut self, parent: usize, text: &str, tag: &Tag) {
        let child = |page: &mut Page, kind: ResourceKind, label: String, url: Option<&str>| {
            let index = page.push(kind, label, tag);
            page.resources[index].parent = Some(parent);
            page.resources[index].url = url.map(str::to_string);
        };
        let compact: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if compact.contains("eval(") || compact.contains("new Function(") || compact.contains("new Function (") {
            child(self, ResourceKind::Eval, "eval / new Function in an inline script".into(), None);
        } else if ["setTimeout(", "setInterval("].iter().any(|call| !string_arguments(text, call).is_empty()) {
            child(self, ResourceKind::Eval, "a string given to setTimeout/setInterval".into(), None);
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
            child(self, ResourceKind::WasmCompile, "WebAssembly compilation in an inline script".into(), None);
        }
        for call in ["fetch(", "new WebSocket(", "new EventSource(", "navigator.sendBeacon("] {
            for url in string_arguments(text, call) {
                child(self, ResourceKind::Connect, format!("{call}\"{}\")", short(url)), Some(url));
            }
        }
        for url in string_arguments(text, "new Worker(") {
            child(self, ResourceKind::Worker, format!("new Worker(\"{}\")", short(url)), Some(url));
        }
        if text.contains("createElement('script')") || text.contains("createElement(\"script\")") {
            for url in string_arguments(text, ".src =").into_iter().chain(string_arguments(text, ".src=")) {
                child(
                    self,
                    ResourceKind::DynamicScript,
                    format!("a <script src=\"{}\"> the script inserts", short(url)),
                    Some(url),
                );
            }
        }
    }

    fn read_style(&mut self, tag: &Tag, text: String) {
        let index = self.push(ResourceKind::InlineStyle, format!("inline <style>: {}", short(&text)), tag);
        self.resources[index].nonce = tag.get("nonce").map(str::to_string);
        self.resources[index].nonceable = tag.get("nonce").is_some() && nonceable(tag);
        // Fonts of @font-face rules (fetched only when text uses them).
        let mut rest = text.as_str();
        while let Some(at) = rest.find("@font-face") {
            rest = &rest[at + 10..];
            let block_end = rest.find('}').unwrap_or(rest.len());
            let block = &rest[..block_end];
            if let Some(url_at) = block.find("url(") {
                let inner = &block[url_at + 4..];
                let end = inner.find(')').unwrap_or(inner.len());
                let url = inner[..end].trim().trim_matches(['"', '\'']);
                if !url.is_empty() {
                    let font = self.push(ResourceKind::Font, format!("@font-face url(\"{}\")", short(url)), tag);
                    self.resources[font].url = Some(url.to_string());
                    self.resources[font].parent = Some(index);
                }
            }
            rest = &rest[block_end..];
        }
        self.resources[index].text = Some(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(html: &str) -> Vec<ResourceKind> {
        Page::parse(html).resources.iter().map(|r| r.kind).collect()
    }

    #[test]
    fn every_kind_of_resource_is_found() {
        use ResourceKind::*;
        let cases: &[(&str, &[ResourceKind])] = &[
            ("<script src=/app.js></script>", &[ExternalScript]),
            ("<script>alert(1)</script>", &[InlineScript]),
            ("<script type=text/template>x</script>", &[]),
            ("<button onclick=\"go()\">go</button>", &[EventHandler]),
            ("<a href=\" JaVaScript:alert(1)\">x</a>", &[JavascriptUrl]),
            ("<a href=\"/home\">x</a>", &[]),
            ("<script>eval('1')</script>", &[InlineScript, Eval]),
            ("<script>setTimeout('go()', 1)</script>", &[InlineScript, Eval]),
            ("<script>setTimeout(go, 1)</script>", &[InlineScript]),
            ("<script>WebAssembly.compile(bytes)</script>", &[InlineScript, WasmCompile]),
            ("<script>fetch('/api')</script>", &[InlineScript, Connect]),
            ("<script>new Worker('w.js')</script>", &[InlineScript, Worker]),
            (
                "<script>const s = document.createElement('script'); s.src = '/x.js';</script>",
                &[InlineScript, DynamicScript],
            ),
            (
                "<link rel=stylesheet href=a.css><style>p{}</style><p style=\"color:red\">",
                &[Stylesheet, InlineStyle, StyleAttribute],
            ),
            ("<style>@font-face { font-family: F; src: url('/f.woff2') }</style>", &[InlineStyle, Font]),
            (
                "<img src=a.png><iframe src=f.html></iframe><object data=o.swf></object><embed src=e>",
                &[Image, Frame, Object, Object],
            ),
            ("<video src=v.mp4 poster=p.png></video><audio src=a.mp3></audio>", &[Image, Media, Media]),
            ("<base href=https://evil.example/><form action=/login></form>", &[Base, FormAction]),
            ("<!-- <script>alert(1)</script> --><textarea><script>x</script></textarea>", &[]),
            ("<link rel=\"shortcut icon\" href=/i.png><link rel=manifest href=/m.json>", &[Image, Manifest]),
        ];
        for (html, expected) in cases {
            assert_eq!(kinds(html), *expected, "{html}");
        }
    }

    #[test]
    fn inline_text_is_exact_and_crlf_normalised() {
        let page = Page::parse("<script nonce=\"r&amp;1\">\r\n  go();\r\n</script>");
        assert_eq!(page.resources[0].text.as_deref(), Some("\n  go();\n"));
        assert_eq!(page.resources[0].nonce.as_deref(), Some("r&1"));
        assert!(page.resources[0].nonceable);
    }

    #[test]
    fn injected_looking_nonces_are_not_nonceable() {
        let dup = Page::parse("<script nonce=abc nonce=def>x</script>");
        assert!(!dup.resources[0].nonceable);
        assert_eq!(dup.resources[0].nonce.as_deref(), Some("abc"));
        let dangling = Page::parse("<script src=//evil.example/x.js a=\"<script \" nonce=abc></script>");
        assert!(!dangling.resources[0].nonceable);
    }

    #[test]
    fn multibyte_text_where_a_scheme_would_end_does_not_panic() {
        assert!(kinds("<a href=\"javascript\u{e9}x\">x</a><a href=\"\u{1F409}\u{1F409}\u{1F409}\">y</a>").is_empty());
    }

    #[test]
    fn lines_are_counted() {
        let page = Page::parse("<p>\n\n<img src=a.png>\n<script>x</script>");
        assert_eq!(page.resources.iter().map(|r| r.line).collect::<Vec<_>>(), [3, 4]);
    }
}
