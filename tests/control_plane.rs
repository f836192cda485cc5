//! The floor every later test stands on: real API servers answer on every context,
//! service-account tokens get filled, the KubeFed CRDs are served, a member cluster
//! registered by hand becomes Ready under the real KubeFed controller, and both our
//! `version` and the reference Go kubefedctl run against the host.

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::{Namespace, Secret, ServiceAccount};
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, PolicyRule, RoleRef, Subject};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, DeleteParams, DynamicObject, ListParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind, ObjectMeta};
use serde_json::json;

use crate::support::{
    HOST, KUBEFED_NAMESPACE, NAMESPACED_HOST, control_plane, eventually, unique_name,
};

const KUBEFED_CRDS: [&str; 7] = [
    "clusterpropagatedversions.core.kubefed.io",
    "federatedservicestatuses.core.kubefed.io",
    "federatedtypeconfigs.core.kubefed.io",
    "kubefedclusters.core.kubefed.io",
    "kubefedconfigs.core.kubefed.io",
    "propagatedversions.core.kubefed.io",
    "replicaschedulingpreferences.scheduling.kubefed.io",
];

fn kubefed_cluster_resource() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("core.kubefed.io", "v1beta1", "KubeFedCluster"),
        "kubefedclusters",
    )
}

fn meta(name: &str) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        ..Default::default()
    }
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn every_context_lists_namespaces() {
    let _turn = crate::support::take_turn();
    let cp = control_plane();
    // Other test binaries may have added clusters (and stopped some) before this one.
    assert!(cp.state.clusters.len() >= crate::support::CLUSTERS);
    for cluster in &cp.state.clusters[..crate::support::CLUSTERS] {
        assert!(
            cluster.server.starts_with("https://127.0.0.1:"),
            "{}",
            cluster.server
        );
        let namespaces: Api<Namespace> = Api::all(cp.client(&cluster.name).await);
        let names: Vec<String> = namespaces
            .list(&ListParams::default())
            .await
            .unwrap_or_else(|e| panic!("list namespaces on {}: {e}", cluster.name))
            .items
            .into_iter()
            .filter_map(|ns| ns.metadata.name)
            .collect();
        for expected in ["default", "kube-system"] {
            assert!(
                names.iter().any(|n| n == expected),
                "{}: {names:?}",
                cluster.name
            );
        }
    }
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn namespace_uids_differ_between_clusters() {
    let _turn = crate::support::take_turn();
    // KubeFed tells the host apart from members by the kube-system namespace UID.
    let cp = control_plane();
    let mut uids = Vec::new();
    for cluster in &cp.state.clusters[..crate::support::CLUSTERS] {
        let namespaces: Api<Namespace> = Api::all(cp.client(&cluster.name).await);
        uids.push(
            namespaces
                .get("kube-system")
                .await
                .unwrap()
                .metadata
                .uid
                .unwrap(),
        );
    }
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), crate::support::CLUSTERS);
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn token_secret_is_filled_on_a_member() {
    let _turn = crate::support::take_turn();
    let cp = control_plane();
    let client = cp.client("cluster2").await;
    let name = unique_name("token-check");
    let accounts: Api<ServiceAccount> = Api::namespaced(client.clone(), "default");
    accounts
        .create(
            &PostParams::default(),
            &ServiceAccount {
                metadata: meta(&name),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let secrets: Api<Secret> = Api::namespaced(client, "default");
    let secret = Secret {
        metadata: ObjectMeta {
            annotations: Some(BTreeMap::from([(
                "kubernetes.io/service-account.name".to_owned(),
                name.clone(),
            )])),
            ..meta(&name)
        },
        type_: Some("kubernetes.io/service-account-token".to_owned()),
        ..Default::default()
    };
    secrets
        .create(&PostParams::default(), &secret)
        .await
        .unwrap();
    let filled = eventually("token filled", Duration::from_secs(30), || async {
        let secret = secrets.get(&name).await.ok()?;
        let data = secret.data?;
        Some(data.get("token").is_some_and(|t| !t.0.is_empty()) && data.contains_key("ca.crt"))
    })
    .await;
    assert!(filled, "token secret has a token and ca.crt");
    secrets
        .delete(&name, &DeleteParams::default())
        .await
        .unwrap();
    accounts
        .delete(&name, &DeleteParams::default())
        .await
        .unwrap();
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn kubefed_crds_are_established_on_both_hosts() {
    let _turn = crate::support::take_turn();
    let cp = control_plane();
    for host in [HOST, NAMESPACED_HOST] {
        let crds: Api<CustomResourceDefinition> = Api::all(cp.client(host).await);
        for name in KUBEFED_CRDS {
            let crd = crds
                .get(name)
                .await
                .unwrap_or_else(|e| panic!("{host}: CRD {name}: {e}"));
            let established = crd
                .status
                .and_then(|s| s.conditions)
                .unwrap_or_default()
                .iter()
                .any(|c| c.type_ == "Established" && c.status == "True");
            assert!(established, "{host}: CRD {name} is Established");
        }
    }
    let scopes: Vec<(&str, &str)> = cp
        .state
        .kubefed
        .iter()
        .map(|k| (k.host_context.as_str(), k.scope.as_str()))
        .collect();
    assert_eq!(scopes, [(HOST, "Cluster"), (NAMESPACED_HOST, "Namespaced")]);
    assert!(
        cp.state
            .kubefed
            .iter()
            .all(|k| k.namespace == KUBEFED_NAMESPACE)
    );
}

/// Registers cluster3 by hand the way a join does (service account, RBAC, token Secret
/// on the member; token Secret and KubeFedCluster on the host) and waits for the real
/// KubeFed controller to mark it Ready.
#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn hand_registered_member_becomes_ready() {
    let _turn = crate::support::take_turn();
    let cp = control_plane();
    let member = cp.cluster("cluster3");
    let member_client = cp.client(&member.name).await;
    let host_client = cp.client(HOST).await;
    let name = unique_name("floor");

    let accounts: Api<ServiceAccount> = Api::namespaced(member_client.clone(), "default");
    accounts
        .create(
            &PostParams::default(),
            &ServiceAccount {
                metadata: meta(&name),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let roles: Api<ClusterRole> = Api::all(member_client.clone());
    let role = ClusterRole {
        metadata: meta(&name),
        rules: Some(vec![
            PolicyRule {
                api_groups: Some(vec!["*".into()]),
                resources: Some(vec!["*".into()]),
                verbs: vec!["*".into()],
                ..Default::default()
            },
            PolicyRule {
                non_resource_urls: Some(vec!["/healthz".into()]),
                verbs: vec!["get".into()],
                ..Default::default()
            },
        ]),
        ..Default::default()
    };
    roles.create(&PostParams::default(), &role).await.unwrap();
    let bindings: Api<ClusterRoleBinding> = Api::all(member_client.clone());
    let binding = ClusterRoleBinding {
        metadata: meta(&name),
        role_ref: RoleRef {
            api_group: "rbac.authorization.k8s.io".into(),
            kind: "ClusterRole".into(),
            name: name.clone(),
        },
        subjects: Some(vec![Subject {
            kind: "ServiceAccount".into(),
            name: name.clone(),
            namespace: Some("default".into()),
            ..Default::default()
        }]),
    };
    bindings
        .create(&PostParams::default(), &binding)
        .await
        .unwrap();
    let member_secrets: Api<Secret> = Api::namespaced(member_client, "default");
    member_secrets
        .create(
            &PostParams::default(),
            &Secret {
                metadata: ObjectMeta {
                    annotations: Some(BTreeMap::from([(
                        "kubernetes.io/service-account.name".to_owned(),
                        name.clone(),
                    )])),
                    ..meta(&name)
                },
                type_: Some("kubernetes.io/service-account-token".to_owned()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let token = eventually("member token", Duration::from_secs(30), || async {
        member_secrets.get(&name).await.ok()?.data?.remove("token")
    })
    .await;

    let host_secrets: Api<Secret> = Api::namespaced(host_client.clone(), KUBEFED_NAMESPACE);
    host_secrets
        .create(
            &PostParams::default(),
            &Secret {
                metadata: meta(&name),
                data: Some(BTreeMap::from([("token".to_owned(), token)])),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let ca = std::fs::read(&member.ca_file).unwrap();
    let kubefed_clusters: Api<DynamicObject> =
        Api::namespaced_with(host_client, KUBEFED_NAMESPACE, &kubefed_cluster_resource());
    let mut kfc = DynamicObject::new(&name, &kubefed_cluster_resource());
    kfc.data = json!({
        "spec": {
            "apiEndpoint": member.server,
            "caBundle": ByteString(ca),
            "secretRef": {"name": name},
        }
    });
    kubefed_clusters
        .create(&PostParams::default(), &kfc)
        .await
        .unwrap();

    let version = eventually("KubeFedCluster Ready", Duration::from_secs(60), || async {
        let status = kubefed_clusters
            .get(&name)
            .await
            .ok()?
            .data
            .get("status")?
            .clone();
        let ready = status["conditions"].as_array()?.iter().any(|c| {
            c["type"] == "Ready" && c["status"] == "True" && c["reason"] == "ClusterReady"
        });
        ready.then(|| {
            status["kubernetesVersion"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
    })
    .await;
    assert_eq!(version, "v1.34.4");

    kubefed_clusters
        .delete(&name, &DeleteParams::default())
        .await
        .unwrap();
    host_secrets
        .delete(&name, &DeleteParams::default())
        .await
        .unwrap();
    member_secrets
        .delete(&name, &DeleteParams::default())
        .await
        .unwrap();
    bindings
        .delete(&name, &DeleteParams::default())
        .await
        .unwrap();
    roles.delete(&name, &DeleteParams::default()).await.unwrap();
    accounts
        .delete(&name, &DeleteParams::default())
        .await
        .unwrap();
}

#[test]
#[ignore = "needs the test control plane: scripts/test"]
fn our_version_reports_the_host_server() {
    let _turn = crate::support::take_turn();
    let output = crate::support::kubefedctl()
        .args(["version", "--host-cluster-context", HOST])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("kubefedctl version: "), "{stdout}");
    assert!(
        stdout.contains("Kubernetes server version: v1.34.4"),
        "{stdout}"
    );

    for format in ["json", "yaml"] {
        let output = crate::support::kubefedctl()
            .args(["version", "--host-cluster-context", HOST, "-o", format])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let doc: serde_json::Value = if format == "json" {
            serde_json::from_slice(&output.stdout).unwrap()
        } else {
            serde_saphyr::from_slice(&output.stdout).unwrap()
        };
        assert_eq!(
            doc["serverVersion"]["gitVersion"], "v1.34.4",
            "{format}: {doc}"
        );
        assert_eq!(
            doc["clientVersion"]["version"],
            env!("CARGO_PKG_VERSION"),
            "{format}: {doc}"
        );
    }
}

#[test]
#[ignore = "needs the test control plane: scripts/test"]
fn reference_go_kubefedctl_runs() {
    let _turn = crate::support::take_turn();
    let output = std::process::Command::new(control_plane().go_kubefedctl())
        .arg("version")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with(r#"kubefedctl version: version.Info{Version:"v0.10.0""#),
        "{stdout}"
    );
}

/// The control commands other tests build on: an added cluster serves, stops serving
/// when its API server is stopped, serves again (same address and CA) after a restart,
/// and runs a KubeFed controller started on demand. Its audit log records our requests.
#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn added_cluster_stops_restarts_and_runs_kubefed() {
    let _turn = crate::support::take_turn();
    let cp = control_plane();
    let name = cp.add_cluster();
    let namespaces = || async {
        let client = cp.client(&name).await;
        Api::<Namespace>::all(client)
            .list(&ListParams::default())
            .await
    };
    namespaces().await.expect("a new cluster serves");

    cp.stop_apiserver(&name);
    assert!(
        namespaces().await.is_err(),
        "{name} still serves after stop"
    );
    cp.start_apiserver(&name);
    namespaces().await.expect("a restarted cluster serves");

    cp.start_kubefed(&name, KUBEFED_NAMESPACE, Some("Namespaced"));
    let state = cp.current_state();
    let kubefed = state.kubefed.iter().find(|k| k.host_context == name);
    assert_eq!(kubefed.map(|k| k.scope.as_str()), Some("Namespaced"));
    cp.stop_kubefed(&name);
    assert!(
        !cp.current_state()
            .kubefed
            .iter()
            .any(|k| k.host_context == name),
        "the stopped controller is still in state.json"
    );

    let out = crate::support::kubefedctl()
        .args(["version", "--host-cluster-context", &name])
        .output()
        .unwrap();
    crate::support::assert_ok(&out);
    let audit = std::fs::read_to_string(cp.audit_log(&name)).unwrap();
    assert!(
        audit
            .lines()
            .any(|l| l.contains("\"userAgent\":\"kubefedctl")),
        "no request of ours in the audit log of {name}"
    );
}
