//! The "secure database connections" check: a learner pastes their Flask config or Django
//! `DATABASES` and gets told where credentials are written into the code, where a secret has a
//! default, and where TLS to the database is off or unverified.
//!
//! The snippet is first cut into Python tokens (strings with their escapes and prefixes,
//! names, punctuation, comments skipped), then the findings are decided on those tokens, so a
//! `#` inside a string or a quote inside a comment cannot fool it.

use serde::{Deserialize, Serialize};

/// What is wrong, in one of a few kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Problem {
    /// `"PASSWORD": "castle123"`: a password literal in the source.
    PasswordInCode,
    /// `postgresql://app:castle123@db/castle`: a password inside a connection URL literal.
    PasswordInUrl,
    /// `os.getenv("DB_PASSWORD", "castle123")`: a secret with a default that ships in the code.
    SecretWithDefault,
    /// `sslmode=disable`, `allow` or `prefer`: traffic may go unencrypted.
    TlsOff,
    /// `sslmode=require`: encrypted, but the server is not verified.
    TlsUnverified,
}

/// One finding: where, what, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// 1-based line of the snippet.
    pub line: usize,
    pub problem: Problem,
    pub advice: String,
}

impl Problem {
    /// The finding's name, as a heading.
    pub fn label(self) -> &'static str {
        match self {
            Problem::PasswordInCode => "Password written in the code",
            Problem::PasswordInUrl => "Password inside a connection URL",
            Problem::SecretWithDefault => "Secret with a default value",
            Problem::TlsOff => "TLS to the database can be off",
            Problem::TlsUnverified => "TLS without checking the server",
        }
    }

    fn advice(self) -> &'static str {
        match self {
            Problem::PasswordInCode => "A password written in the settings ends up in git, in backups and in every copy of the code. Read it from the environment: os.environ[\"DB_PASSWORD\"].",
            Problem::PasswordInUrl => "This connection URL carries a password in the source. Put the whole URL in an environment variable (DATABASE_URL) and read it with os.environ[\"DATABASE_URL\"].",
            Problem::SecretWithDefault => "A default for a secret means the app starts with a password everyone can read in the code. Use os.environ[\"…\"] so a missing variable stops the app at start-up.",
            Problem::TlsOff => "With sslmode disable, allow or prefer, the connection can run without TLS and an attacker on the network can read or change it. Use sslmode=verify-full with your CA's certificate.",
            Problem::TlsUnverified => "sslmode=require encrypts but does not check who is on the other end. verify-full also checks the certificate and the host name.",
        }
    }
}

/// A snippet with every problem the check knows, for the sandbox to start with.
pub const EXAMPLE: &str = r#"DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "castle",
        "USER": "castle_owner",
        "PASSWORD": "castle123",
        "HOST": "203.0.113.7",
        "OPTIONS": {"sslmode": "prefer"},
    }
}
SECRET_DB_URL = os.getenv("DATABASE_URL", "postgresql://castle_owner:castle123@203.0.113.7/castle")"#;

/// The findings for a pasted settings snippet, in line order.
pub fn check_settings(snippet: &str) -> Vec<Finding> {
    let tokens = tokenize(snippet);
    let mut findings = Vec::new();
    let mut found = |line: usize, problem: Problem| {
        findings.push(Finding { line, problem, advice: problem.advice().to_string() });
    };
    for (index, token) in tokens.iter().enumerate() {
        let Token::Str(text) = &token.kind else { continue };
        if let Some(url_problem) = url_password(text) {
            found(token.line, url_problem);
        }
        if let Some(mode) = ssl_mode_in(text) {
            found(token.line, mode);
        }
        // A literal assigned to a password key: `"PASSWORD": "x"`, `PASSWORD = "x"`,
        // `password="x"` (a keyword argument).
        if index >= 2 && !text.is_empty() && !is_placeholder(text) {
            let key = &tokens[index - 2];
            let joined = &tokens[index - 1].kind;
            if matches!(joined, Token::Punct(':' | '=')) && key_is_password(&key.kind) {
                found(token.line, Problem::PasswordInCode);
            }
        }
        // `"sslmode": "disable"` as an option.
        if index >= 2 && matches!(tokens[index - 1].kind, Token::Punct(':' | '=')) {
            if let Token::Str(key) | Token::Name(key) = &tokens[index - 2].kind {
                if key.eq_ignore_ascii_case("sslmode") {
                    if let Some(problem) = ssl_mode(text) {
                        found(token.line, problem);
                    }
                }
            }
        }
    }
    // `os.getenv("X_PASSWORD", "default")` and `os.environ.get("X", "default")`.
    for window in tokens.windows(5) {
        let [callee, open, name, comma, default] = window else { continue };
        let is_getter = matches!(&callee.kind, Token::Name(name) if name == "getenv" || name == "get");
        let secret = matches!(&name.kind, Token::Str(name) if is_secret_name(name));
        let defaulted = matches!(&default.kind, Token::Str(value) if !value.is_empty());
        if is_getter && open.kind == Token::Punct('(') && secret && comma.kind == Token::Punct(',') && defaulted {
            found(default.line, Problem::SecretWithDefault);
        }
    }
    findings.sort_by_key(|finding| (finding.line, finding.problem));
    findings.dedup();
    findings
}

