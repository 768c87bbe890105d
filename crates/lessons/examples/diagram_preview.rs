//! Every lesson's diagrams on one page, to look at them (and run axe on them) without building
//! the app: `cargo run -p dragonproof-lessons --example diagram_preview -- <out dir>` writes
//! `<out dir>/diagrams.html` and a copy of `static/style.css` beside it. Then
//! `node scripts/diagram-shots.mjs <out dir>` takes the screenshots.

use std::path::{Path, PathBuf};

use dragonproof_lessons::Book;

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "target/diagram-preview".into()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let book = Book::load(&root.join("lessons")).unwrap_or_else(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("lesson problems:\n{}", list.join("\n"))
    });
    let mut body = String::new();
    for lesson in &book.lessons {
        body.push_str(&format!("<h2>{}</h2>\n", lesson.front.title));
        let mut rest = lesson.html.as_str();
        while let Some(start) = rest.find(r#"<figure class="dg "#) {
            let end = rest[start..].find("</figure>").map_or(rest.len(), |at| start + at + "</figure>".len());
            body.push_str(&rest[start..end]);
            body.push('\n');
            rest = &rest[end..];
        }
    }
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"color-scheme\" content=\"light dark\">\
         <title>Dragonproof diagrams</title><link rel=\"stylesheet\" href=\"style.css\"></head>\
         <body><main><article class=\"lesson\"><h1>Every lesson's diagrams</h1>\
         <div class=\"lesson-body\">\n{body}</div></article></main></body></html>\n"
    );
    std::fs::create_dir_all(&out).expect("make the output folder");
    std::fs::write(out.join("diagrams.html"), page).expect("write diagrams.html");
    std::fs::copy(root.join("static/style.css"), out.join("style.css")).expect("copy style.css");
    println!("{}", out.join("diagrams.html").display());
}
