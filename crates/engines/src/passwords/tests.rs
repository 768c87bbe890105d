//! Every fixture from `fixtures/make_password_fixtures.py`, both ways: the library's string is
//! read and verified here and made again byte for byte; the engine's own strings, which the
//! libraries accepted, are still what it makes.

use base64::Engine;
use proptest::prelude::*;
use serde_json::Value;

use super::*;

const FIXTURES: &str = include_str!("../../fixtures/passwords.json");
const FIXTURES_DJANGO_52: &str = include_str!("../../fixtures/passwords_django52.json");

fn fixtures(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture is JSON")
}

fn cases<'a>(fixture: &'a Value, key: &str) -> &'a Vec<Value> {
    fixture[key].as_array().unwrap_or_else(|| panic!("fixture has {key}"))
}

fn text<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key].as_str().unwrap_or_else(|| panic!("case has {key}: {case}"))
}

fn is_default(case: &Value) -> bool {
    case["default"].as_bool().unwrap_or(false)
}

/// Theirs verifies here (and a wrong password does not), and ours is theirs byte for byte.
fn both_ways(stored: &str, password: &str, salt_check: impl Fn(&ParsedHash)) {
    let parsed = parse_hash(stored).unwrap_or_else(|e| panic!("{stored}: {e}"));
    salt_check(&parsed);
    assert!(verify(password, &parsed).unwrap(), "{stored} does not verify {password:?}");
    assert_eq!(hash_password(&parsed.scheme, password, &parsed.salt).unwrap(), stored);
    if !matches!(parsed.scheme, Scheme::DjangoBcrypt { .. } | Scheme::Bcrypt { .. }) || password.len() < 72 {
        assert!(!verify(&format!("{password}!"), &parsed).unwrap(), "{stored} verifies a wrong password");
    }
}

#[test]
fn werkzeug_hashes_match_both_ways() {
    let fixture = fixtures(FIXTURES);
    assert_eq!(fixture["versions"]["Werkzeug"], "3.1.9");
    for case in cases(&fixture, "werkzeug").iter().filter(|c| !is_default(c) && c["check_only"].is_null()) {
        let salt = text(case, "salt");
        both_ways(text(case, "hash"), text(case, "password"), |p| assert_eq!(p.salt, salt.as_bytes()));
    }
}

#[test]
fn werkzeug_defaults_match_both_ways() {
    let fixture = fixtures(FIXTURES);
    let hashes: Vec<&str> = cases(&fixture, "werkzeug")
        .iter()
        .filter(|c| c["method"] == "scrypt" || c["method"] == "pbkdf2")
        .map(|c| text(c, "hash"))
        .collect();
    assert_eq!(hashes.len(), 2);
    assert!(hashes[0].starts_with("scrypt:32768:8:1$") && hashes[1].starts_with("pbkdf2:sha256:1000000$"));
    let scrypt = parse_hash(hashes[0]).unwrap();
    assert_eq!(scrypt.scheme, Scheme::WERKZEUG_DEFAULT);
    assert!(verify("turnip", &scrypt).unwrap());
    assert_eq!(hash_password(&Scheme::WERKZEUG_DEFAULT, "turnip", &scrypt.salt).unwrap(), hashes[0]);
    assert_eq!(parse_hash(hashes[1]).unwrap().scheme, Scheme::WERKZEUG_PBKDF2);
}

#[test]
fn werkzeug_short_methods_and_check_only_cases_agree() {
    let fixture = fixtures(FIXTURES);
    for case in cases(&fixture, "werkzeug") {
        if case["method"] == "pbkdf2:sha1" {
            // Werkzeug writes the default iterations back: `pbkdf2:sha1:1000000`.
            assert!(text(case, "hash").starts_with("pbkdf2:sha1:1000000$"));
            let parsed = parse_hash(text(case, "hash")).unwrap();
            assert_eq!(parsed.scheme, Scheme::WerkzeugPbkdf2 { digest: Digest::Sha1, iterations: 1_000_000 });
        }
        if case["check_only"] == true {
            // Werkzeug answers False or raises; this engine answers false or says why.
            let result = check(text(case, "password"), text(case, "hash"));
            match &case["result"] {
                Value::Bool(false) => {
                    assert!(matches!(result, Ok(Check { matches: false, .. })) || result.is_err())
                }
                Value::String(error) => assert!(result.is_err(), "Werkzeug raised {error}"),
                other => panic!("unexpected {other}"),
            }
        }
    }
}

