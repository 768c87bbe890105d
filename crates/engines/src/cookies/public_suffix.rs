//! Public suffixes and registrable domains (the Public Suffix List algorithm) over a curated
//! subset of the list, `public_suffixes.txt` (where it comes from is said at its top; 928 bytes).
//!
//! Browsers refuse a `Domain` attribute that names a public suffix (RFC 6265bis §5.7 step 9):
//! otherwise `Domain=github.io` would reach every GitHub Pages site. And "site", for SameSite,
//! is the registrable domain: the public suffix plus one label.

const RULES: &str = include_str!("public_suffixes.txt");

fn rules() -> impl Iterator<Item = &'static str> {
    RULES.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//"))
}

/// The public suffix of `host` (lower-case, no trailing dot), by the list's algorithm: the
/// matching rule with most labels wins, an exception rule (`!`) wins over all and drops its
/// leftmost label, and with no match the TLD alone is the suffix (the implicit `*` rule).
pub fn public_suffix(host: &str) -> &str {
    let labels: Vec<&str> = host.split('.').collect();
    let mut best = 1usize;
    for rule in rules() {
        if let Some(exception) = rule.strip_prefix('!') {
            if matches_rule(&labels, exception) {
                best = exception.split('.').count().saturating_sub(1);
                return suffix_of(host, &labels, best);
            }
            continue;
        }
        if matches_rule(&labels, rule) {
            best = best.max(rule.split('.').count());
        }
    }
    suffix_of(host, &labels, best)
}

fn matches_rule(labels: &[&str], rule: &str) -> bool {
    let rule_labels: Vec<&str> = rule.split('.').collect();
    if rule_labels.len() > labels.len() {
        return false;
    }
    let tail = labels.get(labels.len() - rule_labels.len()..).unwrap_or_default();
    tail.iter().zip(&rule_labels).all(|(label, r)| *r == "*" || label == r)
}

fn suffix_of<'h>(host: &'h str, labels: &[&str], count: usize) -> &'h str {
    let count = count.min(labels.len());
    let skip: usize = labels.iter().take(labels.len() - count).map(|l| l.len() + 1).sum();
    host.get(skip..).unwrap_or(host)
}

/// Whether `domain` is itself a public suffix.
pub fn is_public_suffix(domain: &str) -> bool {
    !domain.is_empty() && public_suffix(domain) == domain
}

/// The registrable domain (eTLD+1) of `host`, or `None` when the host is a public suffix itself
/// or an IP address (then the host alone is the site).
pub fn registrable_domain(host: &str) -> Option<&str> {
    if is_ip_address(host) || is_public_suffix(host) {
        return None;
    }
    let suffix = public_suffix(host);
    let before = host.get(..host.len().saturating_sub(suffix.len() + 1))?;
    let label_start = before.rfind('.').map_or(0, |i| i + 1);
    host.get(label_start..)
}

/// An IPv4 address or a bracketed IPv6 address, which never have a registrable domain.
pub fn is_ip_address(host: &str) -> bool {
    host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrable_domains_follow_the_list() {
        let cases = [
            ("castle.example", Some("castle.example")),
            ("www.castle.example", Some("castle.example")),
            ("evil.example", Some("evil.example")),
            ("bank.co.uk", Some("bank.co.uk")),
            ("a.b.bank.co.uk", Some("bank.co.uk")),
            ("arthur.github.io", Some("arthur.github.io")),
            ("github.io", None),
            ("co.uk", None),
            ("example", None),
            ("foo.bar.ck", Some("foo.bar.ck")),
            ("www.ck", Some("www.ck")),
            ("x.city.kawasaki.jp", Some("city.kawasaki.jp")),
            ("127.0.0.1", None),
        ];
        for (host, want) in cases {
            assert_eq!(registrable_domain(host), want, "{host}");
        }
        assert!(is_public_suffix("herokuapp.com"));
        assert!(is_public_suffix("bar.ck"));
        assert!(!is_public_suffix("www.ck"));
    }
}
