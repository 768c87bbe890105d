//! The Observatory's Content-Security-Policy test (`src/analyzer/tests/csp.js` and
//! `src/analyzer/cspParser.js` of 1.4.8), rule for rule.
//!
//! Its reading is not CSP3's, and the grade depends on the difference: it lowercases every
//! source, calls a repeated directive an invalid policy (browsers keep the first), treats a
//! header that repeats (joined "a, b" by its HTTP client) as one policy, and drops a source
//! that starts with the source sorted before it. What browsers really do with the policy is the
//! CSP engine's job (`crate::csp`), which the sandbox shows beside this grade.

use super::expectation::Expectation;
use crate::headers::client_view::{js_trim, ClientView};

const DANGEROUSLY_BROAD: &[&str] =
    &["ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"];
const UNSAFE_INLINE: &[&str] = &["'unsafe-inline'", "data:"];
const PASSIVE_DIRECTIVES: &[&str] = &["img-src", "media-src"];
const NONCES_HASHES: &[&str] = &["'sha256-", "'sha384-", "'sha512-", "'nonce-"];
const ALLOWED_DUPLICATES: &[&str] = &["report-uri", "report-to"];
/// `"img-src".length - 1`: shorter policies are invalid.
const SHORTEST_POLICY: usize = 6;

fn broad_or_inline(source: &str) -> bool {
    DANGEROUSLY_BROAD.contains(&source) || UNSAFE_INLINE.contains(&source)
}

/// The policy as the Observatory keeps it: directives in order, each with its sources.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObservatoryCsp {
    pub directives: Vec<(String, Vec<String>)>,
    /// `report-uri` or `report-to` was repeated.
    pub duplicate_reporting: bool,
}

impl ObservatoryCsp {
    fn get(&self, name: &str) -> Option<&Vec<String>> {
        self.directives.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }

    fn get_mut(&mut self, name: &str) -> Option<&mut Vec<String>> {
        self.directives.iter_mut().find(|(n, _)| n == name).map(|(_, s)| s)
    }

