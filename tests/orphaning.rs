//! orphaning-deletion against a real control plane: enable sets the `kubefed.io/orphan`
//! annotation, status reports it (text and -o json|yaml) as the reference Go kubefedctl
//! does, disable removes it, dry runs change nothing, bad input is one error line.

use std::process::Output;
use std::sync::OnceLock;
use std::time::Duration;

use k8s_openapi::api::core::v1::Namespace;
use kube::api::{Api, DynamicObject, Patch, PatchParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{Value, json};

use crate::support::{HOST, KUBEFED_NAMESPACE, control_plane, eventually, ours_on, unique_name};

const ORPHAN: &str = "kubefed.io/orphan";

/// `orphaning-deletion` followed by `args`: the command line of every run of our
/// binary here.
fn orphaning_deletion<'a>(args: &[&'a str]) -> Vec<&'a str> {
    [&["orphaning-deletion"][..], args].concat()
}

fn go(args: &[&str]) -> Output {
    crate::support::go_kubefedctl()
        .arg("orphaning-deletion")
        .args(args)
        .args(["--host-cluster-context", HOST])
        .output()
        .expect("run Go kubefedctl")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Fails unless the run exited 0; returns stdout.
#[track_caller]
fn succeeded(output: &Output, what: &str) -> String {
    assert!(
        output.status.success(),
        "{what}: exit {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr)
    );
    text(&output.stdout)
}

#[track_caller]
fn ok(args: &[&str]) -> String {
    succeeded(
        &ours_on(HOST, &orphaning_deletion(args)),
        &format!("kubefedctl orphaning-deletion {args:?}"),
    )
}

/// Fails unless our binary exited 2 with one `error:` line and a hint, printing nothing
/// on stdout; returns stderr.
#[track_caller]
fn fails(args: &[&str]) -> String {
    let output = ours_on(HOST, &orphaning_deletion(args));
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
    assert!(output.stdout.is_empty(), "{}", text(&output.stdout));
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(!err.contains("caused by:"), "{err}");
    assert_eq!(err.matches("hint:").count(), 1, "{err}");
    err
}

fn federated_configmaps() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("types.kubefed.io", "v1beta1", "FederatedConfigMap"),
        "federatedconfigmaps",
    )
}

/// Enables configmaps on the host with our own `enable` (idempotent), once per binary,
/// and waits until the KubeFed controller runs their sync controller. That needs the
/// namespaces type too: without it the controller does not sync namespaced types (and
/// retries only once a minute).
async fn enable_configmaps() {
    static ENABLED: OnceLock<()> = OnceLock::new();
    ENABLED.get_or_init(|| {
        let output = crate::support::kubefedctl()
            .args([
                "enable",
                "namespaces",
                "configmaps",
                "--host-cluster-context",
                HOST,
            ])
            .output()
            .expect("run kubefedctl enable");
        succeeded(&output, "kubefedctl enable namespaces configmaps");
    });
    let client = control_plane().client(HOST).await;
    let ftcs: Api<DynamicObject> = Api::namespaced_with(
        client,
        KUBEFED_NAMESPACE,
        &ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk("core.kubefed.io", "v1beta1", "FederatedTypeConfig"),
            "federatedtypeconfigs",
        ),
    );
    eventually(
        "the configmaps sync controller running",
        Duration::from_secs(150),
        || async {
            let ftc = ftcs.get("configmaps").await.ok()?;
            (ftc.data["status"]["propagationController"] == "Running").then_some(())
        },
    )
    .await;
}

/// A FederatedConfigMap in a namespace of its own, once the KubeFed controller has
/// stopped changing it (it adds a finalizer and a status), so that its resourceVersion
/// shows whether anyone else wrote it.
struct Fixture {
    namespace: String,
    name: String,
    api: Api<DynamicObject>,
}

impl Fixture {
    async fn new() -> Self {
        enable_configmaps().await;
        let client = control_plane().client(HOST).await;
        let namespace = unique_name("orphan");
        let namespaces: Api<Namespace> = Api::all(client.clone());
        let ns: Namespace =
            serde_json::from_value(json!({"metadata": {"name": namespace}})).unwrap();
        namespaces
            .create(&PostParams::default(), &ns)
            .await
            .expect("create namespace");
        let name = unique_name("cm");
        let api: Api<DynamicObject> =
            Api::namespaced_with(client, &namespace, &federated_configmaps());
        let object: DynamicObject = serde_json::from_value(json!({
            "apiVersion": "types.kubefed.io/v1beta1",
            "kind": "FederatedConfigMap",
            "metadata": {"name": name, "namespace": namespace, "annotations": {"keep": "me"}},
            "spec": {"template": {"data": {"a": "b"}}, "placement": {"clusters": []}},
        }))
        .unwrap();
        api.create(&PostParams::default(), &object)
            .await
            .expect("create FederatedConfigMap");
        let fixture = Fixture {
            namespace,
            name,
            api,
        };
        fixture.settle().await;
        fixture
    }

