//! Placement: which joined clusters a federated object goes to, and placements that can
//! never propagate, found before a federated object is written (KubeFed accepts them and
//! then does nothing, so without these checks a mistake passes silently with exit 0).
//!
//! Placement, as KubeFed's sync controller computes it:
//! - `spec.placement.clusters` present (even empty): exactly the clusters it names;
//! - otherwise `spec.placement.clusterSelector`: the clusters whose KubeFedCluster labels
//!   match it (`matchLabels` and `matchExpressions`); `{}` selects every cluster, an
//!   absent selector none;
//! - only joined clusters count.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use crate::invocation::command_line;
use crate::plan::federate::{ObjectKey, Placement};
use crate::plan::kubefed::KubeFedObject;
use crate::plan::kubefed::{FederatedResource, KubeFedCluster};

/// A joined cluster: a KubeFedCluster's name and labels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct JoinedCluster {
    pub name: String,
    pub labels: BTreeMap<String, String>,
}

impl JoinedCluster {
    /// None for a KubeFedCluster without a name.
    pub(crate) fn of(kfc: &KubeFedCluster) -> Option<Self> {
        let name = kfc.metadata.name.clone()?;
        Some(JoinedCluster {
            name,
            labels: kfc.labels(),
        })
    }
}

/// A cluster selector the API machinery would refuse: KubeFed then reports
/// `ComputePlacementFailed`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum SelectorError {
    #[error("matchExpressions operator {operator} of \"{key}\" needs values")]
    MissingValues { operator: String, key: String },
    #[error("matchExpressions operator {operator} of \"{key}\" takes no values")]
    UnexpectedValues { operator: String, key: String },
    #[error("unknown matchExpressions operator \"{0}\"")]
    UnknownOperator(String),
}

/// The joined clusters a federated object's placement selects, or why the placement
/// cannot be computed (KubeFed then reports `ComputePlacementFailed`).
pub(crate) fn placement(
    object: &FederatedResource,
    clusters: &[JoinedCluster],
) -> Result<BTreeSet<String>, SelectorError> {
    let placement = &object.spec.placement;
    if let Some(named) = &placement.clusters {
        let named: BTreeSet<&str> = named.iter().map(|c| c.name.as_str()).collect();
        return Ok(clusters
            .iter()
            .filter(|c| named.contains(c.name.as_str()))
            .map(|c| c.name.clone())
            .collect());
    }
    let Some(selector) = &placement.cluster_selector else {
        return Ok(BTreeSet::new());
    };
    let mut selected = BTreeSet::new();
    for cluster in clusters {
        if selector_matches(selector, &cluster.labels)? {
            selected.insert(cluster.name.clone());
        }
    }
    Ok(selected)
}

/// Whether a Kubernetes label selector matches `labels`; an error for a selector the API
/// machinery would refuse. `{}` matches everything.
fn selector_matches(
    selector: &LabelSelector,
    labels: &BTreeMap<String, String>,
) -> Result<bool, SelectorError> {
    for (key, value) in selector.match_labels.iter().flatten() {
        if labels.get(key) != Some(value) {
            return Ok(false);
        }
    }
    for expression in selector.match_expressions.iter().flatten() {
        let key = &expression.key;
        let operator = expression.operator.as_str();
        let values = expression.values.as_deref().unwrap_or_default();
        let has = labels.get(key);
        let matches = match operator {
            "In" | "NotIn" if values.is_empty() => {
                return Err(SelectorError::MissingValues {
                    operator: operator.to_owned(),
                    key: key.clone(),
                });
            }
            "Exists" | "DoesNotExist" if !values.is_empty() => {
                return Err(SelectorError::UnexpectedValues {
                    operator: operator.to_owned(),
                    key: key.clone(),
                });
            }
            "In" => has.is_some_and(|v| values.contains(v)),
            "NotIn" => !has.is_some_and(|v| values.contains(v)),
            "Exists" => has.is_some(),
            "DoesNotExist" => has.is_none(),
            other => return Err(SelectorError::UnknownOperator(other.to_owned())),
        };
        if !matches {
            return Ok(false);
        }
    }
    Ok(true)
}
/// What the checks know of the control plane.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ControlPlaneView {
    pub clusters: Vec<JoinedCluster>,
    /// Namespaces with a FederatedNamespace. Only read, and only needed, for a
    /// Cluster-scoped control plane: a Namespaced one propagates from its own namespace.
    pub federated_namespaces: Option<BTreeSet<String>>,
}

