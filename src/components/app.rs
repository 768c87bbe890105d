//! The root: progress state, saving it, the router and the page frame.

use dragonproof_engines::progress::Framework;
use yew::prelude::*;

use crate::components::{CastleMap, LessonPage, NotFound, Notices, ProgressPage, SiteHeader};
use crate::route::{use_route, Route};
use crate::state::{Action, AppContext, AppState};
use crate::store;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let restored = store::restore();
        AppState { progress: restored.progress, notices: restored.notices }
    });

    // Save after every change. The first run writes back what was just read, which also
    // replaces a damaged store with the reset one (its old text was kept aside by `restore`).
    {
        let state = state.clone();
        use_effect_with(state.progress.clone(), move |progress| {
            if let Err(reason) = store::save(progress) {
                let notice = format!("Progress could not be saved: {reason}.");
                if !state.notices.contains(&notice) {
                    state.dispatch(Action::Notify(notice));
                }
            }
        });
    }

    let framework_class = match state.progress.settings.framework {
        Framework::Flask => "prefers-flask",
        Framework::Django => "prefers-django",
    };

    let route = use_route();
    html! {
        <ContextProvider<AppContext> context={state.clone()}>
                <div class={classes!("app", framework_class)}>
                    <SiteHeader />
                    <Notices />
                    <main id="main" tabindex="-1">
                        { switch(route) }
                    </main>
                    <footer class="site-footer">
                        <p>
                            {"Dragonproof runs entirely in your browser: nothing you type leaves this page. "}
                            <a href={Route::Progress.href()}>{"Your progress and settings"}</a>
                        </p>
                    </footer>
                </div>
        </ContextProvider<AppContext>>
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <CastleMap /> },
        Route::Lesson { id } => html! { <LessonPage {id} /> },
        Route::Progress => html! { <ProgressPage /> },
        Route::NotFound => html! { <NotFound /> },
    }
}
