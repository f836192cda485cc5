//! sync against real clusters: a cluster group file joins, relabels and unjoins members;
//! a second run changes nothing; dry runs write nothing; unjoining is asked on a terminal
//! and needs --yes without one; bad files fail before anything is read from a cluster;
//! --wait reports the KubeFed controller's verdict on each member.
//!
//! Each test but the one of --wait uses a KubeFed namespace of its own on the host (see
//! tests/join.rs), so the member clusters are shared with other tests without collisions.

use std::collections::BTreeMap;
use std::path::Path;

use kube::api::{Api, DynamicObject, ListParams, Patch, PatchParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{Value, json};

use crate::support::proxy::{Fault, Proxy, Rule};
use crate::support::{
    HOST, KUBEFED_NAMESPACE, control_plane, private_kubefed_namespace, unique_name,
};

fn sync(file: &Path, extra: &[&str]) -> std::process::Output {
    crate::support::kubefedctl()
        .arg("sync")
        .arg("-f")
        .arg(file)
        .args(extra)
        .output()
        .unwrap()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn kubefed_clusters(client: kube::Client, ns: &str) -> Api<DynamicObject> {
    let ar = ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("core.kubefed.io", "v1beta1", "KubeFedCluster"),
        "kubefedclusters",
    );
    Api::namespaced_with(client, ns, &ar)
}

/// Every KubeFedCluster in `ns`: name → (labels, resourceVersion).
async fn registered(ns: &str) -> BTreeMap<String, (Value, String)> {
    let api = kubefed_clusters(control_plane().client(HOST).await, ns);
    api.list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|kfc| {
            (
                kfc.metadata.name.clone().unwrap(),
                (
                    json!(kfc.metadata.labels.unwrap_or_default()),
                    kfc.metadata.resource_version.unwrap(),
                ),
            )
        })
        .collect()
}

fn write_group(dir: &Path, name: &str, ns: &str, members: Value) -> std::path::PathBuf {
    let path = dir.join(name);
    let group = json!({"hostContext": HOST, "kubefedNamespace": ns, "members": members});
    // JSON is YAML: the file is written as the user guide's layout would parse.
    std::fs::write(&path, serde_json::to_string_pretty(&group).unwrap()).unwrap();
    path
}

