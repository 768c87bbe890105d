//! The page model: a small HTML page read for every request and execution CSP decides about.
//!
//! A tolerant scanner, not a full HTML parser: it follows the tokenizer's rules that matter
//! here (comments, raw text in `<script>`/`<style>`, RCDATA in `<textarea>`/`<title>`,
//! quoted and unquoted attributes, the first of duplicate attributes wins, CRLF normalised
//! before hashing as the input stream does) and never fails: any input gives some page.
//!
//! What it knows, by the request destination each fetch has (Fetch) and the directive CSP3's
//! "get the effective directive for request" maps it to: scripts (`<script src>`, SVG
//! `<script href>`, `modulepreload`, `preload as=script`), styles (`<link rel=stylesheet>`, `@import`), images (`<img>` with
//! `srcset` and `<picture>`, `<input type=image>`, `<video poster>`, SVG `<image>`/`<feImage>`,
//! icons, CSS image properties with `image-set()`), fonts (`@font-face`), media (`<audio>`,
//! `<video>`, their `<source>`s, a default `<track>`), frames, objects and embeds (and the
//! document an `<object>` shows, which Chromium checks as a frame), `<base>`, forms, prefetches,
//! manifests; and in inline scripts ([`super::inline_script`]) string compilation, WebAssembly,
//! `fetch`/XHR/WebSocket/EventSource/`sendBeacon`, workers, `import()`, inserted scripts, and
//! HTML written with `document.write` or assigned to `innerHTML`. What it cannot predict is
//! listed in [`Page::not_modelled`].

use serde::Serialize;

use super::css::{self, Element};
use super::inline_script::{self, Effect, WorkerKind};
use super::limits::{NotModelled, NotModelledKind, PreviewGap};
use super::responsive::{self, SrcsetChoice};

/// What a resource is, which decides the directive that governs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ResourceKind {
    /// `<script src>` written in the HTML (parser-inserted), and script preloads.
    ExternalScript,
    /// `<script>…</script>`.
    InlineScript,
    /// `onclick="…"` and the other `on…` attributes.
    EventHandler,
    /// `<a href="javascript:…">`, run when clicked.
    JavascriptUrl,
    /// A `<script src>` an inline script creates and inserts, or an `import()` (not
    /// parser-inserted, so `'strict-dynamic'` trusts it).
    DynamicScript,
    /// A `<script>` with text that an inline script creates and inserts.
    DynamicInlineScript,
    /// `eval`, `new Function`, a string given to `setTimeout`/`setInterval`.
    Eval,
    /// `WebAssembly.compile` / `instantiate` / `new WebAssembly.Module`.
    WasmCompile,
    /// `<link rel="stylesheet" href>`, a style preload, an `@import`.
    Stylesheet,
    /// `<style>…</style>`.
    InlineStyle,
    /// `style="…"` on an element.
    StyleAttribute,
    /// A font in an `@font-face` rule of an inline style, or a font preload.
    Font,
    /// `<img>`, `<picture>`, icons, `<input type="image">`, `<video poster>`, SVG images, CSS images.
    Image,
    /// `<iframe src>`, `<frame src>` in a frameset, and the document an `<object>` shows.
    Frame,
    /// `<object data>` / `<embed src>`.
    Object,
    /// `<audio>`, `<video>`, their `<source>`s, a default `<track>`, media preloads.
    Media,
    /// `<base href>`.
    Base,
    /// `<form action>`, `formaction`, checked when the form is submitted.
    FormAction,
    /// `fetch`, XHR, `WebSocket`, `EventSource`, `sendBeacon`, `preload as=fetch`.
    Connect,
    /// `new Worker(url)`, `new SharedWorker(url)`, a service worker.
    Worker,
    /// `<link rel="manifest">`.
    Manifest,
    /// `<link rel="prefetch">`: CSP3 checks it against default-src alone.
    Prefetch,
}

