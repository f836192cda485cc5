//! What reaches stdout and stderr.
//!
//! Results (human lines or one `-o yaml|json` document) go to stdout; warnings and
//! progress go to stderr so that `kubefedctl ... -o yaml > file` stays clean.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::fmt::Display;
use std::io::{self, Write};

use anyhow::Context;
use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::diagnostics::stderr_line;
use crate::error::Hinted;

/// Machine-readable output formats selected with `-o/--output`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum OutputFormat {
    Yaml,
    Json,
}

/// Serialize `value` as one document in `format`, ending with a newline.
pub(crate) fn render<T: Serialize>(format: OutputFormat, value: &T) -> anyhow::Result<String> {
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
pub(crate) struct Printer {
    quiet: bool,
    verbosity: u8,
}

impl Printer {
    pub(crate) fn new(quiet: bool, verbosity: u8) -> Self {
        Printer { quiet, verbosity }
    }

    /// Write result text to stdout. Errors (such as a closed pipe) are returned so the
    /// caller stops; `main` turns a broken pipe into a silent success.
    pub(crate) fn out(&self, text: &str) -> anyhow::Result<()> {
        let mut stdout = io::stdout().lock();
        stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
            .context("cannot write to stdout")
    }

    /// Write one result line to stdout.
    pub(crate) fn line(&self, line: impl Display) -> anyhow::Result<()> {
        self.out(&format!("{line}\n"))
    }

    /// Print `value` to stdout as one YAML or JSON document.
    pub(crate) fn document<T: Serialize>(
        &self,
        format: OutputFormat,
        value: &T,
    ) -> anyhow::Result<()> {
        self.out(&render(format, value)?)
    }

    /// Several objects: YAML with `---` before every document, as the Go tool printed
    /// them (so `kubectl apply -f -` takes the stream); JSON as one `List`.
    pub(crate) fn objects<'a>(
        &self,
        format: OutputFormat,
        objects: impl IntoIterator<Item = &'a Value>,
    ) -> anyhow::Result<()> {
        self.object_stream(format, objects.into_iter().map(Ok))
    }

    /// Like [`Printer::objects`], for objects made only as they are printed (decoded
    /// from a compact form, say): each is written and dropped before the next is made,
    /// so a long list is never held whole, neither as objects nor as text.
    pub(crate) fn object_stream<V: Borrow<Value>>(
        &self,
        format: OutputFormat,
        objects: impl Iterator<Item = anyhow::Result<V>>,
    ) -> anyhow::Result<()> {
        let mut stdout = io::BufWriter::new(io::stdout().lock());
        write_objects(&mut stdout, format, objects)?;
        stdout.flush().context("cannot write to stdout")
    }

    /// A container for progress bars on stderr: hidden with `--quiet`, and by indicatif
    /// itself when stderr is not a terminal, so logs and pipes stay clean.
    pub(crate) fn progress(&self) -> indicatif::MultiProgress {
        if self.quiet {
            indicatif::MultiProgress::with_draw_target(indicatif::ProgressDrawTarget::hidden())
        } else {
            indicatif::MultiProgress::new()
        }
    }

    /// A spinner on stderr showing `message` until it is finished, drawn as
    /// [`Printer::progress`] draws.
    pub(crate) fn spinner(&self, message: String) -> indicatif::ProgressBar {
        let progress = self.progress();
        let bar = progress.add(indicatif::ProgressBar::new_spinner().with_style(spinner_style()));
        bar.set_message(message);
        bar.enable_steady_tick(std::time::Duration::from_millis(100));
        bar
    }

    /// A `warning:` line on stderr, unless `--quiet`.
    pub(crate) fn warn(&self, msg: impl Display) {
        if !self.quiet {
            stderr_line(&format!("warning: {msg}"));
        }
    }

    /// A diagnostic line on stderr shown from verbosity `level` up (`-v LEVEL`), unless `--quiet`.
    pub(crate) fn debug(&self, level: u8, msg: impl Display) {
        if !self.quiet && self.verbosity >= level {
            stderr_line(&msg.to_string());
        }
    }
}