#[track_caller]
fn assert_status(output: &std::process::Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        stdout(output),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The issue's check: add a member, relabel one, remove one, run twice; the second run
/// reports no change.
#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn joins_relabels_unjoins_and_a_second_run_changes_nothing() {
    let _turn = crate::support::take_turn();
    let ns = private_kubefed_namespace("Cluster").await;
    let dir = tempfile::tempdir().unwrap();
    // `cluster3` is named after its context: a member that leaves the file is reached
    // through the context of its name.
    let (a, b, c) = (
        unique_name("sya"),
        "cluster3".to_owned(),
        unique_name("syc"),
    );

    let first = write_group(
        dir.path(),
        "first.yaml",
        &ns,
        json!([
            {"name": a, "context": "cluster2", "labels": {"region": "eu"}},
            {"name": b, "labels": {"region": "us"}},
        ]),
    );
    let output = sync(&first, &[]);
    assert_status(&output, 0);
    assert_eq!(
        stdout(&output),
        format!("cluster \"{a}\" joined\ncluster \"{b}\" joined\n")
    );
    let state = registered(&ns).await;
    assert_eq!(state[&a].0, json!({"region": "eu"}));
    assert_eq!(state[&b].0, json!({"region": "us"}));

    let output = sync(&first, &[]);
    assert_status(&output, 0);
    assert_eq!(
        stdout(&output),
        format!("cluster \"{a}\" unchanged\ncluster \"{b}\" unchanged\n")
    );
    assert_eq!(registered(&ns).await, state, "nothing written");

    // Someone else labels a member: the file does not manage that label.
    let host = control_plane().client(HOST).await;
    kubefed_clusters(host.clone(), &ns)
        .patch(
            &a,
            &PatchParams {
                field_manager: Some("someone-else".into()),
                ..PatchParams::default()
            },
            &Patch::Merge(json!({"metadata": {"labels": {"team": "web"}}})),
        )
        .await
        .unwrap();

    // Relabel a, remove b, add c.
    let second = write_group(
        dir.path(),
        "second.yaml",
        &ns,
        json!([
            {"name": a, "context": "cluster2", "labels": {"tier": "gold"}},
            {"name": c, "context": "cluster2"},
        ]),
    );
    // Without a terminal and without --yes the unjoin is refused; the rest is done.
    let output = sync(&second, &[]);
    assert_status(&output, 2);
    assert_eq!(
        stdout(&output),
        format!("cluster \"{a}\" relabelled\ncluster \"{c}\" joined\ncluster \"{b}\" failed\n")
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("stdin and stderr are not both a") && stderr.contains("hint: pass --yes"),
        "{stderr}"
    );
    // The same as one document: the refused member carries its error.
    let output = sync(&second, &["-o", "json"]);
    assert_status(&output, 2);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        report["members"],
        json!([
            {"cluster": a, "context": "cluster2", "result": "unchanged", "labels": {"tier": "gold"}},
            {"cluster": c, "context": "cluster2", "result": "unchanged"},
            {"cluster": b, "context": b, "result": "failed",
             "error": format!("not unjoined: {} no longer lists it, and stdin and stderr are not both a terminal to confirm on", second.display())},
        ])
    );
    let state = registered(&ns).await;
    assert!(state.contains_key(&b), "b stays without --yes");
    assert_eq!(state[&a].0, json!({"tier": "gold", "team": "web"}));

    // A dry run of the first file again: would undo everything, writes nothing.
    let output = sync(&first, &["--dry-run=server", "--yes"]);
    assert_status(&output, 0);
    assert_eq!(
        stdout(&output),
        format!(
            "cluster \"{a}\" relabelled (server dry run)\ncluster \"{b}\" unchanged\n\
             cluster \"{c}\" unjoined (server dry run)\n"
        )
    );
    assert_eq!(registered(&ns).await, state, "a dry run writes nothing");

    let output = sync(&second, &["--yes", "-o", "json"]);
    assert_status(&output, 0);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["hostContext"], HOST);
    assert_eq!(report["kubefedNamespace"], ns.as_str());
    assert_eq!(report["dryRun"], false);
    let results: Vec<(&str, &str)> = report["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["cluster"].as_str().unwrap(),
                m["result"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        results,
        [
            (a.as_str(), "unchanged"),
            (c.as_str(), "unchanged"),
            (b.as_str(), "unjoined")
        ]
    );
    let state = registered(&ns).await;
    assert_eq!(state.keys().collect::<Vec<_>>(), [&a, &c]);

    // The second run with the same file changes nothing.
    let output = sync(&second, &["--yes"]);
    assert_status(&output, 0);
    assert_eq!(
        stdout(&output),
        format!("cluster \"{a}\" unchanged\ncluster \"{c}\" unchanged\n")
    );
    assert_eq!(registered(&ns).await, state, "nothing written");

    // An empty group unjoins everyone.
    let empty = write_group(dir.path(), "empty.yaml", &ns, json!([]));
    let output = sync(&empty, &["--yes"]);
    assert_status(&output, 0);
    assert!(registered(&ns).await.is_empty());
}

