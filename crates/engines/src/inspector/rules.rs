//! Bandit's tests as Bandit 1.9.4 runs them (`bandit/plugins/*.py`, `blacklists/calls.py`),
//! and our Flask rules, called from the walk with the node and its place.
//!
//! Positions follow Bandit's: a finding sits on the node its test checks (the string for
//! `Str` tests, the call for `Call` tests), except where the plugin passes another line
//! (`get_lineno_for_call_arg`: the keyword's value line, with the call's column).

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use super::findings::{finding, Level, Source};
use super::walk::{Place, Walker};

/// Bandit's `RE_WORDS` (`pas+wo?r?d|pass(phrase)?|pwd|token|secrete?`) matched in full.
fn is_password_word(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    if matches!(w.as_str(), "pwd" | "token" | "secret" | "secrete" | "pass" | "passphrase") {
        return true;
    }
    // pas+wo?r?d
    let Some(rest) = w.strip_prefix("pa") else {
        return false;
    };
    let after_s = rest.trim_start_matches('s');
    if after_s.len() == rest.len() {
        return false;
    }
    let Some(rest) = after_s.strip_prefix('w') else {
        return false;
    };
    let rest = rest.strip_prefix('o').unwrap_or(rest);
    let rest = rest.strip_prefix('r').unwrap_or(rest);
    rest == "d"
}

/// Bandit's `RE_CANDIDATES` (`^W$|_W_|^W_|_W$`, case-insensitive, searched): since the words
/// hold no underscore, that is "one `_`-separated part of the name is a password word".
pub fn looks_like_password(name: &str) -> bool {
    name.split('_').any(is_password_word)
}

/// A string literal's value.
fn string_value(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str()),
        _ => None,
    }
}

/// Bandit's `_get_literal_value`, as the text its plugins compare against: `True`, `None`,
/// a string's value, a name's id; an attribute gives its attribute (`call_keywords`).
/// `None` where Bandit's value is `None` (an expression it cannot read).
fn literal_text(expr: &Expr) -> Option<String> {
    match expr {
        Expr::BooleanLiteral(b) => Some(if b.value { "True".into() } else { "False".into() }),
        Expr::NoneLiteral(_) => Some("None".into()),
        Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => Some(a.attr.to_string()),
        // A number is a value too, but never equal to the texts Bandit compares with.
        Expr::NumberLiteral(_) => Some("<number>".into()),
        Expr::List(_) | Expr::Tuple(_) | Expr::Set(_) | Expr::Dict(_) => Some("<container>".into()),
        _ => None,
    }
}

fn keyword<'a>(call: &'a ast::ExprCall, name: &str) -> Option<&'a ast::Keyword> {
    call.arguments.keywords.iter().find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == name))
}

/// Bandit's `check_call_arg_value(name, value)`: `None` when the keyword is absent (or its
/// value unreadable), else whether it equals `value`.
fn keyword_is(call: &ast::ExprCall, name: &str, value: &str) -> Option<bool> {
    let text = literal_text(&keyword(call, name)?.value)?;
    Some(text == value)
}

/// Bandit's `get_lineno_for_call_arg`: the keyword value's line, with the call's column.
fn at_keyword(w: &Walker<'_>, call: &ast::ExprCall, name: &str) -> (usize, usize) {
    let (line, col) = w.positions.of(call);
    match keyword(call, name) {
        Some(k) => (w.positions.of(&k.value).0, col),
        None => (line, col),
    }
}

