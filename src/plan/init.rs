//! What `init` installs on the host cluster for the KubeFed controller: the namespace, the
//! KubeFed CRDs, a fully populated KubeFedConfig and, optionally, the controller's
//! ServiceAccount, RBAC and Deployment.
//!
//! The CRDs are this project's, written from the fields of the KubeFed v0.10.0 API types
//! (files under `crds/`, embedded in the binary); they are structural, so the API server
//! prunes unknown fields, and carry a status subresource where the type has a status.

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::core::ApiResource;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::plan::enable::crd_resource;
use crate::plan::join::{
    Object, Scope, cluster_role_binding_resource, cluster_role_resource, kubefed_config_resource,
    namespace_resource, role_binding_resource, role_resource, service_account_resource,
};
use crate::plan::kubefed::{
    ClusterHealthCheck, ControllerDuration, FeatureGateConfiguration, KubeFedConfig,
    KubeFedConfigSpec, LeaderElect, StatusController, SyncController,
};

/// The KubeFed CRDs in the order they are applied.
const CRD_FILES: [&str; 7] = [
    include_str!("crds/kubefedclusters.yaml"),
    include_str!("crds/kubefedconfigs.yaml"),
    include_str!("crds/federatedtypeconfigs.yaml"),
    include_str!("crds/propagatedversions.yaml"),
    include_str!("crds/clusterpropagatedversions.yaml"),
    include_str!("crds/federatedservicestatuses.yaml"),
    include_str!("crds/replicaschedulingpreferences.yaml"),
];

/// The CRDs of cross-cluster service discovery (`multiclusterdns.kubefed.io`, which
/// KubeFed v0.6 had and v0.7 removed), which `init --dns` adds and `kubefedctl dns` uses.
const DNS_CRD_FILES: [&str; 4] = [
    include_str!("crds/domains.yaml"),
    include_str!("crds/servicednsrecords.yaml"),
    include_str!("crds/ingressdnsrecords.yaml"),
    include_str!("crds/dnsendpoints.yaml"),
];

/// The types `init --enable-defaults` enables: those the KubeFed chart enabled, and
/// ClusterRoleBindings.
pub(crate) const DEFAULT_TYPES: [&str; 11] = [
    "namespaces",
    "clusterroles.rbac.authorization.k8s.io",
    "clusterrolebindings.rbac.authorization.k8s.io",
    "serviceaccounts",
    "secrets",
    "configmaps",
    "services",
    "ingresses.networking.k8s.io",
    "replicasets.apps",
    "jobs.batch",
    "deployments.apps",
];

/// Marks the namespace `init` wrote, so that teardown deletes only a namespace init made.
pub(crate) const MANAGED_BY_LABEL: &str = "app.kubernetes.io/managed-by";
pub(crate) const MANAGED_BY: &str = "kubefedctl";

/// Names of the controller objects `--controller-image` adds.
pub(crate) const CONTROLLER_NAME: &str = "kubefed-controller-manager";
pub(crate) const CONTROLLER_SERVICE_ACCOUNT: &str = "kubefed-controller";

/// The KubeFed CRDs as objects to apply.
pub(crate) fn crds() -> Vec<Object> {
    crd_objects(&CRD_FILES)
}

/// The CRDs of `multiclusterdns.kubefed.io` as objects to apply.
pub(crate) fn dns_crds() -> Vec<Object> {
    crd_objects(&DNS_CRD_FILES)
}

fn crd_objects(files: &[&str]) -> Vec<Object> {
    files
        .iter()
        .map(|text| {
            // The files are part of the binary and parsed by the unit tests. They are
            // written as they are: the typed form holds numbers as floats (`minimum: 0.0`).
            let body: Value = serde_saphyr::from_str(text).expect("embedded CRD is valid YAML");
            let crd = CustomResourceDefinition::deserialize(&body)
                .expect("embedded CRD is a CustomResourceDefinition");
            let name = crd.metadata.name.unwrap_or_default();
            Object::new(crd_resource(), None, &name, body)
        })
        .collect()
}

/// What the CRDs declare, for the tests of the objects the tool writes.
#[cfg(test)]
pub(crate) mod declared {
    use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::{
        CustomResourceDefinition, JSONSchemaProps, JSONSchemaPropsOrArray, JSONSchemaPropsOrBool,
    };
    use serde::Deserialize;
    use serde_json::Value;

