//! Components mount and react, in headless Chromium (wasm-bindgen-test). Run by `./x test`.
//! The whole flow, against the release build, is tested by Playwright in tests/e2e/.
#![cfg(target_arch = "wasm32")]

use dragonproof::components::App;
use dragonproof::lessons;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

fn storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

/// Mounts a fresh app at `hash` with `stored` progress (or none), and lets it render.
async fn mount(hash: &str, stored: Option<&str>) -> (Element, yew::AppHandle<App>) {
    storage().clear().unwrap();
    if let Some(text) = stored {
        storage().set_item("dragonproof.progress", text).unwrap();
    }
    window().location().set_hash(hash).unwrap();
    let document = window().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    (root, handle)
}

async fn settle() {
    TimeoutFuture::new(50).await;
}

fn find(root: &Element, selector: &str) -> HtmlElement {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("nothing matches {selector}")).dyn_into().unwrap()
}

#[wasm_bindgen_test]
async fn home_maps_every_lesson() {
    let (root, handle) = mount("#/", None).await;
    assert_eq!(root.query_selector_all(".castle-map > li").unwrap().length(), 13);
    assert!(find(&root, "h1").text_content().unwrap().contains("dragonproof"));
    handle.destroy();
}

#[wasm_bindgen_test]
async fn framework_switch_reorders_and_saves() {
    let (root, handle) = mount("#/lesson/sql-injection", None).await;
    assert!(find(&root, ".app").class_list().contains("prefers-flask"));
    find(&root, "input[value=django]").click();
    settle().await;
    assert!(find(&root, ".app").class_list().contains("prefers-django"));
    let saved = storage().get_item("dragonproof.progress").unwrap().unwrap();
    assert!(saved.contains("\"framework\": \"django\""), "{saved}");
    handle.destroy();
}

#[wasm_bindgen_test]
async fn marking_a_lesson_read_updates_and_saves() {
    let (root, handle) = mount("#/lesson/csrf", None).await;
    let button = find(&root, ".lesson-done button");
    assert_eq!(button.get_attribute("aria-pressed").as_deref(), Some("false"));
    button.click();
    settle().await;
    assert_eq!(find(&root, ".lesson-done button").get_attribute("aria-pressed").as_deref(), Some("true"));
    let saved = storage().get_item("dragonproof.progress").unwrap().unwrap();
    assert!(saved.contains("\"read\": true"), "{saved}");
    handle.destroy();
}

#[wasm_bindgen_test]
async fn damaged_store_shows_a_notice_instead_of_crashing() {
    let (root, handle) = mount("#/", Some("{\"format\": \"dragonproof-progress\", \"vers")).await;
    let notice = find(&root, ".notice").text_content().unwrap();
    assert!(notice.contains("damaged"), "{notice}");
    assert_eq!(root.query_selector_all(".castle-map > li").unwrap().length(), 13);
    assert!(storage().get_item("dragonproof.progress.damaged").unwrap().is_some());
    handle.destroy();
}

#[wasm_bindgen_test]
async fn unknown_lesson_shows_not_found() {
    let (root, handle) = mount("#/lesson/no-such-lesson", None).await;
    assert!(find(&root, "h1").text_content().unwrap().contains("leads nowhere"));
    handle.destroy();
}

#[wasm_bindgen_test]
fn lessons_are_embedded_in_order_with_neighbours() {
    let orders: Vec<u32> = lessons::LESSONS.iter().map(|l| l.order).collect();
    assert_eq!(orders, (1..=14).collect::<Vec<_>>());
    let (previous, next) = lessons::neighbours("sql-injection");
    assert_eq!(previous.map(|l| l.id), Some("input-sanitization"));
    assert_eq!(next.map(|l| l.id), Some("cross-site-scripting"));
}

#[wasm_bindgen_test]
fn routes_parse_from_the_hash_and_back() {
    use dragonproof::route::Route;
    assert_eq!(Route::parse(""), Route::Home);
    assert_eq!(Route::parse("#/"), Route::Home);
    assert_eq!(Route::parse("#/lesson/csrf"), Route::Lesson { id: "csrf".into() });
    assert_eq!(Route::parse("#/lesson/csrf/"), Route::Lesson { id: "csrf".into() });
    assert_eq!(Route::parse("#/progress"), Route::Progress);
    assert_eq!(Route::parse("#/lesson/"), Route::NotFound);
    assert_eq!(Route::parse("#/lesson/a/b"), Route::NotFound);
    assert_eq!(Route::parse("#main"), Route::NotFound);
    for route in [Route::Home, Route::Progress, Route::Lesson { id: "sql-injection".into() }] {
        assert_eq!(Route::parse(&route.href()), route);
    }
}

#[wasm_bindgen_test]
async fn following_a_link_changes_the_page() {
    let (root, handle) = mount("#/", None).await;
    find(&root, ".castle-map a").click();
    settle().await;
    assert_eq!(window().location().hash().unwrap(), "#/lesson/input-sanitization");
    assert!(root.query_selector(".castle-map").unwrap().is_none());
    handle.destroy();
}
