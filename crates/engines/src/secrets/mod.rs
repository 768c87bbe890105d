//! The secrets sandbox: secret keys (how guessable, Django's `security.W009`), keys generated in
//! Python's formats, and Flask session cookies decoded, verified and signed exactly as Flask
//! 3.1.3 and itsdangerous 2.2.0 do, with a word-list attack on weak keys.

pub mod generator;
pub mod key_strength;
pub mod python_base64;
pub mod python_json;
pub mod sandbox;
pub mod session_cookie;
pub mod signer;
pub mod tagged_json;
pub mod wordlist;

#[cfg(test)]
mod tests;
