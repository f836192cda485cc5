//! enable and disable against real clusters: `-o yaml` byte-equal to the reference Go
//! kubefedctl for every type the API server serves, applied types running under the real
//! KubeFed controller, rollback, dry runs and bad input.
//!
//! Tests that write use CRD types of their own (unique plural and group), so their
//! federated CRDs and FederatedTypeConfigs never clash with other tests.

use std::collections::BTreeSet;
use std::process::Output;
use std::time::Duration;

use k8s_openapi::api::core::v1::{ConfigMap, Namespace};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, DeleteParams, DynamicObject, Patch, PatchParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{Value, json};

use crate::support::{HOST, KUBEFED_NAMESPACE, control_plane, eventually, ours_on, unique_name};

fn go(args: &[&str]) -> Output {
    crate::support::go_kubefedctl()
        .args(args)
        .args(["--host-cluster-context", HOST])
        .output()
        .expect("run Go kubefedctl")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Fails unless our binary exited 0; returns stdout.
fn ok(args: &[&str]) -> String {
    let output = ours_on(HOST, args);
    assert!(
        output.status.success(),
        "kubefedctl {args:?}: {}",
        stderr(&output)
    );
    stdout(&output)
}

/// Fails unless our binary exited 2 with one `error:` line; returns stderr.
fn fails(args: &[&str]) -> String {
    let output = ours_on(HOST, args);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "kubefedctl {args:?}: {err}");
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    err
}

/// A CRD type of this test alone: `<plural>.<group>`, cluster-scoped unless `namespaced`.
struct TestType {
    plural: String,
    group: String,
    kind: String,
}

impl TestType {
    fn name(&self) -> String {
        format!("{}.{}", self.plural, self.group)
    }

    fn federated_crd(&self) -> String {
        format!("federated{}.types.kubefed.io", self.plural)
    }

    fn federated(&self) -> ApiResource {
        ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk(
                "types.kubefed.io",
                "v1beta1",
                &format!("Federated{}", self.kind),
            ),
            &format!("federated{}", self.plural),
        )
    }
}

/// Creates a CRD with `schema` as its first version's schema and waits until it is served.
async fn create_crd(prefix: &str, plural: Option<&str>, schema: Value) -> TestType {
    let id = unique_name(prefix).replace('-', "");
    let plural = plural.map_or_else(|| format!("{id}s"), str::to_owned);
    let t = TestType {
        group: format!("{id}.example.com"),
        kind: format!("{}{}", id[..1].to_uppercase(), &id[1..]),
        plural,
    };
    serve_crd(&t, &format!("{id}sn"), schema).await;
    t
}

/// Creates the CRD of `t` and waits until it is served.
async fn serve_crd(t: &TestType, short_name: &str, schema: Value) {
    let crd: CustomResourceDefinition = serde_json::from_value(json!({
        "metadata": {"name": t.name()},
        "spec": {
            "group": t.group,
            "names": {"kind": t.kind, "plural": t.plural, "shortNames": [short_name]},
            "scope": "Cluster",
            "versions": [{"name": "v1", "served": true, "storage": true,
                          "schema": {"openAPIV3Schema": schema}}],
        }
    }))
    .unwrap();
    let crds: Api<CustomResourceDefinition> = Api::all(control_plane().client(HOST).await);
    crds.create(&PostParams::default(), &crd).await.unwrap();
    let name = t.name();
    eventually("test CRD served", Duration::from_secs(30), || {
        let crds = crds.clone();
        let name = name.clone();
        async move {
            let crd = crds.get(&name).await.ok()?;
            let established = crd
                .status?
                .conditions?
                .iter()
                .any(|c| c.type_ == "Established" && c.status == "True");
            established.then_some(())
        }
    })
    .await;
    // Discovery may lag a moment behind Established.
    eventually(
        "test type discoverable",
        Duration::from_secs(30),
        || async {
            ours_on(HOST, &["enable", &name, "-o", "yaml"])
                .status
                .success()
                .then_some(())
        },
    )
    .await;
}

fn replicas_schema() -> Value {
    json!({"type": "object", "properties": {"spec": {"type": "object", "properties": {
        "replicas": {"type": "integer", "format": "int32"}}}}})
}

async fn get(resource: &ApiResource, namespace: Option<&str>, name: &str) -> Option<DynamicObject> {
    let client = control_plane().client(HOST).await;
    let api: Api<DynamicObject> = match namespace {
        Some(ns) => Api::namespaced_with(client, ns, resource),
        None => Api::all_with(client, resource),
    };
    api.get_opt(name).await.unwrap()
}