    use super::{crds, dns_crds};

    /// The fields of `object` (or of a patch of it) that the storage version of embedded CRD
    /// `crd_name` does not declare: the API server would drop them without a word, so what
    /// the tool writes of KubeFed's objects must have none. `metadata` is the API server's.
    pub(crate) fn undeclared_fields(crd_name: &str, object: &Value) -> Vec<String> {
        let crd = crds()
            .into_iter()
            .chain(dns_crds())
            .find(|crd| crd.name == crd_name)
            .unwrap_or_else(|| panic!("no embedded CRD {crd_name}"));
        let crd = CustomResourceDefinition::deserialize(&crd.body).unwrap();
        let schema = crd
            .spec
            .versions
            .iter()
            .find(|version| version.storage)
            .and_then(|version| version.schema.as_ref()?.open_api_v3_schema.as_ref())
            .unwrap_or_else(|| panic!("{crd_name} has no schema"));
        let mut undeclared = Vec::new();
        for (field, value) in object.as_object().into_iter().flatten() {
            if field != "metadata" {
                let declared = schema.properties.as_ref().and_then(|p| p.get(field));
                collect_undeclared(value, declared, field, &mut undeclared);
            }
        }
        undeclared
    }

    fn collect_undeclared(
        value: &Value,
        schema: Option<&JSONSchemaProps>,
        path: &str,
        undeclared: &mut Vec<String>,
    ) {
        let Some(schema) = schema else {
            undeclared.push(path.to_owned());
            return;
        };
        if schema.x_kubernetes_preserve_unknown_fields == Some(true) {
            return;
        }
        match value {
            Value::Object(fields) => {
                for (field, value) in fields {
                    let declared = schema.properties.as_ref().and_then(|p| p.get(field));
                    let declared = match (&schema.additional_properties, declared) {
                        (_, Some(declared)) => Some(declared),
                        (Some(JSONSchemaPropsOrBool::Schema(any)), None) => Some(&**any),
                        (Some(JSONSchemaPropsOrBool::Bool(true)), None) => continue,
                        _ => None,
                    };
                    collect_undeclared(value, declared, &format!("{path}.{field}"), undeclared);
                }
            }
            Value::Array(items) => {
                let item = match &schema.items {
                    Some(JSONSchemaPropsOrArray::Schema(item)) => Some(&**item),
                    _ => None,
                };
                for (i, value) in items.iter().enumerate() {
                    collect_undeclared(value, item, &format!("{path}[{i}]"), undeclared);
                }
            }
            _ => {}
        }
    }
}

/// The KubeFedConfig settings `init` writes. Every field is set, so that the object
/// shows what the controller runs with, not only where the flags differ from KubeFed's
/// defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Settings {
    pub scope: Scope,
    pub available_delay: Duration,
    pub unavailable_delay: Duration,
    pub cache_sync_timeout: Duration,
    pub lease_duration: Duration,
    pub renew_deadline: Duration,
    pub retry_period: Duration,
    pub health_check_period: Duration,
    pub health_check_timeout: Duration,
    pub failure_threshold: u32,
    pub success_threshold: u32,
    /// Of the sync and the status controller.
    pub max_concurrent_reconciles: u32,
    pub adopt_resources: bool,
    /// The controller's feature gates, each on or off.
    pub feature_gates: FeatureGates,
}

/// A KubeFedConfig setting init refuses, named by its flag.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum SettingsError {
    #[error("unknown feature gate \"{name}\" (KubeFed v0.10.0 has {known})")]
    UnknownFeatureGate { name: String, known: String },
    #[error("feature gate {name}={value}: the value must be true or false")]
    FeatureGateValue { name: String, value: String },
    #[error("{flag} must be longer than 0s")]
    ZeroDuration { flag: &'static str },
    #[error(
        "--leader-elect-renew-deadline ({renew_deadline}) must be shorter than \
         --leader-elect-lease-duration ({lease_duration})"
    )]
    RenewDeadlineNotShorterThanLease {
        renew_deadline: String,
        lease_duration: String,
    },
    #[error(
        "--leader-elect-renew-deadline ({renew_deadline}) must be longer than 1.2 times \
         --leader-elect-retry-period ({retry_period})"
    )]
    RenewDeadlineWithinRetryJitter {
        renew_deadline: String,
        retry_period: String,
    },
}

