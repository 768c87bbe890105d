//! The dependencies sandbox: a pasted `requirements.txt` or `pip freeze`, read line by line
//! with pip's requirement-file rules and PEP 440/508 as `packaging` reads them, then checked
//! against the advisories we curate, the way pip-audit reports them.

pub mod advisories;
pub mod audit;
pub mod installs;
pub mod reqfile;
pub mod requirement;
pub mod sandbox;
pub mod specifier;
pub mod version;

#[cfg(test)]
mod tests;
