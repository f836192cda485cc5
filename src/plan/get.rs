//! `get`: where the federated objects of one type went, cluster by cluster.
//!
//! For each federated object and each joined cluster: whether the object's placement
//! selects the cluster (KubeFed v0.10.0's rules, in `plan::placement`), what the KubeFed controller
//! reports for it (`status.clusters[]` and the `Propagation` condition), whether the
//! member holds the object with the label `kubefed.io/managed=true`, its ready and
//! desired replicas for workloads, and the override paths for that cluster. [`assess`]
//! turns what was read into a [`Report`], the documented `-o json|yaml` shape, and
//! decides what is not as desired. No I/O here.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::plan::kubefed::FederatedResource;
use crate::plan::kubefed::KubeFedObject;
use crate::plan::orphaning::TargetType;
use crate::plan::placement::{JoinedCluster, PlacementProblem, placement, placement_problems_of};

/// The label KubeFed's sync controller puts on every member object it manages.
pub(crate) const MANAGED_LABEL: &str = "kubefed.io/managed";

/// Reasons of a False `Propagation` condition that concern the whole object rather than
/// one cluster: KubeFed then propagates it nowhere.
const OBJECT_REASONS: &[&str] = &[
    "NamespaceNotFederated",
    "ComputePlacementFailed",
    "ClusterRetrievalFailed",
];

/// A member object's namespace (empty when cluster-scoped) and name.
pub(crate) type MemberKey = (String, String);

pub(crate) fn member_key(object: &Value) -> MemberKey {
    let field = |name: &str| {
        object["metadata"][name]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    (field("namespace"), field("name"))
}

/// What `get` keeps of a member's object: a list of a thousand objects is reduced to
/// this as it is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MemberObject {
    /// The label `kubefed.io/managed` is `true`.
    pub managed: bool,
    /// Ready and desired replicas, for Deployments, ReplicaSets and StatefulSets.
    pub replicas: Option<Replicas>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Replicas {
    pub ready: i64,
    pub desired: i64,
}

pub(crate) fn member_object(target: &TargetType, object: &Value) -> MemberObject {
    let workload = target.group == "apps"
        && matches!(
            target.kind.as_str(),
            "Deployment" | "ReplicaSet" | "StatefulSet"
        );
    MemberObject {
        managed: object["metadata"]["labels"][MANAGED_LABEL] == "true",
        // The API server defaults spec.replicas to 1; readyReplicas is left out at 0.
        replicas: workload.then(|| Replicas {
            ready: object["status"]["readyReplicas"].as_i64().unwrap_or(0),
            desired: object["spec"]["replicas"].as_i64().unwrap_or(1),
        }),
    }
}

/// One member's list of the type's objects (as `get` keeps them, unless said otherwise),
/// or why it could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum MemberRead<T = MemberObject> {
    Listed(BTreeMap<MemberKey, T>),
    Unreachable(String),
}

/// The clusters whose members must be read: those some object is placed on or KubeFed
/// reports on. The others are shown as not placed without a request.
pub(crate) fn clusters_to_read(
    objects: &[FederatedResource],
    clusters: &[JoinedCluster],
) -> Vec<String> {
    let mut wanted = BTreeSet::new();
    for object in objects {
        wanted.extend(placement(object, clusters).unwrap_or_default());
        wanted.extend(object.status.clusters.iter().map(|c| c.name.clone()));
    }
    clusters
        .iter()
        .filter(|c| wanted.contains(&c.name))
        .map(|c| c.name.clone())
        .collect()
}

/// Everything `get` read.
pub(crate) struct Observed<'a> {
    /// The FederatedTypeConfig's name (`deployments.apps`).
    pub type_name: &'a str,
    /// The federated type's CRD name (`federateddeployments.types.kubefed.io`).
    pub federated_type: String,
    pub target: &'a TargetType,
    pub clusters: &'a [JoinedCluster],
    /// The federated objects on the host.
    pub objects: &'a [FederatedResource],
    /// The members read, by cluster name; a cluster not in it was not read.
    pub members: &'a BTreeMap<String, MemberRead>,
}

