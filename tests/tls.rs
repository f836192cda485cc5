//! TLS against the test clusters: a CA that does not match the server fails with a clear
//! error naming the context, verification is skipped only when the kubeconfig says
//! `insecure-skip-tls-verify: true`, and a join whose member has a wrong CA fails before
//! anything is written.

use std::path::Path;

use crate::support::{HOST, KUBEFED_NAMESPACE, control_plane, unique_name};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use kube::api::{Api, DynamicObject};
use kube::core::{ApiResource, GroupVersionKind};

/// A kubeconfig with context `c` for cluster2's server, cluster2's admin user, and the
/// given cluster fields (CA and TLS settings).
fn kubeconfig(dir: &Path, cluster_fields: &str) -> std::path::PathBuf {
    let cp = control_plane();
    let text = std::fs::read_to_string(&cp.cluster("cluster2").kubeconfig).unwrap();
    let config: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let user = &config["users"][0]["user"];
    let path = dir.join(format!("{}.kubeconfig", unique_name("tls")));
    std::fs::write(
        &path,
        format!(
            "apiVersion: v1
kind: Config
current-context: c
clusters:
- name: c
  cluster:
    server: {server}
{cluster_fields}
contexts:
- name: c
  context: {{cluster: c, user: admin}}
users:
- name: admin
  user:
    client-certificate-data: {cert}
    client-key-data: {key}
",
            server = cp.cluster("cluster2").server,
            cert = user["client-certificate-data"].as_str().unwrap(),
            key = user["client-key-data"].as_str().unwrap(),
        ),
    )
    .unwrap();
    path
}

fn ca_data(cluster: &str) -> String {
    STANDARD.encode(std::fs::read(&control_plane().cluster(cluster).ca_file).unwrap())
}

/// `enable configmaps -o yaml` reads the cluster's API types and prints, writing nothing.
fn read_only_command(kubeconfig: &Path) -> std::process::Output {
    crate::support::kubefedctl_bare()
        .args(["enable", "configmaps", "-o", "yaml", "--kubeconfig"])
        .arg(kubeconfig)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap()
}

#[track_caller]
fn assert_tls_error(output: &std::process::Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    let first = stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with("error: "), "{stderr}");
    assert!(
        first.contains("\"c\""),
        "the error names the context: {stderr}"
    );
    let lower = stderr.to_lowercase();
    assert!(
        lower.contains("certificate") || lower.contains("tls"),
        "the error says it is about TLS: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
#[ignore = "needs the test control plane: scripts/test"]
fn the_right_ca_works() {
    let _turn = crate::support::take_turn();
    let dir = tempfile::tempdir().unwrap();
    let path = kubeconfig(
        dir.path(),
        &format!("    certificate-authority-data: {}", ca_data("cluster2")),
    );
    crate::support::assert_ok(&read_only_command(&path));
}

#[test]
#[ignore = "needs the test control plane: scripts/test"]
fn another_clusters_ca_fails_with_a_tls_error() {
    let _turn = crate::support::take_turn();
    let dir = tempfile::tempdir().unwrap();
    let path = kubeconfig(
        dir.path(),
        &format!("    certificate-authority-data: {}", ca_data("cluster3")),
    );
    assert_tls_error(&read_only_command(&path));
    let from_file = kubeconfig(
        dir.path(),
        &format!(
            "    certificate-authority: {}",
            control_plane().cluster("cluster3").ca_file.display()
        ),
    );
    assert_tls_error(&read_only_command(&from_file));
}

#[test]
#[ignore = "needs the test control plane: scripts/test"]
fn without_a_ca_the_server_is_not_trusted() {
    let _turn = crate::support::take_turn();
    // The test CA is in no system trust store: no CA and no skip flag must fail.
    let dir = tempfile::tempdir().unwrap();
    let path = kubeconfig(dir.path(), "    insecure-skip-tls-verify: false");
    assert_tls_error(&read_only_command(&path));
}

#[test]
#[ignore = "needs the test control plane: scripts/test"]
fn insecure_skip_tls_verify_is_honoured() {
    let _turn = crate::support::take_turn();
    let dir = tempfile::tempdir().unwrap();
    let path = kubeconfig(dir.path(), "    insecure-skip-tls-verify: true");
    crate::support::assert_ok(&read_only_command(&path));
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn join_with_a_wrong_member_ca_writes_nothing() {
    let _turn = crate::support::take_turn();
    let cp = control_plane();
    let dir = tempfile::tempdir().unwrap();
    // The control plane's kubeconfig plus a context `bad` for cluster2 with cluster3's CA.
    let text = std::fs::read_to_string(cp.kubeconfig()).unwrap();
    let mut config: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let cluster2 = config["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "cluster2")
        .unwrap()
        .clone();
    let mut bad_cluster = cluster2;
    bad_cluster["name"] = "bad".into();
    bad_cluster["cluster"]["certificate-authority-data"] = ca_data("cluster3").into();
    config["clusters"].as_array_mut().unwrap().push(bad_cluster);
    let user = config["contexts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "cluster2")
        .unwrap()["context"]["user"]
        .clone();
    config["contexts"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"name": "bad", "context": {"cluster": "bad", "user": user}}));
    let path = dir.path().join("kubeconfig");
    std::fs::write(&path, serde_json::to_string(&config).unwrap()).unwrap();

    let cluster = unique_name("badca");
    let output = crate::support::kubefedctl_bare()
        .args(["join", &cluster, "--cluster-context", "bad"])
        .args(["--host-cluster-context", HOST, "--kubeconfig"])
        .arg(&path)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        stderr.contains("\"bad\""),
        "names the member context: {stderr}"
    );
    assert!(
        stderr.to_lowercase().contains("certificate"),
        "says it is about the certificate: {stderr}"
    );

    // Nothing on the host: no KubeFedCluster, no Secret for the cluster.
    let host = cp.client(HOST).await;
    let clusters: Api<DynamicObject> = Api::namespaced_with(
        host.clone(),
        KUBEFED_NAMESPACE,
        &ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk("core.kubefed.io", "v1beta1", "KubeFedCluster"),
            "kubefedclusters",
        ),
    );
    assert!(clusters.get_opt(&cluster).await.unwrap().is_none());
    let secrets: Api<k8s_openapi::api::core::v1::Secret> = Api::namespaced(host, KUBEFED_NAMESPACE);
    let names: Vec<String> = secrets
        .list(&Default::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|s| s.metadata.name)
        .filter(|n| n.starts_with(&cluster))
        .collect();
    assert!(names.is_empty(), "host secrets left: {names:?}");
}
