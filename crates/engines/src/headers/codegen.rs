//! The code that sends a header block's security headers, for Flask-Talisman 1.1.0, a plain
//! Flask `after_request` hook and Django 6.1's settings, and the headers that code really sends
//! over https ([`Generated::sends`], name and value in the order the response carries them),
//! computed as each library computes them. `fixtures/check_headers_codegen.py` runs the code in
//! the real libraries and records what they sent in `fixtures/headers_codegen.json`; the native
//! test compares `sends` and the code with it byte for byte. The facts relied on are written
//! down, with where in each library's source they come from, in `docs/headers-codegen.md`.
//!
//! The rule for every framework: the library's own option or setting sends a header when it
//! sends the same thing (perhaps re-spelt, which a note then says); what it has no option for,
//! or cannot send as written, is sent by a small hook or middleware of our own, exactly as
//! written. Whatever the library always adds, or cannot send at all, is said in a note, so the
//! sandbox never silently differs from the block.

use serde::{Deserialize, Serialize};

use super::block::Response;
use crate::hsts::parse::{parse as parse_hsts, HstsPolicy};

/// The headers the generators write, lower case.
pub const SECURITY_HEADERS: &[&str] = &[
    "content-security-policy",
    "content-security-policy-report-only",
    "strict-transport-security",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "permissions-policy",
    "cross-origin-opener-policy",
    "cross-origin-embedder-policy",
    "cross-origin-resource-policy",
    "x-xss-protection",
];

/// Which code to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Framework {
    /// `Talisman(app, ...)` (Flask-Talisman 1.1.0), with a hook for what it has no option for.
    Talisman,
    /// One plain Flask `@app.after_request` hook.
    AfterRequest,
    /// Django 6.1 settings (`SecurityMiddleware`, the built-in CSP, `XFrameOptionsMiddleware`),
    /// with a middleware for what no setting sends.
    Django,
}

impl Framework {
    /// Every framework, in the order a select offers them.
    pub const ALL: [Framework; 3] = [Framework::Talisman, Framework::AfterRequest, Framework::Django];

    /// Its name in a link and in the fixtures.
    pub fn id(self) -> &'static str {
        match self {
            Framework::Talisman => "talisman",
            Framework::AfterRequest => "after-request",
            Framework::Django => "django",
        }
    }

    /// Its label, with the version the code is checked against.
    pub fn label(self) -> &'static str {
        match self {
            Framework::Talisman => "Flask-Talisman 1.1",
            Framework::AfterRequest => "Flask after_request",
            Framework::Django => "Django 6.1 settings",
        }
    }
}

/// The code, what it sends on an https response, and where that differs from the block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Generated {
    pub code: String,
    /// Header name (as the code writes it) and value, in the order the response carries them.
    pub sends: Vec<(String, String)>,
    /// Each way the sent headers differ from the block (or the code does more), and why.
    pub notes: Vec<String>,
}

/// The marker line before the Django middleware module, so a reader (and the checker, which
/// imports it as `castle.security_headers`) can tell the two files apart.
pub const DJANGO_MIDDLEWARE_FILE: &str = "# castle/security_headers.py";

