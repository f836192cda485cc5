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
//! context-valued flags and the clusters of `join`, from the kubeconfig's context names.
//! The clusters of `unjoin` are those joined to the host: one list request, bounded by
//! `JOINED_LOOKUP_TIMEOUT` so that a TAB never hangs; when the host cannot answer in
//! time, context names are offered instead (a cluster is usually named after its context).

use std::path::PathBuf;
use std::time::Duration;

use crate::cli::{CompleteArgs, DEFAULT_KUBEFED_NAMESPACE};
use crate::cluster::config::Kubeconfigs;
use crate::cluster::kubefed::joined_cluster_names;
use crate::error::ExitStatus;
use crate::output::Printer;
use crate::program::Program;

/// The longest a TAB waits for the host to list its joined clusters.
const JOINED_LOOKUP_TIMEOUT: Duration = Duration::from_secs(2);

/// Commands whose cluster arguments are clusters already joined to the host.
const JOINED_CLUSTER_COMMANDS: &[&str] = &["unjoin", "rotate-credentials"];

/// Names that only the kubeconfig or the host can supply.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Lookup {
    /// `--kubeconfig` as typed, if it was.
    pub kubeconfig: Option<PathBuf>,
    pub source: Source,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Source {
    Contexts,
    /// KubeFedClusters on the host; the flags as typed, if they were.
    JoinedClusters {
        host_context: Option<String>,
        kubefed_namespace: Option<String>,
    },
}

/// cobra's ShellCompDirectiveDefault: the shell may fall back to file names.
const DIRECTIVE_DEFAULT: u8 = 0;
/// cobra's ShellCompDirectiveNoFileComp: offer only our candidates.
const DIRECTIVE_NO_FILE_COMP: u8 = 4;

/// What the shell should offer.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Completions {
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

pub(crate) async fn run(args: &CompleteArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let mut cmd = Program::current().command();
    let completions = complete(&mut cmd, &args.words, look_up).await;
    printer.out(&completions.render())?;
    Ok(ExitStatus::Success)
}

/// A broken or missing kubeconfig, or a host that does not answer, just means fewer
/// names to offer: completion never reports errors.
async fn look_up(lookup: Lookup) -> Vec<String> {
    let Ok(kubeconfigs) = Kubeconfigs::load(lookup.kubeconfig.as_deref()) else {
        return Vec::new();
    };
    let contexts = || {
        kubeconfigs
            .context_names()
            .into_iter()
            .map(str::to_owned)
            .collect()
    };
    match lookup.source {
        Source::Contexts => contexts(),
        Source::JoinedClusters {
            host_context,
            kubefed_namespace,
        } => {
            let namespace = kubefed_namespace
                .as_deref()
                .unwrap_or(DEFAULT_KUBEFED_NAMESPACE);
            let joined = joined_clusters(&kubeconfigs, host_context.as_deref(), namespace);
            match tokio::time::timeout(JOINED_LOOKUP_TIMEOUT, joined).await {
                Ok(Ok(names)) => names,
                _ => contexts(),
            }
        }
    }
}

async fn joined_clusters(
    kubeconfigs: &Kubeconfigs,
    host_context: Option<&str>,
    namespace: &str,
) -> anyhow::Result<Vec<String>> {
    let context = kubeconfigs.host_context(host_context)?;
    let client = kubeconfigs.client(context).await?;
    joined_cluster_names(&client, namespace, context).await
}

