//! Transcripts of `--help` for every command and of usage errors, kept under
//! `tests/snapshots/` so that every change to the help text shows up in review.
//!
//! The list of commands comes from the clap definition, so a new command fails here until
//! its help is recorded. Record or update the transcripts with
//!
//!     SNAPSHOTS=overwrite cargo test -- help::
//!
//! and review the diff before committing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use kubefedctl::Program;

use crate::support::snapshot::{self, RECORD};

fn snapshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

/// The binary with a fixed terminal width and none of the user's settings.
fn command(program: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(program);
    cmd.env("COLUMNS", "100");
    for var in ["KUBECONFIG", "CLICOLOR_FORCE", "CLICOLOR", "NO_COLOR"] {
        cmd.env_remove(var);
    }
    cmd
}

fn binary() -> PathBuf {
    cargo_bin_cmd!("kubefedctl").get_program().into()
}

/// Run `program args`, and render the run as a transcript.
fn transcript(program: &Path, shown_as: &str, args: &[String]) -> (Option<i32>, String) {
    let out = command(program).args(args).output().unwrap();
    let mut text = format!("$ {shown_as}");
    for arg in args {
        text.push(' ');
        text.push_str(arg);
    }
    text.push('\n');
    let code = out.status.code();
    text.push_str(&format!(
        "? {}\n",
        code.map_or("signal".to_owned(), |c| c.to_string())
    ));
    if !out.stdout.is_empty() {
        text.push_str("--- stdout\n");
        text.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    if !out.stderr.is_empty() {
        text.push_str("--- stderr\n");
        text.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    (code, text)
}

/// Compare with (or, when recording, write) `tests/snapshots/<dir>/<name>.txt`.
fn check(dir: &str, name: &str, text: &str, problems: &mut Vec<String>) {
    let path = snapshots().join(dir).join(format!("{name}.txt"));
    problems.extend(snapshot::check(&path, text));
}

/// Fail if a snapshot in `dir` is no longer produced (or delete it when recording).
fn check_stale(dir: &str, produced: &BTreeSet<String>, problems: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(snapshots().join(dir)) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if !produced.contains(&name) {
            problems.extend(snapshot::stale(
                &path,
                format!("tests/snapshots/{dir}/{name}.txt is stale"),
            ));
        }
    }
}

fn report(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{}\nIf the change is intended, record it with `{RECORD} cargo test -- help::`.",
        problems.join("\n")
    );
}

/// Every visible command as the words that name it: `[]`, `["join"]`, ...
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands().filter(|sub| !sub.is_hide_set()) {
            let mut sub_path = path.clone();
            sub_path.push(sub.get_name().to_owned());
            walk(sub, sub_path, out);
        }
        out.push(path);
    }
    let mut out = Vec::new();
    walk(&Program::Standalone.command(), Vec::new(), &mut out);
    out.sort();
    out
}

fn snapshot_name(program: &str, path: &[String]) -> String {
    std::iter::once(program)
        .chain(path.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("-")
}

/// A temporary directory holding the binary under the plugin name `kubectl-kubefed`.
fn plugin_binary() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plugin = dir.path().join("kubectl-kubefed");
    #[cfg(unix)]
    std::os::unix::fs::symlink(binary(), &plugin).unwrap();
    #[cfg(not(unix))]
    std::fs::copy(binary(), &plugin).unwrap();
    (dir, plugin)
}

#[test]
fn help_of_every_command() {
    let mut problems = Vec::new();
    let mut produced = BTreeSet::new();
    for path in command_paths() {
        let mut args = path.clone();
        args.push("--help".to_owned());
        let (code, text) = transcript(&binary(), "kubefedctl", &args);
        assert_eq!(code, Some(0), "{text}");
        assert!(!text.contains("--- stderr"), "{text}");
        let name = snapshot_name("kubefedctl", &path);
        check("help", &name, &text, &mut problems);
        produced.insert(name);
    }
    // As a kubectl plugin, usage lines and examples say `kubectl kubefed`.
    let (_dir, plugin) = plugin_binary();
    for path in [vec![], vec!["join".to_owned()]] {
        let mut args = path.clone();
        args.push("--help".to_owned());
        let (code, text) = transcript(&plugin, "kubectl-kubefed", &args);
        assert_eq!(code, Some(0), "{text}");
        let name = snapshot_name("kubectl-kubefed", &path);
        check("help", &name, &text, &mut problems);
        produced.insert(name);
    }
    check_stale("help", &produced, &mut problems);
    report(problems);
}