/// One problem of a placement: what is wrong, and how to put it right.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub(crate) struct PlacementProblem {
    pub problem: String,
    pub fix: String,
}

/// The problems of placing `objects` with `placement` on the control plane `view`
/// describes. A FederatedNamespace among `objects` federates its namespace for the others.
pub(crate) fn placement_problems(
    placement: &Placement,
    objects: &[&ObjectKey],
    view: &ControlPlaneView,
) -> Vec<PlacementProblem> {
    let mut problems = Vec::new();
    let joined = |name: &str| view.clusters.iter().any(|c| c.name == name);
    for cluster in placement.clusters.iter().filter(|c| !joined(c)) {
        problems.push(not_joined(
            cluster,
            "--placement-clusters",
            "nothing is placed there",
        ));
    }
    // With a cluster list the selector is not used (KubeFed ignores it then).
    if placement.clusters.is_empty() && !placement.selector.is_empty() {
        let selected = view.clusters.iter().any(|c| {
            placement
                .selector
                .iter()
                .all(|(key, value)| c.labels.get(key) == Some(value))
        });
        if !selected {
            let selector: Vec<String> = placement
                .selector
                .iter()
                .map(|(key, value)| format!("{key}={value}"))
                .collect();
            let selector = selector.join(",");
            problems.push(PlacementProblem {
                problem: format!(
                    "--placement-selector {selector} selects no joined cluster: the objects \
                     go nowhere"
                ),
                fix: format!(
                    "label a member: {}",
                    command_line(format_args!(
                        "join CLUSTER --label {selector} --error-on-existing=false"
                    ))
                ),
            });
        }
    }
    if let Some(federated) = &view.federated_namespaces {
        let federating: BTreeSet<&str> = objects
            .iter()
            .filter(|o| o.kind == "FederatedNamespace")
            .map(|o| o.name.as_str())
            .collect();
        let unfederated: BTreeSet<&str> = objects
            .iter()
            .map(|o| o.namespace.as_str())
            .filter(|ns| !ns.is_empty())
            .filter(|ns| !federated.contains(*ns) && !federating.contains(ns))
            .collect();
        problems.extend(unfederated.into_iter().map(unfederated_namespace));
    }
    problems
}

/// Cluster `cluster`, named by `named_by`, is not joined, so `consequence`.
pub(crate) fn not_joined(cluster: &str, named_by: &str, consequence: &str) -> PlacementProblem {
    PlacementProblem {
        problem: format!("cluster \"{cluster}\" of {named_by} is not joined: {consequence}"),
        fix: format!(
            "join it first ({}), or name a joined cluster",
            command_line(format_args!("join {cluster}"))
        ),
    }
}

fn unfederated_namespace(namespace: &str) -> PlacementProblem {
    PlacementProblem {
        problem: format!(
            "namespace \"{namespace}\" is not federated: KubeFed propagates nothing from it \
             (NamespaceNotFederated)"
        ),
        fix: format!(
            "federate it first: {}",
            command_line(format_args!("federate namespace {namespace}"))
        ),
    }
}

/// The problems of the placement of the federated object `object` as it is on the host
/// (for `schedule`, which acts on an existing FederatedDeployment or FederatedReplicaSet):
/// those of [`placement_problems_of`], or its namespace is not federated.
pub(crate) fn existing_object_problems(
    object: &FederatedResource,
    view: &ControlPlaneView,
) -> Vec<PlacementProblem> {
    let namespace = object.namespace();
    let mut problems = placement_problems_of(object, &view.clusters);
    if let Some(federated) = &view.federated_namespaces
        && !namespace.is_empty()
        && !federated.contains(namespace)
    {
        problems.push(unfederated_namespace(namespace));
    }
    problems
}

