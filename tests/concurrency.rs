//! Two runs of a command on the same objects at once: the end state is consistent and
//! each run reports honestly (success only when its work is there; otherwise one clear
//! error).

use std::process::Output;
use std::time::Duration;

use kube::api::{Api, DynamicObject, PostParams};
use serde_json::json;

use crate::support::state::{
    Joined, create_namespace, delete_namespace, get, join_args, private_kubefed_namespace,
    resource, unjoin_args,
};
use crate::support::{HOST, assert_ok, control_plane, unique_name};

/// How many times each race is run: the interleavings differ from round to round.
const ROUNDS: usize = 3;

/// Runs two commands at the same moment.
async fn race(first: &[&str], second: &[&str]) -> [Output; 2] {
    let spawn = |args: &[&str]| {
        let mut cmd = crate::support::kubefedctl();
        cmd.args(args).timeout(Duration::from_secs(180));
        tokio::task::spawn_blocking(move || cmd.output().unwrap())
    };
    let (a, b) = tokio::join!(spawn(first), spawn(second));
    [a.unwrap(), b.unwrap()]
}

/// Exit 0, or exit 2 with one `error:` report and no panic; true on success.
fn honest_exit(output: &Output) -> bool {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    match output.status.code() {
        Some(0) => true,
        Some(2) => {
            assert!(stderr.starts_with("error: "), "{stderr}");
            false
        }
        code => panic!("exit {code:?}: {stderr}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the test control plane: scripts/test"]
async fn two_joins_of_one_cluster_at_once_leave_one_consistent_join() {
    let _turn = crate::support::take_turn();
    for _ in 0..ROUNDS {
        let ns = private_kubefed_namespace().await;
        let cluster = unique_name("race");
        let args = join_args(&cluster, &ns);
        let outputs = race(&args, &args).await;
        let succeeded: Vec<bool> = outputs.iter().map(honest_exit).collect();
        let state = Joined::read(&ns, &cluster).await;
        let reports: Vec<String> = outputs
            .iter()
            .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
            .collect();
        eprintln!("two joins: {succeeded:?}; {}", reports.join("").trim());
        // Both pass preflight and only one can create the KubeFedCluster; or the second
        // starts late and its preflight finds the first's objects. Never both.
        assert_eq!(
            succeeded.iter().filter(|s| **s).count(),
            1,
            "joins reported {succeeded:?}: {reports:#?}"
        );
        let loser = &reports[succeeded.iter().position(|s| !s).unwrap()];
        assert!(
            loser.contains("was joined by another run at the same time")
                || loser.contains("already exists")
                || loser.contains("is already joined"),
            "the losing join does not say why: {loser}"
        );
        assert!(
            state.complete(),
            "joins reported {succeeded:?} ({reports:#?}) but left {state:?}"
        );
        assert_ok(
            &crate::support::kubefedctl()
                .args(unjoin_args(&cluster, &ns))
                .output()
                .unwrap(),
        );
        assert!(Joined::read(&ns, &cluster).await.absent());
        delete_namespace(HOST, &ns).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the test control plane: scripts/test"]
async fn two_federates_of_one_namespace_at_once_both_apply_everything() {
    let _turn = crate::support::take_turn();
    assert_ok(
        &crate::support::kubefedctl()
            .args([
                "enable",
                "namespaces",
                "configmaps",
                "--host-cluster-context",
                HOST,
            ])
            .output()
            .unwrap(),
    );
    let client = control_plane().client(HOST).await;
    for _ in 0..ROUNDS {
        let ns = unique_name("racens");
        create_namespace(HOST, &ns).await;
        let configmaps: Api<DynamicObject> = Api::namespaced_with(
            client.clone(),
            &ns,
            &resource("", "v1", "ConfigMap", "configmaps"),
        );
        for name in ["a", "b", "c"] {
            let object = json!({"apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": name, "namespace": ns}, "data": {"k": name}});
            configmaps
                .create(
                    &PostParams::default(),
                    &serde_json::from_value(object).unwrap(),
                )
                .await
                .unwrap();
        }
        let args = crate::support::federate_contents(&ns);
        for output in race(&args, &args).await {
            assert!(honest_exit(&output));
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                stdout.contains("4 of 4 federated objects applied"),
                "{stdout}"
            );
        }
        let federated = |kind, plural| resource("types.kubefed.io", "v1beta1", kind, plural);
        let namespace = get(
            HOST,
            &federated("FederatedNamespace", "federatednamespaces"),
            Some(&ns),
            &ns,
        )
        .await;
        assert!(namespace.is_some());
        for name in ["a", "b", "c"] {
            let object = get(
                HOST,
                &federated("FederatedConfigMap", "federatedconfigmaps"),
                Some(&ns),
                name,
            )
            .await
            .unwrap_or_else(|| panic!("FederatedConfigMap {name} missing"));
            assert_eq!(object.data["spec"]["template"]["data"]["k"], name);
        }
        delete_namespace(HOST, &ns).await;
    }
}
