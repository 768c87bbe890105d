//! The real lessons in `lessons/`: every file parses, follows the authoring rules, and links
//! only to lessons that exist; the book has the 13 lessons of DESIGN.md and the checklist.

use std::path::Path;

use dragonproof_lessons::{Book, Sandbox};

fn book() -> Book {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons");
    Book::load(&dir).unwrap_or_else(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("lesson problems:\n{}", list.join("\n"))
    })
}

#[test]
fn every_lesson_file_is_valid() {
    book();
}

#[test]
fn the_book_has_thirteen_lessons_and_the_checklist() {
    let book = book();
    let ids: Vec<&str> = book.lessons.iter().map(|l| l.front.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "input-sanitization",
            "sql-injection",
            "cross-site-scripting",
            "content-security-policy",
            "secure-headers",
            "secret-keys",
            "csrf",
            "authentication",
            "session-cookies",
            "https-hsts",
            "clickjacking",
            "dependencies",
            "audits",
            "checklist",
        ]
    );
    let orders: Vec<u32> = book.lessons.iter().map(|l| l.front.order).collect();
    assert_eq!(orders, (1..=14).collect::<Vec<u32>>());
}

#[test]
fn the_checklist_covers_every_lesson() {
    let book = book();
    let checklist = book.lessons.iter().find(|l| l.front.sandbox == Sandbox::None).unwrap();
    for lesson in book.lessons.iter().filter(|l| l.front.sandbox != Sandbox::None) {
        assert!(
            checklist.front.items.iter().any(|item| item.lesson == lesson.front.id),
            "no checklist item for `{}`",
            lesson.front.id
        );
    }
}

#[test]
fn every_lesson_shows_flask_and_django_code() {
    for lesson in book().lessons.iter().filter(|l| l.front.sandbox != Sandbox::None) {
        assert!(lesson.html.contains("fw-flask"), "{} has no Flask code", lesson.front.id);
        assert!(lesson.html.contains("fw-django"), "{} has no Django code", lesson.front.id);
    }
}

/// The seeds' out-of-date advice must not come back as advice (DESIGN.md).
#[test]
fn no_lesson_recommends_the_deprecated_xss_filter() {
    for lesson in book().lessons {
        let html = &lesson.html;
        if html.contains("1; mode=block") {
            assert!(
                html.contains("deprecated") || html.contains("Myth"),
                "{} mentions `1; mode=block` without calling it out",
                lesson.front.id
            );
        }
    }
}