/// KubeFed v0.10.0's feature gates with their defaults, in the KubeFedConfig's order.
pub(crate) const FEATURE_GATES: [(&str, bool); 3] = [
    ("PushReconciler", true),
    ("RawResourceStatusCollection", false),
    ("SchedulerPreferences", true),
];

/// Whether each of [`FEATURE_GATES`] is on: the defaults, changed by `--feature-gates`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FeatureGates(BTreeMap<&'static str, bool>);

impl Default for FeatureGates {
    fn default() -> Self {
        FeatureGates(FEATURE_GATES.into_iter().collect())
    }
}

impl FeatureGates {
    /// The defaults with `changes` (`NAME=true|false`, as Kubernetes components take
    /// `--feature-gates`) applied; an unknown gate or a value that is no boolean is an
    /// error naming it.
    pub(crate) fn with(changes: &[(String, String)]) -> Result<Self, SettingsError> {
        let mut gates = FeatureGates::default();
        for (name, value) in changes {
            let Some((known, _)) = FEATURE_GATES.iter().find(|(known, _)| known == name) else {
                let known: Vec<&str> = FEATURE_GATES.iter().map(|(name, _)| *name).collect();
                return Err(SettingsError::UnknownFeatureGate {
                    name: name.clone(),
                    known: known.join(", "),
                });
            };
            let on = match value.as_str() {
                "true" | "True" | "TRUE" => true,
                "false" | "False" | "FALSE" => false,
                _ => {
                    return Err(SettingsError::FeatureGateValue {
                        name: name.clone(),
                        value: value.clone(),
                    });
                }
            };
            gates.0.insert(known, on);
        }
        Ok(gates)
    }

    fn list(&self) -> Vec<FeatureGateConfiguration> {
        self.0
            .iter()
            .map(|(name, on)| FeatureGateConfiguration {
                name: (*name).to_owned(),
                configuration: enabled(*on).to_owned(),
            })
            .collect()
    }
}

impl Settings {
    /// The checks KubeFed's validating webhook makes (and init's ValidatingAdmissionPolicy
    /// where the host serves one), made first so that the error names the flag.
    pub(crate) fn check(&self) -> Result<(), SettingsError> {
        let durations = [
            ("--cluster-available-delay", self.available_delay),
            ("--cluster-unavailable-delay", self.unavailable_delay),
            ("--cache-sync-timeout", self.cache_sync_timeout),
            ("--leader-elect-lease-duration", self.lease_duration),
            ("--leader-elect-renew-deadline", self.renew_deadline),
            ("--leader-elect-retry-period", self.retry_period),
            ("--cluster-health-check-period", self.health_check_period),
            ("--cluster-health-check-timeout", self.health_check_timeout),
        ];
        if let Some((flag, _)) = durations.iter().find(|(_, d)| d.is_zero()) {
            return Err(SettingsError::ZeroDuration { flag });
        }
        if self.renew_deadline >= self.lease_duration {
            return Err(SettingsError::RenewDeadlineNotShorterThanLease {
                renew_deadline: go_duration(self.renew_deadline),
                lease_duration: go_duration(self.lease_duration),
            });
        }
        // client-go's leader election jitters the retry period by up to a factor 1.2.
        if self.renew_deadline * 5 <= self.retry_period * 6 {
            return Err(SettingsError::RenewDeadlineWithinRetryJitter {
                renew_deadline: go_duration(self.renew_deadline),
                retry_period: go_duration(self.retry_period),
            });
        }
        Ok(())
    }
}

/// A duration as Go's `time.ParseDuration` reads it: `10s`, `5m`, `1m30s`, `1500ms`;
/// exact to the nanosecond, since the flags accept `us` and `ns`.
pub fn go_duration(d: Duration) -> String {
    let subsec = d.subsec_nanos();
    if !subsec.is_multiple_of(1_000_000) {
        return format!("{}ns", d.as_nanos());
    }
    if subsec != 0 {
        return format!("{}ms", d.as_millis());
    }
    let secs = d.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

fn enabled(on: bool) -> &'static str {
    if on { "Enabled" } else { "Disabled" }
}