/// A spinner and its message.
pub(crate) fn spinner_style() -> indicatif::ProgressStyle {
    indicatif::ProgressStyle::with_template("{spinner} {msg}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner())
}

/// Writes objects one by one, as [`Printer::object_stream`] prints them.
fn write_objects<V: Borrow<Value>>(
    out: &mut impl Write,
    format: OutputFormat,
    objects: impl Iterator<Item = anyhow::Result<V>>,
) -> anyhow::Result<()> {
    match format {
        OutputFormat::Yaml => {
            for object in objects {
                let text = render(format, object?.borrow())?;
                out.write_all(b"---\n")
                    .and_then(|()| out.write_all(text.as_bytes()))
                    .context("cannot write to stdout")?;
            }
            Ok(())
        }
        OutputFormat::Json => {
            let list = StreamedList {
                items: RefCell::new(Some(objects)),
                failure: RefCell::new(None),
            };
            let written = serde_json::to_writer_pretty(&mut *out, &list);
            if let Some(failure) = list.failure.into_inner() {
                return Err(failure);
            }
            // Back to the io::Error it wraps, so a closed pipe is seen as one.
            written
                .map_err(io::Error::from)
                .and_then(|()| out.write_all(b"\n"))
                .context("cannot write to stdout")
        }
    }
}

/// A `List` whose items are made while it is written. The first item that cannot be
/// made ends the writing; its error is kept in `failure`, whole.
struct StreamedList<I> {
    items: RefCell<Option<I>>,
    failure: RefCell<Option<anyhow::Error>>,
}

impl<I, V> Serialize for StreamedList<I>
where
    I: Iterator<Item = anyhow::Result<V>>,
    V: Borrow<Value>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The fields in the order of the `List` printed before items were streamed.
        let mut list = serializer.serialize_struct("List", 3)?;
        list.serialize_field("apiVersion", "v1")?;
        list.serialize_field("items", &StreamedItems(self))?;
        list.serialize_field("kind", "List")?;
        list.end()
    }
}

struct StreamedItems<'a, I>(&'a StreamedList<I>);

impl<I, V> Serialize for StreamedItems<'_, I>
where
    I: Iterator<Item = anyhow::Result<V>>,
    V: Borrow<Value>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        let items = self.0.items.borrow_mut().take().into_iter().flatten();
        for item in items {
            match item {
                Ok(object) => seq.serialize_element(object.borrow())?,
                Err(e) => {
                    *self.0.failure.borrow_mut() = Some(e);
                    return Err(S::Error::custom("an object could not be made"));
                }
            }
        }
        seq.end()
    }
}

/// kubectl-like tables: no borders, two spaces between columns, no trailing blanks.
pub(crate) fn table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut table = comfy_table::Table::new();
    table
        .load_style(comfy_table::presets::NOTHING)
        .set_header(header.to_vec());
    table.add_rows(rows);
    let last = header.len().saturating_sub(1);
    for (i, column) in table.column_iter_mut().enumerate() {
        column.set_padding((0, if i == last { 0 } else { 2 }));
    }
    format!("{}\n", table.trim_fmt())
}

/// Whether a question can be asked: the prompt goes to stderr and the answer comes from
/// stdin, so both must be a terminal.
pub(crate) fn can_ask() -> bool {
    use std::io::IsTerminal;
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Asks `question` on the terminal (see [`can_ask`]); no answer is no.
pub(crate) fn ask(question: String) -> anyhow::Result<bool> {
    dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact()
        .context("cannot read the confirmation")
}

/// Asks on the terminal whether to delete `what`, unless `yes`. Never assumes an answer
/// without a terminal.
pub(crate) fn confirm_deletion(yes: bool, what: &str) -> anyhow::Result<bool> {
    if yes {
        return Ok(true);
    }
    if !can_ask() {
        return Err(Hinted::new(
            anyhow::anyhow!(
                "refusing to delete {what} without a confirmation: stdin and stderr are not \
                 both a terminal to ask on"
            ),
            "pass --yes to delete them",
        )
        .into());
    }
    ask(format!("Delete {what}?"))
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

    fn written(
        format: OutputFormat,
        objects: Vec<anyhow::Result<Value>>,
    ) -> anyhow::Result<String> {
        let mut out = Vec::new();
        write_objects(&mut out, format, objects.into_iter())?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn streamed_objects_read_as_one_document_each_or_one_list() {
        let objects = || {
            vec![
                Ok(serde_json::json!({"kind": "A", "metadata": {"name": "a"}})),
                Ok(serde_json::json!({"kind": "B"})),
            ]
        };
        assert_eq!(
            written(OutputFormat::Yaml, objects()).unwrap(),
            "---\nkind: A\nmetadata:\n  name: a\n---\nkind: B\n"
        );
        let items: Vec<Value> = objects().into_iter().map(Result::unwrap).collect();
        let list = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": items});
        assert_eq!(
            written(OutputFormat::Json, objects()).unwrap(),
            render(OutputFormat::Json, &list).unwrap()
        );
        let empty = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": []});
        assert_eq!(
            written(OutputFormat::Json, Vec::new()).unwrap(),
            render(OutputFormat::Json, &empty).unwrap()
        );
    }

    #[test]
    fn an_object_that_cannot_be_made_fails_the_stream_with_its_own_error() {
        for format in [OutputFormat::Yaml, OutputFormat::Json] {
            let objects = vec![
                Ok(serde_json::json!({"kind": "A"})),
                Err(anyhow::anyhow!("cannot decode B")),
                Ok(serde_json::json!({"kind": "C"})),
            ];
            let error = written(format, objects).unwrap_err();
            assert_eq!(error.to_string(), "cannot decode B", "{format:?}");
        }
    }

    #[test]
    fn yaml_quotes_ambiguous_scalars() {
        let text = render(OutputFormat::Yaml, &doc()).unwrap();
        assert_eq!(text, "gitVersion: v1.34.0\ntags:\n- \"yes\"\n- \"1.0\"\n");
    }
}
