//! The hidden `__complete` command: completion candidates in cobra's format.
//!
//! kubectl completes `kubectl kubefed <TAB>` by running `kubectl_complete-kubefed` with
//! the words typed after `kubefed`, the last being the word under the cursor (empty after
//! a space), and reading the protocol of cobra's `__complete`: one candidate per line,
//! optionally `candidate<TAB>description`, then `:<directive>`. Our
//! `completions/kubectl_complete-kubefed` script forwards those words here, and so do the
//! bash, zsh and fish scripts of `completion` (see `generate::completion_script`).
//!
//! Candidates come from the clap definition (subcommands, flags, fixed values) and, for
//! context-valued flags and cluster names, from the kubeconfig's context names. Joined
//! cluster names would need a round trip to the host cluster on every TAB, so `unjoin`
//! offers context names too (a cluster is usually named after its context).

use std::path::Path;

use crate::cli::CompleteArgs;
use crate::error::ExitStatus;
use crate::kube::config::Kubeconfigs;
use crate::output::Printer;
use crate::program::Program;

/// cobra's ShellCompDirectiveDefault: the shell may fall back to file names.
const DIRECTIVE_DEFAULT: u8 = 0;
/// cobra's ShellCompDirectiveNoFileComp: offer only our candidates.
const DIRECTIVE_NO_FILE_COMP: u8 = 4;

/// What the shell should offer.
#[derive(Debug, PartialEq, Eq)]
pub struct Completions {
    /// `word` or `word\tdescription`.
    pub candidates: Vec<String>,
    pub directive: u8,
}

impl Completions {
    fn render(&self) -> String {
        let mut out = String::new();
        for candidate in &self.candidates {
            out.push_str(candidate);
            out.push('\n');
        }
        out.push_str(&format!(":{}\n", self.directive));
        out
    }
}

pub fn run(args: &CompleteArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let mut cmd = Program::current().command();
    let completions = complete(&mut cmd, &args.words, |kubeconfig| {
        // A broken or missing kubeconfig just means no context names to offer.
        Kubeconfigs::load(kubeconfig)
            .map(|k| k.context_names().into_iter().map(str::to_owned).collect())
            .unwrap_or_default()
    });
    printer.out(&completions.render())?;
    Ok(ExitStatus::Success)
}

/// Complete the last of `words` (the words after the program name) against `cmd`.
/// `contexts` returns the context names of the kubeconfig given with `--kubeconfig`, or
/// of the default kubeconfig; it is only called when contexts are wanted.
pub fn complete(
    cmd: &mut clap::Command,
    words: &[String],
    contexts: impl FnOnce(Option<&Path>) -> Vec<String>,
) -> Completions {
    // Building propagates the global flags into every subcommand and adds --help.
    cmd.build();
    let (current, typed) = match words.split_last() {
        Some((last, before)) => (last.as_str(), before),
        None => ("", &[][..]),
    };
    let state = State::walk(cmd, typed);
    let kubeconfig = state.kubeconfig.clone();
    let contexts = move || contexts(kubeconfig.as_deref().map(Path::new));

    // The value of a flag given as a separate word: `--cluster-context <TAB>`.
    if let Some(arg) = state.pending {
        return values(arg, "", current, contexts);
    }
    if let Some(flag) = current.strip_prefix("--")
        && let Some((name, value)) = flag.split_once('=')
    {
        return match long_arg(state.cmd, name) {
            Some(arg) => values(arg, &format!("--{name}="), value, contexts),
            None => no_candidates(),
        };
    }
    if current.starts_with('-') && !state.after_double_dash {
        let candidates = state
            .cmd
            .get_arguments()
            .filter(|arg| !arg.is_hide_set() && !state.given(arg))
            .filter_map(|arg| {
                let flag = format!("--{}", arg.get_long()?);
                flag.starts_with(current)
                    .then(|| with_description(flag, arg.get_help().map(|h| h.to_string())))
            })
            .collect();
        return Completions {
            candidates,
            directive: DIRECTIVE_NO_FILE_COMP,
        };
    }

    let mut candidates: Vec<String> = Vec::new();
    if state.positionals == 0 && !state.after_double_dash {
        candidates.extend(
            state
                .cmd
                .get_subcommands()
                .filter(|sub| !sub.is_hide_set() && sub.get_name().starts_with(current))
                .map(|sub| {
                    with_description(
                        sub.get_name().to_owned(),
                        sub.get_about().map(|a| a.to_string()),
                    )
                }),
        );
    }
    if let Some(arg) = positional(state.cmd, state.positionals) {
        candidates.extend(values(arg, "", current, contexts).candidates);
    }
    Completions {
        candidates,
        directive: DIRECTIVE_NO_FILE_COMP,
    }
}