/// The namespace of the control plane, labelled as written by this tool.
pub(crate) fn namespace(namespace: &str) -> Object {
    let body = json!({
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": namespace, "labels": {MANAGED_BY_LABEL: MANAGED_BY}},
    });
    Object::new(namespace_resource(), None, namespace, body)
}

/// KubeFedConfig `kubefed`.
pub(crate) fn kubefed_config(namespace: &str, s: &Settings) -> Object {
    let config = KubeFedConfig {
        metadata: ObjectMeta {
            name: Some("kubefed".to_owned()),
            namespace: Some(namespace.to_owned()),
            ..ObjectMeta::default()
        },
        spec: KubeFedConfigSpec {
            scope: s.scope.as_str().to_owned(),
            controller_duration: Some(ControllerDuration {
                available_delay: go_duration(s.available_delay),
                unavailable_delay: go_duration(s.unavailable_delay),
                cache_sync_timeout: go_duration(s.cache_sync_timeout),
            }),
            leader_elect: Some(LeaderElect {
                lease_duration: go_duration(s.lease_duration),
                renew_deadline: go_duration(s.renew_deadline),
                retry_period: go_duration(s.retry_period),
                resource_lock: "configmaps".to_owned(),
            }),
            feature_gates: s.feature_gates.list(),
            cluster_health_check: Some(ClusterHealthCheck {
                period: go_duration(s.health_check_period),
                timeout: go_duration(s.health_check_timeout),
                failure_threshold: s.failure_threshold.into(),
                success_threshold: s.success_threshold.into(),
            }),
            sync_controller: Some(SyncController {
                max_concurrent_reconciles: s.max_concurrent_reconciles.into(),
                adopt_resources: enabled(s.adopt_resources).to_owned(),
            }),
            status_controller: Some(StatusController {
                max_concurrent_reconciles: s.max_concurrent_reconciles.into(),
            }),
        },
    };
    Object::new(
        kubefed_config_resource(),
        Some(namespace),
        "kubefed",
        config.to_object(),
    )
}

pub(crate) fn deployment_resource() -> ApiResource {
    ApiResource::erase::<Deployment>(&())
}

/// The ClusterRole (and binding) of a Cluster-scoped controller; named after the
/// namespace, since control planes in several namespaces of one cluster need one each.
pub(crate) fn controller_cluster_role_name(namespace: &str) -> String {
    format!("{CONTROLLER_NAME}:{namespace}")
}

/// What the controller reads and writes: everything of the KubeFed groups, the member
/// tokens, its leader-election lock and events (tests/lifecycle.rs runs the KubeFed
/// controller with the ServiceAccount's token).
fn controller_rules(scope: Scope) -> (Value, Value) {
    let kubefed = json!({
        "apiGroups": ["core.kubefed.io", "scheduling.kubefed.io", "types.kubefed.io"],
        "resources": ["*"],
        "verbs": ["*"],
    });
    let mut local = vec![
        json!({"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list", "watch"]}),
        json!({"apiGroups": [""], "resources": ["configmaps"],
               "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"]}),
        json!({"apiGroups": ["coordination.k8s.io"], "resources": ["leases"],
               "verbs": ["get", "list", "watch", "create", "update", "patch"]}),
        json!({"apiGroups": [""], "resources": ["events"], "verbs": ["create", "patch", "update"]}),
    ];
    let cluster = match scope {
        // Events go to the federated objects, in every namespace.
        Scope::Cluster => json!([
            kubefed,
            {"apiGroups": [""], "resources": ["events"], "verbs": ["create", "patch", "update"]},
            {"apiGroups": [""], "resources": ["namespaces"], "verbs": ["get", "list", "watch"]},
            {"apiGroups": ["apiextensions.k8s.io"], "resources": ["customresourcedefinitions"],
             "verbs": ["get", "list", "watch"]},
        ]),
        Scope::Namespaced => {
            local.push(kubefed);
            json!([])
        }
    };
    (json!(local), cluster)
}

