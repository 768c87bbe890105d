//! The cookies engine: storage and sending rules, table-driven, and its quests.

use std::collections::BTreeMap;

use proptest::prelude::*;

use crate::csp::url::Url;
use crate::sandbox::{SandboxEngine, Solution};

use super::jar::{Jar, StoreRejection, StoreResult};
use super::sandbox::{CookiesSandbox, CookiesState};
use super::sending::{decide, Method, NotSent, Request, RequestKind};
use super::set_cookie::SameSite;

const NOW: i64 = 1_767_225_600;

fn url(s: &str) -> Url {
    Url::parse(s).unwrap_or_else(|| panic!("{s}"))
}

fn store(from: &str, line: &str) -> StoreResult {
    let mut jar = Jar::default();
    jar.receive(&url(from), [line], NOW).remove(0).result
}

fn stored(from: &str, line: &str) -> super::jar::StoredCookie {
    match store(from, line) {
        StoreResult::Stored(c) => c,
        other => panic!("{line}: {other:?}"),
    }
}

#[test]
fn storage_rejects_what_chromium_rejects() {
    use StoreRejection::*;
    let https = "https://castle.example/login";
    let http = "http://castle.example/login";
    let cases: [(&str, &str, StoreRejection); 12] = [
        (
            https,
            "a=1; Domain=evil.example",
            DomainMismatch { domain: "evil.example".into(), host: "castle.example".into() },
        ),
        (https, "a=1; Domain=example", PublicSuffix("example".into())),
        ("https://arthur.github.io/", "a=1; Domain=github.io", PublicSuffix("github.io".into())),
        ("https://shop.bank.co.uk/", "a=1; Domain=.co.uk", PublicSuffix("co.uk".into())),
        (http, "a=1; Secure", SecureFromInsecureOrigin),
        (https, "a=1; SameSite=None", SameSiteNoneWithoutSecure),
        (https, "__Secure-a=1", SecurePrefix),
        (https, "__Host-a=1; Secure; Path=/; Domain=castle.example", HostPrefix("may not have a Domain attribute")),
        (https, "__Host-a=1; Secure", HostPrefix("must have Path=/")),
        (https, "__host-a=1; Path=/", HostPrefix("must have Secure and come from https")),
        (https, "=__Host-a=1; Secure; Path=/", NamelessPrefix),
        (https, "a=1\u{1}", Parse(super::set_cookie::ParseRejection::ControlCharacter)),
    ];
    for (from, line, want) in cases {
        assert_eq!(store(from, line), StoreResult::Rejected(want), "{line}");
    }
    assert!(matches!(store(https, "="), StoreResult::Rejected(Parse(_))));
    // Name plus value: 4096 bytes are kept, 4097 are not.
    assert!(matches!(store(https, &format!("a={}", "x".repeat(4095))), StoreResult::Stored(_)));
    assert!(matches!(store(https, &format!("a={}", "x".repeat(4096))), StoreResult::Rejected(Parse(_))));
}