/// Where the typed words leave us.
struct State<'a> {
    /// The innermost subcommand named so far.
    cmd: &'a clap::Command,
    /// A flag whose value is the word being completed.
    pending: Option<&'a clap::Arg>,
    /// Flags already given to `cmd` (ids).
    given: Vec<&'a str>,
    /// Positional values already given to `cmd`.
    positionals: usize,
    after_double_dash: bool,
    kubeconfig: Option<String>,
}

impl<'a> State<'a> {
    fn walk(root: &'a clap::Command, typed: &[String]) -> Self {
        let mut state = State {
            cmd: root,
            pending: None,
            given: Vec::new(),
            positionals: 0,
            after_double_dash: false,
            kubeconfig: None,
        };
        for word in typed {
            if let Some(arg) = state.pending.take() {
                state.value(arg, word);
            } else if state.after_double_dash {
                state.positionals += 1;
            } else if word == "--" {
                state.after_double_dash = true;
            } else if let Some(flag) = word.strip_prefix("--") {
                let (name, value) = match flag.split_once('=') {
                    Some((name, value)) => (name, Some(value)),
                    None => (flag, None),
                };
                if let Some(arg) = long_arg(state.cmd, name) {
                    state.flag(arg, value);
                }
            } else if let Some(shorts) = word.strip_prefix('-').filter(|s| !s.is_empty()) {
                // A cluster such as `-qv2` or `-v=2`: the first flag taking a value takes
                // the rest of the word, or the next word.
                for (i, c) in shorts.char_indices() {
                    let Some(arg) = state.cmd.get_arguments().find(|a| a.get_short() == Some(c))
                    else {
                        break;
                    };
                    let rest = &shorts[i + c.len_utf8()..];
                    if takes_value(arg) && !rest.is_empty() {
                        state.flag(arg, Some(rest.strip_prefix('=').unwrap_or(rest)));
                        break;
                    }
                    state.flag(arg, None);
                }
            } else if state.positionals == 0
                && let Some(sub) = state.cmd.find_subcommand(word)
            {
                state.cmd = sub;
                state.given.clear();
            } else {
                state.positionals += 1;
            }
        }
        state
    }

    fn flag(&mut self, arg: &'a clap::Arg, value: Option<&str>) {
        self.given.push(arg.get_id().as_str());
        match value {
            Some(value) => self.value(arg, value),
            // A flag whose value is optional (`--dry-run[=MODE]`) takes it only after `=`.
            None if takes_value(arg) && !arg.is_require_equals_set() => self.pending = Some(arg),
            None => {}
        }
    }

    fn value(&mut self, arg: &clap::Arg, value: &str) {
        if arg.get_id() == "kubeconfig" {
            self.kubeconfig = Some(value.to_owned());
        }
    }

    /// True when `arg` was given and giving it again makes no sense.
    fn given(&self, arg: &clap::Arg) -> bool {
        let repeatable = matches!(
            arg.get_action(),
            clap::ArgAction::Append | clap::ArgAction::Count
        );
        !repeatable && self.given.contains(&arg.get_id().as_str())
    }
}

fn long_arg<'a>(cmd: &'a clap::Command, name: &str) -> Option<&'a clap::Arg> {
    cmd.get_arguments().find(|arg| {
        arg.get_long() == Some(name)
            || arg
                .get_all_aliases()
                .is_some_and(|aliases| aliases.contains(&name))
    })
}

