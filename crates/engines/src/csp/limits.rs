//! What the engine does not decide, said plainly: requests the page model cannot predict
//! ([`NotModelled`]), and resources the engine decides but the sandboxed preview cannot show
//! ([`PreviewGap`]), so the sandbox can tell the learner instead of showing a silent gap.

use serde::Serialize;

/// A kind of request or execution the page model sees but does not predict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum NotModelledKind {
    /// `srcset` with width descriptors (`800w`): the browser picks by the viewport's width.
    WidthDescriptors,
    /// `<picture><source media="…">`: the browser picks by a media query.
    MediaQuery,
    /// A CSS rule whose selector is more than a type, class or id (a combinator, `:hover`,
    /// an attribute selector): whether its images load depends on what matches, and when.
    ComplexSelector,
    /// A script call whose URL is not written as a string literal (`fetch(url)`).
    ComputedUrl,
    /// `<iframe srcdoc>`: its document inherits the policies, but it is a page of its own.
    Srcdoc,
    /// `<link rel="stylesheet">`'s own `url()`s and `@import`s: the engine never sees its text.
    ExternalStylesheetContent,
    /// `importScripts` and fetches inside a worker: the worker's own policy governs them.
    WorkerContent,
}

impl NotModelledKind {
    /// A sentence for the learner: what is not predicted, and why.
    pub fn message(self) -> &'static str {
        match self {
            NotModelledKind::WidthDescriptors => {
                "srcset with width descriptors: the browser picks the image by the viewport's width, so the engine does not say which one is requested"
            }
            NotModelledKind::MediaQuery => {
                "<source media=…>: the browser picks by a media query, so the engine does not say which image is requested"
            }
            NotModelledKind::ComplexSelector => {
                "a CSS rule with a combinator, pseudo-class or attribute selector: whether (and when) its images load depends on which elements match, which the engine does not compute"
            }
            NotModelledKind::ComputedUrl => "a request whose URL is computed at run time: the engine only reads URLs written as string literals",
            NotModelledKind::Srcdoc => {
                "an <iframe srcdoc> document inherits these policies, but the engine does not evaluate its content (paste it as a page of its own)"
            }
            NotModelledKind::ExternalStylesheetContent => {
                "an external stylesheet's own images, fonts and @imports: the engine never sees its text"
            }
            NotModelledKind::WorkerContent => "what a worker script loads (importScripts, fetch) is governed by the worker's own policy, not this page's",
        }
    }
}

/// One place in the page that the model does not predict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotModelled {
    pub kind: NotModelledKind,
    /// A short description of the construct: `<img srcset="a.png 480w, …">`.
    pub label: String,
    /// The 1-based line it starts on.
    pub line: usize,
}

/// Why the sandboxed preview (an opaque origin in `<iframe sandbox="allow-scripts">`) cannot
/// show what the engine decides for a resource on a real page. Each was found by a case in
/// the Chromium agreement test (see ARCHITECTURE.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PreviewGap {
    /// A worker from a URL (not `data:` or `blob:`), a shared worker, a service worker: in an
    /// opaque origin the constructor throws a SecurityError before CSP is checked.
    OpaqueOriginWorker,
    /// Chromium fetches a manifest only when the browser asks for the app's details, and never
    /// for a frame.
    ManifestOnDemand,
    /// Only a submitted form is checked, and the preview does not allow forms.
    FormSubmission,
    /// A `javascript:` link runs only when clicked; Chromium never runs one in a sandboxed
    /// frame (the preview runs it itself).
    JavascriptUrl,
}

impl PreviewGap {
    /// A sentence for the learner, shown beside the preview.
    pub fn message(self) -> &'static str {
        match self {
            PreviewGap::OpaqueOriginWorker => {
                "the preview runs in a sandboxed frame with no origin of its own, where starting this worker fails before CSP is checked; on your site the verdict above applies"
            }
            PreviewGap::ManifestOnDemand => "browsers fetch a manifest only when they need the app's details (and never for a frame), so the preview shows nothing for it",
            PreviewGap::FormSubmission => "form-action is checked when the form is submitted; the preview does not allow forms",
            PreviewGap::JavascriptUrl => "a javascript: link is checked when clicked; the preview runs it itself, so its verdict is the engine's",
        }
    }
}