#[test]
fn attributes_follow_the_rfc_and_chromium() {
    let https = "https://castle.example/account/login";
    let c = stored(https, "sid=1");
    assert_eq!((c.path.as_str(), c.host_only, c.expires), ("/account", true, None));
    assert_eq!(c.same_site, SameSite::Unspecified);
    // Last attribute wins; Max-Age beats Expires whatever the order.
    let c = stored(
        https,
        "sid=1; Max-Age=60; Expires=Wed, 21 Oct 2099 07:28:00 GMT; Path=/a; Path=/b; SameSite=Lax; SameSite=Strict",
    );
    assert_eq!((c.expires, c.path.as_str(), c.same_site), (Some(NOW + 60), "/b", SameSite::Strict));
    // Expiry capped at 400 days.
    let c = stored(https, "sid=1; Max-Age=999999999");
    assert_eq!(c.expires, Some(NOW + 400 * 86_400));
    // A Domain that is the host's parent makes a domain cookie; a leading dot changes nothing.
    let c = stored("https://www.castle.example/", "sid=1; Domain=.Castle.Example");
    assert_eq!((c.domain.as_str(), c.host_only), ("castle.example", false));
    // A public suffix equal to the host is allowed as host-only (RFC 6265bis §5.7 step 9).
    let c = stored("https://github.io/", "sid=1; Domain=github.io");
    assert!(c.host_only);
    // Unreadable attributes are ignored, not the cookie.
    let c = stored(https, "sid=1; Expires=soon; Max-Age=ten; SameSite=Sometimes; Path=relative");
    assert_eq!((c.expires, c.same_site, c.path.as_str()), (None, SameSite::Unspecified, "/account"));
    // Localhost is a secure origin for Secure cookies.
    assert!(stored("http://localhost:5000/", "sid=1; Secure").secure);
    // Max-Age=0 deletes.
    let mut jar = Jar::default();
    let out = jar.receive(&url(https), ["sid=1; Path=/", "sid=; Path=/; Max-Age=0"], NOW);
    assert_eq!(out.get(1).map(|o| &o.result), Some(&StoreResult::Deleted { name: "sid".into() }));
    assert!(jar.cookies.is_empty());
}

#[test]
fn plain_http_cannot_overwrite_a_secure_cookie() {
    let mut jar = Jar::default();
    jar.receive(&url("https://castle.example/"), ["sid=real; Secure; Path=/"], NOW);
    let out = jar.receive(&url("http://castle.example/"), ["sid=forged; Path=/"], NOW);
    assert_eq!(out.first().map(|o| &o.result), Some(&StoreResult::Rejected(StoreRejection::OverwriteSecure)));
}

fn request(to: &str, from: Option<&str>, kind: RequestKind, method: Method) -> Request {
    Request { url: url(to), initiator: from.map(url), kind, method }
}

#[test]
fn samesite_decides_as_chromium_does() {
    use Method::*;
    use RequestKind::*;
    let site = "https://castle.example/login";
    let bank = "https://castle.example/transfer";
    let evil = Some("https://evil.example/");
    let none = stored(site, "a=1; Path=/; SameSite=None; Secure");
    let lax = stored(site, "a=1; Path=/; SameSite=Lax");
    let strict = stored(site, "a=1; Path=/; SameSite=Strict");
    let unset = stored(site, "a=1; Path=/");
    let post = request(bank, evil, TopLevelNavigation, Post);
    let link = request(bank, evil, TopLevelNavigation, Get);
    let img = request(bank, evil, Subresource, Get);
    assert_eq!(decide(&none, &post, NOW + 600), Ok(()));
    assert_eq!(decide(&none, &img, NOW + 600), Ok(()));
    assert_eq!(decide(&lax, &post, NOW), Err(NotSent::Lax));
    assert_eq!(decide(&lax, &link, NOW), Ok(()));
    assert_eq!(decide(&lax, &img, NOW), Err(NotSent::Lax));
    assert_eq!(decide(&strict, &link, NOW), Err(NotSent::Strict));
    // Lax by default, with the two-minute top-level POST allowance.
    assert_eq!(decide(&unset, &post, NOW + 120), Ok(()));
    assert_eq!(decide(&unset, &post, NOW + 121), Err(NotSent::LaxByDefault { age: 121 }));
    assert_eq!(decide(&unset, &img, NOW + 5), Err(NotSent::LaxByDefault { age: 5 }));
    assert_eq!(decide(&unset, &link, NOW + 600), Ok(()));
    // Same site: another subdomain of castle.example is not cross-site; another scheme is.
    let from_shop = request(bank, Some("https://shop.castle.example/"), Subresource, Post);
    assert_eq!(decide(&strict, &from_shop, NOW), Ok(()));
    let from_http = request(bank, Some("http://castle.example/"), Subresource, Post);
    assert_eq!(decide(&strict, &from_http, NOW), Err(NotSent::Strict));
    // Secure cookies stay off plain http; paths are matched on segments.
    let secure = stored(site, "a=1; Path=/admin; Secure");
    assert_eq!(
        decide(&secure, &request("http://castle.example/admin", None, TopLevelNavigation, Get), NOW),
        Err(NotSent::InsecureRequest)
    );
    assert_eq!(
        decide(&secure, &request("https://castle.example/administrator", None, TopLevelNavigation, Get), NOW),
        Err(NotSent::OtherPath)
    );
    assert_eq!(decide(&secure, &request("https://castle.example/admin/x", None, TopLevelNavigation, Get), NOW), Ok(()));
}