    /// Whether the Observatory's data has this directive.
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

/// The Observatory could not read the policy (it reports `csp-header-invalid`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidPolicy;

/// The primary weight of a character in ICU's root collation, which `Intl.Collator("en")`
/// sorts sources by: punctuation in ICU's order, then digits, then letters; control characters
/// are ignored. Checked against Node's ICU for every printable ASCII character.
fn collation_weight(c: char) -> Option<u32> {
    const PUNCTUATION: &str = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";
    if c.is_control() {
        return None;
    }
    if let Some(at) = PUNCTUATION.find(c) {
        return Some(10 + at as u32);
    }
    if c.is_ascii_digit() {
        return Some(100 + c as u32);
    }
    if c.is_ascii_alphabetic() {
        return Some(200 + c.to_ascii_lowercase() as u32);
    }
    Some(1000 + c as u32)
}

/// Primary weights first; ties go to the lowercase letter (ICU's tertiary level).
fn collation_key(text: &str) -> (Vec<u32>, Vec<bool>) {
    let primary = text.chars().filter_map(collation_weight).collect();
    let tertiary = text.chars().filter(|c| collation_weight(*c).is_some()).map(|c| c.is_uppercase()).collect();
    (primary, tertiary)
}

/// `parseCsp` for one policy (the Observatory's index 0; with no `<meta>` policy there is one).
pub fn parse(value: &str) -> Result<ObservatoryCsp, InvalidPolicy> {
    let cleaned: String = value.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
    let cleaned = js_trim(&cleaned);
    if cleaned.encode_utf16().count() < SHORTEST_POLICY {
        return Err(InvalidPolicy);
    }
    let mut csp = ObservatoryCsp::default();
    let mut seen: Vec<String> = Vec::new();
    for entry in cleaned.split(';') {
        let mut words = js_trim(entry).split(char::is_whitespace).filter(|w| !w.is_empty());
        let Some(first) = words.next() else { continue };
        let directive = first.to_lowercase();
        if seen.contains(&directive) {
            if ALLOWED_DUPLICATES.contains(&directive.as_str()) {
                csp.duplicate_reporting = true;
            } else {
                return Err(InvalidPolicy);
            }
        } else {
            seen.push(directive.clone());
        }
        let mut sources: Vec<String> = words.map(|w| js_trim(w).to_lowercase()).collect();
        if sources.is_empty() && directive.ends_with("-src") {
            sources.push("'none'".into());
        }
        // Sorted by the collator; a source starting with the one sorted before it is dropped.
        sources.sort_by_key(|s| collation_key(s));
        let mut kept = Vec::new();
        for (index, source) in sources.iter().enumerate() {
            let superfluous = index > 0 && sources.get(index - 1).is_some_and(|prev| source.starts_with(prev.as_str()));
            if !superfluous && !kept.contains(source) {
                kept.push(source.clone());
            }
        }
        if kept.is_empty() {
            kept.push("'none'".into());
        }
        match csp.get_mut(&directive) {
            Some(existing) => *existing = kept,
            None => csp.directives.push((directive, kept)),
        }
    }
    Ok(csp)
}

fn starts_with_nonce_or_hash(sources: &[String]) -> bool {
    sources.iter().any(|s| NONCES_HASHES.iter().any(|p| s.starts_with(p)))
}

/// The CSP test's result, and the policy as the Observatory read it (`None` when it stopped
/// early: no policy, or unreadable). The X-Frame-Options test reads the latter.
pub fn test(view: &ClientView) -> (Expectation, Option<ObservatoryCsp>) {
    let Some(header) = view.get("content-security-policy") else {
        return (not_implemented(view), None);
    };
    let Ok(mut csp) = parse(header) else {
        return (Expectation::CspHeaderInvalid, None);
    };
    if csp.directives.is_empty() {
        return (not_implemented(view), None);
    }
    // Which list each name means. A missing one is a fresh `*`; a present one is the policy's
    // own list, which the next steps change in place (as the JavaScript does through `Set`s).
    let key = |csp: &ObservatoryCsp, names: &[&str]| names.iter().find(|n| csp.has(n)).map(|n| n.to_string());
    let script_key = key(&csp, &["script-src", "default-src"]);
    let style_key = key(&csp, &["style-src", "default-src"]);
    let object_key = key(&csp, &["object-src", "default-src"]);
    let star = || vec!["*".to_string()];
    let mut fresh_script = star();
    let mut fresh_style = star();
    let fresh_object = star();

    // 'unsafe-inline' is ignored by browsers beside a nonce or hash.
    let cancel_unsafe_inline = |list: &mut Vec<String>| {
        if starts_with_nonce_or_hash(list) && list.iter().any(|s| s == "'unsafe-inline'") {
            list.retain(|s| s != "'unsafe-inline'");
        }
    };
    match script_key.as_ref().and_then(|name| csp.get_mut(name)) {
        Some(list) => cancel_unsafe_inline(list),
        None => cancel_unsafe_inline(&mut fresh_script),
    }
    match style_key.as_ref().and_then(|name| csp.get_mut(name)) {
        Some(list) => cancel_unsafe_inline(list),
        None => cancel_unsafe_inline(&mut fresh_style),
    }
    let mut result: Option<Expectation> = None;
    {
        let script = match script_key.as_ref().and_then(|name| csp.get_mut(name)) {
            Some(list) => list,
            None => &mut fresh_script,
        };
        let strict_dynamic = script.iter().any(|s| s == "'strict-dynamic'");
        if starts_with_nonce_or_hash(script) && strict_dynamic {
            // 'strict-dynamic' makes browsers ignore hosts, schemes, 'self' and 'unsafe-inline'.
            script.retain(|s| {
                !(DANGEROUSLY_BROAD.iter().any(|b| s.starts_with(b)) || s == "'self'" || s == "'unsafe-inline'")
            });
        } else if strict_dynamic {
            result = Some(Expectation::CspHeaderInvalid);
        }
    }
    let list = |csp: &ObservatoryCsp, key: &Option<String>, fresh: &Vec<String>| -> Vec<String> {
        key.as_ref().and_then(|k| csp.get(k)).cloned().unwrap_or_else(|| fresh.clone())
    };
    let script = list(&csp, &script_key, &fresh_script);
    let style = list(&csp, &style_key, &fresh_style);
    let object = list(&csp, &object_key, &fresh_object);
    let mut active: Vec<String> = csp
        .directives
        .iter()
        .filter(|(name, _)| !PASSIVE_DIRECTIVES.contains(&name.as_str()) && name != "script-src")
        .flat_map(|(_, sources)| sources.iter().cloned())
        .collect();
    active.extend(script.iter().cloned());
    let passive: Vec<String> = PASSIVE_DIRECTIVES
        .iter()
        .flat_map(|d| csp.get(d).or_else(|| csp.get("default-src")).cloned().unwrap_or_default())
        .collect();
    let insecure = |s: &String| s.starts_with("http:") || s.starts_with("ftp:");
    let mut set = |e: Expectation| {
        if result.is_none() {
            result = Some(e);
        }
    };
    // The page is https (the sandbox's castle always is).
    if script.iter().any(|s| broad_or_inline(s)) || object.iter().any(|s| DANGEROUSLY_BROAD.contains(&s.as_str())) {
        set(Expectation::CspImplementedWithUnsafeInline);
    }
    if active.iter().any(insecure) {
        set(Expectation::CspImplementedWithInsecureScheme);
    }
    if script.iter().chain(style.iter()).any(|s| s == "'unsafe-eval'") {
        set(Expectation::CspImplementedWithUnsafeEval);
    }
    if passive.iter().any(insecure) {
        set(Expectation::CspImplementedWithInsecureSchemeInPassiveContentOnly);
    }
    if style.iter().any(|s| broad_or_inline(s)) {
        set(Expectation::CspImplementedWithUnsafeInlineInStyleSrcOnly);
    }
    if csp.get("default-src").is_some_and(|d| d.len() == 1 && d[0] == "'none'") {
        set(Expectation::CspImplementedWithNoUnsafeDefaultSrcNone);
    } else {
        set(Expectation::CspImplementedWithNoUnsafe);
    }
    let mut result = result.unwrap_or(Expectation::CspImplementedWithNoUnsafe);
    let passing = [
        Expectation::CspImplementedWithNoUnsafe,
        Expectation::CspImplementedWithNoUnsafeDefaultSrcNone,
        Expectation::CspImplementedWithUnsafeInlineInStyleSrcOnly,
        Expectation::CspImplementedWithInsecureSchemeInPassiveContentOnly,
    ];
    if passing.contains(&result) && csp.duplicate_reporting {
        result = Expectation::CspImplementedButDuplicateDirectives;
    }
    (result, Some(csp))
}

fn not_implemented(view: &ClientView) -> Expectation {
    match view.get("content-security-policy-report-only") {
        Some(value) if !value.is_empty() => Expectation::CspNotImplementedButReportingEnabled,
        _ => Expectation::CspNotImplemented,
    }
}

/// Whether the Observatory counts a passing CSP result as a pass.
pub fn passes(result: Expectation) -> bool {
    matches!(
        result,
        Expectation::CspImplementedWithNoUnsafe
            | Expectation::CspImplementedWithNoUnsafeDefaultSrcNone
            | Expectation::CspImplementedWithUnsafeInlineInStyleSrcOnly
            | Expectation::CspImplementedWithInsecureSchemeInPassiveContentOnly
            | Expectation::CspImplementedButDuplicateDirectives
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_sort_as_node_s_collator_does() {
        let mut chars: Vec<char> = (0x21u8..0x7f).map(char::from).collect();
        chars.sort_by_key(|c| collation_key(&c.to_string()));
        let sorted: String = chars.into_iter().collect();
        // Node 20: Array.from({length: 94}, (_, i) => String.fromCharCode(i + 33)).sort(Intl.Collator("en").compare)
        assert_eq!(
            sorted,
            "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ"
        );
    }

    #[test]
    fn a_longer_source_after_its_prefix_is_dropped() {
        let csp = parse("script-src 'self' https://cdn.example https://cdn.example/js/").unwrap_or_default();
        assert_eq!(csp.get("script-src").cloned(), Some(vec!["'self'".to_string(), "https://cdn.example".to_string()]));
        assert_eq!(parse("a b"), Err(InvalidPolicy));
        assert_eq!(parse("script-src 'self'; script-src *"), Err(InvalidPolicy));
    }
}
