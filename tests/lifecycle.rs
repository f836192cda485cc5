//! init and teardown against real clusters: the CRDs, KubeFedConfig, default types and
//! controller objects accepted by the API server, re-runs that change nothing, dry runs
//! that change nothing, the confirmation rules of teardown, and nothing of KubeFed left
//! after it.
//!
//! init and teardown own a whole host, so each test that writes takes a fresh cluster of
//! its own (`testcp add-cluster`).

use std::process::Output;
use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, DynamicObject, ListParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{Value, json};

use crate::support::{HOST, KUBEFED_NAMESPACE, control_plane, ours_on_within};

const COMMAND_TIMEOUT: Duration = Duration::from_secs(180);
const IMAGE: &str = "registry.example/kubefed:test";

fn ok(context: &str, args: &[&str]) -> String {
    let output = ours_on_within(COMMAND_TIMEOUT, context, args);
    crate::support::assert_ok(&output)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn resource(group: &str, version: &str, kind: &str, plural: &str) -> ApiResource {
    ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(group, version, kind), plural)
}

fn kubefed_config() -> ApiResource {
    resource(
        "core.kubefed.io",
        "v1beta1",
        "KubeFedConfig",
        "kubefedconfigs",
    )
}

fn type_configs() -> ApiResource {
    resource(
        "core.kubefed.io",
        "v1beta1",
        "FederatedTypeConfig",
        "federatedtypeconfigs",
    )
}

/// Names of the CRDs of any `*kubefed.io` group.
async fn kubefed_crds(client: &kube::Client) -> Vec<String> {
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    crds.list(&ListParams::default())
        .await
        .expect("list CRDs")
        .items
        .into_iter()
        .filter(|crd| crd.spec.group.ends_with("kubefed.io"))
        .filter_map(|crd| crd.metadata.name)
        .collect()
}

/// The namespace is gone, or going.
async fn namespace_gone(client: &kube::Client, name: &str) -> bool {
    let namespaces: Api<Namespace> = Api::all(client.clone());
    match namespaces.get_opt(name).await.expect("read namespace") {
        None => true,
        Some(ns) => ns.metadata.deletion_timestamp.is_some(),
    }
}

#[test]
fn init_prints_every_object_offline() {
    // No kubeconfig is read: the output is for GitOps.
    let output = assert_cmd::cargo::cargo_bin_cmd!("kubefedctl")
        .args(["init", "-o", "yaml", "--kubefed-namespace", "fed"])
        .args(["--controller-image", IMAGE, "--scope", "Namespaced"])
        .env("KUBECONFIG", "/nonexistent")
        .timeout(COMMAND_TIMEOUT)
        .output()
        .expect("run kubefedctl");
    let text = crate::support::assert_ok(&output);
    let kinds: Vec<&str> = text
        .lines()
        .filter_map(|line| line.strip_prefix("kind: "))
        .collect();
    assert_eq!(
        kinds,
        [
            "Namespace",
            "CustomResourceDefinition",
            "CustomResourceDefinition",
            "CustomResourceDefinition",
            "CustomResourceDefinition",
            "CustomResourceDefinition",
            "CustomResourceDefinition",
            "CustomResourceDefinition",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding",
            "KubeFedConfig",
            "ServiceAccount",
            "Role",
            "RoleBinding",
            "Deployment",
        ]
    );
    assert!(text.contains("  scope: Namespaced\n"), "{text}");
    assert!(text.contains("--kubefed-namespace=fed"), "{text}");
    assert!(
        text.contains("  name: kubefedconfigs.core.kubefed.io-fed\n"),
        "{text}"
    );
    // Offline, the API version of a MutatingAdmissionPolicy is unknown.
    assert!(
        stderr(&output).starts_with("warning: without a host cluster the MutatingAdmissionPolicy"),
        "{}",
        stderr(&output)
    );
}

