//! Lesson 1's input pipeline: how a view reads a form field, step by step, and the code that
//! does it in Flask and in Django.
//!
//! Facts (lessons/input-sanitization.md, docs/fact-check/part-1.md): Flask's
//! `request.form["name"]` on a missing field aborts with 400 Bad Request; Django's
//! `request.POST["name"]` raises `MultiValueDictKeyError`, a 500 unless caught; `.get()` with a
//! default returns the default. `len()` counts code points, as `chars().count()` does here.

use serde::{Deserialize, Serialize};

use super::render::{django_escape, markupsafe_escape, python_strip};

/// What the learner sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineSettings {
    /// `.get("name", "")` instead of `["name"]`.
    pub use_get: bool,
    pub strip: bool,
    /// Reject values longer than this many characters.
    pub max_length: Option<usize>,
}

impl Default for PipelineSettings {
    fn default() -> Self {
        PipelineSettings { use_get: true, strip: true, max_length: Some(100) }
    }
}

/// One step's result, for the table the learner reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub label: String,
    pub value: String,
}

/// How the request ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// The value was accepted; `flask` and `django` are what each escaper writes into the page.
    Accepted { flask: String, django: String },
    /// Rejected on purpose, with the status a well-written view returns.
    Rejected { status: u16, reason: String },
    /// The view crashed or aborted before the code could decide.
    Failed { flask: String, django: String },
}

/// Runs the pipeline on a submitted field (`None`: the form had no such field).
pub fn run(field: Option<&str>, settings: &PipelineSettings) -> (Vec<Step>, Outcome) {
    let mut steps = Vec::new();
    let value = match (field, settings.use_get) {
        (Some(value), _) => value.to_string(),
        (None, true) => String::new(),
        (None, false) => {
            return (
                steps,
                Outcome::Failed {
                    flask: "400 Bad Request: Flask aborts on a missing form key.".into(),
                    django: "500 Server Error: MultiValueDictKeyError, unless the view catches it.".into(),
                },
            )
        }
    };
    steps.push(Step {
        label: if settings.use_get { ".get(\"name\", \"\")".into() } else { "[\"name\"]".into() },
        value: value.clone(),
    });
    let value = if settings.strip {
        let stripped = python_strip(&value).to_string();
        steps.push(Step { label: ".strip()".into(), value: stripped.clone() });
        stripped
    } else {
        value
    };
    let length = value.chars().count();
    if let Some(max) = settings.max_length {
        if length > max {
            return (
                steps,
                Outcome::Rejected {
                    status: 400,
                    reason: format!("too long: {length} characters (the limit is {max})"),
                },
            );
        }
    }
    if value.is_empty() {
        return (steps, Outcome::Rejected { status: 400, reason: "the name is required".into() });
    }
    (steps, Outcome::Accepted { flask: markupsafe_escape(&value), django: django_escape(&value) })
}

/// The Flask view that matches `settings`.
pub fn flask_code(settings: &PipelineSettings) -> String {
    let read =
        if settings.use_get { "request.form.get(\"name\", \"\")" } else { "request.form[\"name\"]  # 400 if missing" };
    let strip = if settings.strip { ".strip()" } else { "" };
    let limit = settings
        .max_length
        .map_or(String::new(), |max| format!("    if len(name) > {max}:\n        return \"Name too long\", 400\n"));
    format!(
        "@app.post(\"/greet\")\ndef greet():\n    name = {read}{strip}\n{limit}    if not name:\n        return \"Name required\", 400\n    return render_template(\"greet.html\", name=name)  # autoescaped"
    )
}

/// The Django view that matches `settings`.
pub fn django_code(settings: &PipelineSettings) -> String {
    let read =
        if settings.use_get { "request.POST.get(\"name\", \"\")" } else { "request.POST[\"name\"]  # 500 if missing" };
    let strip = if settings.strip { ".strip()" } else { "" };
    let limit = settings.max_length.map_or(String::new(), |max| {
        format!("    if len(name) > {max}:\n        return HttpResponseBadRequest(\"Name too long\")\n")
    });
    format!(
        "def greet(request):\n    name = {read}{strip}\n{limit}    if not name:\n        return HttpResponseBadRequest(\"Name required\")\n    return render(request, \"greet.html\", {{\"name\": name}})  # autoescaped"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn missing_field_with_brackets_fails_differently_in_each_framework() {
        let settings = PipelineSettings { use_get: false, ..PipelineSettings::default() };
        let (_, outcome) = run(None, &settings);
        let Outcome::Failed { flask, django } = outcome else { panic!("{outcome:?}") };
        assert!(flask.starts_with("400"));
        assert!(django.contains("MultiValueDictKeyError"));
    }

    #[test]
    fn missing_field_with_get_is_required_not_a_crash() {
        let (_, outcome) = run(None, &PipelineSettings::default());
        assert_eq!(outcome, Outcome::Rejected { status: 400, reason: "the name is required".into() });
    }

    #[test]
    fn too_long_is_rejected_with_its_length() {
        let settings = PipelineSettings { max_length: Some(10), ..PipelineSettings::default() };
        let (_, outcome) = run(Some(&"é".repeat(11)), &settings);
        assert_eq!(
            outcome,
            Outcome::Rejected { status: 400, reason: "too long: 11 characters (the limit is 10)".into() }
        );
    }

    #[test]
    fn strip_runs_before_the_length_check_and_escaping_is_per_framework() {
        let settings = PipelineSettings { max_length: Some(5), ..PipelineSettings::default() };
        let (steps, outcome) = run(Some("   <b>'   "), &settings);
        assert_eq!(steps.last().unwrap().value, "<b>'");
        assert_eq!(outcome, Outcome::Accepted { flask: "&lt;b&gt;&#39;".into(), django: "&lt;b&gt;&#x27;".into() });
    }

    #[test]
    fn generated_code_follows_the_settings() {
        let settings = PipelineSettings { use_get: false, strip: false, max_length: None };
        let code = flask_code(&settings);
        assert!(code.contains("request.form[\"name\"]") && !code.contains(".strip()") && !code.contains("len(name)"));
        assert!(django_code(&PipelineSettings::default()).contains("request.POST.get(\"name\", \"\").strip()"));
    }

    proptest! {
        #[test]
        fn never_panics(value in proptest::option::of("\\PC{0,200}"), use_get: bool, strip: bool, max in proptest::option::of(0usize..300)) {
            let _ = run(value.as_deref(), &PipelineSettings { use_get, strip, max_length: max });
        }
    }
}
