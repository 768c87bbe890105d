//! The passwords sandbox: Werkzeug's and Django's password hashes (and argon2-cffi's and
//! bcrypt's strings) made and checked byte for byte as the libraries do, any pasted hash read
//! and judged against today's advice, what a fast unsalted hash costs an attacker, and a login
//! with a brute-force counter on a clock the learner steps.
//!
//! Salts and times are inputs: the engine draws no randomness and reads no clock.

mod advice;
mod bcrypt_string;
mod cost;
mod django;
mod error;
mod hash;
mod kdf;
mod login;
mod mfa;
mod parse;
mod phc;
mod salt;
mod sandbox;
mod scheme;
mod werkzeug;
mod wordlist;

pub use advice::{judge, Judgement, Verdict, DJANGO_FIX, FLASK_FIX};
pub use bcrypt_string::{BcryptPrefix, PASSWORD_LIMIT as BCRYPT_PASSWORD_LIMIT};
pub use cost::{
    estimate, guess_batch, measure_rate, Batch, Estimate, FastHash, LookupTable, BATCH_LIMIT, RATE_BATCHES,
};
pub use error::HashError;
pub use hash::{check, constant_time_eq, hash_password, verify, Check};
pub use kdf::{Argon2Params, Argon2Variant, Digest, MEMORY_LIMIT_BYTES};
pub use login::{honest_login, word_list_attack, AttackReport, Limits, Lockout, LoginServer, RateLimit, Response};
pub use mfa::{
    split as split_solution, PasswordsAndMfa, PasswordsAndMfaEnv, PasswordsAndMfaOutcome, PasswordsAndMfaState,
    TOTP_INPUTS,
};
pub use parse::{parse_hash, ParsedHash, HASH_TEXT_LIMIT};
pub use salt::{salt_for, text_salt, RANDOM_BYTES_FOR_SALT, SALT_CHARS};
pub use sandbox::{
    outcome_with, PasswordsEnv, PasswordsOutcome, PasswordsSandbox, PasswordsState, StoredTable, StoredUser, PRESETS,
    USERS,
};
pub use scheme::{
    Library, Scheme, DJANGO_5_2_PBKDF2_ITERATIONS, DJANGO_6_0_PBKDF2_ITERATIONS, DJANGO_6_1_PBKDF2_ITERATIONS,
};
pub use wordlist::{
    candidate as word_list_candidate, position as word_list_position, COMMON as COMMON_PASSWORDS,
    LENGTH as WORD_LIST_LENGTH,
};

#[cfg(test)]
mod tests;