/// The `-o json|yaml` document. Field names are part of the interface: add, never rename.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Report {
    /// The enabled type (its FederatedTypeConfig's name).
    #[serde(rename = "type")]
    pub type_name: String,
    pub federated_type: String,
    /// The joined clusters, by name.
    pub clusters: Vec<String>,
    /// False when any object is not where its placement wants it.
    pub ok: bool,
    pub objects: Vec<ObjectReport>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ObjectReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub name: String,
    /// The `Propagation` condition's status (`True`, `False`), None before KubeFed
    /// reported.
    pub propagation: Option<String>,
    /// Its reason when False (`NamespaceNotFederated`, `CheckClusters`, ...).
    pub reason: Option<String>,
    /// Why the placement cannot be computed, when it cannot.
    pub placement_error: Option<String>,
    /// What keeps the placement from doing what it says, each with its fix: clusters it
    /// names that are not joined, a selection of no joined cluster.
    pub problems: Vec<PlacementProblem>,
    pub ok: bool,
    pub clusters: Vec<ClusterReport>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ClusterReport {
    pub cluster: String,
    pub placed: bool,
    /// The verdict: `Propagated` (placed, KubeFed reports it done, the member holds it
    /// managed), `NotPlaced`, `Removing` (not placed; KubeFed still has a copy to
    /// delete), or what is wrong: KubeFed's reason (`NamespaceNotFederated`,
    /// `CreationFailed`, `ClusterNotReady`, ...), `Unreachable`, `Missing`,
    /// `NotManaged`, `Pending` (KubeFed has not reported on the current generation).
    pub state: String,
    /// `state` is as desired: Propagated when placed, anything when not.
    pub ok: bool,
    /// KubeFed's `status.clusters[].status` for the cluster: `OK` when it is empty,
    /// None when the cluster is not listed.
    pub kubefed_status: Option<String>,
    /// `Managed`, `NotManaged` (no `kubefed.io/managed=true`), `Missing`, `Unreachable`,
    /// or `NotRead` (nothing placed there, so the member was not asked).
    pub member: String,
    pub ready_replicas: Option<i64>,
    pub desired_replicas: Option<i64>,
    /// Why the state is what it is, when there is more to say.
    pub reason: Option<String>,
    /// The paths `spec.overrides` sets for this cluster.
    pub overrides: Vec<String>,
}

/// Judges every object on every joined cluster.
pub(crate) fn assess(observed: &Observed<'_>) -> Report {
    let mut objects: Vec<ObjectReport> = observed
        .objects
        .iter()
        .map(|object| assess_object(observed, object))
        .collect();
    objects.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    let mut clusters: Vec<String> = observed.clusters.iter().map(|c| c.name.clone()).collect();
    clusters.sort();
    Report {
        type_name: observed.type_name.to_owned(),
        federated_type: observed.federated_type.clone(),
        clusters,
        ok: objects.iter().all(|o| o.ok),
        objects,
    }
}

