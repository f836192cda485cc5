//! schedule against the real KubeFed controller: its scheduler spreads a federated
//! Deployment's replicas over two members by weight, within the minimum and maximum; the
//! offline `-o yaml` form and bad input.

use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Namespace;
use kube::api::{Api, DynamicObject, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{Value, json};

use crate::support::{HOST, assert_ok, control_plane, eventually, ours, unique_name};

/// The binary without any kubeconfig: what needs no cluster must work like this.
fn offline(args: &[&str]) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    assert_cmd::cargo::cargo_bin_cmd!("kubefedctl")
        .env("HOME", home.path())
        .env_remove("KUBECONFIG")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn prints_the_preference_offline() {
    let output = offline(&[
        "schedule",
        "deploy",
        "web",
        "-n",
        "shop",
        "--total-replicas",
        "9",
        "--weight",
        "c2=2",
        "--weight",
        "c3=1",
        "--min",
        "c2=1",
        "--max",
        "c3=4",
        "--rebalance",
        "-o",
        "yaml",
    ]);
    let text = assert_ok(&output);
    let rsp: Value = serde_saphyr::from_str(&text).unwrap();
    assert_eq!(
        rsp,
        json!({
            "apiVersion": "scheduling.kubefed.io/v1alpha1",
            "kind": "ReplicaSchedulingPreference",
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {
                "targetKind": "FederatedDeployment",
                "totalReplicas": 9,
                "rebalance": true,
                "intersectWithClusterSelector": false,
                "clusters": {
                    "c2": {"minReplicas": 1, "weight": 2},
                    "c3": {"maxReplicas": 4, "weight": 1},
                },
            },
        })
    );
    assert!(output.stderr.is_empty(), "no warnings for a sound schedule");

    let output = offline(&[
        "schedule",
        "replicasets.apps",
        "worker",
        "-n",
        "shop",
        "--total-replicas",
        "2",
        "-o",
        "json",
    ]);
    let rsp: Value = serde_json::from_str(&assert_ok(&output)).unwrap();
    assert_eq!(rsp["spec"]["targetKind"], "FederatedReplicaSet");
    assert_eq!(rsp["spec"]["clusters"], json!({"*": {"weight": 1}}));
}

#[test]
fn bad_input_gets_one_clear_line() {
    let base = ["-n", "shop", "-o", "yaml"];
    for (args, expected) in [
        (
            &["schedule", "configmaps", "web", "--total-replicas", "1"][..],
            "deployments.apps and replicasets.apps only",
        ),
        (
            &[
                "schedule",
                "deploy",
                "web",
                "--total-replicas",
                "3",
                "--min",
                "a=5",
                "--max",
                "a=4",
            ],
            "cluster \"a\": --min 5 is more than --max 4",
        ),
        (
            &[
                "schedule",
                "deploy",
                "web",
                "--total-replicas",
                "3",
                "--weight",
                "a=1",
                "--weight",
                "a=2",
            ],
            "--weight names cluster \"a\" twice",
        ),
        (
            &[
                "schedule",
                "deploy",
                "web",
                "--total-replicas",
                "3",
                "--weight",
                "a=-2",
            ],
            "must be 0 or more",
        ),
    ] {
        let output = offline(&[args, &base[..]].concat());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains(expected),
            "{stderr}"
        );
        assert!(output.stdout.is_empty());
    }
    for args in [
        &["schedule", "deploy", "web", "--total-replicas=-1"][..],
        &["schedule", "deploy", "web"],
        &[
            "schedule",
            "deploy",
            "web",
            "--total-replicas",
            "3",
            "--weight",
            "a",
        ],
    ] {
        let output = offline(&[args, &base[..]].concat());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
}

/// The replicas of Deployment `name` in `ns` on `context`, once it exists.
/// Waits until the member Deployments `web` on cluster2 and cluster3 have `expected`
/// replicas.
async fn scheduled(ns: &str, expected: (i32, i32)) {
    eventually(
        &format!("member Deployments scheduled {expected:?}"),
        Duration::from_secs(120),
        || async {
            let on2 = member_replicas("cluster2", ns, "web").await?;
            let on3 = member_replicas("cluster3", ns, "web").await?;
            ((on2, on3) == expected).then_some(())
        },
    )
    .await;
}

async fn member_replicas(context: &str, ns: &str, name: &str) -> Option<i32> {
    let api: Api<Deployment> = Api::namespaced(control_plane().client(context).await, ns);
    api.get_opt(name).await.ok().flatten()?.spec?.replicas
}

/// The check: with the controller's scheduler on, the member Deployments get the
/// replicas in the ratio of the weights, within the minimum and the maximum.
#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn the_scheduler_spreads_replicas_by_weight() {
    let _turn = crate::support::take_turn();
    enable_deployments();
    // Members of this test, in the controller's namespace, labelled so that the
    // placement selects them and no other member that names the same clusters.
    let ns = unique_name("sched");
    let label = format!("schedule-test={ns}");
    let (c2, c3) = (unique_name("sch2"), unique_name("sch3"));
    for (cluster, context) in [(&c2, "cluster2"), (&c3, "cluster3")] {
        assert_ok(&ours(&[
            "join",
            cluster,
            "--cluster-context",
            context,
            "--host-cluster-context",
            HOST,
            "--label",
            &label,
        ]));
    }

    let client = control_plane().client(HOST).await;
    let namespaces: Api<Namespace> = Api::all(client.clone());
    let namespace: Namespace = serde_json::from_value(json!({"metadata": {"name": ns}})).unwrap();
    namespaces
        .create(&PostParams::default(), &namespace)
        .await
        .unwrap();
    let deployment: Deployment = serde_json::from_value(json!({
        "metadata": {"name": "web", "namespace": ns},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "web", "image": "nginx"}]},
            },
        },
    }))
    .unwrap();
    Api::<Deployment>::namespaced(client, &ns)
        .create(&PostParams::default(), &deployment)
        .await
        .unwrap();
    assert_ok(&ours(&[
        "federate",
        "namespace",
        &ns,
        "--contents",
        "--host-cluster-context",
        HOST,
        "--placement-selector",
        &label,
    ]));

    // Scheduling within the clusters the object's selector picks keeps out the other
    // members tests may have joined meanwhile.
    let weights = [format!("{c2}=2"), format!("{c3}=1")];
    let schedule = |limits: &[&str]| {
        let mut args = vec![
            "schedule",
            "deployments.apps",
            "web",
            "-n",
            &ns,
            "--host-cluster-context",
            HOST,
            "--total-replicas",
            "9",
            "--weight",
            &weights[0],
            "--weight",
            &weights[1],
            "--intersect-with-cluster-selector",
        ];
        args.extend(limits);
        ours(&args)
    };
    let output = schedule(&["--min", &format!("{c3}=1"), "--max", &format!("{c3}=4")]);
    let stdout = assert_ok(&output);
    assert_eq!(
        stdout,
        format!(
            "replicaschedulingpreference.scheduling.kubefed.io/web created in namespace {ns}\n"
        )
    );
    assert!(
        output.stderr.is_empty(),
        "nothing to warn about: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    // 9 replicas at 2:1, c3 between 1 and 4: 6 and 3.
    scheduled(&ns, (6, 3)).await;

    // A new maximum moves replicas: c3 at most 2 leaves 7 for c2.
    assert_ok(&schedule(&["--max", &format!("{c3}=2"), "--rebalance"]));
    scheduled(&ns, (7, 2)).await;

    // A minimum that decides: c3 gets its 5 first, the other 4 go 3 and 1 by weight.
    assert_ok(&schedule(&["--min", &format!("{c3}=5"), "--rebalance"]));
    scheduled(&ns, (3, 6)).await;

    for (cluster, context) in [(&c2, "cluster2"), (&c3, "cluster3")] {
        assert_ok(&ours(&[
            "unjoin",
            cluster,
            "--cluster-context",
            context,
            "--host-cluster-context",
            HOST,
        ]));
    }
}

