//! The Observatory's transport tests (1.4.8's `strict-transport-security.js`, `redirection.js`)
//! and its preload-list lookup (`src/analyzer/hsts.js`).

use super::expectation::Expectation;
use crate::headers::client_view::{js_slice, js_trim, ClientView};
use crate::headers::site::{PlainHttp, Preload};

/// "15768000 is six months, but a lot of sites use 15552000, so a white lie is in order."
pub const SIX_MONTHS: f64 = 15_552_000.0;

/// JavaScript's `parseInt(text, 10)`: leading white space, a sign, then digits; NaN without any.
pub fn js_parse_int(text: &str) -> f64 {
    let text = js_trim(text);
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text.strip_prefix('+').unwrap_or(text)),
    };
    let digits: String = digits.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() {
        return f64::NAN;
    }
    sign * digits.parse::<f64>().unwrap_or(f64::NAN)
}

/// What the Observatory read from Strict-Transport-Security.
#[derive(Debug, Clone, PartialEq)]
pub struct HstsReading {
    pub result: Expectation,
    /// NaN when `max-age=` had no number (which the Observatory then counts as ≥ six months).
    pub max_age: Option<f64>,
    pub include_subdomains: bool,
    pub preload: bool,
}

/// The HSTS test on the https response. The castle always answers over https with a valid
/// certificate, so the no-https and bad-certificate results never arise here.
pub fn hsts(view: &ClientView, preload: Preload) -> HstsReading {
    let mut reading = HstsReading {
        result: Expectation::HstsNotImplemented,
        max_age: None,
        include_subdomains: false,
        preload: false,
    };
    if let Some(header) = view.get("strict-transport-security") {
        let data = js_slice(header, 1024);
        if data.contains(',') {
            reading.result = Expectation::HstsHeaderInvalid;
        } else {
            for parameter in data.split(';').map(|p| js_trim(p).to_lowercase()) {
                if let Some(age) = parameter.strip_prefix("max-age=") {
                    reading.max_age = Some(js_parse_int(js_slice(age, 120)));
                } else if parameter == "includesubdomains" {
                    reading.include_subdomains = true;
                } else if parameter == "preload" {
                    reading.preload = true;
                }
            }
            reading.result = match reading.max_age {
                // NaN < SIX_MONTHS is false in JavaScript too.
                Some(age) if age < SIX_MONTHS => Expectation::HstsImplementedMaxAgeLessThanSixMonths,
                Some(_) => Expectation::HstsImplementedMaxAgeAtLeastSixMonths,
                None => Expectation::HstsHeaderInvalid,
            };
        }
    }
    if preload != Preload::NotListed {
        reading.result = Expectation::HstsPreloaded;
    }
    reading
}

/// Whether the HSTS result counts as a pass (the cookie test asks).
pub fn hsts_passes(result: Expectation) -> bool {
    matches!(result, Expectation::HstsImplementedMaxAgeAtLeastSixMonths | Expectation::HstsPreloaded)
}

/// The redirection test on what plain http answers.
pub fn redirection(plain_http: PlainHttp, preload: Preload) -> Expectation {
    let route = plain_http.route();
    if plain_http == PlainHttp::NoAnswer {
        return Expectation::RedirectionNotNeededNoHttp;
    }
    // Every host on the way preloaded: the host itself, or `www.` under include_subdomains.
    let preloaded = |on_www: bool| match preload {
        Preload::NotListed => false,
        Preload::Listed => !on_www,
        Preload::ListedWithSubdomains => true,
    };
    if route.iter().all(|&(_, on_www)| preloaded(on_www)) {
        return Expectation::RedirectionAllRedirectsPreloaded;
    }
    match route {
        [_] => Expectation::RedirectionMissing,
        [.., (false, _)] => Expectation::RedirectionNotToHttps,
        [_, (false, _), ..] => Expectation::RedirectionNotToHttpsOnInitialRedirection,
        [(false, from_www), (true, to_www), ..] if from_www != to_www => Expectation::RedirectionOffHostFromHttp,
        _ => Expectation::RedirectionToHttps,
    }
}