fn takes_value(arg: &clap::Arg) -> bool {
    arg.get_num_args().is_some_and(|range| range.takes_values())
}

fn is_path(arg: &clap::Arg) -> bool {
    use clap::ValueHint;
    // clap reports AnyPath for every PathBuf-typed argument; `-f FILE` may be a String
    // because it also takes `-`.
    matches!(
        arg.get_value_hint(),
        ValueHint::AnyPath | ValueHint::FilePath | ValueHint::DirPath | ValueHint::ExecutablePath
    ) || arg.get_value_names().is_some_and(|names| {
        names
            .iter()
            .any(|name| matches!(name.as_str(), "FILE" | "PATH" | "DIR"))
    })
}

/// The positional argument that the next positional value fills, if any.
fn positional(cmd: &clap::Command, given: usize) -> Option<&clap::Arg> {
    let positionals: Vec<&clap::Arg> = cmd.get_positionals().collect();
    positionals.get(given).copied().or_else(|| {
        positionals
            .last()
            .copied()
            .filter(|arg| arg.get_num_args().is_some_and(|r| r.max_values() > 1))
    })
}

/// Candidates for the value of `arg`, each written after `prefix` (`--flag=` or nothing).
fn values(
    arg: &clap::Arg,
    prefix: &str,
    current: &str,
    contexts: impl FnOnce() -> Vec<String>,
) -> Completions {
    let fixed: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|value| !value.is_hide_set())
        .map(|value| value.get_name().to_owned())
        .collect();
    let names = if !fixed.is_empty() {
        fixed
    } else {
        match arg.get_id().as_str() {
            "host_cluster_context" | "cluster_context" | "clusters" => contexts(),
            // A path (`--kubeconfig`, `-f`): let the shell complete file names.
            _ if is_path(arg) => {
                return Completions {
                    candidates: Vec::new(),
                    directive: DIRECTIVE_DEFAULT,
                };
            }
            _ => Vec::new(),
        }
    };
    Completions {
        candidates: names
            .into_iter()
            .filter(|name| name.starts_with(current))
            .map(|name| format!("{prefix}{name}"))
            .collect(),
        directive: DIRECTIVE_NO_FILE_COMP,
    }
}

fn no_candidates() -> Completions {
    Completions {
        candidates: Vec::new(),
        directive: DIRECTIVE_NO_FILE_COMP,
    }
}