fn assess_object(observed: &Observed<'_>, object: &FederatedResource) -> ObjectReport {
    let (namespace, name) = (object.namespace().to_owned(), object.name().to_owned());
    let target_key = if observed.target.namespaced {
        (namespace.clone(), name.clone())
    } else {
        // A FederatedNamespace lives in the namespace it federates.
        (String::new(), name.clone())
    };
    let condition = object.propagation();
    let propagation = condition.map(|c| c.status.clone());
    let reason = condition
        .and_then(|c| c.reason.clone())
        .filter(|r| !r.is_empty());
    let object_failure = reason
        .as_deref()
        .filter(|r| propagation.as_deref() == Some("False") && OBJECT_REASONS.contains(r));
    let reported: BTreeMap<&str, &str> = object
        .status
        .clusters
        .iter()
        .map(|c| (c.name.as_str(), c.status.as_deref().unwrap_or("")))
        .collect();
    let current = object.status_is_current();
    let (placed, placement_error) = match placement(object, observed.clusters) {
        Ok(placed) => (placed, None),
        Err(e) => (BTreeSet::new(), Some(e.to_string())),
    };

    let mut clusters: Vec<ClusterReport> = observed
        .clusters
        .iter()
        .map(|cluster| {
            let is_placed = placed.contains(&cluster.name);
            let kubefed_status = reported.get(cluster.name.as_str()).map(|s| {
                if s.is_empty() {
                    "OK".to_owned()
                } else {
                    (*s).to_owned()
                }
            });
            let (member, copy, unreachable) = match observed.members.get(&cluster.name) {
                None => ("NotRead", None, None),
                Some(MemberRead::Unreachable(why)) => ("Unreachable", None, Some(why.clone())),
                Some(MemberRead::Listed(objects)) => match objects.get(&target_key) {
                    None => ("Missing", None, None),
                    Some(copy) if copy.managed => ("Managed", Some(*copy), None),
                    Some(copy) => ("NotManaged", Some(*copy), None),
                },
            };
            let (state, why) = if !is_placed {
                let removing = kubefed_status.as_deref() == Some("WaitingForRemoval")
                    || copy.is_some_and(|c| c.managed);
                let state = if removing { "Removing" } else { "NotPlaced" };
                (state.to_owned(), None)
            } else if let Some(failure) = object_failure {
                (failure.to_owned(), None)
            } else if let Some(status) = kubefed_status.as_deref().filter(|s| *s != "OK") {
                (status.to_owned(), None)
            } else if member == "Unreachable" {
                ("Unreachable".to_owned(), None)
            } else if member == "Missing" || member == "NotManaged" {
                (member.to_owned(), None)
            } else if member == "NotRead" || kubefed_status.is_none() || !current {
                (
                    "Pending".to_owned(),
                    Some("the KubeFed controller has not reported on it yet".to_owned()),
                )
            } else {
                ("Propagated".to_owned(), None)
            };
            // Why the member could not be read says more than KubeFed's reason
            // (ClusterNotReady, CheckClusters) for the same trouble.
            let reason = why
                .or_else(|| unreachable.clone().filter(|_| is_placed))
                .or_else(|| {
                    (is_placed && state != "Propagated")
                        .then(|| reason.clone())
                        .flatten()
                });
            ClusterReport {
                cluster: cluster.name.clone(),
                placed: is_placed,
                ok: !is_placed || state == "Propagated",
                state,
                kubefed_status,
                member: member.to_owned(),
                ready_replicas: copy.and_then(|c| c.replicas).map(|r| r.ready),
                desired_replicas: copy.and_then(|c| c.replicas).map(|r| r.desired),
                reason,
                overrides: object.override_paths(&cluster.name),
            }
        })
        .collect();
    clusters.sort_by(|a, b| a.cluster.cmp(&b.cluster));
    ObjectReport {
        namespace: observed.target.namespaced.then_some(namespace),
        name,
        propagation,
        reason,
        ok: placement_error.is_none() && clusters.iter().all(|c| c.ok),
        placement_error,
        problems: placement_problems_of(object, observed.clusters),
        clusters,
    }
}

impl Report {
    /// Whether a wait for propagation is over: every object is where its placement wants
    /// it, and no copy is left to remove from a cluster no longer placed.
    pub(crate) fn settled(&self) -> bool {
        self.ok
            && self
                .objects
                .iter()
                .flat_map(|o| &o.clusters)
                .all(|c| c.state != "Removing")
    }

    /// What keeps the report from being settled, one phrase per object and cluster:
    /// `shop/web on cluster2: NamespaceNotFederated`.
    pub(crate) fn shortfalls(&self) -> Vec<String> {
        let mut out = Vec::new();
        for object in &self.objects {
            let name = match &object.namespace {
                Some(ns) => format!("{ns}/{}", object.name),
                None => object.name.clone(),
            };
            if let Some(error) = &object.placement_error {
                out.push(format!("{name}: the placement cannot be computed: {error}"));
            }
            for cluster in object
                .clusters
                .iter()
                .filter(|c| !c.ok || c.state == "Removing")
            {
                let why = match &cluster.reason {
                    Some(reason) if *reason != cluster.state => {
                        format!("{} ({reason})", cluster.state)
                    }
                    _ => cluster.state.clone(),
                };
                out.push(format!("{name} on {}: {why}", cluster.cluster));
            }
        }
        out
    }