fn key_is_password(kind: &Token) -> bool {
    match kind {
        Token::Str(key) | Token::Name(key) => {
            let key = key.to_ascii_lowercase();
            key == "password" || key == "passwd" || key.ends_with("_password") || key == "pwd"
        }
        _ => false,
    }
}

fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_uppercase();
    ["PASSWORD", "PASSWD", "SECRET", "DATABASE_URL", "DB_URL", "_URI", "TOKEN", "KEY"]
        .iter()
        .any(|part| name.contains(part))
}

/// `<from your secret store>`, `${DB_PASSWORD}`, `changeme`-style markers are placeholders.
fn is_placeholder(text: &str) -> bool {
    (text.starts_with('<') && text.ends_with('>')) || text.starts_with("${") || text.starts_with('{')
}

/// `scheme://user:password@host…` with a real password.
fn url_password(text: &str) -> Option<Problem> {
    let (scheme, rest) = text.split_once("://")?;
    if scheme.is_empty() || !scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let (credentials, _host) = authority.rsplit_once('@')?;
    let (_user, password) = credentials.split_once(':')?;
    (!password.is_empty() && !is_placeholder(password)).then_some(Problem::PasswordInUrl)
}

/// `sslmode=…` inside a URL or DSN string.
fn ssl_mode_in(text: &str) -> Option<Problem> {
    let at = text.to_ascii_lowercase().find("sslmode=")?;
    let value: String =
        text[at + "sslmode=".len()..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    ssl_mode(&value)
}

fn ssl_mode(value: &str) -> Option<Problem> {
    match value.to_ascii_lowercase().as_str() {
        "disable" | "allow" | "prefer" => Some(Problem::TlsOff),
        "require" => Some(Problem::TlsUnverified),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Str(String),
    Name(String),
    Punct(char),
}

/// A token and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Located {
    line: usize,
    kind: Token,
}

/// Python's lexical rules, as far as settings need them: `#` comments, string literals with any
/// of the r/b/f/u prefixes, single or triple quotes and backslash escapes, names, punctuation.
fn tokenize(source: &str) -> Vec<Located> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        if c == '\n' {
            line += 1;
            at += 1;
        } else if c.is_whitespace() {
            at += 1;
        } else if c == '#' {
            while at < chars.len() && chars[at] != '\n' {
                at += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = at;
            while at < chars.len() && (chars[at].is_alphanumeric() || chars[at] == '_') {
                at += 1;
            }
            let word: String = chars[start..at].iter().collect();
            let is_prefix = word.len() <= 2 && word.chars().all(|c| "rRbBfFuU".contains(c));
            if is_prefix && at < chars.len() && (chars[at] == '"' || chars[at] == '\'') {
                let raw = word.contains(['r', 'R']);
                let (text, next, lines) = string_literal(&chars, at, raw);
                tokens.push(Located { line, kind: Token::Str(text) });
                line += lines;
                at = next;
            } else {
                tokens.push(Located { line, kind: Token::Name(word) });
            }
        } else if c == '"' || c == '\'' {
            let (text, next, lines) = string_literal(&chars, at, false);
            tokens.push(Located { line, kind: Token::Str(text) });
            line += lines;
            at = next;
        } else {
            tokens.push(Located { line, kind: Token::Punct(c) });
            at += 1;
        }
    }
    tokens
}

