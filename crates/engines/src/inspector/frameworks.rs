//! Flask and Django rules: Django's own `check --deploy` security checks read from a settings
//! module's constants (`django/core/checks/security/*.py` in Django 6.1.3), and our rules for
//! what neither Bandit nor Django reports.

use std::collections::BTreeMap;

use ruff_python_ast::{self as ast, Expr, Stmt};

use super::findings::{finding, Level, Source};
use super::rules::looks_like_password;
use super::walk::Walker;
use super::Route;

/// A setting's value as far as the file shows it.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Bool(bool),
    Int(i64),
    Str(String),
    List(Vec<Value>),
    None,
    /// Set by code the inspector does not run (`os.environ["X"]`, a function call).
    Unknown,
}

impl Value {
    /// Python's truth value; `None` when unknown.
    fn truthy(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::Int(i) => Some(*i != 0),
            Value::Str(s) => Some(!s.is_empty()),
            Value::List(l) => Some(!l.is_empty()),
            Value::None => Some(false),
            Value::Unknown => None,
        }
    }

    fn contains_str(&self, wanted: &str) -> Option<bool> {
        match self {
            Value::List(items) => Some(items.iter().any(|i| matches!(i, Value::Str(s) if s == wanted))),
            Value::Unknown => None,
            _ => Some(false),
        }
    }
}

/// Whether the call is `os.environ.get(...)` or `os.getenv(...)`.
fn is_environment_lookup(w: &Walker<'_>, call: &ast::ExprCall) -> bool {
    matches!(w.imports.call_name(call).as_str(), "os.environ.get" | "os.getenv" | "environ.get")
}

/// `expr` if it is an environment lookup.
fn environment_lookup<'a>(w: &Walker<'_>, expr: &'a Expr) -> Option<&'a ast::ExprCall> {
    match expr {
        Expr::Call(call) if is_environment_lookup(w, call) => Some(call),
        _ => None,
    }
}

/// How deep a settings value is read: `MIDDLEWARE` is a flat list; a list nested deeper is
/// no setting Django checks, and reading it would recurse once per level.
const MAX_VALUE_DEPTH: usize = 8;

fn value_of(w: &Walker<'_>, expr: &Expr) -> Value {
    value_at(w, expr, 0)
}

fn value_at(w: &Walker<'_>, expr: &Expr, depth: usize) -> Value {
    if depth > MAX_VALUE_DEPTH {
        return Value::Unknown;
    }
    match expr {
        Expr::BooleanLiteral(b) => Value::Bool(b.value),
        Expr::NoneLiteral(_) => Value::None,
        Expr::StringLiteral(s) => Value::Str(s.value.to_str().to_string()),
        Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => i.as_i64().map_or(Value::Unknown, Value::Int),
            _ => Value::Unknown,
        },
        Expr::List(l) => Value::List(l.elts.iter().map(|e| value_at(w, e, depth + 1)).collect()),
        Expr::Tuple(t) => Value::List(t.elts.iter().map(|e| value_at(w, e, depth + 1)).collect()),
        // The fixtures run Django with no variables of their own, so a lookup gives its
        // default: what the app runs with wherever the variable is forgotten.
        _ => match environment_lookup(w, expr) {
            Some(call) => call
                .arguments
                .args
                .get(1)
                .or_else(|| {
                    call.arguments
                        .keywords
                        .iter()
                        .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "default"))
                        .map(|k| &k.value)
                })
                .map_or(Value::None, |d| value_at(w, d, depth + 1)),
            None => Value::Unknown,
        },
    }
}

