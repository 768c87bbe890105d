//! bank.example, where Arthur is logged in, and evil.example, which forges requests to its
//! `/transfer`. For each request: whether Chromium attaches the session cookie (the cookies
//! engine's SameSite model, with Lax by default and its two-minute POST allowance), what the
//! framework's CSRF check says (its own message), and whether gold moved.

use serde::{Deserialize, Serialize};

use crate::cookies::jar::{Jar, StoredCookie};
use crate::cookies::sending::{decide, Method, NotSent, Request, RequestKind};
use crate::csp::url::Url;

use super::django::{mask_cipher_secret, process_view, DjangoCsrfSettings, DjangoRequest};
use super::flask_wtf::{generate_csrf, protect, FlaskRequest};

/// The bank's address.
pub const BANK: &str = "https://bank.example";
/// The attacker's page.
pub const EVIL_PAGE: &str = "https://evil.example/free-gold";
/// The bank's `SECRET_KEY` in this story (Flask-WTF signs its tokens with it).
pub const BANK_SECRET_KEY: &[u8] = b"bank-secret-key-of-the-story";
/// When the usual attack comes: ten minutes after Arthur logged in.
pub const ATTACK_AFTER_LOGIN: i64 = 600;
/// When the fresh-login attack comes: one minute after, inside Chromium's two minutes.
pub const FRESH_ATTACK_AFTER_LOGIN: i64 = 60;

/// Which framework runs the bank.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Framework {
    /// Flask with Flask-WTF's `CSRFProtect`.
    #[default]
    Flask,
    /// Django with `CsrfViewMiddleware`.
    Django,
}

/// The session cookie's SameSite setting (`SESSION_COOKIE_SAMESITE`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SameSiteSetting {
    /// No attribute (Flask's default): Chromium's Lax by default.
    #[default]
    Unset,
    /// `SameSite=None; Secure`.
    NoneSecure,
    /// `SameSite=Lax` (Django's default).
    Lax,
    /// `SameSite=Strict`.
    Strict,
}

impl SameSiteSetting {
    /// The attributes it adds to the `Set-Cookie` line.
    pub fn attributes(self) -> &'static str {
        match self {
            SameSiteSetting::Unset => "",
            SameSiteSetting::NoneSecure => "; Secure; SameSite=None",
            SameSiteSetting::Lax => "; SameSite=Lax",
            SameSiteSetting::Strict => "; SameSite=Strict",
        }
    }

    /// Reads a solution's or a link's value.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "unset" => SameSiteSetting::Unset,
            "none" => SameSiteSetting::NoneSecure,
            "lax" => SameSiteSetting::Lax,
            "strict" => SameSiteSetting::Strict,
            _ => return None,
        })
    }
}

/// How the bank is set up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankSettings {
    /// Flask or Django.
    pub framework: Framework,
    /// `CSRFProtect(app)` / `CsrfViewMiddleware` in `MIDDLEWARE`.
    pub protection: bool,
    /// The transfer view is `@csrf.exempt` / `@csrf_exempt`.
    pub exempt: bool,
    /// The session cookie's SameSite.
    pub same_site: SameSiteSetting,
    /// `/transfer` also answers GET (`methods=["GET", "POST"]`, or no `@require_POST`).
    pub transfer_accepts_get: bool,
}

/// A request to `/transfer` (or, for the e-mailed link, to the bank's front page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Scenario {
    /// evil.example's auto-submitting `<form method=post>`, ten minutes after login.
    AutoSubmitForm,
    /// `<img src="https://bank.example/transfer?to=dragon&amount=100">`.
    ImageGet,
    /// `fetch(…, {method: "POST", credentials: "include", mode: "no-cors"})`.
    CredentialedFetch,
    /// A link to `/transfer?to=dragon&amount=100` that Arthur clicks.
    ClickedLink,
    /// The auto-submitting form one minute after Arthur logged in.
    FreshLoginPost,
    /// The honest case: the bank's own transfer form, with its token.
    BankForm,
    /// The honest case: a link to the bank in an e-mail, which should arrive logged in.
    EmailLink,
}

impl Scenario {
    /// The forged requests, in the order the sandbox shows them.
    pub const FORGED: [Scenario; 5] = [
        Scenario::AutoSubmitForm,
        Scenario::ImageGet,
        Scenario::CredentialedFetch,
        Scenario::ClickedLink,
        Scenario::FreshLoginPost,
    ];

