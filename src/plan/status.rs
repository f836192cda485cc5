//! `status`: how healthy a federation is, judged from what its host cluster records.
//!
//! The command reads the KubeFedClusters, the FederatedTypeConfigs, their CRDs and the
//! controller's leader-election record; [`assess`] turns them into a [`Report`] (the
//! documented `-o json|yaml` shape) and decides what is unhealthy. No I/O here.

use std::collections::BTreeMap;

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use k8s_openapi::jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::plan::enable::{FederatedType, crd_established};
use crate::plan::join::Credentials;
use crate::plan::kubefed::KubeFedObject;
use crate::plan::kubefed::{FederatedResource, FederatedTypeConfig, KubeFedCluster};

/// The annotation client-go's ConfigMap and Endpoints leader-election locks write.
pub(crate) const LEADER_ANNOTATION: &str = "control-plane.alpha.kubernetes.io/leader";

/// The name of the KubeFed controller manager's leader-election lock.
pub(crate) const LEADER_LOCK_NAME: &str = "kubefed-controller-manager";

/// Region and zone labels `join --auto-labels` writes, read when the controller
/// reports no region or zones in the KubeFedCluster status.
const REGION_LABEL: &str = "topology.kubernetes.io/region";
const ZONE_LABEL: &str = "topology.kubernetes.io/zone";

/// Everything `status` read from the host cluster.
#[derive(Debug)]
pub(crate) struct Observed {
    pub host_context: String,
    pub namespace: String,
    /// The KubeFedConfig's `spec.scope` (Cluster or Namespaced).
    pub scope: String,
    /// `configmaps/kubefed-controller-manager` or `endpoints/...`: where the record was
    /// looked for.
    pub lock: String,
    /// The lock's leader annotation, if the lock object has one.
    pub leader: Option<LeaderRecord>,
    pub clusters: Vec<KubeFedCluster>,
    pub types: Vec<ObservedType>,
}

/// One FederatedTypeConfig and what was found about its federated type.
#[derive(Debug)]
pub(crate) struct ObservedType {
    pub config: FederatedTypeConfig,
    pub crd: CrdState,
    /// Its federated objects; None when they could not be listed.
    pub objects: Option<Vec<ObjectPropagation>>,
}

/// What `status` keeps of a federated object: its name and its `Propagation` condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ObjectPropagation {
    pub namespace: Option<String>,
    pub name: String,
    /// The condition's status (`True`, `False`); None before KubeFed reported.
    pub status: Option<String>,
    pub reason: Option<String>,
}

impl ObjectPropagation {
    /// What `status` keeps of a federated object as a list returned it; one that is not
    /// KubeFed's shape counts as not reported on.
    pub(crate) fn of(object: &Value) -> ObjectPropagation {
        let object = FederatedResource::from_value(object).unwrap_or_default();
        let condition = object.propagation();
        ObjectPropagation {
            namespace: object.metadata.namespace.clone(),
            name: object.name().to_owned(),
            status: condition.map(|c| c.status.clone()),
            reason: condition.and_then(|c| c.reason.clone()),
        }
    }

    /// Why the object is not propagated; None when it is.
    fn problem(&self) -> Option<&str> {
        match (self.status.as_deref(), self.reason.as_deref()) {
            (Some("True"), _) => None,
            (None, _) => Some(NOT_REPORTED),
            (Some(_), reason) => Some(reason.unwrap_or("Unknown")),
        }
    }
}

/// The reason given to an object the KubeFed controller has not reported on yet.
const NOT_REPORTED: &str = "NotReportedYet";

/// How many objects that do not propagate `status` names one by one.
const LISTED_OBJECTS: usize = 5;

/// client-go's `LeaderElectionRecord`, as the annotation holds it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LeaderRecord {
    #[serde(default)]
    pub holder_identity: String,
    #[serde(default)]
    pub lease_duration_seconds: i64,
    pub renew_time: Option<Timestamp>,
}

