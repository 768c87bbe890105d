//! Prints the cookie engine's predictions as JSON for the Chromium agreement test
//! (`tests/e2e/cookie-agreement.spec.ts`):
//! - `stores`: responses with `Set-Cookie` lines, and the jar the engine says Chromium keeps,
//!   in the shape Playwright's `context.cookies()` reports it;
//! - `sends`: one jar set by bank.example, and for each request (typed, a link, a form, an
//!   image, a fetch, a frame, from another site or the same one) which cookies go with it.
//!
//! Run: `cargo run -p dragonproof-engines --example cookie_agreement -- <now>`, where `now` is
//! the Unix time in seconds the test sets the cookies at (expiries are absolute).

use dragonproof_engines::cookies::jar::{Jar, StoredCookie};
use dragonproof_engines::cookies::sending::{decide, Method, Request, RequestKind};
use dragonproof_engines::cookies::set_cookie::SameSite;
use dragonproof_engines::csp::url::Url;
use serde_json::{json, Value};

const CASTLE: &str = "https://castle.example/";

/// A store case: a name and its responses, each a URL and its `Set-Cookie` lines.
type StoreCase = (&'static str, Vec<(&'static str, Vec<String>)>);

fn one(line: &str) -> Vec<(&'static str, Vec<String>)> {
    vec![(CASTLE, vec![line.to_string()])]
}

fn at(url: &'static str, line: &str) -> Vec<(&'static str, Vec<String>)> {
    vec![(url, vec![line.to_string()])]
}

fn store_cases() -> Vec<StoreCase> {
    let long_value = "x".repeat(4095);
    let too_long_value = "x".repeat(4096);
    let long_path = format!("/{}", "a".repeat(1100));
    vec![
        ("a plain cookie", one("id=1")),
        ("Path", one("id=1; Path=/admin")),
        ("default path from a page in a folder", at("https://castle.example/docs/page", "id=1")),
        ("default path from a folder's index", at("https://castle.example/docs/", "id=1")),
        (
            "a Path that does not start with / is the default path",
            at("https://castle.example/docs/page", "id=1; Path=relative"),
        ),
        ("Domain makes a domain cookie", one("id=1; Domain=castle.example")),
        ("Domain's leading dot is dropped", one("id=1; Domain=.castle.example")),
        ("Domain in capitals", one("id=1; Domain=CASTLE.EXAMPLE")),
        ("Domain of another site is refused", one("id=1; Domain=evil.example")),
        ("Domain of a subdomain is refused", one("id=1; Domain=www.castle.example")),
        ("Domain of an unlisted TLD is a public suffix", one("id=1; Domain=example")),
        ("Domain=co.uk is refused", at("https://www.castle.co.uk/", "id=1; Domain=co.uk")),
        ("Domain of the registrable domain under co.uk", at("https://www.castle.co.uk/", "id=1; Domain=castle.co.uk")),
        ("Domain=github.io is refused", at("https://arthur.github.io/", "id=1; Domain=github.io")),
        ("Secure from https", one("id=1; Secure")),
        ("Secure from plain http is refused", at("http://castle.example/", "id=1; Secure")),
        ("Secure from http://localhost", at("http://localhost/", "id=1; Secure")),
        ("HttpOnly", one("id=1; HttpOnly")),
        ("SameSite=Strict", one("id=1; SameSite=Strict")),
        ("SameSite=Lax", one("id=1; SameSite=Lax")),
        ("SameSite=None with Secure", one("id=1; SameSite=None; Secure")),
        ("SameSite=None without Secure is refused", one("id=1; SameSite=None")),
        ("SameSite in lower case", one("id=1; samesite=strict")),
        ("an unknown SameSite is no SameSite", one("id=1; SameSite=Bogus")),
        ("the last SameSite wins", one("id=1; SameSite=Strict; SameSite=Lax")),
        ("the last Path wins", one("id=1; Path=/a; Path=/b")),
        ("Max-Age", one("id=1; Max-Age=3600")),
        ("Max-Age over Expires", one("id=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=3600")),
        ("Expires in the future", one("id=1; Expires=Fri, 01 Oct 2027 12:00:00 GMT")),
        ("Expires beyond 400 days is capped", one("id=1; Expires=Thu, 01 Jan 2099 00:00:00 GMT")),
        ("Max-Age beyond 400 days is capped", one("id=1; Max-Age=999999999")),
        ("Max-Age=0 stores nothing", one("id=1; Max-Age=0")),
        ("a negative Max-Age stores nothing", one("id=1; Max-Age=-5")),
        ("Expires in the past stores nothing", one("id=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT")),
        ("an unreadable Expires is a session cookie", one("id=1; Expires=tomorrow")),
        ("a two-digit year", one("id=1; Expires=Tue, 01-Jun-27 00:00:00 GMT")),
        ("an unreadable Max-Age is ignored", one("id=1; Max-Age=soon")),
        ("spaces around names and values", one("  id  =  1  ;  Path = /x  ")),
        ("a value with spaces and quotes", one("id=\"a b\"")),
        ("no = is a nameless cookie", one("lonely")),
        ("an empty name", one("=lonely")),
        ("an empty name and value is refused", one("=")),
        ("__Secure- with Secure", one("__Secure-id=1; Secure")),
        ("__Secure- without Secure is refused", one("__Secure-id=1")),
        ("__Host- done right", one("__Host-id=1; Secure; Path=/")),
        ("__Host- with Domain is refused", one("__Host-id=1; Secure; Path=/; Domain=castle.example")),
        ("__Host- without a Path attribute is refused", one("__Host-id=1; Secure")),
        ("prefixes are matched in any case", one("__host-id=1; Secure")),
        ("a __SECURE- prefix without Secure is refused", one("__SECURE-id=1")),
        ("a nameless value that looks like a prefix is refused", one("__Host-id")),
        ("name and value of 4096 bytes", one(&format!("a={long_value}"))),
        ("name and value over 4096 bytes are refused", one(&format!("a={too_long_value}"))),
        ("an attribute over 1024 bytes is ignored", one(&format!("id=1; Path={long_path}"))),
        ("a second response replaces the value", vec![(CASTLE, vec!["id=1".into()]), (CASTLE, vec!["id=2".into()])]),
        ("two paths are two cookies", vec![(CASTLE, vec!["id=1; Path=/".into(), "id=2; Path=/admin".into()])]),
        (
            "host-only and domain cookies are two cookies",
            vec![(CASTLE, vec!["id=1".into(), "id=2; Domain=castle.example".into()])],
        ),
        ("Max-Age=0 deletes", vec![(CASTLE, vec!["id=1".into()]), (CASTLE, vec!["id=; Max-Age=0".into()])]),
        (
            "a delete must name the same path",
            vec![(CASTLE, vec!["id=1; Path=/admin".into()]), (CASTLE, vec!["id=; Max-Age=0".into()])],
        ),
        (
            "plain http may not overwrite a Secure cookie",
            vec![(CASTLE, vec!["id=1; Secure".into()]), ("http://castle.example/", vec!["id=2".into()])],
        ),
        ("a subdomain sets a cookie for the parent", at("https://shop.castle.example/", "id=1; Domain=castle.example")),
    ]
}

