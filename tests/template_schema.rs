//! `enable --template-schema=full` against a real API server: the federated CRDs of the
//! common built-in types are accepted, and an applied one makes the API server validate
//! templates.
//!
//! Every federated group is unique to the test run, and no FederatedTypeConfig is
//! stored, so the KubeFed controller and other tests never see these types.

use std::time::Duration;

use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, DeleteParams, DynamicObject, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{Value, json};

use crate::support::{HOST, assert_ok, control_plane, eventually, ours_on, unique_name};

const TYPES: &[&str] = &[
    "deployments.apps",
    "configmaps",
    "secrets",
    "services",
    "serviceaccounts",
    "jobs.batch",
    "ingresses.networking.k8s.io",
    "replicasets.apps",
    "statefulsets.apps",
    "daemonsets.apps",
    "cronjobs.batch",
    "pods",
    "roles.rbac.authorization.k8s.io",
    "networkpolicies.networking.k8s.io",
    "clusterroles.rbac.authorization.k8s.io",
    "namespaces",
];

fn federated_group() -> String {
    format!("{}.schema.test", unique_name("t"))
}

async fn create_namespace(prefix: &str) -> (Api<Namespace>, String) {
    let namespaces: Api<Namespace> = Api::all(control_plane().client(HOST).await);
    let name = unique_name(prefix);
    let ns: Namespace = serde_json::from_value(json!({"metadata": {"name": name}})).unwrap();
    namespaces
        .create(&PostParams::default(), &ns)
        .await
        .unwrap();
    (namespaces, name)
}

/// The API server accepts every federated CRD. The FederatedTypeConfigs go (dry run) to a
/// namespace of their own, so types other tests enabled for real do not conflict.
#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn built_in_types_are_accepted() {
    let _turn = crate::support::take_turn();
    let (namespaces, ns) = create_namespace("schemans").await;
    let group = federated_group();
    let mut args = vec!["enable"];
    args.extend_from_slice(TYPES);
    args.extend([
        "--template-schema=full",
        "--dry-run=server",
        "--federated-group",
        &group,
        "--kubefed-namespace",
        &ns,
    ]);
    let out = assert_ok(&ours_on(HOST, &args));
    for name in TYPES {
        let plural = name.split('.').next().unwrap();
        assert!(
            out.contains(&format!(
                "customresourcedefinition.apiextensions.k8s.io/federated{plural}.{group} created (server dry run)"
            )),
            "{name}: {out}"
        );
    }
    namespaces
        .delete(&ns, &DeleteParams::default())
        .await
        .unwrap();
}

/// With the CRD of federated deployments applied, a template whose `spec.replicas` is a
/// string is rejected, and a correct one accepted.
#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn applied_schema_validates_templates() {
    let _turn = crate::support::take_turn();
    let group = federated_group();
    let list: Value = serde_json::from_str(&assert_ok(&ours_on(
        HOST,
        &[
            "enable",
            "deployments.apps",
            "--template-schema=full",
            "--federated-group",
            &group,
            "-o",
            "json",
        ],
    )))
    .unwrap();
    let crd: CustomResourceDefinition = serde_json::from_value(list["items"][1].clone()).unwrap();
    let template = &list["items"][1]["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]
        ["spec"]["properties"]["template"];
    assert_eq!(
        template["properties"]["spec"]["properties"]["replicas"]["type"], "integer",
        "{template}"
    );

    let client = control_plane().client(HOST).await;
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    let crd_name = format!("federateddeployments.{group}");
    crds.create(&PostParams::default(), &crd).await.unwrap();
    eventually("federated CRD established", Duration::from_secs(30), || {
        let crds = crds.clone();
        let name = crd_name.clone();
        async move {
            let crd = crds.get(&name).await.ok()?;
            crd.status?
                .conditions?
                .iter()
                .any(|c| c.type_ == "Established" && c.status == "True")
                .then_some(())
        }
    })
    .await;

    let (namespaces, ns) = create_namespace("schemaobj").await;
    let resource = ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk(&group, "v1beta1", "FederatedDeployment"),
        "federateddeployments",
    );
    let api: Api<DynamicObject> = Api::namespaced_with(client, &ns, &resource);
    let object = |name: &str, replicas: Value| -> DynamicObject {
        serde_json::from_value(json!({
            "apiVersion": format!("{group}/v1beta1"),
            "kind": "FederatedDeployment",
            "metadata": {"name": name},
            "spec": {
                "placement": {"clusters": [{"name": "cluster2"}]},
                "template": {
                    "metadata": {"labels": {"app": "web"}},
                    "spec": {
                        "replicas": replicas,
                        "selector": {"matchLabels": {"app": "web"}},
                        "template": {
                            "metadata": {"labels": {"app": "web"}},
                            "spec": {"containers": [{
                                "name": "web",
                                "image": "nginx",
                                "ports": [{"containerPort": 80}],
                                "resources": {"limits": {"cpu": 0.5, "memory": 128}, "requests": {"cpu": "250m"}},
                            }]},
                        },
                    },
                },
            },
        }))
        .unwrap()
    };

    // Discovery of the new type may lag a moment behind Established.
    let rejected = eventually("federated type served", Duration::from_secs(30), || {
        let api = api.clone();
        let bad = object("bad", json!("three"));
        async move {
            match api.create(&PostParams::default(), &bad).await {
                Err(kube::Error::Api(status)) if status.code == 404 => None,
                other => Some(other),
            }
        }
    })
    .await;
    match rejected {
        Err(kube::Error::Api(status)) => {
            assert_eq!(status.code, 422, "{status:?}");
            assert!(
                status.message.contains("spec.template.spec.replicas"),
                "{status:?}"
            );
        }
        other => panic!("a string spec.replicas was accepted: {other:?}"),
    }
    let created = api
        .create(&PostParams::default(), &object("good", json!(3)))
        .await
        .unwrap();
    assert_eq!(created.data["spec"]["template"]["spec"]["replicas"], 3);
    assert_eq!(
        created.data["spec"]["template"]["spec"]["template"]["spec"]["containers"][0]["resources"]
            ["limits"]["memory"],
        128
    );

    namespaces
        .delete(&ns, &DeleteParams::default())
        .await
        .unwrap();
    crds.delete(&crd_name, &DeleteParams::default())
        .await
        .unwrap();
}