impl ResourceKind {
    /// The directive the check is for (the start of its fallback chain).
    pub fn effective_directive(self) -> &'static str {
        match self {
            ResourceKind::ExternalScript
            | ResourceKind::InlineScript
            | ResourceKind::JavascriptUrl
            | ResourceKind::DynamicScript
            | ResourceKind::DynamicInlineScript => "script-src-elem",
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
            ResourceKind::Prefetch => "default-src",
        }
    }

    /// Whether the resource is code or style written in the page (no URL fetched).
    pub fn is_inline(self) -> bool {
        matches!(
            self,
            ResourceKind::InlineScript
                | ResourceKind::EventHandler
                | ResourceKind::JavascriptUrl
                | ResourceKind::DynamicInlineScript
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
    /// The index of what must be allowed for this to happen: the script that makes the
    /// request, the style whose rule asks for the image, the object whose document is framed.
    pub parent: Option<usize>,
    /// `<img loading="lazy">`: Chromium reports a blocked lazy image twice.
    pub lazy: bool,
    /// Why the sandboxed preview cannot show this resource's verdict, if it cannot.
    pub preview_gap: Option<PreviewGap>,
}

/// A parsed page: resources in document order (a style's images after the page is read,
/// since a rule applies to elements after it too).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Page {
    pub resources: Vec<Resource>,
    /// What the page does that the model does not predict, in plain words.
    pub not_modelled: Vec<NotModelled>,
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

/// Image types a `<picture><source type>` may name that Chromium decodes.
const IMAGE_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/avif",
    "image/svg+xml",
    "image/apng",
    "image/bmp",
    "image/x-icon",
];

/// Elements that are never rendered, so no CSS rule loads an image for them.
const NOT_RENDERED: &[&str] = &["head", "style", "script", "meta", "link", "title", "base", "template", "noscript"];

/// How deep `document.write` / `innerHTML` HTML is read inside HTML it wrote (bounded work).
const MAX_NESTING: usize = 2;

/// Inside `<video>` or `<audio>`.
struct Media {
    /// With `src`, its `<source>` children are never tried.
    has_src: bool,
    /// Only the first default text track is shown, so only it is fetched.
    default_track: bool,
}

/// Inside `<picture>`: whether a `<source>` already decided (or made the choice unknown).
#[derive(PartialEq)]
enum Picture {
    Open,
    Decided,
}

/// What the reader must remember between tags.
#[derive(Default)]
struct Context {
    media: Option<Media>,
    picture: Option<Picture>,
    svg: bool,
    frameset: bool,
    /// Rendered elements, for the selectors of style rules.
    elements: Vec<Element>,
    /// Inline style sheets' rules with images: (index of the `<style>`, rule, line).
    rules: Vec<(usize, css::Rule, usize)>,
    /// An external stylesheet was seen (its own requests are not modelled; said once).
    external_stylesheet: bool,
}

/// Reads a page, remembering context.
struct Reader {
    page: Page,
    context: Context,
    depth: usize,
}

impl Page {
    /// Reads a page. Never fails: whatever is not understood is skipped.
    pub fn parse(html: &str) -> Page {
        Page::parse_nested(html, 0)
    }

    fn parse_nested(html: &str, depth: usize) -> Page {
        // The HTML input stream turns CR LF and lone CR into LF before tokenizing, so hashes
        // are computed over LF text.
        let normalized = html.replace("\r\n", "\n").replace('\r', "\n");
        let mut reader = Reader { page: Page::default(), context: Context::default(), depth };
        // The parser always creates <html> and <body>, written or not.
        for name in ["html", "body"] {
            reader.context.elements.push(Element { name: name.into(), id: None, classes: Vec::new() });
        }
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
            if let Some(end_tag) = rest.strip_prefix('/') {
                let name_end =
                    end_tag.find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/').unwrap_or(end_tag.len());
                reader.end_tag(&end_tag[..name_end].to_ascii_lowercase());
            }
            if rest.starts_with('/') || rest.starts_with('!') || rest.starts_with('?') {
                let end = rest.find('>').map_or(scanner.text.len(), |e| scanner.at + e + 1);
                scanner.advance_to(end);
                continue;
            }
            if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let Some(tag) = scanner.start_tag() else {
                continue;
            };
            reader.read_tag(&tag);
            match tag.name.as_str() {
                "script" => {
                    let text = scanner.raw_text("script");
                    reader.read_script(&tag, text);
                }
                "style" => {
                    let text = scanner.raw_text("style");
                    reader.read_style(&tag, text);
                }
                // Template contents are inert: nothing in them loads or runs.
                "textarea" | "title" | "xmp" | "noembed" | "noframes" | "iframe" | "noscript" | "template" => {
                    // iframe/noscript content is raw text too when scripting is on.
                    let name = tag.name.clone();
                    let _ = scanner.raw_text(&name);
                }
                _ => {}
            }
        }
        reader.finish()
    }
}