    /// Its name in the sandbox.
    pub fn label(self) -> &'static str {
        match self {
            Scenario::AutoSubmitForm => "evil.example's auto-submitting POST form",
            Scenario::ImageGet => "an <img> pointing at /transfer",
            Scenario::CredentialedFetch => "a credentialed fetch() POST",
            Scenario::ClickedLink => "a link to /transfer?to=dragon that Arthur clicks",
            Scenario::FreshLoginPost => "the POST form, one minute after Arthur logged in",
            Scenario::BankForm => "the bank's own transfer form (honest)",
            Scenario::EmailLink => "a link to the bank in an e-mail (honest)",
        }
    }

    fn method(self) -> Method {
        match self {
            Scenario::AutoSubmitForm | Scenario::CredentialedFetch | Scenario::FreshLoginPost | Scenario::BankForm => {
                Method::Post
            }
            Scenario::ImageGet | Scenario::ClickedLink | Scenario::EmailLink => Method::Get,
        }
    }

    fn kind(self) -> RequestKind {
        match self {
            Scenario::ImageGet | Scenario::CredentialedFetch => RequestKind::Subresource,
            _ => RequestKind::TopLevelNavigation,
        }
    }

    /// The page that starts the request.
    fn initiator(self) -> &'static str {
        match self {
            Scenario::BankForm => "https://bank.example/transfer",
            Scenario::EmailLink => "https://mail.example/inbox",
            _ => EVIL_PAGE,
        }
    }

    fn seconds_after_login(self) -> i64 {
        if self == Scenario::FreshLoginPost {
            FRESH_ATTACK_AFTER_LOGIN
        } else {
            ATTACK_AFTER_LOGIN
        }
    }
}

/// What the server did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ServerAnswer {
    /// `405 Method Not Allowed`: `/transfer` takes POST only.
    MethodNotAllowed,
    /// The framework's CSRF check refused it: status and its own message.
    CsrfRejected {
        /// 400 (Flask-WTF) or 403 (Django).
        status: u16,
        /// Flask-WTF's message or Django's reason.
        message: String,
    },
    /// No session: redirected to the login page.
    NotLoggedIn,
    /// The transfer ran (or, for the e-mailed link, Arthur's account page showed).
    Done,
}

/// One request's story.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Which request.
    pub scenario: Scenario,
    /// Whether Chromium attached the session cookie, or why not.
    pub cookie: Result<(), NotSent>,
    /// The server's answer.
    pub answer: ServerAnswer,
    /// Gold moved (for the honest form: Arthur's own transfer went through; for the e-mailed
    /// link: he arrived logged in).
    pub gold_moved: bool,
}

/// The cookies the bank set at login, as Chromium stored them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Login {
    /// The session cookie.
    pub session: Option<StoredCookie>,
    /// Django's `csrftoken` cookie (`CSRF_COOKIE_SAMESITE = "Lax"`, its default).
    pub csrf_cookie: Option<StoredCookie>,
    /// The raw token in Flask's session, or Django's secret.
    pub secret: String,
    /// The token in the bank's own form.
    pub form_token: String,
}

/// The `Set-Cookie` line the bank sends at login.
pub fn session_set_cookie(settings: &BankSettings) -> String {
    let name = match settings.framework {
        Framework::Flask => "session",
        Framework::Django => "sessionid",
    };
    format!("{name}=arthur-logged-in; HttpOnly; Path=/{}", settings.same_site.attributes())
}

/// Arthur logs in at `login_at`: the cookies stored, the CSRF secret, the form's token.
/// `secret` is Flask-WTF's raw token (40 hex digits) or Django's secret (32 letters or digits),
/// `mask` Django's mask for the form's token, both from the caller's randomness.
pub fn login(settings: &BankSettings, login_at: i64, secret: &str, mask: &str) -> Login {
    let mut jar = Jar::default();
    let Some(bank) = Url::parse("https://bank.example/login") else {
        return Login { session: None, csrf_cookie: None, secret: String::new(), form_token: String::new() };
    };
    let csrf_line = format!("csrftoken={secret}; Path=/; SameSite=Lax");
    let mut lines = vec![session_set_cookie(settings)];
    if settings.framework == Framework::Django {
        lines.push(csrf_line);
    }
    jar.receive(&bank, lines.iter().map(String::as_str), login_at);
    let find = |prefix: &str| jar.cookies.iter().find(|c| c.name == prefix).cloned();
    let (session, csrf_cookie) = match settings.framework {
        Framework::Flask => (find("session"), None),
        Framework::Django => (find("sessionid"), find("csrftoken")),
    };
    let form_token = match settings.framework {
        Framework::Flask => generate_csrf(BANK_SECRET_KEY, secret, u64::try_from(login_at).unwrap_or_default()),
        Framework::Django => mask_cipher_secret(secret, mask).unwrap_or_default(),
    };
    Login { session, csrf_cookie, secret: secret.to_string(), form_token }
}