/// A cookie as Playwright's `context.cookies()` reports one from Chromium: a domain cookie's
/// domain with a leading dot, a session cookie's expiry as -1, and no SameSite as "Lax" (the
/// DevTools protocol leaves it out and Playwright fills in Lax; the send cases tell the two apart).
fn as_playwright(cookie: &StoredCookie) -> Value {
    json!({
        "name": cookie.name,
        "value": cookie.value,
        "domain": if cookie.host_only { cookie.domain.clone() } else { format!(".{}", cookie.domain) },
        "path": cookie.path,
        "secure": cookie.secure,
        "httpOnly": cookie.http_only,
        "sameSite": match cookie.same_site {
            SameSite::Strict => "Strict",
            SameSite::Lax | SameSite::Unspecified => "Lax",
            SameSite::None => "None",
        },
        "expires": cookie.expires.unwrap_or(-1),
    })
}

fn url(text: &str) -> Url {
    Url::parse(text).unwrap_or_else(|| panic!("a case's URL must parse: {text}"))
}

/// The bank's cookies, set at login, one of each kind.
const BANK_LOGIN: &str = "https://bank.example/login";
const BANK_COOKIES: [&str; 8] = [
    "none=1; SameSite=None; Secure",
    "lax=1; SameSite=Lax",
    "strict=1; SameSite=Strict",
    "unset=1",
    "secure=1; Secure",
    "admin=1; Path=/admin",
    "domain=1; Domain=bank.example",
    "httponly=1; HttpOnly",
];

/// A request case: name, the page it starts from (`None`: typed in the address bar), how
/// (`typed`, `link`, `form-get`, `form-post`, `img`, `fetch`, `iframe`), where it goes, and how
/// many seconds after login it is made.
type SendCase = (&'static str, Option<&'static str>, &'static str, &'static str, i64);

