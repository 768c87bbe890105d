//! The evaluator's rules, one table row per rule of CSP3 (section named in the row).

use proptest::prelude::*;

use super::*;

const PAGE: &str = "https://castle.example/";

/// The verdict of every resource of `html` under `policy` (an enforced header), as
/// `blocked:<directive>` or `allowed` or `never-runs`.
fn verdicts(policies: &[&str], html: &str) -> Vec<String> {
    let inputs: Vec<PolicyInput> =
        policies.iter().map(|t| PolicyInput { text: t.to_string(), disposition: Disposition::Enforce }).collect();
    analyze(&inputs, Delivery::Header, PAGE, html)
        .evaluation
        .results
        .iter()
        .map(|r| match &r.verdict {
            Verdict::Allowed => "allowed".to_string(),
            Verdict::Blocked { directive, .. } => format!("blocked:{directive}"),
            Verdict::NeverRuns { .. } => "never-runs".to_string(),
            Verdict::InvalidUrl => "invalid-url".to_string(),
        })
        .collect()
}

#[test]
fn the_evaluator_follows_csp3() {
    let sha = |text: &str| hash::digest(source::HashAlgorithm::Sha256, text);
    let go_hash = sha("go()");
    let cases: Vec<(String, &str, Vec<&str>)> = vec![
        // No policy, or no directive for the resource: allowed (§6.8.3).
        ("img-src 'none'".into(), "<script>go()</script>", vec!["allowed"]),
        // Fallback: script-src-elem → script-src → default-src.
        ("default-src 'self'".into(), "<script src=/app.js></script><script src=https://evil.example/x.js></script>", vec!["allowed", "blocked:default-src"]),
        ("default-src 'none'; script-src 'self'".into(), "<script src=/app.js></script>", vec!["allowed"]),
        ("script-src 'none'; script-src-elem 'self'".into(), "<script src=/app.js></script>", vec!["allowed"]),
        ("script-src 'self'; script-src-attr 'unsafe-inline'".into(), "<b onclick=go()>x</b><script>go()</script>", vec!["allowed", "blocked:script-src"]),
        ("default-src 'none'; style-src 'unsafe-inline'".into(), "<style>p{}</style><p style=color:red>", vec!["allowed", "allowed"]),
        ("style-src 'self'; style-src-attr 'unsafe-inline'".into(), "<style>p{}</style><p style=color:red>", vec!["blocked:style-src", "allowed"]),
        ("default-src 'none'; child-src https://frames.example".into(), "<iframe src=https://frames.example/f></iframe>", vec!["allowed"]),
        ("frame-src 'none'; child-src *".into(), "<iframe src=https://frames.example/f></iframe>", vec!["blocked:frame-src"]),
        ("default-src 'none'".into(), "<base href=https://evil.example/><form action=https://evil.example/>", vec!["allowed", "allowed"]),
        ("base-uri 'self'".into(), "<base href=https://evil.example/>", vec!["blocked:base-uri"]),
        ("default-src 'self'".into(), "<img src=https://img.example/a.png><object data=/o></object><video src=https://v.example/v.mp4></video>", vec!["blocked:default-src", "allowed", "allowed", "blocked:default-src"]),
        // Inline: 'unsafe-inline' (§6.7.3.3), ignored when a nonce or hash is present.
        ("script-src 'unsafe-inline'".into(), "<script>go()</script><b onclick=go()>x</b>", vec!["allowed", "allowed"]),
        ("script-src 'unsafe-inline' 'nonce-abc'".into(), "<script>go()</script><script nonce=abc>go()</script>", vec!["blocked:script-src", "allowed"]),
        (format!("script-src 'unsafe-inline' 'sha256-{go_hash}'"), "<script>go()</script><script>other()</script>", vec!["allowed", "blocked:script-src"]),
        ("script-src 'unsafe-inline' 'strict-dynamic'".into(), "<script>go()</script>", vec!["blocked:script-src"]),
        // Nonces are case-sensitive; the nonce must be on the element.
        ("script-src 'nonce-Abc'".into(), "<script nonce=abc>go()</script><script nonce=Abc>go()</script>", vec!["blocked:script-src", "allowed"]),
        ("script-src 'nonce-abc'".into(), "<script src=https://cdn.example/a.js nonce=abc></script>", vec!["allowed"]),
        ("script-src 'nonce-abc'".into(), "<script nonce=abc nonce=abc>go()</script>", vec!["blocked:script-src"]),
        // Hashes cover inline elements; attributes need 'unsafe-hashes' (§6.7.3.3 step 5).
        (format!("script-src 'sha256-{go_hash}'"), "<script>go()</script><b onclick=\"go()\">x</b>", vec!["allowed", "blocked:script-src"]),
        (format!("script-src 'unsafe-hashes' 'sha256-{go_hash}'"), "<b onclick=\"go()\">x</b>", vec!["allowed"]),
        (format!("script-src 'sha256-{go_hash}'"), "<script> go()</script>", vec!["blocked:script-src"]),
        // An external script whose integrity hashes are all listed (§6.7.1.1 step 3).
        ("script-src 'sha256-abc='".into(), "<script src=https://cdn.example/a.js integrity=\"sha256-abc=\"></script><script src=https://cdn.example/b.js integrity=\"sha256-abc= sha384-def=\"></script><script src=https://cdn.example/c.js></script>", vec!["allowed", "blocked:script-src", "blocked:script-src"]),
        // 'strict-dynamic': parser-inserted scripts need a nonce; scripts a trusted script adds run.
        ("script-src 'nonce-abc' 'strict-dynamic' https://cdn.example".into(),
         "<script src=https://cdn.example/a.js></script><script nonce=abc>const s = document.createElement('script'); s.src = 'https://any.example/b.js'; document.body.append(s);</script>",
         vec!["blocked:script-src", "allowed", "allowed"]),
        ("script-src 'strict-dynamic'".into(), "<script>const s = document.createElement('script'); s.src = 'https://any.example/b.js';</script>", vec!["blocked:script-src", "never-runs"]),
        // eval and WebAssembly (§4.4, §4.5).
        ("script-src 'unsafe-inline'".into(), "<script>eval('1'); WebAssembly.compile(b)</script>", vec!["allowed", "blocked:script-src", "blocked:script-src"]),
        ("script-src 'unsafe-inline' 'wasm-unsafe-eval'".into(), "<script>eval('1'); WebAssembly.compile(b)</script>", vec!["allowed", "blocked:script-src", "allowed"]),
        ("script-src 'unsafe-inline' 'unsafe-eval'".into(), "<script>new Function('1'); new WebAssembly.Module(b)</script>", vec!["allowed", "allowed", "allowed"]),
        ("default-src 'unsafe-inline'; script-src-elem 'none'".into(), "<script>eval('1')</script>", vec!["blocked:script-src-elem", "never-runs"]),
        // connect-src and workers.
        ("script-src 'unsafe-inline'; connect-src 'self'".into(), "<script>fetch('/api'); fetch('https://evil.example/steal')</script>", vec!["allowed", "allowed", "blocked:connect-src"]),
        ("script-src 'unsafe-inline'; child-src 'none'".into(), "<script>new Worker('/w.js')</script>", vec!["allowed", "blocked:child-src"]),
        // An allowed <base> changes where relative URLs point.
        ("script-src 'self'".into(), "<base href=https://evil.example/><script src=app.js></script>", vec!["allowed", "blocked:script-src"]),
        ("script-src 'self'; base-uri 'none'".into(), "<base href=https://evil.example/><script src=app.js></script>", vec!["blocked:base-uri", "allowed"]),
        // upgrade-insecure-requests turns http into https before the check.
        ("img-src https:; upgrade-insecure-requests".into(), "<img src=http://img.example/a.png>", vec!["allowed"]),
        ("img-src https:".into(), "<img src=http://img.example/a.png>", vec!["blocked:img-src"]),
        // Fonts only load when their style is allowed.
        ("style-src 'unsafe-inline'; font-src 'none'".into(), "<style>@font-face{font-family:F;src:url(/f.woff2)}</style>", vec!["allowed", "blocked:font-src"]),
        // Unquoted keywords are hosts, so they allow nothing on this page.
        ("script-src self".into(), "<script src=/app.js></script>", vec!["blocked:script-src"]),
    ];
    for (policy, html, expected) in cases {
        assert_eq!(verdicts(&[&policy], html), expected, "policy: {policy}\npage: {html}");
    }
}