/// The whole of init, the default types and the controller included, is accepted by an
/// API server (a server dry run on a host that has KubeFed installed).
#[test]
#[ignore = "needs the test control plane: scripts/test"]
fn init_server_dry_run_validates_everything() {
    let _turn = crate::support::take_turn();
    let out = ok(
        HOST,
        &[
            "init",
            "--enable-defaults",
            "--controller-image",
            IMAGE,
            "--dry-run=server",
            "--kubefed-namespace",
            KUBEFED_NAMESPACE,
        ],
    );
    for expected in [
        "customresourcedefinition.apiextensions.k8s.io/kubefedclusters.core.kubefed.io",
        "kubefedconfig.core.kubefed.io/kubefed",
        "federatedtypeconfig.core.kubefed.io/clusterrolebindings.rbac.authorization.k8s.io",
        "deployment.apps/kubefed-controller-manager",
    ] {
        let line = out
            .lines()
            .find(|l| l.starts_with(expected))
            .unwrap_or_else(|| panic!("no line for {expected}:\n{out}"));
        assert!(line.ends_with("(server dry run)"), "{line}");
    }
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn init_then_teardown_on_a_fresh_cluster() {
    let _turn = crate::support::take_turn();
    let cluster = control_plane().add_cluster();
    let client = control_plane().client(&cluster).await;
    let init = [
        "init",
        "--enable-defaults",
        "--controller-image",
        IMAGE,
        "--cluster-health-check-period",
        "2s",
        "--adopt-resources=false",
        "--dns",
    ];

    // A dry run shows everything and changes nothing.
    let dry = ok(&cluster, &[&init[..], &["--dry-run"]].concat());
    assert!(
        dry.contains("kubefedconfig.core.kubefed.io/kubefed created in namespace kube-federation-system (dry run)"),
        "{dry}"
    );
    assert!(
        dry.contains("federatedtypeconfig.core.kubefed.io/deployments.apps created"),
        "{dry}"
    );
    assert!(kubefed_crds(&client).await.is_empty());
    assert!(namespace_gone(&client, KUBEFED_NAMESPACE).await);

    let out = ok(&cluster, &init);
    assert_eq!(
        out.lines().filter(|l| l.contains(" created")).count(),
        out.lines().count(),
        "{out}"
    );
    let mut crds = kubefed_crds(&client).await;
    crds.sort();
    // KubeFed's 7, multiclusterdns.kubefed.io's 4, 11 federated types.
    assert_eq!(crds.len(), 7 + 4 + 11, "{crds:?}");
    let configs: Api<DynamicObject> =
        Api::namespaced_with(client.clone(), KUBEFED_NAMESPACE, &kubefed_config());
    let config = configs.get("kubefed").await.expect("KubeFedConfig");
    assert_eq!(
        config.data["spec"]["clusterHealthCheck"],
        json!({"period": "2s", "timeout": "3s", "failureThreshold": 3, "successThreshold": 1})
    );
    assert_eq!(
        config.data["spec"]["syncController"]["adoptResources"],
        "Disabled"
    );
    assert_eq!(
        config.data["spec"]["leaderElect"]["resourceLock"],
        "configmaps"
    );
    let ftcs: Api<DynamicObject> =
        Api::namespaced_with(client.clone(), KUBEFED_NAMESPACE, &type_configs());
    assert_eq!(
        ftcs.list(&ListParams::default()).await.unwrap().items.len(),
        11
    );
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), KUBEFED_NAMESPACE);
    let deployment = deployments
        .get("kubefed-controller-manager")
        .await
        .expect("Deployment");
    let pod = deployment.spec.unwrap().template.spec.unwrap();
    assert_eq!(pod.containers[0].image.as_deref(), Some(IMAGE));
    assert_eq!(
        pod.service_account_name.as_deref(),
        Some("kubefed-controller")
    );

    // Idempotent.
    let again = ok(&cluster, &init);
    for line in again.lines() {
        assert!(line.contains(" unchanged"), "{again}");
    }

    // The scope cannot change under a running control plane: refused before any write
    // (`-v 2` would log each one).
    let output = ours_on_within(
        COMMAND_TIMEOUT,
        &cluster,
        &["init", "--scope", "Namespaced", "-v", "2"],
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with(&format!(
            "error: KubeFed on context \"{cluster}\" is installed with scope Cluster, and a \
             KubeFedConfig's scope cannot change to Namespaced"
        )),
        "{err}"
    );
    assert!(err.contains("hint: run init with --scope Cluster"), "{err}");
    assert!(!err.contains("applied "), "{err}");

    // Declined on a terminal: an answer, not an error (exit 1); nothing deleted. No
    // controller runs here, so no warning about one.
    let declined =
        crate::support::on_terminal(&["teardown", "--host-cluster-context", &cluster], "n\n");
    let screen = String::from_utf8_lossy(&declined.stdout);
    assert_eq!(declined.status.code(), Some(1), "{screen}");
    assert!(screen.contains("takes these steps:"), "{screen}");
    assert!(
        screen.contains("The member clusters keep the objects KubeFed propagated to them")
            && screen.contains("teardown cancelled; nothing was changed")
            && !screen.contains("error:")
            && !screen.contains("warning:"),
        "{screen}"
    );
    assert_eq!(kubefed_crds(&client).await.len(), 22);

    // No terminal and no --yes: refused, nothing deleted.
    let output = ours_on_within(COMMAND_TIMEOUT, &cluster, &["teardown"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("pass --yes"),
        "{}",
        stderr(&output)
    );
    assert_eq!(kubefed_crds(&client).await.len(), 22);

    // A dry run lists and changes nothing.
    let listed: Value =
        serde_json::from_str(&ok(&cluster, &["teardown", "--dry-run", "-o", "json"]))
            .expect("teardown -o json");
    assert_eq!(listed["members"], json!([]));
    assert_eq!(listed["federatedTypes"].as_array().unwrap().len(), 22);
    let control_plane_items = listed["controlPlane"].as_array().unwrap();
    assert_eq!(
        control_plane_items.len(),
        6 + 1 + 8 + 7 + 4 + 1,
        "{listed:#}"
    );
    assert!(
        control_plane_items
            .iter()
            .any(|i| i["kind"] == "MutatingAdmissionPolicyBinding"),
        "{listed:#}"
    );
    assert_eq!(control_plane_items[0]["kind"], "Deployment");
    assert_eq!(kubefed_crds(&client).await.len(), 22);
    configs
        .get("kubefed")
        .await
        .expect("KubeFedConfig still there");

    // A member that cannot be reached stops teardown at step 1, before anything else is
    // deleted; --force goes past it.
    let clusters: Api<DynamicObject> = Api::namespaced_with(
        client.clone(),
        KUBEFED_NAMESPACE,
        &resource(
            "core.kubefed.io",
            "v1beta1",
            "KubeFedCluster",
            "kubefedclusters",
        ),
    );
    let gone: DynamicObject = serde_json::from_value(json!({
        "apiVersion": "core.kubefed.io/v1beta1",
        "kind": "KubeFedCluster",
        "metadata": {"name": "no-such-context", "namespace": KUBEFED_NAMESPACE},
        "spec": {"apiEndpoint": "https://127.0.0.1:1", "secretRef": {"name": "no-such-secret"}},
    }))
    .unwrap();
    clusters
        .create(&Default::default(), &gone)
        .await
        .expect("create KubeFedCluster");
    let output = ours_on_within(COMMAND_TIMEOUT, &cluster, &["teardown", "--yes"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("teardown stopped at step 1 of 4 (unjoin the member clusters)"),
        "{err}"
    );
    assert!(err.contains("run teardown again to resume"), "{err}");
    assert_eq!(kubefed_crds(&client).await.len(), 22);

    let out = ok(&cluster, &["teardown", "--yes", "--force"]);
    assert!(
        out.contains("cluster \"no-such-context\" unjoined"),
        "{out}"
    );
    assert!(
        out.contains("Namespace kube-federation-system deleted"),
        "{out}"
    );
    assert_eq!(kubefed_crds(&client).await, Vec::<String>::new());
    assert!(namespace_gone(&client, KUBEFED_NAMESPACE).await);
    let roles: Api<k8s_openapi::api::rbac::v1::ClusterRole> = Api::all(client.clone());
    assert!(
        roles
            .get_opt("kubefed-controller-manager:kube-federation-system")
            .await
            .unwrap()
            .is_none()
    );

    assert_eq!(policies(&client).await, Vec::<String>::new());

    let out = ok(&cluster, &["teardown", "--yes"]);
    assert!(out.contains("nothing to delete"), "{out}");
}

/// The admission policies and bindings init wrote (those labelled by it), by kind/name.
async fn policies(client: &kube::Client) -> Vec<String> {
    let mut found = Vec::new();
    for (version, kind, plural) in [
        (
            "v1",
            "ValidatingAdmissionPolicy",
            "validatingadmissionpolicies",
        ),
        (
            "v1",
            "ValidatingAdmissionPolicyBinding",
            "validatingadmissionpolicybindings",
        ),
        (
            "v1beta1",
            "MutatingAdmissionPolicy",
            "mutatingadmissionpolicies",
        ),
        (
            "v1beta1",
            "MutatingAdmissionPolicyBinding",
            "mutatingadmissionpolicybindings",
        ),
    ] {
        let api: Api<DynamicObject> = Api::all_with(
            client.clone(),
            &resource("admissionregistration.k8s.io", version, kind, plural),
        );
        let listed = api
            .list(&ListParams::default().labels("app.kubernetes.io/managed-by=kubefedctl"))
            .await
            .unwrap_or_else(|e| panic!("list {kind}: {e}"));
        found.extend(
            listed
                .items
                .into_iter()
                .map(|o| format!("{kind}/{}", o.metadata.name.unwrap_or_default())),
        );
    }
    found
}

/// A KubeFed object of `kind` in `namespace`.
fn kubefed_object(kind: &str, namespace: &str, name: &str, spec: Value) -> DynamicObject {
    serde_json::from_value(json!({
        "apiVersion": "core.kubefed.io/v1beta1",
        "kind": kind,
        "metadata": {"name": name, "namespace": namespace},
        "spec": spec,
    }))
    .unwrap()
}

/// Valid and invalid objects of the three types KubeFed's webhook judged: the kind, its
/// plural, a valid object's name and spec, and the spec with one invalid value.
fn judged_objects() -> [(&'static str, &'static str, &'static str, Value, Value); 3] {
    let ftc = json!({
        "targetType": {"group": "apps", "version": "v1", "kind": "Deployment",
                       "pluralName": "deployments", "scope": "Namespaced"},
        "propagation": "Enabled",
        "federatedType": {"group": "types.kubefed.io", "version": "v1beta1",
                          "kind": "FederatedDeployment", "pluralName": "federateddeployments",
                          "scope": "Namespaced"},
    });
    let mut bad_ftc = ftc.clone();
    bad_ftc["federatedType"]["group"] = json!("");
    let cluster = json!({"apiEndpoint": "https://127.0.0.1:1", "secretRef": {"name": "s"}});
    let mut bad_cluster = cluster.clone();
    bad_cluster["apiEndpoint"] = json!("");
    let config = json!({"scope": "Cluster"});
    let bad_config = json!({"scope": "Cluster", "syncController": {"adoptResources": "Unknown"}});
    [
        (
            "FederatedTypeConfig",
            "federatedtypeconfigs",
            "deployments.apps",
            ftc,
            bad_ftc,
        ),
        (
            "KubeFedCluster",
            "kubefedclusters",
            "judged",
            cluster,
            bad_cluster,
        ),
        (
            "KubeFedConfig",
            "kubefedconfigs",
            "judged",
            config,
            bad_config,
        ),
    ]
}

/// In `namespace`: invalid objects are refused on create and update (or, when `judged`
/// is false, accepted), valid ones accepted.
async fn check_validation(client: &kube::Client, namespace: &str, judged: bool) {
    for (kind, plural, name, spec, bad_spec) in judged_objects() {
        let api: Api<DynamicObject> = Api::namespaced_with(
            client.clone(),
            namespace,
            &resource("core.kubefed.io", "v1beta1", kind, plural),
        );
        let created = api
            .create(
                &Default::default(),
                &kubefed_object(kind, namespace, name, bad_spec.clone()),
            )
            .await;
        if !judged {
            created.unwrap_or_else(|e| panic!("invalid {kind} in {namespace} refused: {e}"));
            api.delete(name, &Default::default()).await.unwrap();
            continue;
        }
        let err = created.expect_err(&format!("invalid {kind} in {namespace} accepted"));
        assert!(
            err.to_string().contains("ValidatingAdmissionPolicy"),
            "{kind}: {err}"
        );
        let mut valid = api
            .create(
                &Default::default(),
                &kubefed_object(kind, namespace, name, spec),
            )
            .await
            .unwrap_or_else(|e| panic!("valid {kind} in {namespace} refused: {e}"));
        valid.data["spec"] = bad_spec;
        let err = api
            .replace(name, &Default::default(), &valid)
            .await
            .expect_err(&format!(
                "update to an invalid {kind} in {namespace} accepted"
            ));
        assert!(
            err.to_string().contains("ValidatingAdmissionPolicy"),
            "{kind}: {err}"
        );
        api.delete(name, &Default::default()).await.unwrap();
    }
}

/// KubeFedCluster endpoints are judged as client-go's `DefaultServerURL` reads them: a
/// URL with scheme and host (a path is a proxy's prefix), else a host or host:port that
/// gets "https://" and then may not have a path; http or https; a port in range.
async fn check_endpoints(client: &kube::Client) {
    let api: Api<DynamicObject> = Api::namespaced_with(
        client.clone(),
        KUBEFED_NAMESPACE,
        &resource(
            "core.kubefed.io",
            "v1beta1",
            "KubeFedCluster",
            "kubefedclusters",
        ),
    );
    let accepted = [
        "https://127.0.0.1:6443",
        "https://my.example.com:80/path/to/endpoint",
        "http://my.example.com",
        "my.example.com:6443",
        "10.0.0.1",
    ];
    let refused = [
        "ftp://my.example.com",
        "my.example.com:6443/path",
        "https://my.example.com:70000",
    ];
    for (endpoint, valid) in accepted
        .iter()
        .map(|e| (e, true))
        .chain(refused.iter().map(|e| (e, false)))
    {
        let spec = json!({"apiEndpoint": endpoint, "secretRef": {"name": "s"}});
        let object = kubefed_object("KubeFedCluster", KUBEFED_NAMESPACE, "endpoint", spec);
        let created = api.create(&Default::default(), &object).await;
        assert_eq!(created.is_ok(), valid, "{endpoint}: {created:?}");
        if valid {
            api.delete("endpoint", &Default::default()).await.unwrap();
        }
    }
}

/// Durations as Go reads them ("1m" and "1m0s" alike), so that specs compare as KubeFed
/// compares them after unmarshalling.
fn go_durations(value: &mut Value) {
    match value {
        Value::String(text) => {
            if let Ok(d) = kubefedctl::inputs::parse_duration(text) {
                *value = json!(d.as_nanos() as u64);
            }
        }
        Value::Object(map) => map.values_mut().for_each(go_durations),
        Value::Array(items) => items.iter_mut().for_each(go_durations),
        _ => {}
    }
}

/// KubeFed's e2e "Core API Validation" and "Default" specs, against what init installed:
/// in a Cluster-scoped control plane every namespace is judged, in a Namespaced one only
/// its own; a partial KubeFedConfig is completed to KubeFed's defaults (those init writes
/// by default); teardown leaves no policy behind.
#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn admission_policies_judge_and_complete_as_kubefeds_webhooks() {
    let _turn = crate::support::take_turn();
    let cluster = control_plane().add_cluster();
    let client = control_plane().client(&cluster).await;
    let namespaces: Api<Namespace> = Api::all(client.clone());
    let elsewhere: Namespace =
        serde_json::from_value(json!({"metadata": {"name": "elsewhere"}})).unwrap();
    namespaces
        .create(&Default::default(), &elsewhere)
        .await
        .expect("create namespace");

    let out = ok(&cluster, &["init"]);
    assert!(
        out.contains(
            "mutatingadmissionpolicy.admissionregistration.k8s.io/defaults.kubefedconfigs.core.kubefed.io-kube-federation-system created"
        ),
        "{out}"
    );
    assert_eq!(policies(&client).await.len(), 8);
    // Defaulting, as the e2e spec: the given values stay, the missing gate is added. Right
    // after init returns: it waits until the host completes partial KubeFedConfigs.
    let configs: Api<DynamicObject> =
        Api::namespaced_with(client.clone(), KUBEFED_NAMESPACE, &kubefed_config());
    let mut full = configs
        .get("kubefed")
        .await
        .expect("init's KubeFedConfig")
        .data["spec"]
        .clone();
    let partial = configs
        .create(
            &Default::default(),
            &kubefed_object(
                "KubeFedConfig",
                KUBEFED_NAMESPACE,
                "partial",
                json!({"scope": "Cluster"}),
            ),
        )
        .await
        .expect("partial KubeFedConfig");
    let mut completed = partial.data["spec"].clone();
    go_durations(&mut completed);
    go_durations(&mut full);
    assert_eq!(completed, full);
    let gates = configs
        .create(
            &Default::default(),
            &kubefed_object(
                "KubeFedConfig",
                KUBEFED_NAMESPACE,
                "gates",
                json!({
                    "scope": "Cluster",
                    "controllerDuration": {"availableDelay": "31s"},
                    "featureGates": [
                        {"name": "PushReconciler", "configuration": "Disabled"},
                        {"name": "RawResourceStatusCollection", "configuration": "Enabled"},
                    ],
                }),
            ),
        )
        .await
        .expect("KubeFedConfig with two gates");
    assert_eq!(
        gates.data["spec"]["featureGates"],
        json!([
            {"name": "PushReconciler", "configuration": "Disabled"},
            {"name": "RawResourceStatusCollection", "configuration": "Enabled"},
            {"name": "SchedulerPreferences", "configuration": "Enabled"},
        ])
    );
    assert_eq!(
        gates.data["spec"]["controllerDuration"],
        json!({"availableDelay": "31s", "unavailableDelay": "1m0s", "cacheSyncTimeout": "5m0s"})
    );

    check_validation(&client, KUBEFED_NAMESPACE, true).await;
    check_validation(&client, "elsewhere", true).await;
    check_endpoints(&client).await;

    ok(&cluster, &["teardown", "--yes"]);
    assert_eq!(policies(&client).await, Vec::<String>::new());

    // Namespaced, in a namespace of its own (the first one is still being deleted).
    let fed = "fed-namespaced";
    ok(
        &cluster,
        &["init", "--scope", "Namespaced", "--kubefed-namespace", fed],
    );
    check_validation(&client, fed, true).await;
    check_validation(&client, "elsewhere", false).await;
    ok(&cluster, &["teardown", "--yes", "--kubefed-namespace", fed]);
    assert_eq!(policies(&client).await, Vec::<String>::new());
}

/// Stops the KubeFed controller of a test's host when the test ends, passed or failed.
struct Controller<'a>(&'a str);