fn send_cases() -> Vec<SendCase> {
    let evil = Some("https://evil.example/");
    let shop = Some("https://shop.bank.example/");
    let plain_bank = Some("http://bank.example/");
    let bank = Some("https://bank.example/home");
    vec![
        ("typed address", None, "typed", "https://bank.example/transfer", 0),
        ("typed plain-http address", None, "typed", "http://bank.example/transfer", 0),
        ("a stranger's link", evil, "link", "https://bank.example/transfer", 0),
        ("a stranger's GET form", evil, "form-get", "https://bank.example/transfer", 0),
        ("a stranger's POST form, minutes after login", evil, "form-post", "https://bank.example/transfer", 0),
        ("a stranger's image", evil, "img", "https://bank.example/transfer", 0),
        ("a stranger's credentialed fetch", evil, "fetch", "https://bank.example/transfer", 0),
        ("a stranger's frame", evil, "iframe", "https://bank.example/transfer", 0),
        ("a stranger's link into /admin", evil, "link", "https://bank.example/admin/panel", 0),
        ("a stranger's POST form into /admin", evil, "form-post", "https://bank.example/admin/panel", 0),
        ("a stranger's image from a subdomain", evil, "img", "https://api.bank.example/transfer", 0),
        ("a stranger's link to www", evil, "link", "https://www.bank.example/", 0),
        ("a plain-http stranger's link", Some("http://evil.example/"), "link", "https://bank.example/transfer", 0),
        ("a subdomain's link", shop, "link", "https://bank.example/transfer", 0),
        ("a subdomain's POST form", shop, "form-post", "https://bank.example/transfer", 0),
        ("a subdomain's image", shop, "img", "https://bank.example/transfer", 0),
        ("a subdomain's fetch", shop, "fetch", "https://bank.example/transfer", 0),
        ("a subdomain's frame", shop, "iframe", "https://bank.example/transfer", 0),
        ("the bank's own image", bank, "img", "https://bank.example/transfer", 0),
        ("the bank's own POST form", bank, "form-post", "https://bank.example/transfer", 0),
        ("the bank's plain-http page posts to https", plain_bank, "form-post", "https://bank.example/transfer", 0),
        ("the bank's plain-http page's image", plain_bank, "img", "https://bank.example/transfer", 0),
        ("the bank's plain-http page's link", plain_bank, "link", "https://bank.example/transfer", 0),
        // Past Chromium's two minutes of "Lax allowing unsafe" for a cookie without SameSite.
        (
            "a stranger's POST form, over two minutes after login",
            evil,
            "form-post",
            "https://bank.example/transfer",
            125,
        ),
        ("a stranger's link, over two minutes after login", evil, "link", "https://bank.example/transfer", 125),
    ]
}

fn main() {
    let now: i64 = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
    });

    let stores: Vec<Value> = store_cases()
        .into_iter()
        .map(|(name, responses)| {
            let mut jar = Jar::default();
            for (at, lines) in &responses {
                jar.receive(&url(at), lines.iter().map(String::as_str), now);
            }
            json!({
                "name": name,
                "responses": responses.iter().map(|(at, lines)| json!({ "url": at, "lines": lines })).collect::<Vec<_>>(),
                "jar": jar.cookies.iter().map(as_playwright).collect::<Vec<_>>(),
            })
        })
        .collect();

    let mut bank = Jar::default();
    bank.receive(&url(BANK_LOGIN), BANK_COOKIES, now);
    let requests: Vec<Value> = send_cases()
        .into_iter()
        .map(|(name, from, how, to, after)| {
            let (kind, method) = match how {
                "typed" | "link" | "form-get" => (RequestKind::TopLevelNavigation, Method::Get),
                "form-post" => (RequestKind::TopLevelNavigation, Method::Post),
                _ => (RequestKind::Subresource, Method::Get),
            };
            let request = Request { url: url(to), initiator: from.map(url), kind, method };
            let at = now + after;
            let (sent, kept): (Vec<&StoredCookie>, Vec<&StoredCookie>) =
                bank.cookies.iter().partition(|c| decide(c, &request, at).is_ok());
            json!({
                "name": name,
                "from": from,
                "how": how,
                "to": to,
                "after": after,
                "sent": sent.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
                "kept": kept.iter().map(|c| json!([c.name, decide(c, &request, at).err().map(|e| e.to_string())])).collect::<Vec<_>>(),
            })
        })
        .collect();

    let out = json!({
        "now": now,
        "stores": stores,
        "sends": { "login": BANK_LOGIN, "cookies": BANK_COOKIES, "jar": bank.cookies.iter().map(as_playwright).collect::<Vec<_>>(), "requests": requests },
    });
    println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
}
