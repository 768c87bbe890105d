//! Prints the clickjacking engine's predictions as JSON for the Chromium agreement test
//! (`tests/e2e/framing-agreement.spec.ts`, next session): each case is the framed page's
//! headers and URL, the chain of ancestors (nearest first) and whether the engine says the
//! page is shown. Run: `cargo run -p dragonproof-engines --example framing_agreement`.

use dragonproof_engines::framing::{decide, FramingInput};

const CASTLE: &str = "https://castle.example/gold";
const OWN: &str = "https://castle.example/dashboard";
const EVIL: &str = "https://evil.example/prize";
const PARTNER: &str = "https://partner.example/embed";
const SUB: &str = "https://maps.castle.example/";

fn main() {
    let cases: Vec<(&str, &str, Vec<&str>, Vec<&str>)> = vec![
        ("no headers, framed by a stranger", "", vec![], vec![EVIL]),
        ("DENY, own page", "X-Frame-Options: DENY", vec![], vec![OWN]),
        ("DENY, stranger", "X-Frame-Options: DENY", vec![], vec![EVIL]),
        ("deny lowercase", "X-Frame-Options: deny", vec![], vec![EVIL]),
        ("SAMEORIGIN, own page", "X-Frame-Options: SAMEORIGIN", vec![], vec![OWN]),
        ("SAMEORIGIN, stranger", "X-Frame-Options: SAMEORIGIN", vec![], vec![EVIL]),
        ("SAMEORIGIN, subdomain", "X-Frame-Options: SAMEORIGIN", vec![], vec![SUB]),
        ("SAMEORIGIN, own page inside a stranger", "X-Frame-Options: SAMEORIGIN", vec![], vec![OWN, EVIL]),
        ("SAMEORIGIN, stranger inside own page", "X-Frame-Options: SAMEORIGIN", vec![], vec![EVIL, OWN]),
        ("ALLOW-FROM the stranger", "X-Frame-Options: ALLOW-FROM https://evil.example", vec![], vec![EVIL]),
        (
            "ALLOW-FROM a partner, stranger frames",
            "X-Frame-Options: ALLOW-FROM https://partner.example",
            vec![],
            vec![EVIL],
        ),
        ("ALLOWALL", "X-Frame-Options: ALLOWALL", vec![], vec![EVIL]),
        ("unknown value", "X-Frame-Options: nonsense", vec![], vec![EVIL]),
        ("two headers DENY and SAMEORIGIN", "X-Frame-Options: DENY\nX-Frame-Options: SAMEORIGIN", vec![], vec![OWN]),
        ("one header DENY, SAMEORIGIN", "X-Frame-Options: DENY, SAMEORIGIN", vec![], vec![OWN]),
        ("SAMEORIGIN twice", "X-Frame-Options: SAMEORIGIN\nX-Frame-Options: sameorigin", vec![], vec![OWN]),
        ("SAMEORIGIN and an unknown value", "X-Frame-Options: SAMEORIGIN, nonsense", vec![], vec![OWN]),
        ("two unknown values", "X-Frame-Options: foo, bar", vec![], vec![EVIL]),
        ("frame-ancestors 'self', own page", "Content-Security-Policy: frame-ancestors 'self'", vec![], vec![OWN]),
        ("frame-ancestors 'self', stranger", "Content-Security-Policy: frame-ancestors 'self'", vec![], vec![EVIL]),
        (
            "frame-ancestors 'self', own page inside a stranger",
            "Content-Security-Policy: frame-ancestors 'self'",
            vec![],
            vec![OWN, EVIL],
        ),
        ("frame-ancestors 'none', own page", "Content-Security-Policy: frame-ancestors 'none'", vec![], vec![OWN]),
        (
            "frame-ancestors partner",
            "Content-Security-Policy: frame-ancestors https://partner.example",
            vec![],
            vec![PARTNER],
        ),
        (
            "frame-ancestors partner, stranger",
            "Content-Security-Policy: frame-ancestors https://partner.example",
            vec![],
            vec![EVIL],
        ),
        (
            "frame-ancestors wildcard subdomain",
            "Content-Security-Policy: frame-ancestors https://*.castle.example",
            vec![],
            vec![SUB],
        ),
        (
            "frame-ancestors wildcard does not match the bare host",
            "Content-Security-Policy: frame-ancestors https://*.castle.example",
            vec![],
            vec![OWN],
        ),
        ("frame-ancestors *", "Content-Security-Policy: frame-ancestors *", vec![], vec![EVIL]),
        ("frame-ancestors https:", "Content-Security-Policy: frame-ancestors https:", vec![], vec![EVIL]),
        (
            "frame-ancestors overrides DENY",
            "Content-Security-Policy: frame-ancestors 'self'\nX-Frame-Options: DENY",
            vec![],
            vec![OWN],
        ),
        (
            "frame-ancestors * overrides DENY",
            "Content-Security-Policy: frame-ancestors *\nX-Frame-Options: DENY",
            vec![],
            vec![EVIL],
        ),
        (
            "frame-ancestors 'none' overrides ALLOWALL",
            "Content-Security-Policy: frame-ancestors 'none'\nX-Frame-Options: ALLOWALL",
            vec![],
            vec![OWN],
        ),
        (
            "report-only frame-ancestors does not override DENY",
            "Content-Security-Policy-Report-Only: frame-ancestors *\nX-Frame-Options: DENY",
            vec![],
            vec![OWN],
        ),
        (
            "report-only frame-ancestors alone blocks nothing",
            "Content-Security-Policy-Report-Only: frame-ancestors 'none'",
            vec![],
            vec![EVIL],
        ),
        ("frame-ancestors in meta is ignored", "", vec!["frame-ancestors 'none'"], vec![EVIL]),
        (
            "meta frame-ancestors does not beat XFO",
            "X-Frame-Options: SAMEORIGIN",
            vec!["frame-ancestors *"],
            vec![EVIL],
        ),
        (
            "CSP without frame-ancestors leaves XFO in charge",
            "Content-Security-Policy: default-src 'self'\nX-Frame-Options: DENY",
            vec![],
            vec![OWN],
        ),
        (
            "two policies, both must allow",
            "Content-Security-Policy: frame-ancestors *\nContent-Security-Policy: frame-ancestors 'self'",
            vec![],
            vec![EVIL],
        ),
        (
            "two policies in one header",
            "Content-Security-Policy: frame-ancestors *, frame-ancestors 'self'",
            vec![],
            vec![EVIL],
        ),
        (
            "http ancestor, https-only source",
            "Content-Security-Policy: frame-ancestors https://partner.example",
            vec![],
            vec!["http://partner.example/"],
        ),
    ];
    let json: Vec<serde_json::Value> = cases
        .into_iter()
        .map(|(name, headers, meta, ancestors)| {
            let input = FramingInput {
                headers: format!("HTTP/1.1 200 OK\nContent-Type: text/html\n{headers}"),
                page_url: CASTLE.into(),
                meta_policies: meta.iter().map(|m| m.to_string()).collect(),
                ancestors: ancestors.iter().map(|a| a.to_string()).collect(),
            };
            let outcome = decide(&input);
            serde_json::json!({
                "name": name,
                "headers": headers.lines().filter_map(|l| l.split_once(": ")).map(|(n, v)| [n, v]).collect::<Vec<_>>(),
                "meta": meta,
                "page": CASTLE,
                "ancestors": ancestors,
                "shown": outcome.verdict.shown(),
                "because": outcome.verdict.because(),
            })
        })
        .collect();
    println!("{}", serde_json::to_string_pretty(&json).unwrap_or_default());
}