/// The KubeFed controller manager running as ServiceAccount `kubefed-controller`: the
/// ServiceAccount, a Role in the namespace (with every permission of a Namespaced control
/// plane), for a Cluster-scoped one a ClusterRole, and the Deployment.
pub(crate) fn controller_objects(namespace: &str, scope: Scope, image: &str) -> Vec<Object> {
    let labels = json!({"kubefed-control-plane": "controller-manager"});
    let subject = json!([{
        "kind": "ServiceAccount",
        "name": CONTROLLER_SERVICE_ACCOUNT,
        "namespace": namespace,
    }]);
    let (local_rules, cluster_rules) = controller_rules(scope);
    let mut objects = vec![
        Object::new(
            service_account_resource(),
            Some(namespace),
            CONTROLLER_SERVICE_ACCOUNT,
            json!({
                "apiVersion": "v1",
                "kind": "ServiceAccount",
                "metadata": {"name": CONTROLLER_SERVICE_ACCOUNT, "namespace": namespace},
            }),
        ),
        Object::new(
            role_resource(),
            Some(namespace),
            CONTROLLER_NAME,
            json!({
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "Role",
                "metadata": {"name": CONTROLLER_NAME, "namespace": namespace},
                "rules": local_rules,
            }),
        ),
        Object::new(
            role_binding_resource(),
            Some(namespace),
            CONTROLLER_NAME,
            json!({
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "RoleBinding",
                "metadata": {"name": CONTROLLER_NAME, "namespace": namespace},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": CONTROLLER_NAME},
                "subjects": subject,
            }),
        ),
    ];
    if scope == Scope::Cluster {
        let name = controller_cluster_role_name(namespace);
        objects.push(Object::new(
            cluster_role_resource(),
            None,
            &name,
            json!({
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "ClusterRole",
                "metadata": {"name": name},
                "rules": cluster_rules,
            }),
        ));
        objects.push(Object::new(
            cluster_role_binding_resource(),
            None,
            &name,
            json!({
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "ClusterRoleBinding",
                "metadata": {"name": name},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": name},
                "subjects": subject,
            }),
        ));
    }
    let probe = json!({"httpGet": {"path": "/healthz", "port": 8080}, "periodSeconds": 10});
    objects.push(Object::new(
        deployment_resource(),
        Some(namespace),
        CONTROLLER_NAME,
        json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": CONTROLLER_NAME, "namespace": namespace, "labels": labels},
            "spec": {
                "replicas": 1,
                "selector": {"matchLabels": labels},
                "template": {
                    "metadata": {"labels": labels},
                    "spec": {
                        "serviceAccountName": CONTROLLER_SERVICE_ACCOUNT,
                        "securityContext": {"runAsNonRoot": true, "runAsUser": 1001},
                        "containers": [{
                            "name": "controller-manager",
                            "image": image,
                            "command": [
                                "/hyperfed/controller-manager",
                                format!("--kubefed-namespace={namespace}"),
                                "--v=2",
                            ],
                            "ports": [
                                {"name": "metrics", "containerPort": 9090},
                                {"name": "healthz", "containerPort": 8080},
                            ],
                            "livenessProbe": probe,
                            "readinessProbe": probe,
                            "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}},
                            "securityContext": {"allowPrivilegeEscalation": false},
                        }],
                    }
                }
            }
        }),
    ));
    objects
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            scope: Scope::Cluster,
            available_delay: Duration::from_secs(20),
            unavailable_delay: Duration::from_secs(60),
            cache_sync_timeout: Duration::from_secs(300),
            lease_duration: Duration::from_secs(15),
            renew_deadline: Duration::from_secs(10),
            retry_period: Duration::from_secs(5),
            health_check_period: Duration::from_secs(10),
            health_check_timeout: Duration::from_secs(3),
            failure_threshold: 3,
            success_threshold: 1,
            max_concurrent_reconciles: 1,
            adopt_resources: true,
            feature_gates: FeatureGates::default(),
        }
    }

    #[test]
    fn feature_gates_are_kubefeds_defaults_changed_by_name() {
        let names = |gates: &FeatureGates| -> Vec<Value> {
            let list = gates.list();
            list.iter()
                .map(|g| serde_json::to_value(g).unwrap())
                .collect()
        };
        assert_eq!(
            names(&FeatureGates::default()),
            [
                json!({"name": "PushReconciler", "configuration": "Enabled"}),
                json!({"name": "RawResourceStatusCollection", "configuration": "Disabled"}),
                json!({"name": "SchedulerPreferences", "configuration": "Enabled"}),
            ]
        );
        let changed = FeatureGates::with(&[
            ("RawResourceStatusCollection".into(), "true".into()),
            ("SchedulerPreferences".into(), "false".into()),
        ])
        .unwrap();
        assert_eq!(
            names(&changed)[1..],
            [
                json!({"name": "RawResourceStatusCollection", "configuration": "Enabled"}),
                json!({"name": "SchedulerPreferences", "configuration": "Disabled"}),
            ]
        );
        assert_eq!(
            FeatureGates::with(&[("Turbo".into(), "true".into())])
                .unwrap_err()
                .to_string(),
            "unknown feature gate \"Turbo\" (KubeFed v0.10.0 has PushReconciler, \
             RawResourceStatusCollection, SchedulerPreferences)"
        );
        assert_eq!(
            FeatureGates::with(&[("PushReconciler".into(), "on".into())])
                .unwrap_err()
                .to_string(),
            "feature gate PushReconciler=on: the value must be true or false"
        );
    }

    /// Every schema node says its type (or preserves unknown fields), as a structural
    /// schema must.
    fn assert_structural(schema: &Value, path: &str) {
        let has_type = schema["type"].is_string();
        assert!(
            has_type || schema["x-kubernetes-preserve-unknown-fields"] == true,
            "{path} has no type"
        );
        if let Some(properties) = schema["properties"].as_object() {
            for (name, child) in properties {
                assert_structural(child, &format!("{path}.{name}"));
            }
            if let Some(required) = schema["required"].as_array() {
                for name in required {
                    let name = name.as_str().unwrap();
                    assert!(
                        properties.contains_key(name),
                        "{path}: {name} required but not defined"
                    );
                }
            }
        }
        if !schema["items"].is_null() {
            assert_structural(&schema["items"], &format!("{path}[]"));
        }
        if schema["additionalProperties"].is_object() {
            assert_structural(&schema["additionalProperties"], &format!("{path}{{}}"));
        }
    }

    #[test]
    fn crds_are_structural_and_named_after_their_types() {
        let crds: Vec<Object> = crds().into_iter().chain(dns_crds()).collect();
        let names: Vec<&str> = crds.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "kubefedclusters.core.kubefed.io",
                "kubefedconfigs.core.kubefed.io",
                "federatedtypeconfigs.core.kubefed.io",
                "propagatedversions.core.kubefed.io",
                "clusterpropagatedversions.core.kubefed.io",
                "federatedservicestatuses.core.kubefed.io",
                "replicaschedulingpreferences.scheduling.kubefed.io",
                "domains.multiclusterdns.kubefed.io",
                "servicednsrecords.multiclusterdns.kubefed.io",
                "ingressdnsrecords.multiclusterdns.kubefed.io",
                "dnsendpoints.multiclusterdns.kubefed.io",
            ]
        );
        for crd in &crds {
            let spec = &crd.body["spec"];
            assert_eq!(
                crd.name,
                format!(
                    "{}.{}",
                    spec["names"]["plural"].as_str().unwrap(),
                    spec["group"].as_str().unwrap()
                )
            );
            assert_eq!(crd.body["apiVersion"], "apiextensions.k8s.io/v1");
            let versions = spec["versions"].as_array().unwrap();
            assert_eq!(versions.len(), 1, "{}", crd.name);
            let version = &versions[0];
            assert_eq!(version["storage"], true);
            let schema = &version["schema"]["openAPIV3Schema"];
            assert_structural(schema, &crd.name);
            // A status subresource exactly where the type has a (non-empty) status.
            let has_status = schema["properties"]["status"]["properties"].is_object();
            assert_eq!(
                version["subresources"]["status"].is_object(),
                has_status,
                "{}",
                crd.name
            );
        }
    }

    #[test]
    fn kubefed_cluster_columns_and_short_names() {
        let crds = crds();
        let kfc = &crds[0].body["spec"];
        assert_eq!(kfc["names"]["shortNames"], json!(["kfc"]));
        let columns: Vec<&str> = kfc["versions"][0]["additionalPrinterColumns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(columns, ["age", "ready", "kubernetes-version"]);
        assert_eq!(crds[2].body["spec"]["names"]["shortNames"], json!(["ftc"]));
        assert_eq!(crds[6].body["spec"]["names"]["shortNames"], json!(["rsp"]));
        // The YAML alias of the API resource schema is expanded.
        let ftc = &crds[2].body["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
            ["properties"];
        assert_eq!(
            ftc["federatedType"]["properties"],
            ftc["targetType"]["properties"]
        );
        assert!(ftc["statusType"]["properties"]["pluralName"].is_object());
    }

    #[test]
    fn fields_a_crd_does_not_declare_are_found_at_any_depth() {
        use super::declared::undeclared_fields;

        let object = json!({
            "apiVersion": "core.kubefed.io/v1beta1",
            "kind": "KubeFedCluster",
            "metadata": {"name": "c2", "labels": {"any": "label"}},
            "spec": {"apiEndpoint": "https://127.0.0.1", "proxyUrl": "",
                     "secretRef": {"name": "s", "key": "token"}},
            "status": {"conditions": [{"type": "Ready", "status": "True", "severity": "High"}]},
        });
        assert_eq!(
            undeclared_fields("kubefedclusters.core.kubefed.io", &object),
            [
                "spec.proxyUrl",
                "spec.secretRef.key",
                "status.conditions[0].severity"
            ]
        );
    }

    #[test]
    fn kubefed_config_is_fully_populated() {
        let config = kubefed_config("kube-federation-system", &settings());
        assert_eq!(config.namespace.as_deref(), Some("kube-federation-system"));
        assert_eq!(
            declared::undeclared_fields("kubefedconfigs.core.kubefed.io", &config.body),
            Vec::<String>::new()
        );
        assert_eq!(
            config.body["spec"],
            json!({
                "scope": "Cluster",
                "controllerDuration": {"availableDelay": "20s", "unavailableDelay": "1m", "cacheSyncTimeout": "5m"},
                "leaderElect": {"leaseDuration": "15s", "renewDeadline": "10s", "retryPeriod": "5s", "resourceLock": "configmaps"},
                "featureGates": [
                    {"name": "PushReconciler", "configuration": "Enabled"},
                    {"name": "RawResourceStatusCollection", "configuration": "Disabled"},
                    {"name": "SchedulerPreferences", "configuration": "Enabled"},
                ],
                "clusterHealthCheck": {"period": "10s", "timeout": "3s", "failureThreshold": 3, "successThreshold": 1},
                "syncController": {"maxConcurrentReconciles": 1, "adoptResources": "Enabled"},
                "statusController": {"maxConcurrentReconciles": 1},
            })
        );
        let namespaced = Settings {
            scope: Scope::Namespaced,
            adopt_resources: false,
            ..settings()
        };
        let config = kubefed_config("fed", &namespaced);
        assert_eq!(config.body["spec"]["scope"], "Namespaced");
        assert_eq!(
            config.body["spec"]["syncController"]["adoptResources"],
            "Disabled"
        );
    }

    /// Structural defaulting as the API server does it: a default for an absent field,
    /// then the defaults inside every object.
    fn apply_defaults(schema: &Value, value: &mut Value) {
        let Some(properties) = schema["properties"].as_object() else {
            return;
        };
        for (name, child) in properties {
            if value.get(name).is_none() && !child["default"].is_null() {
                value[name] = child["default"].clone();
            }
            if let Some(field) = value.get_mut(name) {
                apply_defaults(child, field);
            }
        }
    }

    /// Durations as Go reads them, so that "1m" and "1m0s" compare equal.
    fn parsed_durations(value: &mut Value) {
        match value {
            Value::String(text) => {
                if let Ok(d) = crate::plan::duration::parse_duration(text) {
                    *value = json!(d.as_nanos() as u64);
                }
            }
            Value::Object(map) => map.values_mut().for_each(parsed_durations),
            Value::Array(items) => items.iter_mut().for_each(parsed_durations),
            _ => {}
        }
    }

    /// A KubeFedConfig with nothing but its scope is completed by the CRD's defaults to
    /// what init writes with KubeFed's defaults; given values are kept.
    #[test]
    fn crd_defaults_are_kubefeds() {
        let crds = crds();
        let schema =
            &crds[1].body["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"];
        let mut spec = json!({"scope": "Cluster"});
        apply_defaults(schema, &mut spec);
        let mut expected = kubefed_config("kfs", &settings()).body["spec"].clone();
        assert_eq!(spec["controllerDuration"]["unavailableDelay"], "1m0s");
        parsed_durations(&mut spec);
        parsed_durations(&mut expected);
        assert_eq!(spec, expected);

        let mut partial =
            json!({"scope": "Cluster", "syncController": {"adoptResources": "Disabled"}});
        apply_defaults(schema, &mut partial);
        assert_eq!(
            partial["syncController"],
            json!({"adoptResources": "Disabled", "maxConcurrentReconciles": 1})
        );
    }

    #[test]
    fn durations_read_as_go_reads_them() {
        assert_eq!(go_duration(Duration::from_secs(10)), "10s");
        assert_eq!(go_duration(Duration::from_secs(90)), "1m30s");
        assert_eq!(go_duration(Duration::from_secs(3600)), "1h");
        assert_eq!(go_duration(Duration::from_secs(3661)), "1h1m1s");
        assert_eq!(go_duration(Duration::from_millis(1500)), "1500ms");
        assert_eq!(go_duration(Duration::ZERO), "0s");
        assert_eq!(go_duration(Duration::from_micros(1500)), "1500000ns");
        assert_eq!(go_duration(Duration::new(2, 5)), "2000000005ns");
    }

    #[test]
    fn settings_checks() {
        assert_eq!(settings().check(), Ok(()));
        let zero = Settings {
            health_check_period: Duration::ZERO,
            ..settings()
        };
        assert!(
            zero.check()
                .unwrap_err()
                .to_string()
                .contains("--cluster-health-check-period")
        );
        let renew = Settings {
            renew_deadline: Duration::from_secs(15),
            ..settings()
        };
        assert!(
            renew
                .check()
                .unwrap_err()
                .to_string()
                .contains("shorter than --leader-elect-lease-duration")
        );
        let retry = Settings {
            retry_period: Duration::from_secs(10),
            ..settings()
        };
        assert!(
            retry
                .check()
                .unwrap_err()
                .to_string()
                .contains("longer than 1.2 times --leader-elect-retry-period (10s)")
        );
        // The jitter: 8s * 1.2 = 9.6s fits in 10s, 9s * 1.2 does not.
        let jitter = |secs| Settings {
            retry_period: Duration::from_secs(secs),
            ..settings()
        };
        assert_eq!(jitter(8).check(), Ok(()));
        assert!(jitter(9).check().is_err());
    }

    #[test]
    fn controller_rbac_follows_the_scope() {
        let kinds = |objects: &[Object]| -> Vec<String> {
            objects
                .iter()
                .map(|o| format!("{}/{}", o.resource.kind, o.name))
                .collect()
        };
        let cluster = controller_objects(
            "kfs",
            Scope::Cluster,
            "quay.io/kubernetes-multicluster/kubefed:v0.10.0",
        );
        assert_eq!(
            kinds(&cluster),
            [
                "ServiceAccount/kubefed-controller",
                "Role/kubefed-controller-manager",
                "RoleBinding/kubefed-controller-manager",
                "ClusterRole/kubefed-controller-manager:kfs",
                "ClusterRoleBinding/kubefed-controller-manager:kfs",
                "Deployment/kubefed-controller-manager",
            ]
        );
        let deployment = &cluster[5].body["spec"]["template"]["spec"];
        assert_eq!(deployment["serviceAccountName"], "kubefed-controller");
        assert_eq!(
            deployment["containers"][0]["command"],
            json!([
                "/hyperfed/controller-manager",
                "--kubefed-namespace=kfs",
                "--v=2"
            ])
        );
        assert_eq!(cluster[4].body["subjects"][0]["namespace"], "kfs");

        let namespaced = controller_objects("kfs", Scope::Namespaced, "img");
        assert_eq!(
            kinds(&namespaced),
            [
                "ServiceAccount/kubefed-controller",
                "Role/kubefed-controller-manager",
                "RoleBinding/kubefed-controller-manager",
                "Deployment/kubefed-controller-manager",
            ]
        );
        let rules = namespaced[1].body["rules"].as_array().unwrap();
        assert!(rules.iter().any(|r| r["apiGroups"][0] == "core.kubefed.io"));
    }

    #[test]
    fn namespace_is_marked() {
        let ns = namespace("kfs");
        assert_eq!(ns.body["metadata"]["labels"][MANAGED_BY_LABEL], MANAGED_BY);
        assert!(ns.namespace.is_none());
    }
}