/// The header's usual spelling, as the libraries write it.
pub fn canonical(lower: &str) -> String {
    lower
        .split('-')
        .map(|word| match word {
            "xss" => "XSS".to_string(),
            _ => {
                let mut chars = word.chars();
                chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// A Python string literal of printable ASCII (all [`fields`] lets through).
fn py(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn py_bool(value: bool) -> &'static str {
    if value {
        "True"
    } else {
        "False"
    }
}

/// One security header of the block.
#[derive(Debug, Clone)]
struct Wanted {
    /// Lower case.
    name: String,
    value: String,
    /// Whether an earlier field has the same name.
    repeat: bool,
}

/// The block's security headers in order. A value with characters outside printable ASCII is
/// left out with a note: Werkzeug and Django refuse control characters in a header, and
/// non-ASCII reaches the wire as Latin-1 or not at all, so no code can send it as typed.
fn fields(response: &Response, notes: &mut Vec<String>) -> Vec<Wanted> {
    let mut out: Vec<Wanted> = Vec::new();
    for field in &response.fields {
        let name = field.name.to_ascii_lowercase();
        if !SECURITY_HEADERS.contains(&name.as_str()) {
            continue;
        }
        if field.value.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            let repeat = out.iter().any(|w| w.name == name);
            out.push(Wanted { name, value: field.value.clone(), repeat });
        } else {
            notes.push(format!(
                "`{}` has characters outside printable ASCII; no code here sends it as typed, so it is left out.",
                canonical(&name)
            ));
        }
    }
    out
}

/// Flask-Talisman's `_parse_policy` of a string policy: split on `;`, each part stripped and
/// split on single spaces; a repeated directive keeps its first place and last value; each
/// part written as `name rest`, joined with `"; "`. (Python's `strip()` also strips other
/// whitespace, which [`fields`] never lets through.)
pub fn talisman_policy(text: &str) -> String {
    let mut parts: Vec<(String, String)> = Vec::new();
    for part in text.split(';') {
        let mut words = part.trim_matches(' ').split(' ');
        let key = words.next().unwrap_or_default().to_string();
        let rest = words.collect::<Vec<_>>().join(" ");
        match parts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, value)) => *value = rest,
            None => parts.push((key, rest)),
        }
    }
    parts.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join("; ")
}

/// `max-age=N[; includeSubDomains][; preload]`, as Talisman and Django's SecurityMiddleware
/// both write it.
fn hsts_text(policy: &HstsPolicy) -> String {
    let mut sent = format!("max-age={}", policy.max_age);
    if policy.include_subdomains {
        sent.push_str("; includeSubDomains");
    }
    if policy.preload {
        sent.push_str("; preload");
    }
    sent
}

/// The note for a header a library re-spells.
fn respelt(header: &str, library: &str, from: &str, to: &str) -> Option<String> {
    (from != to).then(|| format!("{library} writes `{header}: {from}` as `{to}` (the same to browsers)."))
}

/// A plain Flask `after_request` hook that sends every security header of the block as is.
pub fn flask_after_request(response: &Response) -> Generated {
    let mut notes = Vec::new();
    let wanted = fields(response, &mut notes);
    let mut code = String::from("@app.after_request\ndef security_headers(response):\n");
    let mut sends = Vec::new();
    for field in &wanted {
        let header = canonical(&field.name);
        // `headers[...] =` replaces; a repeated header must be added beside the first.
        if field.repeat {
            code.push_str(&format!("    response.headers.add({}, {})\n", py(&header), py(&field.value)));
        } else {
            code.push_str(&format!("    response.headers[{}] = {}\n", py(&header), py(&field.value)));
        }
        sends.push((header, field.value.clone()));
    }
    code.push_str("    return response\n");
    if wanted.iter().any(|f| f.name == "strict-transport-security") {
        notes.push("This hook also sends Strict-Transport-Security over plain http, where browsers ignore it; Talisman and Django send it only over https.".into());
    }
    Generated { code, sends, notes }
}