    /// The table's header and rows: one row per object and cluster (one row with `-`
    /// for an object when no cluster is joined). NAMESPACE only for namespaced
    /// resources; `wide` adds KubeFed's status, the reason and the overrides.
    pub(crate) fn table(&self, wide: bool) -> (Vec<&'static str>, Vec<Vec<String>>) {
        let namespaced = self.objects.iter().any(|o| o.namespace.is_some());
        let mut header = vec!["NAME", "CLUSTER", "PLACED", "STATE", "MEMBER", "READY"];
        if namespaced {
            header.insert(0, "NAMESPACE");
        }
        if wide {
            header.extend(["KUBEFED", "REASON", "OVERRIDES"]);
        }
        let dash = || "-".to_owned();
        let mut rows = Vec::new();
        for object in &self.objects {
            let lead = |row: &mut Vec<String>| {
                if namespaced {
                    row.push(object.namespace.clone().unwrap_or_else(dash));
                }
                row.push(object.name.clone());
            };
            if object.clusters.is_empty() {
                let mut row = Vec::new();
                lead(&mut row);
                let cells = if wide { 8 } else { 5 };
                row.extend(std::iter::repeat_with(dash).take(cells));
                rows.push(row);
            }
            for cluster in &object.clusters {
                let mut row = Vec::new();
                lead(&mut row);
                let ready = match (cluster.ready_replicas, cluster.desired_replicas) {
                    (Some(ready), Some(desired)) => format!("{ready}/{desired}"),
                    _ => dash(),
                };
                let member = if cluster.member == "NotRead" {
                    dash()
                } else {
                    cluster.member.clone()
                };
                row.extend([
                    cluster.cluster.clone(),
                    if cluster.placed { "yes" } else { "no" }.to_owned(),
                    cluster.state.clone(),
                    member,
                    ready,
                ]);
                if wide {
                    let reason = cluster
                        .reason
                        .clone()
                        .or_else(|| object.placement_error.clone());
                    row.extend([
                        cluster.kubefed_status.clone().unwrap_or_else(dash),
                        reason.unwrap_or_else(dash),
                        if cluster.overrides.is_empty() {
                            dash()
                        } else {
                            cluster.overrides.join(",")
                        },
                    ]);
                }
                rows.push(row);
            }
        }
        (header, rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cluster(name: &str, labels: &[(&str, &str)]) -> JoinedCluster {
        JoinedCluster {
            name: name.to_owned(),
            labels: labels
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    fn clusters() -> Vec<JoinedCluster> {
        vec![
            cluster("c1", &[("tier", "gold"), ("region", "eu")]),
            cluster("c2", &[("tier", "silver")]),
            cluster("c3", &[]),
        ]
    }

    fn placed(placement: Value) -> Result<Vec<String>, String> {
        let object = json!({"spec": {"placement": placement}});
        placement_of(&object)
    }

    /// A placement that is not KubeFed's shape is refused as one that cannot be computed.
    fn placement_of(object: &Value) -> Result<Vec<String>, String> {
        let object = FederatedResource::from_value(object).map_err(|e| e.to_string())?;
        placement(&object, &clusters())
            .map(|s| s.into_iter().collect())
            .map_err(|e| e.to_string())
    }

    fn typed(objects: &[Value]) -> Vec<FederatedResource> {
        objects
            .iter()
            .map(|o| FederatedResource::from_value(o).unwrap())
            .collect()
    }

    #[test]
    fn clusters_list_wins_over_the_selector_even_when_empty() {
        assert_eq!(
            placed(json!({"clusters": [{"name": "c2"}, {"name": "gone"}],
                          "clusterSelector": {}})),
            Ok(vec!["c2".to_owned()])
        );
        assert_eq!(
            placed(json!({"clusters": [], "clusterSelector": {}})),
            Ok(vec![])
        );
        // A null list is no list: the selector decides.
        assert_eq!(
            placed(json!({"clusters": null, "clusterSelector": {}})).unwrap(),
            ["c1", "c2", "c3"]
        );
    }

    #[test]
    fn an_absent_selector_selects_nothing_and_an_empty_one_everything() {
        assert_eq!(placed(json!({})), Ok(vec![]));
        assert_eq!(placement_of(&json!({"spec": {}})), Ok(vec![]));
        assert_eq!(
            placed(json!({"clusterSelector": {}})).unwrap(),
            ["c1", "c2", "c3"]
        );
    }

    #[test]
    fn selectors_match_labels_and_expressions() {
        let sel = |s: Value| placed(json!({ "clusterSelector": s }));
        assert_eq!(
            sel(json!({"matchLabels": {"tier": "gold"}})).unwrap(),
            ["c1"]
        );
        assert_eq!(
            sel(json!({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["gold", "silver"]}]})).unwrap(),
            ["c1", "c2"]
        );
        assert_eq!(
            sel(json!({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["gold"]}]})).unwrap(),
            ["c2", "c3"]
        );
        assert_eq!(
            sel(json!({"matchExpressions": [{"key": "tier", "operator": "Exists"}]})).unwrap(),
            ["c1", "c2"]
        );
        assert_eq!(
            sel(json!({"matchExpressions": [{"key": "tier", "operator": "DoesNotExist"}]}))
                .unwrap(),
            ["c3"]
        );
        // Labels and expressions together: both must hold.
        assert_eq!(
            sel(json!({"matchLabels": {"region": "eu"},
                       "matchExpressions": [{"key": "tier", "operator": "In", "values": ["silver"]}]})),
            Ok(vec![])
        );
    }