/// The problems of the placement `object` has, against the joined `clusters` (for `get`,
/// whose report KubeFed's own reasons complete): it names clusters that are not joined,
/// or selects no joined cluster, or cannot be computed.
pub(crate) fn placement_problems_of(
    object: &FederatedResource,
    clusters: &[JoinedCluster],
) -> Vec<PlacementProblem> {
    let shown = shown(object);
    let joined = |name: &str| clusters.iter().any(|c| c.name == name);
    let mut problems: Vec<PlacementProblem> = (object.spec.placement.clusters.iter().flatten())
        .filter(|named| !joined(&named.name))
        .map(|named| {
            not_joined(
                &named.name,
                &format!("the placement of {shown}"),
                "nothing is placed there",
            )
        })
        .collect();
    match placement(object, clusters) {
        Ok(placed) if placed.is_empty() => problems.push(PlacementProblem {
            problem: format!("the placement of {shown} selects no joined cluster"),
            fix: format!(
                "place it: {}",
                command_line("federate TYPE NAME --placement-clusters CLUSTER,...")
            ),
        }),
        Ok(_) => {}
        Err(e) => problems.push(PlacementProblem {
            problem: format!("the placement of {shown} cannot be computed: {e}"),
            fix: "correct spec.placement.clusterSelector".to_owned(),
        }),
    }
    problems
}

/// The problems of overriding the federated object `object` for `cluster` (`override
/// set`): the cluster is not joined, or the object's placement does not select it; and
/// those of the object's placement itself ([`existing_object_problems`]).
pub(crate) fn override_problems(
    object: &FederatedResource,
    cluster: &str,
    view: &ControlPlaneView,
) -> Vec<PlacementProblem> {
    let mut problems = Vec::new();
    if !view.clusters.iter().any(|c| c.name == cluster) {
        problems.push(not_joined(
            cluster,
            "--cluster",
            "its overrides take effect once it is",
        ));
    } else if placement(object, &view.clusters)
        .is_ok_and(|placed| !placed.is_empty() && !placed.contains(cluster))
    {
        problems.push(PlacementProblem {
            problem: format!(
                "the placement of {} does not select cluster \"{cluster}\": its overrides \
                 take effect once it does",
                shown(object)
            ),
            fix: format!(
                "place it there: {}",
                command_line("federate TYPE NAME --placement-clusters CLUSTER,...")
            ),
        });
    }
    problems.extend(existing_object_problems(object, view));
    problems
}

