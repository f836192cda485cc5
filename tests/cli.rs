//! Runs the real binary for help, usage errors and the offline paths of `version`.
//! Nothing here needs a cluster: unreachable servers are loopback ports that refuse.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The binary with a private, empty HOME and no kubeconfig or proxy variables, so the
/// developer's own ~/.kube/config can never leak into a test.
fn kubefedctl(home: &Path) -> Command {
    let mut cmd = cargo_bin_cmd!("kubefedctl");
    cmd.env("HOME", home).env("RUST_BACKTRACE", "0");
    for var in [
        "KUBECONFIG",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// A kubeconfig with one context, `cluster1`, whose server refuses connections.
fn one_context_kubeconfig(dir: &Path) -> PathBuf {
    let path = dir.join("kubeconfig");
    std::fs::write(
        &path,
        "\
apiVersion: v1
kind: Config
current-context: cluster1
clusters:
- name: cluster1
  cluster:
    server: https://127.0.0.1:1
contexts:
- name: cluster1
  context:
    cluster: cluster1
    user: admin
users:
- name: admin
  user:
    token: not-a-real-token
",
    )
    .unwrap();
    path
}

/// stdout starts with `kubefedctl version: <VERSION> (commit <sha or unknown>)`.
fn client_line() -> impl Predicate<str> {
    predicate::function(|out: &str| {
        let prefix = format!("kubefedctl version: {VERSION} (commit ");
        out.lines().next().is_some_and(|line| {
            line.strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix(')'))
                .is_some_and(|sha| {
                    !sha.is_empty() && sha.chars().all(|c| c.is_ascii_alphanumeric())
                })
        })
    })
}

/// The README's first command runs the tool's main job on the shipped example with no
/// cluster and no kubeconfig: the four federated objects of the web shop, and nothing on
/// stderr.
#[test]
fn the_readmes_first_command_federates_the_example_without_a_cluster() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let first = readme
        .split("```sh\n")
        .nth(1)
        .and_then(|block| block.lines().next())
        .unwrap();
    let args = first
        .strip_prefix("cargo run --release -- ")
        .unwrap_or_else(|| panic!("the README's first command is not the tool's: {first}"));
    let home = tempfile::tempdir().unwrap();
    let out = kubefedctl(home.path())
        .current_dir(root)
        .args(args.split(' '))
        .assert()
        .success()
        .stderr("")
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let kinds: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("kind: "))
        .collect();
    assert_eq!(
        kinds,
        [
            "FederatedNamespace",
            "FederatedConfigMap",
            "FederatedDeployment",
            "FederatedService"
        ],
        "{stdout}"
    );
    assert!(stdout.contains("replicas: 3"), "{stdout}");
}

#[test]
fn help_exits_zero() {
    let home = tempfile::tempdir().unwrap();
    kubefedctl(home.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "kubefedctl controls a Kubernetes Cluster Federation",
        ))
        .stdout(predicate::str::contains("https://sigs.k8s.io/kubefed"))
        .stdout(predicate::str::contains("--host-cluster-context"))
        .stderr("");
}