#[test]
fn werkzeug_refusals_are_refused_here() {
    let fixture = fixtures(FIXTURES);
    for case in cases(&fixture, "werkzeug_errors") {
        let method = text(case, "method");
        let error = text(case, "error");
        let made = parse_hash(&format!("{method}$Qw3rTy7uIoP4sDf9${}", "0".repeat(128)))
            .and_then(|p| hash_password(&p.scheme, "turnip", b"Qw3rTy7uIoP4sDf9"));
        assert!(made.is_err(), "Werkzeug raised {error} for {method}, this engine made {made:?}");
    }
}

fn django_cases(fixture: &Value) {
    for case in cases(fixture, "django").iter().filter(|c| !is_default(c)) {
        let salt = text(case, "salt");
        both_ways(text(case, "hash"), text(case, "password"), |p| match p.scheme {
            Scheme::DjangoBcrypt { .. } | Scheme::DjangoBcryptSha256 { .. } => {
                assert_eq!(bcrypt::BASE_64.encode(&p.salt), salt)
            }
            _ => assert_eq!(p.salt, salt.as_bytes()),
        });
    }
    for case in cases(fixture, "django_errors") {
        let error = text(case, "error");
        let password = text(case, "password");
        let made = match text(case, "algorithm") {
            "bcrypt" => {
                hash_password(&Scheme::DjangoBcrypt { prefix: BcryptPrefix::TwoB, cost: 4 }, password, &[7; 16])
            }
            "scrypt" => {
                hash_password(&Scheme::DjangoScrypt { n: 1 << 15, r: 8, p: 5 }, password, b"aB3dE6gH9jK2mN5pQ8sT1v")
            }
            "pbkdf2_sha256" => hash_password(&Scheme::DJANGO_DEFAULT, password, text(case, "salt").as_bytes()),
            other => panic!("no error case for {other}"),
        };
        assert!(made.is_err(), "Django raised {error}, this engine made {made:?}");
    }
}

#[test]
fn django_6_1_hashes_match_both_ways() {
    let fixture = fixtures(FIXTURES);
    assert_eq!(fixture["versions"]["Django"], "6.1.3");
    django_cases(&fixture);
}

#[test]
fn django_5_2_hashes_match_both_ways() {
    let fixture = fixtures(FIXTURES_DJANGO_52);
    assert!(fixture["versions"]["Django"].as_str().unwrap().starts_with("5.2."));
    django_cases(&fixture);
}

#[test]
fn django_defaults_are_what_the_installed_django_writes() {
    for (fixture, iterations) in [
        (fixtures(FIXTURES), DJANGO_6_1_PBKDF2_ITERATIONS),
        (fixtures(FIXTURES_DJANGO_52), DJANGO_5_2_PBKDF2_ITERATIONS),
    ] {
        let defaults: Vec<ParsedHash> = cases(&fixture, "django")
            .iter()
            .filter(|c| is_default(c))
            .map(|c| parse_hash(text(c, "hash")).unwrap())
            .collect();
        let schemes: Vec<Scheme> = defaults.iter().map(|p| p.scheme).collect();
        assert_eq!(
            schemes,
            [
                Scheme::DjangoPbkdf2 { digest: Digest::Sha256, iterations },
                Scheme::DjangoPbkdf2 { digest: Digest::Sha1, iterations },
                Scheme::DJANGO_ARGON2,
                Scheme::DJANGO_BCRYPT_SHA256,
                Scheme::DJANGO_SCRYPT,
            ]
        );
    }
}

/// PBKDF2 at a million rounds and more: the generic HMAC loop is compiled into this crate, which
/// the dev profile leaves unoptimised (about two minutes a hash there, under a second optimised).
fn slow_in_debug(scheme: &Scheme) -> bool {
    cfg!(debug_assertions)
        && matches!(scheme, Scheme::WerkzeugPbkdf2 { iterations, .. } | Scheme::DjangoPbkdf2 { iterations, .. } if *iterations >= 100_000)
}

/// The real default parameters, one hash each: Django 6.1's argon2 (100 MiB), bcrypt_sha256
/// (cost 12) and scrypt (N=2^14, p=5); its PBKDF2 defaults in [`django_pbkdf2_defaults_match`].
#[test]
fn django_6_1_defaults_match_both_ways() {
    let fixture = fixtures(FIXTURES);
    for case in cases(&fixture, "django").iter().filter(|c| is_default(c)) {
        if slow_in_debug(&parse_hash(text(case, "hash")).unwrap().scheme) {
            continue;
        }
        let stored = text(case, "hash");
        let parsed = parse_hash(stored).unwrap();
        assert_eq!(hash_password(&parsed.scheme, "turnip", &parsed.salt).unwrap(), stored);
    }
}

