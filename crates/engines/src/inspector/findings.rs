//! What the inspector reports: a finding per rule hit, with Bandit's or Django's id where
//! they have one, and the words the learner reads.

use serde::{Deserialize, Serialize};

/// Bandit's three levels, used for both severity and confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    /// As Bandit's JSON writes it (`"LOW"`, `"MEDIUM"`, `"HIGH"`).
    pub fn bandit_name(self) -> &'static str {
        match self {
            Level::Low => "LOW",
            Level::Medium => "MEDIUM",
            Level::High => "HIGH",
        }
    }
}

/// Where a rule's id comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// A Bandit test id (`B608`).
    Bandit,
    /// A Django system check (`security.W018`).
    Django,
    /// Ours (`DP001`...), for what neither tool reports.
    Dragonproof,
}

/// One rule hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// `B608`, `security.W018` or one of ours (`DP...`).
    pub id: String,
    pub source: Source,
    /// 1-based line, as Python's `ast` and Bandit count.
    pub line: usize,
    /// 0-based column in UTF-8 bytes, as Python's `ast.col_offset`.
    pub col: usize,
    pub severity: Level,
    pub confidence: Level,
    /// The tool's message (Bandit's own text for Bandit ids).
    pub message: String,
    /// Why it matters, in a sentence.
    pub why: String,
    /// What to write instead.
    pub fix: String,
    /// The lesson that explains it.
    pub lesson: String,
}

/// The words for one rule.
pub struct RuleText {
    pub why: &'static str,
    pub fix: &'static str,
    pub lesson: &'static str,
}

