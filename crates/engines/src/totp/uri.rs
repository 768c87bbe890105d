//! The `otpauth://` provisioning URI exactly as pyotp 2.12's `TOTP.provisioning_uri(name=…,
//! issuer_name=…)` writes it (`pyotp.utils.build_uri`): the label is `quote(issuer) + ":" +
//! quote(name)` (`quote` keeps `/`), the query is `urlencode` of secret, issuer, then algorithm,
//! digits and period when they differ from SHA1, 6 and 30, with `+` turned into `%20`.

use super::hotp::{Algorithm, Totp};

/// The URI an authenticator app scans. An empty `name` is pyotp's default, `Secret`; an empty
/// issuer is no issuer (pyotp's `issuer_name if issuer_name else self.issuer`).
pub fn provisioning_uri(secret: &str, totp: &Totp, name: &str, issuer: &str) -> String {
    let name = if name.is_empty() { "Secret" } else { name };
    let mut label = quote(name, b"/");
    let mut query = vec![("secret", secret.to_string())];
    if !issuer.is_empty() {
        label = format!("{}:{label}", quote(issuer, b"/"));
        query.push(("issuer", issuer.to_string()));
    }
    if totp.algorithm != Algorithm::Sha1 {
        query.push(("algorithm", totp.algorithm.name().to_uppercase()));
    }
    if totp.digits != 6 {
        query.push(("digits", totp.digits.to_string()));
    }
    if totp.interval != 30 {
        query.push(("period", totp.interval.to_string()));
    }
    // urlencode quotes each key and value with quote_plus (nothing safe), spaces as "+";
    // build_uri then replaces every "+" with "%20" (a literal "+" is already "%2B").
    let encoded: Vec<String> =
        query.iter().map(|(k, v)| format!("{}={}", quote(k, b""), quote(v, b"").replace("+", "%20"))).collect();
    format!("otpauth://totp/{label}?{}", encoded.join("&"))
}

/// `urllib.parse.quote(text, safe)`: UTF-8 bytes, letters, digits and `_.-~` kept.
fn quote(text: &str, safe: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"_.-~".contains(&b) || safe.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_uri_is_pyotps() {
        let totp = Totp::new(vec![0; 20]);
        assert_eq!(
            provisioning_uri("JBSWY3DPEHPK3PXP", &totp, "alice@google.com", "Secure App"),
            "otpauth://totp/Secure%20App:alice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Secure%20App"
        );
        assert_eq!(provisioning_uri("S", &totp, "", ""), "otpauth://totp/Secret?secret=S");
    }
}