/// `Talisman(app, ...)`, plus a hook for what Talisman has no option for.
pub fn flask_talisman(response: &Response) -> Generated {
    let mut notes = Vec::new();
    let wanted = fields(response, &mut notes);
    let first = |name: &str| wanted.iter().find(|f| f.name == name && !f.repeat).map(|f| f.value.as_str());
    let mut args: Vec<String> = Vec::new();
    // What Talisman sends, in the order `_set_response_headers` sets them.
    let mut sends: Vec<(String, String)> = Vec::new();
    // The first field of each name that Talisman sends itself; the rest go to the hook.
    let mut taken: Vec<&str> = Vec::new();

    // Permissions-Policy: a string is sent as is; a falsy one ({} or "") sends nothing.
    match first("permissions-policy") {
        Some(value) if !value.is_empty() => {
            args.push(format!("permissions_policy={}", py(value)));
            sends.push(("Permissions-Policy".into(), value.into()));
            taken.push("permissions-policy");
        }
        _ => args.push("permissions_policy={}".into()),
    }
    // X-Frame-Options: any truthy string is sent; exactly `ALLOW-FROM` gets " <allow_from>".
    match first("x-frame-options") {
        Some(value) if !value.is_empty() && value != "ALLOW-FROM" => {
            match value.strip_prefix("ALLOW-FROM ") {
                Some(from) => {
                    args.push("frame_options=\"ALLOW-FROM\"".into());
                    args.push(format!("frame_options_allow_from={}", py(from)));
                }
                None if value == "SAMEORIGIN" => {} // Talisman's default
                None => args.push(format!("frame_options={}", py(value))),
            }
            sends.push(("X-Frame-Options".into(), value.into()));
            taken.push("x-frame-options");
        }
        _ => args.push("frame_options=None".into()),
    }
    // X-XSS-Protection: off by default; True sends exactly `1; mode=block`.
    if first("x-xss-protection") == Some("1; mode=block") {
        args.push("x_xss_protection=True".into());
        sends.push(("X-XSS-Protection".into(), "1; mode=block".into()));
        taken.push("x-xss-protection");
    }
    // X-Content-Type-Options: on by default, exactly `nosniff`.
    if first("x-content-type-options") == Some("nosniff") {
        sends.push(("X-Content-Type-Options".into(), "nosniff".into()));
        taken.push("x-content-type-options");
    } else {
        args.push("x_content_type_options=False".into());
    }
    // Content-Security-Policy: a string goes through `_parse_policy`; an empty one sends nothing.
    match first("content-security-policy") {
        Some(value) if !value.is_empty() => {
            let sent = talisman_policy(value);
            notes.extend(respelt("Content-Security-Policy", "Talisman", value, &sent));
            args.push(format!("content_security_policy={}", py(value)));
            sends.push(("Content-Security-Policy".into(), sent));
            taken.push("content-security-policy");
        }
        _ => args.push("content_security_policy=None".into()),
    }
    if first("content-security-policy-report-only").is_some() {
        notes.push("Talisman sends one policy, enforced or report-only (and report-only only with a report_uri), so the hook adds Content-Security-Policy-Report-Only.".into());
    }
    // Strict-Transport-Security: only over https, rebuilt from its three options.
    match first("strict-transport-security").and_then(|v| parse_hsts(v).policy.map(|p| (v, p))) {
        Some((value, policy)) => {
            args.push(format!("strict_transport_security_max_age={}", policy.max_age));
            args.push(format!("strict_transport_security_include_subdomains={}", py_bool(policy.include_subdomains)));
            args.push(format!("strict_transport_security_preload={}", py_bool(policy.preload)));
            let sent = hsts_text(&policy);
            notes.extend(respelt("Strict-Transport-Security", "Talisman", value, &sent));
            sends.push(("Strict-Transport-Security".into(), sent));
            taken.push("strict-transport-security");
        }
        None => {
            args.push("strict_transport_security=False".into());
            if first("strict-transport-security").is_some() {
                notes.push("Browsers ignore this Strict-Transport-Security header and Talisman's options cannot write it, so the hook sends it as written (over plain http too).".into());
            }
        }
    }
    // Referrer-Policy: always sent (`None` would be sent as the text "None").
    match first("referrer-policy") {
        Some(value) => {
            if value != "strict-origin-when-cross-origin" {
                args.push(format!("referrer_policy={}", py(value)));
            }
            sends.push(("Referrer-Policy".into(), value.into()));
            taken.push("referrer-policy");
        }
        None => {
            notes.push("Talisman always sends `Referrer-Policy: strict-origin-when-cross-origin` (its default; it has no way to send none).".into());
            sends.push(("Referrer-Policy".into(), "strict-origin-when-cross-origin".into()));
        }
    }
    let extra: Vec<(String, String)> = wanted
        .iter()
        .filter(|f| f.repeat || !taken.contains(&f.name.as_str()))
        .map(|f| (canonical(&f.name), f.value.clone()))
        .collect();
    for name in ["cross-origin-opener-policy", "cross-origin-embedder-policy", "cross-origin-resource-policy"] {
        if first(name).is_some() {
            notes.push(format!("Talisman has no option for {}: the hook adds it.", canonical(name)));
        }
    }
    notes.push("Talisman also redirects plain http to https (302; force_https_permanent=True makes it 301) and makes Flask's session cookie Secure, HttpOnly and SameSite=Lax.".into());

    let mut code = String::from("from flask_talisman import Talisman\n\n");
    if !extra.is_empty() {
        code.push_str("# Registered before Talisman: Flask runs after_request hooks last-registered\n# first, so this runs after Talisman's and adds what Talisman has no option for.\n@app.after_request\ndef more_security_headers(response):\n");
        for (name, value) in &extra {
            code.push_str(&format!("    response.headers.add({}, {})\n", py(name), py(value)));
        }
        code.push_str("    return response\n\n");
    }
    code.push_str("Talisman(\n    app,\n");
    for arg in &args {
        code.push_str(&format!("    {arg},\n"));
    }
    code.push_str(")\n");
    sends.extend(extra);
    Generated { code, sends, notes }
}