/// Namespaces and Deployments federatable on the host.
fn enable_deployments() {
    assert_ok(&ours(&[
        "enable",
        "namespaces",
        "deployments.apps",
        "--host-cluster-context",
        HOST,
    ]));
}

/// Fails unless the command succeeded; returns what it said on stderr.
fn succeeded_with_warnings(output: &std::process::Output) -> String {
    assert_ok(output);
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The scheduler owns the replicas of a scheduled object: a schedule over a replicas
/// override warns, and so does a replicas override of a scheduled object. A schedule of
/// an object that cannot propagate warns too.
#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn schedule_and_a_replicas_override_warn_of_each_other() {
    let _turn = crate::support::take_turn();
    enable_deployments();
    let ns = unique_name("schov");
    let manifest = format!(
        "apiVersion: v1\nkind: Namespace\nmetadata: {{name: {ns}}}\n---\n\
         apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web, namespace: {ns}}}\n\
         spec:\n  replicas: 1\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    \
         metadata: {{labels: {{app: web}}}}\n    spec: {{containers: [{{name: web, image: nginx}}]}}\n"
    );
    assert_ok(
        &crate::support::kubefedctl()
            .args(["federate", "-f", "-", "--host-cluster-context", HOST])
            .args(["--placement-clusters", "cluster2"])
            .args(["--override", "cluster2:/spec/replicas=2"])
            .write_stdin(manifest)
            .output()
            .unwrap(),
    );
    let output = ours(&[
        "schedule",
        "deployments.apps",
        "web",
        "-n",
        &ns,
        "--total-replicas",
        "4",
        "--host-cluster-context",
        HOST,
    ]);
    let stderr = succeeded_with_warnings(&output);
    assert!(
        stderr.contains("overrides /spec/replicas for some clusters: the scheduler now owns"),
        "{stderr}"
    );
    let output = ours(&[
        "override",
        "set",
        "deployments.apps",
        "web",
        "-n",
        &ns,
        "--cluster",
        "cluster2",
        "/spec/replicas=3",
        "--host-cluster-context",
        HOST,
    ]);
    let stderr = succeeded_with_warnings(&output);
    assert!(
        stderr.contains("sets the replicas of FederatedDeployment")
            && stderr.contains("change the preference (kubefedctl schedule) instead"),
        "{stderr}"
    );
    let namespaces: Api<Namespace> = Api::all(control_plane().client(HOST).await);
    namespaces.delete(&ns, &Default::default()).await.unwrap();

    // A preference for an object whose namespace is not federated spreads nothing: said.
    let bare = unique_name("schnf");
    let namespace: Namespace =
        serde_json::from_value(serde_json::json!({"metadata": {"name": bare}})).unwrap();
    namespaces
        .create(&Default::default(), &namespace)
        .await
        .unwrap();
    let deployment = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web, namespace: {bare}}}\n\
         spec:\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    \
         metadata: {{labels: {{app: web}}}}\n    spec: {{containers: [{{name: web, image: nginx}}]}}\n"
    );
    assert_ok(
        &crate::support::kubefedctl()
            .args(["federate", "-f", "-", "--host-cluster-context", HOST])
            .write_stdin(deployment)
            .output()
            .unwrap(),
    );
    // With --strict the same problem, and a cluster that is not joined, are refused
    // before the preference is written: one is the error, the others warnings.
    let schedule = |extra: &[&str]| {
        let mut args = vec![
            "schedule",
            "deployments.apps",
            "web",
            "-n",
            &bare,
            "--total-replicas",
            "2",
            "--host-cluster-context",
            HOST,
        ];
        args.extend_from_slice(extra);
        ours(&args)
    };
    let strict = schedule(&["--weight", "no-such-member=1", "--strict"]);
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert_eq!(strict.status.code(), Some(2), "{stderr}");
    let subject = format!("ReplicaSchedulingPreference \"{bare}/web\"");
    assert!(
        stderr.contains(&format!("error: {subject}: "))
            && stderr.contains("(--strict: nothing was written)"),
        "{stderr}"
    );
    for problem in [
        format!("namespace \"{bare}\" is not federated"),
        "cluster \"no-such-member\" of the preference is not joined".to_owned(),
    ] {
        assert!(stderr.contains(&problem), "{problem}: {stderr}");
    }
    assert!(
        strict.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&strict.stdout)
    );
    let preferences = ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk(
            "scheduling.kubefed.io",
            "v1alpha1",
            "ReplicaSchedulingPreference",
        ),
        "replicaschedulingpreferences",
    );
    let preferences: Api<DynamicObject> =
        Api::namespaced_with(control_plane().client(HOST).await, &bare, &preferences);
    assert!(
        preferences.get_opt("web").await.unwrap().is_none(),
        "--strict wrote"
    );

    let output = schedule(&[]);
    let stderr = succeeded_with_warnings(&output);
    assert!(
        stderr.contains(&format!(
            "namespace \"{bare}\" is not federated: KubeFed propagates nothing from it"
        )) && stderr.contains(&format!("kubefedctl federate namespace {bare}")),
        "{stderr}"
    );
    // Without --strict the preference is written.
    assert!(preferences.get_opt("web").await.unwrap().is_some());
    namespaces.delete(&bare, &Default::default()).await.unwrap();
}
