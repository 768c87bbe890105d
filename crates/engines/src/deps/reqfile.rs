//! Requirement files as pip 26.3 reads them (`pip._internal.req.req_file`).
//!
//! pip first joins lines ending in `\` (a comment line ends a continuation), strips comments
//! (`#` at the start or after whitespace), drops empty lines and expands `${VAR}` from its
//! environment (the browser has none, so variables stay as written, as pip leaves unset ones).
//! Each logical line is then split where the first word starting with `-` begins: the part
//! before is the requirement, the rest is split like a shell (`shlex.split`) and read by
//! `optparse` with the options pip allows in a file.

use serde::{Deserialize, Serialize};

/// One logical line of a requirement file, as pip's line parser leaves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLine {
    /// The first physical line (1-based) of this logical line.
    pub line: usize,
    /// The logical line after joining and comment removal.
    pub text: String,
    /// What pip calls the line's `args`: the requirement text, or empty for an option line.
    pub args: String,
    /// Options found on the line, or the reason pip refuses it.
    pub options: Result<LineOptions, String>,
}

/// The options pip accepted on a line (only those set).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LineOptions {
    /// `-e`/`--editable` targets.
    pub editables: Vec<String>,
    /// `-r`/`--requirement` files.
    pub requirements: Vec<String>,
    /// `-c`/`--constraint` files.
    pub constraints: Vec<String>,
    /// `-i`/`--index-url` (the last one wins).
    pub index_url: Option<String>,
    pub extra_index_urls: Vec<String>,
    pub find_links: Vec<String>,
    pub trusted_hosts: Vec<String>,
    pub features_enabled: Vec<String>,
    pub no_index: bool,
    pub pre: bool,
    pub require_hashes: bool,
    pub prefer_binary: bool,
    /// `--hash=algo:digest` values by algorithm, in order.
    pub hashes: Vec<(String, Vec<String>)>,
    /// `-C`/`--config-settings KEY=VAL`.
    pub config_settings: Vec<(String, String)>,
    /// Options pip reads and that change nothing the sandbox shows (`--no-binary`, ...).
    pub other: Vec<String>,
}

/// What an option does with its value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Takes {
    Flag,
    Value,
}

/// pip's file options (`SUPPORTED_OPTIONS` and `SUPPORTED_OPTIONS_REQ` in req_file.py): the
/// long name, the short one, and whether it takes a value.
const OPTIONS: &[(&str, Option<char>, Takes)] = &[
    ("--index-url", Some('i'), Takes::Value),
    ("--pypi-url", None, Takes::Value),
    ("--extra-index-url", None, Takes::Value),
    ("--no-index", None, Takes::Flag),
    ("--constraint", Some('c'), Takes::Value),
    ("--requirement", Some('r'), Takes::Value),
    ("--editable", Some('e'), Takes::Value),
    ("--find-links", Some('f'), Takes::Value),
    ("--no-binary", None, Takes::Value),
    ("--only-binary", None, Takes::Value),
    ("--prefer-binary", None, Takes::Flag),
    ("--require-hashes", None, Takes::Flag),
    ("--no-require-hashes", None, Takes::Flag),
    ("--pre", None, Takes::Flag),
    ("--all-releases", None, Takes::Value),
    ("--only-final", None, Takes::Value),
    ("--trusted-host", None, Takes::Value),
    ("--use-feature", None, Takes::Value),
    ("--hash", None, Takes::Value),
    ("--config-settings", Some('C'), Takes::Value),
];

/// `--use-feature` choices in pip 26.3 (`cmdoptions.use_new_feature` plus
/// `ALWAYS_ENABLED_FEATURES`).
const FEATURES: &[&str] = &[
    "fast-deps",
    "inprocess-build-deps",
    "venv-isolation",
    "truststore",
    "no-binary-enable-wheel-cache",
    "build-constraint",
];

/// pip's `STRONG_HASHES`.
const STRONG_HASHES: &[&str] = &["sha256", "sha384", "sha512"];

