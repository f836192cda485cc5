//! `--dry-run=client` and `--dry-run=server` proven by the API servers' audit logs: every
//! command that writes runs in both modes (teardown, whose --dry-run has no mode, in each) against a host and a member that no other test
//! uses, and the audit logs of both show no mutating request of ours outside dry-run
//! (client mode: no mutating request at all).
//!
//! The two clusters are added for this test alone, so every audited request with our
//! User-Agent comes from this test; markers (requests for a namespace no one else asks
//! for) bracket the dry runs in each log, so the set-up's real writes are left out.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::time::Duration;

use k8s_openapi::api::core::v1::Namespace;
use kube::api::{Api, DynamicObject, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{Value, json};

use crate::support::{KUBEFED_NAMESPACE, assert_ok, control_plane, eventually, unique_name};

/// Our requests' User-Agent starts with this; the Go tool's is `kubefedctl/v0.0.0`.
const OUR_AGENT: &str = "kubefedctl/v0.1";
const MUTATING: &[&str] = &["create", "update", "patch", "delete", "deletecollection"];

/// The audit events of a log (JSON lines).
fn events(log: &Path) -> Vec<Value> {
    let file = std::fs::File::open(log).expect("open the audit log");
    BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter_map(|line| serde_json::from_str(&line).ok())
        .collect()
}

/// Asks `context` for a namespace named `marker` and waits until its audit log shows it;
/// returns the index of that event.
async fn mark(context: &str, log: &Path, marker: &str) -> usize {
    let api: Api<Namespace> = Api::all(control_plane().client(context).await);
    let _ = api.get_opt(marker).await;
    let uri = format!("/api/v1/namespaces/{marker}");
    eventually("audit marker logged", Duration::from_secs(30), || async {
        events(log)
            .iter()
            .position(|e| e["requestURI"] == uri.as_str())
    })
    .await
}

async fn create(context: &str, plural: &str, object: Value) {
    let api_version = object["apiVersion"].as_str().unwrap();
    let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
    let gvk = GroupVersionKind::gvk(group, version, object["kind"].as_str().unwrap());
    let ar = ApiResource::from_gvk_with_plural(&gvk, plural);
    let client = control_plane().client(context).await;
    let api: Api<DynamicObject> = match object["metadata"]["namespace"].as_str() {
        Some(ns) => Api::namespaced_with(client, ns, &ar),
        None => Api::all_with(client, &ar),
    };
    api.create(
        &PostParams::default(),
        &serde_json::from_value(object).unwrap(),
    )
    .await
    .unwrap();
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn dry_runs_send_no_write_the_audit_logs_show() {
    let _turn = crate::support::take_turn();
    let cp = control_plane();
    let host = cp.add_cluster();
    let member = cp.add_cluster();
    cp.start_kubefed(&host, KUBEFED_NAMESPACE, Some("Cluster"));
    let (host_log, member_log) = (cp.audit_log(&host), cp.audit_log(&member));
    let h = ["--host-cluster-context", host.as_str()];

    // What the dry runs act on, written for real before the first marker.
    let (app, fresh) = (unique_name("app"), unique_name("fresh"));
    for ns in [&app, &fresh] {
        create(
            &host,
            "namespaces",
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}),
        )
        .await;
        create(&host, "configmaps", json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": ns}, "data": {"a": "b"}})).await;
    }
    // The member's admin issues a token for joins with --credentials kubeconfig.
    let token = crate::support::tokens::issue_token(&member, "fed-access").await;
    let kubeconfig_dir = tempfile::tempdir().unwrap();
    let kubeconfig = crate::support::tokens::kubeconfig_with_tokens(
        kubeconfig_dir.path(),
        &member,
        &[("member-token", &token)],
    );
    // Our binary through this kubeconfig, killed after two minutes.
    let ours = |args: &[&str]| {
        crate::support::kubefedctl_with(&kubeconfig)
            .args(args)
            .timeout(Duration::from_secs(120))
            .output()
            .expect("run kubefedctl")
    };
    let joined = ["--cluster-context", member.as_str()];
    let by_token = [
        "--cluster-context",
        "member-token",
        "--credentials",
        "kubeconfig",
    ];
    assert_ok(&ours(&[&["join", "joined"][..], &joined, &h].concat()));
    assert_ok(&ours(
        &[&["join", "token-joined"][..], &by_token, &h].concat(),
    ));
    assert_ok(&ours(
        &[&["enable", "namespaces", "configmaps", "secrets"][..], &h].concat(),
    ));
    assert_ok(&ours(
        &[
            &["federate", "namespace", app.as_str(), "--contents"][..],
            &h,
        ]
        .concat(),
    ));

    let group_dir = tempfile::tempdir().unwrap();
    let group_path = group_dir.path().join("group.yaml");
    let group = json!({"hostContext": host, "members": [
        {"name": "joined", "context": member, "labels": {"tier": "gold"}},
        {"name": "third", "context": member},
        {"name": "token-joined", "context": member, "credentials": "service-account"},
    ]});
    std::fs::write(&group_path, group.to_string()).unwrap();
    let group_file = group_path.to_str().unwrap();

    let commands: Vec<Vec<&str>> = vec![
        [&["join", "another"][..], &joined, &h].concat(),
        [&["join", "another-by-token"][..], &by_token, &h].concat(),
        [&["unjoin", "joined"][..], &joined, &h].concat(),
        [&["unjoin", "token-joined"][..], &by_token[..2], &h].concat(),
        [&["enable", "deployments.apps", "services"][..], &h].concat(),
        [&["disable", "secrets", "--delete-crd", "--yes"][..], &h].concat(),
        [
            &["federate", "namespace", fresh.as_str(), "--contents"][..],
            &h,
        ]
        .concat(),
        [
            &["federate", "namespace", app.as_str(), "--contents"][..],
            &h,
        ]
        .concat(),
        [
            &[
                "orphaning-deletion",
                "enable",
                "configmaps",
                "c",
                "-n",
                app.as_str(),
            ][..],
            &h,
        ]
        .concat(),
        [
            &[
                "orphaning-deletion",
                "disable",
                "configmaps",
                "c",
                "-n",
                app.as_str(),
            ][..],
            &h,
        ]
        .concat(),
        // init on the member, which has no KubeFed of its own yet.
        vec!["init", "--host-cluster-context", member.as_str()],
        [&["rotate-credentials", "joined"][..], &joined, &h].concat(),
        [
            &[
                "schedule",
                "deployments.apps",
                "web",
                "-n",
                app.as_str(),
                "--total-replicas",
                "3",
            ][..],
            &h,
        ]
        .concat(),
        // Relabels "joined", joins "third", rejoins "token-joined" with a service account
        // and unjoins nothing else of this host.
        vec!["sync", "-f", group_file, "--yes"],
    ];
    // teardown's --dry-run takes no mode: it never sends a write.
    let teardown = [&["teardown", "--dry-run"][..], &h].concat();
    for mode in ["--dry-run=client", "--dry-run=server"] {
        let marker = unique_name("audit-marker");
        let start = [
            mark(&host, &host_log, &marker).await,
            mark(&member, &member_log, &marker).await,
        ];
        for command in &commands {
            let output = ours(&[&command[..], &[mode]].concat());
            assert_ok(&output);
        }
        assert_ok(&ours(&teardown));
        let marker = unique_name("audit-marker");
        let end = [
            mark(&host, &host_log, &marker).await,
            mark(&member, &member_log, &marker).await,
        ];
        let mut reads = 0;
        let mut dry_writes = 0;
        for (i, log) in [&host_log, &member_log].into_iter().enumerate() {
            let events = events(log);
            for event in &events[start[i]..end[i]] {
                let agent = event["userAgent"].as_str().unwrap_or_default();
                if !agent.starts_with(OUR_AGENT) {
                    continue;
                }
                let verb = event["verb"].as_str().unwrap_or_default();
                let uri = event["requestURI"].as_str().unwrap_or_default();
                if !MUTATING.contains(&verb) {
                    reads += 1;
                    continue;
                }
                let dry = uri.split(['?', '&']).any(|p| p == "dryRun=All");
                assert!(
                    dry && mode == "--dry-run=server",
                    "{mode}: a {verb} reached the API server: {uri}"
                );
                dry_writes += 1;
            }
        }
        assert!(reads > 0, "{mode}: no request of ours was audited");
        if mode == "--dry-run=server" {
            assert!(dry_writes > 0, "{mode}: no dry-run write was audited");
        }
        eprintln!(
            "{mode}: {} commands and teardown; {reads} reads and {dry_writes} dry-run writes audited, \
             no other writes",
            commands.len()
        );
    }
}