/// Called for each call, after Bandit's call tests.
pub fn on_call(w: &mut Walker<'_>, call: &ast::ExprCall, qualname: &str) {
    // DP002: a secret read from the environment with a default to fall back on.
    if is_environment_lookup(w, call) {
        let lookup = call;
        let variable = lookup.arguments.args.first().and_then(|a| match a {
            Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
            _ => None,
        });
        let default = lookup.arguments.args.get(1);
        if let (Some(variable), Some(Expr::StringLiteral(default))) = (variable, default) {
            let secret_like = looks_like_password(&variable) || variable.to_ascii_uppercase().ends_with("_KEY");
            if secret_like && !default.value.to_str().is_empty() {
                let at = w.positions.of(call);
                w.findings.push(finding(
                    "DP002",
                    Source::Dragonproof,
                    at,
                    Level::Medium,
                    Level::High,
                    format!("`{variable}` falls back to \"{}\" when the variable is not set.", default.value.to_str()),
                ));
            }
        }
    }
    // DP004: `|safe` inside a template string rendered by Flask.
    if qualname.ends_with("render_template_string") {
        if let Some(Expr::StringLiteral(template)) = call.arguments.args.first() {
            let text = template.value.to_str();
            let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            if compact.contains("|safe") {
                let at = w.positions.of(template);
                w.findings.push(finding(
                    "DP004",
                    Source::Dragonproof,
                    at,
                    Level::Medium,
                    Level::High,
                    "The template marks a value `|safe`, so it is written without escaping.".into(),
                ));
            }
        }
    }
}

/// The Flask and Django rules that read the whole module.
pub fn module_rules(w: &mut Walker<'_>, body: &[Stmt]) -> Vec<Route> {
    let mut settings: BTreeMap<String, (Value, (usize, usize))> = BTreeMap::new();
    let mut routes = Vec::new();
    let mut csrf_protect = false;
    let mut post_route: Option<(usize, usize)> = None;
    collect(w, body, &mut settings, &mut routes, &mut csrf_protect, &mut post_route);

    if let Some((Value::List(hosts), at)) = settings.get("ALLOWED_HOSTS") {
        if hosts.iter().any(|h| matches!(h, Value::Str(s) if s == "*")) {
            w.findings.push(finding(
                "DP001",
                Source::Dragonproof,
                *at,
                Level::Medium,
                Level::High,
                "ALLOWED_HOSTS accepts any Host header.".into(),
            ));
        }
    }
    if let (Some(at), false, true) = (post_route, csrf_protect, w.imports.imported_like("flask")) {
        w.findings.push(finding(
            "DP007",
            Source::Dragonproof,
            at,
            Level::Medium,
            Level::Medium,
            "This Flask app accepts POST requests and never calls CSRFProtect(app).".into(),
        ));
    }
    let is_django_settings = ["INSTALLED_APPS", "MIDDLEWARE", "ROOT_URLCONF"].iter().any(|k| settings.contains_key(*k));
    if is_django_settings {
        django_checks(w, &settings);
    }
    routes.sort();
    routes
}

