//! KubeFed v0.10.0's objects as Rust types, for what this tool reads of them: the
//! envelope of every federated resource (template, placement, overrides, and the status
//! the sync controller writes), the KubeFedCluster (a joined member cluster), the
//! FederatedTypeConfig (an enabled type) and the KubeFedConfig (the controller's
//! settings). Field names are KubeFed's
//! (`types.kubefed.io` and `core.kubefed.io` v1beta1); fields this tool does not use are
//! left out and ignored when read.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Value, json};

use crate::plan::overrides::OverrideItem;

/// What the KubeFed object types here share: each is read from an object of the API (or
/// its JSON), and an object that is not KubeFed's shape (which the CRDs' schemas rule
/// out) is an error rather than a half-read value.
pub(crate) trait KubeFedObject: DeserializeOwned {
    fn metadata(&self) -> &ObjectMeta;

    fn from_value(object: &Value) -> Result<Self, serde_json::Error> {
        serde_json::from_value(object.clone())
    }

    fn from_object<K: Serialize>(object: &K) -> Result<Self, serde_json::Error> {
        serde_json::to_value(object).and_then(serde_json::from_value)
    }

    fn name(&self) -> &str {
        self.metadata().name.as_deref().unwrap_or_default()
    }
}

/// A condition as KubeFed writes them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Condition {
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

/// A federated resource (`FederatedConfigMap`, `FederatedDeployment`, ...).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub(crate) struct FederatedResource {
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: ObjectMeta,
    #[serde(default, deserialize_with = "null_as_default")]
    pub spec: FederatedSpec,
    #[serde(default, deserialize_with = "null_as_default")]
    pub status: FederatedStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub(crate) struct FederatedSpec {
    /// The target object without name and namespace; absent for types (namespaces) that
    /// can be made from an empty one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<Value>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub placement: PlacementSpec,
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub overrides: Vec<OverrideItem>,
}

/// `spec.placement`: a list of clusters, which wins when present (even empty), else a
/// label selector of KubeFedClusters.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PlacementSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clusters: Option<Vec<ClusterReference>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_selector: Option<LabelSelector>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) struct ClusterReference {
    pub name: String,
}

/// What the sync controller reports.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FederatedStatus {
    #[serde(default)]
    pub observed_generation: Option<i64>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub conditions: Vec<Condition>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub clusters: Vec<ClusterPropagation>,
}

/// `status.clusters[]`: the controller's word on one cluster; no status is success.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) struct ClusterPropagation {
    pub name: String,
    #[serde(default)]
    pub status: Option<String>,
}

impl KubeFedObject for FederatedResource {
    fn metadata(&self) -> &ObjectMeta {
        &self.metadata
    }
}

impl FederatedResource {
    /// Empty for a cluster-scoped federated type.
    pub(crate) fn namespace(&self) -> &str {
        self.metadata.namespace.as_deref().unwrap_or_default()
    }

    /// The `Propagation` condition, once the controller wrote one.
    pub(crate) fn propagation(&self) -> Option<&Condition> {
        self.status
            .conditions
            .iter()
            .find(|c| c.kind == "Propagation")
    }

    /// Whether the controller's status is about the current generation.
    pub(crate) fn status_is_current(&self) -> bool {
        match self.metadata.generation {
            None => true,
            Some(generation) => self
                .status
                .observed_generation
                .is_some_and(|observed| observed >= generation),
        }
    }

    /// The object to write, of the federated type `api_version` and `kind`.
    pub(crate) fn to_object(&self, api_version: &str, kind: &str) -> Value {
        written(api_version, kind, &self.metadata, &self.spec)
    }

    /// The template the members get; `null` when the object has none.
    pub(crate) fn template(&self) -> &Value {
        self.spec.template.as_ref().unwrap_or(&Value::Null)
    }

    /// The merge patch that sets `spec.overrides` to `overrides`, refused by the server
    /// (409) when the object changed since it was read.
    pub(crate) fn overrides_patch(&self, overrides: &[OverrideItem]) -> Value {
        json!({
            "metadata": {"resourceVersion": self.metadata.resource_version},
            "spec": {"overrides": overrides},
        })
    }

    /// The paths of the overrides for `cluster`, in order.
    pub(crate) fn override_paths(&self, cluster: &str) -> Vec<String> {
        self.spec
            .overrides
            .iter()
            .filter(|item| item.cluster_name == cluster)
            .flat_map(|item| &item.cluster_overrides)
            .map(|o| o.path.clone())
            .collect()
    }
}

