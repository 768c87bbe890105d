//! Writes the CSP agreement cases with the engine's predictions as JSON, for
//! `tests/e2e/csp-agreement.spec.ts`, which runs each case in headless Chromium and checks the
//! browser did exactly what the engine predicted.
//!
//!   cargo run -p dragonproof-engines --example csp_agreement -- http://127.0.0.1:4192
//!
//! The argument is the origin the preview document is served from: the page URL for `'self'`
//! is `<origin>/static/preview.html`, as in the app.
//!
//! Conventions the spec shares with this file, so "what ran" can be predicted:
//! - inline code that should be seen running calls `alert('<marker>')` first;
//! - code in `eval(...)` / `new Function(...)` calls `alert('eval')`; a WebAssembly compile
//!   that succeeds calls `alert('wasm')`;
//! - every fetched `.js` URL is answered by the spec with `alert('ext:<url>')`; a `data:`
//!   script says its own marker;
//! - only handlers that fire on their own are used (`<svg onload>`).

use dragonproof_engines::csp::hash::digest;
use dragonproof_engines::csp::source::HashAlgorithm;
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
    name: String,
    policies: Vec<String>,
    page: String,
    /// What the spec posts to the preview: the policies as <meta> first, then the page.
    document: String,
    violations: Vec<Violation>,
    ran: Vec<String>,
}

fn marker(text: &str) -> Option<String> {
    let at = text.find("alert(")?;
    let rest = &text[at + 6..];
    let quote = rest.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
    let end = rest[1..].find(quote)?;
    Some(rest[1..1 + end].to_string())
}