/// Called for each statement before its children.
pub fn on_stmt(w: &mut Walker<'_>, stmt: &Stmt) {
    match stmt {
        Stmt::Assign(assign) => {
            // B105: a string assigned to a password-like name or attribute.
            if let Some(value) = string_value(&assign.value) {
                for target in &assign.targets {
                    let name = match target {
                        Expr::Name(n) => Some(n.id.as_str()),
                        Expr::Attribute(a) => Some(a.attr.as_str()),
                        _ => None,
                    };
                    if name.is_some_and(looks_like_password) {
                        let at = w.positions.of(assign.value.as_ref());
                        w.findings.push(finding(
                            "B105",
                            Source::Bandit,
                            at,
                            Level::Low,
                            Level::Medium,
                            format!("Possible hardcoded password: '{value}'"),
                        ));
                        break;
                    }
                }
                // B105: `config["SECRET_KEY"] = "..."`, reported on the key.
                for target in &assign.targets {
                    if let Expr::Subscript(sub) = target {
                        if string_value(&sub.slice).is_some_and(looks_like_password) {
                            let at = w.positions.of(sub.slice.as_ref());
                            w.findings.push(finding(
                                "B105",
                                Source::Bandit,
                                at,
                                Level::Low,
                                Level::Medium,
                                format!("Possible hardcoded password: '{value}'"),
                            ));
                        }
                    }
                }
            }
        }
        Stmt::FunctionDef(def) if !def.is_async => {
            // B107: a password-like parameter with a string default (positional parameters
            // only, as Bandit reads `args.args`).
            for param in def.parameters.args.iter() {
                let Some(default) = &param.default else {
                    continue;
                };
                if let Some(value) = string_value(default) {
                    if looks_like_password(param.parameter.name.as_str()) {
                        let at = def_position(w, def);
                        w.findings.push(finding(
                            "B107",
                            Source::Bandit,
                            at,
                            Level::Low,
                            Level::Medium,
                            format!("Possible hardcoded password: '{value}'"),
                        ));
                        break;
                    }
                }
            }
        }
        _ => {}
    }
}

/// Python puts a function's position on `def` (after its decorators); Ruff's range starts at
/// the first decorator.
fn def_position(w: &Walker<'_>, def: &ast::StmtFunctionDef) -> (usize, usize) {
    let name_start = def.name.start().to_usize();
    let before = w.source.get(..name_start).unwrap_or("");
    match before.rfind("def") {
        Some(i) => w.positions.at(i),
        None => w.positions.of(def),
    }
}

/// Called for each expression before its children.
pub fn on_expr(w: &mut Walker<'_>, expr: &Expr, place: Place<'_>) {
    match expr {
        // B104 looks at every string that is not a docstring-like statement.
        Expr::StringLiteral(s) if place != Place::ExpressionStatement && s.value.to_str() == "0.0.0.0" => {
            let at = w.positions.of(expr);
            w.findings.push(finding(
                "B104",
                Source::Bandit,
                at,
                Level::Medium,
                Level::Medium,
                "Possible binding to all interfaces.".into(),
            ));
        }
        Expr::Dict(dict) => {
            // B105: `{"password": "..."}`, reported on the key; any constant value counts.
            for item in &dict.items {
                let Some(key) = &item.key else { continue };
                if string_value(key).is_some_and(looks_like_password) {
                    if let Some(value) = constant_text(&item.value) {
                        let at = w.positions.of(key);
                        w.findings.push(finding(
                            "B105",
                            Source::Bandit,
                            at,
                            Level::Low,
                            Level::Medium,
                            format!("Possible hardcoded password: '{value}'"),
                        ));
                    }
                }
            }
        }
        Expr::Compare(cmp) => {
            // B105: `password == "..."`, reported on each string compared.
            let left = match cmp.left.as_ref() {
                Expr::Name(n) => Some(n.id.as_str()),
                Expr::Attribute(a) => Some(a.attr.as_str()),
                _ => None,
            };
            if left.is_some_and(looks_like_password) {
                if let Some(first) = cmp.comparators.first().and_then(string_value) {
                    for c in cmp.comparators.iter().filter(|c| string_value(c).is_some()) {
                        let at = w.positions.of(c);
                        w.findings.push(finding(
                            "B105",
                            Source::Bandit,
                            at,
                            Level::Low,
                            Level::Medium,
                            format!("Possible hardcoded password: '{first}'"),
                        ));
                    }
                }
            }
        }
        Expr::BinOp(binop) if place != Place::BinOpOperand => sql_in_binop_chain(w, binop, place),
        Expr::FString(fstring) => sql_in_fstring(w, fstring, place),
        Expr::Call(call) => {
            sql_in_format_call(w, call, place);
            call_rules(w, call);
        }
        _ => {}
    }
}