fn collect(
    w: &mut Walker<'_>,
    body: &[Stmt],
    settings: &mut BTreeMap<String, (Value, (usize, usize))>,
    routes: &mut Vec<Route>,
    csrf_protect: &mut bool,
    post_route: &mut Option<(usize, usize)>,
) {
    for stmt in body {
        match stmt {
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    let key = match target {
                        Expr::Name(n) => Some(n.id.to_string()),
                        // app.config["X"] = ...
                        Expr::Subscript(sub) => match (sub.value.as_ref(), sub.slice.as_ref()) {
                            (Expr::Attribute(attr), Expr::StringLiteral(k)) if attr.attr.as_str() == "config" => {
                                Some(k.value.to_str().to_string())
                            }
                            _ => None,
                        },
                        _ => None,
                    };
                    if let Some(key) = key {
                        let at = w.positions.of(target);
                        let value = value_of(w, &assign.value);
                        if key == "WTF_CSRF_ENABLED" && value == Value::Bool(false) {
                            w.findings.push(finding(
                                "DP005",
                                Source::Dragonproof,
                                at,
                                Level::High,
                                Level::High,
                                "Flask-WTF's CSRF protection is turned off.".into(),
                            ));
                        }
                        if key == "SESSION_COOKIE_SECURE"
                            && value == Value::Bool(false)
                            && matches!(target, Expr::Subscript(_))
                        {
                            w.findings.push(finding(
                                "DP006",
                                Source::Dragonproof,
                                at,
                                Level::Medium,
                                Level::High,
                                "The session cookie is sent over plain HTTP too.".into(),
                            ));
                        }
                        if matches!(target, Expr::Name(_)) {
                            settings.insert(key, (value, at));
                        }
                    }
                }
            }
            Stmt::Expr(expr) => {
                if let Expr::Call(call) = expr.value.as_ref() {
                    if w.imports.call_name(call).ends_with("CSRFProtect") {
                        *csrf_protect = true;
                    }
                }
            }
            Stmt::FunctionDef(def) => {
                for decorator in &def.decorator_list {
                    let expr = &decorator.expression;
                    let decorator_name = match expr {
                        Expr::Call(call) => w.imports.qualified(&call.func),
                        other => w.imports.qualified(other),
                    };
                    if decorator_name.ends_with("csrf_exempt") || decorator_name.ends_with("csrf.exempt") {
                        let at = w.positions.of(expr);
                        w.findings.push(finding(
                            "DP003",
                            Source::Dragonproof,
                            at,
                            Level::Medium,
                            Level::High,
                            format!("`{}` is exempt from CSRF protection.", def.name.as_str()),
                        ));
                    }
                    if let Some(route) = route_of(expr, def.name.as_str()) {
                        if route.methods.iter().any(|m| m != "GET" && m != "HEAD" && m != "OPTIONS")
                            && post_route.is_none()
                        {
                            *post_route = Some(w.positions.of(expr));
                        }
                        routes.push(route);
                    }
                }
            }
            Stmt::If(stmt) => {
                collect(w, &stmt.body, settings, routes, csrf_protect, post_route);
                for clause in &stmt.elif_else_clauses {
                    collect(w, &clause.body, settings, routes, csrf_protect, post_route);
                }
            }
            _ => {}
        }
        if let Stmt::Assign(assign) = stmt {
            if let Expr::Call(call) = assign.value.as_ref() {
                if w.imports.call_name(call).ends_with("CSRFProtect") {
                    *csrf_protect = true;
                }
            }
        }
    }
}

/// `@app.route("/x", methods=[...])`, `@bp.get("/x")`, `@app.post("/x")`.
fn route_of(expr: &Expr, view: &str) -> Option<Route> {
    let Expr::Call(call) = expr else { return None };
    let Expr::Attribute(attr) = call.func.as_ref() else {
        return None;
    };
    let Some(Expr::StringLiteral(path)) = call.arguments.args.first() else {
        return None;
    };
    let method = attr.attr.as_str();
    let mut methods = match method {
        "route" => call
            .arguments
            .keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "methods"))
            .map(|k| match &k.value {
                Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. }) => elts
                    .iter()
                    .filter_map(|e| match e {
                        Expr::StringLiteral(s) => Some(s.value.to_str().to_ascii_uppercase()),
                        _ => None,
                    })
                    .collect(),
                _ => vec!["?".to_string()],
            })
            .unwrap_or_else(|| vec!["GET".to_string()]),
        "get" | "post" | "put" | "patch" | "delete" => vec![method.to_ascii_uppercase()],
        _ => return None,
    };
    methods.sort();
    methods.dedup();
    Some(Route { path: path.value.to_str().to_string(), methods, view: view.to_string() })
}

/// Django's defaults for the settings its checks read (`django/conf/global_settings.py`).
fn setting<'a>(settings: &'a BTreeMap<String, (Value, (usize, usize))>, name: &str, default: &'a Value) -> &'a Value {
    settings.get(name).map_or(default, |(v, _)| v)
}