    #[test]
    fn invalid_selectors_are_errors() {
        let sel = |s: Value| placed(json!({ "clusterSelector": s }));
        for bad in [
            json!({"matchExpressions": [{"key": "tier", "operator": "In", "values": []}]}),
            json!({"matchExpressions": [{"key": "tier", "operator": "Exists", "values": ["x"]}]}),
            json!({"matchExpressions": [{"key": "tier", "operator": "Near"}]}),
            json!({"matchLabels": {"tier": 1}}),
            json!("tier=gold"),
        ] {
            assert!(sel(bad.clone()).is_err(), "{bad}");
        }
    }

    #[test]
    fn selector_errors_say_what_is_wrong() {
        let sel = |expression: Value| {
            placed(json!({"clusterSelector": {"matchExpressions": [expression]}})).unwrap_err()
        };
        assert_eq!(
            sel(json!({"key": "tier", "operator": "NotIn"})),
            "matchExpressions operator NotIn of \"tier\" needs values"
        );
        assert_eq!(
            sel(json!({"key": "tier", "operator": "DoesNotExist", "values": ["x"]})),
            "matchExpressions operator DoesNotExist of \"tier\" takes no values"
        );
        assert_eq!(
            sel(json!({"key": "tier", "operator": "Near"})),
            "unknown matchExpressions operator \"Near\""
        );
    }

    #[test]
    fn overrides_of_one_cluster() {
        let object = json!({"spec": {"overrides": [
            {"clusterName": "c1", "clusterOverrides": [{"path": "/spec/replicas", "value": 3},
                                                      {"op": "remove", "path": "/metadata/labels/x"}]},
            {"clusterName": "c2", "clusterOverrides": [{"path": "/data/mode"}]},
        ]}});
        let object = &typed(&[object])[0];
        assert_eq!(
            object.override_paths("c1"),
            ["/spec/replicas", "/metadata/labels/x"]
        );
        assert_eq!(object.override_paths("c2"), ["/data/mode"]);
        assert!(object.override_paths("c3").is_empty());
        assert!(typed(&[json!({})])[0].override_paths("c1").is_empty());
    }

    fn deployments() -> TargetType {
        TargetType {
            group: "apps".into(),
            version: "v1".into(),
            kind: "Deployment".into(),
            plural: "deployments".into(),
            namespaced: true,
        }
    }

    #[test]
    fn member_objects_keep_the_label_and_workload_replicas() {
        let deployment = json!({"metadata": {"name": "web", "namespace": "shop",
            "labels": {"kubefed.io/managed": "true"}},
            "spec": {"replicas": 3}, "status": {"readyReplicas": 2}});
        assert_eq!(member_key(&deployment), ("shop".into(), "web".into()));
        assert_eq!(
            member_object(&deployments(), &deployment),
            MemberObject {
                managed: true,
                replicas: Some(Replicas {
                    ready: 2,
                    desired: 3
                })
            }
        );
        let mut config_maps = deployments();
        config_maps.group = String::new();
        config_maps.kind = "ConfigMap".into();
        let labelled_false = json!({"metadata": {"labels": {"kubefed.io/managed": "false"}}});
        assert_eq!(
            member_object(&config_maps, &labelled_false),
            MemberObject {
                managed: false,
                replicas: None
            }
        );
    }