/// `word<TAB>first sentence of the help`, as cobra shells display it.
fn with_description(word: String, help: Option<String>) -> String {
    let Some(help) = help else {
        return word;
    };
    let first_line = help.lines().next().unwrap_or_default();
    let sentence = first_line
        .split_once(". ")
        .map_or(first_line, |(sentence, _)| sentence);
    let sentence = sentence.trim().trim_end_matches('.');
    if sentence.is_empty() {
        word
    } else {
        format!("{word}\t{sentence}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::Program;

    fn run(words: &[&str]) -> Completions {
        let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        complete(
            &mut Program::Standalone.command(),
            &words,
            |kubeconfig| match kubeconfig {
                Some(path) => vec![format!("from-{}", path.display())],
                None => vec!["cluster1".into(), "cluster2".into(), "prod".into()],
            },
        )
    }

    /// The candidate words, without descriptions.
    fn words(completions: &Completions) -> Vec<&str> {
        completions
            .candidates
            .iter()
            .map(|c| c.split('\t').next().unwrap())
            .collect()
    }

    #[test]
    fn subcommands_by_prefix() {
        let got = run(&["jo"]);
        assert_eq!(
            got.candidates,
            ["join\tRegister a cluster with a KubeFed control plane"]
        );
        assert_eq!(got.directive, 4);
        let all = run(&[""]);
        let names = words(&all);
        for name in ["join", "unjoin", "version", "completion", "help"] {
            assert!(names.contains(&name), "{names:?}");
        }
        assert!(!names.contains(&"__complete"), "hidden: {names:?}");
    }

    #[test]
    fn flags_of_the_subcommand_including_globals() {
        let got = run(&["join", "c2", "--cl"]);
        assert_eq!(words(&got), ["--cluster-context"]);
        let got = run(&["version", "--"]);
        let names = words(&got);
        assert!(names.contains(&"--client"), "{names:?}");
        assert!(names.contains(&"--host-cluster-context"), "{names:?}");
        assert!(!names.contains(&"--cluster-context"), "{names:?}");
    }

    #[test]
    fn flags_given_once_are_not_offered_again() {
        let got = run(&["version", "--client", "--cli"]);
        assert!(got.candidates.is_empty(), "{got:?}");
        let got = run(&["join", "c", "--label", "a=b", "--lab"]);
        assert_eq!(words(&got), ["--label"]);
    }

    #[test]
    fn context_values() {
        let got = run(&["join", "c2", "--host-cluster-context", "clu"]);
        assert_eq!(got.candidates, ["cluster1", "cluster2"]);
        let got = run(&["--host-cluster-context=p"]);
        assert_eq!(got.candidates, ["--host-cluster-context=prod"]);
        let got = run(&["unjoin", "--cluster-context", ""]);
        assert_eq!(got.candidates, ["cluster1", "cluster2", "prod"]);
    }

    #[test]
    fn contexts_of_the_kubeconfig_given() {
        let got = run(&["--kubeconfig", "/k", "join", "c", "--cluster-context", ""]);
        assert_eq!(got.candidates, ["from-/k"]);
        let got = run(&["join", "--kubeconfig=/k", "c", "--cluster-context", ""]);
        assert_eq!(got.candidates, ["from-/k"]);
    }

    #[test]
    fn cluster_names_are_contexts() {
        let got = run(&["join", "cluster1", "p"]);
        assert_eq!(got.candidates, ["prod"]);
        let got = run(&["unjoin", ""]);
        assert_eq!(got.candidates, ["cluster1", "cluster2", "prod"]);
    }

    #[test]
    fn fixed_values() {
        assert_eq!(run(&["version", "-o", ""]).candidates, ["yaml", "json"]);
        assert_eq!(run(&["version", "--output", "j"]).candidates, ["json"]);
        assert_eq!(
            run(&["join", "c", "--dry-run="]).candidates,
            ["--dry-run=none", "--dry-run=client", "--dry-run=server"]
        );
        assert_eq!(run(&["completion", "f"]).candidates, ["fish"]);
        assert_eq!(
            run(&["completion", "fish", ""]).candidates,
            Vec::<String>::new()
        );
    }

    #[test]
    fn optional_value_flags_do_not_swallow_the_next_word() {
        // `--dry-run` takes its value only after `=`, so `u` is a subcommand prefix... of
        // join's cluster list here.
        let got = run(&["join", "--dry-run", "p"]);
        assert_eq!(got.candidates, ["prod"]);
    }

    #[test]
    fn kubeconfig_value_falls_back_to_files() {
        let got = run(&["--kubeconfig", ""]);
        assert_eq!(
            got,
            Completions {
                candidates: vec![],
                directive: 0
            }
        );
    }

    #[test]
    fn short_flag_values() {
        assert_eq!(run(&["-v", ""]).candidates, Vec::<String>::new());
        assert_eq!(words(&run(&["-v2", "ver"])), ["version"]);
        assert_eq!(run(&["version", "-qo", ""]).candidates, ["yaml", "json"]);
    }

    #[test]
    fn no_words_lists_subcommands() {
        let got = complete(&mut Program::Standalone.command(), &[], |_| vec![]);
        assert!(words(&got).contains(&"join"));
    }

    #[test]
    fn rendered_protocol() {
        let got = Completions {
            candidates: vec!["join\tRegister".into(), "prod".into()],
            directive: 4,
        };
        assert_eq!(got.render(), "join\tRegister\nprod\n:4\n");
    }
}
