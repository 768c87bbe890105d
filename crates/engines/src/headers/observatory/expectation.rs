//! Every result an Observatory test can give, with its score modifier, and why and how to fix
//! it in our own words. The ids and the 1.4.8 modifiers are the package's (`src/types.js`,
//! `src/grader/charts.js` of `@mdn/mdn-http-observatory` 1.4.8).

use serde::Serialize;

/// Which scoring table applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Scoring {
    /// `@mdn/mdn-http-observatory` 1.4.8, the newest release the npm registry serves: what the
    /// committed fixtures were graded with.
    Observatory148,
    /// Today's scoring on MDN's "Tests & scoring" page: 1.4.8 plus two changes, kept as named
    /// deltas ([`Expectation::modifier`]): `X-Frame-Options: DENY`/`SAMEORIGIN` is worth +5
    /// (since 1.5.0), and Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy are graded.
    #[default]
    Current,
}

macro_rules! expectations {
    ($($variant:ident = $id:literal, $modifier:literal, $why:literal, $fix:literal;)*) => {
        /// One result of one test.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
        pub enum Expectation { $($variant),* }

        impl Expectation {
            /// The Observatory's id, as its API reports it.
            pub fn id(self) -> &'static str {
                match self { $(Expectation::$variant => $id),* }
            }

            /// The modifier in 1.4.8's table.
            fn modifier_148(self) -> i32 {
                match self { $(Expectation::$variant => $modifier),* }
            }

            /// Why this result, in plain words.
            pub fn why(self) -> &'static str {
                match self { $(Expectation::$variant => $why),* }
            }

            /// What to do about it (empty when nothing is left to do).
            pub fn fix(self) -> &'static str {
                match self { $(Expectation::$variant => $fix),* }
            }

            /// Every expectation, for tests.
            pub const ALL: &'static [Expectation] = &[$(Expectation::$variant),*];

            /// The result for an id from the Observatory's output.
            pub fn from_id(id: &str) -> Option<Expectation> {
                Expectation::ALL.iter().copied().find(|e| e.id() == id)
            }
        }
    };
}