/// What happens to `scenario` for Arthur, logged in at `login_at`.
pub fn run(settings: &BankSettings, login: &Login, login_at: i64, scenario: Scenario) -> Outcome {
    let now = login_at.saturating_add(scenario.seconds_after_login());
    let path = if scenario == Scenario::EmailLink { "/" } else { "/transfer" };
    let target = Url::parse(&format!("{BANK}{path}"));
    let initiator = Url::parse(scenario.initiator());
    let (Some(target), Some(initiator)) = (target, initiator) else {
        return Outcome {
            scenario,
            cookie: Err(NotSent::OtherHost),
            answer: ServerAnswer::NotLoggedIn,
            gold_moved: false,
        };
    };
    let request = Request { url: target, initiator: Some(initiator), kind: scenario.kind(), method: scenario.method() };
    let sent = |cookie: &Option<StoredCookie>| match cookie {
        Some(c) => decide(c, &request, now),
        None => Err(NotSent::Expired),
    };
    let cookie = sent(&login.session);
    let csrf_cookie_sent = sent(&login.csrf_cookie).is_ok();
    let method = match scenario.method() {
        Method::Get => "GET",
        Method::Post => "POST",
    };
    let answer = if scenario.method() == Method::Get && !settings.transfer_accepts_get && path == "/transfer" {
        ServerAnswer::MethodNotAllowed
    } else {
        // Chromium's default Referrer-Policy, strict-origin-when-cross-origin: the full URL to
        // the same origin, only the origin cross-origin. It sends Origin on every POST.
        let referer = if scenario.initiator().starts_with(BANK) {
            scenario.initiator().to_string()
        } else {
            format!("{}/", scenario.initiator().splitn(4, '/').take(3).collect::<Vec<_>>().join("/"))
        };
        let origin = scenario.initiator().splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
        let honest_form = scenario == Scenario::BankForm;
        let check = if !settings.protection {
            Ok(())
        } else {
            match settings.framework {
                Framework::Flask => {
                    // @csrf.exempt: CSRFProtect skips the view.
                    if settings.exempt {
                        Ok(())
                    } else {
                        let request = FlaskRequest {
                            method,
                            secure: true,
                            host: "bank.example",
                            referrer: Some(referer.as_str()),
                            form_token: honest_form.then_some(login.form_token.as_str()),
                            header_token: None,
                            session_token: cookie.is_ok().then_some(login.secret.as_str()),
                        };
                        protect(&request, BANK_SECRET_KEY, u64::try_from(now).unwrap_or_default())
                            .map_err(|e| (400, e.to_string()))
                    }
                }
                Framework::Django => {
                    let request = DjangoRequest {
                        method,
                        secure: true,
                        host: "bank.example",
                        origin: (scenario.method() == Method::Post).then_some(origin.as_str()),
                        referer: Some(referer.as_str()),
                        csrf_cookie: csrf_cookie_sent.then_some(login.secret.as_str()),
                        post_token: honest_form.then_some(login.form_token.as_str()),
                        header_token: None,
                        exempt: settings.exempt,
                    };
                    process_view(&request, &DjangoCsrfSettings::default()).map_err(|e| (403, e.to_string()))
                }
            }
        };
        match check {
            Err((status, message)) => ServerAnswer::CsrfRejected { status, message },
            Ok(()) if cookie.is_err() => ServerAnswer::NotLoggedIn,
            Ok(()) => ServerAnswer::Done,
        }
    };
    let gold_moved = answer == ServerAnswer::Done;
    Outcome { scenario, cookie, answer, gold_moved }
}