/// `-h` is the summary: one-line descriptions, but still the examples.
#[test]
fn short_help_is_the_summary() {
    let (code, short) = transcript(&binary(), "kubefedctl", &["join".into(), "-h".into()]);
    assert_eq!(code, Some(0));
    assert!(short.contains("Usage: kubefedctl join"), "{short}");
    assert!(short.contains("Examples:"), "{short}");
    assert!(!short.contains("Writes use server-side apply"), "{short}");
    let (_, long) = transcript(&binary(), "kubefedctl", &["join".into(), "--help".into()]);
    assert!(long.contains("Writes use server-side apply"), "{long}");
}

/// Every command explains itself at length and shows examples that use it.
#[test]
fn every_command_has_a_long_description_and_examples() {
    let mut root = Program::Standalone.command();
    root.build();
    for path in command_paths() {
        let mut cmd = &root;
        for word in &path {
            cmd = cmd.find_subcommand(word).unwrap();
        }
        let name = snapshot_name("kubefedctl", &path);
        assert!(cmd.get_about().is_some(), "{name} has no about");
        assert!(cmd.get_long_about().is_some(), "{name} has no long_about");
        let examples = cmd
            .get_after_help()
            .unwrap_or_else(|| panic!("{name} has no after_help"))
            .to_string();
        assert!(
            examples.starts_with("Examples:\n  # "),
            "{name}: after_help must start with commented examples:\n{examples}"
        );
        let invocation = std::iter::once("kubefedctl")
            .chain(path.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            examples.contains(&format!("{invocation} "))
                || examples.contains(&format!("{invocation}\n")),
            "{name}: no example runs `{invocation}`:\n{examples}"
        );
    }
}

/// Wrong command lines: one `error:` message with the usage, exit status 2, nothing on
/// stdout.
#[test]
fn usage_errors() {
    let cases: &[(&str, &[&str])] = &[
        ("unknown-flag", &["--bogus"]),
        ("unknown-flag-of-join", &["join", "cluster2", "--bogus"]),
        ("unknown-command", &["jion", "cluster2"]),
        ("missing-cluster-name", &["join"]),
        ("missing-shell", &["completion"]),
        ("missing-flag-value", &["version", "--host-cluster-context"]),
        ("bad-output-format", &["version", "-o", "xml"]),
        ("bad-shell", &["completion", "tcsh"]),
        ("bad-duration", &["join", "c", "--token-timeout", "10x"]),
        (
            "duration-overflow",
            &["join", "c", "--token-timeout", "18446744073709551615s1s"],
        ),
        (
            "negative-duration",
            &["enable", "deployments.apps", "--timeout=-1m"],
        ),
        ("bad-label", &["join", "c", "--label", "novalue"]),
        // The VALUE of an override may be a secret: errors quote the rest only.
        (
            "override-bad-path",
            &[
                "federate",
                "-f",
                "-",
                "--override",
                "c2:data/password=s3cret-value",
            ],
        ),
        (
            "override-without-cluster",
            &[
                "federate",
                "-f",
                "-",
                "--override",
                "/data/password=s3cret-value",
            ],
        ),
        (
            "override-set-bad-path",
            &[
                "override",
                "set",
                "secrets",
                "db",
                "--cluster",
                "c2",
                "data/password=s3cret-value",
            ],
        ),
        ("bad-concurrency", &["join", "c", "--concurrency", "0"]),
        ("bad-dry-run", &["join", "c", "--dry-run=maybe"]),
        ("bad-verbosity", &["version", "--v=high"]),
        (
            "dry-run-value-without-equals",
            &["unjoin", "c", "--dry-run", "server", "--bogus"],
        ),
    ];
    let mut problems = Vec::new();
    let mut produced = BTreeSet::new();
    for (name, args) in cases {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let (code, text) = transcript(&binary(), "kubefedctl", &args);
        assert_eq!(code, Some(2), "{text}");
        assert!(!text.contains("--- stdout"), "{text}");
        assert_eq!(text.matches("error:").count(), 1, "{text}");
        let (_command_line, output) = text.split_once('\n').unwrap_or_default();
        assert!(!output.contains("s3cret"), "{text}");
        check("errors", name, &text, &mut problems);
        produced.insert((*name).to_owned());
    }
    let (_dir, plugin) = plugin_binary();
    let (code, text) = transcript(&plugin, "kubectl-kubefed", &["join".to_owned()]);
    assert_eq!(code, Some(2), "{text}");
    check(
        "errors",
        "plugin-missing-cluster-name",
        &text,
        &mut problems,
    );
    produced.insert("plugin-missing-cluster-name".to_owned());
    check_stale("errors", &produced, &mut problems);
    report(problems);
}