fn shown(object: &FederatedResource) -> String {
    match object.namespace() {
        "" => object.name().to_owned(),
        namespace => format!("{namespace}/{}", object.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    fn key(kind: &str, namespace: &str, name: &str) -> ObjectKey {
        ObjectKey::of(
            &json!({"apiVersion": "types.kubefed.io/v1beta1", "kind": kind,
            "metadata": {"name": name, "namespace": namespace}}),
        )
    }

    fn view(federated: Option<&[&str]>) -> ControlPlaneView {
        ControlPlaneView {
            clusters: vec![
                JoinedCluster {
                    name: "c2".into(),
                    labels: BTreeMap::from([("region".into(), "eu".into())]),
                },
                JoinedCluster {
                    name: "c3".into(),
                    labels: BTreeMap::new(),
                },
            ],
            federated_namespaces: federated
                .map(|names| names.iter().map(|n| (*n).to_owned()).collect()),
        }
    }

    fn problems(
        placement: &Placement,
        objects: &[ObjectKey],
        view: &ControlPlaneView,
    ) -> Vec<String> {
        let objects: Vec<&ObjectKey> = objects.iter().collect();
        placement_problems(placement, &objects, view)
            .into_iter()
            .map(|p| p.problem)
            .collect()
    }

    #[test]
    fn clusters_that_are_not_joined_and_selectors_of_nothing_are_named() {
        let cm = [key("FederatedConfigMap", "shop", "web")];
        let by_name = Placement {
            clusters: vec!["c2".into(), "c9".into()],
            ..Placement::default()
        };
        assert_eq!(
            problems(&by_name, &cm, &view(None)),
            ["cluster \"c9\" of --placement-clusters is not joined: nothing is placed there"]
        );
        let select = |key: &str, value: &str| Placement {
            selector: BTreeMap::from([(key.into(), value.into())]),
            ..Placement::default()
        };
        assert!(problems(&select("region", "eu"), &cm, &view(None)).is_empty());
        assert_eq!(
            problems(&select("region", "us"), &cm, &view(None)),
            ["--placement-selector region=us selects no joined cluster: the objects go nowhere"]
        );
        // The default, all clusters, is fine even with none joined.
        assert!(problems(&Placement::default(), &cm, &ControlPlaneView::default()).is_empty());
    }

    #[test]
    fn namespaces_without_a_federated_namespace_are_named_once() {
        let objects = [
            key("FederatedConfigMap", "shop", "a"),
            key("FederatedSecret", "shop", "b"),
            key("FederatedConfigMap", "blog", "c"),
            key("FederatedNamespace", "blog", "blog"),
            key("FederatedClusterRole", "", "reader"),
        ];
        assert_eq!(
            problems(&Placement::default(), &objects, &view(Some(&[]))),
            [
                "namespace \"shop\" is not federated: KubeFed propagates nothing from it (NamespaceNotFederated)"
            ]
        );
        assert!(problems(&Placement::default(), &objects, &view(Some(&["shop"]))).is_empty());
        // A Namespaced control plane: not checked.
        assert!(problems(&Placement::default(), &objects, &view(None)).is_empty());
    }

    #[test]
    fn an_existing_object_placed_nowhere_or_in_an_unfederated_namespace() {
        let object = |placement: serde_json::Value| {
            FederatedResource::from_value(&json!({"kind": "FederatedDeployment",
                   "metadata": {"name": "web", "namespace": "shop"},
                   "spec": {"placement": placement}}))
            .unwrap()
        };
        let names = |object: &FederatedResource, view: &ControlPlaneView| -> Vec<String> {
            existing_object_problems(object, view)
                .into_iter()
                .map(|p| p.problem)
                .collect()
        };
        let everywhere = object(json!({"clusterSelector": {}}));
        assert!(names(&everywhere, &view(Some(&["shop"]))).is_empty());
        assert_eq!(
            names(&everywhere, &view(Some(&[]))),
            [
                "namespace \"shop\" is not federated: KubeFed propagates nothing from it (NamespaceNotFederated)"
            ]
        );
        let nowhere = object(json!({"clusters": [{"name": "c9"}]}));
        assert_eq!(
            names(&nowhere, &view(None)),
            [
                "cluster \"c9\" of the placement of shop/web is not joined: nothing is placed there",
                "the placement of shop/web selects no joined cluster"
            ]
        );
        let partly = object(json!({"clusters": [{"name": "c2"}, {"name": "c9"}]}));
        assert_eq!(
            names(&partly, &view(None)),
            ["cluster \"c9\" of the placement of shop/web is not joined: nothing is placed there"]
        );
        let bad = object(
            json!({"clusterSelector": {"matchExpressions": [{"key": "a", "operator": "Near"}]}}),
        );
        assert_eq!(names(&bad, &view(None)).len(), 1);
    }

    #[test]
    fn an_override_for_a_cluster_not_joined_or_not_placed() {
        let object = |placement: serde_json::Value| {
            FederatedResource::from_value(&json!({"kind": "FederatedConfigMap",
                   "metadata": {"name": "web", "namespace": "shop"},
                   "spec": {"placement": placement}}))
            .unwrap()
        };
        let names = |object: &FederatedResource, cluster: &str, view: &ControlPlaneView| {
            override_problems(object, cluster, view)
                .into_iter()
                .map(|p| p.problem)
                .collect::<Vec<_>>()
        };
        let on_c2 = object(json!({"clusters": [{"name": "c2"}]}));
        assert!(names(&on_c2, "c2", &view(Some(&["shop"]))).is_empty());
        assert_eq!(
            names(&on_c2, "c9", &view(None)),
            ["cluster \"c9\" of --cluster is not joined: its overrides take effect once it is"]
        );
        assert_eq!(
            names(&on_c2, "c3", &view(None)),
            [
                "the placement of shop/web does not select cluster \"c3\": its overrides take effect once it does"
            ]
        );
        // Placed nowhere: said once, of the placement, not of the cluster.
        let nowhere = object(json!({"clusters": [{"name": "c9"}]}));
        assert_eq!(
            names(&nowhere, "c2", &view(Some(&[]))),
            [
                "cluster \"c9\" of the placement of shop/web is not joined: nothing is placed there",
                "the placement of shop/web selects no joined cluster",
                "namespace \"shop\" is not federated: KubeFed propagates nothing from it (NamespaceNotFederated)"
            ]
        );
    }
}
