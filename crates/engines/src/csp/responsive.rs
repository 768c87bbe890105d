//! Responsive images: which candidate of a `srcset` (HTML "parse a srcset attribute") or a CSS
//! `image-set()` the browser requests, so that only that one is checked against `img-src`.
//!
//! The engine assumes a device pixel ratio of 1 (the preview's, and most desktop screens').
//! Chromium's selection then takes the candidate with the smallest density that is at least 1,
//! or the densest one when all are below 1 (seen in the agreement test: `1.5x` over `3x`,
//! `0.75x` over `0.5x`).

/// One image candidate: a URL and the density it is for.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub url: String,
    pub density: f64,
}

/// What a `srcset` asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum SrcsetChoice {
    /// The browser requests this URL.
    Url(String),
    /// Width descriptors: the choice depends on the viewport, which the engine does not know.
    DependsOnViewport,
    /// No usable candidate.
    Nothing,
}

/// Splits a srcset into (URL, descriptors) pairs, as the HTML algorithm does: a URL is a run of
/// non-space characters; trailing commas end it; descriptors run to the next comma outside
/// parentheses.
fn split_srcset(srcset: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return out;
        }
        let url_end = rest.find(|c: char| c.is_ascii_whitespace()).unwrap_or(rest.len());
        let raw_url = &rest[..url_end];
        rest = &rest[url_end..];
        if raw_url.ends_with(',') {
            out.push((raw_url.trim_end_matches(',').to_string(), Vec::new()));
            continue;
        }
        let mut depth = 0usize;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let descriptors = rest[..end].split_ascii_whitespace().map(str::to_string).collect();
        out.push((raw_url.to_string(), descriptors));
        rest = &rest[end..];
    }
}

/// A density descriptor's value (`2x`, `1.5x`), if it is one and valid.
fn density(descriptor: &str) -> Option<f64> {
    let value: f64 = descriptor.strip_suffix('x')?.parse().ok()?;
    (value.is_finite() && value > 0.0).then_some(value)
}

/// The candidate the browser picks at a device pixel ratio of 1.
pub fn choose(candidates: &[Candidate]) -> Option<&Candidate> {
    let mut sorted: Vec<&Candidate> = candidates.iter().collect();
    sorted.sort_by(|a, b| a.density.total_cmp(&b.density));
    sorted.iter().find(|c| c.density >= 1.0).or(sorted.last()).copied()
}

/// What an `<img srcset>` (or `<source srcset>`, `<link imagesrcset>`) requests; `src` is the
/// element's `src`, which counts as the `1x` candidate when the srcset has none.
pub fn choose_from_srcset(srcset: &str, src: Option<&str>) -> SrcsetChoice {
    let mut candidates: Vec<Candidate> = Vec::new();
    for (url, descriptors) in split_srcset(srcset) {
        if descriptors.iter().any(|d| d.ends_with('w')) {
            return SrcsetChoice::DependsOnViewport;
        }
        let density = match descriptors.as_slice() {
            [] => Some(1.0),
            [one] => density(one),
            _ => None, // a height descriptor alone, or several: the candidate is dropped
        };
        if let Some(density) = density {
            // Of two candidates with the same density, the first is kept.
            if !candidates.iter().any(|c| c.density == density) {
                candidates.push(Candidate { url, density });
            }
        }
    }
    if let Some(src) = src.filter(|s| !s.trim().is_empty()) {
        if !candidates.iter().any(|c| c.density == 1.0) {
            candidates.push(Candidate { url: src.to_string(), density: 1.0 });
        }
    }
    match choose(&candidates) {
        Some(candidate) => SrcsetChoice::Url(candidate.url.clone()),
        None => SrcsetChoice::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(srcset: &str, src: Option<&str>) -> SrcsetChoice {
        choose_from_srcset(srcset, src)
    }

    #[test]
    fn the_smallest_density_of_at_least_one_is_chosen() {
        assert_eq!(url("a.png 1x, b.png 2x", None), SrcsetChoice::Url("a.png".into()));
        assert_eq!(url("a.png 1.5x, b.png 3x, c.png 0.5x", None), SrcsetChoice::Url("a.png".into()));
        assert_eq!(url("a.png 0.5x, b.png 0.75x", None), SrcsetChoice::Url("b.png".into()));
        assert_eq!(url("a.png", None), SrcsetChoice::Url("a.png".into()));
    }

    #[test]
    fn src_is_the_1x_candidate_when_srcset_has_none() {
        assert_eq!(url("b.png 2x", Some("a.png")), SrcsetChoice::Url("a.png".into()));
        assert_eq!(url("b.png 1x", Some("a.png")), SrcsetChoice::Url("b.png".into()));
    }

    #[test]
    fn width_descriptors_depend_on_the_viewport() {
        assert_eq!(url("a.png 100w, b.png 1000w", None), SrcsetChoice::DependsOnViewport);
    }

    #[test]
    fn odd_srcsets_do_not_panic() {
        for srcset in ["", ",,,", "a.png,b.png", "a.png (1x, 2x), b.png", "a.png NaNx", "a.png -1x", "\u{1F409} 2x"] {
            let _ = url(srcset, None);
        }
        // Commas inside a URL belong to it; only trailing ones end it.
        assert_eq!(url("a.png,b.png 2x", None), SrcsetChoice::Url("a.png,b.png".into()));
        assert_eq!(url("a.png, b.png 2x", None), SrcsetChoice::Url("a.png".into()));
        assert_eq!(url("", None), SrcsetChoice::Nothing);
    }
}