    fn federated(name: &str, placement: Value, status: Value) -> Value {
        json!({"metadata": {"name": name, "namespace": "shop", "generation": 2},
               "spec": {"placement": placement,
                        "overrides": [{"clusterName": "c1", "clusterOverrides": [{"path": "/spec/replicas", "value": 1}]}]},
               "status": status})
    }

    fn propagated(clusters: &[(&str, &str)]) -> Value {
        let clusters: Vec<Value> = clusters
            .iter()
            .map(|(name, status)| json!({"name": name, "status": status}))
            .collect();
        json!({"observedGeneration": 2, "clusters": clusters,
               "conditions": [{"type": "Propagation", "status": "True"}]})
    }

    fn listed(objects: &[(&str, bool)]) -> MemberRead {
        MemberRead::Listed(
            objects
                .iter()
                .map(|(name, managed)| {
                    (
                        ("shop".to_owned(), (*name).to_owned()),
                        MemberObject {
                            managed: *managed,
                            replicas: Some(Replicas {
                                ready: 1,
                                desired: 2,
                            }),
                        },
                    )
                })
                .collect(),
        )
    }

    fn report(objects: Vec<Value>, members: Vec<(&str, MemberRead)>) -> Report {
        let target = deployments();
        assess(&Observed {
            type_name: "deployments.apps",
            federated_type: "federateddeployments.types.kubefed.io".into(),
            target: &target,
            clusters: &clusters(),
            objects: &typed(&objects),
            members: &members
                .into_iter()
                .map(|(c, r)| (c.to_owned(), r))
                .collect(),
        })
    }

    /// `web`, placed on `placed` and reported propagated there, with these member reads.
    fn placed_web(placed: &[&str], members: Vec<(&str, MemberRead)>) -> Report {
        let names: Vec<Value> = placed.iter().map(|c| json!({ "name": c })).collect();
        let reported: Vec<(&str, &str)> = placed.iter().map(|c| (*c, "")).collect();
        let object = federated("web", json!({ "clusters": names }), propagated(&reported));
        report(vec![object], members)
    }