/// A member cluster as the control plane records it (`core.kubefed.io/v1beta1`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub(crate) struct KubeFedCluster {
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: ObjectMeta,
    #[serde(default, deserialize_with = "null_as_default")]
    pub spec: KubeFedClusterSpec,
    #[serde(default, deserialize_with = "null_as_default")]
    pub status: KubeFedClusterStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct KubeFedClusterSpec {
    /// Empty when missing, which the CRD's schema rules out.
    #[serde(default)]
    pub api_endpoint: String,
    /// The member's CA certificates, base64-encoded PEM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_bundle: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub secret_ref: SecretReference,
    /// `["*"]` when TLS verification is off.
    #[serde(
        default,
        rename = "disabledTLSValidations",
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub disabled_tls_validations: Vec<String>,
    #[serde(default, rename = "proxyURL")]
    pub proxy_url: Option<String>,
}

/// What `rotate-credentials` changes of a KubeFedCluster, as a merge patch of its spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CredentialsPatch {
    pub secret_ref: SecretReference,
    /// Left out when `None` (the CA stays); `Some(None)` removes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ca_bundle: Option<Option<String>>,
}

impl CredentialsPatch {
    pub(crate) fn to_patch(&self) -> Value {
        json!({ "spec": self })
    }
}

/// The host Secret that holds the member's token.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) struct SecretReference {
    #[serde(default)]
    pub name: String,
}

/// What the cluster controller reports after each health check.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct KubeFedClusterStatus {
    #[serde(default, deserialize_with = "null_as_default")]
    pub conditions: Vec<ClusterCondition>,
    #[serde(default)]
    pub kubernetes_version: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub zones: Vec<String>,
    #[serde(default)]
    pub region: Option<String>,
}

/// `Ready`, `Offline` or `ConfigMalformed`, with the time of the probe.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ClusterCondition {
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub last_probe_time: Option<String>,
}

impl KubeFedObject for KubeFedCluster {
    fn metadata(&self) -> &ObjectMeta {
        &self.metadata
    }
}

impl KubeFedCluster {
    pub(crate) fn labels(&self) -> BTreeMap<String, String> {
        self.metadata.labels.clone().unwrap_or_default()
    }

    pub(crate) fn condition(&self, kind: &str) -> Option<&ClusterCondition> {
        self.status.conditions.iter().find(|c| c.kind == kind)
    }

    /// The object to write: apiVersion, kind, metadata and spec.
    pub(crate) fn to_object(&self) -> Value {
        written(
            "core.kubefed.io/v1beta1",
            "KubeFedCluster",
            &self.metadata,
            &self.spec,
        )
    }
}

/// An enabled type (`core.kubefed.io/v1beta1`): which target type propagates through
/// which federated type, and whether its sync controller runs.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub(crate) struct FederatedTypeConfig {
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: ObjectMeta,
    #[serde(default, deserialize_with = "null_as_default")]
    pub spec: FederatedTypeConfigSpec,
    #[serde(default, deserialize_with = "null_as_default")]
    pub status: FederatedTypeConfigStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FederatedTypeConfigSpec {
    #[serde(default, deserialize_with = "null_as_default")]
    pub target_type: TypeReference,
    #[serde(default, deserialize_with = "null_as_default")]
    pub federated_type: TypeReference,
    /// `Enabled` (the default) or `Disabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub propagation: Option<String>,
    /// The type that holds the federated resources' status, when not the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_type: Option<TypeReference>,
    /// `Enabled` or `Disabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_collection: Option<String>,
}

/// An API type as a FederatedTypeConfig names it; the group is empty for the core group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TypeReference {
    /// Left out when written, as KubeFed does.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub group: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub plural_name: String,
    /// `Namespaced` or `Cluster`.
    #[serde(default)]
    pub scope: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FederatedTypeConfigStatus {
    /// `Running` or `NotRunning`, once the controller reported.
    #[serde(default)]
    pub propagation_controller: Option<String>,
}

impl KubeFedObject for FederatedTypeConfig {
    fn metadata(&self) -> &ObjectMeta {
        &self.metadata
    }
}

impl FederatedTypeConfig {
    /// Propagation is on unless `spec.propagation` says `Disabled`.
    pub(crate) fn propagation(&self) -> &str {
        self.spec.propagation.as_deref().unwrap_or("Enabled")
    }

    /// The object to write: apiVersion, kind, metadata and spec.
    pub(crate) fn to_object(&self) -> Value {
        written(
            "core.kubefed.io/v1beta1",
            "FederatedTypeConfig",
            &self.metadata,
            &self.spec,
        )
    }