/// `credentials` in the file chooses how a member is joined: with the token of its
/// context, nothing is created on the member; a change of credentials rejoins it, which
/// creates or removes the member's service account; an unchanged file changes nothing.
#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn credentials_in_the_file_choose_how_a_member_is_joined() {
    let _turn = crate::support::take_turn();
    let ns = private_kubefed_namespace("Cluster").await;
    let dir = tempfile::tempdir().unwrap();
    let token = crate::support::tokens::issue_token("cluster2", &unique_name("sync-token")).await;
    let kubeconfig = crate::support::tokens::kubeconfig_with_tokens(
        dir.path(),
        "cluster2",
        &[("c2-token", &token)],
    );
    let name = unique_name("sytok");
    let service_account = format!("{name}-{HOST}");
    let run = |members: Value| {
        let file = write_group(dir.path(), "group.yaml", &ns, members);
        let output = crate::support::kubefedctl_with(&kubeconfig)
            .args(["sync", "--yes", "-f"])
            .arg(file)
            .output()
            .unwrap();
        assert_status(&output, 0);
        stdout(&output)
    };
    let by_token = json!([{"name": name, "context": "c2-token", "credentials": "kubeconfig"}]);
    let by_account =
        json!([{"name": name, "context": "cluster2", "credentials": "service-account"}]);
    let member_account = || async {
        let client = control_plane().client("cluster2").await;
        Api::<k8s_openapi::api::core::v1::ServiceAccount>::namespaced(client, &ns)
            .get_opt(&service_account)
            .await
            .unwrap()
            .is_some()
    };
    let marked = || async {
        let kfc = kubefed_clusters(control_plane().client(HOST).await, &ns)
            .get(&name)
            .await
            .unwrap();
        kfc.metadata
            .annotations
            .unwrap_or_default()
            .get("kubefedctl.kubefed.io/credentials")
            == Some(&"kubeconfig".to_owned())
    };

    assert_eq!(
        run(by_token.clone()),
        format!("cluster \"{name}\" joined\n")
    );
    assert!(marked().await && !member_account().await);
    // --export describes the member as the file does.
    let output = crate::support::kubefedctl_with(&kubeconfig)
        .args([
            "sync",
            "--export",
            "-o",
            "json",
            "--host-cluster-context",
            HOST,
        ])
        .args(["--kubefed-namespace", &ns])
        .output()
        .unwrap();
    assert_status(&output, 0);
    let exported: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        exported,
        json!({"hostContext": HOST, "kubefedNamespace": ns, "members": by_token})
    );
    assert_eq!(
        run(by_token.clone()),
        format!("cluster \"{name}\" unchanged\n")
    );
    assert_eq!(run(by_account), format!("cluster \"{name}\" rejoined\n"));
    assert!(!marked().await && member_account().await);
    assert_eq!(run(by_token), format!("cluster \"{name}\" rejoined\n"));
    assert!(
        marked().await && !member_account().await,
        "the rejoin removed it"
    );
    assert_eq!(run(json!([])), format!("cluster \"{name}\" unjoined\n"));
    assert!(registered(&ns).await.is_empty());
}

#[test]
#[ignore = "needs the test control plane: scripts/test"]
fn bad_files_fail_before_any_request() {
    let _turn = crate::support::take_turn();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "members:\n- name: a\n- name: a\n",
            "member \"a\" is listed twice",
        ),
        ("members:\n- name: a\n  lables: {}\n", "lables"),
        ("hostContext: cluster1\n", "members"),
        (
            "hostContext: elsewhere\nmembers: []\n",
            "the file names host context \"elsewhere\" but --host-cluster-context is \"cluster1\"",
        ),
    ];
    for (text, expected) in cases {
        let path = dir.path().join("group.yaml");
        std::fs::write(&path, text).unwrap();
        let output = sync(&path, &["--host-cluster-context", HOST]);
        assert_status(&output, 2);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.starts_with("error: ") && stderr.contains(expected),
            "{text}: {stderr}"
        );
        assert!(output.stdout.is_empty());
    }
    let output = sync(&dir.path().join("missing.yaml"), &[]);
    assert_status(&output, 2);
}