    async fn get(&self) -> DynamicObject {
        self.api
            .get(&self.name)
            .await
            .expect("read FederatedConfigMap")
    }

    fn annotation(object: &DynamicObject) -> Option<&str> {
        object
            .metadata
            .annotations
            .as_ref()?
            .get(ORPHAN)
            .map(String::as_str)
    }

    async fn orphan_annotation(&self) -> Option<String> {
        Self::annotation(&self.get().await).map(str::to_owned)
    }

    /// Waits until the controller's finalizer is there and the resourceVersion has held
    /// for a second.
    async fn settle(&self) {
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        let mut last: Option<String> = None;
        let mut stable = 0;
        while stable < 5 {
            assert!(
                std::time::Instant::now() < deadline,
                "the controller kept changing {}",
                self.description()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
            let object = self.get().await;
            let finalized = object
                .metadata
                .finalizers
                .as_ref()
                .is_some_and(|f| f.iter().any(|f| f == "kubefed.io/sync-controller"));
            let version = object.metadata.resource_version;
            stable = if finalized && version == last {
                stable + 1
            } else {
                0
            };
            last = version;
        }
    }

    /// TYPE NAME -n NAMESPACE, after `verb`.
    fn args<'a>(&'a self, verb: &'a str, type_name: &'a str) -> Vec<&'a str> {
        vec![verb, type_name, &self.name, "-n", &self.namespace]
    }

    fn description(&self) -> String {
        format!("FederatedConfigMap \"{}/{}\"", self.namespace, self.name)
    }

    async fn set_annotation(&self, value: &str) {
        self.api
            .patch(
                &self.name,
                &PatchParams::default(),
                &Patch::Merge(json!({"metadata": {"annotations": {ORPHAN: value}}})),
            )
            .await
            .expect("annotate");
    }
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn enable_status_disable() {
    let _turn = crate::support::take_turn();
    let f = Fixture::new().await;
    assert_eq!(ok(&f.args("status", "configmaps")), "Disabled\n");

    let out = ok(&f.args("enable", "configmaps"));
    assert_eq!(out, format!("Orphaning enabled for {}\n", f.description()));
    let object = f.get().await;
    assert_eq!(Fixture::annotation(&object), Some("true"));
    assert_eq!(
        object.metadata.annotations.as_ref().unwrap()["keep"],
        "me",
        "other annotations are kept"
    );
    // Enabling again changes nothing.
    let out = ok(&f.args("enable", "federatedconfigmaps"));
    assert_eq!(
        out,
        format!("Orphaning already enabled for {}\n", f.description())
    );
    assert_eq!(
        f.get().await.metadata.resource_version,
        object.metadata.resource_version
    );

    // Every name of the type works: target, federated plural, kind and short name.
    for type_name in [
        "configmaps",
        "ConfigMap",
        "federatedconfigmaps",
        "FederatedConfigMap",
        "federatedconfigmaps.types.kubefed.io",
    ] {
        assert_eq!(ok(&f.args("status", type_name)), "Enabled\n", "{type_name}");
    }
    let mut args = f.args("status", "configmaps");
    args.extend(["-o", "json"]);
    let doc: Value = serde_json::from_str(&ok(&args)).unwrap();
    assert_eq!(
        doc,
        json!({
            "type": "federatedconfigmaps.types.kubefed.io",
            "kind": "FederatedConfigMap",
            "namespace": f.namespace,
            "name": f.name,
            "orphaningEnabled": true,
        })
    );

    let out = ok(&f.args("disable", "configmaps"));
    assert_eq!(out, format!("Orphaning disabled for {}\n", f.description()));
    let object = f.get().await;
    assert_eq!(Fixture::annotation(&object), None, "annotation removed");
    assert_eq!(object.metadata.annotations.as_ref().unwrap()["keep"], "me");
    let out = ok(&f.args("disable", "configmaps"));
    assert_eq!(
        out,
        format!("Orphaning already disabled for {}\n", f.description())
    );
    let mut args = f.args("status", "fcm");
    args.extend(["-o", "yaml"]);
    let doc: Value = serde_saphyr::from_str(&ok(&args)).unwrap();
    assert_eq!(doc["orphaningEnabled"], json!(false));

    // A value other than "true" means disabled, and disable leaves it alone (as Go does).
    f.set_annotation("false").await;
    assert_eq!(ok(&f.args("status", "configmaps")), "Disabled\n");
    ok(&f.args("disable", "configmaps"));
    assert_eq!(f.orphan_annotation().await.as_deref(), Some("false"));
    ok(&f.args("enable", "configmaps"));
    assert_eq!(f.orphan_annotation().await.as_deref(), Some("true"));
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn dry_runs_change_nothing() {
    let _turn = crate::support::take_turn();
    let f = Fixture::new().await;
    for (verb, before) in [("enable", None), ("disable", Some("true"))] {
        if before.is_some() {
            ok(&f.args("enable", "configmaps"));
            f.settle().await;
        }
        let version = f.get().await.metadata.resource_version;
        for (flag, suffix) in [
            ("--dry-run", " (dry run)"),
            ("--dry-run=client", " (dry run)"),
            ("--dry-run=server", " (server dry run)"),
        ] {
            let mut args = f.args(verb, "configmaps");
            args.push(flag);
            let out = ok(&args);
            assert_eq!(
                out,
                format!("Orphaning {verb}d for {}{suffix}\n", f.description()),
                "{flag}"
            );
            let object = f.get().await;
            assert_eq!(
                object.metadata.resource_version, version,
                "{verb} {flag} wrote the object"
            );
            assert_eq!(Fixture::annotation(&object), before, "{verb} {flag}");
        }
    }
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn status_agrees_with_go() {
    let _turn = crate::support::take_turn();
    let f = Fixture::new().await;
    // Go needs the federated type's name.
    let status = |go_run: bool| {
        let args = f.args("status", "federatedconfigmaps");
        let output = if go_run {
            go(&args)
        } else {
            ours_on(HOST, &orphaning_deletion(&args))
        };
        succeeded(&output, if go_run { "Go status" } else { "our status" })
    };
    assert_eq!(status(true), "Disabled\n");
    assert_eq!(status(false), status(true));

    ok(&f.args("enable", "configmaps"));
    assert_eq!(status(true), "Enabled\n", "Go reads what we enabled");
    assert_eq!(status(false), status(true));

    succeeded(&go(&f.args("disable", "federatedconfigmaps")), "Go disable");
    assert_eq!(f.orphan_annotation().await, None);
    assert_eq!(status(false), "Disabled\n", "we read what Go disabled");
    assert_eq!(status(false), status(true));

    succeeded(&go(&f.args("enable", "federatedconfigmaps")), "Go enable");
    assert_eq!(status(false), "Enabled\n", "we read what Go enabled");

    f.set_annotation("false").await;
    assert_eq!(status(false), "Disabled\n");
    assert_eq!(status(false), status(true));
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn bad_input_is_one_error_line() {
    let _turn = crate::support::take_turn();
    let f = Fixture::new().await;
    let version = f.get().await.metadata.resource_version;

    let err = fails(&f.args("enable", "nosuchtype"));
    assert!(
        err.starts_with("error: Unable to find api resource named \"nosuchtype\""),
        "{err}"
    );

    let err = fails(&["status", "configmaps", "missing", "-n", &f.namespace]);
    assert!(
        err.starts_with(&format!(
            "error: FederatedConfigMap \"{}/missing\" not found on context \"{HOST}\"\n",
            f.namespace
        )),
        "{err}"
    );
    assert!(
        err.contains("kubefedctl federate configmaps missing"),
        "{err}"
    );
    let err = fails(&["enable", "fcm", &f.name, "-n", "no-such-namespace"]);
    assert!(err.contains("not found"), "{err}");

    // limitranges are not enabled by any test.
    let err = fails(&["disable", "limitranges", &f.name, "-n", &f.namespace]);
    assert!(
        err.starts_with(&format!(
            "error: \"limitranges\" is not enabled for federation on context \"{HOST}\""
        )),
        "{err}"
    );
    assert!(err.contains("kubefedctl enable limitranges"), "{err}");
    // A FederatedTypeConfig looked for in the wrong namespace: not enabled either.
    let mut args = f.args("enable", "configmaps");
    args.extend(["--kubefed-namespace", "elsewhere"]);
    let err = fails(&args);
    assert!(err.contains("\"elsewhere/configmaps\""), "{err}");

    assert_eq!(f.get().await.metadata.resource_version, version);
}

#[test]
#[ignore = "needs the test control plane: scripts/test"]
fn bare_command_prints_its_help() {
    let _turn = crate::support::take_turn();
    let output = crate::support::kubefedctl()
        .arg("orphaning-deletion")
        .output()
        .unwrap();
    let out = succeeded(&output, "kubefedctl orphaning-deletion");
    assert!(
        out.contains("Usage: kubefedctl orphaning-deletion"),
        "{out}"
    );
    for sub in ["enable", "disable", "status"] {
        assert!(out.contains(&format!("\n  {sub} ")), "{out}");
    }
    assert!(output.stderr.is_empty());
}
