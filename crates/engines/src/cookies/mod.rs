//! The cookies sandbox: `Set-Cookie` parsed and stored as Chromium does (RFC 6265bis), "site"
//! by scheme and registrable domain, what Chromium sends on each request (Lax by default, the
//! two-minute POST allowance), and what each attacker can do with each cookie.

pub mod attackers;
pub mod date;
pub mod jar;
pub mod public_suffix;
pub mod sandbox;
pub mod sending;
pub mod set_cookie;
pub mod settings;
pub mod site;

#[cfg(test)]
mod tests;