fn case(name: &str, policies: &[&str], page: &str) -> Case {
    let inputs: Vec<PolicyInput> =
        policies.iter().map(|t| PolicyInput { text: t.to_string(), disposition: Disposition::Enforce }).collect();
    let origin = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:4173".into());
    let analysis = analyze(&inputs, Delivery::Meta, &format!("{origin}/static/preview.html"), page);
    let mut violations = Vec::new();
    let mut ran = Vec::new();
    for result in &analysis.evaluation.results {
        if matches!(result.verdict, Verdict::NeverRuns { .. } | Verdict::InvalidUrl) {
            continue;
        }
        // Every enforced policy that blocks reports its own violation.
        for decision in &result.decisions {
            if matches!(decision, Decision::Blocked { .. }) {
                violations.push(Violation {
                    directive: result.effective_directive.to_string(),
                    blocked: result.blocked_uri.clone(),
                });
            }
        }
        if result.verdict != Verdict::Allowed {
            continue;
        }
        let seen = match result.resource.kind {
            ResourceKind::InlineScript | ResourceKind::EventHandler => result.resource.text.as_deref().and_then(marker),
            ResourceKind::Eval => Some("eval".to_string()),
            ResourceKind::WasmCompile => Some("wasm".to_string()),
            ResourceKind::ExternalScript | ResourceKind::DynamicScript => match result.resolved.as_deref() {
                Some(url) if url.starts_with("data:") => marker(url),
                Some(url) => Some(format!("ext:{url}")),
                None => None,
            },
            _ => None,
        };
        ran.extend(seen);
    }
    let document = preview_document(policies, page);
    Case {
        name: name.into(),
        policies: policies.iter().map(|p| p.to_string()).collect(),
        page: page.into(),
        document,
        violations,
        ran,
    }
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
    let cases = vec![
        // Inline scripts.
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
        case("a duplicate directive: the first wins", &["script-src 'none'; script-src 'unsafe-inline'"], &script("s")),
        case("frame-ancestors is ignored in a meta policy", &["frame-ancestors 'none'; script-src 'unsafe-inline'"], &script("s")),
        // Event handlers.
        case("'unsafe-inline' runs an event handler", &["script-src 'unsafe-inline'"], "<svg onload=\"alert('h')\"></svg>"),
        case("script-src 'self' blocks an event handler", &["script-src 'self'"], "<svg onload=\"alert('h')\"></svg>"),
        case("script-src-attr governs handlers, script-src the rest", &["script-src 'unsafe-inline'; script-src-attr 'none'"], "<svg onload=\"alert('h')\"></svg><script>alert('s')</script>"),
        case("a handler's hash needs 'unsafe-hashes'", &[&format!("script-src {}", sha(Sha256, h))], "<svg onload=\"alert('h')\"></svg>"),
        case("'unsafe-hashes' with the handler's hash runs it", &[&format!("script-src 'unsafe-hashes' {}", sha(Sha256, h))], "<svg onload=\"alert('h')\"></svg>"),
        // External scripts and source matching.
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
        case("without base-uri an injected <base> moves relative scripts", &["script-src 'self'"], "<base href=https://evil.example/><script src=castle.js></script>"),
        case("base-uri 'none' stops an injected <base>", &["script-src 'self'; base-uri 'none'"], "<base href=https://evil.example/><script src=/agreement/castle.js></script>"),
        // SRI: an external script whose integrity hash is listed (the spec answers every .js with
        // `alert("ext:<url>")` and CORS, so the hash of that body is known here).
        case("a listed integrity hash allows an external script", &[&format!("script-src {}", sha(Sha256, sri_body))],
            &format!("<script src=https://cdn.example/sri.js integrity=\"sha256-{}\" crossorigin=anonymous></script>", digest(Sha256, sri_body))),
        case("an integrity hash that is not listed does not", &[&format!("script-src {}", sha(Sha256, "other"))],
            &format!("<script src=https://cdn.example/sri.js integrity=\"sha256-{}\" crossorigin=anonymous></script>", digest(Sha256, sri_body))),
        // 'strict-dynamic'.
        case("'strict-dynamic' trusts what a nonced script inserts", &["script-src 'nonce-castle123' 'strict-dynamic'"], &dynamic("https://any.example/dyn.js")),
        case("'strict-dynamic' ignores hosts for scripts in the HTML", &["script-src 'nonce-castle123' 'strict-dynamic' https://cdn.example"], "<script src=https://cdn.example/lib.js></script>"),
        case("'strict-dynamic' without a nonce blocks every script", &["script-src 'strict-dynamic' 'unsafe-inline'"], &script("s")),
        case("without 'strict-dynamic' an inserted script needs a matching source", &["script-src 'nonce-castle123'"], &dynamic("https://any.example/dyn.js")),
        // eval and WebAssembly.
        case("eval is blocked without 'unsafe-eval'", &["script-src 'unsafe-inline'"], eval_page),
        case("'unsafe-eval' allows eval", &["script-src 'unsafe-inline' 'unsafe-eval'"], eval_page),
        case("new Function is string compilation too", &["script-src 'unsafe-inline'"], function_page),
        case("WebAssembly compilation is blocked without 'wasm-unsafe-eval'", &["script-src 'unsafe-inline'"], wasm_page),
        case("'wasm-unsafe-eval' allows WebAssembly but not eval", &["script-src 'unsafe-inline' 'wasm-unsafe-eval'"], wasm_page),
        case("'unsafe-eval' allows WebAssembly too", &["script-src 'unsafe-inline' 'unsafe-eval'"], wasm_page),
        // Styles and fonts.
        case("style-src 'self' blocks a <style>", &["style-src 'self'"], "<style>p { color: red }</style><p>x</p>"),
        case("style-src 'self' blocks a style attribute", &["style-src 'self'"], "<p style=\"color: red\">x</p>"),
        case("style-src-attr and style-src-elem apart", &["style-src 'unsafe-inline'; style-src-attr 'none'"], "<style>p { color: red }</style><p style=\"color: blue\">x</p>"),
        case("a nonced <style> is allowed", &["style-src 'nonce-castle123'"], "<style nonce=castle123>p { color: red }</style><style>p { color: blue }</style><p>x</p>"),
        case("an external stylesheet from another host", &["style-src 'self'"], "<link rel=stylesheet href=https://css.example/a.css><p>x</p>"),
        case("font-src blocks a font the page uses", &["style-src 'unsafe-inline'; font-src 'none'"], "<style>@font-face { font-family: Castle; src: url(https://fonts.example/castle.woff2) } p { font-family: Castle }</style><p>castle</p>"),
        // Other fetches.
        case("img-src allows 'self' only", &["img-src 'self'"], "<img src=/agreement/ok.png><img src=https://img.example/a.png>"),
        case("img-src https: does not allow data:", &["img-src https:"], "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">"),
        case("default-src covers images", &["default-src 'none'"], "<img src=https://img.example/a.png>"),
        case("upgrade-insecure-requests upgrades before the check", &["img-src https:; upgrade-insecure-requests"], "<img src=http://img.example/a.png>"),
        case("frame-src blocks a frame", &["frame-src 'none'"], "<iframe src=https://frames.example/f.html></iframe>"),
        case("child-src covers frames when frame-src is absent", &["child-src 'none'"], "<iframe src=https://frames.example/f.html></iframe>"),
        case("object-src 'none' blocks an object", &["object-src 'none'"], "<object data=https://plugins.example/p.swf></object>"),
        case("connect-src blocks fetch to another host", &["script-src 'unsafe-inline'; connect-src 'self'"], "<script>alert('s'); fetch('https://evil.example/steal').catch(() => {});</script>"),
        // Names and keywords are case-insensitive; 'report-sample' allows nothing.
        case("directive names are case-insensitive", &["SCRIPT-SRC 'none'"], &script("s")),
        case("keywords are case-insensitive", &["script-src 'UNSAFE-INLINE'"], &script("s")),
        case("'report-sample' allows nothing by itself", &["script-src 'self' 'report-sample'"], &script("s")),
        case("a port wildcard matches any port", &["script-src https://cdn.example:*"], "<script src=https://cdn.example:8443/a.js></script>"),
        case("a module script is checked like any script", &["script-src 'self'"], "<script type=module src=/agreement/module.js></script><script type=module>alert('m')</script>"),
        case("a nonce on a script with `<script` in an attribute is not trusted", &["script-src 'nonce-castle123'"], "<script nonce=castle123 data-x=\"<script\">alert('s')</script>"),
        // Style hashes, and 'unsafe-hashes' for a style attribute.
        case("a <style> allowed by its hash", &[&format!("style-src {}", sha(Sha256, "p { color: red }"))], "<style>p { color: red }</style><style>p { color: blue }</style><p>x</p>"),
        case("a style attribute allowed by 'unsafe-hashes' and its hash", &[&format!("style-src 'unsafe-hashes' {}", sha(Sha256, "color: red"))], "<p style=\"color: red\">x</p><p style=\"color: blue\">y</p>"),
        case("default-src covers an external stylesheet on the page's origin", &["default-src 'none'"], "<link rel=stylesheet href=/agreement/castle.css><p>x</p>"),
        case("img-src data: allows a data: image", &["img-src 'self' data:"], "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">"),
        case("connect-src 'self' allows fetch to the page's origin", &["script-src 'unsafe-inline'; connect-src 'self'"], "<script>alert('s'); fetch('/agreement/api').catch(() => {});</script>"),
        case("connect-src governs WebSockets", &["script-src 'unsafe-inline'; connect-src 'self'"], "<script>alert('s'); try { new WebSocket('wss://evil.example/live') } catch (e) {}</script>"),
        // Several policies.
        case("every policy must allow", &["script-src 'unsafe-inline' https://cdn.example", "script-src 'unsafe-inline'"], "<script>alert('s')</script><script src=https://cdn.example/lib.js></script>"),
        case("each blocking policy reports", &["script-src 'self'", "default-src 'none'"], &script("s")),
    ];
    println!("{}", serde_json::to_string_pretty(&cases).unwrap_or_else(|_| "[]".into()));
}