/// Whether `line` is a comment line for pip's `COMMENT_RE` (`(^|\s+)#.*$` matched at the start).
fn starts_as_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// pip's `COMMENT_RE.sub("", line)`: removes from the first `#` that starts the line or follows
/// whitespace, with the whitespace before it.
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || line[..i].ends_with(|c: char| c.is_whitespace())) {
            return line[..i].trim_end();
        }
    }
    line
}

/// Python's `str.splitlines()` line breaks that can appear in a pasted file.
fn split_lines(content: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = content.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let is_break =
            matches!(c, '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}');
        if is_break {
            lines.push(&content[start..i]);
            let mut end = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(j, '\n')) = chars.peek() {
                    chars.next();
                    end = j + 1;
                }
            }
            start = end;
        }
    }
    if start < content.len() {
        lines.push(&content[start..]);
    }
    lines
}

/// pip's `preprocess`: the logical lines with their first line number.
pub fn logical_lines(content: &str) -> Vec<(usize, String)> {
    let mut joined: Vec<(usize, String)> = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (index, line) in split_lines(content).into_iter().enumerate() {
        let number = index + 1;
        let is_comment = starts_as_comment(line);
        if !line.ends_with('\\') || is_comment {
            // pip prefixes a comment line with a space so it is stripped later even when it
            // was joined onto a continuation.
            let line = if is_comment { format!(" {line}") } else { line.to_string() };
            match pending.take() {
                Some((first, mut text)) => {
                    text.push_str(&line);
                    joined.push((first, text));
                }
                None => joined.push((number, line)),
            }
        } else {
            // `line.strip("\\")` removes backslashes at both ends.
            let piece = line.trim_matches('\\');
            match &mut pending {
                Some((_, text)) => text.push_str(piece),
                None => pending = Some((number, piece.to_string())),
            }
        }
    }
    if let Some(last) = pending {
        joined.push(last);
    }
    joined
        .into_iter()
        .filter_map(|(number, line)| {
            let line = strip_comment(&line).trim().to_string();
            (!line.is_empty()).then_some((number, line))
        })
        .collect()
}

/// pip's `break_args_options`: split at the first space-separated token starting with `-`.
fn break_args_options(line: &str) -> (String, String) {
    let tokens: Vec<&str> = line.split(' ').collect();
    let split = tokens.iter().position(|t| t.starts_with('-')).unwrap_or(tokens.len());
    (tokens[..split].join(" "), tokens[split..].join(" "))
}