/// A policy as Django's `SECURE_CSP` dict: directive → sources (a repeated directive keeps the
/// first, as browsers do), and the header `build_policy` writes from it.
fn django_policy(value: &str, setting: &str, notes: &mut Vec<String>) -> (String, String) {
    let mut directives: Vec<(&str, Vec<&str>)> = Vec::new();
    for part in value.split(';') {
        let mut words = part.split_ascii_whitespace();
        let Some(directive) = words.next() else { continue };
        if directives.iter().any(|(d, _)| d.eq_ignore_ascii_case(directive)) {
            notes.push(format!(
                "`{directive}` is repeated in the policy; browsers use the first, so {setting} has only it."
            ));
            continue;
        }
        directives.push((directive, words.collect()));
    }
    let mut dict = format!("{setting} = {{\n");
    for (directive, sources) in &directives {
        // `True` is build_policy's way to write a directive without sources.
        let value = if sources.is_empty() {
            "True".to_string()
        } else {
            format!("[{}]", sources.iter().map(|s| py(s)).collect::<Vec<_>>().join(", "))
        };
        dict.push_str(&format!("    {}: {value},\n", py(directive)));
    }
    dict.push('}');
    let built = directives
        .iter()
        .map(|(d, s)| format!("{d} {}", s.join(" ")).trim_end().to_string())
        .collect::<Vec<_>>()
        .join("; ");
    (dict, built)
}