/// Django 6.1's and 5.2's PBKDF2 defaults (1,500,000 and 1,000,000 rounds) and Werkzeug's.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "PBKDF2 at 1,000,000+ rounds takes minutes unoptimised: cargo test --release runs it"
)]
fn django_pbkdf2_defaults_match() {
    for fixture in [fixtures(FIXTURES), fixtures(FIXTURES_DJANGO_52)] {
        for case in cases(&fixture, "django")
            .iter()
            .chain(cases(&fixture, "ours_verified"))
            .chain(fixture["werkzeug"].as_array().into_iter().flatten())
        {
            let Ok(parsed) = parse_hash(text(case, "hash")) else {
                continue;
            };
            if matches!(parsed.scheme, Scheme::WerkzeugPbkdf2 { iterations, .. } | Scheme::DjangoPbkdf2 { iterations, .. } if iterations >= 100_000)
            {
                assert!(verify(text(case, "password"), &parsed).unwrap(), "{}", text(case, "hash"));
                assert_eq!(
                    hash_password(&parsed.scheme, text(case, "password"), &parsed.salt).unwrap(),
                    text(case, "hash")
                );
            }
        }
    }
}

#[test]
fn argon2_cffi_hashes_match_both_ways() {
    let fixture = fixtures(FIXTURES);
    assert_eq!(fixture["versions"]["argon2-cffi"], "25.1.0");
    for case in cases(&fixture, "argon2_cffi") {
        let salt = data_encoding::HEXLOWER.decode(text(case, "salt_hex").as_bytes()).unwrap();
        both_ways(text(case, "hash"), text(case, "password"), |p| assert_eq!(p.salt, salt));
    }
}

#[test]
fn bcrypt_hashes_match_both_ways_and_72_bytes_is_the_limit() {
    let fixture = fixtures(FIXTURES);
    assert_eq!(fixture["versions"]["bcrypt"], "5.0.0");
    for case in cases(&fixture, "bcrypt") {
        let salt = text(case, "salt");
        both_ways(text(case, "hash"), text(case, "password"), |p| {
            assert_eq!(bcrypt::BASE_64.encode(&p.salt), salt[7..])
        });
    }
    for case in cases(&fixture, "bcrypt_errors") {
        let error = text(case, "error");
        let made = match case.get("password").and_then(Value::as_str) {
            Some(password) => {
                hash_password(&Scheme::Bcrypt { prefix: BcryptPrefix::TwoB, cost: 4 }, password, &[0; 16])
            }
            None => parse_hash(&format!("{}{}", text(case, "salt"), "a".repeat(31))).map(|_| String::new()),
        };
        assert!(made.is_err(), "bcrypt raised {error}, this engine made {made:?}");
    }
}

#[test]
fn our_hashes_that_the_libraries_accepted_are_still_what_we_make() {
    for fixture in [fixtures(FIXTURES), fixtures(FIXTURES_DJANGO_52)] {
        for case in cases(&fixture, "ours_verified") {
            let stored = text(case, "hash");
            let parsed = parse_hash(stored).unwrap();
            if slow_in_debug(&parsed.scheme) {
                continue;
            }
            let random = data_encoding::HEXLOWER.decode(text(case, "random_hex").as_bytes()).unwrap();
            let salt = salt_for(&parsed.scheme, &random).unwrap();
            assert_eq!(salt, parsed.salt, "{stored}");
            assert_eq!(hash_password(&parsed.scheme, text(case, "password"), &salt).unwrap(), stored);
        }
    }
}

