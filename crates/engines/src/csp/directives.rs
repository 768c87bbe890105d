//! Directive names and the fallback chains of CSP3 §6.8.3 ("Get the effective directive for
//! request", "Get fallback list").

/// Every directive of CSP Level 3 and its companions that browsers recognise.
pub const KNOWN_DIRECTIVES: &[&str] = &[
    "default-src",
    "script-src",
    "script-src-elem",
    "script-src-attr",
    "style-src",
    "style-src-elem",
    "style-src-attr",
    "img-src",
    "font-src",
    "connect-src",
    "media-src",
    "object-src",
    "frame-src",
    "child-src",
    "worker-src",
    "manifest-src",
    "base-uri",
    "form-action",
    "frame-ancestors",
    "sandbox",
    "report-uri",
    "report-to",
    "upgrade-insecure-requests",
    "block-all-mixed-content",
    "require-trusted-types-for",
    "trusted-types",
    "fenced-frame-src",
    "webrtc",
    "prefetch-src",
    "navigate-to",
    "plugin-types",
    "require-sri-for",
];

/// Directives that are ignored when the policy arrives in a `<meta>` element (CSP3 §3.3).
pub const NOT_IN_META: &[&str] = &["frame-ancestors", "report-uri", "sandbox"];

/// Directives whose value is a source list (the ones this engine evaluates).
pub fn takes_source_list(name: &str) -> bool {
    name.ends_with("-src")
        || name.ends_with("-src-elem")
        || name.ends_with("-src-attr")
        || matches!(name, "base-uri" | "form-action" | "frame-ancestors")
}

/// The directives checked for `effective`, in order: the first one present in a policy decides.
/// Document and navigation directives (`base-uri`, `form-action`) have no fallback.
pub fn fallback_list(effective: &str) -> &'static [&'static str] {
    match effective {
        "script-src-elem" => &["script-src-elem", "script-src", "default-src"],
        "script-src-attr" => &["script-src-attr", "script-src", "default-src"],
        "style-src-elem" => &["style-src-elem", "style-src", "default-src"],
        "style-src-attr" => &["style-src-attr", "style-src", "default-src"],
        "worker-src" => &["worker-src", "child-src", "script-src", "default-src"],
        "frame-src" => &["frame-src", "child-src", "default-src"],
        "script-src" => &["script-src", "default-src"],
        "style-src" => &["style-src", "default-src"],
        "child-src" => &["child-src", "default-src"],
        "connect-src" => &["connect-src", "default-src"],
        "img-src" => &["img-src", "default-src"],
        "font-src" => &["font-src", "default-src"],
        "media-src" => &["media-src", "default-src"],
        "object-src" => &["object-src", "default-src"],
        "manifest-src" => &["manifest-src", "default-src"],
        // CSP3 "get the effective directive for request", step 1: prefetches and prerenders are
        // checked against default-src alone.
        "default-src" => &["default-src"],
        "base-uri" => &["base-uri"],
        "form-action" => &["form-action"],
        "frame-ancestors" => &["frame-ancestors"],
        _ => &[],
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb)).min(row[j] + 1).min(row[j + 1] + 1);
            previous = here;
        }
    }
    row[b.len()]
}

/// The known directive closest to a misspelled one, if it is close enough to be a typo.
pub fn suggest(name: &str) -> Option<&'static str> {
    if name.len() > 64 {
        return None;
    }
    KNOWN_DIRECTIVES
        .iter()
        .map(|known| (distance(name, known), *known))
        .filter(|(d, known)| *d <= 2.max(known.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, known)| known)
        .or(match name {
            "scripts-src" | "js-src" | "javascript-src" => Some("script-src"),
            "image-src" | "images-src" => Some("img-src"),
            "css-src" | "styles-src" => Some("style-src"),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallbacks_follow_csp3() {
        assert_eq!(fallback_list("script-src-elem"), ["script-src-elem", "script-src", "default-src"]);
        assert_eq!(fallback_list("worker-src"), ["worker-src", "child-src", "script-src", "default-src"]);
        assert_eq!(fallback_list("frame-src"), ["frame-src", "child-src", "default-src"]);
        assert_eq!(fallback_list("base-uri"), ["base-uri"]);
        assert!(fallback_list("unknown").is_empty());
    }

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(suggest("scirpt-src"), Some("script-src"));
        assert_eq!(suggest("img-srcc"), Some("img-src"));
        assert_eq!(suggest("image-src"), Some("img-src"));
        assert_eq!(suggest("defualt-src"), Some("default-src"));
        assert_eq!(suggest("banana"), None);
    }
}