/// Django 6.1 settings, and a middleware of our own for what no setting sends as written.
pub fn django_settings(response: &Response) -> Generated {
    let mut notes = Vec::new();
    let wanted = fields(response, &mut notes);
    let first = |name: &str| wanted.iter().find(|f| f.name == name && !f.repeat).map(|f| f.value.as_str());
    let mut middleware = vec!["django.middleware.security.SecurityMiddleware"];
    let mut settings: Vec<String> = Vec::new();
    // Our middleware's headers, in block order: listed last, it sees the response first, and
    // every Django middleware after it leaves a header already there alone.
    let mut own: Vec<(String, String)> = Vec::new();
    let mut own_because: Vec<String> = Vec::new();
    // What the settings send, in the order the response gets them (XFrameOptionsMiddleware,
    // then the CSP middleware, then SecurityMiddleware, as MIDDLEWARE runs on the way out).
    let mut framing: Vec<(String, String)> = Vec::new();
    let mut csp: Vec<(String, String)> = Vec::new();
    let mut security: Vec<(String, String)> = Vec::new();

    for field in wanted.iter().filter(|f| f.repeat) {
        notes.push(format!(
            "Django sends one header per name, so the second {} (`{}`) is left out.",
            canonical(&field.name),
            field.value
        ));
    }

    for (name, setting) in
        [("content-security-policy", "SECURE_CSP"), ("content-security-policy-report-only", "SECURE_CSP_REPORT_ONLY")]
    {
        let Some(value) = first(name) else { continue };
        let (dict, built) = django_policy(value, setting, &mut notes);
        if built.is_empty() {
            // An empty dict sends nothing.
            own.push((canonical(name), value.into()));
            own_because.push(canonical(name));
            continue;
        }
        if !middleware.contains(&"django.middleware.csp.ContentSecurityPolicyMiddleware") {
            middleware.push("django.middleware.csp.ContentSecurityPolicyMiddleware");
        }
        settings.push(dict);
        notes.extend(respelt(&canonical(name), "Django", value, &built));
        csp.push((canonical(name), built));
    }

    // HSTS: only over https and only when SECURE_HSTS_SECONDS is above 0.
    match first("strict-transport-security").map(|v| (v, parse_hsts(v).policy)) {
        Some((value, Some(policy))) if policy.max_age > 0 => {
            settings.push(format!("SECURE_HSTS_SECONDS = {}", policy.max_age));
            settings.push(format!("SECURE_HSTS_INCLUDE_SUBDOMAINS = {}", py_bool(policy.include_subdomains)));
            settings.push(format!("SECURE_HSTS_PRELOAD = {}", py_bool(policy.preload)));
            let sent = hsts_text(&policy);
            notes.extend(respelt("Strict-Transport-Security", "Django", value, &sent));
            security.push(("Strict-Transport-Security".into(), sent));
        }
        found => {
            settings.push("SECURE_HSTS_SECONDS = 0".into());
            if let Some((value, _)) = found {
                own.push(("Strict-Transport-Security".into(), value.into()));
                notes.push("SECURE_HSTS_SECONDS cannot write this Strict-Transport-Security (0 turns it off; a header browsers ignore has no setting), so the middleware sends it as written, over plain http too.".into());
            }
        }
    }

    // SECURE_CONTENT_TYPE_NOSNIFF: True by default, sends exactly `nosniff`.
    match first("x-content-type-options") {
        Some(value) if value.eq_ignore_ascii_case("nosniff") => {
            settings.push("SECURE_CONTENT_TYPE_NOSNIFF = True".into());
            notes.extend(respelt("X-Content-Type-Options", "Django", value, "nosniff"));
            security.push(("X-Content-Type-Options".into(), "nosniff".into()));
        }
        found => {
            settings.push("SECURE_CONTENT_TYPE_NOSNIFF = False".into());
            if let Some(value) = found {
                own.push(("X-Content-Type-Options".into(), value.into()));
                own_because.push("X-Content-Type-Options".into());
            }
        }
    }

    // SECURE_REFERRER_POLICY: "same-origin" by default; a string is split on commas and
    // re-joined without spaces; a falsy one sends nothing.
    match first("referrer-policy") {
        Some(value) if !value.is_empty() => {
            settings.push(format!("SECURE_REFERRER_POLICY = {}", py(value)));
            let sent = value.split(',').map(|v| v.trim_matches(' ')).collect::<Vec<_>>().join(",");
            notes.extend(respelt("Referrer-Policy", "Django", value, &sent));
            security.push(("Referrer-Policy".into(), sent));
        }
        found => {
            settings.push("SECURE_REFERRER_POLICY = None".into());
            if let Some(value) = found {
                own.push(("Referrer-Policy".into(), value.into()));
                own_because.push("Referrer-Policy".into());
            }
        }
    }

    // SECURE_CROSS_ORIGIN_OPENER_POLICY: "same-origin" by default, any string sent as is.
    match first("cross-origin-opener-policy") {
        Some(value) if !value.is_empty() => {
            settings.push(format!("SECURE_CROSS_ORIGIN_OPENER_POLICY = {}", py(value)));
            security.push(("Cross-Origin-Opener-Policy".into(), value.into()));
        }
        found => {
            settings.push("SECURE_CROSS_ORIGIN_OPENER_POLICY = None".into());
            if let Some(value) = found {
                own.push(("Cross-Origin-Opener-Policy".into(), value.into()));
                own_because.push("Cross-Origin-Opener-Policy".into());
            }
        }
    }

    // X_FRAME_OPTIONS is upper-cased; only DENY and SAMEORIGIN survive that unchanged in meaning.
    match first("x-frame-options") {
        Some(value) if value.eq_ignore_ascii_case("deny") || value.eq_ignore_ascii_case("sameorigin") => {
            middleware.push("django.middleware.clickjacking.XFrameOptionsMiddleware");
            let sent = value.to_ascii_uppercase();
            settings.push(format!("X_FRAME_OPTIONS = {}", py(&sent)));
            notes.extend(respelt("X-Frame-Options", "Django", value, &sent));
            framing.push(("X-Frame-Options".into(), sent));
        }
        Some(value) => {
            own.push(("X-Frame-Options".into(), value.into()));
            notes.push("X_FRAME_OPTIONS is upper-cased and meant for DENY or SAMEORIGIN, so the middleware sends this X-Frame-Options as written.".into());
        }
        None => notes.push("Leave out XFrameOptionsMiddleware (startproject's MIDDLEWARE has it): it would send `X-Frame-Options: DENY`.".into()),
    }

    for name in
        ["permissions-policy", "cross-origin-embedder-policy", "cross-origin-resource-policy", "x-xss-protection"]
    {
        if let Some(value) = first(name) {
            own.push((canonical(name), value.into()));
            own_because.push(canonical(name));
        }
    }
    if !own_because.is_empty() {
        notes.push(format!("No Django setting sends {} as written, so the middleware does.", own_because.join(", ")));
    }
    // Our middleware sets headers in the block's order.
    own.sort_by_key(|(name, _)| wanted.iter().position(|f| canonical(&f.name) == *name && !f.repeat));

    let mut code = String::from("# settings.py\nMIDDLEWARE = [\n");
    for m in &middleware {
        code.push_str(&format!("    {},\n", py(m)));
    }
    code.push_str("    # ... the rest of your middleware\n");
    if !own.is_empty() {
        code.push_str("    \"castle.security_headers.security_headers\",  # last: it sees the response first\n");
    }
    code.push_str("]\n");
    for setting in settings {
        code.push_str(&setting);
        code.push('\n');
    }
    if !own.is_empty() {
        code.push_str(&format!("\n{DJANGO_MIDDLEWARE_FILE}\ndef security_headers(get_response):\n    \"\"\"Sends what no Django setting sends as written.\"\"\"\n\n    def middleware(request):\n        response = get_response(request)\n"));
        for (name, value) in &own {
            code.push_str(&format!("        response.headers[{}] = {}\n", py(name), py(value)));
        }
        code.push_str("        return response\n\n    return middleware\n");
    }
    let mut sends = own;
    sends.extend(framing);
    sends.extend(csp);
    sends.extend(security);
    Generated { code, sends, notes }
}