#[test]
fn every_policy_must_allow() {
    assert_eq!(
        verdicts(
            &["script-src 'self' https://cdn.example", "script-src 'self'"],
            "<script src=https://cdn.example/a.js></script>"
        ),
        ["blocked:script-src"]
    );
    assert_eq!(
        verdicts(&["script-src 'self', img-src 'none'"], "<script src=/a.js></script><img src=/i.png>"),
        ["allowed", "blocked:img-src"]
    );
}

#[test]
fn report_only_blocks_nothing_but_reports() {
    let inputs = [PolicyInput { text: "script-src 'none'".into(), disposition: Disposition::Report }];
    let analysis = analyze(&inputs, Delivery::Header, PAGE, "<script>go()</script>");
    let result = &analysis.evaluation.results[0];
    assert_eq!(result.verdict, Verdict::Allowed);
    let policies: Vec<Policy> = analysis.policies.iter().map(|p| p.policy.clone()).collect();
    assert!(result.violates(&policies, Disposition::Report));
    assert!(!result.violates(&policies, Disposition::Enforce));
}

#[test]
fn blocked_uris_are_what_reports_carry() {
    let inputs = [PolicyInput { text: "default-src 'none'".into(), disposition: Disposition::Enforce }];
    let html = "<script>eval('x')</script><img src=\"data:image/png;base64,AA\"><img src=/a.png#frag><iframe src=https://f.example:8443/x></iframe>";
    let analysis = analyze(&inputs, Delivery::Meta, PAGE, html);
    let uris: Vec<&str> = analysis.evaluation.results.iter().map(|r| r.blocked_uri.as_str()).collect();
    assert_eq!(uris, ["inline", "eval", "data", "https://castle.example/a.png", "https://f.example:8443"]);
}

