//! The csrf engine against the real libraries: `fixtures/csrf.json`, written by
//! `fixtures/make_csrf_fixtures.py` from Flask-WTF 1.3.0 and Django 6.1.3.

use serde_json::Value;

use super::django::{mask_cipher_secret, process_view, unmask_cipher_token, DjangoCsrfSettings, DjangoRequest};
use super::flask_wtf::{generate_csrf, protect, FlaskRequest};

fn fixtures() -> Value {
    serde_json::from_str(include_str!("../../fixtures/csrf.json")).expect("csrf.json is JSON")
}

fn text(case: &Value, key: &str) -> Option<String> {
    case.get(key).and_then(Value::as_str).map(str::to_string)
}

#[test]
fn flask_wtf_tokens_equal_flask_wtfs_byte_for_byte() {
    let fixtures = fixtures();
    let cases = fixtures["flask_wtf"]["tokens"].as_array().expect("tokens");
    assert!(cases.len() >= 18);
    for case in cases {
        let key = text(case, "secret_key").expect("key");
        let raw = text(case, "raw").expect("raw");
        let at = case["timestamp"].as_u64().expect("timestamp");
        assert_eq!(generate_csrf(key.as_bytes(), &raw, at), text(case, "token").expect("token"), "{case}");
    }
}

#[test]
fn flask_wtf_verdicts_and_messages_equal_flask_wtfs() {
    let fixtures = fixtures();
    let now = fixtures["now"].as_u64().expect("now");
    let key = text(&fixtures["flask_wtf"], "secret_key").expect("key");
    let cases = fixtures["flask_wtf"]["verdicts"].as_array().expect("verdicts");
    assert!(cases.len() >= 30);
    for case in cases {
        let (token, place) = (text(case, "token"), text(case, "place").unwrap_or_default());
        let (referrer, session) = (text(case, "referrer"), text(case, "session_token"));
        let method = text(case, "method").expect("method");
        let request = FlaskRequest {
            method: &method,
            secure: case["secure"].as_bool().unwrap_or(false),
            host: "bank.example",
            referrer: referrer.as_deref(),
            form_token: token.as_deref().filter(|_| place == "form"),
            header_token: token.as_deref().filter(|_| place == "header"),
            session_token: session.as_deref(),
        };
        let ours = protect(&request, key.as_bytes(), now);
        let theirs = text(case, "message");
        assert_eq!(ours.map_err(|e| e.to_string()).err(), theirs, "{case}");
        assert_eq!(case["status"].as_u64(), Some(if theirs.is_some() { 400 } else { 200 }));
    }
}

#[test]
fn django_masked_tokens_equal_djangos() {
    let fixtures = fixtures();
    for case in fixtures["django"]["tokens"].as_array().expect("tokens") {
        let (secret, mask) = (text(case, "secret").expect("secret"), text(case, "mask").expect("mask"));
        let token = mask_cipher_secret(&secret, &mask).expect("alphanumeric");
        assert_eq!(Some(token.clone()), text(case, "token"), "{case}");
        assert_eq!(unmask_cipher_token(&token), text(case, "unmasked"));
    }
}

#[test]
fn django_verdicts_and_reasons_equal_djangos() {
    let fixtures = fixtures();
    let settings = DjangoCsrfSettings {
        trusted_origins: fixtures["django"]["trusted_origins"]
            .as_array()
            .expect("origins")
            .iter()
            .filter_map(|o| o.as_str().map(str::to_string))
            .collect(),
    };
    let cases = fixtures["django"]["verdicts"].as_array().expect("verdicts");
    assert!(cases.len() >= 100);
    for case in cases {
        let (method, place) = (text(case, "method").expect("method"), text(case, "place").unwrap_or_default());
        let (origin, referer, cookie, token) =
            (text(case, "origin"), text(case, "referer"), text(case, "cookie"), text(case, "token"));
        let request = DjangoRequest {
            method: &method,
            secure: case["secure"].as_bool().unwrap_or(false),
            host: "bank.example",
            origin: origin.as_deref(),
            referer: referer.as_deref(),
            csrf_cookie: cookie.as_deref(),
            post_token: token.as_deref().filter(|_| place == "POST"),
            header_token: token.as_deref().filter(|_| place == "header"),
            exempt: case["exempt"].as_bool().unwrap_or(false),
        };
        let ours = process_view(&request, &settings).map_err(|e| e.to_string()).err();
        assert_eq!(ours, text(case, "reason"), "{case}");
    }
}