/// A CRD target's own schema, with what a structural template cannot keep (defaults, a
/// defaulted list-map key, CEL rules, status), gives an accepted federated CRD.
#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn crd_target_is_accepted() {
    let _turn = crate::support::take_turn();
    let id = unique_name("schemacrd").replace('-', "");
    let (plural, group) = (format!("{id}s"), format!("{id}.example.com"));
    let name = format!("{plural}.{group}");
    let crd: CustomResourceDefinition = serde_json::from_value(json!({
        "metadata": {"name": name},
        "spec": {
            "group": group,
            "names": {"kind": "Widget", "plural": plural},
            "scope": "Namespaced",
            "versions": [{"name": "v1", "served": true, "storage": true,
                "subresources": {"status": {}},
                "schema": {"openAPIV3Schema": {"type": "object", "properties": {
                    "spec": {"type": "object", "required": ["size"],
                        "x-kubernetes-validations": [{"rule": "self.size != 'x'"}],
                        "properties": {
                            "size": {"x-kubernetes-int-or-string": true,
                                     "anyOf": [{"type": "integer"}, {"type": "string"}]},
                            "mode": {"type": "string", "default": "fast", "enum": ["fast", "slow"]},
                            "ports": {"type": "array",
                                "x-kubernetes-list-type": "map",
                                "x-kubernetes-list-map-keys": ["port", "protocol"],
                                "items": {"type": "object", "required": ["port"], "properties": {
                                    "port": {"type": "integer"},
                                    "protocol": {"type": "string", "default": "TCP"},
                                }}},
                            "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                        }},
                    "status": {"type": "object", "properties": {"ready": {"type": "boolean"}}},
                }}},
            }],
        }
    }))
    .unwrap();
    let crds: Api<CustomResourceDefinition> = Api::all(control_plane().client(HOST).await);
    crds.create(&PostParams::default(), &crd).await.unwrap();
    let (namespaces, ns) = create_namespace("schemacrdns").await;
    let fed_group = federated_group();
    // Discovery may lag a moment behind the CRD's creation.
    let out = eventually("test type enabled", Duration::from_secs(30), || {
        let output = crate::support::kubefedctl()
            .args([
                "enable",
                &name,
                "--template-schema=full",
                "--dry-run=server",
            ])
            .args(["--federated-group", &fed_group, "--kubefed-namespace", &ns])
            .args(["--host-cluster-context", HOST])
            .output()
            .expect("run kubefedctl");
        let done = output.status.success()
            || !String::from_utf8_lossy(&output.stderr).contains("Unable to find");
        async move { done.then_some(output) }
    })
    .await;
    let out = assert_ok(&out);
    assert!(out.contains("(server dry run)"), "{out}");
    namespaces
        .delete(&ns, &DeleteParams::default())
        .await
        .unwrap();
    crds.delete(&name, &DeleteParams::default()).await.unwrap();
}
