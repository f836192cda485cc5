//! The name the binary runs under, and the clap command tree that goes with it.
//!
//! Installed on PATH as `kubectl-kubefed`, the binary is a kubectl plugin: kubectl runs it
//! for `kubectl kubefed ...` (kubectl's plugin lookup turns `kubectl a b` into
//! `kubectl-a-b`, then `kubectl-a`). Usage lines and examples must then show what the
//! user types, `kubectl kubefed`, not the executable's name.

use std::ffi::OsString;

use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command, CompleteArgs};

pub(crate) use crate::invocation::{PLUGIN_EXECUTABLE, Program, command_line};

/// The hidden command that prints completion candidates (see `cmd::complete`).
pub(crate) const COMPLETE_COMMAND: &str = "__complete";

impl Program {
    /// The clap command tree, with usage lines and examples rewritten for plugin mode.
    pub fn command(self) -> clap::Command {
        let cmd = Cli::command();
        match self {
            // clap takes the bin name from argv[0], as before.
            Program::Standalone => cmd,
            Program::KubectlPlugin => with_invocation(cmd, self.invocation())
                .bin_name(self.invocation())
                .display_name(PLUGIN_EXECUTABLE),
        }
    }

    /// Parse a full argument list (`argv[0]` first) with [`Program::command`].
    ///
    /// The words after `__complete` are taken verbatim: they are a partial command line
    /// (`--kubeconfig`, `--help`, `--`, an empty last word) that clap must not interpret.
    pub fn parse_from<I, T>(self, args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString>,
    {
        let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
        if args.len() >= 2 && args[1] == COMPLETE_COMMAND {
            // The program name alone gives the global defaults.
            let mut cli = self.parse_with_clap(&args[..1])?;
            cli.command = Some(Command::Complete(CompleteArgs {
                words: args[2..]
                    .iter()
                    .map(|word| word.to_string_lossy().into_owned())
                    .collect(),
            }));
            return Ok(cli);
        }
        self.parse_with_clap(&args)
    }

    fn parse_with_clap(self, args: &[OsString]) -> Result<Cli, clap::Error> {
        if let Some(mistake) = misused_flag(args.iter().skip(1).map(|a| a.to_string_lossy())) {
            return Err(clap::Error::raw(
                clap::error::ErrorKind::InvalidValue,
                format!("{}\nhint: {}\n", mistake.problem, mistake.fix),
            ));
        }
        let mut cmd = self.command();
        let mut matches = cmd
            .try_get_matches_from_mut(args.iter().cloned())
            .map_err(without_value)?;
        Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut cmd))
    }
}

/// clap quotes the whole value that a parser refused, and a value may hold a secret (the
/// VALUE of an override of a Secret's data, say): the error names the argument and gives
/// the parser's reason, which quotes only what is wrong.
fn without_value(error: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if error.kind() != ErrorKind::ValueValidation {
        return error;
    }
    let (Some(ContextValue::String(arg)), Some(reason)) = (
        error.get(ContextKind::InvalidArg),
        std::error::Error::source(&error),
    ) else {
        return error;
    };
    clap::Error::raw(
        ErrorKind::ValueValidation,
        format!("invalid value for '{arg}': {reason}\n\nFor more information, try '--help'.\n"),
    )
}

/// A flag written in a way clap would misread, or answer vaguely, and how to write it.
#[derive(Debug, PartialEq, Eq)]
struct Mistake {
    problem: String,
    fix: String,
}

/// The modes `--dry-run` takes, the Go tool's boolean values included.
const DRY_RUN_MODES: [&str; 5] = ["none", "client", "server", "true", "false"];

/// Finds the flags users carry over from kubectl or from other tools' habits:
/// `--dry-run server` (clap reads a bare `--dry-run` as client mode and `server` as the
/// next argument, a cluster name say) and `--context` (this tool names the host's and
/// the member's contexts apart). Words after `--` are arguments, not flags.
fn misused_flag<'a>(args: impl Iterator<Item = std::borrow::Cow<'a, str>>) -> Option<Mistake> {
    let args: Vec<_> = args.take_while(|a| a != "--").collect();
    for (i, arg) in args.iter().enumerate() {
        if arg == "--dry-run"
            && let Some(mode) = args
                .get(i + 1)
                .filter(|m| DRY_RUN_MODES.contains(&m.as_ref()))
        {
            return Some(Mistake {
                problem: format!(
                    "--dry-run takes its mode after '=': `--dry-run {mode}` would read \"{mode}\" \
                     as an argument"
                ),
                fix: format!("write --dry-run={mode}"),
            });
        }
        if arg == "--context" || arg.starts_with("--context=") {
            return Some(Mistake {
                problem: "there is no --context flag: the host's and the member's contexts \
                          are named apart"
                    .into(),
                fix: "--host-cluster-context CONTEXT for the cluster hosting KubeFed, \
                      --cluster-context CONTEXT for a member (join, unjoin, rotate-credentials)"
                    .into(),
            });
        }
    }
    None
}