/// Bandit's `_get_literal_value` of a constant, as `f"{value}"` prints it.
fn constant_text(expr: &Expr) -> Option<String> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
        Expr::BooleanLiteral(b) => Some(if b.value { "True".into() } else { "False".into() }),
        Expr::NoneLiteral(_) => Some("None".into()),
        Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => Some(i.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// Bandit's `SIMPLE_SQL_RE`: `select\s.*from\s|delete\s+from\s|insert\s+into\s.*values[\s(]|update\s.*set\s`,
/// case-insensitive, `.` matching newlines.
pub fn looks_like_sql(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let ws = |c: char| c.is_whitespace();
    // "kw1\s ... kw2\s": kw1 followed by whitespace, later kw2 followed by `follow`.
    let pair = |first: &str, second: &str, follow: &dyn Fn(char) -> bool, gap_needs_ws: bool| -> bool {
        let mut from = 0;
        while let Some(i) = lower[from..].find(first) {
            let start = from + i + first.len();
            let mut chars = lower[start..].char_indices();
            if let Some((_, c)) = chars.next() {
                if ws(c) {
                    let rest_start = start + c.len_utf8();
                    let rest = if gap_needs_ws { lower[rest_start..].trim_start() } else { &lower[rest_start..] };
                    let mut search = 0;
                    while let Some(j) = rest[search..].find(second) {
                        let after = search + j + second.len();
                        let ok_gap = !gap_needs_ws || search + j == 0;
                        if ok_gap && rest[after..].chars().next().is_some_and(follow) {
                            return true;
                        }
                        if gap_needs_ws {
                            break;
                        }
                        search += j + 1;
                    }
                }
            }
            from += i + 1;
        }
        false
    };
    pair("select", "from", &ws, false)
        || pair("delete", "from", &ws, true)
        || insert_into_values(&lower)
        || pair("update", "set", &ws, false)
}

/// `insert\s+into\s.*values[\s(]`.
fn insert_into_values(lower: &str) -> bool {
    let mut from = 0;
    while let Some(i) = lower[from..].find("insert") {
        let rest = &lower[from + i + "insert".len()..];
        let trimmed = rest.trim_start();
        if trimmed.len() < rest.len() {
            if let Some(after_into) = trimmed.strip_prefix("into") {
                if after_into.starts_with(char::is_whitespace) {
                    let mut search = 1;
                    while let Some(j) = after_into.get(search..).and_then(|s| s.find("values")) {
                        let after = search + j + "values".len();
                        if after_into[after..].chars().next().is_some_and(|c| c.is_whitespace() || c == '(') {
                            return true;
                        }
                        search += j + 1;
                    }
                }
            }
        }
        from += i + 1;
    }
    false
}

/// The leaves of a chain of binary operations, left to right, with the operation each hangs
/// from (Bandit's `concat_string` walks the same).
fn binop_leaves<'a>(binop: &'a ast::ExprBinOp, out: &mut Vec<(&'a Expr, *const ast::ExprBinOp)>) {
    for side in [binop.left.as_ref(), binop.right.as_ref()] {
        match side {
            Expr::BinOp(inner) => binop_leaves(inner, out),
            leaf => out.push((leaf, binop as *const _)),
        }
    }
}

/// Bandit's `concat_string(node, node's parent)`: the string, then the strings of the chain
/// outside its parent's subtree.
fn chain_strings_outside(binop: &ast::ExprBinOp, skip: *const ast::ExprBinOp, out: &mut Vec<String>) {
    if std::ptr::eq(binop, skip) {
        return;
    }
    for side in [binop.left.as_ref(), binop.right.as_ref()] {
        match side {
            Expr::BinOp(inner) => chain_strings_outside(inner, skip, out),
            leaf => {
                if let Some(s) = string_value(leaf) {
                    out.push(s.to_string());
                }
            }
        }
    }
}

/// Whether the thing around the expression is a call to `execute`/`executemany` (Bandit's
/// `wrapper`), with the expression as one of its positional arguments.
fn is_execute_argument(place: Place<'_>) -> bool {
    match place {
        Place::CallArgument(call) => {
            matches!(called_name(call).as_str(), "execute" | "executemany")
        }
        _ => false,
    }
}

/// Bandit's `get_called_name`: the last name of what is called.
fn called_name(call: &ast::ExprCall) -> String {
    match call.func.as_ref() {
        Expr::Attribute(a) => a.attr.to_string(),
        Expr::Name(n) => n.id.to_string(),
        _ => String::new(),
    }
}

fn push_sql(w: &mut Walker<'_>, at: (usize, usize), confidence: Level) {
    w.findings.push(finding(
        "B608",
        Source::Bandit,
        at,
        Level::Medium,
        confidence,
        "Possible SQL injection vector through string-based query construction.".into(),
    ));
}

/// B608 for `"..." + x` and `"..." % x` chains: each string of the chain is checked.
fn sql_in_binop_chain(w: &mut Walker<'_>, top: &ast::ExprBinOp, place: Place<'_>) {
    let mut leaves = Vec::new();
    binop_leaves(top, &mut leaves);
    let execute = is_execute_argument(place);
    for (leaf, parent) in leaves {
        let Some(own) = string_value(leaf) else {
            continue;
        };
        let mut bits = vec![own.to_string()];
        chain_strings_outside(top, parent, &mut bits);
        if looks_like_sql(&bits.join(" ")) {
            let at = w.positions.of(leaf);
            push_sql(w, at, if execute { Level::Medium } else { Level::Low });
        }
    }
}

/// B608 for f-strings: the literal parts joined, reported on the first literal part.
fn sql_in_fstring(w: &mut Walker<'_>, fstring: &ast::ExprFString, place: Place<'_>) {
    let mut literal_parts = Vec::new();
    for element in fstring.value.elements() {
        if let ast::InterpolatedStringElement::Literal(literal) = element {
            literal_parts.push(literal);
        }
    }
    let Some(first) = literal_parts.first() else {
        return;
    };
    let statement: String = literal_parts.iter().map(|l| l.value.as_ref()).collect();
    if looks_like_sql(&statement) {
        let at = w.positions.of(*first);
        push_sql(w, at, if is_execute_argument(place) { Level::Medium } else { Level::Low });
    }
}

/// B608 for `"...".format(x)` and `"...".replace(a, b)`: the wrapper is what the call is an
/// argument of; `replace` is always low confidence.
fn sql_in_format_call(w: &mut Walker<'_>, call: &ast::ExprCall, place: Place<'_>) {
    let Expr::Attribute(attr) = call.func.as_ref() else {
        return;
    };
    let method = attr.attr.as_str();
    if method != "format" && method != "replace" {
        return;
    }
    let Some(text) = string_value(&attr.value) else {
        return;
    };
    if looks_like_sql(text) {
        let confidence = if method == "format" && is_execute_argument(place) { Level::Medium } else { Level::Low };
        let at = w.positions.of(attr.value.as_ref());
        push_sql(w, at, confidence);
    }
}

const HTTP_VERBS: &[&str] = &["get", "options", "head", "post", "put", "patch", "delete"];
const HTTPX_EXTRA: &[&str] = &["request", "stream", "Client", "AsyncClient"];
const SUBPROCESS: &[&str] =
    &["subprocess.Popen", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.run"];
const SHELL: &[&str] = &[
    "os.system",
    "os.popen",
    "os.popen2",
    "os.popen3",
    "os.popen4",
    "popen2.popen2",
    "popen2.popen3",
    "popen2.popen4",
    "popen2.Popen3",
    "popen2.Popen4",
    "commands.getoutput",
    "commands.getstatusoutput",
    "subprocess.getoutput",
    "subprocess.getstatusoutput",
];
const PICKLE: &[&str] = &[
    "pickle.loads",
    "pickle.load",
    "pickle.Unpickler",
    "dill.loads",
    "dill.load",
    "dill.Unpickler",
    "shelve.open",
    "shelve.DbfilenameShelf",
    "jsonpickle.decode",
    "jsonpickle.unpickler.decode",
    "jsonpickle.unpickler.Unpickler",
    "pandas.read_pickle",
];
const WEAK_HASHES: &[&str] = &["md4", "md5", "sha", "sha1"];

/// injection_shell's `has_shell`: whether the `shell=` keyword is truthy.
fn has_shell(call: &ast::ExprCall) -> bool {
    let Some(k) = keyword(call, "shell") else {
        return false;
    };
    match &k.value {
        Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => i.as_u64() != Some(0),
            ast::Number::Float(f) => *f != 0.0,
            ast::Number::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
        },
        Expr::BooleanLiteral(b) => b.value,
        Expr::List(l) => !l.elts.is_empty(),
        Expr::Dict(d) => !d.items.is_empty(),
        Expr::Name(n) => !matches!(n.id.as_str(), "False" | "None"),
        Expr::NoneLiteral(_) => false,
        Expr::StringLiteral(s) => !s.value.to_str().is_empty(),
        _ => true,
    }
}

fn call_rules(w: &mut Walker<'_>, call: &ast::ExprCall) {
    let qualname = w.imports.call_name(call);
    let name = qualname.rsplit('.').next().unwrap_or("").to_string();
    let parts: Vec<&str> = qualname.split('.').collect();
    let first = parts.first().copied().unwrap_or("");
    let at_call = w.positions.of(call);
    let args = &call.arguments.args;

    // B106: a password-like keyword with a string value (the first one).
    for k in call.arguments.keywords.iter() {
        if let (Some(arg), Some(value)) = (&k.arg, string_value(&k.value)) {
            if looks_like_password(arg.as_str()) {
                let at = (w.positions.of(&k.value).0, at_call.1);
                w.findings.push(finding(
                    "B106",
                    Source::Bandit,
                    at,
                    Level::Low,
                    Level::Medium,
                    format!("Possible hardcoded password: '{value}'"),
                ));
                break;
            }
        }
    }

    // B201: a Flask app run with debug=True.
    if w.imports.imported_like("flask") && qualname.ends_with(".run") && keyword_is(call, "debug", "True") == Some(true)
    {
        let at = at_keyword(w, call, "debug");
        w.findings.push(finding("B201", Source::Bandit, at, Level::High, Level::Medium, "A Flask app appears to be run with debug=True, which exposes the Werkzeug debugger and allows the execution of arbitrary code.".into()));
    }

    // B501 and B113: requests (and httpx) calls.
    let requests_verb = first == "requests" && HTTP_VERBS.contains(&name.as_str());
    let httpx_call = first == "httpx" && (HTTP_VERBS.contains(&name.as_str()) || HTTPX_EXTRA.contains(&name.as_str()));
    if (requests_verb || httpx_call) && keyword_is(call, "verify", "False") == Some(true) {
        let at = at_keyword(w, call, "verify");
        w.findings.push(finding(
            "B501",
            Source::Bandit,
            at,
            Level::High,
            Level::High,
            format!("Call to {first} with verify=False disabling SSL certificate checks, security issue."),
        ));
    }
    if requests_verb && keyword_is(call, "timeout", "").is_none() {
        w.findings.push(finding(
            "B113",
            Source::Bandit,
            at_call,
            Level::Medium,
            Level::Low,
            format!("Call to {first} without timeout"),
        ));
    } else if (requests_verb || httpx_call) && keyword_is(call, "timeout", "None") == Some(true) {
        w.findings.push(finding(
            "B113",
            Source::Bandit,
            at_call,
            Level::Medium,
            Level::Low,
            format!("Call to {first} with timeout set to None"),
        ));
    }

    // B324: weak hashes in hashlib.
    if parts.contains(&"hashlib") {
        let used_for_security =
            keyword(call, "usedforsecurity").map_or(Some("True".to_string()), |k| literal_text(&k.value));
        let for_security = used_for_security.as_deref() == Some("True");
        let weak = if WEAK_HASHES.contains(&name.as_str()) {
            Some(name.to_uppercase())
        } else if name == "new" {
            let algorithm = args
                .first()
                .and_then(literal_text)
                .or_else(|| keyword(call, "name").and_then(|k| literal_text(&k.value)));
            algorithm.filter(|a| WEAK_HASHES.contains(&a.to_lowercase().as_str())).map(|a| a.to_uppercase())
        } else {
            None
        };
        if let (Some(weak), true) = (weak, for_security) {
            w.findings.push(finding(
                "B324",
                Source::Bandit,
                at_call,
                Level::High,
                Level::High,
                format!("Use of weak {weak} hash for security. Consider usedforsecurity=False"),
            ));
        }
    }

    // B506: yaml.load without a safe loader.
    if w.imports.imported_exact("yaml") && parts.contains(&"yaml") && name == "load" {
        let safe = |v: Option<String>| matches!(v.as_deref(), Some("SafeLoader" | "CSafeLoader"));
        let loader_kw = keyword(call, "Loader").and_then(|k| literal_text(&k.value));
        let second = args.get(1).and_then(literal_text);
        if !safe(loader_kw) && !safe(second) {
            w.findings.push(finding(
                "B506",
                Source::Bandit,
                at_call,
                Level::Medium,
                Level::High,
                "Use of unsafe yaml load. Allows instantiation of arbitrary objects. Consider yaml.safe_load().".into(),
            ));
        }
    }

    // B602 and B605: commands run by a shell.
    let literal_command = args.first().is_some_and(|a| string_value(a).is_some());
    if SUBPROCESS.contains(&qualname.as_str()) && has_shell(call) && !args.is_empty() {
        let at = at_keyword(w, call, "shell");
        if literal_command {
            w.findings.push(finding("B602", Source::Bandit, at, Level::Low, Level::High, "subprocess call with shell=True seems safe, but may be changed in the future, consider rewriting without shell".into()));
        } else {
            w.findings.push(finding(
                "B602",
                Source::Bandit,
                at,
                Level::High,
                Level::High,
                "subprocess call with shell=True identified, security issue.".into(),
            ));
        }
    }
    if SHELL.contains(&qualname.as_str()) && !args.is_empty() {
        if literal_command {
            w.findings.push(finding("B605", Source::Bandit, at_call, Level::Low, Level::High, "Starting a process with a shell: Seems safe, but may be changed in the future, consider rewriting without shell".into()));
        } else {
            w.findings.push(finding(
                "B605",
                Source::Bandit,
                at_call,
                Level::High,
                Level::High,
                "Starting a process with a shell, possible injection detected, security issue.".into(),
            ));
        }
    }

    // Bandit's call blacklist (exact qualified names).
    if PICKLE.contains(&qualname.as_str()) {
        w.findings.push(finding("B301", Source::Bandit, at_call, Level::Medium, Level::High, "Pickle and modules that wrap it can be unsafe when used to deserialize untrusted data, possible security issue.".into()));
    }
    if qualname == "eval" {
        w.findings.push(finding(
            "B307",
            Source::Bandit,
            at_call,
            Level::Medium,
            Level::High,
            "Use of possibly insecure function - consider using safer ast.literal_eval.".into(),
        ));
    }
    if qualname == "django.utils.safestring.mark_safe" {
        w.findings.push(finding(
            "B308",
            Source::Bandit,
            at_call,
            Level::Medium,
            Level::High,
            "Use of mark_safe() may expose cross-site scripting vulnerabilities and should be reviewed.".into(),
        ));
    }

    // B701: jinja2.Environment without autoescape.
    if parts.contains(&"jinja2") && name == "Environment" {
        jinja2_autoescape(w, call, at_call);
    }

    // B704: Markup() of something that is not a literal.
    if qualname == "markupsafe.Markup" || qualname == "flask.Markup" {
        if let Some(first_arg) = args.first() {
            if !is_constant(first_arg) {
                w.findings.push(finding(
                    "B704",
                    Source::Bandit,
                    at_call,
                    Level::Medium,
                    Level::High,
                    format!("Potential XSS with ``{qualname}`` detected. Do not use ``{name}`` on untrusted data."),
                ));
            }
        }
    }

    super::frameworks::on_call(w, call, &qualname);
}

fn is_constant(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_)
    )
}

fn jinja2_autoescape(w: &mut Walker<'_>, call: &ast::ExprCall, at: (usize, usize)) {
    let Some(k) = keyword(call, "autoescape") else {
        w.findings.push(finding("B701", Source::Bandit, at, Level::High, Level::High, "By default, jinja2 sets autoescape to False. Consider using autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.".into()));
        return;
    };
    match &k.value {
        Expr::BooleanLiteral(b) if !b.value => {
            w.findings.push(finding("B701", Source::Bandit, at, Level::High, Level::High, "Using jinja2 templates with autoescape=False is dangerous and can lead to XSS. Use autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.".into()));
        }
        Expr::BooleanLiteral(_) => {}
        Expr::Call(inner) if called_name(inner) == "select_autoescape" => {}
        _ => {
            w.findings.push(finding("B701", Source::Bandit, at, Level::High, Level::Medium, "Using jinja2 templates with autoescape=False is dangerous and can lead to XSS. Ensure autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.".into()));
        }
    }
}
