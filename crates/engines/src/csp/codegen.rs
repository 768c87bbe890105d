//! The Flask and Django code that sends a policy, for the versions current in November 2026
//! (checked against their source): Flask-Talisman 1.1 (`content_security_policy` as a dict,
//! `content_security_policy_nonce_in`, `csp_nonce()` in templates), a plain Flask
//! `after_request` hook, Django 6.x's built-in `SECURE_CSP` (with `CSP.NONCE` and the
//! `ContentSecurityPolicyMiddleware`, new in 6.0) and django-csp 4.0's
//! `CONTENT_SECURITY_POLICY = {"DIRECTIVES": {...}}` for older Django.
//!
//! A nonce in the learner's policy is a fixed example; real code must make a new one per
//! response, so each generator puts the framework's nonce in its place.

use super::policy::{Disposition, Policy};
use super::source::Source;

/// Python string literal (double quotes; the policy text is ASCII-printable in practice, but
/// anything else is escaped so the code stays valid Python).
fn py(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Directive name → value tokens, with nonce-sources removed; and the directives that had one.
fn directives_without_nonces(policy: &Policy) -> (Vec<(String, Vec<String>)>, Vec<String>) {
    let mut nonce_in = Vec::new();
    let directives = policy
        .directives
        .iter()
        .map(|d| {
            let had_nonce = d.sources.iter().any(|s| matches!(s, Source::Nonce(_)));
            if had_nonce {
                nonce_in.push(d.name.clone());
            }
            let tokens = d.tokens.iter().filter(|t| !t.to_ascii_lowercase().starts_with("'nonce-")).cloned().collect();
            (d.name.clone(), tokens)
        })
        .collect();
    (directives, nonce_in)
}

/// Flask-Talisman: `Talisman(app, content_security_policy={...}, ...)`.
pub fn flask_talisman(policy: &Policy) -> String {
    let (directives, nonce_in) = directives_without_nonces(policy);
    let mut code = String::from("from flask_talisman import Talisman\n\ncsp = {\n");
    for (name, tokens) in &directives {
        let value = match tokens.len() {
            0 => py(""),
            1 => py(&tokens[0]),
            _ => format!("[{}]", tokens.iter().map(|t| py(t)).collect::<Vec<_>>().join(", ")),
        };
        code.push_str(&format!("    {}: {value},\n", py(name)));
    }
    code.push_str("}\nTalisman(\n    app,\n    content_security_policy=csp,\n");
    if !nonce_in.is_empty() {
        code.push_str(&format!(
            "    # Talisman adds a fresh 'nonce-…' here on every response; templates write\n    # <script nonce=\"{{{{ csp_nonce() }}}}\">.\n    content_security_policy_nonce_in=[{}],\n",
            nonce_in.iter().map(|n| py(n)).collect::<Vec<_>>().join(", ")
        ));
    }
    if policy.disposition == Disposition::Report {
        code.push_str("    content_security_policy_report_only=True,\n    # Talisman refuses report-only without somewhere to report to.\n    content_security_policy_report_uri=\"/csp-report\",\n");
    }
    code.push_str(")\n");
    code
}

/// The header value with `{nonce}` in place of every nonce.
fn header_template(policy: &Policy) -> (String, bool) {
    let mut has_nonce = false;
    let value = policy
        .directives
        .iter()
        .map(|d| {
            let tokens: Vec<String> = d
                .tokens
                .iter()
                .map(|t| {
                    if t.to_ascii_lowercase().starts_with("'nonce-") {
                        has_nonce = true;
                        "'nonce-{nonce}'".to_string()
                    } else {
                        t.clone()
                    }
                })
                .collect();
            if tokens.is_empty() {
                d.name.clone()
            } else {
                format!("{} {}", d.name, tokens.join(" "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    (value, has_nonce)
}

fn header_name(policy: &Policy) -> &'static str {
    match policy.disposition {
        Disposition::Enforce => "Content-Security-Policy",
        Disposition::Report => "Content-Security-Policy-Report-Only",
    }
}

/// Plain Flask: an `after_request` hook (with a per-request nonce in `g` when needed).
pub fn flask_after_request(policy: &Policy) -> String {
    let (value, has_nonce) = header_template(policy);
    let header = header_name(policy);
    if has_nonce {
        // Braces in the policy (none are valid CSP, but a learner may type them) would break
        // str.format, so they are doubled first.
        let escaped = value.replace('{', "{{").replace('}', "}}").replace("{{nonce}}", "{nonce}");
        format!(
            "import secrets\nfrom flask import g\n\n@app.before_request\ndef make_csp_nonce():\n    g.csp_nonce = secrets.token_urlsafe(16)  # templates: <script nonce=\"{{{{ g.csp_nonce }}}}\">\n\n@app.after_request\ndef set_csp(response):\n    response.headers[{}] = (\n        {}.format(nonce=g.csp_nonce)\n    )\n    return response\n",
            py(header),
            py(&escaped)
        )
    } else {
        format!(
            "@app.after_request\ndef set_csp(response):\n    response.headers[{}] = (\n        {}\n    )\n    return response\n",
            py(header),
            py(&value)
        )
    }
}

fn django_value(tokens: &[String], nonce: &str, keyword: impl Fn(&str) -> Option<&'static str>) -> String {
    let mut items: Vec<String> = Vec::new();
    for token in tokens {
        let lower = token.to_ascii_lowercase();
        if lower.starts_with("'nonce-") {
            if !items.iter().any(|i| i == nonce) {
                items.push(nonce.to_string());
            }
        } else if let Some(constant) = keyword(&lower) {
            items.push(constant.to_string());
        } else {
            items.push(py(token));
        }
    }
    if items.is_empty() {
        "True".into()
    } else {
        format!("[{}]", items.join(", "))
    }
}

fn dict_body(
    policy: &Policy,
    indent: &str,
    nonce: &str,
    keyword: impl Fn(&str) -> Option<&'static str> + Copy,
) -> String {
    policy
        .directives
        .iter()
        .map(|d| format!("{indent}{}: {},\n", py(&d.name), django_value(&d.tokens, nonce, keyword)))
        .collect()
}

/// Django 6.0+: the built-in CSP middleware and `SECURE_CSP` / `SECURE_CSP_REPORT_ONLY`.
pub fn django_builtin(policy: &Policy) -> String {
    let keyword = |token: &str| -> Option<&'static str> {
        Some(match token {
            "'none'" => "CSP.NONE",
            "'self'" => "CSP.SELF",
            "'strict-dynamic'" => "CSP.STRICT_DYNAMIC",
            "'unsafe-eval'" => "CSP.UNSAFE_EVAL",
            "'unsafe-hashes'" => "CSP.UNSAFE_HASHES",
            "'unsafe-inline'" => "CSP.UNSAFE_INLINE",
            "'wasm-unsafe-eval'" => "CSP.WASM_UNSAFE_EVAL",
            "'report-sample'" => "CSP.REPORT_SAMPLE",
            _ => return None,
        })
    };
    let setting = if policy.disposition == Disposition::Enforce { "SECURE_CSP" } else { "SECURE_CSP_REPORT_ONLY" };
    format!(
        "# settings.py (Django 6.0 or later)\nfrom django.utils.csp import CSP\n\nMIDDLEWARE = [\n    # ...\n    \"django.middleware.csp.ContentSecurityPolicyMiddleware\",\n]\n# For nonces in templates, add \"django.template.context_processors.csp\" to the\n# context processors and write <script nonce=\"{{{{ csp_nonce }}}}\">.\n{setting} = {{\n{}}}\n",
        dict_body(policy, "    ", "CSP.NONCE", keyword)
    )
}

/// django-csp 4.0, for Django before 6.0.
pub fn django_csp(policy: &Policy) -> String {
    let keyword = |token: &str| -> Option<&'static str> {
        Some(match token {
            "'none'" => "NONE",
            "'self'" => "SELF",
            "'strict-dynamic'" => "STRICT_DYNAMIC",
            "'unsafe-eval'" => "UNSAFE_EVAL",
            "'unsafe-hashes'" => "UNSAFE_HASHES",
            "'unsafe-inline'" => "UNSAFE_INLINE",
            "'wasm-unsafe-eval'" => "WASM_UNSAFE_EVAL",
            "'report-sample'" => "REPORT_SAMPLE",
            _ => return None,
        })
    };
    let setting = if policy.disposition == Disposition::Enforce {
        "CONTENT_SECURITY_POLICY"
    } else {
        "CONTENT_SECURITY_POLICY_REPORT_ONLY"
    };
    let mut body = dict_body(policy, "        ", "NONCE", keyword);
    // django-csp fills in `default-src 'self'` when the setting has no default-src
    // (csp.utils.default_config); `None` leaves it out, so the header is this policy.
    if policy.directive("default-src").is_none() {
        body.insert_str(0, "        \"default-src\": None,  # django-csp would add default-src 'self'\n");
    }
    format!(
        "# settings.py (django-csp 4.0, for Django before 6.0)\nfrom csp.constants import NONCE, NONE, REPORT_SAMPLE, SELF, STRICT_DYNAMIC, UNSAFE_EVAL, UNSAFE_HASHES, UNSAFE_INLINE, WASM_UNSAFE_EVAL\n\nMIDDLEWARE = [\n    # ...\n    \"csp.middleware.CSPMiddleware\",\n]\n# Templates: <script nonce=\"{{{{ request.csp_nonce }}}}\">\n{setting} = {{\n    \"DIRECTIVES\": {{\n{body}    }},\n}}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csp::policy::{parse_policy, Delivery};

    fn policy(text: &str) -> Policy {
        parse_policy(text, Disposition::Enforce, Delivery::Header).policy
    }

    #[test]
    fn talisman_gets_a_dict_and_the_nonce_directive() {
        let code =
            flask_talisman(&policy("default-src 'self'; script-src 'nonce-abc' 'strict-dynamic'; object-src 'none'"));
        assert!(code.contains("\"default-src\": \"'self'\","), "{code}");
        assert!(code.contains("\"script-src\": \"'strict-dynamic'\","), "{code}");
        assert!(code.contains("content_security_policy_nonce_in=[\"script-src\"]"), "{code}");
        assert!(!code.contains("nonce-abc"));
    }

    #[test]
    fn after_request_formats_a_fresh_nonce() {
        let code = flask_after_request(&policy("script-src 'nonce-abc'"));
        assert!(code.contains("\"script-src 'nonce-{nonce}'\".format(nonce=g.csp_nonce)"), "{code}");
        let plain = flask_after_request(&policy("img-src 'none'"));
        assert!(plain.contains("\"img-src 'none'\""), "{plain}");
    }

    #[test]
    fn django_uses_its_constants_and_nonce_sentinel() {
        let policy = policy("script-src 'self' 'nonce-abc' https://cdn.example; upgrade-insecure-requests");
        let builtin = django_builtin(&policy);
        assert!(builtin.contains("\"script-src\": [CSP.SELF, CSP.NONCE, \"https://cdn.example\"],"), "{builtin}");
        assert!(builtin.contains("\"upgrade-insecure-requests\": True,"), "{builtin}");
        assert!(builtin.contains("SECURE_CSP = {"));
        let legacy = django_csp(&policy);
        assert!(legacy.contains("\"DIRECTIVES\": {"), "{legacy}");
        assert!(legacy.contains("\"script-src\": [SELF, NONCE, \"https://cdn.example\"],"), "{legacy}");
        assert!(legacy.contains("\"default-src\": None,"), "{legacy}");
        assert!(!django_csp(&parse_policy("default-src 'none'", Disposition::Enforce, Delivery::Header).policy)
            .contains("None,"));
    }

    #[test]
    fn strange_text_stays_valid_python() {
        assert_eq!(py("a\"b\\c\n"), "\"a\\\"b\\\\c\\x0a\"");
    }
}