impl Drop for Controller<'_> {
    fn drop(&mut self) {
        control_plane().stop_kubefed(self.0);
    }
}

/// The acceptance test: the real KubeFed controller runs against what init
/// installed (not the upstream chart's), members become Ready, a federated ConfigMap
/// propagates, and teardown leaves nothing of KubeFed on the host or the members.
/// The host joined as a member of itself, as KubeFed's guides do: join leaves the
/// KubeFed namespace init created as it is, so teardown still knows it for init's and
/// deletes it last, after unjoining the host from itself.
#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn teardown_deletes_the_namespace_init_created_when_the_host_is_a_member() {
    let _turn = crate::support::take_turn();
    let host = control_plane().add_cluster();
    let client = control_plane().client(&host).await;
    ok(&host, &["init"]);
    ok(&host, &["join", &host]);
    let namespaces: Api<Namespace> = Api::all(client.clone());
    let labels = namespaces
        .get(KUBEFED_NAMESPACE)
        .await
        .expect("read namespace")
        .metadata
        .labels
        .unwrap_or_default();
    assert_eq!(
        labels
            .get("app.kubernetes.io/managed-by")
            .map(String::as_str),
        Some("kubefedctl"),
        "{labels:?}"
    );

    let listed: Value = serde_json::from_str(&ok(&host, &["teardown", "--dry-run", "-o", "json"]))
        .expect("teardown -o json");
    assert_eq!(listed["members"], json!([host]));
    assert!(
        listed["controlPlane"]
            .as_array()
            .unwrap()
            .contains(&json!({"kind": "Namespace", "name": KUBEFED_NAMESPACE})),
        "{listed:#}"
    );
    let out = ok(&host, &["teardown", "--yes"]);
    assert!(
        out.contains(&format!("cluster \"{host}\" unjoined")),
        "{out}"
    );
    assert!(
        out.contains(&format!("Namespace {KUBEFED_NAMESPACE} deleted")),
        "{out}"
    );
    assert!(namespace_gone(&client, KUBEFED_NAMESPACE).await);
    assert_eq!(kubefed_crds(&client).await, Vec::<String>::new());
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn real_controller_runs_on_what_init_installed() {
    let _turn = crate::support::take_turn();
    let cp = control_plane();
    let host = cp.add_cluster();
    let members = ["cluster2", "cluster3"];
    // Short health checks so members turn Ready quickly; long leader-election deadlines
    // since a loaded test machine can stall the controller for seconds.
    ok(
        &host,
        &[
            "init",
            "--enable-defaults",
            "--controller-image",
            IMAGE,
            "--cluster-health-check-period",
            "1s",
            "--cluster-available-delay",
            "1s",
            "--cluster-unavailable-delay",
            "1s",
            "--leader-elect-lease-duration",
            "60s",
            "--leader-elect-renew-deadline",
            "45s",
            "--leader-elect-retry-period",
            "2s",
        ],
    );
    // No kubelet runs the Deployment: the controller runs here, but with the token of
    // the ServiceAccount init made, so that init's RBAC is what it works with.
    let credentials = tempfile::tempdir().unwrap();
    let kubeconfig = controller_kubeconfig(&host, credentials.path()).await;
    cp.start_kubefed_as(&host, KUBEFED_NAMESPACE, None, Some(&kubeconfig));
    let _controller = Controller(&host);
    ok(&host, &[&["join"], &members[..]].concat());

    let host_client = cp.client(&host).await;
    let clusters: Api<DynamicObject> = Api::namespaced_with(
        host_client.clone(),
        KUBEFED_NAMESPACE,
        &resource(
            "core.kubefed.io",
            "v1beta1",
            "KubeFedCluster",
            "kubefedclusters",
        ),
    );
    crate::support::eventually("members Ready", Duration::from_secs(60), || async {
        let list = clusters.list(&ListParams::default()).await.ok()?;
        let ready = list.items.iter().filter(|c| {
            c.data["status"]["conditions"].as_array().is_some_and(|cs| {
                cs.iter()
                    .any(|c| c["type"] == "Ready" && c["status"] == "True")
            })
        });
        (ready.count() == members.len()).then_some(())
    })
    .await;

    let namespace = crate::support::unique_name("lifecycle");
    let namespaces: Api<Namespace> = Api::all(host_client.clone());
    namespaces
        .create(
            &Default::default(),
            &serde_json::from_value(json!({"metadata": {"name": namespace}})).unwrap(),
        )
        .await
        .expect("create namespace");
    let config_maps: Api<k8s_openapi::api::core::v1::ConfigMap> =
        Api::namespaced(host_client.clone(), &namespace);
    config_maps
        .create(
            &Default::default(),
            &serde_json::from_value(
                json!({"metadata": {"name": "web"}, "data": {"greeting": "hello"}}),
            )
            .unwrap(),
        )
        .await
        .expect("create ConfigMap");
    ok(&host, &["federate", "namespace", &namespace, "--contents"]);
    for member in members {
        let client = cp.client(member).await;
        let api: Api<k8s_openapi::api::core::v1::ConfigMap> = Api::namespaced(client, &namespace);
        let data = crate::support::eventually(
            &format!("ConfigMap propagated to {member}"),
            Duration::from_secs(60),
            || async { api.get_opt("web").await.ok().flatten()?.data },
        )
        .await;
        assert_eq!(data.get("greeting").map(String::as_str), Some("hello"));
    }

    // A dry run changes nothing. The controller runs as a process of the test control
    // plane, not as init's Deployment: teardown warns that it will not stop it.
    let dry_run = ours_on_within(COMMAND_TIMEOUT, &host, &["teardown", "--dry-run"]);
    let listed = crate::support::assert_ok(&dry_run);
    assert!(listed.contains("FederatedConfigMap"), "{listed}");
    assert!(
        listed.contains("would take these steps:")
            && listed.contains("The member clusters keep the objects KubeFed propagated"),
        "{listed}"
    );
    assert!(
        stderr(&dry_run).contains("warning: a KubeFed controller (")
            && stderr(&dry_run).contains("teardown does not stop it"),
        "{}",
        stderr(&dry_run)
    );
    assert_eq!(
        clusters
            .list(&ListParams::default())
            .await
            .unwrap()
            .items
            .len(),
        2
    );

    let out = ok(&host, &["teardown", "--yes"]);
    for member in members {
        assert!(
            out.contains(&format!("cluster \"{member}\" unjoined")),
            "{out}"
        );
    }
    assert_eq!(kubefed_crds(&host_client).await, Vec::<String>::new());
    assert!(namespace_gone(&host_client, KUBEFED_NAMESPACE).await);
    // What join wrote on the members is gone (the namespace stays: the shared control
    // plane's own joins live in it).
    for member in members {
        let client = cp.client(member).await;
        let account = format!("{member}-{host}");
        let accounts: Api<k8s_openapi::api::core::v1::ServiceAccount> =
            Api::namespaced(client.clone(), KUBEFED_NAMESPACE);
        assert!(
            accounts.get_opt(&account).await.unwrap().is_none(),
            "{member}"
        );
        let roles: Api<k8s_openapi::api::rbac::v1::ClusterRole> = Api::all(client.clone());
        let bindings: Api<k8s_openapi::api::rbac::v1::ClusterRoleBinding> = Api::all(client);
        let mut left: Vec<String> = roles
            .list(&ListParams::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .filter_map(|r| r.metadata.name)
            .chain(
                bindings
                    .list(&ListParams::default())
                    .await
                    .unwrap()
                    .items
                    .into_iter()
                    .filter_map(|b| b.metadata.name),
            )
            .collect();
        left.retain(|name| name.contains(&account));
        assert_eq!(left, Vec::<String>::new(), "{member}");
    }
}

/// A kubeconfig for `host` with a fresh token of the controller's ServiceAccount.
async fn controller_kubeconfig(host: &str, dir: &std::path::Path) -> std::path::PathBuf {
    use k8s_openapi::api::authentication::v1::{TokenRequest, TokenRequestSpec};
    use k8s_openapi::api::core::v1::ServiceAccount;
    let cp = control_plane();
    let accounts: Api<ServiceAccount> = Api::namespaced(cp.client(host).await, KUBEFED_NAMESPACE);
    let request = TokenRequest {
        spec: TokenRequestSpec {
            expiration_seconds: Some(3600),
            ..Default::default()
        },
        ..Default::default()
    };
    let token = accounts
        .create_token_request("kubefed-controller", &Default::default(), &request)
        .await
        .expect("a token of the controller's ServiceAccount")
        .status
        .expect("a token in the answer")
        .token;
    let state = cp.current_state();
    let cluster = state
        .clusters
        .iter()
        .find(|c| c.name == host)
        .expect("the host in the control plane's state");
    let path = dir.join("controller.kubeconfig");
    let kubeconfig = json!({
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": host, "cluster": {
            "server": cluster.server, "certificate-authority": cluster.ca_file}}],
        "users": [{"name": "kubefed-controller", "user": {"token": token}}],
        "contexts": [{"name": host, "context": {"cluster": host, "user": "kubefed-controller"}}],
        "current-context": host,
    });
    std::fs::write(&path, kubeconfig.to_string()).unwrap();
    path
}