    /// The FederatedTypeConfig to apply to switch propagation off: the whole spec, since
    /// an apply that left out fields this tool's field manager owns would remove them.
    pub(crate) fn with_propagation_disabled(&self, namespace: &str) -> Value {
        let metadata = ObjectMeta {
            name: self.metadata.name.clone(),
            namespace: Some(namespace.to_owned()),
            ..ObjectMeta::default()
        };
        let spec = FederatedTypeConfigSpec {
            propagation: Some("Disabled".to_owned()),
            ..self.spec.clone()
        };
        FederatedTypeConfig {
            metadata,
            spec,
            status: FederatedTypeConfigStatus::default(),
        }
        .to_object()
    }
}

/// The controller's settings (`core.kubefed.io/v1beta1`), as far as this tool reads them.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub(crate) struct KubeFedConfig {
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: ObjectMeta,
    #[serde(default, deserialize_with = "null_as_default")]
    pub spec: KubeFedConfigSpec,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct KubeFedConfigSpec {
    /// `Cluster` or `Namespaced`.
    #[serde(default)]
    pub scope: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller_duration: Option<ControllerDuration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leader_elect: Option<LeaderElect>,
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub feature_gates: Vec<FeatureGateConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_health_check: Option<ClusterHealthCheck>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_controller: Option<SyncController>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_controller: Option<StatusController>,
}