fn django_checks(w: &mut Walker<'_>, settings: &BTreeMap<String, (Value, (usize, usize))>) {
    let empty_list = Value::List(Vec::new());
    let f = Value::Bool(false);
    let zero = Value::Int(0);
    let empty = Value::Str(String::new());
    let at = |name: &str| settings.get(name).map_or((1, 0), |(_, at)| *at);
    let middleware = setting(settings, "MIDDLEWARE", &empty_list);
    let apps = setting(settings, "INSTALLED_APPS", &empty_list);
    let security_mw = middleware.contains_str("django.middleware.security.SecurityMiddleware");
    let push = |w: &mut Walker<'_>, id: &'static str, name: &str, severity: Level, message: &str| {
        w.findings.push(finding(id, Source::Django, at(name), severity, Level::High, message.to_string()));
    };

    // security.W018: DEBUG.
    if setting(settings, "DEBUG", &f).truthy() == Some(true) {
        push(w, "security.W018", "DEBUG", Level::High, "You should not have DEBUG set to True in deployment.");
    }
    // security.W009: the secret key's length, variety and prefix.
    match setting(settings, "SECRET_KEY", &empty) {
        Value::Str(key) => {
            let unique: std::collections::BTreeSet<char> = key.chars().collect();
            if unique.len() < 5 || key.chars().count() < 50 || key.starts_with("django-insecure-") {
                push(w, "security.W009", "SECRET_KEY", Level::High, "Your SECRET_KEY has less than 50 characters, less than 5 unique characters, or it's prefixed with 'django-insecure-'.");
            }
        }
        Value::Unknown => {}
        _ => push(w, "security.W009", "SECRET_KEY", Level::High, "Your SECRET_KEY is not a string."),
    }
    // security.W020: ALLOWED_HOSTS empty.
    if setting(settings, "ALLOWED_HOSTS", &empty_list).truthy() == Some(false) {
        push(w, "security.W020", "ALLOWED_HOSTS", Level::Low, "ALLOWED_HOSTS must not be empty in deployment.");
    }
    // security.W004 and W008: only with SecurityMiddleware (which sends them).
    if security_mw == Some(true) {
        if setting(settings, "SECURE_HSTS_SECONDS", &zero).truthy() == Some(false) {
            push(
                w,
                "security.W004",
                "SECURE_HSTS_SECONDS",
                Level::Medium,
                "You have not set a value for the SECURE_HSTS_SECONDS setting.",
            );
        }
        if !matches!(setting(settings, "SECURE_SSL_REDIRECT", &f), Value::Bool(true) | Value::Unknown) {
            push(
                w,
                "security.W008",
                "SECURE_SSL_REDIRECT",
                Level::Medium,
                "Your SECURE_SSL_REDIRECT setting is not set to True.",
            );
        }
    }
    // security.W010, W011, W012: the session cookie without Secure.
    if !matches!(setting(settings, "SESSION_COOKIE_SECURE", &f), Value::Bool(true) | Value::Unknown) {
        let app = apps.contains_str("django.contrib.sessions") == Some(true);
        let mw = middleware.contains_str("django.contrib.sessions.middleware.SessionMiddleware") == Some(true);
        let message = "SESSION_COOKIE_SECURE is not set to True.";
        match (app, mw) {
            (true, true) => push(w, "security.W012", "SESSION_COOKIE_SECURE", Level::Medium, message),
            (true, false) => push(w, "security.W010", "SESSION_COOKIE_SECURE", Level::Medium, message),
            (false, true) => push(w, "security.W011", "SESSION_COOKIE_SECURE", Level::Medium, message),
            (false, false) => {}
        }
    }
    // security.W016: the CSRF cookie without Secure (unless the token lives in the session).
    let csrf_mw = middleware.contains_str("django.middleware.csrf.CsrfViewMiddleware") == Some(true);
    let uses_sessions = setting(settings, "CSRF_USE_SESSIONS", &f).truthy() == Some(true);
    if csrf_mw
        && !uses_sessions
        && !matches!(setting(settings, "CSRF_COOKIE_SECURE", &f), Value::Bool(true) | Value::Unknown)
    {
        push(w, "security.W016", "CSRF_COOKIE_SECURE", Level::Medium, "CSRF_COOKIE_SECURE is not set to True.");
    }
}