#[test]
fn inline_code_gets_its_hashes() {
    let inputs = [PolicyInput { text: "script-src 'self'".into(), disposition: Disposition::Enforce }];
    let analysis = analyze(&inputs, Delivery::Header, PAGE, "<script>alert(1)</script>");
    assert_eq!(
        analysis.evaluation.results[0].hashes.as_ref().map(|h| h.sha256.as_str()),
        Some("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='")
    );
}

#[test]
fn an_unparseable_page_url_makes_self_match_nothing() {
    let inputs = [PolicyInput { text: "script-src 'self'".into(), disposition: Disposition::Enforce }];
    let analysis = analyze(&inputs, Delivery::Header, "not a url", "<script src=https://castle.example/a.js></script>");
    assert!(analysis.bad_page_url);
    assert!(matches!(analysis.evaluation.results[0].verdict, Verdict::Blocked { .. }));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    /// No policy, page or page URL makes the engine panic (a panic in wasm kills the page).
    #[test]
    fn no_input_panics(policy in "\\PC{0,120}", html in "\\PC{0,300}", url in "\\PC{0,40}") {
        let inputs = [PolicyInput { text: policy.clone(), disposition: Disposition::Enforce }];
        let analysis = analyze(&inputs, Delivery::Header, &url, &html);
        let _ = analyze(&inputs, Delivery::Meta, "https://castle.example/", &html);
        for parsed in &analysis.policies {
            let _ = codegen::flask_talisman(&parsed.policy);
            let _ = codegen::flask_after_request(&parsed.policy);
            let _ = codegen::django_builtin(&parsed.policy);
            let _ = codegen::django_csp(&parsed.policy);
            for problem in &parsed.problems { let _ = problem.message(); }
        }
    }

    /// Structured inputs reach deeper than random text: tags, attributes, sources.
    #[test]
    fn no_structured_input_panics(
        directive in prop::sample::select(vec!["script-src", "default-src", "img-src", "style-src", "base-uri", "scirpt-src"]),
        sources in prop::collection::vec(prop::sample::select(vec!["'self'", "'none'", "*", "https:", "'nonce-a'", "'sha256-x'", "*.ex.com:*/p/", "self", "'unsafe-inline'", "'strict-dynamic'", "data:", "http://[::1]", "a.b:99999", "'"]), 0..6),
        tags in prop::collection::vec(prop::sample::select(vec!["<script>", "</script>", "<script src=", "<img src=", "<base href=", "\"", "'", "<!--", "-->", "<a href=javascript:", "<a href=javascript", "\u{1F409}", "<style>@font-face{src:url(", "nonce=a", " onclick=", ">", "eval(", "fetch('", "\r\n", "é", "&#x110000;", "&amp"]), 0..20),
    ) {
        let policy = format!("{directive} {}", sources.join(" "));
        let html: String = tags.concat();
        let inputs = [PolicyInput { text: policy, disposition: Disposition::Enforce }];
        let _ = analyze(&inputs, Delivery::Header, "http://castle.example:8080/a/b", &html);
    }
}

#[test]
fn a_policy_cannot_break_out_of_its_meta_element() {
    let document = preview_document(&["script-src 'none'\"><script>alert(1)</script>"], "<p>page</p>");
    assert_eq!(
        document,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src &#39;none&#39;&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">\n<p>page</p>"
    );
    assert_eq!(Page::parse(&document).resources.len(), 0);
}