/// The code for `framework`.
pub fn generate(response: &Response, framework: Framework) -> Generated {
    match framework {
        Framework::Talisman => flask_talisman(response),
        Framework::AfterRequest => flask_after_request(response),
        Framework::Django => django_settings(response),
    }
}

#[cfg(test)]
mod tests {
    use super::super::block::read_block;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn talisman_reserialises_a_string_policy_as_its_parser_does() {
        assert_eq!(talisman_policy("default-src 'self'; object-src 'none'"), "default-src 'self'; object-src 'none'");
        assert_eq!(talisman_policy("default-src 'self';"), "default-src 'self';  ");
        assert_eq!(talisman_policy("a x; b y; a z"), "a z; b y");
    }

    #[test]
    fn the_seed_block_in_each_framework() {
        let block = read_block(crate::headers::quests::START_HEADERS).last();
        let talisman = flask_talisman(&block);
        assert!(talisman.code.contains("x_xss_protection=True"), "{}", talisman.code);
        assert!(!talisman.code.contains("frame_options="), "SAMEORIGIN is Talisman's default: {}", talisman.code);
        assert!(talisman.sends.contains(&("Referrer-Policy".into(), "strict-origin-when-cross-origin".into())));
        assert!(talisman.notes.iter().any(|n| n.contains("always sends `Referrer-Policy")));
        let django = django_settings(&block);
        assert!(django.code.contains("X_FRAME_OPTIONS = \"SAMEORIGIN\""));
        assert!(django.code.contains("response.headers[\"X-XSS-Protection\"] = \"1; mode=block\""), "{}", django.code);
        let plain = flask_after_request(&block);
        assert_eq!(plain.sends.len(), 3);
    }