expectations! {
    CspImplementedWithNoUnsafeDefaultSrcNone = "csp-implemented-with-no-unsafe-default-src-none", 10,
        "The policy starts from `default-src 'none'`, allows no unsafe sources, and limits where forms go.", "";
    CspImplementedWithNoUnsafe = "csp-implemented-with-no-unsafe", 5,
        "The policy allows neither `'unsafe-inline'` nor `'unsafe-eval'` for scripts.", "Start from `default-src 'none'` and allow only what the page needs, for the top mark.";
    CspImplementedWithUnsafeInlineInStyleSrcOnly = "csp-implemented-with-unsafe-inline-in-style-src-only", 0,
        "Scripts are locked down, but styles may come inline, from `data:` or from any https server.", "Remove `'unsafe-inline'`, `data:` and broad sources from `style-src`.";
    CspImplementedWithInsecureSchemeInPassiveContentOnly = "csp-implemented-with-insecure-scheme-in-passive-content-only", -10,
        "The https page still allows images or media over plain http, which an attacker on the network can swap.", "Load images and media over https and drop `http:` sources from `img-src`/`media-src`.";
    CspImplementedWithUnsafeEval = "csp-implemented-with-unsafe-eval", -10,
        "`'unsafe-eval'` lets injected strings run as code through `eval()` and friends.", "Stop using `eval()`/`new Function()` in the page's code, then remove `'unsafe-eval'`.";
    CspImplementedWithUnsafeInline = "csp-implemented-with-unsafe-inline", -20,
        "Scripts are not really restricted: `'unsafe-inline'` or `data:` in `script-src`, a source as broad as `https:` or `*`, or no `script-src`/`object-src`/`default-src` at all.", "Allow scripts only by `'self'`, host, nonce or hash, and set `object-src 'none'`.";
    CspImplementedWithInsecureScheme = "csp-implemented-with-insecure-scheme", -20,
        "The https page allows scripts or other active content over plain http.", "Remove every `http:` source; load everything over https.";
    CspHeaderInvalid = "csp-header-invalid", -25,
        "The Observatory cannot read this policy: a directive is repeated, the policy is too short, or `'strict-dynamic'` has no nonce or hash to trust.", "Write each directive once, and give `'strict-dynamic'` a nonce or hash.";
    CspNotImplemented = "csp-not-implemented", -25,
        "No Content-Security-Policy header: an injected script runs with the page's full power.", "Send a Content-Security-Policy header, e.g. `default-src 'self'; object-src 'none'; frame-ancestors 'self'`.";
    CspNotImplementedButReportingEnabled = "csp-not-implemented-but-reporting-enabled", -25,
        "Only Content-Security-Policy-Report-Only: violations are reported, nothing is blocked.", "Once the reports are clean, send the same policy as Content-Security-Policy.";
    CspImplementedButDuplicateDirectives = "csp-implemented-but-duplicate-directives", 0,
        "The policy would score, but repeats `report-uri` or `report-to`; browsers use the first one.", "Write `report-uri`/`report-to` once.";

    CookiesSecureWithHttponlySessionsAndSamesite = "cookies-secure-with-httponly-sessions-and-samesite", 5,
        "Every cookie is `Secure`, session cookies are `HttpOnly`, and every cookie has `SameSite`.", "";
    CookiesSecureWithHttponlySessions = "cookies-secure-with-httponly-sessions", 0,
        "Every cookie is `Secure` and session cookies are `HttpOnly`, but some cookie has no `SameSite`.", "Add `SameSite=Lax` (or `Strict`) to every cookie.";
    CookiesNotFound = "cookies-not-found", 0,
        "The page sets no cookies.", "";
    CookiesWithoutSecureFlagButProtectedByHsts = "cookies-without-secure-flag-but-protected-by-hsts", -5,
        "A cookie lacks `Secure`; HSTS keeps browsers off plain http, but not on the very first visit.", "Add `Secure` to every cookie.";
    CookiesSessionWithoutSecureFlagButProtectedByHsts = "cookies-session-without-secure-flag-but-protected-by-hsts", -10,
        "A session cookie lacks `Secure`; HSTS mostly keeps it off plain http, but not before the first https visit.", "Add `Secure` to the session cookie.";
    CookiesWithoutSecureFlag = "cookies-without-secure-flag", -20,
        "A cookie lacks `Secure` and there is no valid HSTS: it travels over plain http where anyone on the network reads it.", "Add `Secure` to every cookie, and send HSTS.";
    CookiesSamesiteFlagInvalid = "cookies-samesite-flag-invalid", -20,
        "A cookie's `SameSite` is empty or unknown, or it is `SameSite=None` without `Secure` (which browsers reject).", "Use `SameSite=Lax` or `Strict` (and `Secure` with `None`).";
    CookiesAnticsrfWithoutSamesiteFlag = "cookies-anticsrf-without-samesite-flag", -20,
        "The anti-CSRF token cookie has no `SameSite`.", "Add `SameSite=Lax` or `Strict` to the CSRF cookie.";
    CookiesSessionWithoutHttponlyFlag = "cookies-session-without-httponly-flag", -30,
        "A session cookie lacks `HttpOnly`: any injected script can read it and steal the session.", "Add `HttpOnly` to the session cookie.";
    CookiesSessionWithoutSecureFlag = "cookies-session-without-secure-flag", -40,
        "A session cookie lacks `Secure` and there is no valid HSTS: the session travels over plain http.", "Add `Secure` to the session cookie, and send HSTS.";

    CorsNotImplemented = "cross-origin-resource-sharing-not-implemented", 0,
        "Other sites cannot read this page's content through CORS.", "";
    CorsPublicAccess = "cross-origin-resource-sharing-implemented-with-public-access", 0,
        "`Access-Control-Allow-Origin: *`: any site may read this public content, without cookies.", "";
    CorsRestrictedAccess = "cross-origin-resource-sharing-implemented-with-restricted-access", 0,
        "Only named origins may read this content through CORS.", "";
    CorsUniversalAccess = "cross-origin-resource-sharing-implemented-with-universal-access", -50,
        "The server echoes the requesting origin and allows credentials: any site can read your users' private pages with their cookies.", "Allow only a fixed list of origins, or use `*` without credentials.";

    RedirectionAllRedirectsPreloaded = "redirection-all-redirects-preloaded", 0,
        "Every host on the way is on the HSTS preload list: browsers never use plain http for them.", "";
    RedirectionToHttps = "redirection-to-https", 0,
        "Plain http first redirects to https on the same host, and ends on https.", "";
    RedirectionNotNeededNoHttp = "redirection-not-needed-no-http", 0,
        "Nothing answers on plain http, so there is nothing to redirect.", "";
    RedirectionOffHostFromHttp = "redirection-off-host-from-http", -5,
        "Plain http jumps to https on another host, so the first host never gets to set HSTS.", "Redirect to https on the same host first, then to the other host.";
    RedirectionNotToHttpsOnInitialRedirection = "redirection-not-to-https-on-initial-redirection", -10,
        "Plain http first goes to another plain http URL: one more hop an attacker can rewrite.", "Redirect to https on the same host first.";
    RedirectionNotToHttps = "redirection-not-to-https", -20,
        "The redirects never reach https.", "Redirect plain http to https on the same host.";
    RedirectionMissing = "redirection-missing", -20,
        "Plain http serves the page instead of redirecting to https.", "Redirect plain http to https on the same host (301).";
    RedirectionInvalidCert = "redirection-invalid-cert", -20,
        "The redirect reaches a server with an invalid certificate.", "Install a valid certificate.";

    ReferrerPolicyPrivate = "referrer-policy-private", 5,
        "The Referrer-Policy keeps full URLs from leaking to other sites.", "";
    ReferrerPolicyNotImplemented = "referrer-policy-not-implemented", 0,
        "No Referrer-Policy; browsers default to `strict-origin-when-cross-origin`.", "Send `Referrer-Policy: strict-origin-when-cross-origin` (or stricter) for the bonus.";
    ReferrerPolicyUnsafe = "referrer-policy-unsafe", -5,
        "The Referrer-Policy sends full URLs (with their paths and queries) to other sites, or over http.", "Use `strict-origin-when-cross-origin` or stricter.";
    ReferrerPolicyHeaderInvalid = "referrer-policy-header-invalid", -5,
        "The Referrer-Policy has no value browsers know.", "Use `strict-origin-when-cross-origin` or stricter.";

    HstsPreloaded = "hsts-preloaded", 5,
        "The host is on the HSTS preload list built into browsers: even the first visit uses https.", "";
    HstsImplementedMaxAgeAtLeastSixMonths = "hsts-implemented-max-age-at-least-six-months", 0,
        "HSTS is set for at least six months.", "For preloading: `max-age=31536000; includeSubDomains; preload`, then submit at hstspreload.org.";
    HstsImplementedMaxAgeLessThanSixMonths = "hsts-implemented-max-age-less-than-six-months", -10,
        "HSTS is set for less than six months (15552000 seconds here).", "Raise `max-age` to at least 15552000; 31536000 for preloading.";
    HstsNotImplemented = "hsts-not-implemented", -20,
        "No Strict-Transport-Security: every visit that starts on http can be downgraded.", "Send `Strict-Transport-Security: max-age=31536000` (start lower while testing).";
    HstsHeaderInvalid = "hsts-header-invalid", -20,
        "The Strict-Transport-Security header cannot be read: no `max-age=`, or it is sent twice.", "Send it once, with `max-age=<seconds>`.";
    HstsNotImplementedNoHttps = "hsts-not-implemented-no-https", -20,
        "The site is not available over https, so HSTS cannot be set.", "Serve the site over https.";
    HstsInvalidCert = "hsts-invalid-cert", -20,
        "The certificate is invalid, so HSTS cannot take effect.", "Install a valid certificate.";

    SriImplementedAndAllScriptsLoadedSecurely = "sri-implemented-and-all-scripts-loaded-securely", 5,
        "Scripts come from the site itself and carry integrity hashes.", "";
    SriImplementedAndExternalScriptsLoadedSecurely = "sri-implemented-and-external-scripts-loaded-securely", 5,
        "Scripts from other servers come over https with integrity hashes: a hacked CDN cannot change them.", "";
    SriNotImplementedResponseNotHtml = "sri-not-implemented-response-not-html", 0,
        "The response is not HTML (by its Content-Type), so it loads no scripts.", "";
    SriNotImplementedButNoScriptsLoaded = "sri-not-implemented-but-no-scripts-loaded", 0,
        "The page has no scripts.", "";
    SriNotImplementedButAllScriptsLoadedFromSecureOrigin = "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0,
        "Every script comes from the site itself.", "Add integrity hashes for the bonus.";
    SriNotImplementedButExternalScriptsLoadedSecurely = "sri-not-implemented-but-external-scripts-loaded-securely", -5,
        "Scripts from another server come over https but without integrity hashes: if that server is hacked, so is your page.", "Add `integrity=\"sha384-…\" crossorigin=\"anonymous\"` to each external script.";
    SriImplementedButExternalScriptsNotLoadedSecurely = "sri-implemented-but-external-scripts-not-loaded-securely", -20,
        "External scripts have integrity hashes but come over http or `//`.", "Load external scripts over https.";
    SriNotImplementedAndExternalScriptsNotLoadedSecurely = "sri-not-implemented-and-external-scripts-not-loaded-securely", -50,
        "External scripts come over plain http (or `//`) with no integrity: anyone on the network can replace them.", "Load them over https and add integrity hashes.";
    HtmlNotParseable = "html-not-parseable", -20,
        "The page claims to be HTML but cannot be parsed.", "Return valid HTML.";

    XContentTypeOptionsNosniff = "x-content-type-options-nosniff", 0,
        "`X-Content-Type-Options: nosniff`: browsers trust the Content-Type instead of guessing.", "";
    XContentTypeOptionsNotImplemented = "x-content-type-options-not-implemented", -5,
        "No X-Content-Type-Options: a browser may guess that an uploaded file is a script or HTML.", "Send `X-Content-Type-Options: nosniff`.";
    XContentTypeOptionsHeaderInvalid = "x-content-type-options-header-invalid", -5,
        "X-Content-Type-Options has a value other than exactly `nosniff`.", "Send `X-Content-Type-Options: nosniff`, once.";

    XFrameOptionsImplementedViaCsp = "x-frame-options-implemented-via-csp", 5,
        "The CSP header's `frame-ancestors` says who may frame the page; browsers then ignore X-Frame-Options.", "";
    XFrameOptionsSameoriginOrDeny = "x-frame-options-sameorigin-or-deny", 0,
        "`X-Frame-Options` is `DENY` or `SAMEORIGIN`.", "Also send CSP `frame-ancestors`, which overrides it and can name partners.";
    XFrameOptionsAllowFromOrigin = "x-frame-options-allow-from-origin", 0,
        "`ALLOW-FROM` is counted by the Observatory, but no current browser supports it: they ignore the header and any site can frame the page.", "Use CSP `frame-ancestors https://partner.example` instead.";
    XFrameOptionsNotImplemented = "x-frame-options-not-implemented", -20,
        "Nothing stops another site from framing the page and tricking clicks (clickjacking).", "Send CSP `frame-ancestors 'self'` (and `X-Frame-Options: SAMEORIGIN` for old browsers).";
    XFrameOptionsHeaderInvalid = "x-frame-options-header-invalid", -20,
        "X-Frame-Options has a value browsers do not know (sent twice reads as `DENY, DENY`).", "Send CSP `frame-ancestors`, and X-Frame-Options once with `DENY` or `SAMEORIGIN`.";

    CorpHeaderInvalid = "corp-header-invalid", -5,
        "Cross-Origin-Resource-Policy has an unknown value.", "Use `same-origin`, `same-site` or `cross-origin`.";
    CorpImplementedWithCrossOrigin = "corp-implemented-with-cross-origin", 0,
        "`Cross-Origin-Resource-Policy: cross-origin`: any site may embed this response.", "";
    CorpImplementedWithSameOrigin = "corp-implemented-with-same-origin", 10,
        "Only this origin may embed the response, which keeps it out of other sites' processes.", "";
    CorpImplementedWithSameSite = "corp-implemented-with-same-site", 10,
        "Only this site may embed the response.", "";
    CorpNotImplemented = "corp-not-implemented", 0,
        "No Cross-Origin-Resource-Policy (any site may embed the response).", "Send `Cross-Origin-Resource-Policy: same-origin` for the bonus.";

    // Today's scoring only (not in 1.4.8); ids in the package's style, ours.
    CoopImplementedWithIsolation = "coop-implemented", 0,
        "Cross-Origin-Opener-Policy cuts the link between this page and windows other sites open or that open it.", "";
    CoopImplementedWithUnsafeNone = "coop-implemented-with-unsafe-none", 0,
        "`Cross-Origin-Opener-Policy: unsafe-none` is the default: no isolation.", "Use `same-origin` for the bonus.";
    CoopNotImplemented = "coop-not-implemented", 0,
        "No Cross-Origin-Opener-Policy.", "Send `Cross-Origin-Opener-Policy: same-origin` for the bonus.";
    CoopHeaderInvalid = "coop-header-invalid", -5,
        "Cross-Origin-Opener-Policy has an unknown value.", "Use `same-origin`, `same-origin-allow-popups` or `noopener-allow-popups`.";
    CoepImplementedWithIsolation = "coep-implemented", 0,
        "Cross-Origin-Embedder-Policy makes every embedded resource opt in (or load without credentials).", "";
    CoepImplementedWithUnsafeNone = "coep-implemented-with-unsafe-none", 0,
        "`Cross-Origin-Embedder-Policy: unsafe-none` is the default.", "Use `require-corp` or `credentialless` for the bonus.";
    CoepNotImplemented = "coep-not-implemented", 0,
        "No Cross-Origin-Embedder-Policy.", "Send `Cross-Origin-Embedder-Policy: credentialless` (or `require-corp`) for the bonus.";
    CoepHeaderInvalid = "coep-header-invalid", -5,
        "Cross-Origin-Embedder-Policy has an unknown value.", "Use `require-corp` or `credentialless`.";
}

impl Expectation {
    /// The score modifier under `scoring`. The two documented changes since 1.4.8 are the only
    /// places the tables differ.
    pub fn modifier(self, scoring: Scoring) -> i32 {
        match (scoring, self) {
            (Scoring::Current, Expectation::XFrameOptionsSameoriginOrDeny) => 5,
            (
                Scoring::Current,
                Expectation::CoopImplementedWithIsolation | Expectation::CoepImplementedWithIsolation,
            ) => 10,
            _ => self.modifier_148(),
        }
    }
}
