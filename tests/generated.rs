//! The completion scripts in `completions/` and the man pages in `docs/man/` are committed
//! so that packagers can install them without running the binary. They are generated from
//! the clap definition in `src/cli.rs`; these tests fail when a committed file is not what
//! the current definition produces. After changing the command line, regenerate with
//!
//!     SNAPSHOTS=overwrite cargo test -- generated::
//!
//! and commit the changed files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use clap::{CommandFactory, ValueEnum};
use kubefedctl::{Cli, CompletionShell, completion_file_name, completion_script};

use crate::support::snapshot::{self, RECORD};

/// One man page for the root command and one per visible subcommand, at any depth, as
/// (file name, roff text): `kubefedctl.1`, `kubefedctl-join.1`, ... Rendered here, not by
/// the binary: only the committed pages are shipped.
fn man_pages() -> Vec<(String, Vec<u8>)> {
    // The version without the commit, so the committed pages change only on a release;
    // every page names it in its footer (clap_mangen would only do so for the root).
    let version = env!("CARGO_PKG_VERSION");
    let source = format!("kubefedctl {version}");
    let mut cmd = Cli::command()
        .version(version)
        .disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    add_pages(&cmd, &source, &mut pages);
    pages
}

fn add_pages(cmd: &clap::Command, source: &str, pages: &mut Vec<(String, Vec<u8>)>) {
    let man = clap_mangen::Man::new(cmd.clone()).source(source);
    let mut roff = Vec::new();
    man.render(&mut roff)
        .expect("rendering into memory cannot fail");
    pages.push((man.get_filename(), roff));
    for sub in cmd.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        add_pages(sub, source, pages);
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compare `expected` with the file at `path` (relative to the crate), or rewrite the file
/// when recording. Returns the difference, if any.
fn check(path: &Path, expected: &[u8]) -> Option<String> {
    let expected = std::str::from_utf8(expected).expect("generated files are UTF-8");
    snapshot::check(&root().join(path), expected)
}

fn report(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{}\n\nRegenerate with `{RECORD} cargo test -- generated::` and commit the result.",
        problems.join("\n")
    );
}

#[test]
fn completion_scripts_are_current() {
    let mut problems = Vec::new();
    for shell in CompletionShell::value_variants() {
        let name = shell.to_possible_value().unwrap().get_name().to_owned();
        let out = cargo_bin_cmd!("kubefedctl")
            .args(["completion", &name])
            .output()
            .unwrap();
        assert!(out.status.success(), "completion {name}: {out:?}");
        assert!(out.stderr.is_empty(), "completion {name}: {out:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("kubefedctl"),
            "completion {name} does not name the command"
        );
        let path = Path::new("completions").join(completion_file_name(*shell));
        problems.extend(check(&path, &out.stdout));
    }
    report(problems);
}

#[test]
fn completion_script_matches_the_library() {
    // The binary and `generate::completion_script` must agree, or packaging scripts that
    // call the library would ship something else.
    let out = cargo_bin_cmd!("kubefedctl")
        .args(["completion", "zsh"])
        .output()
        .unwrap();
    assert_eq!(
        out.stdout,
        completion_script(CompletionShell::Zsh, "kubefedctl")
    );
}

#[test]
fn man_pages_are_current() {
    let generated: BTreeMap<String, Vec<u8>> = man_pages().into_iter().collect();
    let committed = |dir: &Path| -> BTreeSet<String> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .filter(|name| name.ends_with(".1"))
                    .collect()
            })
            .unwrap_or_default()
    };
    let man_dir = Path::new("docs").join("man");
    let new: BTreeSet<String> = generated.keys().cloned().collect();
    for page in [
        "kubefedctl.1",
        "kubefedctl-join.1",
        "kubefedctl-completion.1",
    ] {
        assert!(new.contains(page), "{page} not generated: {new:?}");
    }
    assert!(
        !new.iter().any(|page| page.contains("__complete")),
        "hidden commands get no page: {new:?}"
    );

    let mut problems = Vec::new();
    for stale in committed(&root().join(&man_dir)).difference(&new) {
        let path = man_dir.join(stale);
        problems.extend(snapshot::stale(
            &root().join(&path),
            format!("{} is no longer generated", path.display()),
        ));
    }
    for (page, roff) in &generated {
        problems.extend(check(&man_dir.join(page), roff));
    }
    report(problems);
}
