//! Hash routes (`#/lesson/csrf`): they survive a reload and a deep link on any static host,
//! under any sub-path, and from a file opened straight from disk, with no server rewrite rules.

use yew_router::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    /// A lesson, or the launch checklist (`#/lesson/checklist`).
    #[at("/lesson/:id")]
    Lesson { id: String },
    #[at("/progress")]
    Progress,
    #[not_found]
    #[at("/not-found")]
    NotFound,
}