#[test]
fn bare_invocation_prints_help_and_exits_zero() {
    let home = tempfile::tempdir().unwrap();
    kubefedctl(home.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage: kubefedctl"))
        .stdout(predicate::str::contains("version"))
        .stderr("");
}

#[test]
fn subcommand_help_has_examples() {
    let home = tempfile::tempdir().unwrap();
    kubefedctl(home.path())
        .args(["version", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains("kubefedctl version --client"));
}

/// Runs `args`, which must fail as a usage error (exit 2, nothing on stdout); returns
/// stderr.
fn usage_error(home: &Path, args: &[&str]) -> String {
    let out = kubefedctl(home)
        .args(args)
        .assert()
        .code(2)
        .stdout("")
        .get_output()
        .clone();
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn unknown_flag_exits_two_with_one_message() {
    let home = tempfile::tempdir().unwrap();
    let stderr = usage_error(home.path(), &["--bogus"]);
    assert!(
        stderr.starts_with("error: unexpected argument '--bogus' found"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
}

/// Flags carried over from kubectl habits: refused before anything runs, with the
/// spelling that works. `--dry-run server` would otherwise dry-run on the client and join
/// a cluster named "server".
#[test]
fn dry_run_mode_as_a_word_and_context_get_the_right_spelling() {
    let home = tempfile::tempdir().unwrap();
    for (args, hint) in [
        (
            &["join", "cluster2", "--dry-run", "server"][..],
            "hint: write --dry-run=server\n",
        ),
        (
            &["unjoin", "--dry-run", "client", "cluster2"],
            "hint: write --dry-run=client\n",
        ),
        (
            &["join", "cluster2", "--context", "cluster1"],
            "hint: --host-cluster-context CONTEXT",
        ),
    ] {
        let stderr = usage_error(home.path(), args);
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert_eq!(stderr.lines().count(), 2, "{stderr}");
        assert!(stderr.contains(hint), "{stderr}");
    }
}

#[test]
fn invalid_output_format_exits_two() {
    let home = tempfile::tempdir().unwrap();
    kubefedctl(home.path())
        .args(["version", "--client", "-o", "xml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'xml'"));
}

#[test]
fn version_client_text() {
    let home = tempfile::tempdir().unwrap();
    kubefedctl(home.path())
        .args(["version", "--client"])
        .assert()
        .success()
        .stdout(client_line())
        .stdout(predicate::str::contains("server").not())
        .stderr("");
}

#[test]
fn version_client_json() {
    let home = tempfile::tempdir().unwrap();
    let out = kubefedctl(home.path())
        .args(["version", "--client", "-o", "json"])
        .assert()
        .success()
        .stderr("")
        .get_output()
        .clone();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let client = &doc["clientVersion"];
    assert_eq!(client["version"], VERSION);
    assert!(!client["gitCommit"].as_str().unwrap().is_empty());
    assert!(client["platform"].as_str().unwrap().contains('/'));
    assert!(client["rustVersion"].is_string());
    let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["clientVersion"], "no server part with --client");
}

#[test]
fn version_client_yaml() {
    let home = tempfile::tempdir().unwrap();
    let out = kubefedctl(home.path())
        .args(["version", "--client", "--output", "yaml"])
        .assert()
        .success()
        .stderr("")
        .get_output()
        .clone();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("clientVersion:\n"), "{text}");
    let doc: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    assert_eq!(doc["clientVersion"]["version"], VERSION);
}

#[test]
fn global_flags_in_go_spelling_are_accepted() {
    let home = tempfile::tempdir().unwrap();
    kubefedctl(home.path())
        .args([
            "--v=2",
            "version",
            "-v2",
            "--client",
            "--kubefed-namespace=fed",
            "-q",
        ])
        .assert()
        .success()
        .stdout(client_line());
}

/// Decision: an explicitly given kubeconfig that does not exist is a user error (exit 2),
/// not "no cluster". The client line is already on stdout, as with kubectl.
#[test]
fn version_with_missing_explicit_kubeconfig_is_an_error() {
    let home = tempfile::tempdir().unwrap();
    let missing = home.path().join("does-not-exist");
    kubefedctl(home.path())
        .arg("version")
        .arg("--kubeconfig")
        .arg(&missing)
        .assert()
        .code(2)
        .stdout(client_line())
        .stderr(format!(
            "error: kubeconfig file {} does not exist\n",
            missing.display()
        ));
}

#[test]
fn version_without_any_kubeconfig_warns_and_succeeds() {
    let home = tempfile::tempdir().unwrap();
    let default = home.path().join(".kube").join("config");
    kubefedctl(home.path())
        .arg("version")
        .assert()
        .success()
        .stdout(client_line())
        .stdout(predicate::str::contains("server version:").not())
        .stderr(format!(
            "warning: server version unavailable: no kubeconfig found at {}\n",
            default.display()
        ));
}

#[test]
fn quiet_suppresses_the_warning() {
    let home = tempfile::tempdir().unwrap();
    kubefedctl(home.path())
        .args(["version", "-q"])
        .assert()
        .success()
        .stdout(client_line())
        .stderr("");
}

#[test]
fn version_with_unreachable_host_warns_and_succeeds() {
    let home = tempfile::tempdir().unwrap();
    let kubeconfig = one_context_kubeconfig(home.path());
    let out = kubefedctl(home.path())
        .args(["version", "-o", "json"])
        .env("KUBECONFIG", &kubeconfig)
        .assert()
        .success()
        .stderr(predicate::str::starts_with(
            "warning: server version unavailable: cannot reach the host cluster (context \"cluster1\")",
        ))
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one-line warning: {stderr}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc.get("serverVersion").is_none(), "{doc}");
    assert_eq!(doc["clientVersion"]["version"], VERSION);
}

#[test]
fn version_with_unknown_host_context_exits_two() {
    let home = tempfile::tempdir().unwrap();
    let kubeconfig = one_context_kubeconfig(home.path());
    let out = kubefedctl(home.path())
        .args(["version", "--host-cluster-context", "nope", "--kubeconfig"])
        .arg(&kubeconfig)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "error: context \"nope\" not found in kubeconfig {}\nhint: known contexts: cluster1\n",
            kubeconfig.display()
        )
    );
}

