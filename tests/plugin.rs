//! The binary as the kubectl plugin `kubectl-kubefed`, and the
//! `completions/kubectl_complete-kubefed` script kubectl runs to complete
//! `kubectl kubefed <TAB>`. The plugin is the test binary under that name (a symlink) in a
//! temporary directory put first on PATH, as kubectl would find it.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::cargo::cargo_bin_cmd;

struct Plugin {
    dir: tempfile::TempDir,
}

impl Plugin {
    fn install() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let binary: PathBuf = cargo_bin_cmd!("kubefedctl").get_program().into();
        std::os::unix::fs::symlink(binary, dir.path().join("kubectl-kubefed")).unwrap();
        Plugin { dir }
    }

    fn path_var(&self) -> std::ffi::OsString {
        let mut paths = vec![self.dir.path().to_owned()];
        paths.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        std::env::join_paths(paths).unwrap()
    }

    /// `kubectl-kubefed args...`, found through PATH.
    fn run(&self, args: &[&str]) -> Output {
        isolated(Command::new("kubectl-kubefed"), self.dir.path())
            .env("PATH", self.path_var())
            .args(args)
            .output()
            .unwrap()
    }

    /// What kubectl does for `kubectl kubefed <words> <TAB>`.
    fn complete(&self, words: &[&str], kubeconfig: Option<&Path>) -> String {
        let mut cmd = isolated(Command::new("sh"), self.dir.path());
        cmd.arg(script()).args(words).env("PATH", self.path_var());
        if let Some(kubeconfig) = kubeconfig {
            cmd.env("KUBECONFIG", kubeconfig);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(out.stderr.is_empty(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    }
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/kubectl_complete-kubefed")
}

/// No kubeconfig of the developer's may leak in.
fn isolated(mut cmd: Command, home: &Path) -> Command {
    cmd.env("HOME", home)
        .env_remove("KUBECONFIG")
        .env("COLUMNS", "100");
    cmd
}

fn kubeconfig(dir: &Path) -> PathBuf {
    let path = dir.join("kubeconfig");
    let mut text = String::from("apiVersion: v1\nkind: Config\ncurrent-context: cluster1\n");
    text.push_str("clusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:1\n");
    text.push_str("users:\n- name: u\n  user:\n    token: t\ncontexts:\n");
    for name in ["cluster1", "cluster2", "prod-eu"] {
        text.push_str(&format!(
            "- name: {name}\n  context:\n    cluster: c\n    user: u\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn script_is_executable() {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(script()).unwrap().permissions().mode();
    assert_eq!(mode & 0o111, 0o111, "kubectl only runs executable files");
}

#[test]
fn completes_subcommands() {
    let plugin = Plugin::install();
    assert_eq!(
        plugin.complete(&["jo"], None),
        "join\tRegister a cluster with a KubeFed control plane\n:4\n"
    );
    let all = plugin.complete(&[""], None);
    assert!(all.ends_with("\n:4\n"), "{all}");
    for name in ["join\t", "unjoin\t", "version\t", "completion\t"] {
        assert!(all.contains(name), "{all}");
    }
    assert!(!all.contains("__complete"), "{all}");
}

#[test]
fn completes_flags_and_values() {
    let plugin = Plugin::install();
    let out = plugin.complete(&["version", "--cli"], None);
    assert_eq!(
        out,
        "--client\tPrint the client version only; do not contact the host cluster\n:4\n"
    );
    assert_eq!(
        plugin.complete(&["version", "-o", ""], None),
        "yaml\njson\n:4\n"
    );
    // `--help` and `--` typed so far are words to complete after, not options.
    let out = plugin.complete(&["--he"], None);
    assert!(out.starts_with("--help\t"), "{out}");
}

#[test]
fn completes_context_names_from_the_kubeconfig() {
    let plugin = Plugin::install();
    let kubeconfig = kubeconfig(plugin.dir.path());
    assert_eq!(
        plugin.complete(&["join", "--host-cluster-context", ""], Some(&kubeconfig)),
        "cluster1\ncluster2\nprod-eu\n:4\n"
    );
    assert_eq!(
        plugin.complete(
            &["join", "cluster2", "--cluster-context=p"],
            Some(&kubeconfig)
        ),
        "--cluster-context=prod-eu\n:4\n"
    );
    assert_eq!(
        plugin.complete(&["unjoin", "clu"], Some(&kubeconfig)),
        "cluster1\ncluster2\n:4\n"
    );
    // The kubeconfig named on the command line wins over KUBECONFIG.
    let words = [
        "--kubeconfig",
        kubeconfig.to_str().unwrap(),
        "join",
        "--cluster-context",
        "pr",
    ];
    assert_eq!(plugin.complete(&words, None), "prod-eu\n:4\n");
    // No kubeconfig at all: nothing to offer, and no error.
    assert_eq!(
        plugin.complete(&["join", "--host-cluster-context", ""], None),
        ":4\n"
    );
}

#[test]
fn file_names_for_path_flags() {
    let plugin = Plugin::install();
    // Directive 0: the shell falls back to completing file names.
    assert_eq!(plugin.complete(&["--kubeconfig", ""], None), ":0\n");
}

#[test]
fn script_without_the_plugin_on_path_offers_nothing() {
    let home = tempfile::tempdir().unwrap();
    let out = isolated(Command::new("/bin/sh"), home.path())
        .arg(script())
        .arg("jo")
        .env("PATH", home.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), ":4\n");
}

#[test]
fn version_and_completion_in_plugin_mode() {
    let plugin = Plugin::install();
    let out = plugin.run(&["--version"]);
    assert!(out.status.success());
    let version = String::from_utf8(out.stdout).unwrap();
    assert!(
        version.starts_with(&format!("kubectl-kubefed {}", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );

    // The script registers for the executable's name.
    let out = plugin.run(&["completion", "bash"]);
    assert!(out.status.success(), "{out:?}");
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(script.contains(" kubectl-kubefed\n"), "{script}");
    let out = plugin.run(&["completion", "fish"]);
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(script.contains("complete -c kubectl-kubefed"), "{script}");

    // A bare invocation prints the plugin-mode help.
    let out = plugin.run(&[]);
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("Usage: kubectl kubefed [OPTIONS]"), "{help}");
}

/// Run the bash completion function of `script` for the command line `line` (the cursor at
/// its end), as bash would at TAB, and return COMPREPLY. `bin_dir` is put first on PATH.
fn bash_complete(script: &Path, bin_dir: &Path, line: &str, kubeconfig: &Path) -> Vec<String> {
    let home = tempfile::tempdir().unwrap();
    let function = if line.starts_with("kubectl-kubefed") {
        "__kubectl_kubefed_complete"
    } else {
        "__kubefedctl_complete"
    };
    // COMP_WORDS as bash splits the line: at spaces and, COMP_WORDBREAKS, `=`.
    let program = format!(
        r#"source "$1"
COMP_LINE=$2
COMP_POINT=${{#COMP_LINE}}
read -ra COMP_WORDS <<<"${{COMP_LINE//=/ = }}"
[[ $COMP_LINE == *[\ =] ]] && COMP_WORDS+=("")
[[ $COMP_LINE == *= ]] && unset 'COMP_WORDS[-1]'
COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))
{function}
printf '%s\n' "${{COMPREPLY[@]}}""#
    );
    let mut paths = vec![bin_dir.to_owned()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let out = isolated(Command::new("bash"), home.path())
        .arg("-c")
        .arg(program)
        .arg("bash")
        .arg(script)
        .arg(line)
        .env("PATH", std::env::join_paths(paths).unwrap())
        .env("KUBECONFIG", kubeconfig)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_script_completes_dynamically() {
    let home = tempfile::tempdir().unwrap();
    let kubeconfig = kubeconfig(home.path());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/kubefedctl.bash");
    let binary: PathBuf = cargo_bin_cmd!("kubefedctl").get_program().into();
    let bin_dir = binary.parent().unwrap();
    let complete = |line: &str| bash_complete(&script, bin_dir, line, &kubeconfig);

    assert_eq!(complete("kubefedctl jo"), ["join"]);
    assert_eq!(complete("kubefedctl un"), ["unjoin"]);
    let all = complete("kubefedctl ");
    for name in ["join", "unjoin", "version", "completion"] {
        assert!(all.iter().any(|c| c == name), "{all:?}");
    }
    assert_eq!(
        complete("kubefedctl join --host-cluster-context "),
        ["cluster1", "cluster2", "prod-eu"]
    );
    assert_eq!(complete("kubefedctl unjoin clu"), ["cluster1", "cluster2"]);
    // Bash splits `--cluster-context=p` at `=` and replaces only what follows it.
    assert_eq!(
        complete("kubefedctl join c2 --cluster-context="),
        ["cluster1", "cluster2", "prod-eu"]
    );
    assert_eq!(
        complete("kubefedctl join c2 --cluster-context=p"),
        ["prod-eu"]
    );
    // Directive 0 and no candidates: readline's file names, nothing of ours.
    assert!(complete("kubefedctl --kubeconfig ").is_empty());
}

#[test]
fn bash_script_of_the_plugin_calls_the_plugin() {
    let plugin = Plugin::install();
    let kubeconfig = kubeconfig(plugin.dir.path());
    let out = plugin.run(&["completion", "bash"]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("kubectl-kubefed __complete"), "{text}");
    assert!(!text.contains("kubefedctl"), "{text}");
    let script = plugin.dir.path().join("kubectl-kubefed.bash");
    std::fs::write(&script, text).unwrap();
    assert_eq!(
        bash_complete(
            &script,
            plugin.dir.path(),
            "kubectl-kubefed join --cluster-context pr",
            &kubeconfig
        ),
        ["prod-eu"]
    );
}

/// The fish script, run by fish itself (`.ci/run` installs fish and zsh).
#[test]
fn fish_script_completes_dynamically() {
    let home = tempfile::tempdir().unwrap();
    let kubeconfig = kubeconfig(home.path());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/kubefedctl.fish");
    let binary: PathBuf = cargo_bin_cmd!("kubefedctl").get_program().into();
    let mut paths = vec![binary.parent().unwrap().to_owned()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let out = isolated(Command::new("fish"), home.path())
        .arg("-c")
        .arg(r#"source $argv[1]; complete -C "kubefedctl jo"; complete -C "kubefedctl join --host-cluster-context pro""#)
        .arg(&script)
        .env("PATH", std::env::join_paths(paths).unwrap())
        .env("KUBECONFIG", &kubeconfig)
        .output()
        .expect("fish is installed (.ci/run installs it)");
    assert!(out.status.success(), "{out:?}");
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(lines, ["join", "prod-eu"]);
}

/// The zsh script parses (zsh -n); its behaviour is the same `__complete` protocol.
#[test]
fn zsh_script_parses() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/_kubefedctl");
    let out = Command::new("zsh")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("zsh is installed (.ci/run installs it)");
    assert!(out.status.success(), "{out:?}");
}