/// `--wait` waits for the controller's verdict on every member the file lists, those
/// left unchanged included: cluster3, whose endpoint fails every health probe, is
/// reported failed and stays joined; once it answers, a second run reports both Ready.
/// Runs in the namespace the real KubeFed controller watches.
#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn wait_reports_each_members_readiness() {
    let _turn = crate::support::take_turn();
    let proxy = Proxy::start(control_plane().cluster("cluster3"));
    proxy.add_rule(Rule::every_request("GET", "/healthz", Fault::Status(500)));
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = crate::support::proxy::kubeconfig(dir.path(), &[("cluster3", &proxy)]);
    let kubeconfig = kubeconfig.to_str().unwrap();
    let group = write_group(
        dir.path(),
        "group.yaml",
        KUBEFED_NAMESPACE,
        json!([{"name": "cluster2"}, {"name": "cluster3"}]),
    );

    let output = sync(
        &group,
        &["--kubeconfig", kubeconfig, "--wait=10s", "-o", "json"],
    );
    assert_status(&output, 2);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let members = &report["members"];
    assert_eq!(
        members[0],
        json!({"cluster": "cluster2", "context": "cluster2", "result": "joined", "ready": true})
    );
    assert_eq!(members[1]["result"], "failed");
    let error = members[1]["error"].as_str().unwrap();
    assert!(
        error.starts_with(
            "cluster \"cluster3\" is joined, but not Ready after 10s: the KubeFed controller reports it Offline"
        ),
        "{error}"
    );
    assert!(registered(KUBEFED_NAMESPACE).await.contains_key("cluster3"));

    proxy.clear_rules();
    let output = sync(&group, &["--kubeconfig", kubeconfig, "--wait=60s"]);
    assert_status(&output, 0);
    assert_eq!(
        stdout(&output),
        "cluster \"cluster2\" unchanged and Ready\ncluster \"cluster3\" unchanged and Ready\n"
    );

    let empty = write_group(dir.path(), "empty.yaml", KUBEFED_NAMESPACE, json!([]));
    let output = sync(&empty, &["--kubeconfig", kubeconfig, "--yes", "--wait"]);
    assert_status(&output, 0);
    assert_eq!(
        stdout(&output),
        "cluster \"cluster2\" unjoined\ncluster \"cluster3\" unjoined\n"
    );
    let left = registered(KUBEFED_NAMESPACE).await;
    assert!(
        !left.contains_key("cluster2") && !left.contains_key("cluster3"),
        "{left:?}"
    );
}

/// On a terminal, sync asks before unjoining a member that left the file: declined, the
/// member is kept; accepted, it is unjoined.
#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn unjoining_asks_on_a_terminal() {
    let _turn = crate::support::take_turn();
    let ns = private_kubefed_namespace("Cluster").await;
    let dir = tempfile::tempdir().unwrap();
    let member = unique_name("syt");
    let group = write_group(
        dir.path(),
        "group.yaml",
        &ns,
        json!([{"name": member, "context": "cluster2"}]),
    );
    assert_status(&sync(&group, &[]), 0);
    let empty = write_group(dir.path(), "empty.yaml", &ns, json!([]));
    let empty = empty.to_str().unwrap();
    let question = format!("Unjoin cluster \"{member}\", which {empty} no longer lists? [y/N]");

    let output = crate::support::on_terminal(&["sync", "-f", empty], "n\n");
    assert_status(&output, 0);
    let screen = stdout(&output);
    assert!(
        screen.contains(&question)
            && screen.contains(&format!("cluster \"{member}\" kept (unjoin not confirmed)")),
        "{screen}"
    );
    assert!(registered(&ns).await.contains_key(&member));

    let output = crate::support::on_terminal(&["sync", "-f", empty], "y\n");
    assert_status(&output, 0);
    let screen = stdout(&output);
    assert!(
        screen.contains(&question) && screen.contains(&format!("cluster \"{member}\" unjoined")),
        "{screen}"
    );
    assert!(registered(&ns).await.is_empty());
}
