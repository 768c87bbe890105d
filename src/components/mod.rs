//! The app's views. Each file is one component; `App` wires them.

mod app;
mod castle_map;
mod checklist;
mod embed_dialog;
mod framework_switch;
mod lesson_body;
mod lesson_page;
mod not_found;
mod notices;
mod progress_page;
mod quest_panel;
mod quiz;
mod reset_lesson;
pub(crate) mod sandbox_frame;
mod sandbox_slot;
mod site_header;

pub use app::App;
pub use castle_map::CastleMap;
pub use checklist::Checklist;
pub use embed_dialog::EmbedDialog;
pub use framework_switch::FrameworkSwitch;
pub use lesson_body::LessonBody;
pub use lesson_page::LessonPage;
pub use not_found::NotFound;
pub use notices::Notices;
pub use progress_page::ProgressPage;
pub use quest_panel::QuestPanel;
pub use quiz::Quiz;
pub use reset_lesson::ResetLesson;
pub use sandbox_frame::SandboxFrame;
pub use sandbox_slot::SandboxSlot;
pub use site_header::SiteHeader;
