//! docs/tutorial.md runs as written: its `sh` blocks, in order, in one bash session from
//! the repository's root, against a playground of its own (`scripts/playground`, in a
//! private TMPDIR), with the kubefedctl under test. The playground is stopped whatever
//! happens, and the whole run is bounded.

use std::path::Path;
use std::process::Command;

/// The body of every block fenced as ```sh, in order.
fn sh_blocks(markdown: &str) -> Vec<&str> {
    markdown
        .split("```sh\n")
        .skip(1)
        .filter_map(|rest| rest.split_once("\n```").map(|(block, _)| block))
        .collect()
}

#[test]
#[ignore = "needs the test control plane: scripts/test"]
fn the_tutorial_runs_as_written() {
    let _turn = crate::support::take_turn();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tutorial = std::fs::read_to_string(root.join("docs/tutorial.md")).unwrap();
    let blocks = sh_blocks(&tutorial);
    assert!(blocks.len() >= 7, "{blocks:?}");
    let tmp = tempfile::tempdir().unwrap();
    // Stopped on any exit; a no-op after the tutorial's own `down`.
    let script = format!(
        "set -euo pipefail\ntrap 'scripts/playground down >/dev/null 2>&1 || true' EXIT\n{}\n",
        blocks.join("\n")
    );
    let output = Command::new("timeout")
        .args(["600", "bash", "-c", &script])
        .current_dir(root)
        .env("TMPDIR", tmp.path())
        .env("KUBEFEDCTL_BIN", env!("CARGO_BIN_EXE_kubefedctl"))
        .env_remove("KUBECONFIG")
        .output()
        .expect("run bash");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the tutorial failed ({:?})\nstdout:\n{stdout}\nstderr:\n{stderr}",
        output.status.code()
    );
    for expected in [
        "The playground runs: clusters cluster1 to cluster3, KubeFed on cluster1.",
        "No member clusters are joined.",
        "No types are enabled.",
        "federatedtypeconfig.core.kubefed.io/deployments.apps created in namespace kube-federation-system",
        "federatedtypeconfig.core.kubefed.io/clusterrolebindings.rbac.authorization.k8s.io created",
        "cluster \"cluster1\" joined and Ready",
        "cluster \"cluster2\" joined and Ready",
        "cluster \"cluster3\" joined and Ready",
        "kind: FederatedNamespace",
        "namespace \"shop\" created on host cluster \"cluster1\"",
        "4 of 4 federated objects applied on host cluster \"cluster1\"",
        "1 of 1 federated objects applied on host cluster \"cluster1\"",
        "overrides of FederatedDeployment \"shop/web\" for cluster \"cluster3\" updated",
        "cluster3  replace  /spec/template/spec/containers/0/image  \"nginx:1.27-alpine\"",
        "replicaschedulingpreference.scheduling.kubefed.io/web created in namespace shop",
        "cluster \"cluster3\" unjoined",
        "cluster \"cluster1\" unchanged and Ready",
        "cluster \"cluster2\" unchanged and Ready",
        "cluster \"cluster3\" unchanged",
        "region=america",
        "Teardown of KubeFed in namespace \"kube-federation-system\" on context \"cluster1\" takes these steps:",
        "1. unjoin the member clusters:\n   cluster cluster1\n   cluster cluster2\n   cluster cluster3\n",
        "The member clusters keep the objects KubeFed propagated to them",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }
    // The eleven basic types, each a federated CRD and a FederatedTypeConfig.
    assert_eq!(
        stdout
            .lines()
            .filter(
                |l| l.starts_with("federatedtypeconfig.core.kubefed.io/") && l.contains(" created")
            )
            .count(),
        11,
        "{stdout}"
    );
    // The playground's controller is a local process, not a Deployment of init's: the
    // plan does not announce deleting one, and teardown warns that it keeps running.
    let plan = stdout
        .split_once("takes these steps:")
        .and_then(|(_, rest)| rest.split_once("The member clusters keep"))
        .map(|(plan, _)| plan)
        .unwrap_or_default();
    assert!(
        plan.contains("4. delete the KubeFed control plane:"),
        "{plan}"
    );
    assert!(
        !plan
            .lines()
            .any(|line| line.starts_with("   Deployment ") || line.contains("kubefed-controller")),
        "{plan}"
    );
    // cluster1 is a member of itself: the namespace init created is still init's.
    assert!(
        plan.lines()
            .any(|line| line == "   Namespace kube-federation-system"),
        "{plan}"
    );
    assert!(
        stderr.contains("warning: a KubeFed controller (")
            && stderr.contains("teardown does not stop it"),
        "{stderr}"
    );
    assert!(
        !tmp.path().join("kubefedctl-playground").exists(),
        "the playground was not removed"
    );
}

#[test]
fn sh_blocks_are_found_in_order() {
    let markdown = "a\n```sh\none\ntwo\n```\ntext\n```text\nno\n```\n```sh\nthree\n```\n";
    assert_eq!(sh_blocks(markdown), ["one\ntwo", "three"]);
}