fn attribute_is(tag: &Tag, name: &str, value: &str) -> bool {
    tag.get(name).is_some_and(|v| v.trim().eq_ignore_ascii_case(value))
}

/// The path of a URL as written, lowercase, without query or fragment (to read an extension).
fn path_of(url: &str) -> String {
    url.split(['?', '#']).next().unwrap_or("").to_ascii_lowercase()
}

impl Reader {
    fn push(&mut self, kind: ResourceKind, label: String, tag: &Tag) -> usize {
        self.page.resources.push(Resource {
            kind,
            label,
            url: None,
            text: None,
            nonce: None,
            integrity: None,
            nonceable: false,
            line: tag.line,
            parent: None,
            lazy: false,
            preview_gap: None,
        });
        self.page.resources.len() - 1
    }

    /// A fetch of `url`, found in `attribute` of `tag`; nothing for an empty URL.
    fn push_fetch(&mut self, kind: ResourceKind, tag: &Tag, attribute: &str, url: &str) -> Option<usize> {
        if url.trim().is_empty() {
            return None;
        }
        let label = format!("<{} {attribute}=\"{}\">", tag.name, short(url));
        let index = self.push(kind, label, tag);
        let resource = &mut self.page.resources[index];
        resource.url = Some(url.to_string());
        resource.nonce = tag.get("nonce").map(str::to_string);
        resource.nonceable = tag.get("nonce").is_some() && nonceable(tag);
        Some(index)
    }

    fn push_url(&mut self, kind: ResourceKind, tag: &Tag, attribute: &str) -> Option<usize> {
        let url = tag.get(attribute)?.to_string();
        self.push_fetch(kind, tag, attribute, &url)
    }

    /// A request made because `parent` is allowed (a script's call, a style's rule).
    fn push_child(
        &mut self,
        kind: ResourceKind,
        label: String,
        tag: &Tag,
        parent: usize,
        url: Option<String>,
    ) -> usize {
        let index = self.push(kind, label, tag);
        self.page.resources[index].parent = Some(parent);
        self.page.resources[index].url = url;
        index
    }

    fn note(&mut self, kind: NotModelledKind, label: String, line: usize) {
        self.page.not_modelled.push(NotModelled { kind, label, line });
    }

    /// An image chosen from a srcset (with `src` as its 1x), or a note when the viewport decides.
    fn push_srcset(&mut self, tag: &Tag, srcset_attribute: &str, src_attribute: &str) -> Option<usize> {
        let srcset = tag.get(srcset_attribute)?;
        match responsive::choose_from_srcset(srcset, tag.get(src_attribute)) {
            SrcsetChoice::Url(url) => self.push_fetch(ResourceKind::Image, tag, srcset_attribute, &url),
            SrcsetChoice::DependsOnViewport => {
                self.note(
                    NotModelledKind::WidthDescriptors,
                    format!("<{} {srcset_attribute}=\"{}\">", tag.name, short(srcset)),
                    tag.line,
                );
                None
            }
            SrcsetChoice::Nothing => None,
        }
    }

    fn end_tag(&mut self, name: &str) {
        match name {
            "video" | "audio" => self.context.media = None,
            "picture" => self.context.picture = None,
            "svg" => self.context.svg = false,
            _ => {}
        }
    }