fn solution(pairs: &[(&str, &str)]) -> Solution {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>()
}

fn solved(state: &CookiesState) -> Vec<String> {
    let outcome = CookiesSandbox::outcome(state, &mut CookiesSandbox::test_env());
    crate::sandbox::solved_quests::<CookiesSandbox>(&["steal-the-session", "host-only-fortress"], &outcome)
}

#[test]
fn quests_start_unsolved_and_their_solutions_solve_them() {
    let start = CookiesState::default();
    assert!(solved(&start).is_empty(), "{:?}", solved(&start));

    let mut attack = start.clone();
    CookiesSandbox::apply(&mut attack, &solution(&[("set_cookie", "session=eyJ1c2VyIjoiYXJ0aHVyIn0.x.y; Path=/")]))
        .ok();
    assert_eq!(solved(&attack), ["steal-the-session"]);

    let fix = "__Host-session=eyJ1c2VyIjoiYXJ0aHVyIn0.x.y; Secure; HttpOnly; SameSite=Lax; Path=/";
    let mut defence = start.clone();
    CookiesSandbox::apply(&mut defence, &solution(&[("set_cookie", fix)])).ok();
    assert_eq!(solved(&defence), ["host-only-fortress"]);

    // Not the fix: Strict breaks the followed link, a Domain cookie reaches the sibling, a
    // __Host- cookie from plain http is not even stored, __Secure- can still be tossed.
    for broken in [
        "__Host-session=x; Secure; HttpOnly; SameSite=Strict; Path=/",
        "__Host-session=x; Secure; HttpOnly; SameSite=Lax; Path=/; Domain=castle.example",
        "__Secure-session=x; Secure; HttpOnly; SameSite=Lax; Path=/",
        "__Host-session=x; Secure; HttpOnly; Path=/",
    ] {
        let mut s = start.clone();
        s.set_cookie = broken.to_string();
        assert!(!solved(&s).contains(&"host-only-fortress".to_string()), "{broken}");
    }
    let mut from_http = defence.clone();
    from_http.response_url = "http://castle.example/login".into();
    assert!(solved(&from_http).is_empty());
}

#[test]
fn bounded_on_a_megabyte() {
    let state = CookiesState { set_cookie: "a=1; Path=/\n".repeat(90_000), ..CookiesState::default() };
    let outcome = CookiesSandbox::outcome(&state, &mut CookiesSandbox::test_env());
    assert!(outcome.truncated.is_some());
    assert!(outcome.lines.len() <= super::sandbox::MAX_LINES);
    assert!(CookiesSandbox::check(&state).is_err());
}

proptest! {
    #[test]
    fn never_panics(lines in "[ -~\\t\\n\u{e9}\u{1f409}]{0,300}", url in "[a-z:/.\\[\\]0-9]{0,40}", delay in 0u64..1000) {
        let state = CookiesState { response_url: url, set_cookie: lines.clone(), seconds_before_attack: delay };
        let _ = CookiesSandbox::outcome(&state, &mut CookiesSandbox::test_env());
        let state = CookiesState { set_cookie: lines, ..CookiesState::default() };
        let _ = CookiesSandbox::outcome(&state, &mut CookiesSandbox::test_env());
    }

    #[test]
    fn never_panics_on_dates(text in "\\PC{0,80}") {
        let _ = super::date::parse_cookie_date(&text);
    }
}