#[test]
fn rust_backtrace_does_not_change_error_output() {
    let home = tempfile::tempdir().unwrap();
    let kubeconfig = one_context_kubeconfig(home.path());
    let run = |backtrace: &str| {
        kubefedctl(home.path())
            .env("RUST_BACKTRACE", backtrace)
            .env("RUST_LIB_BACKTRACE", backtrace)
            .args(["version", "--host-cluster-context", "nope", "--kubeconfig"])
            .arg(&kubeconfig)
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone()
    };
    let plain = run("0");
    let with_backtrace = run("1");
    assert_eq!(
        String::from_utf8(with_backtrace).unwrap(),
        String::from_utf8(plain).unwrap()
    );
}

#[test]
fn explicit_host_context_without_any_kubeconfig_exits_two() {
    let home = tempfile::tempdir().unwrap();
    kubefedctl(home.path())
        .args(["version", "--host-cluster-context", "cluster1"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: no kubeconfig found at ",
        ));
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    let home = tempfile::tempdir().unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    // Nobody reads: the script (tens of kilobytes) meets a closed pipe.
    drop(reader);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kubefedctl"))
        .env("HOME", home.path())
        .args(["completion", "bash"])
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn no_color_wins_over_forced_colour() {
    let home = tempfile::tempdir().unwrap();
    let help = |no_color: bool| {
        let mut cmd = kubefedctl(home.path());
        cmd.env("CLICOLOR_FORCE", "1").arg("--help");
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        String::from_utf8(cmd.assert().code(0).get_output().stdout.clone()).unwrap()
    };
    assert!(
        help(false).contains('\x1b'),
        "forced colour shows no escape"
    );
    assert!(!help(true).contains('\x1b'), "NO_COLOR still shows escapes");
}

#[test]
fn verbosity_six_logs_each_request_with_its_answer() {
    let home = tempfile::tempdir().unwrap();
    let kubeconfig = one_context_kubeconfig(home.path());
    let run = |verbosity: &str| {
        let output = kubefedctl(home.path())
            .args(["version", verbosity, "--kubeconfig"])
            .arg(&kubeconfig)
            .assert()
            .code(0)
            .get_output()
            .clone();
        String::from_utf8(output.stderr).unwrap()
    };
    let logged = run("--v=6");
    assert!(
        logged
            .lines()
            .any(|l| l.starts_with("GET /version (context \"cluster1\"): failed after ")),
        "{logged}"
    );
    assert!(!logged.contains("not-a-real-token"), "{logged}");
    assert!(!run("--v=5").contains("GET /version"));
}

/// `init --feature-gates` writes KubeFed's gates into the KubeFedConfig; an unknown gate
/// is refused before anything else.
#[test]
fn init_sets_feature_gates() {
    let home = tempfile::tempdir().unwrap();
    let output = kubefedctl(home.path())
        .args(["init", "-o", "json"])
        .args([
            "--feature-gates",
            "RawResourceStatusCollection=true,PushReconciler=false",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let config = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "KubeFedConfig")
        .unwrap();
    assert_eq!(
        config["spec"]["featureGates"],
        serde_json::json!([
            {"name": "PushReconciler", "configuration": "Disabled"},
            {"name": "RawResourceStatusCollection", "configuration": "Enabled"},
            {"name": "SchedulerPreferences", "configuration": "Enabled"},
        ])
    );
    kubefedctl(home.path())
        .args(["init", "-o", "yaml", "--feature-gates", "Turbo=true"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: invalid value for '--feature-gates <NAME=BOOL,...>': unknown feature \
             gate \"Turbo\"",
        ));
}