/// Rewrite the example command lines of `cmd` and all its subcommands (every
/// `kubefedctl ` in `after_help`) to start with `invocation`.
fn with_invocation(mut cmd: clap::Command, invocation: &'static str) -> clap::Command {
    if let Some(text) = cmd.get_after_help() {
        let text = text
            .to_string()
            .replace("kubefedctl ", &format!("{invocation} "));
        cmd = cmd.after_help(text);
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |sub| with_invocation(sub, invocation));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    fn program(argv0: &str) -> Program {
        Program::from_argv0(Some(OsStr::new(argv0)))
    }

    #[test]
    fn plugin_mode_from_the_file_name_only() {
        assert_eq!(program("kubectl-kubefed"), Program::KubectlPlugin);
        assert_eq!(
            program("/usr/local/bin/kubectl-kubefed"),
            Program::KubectlPlugin
        );
        assert_eq!(program("kubectl-kubefed.exe"), Program::KubectlPlugin);
        assert_eq!(program("kubectl-kubefed.EXE"), Program::KubectlPlugin);
        assert_eq!(program("kubefedctl"), Program::Standalone);
        assert_eq!(
            program("/opt/kubectl-kubefed/kubefedctl"),
            Program::Standalone
        );
        assert_eq!(program("kubectl-kubefed-dev"), Program::Standalone);
        assert_eq!(Program::from_argv0(None), Program::Standalone);
    }

    #[test]
    fn plugin_usage_and_examples_say_kubectl_kubefed() {
        let mut cmd = Program::KubectlPlugin.command();
        let root = cmd.render_long_help().to_string();
        assert!(root.contains("Usage: kubectl kubefed [OPTIONS]"), "{root}");
        assert!(
            root.contains("  kubectl kubefed version --kubeconfig"),
            "{root}"
        );
        assert!(!root.contains("  kubefedctl version"), "{root}");
        cmd.build();
        let join = cmd.find_subcommand_mut("join").unwrap();
        let help = join.render_long_help().to_string();
        assert!(
            help.contains("Usage: kubectl kubefed join [OPTIONS]"),
            "{help}"
        );
        assert!(help.contains("  kubectl kubefed join cluster2"), "{help}");
        // Prose that names the Go tool is not an example and stays.
        assert!(help.contains("Go kubefedctl v0.10.0"), "{help}");
    }

    #[test]
    fn plugin_mode_parses_like_standalone() {
        let cli = Program::KubectlPlugin
            .parse_from(["kubectl-kubefed", "version", "--client"])
            .unwrap();
        assert!(matches!(cli.command, Some(crate::cli::Command::Version(_))));
        let err = Program::KubectlPlugin
            .parse_from(["kubectl-kubefed", "join"])
            .unwrap_err();
        assert!(
            err.to_string().contains("Usage: kubectl kubefed join"),
            "{err}"
        );
    }

    fn mistake(args: &[&str]) -> Option<Mistake> {
        misused_flag(args.iter().map(|a| std::borrow::Cow::Borrowed(*a)))
    }

    #[test]
    fn a_dry_run_mode_as_a_separate_word_is_refused_with_the_equals_form() {
        let found = mistake(&["join", "c2", "--dry-run", "server"]).unwrap();
        assert!(
            found
                .problem
                .starts_with("--dry-run takes its mode after '='")
        );
        assert_eq!(found.fix, "write --dry-run=server");
        assert!(mistake(&["join", "--dry-run", "true", "c2"]).is_some());
        // A bare --dry-run before an argument that is no mode, the '=' form, and words
        // after `--` are fine.
        assert_eq!(mistake(&["join", "--dry-run", "c2"]), None);
        assert_eq!(mistake(&["join", "c2", "--dry-run=server"]), None);
        assert_eq!(mistake(&["join", "--", "--dry-run", "server"]), None);
    }

    #[test]
    fn context_points_to_the_two_context_flags() {
        for args in [
            &["join", "c2", "--context", "x"][..],
            &["status", "--context=x"],
        ] {
            let found = mistake(args).unwrap();
            assert!(found.fix.contains("--host-cluster-context"), "{found:?}");
            assert!(found.fix.contains("--cluster-context"), "{found:?}");
        }
        assert_eq!(mistake(&["join", "c2", "--cluster-context", "x"]), None);
    }

    #[test]
    fn complete_words_are_taken_verbatim() {
        let words = ["--kubeconfig", "k", "--help", "--", "-v", ""];
        let cli = Program::Standalone
            .parse_from(["kubefedctl", COMPLETE_COMMAND].into_iter().chain(words))
            .unwrap();
        let Some(Command::Complete(args)) = cli.command else {
            panic!("expected __complete");
        };
        assert_eq!(args.words, words);
    }
}