fn ftc_resource() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("core.kubefed.io", "v1beta1", "FederatedTypeConfig"),
        "federatedtypeconfigs",
    )
}

fn crd_resource() -> ApiResource {
    ApiResource::erase::<CustomResourceDefinition>(&())
}

async fn get_ftc(name: &str) -> Option<DynamicObject> {
    get(&ftc_resource(), Some(KUBEFED_NAMESPACE), name).await
}

async fn get_crd(name: &str) -> Option<DynamicObject> {
    get(&crd_resource(), None, name).await
}

/// The `<plural>.<group>` of every built-in or KubeFed type the host serves, from
/// aggregated discovery.
async fn served_types() -> Vec<String> {
    let client = control_plane().client(HOST).await;
    let core = client.list_core_api_versions_aggregated().await.unwrap();
    let groups = client.list_api_groups_aggregated().await.unwrap();
    let mut names = BTreeSet::new();
    for group in core.items.iter().chain(&groups.items) {
        let group_name = group
            .metadata
            .as_ref()
            .and_then(|m| m.name.clone())
            .unwrap_or_default();
        // Skipped: CRDs that tests create and delete while this test runs (their own
        // groups under example.com, and the federated types enable creates). They are
        // covered by the tests below.
        if group_name.ends_with(".example.com") || group_name == "types.kubefed.io" {
            continue;
        }
        for version in &group.versions {
            for resource in &version.resources {
                let plural = resource.resource.clone().unwrap();
                names.insert(if group_name.is_empty() {
                    plural
                } else {
                    format!("{plural}.{group_name}")
                });
            }
        }
    }
    names.into_iter().collect()
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn yaml_equals_go_for_every_served_type() {
    let _turn = crate::support::take_turn();
    let names = served_types().await;
    assert!(names.len() >= 60, "discovery found only {names:?}");
    // Two at a time: the machine has two cores.
    let chunks: Vec<Vec<String>> = names
        .chunks(names.len().div_ceil(2))
        .map(<[String]>::to_vec)
        .collect();
    let handles: Vec<_> = chunks
        .into_iter()
        .map(|chunk| {
            std::thread::spawn(move || {
                let mut differences = Vec::new();
                for name in chunk {
                    let args = ["enable", name.as_str(), "-o", "yaml"];
                    let (theirs, mine) = (go(&args), ours_on(HOST, &args));
                    assert!(
                        theirs.status.success(),
                        "Go enable {name}: {}",
                        stderr(&theirs)
                    );
                    assert!(mine.status.success(), "enable {name}: {}", stderr(&mine));
                    if theirs.stdout != mine.stdout {
                        differences.push(format!(
                            "{name}:\n--- Go\n{}\n--- ours\n{}",
                            stdout(&theirs),
                            stdout(&mine)
                        ));
                    }
                }
                differences
            })
        })
        .collect();
    let differences: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    // The chart's examples among them, with the fields the rules decide.
    let deployments = ok(&["enable", "deployment.apps", "-o", "yaml"]);
    assert!(deployments.contains("retainReplicas:") && deployments.contains("- fdeploy\n"));
    let namespaces = ok(&["enable", "ns", "-o", "yaml"]);
    assert_eq!(
        namespaces.matches("scope: Namespaced").count(),
        2,
        "{namespaces}"
    );
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn directive_file_equals_go() {
    let _turn = crate::support::take_turn();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("directive.yaml");
    std::fs::write(
        &path,
        "apiVersion: core.kubefed.io/v1beta1\nkind: EnableTypeDirective\nmetadata:\n  name: jobs.batch\n\
         spec:\n  federatedGroup: fed.example.org\n  federatedVersion: v1alpha1\n",
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let theirs = go(&["enable", "-f", path, "-o", "yaml"]);
    assert!(theirs.status.success(), "{}", stderr(&theirs));
    let mine = ok(&["enable", "-f", path, "-o", "yaml"]);
    assert_eq!(mine, stdout(&theirs));
    assert!(
        mine.contains("name: federatedjobs.fed.example.org\n"),
        "{mine}"
    );
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn any_served_version_and_json() {
    let _turn = crate::support::take_turn();
    // autoscaling/v2 is preferred; Go could not select v1.
    let theirs = go(&["enable", "hpa", "--version", "v1", "-o", "yaml"]);
    assert!(!theirs.status.success());
    let mine = ok(&["enable", "hpa", "--version", "v1", "-o", "yaml"]);
    assert!(
        mine.contains("  targetType:\n    group: autoscaling\n    kind: HorizontalPodAutoscaler\n"),
        "{mine}"
    );
    assert!(mine.contains("    version: v1\n"), "{mine}");
    assert_eq!(
        mine,
        ok(&[
            "enable",
            "horizontalpodautoscalers.v1.autoscaling",
            "-o",
            "yaml"
        ])
    );

    let json: Value =
        serde_json::from_str(&ok(&["enable", "configmaps", "Secret", "-o", "json"])).unwrap();
    let names: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["metadata"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "configmaps",
            "federatedconfigmaps.types.kubefed.io",
            "secrets",
            "federatedsecrets.types.kubefed.io"
        ]
    );
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn crd_without_top_level_properties_keeps_the_template() {
    let _turn = crate::support::take_turn();
    // Go left spec.template out here, and the API server pruned every template (#1418).
    let t = create_crd(
        "bare",
        None,
        json!({"type": "object", "x-kubernetes-preserve-unknown-fields": true}),
    )
    .await;
    let theirs = go(&["enable", &t.name(), "-o", "yaml"]);
    assert!(theirs.status.success(), "{}", stderr(&theirs));
    assert!(!stdout(&theirs).contains("template:"));
    let mine = ok(&["enable", &t.name(), "-o", "yaml"]);
    let template = "              template:\n                type: object\n                x-kubernetes-preserve-unknown-fields: true\n";
    assert!(mine.contains(template), "{mine}");
    assert_eq!(mine.replace(template, ""), stdout(&theirs));
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn enable_runs_under_the_controller_then_disable_removes_it() {
    let _turn = crate::support::take_turn();
    let t = create_crd("gadget", None, replicas_schema()).await;
    let name = t.name();
    let crd = t.federated_crd();

    let out = ok(&["enable", &name]);
    assert_eq!(
        out,
        format!(
            "customresourcedefinition.apiextensions.k8s.io/{crd} created\n\
             federatedtypeconfig.core.kubefed.io/{name} created in namespace {KUBEFED_NAMESPACE}\n"
        )
    );
    let federated_crd = get_crd(&crd).await.expect("federated CRD");
    let conditions = federated_crd.data["status"]["conditions"]
        .as_array()
        .unwrap();
    assert!(
        conditions
            .iter()
            .any(|c| c["type"] == "Established" && c["status"] == "True")
    );
    let props = &federated_crd.data["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]
        ["spec"]["properties"];
    assert_eq!(
        props["retainReplicas"],
        json!({"type": "boolean"}),
        "int32 replicas in the CRD schema"
    );
    let ftc = get_ftc(&name).await.expect("FederatedTypeConfig");
    assert_eq!(ftc.data["spec"]["propagation"], "Enabled");
    assert_eq!(
        ftc.data["spec"]["federatedType"]["kind"],
        format!("Federated{}", t.kind)
    );

    // A re-run changes nothing.
    let out = ok(&["enable", &t.plural]);
    assert!(
        out.contains(&format!("{crd} unchanged\n"))
            && out.contains(&format!("{name} unchanged in")),
        "{out}"
    );
    let again = get_ftc(&name).await.unwrap();
    assert_eq!(
        (again.metadata.generation, &again.data["spec"]),
        (ftc.metadata.generation, &ftc.data["spec"])
    );

    eventually(
        "propagation controller running",
        Duration::from_secs(30),
        || async {
            let ftc = get_ftc(&name).await?;
            (ftc.data["status"]["propagationController"] == "Running").then_some(())
        },
    )
    .await;
    let client = control_plane().client(HOST).await;
    let federated: Api<DynamicObject> = Api::all_with(client, &t.federated());
    let object: DynamicObject = serde_json::from_value(json!({
        "apiVersion": "types.kubefed.io/v1beta1",
        "kind": format!("Federated{}", t.kind),
        "metadata": {"name": "one"},
        "spec": {"template": {"spec": {"replicas": 2}}, "placement": {"clusters": []}},
    }))
    .unwrap();
    let created = federated
        .create(&PostParams::default(), &object)
        .await
        .unwrap();
    assert_eq!(
        created.data["spec"]["template"]["spec"]["replicas"], 2,
        "template kept"
    );

    // Federated objects exist: no deletion without a confirmation, and no prompt without a terminal.
    let err = fails(&["disable", &name, "--delete-crd"]);
    assert!(
        err.contains("refusing to delete 1 ")
            && err.contains("\"cluster1\"")
            && err.contains("--yes"),
        "{err}"
    );
    // On a terminal it asks; declined, nothing changes.
    let output = crate::support::on_terminal(
        &[
            "disable",
            &name,
            "--delete-crd",
            "--host-cluster-context",
            HOST,
        ],
        "n\n",
    );
    let screen = stdout(&output);
    // Declining is an answer, not an error.
    assert_eq!(output.status.code(), Some(1), "{screen}");
    assert!(
        screen.contains(&format!("Delete 1 Federated{} objects on context", t.kind))
            && screen.contains(&format!(
                "disable of \"{name}\" cancelled; nothing was changed"
            ))
            && !screen.contains("error:"),
        "{screen}"
    );
    assert_eq!(
        get_ftc(&name).await.unwrap().data["spec"]["propagation"],
        "Enabled"
    );
    assert!(federated.get_opt("one").await.unwrap().is_some());

    let out = ok(&["disable", &name, "--delete-crd", "--yes"]);
    let key = format!("{KUBEFED_NAMESPACE}/{name}");
    assert_eq!(
        out,
        format!(
            "1 Federated{} objects deleted\n\
             Disabled propagation for FederatedTypeConfig \"{key}\"\n\
             Verifying propagation controller is stopped for FederatedTypeConfig \"{key}\"\n\
             Propagation controller for FederatedTypeConfig \"{key}\" is stopped\n\
             customresourcedefinition \"{crd}\" deleted\n\
             federatedtypeconfig \"{key}\" deleted\n",
            t.kind
        )
    );
    eventually(
        "FederatedTypeConfig and CRD gone",
        Duration::from_secs(30),
        || async {
            (get_ftc(&name).await.is_none() && get_crd(&crd).await.is_none()).then_some(())
        },
    )
    .await;
    // Disabling again is not an error.
    let out = ok(&["disable", &name]);
    assert_eq!(
        out,
        format!("FederatedTypeConfig \"{key}\" does not exist\n")
    );
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn disable_keeps_the_crd_without_delete_crd() {
    let _turn = crate::support::take_turn();
    let t = create_crd("keep", None, replicas_schema()).await;
    let name = t.name();
    ok(&["enable", &name]);
    // By its kind, as Go allowed for names without a dot.
    let out = ok(&["disable", &t.kind]);
    assert!(
        out.contains("Disabled propagation") && out.contains("deleted\n"),
        "{out}"
    );
    assert!(
        get_ftc(&name)
            .await
            .is_none_or(|f| f.metadata.deletion_timestamp.is_some())
    );
    assert!(get_crd(&t.federated_crd()).await.is_some());
    ok(&["disable", &name, "--delete-crd"]);
    assert!(
        get_crd(&t.federated_crd())
            .await
            .is_none_or(|c| c.metadata.deletion_timestamp.is_some())
    );
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn dry_runs_write_nothing() {
    let _turn = crate::support::take_turn();
    let t = create_crd("dry", None, replicas_schema()).await;
    let name = t.name();
    for mode in ["--dry-run", "--dry-run=server"] {
        let out = ok(&["enable", &name, mode]);
        assert!(
            out.contains(&format!("{} created", t.federated_crd())),
            "{out}"
        );
        assert!(
            out.contains(&format!("{name} created in namespace")),
            "{out}"
        );
        assert!(get_crd(&t.federated_crd()).await.is_none(), "{mode}");
        assert!(get_ftc(&name).await.is_none(), "{mode}");
    }
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn disable_dry_runs_change_nothing() {
    let _turn = crate::support::take_turn();
    let t = create_crd("drydisable", None, replicas_schema()).await;
    let name = t.name();
    ok(&["enable", &name]);
    for mode in ["--dry-run", "--dry-run=server"] {
        let out = ok(&["disable", &name, "--delete-crd", mode]);
        assert!(
            out.contains("deleted (") && !out.contains("Verifying"),
            "{out}"
        );
        assert_eq!(
            get_ftc(&name).await.unwrap().data["spec"]["propagation"],
            "Enabled",
            "{mode}"
        );
        assert!(get_crd(&t.federated_crd()).await.is_some(), "{mode}");
    }
    ok(&["disable", &name, "--delete-crd"]);
}

#[test]
#[ignore = "needs the test control plane: scripts/test"]
fn flag_combinations_go_rejected_or_ignored() {
    let _turn = crate::support::take_turn();
    for args in [
        ["enable", "jobs", "-f", "directive.yaml"].as_slice(),
        &[
            "enable",
            "-f",
            "directive.yaml",
            "--federated-group",
            "g.example.com",
        ],
        &["disable", "jobs", "--version", "v1"],
        &["disable", "jobs", "--federated-group", "g.example.com"],
        &["enable"],
        &["disable"],
    ] {
        let output = ours_on(HOST, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).starts_with("error: "),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn failed_type_config_write_deletes_the_new_crd() {
    let _turn = crate::support::take_turn();
    let t = create_crd("rollback", None, replicas_schema()).await;
    // A namespace that exists but is terminating, held by a finalizer: the CRD can be
    // written, the FederatedTypeConfig in that namespace cannot.
    let client = control_plane().client(HOST).await;
    let ns = unique_name("terminating");
    let namespaces: Api<Namespace> = Api::all(client.clone());
    let mut namespace = Namespace::default();
    namespace.metadata.name = Some(ns.clone());
    namespaces
        .create(&PostParams::default(), &namespace)
        .await
        .unwrap();
    let config_maps: Api<ConfigMap> = Api::namespaced(client.clone(), &ns);
    let mut held = ConfigMap::default();
    held.metadata.name = Some("held".into());
    held.metadata.finalizers = Some(vec!["example.com/hold".into()]);
    config_maps
        .create(&PostParams::default(), &held)
        .await
        .unwrap();
    namespaces
        .delete(&ns, &DeleteParams::default())
        .await
        .unwrap();

    let output = ours_on(HOST, &["enable", &t.name(), "--kubefed-namespace", &ns]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("was deleted again") && err.contains("cluster1"),
        "{err}"
    );
    assert!(
        !stdout(&output).contains("federatedtypeconfig"),
        "{}",
        stdout(&output)
    );
    eventually("new CRD deleted", Duration::from_secs(30), || async {
        get_crd(&t.federated_crd()).await.is_none().then_some(())
    })
    .await;

    config_maps
        .patch(
            "held",
            &PatchParams::default(),
            &Patch::Merge(json!({"metadata": {"finalizers": null}})),
        )
        .await
        .unwrap();
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn a_federated_kind_already_in_use_fails_at_once_and_is_undone() {
    let _turn = crate::support::take_turn();
    let first = create_crd("clash", None, replicas_schema()).await;
    // Another group's type of the same kind: its federated CRD would be a second
    // Federated<kind> in types.kubefed.io, which the API server refuses.
    let second = TestType {
        plural: format!("{}x", first.plural),
        group: format!("other.{}", first.group),
        kind: first.kind.clone(),
    };
    serve_crd(&second, &format!("{}x", first.plural), replicas_schema()).await;
    ok(&["enable", &first.name()]);

    let err = fails(&["enable", &second.name(), "--timeout", "60s"]);
    assert!(
        err.contains("refused the names") && err.contains(&format!("Federated{}", first.kind)),
        "{err}"
    );
    assert!(err.contains("was deleted again"), "{err}");
    assert!(err.contains("hint: another CRD"), "{err}");
    // Refused at once: the wait did not run into its timeout.
    assert!(!err.contains("within 60s"), "{err}");
    eventually(
        "the clashing CRD deleted",
        Duration::from_secs(30),
        || async {
            get_crd(&second.federated_crd())
                .await
                .is_none()
                .then_some(())
        },
    )
    .await;
    assert!(get_ftc(&second.name()).await.is_none());
    assert!(get_crd(&first.federated_crd()).await.is_some());
    ok(&["disable", &first.name(), "--delete-crd", "--yes"]);
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn bad_input_is_one_error_line_and_writes_nothing() {
    let _turn = crate::support::take_turn();
    let err = fails(&["enable", "nosuchtype"]);
    assert!(
        err.contains("Unable to find api resource named \"nosuchtype\" on context \"cluster1\""),
        "{err}"
    );

    // Two CRDs with one plural in two groups.
    let plural = format!("{}s", unique_name("twin").replace('-', ""));
    let a = create_crd("twina", Some(&plural), replicas_schema()).await;
    let b = create_crd("twinb", Some(&plural), replicas_schema()).await;
    let err = fails(&["enable", &plural]);
    assert!(
        err.contains(&format!(
            "Multiple resources are matched by \"{plural}\" on context \"cluster1\""
        )),
        "{err}"
    );
    assert!(err.contains(&a.name()) && err.contains(&b.name()), "{err}");

    let err = fails(&[
        "enable",
        &a.name(),
        "--kubefed-namespace",
        "no-such-namespace",
    ]);
    assert!(
        err.contains(
            "KubeFed namespace \"no-such-namespace\" does not exist on context \"cluster1\""
        ),
        "{err}"
    );
    assert!(get_crd(&a.federated_crd()).await.is_none());

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.yaml");
    std::fs::write(&path, "metadata: [unclosed\n").unwrap();
    let err = fails(&["enable", "-f", path.to_str().unwrap()]);
    assert!(err.contains("bad.yaml"), "{err}");

    let err = fails(&["disable", "nosuchtype"]);
    assert!(
        err.contains("\"nosuchtype\" on context \"cluster1\""),
        "{err}"
    );
}