impl LeaderRecord {
    /// Parses the annotation; None when it is not a leader record.
    pub(crate) fn parse(annotation: &str) -> Option<LeaderRecord> {
        serde_json::from_str(annotation).ok()
    }

    /// The leader renewed its lease within the lease's duration: it is running.
    pub(crate) fn is_current(&self, now: Timestamp) -> bool {
        let lease = SignedDuration::from_secs(self.lease_duration_seconds);
        self.renew_time
            .is_some_and(|renewed| now.duration_since(renewed) <= lease)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub(crate) enum CrdState {
    Established,
    NotEstablished,
    Missing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub(crate) enum ClusterState {
    /// The controller's last probe of /healthz answered ok.
    Ready,
    /// /healthz answered, but not ok.
    NotReady,
    /// The controller could not reach the cluster.
    Offline,
    /// The controller cannot build a client from the KubeFedCluster and its Secret.
    ConfigMalformed,
    /// Not probed yet.
    Unknown,
}

/// The `-o json|yaml` document. Field names are part of the interface: add, never rename.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Report {
    /// False when anything below is unhealthy; then `problems` says what.
    pub healthy: bool,
    pub control_plane: ControlPlaneStatus,
    pub clusters: Vec<ClusterStatus>,
    pub types: Vec<TypeStatus>,
    /// The federated objects whose `Propagation` condition is not True, counted only
    /// while the controller and the type's sync controller run (otherwise that is the
    /// problem, said once).
    pub not_propagated: NotPropagated,
    pub problems: Vec<String>,
}

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NotPropagated {
    pub count: u64,
    /// The counts by the condition's reason (`NotReportedYet` before any report).
    pub by_reason: BTreeMap<String, u64>,
    /// The first few, by type, namespace and name.
    pub first: Vec<UnpropagatedObject>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UnpropagatedObject {
    /// The FederatedTypeConfig's name (`configmaps`).
    #[serde(rename = "type")]
    pub type_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub name: String,
    pub reason: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ControlPlaneStatus {
    pub host_context: String,
    pub namespace: String,
    pub scope: String,
    pub controller: ControllerStatus,
    pub healthy: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ControllerStatus {
    /// The leader renewed its lease within the lease duration.
    pub alive: bool,
    pub lock: String,
    pub holder: Option<String>,
    pub renew_time: Option<Timestamp>,
    pub lease_duration_seconds: Option<i64>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ClusterStatus {
    pub name: String,
    pub state: ClusterState,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub kubernetes_version: Option<String>,
    pub region: Option<String>,
    pub zones: Vec<String>,
    pub labels: BTreeMap<String, String>,
    /// How the member was joined: with a service account of the join, or the token of a
    /// kubeconfig context.
    pub credentials: Credentials,
    pub creation_timestamp: Option<Timestamp>,
    pub last_probe_time: Option<Timestamp>,
    pub healthy: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TypeStatus {
    /// The FederatedTypeConfig's name (`deployments.apps`).
    pub name: String,
    /// `<plural>.<group>` of the federated type, the name of its CRD.
    pub federated_type: String,
    /// `spec.propagation`: Enabled or Disabled.
    pub propagation: String,
    /// What the controller reports (`Running`, `NotRunning`), `Skipped` for a
    /// cluster-scoped type under a Namespaced control plane, None before any report.
    pub propagation_controller: Option<String>,
    pub crd: CrdState,
    pub federated_objects: Option<u64>,
    /// How many of them are not propagated; None when not counted.
    pub not_propagated: Option<u64>,
    pub healthy: bool,
}

/// Classifies everything read and collects the problems. `now` decides whether the
/// controller's lease is current.
pub(crate) fn assess(observed: &Observed, now: Timestamp) -> Report {
    let mut problems = Vec::new();
    let controller = controller_status(observed, now, &mut problems);
    let clusters: Vec<ClusterStatus> = observed.clusters.iter().map(cluster_status).collect();
    // Without a running controller, members it never probed and sync controllers that
    // never reported are unhealthy for that one reason, which is said once.
    problems.extend(
        clusters
            .iter()
            .filter(|c| controller.alive || c.state != ClusterState::Unknown)
            .filter_map(cluster_problem),
    );
    let mut not_propagated = NotPropagated::default();
    let types: Vec<TypeStatus> = observed
        .types
        .iter()
        .map(|t| {
            type_status(
                t,
                &observed.scope,
                controller.alive,
                &mut not_propagated,
                &mut problems,
            )
        })
        .collect();
    problems.extend(not_propagated_problem(&not_propagated));
    let control_plane = ControlPlaneStatus {
        host_context: observed.host_context.clone(),
        namespace: observed.namespace.clone(),
        scope: observed.scope.clone(),
        healthy: controller.alive,
        controller,
    };
    Report {
        healthy: problems.is_empty(),
        control_plane,
        clusters,
        types,
        not_propagated,
        problems,
    }
}

fn not_propagated_problem(not_propagated: &NotPropagated) -> Option<String> {
    if not_propagated.count == 0 {
        return None;
    }
    let reasons: Vec<String> = not_propagated
        .by_reason
        .iter()
        .map(|(reason, n)| format!("{n} {reason}"))
        .collect();
    let named: Vec<String> = not_propagated
        .first
        .iter()
        .map(|o| {
            let name = match &o.namespace {
                Some(ns) => format!("{ns}/{}", o.name),
                None => o.name.clone(),
            };
            format!("{} {name} ({})", o.type_name, o.reason)
        })
        .collect();
    let more = not_propagated.count - not_propagated.first.len() as u64;
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    let objects = if not_propagated.count == 1 {
        "object is"
    } else {
        "objects are"
    };
    Some(format!(
        "{} federated {objects} not propagated ({}): {}{more}",
        not_propagated.count,
        reasons.join(", "),
        named.join(", ")
    ))
}

fn controller_status(
    observed: &Observed,
    now: Timestamp,
    problems: &mut Vec<String>,
) -> ControllerStatus {
    let Some(record) = &observed.leader else {
        problems.push(format!(
            "no leader-election record in {} of namespace \"{}\": the KubeFed controller \
             has not run there",
            observed.lock, observed.namespace
        ));
        return ControllerStatus {
            alive: false,
            lock: observed.lock.clone(),
            holder: None,
            renew_time: None,
            lease_duration_seconds: None,
        };
    };
    let alive = record.is_current(now);
    if !alive {
        let since = record
            .renew_time
            .map_or_else(|| "never".to_owned(), |t| format!("{} ago", age(t, now)));
        problems.push(format!(
            "the KubeFed controller last renewed its lease {since} (lease {}s): it is not running",
            record.lease_duration_seconds
        ));
    }
    ControllerStatus {
        alive,
        lock: observed.lock.clone(),
        holder: Some(record.holder_identity.clone()).filter(|h| !h.is_empty()),
        renew_time: record.renew_time,
        lease_duration_seconds: Some(record.lease_duration_seconds),
    }
}

/// A KubeFedCluster's state as the controller last recorded it.
pub(crate) fn cluster_status(kfc: &KubeFedCluster) -> ClusterStatus {
    let status = &kfc.status;
    let is_true = |kind: &str| kfc.condition(kind).is_some_and(|c| c.status == "True");
    let (state, shown) = if is_true("Ready") {
        (ClusterState::Ready, kfc.condition("Ready"))
    } else if is_true("ConfigMalformed") {
        (
            ClusterState::ConfigMalformed,
            kfc.condition("ConfigMalformed"),
        )
    } else if is_true("Offline") {
        (ClusterState::Offline, kfc.condition("Offline"))
    } else if let Some(ready) = kfc.condition("Ready") {
        (ClusterState::NotReady, Some(ready))
    } else {
        (ClusterState::Unknown, None)
    };
    let non_empty = |text: &Option<String>| text.clone().filter(|t| !t.is_empty());
    let reason = shown.and_then(|c| non_empty(&c.reason));
    let message = shown.and_then(|c| non_empty(&c.message));
    let last_probe_time = status
        .conditions
        .iter()
        .filter_map(|c| c.last_probe_time.as_deref()?.parse().ok())
        .max();
    let labels = kfc.labels();
    let region = non_empty(&status.region).or_else(|| labels.get(REGION_LABEL).cloned());
    let mut zones: Vec<String> = status
        .zones
        .iter()
        .filter(|z| !z.is_empty())
        .cloned()
        .collect();
    if zones.is_empty() {
        zones.extend(labels.get(ZONE_LABEL).cloned());
    }
    let healthy = state == ClusterState::Ready;
    ClusterStatus {
        name: kfc.name().to_owned(),
        state,
        reason,
        message,
        kubernetes_version: non_empty(&status.kubernetes_version),
        region,
        zones,
        labels,
        credentials: Credentials::of(&kfc.metadata),
        creation_timestamp: kfc.metadata.creation_timestamp.as_ref().map(|t| t.0),
        last_probe_time,
        healthy,
    }
}

fn cluster_problem(cluster: &ClusterStatus) -> Option<String> {
    if cluster.healthy {
        return None;
    }
    let detail = match (&cluster.reason, &cluster.message) {
        (_, Some(message)) => format!(": {message}"),
        (Some(reason), None) => format!(": {reason}"),
        (None, None) if cluster.state == ClusterState::Unknown => {
            ": the controller has not probed it yet".to_owned()
        }
        (None, None) => String::new(),
    };
    Some(format!(
        "cluster \"{}\" is {:?}{detail}",
        cluster.name, cluster.state
    ))
}

/// `controller_alive`: whether a sync controller that is not running is a problem of its
/// own, or one of the controller's. Objects are counted in `not_propagated` only where
/// their sync controller runs: elsewhere none propagates, for the one reason given.
fn type_status(
    observed: &ObservedType,
    scope: &str,
    controller_alive: bool,
    not_propagated: &mut NotPropagated,
    problems: &mut Vec<String>,
) -> TypeStatus {
    let config = &observed.config;
    let name = config.name().to_owned();
    let federated = FederatedType::of_config(config);
    let federated_type = federated
        .as_ref()
        .map(FederatedType::crd_name)
        .unwrap_or_default();
    let propagation = config.propagation().to_owned();
    let enabled = propagation == "Enabled";
    // A Namespaced control plane never starts sync controllers for cluster-scoped target
    // types (namespaces included).
    let skipped = scope == "Namespaced" && config.spec.target_type.scope != "Namespaced";
    let propagation_controller = if skipped {
        Some("Skipped".to_owned())
    } else {
        config
            .status
            .propagation_controller
            .clone()
            .filter(|c| !c.is_empty())
    };
    let mut healthy = true;
    if observed.crd != CrdState::Established {
        healthy = false;
        let what = match observed.crd {
            CrdState::Missing => "does not exist",
            _ => "is not established",
        };
        problems.push(format!(
            "type \"{name}\": the CRD of {federated_type} {what}"
        ));
    }
    if enabled && !skipped && propagation_controller.as_deref() != Some("Running") {
        healthy = false;
        let reported = propagation_controller
            .as_deref()
            .map_or_else(|| "has not reported".to_owned(), |s| format!("reports {s}"));
        if controller_alive {
            problems.push(format!(
                "type \"{name}\": propagation is enabled but its sync controller {reported}"
            ));
        }
    }
    let syncing = controller_alive
        && enabled
        && !skipped
        && propagation_controller.as_deref() == Some("Running");
    let mut unpropagated = None;
    if let Some(objects) = observed.objects.as_ref().filter(|_| syncing) {
        let mut count = 0;
        for (object, reason) in objects.iter().filter_map(|o| Some((o, o.problem()?))) {
            count += 1;
            *not_propagated
                .by_reason
                .entry(reason.to_owned())
                .or_default() += 1;
            not_propagated.count += 1;
            if not_propagated.first.len() < LISTED_OBJECTS {
                not_propagated.first.push(UnpropagatedObject {
                    type_name: name.clone(),
                    namespace: object.namespace.clone(),
                    name: object.name.clone(),
                    reason: reason.to_owned(),
                });
            }
        }
        healthy &= count == 0;
        unpropagated = Some(count);
    }
    TypeStatus {
        name,
        federated_type,
        propagation,
        propagation_controller,
        crd: observed.crd,
        federated_objects: observed.objects.as_ref().map(|o| o.len() as u64),
        not_propagated: unpropagated,
        healthy,
    }
}

/// What a CRD's conditions say; None is a CRD that does not exist.
pub(crate) fn crd_state(crd: Option<&CustomResourceDefinition>) -> CrdState {
    match crd {
        None => CrdState::Missing,
        Some(crd) if crd_established(crd) => CrdState::Established,
        Some(_) => CrdState::NotEstablished,
    }
}

/// A short age as kubectl prints it: `45s`, `12m`, `5h`, `3d`; `0s` for future times.
pub(crate) fn age(since: Timestamp, now: Timestamp) -> String {
    let seconds = now.duration_since(since).as_secs().max(0);
    match seconds {
        s if s < 120 => format!("{s}s"),
        s if s < 2 * 3600 => format!("{}m", s / 60),
        s if s < 2 * 86400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::enable::federated_widget_crd;
    use serde_json::json;

    fn now() -> Timestamp {
        "2026-11-25T12:00:00Z".parse().unwrap()
    }

    fn leader(renewed: &str) -> Option<LeaderRecord> {
        LeaderRecord::parse(&format!(
            r#"{{"holderIdentity":"vm_1","leaseDurationSeconds":15,"acquireTime":"2026-11-25T11:00:00Z","renewTime":"{renewed}","leaderTransitions":0}}"#
        ))
    }

    fn kfc(name: &str, conditions: Value) -> Value {
        json!({
            "metadata": {"name": name, "creationTimestamp": "2026-11-25T11:00:00Z",
                         "labels": {"tier": "gold"}},
            "spec": {},
            "status": {"conditions": conditions, "kubernetesVersion": "v1.34.4"},
        })
    }

    fn ready() -> Value {
        json!([{"type": "Ready", "status": "True", "reason": "ClusterReady",
                "message": "/healthz responded with ok", "lastProbeTime": "2026-11-25T11:59:59Z"}])
    }

    fn ftc(name: &str, propagation: &str, controller: Option<&str>, scope: &str) -> Value {
        let mut ftc = json!({
            "metadata": {"name": name},
            "spec": {"propagation": propagation, "targetType": {"scope": scope},
                     "federatedType": {"group": "types.kubefed.io", "version": "v1beta1", "kind": "FederatedX",
                                       "pluralName": format!("federated{name}"), "scope": scope}},
        });
        if let Some(c) = controller {
            ftc["status"] = json!({"propagationController": c});
        }
        ftc
    }

    fn observed(clusters: Vec<Value>, types: Vec<ObservedType>) -> Observed {
        Observed {
            host_context: "cluster1".into(),
            namespace: "kube-federation-system".into(),
            scope: "Cluster".into(),
            lock: "configmaps/kubefed-controller-manager".into(),
            leader: leader("2026-11-25T11:59:58Z"),
            clusters: clusters
                .iter()
                .map(|kfc| KubeFedCluster::from_value(kfc).unwrap())
                .collect(),
            types,
        }
    }

    fn object(name: &str, condition: Option<(&str, &str)>) -> ObjectPropagation {
        let conditions = condition.map(
            |(status, reason)| json!([{"type": "Propagation", "status": status, "reason": reason}]),
        );
        ObjectPropagation::of(&json!({
            "metadata": {"namespace": "shop", "name": name},
            "status": {"conditions": conditions},
        }))
    }

    fn established(config: Value) -> ObservedType {
        with_objects(
            config,
            vec![
                object("a", Some(("True", ""))),
                object("b", Some(("True", ""))),
            ],
        )
    }

    fn with_objects(config: Value, objects: Vec<ObjectPropagation>) -> ObservedType {
        ObservedType {
            config: FederatedTypeConfig::from_value(&config).unwrap(),
            crd: CrdState::Established,
            objects: Some(objects),
        }
    }

    /// One Ready member and one type whose two objects propagated.
    fn all_ready() -> Report {
        let configmaps = ftc("configmaps", "Enabled", Some("Running"), "Namespaced");
        assess(
            &observed(vec![kfc("c2", ready())], vec![established(configmaps)]),
            now(),
        )
    }

    #[test]
    fn all_ready_is_healthy() {
        let report = all_ready();
        assert!(report.healthy, "{:?}", report.problems);
        assert!(report.control_plane.controller.alive);
        let cluster = &report.clusters[0];
        assert_eq!(cluster.state, ClusterState::Ready);
        assert_eq!(cluster.reason.as_deref(), Some("ClusterReady"));
        assert_eq!(cluster.kubernetes_version.as_deref(), Some("v1.34.4"));
        assert_eq!(
            report.types[0].federated_type,
            "federatedconfigmaps.types.kubefed.io"
        );
        assert_eq!(report.types[0].federated_objects, Some(2));
        assert_eq!(report.types[0].not_propagated, Some(0));
        assert_eq!(report.not_propagated.count, 0);
    }

    #[test]
    fn objects_that_do_not_propagate_are_counted_by_reason_and_the_first_named() {
        let blocked = |name: &str| object(name, Some(("False", "NamespaceNotFederated")));
        let mut configmaps = vec![object("ok", Some(("True", ""))), object("new", None)];
        configmaps.extend(["b1", "b2", "b3", "b4", "b5"].map(blocked));
        let report = assess(
            &observed(
                vec![kfc("c2", ready())],
                vec![
                    with_objects(
                        ftc("configmaps", "Enabled", Some("Running"), "Namespaced"),
                        configmaps,
                    ),
                    with_objects(
                        ftc("secrets", "Enabled", Some("Running"), "Namespaced"),
                        vec![object("s", Some(("False", "CheckClusters")))],
                    ),
                ],
            ),
            now(),
        );
        assert!(!report.healthy);
        assert_eq!(report.not_propagated.count, 7);
        assert_eq!(
            report.not_propagated.by_reason,
            BTreeMap::from([
                ("CheckClusters".to_owned(), 1),
                ("NamespaceNotFederated".to_owned(), 5),
                ("NotReportedYet".to_owned(), 1),
            ])
        );
        assert_eq!(report.not_propagated.first.len(), 5);
        assert_eq!(report.types[0].not_propagated, Some(6));
        assert!(!report.types[0].healthy && !report.types[1].healthy);
        assert_eq!(
            report.problems,
            [
                "7 federated objects are not propagated (1 CheckClusters, 5 \
              NamespaceNotFederated, 1 NotReportedYet): configmaps shop/new (NotReportedYet), \
              configmaps shop/b1 (NamespaceNotFederated), configmaps shop/b2 \
              (NamespaceNotFederated), configmaps shop/b3 (NamespaceNotFederated), configmaps \
              shop/b4 (NamespaceNotFederated) and 2 more"
            ]
        );

        // Once they propagate, all is well again.
        let report = all_ready();
        assert!(report.healthy, "{:?}", report.problems);
    }

    #[test]
    fn offline_and_not_ready_members_are_unhealthy() {
        let offline = json!([{"type": "Offline", "status": "True", "reason": "ClusterNotReachable",
            "message": "cluster is not reachable: connection refused", "lastProbeTime": "2026-11-25T11:59:59Z"}]);
        let not_ready = json!([
            {"type": "Ready", "status": "False", "reason": "ClusterNotReady", "message": "/healthz responded without ok"},
            {"type": "Offline", "status": "False", "reason": "ClusterReachable"}]);
        let malformed = json!([{"type": "ConfigMalformed", "status": "True", "reason": "ClusterConfigMalformed"}]);
        let report = assess(
            &observed(
                vec![
                    kfc("a", offline),
                    kfc("b", not_ready),
                    kfc("c", malformed),
                    json!({"metadata": {"name": "d"}}),
                ],
                vec![],
            ),
            now(),
        );
        assert!(!report.healthy);
        let states: Vec<ClusterState> = report.clusters.iter().map(|c| c.state).collect();
        assert_eq!(
            states,
            [
                ClusterState::Offline,
                ClusterState::NotReady,
                ClusterState::ConfigMalformed,
                ClusterState::Unknown
            ]
        );
        assert_eq!(
            report.clusters[1].reason.as_deref(),
            Some("ClusterNotReady")
        );
        assert_eq!(
            report.problems[0],
            "cluster \"a\" is Offline: cluster is not reachable: connection refused"
        );
        assert!(report.problems[3].contains("not probed it yet"));
        assert!(
            report.control_plane.healthy,
            "the control plane itself is fine"
        );
    }

    #[test]
    fn stale_or_missing_lease_means_the_controller_is_not_alive() {
        let mut stale = observed(vec![kfc("c2", ready())], vec![]);
        stale.leader = leader("2026-11-25T11:59:00Z");
        let report = assess(&stale, now());
        assert!(!report.healthy && !report.control_plane.healthy);
        assert!(report.problems[0].contains("last renewed its lease 60s ago (lease 15s)"));
        // Exactly at the lease's end it still counts.
        stale.leader = leader("2026-11-25T11:59:45Z");
        assert!(assess(&stale, now()).healthy);
        stale.leader = None;
        let report = assess(&stale, now());
        assert!(!report.control_plane.controller.alive);
        assert!(report.problems[0].starts_with("no leader-election record in configmaps/"));
    }

    #[test]
    fn a_controller_that_is_not_running_is_named_once_not_per_type_and_member() {
        let mut stopped = observed(
            vec![kfc("c2", json!([])), kfc("c3", ready())],
            vec![
                established(ftc("services", "Enabled", None, "Namespaced")),
                with_objects(
                    ftc("jobs.batch", "Enabled", None, "Namespaced"),
                    vec![object("never-reported", None)],
                ),
            ],
        );
        stopped.leader = None;
        let report = assess(&stopped, now());
        assert!(!report.healthy);
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        assert!(report.problems[0].starts_with("no leader-election record"));
        // Each is still shown unhealthy in its own row; objects are not counted.
        assert!(report.types.iter().all(|t| !t.healthy));
        assert_eq!(report.not_propagated.count, 0);
        assert!(!report.clusters[0].healthy);
    }

    #[test]
    fn types_need_an_established_crd_and_a_running_sync_controller() {
        let mut missing = established(ftc("secrets", "Enabled", Some("Running"), "Namespaced"));
        missing.crd = CrdState::Missing;
        missing.objects = None;
        let report = assess(
            &observed(
                vec![],
                vec![
                    established(ftc(
                        "configmaps",
                        "Disabled",
                        Some("NotRunning"),
                        "Namespaced",
                    )),
                    established(ftc("services", "Enabled", Some("NotRunning"), "Namespaced")),
                    established(ftc("jobs.batch", "Enabled", None, "Namespaced")),
                    missing,
                ],
            ),
            now(),
        );
        let healthy: Vec<bool> = report.types.iter().map(|t| t.healthy).collect();
        assert_eq!(healthy, [true, false, false, false]);
        assert_eq!(
            report.problems,
            [
                "type \"services\": propagation is enabled but its sync controller reports NotRunning",
                "type \"jobs.batch\": propagation is enabled but its sync controller has not reported",
                "type \"secrets\": the CRD of federatedsecrets.types.kubefed.io does not exist",
            ]
        );
    }

    #[test]
    fn namespaced_control_planes_skip_cluster_scoped_types() {
        let mut namespaced = observed(
            vec![],
            vec![established(ftc(
                "clusterroles.rbac.authorization.k8s.io",
                "Enabled",
                Some("NotRunning"),
                "Cluster",
            ))],
        );
        namespaced.scope = "Namespaced".into();
        let report = assess(&namespaced, now());
        assert!(report.healthy, "{:?}", report.problems);
        assert_eq!(
            report.types[0].propagation_controller.as_deref(),
            Some("Skipped")
        );
    }

    #[test]
    fn region_and_zones_from_status_else_labels() {
        let mut labelled = kfc("c2", ready());
        labelled["metadata"]["labels"] =
            json!({REGION_LABEL: "eu-west-1", ZONE_LABEL: "eu-west-1a"});
        let report = assess(&observed(vec![labelled.clone()], vec![]), now());
        assert_eq!(report.clusters[0].region.as_deref(), Some("eu-west-1"));
        assert_eq!(report.clusters[0].zones, ["eu-west-1a"]);
        labelled["status"]["region"] = json!("us-east-1");
        labelled["status"]["zones"] = json!(["us-east-1a", "us-east-1b"]);
        let report = assess(&observed(vec![labelled], vec![]), now());
        assert_eq!(report.clusters[0].region.as_deref(), Some("us-east-1"));
        assert_eq!(report.clusters[0].zones, ["us-east-1a", "us-east-1b"]);
    }

    #[test]
    fn json_shape_is_stable() {
        let report = assess(&observed(vec![kfc("c2", ready())], vec![]), now());
        let value = serde_json::to_value(&report).unwrap();
        assert_eq!(
            value["controlPlane"]["controller"]["renewTime"],
            "2026-11-25T11:59:58Z"
        );
        assert_eq!(
            value["controlPlane"]["controller"]["leaseDurationSeconds"],
            15
        );
        assert_eq!(value["clusters"][0]["state"], "Ready");
        assert_eq!(
            value["clusters"][0]["creationTimestamp"],
            "2026-11-25T11:00:00Z"
        );
        assert_eq!(
            value["clusters"][0]["lastProbeTime"],
            "2026-11-25T11:59:59Z"
        );
        assert_eq!(value["clusters"][0]["labels"]["tier"], "gold");
        assert_eq!(value["clusters"][0]["credentials"], "service-account");
        assert_eq!(value["problems"], json!([]));
        assert_eq!(
            value["notPropagated"],
            json!({"count": 0, "byReason": {}, "first": []})
        );
        let mut by_token = kfc("c3", ready());
        by_token["metadata"]["annotations"] =
            json!({"kubefedctl.kubefed.io/credentials": "kubeconfig"});
        let report = assess(&observed(vec![by_token], vec![]), now());
        let value = serde_json::to_value(&report).unwrap();
        assert_eq!(value["clusters"][0]["credentials"], "kubeconfig");
    }

    #[test]
    fn crd_states() {
        let crd = |status: Value| federated_widget_crd(json!([]), status);
        assert_eq!(crd_state(None), CrdState::Missing);
        assert_eq!(crd_state(Some(&crd(json!(null)))), CrdState::NotEstablished);
        let names_only = crd(json!({"conditions": [{"type": "NamesAccepted", "status": "True"}]}));
        assert_eq!(crd_state(Some(&names_only)), CrdState::NotEstablished);
        let established = crd(json!({"conditions": [
            {"type": "NamesAccepted", "status": "True"}, {"type": "Established", "status": "True"}]}));
        assert_eq!(crd_state(Some(&established)), CrdState::Established);
    }

    #[test]
    fn ages() {
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        assert_eq!(age(at("2026-11-25T11:59:15Z"), now()), "45s");
        assert_eq!(age(at("2026-11-25T11:30:00Z"), now()), "30m");
        assert_eq!(age(at("2026-11-25T07:00:00Z"), now()), "5h");
        assert_eq!(age(at("2026-11-20T12:00:00Z"), now()), "5d");
        assert_eq!(age(at("2026-11-25T12:00:05Z"), now()), "0s");
    }
}