#[test]
fn the_bank_story_follows_chromium_and_the_frameworks() {
    use super::bank::{BankSettings, Framework, SameSiteSetting, Scenario, ServerAnswer};
    use super::sandbox::CsrfSandbox;
    use crate::sandbox::SandboxEngine;
    let story = |settings: BankSettings| CsrfSandbox::outcome(&settings, &mut CsrfSandbox::test_env());
    let find = |outcome: &super::sandbox::CsrfOutcome, scenario| {
        outcome.forged.iter().find(|o| o.scenario == scenario).cloned().expect("forged")
    };
    // Flask's defaults, no protection: only the POST inside Chromium's two minutes moves gold.
    let open = story(BankSettings::default());
    assert!(find(&open, Scenario::FreshLoginPost).gold_moved);
    assert!(!find(&open, Scenario::AutoSubmitForm).gold_moved);
    assert_eq!(find(&open, Scenario::ImageGet).answer, ServerAnswer::MethodNotAllowed);
    // Django with its middleware: a forged POST is refused for its Origin, the honest form works.
    let django = story(BankSettings {
        framework: Framework::Django,
        protection: true,
        same_site: SameSiteSetting::NoneSecure,
        ..BankSettings::default()
    });
    assert_eq!(
        find(&django, Scenario::AutoSubmitForm).answer,
        ServerAnswer::CsrfRejected {
            status: 403,
            message: "Origin checking failed - https://evil.example does not match any trusted origins.".into()
        }
    );
    assert!(django.bank_form.gold_moved, "{:?}", django.bank_form);
    // @csrf_exempt opens the door again.
    let exempt = story(BankSettings { exempt: true, ..django.settings });
    assert!(find(&exempt, Scenario::AutoSubmitForm).gold_moved);
    // Flask-WTF: the forged form has no token.
    let flask = story(BankSettings { framework: Framework::Flask, ..django.settings });
    assert_eq!(
        find(&flask, Scenario::AutoSubmitForm).answer,
        ServerAnswer::CsrfRejected { status: 400, message: "The CSRF token is missing.".into() }
    );
    assert!(flask.bank_form.gold_moved, "{:?}", flask.bank_form);
    // Strict breaks the e-mailed link; Lax keeps it.
    let strict = story(BankSettings { same_site: SameSiteSetting::Strict, ..flask.settings });
    assert!(!strict.email_link.gold_moved);
    let lax = story(BankSettings { same_site: SameSiteSetting::Lax, ..flask.settings });
    assert!(lax.email_link.gold_moved);
}

proptest::proptest! {
    #[test]
    fn the_checks_never_panic(
        token in "\\PC{0,80}", referrer in "\\PC{0,40}", origin in "\\PC{0,40}", cookie in "\\PC{0,70}",
        secure: bool,
    ) {
        let flask = FlaskRequest {
            method: "POST", secure, host: "bank.example", referrer: Some(referrer.as_str()),
            form_token: Some(token.as_str()), header_token: None, session_token: Some(cookie.as_str()),
        };
        let _ = protect(&flask, b"k", 1_767_225_600);
        let django = DjangoRequest {
            method: "POST", secure, host: "bank.example", origin: Some(origin.as_str()).filter(|o| !o.is_empty()),
            referer: Some(referrer.as_str()), csrf_cookie: Some(cookie.as_str()), post_token: Some(token.as_str()), header_token: None,
            exempt: false,
        };
        let settings = DjangoCsrfSettings { trusted_origins: vec![origin.clone(), "https://*.x".into()] };
        let _ = process_view(&django, &settings);
        let _ = unmask_cipher_token(&token);
        let _ = mask_cipher_secret(&cookie, &token);
        let _ = super::url_split::urlsplit(&referrer).map(|u| (u.geturl(), u.hostname(), u.port()));
    }
}