/// The why, fix and lesson of every rule id the inspector reports.
pub fn rule_text(id: &str) -> RuleText {
    let (why, fix, lesson) = match id {
        "B104" => ("A server bound to 0.0.0.0 listens on every network interface, not only the one you meant to expose.", "Bind to 127.0.0.1 behind a reverse proxy, or read the address from configuration.", "secure-headers"),
        "B105" | "B106" | "B107" => ("A secret in the source is in every clone, backup and log of the repository, and cannot be rotated without a release.", "Read it from the environment (`os.environ[\"SECRET_KEY\"]`) or a secrets manager, and fail when it is missing.", "secret-keys"),
        "B113" => ("Without a timeout a slow or hostile server can hold the worker forever.", "Pass `timeout=` (for example `timeout=5`) to every requests call.", "audits"),
        "B201" => ("debug=True runs the Werkzeug debugger, which lets anyone who reaches it run Python on the server.", "Never enable debug in production: `app.run()` and `FLASK_DEBUG` only on your own machine.", "audits"),
        "B301" => ("Unpickling runs code chosen by whoever wrote the bytes.", "Use JSON for data from outside; never unpickle what you did not write.", "input-sanitization"),
        "B307" => ("eval runs any Python expression, so input reaching it is code.", "Use `ast.literal_eval` for literals, or parse the input properly.", "input-sanitization"),
        "B308" => ("mark_safe tells Django not to escape the string, so any user text inside it reaches the page as HTML.", "Build HTML with `format_html(\"<p>{}</p>\", value)`, which escapes the values.", "cross-site-scripting"),
        "B324" => ("MD5 and SHA-1 are broken for security: collisions are cheap and they are far too fast for passwords.", "Use `hashlib.sha256` for integrity, a password hasher (scrypt, argon2) for passwords, or pass `usedforsecurity=False` when it is not security.", "authentication"),
        "B501" => ("verify=False accepts any certificate, so anyone on the network path can read and change the traffic.", "Remove `verify=False`; point `verify=` at your CA bundle if the server uses a private CA.", "https-hsts"),
        "B506" => ("yaml.load with the default loader can build any Python object, which runs code.", "Use `yaml.safe_load(text)` (or `Loader=yaml.SafeLoader`).", "input-sanitization"),
        "B602" | "B605" => ("A shell parses the command, so text from outside can add its own commands (`; rm -rf /`).", "Pass a list of arguments without a shell: `subprocess.run([\"ls\", path], check=True)`.", "input-sanitization"),
        "B608" => ("SQL built from strings lets input change the query itself: that is SQL injection.", "Pass values as parameters: `cursor.execute(\"SELECT ... WHERE id = ?\", (user_id,))`.", "sql-injection"),
        "B701" => ("With autoescape off, Jinja2 writes variables into HTML as they are, so user text can carry a script.", "`Environment(autoescape=select_autoescape())` (Flask does this for you).", "cross-site-scripting"),
        "B704" => ("Markup(...) marks the string safe, so user text inside it is not escaped.", "`Markup(\"<p>{}</p>\").format(value)` escapes the value; or `escape(value)`.", "cross-site-scripting"),
        "security.W004" => ("Without HSTS a browser may still try http:// first, where an attacker can strip TLS.", "Set `SECURE_HSTS_SECONDS` (start small, then 31536000).", "https-hsts"),
        "security.W008" => ("Requests over plain HTTP are served instead of redirected to HTTPS.", "`SECURE_SSL_REDIRECT = True` (or redirect at the proxy).", "https-hsts"),
        "security.W009" => ("A short, repetitive or `django-insecure-` key lets attackers forge sessions and signed values.", "Generate a key with `get_random_secret_key()` and read it from the environment.", "secret-keys"),
        "security.W010" | "security.W011" | "security.W012" => ("Without `SESSION_COOKIE_SECURE` the session cookie is also sent over plain HTTP, where it can be stolen.", "`SESSION_COOKIE_SECURE = True`.", "session-cookies"),
        "security.W016" => ("Without `CSRF_COOKIE_SECURE` the CSRF cookie is also sent over plain HTTP.", "`CSRF_COOKIE_SECURE = True`.", "csrf"),
        "security.W018" => ("DEBUG shows tracebacks, settings and SQL to anyone who triggers an error.", "`DEBUG = False` in production, read from the environment.", "audits"),
        "security.W020" => ("With an empty ALLOWED_HOSTS and DEBUG off, Django refuses every request.", "List your host names: `ALLOWED_HOSTS = [\"castle.example\"]`.", "audits"),
        "DP001" => ("`ALLOWED_HOSTS = [\"*\"]` turns off Django's Host header check, which poisoned password-reset links rely on.", "List your host names: `ALLOWED_HOSTS = [\"castle.example\"]`.", "audits"),
        "DP002" => ("A default for a secret means the app starts with a key everyone can read in the source when the variable is missing.", "Fail instead: `os.environ[\"SECRET_KEY\"]` raises KeyError when it is not set.", "secret-keys"),
        "DP003" => ("@csrf_exempt removes Django's CSRF check from the view, so another site can submit it with the user's cookies.", "Remove it and send the token (`{% csrf_token %}`, or the X-CSRFToken header).", "csrf"),
        "DP004" => ("`|safe` in a template string writes the value without escaping, so user text can carry a script.", "Drop `|safe`; let Jinja2 escape the value.", "cross-site-scripting"),
        "DP005" => ("`WTF_CSRF_ENABLED = False` turns off Flask-WTF's CSRF protection for every form.", "Leave it on (the default) and render `form.hidden_tag()` in forms.", "csrf"),
        "DP006" => ("`SESSION_COOKIE_SECURE = False` sends the session cookie over plain HTTP too.", "`SESSION_COOKIE_SECURE = True`.", "session-cookies"),
        "DP007" => ("A Flask app with POST routes and no CSRFProtect accepts forms submitted from any site.", "`CSRFProtect(app)` from Flask-WTF, and the token in every form.", "csrf"),
        _ => ("", "", "audits"),
    };
    RuleText { why, fix, lesson }
}

/// A finding for rule `id` with its words filled in.
pub fn finding(
    id: &'static str,
    source: Source,
    (line, col): (usize, usize),
    severity: Level,
    confidence: Level,
    message: String,
) -> Finding {
    let text = rule_text(id);
    Finding {
        id: id.to_string(),
        source,
        line,
        col,
        severity,
        confidence,
        message,
        why: text.why.into(),
        fix: text.fix.into(),
        lesson: text.lesson.into(),
    }
}