    #[test]
    fn a_repeated_header_is_added_not_replaced_and_django_says_it_cannot() {
        let block = read_block("HTTP/1.1 200 OK\nContent-Security-Policy: a\nContent-Security-Policy: b").last();
        let plain = flask_after_request(&block);
        assert!(plain.code.contains("response.headers.add(\"Content-Security-Policy\", \"b\")"));
        assert_eq!(plain.sends.len(), 2);
        let django = django_settings(&block);
        assert_eq!(django.sends, vec![("Content-Security-Policy".to_string(), "a".to_string())]);
        assert!(django.notes.iter().any(|n| n.contains("one header per name")));
    }

    #[derive(serde::Deserialize)]
    struct Run {
        block: String,
        framework: Framework,
        code: String,
        sent: Vec<(String, String)>,
    }

    fn runs() -> Vec<Run> {
        serde_json::from_str(include_str!("../../fixtures/headers_codegen.json")).expect("the fixture is valid JSON")
    }

    /// `fixtures/check_headers_codegen.py` ran this very code in Flask-Talisman 1.1.0, Flask
    /// 3.1.3 and Django 6.1.3 and recorded what they sent.
    #[test]
    fn the_code_and_what_it_sends_are_what_the_real_libraries_ran_and_sent() {
        let runs = runs();
        assert_eq!(runs.len(), 30);
        for run in &runs {
            let generated = generate(&read_block(&run.block).last(), run.framework);
            assert_eq!(generated.code, run.code, "{:?} on {}", run.framework, run.block);
            assert_eq!(generated.sends, run.sent, "{:?} on {}", run.framework, run.block);
        }
    }

    /// Wherever what is sent differs from the block, header by header, a note names the header.
    #[test]
    fn every_difference_from_the_block_is_said() {
        let mut differing = 0;
        for run in runs() {
            let response = read_block(&run.block).last();
            let generated = generate(&response, run.framework);
            for name in SECURITY_HEADERS {
                let header = canonical(name);
                let mut asked: Vec<&str> =
                    response.fields.iter().filter(|f| f.is(name)).map(|f| f.value.as_str()).collect();
                let mut sent: Vec<&str> =
                    generated.sends.iter().filter(|(n, _)| *n == header).map(|(_, v)| v.as_str()).collect();
                asked.sort_unstable();
                sent.sort_unstable();
                if asked != sent {
                    differing += 1;
                    assert!(
                        generated.notes.iter().any(|n| n.contains(&header)),
                        "{:?} sends {header} {sent:?} for {asked:?} without saying so: {:?}",
                        run.framework,
                        generated.notes
                    );
                }
            }
        }
        assert!(differing >= 10, "the fixtures should exercise the differences ({differing})");
    }

    proptest! {
        #[test]
        fn never_panics(text in "(?s).{0,400}", framework in 0usize..3) {
            let block = read_block(&text).last();
            let generated = generate(&block, Framework::ALL[framework]);
            prop_assert!(generated.code.is_ascii());
        }

        #[test]
        fn never_panics_on_security_headers(values in proptest::collection::vec((0usize..11, "[ -~]{0,40}"), 0..8), framework in 0usize..3) {
            let text: String = values.iter().map(|(n, v)| format!("{}: {v}\n", SECURITY_HEADERS[*n])).collect();
            let block = read_block(&format!("HTTP/1.1 200 OK\n{text}")).last();
            let _ = generate(&block, Framework::ALL[framework]);
        }
    }
}
