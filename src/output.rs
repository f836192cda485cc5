//! What reaches stdout and stderr.
//!
//! Results (human lines or one `-o yaml|json` document) go to stdout; warnings and
//! progress go to stderr so that `kubefedctl ... -o yaml > file` stays clean.

use std::fmt::Display;
use std::io::{self, Write};
use std::sync::atomic::{AtomicU8, Ordering};

use anyhow::Context;
use serde::Serialize;

/// Machine-readable output formats selected with `-o/--output`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Yaml,
    Json,
}

/// Serialize `value` as one document in `format`, ending with a newline.
pub fn render<T: Serialize>(format: OutputFormat, value: &T) -> anyhow::Result<String> {
    let mut text = match format {
        OutputFormat::Yaml => serde_saphyr::to_string(value).context("cannot encode YAML")?,
        OutputFormat::Json => serde_json::to_string_pretty(value).context("cannot encode JSON")?,
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// Decides which messages are shown, from the global `--quiet` and `-v` flags.
#[derive(Clone, Copy, Debug)]
pub struct Printer {
    quiet: bool,
    verbosity: u8,
}

impl Printer {
    pub fn new(quiet: bool, verbosity: u8) -> Self {
        LOG_LEVEL.store(if quiet { 0 } else { verbosity }, Ordering::Relaxed);
        Printer { quiet, verbosity }
    }

    /// Write result text to stdout. Errors (such as a closed pipe) are returned so the
    /// caller stops; `main` turns a broken pipe into a silent success.
    pub fn out(&self, text: &str) -> anyhow::Result<()> {
        let mut stdout = io::stdout().lock();
        stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
            .context("cannot write to stdout")
    }

    /// Write one result line to stdout.
    pub fn line(&self, line: impl Display) -> anyhow::Result<()> {
        self.out(&format!("{line}\n"))
    }

    /// Print `value` to stdout as one YAML or JSON document.
    pub fn document<T: Serialize>(&self, format: OutputFormat, value: &T) -> anyhow::Result<()> {
        self.out(&render(format, value)?)
    }

    /// Several objects: YAML with `---` before every document, as the Go tool printed
    /// them (so `kubectl apply -f -` takes the stream); JSON as one `List`.
    pub fn objects<'a>(
        &self,
        format: OutputFormat,
        objects: impl IntoIterator<Item = &'a serde_json::Value>,
    ) -> anyhow::Result<()> {
        match format {
            OutputFormat::Yaml => {
                let mut text = String::new();
                for object in objects {
                    text.push_str("---\n");
                    text.push_str(&render(format, object)?);
                }
                self.out(&text)
            }
            OutputFormat::Json => {
                let items: Vec<&serde_json::Value> = objects.into_iter().collect();
                self.document(
                    format,
                    &serde_json::json!({"apiVersion": "v1", "kind": "List", "items": items}),
                )
            }
        }
    }

    /// A container for progress bars on stderr: hidden with `--quiet`, and by indicatif
    /// itself when stderr is not a terminal, so logs and pipes stay clean.
    pub fn progress(&self) -> indicatif::MultiProgress {
        if self.quiet {
            indicatif::MultiProgress::with_draw_target(indicatif::ProgressDrawTarget::hidden())
        } else {
            indicatif::MultiProgress::new()
        }
    }

    /// A `warning:` line on stderr, unless `--quiet`.
    pub fn warn(&self, msg: impl Display) {
        if !self.quiet {
            stderr_line(&format!("warning: {msg}"));
        }
    }

    /// A diagnostic line on stderr shown from verbosity `level` up (`-v LEVEL`), unless `--quiet`.
    pub fn debug(&self, level: u8, msg: impl Display) {
        if !self.quiet && self.verbosity >= level {
            stderr_line(&msg.to_string());
        }
    }
}

/// Whether a question can be asked: the prompt goes to stderr and the answer comes from
/// stdin, so both must be a terminal.
pub fn can_ask() -> bool {
    use std::io::IsTerminal;
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// The `-v` level of the process (0 with `--quiet`), for the layers that hold no
/// [`Printer`]: every cluster write and every API request is logged from there.
static LOG_LEVEL: AtomicU8 = AtomicU8::new(0);

/// Whether diagnostics of `level` are shown.
pub fn log_enabled(level: u8) -> bool {
    LOG_LEVEL.load(Ordering::Relaxed) >= level
}

/// A diagnostic line on stderr shown from verbosity `level` up, like [`Printer::debug`].
pub fn log(level: u8, msg: impl Display) {
    if log_enabled(level) {
        stderr_line(&msg.to_string());
    }
}

fn stderr_line(line: &str) {
    // A closed stderr must not turn a successful command into a failed one.
    let _ = writeln!(io::stderr().lock(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Doc {
        git_version: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        absent: Option<String>,
        tags: Vec<&'static str>,
    }

    fn doc() -> Doc {
        Doc {
            git_version: "v1.34.0".into(),
            absent: None,
            tags: vec!["yes", "1.0"],
        }
    }

    #[test]
    fn json_is_pretty_with_trailing_newline() {
        let text = render(OutputFormat::Json, &doc()).unwrap();
        assert_eq!(
            text,
            "{\n  \"gitVersion\": \"v1.34.0\",\n  \"tags\": [\n    \"yes\",\n    \"1.0\"\n  ]\n}\n"
        );
    }

    #[test]
    fn yaml_quotes_ambiguous_scalars() {
        let text = render(OutputFormat::Yaml, &doc()).unwrap();
        assert_eq!(text, "gitVersion: v1.34.0\ntags:\n- \"yes\"\n- \"1.0\"\n");
    }
}
