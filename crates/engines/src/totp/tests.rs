//! Every fixture from `fixtures/make_totp_fixtures.py`: pyotp's codes, refusals, URIs and
//! windows, and django-otp's TOTPDevice sequences, step by step.

use proptest::prelude::*;
use serde_json::Value;

use super::*;

const FIXTURES: &str = include_str!("../../fixtures/totp.json");

fn fixtures() -> Value {
    serde_json::from_str(FIXTURES).expect("fixture is JSON")
}

fn algorithm(name: &str) -> Algorithm {
    match name {
        "sha1" => Algorithm::Sha1,
        "sha256" => Algorithm::Sha256,
        "sha512" => Algorithm::Sha512,
        other => panic!("no digest {other}"),
    }
}

#[test]
fn codes_are_pyotps_at_every_fixed_time() {
    let fixture = fixtures();
    assert_eq!(fixture["versions"]["pyotp"], "2.12.1");
    let mut compared = 0;
    for case in fixture["codes"].as_array().unwrap() {
        let secret = case["secret"].as_str().unwrap();
        if case["error"].is_string() {
            assert!(matches!(decode_secret(secret), Err(TotpError::SecretTooShort { .. })));
            continue;
        }
        let key = decode_secret(secret).unwrap();
        let totp = Totp {
            key,
            digits: case["digits"].as_u64().unwrap() as u32,
            algorithm: algorithm(case["digest"].as_str().unwrap()),
            interval: 30,
        };
        for (time, code) in case["codes"].as_object().unwrap() {
            assert_eq!(totp.at(time.parse().unwrap()).unwrap(), code.as_str().unwrap(), "{secret} at {time}");
            compared += 1;
        }
    }
    assert!(compared > 200);
    for case in fixture["refused_times"].as_array().unwrap() {
        assert!(Totp::new(vec![0; 20]).at(case["time"].as_i64().unwrap()).is_err());
    }
}

#[test]
fn uris_are_pyotps_byte_for_byte() {
    let fixture = fixtures();
    for case in fixture["uris"].as_array().unwrap() {
        let secret = case["secret"].as_str().unwrap_or("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        let totp = Totp {
            key: decode_secret(secret).unwrap(),
            digits: case["digits"].as_u64().unwrap() as u32,
            algorithm: algorithm(case["digest"].as_str().unwrap()),
            interval: 30,
        };
        let issuer = case["issuer"].as_str().unwrap_or("");
        assert_eq!(
            provisioning_uri(secret, &totp, case["name"].as_str().unwrap(), issuer),
            case["uri"].as_str().unwrap()
        );
    }
}

#[test]
fn pyotp_windows_agree() {
    let totp = Totp::new(decode_secret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").unwrap());
    for case in fixtures()["windows"].as_array().unwrap() {
        let code = case["code"].as_str().unwrap();
        let window = case["valid_window"].as_u64().unwrap() as u32;
        let verified = pyotp_verify(&totp, code, case["time"].as_i64().unwrap(), window).unwrap();
        assert_eq!(verified, case["verified"].as_bool().unwrap(), "{code:?} window {window}");
    }
}

#[test]
fn django_otp_sequences_agree_step_by_step() {
    let fixture = fixtures();
    assert_eq!(fixture["versions"]["django-otp"], "1.7.5");
    for script in fixture["django_otp"].as_array().unwrap() {
        let key = data_encoding::HEXLOWER.decode(script["key_hex"].as_str().unwrap().as_bytes()).unwrap();
        let mut device = TotpDevice::new(key);
        assert_eq!(u64::from(device.tolerance), script["tolerance"].as_u64().unwrap());
        for step in script["steps"].as_array().unwrap() {
            let answer = device.verify_token(step["token"].as_str().unwrap(), step["time"].as_f64().unwrap());
            assert_eq!(answer == DeviceAnswer::Verified, step["verified"].as_bool().unwrap(), "{step}");
            assert_eq!(device.last_t, step["last_t"].as_i64().unwrap(), "{step}");
            assert_eq!(device.drift, step["drift"].as_i64().unwrap(), "{step}");
            assert_eq!(u64::from(device.throttling_failure_count), step["failures"].as_u64().unwrap(), "{step}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn any_secret_code_or_time_never_panics(secret in "\\PC{0,64}", code in "\\PC{0,16}", time in any::<i64>(), window in 0u32..20, digits in 0u32..12) {
        if let Ok(key) = decode_secret(&secret) {
            let totp = Totp { key: key.clone(), digits, algorithm: Algorithm::Sha256, interval: 30 };
            let _ = totp.at(time);
            let _ = pyotp_verify(&totp, &code, time, window);
            let mut device = TotpDevice { digits, tolerance: window, ..TotpDevice::new(key) };
            let _ = device.verify_token(&code, time as f64);
            let _ = provisioning_uri(&secret, &totp, &code, &secret);
        }
        let _ = python_int(&code);
    }

    #[test]
    fn any_state_from_a_link_never_panics(secret in "[A-Z2-7=a-z ]{0,40}", name in "\\PC{0,40}", window in any::<u32>(), replay in any::<bool>(), now in any::<i64>()) {
        let state = TotpState { secret, name: name.clone(), issuer: name, verifier: Verifier::DjangoOtp { tolerance: window }, replay, ..TotpState::default() };
        if <TotpSandbox as crate::sandbox::SandboxEngine>::check(&state).is_ok() {
            let _ = <TotpSandbox as crate::sandbox::SandboxEngine>::outcome(&state, &mut TotpEnv { now });
        }
    }
}
