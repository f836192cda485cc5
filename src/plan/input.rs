//! Parse errors of input files as one line that says where and what is wrong, and never
//! what the file says there.
//!
//! Kubeconfigs hold tokens and client keys, and manifests may be Secrets. The YAML
//! parser's own report quotes several lines of the source around the error, and serde's
//! messages quote the offending value (`invalid type: string "eyJhbGciOi..."`), so a
//! malformed file would print its credentials. Every parse of an input file goes through
//! [`ParseError`], which keeps the position and a message built from the kind of problem:
//! the names of the expected types and fields come from this program, and a key of the
//! file is named only when it looks like a plain key, not a pasted value.

use std::borrow::Cow;
use std::fmt;

use serde_saphyr::{Error as YamlError, MessageFormatter, UserMessageFormatter};

/// Where a file could not be parsed, and the kind of problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based; None when the parser does not know.
    pub position: Option<Position>,
    pub problem: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: u64,
    pub column: u64,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(Position { line, column }) => {
                write!(f, "line {line}, column {column}: {}", self.problem)
            }
            None => f.write_str(&self.problem),
        }
    }
}

impl std::error::Error for ParseError {}

impl ParseError {
    /// A problem found after parsing, at a known place (a document or an object). Names
    /// from the file in `problem` keep to one line: control characters are escaped.
    pub(crate) fn at(position: Option<Position>, problem: impl Into<String>) -> Self {
        let problem = problem.into();
        ParseError {
            position,
            problem: one_line(&problem).into_owned(),
        }
    }

    pub(crate) fn from_yaml(err: &YamlError) -> Self {
        let position = err.location().filter(|l| l.line() > 0).map(|l| Position {
            line: l.line(),
            column: l.column(),
        });
        ParseError {
            position,
            problem: yaml_problem(original(err)).into_owned(),
        }
    }

    pub(crate) fn from_json(err: &serde_json::Error) -> Self {
        let position = (err.line() > 0).then(|| Position {
            line: err.line() as u64,
            column: err.column() as u64,
        });
        // serde_json appends " at line L column C"; the position is kept apart.
        let text = err.to_string();
        let message = match text.rfind(" at line ") {
            Some(at) => &text[..at],
            None => &text,
        };
        let problem = match err.classify() {
            // Syntax messages are fixed texts that quote only JSON's own punctuation.
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                message.to_owned()
            }
            // Data errors may quote a value of the file.
            _ => leading_words(message, Cut::Values).into_owned(),
        };
        ParseError { position, problem }
    }
}

/// The error the parser met, without the snippet and alias wrappers around it.
fn original(err: &YamlError) -> &YamlError {
    match err.without_snippet() {
        YamlError::AliasError { error, .. } => original(error),
        inner => inner,
    }
}

fn yaml_problem(err: &YamlError) -> Cow<'_, str> {
    let key = |key: &str| plain_key(key).map_or(String::new(), |k| format!(" `{k}`"));
    match err {
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => format!(
            "invalid type: {}, expected {expected}",
            leading_words(unexpected, Cut::Values)
        )
        .into(),
        YamlError::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => format!(
            "invalid value: {}, expected {expected}",
            leading_words(unexpected, Cut::Values)
        )
        .into(),
        YamlError::SerdeUnknownVariant { expected, .. } => {
            format!("unknown value, expected {}", one_of(expected)).into()
        }
        YamlError::SerdeUnknownField {
            field, expected, ..
        } => format!("unknown field{}, expected {}", key(field), one_of(expected)).into(),
        YamlError::SerdeMissingField { field, .. } => format!("missing field `{field}`").into(),
        YamlError::DuplicateMappingKey { key: name, .. } => format!(
            "duplicate key{}",
            name.as_deref().map(key).unwrap_or_default()
        )
        .into(),
        YamlError::NonFiniteFloat { .. } => "a number too large to represent".into(),
        // Free text whose origin is unknown (a custom error of a field's deserializer,
        // such as a base64 decoder naming the bad byte): keep its first words only.
        YamlError::Message { msg, .. } | YamlError::ExternalMessage { msg, .. } => {
            leading_words(msg, Cut::ValuesAndNumbers)
        }
        other => {
            // The remaining messages are fixed texts with counts and limits; cut any
            // quoted part all the same (a tag, an anchor name), as it comes from the file.
            let text = UserMessageFormatter.format_message(other);
            leading_words(&text, Cut::Values).into_owned().into()
        }
    }
}

fn one_of(expected: &[&str]) -> String {
    match expected {
        [] => "nothing here".to_owned(),
        [only] => format!("`{only}`"),
        many => {
            let names: Vec<String> = many.iter().map(|n| format!("`{n}`")).collect();
            format!("one of {}", names.join(", "))
        }
    }
}

/// A key worth naming: short and made of the characters Kubernetes keys use. A longer
/// or stranger key is more likely a value that lost its `key: ` prefix.
fn plain_key(key: &str) -> Option<&str> {
    let plain = !key.is_empty()
        && key.len() <= 63
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b));
    plain.then_some(key)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// At the first quoted part.
    Values,
    /// Also at the first digit.
    ValuesAndNumbers,
}

/// The words of `message` before anything quoted (and, when asked, before any number),
/// without the punctuation that led to it; `invalid input` when nothing is left.
fn leading_words(message: &str, cut: Cut) -> Cow<'_, str> {
    let end = message
        .find(|c: char| {
            matches!(c, '"' | '\'' | '`') || (cut == Cut::ValuesAndNumbers && c.is_ascii_digit())
        })
        .unwrap_or(message.len());
    let kept = message[..end].trim_end_matches(|c: char| c.is_whitespace() || ":,;.(".contains(c));
    let kept = kept
        .strip_suffix(" of")
        .or_else(|| kept.strip_suffix(" at"))
        .unwrap_or(kept);
    if kept.chars().any(char::is_alphabetic) {
        return one_line(kept);
    }
    "invalid input".into()
}