    /// Everything a start tag itself brings (not its content).
    fn read_tag(&mut self, tag: &Tag) {
        for (name, value) in &tag.attributes {
            if name.len() > 2 && name.starts_with("on") && name[2..].chars().all(|c| c.is_ascii_alphabetic()) {
                let index =
                    self.push(ResourceKind::EventHandler, format!("{name} on <{}>: {}", tag.name, short(value)), tag);
                self.page.resources[index].text = Some(value.clone());
            }
        }
        let hidden = tag.get("hidden").is_some() || tag.get("style").is_some_and(css::hides);
        if !hidden && !NOT_RENDERED.contains(&tag.name.as_str()) {
            let classes =
                tag.get("class").map(|c| c.split_ascii_whitespace().map(str::to_string).collect()).unwrap_or_default();
            self.context.elements.push(Element {
                name: tag.name.clone(),
                id: tag.get("id").map(str::to_string),
                classes,
            });
        }
        if let Some(style) = tag.get("style") {
            let index =
                self.push(ResourceKind::StyleAttribute, format!("style on <{}>: {}", tag.name, short(style)), tag);
            self.page.resources[index].text = Some(style.to_string());
            // Chromium loads no image for an element that is not rendered.
            if !hidden {
                for url in css::images_in_declarations(style) {
                    self.push_child(
                        ResourceKind::Image,
                        format!("url(\"{}\") in a style attribute", short(&url)),
                        tag,
                        index,
                        Some(url),
                    );
                }
            }
        }
        let rel = tag.get("rel").unwrap_or("").to_ascii_lowercase();
        let rels: Vec<&str> = rel.split_ascii_whitespace().collect();
        match tag.name.as_str() {
            "img" => self.read_img(tag),
            // The HTML parser turns <image> outside SVG into <img>.
            "image" if !self.context.svg => self.read_img(tag),
            "image" | "feimage" => {
                let (attribute, url) = match (tag.get("href"), tag.get("xlink:href")) {
                    (Some(url), _) => ("href", url),
                    (None, Some(url)) => ("xlink:href", url),
                    (None, None) => return,
                };
                let url = url.to_string();
                self.push_fetch(ResourceKind::Image, tag, attribute, &url);
            }
            "svg" => self.context.svg = true,
            "input" if attribute_is(tag, "type", "image") => {
                self.push_url(ResourceKind::Image, tag, "src");
            }
            "video" | "audio" => {
                if tag.name == "video" {
                    self.push_url(ResourceKind::Image, tag, "poster");
                }
                let has_src = self.push_url(ResourceKind::Media, tag, "src").is_some();
                self.context.media = Some(Media { has_src, default_track: false });
            }
            "source" => self.read_source(tag),
            "track" => {
                // A text track is fetched only when it is shown: the first with `default`.
                if let Some(media) = self.context.media.as_mut() {
                    if tag.get("default").is_some() && !media.default_track {
                        media.default_track = true;
                        self.push_url(ResourceKind::Media, tag, "src");
                    }
                }
            }
            "picture" => self.context.picture = Some(Picture::Open),
            "frameset" => self.context.frameset = true,
            "iframe" => {
                if let Some(srcdoc) = tag.get("srcdoc") {
                    self.note(NotModelledKind::Srcdoc, format!("<iframe srcdoc=\"{}\">", short(srcdoc)), tag.line);
                } else {
                    self.push_url(ResourceKind::Frame, tag, "src");
                }
            }
            // <frame> means something only in a frameset document; in a body it is dropped.
            "frame" if self.context.frameset => {
                self.push_url(ResourceKind::Frame, tag, "src");
            }
            "object" => {
                if let Some(index) = self.push_url(ResourceKind::Object, tag, "data") {
                    // Chromium has no plugins: a non-plugin object shows its content in a frame,
                    // checked against frame-src once object-src allows the object.
                    let url = tag.get("data").unwrap_or_default().to_string();
                    let plugin = match tag.get("type") {
                        Some(t) => matches!(
                            t.trim().to_ascii_lowercase().as_str(),
                            "application/x-shockwave-flash" | "application/futuresplash"
                        ),
                        None => path_of(&url).ends_with(".swf"),
                    };
                    if !plugin {
                        self.push_child(
                            ResourceKind::Frame,
                            format!("the document <object data=\"{}\"> shows", short(&url)),
                            tag,
                            index,
                            Some(url),
                        );
                    }
                }
            }
            "embed" => {
                if let Some(index) = self.push_url(ResourceKind::Object, tag, "src") {
                    // An <embed> of a document is framed too; of an image, it is just drawn.
                    let url = tag.get("src").unwrap_or_default().to_string();
                    let document = match tag.get("type") {
                        Some(t) => {
                            matches!(t.trim().to_ascii_lowercase().as_str(), "text/html" | "application/xhtml+xml")
                        }
                        None => [".html", ".htm"].iter().any(|e| path_of(&url).ends_with(e)),
                    };
                    if document {
                        self.push_child(
                            ResourceKind::Frame,
                            format!("the document <embed src=\"{}\"> shows", short(&url)),
                            tag,
                            index,
                            Some(url),
                        );
                    }
                }
            }
            "base" => {
                self.push_url(ResourceKind::Base, tag, "href");
            }
            "form" | "button" | "input" => {
                let attribute = if tag.name == "form" { "action" } else { "formaction" };
                if let Some(index) = self.push_url(ResourceKind::FormAction, tag, attribute) {
                    self.page.resources[index].preview_gap = Some(PreviewGap::FormSubmission);
                }
            }
            "link" => self.read_link(tag, &rels),
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
                        let resource = &mut self.page.resources[index];
                        resource.url = Some(cleaned.clone());
                        // What is hashed for a javascript: navigation is the whole URL (CSP3 §4.2.4).
                        resource.text = Some(cleaned);
                        resource.preview_gap = Some(PreviewGap::JavascriptUrl);
                    }
                }
            }
            _ => {}
        }
    }

    fn read_img(&mut self, tag: &Tag) {
        // Inside <picture>, a <source> that decided (or whose choice is unknown) wins.
        if self.context.picture == Some(Picture::Decided) {
            return;
        }
        let index = if tag.get("srcset").is_some() {
            self.push_srcset(tag, "srcset", "src")
        } else {
            self.push_url(ResourceKind::Image, tag, "src")
        };
        if let Some(index) = index {
            self.page.resources[index].lazy = attribute_is(tag, "loading", "lazy");
        }
    }

    fn read_source(&mut self, tag: &Tag) {
        if let Some(media) = &self.context.media {
            // Each <source> is tried in turn until one plays; a blocked one fails, so the next
            // is tried (the engine checks them all).
            if !media.has_src {
                self.push_url(ResourceKind::Media, tag, "src");
            }
            return;
        }
        if self.context.picture != Some(Picture::Open) {
            return;
        }
        if let Some(media) = tag.get("media").filter(|m| !m.trim().is_empty()) {
            self.note(NotModelledKind::MediaQuery, format!("<source media=\"{}\">", short(media)), tag.line);
            self.context.picture = Some(Picture::Decided);
            return;
        }
        if tag.get("type").is_some_and(|t| !IMAGE_TYPES.contains(&t.trim().to_ascii_lowercase().as_str())) {
            return;
        }
        let Some(srcset) = tag.get("srcset") else {
            return;
        };
        match responsive::choose_from_srcset(srcset, None) {
            SrcsetChoice::Url(url) => {
                self.push_fetch(ResourceKind::Image, tag, "srcset", &url);
                self.context.picture = Some(Picture::Decided);
            }
            SrcsetChoice::DependsOnViewport => {
                self.note(
                    NotModelledKind::WidthDescriptors,
                    format!("<source srcset=\"{}\">", short(srcset)),
                    tag.line,
                );
                self.context.picture = Some(Picture::Decided);
            }
            SrcsetChoice::Nothing => {}
        }
    }

    /// `<link>`: stylesheets, preloads by their `as` (the request destination), prefetches,
    /// icons and manifests. `preconnect`, `dns-prefetch` and `prerender` make no CSP check.
    fn read_link(&mut self, tag: &Tag, rels: &[&str]) {
        if rels.contains(&"stylesheet") {
            self.push_url(ResourceKind::Stylesheet, tag, "href");
            if !self.context.external_stylesheet && tag.get("href").is_some() {
                self.context.external_stylesheet = true;
                self.note(
                    NotModelledKind::ExternalStylesheetContent,
                    format!("<link rel=stylesheet href=\"{}\">", short(tag.get("href").unwrap_or_default())),
                    tag.line,
                );
            }
        } else if rels.contains(&"modulepreload") {
            self.push_url(ResourceKind::ExternalScript, tag, "href");
        } else if rels.contains(&"preload") {
            let destination = tag.get("as").unwrap_or("").trim().to_ascii_lowercase();
            let kind = match destination.as_str() {
                "script" => ResourceKind::ExternalScript,
                "style" => ResourceKind::Stylesheet,
                "font" => ResourceKind::Font,
                "fetch" => ResourceKind::Connect,
                "track" | "audio" | "video" => ResourceKind::Media,
                "image" => {
                    if tag.get("imagesrcset").is_some() {
                        self.push_srcset(tag, "imagesrcset", "href");
                    } else {
                        self.push_url(ResourceKind::Image, tag, "href");
                    }
                    return;
                }
                // A preload without a known `as` is not fetched.
                _ => return,
            };
            self.push_url(kind, tag, "href");
        } else if rels.contains(&"prefetch") {
            self.push_url(ResourceKind::Prefetch, tag, "href");
        }
        if rels.iter().any(|r| *r == "icon" || r.starts_with("apple-touch-icon")) {
            self.push_url(ResourceKind::Image, tag, "href");
        }
        if rels.contains(&"manifest") {
            if let Some(index) = self.push_url(ResourceKind::Manifest, tag, "href") {
                self.page.resources[index].preview_gap = Some(PreviewGap::ManifestOnDemand);
            }
        }
    }

    fn read_script(&mut self, tag: &Tag, text: String) {
        if !is_script_type(tag.get("type")) {
            return;
        }
        // An SVG <script> names its file with href (or the older xlink:href).
        let source = if self.context.svg {
            [("href", tag.get("href")), ("xlink:href", tag.get("xlink:href")), ("src", tag.get("src"))]
                .into_iter()
                .find_map(|(a, v)| v.map(|v| (a, v.to_string())))
        } else {
            tag.get("src").map(|v| ("src", v.to_string()))
        };
        if let Some((attribute, url)) = source {
            if let Some(index) = self.push_fetch(ResourceKind::ExternalScript, tag, attribute, &url) {
                self.page.resources[index].integrity = tag.get("integrity").map(str::to_string);
            }
            return;
        }
        let label = format!("inline <script>: {}", short(&text));
        let index = self.push(ResourceKind::InlineScript, label, tag);
        self.page.resources[index].nonce = tag.get("nonce").map(str::to_string);
        self.page.resources[index].nonceable = tag.get("nonce").is_some() && nonceable(tag);
        self.read_script_effects(index, &text, tag);
        self.page.resources[index].text = Some(text);
    }

    /// What an inline script does that CSP governs, as resources that need it to run.
    fn read_script_effects(&mut self, parent: usize, text: &str, tag: &Tag) {
        for effect in inline_script::effects(text) {
            match effect {
                Effect::Eval { label } => {
                    self.push_child(ResourceKind::Eval, label.into(), tag, parent, None);
                }
                Effect::WasmCompile => {
                    self.push_child(
                        ResourceKind::WasmCompile,
                        "WebAssembly compilation in an inline script".into(),
                        tag,
                        parent,
                        None,
                    );
                }
                Effect::Connect { call, url } => {
                    self.push_child(
                        ResourceKind::Connect,
                        format!("{call}\"{}\")", short(&url)),
                        tag,
                        parent,
                        Some(url),
                    );
                }
                Effect::Worker { kind, call, url } => {
                    let from_url =
                        !["data:", "blob:"].iter().any(|s| url.get(..5).is_some_and(|p| p.eq_ignore_ascii_case(s)));
                    let index = self.push_child(
                        ResourceKind::Worker,
                        format!("{call}\"{}\")", short(&url)),
                        tag,
                        parent,
                        Some(url),
                    );
                    if kind != WorkerKind::Dedicated || from_url {
                        self.page.resources[index].preview_gap = Some(PreviewGap::OpaqueOriginWorker);
                    }
                }
                Effect::Import { url } => {
                    self.push_child(
                        ResourceKind::DynamicScript,
                        format!("import(\"{}\")", short(&url)),
                        tag,
                        parent,
                        Some(url),
                    );
                }
                Effect::InsertedScript { url } => {
                    self.push_child(
                        ResourceKind::DynamicScript,
                        format!("a <script src=\"{}\"> the script inserts", short(&url)),
                        tag,
                        parent,
                        Some(url),
                    );
                }
                Effect::InsertedInlineScript { text } => {
                    let index = self.push_child(
                        ResourceKind::DynamicInlineScript,
                        format!("a <script> the script inserts: {}", short(&text)),
                        tag,
                        parent,
                        None,
                    );
                    self.page.resources[index].text = Some(text);
                }
                Effect::WrittenHtml { html } => self.insert_html(&html, parent, tag.line, false),
                Effect::FragmentHtml { html } => self.insert_html(&html, parent, tag.line, true),
                Effect::ComputedUrl { call } => self.note(NotModelledKind::ComputedUrl, format!("{call}…)"), tag.line),
            }
        }
    }

    /// HTML a script writes (`fragment` false: parsed as page content, its scripts
    /// parser-inserted) or assigns (`fragment` true: its scripts never run).
    fn insert_html(&mut self, html: &str, parent: usize, line: usize, fragment: bool) {
        if self.depth >= MAX_NESTING {
            return;
        }
        let nested = Page::parse_nested(html, self.depth + 1);
        let how = if fragment { "in HTML the script inserts" } else { "written by the script" };
        let mut new_index: Vec<Option<usize>> = Vec::with_capacity(nested.resources.len());
        for mut resource in nested.resources {
            let script = matches!(resource.kind, ResourceKind::InlineScript | ResourceKind::ExternalScript);
            let new_parent = match resource.parent {
                None => Some(parent),
                Some(p) => new_index.get(p).copied().flatten(),
            };
            if (fragment && script) || new_parent.is_none() {
                new_index.push(None);
                continue;
            }
            resource.parent = new_parent;
            resource.line = line;
            resource.label = format!("{} ({how})", resource.label);
            self.page.resources.push(resource);
            new_index.push(Some(self.page.resources.len() - 1));
        }
        self.page.not_modelled.extend(nested.not_modelled.into_iter().map(|note| NotModelled { line, ..note }));
    }

    fn read_style(&mut self, tag: &Tag, text: String) {
        let index = self.push(ResourceKind::InlineStyle, format!("inline <style>: {}", short(&text)), tag);
        self.page.resources[index].nonce = tag.get("nonce").map(str::to_string);
        self.page.resources[index].nonceable = tag.get("nonce").is_some() && nonceable(tag);
        let sheet = css::read_sheet(&text);
        for url in sheet.imports {
            self.push_child(
                ResourceKind::Stylesheet,
                format!("@import url(\"{}\")", short(&url)),
                tag,
                index,
                Some(url),
            );
        }
        // Chromium checks every @font-face source when it reads the rule, used or not.
        for url in sheet.fonts {
            self.push_child(ResourceKind::Font, format!("@font-face url(\"{}\")", short(&url)), tag, index, Some(url));
        }
        self.context.rules.extend(sheet.rules.into_iter().map(|rule| (index, rule, tag.line)));
        self.page.resources[index].text = Some(text);
    }

    /// Matches the style rules against every rendered element, now that all are known.
    fn finish(mut self) -> Page {
        let rules = std::mem::take(&mut self.context.rules);
        for (style, rule, line) in rules {
            match css::selector_list_matches(&rule.selectors, &self.context.elements) {
                Some(true) => {
                    for url in rule.images {
                        let label = format!("url(\"{}\") in the rule for {}", short(&url), short(&rule.selectors));
                        self.page.resources.push(Resource {
                            kind: ResourceKind::Image,
                            label,
                            url: Some(url),
                            text: None,
                            nonce: None,
                            integrity: None,
                            nonceable: false,
                            line,
                            parent: Some(style),
                            lazy: false,
                            preview_gap: None,
                        });
                    }
                }
                Some(false) => {}
                None => self.note(
                    NotModelledKind::ComplexSelector,
                    format!(
                        "{} {{ … url(\"{}\") … }}",
                        short(&rule.selectors),
                        rule.images.first().map(|u| short(u)).unwrap_or_default()
                    ),
                    line,
                ),
            }
        }
        self.page
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
    fn every_fetch_of_the_html_and_css_specs_is_found() {
        use ResourceKind::*;
        let cases: &[(&str, &[ResourceKind])] = &[
            ("<img srcset=\"a.png 1x, b.png 2x\"><picture><source srcset=s.webp type=image/webp><img src=i.png></picture>", &[Image, Image]),
            ("<picture><source srcset=u.png type=image/x-unknown><img src=i.png></picture>", &[Image]),
            ("<video><source src=a.webm><source src=a.mp4><track src=t.vtt><track default src=d.vtt></video><source src=lost.mp4>", &[Media, Media, Media]),
            ("<video src=v.mp4><source src=ignored.mp4></video>", &[Media]),
            ("<frame src=f.html><frameset><frame src=g.html></frameset>", &[Frame]),
            ("<object data=o.html></object><object data=p.swf></object><embed src=e.html><embed src=e.png>", &[Object, Frame, Object, Object, Frame, Object]),
            ("<link rel=preload as=script href=a.js><link rel=preload as=style href=a.css><link rel=preload as=font href=f.woff2><link rel=preload as=fetch href=/api><link rel=preload as=track href=t.vtt><link rel=preload href=none>", &[ExternalScript, Stylesheet, Font, Connect, Media]),
            ("<link rel=modulepreload href=m.js><link rel=prefetch href=p><link rel=apple-touch-icon href=a.png><link rel=preconnect href=https://x.example>", &[ExternalScript, Prefetch, Image]),
            ("<svg><image href=a.png /><feImage xlink:href=b.png /><script href=s.js></script></svg><image src=c.png>", &[Image, Image, ExternalScript, Image]),
            ("<form action=/a><button formaction=/b>b</button></form><input type=image src=i.png>", &[FormAction, FormAction, Image]),
            ("<template><img src=t.png><script>x</script></template>", &[]),
            ("<p style=\"background: url(a.png), image-set('b.png' 1x, 'c.png' 2x)\">x</p><p style=\"display:none; background: url(h.png)\">y</p>", &[StyleAttribute, Image, Image, StyleAttribute]),
            ("<style>@import url(i.css); @font-face { src: url(f.woff2), url(f.woff) } body { background: url(b.png) } .absent { background: url(x.png) }</style>", &[InlineStyle, Stylesheet, Font, Font, Image]),
            ("<script>const x = new XMLHttpRequest(); x.open('GET', '/x'); new EventSource('/es'); navigator.sendBeacon('/b'); import('/m.js')</script>", &[InlineScript, Connect, Connect, Connect, DynamicScript]),
            ("<script>const d = document.createElement('script'); d.textContent = 'go()'; document.head.append(d)</script>", &[InlineScript, DynamicInlineScript]),
            ("<script>document.write('<script src=/w.js><\\/script><img src=w.png>')</script>", &[InlineScript, ExternalScript, Image]),
            ("<script>el.innerHTML = '<img src=i.png onerror=go()><script>x<\\/script>'</script>", &[InlineScript, EventHandler, Image]),
        ];
        for (html, expected) in cases {
            assert_eq!(kinds(html), *expected, "{html}");
        }
    }

    #[test]
    fn what_is_not_modelled_is_said() {
        use NotModelledKind::*;
        let notes = |html: &str| Page::parse(html).not_modelled.iter().map(|n| n.kind).collect::<Vec<_>>();
        assert_eq!(notes("<img srcset=\"a.png 100w, b.png 800w\">"), [WidthDescriptors]);
        assert_eq!(
            notes("<picture><source media=\"(min-width: 1px)\" srcset=m.png><img src=i.png></picture>"),
            [MediaQuery]
        );
        assert!(kinds("<picture><source media=\"(min-width: 1px)\" srcset=m.png><img src=i.png></picture>").is_empty());
        assert_eq!(notes("<style>p:hover { background: url(h.png) }</style><p>x</p>"), [ComplexSelector]);
        assert_eq!(notes("<script>fetch(url); new Worker(name)</script>"), [ComputedUrl, ComputedUrl]);
        assert_eq!(notes("<iframe srcdoc=\"<script>x</script>\"></iframe>"), [Srcdoc]);
        assert_eq!(
            notes("<link rel=stylesheet href=a.css><link rel=stylesheet href=b.css>"),
            [ExternalStylesheetContent]
        );
        for kind in [
            WidthDescriptors,
            MediaQuery,
            ComplexSelector,
            ComputedUrl,
            Srcdoc,
            ExternalStylesheetContent,
            WorkerContent,
        ] {
            assert!(!kind.message().is_empty());
        }
    }

    #[test]
    fn what_the_preview_cannot_show_is_marked() {
        let gaps = |html: &str| Page::parse(html).resources.iter().map(|r| r.preview_gap).collect::<Vec<_>>();
        assert_eq!(gaps("<script>new Worker('/w.js'); new Worker('data:text/javascript,1'); new SharedWorker('data:,1')</script>"), [None, Some(PreviewGap::OpaqueOriginWorker), None, Some(PreviewGap::OpaqueOriginWorker)]);
        assert_eq!(
            gaps("<link rel=manifest href=m.json><form action=/f></form><a href=javascript:go()>x</a>"),
            [Some(PreviewGap::ManifestOnDemand), Some(PreviewGap::FormSubmission), Some(PreviewGap::JavascriptUrl)]
        );
        assert!(Page::parse("<img loading=lazy src=a.png>").resources[0].lazy);
    }

    #[test]
    fn written_html_is_bounded() {
        let deep = "<script>document.write('<script>document.write(\"<script>document.write(1)<\\\\/script>\")<\\/script>')</script>";
        let page = Page::parse(deep);
        assert!(
            page.resources.len() <= 3,
            "{:#?}",
            page.resources.iter().map(|r| (&r.label, r.parent)).collect::<Vec<_>>()
        );
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