/// Reads the literal opening at `start`: (its text, the index after it, newlines inside).
fn string_literal(chars: &[char], start: usize, raw: bool) -> (String, usize, usize) {
    let quote = chars[start];
    let triple = chars.get(start + 1) == Some(&quote) && chars.get(start + 2) == Some(&quote);
    let mut at = start + if triple { 3 } else { 1 };
    let mut text = String::new();
    let mut lines = 0;
    while at < chars.len() {
        let c = chars[at];
        if c == '\\' && at + 1 < chars.len() {
            if raw {
                text.push(c);
            }
            text.push(chars[at + 1]);
            if chars[at + 1] == '\n' {
                lines += 1;
            }
            at += 2;
            continue;
        }
        if c == quote && (!triple || (chars.get(at + 1) == Some(&quote) && chars.get(at + 2) == Some(&quote))) {
            return (text, at + if triple { 3 } else { 1 }, lines);
        }
        if c == '\n' {
            lines += 1;
            if !triple {
                return (text, at, lines - 1);
            }
        }
        text.push(c);
        at += 1;
    }
    (text, at, lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn problems(snippet: &str) -> Vec<(usize, Problem)> {
        check_settings(snippet).into_iter().map(|finding| (finding.line, finding.problem)).collect()
    }

    #[test]
    fn the_lessons_own_settings_pass() {
        let django = r#"import os

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ["DB_NAME"],
        "USER": os.environ["DB_USER"],          # a least-privilege role, not the owner
        "PASSWORD": os.environ["DB_PASSWORD"],
        "HOST": os.environ["DB_HOST"],          # a private address
        "PORT": "5432",
        "OPTIONS": {
            "sslmode": "verify-full",
            "sslrootcert": "/etc/castle/db-ca.pem",
        },
    }
}"#;
        assert_eq!(problems(django), vec![]);
        let flask = r#"# e.g. postgresql+psycopg://castle_app:<password>@db.internal:5432/castle
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]"#;
        assert_eq!(problems(flask), vec![]);
    }

    #[test]
    fn written_in_credentials_are_flagged_on_their_line() {
        let django = "DATABASES = {\n  'default': {\n    'USER': 'castle',\n    'PASSWORD': 'castle123',\n    'OPTIONS': {'sslmode': 'prefer'},\n  }\n}";
        assert_eq!(problems(django), vec![(4, Problem::PasswordInCode), (5, Problem::TlsOff)]);
        let flask =
            "app.config['SQLALCHEMY_DATABASE_URI'] = 'postgresql://castle:castle123@10.0.0.5/castle?sslmode=require'";
        assert_eq!(problems(flask), vec![(1, Problem::PasswordInUrl), (1, Problem::TlsUnverified)]);
        let default = "PASSWORD = os.getenv(\"DB_PASSWORD\", \"castle123\")\nURL = os.environ.get('DATABASE_URL', 'sqlite:///dev.db')";
        assert_eq!(problems(default), vec![(1, Problem::SecretWithDefault), (2, Problem::SecretWithDefault)]);
        assert_eq!(problems("connect(host='db', password=\"hunter2\")"), vec![(1, Problem::PasswordInCode)]);
    }

    #[test]
    fn the_example_shows_every_kind_but_the_unverified_one() {
        let found: Vec<Problem> = check_settings(EXAMPLE).into_iter().map(|finding| finding.problem).collect();
        assert_eq!(
            found,
            vec![Problem::PasswordInCode, Problem::TlsOff, Problem::PasswordInUrl, Problem::SecretWithDefault]
        );
    }

    #[test]
    fn comments_and_placeholders_are_not_credentials() {
        assert_eq!(problems("# 'PASSWORD': 'castle123'\nPASSWORD = os.environ['DB_PASSWORD']"), vec![]);
        assert_eq!(problems("CREATE = \"PASSWORD '<from your secret store>'\""), vec![]);
        assert_eq!(problems("URL = 'postgresql://app@db/castle'"), vec![]);
    }

    proptest! {
        #[test]
        fn never_panics(snippet in "\\PC{0,200}") {
            let _ = check_settings(&snippet);
        }
    }
}