/// Complete the last of `words` (the words after the program name) against `cmd`.
/// `look_up` supplies names from the kubeconfig or the host; it is only called when
/// such names are wanted.
pub(crate) async fn complete(
    cmd: &mut clap::Command,
    words: &[String],
    look_up: impl AsyncFnOnce(Lookup) -> Vec<String>,
) -> Completions {
    // Building propagates the global flags into every subcommand and adds --help.
    cmd.build();
    let (current, typed) = match words.split_last() {
        Some((last, before)) => (last.as_str(), before),
        None => ("", &[][..]),
    };
    let state = State::walk(cmd, typed);

    // The value of a flag given as a separate word: `--cluster-context <TAB>`.
    if let Some(arg) = state.pending {
        return values(&state, arg, "", current, look_up).await;
    }
    if let Some(flag) = current.strip_prefix("--")
        && let Some((name, value)) = flag.split_once('=')
    {
        return match long_arg(state.cmd, name) {
            Some(arg) => values(&state, arg, &format!("--{name}="), value, look_up).await,
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
        candidates.extend(values(&state, arg, "", current, look_up).await.candidates);
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
    host_cluster_context: Option<String>,
    kubefed_namespace: Option<String>,
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
            host_cluster_context: None,
            kubefed_namespace: None,
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
        let slot = match arg.get_id().as_str() {
            "kubeconfig" => &mut self.kubeconfig,
            "host_cluster_context" => &mut self.host_cluster_context,
            "kubefed_namespace" => &mut self.kubefed_namespace,
            _ => return,
        };
        *slot = Some(value.to_owned());
    }

    /// Where the names for `arg` come from, if not from the clap definition.
    fn source(&self, arg: &clap::Arg) -> Option<Lookup> {
        let source = match arg.get_id().as_str() {
            "clusters" if JOINED_CLUSTER_COMMANDS.contains(&self.cmd.get_name()) => {
                Source::JoinedClusters {
                    host_context: self.host_cluster_context.clone(),
                    kubefed_namespace: self.kubefed_namespace.clone(),
                }
            }
            "host_cluster_context" | "cluster_context" | "clusters" => Source::Contexts,
            _ => return None,
        };
        Some(Lookup {
            kubeconfig: self.kubeconfig.as_ref().map(PathBuf::from),
            source,
        })
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
async fn values(
    state: &State<'_>,
    arg: &clap::Arg,
    prefix: &str,
    current: &str,
    look_up: impl AsyncFnOnce(Lookup) -> Vec<String>,
) -> Completions {
    let fixed: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|value| !value.is_hide_set())
        .map(|value| value.get_name().to_owned())
        .collect();
    let names = if !fixed.is_empty() {
        fixed
    } else if let Some(lookup) = state.source(arg) {
        look_up(lookup).await
    } else if is_path(arg) {
        // `--kubeconfig`, `-f`: let the shell complete file names.
        return Completions {
            candidates: Vec::new(),
            directive: DIRECTIVE_DEFAULT,
        };
    } else {
        Vec::new()
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
    use futures::executor::block_on;

    use super::*;
    use crate::program::Program;

    fn run(words: &[&str]) -> Completions {
        let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        let look_up = async |lookup: Lookup| match lookup {
            Lookup {
                kubeconfig: Some(path),
                ..
            } => vec![format!("from-{}", path.display())],
            Lookup {
                source: Source::Contexts,
                ..
            } => vec!["cluster1".into(), "cluster2".into(), "prod".into()],
            Lookup {
                source:
                    Source::JoinedClusters {
                        host_context,
                        kubefed_namespace,
                    },
                ..
            } => vec![format!(
                "joined-{}-{}",
                host_context.as_deref().unwrap_or("current"),
                kubefed_namespace.as_deref().unwrap_or("default")
            )],
        };
        block_on(complete(
            &mut Program::Standalone.command(),
            &words,
            look_up,
        ))
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
    fn join_offers_contexts_and_unjoin_joined_clusters() {
        let got = run(&["join", "cluster1", "p"]);
        assert_eq!(got.candidates, ["prod"]);
        let got = run(&["unjoin", ""]);
        assert_eq!(got.candidates, ["joined-current-default"]);
        let got = run(&[
            "--kubefed-namespace",
            "fed",
            "unjoin",
            "--host-cluster-context=h",
            "x",
            "j",
        ]);
        assert_eq!(got.candidates, ["joined-h-fed"]);
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
        let got = block_on(complete(
            &mut Program::Standalone.command(),
            &[],
            async |_| vec![],
        ));
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
