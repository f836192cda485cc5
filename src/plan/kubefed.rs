//! KubeFed v0.10.0's objects as Rust types, for what this tool reads of them: the
//! envelope of every federated resource (template, placement, overrides, and the status
//! the sync controller writes) and the KubeFedCluster. Field names are KubeFed's
//! (`types.kubefed.io` and `core.kubefed.io` v1beta1); fields this tool does not use are
//! left out and ignored when read.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::plan::overrides::OverrideItem;

/// A condition as KubeFed writes them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
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
pub struct FederatedResource {
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: ObjectMeta,
    #[serde(default, deserialize_with = "null_as_default")]
    pub spec: FederatedSpec,
    #[serde(default, deserialize_with = "null_as_default")]
    pub status: FederatedStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct FederatedSpec {
    /// The target object without name and namespace; absent for types (namespaces) that
    /// can be made from an empty one.
    #[serde(default)]
    pub template: Option<Value>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub placement: PlacementSpec,
    #[serde(default, deserialize_with = "null_as_default")]
    pub overrides: Vec<OverrideItem>,
}

/// `spec.placement`: a list of clusters, which wins when present (even empty), else a
/// label selector of KubeFedClusters.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlacementSpec {
    #[serde(default)]
    pub clusters: Option<Vec<ClusterReference>>,
    #[serde(default)]
    pub cluster_selector: Option<LabelSelector>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct ClusterReference {
    pub name: String,
}

/// What the sync controller reports.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FederatedStatus {
    #[serde(default)]
    pub observed_generation: Option<i64>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub conditions: Vec<Condition>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub clusters: Vec<ClusterPropagation>,
}

/// `status.clusters[]`: the controller's word on one cluster; no status is success.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct ClusterPropagation {
    pub name: String,
    #[serde(default)]
    pub status: Option<String>,
}

impl FederatedResource {
    /// The resource as a list or a read returned it; an error when it is not KubeFed's
    /// shape (which the API server's schema of the federated CRD rules out).
    pub fn from_value(object: &Value) -> Result<Self, serde_json::Error> {
        serde_json::from_value(object.clone())
    }

    pub fn name(&self) -> &str {
        self.metadata.name.as_deref().unwrap_or_default()
    }

    /// Empty for a cluster-scoped federated type.
    pub fn namespace(&self) -> &str {
        self.metadata.namespace.as_deref().unwrap_or_default()
    }

    /// The `Propagation` condition, once the controller wrote one.
    pub fn propagation(&self) -> Option<&Condition> {
        self.status
            .conditions
            .iter()
            .find(|c| c.kind == "Propagation")
    }

    /// Whether the controller's status is about the current generation.
    pub fn status_is_current(&self) -> bool {
        match self.metadata.generation {
            None => true,
            Some(generation) => self
                .status
                .observed_generation
                .is_some_and(|observed| observed >= generation),
        }
    }

    /// The paths of the overrides for `cluster`, in order.
    pub fn override_paths(&self, cluster: &str) -> Vec<String> {
        self.spec
            .overrides
            .iter()
            .filter(|item| item.cluster_name == cluster)
            .flat_map(|item| &item.cluster_overrides)
            .map(|o| o.path.clone())
            .collect()
    }
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
    use serde_json::json;

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
}