/// `text` with its control characters escaped, so that no line break or terminal control
/// sequence of the input reaches the terminal.
pub(crate) fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn yaml<T: for<'de> Deserialize<'de>>(text: &str) -> ParseError {
        match serde_saphyr::from_multiple::<T>(text) {
            Ok(_) => panic!("{text:?} parsed"),
            Err(e) => ParseError::from_yaml(&e),
        }
    }

    const SECRET: &str = "c2VjcmV0LXRva2VuLXZhbHVl";

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct User {
        name: String,
        token: Option<String>,
        port: Option<u16>,
        mode: Option<Mode>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    enum Mode {
        Fast,
        Slow,
    }

    #[test]
    fn syntax_errors_have_a_position_and_no_source_text() {
        let cases = [
            // Unterminated quote.
            format!("name: a\ntoken: \"{SECRET}\n"),
            // Bad indentation.
            format!("name: a\n  token: {SECRET}\n port: 1\n"),
            // A tab used for indentation.
            format!("name: a\ntoken:\n\t{SECRET}\n"),
            // A colon inside a plain value.
            format!("name: a\ntoken: {SECRET}: x\n"),
            // An unclosed flow mapping.
            format!("{{name: a, token: {SECRET}\n"),
            // A bad escape in a double-quoted value.
            format!("name: a\ntoken: \"{SECRET}\\q\"\n"),
            // An undefined alias.
            format!("name: a\ntoken: *{SECRET}\n"),
        ];
        for text in &cases {
            let err = yaml::<User>(text);
            let shown = err.to_string();
            assert!(
                err.position.is_some_and(|p| p.line >= 1),
                "{text:?}: {shown}"
            );
            assert!(!shown.contains(SECRET), "{text:?}: {shown}");
            assert!(!shown.contains('\n'), "{text:?}: {shown}");
            assert!(!shown.contains("name: a"), "{text:?}: {shown}");
        }
    }

    #[test]
    fn wrong_types_name_the_type_not_the_value() {
        let err = yaml::<User>(&format!("name: [{SECRET}]\n"));
        assert_eq!(err.problem, "expected string scalar");
        let err = yaml::<User>(&format!("name: a\nport: {SECRET}\n"));
        assert_eq!(err.problem, "invalid u16");
        assert_eq!(err.position, Some(Position { line: 2, column: 7 }));
        let err = yaml::<User>(&format!("name: a\nmode: {SECRET}\n"));
        assert_eq!(err.problem, "unknown value, expected one of `Fast`, `Slow`");
        let err = yaml::<User>("name: a\nport: 70000\n");
        assert!(!err.to_string().contains("70000"), "{err}");
        let err = yaml::<Vec<User>>(&format!("{SECRET}\n"));
        assert!(!err.to_string().contains(SECRET), "{err}");
    }

    #[test]
    fn keys_are_named_only_when_plain() {
        let err = yaml::<User>("name: a\ntokn: x\n");
        assert_eq!(
            err.problem,
            "unknown field `tokn`, expected one of `name`, `token`, `port`, `mode`"
        );
        let err = yaml::<User>("token: x\n");
        assert_eq!(err.problem, "missing field `name`");
        let err = yaml::<User>(&format!("name: a\n{SECRET}{SECRET}{SECRET}: x\n"));
        assert!(err.problem.starts_with("unknown field, expected"), "{err}");
        let err = yaml::<serde_json::Value>("a: 1\nb: 2\na: 3\n");
        assert_eq!(err.to_string(), "line 3, column 1: duplicate key `a`");
        let err =
            yaml::<serde_json::Value>(&format!("a: 1\n\"{SECRET} x\": 2\n\"{SECRET} x\": 3\n"));
        assert!(!err.to_string().contains(SECRET), "{err}");
    }

    #[test]
    fn positions_count_from_the_start_of_the_file() {
        let text = "a: 1\n---\nb: 2\n---\nc: [\n";
        let err = yaml::<serde_json::Value>(text);
        assert_eq!(err.position.map(|p| p.line), Some(5), "{err}");
    }

    #[test]
    fn json_syntax_and_data_errors() {
        let err = serde_json::from_str::<serde_json::Value>("{\"a\": tru}").unwrap_err();
        assert_eq!(
            ParseError::from_json(&err).to_string(),
            "line 1, column 10: expected ident"
        );
        let err = serde_json::from_str::<u16>(&format!("\"{SECRET}\"")).unwrap_err();
        let shown = ParseError::from_json(&err).to_string();
        assert_eq!(
            shown,
            format!("line 1, column {}: invalid type: string", SECRET.len() + 2)
        );
    }

    #[test]
    fn free_text_keeps_its_first_words() {
        assert_eq!(
            leading_words("Invalid symbol 45, offset 3.", Cut::ValuesAndNumbers),
            "Invalid symbol"
        );
        assert_eq!(
            leading_words("unexpected character: `\u{7}'", Cut::Values),
            "unexpected character"
        );
        assert_eq!(leading_words("\"secret\"", Cut::Values), "invalid input");
        assert_eq!(
            leading_words(
                "input exceeds the configured limit of 10 bytes",
                Cut::ValuesAndNumbers
            ),
            "input exceeds the configured limit"
        );
        assert_eq!(leading_words("a\u{1b}b \"x\"", Cut::Values), "a\\u{1b}b");
        assert_eq!(
            ParseError::at(None, "Config\nMap \"a\rb\" has no name").to_string(),
            "Config\\nMap \"a\\rb\" has no name"
        );
    }
}