    fn states(object: &ObjectReport) -> Vec<(&str, bool, &str, &str)> {
        object
            .clusters
            .iter()
            .map(|c| {
                (
                    c.cluster.as_str(),
                    c.placed,
                    c.state.as_str(),
                    c.member.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn propagated_everywhere_it_is_placed() {
        let report = placed_web(
            &["c1", "c2"],
            vec![
                ("c1", listed(&[("web", true)])),
                ("c2", listed(&[("web", true)])),
            ],
        );
        assert!(report.ok);
        let web = &report.objects[0];
        assert_eq!(
            states(web),
            [
                ("c1", true, "Propagated", "Managed"),
                ("c2", true, "Propagated", "Managed"),
                ("c3", false, "NotPlaced", "NotRead"),
            ]
        );
        assert_eq!(web.clusters[0].overrides, ["/spec/replicas"]);
        assert_eq!(web.clusters[0].kubefed_status.as_deref(), Some("OK"));
        assert_eq!(web.clusters[0].ready_replicas, Some(1));
        assert_eq!(web.clusters[0].desired_replicas, Some(2));
        assert_eq!(web.clusters[2].kubefed_status, None);
    }

    #[test]
    fn what_is_wrong_on_a_placed_cluster() {
        let everywhere = json!({"clusterSelector": {}});
        let objects = vec![
            // KubeFed's per-cluster error comes first.
            federated(
                "failed",
                everywhere.clone(),
                propagated(&[("c1", "CreationFailed"), ("c2", ""), ("c3", "")]),
            ),
            // The member lost its copy, or it is not KubeFed's.
            federated(
                "lost",
                everywhere.clone(),
                propagated(&[("c1", ""), ("c2", ""), ("c3", "")]),
            ),
            // KubeFed has not caught up with generation 2.
            federated(
                "stale",
                json!({"clusters": [{"name": "c1"}]}),
                json!({"observedGeneration": 1, "clusters": [{"name": "c1"}],
                       "conditions": [{"type": "Propagation", "status": "True"}]}),
            ),
        ];
        let members = vec![
            (
                "c1",
                listed(&[("failed", false), ("lost", false), ("stale", true)]),
            ),
            ("c2", listed(&[("failed", true)])),
            ("c3", MemberRead::Unreachable("connection refused".into())),
        ];
        let report = report(objects, members);
        assert!(!report.ok);
        let [failed, lost, stale] = &report.objects[..] else {
            panic!("three objects")
        };
        assert_eq!(
            states(failed),
            [
                ("c1", true, "CreationFailed", "NotManaged"),
                ("c2", true, "Propagated", "Managed"),
                ("c3", true, "Unreachable", "Unreachable"),
            ]
        );
        assert_eq!(
            failed.clusters[2].reason.as_deref(),
            Some("connection refused")
        );
        // KubeFed's own word on an unreachable member comes first; the reason is ours.
        let mut not_ready = federated(
            "down",
            json!({"clusters": [{"name": "c3"}]}),
            propagated(&[("c3", "ClusterNotReady")]),
        );
        not_ready["status"]["conditions"][0]["status"] = json!("False");
        not_ready["status"]["conditions"][0]["reason"] = json!("CheckClusters");
        let down = super::tests::report(
            vec![not_ready],
            vec![("c3", MemberRead::Unreachable("connection refused".into()))],
        );
        let c3 = &down.objects[0].clusters[2];
        assert_eq!(
            (c3.state.as_str(), c3.member.as_str(), c3.reason.as_deref()),
            ("ClusterNotReady", "Unreachable", Some("connection refused"))
        );
        assert_eq!(
            states(lost),
            [
                ("c1", true, "NotManaged", "NotManaged"),
                ("c2", true, "Missing", "Missing"),
                ("c3", true, "Unreachable", "Unreachable"),
            ]
        );
        assert_eq!(stale.clusters[0].state, "Pending");
        assert!(!stale.ok);
        // c3 is not placed: unreachable there is no problem.
        assert!(stale.clusters[2].ok);
    }

    #[test]
    fn an_unfederated_namespace_fails_every_placed_cluster() {
        let object = federated(
            "web",
            json!({"clusters": [{"name": "c2"}]}),
            json!({"observedGeneration": 2, "conditions": [
                {"type": "Propagation", "status": "False", "reason": "NamespaceNotFederated"}]}),
        );
        let report = report(vec![object], vec![("c2", listed(&[]))]);
        assert!(!report.ok);
        let web = &report.objects[0];
        assert_eq!(web.reason.as_deref(), Some("NamespaceNotFederated"));
        assert_eq!(web.clusters[1].state, "NamespaceNotFederated");
        assert_eq!(
            web.clusters[1].reason.as_deref(),
            Some("NamespaceNotFederated")
        );
        assert_eq!(web.clusters[0].state, "NotPlaced");
        assert_eq!(web.clusters[0].reason, None);
    }

    #[test]
    fn copies_left_where_not_placed_are_being_removed() {
        let object = federated(
            "web",
            json!({"clusters": []}),
            propagated(&[("c1", "WaitingForRemoval")]),
        );
        let report = report(
            vec![object],
            vec![
                ("c1", listed(&[("web", true)])),
                ("c2", listed(&[("web", true)])),
            ],
        );
        assert!(report.ok);
        assert_eq!(
            states(&report.objects[0]),
            [
                ("c1", false, "Removing", "Managed"),
                ("c2", false, "Removing", "Managed"),
                ("c3", false, "NotPlaced", "NotRead"),
            ]
        );
    }

    #[test]
    fn a_wait_is_over_once_all_is_propagated_and_removed() {
        let report = placed_web(&["c1"], vec![("c1", listed(&[("web", true)]))]);
        assert!(report.settled());
        assert_eq!(report.shortfalls(), Vec::<String>::new());

        // Removing is fine for `get`, not for a wait.
        let leaving = super::tests::report(
            vec![federated(
                "web",
                json!({"clusters": []}),
                propagated(&[("c1", "WaitingForRemoval")]),
            )],
            vec![("c1", listed(&[("web", true)]))],
        );
        assert!(leaving.ok && !leaving.settled());
        assert_eq!(leaving.shortfalls(), ["shop/web on c1: Removing"]);

        let report = placed_web(
            &["c1", "c2", "c3"],
            vec![
                ("c1", listed(&[("web", true)])),
                ("c2", listed(&[])),
                ("c3", MemberRead::Unreachable("connection refused".into())),
            ],
        );
        assert!(!report.settled());
        assert_eq!(
            report.shortfalls(),
            [
                "shop/web on c2: Missing",
                "shop/web on c3: Unreachable (connection refused)"
            ]
        );
    }

    #[test]
    fn a_bad_selector_fails_the_object() {
        let object = federated(
            "web",
            json!({"clusterSelector": {"matchExpressions": [{"key": "a", "operator": "Near"}]}}),
            json!({}),
        );
        let report = report(vec![object], vec![]);
        assert!(!report.ok);
        assert!(report.objects[0].placement_error.is_some());
        assert!(report.objects[0].clusters.iter().all(|c| !c.placed));
    }

    #[test]
    fn members_are_read_where_something_is_placed_or_reported() {
        let objects = vec![
            federated("a", json!({"clusters": [{"name": "c1"}]}), json!({})),
            federated(
                "b",
                json!({}),
                json!({"clusters": [{"name": "c3", "status": "WaitingForRemoval"}]}),
            ),
        ];
        assert_eq!(
            clusters_to_read(&typed(&objects), &clusters()),
            ["c1", "c3"]
        );
    }

    #[test]
    fn the_document_shape() {
        let report = placed_web(&["c1"], vec![("c1", listed(&[("web", true)]))]);
        let doc = serde_json::to_value(&report).unwrap();
        assert_eq!(
            doc,
            json!({
                "type": "deployments.apps",
                "federatedType": "federateddeployments.types.kubefed.io",
                "clusters": ["c1", "c2", "c3"],
                "ok": true,
                "objects": [{
                    "namespace": "shop", "name": "web", "propagation": "True", "reason": null,
                    "placementError": null, "problems": [], "ok": true,
                    "clusters": [
                        {"cluster": "c1", "placed": true, "state": "Propagated", "ok": true,
                         "kubefedStatus": "OK", "member": "Managed", "readyReplicas": 1,
                         "desiredReplicas": 2, "reason": null, "overrides": ["/spec/replicas"]},
                        {"cluster": "c2", "placed": false, "state": "NotPlaced", "ok": true,
                         "kubefedStatus": null, "member": "NotRead", "readyReplicas": null,
                         "desiredReplicas": null, "reason": null, "overrides": []},
                        {"cluster": "c3", "placed": false, "state": "NotPlaced", "ok": true,
                         "kubefedStatus": null, "member": "NotRead", "readyReplicas": null,
                         "desiredReplicas": null, "reason": null, "overrides": []},
                    ]
                }]
            })
        );
    }

    #[test]
    fn table_rows_and_wide_columns() {
        let report = placed_web(
            &["c1", "c3"],
            vec![
                ("c1", listed(&[("web", true)])),
                ("c3", MemberRead::Unreachable("connection refused".into())),
            ],
        );
        let (header, rows) = report.table(false);
        assert_eq!(
            header.join(" "),
            "NAMESPACE NAME CLUSTER PLACED STATE MEMBER READY"
        );
        assert_eq!(
            rows,
            [
                ["shop", "web", "c1", "yes", "Propagated", "Managed", "1/2"],
                ["shop", "web", "c2", "no", "NotPlaced", "-", "-"],
                [
                    "shop",
                    "web",
                    "c3",
                    "yes",
                    "Unreachable",
                    "Unreachable",
                    "-"
                ],
            ]
        );
        let (header, rows) = report.table(true);
        assert_eq!(&header[7..], ["KUBEFED", "REASON", "OVERRIDES"]);
        assert_eq!(&rows[0][7..], ["OK", "-", "/spec/replicas"]);
        assert_eq!(&rows[2][7..], ["OK", "connection refused", "-"]);
    }
}
