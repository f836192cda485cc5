//! `status` against real clusters: a healthy federation (exit 0), the same with a member's
//! API server stopped (exit 1, the member Offline), the documented JSON shape, --watch,
//! and errors (exit 2).
//!
//! The healthy/broken test runs on a host and a member made for it, with the real KubeFed
//! controller, because the shared hosts get joins from other tests at any moment.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::Namespace;
use kube::api::{Api, DynamicObject, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{Value, json};

use crate::support::{
    HOST, KUBEFED_NAMESPACE, assert_ok, control_plane, eventually, ours, unique_name,
};

fn kubefed_config() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("core.kubefed.io", "v1beta1", "KubeFedConfig"),
        "kubefedconfigs",
    )
}

/// `status -o json` on `host`: exit code and document.
fn status_json(host: &str, namespace: &str) -> (Option<i32>, Value) {
    let output = ours(&[
        "status",
        "--host-cluster-context",
        host,
        "--kubefed-namespace",
        namespace,
        "-o",
        "json",
    ]);
    let doc = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "status -o json printed no JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code(), doc)
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn healthy_then_a_member_apiserver_stops() {
    let _turn = crate::support::take_turn();
    let cp = control_plane();
    let host = cp.add_cluster();
    let member = cp.add_cluster();
    cp.start_kubefed(&host, KUBEFED_NAMESPACE, Some("Cluster"));
    assert_ok(&ours(&["join", &member, "--host-cluster-context", &host]));
    assert_ok(&ours(&[
        "enable",
        "namespaces",
        "configmaps",
        "--host-cluster-context",
        &host,
    ]));

    let doc = eventually("a healthy federation", Duration::from_secs(90), || async {
        let (code, doc) = status_json(&host, KUBEFED_NAMESPACE);
        (code == Some(0)).then_some(doc)
    })
    .await;
    assert_eq!(doc["healthy"], true);
    assert_eq!(doc["problems"], json!([]));
    assert_eq!(doc["controlPlane"]["scope"], "Cluster");
    assert_eq!(doc["controlPlane"]["controller"]["alive"], true);
    let cluster = &doc["clusters"][0];
    assert_eq!(cluster["name"], member.as_str());
    assert_eq!(cluster["state"], "Ready");
    assert_eq!(cluster["reason"], "ClusterReady");
    assert_eq!(cluster["kubernetesVersion"], "v1.34.4");
    let types: Vec<&str> = doc["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["configmaps", "namespaces"]);
    for t in doc["types"].as_array().unwrap() {
        assert_eq!(t["crd"], "Established", "{t}");
        assert_eq!(t["propagationController"], "Running", "{t}");
        assert_eq!(t["federatedObjects"], 0, "{t}");
    }
    let table = ours(&["status", "--host-cluster-context", &host]);
    let text = assert_ok(&table);
    assert!(text.starts_with("CLUSTER "), "{text}");
    assert!(text.ends_with("Healthy.\n"), "{text}");

    cp.stop_apiserver(&member);
    let doc = eventually("the member Offline", Duration::from_secs(60), || async {
        let (code, doc) = status_json(&host, KUBEFED_NAMESPACE);
        (code == Some(1) && doc["clusters"][0]["state"] == "Offline").then_some(doc)
    })
    .await;
    assert_eq!(doc["healthy"], false);
    assert_eq!(doc["clusters"][0]["healthy"], false);
    assert_eq!(doc["clusters"][0]["reason"], "ClusterNotReachable");
    assert_eq!(doc["controlPlane"]["healthy"], true);
    let problem = doc["problems"][0].as_str().unwrap();
    assert!(
        problem.starts_with(&format!("cluster \"{member}\" is Offline: ")),
        "{problem}"
    );
    let table = ours(&["status", "--host-cluster-context", &host]);
    assert_eq!(table.status.code(), Some(1));
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.contains("Offline  ClusterNotReachable"), "{text}");
    assert!(text.contains("Unhealthy:\n- cluster"), "{text}");

    cp.start_apiserver(&member);
    eventually("healthy again", Duration::from_secs(60), || async {
        (status_json(&host, KUBEFED_NAMESPACE).0 == Some(0)).then_some(())
    })
    .await;

    // A stopped controller leaves the member Ready in the KubeFedCluster; its lease
    // (60 s here) running out is what shows it.
    cp.stop_kubefed(&host);
    let doc = eventually(
        "the controller seen stopped",
        Duration::from_secs(120),
        || async {
            let (code, doc) = status_json(&host, KUBEFED_NAMESPACE);
            (code == Some(1) && doc["controlPlane"]["controller"]["alive"] == false).then_some(doc)
        },
    )
    .await;
    assert_eq!(doc["clusters"][0]["state"], "Ready");
    assert_eq!(doc["controlPlane"]["healthy"], false);
    assert!(
        doc["problems"][0]
            .as_str()
            .unwrap()
            .starts_with("the KubeFed controller last renewed its lease "),
        "{doc:#}"
    );
}

/// A namespace on the shared host holding a copy of KubeFedConfig `kubefed`: a control
/// plane no controller serves.
async fn namespace_without_controller() -> String {
    let client = control_plane().client(HOST).await;
    let ns = unique_name("status");
    let mut namespace = Namespace::default();
    namespace.metadata.name = Some(ns.clone());
    Api::<Namespace>::all(client.clone())
        .create(&PostParams::default(), &namespace)
        .await
        .unwrap();
    let source: Api<DynamicObject> =
        Api::namespaced_with(client.clone(), KUBEFED_NAMESPACE, &kubefed_config());
    let mut config = source.get("kubefed").await.unwrap();
    config.metadata = kube::core::ObjectMeta {
        name: Some("kubefed".into()),
        namespace: Some(ns.clone()),
        ..Default::default()
    };
    Api::<DynamicObject>::namespaced_with(client, &ns, &kubefed_config())
        .create(&PostParams::default(), &config)
        .await
        .unwrap();
    ns
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn json_and_yaml_shape_when_no_controller_runs() {
    let _turn = crate::support::take_turn();
    let ns = namespace_without_controller().await;
    let cluster = unique_name("shape");
    assert_ok(&ours(&[
        "join",
        &cluster,
        "--cluster-context",
        "cluster3",
        "--host-cluster-context",
        HOST,
        "--kubefed-namespace",
        &ns,
        "--label",
        "tier=gold",
    ]));
    assert_ok(&ours(&[
        "enable",
        "configmaps",
        "--host-cluster-context",
        HOST,
        "--kubefed-namespace",
        &ns,
    ]));
    let (code, doc) = status_json(HOST, &ns);
    assert_eq!(code, Some(1), "{doc:#}");
    assert_eq!(doc["healthy"], false);
    let cp = &doc["controlPlane"];
    assert_eq!(cp["hostContext"], HOST);
    assert_eq!(cp["namespace"], ns.as_str());
    assert_eq!(cp["scope"], "Cluster");
    assert_eq!(cp["healthy"], false);
    assert_eq!(
        cp["controller"],
        json!({"alive": false, "lock": "configmaps/kubefed-controller-manager",
               "holder": null, "renewTime": null, "leaseDurationSeconds": null})
    );
    let clusters = doc["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 1);
    let c = &clusters[0];
    let mut keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "creationTimestamp",
            "credentials",
            "healthy",
            "kubernetesVersion",
            "labels",
            "lastProbeTime",
            "message",
            "name",
            "reason",
            "region",
            "state",
            "zones"
        ]
    );
    assert_eq!(c["name"], cluster.as_str());
    assert_eq!(c["state"], "Unknown");
    assert_eq!(c["healthy"], false);
    assert_eq!(c["labels"], json!({"tier": "gold"}));
    assert_eq!(c["zones"], json!([]));
    assert_eq!(c["credentials"], "service-account");
    assert!(c["creationTimestamp"].as_str().unwrap().ends_with('Z'));
    let types = doc["types"].as_array().unwrap();
    assert_eq!(types.len(), 1, "{types:?}");
    let t = &types[0];
    let mut keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "crd",
            "federatedObjects",
            "federatedType",
            "healthy",
            "name",
            "notPropagated",
            "propagation",
            "propagationController"
        ]
    );
    assert_eq!(t["name"], "configmaps");
    assert_eq!(t["federatedType"], "federatedconfigmaps.types.kubefed.io");
    assert_eq!(t["propagation"], "Enabled");
    // No controller runs in this namespace, so nothing reports on the type.
    assert_eq!(t["propagationController"], Value::Null);
    assert_eq!(t["crd"], "Established");
    assert!(t["federatedObjects"].is_u64(), "{t}");
    // Without a controller, objects are not counted one by one.
    assert_eq!(t["notPropagated"], Value::Null);
    assert_eq!(
        doc["notPropagated"],
        json!({"count": 0, "byReason": {}, "first": []})
    );
    assert_eq!(t["healthy"], false);
    let problems: Vec<&str> = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    // The missing controller is the one cause, said once: the member it never probed
    // and the type it never reported on show unhealthy in their rows, not as problems.
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .starts_with("no leader-election record in configmaps/kubefed-controller-manager")
    );

    // YAML carries the same document.
    let yaml = ours(&[
        "status",
        "--host-cluster-context",
        HOST,
        "--kubefed-namespace",
        &ns,
        "-o",
        "yaml",
    ]);
    assert_eq!(yaml.status.code(), Some(1));
    let text = String::from_utf8(yaml.stdout).unwrap();
    let docs: Vec<Value> = serde_saphyr::from_multiple(&text).unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["clusters"][0]["name"], cluster.as_str());
    assert_eq!(docs[0]["controlPlane"]["controller"]["alive"], false);

    assert_ok(&ours(&[
        "unjoin",
        &cluster,
        "--cluster-context",
        "cluster3",
        "--host-cluster-context",
        HOST,
        "--kubefed-namespace",
        &ns,
    ]));
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn watch_refreshes_until_interrupted() {
    let _turn = crate::support::take_turn();
    let ns = namespace_without_controller().await;
    let binary = assert_cmd::cargo::cargo_bin!("kubefedctl");
    let mut child = Command::new(binary)
        .args(["--kubeconfig"])
        .arg(control_plane().kubeconfig())
        .args([
            "status",
            "--host-cluster-context",
            HOST,
            "--kubefed-namespace",
        ])
        .arg(&ns)
        .args(["--watch", "--interval", "1s", "-o", "yaml"])
        .env_remove("KUBECONFIG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // stdout as it comes: each refresh prints one YAML document, `---` line first, in one
    // write.
    let stdout = child.stdout.take().unwrap();
    let (refreshed, refreshes) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("read the stdout of status --watch");
            text.push_str(&line);
            text.push('\n');
            if line == "---" {
                let _ = refreshed.send(());
            }
        }
        text
    });
    // The signal comes once the second refresh has been printed: the command then waits
    // out its interval, the only time it listens for Ctrl-C.
    for n in 1..=2 {
        if let Err(e) = refreshes.recv_timeout(Duration::from_secs(60)) {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            panic!(
                "status --watch printed no refresh {n} ({e}); stdout:\n{}\nstderr:\n{}",
                reader.join().unwrap(),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("status --watch did not end on SIGINT");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let output = child.wait_with_output().unwrap();
    // The last refresh was unhealthy (no controller serves this namespace).
    assert_eq!(output.status.code(), Some(1));
    let text = reader.join().unwrap();
    let docs: Vec<Value> = serde_saphyr::from_multiple(&text).unwrap();
    assert!(docs.len() >= 2, "{} refreshes: {text}", docs.len());
    assert!(docs.iter().all(|d| d["healthy"] == false));
}

#[test]
#[ignore = "needs the test control plane: scripts/test"]
fn errors_exit_2_and_bad_intervals_are_refused() {
    let _turn = crate::support::take_turn();
    let output = ours(&[
        "status",
        "--host-cluster-context",
        HOST,
        "--kubefed-namespace",
        "no-kubefed-here",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("error: no KubeFedConfig \"kubefed\" in namespace \"no-kubefed-here\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: is the KubeFed control plane installed?"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());

    let output = ours(&["status", "--watch", "--interval", "100ms"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--interval must be at least 1s"));
    // --interval alone means nothing.
    assert_eq!(ours(&["status", "--interval", "2s"]).status.code(), Some(2));
}