#[test]
fn pasted_hashes_are_explained() {
    let explain = |text: &str| parse_hash(text).unwrap_err().to_string();
    assert!(explain("sha512_crypt$x$y").contains("No scheme"));
    assert!(explain("pbkdf2_sha256$1000$salt").contains("4 fields"));
    assert!(explain("pbkdf2_sha256$0x10$salt$aGFzaA==").contains("whole number"));
    assert!(explain("pbkdf2_sha256$1000000000000$salt$aGFzaA==").contains("2,147,483,647"));
    assert!(explain("pbkdf2_sha256$1000$salt$not base64!").contains("base64"));
    assert!(explain("scrypt$16384$salt$8$5$x$y").contains("6 fields"));
    assert!(explain("$argon2id$v=19$m=102400,t=2$c2FsdHNhbHQ$aGFzaGhhc2g").contains("3 fields"));
    assert!(explain(&"a".repeat(5000)).contains("5000 characters"));
    let huge = "$argon2id$v=19$m=4000000000,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
    let parsed = parse_hash(huge).unwrap();
    assert!(verify("x", &parsed).unwrap_err().to_string().contains("MiB"));
    let zero = parse_hash(&format!("pbkdf2:sha256:0$salt${}", "0".repeat(64))).unwrap();
    assert!(verify("x", &zero).unwrap_err().to_string().contains("at least one iteration"));
}

#[test]
fn schemes_are_judged_against_owasp() {
    assert_eq!(judge(&Scheme::UnsaltedMd5).verdict, Verdict::Broken);
    assert_eq!(judge(&Scheme::WERKZEUG_DEFAULT).verdict, Verdict::BelowAdvice);
    assert_eq!(judge(&Scheme::WerkzeugScrypt { n: 1 << 17, r: 8, p: 1 }).verdict, Verdict::MeetsAdvice);
    assert_eq!(judge(&Scheme::DJANGO_DEFAULT).verdict, Verdict::MeetsAdvice);
    assert_eq!(judge(&Scheme::DJANGO_ARGON2).verdict, Verdict::MeetsAdvice);
    assert_eq!(judge(&Scheme::DJANGO_SCRYPT).verdict, Verdict::MeetsAdvice);
    assert_eq!(judge(&Scheme::DJANGO_BCRYPT_SHA256).verdict, Verdict::MeetsAdvice);
    assert_eq!(
        judge(&Scheme::WerkzeugPbkdf2 { digest: Digest::Sha256, iterations: 599_999 }).verdict,
        Verdict::BelowAdvice
    );
    assert_eq!(
        judge(&Scheme::DjangoPbkdf2 { digest: Digest::Sha1, iterations: 1_000_000 }).verdict,
        Verdict::BelowAdvice
    );
    assert_eq!(judge(&Scheme::Bcrypt { prefix: BcryptPrefix::TwoB, cost: 9 }).verdict, Verdict::BelowAdvice);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn reading_any_text_never_panics(text in "\\PC{0,200}") {
        let _ = parse_hash(&text).map(|p| judge(&p.scheme));
    }

    #[test]
    fn reading_near_misses_never_panics(
        prefix in prop::sample::select(vec!["pbkdf2_sha256$", "pbkdf2:sha256:", "scrypt:", "scrypt$", "argon2$argon2id$v=19$m=", "$argon2id$v=19$m=", "bcrypt_sha256$$2b$", "$2b$", "md5$", "pbkdf2$"]),
        rest in "[0-9a-zA-Z$:,=+/.]{0,80}",
    ) {
        let _ = parse_hash(&format!("{prefix}{rest}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Cheap parameters from anywhere in their range: an error or a hash, never a panic, and a
    /// hash made here always verifies here.
    #[test]
    fn hashing_with_any_small_parameters_never_panics(
        password in "\\PC{0,80}",
        salt in proptest::collection::vec(any::<u8>(), 0..24),
        n in 0u64..=2048, r in 0u32..=9, p in 0u32..=3, iterations in 0u32..=64, cost in 0u32..=5, memory in 0u32..=64,
        pick in 0usize..8,
    ) {
        let argon = Argon2Params { variant: Argon2Variant::Argon2id, version: 19, memory_kib: memory, passes: r, lanes: p };
        let scheme = [
            Scheme::WerkzeugScrypt { n, r, p },
            Scheme::WerkzeugPbkdf2 { digest: Digest::Sha256, iterations },
            Scheme::DjangoScrypt { n, r, p },
            Scheme::DjangoArgon2(argon),
            Scheme::Argon2Phc(argon),
            Scheme::DjangoBcryptSha256 { prefix: BcryptPrefix::TwoB, cost },
            Scheme::Bcrypt { prefix: BcryptPrefix::TwoY, cost },
            Scheme::DjangoMd5,
        ][pick];
        if let Ok(stored) = hash_password(&scheme, &password, &salt) {
            let parsed = parse_hash(&stored);
            prop_assert!(parsed.is_ok(), "{stored}: {parsed:?}");
            prop_assert!(verify(&password, &parsed.unwrap()).unwrap_or(false), "{stored}");
        }
    }
}