/// Python's `shlex.split` in POSIX mode (quotes, backslash escapes, no comments).
fn shell_split(text: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_ascii_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        other => word.push(other),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            escaped @ ('"' | '\\' | '$' | '`') => word.push(escaped),
                            other => {
                                word.push('\\');
                                word.push(other);
                            }
                        },
                        other => word.push(other),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.push(chars.next()?);
            }
            other => {
                in_word = true;
                word.push(other);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

/// optparse's long-option lookup: an exact name, or a unique prefix.
fn match_long(name: &str) -> Result<(&'static str, Takes), String> {
    if let Some(&(long, _, takes)) = OPTIONS.iter().find(|(long, _, _)| *long == name) {
        return Ok((long, takes));
    }
    let candidates: Vec<&(&str, Option<char>, Takes)> =
        OPTIONS.iter().filter(|(long, _, _)| long.starts_with(name)).collect();
    match candidates.as_slice() {
        [] => Err(format!("no such option: {name}")),
        [(long, _, takes)] => Ok((long, *takes)),
        many => {
            let mut names: Vec<&str> = many.iter().map(|(long, _, _)| *long).collect();
            names.sort_unstable();
            Err(format!("ambiguous option: {name} ({}?)", names.join(", ")))
        }
    }
}

/// Applies one option and its value to `options`, with pip's callbacks' checks.
fn apply(options: &mut LineOptions, name: &str, shown: &str, value: Option<String>) -> Result<(), String> {
    let value = value.unwrap_or_default();
    match name {
        "--index-url" | "--pypi-url" => options.index_url = Some(value),
        "--extra-index-url" => options.extra_index_urls.push(value),
        "--no-index" => options.no_index = true,
        "--constraint" => options.constraints.push(value),
        "--requirement" => options.requirements.push(value),
        "--editable" => options.editables.push(value),
        "--find-links" => options.find_links.push(value),
        "--prefer-binary" => options.prefer_binary = true,
        "--require-hashes" => options.require_hashes = true,
        "--pre" => options.pre = true,
        "--trusted-host" => options.trusted_hosts.push(value),
        "--use-feature" => {
            if !FEATURES.contains(&value.as_str()) {
                let choices = FEATURES.iter().map(|f| format!("'{f}'")).collect::<Vec<_>>().join(", ");
                return Err(format!("option {shown}: invalid choice: '{value}' (choose from {choices})"));
            }
            options.features_enabled.push(value);
        }
        "--hash" => {
            let Some((algo, digest)) = value.split_once(':') else {
                return Err(format!(
                    "Arguments to {shown} must be a hash name followed by a value, like --hash=sha256:abcde..."
                ));
            };
            if !STRONG_HASHES.contains(&algo) {
                return Err(format!("Allowed hash algorithms for {shown} are {}.", STRONG_HASHES.join(", ")));
            }
            match options.hashes.iter_mut().find(|(a, _)| a == algo) {
                Some((_, digests)) => digests.push(digest.to_string()),
                None => options.hashes.push((algo.to_string(), vec![digest.to_string()])),
            }
        }
        "--config-settings" => match value.split_once('=') {
            Some((key, val)) => options.config_settings.push((key.to_string(), val.to_string())),
            None => return Err(format!("Arguments to {shown} must be of the form KEY=VAL")),
        },
        other => options.other.push(if value.is_empty() { other.to_string() } else { format!("{other} {value}") }),
    }
    Ok(())
}

/// optparse reading pip's options from the words after the requirement.
fn parse_options(words: &[String]) -> Result<LineOptions, String> {
    let mut options = LineOptions::default();
    let mut i = 0;
    while let Some(word) = words.get(i) {
        i += 1;
        if let Some(long) = word.strip_prefix("--") {
            if long.is_empty() {
                // `--` ends the options; optparse keeps the rest as positional arguments,
                // which pip's line parser ignores.
                break;
            }
            let (name, inline) = match word.split_once('=') {
                Some((name, value)) => (name, Some(value.to_string())),
                None => (word.as_str(), None),
            };
            let (full, takes) = match_long(name)?;
            let value = match (takes, inline) {
                (Takes::Flag, Some(_)) => return Err(format!("{full} option does not take a value")),
                (Takes::Flag, None) => None,
                (Takes::Value, Some(v)) => Some(v),
                (Takes::Value, None) => {
                    let next = words.get(i).ok_or_else(|| format!("{full} option requires 1 argument"))?;
                    i += 1;
                    Some(next.clone())
                }
            };
            apply(&mut options, full, full, value)?;
        } else if let Some(shorts) = word.strip_prefix('-').filter(|s| !s.is_empty()) {
            let mut rest = shorts;
            while let Some(letter) = rest.chars().next() {
                rest = &rest[letter.len_utf8()..];
                let shown = format!("-{letter}");
                let Some(&(full, _, takes)) = OPTIONS.iter().find(|(_, short, _)| *short == Some(letter)) else {
                    return Err(format!("no such option: {shown}"));
                };
                if takes == Takes::Value {
                    let value = if rest.is_empty() {
                        let next = words.get(i).ok_or_else(|| format!("{shown} option requires 1 argument"))?;
                        i += 1;
                        next.clone()
                    } else {
                        rest.to_string()
                    };
                    apply(&mut options, full, &shown, Some(value))?;
                    break;
                }
                apply(&mut options, full, &shown, None)?;
            }
        }
        // Anything else is a positional argument, which pip's line parser drops.
    }
    Ok(options)
}

/// Reads a requirement file's text into pip's logical lines.
pub fn read_requirement_file(content: &str) -> Vec<FileLine> {
    logical_lines(content)
        .into_iter()
        .map(|(line, text)| {
            let (args, option_text) = break_args_options(&text);
            let options = match shell_split(&option_text) {
                Some(words) => parse_options(&words),
                None => Err(format!("Could not split options: {option_text}")),
            };
            FileLine { line, text, args, options }
        })
        .collect()
}