/// Durations here and below are Go's (`1m30s`), as KubeFed's webhook parses them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ControllerDuration {
    #[serde(default)]
    pub available_delay: String,
    #[serde(default)]
    pub unavailable_delay: String,
    #[serde(default)]
    pub cache_sync_timeout: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LeaderElect {
    #[serde(default)]
    pub lease_duration: String,
    #[serde(default)]
    pub renew_deadline: String,
    #[serde(default)]
    pub retry_period: String,
    /// `configmaps` (the default) or `endpoints`.
    #[serde(default)]
    pub resource_lock: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ClusterHealthCheck {
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub timeout: String,
    #[serde(default)]
    pub failure_threshold: i64,
    #[serde(default)]
    pub success_threshold: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SyncController {
    #[serde(default)]
    pub max_concurrent_reconciles: i64,
    /// `Enabled` or `Disabled`: whether members' objects that exist already are adopted.
    #[serde(default)]
    pub adopt_resources: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StatusController {
    #[serde(default)]
    pub max_concurrent_reconciles: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) struct FeatureGateConfiguration {
    pub name: String,
    /// `Enabled` or `Disabled`.
    pub configuration: String,
}

impl KubeFedObject for KubeFedConfig {
    fn metadata(&self) -> &ObjectMeta {
        &self.metadata
    }
}

impl KubeFedConfig {
    /// The object to write: apiVersion, kind, metadata and spec.
    pub(crate) fn to_object(&self) -> Value {
        written(
            "core.kubefed.io/v1beta1",
            "KubeFedConfig",
            &self.metadata,
            &self.spec,
        )
    }

    /// Whether the feature gate `name` is set `Disabled` (an unlisted gate has its
    /// default).
    pub(crate) fn disables(&self, name: &str) -> bool {
        self.spec
            .feature_gates
            .iter()
            .any(|gate| gate.name == name && gate.configuration == "Disabled")
    }
}

/// A ReplicaSchedulingPreference (`scheduling.kubefed.io/v1alpha1`): how KubeFed's
/// scheduler spreads the replicas of the FederatedDeployment or FederatedReplicaSet of the
/// same namespace and name over the member clusters.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub(crate) struct ReplicaSchedulingPreference {
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: ObjectMeta,
    #[serde(default, deserialize_with = "null_as_default")]
    pub spec: ReplicaSchedulingPreferenceSpec,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ReplicaSchedulingPreferenceSpec {
    /// `FederatedDeployment` or `FederatedReplicaSet`.
    #[serde(default)]
    pub target_kind: String,
    #[serde(default)]
    pub total_replicas: i32,
    /// Whether running replicas may move to match the preferences.
    #[serde(default)]
    pub rebalance: bool,
    /// Whether the placement is the intersection of the scheduler's choice and the
    /// federated object's cluster selector.
    #[serde(default)]
    pub intersect_with_cluster_selector: bool,
    /// Per cluster name, or `*` for every cluster without an entry of its own.
    #[serde(default, deserialize_with = "null_as_default")]
    pub clusters: BTreeMap<String, ClusterPreferences>,
}

/// One entry of a ReplicaSchedulingPreference's `spec.clusters`. Absent fields are left
/// out when written: KubeFed reads a missing weight or minimum as 0 and a missing maximum
/// as unbounded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ClusterPreferences {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_replicas: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_replicas: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
}

impl KubeFedObject for ReplicaSchedulingPreference {
    fn metadata(&self) -> &ObjectMeta {
        &self.metadata
    }
}

impl ReplicaSchedulingPreference {
    /// The object to write: apiVersion, kind, metadata and spec.
    pub(crate) fn to_object(&self) -> Value {
        written(
            "scheduling.kubefed.io/v1alpha1",
            "ReplicaSchedulingPreference",
            &self.metadata,
            &self.spec,
        )
    }
}

/// An object as this tool writes it: no status, which belongs to the controller.
fn written(api_version: &str, kind: &str, metadata: &ObjectMeta, spec: &impl Serialize) -> Value {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Written<'a, S> {
        api_version: &'a str,
        kind: &'a str,
        metadata: &'a ObjectMeta,
        spec: &'a S,
    }
    let object = Written {
        api_version,
        kind,
        metadata,
        spec,
    };
    // Only string keys and plain values: serializing cannot fail.
    serde_json::to_value(object).expect("a KubeFed object serializes to JSON")
}

/// A field that is absent or `null` is its default: Go writes `null` for empty lists and
/// maps that are not `omitempty`.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::init::declared::undeclared_fields;

    #[test]
    fn a_federated_resource_as_the_api_server_returns_it() {
        let object = FederatedResource::from_value(&json!({
            "apiVersion": "types.kubefed.io/v1beta1", "kind": "FederatedConfigMap",
            "metadata": {"name": "web", "namespace": "shop", "generation": 3},
            "spec": {
                "template": {"data": {"a": "b"}},
                "placement": {"clusters": [{"name": "c1"}], "clusterSelector": {}},
                "overrides": [{"clusterName": "c1", "clusterOverrides": [
                    {"path": "/data/a", "value": "c"}]}]
            },
            "status": {"observedGeneration": 2,
                       "conditions": [{"type": "Propagation", "status": "True",
                                       "lastUpdateTime": "2026-12-07T00:00:00Z"}],
                       "clusters": [{"name": "c1"}, {"name": "c2", "status": "CreationFailed"}]}
        }))
        .unwrap();
        assert_eq!((object.namespace(), object.name()), ("shop", "web"));
        assert_eq!(object.propagation().unwrap().status, "True");
        assert!(!object.status_is_current());
        assert_eq!(object.override_paths("c1"), ["/data/a"]);
        assert!(object.override_paths("c2").is_empty());
        assert_eq!(
            object.status.clusters[1].status.as_deref(),
            Some("CreationFailed")
        );
        let placement = &object.spec.placement;
        assert_eq!(placement.clusters.as_ref().unwrap()[0].name, "c1");
        assert!(placement.cluster_selector.is_some());

        // A new resource, not reported on yet; Go's nulls are empty.
        let new = FederatedResource::from_value(
            &json!({"metadata": {"name": "n"}, "spec": {"overrides": null},
                    "status": {"conditions": null}}),
        )
        .unwrap();
        assert_eq!(new.propagation(), None);
        assert!(new.status_is_current());
        assert_eq!(new.spec.placement, PlacementSpec::default());
    }

    #[test]
    fn a_kubefed_cluster_with_kubefeds_field_names() {
        let cluster = KubeFedCluster::from_value(&json!({
            "metadata": {"name": "c2", "labels": {"region": "eu"}},
            "spec": {"apiEndpoint": "https://127.0.0.1:6443", "caBundle": "UEVN",
                     "secretRef": {"name": "c2-x7k2p"}, "disabledTLSValidations": ["*"],
                     "proxyURL": "socks5://proxy:1080"},
            "status": {"conditions": [{"type": "Ready", "status": "True",
                                       "lastProbeTime": "2026-12-07T00:00:00Z"}],
                       "kubernetesVersion": "v1.34.4", "zones": null, "region": "eu-west-1"}
        }))
        .unwrap();
        assert_eq!(cluster.name(), "c2");
        assert_eq!(cluster.labels()["region"], "eu");
        assert_eq!(cluster.spec.disabled_tls_validations, ["*"]);
        assert_eq!(
            cluster.spec.proxy_url.as_deref(),
            Some("socks5://proxy:1080")
        );
        assert_eq!(cluster.spec.secret_ref.name, "c2-x7k2p");
        assert_eq!(cluster.condition("Ready").unwrap().status, "True");
        assert!(cluster.status.zones.is_empty());
        // Written back, the spec keeps KubeFed's names.
        let spec = serde_json::to_value(&cluster.spec).unwrap();
        assert_eq!(spec["disabledTLSValidations"], json!(["*"]));
        assert_eq!(spec["proxyURL"], "socks5://proxy:1080");
    }

    #[test]
    fn disabling_a_type_config_sends_its_whole_spec() {
        let ftc = FederatedTypeConfig::from_value(&json!({
            "metadata": {"name": "configmaps", "namespace": "fed", "resourceVersion": "7"},
            "spec": {
                "targetType": {"version": "v1", "kind": "ConfigMap", "pluralName": "configmaps",
                               "scope": "Namespaced"},
                "federatedType": {"group": "types.kubefed.io", "version": "v1beta1",
                                  "kind": "FederatedConfigMap",
                                  "pluralName": "federatedconfigmaps", "scope": "Namespaced"},
                "propagation": "Enabled",
                "statusCollection": "Enabled"
            },
            "status": {"propagationController": "Running"}
        }))
        .unwrap();
        assert_eq!(
            ftc.with_propagation_disabled("kube-federation-system"),
            json!({
                "apiVersion": "core.kubefed.io/v1beta1",
                "kind": "FederatedTypeConfig",
                "metadata": {"name": "configmaps", "namespace": "kube-federation-system"},
                "spec": {
                    "targetType": {"version": "v1", "kind": "ConfigMap",
                                   "pluralName": "configmaps", "scope": "Namespaced"},
                    "federatedType": {"group": "types.kubefed.io", "version": "v1beta1",
                                      "kind": "FederatedConfigMap",
                                      "pluralName": "federatedconfigmaps",
                                      "scope": "Namespaced"},
                    "propagation": "Disabled",
                    "statusCollection": "Enabled"
                }
            })
        );
        assert_eq!(
            undeclared_fields(
                "federatedtypeconfigs.core.kubefed.io",
                &ftc.with_propagation_disabled("kube-federation-system")
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn rotate_writes_only_kubefed_cluster_fields() {
        let patch = CredentialsPatch {
            secret_ref: SecretReference {
                name: "cluster2-new".to_owned(),
            },
            ca_bundle: Some(None),
        }
        .to_patch();
        assert_eq!(
            patch,
            json!({"spec": {"secretRef": {"name": "cluster2-new"}, "caBundle": null}})
        );
        assert_eq!(
            undeclared_fields("kubefedclusters.core.kubefed.io", &patch),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_replica_scheduling_preference_with_kubefeds_field_names() {
        let rsp = ReplicaSchedulingPreference::from_value(&json!({
            "apiVersion": "scheduling.kubefed.io/v1alpha1",
            "kind": "ReplicaSchedulingPreference",
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {"targetKind": "FederatedDeployment", "totalReplicas": 9,
                     "clusters": {"c2": {"minReplicas": 1, "weight": 2},
                                  "*": {"maxReplicas": 4}}}
        }))
        .unwrap();
        assert_eq!(rsp.name(), "web");
        assert!(!rsp.spec.rebalance);
        assert_eq!(rsp.spec.clusters["c2"].weight, Some(2));
        assert_eq!(rsp.spec.clusters["*"].max_replicas, Some(4));
        assert_eq!(rsp.spec.clusters["*"].min_replicas, None);
        let written = rsp.to_object();
        assert_eq!(written["spec"]["clusters"]["*"], json!({"maxReplicas": 4}));
        assert_eq!(written["spec"]["intersectWithClusterSelector"], false);
        assert!(written.get("status").is_none());
    }

    #[test]
    fn a_kubefed_config_disables_a_gate_only_when_it_says_so() {
        let config = |value: &str| {
            KubeFedConfig::from_object(&json!({"spec": {"scope": "Cluster", "featureGates": [
                {"name": "PushReconciler", "configuration": "Enabled"},
                {"name": "SchedulerPreferences", "configuration": value},
            ]}}))
            .unwrap()
        };
        assert!(config("Disabled").disables("SchedulerPreferences"));
        assert!(!config("Enabled").disables("SchedulerPreferences"));
        let bare = KubeFedConfig::from_object(&json!({"spec": {}})).unwrap();
        assert!(!bare.disables("SchedulerPreferences"));
        assert_eq!(bare.spec.leader_elect, None);
    }
}
