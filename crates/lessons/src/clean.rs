//! The ammonia policy every lesson's HTML passes through before it can reach the page.
//!
//! Built-in lessons are trusted, but teacher packs are not, and both take this one path: so a
//! hostile pack cannot script the app. What it keeps is exactly what the renderer emits.

use std::collections::HashSet;
use std::sync::OnceLock;

fn policy() -> &'static ammonia::Builder<'static> {
    static POLICY: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    POLICY.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_generic_attributes(["class"])
            // A wide table or a long code line scrolls in its own box, which must be reachable by keyboard.
            .add_tag_attributes("div", ["tabindex"])
            .add_tag_attributes("pre", ["tabindex"])
            .add_tag_attributes("th", ["scope"])
            // A "Try it" step (render.rs): at worst, a pack's button fills the sandbox with one
            // of its lesson's own quest answers.
            .add_tags(["button"])
            .add_tag_attributes("button", ["type", "data-try"])
            .url_schemes(HashSet::from(["https", "mailto"]))
            .link_rel(Some("noopener noreferrer"));
        builder
    })
}

/// Cleans rendered lesson HTML.
pub fn clean(html: &str) -> String {
    policy().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = clean(r#"<p onclick="x()">hi<script>alert(1)</script></p><img src=x onerror=alert(1)>"#);
        assert!(!html.contains("script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    #[test]
    fn javascript_links_are_removed() {
        let html = clean(r#"<a href="javascript:alert(1)">x</a>"#);
        assert!(!html.contains("javascript"), "{html}");
    }

    #[test]
    fn try_steps_keep_their_button_and_lose_anything_else() {
        let html = clean(
            r#"<button type="button" class="try-it" data-try="bypass" onclick="x()" formaction="https://x">Try</button>"#,
        );
        assert_eq!(html, r#"<button type="button" class="try-it" data-try="bypass">Try</button>"#);
    }

    #[test]
    fn classes_and_in_app_links_are_kept() {
        let html = clean(r##"<span class="hl-string">x</span><a href="#/lesson/csrf">CSRF</a>"##);
        assert!(html.contains(r#"class="hl-string""#), "{html}");
        assert!(html.contains(r##"href="#/lesson/csrf""##), "{html}");
    }
}
