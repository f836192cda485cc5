//! `schedule`: the ReplicaSchedulingPreference (scheduling.kubefed.io/v1alpha1) that makes
//! KubeFed's scheduler spread a FederatedDeployment's or FederatedReplicaSet's replicas
//! over the member clusters by weight, within per-cluster minimums and maximums.
//!
//! Pure: which federated kind a TYPE names, the checks of the preferences, the object
//! and the warnings about preferences that cannot work as written.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::Value;

use crate::plan::enable::DEFAULT_FEDERATED_GROUP;
use crate::plan::kubefed::{
    ClusterPreferences, ReplicaSchedulingPreference, ReplicaSchedulingPreferenceSpec,
};
use crate::plan::names::{NameError, check_member_name};
use crate::plan::resolve::{self, ApiType, ResolveError};

/// The key of `spec.clusters` that applies to every cluster without its own entry.
pub(crate) const ALL_CLUSTERS: &str = "*";

pub(crate) fn replica_scheduling_preference_resource() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk(
            "scheduling.kubefed.io",
            "v1alpha1",
            "ReplicaSchedulingPreference",
        ),
        "replicaschedulingpreferences",
    )
}

/// The only types KubeFed's replica scheduler serves, and their federated kinds (the
/// scheduler matches `spec.targetKind` against exactly these names).
const SCHEDULABLE: [(&str, &str, &str, &str); 2] = [
    ("Deployment", "deployments", "deploy", "FederatedDeployment"),
    ("ReplicaSet", "replicasets", "rs", "FederatedReplicaSet"),
];

/// The types TYPE may name: the two targets in `apps/v1` and their federated types, with
/// the names discovery gives them, so every spelling `enable` takes works here too.
fn schedulable_types() -> Vec<ApiType> {
    let api_type = |group: &str, version: &str, kind: &str, plural: &str, short: &str| ApiType {
        group: group.to_owned(),
        version: version.to_owned(),
        kind: kind.to_owned(),
        plural: plural.to_owned(),
        singular: kind.to_lowercase(),
        short_names: vec![short.to_owned()],
        namespaced: true,
        preferred: true,
    };
    SCHEDULABLE
        .iter()
        .flat_map(|(kind, plural, short, federated)| {
            [
                api_type("apps", "v1", kind, plural, short),
                api_type(
                    DEFAULT_FEDERATED_GROUP,
                    "v1beta1",
                    federated,
                    &format!("federated{plural}"),
                    &format!("f{short}"),
                ),
            ]
        })
        .collect()
}

/// What `schedule` refuses in its arguments.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ScheduleError {
    #[error(
        "cannot schedule \"{0}\": KubeFed schedules the replicas of deployments.apps and \
         replicasets.apps only"
    )]
    NotSchedulable(String),
    #[error("{0}")]
    Ambiguous(ResolveError),
    #[error("cannot schedule \"{0}\"")]
    NoFederatedKind(String),
    #[error("{0}")]
    ClusterName(NameError),
    #[error("{flag} {cluster}={number}: the number must be 0 or more")]
    Negative {
        flag: &'static str,
        cluster: String,
        number: i64,
    },
    #[error("{flag} names cluster \"{cluster}\" twice")]
    Twice { flag: &'static str, cluster: String },
    #[error("cluster \"{cluster}\": --min {min} is more than --max {max}")]
    MinAboveMax { cluster: String, min: i64, max: i64 },
}

impl ScheduleError {
    /// What the user can do instead.
    pub(crate) fn hint(&self) -> Option<String> {
        match self {
            ScheduleError::ClusterName(error) => error.hint(),
            _ => None,
        }
    }
}

/// The federated kind (`spec.targetKind`) that TYPE names: `deployments.apps`,
/// `deploy`, `ReplicaSet`, `federateddeployments` and so on. Needs no cluster, so
/// `-o yaml` works offline.
pub(crate) fn target_kind(type_name: &str) -> Result<&'static str, ScheduleError> {
    let types = schedulable_types();
    let found = resolve::resolve(&types, type_name, None).map_err(|e| match e {
        ResolveError::NotFound { .. } => ScheduleError::NotSchedulable(type_name.to_owned()),
        ResolveError::Ambiguous { .. } => ScheduleError::Ambiguous(e),
    })?;
    SCHEDULABLE
        .iter()
        .find(|(kind, _, _, federated)| found.kind == *kind || found.kind == *federated)
        .map(|(_, _, _, federated)| *federated)
        .ok_or_else(|| ScheduleError::NoFederatedKind(type_name.to_owned()))
}

/// A ReplicaSchedulingPreference to write: its name and namespace (those of the federated
/// object it drives) and its spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Schedule {
    pub name: String,
    pub namespace: String,
    pub spec: ReplicaSchedulingPreferenceSpec,
}

/// Which field of a [`ClusterPreferences`] a flag sets.
type PreferenceField = fn(&mut ClusterPreferences) -> &mut Option<i64>;

/// The per-cluster preferences from `--weight`, `--min` and `--max` (each a list of
/// `(cluster, number)`). A cluster is a member name or `*`; each flag names a cluster
/// once, numbers are 0 or more, and a minimum is not above the maximum. Without any, every
/// cluster gets weight 1 (what KubeFed does with an empty map, written out).
pub(crate) fn cluster_preferences(
    weights: &[(String, i64)],
    mins: &[(String, i64)],
    maxes: &[(String, i64)],
) -> Result<BTreeMap<String, ClusterPreferences>, ScheduleError> {
    let mut clusters: BTreeMap<String, ClusterPreferences> = BTreeMap::new();
    let mut set = |flag: &'static str, values: &[(String, i64)], field: PreferenceField| {
        for (cluster, number) in values {
            if cluster != ALL_CLUSTERS {
                check_member_name(flag, cluster).map_err(ScheduleError::ClusterName)?;
            }
            if *number < 0 {
                return Err(ScheduleError::Negative {
                    flag,
                    cluster: cluster.clone(),
                    number: *number,
                });
            }
            let slot = field(clusters.entry(cluster.clone()).or_default());
            if slot.is_some() {
                return Err(ScheduleError::Twice {
                    flag,
                    cluster: cluster.clone(),
                });
            }
            *slot = Some(*number);
        }
        Ok(())
    };
    set("--weight", weights, |p| &mut p.weight)?;
    set("--min", mins, |p| &mut p.min_replicas)?;
    set("--max", maxes, |p| &mut p.max_replicas)?;
    for (cluster, preference) in &clusters {
        if let (Some(min), Some(max)) = (preference.min_replicas, preference.max_replicas)
            && min > max
        {
            return Err(ScheduleError::MinAboveMax {
                cluster: cluster.clone(),
                min,
                max,
            });
        }
    }
    if clusters.is_empty() {
        clusters.insert(
            ALL_CLUSTERS.to_owned(),
            ClusterPreferences {
                weight: Some(1),
                ..ClusterPreferences::default()
            },
        );
    }
    Ok(clusters)
}

impl Schedule {
    /// The ReplicaSchedulingPreference, named and placed like the federated object it
    /// drives. Every spec field is written, so applying it replaces an earlier schedule.
    pub(crate) fn object(&self) -> Value {
        ReplicaSchedulingPreference {
            metadata: ObjectMeta {
                name: Some(self.name.clone()),
                namespace: Some(self.namespace.clone()),
                ..ObjectMeta::default()
            },
            spec: self.spec.clone(),
        }
        .to_object()
    }

    /// The clusters the preferences name that are not among `joined` (`*` aside).
    pub(crate) fn unknown_clusters<'a>(&'a self, joined: &[String]) -> Vec<&'a str> {
        self.spec
            .clusters
            .keys()
            .filter(|c| *c != ALL_CLUSTERS && !joined.contains(c))
            .map(String::as_str)
            .collect()
    }
}

/// The warnings are about the preferences alone, so they are given before the namespace
/// of the preference is known.
impl ReplicaSchedulingPreferenceSpec {
    /// What in the preferences cannot work as written (the scheduler accepts it anyway).
    pub(crate) fn warnings(&self) -> Vec<String> {
        let total = i64::from(self.total_replicas);
        let mut out = Vec::new();
        let mins: i64 = self.clusters.values().filter_map(|p| p.min_replicas).sum();
        if mins > total {
            out.push(format!(
                "the minimums add up to {mins}, more than the {total} total replicas: some \
                 clusters get less than their minimum"
            ));
        }
        // Only when every entry is bounded can the maximums leave replicas unplaced.
        let maxes: Option<i64> = self.clusters.values().map(|p| p.max_replicas).sum();
        if let Some(maxes) = maxes.filter(|m| *m < total) {
            out.push(format!(
                "the maximums add up to {maxes}, less than the {total} total replicas: \
                 the rest are not placed"
            ));
        }
        if self.clusters.values().all(|p| p.weight.unwrap_or(0) == 0) && mins < total {
            out.push("no cluster has a weight above 0: only the minimums are placed".to_owned());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::init::declared::undeclared_fields;
    use serde_json::json;

    fn pairs(items: &[(&str, i64)]) -> Vec<(String, i64)> {
        items.iter().map(|(c, n)| ((*c).to_owned(), *n)).collect()
    }

    fn schedule(clusters: BTreeMap<String, ClusterPreferences>, total: i32) -> Schedule {
        Schedule {
            name: "web".into(),
            namespace: "shop".into(),
            spec: ReplicaSchedulingPreferenceSpec {
                target_kind: "FederatedDeployment".into(),
                total_replicas: total,
                rebalance: false,
                intersect_with_cluster_selector: false,
                clusters,
            },
        }
    }

    #[test]
    fn type_names() {
        for name in [
            "deployments.apps",
            "deployments",
            "deploy",
            "Deployment",
            "deployments.v1.apps",
            "federateddeployments",
            "FederatedDeployment",
            "federateddeployments.types.kubefed.io",
        ] {
            assert_eq!(target_kind(name), Ok("FederatedDeployment"), "{name}");
        }
        for name in ["replicasets.apps", "rs", "ReplicaSet", "frs"] {
            assert_eq!(target_kind(name), Ok("FederatedReplicaSet"), "{name}");
        }
        for name in [
            "configmaps",
            "statefulsets.apps",
            "deployments.extensions",
            "",
        ] {
            let err = target_kind(name).unwrap_err().to_string();
            assert!(
                err.contains("deployments.apps and replicasets.apps only"),
                "{name}: {err}"
            );
        }
    }

    #[test]
    fn the_object_of_the_issue_example() {
        let clusters = cluster_preferences(
            &pairs(&[("c2", 2), ("c3", 1)]),
            &pairs(&[("c2", 1)]),
            &pairs(&[("c3", 4)]),
        )
        .unwrap();
        let mut s = schedule(clusters, 9);
        s.spec.rebalance = true;
        assert_eq!(
            s.object(),
            json!({
                "apiVersion": "scheduling.kubefed.io/v1alpha1",
                "kind": "ReplicaSchedulingPreference",
                "metadata": {"name": "web", "namespace": "shop"},
                "spec": {
                    "targetKind": "FederatedDeployment",
                    "totalReplicas": 9,
                    "rebalance": true,
                    "intersectWithClusterSelector": false,
                    "clusters": {
                        "c2": {"minReplicas": 1, "weight": 2},
                        "c3": {"maxReplicas": 4, "weight": 1},
                    },
                },
            })
        );
        assert!(s.spec.warnings().is_empty(), "{:?}", s.spec.warnings());
        assert_eq!(
            undeclared_fields(
                "replicaschedulingpreferences.scheduling.kubefed.io",
                &s.object()
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn without_preferences_every_cluster_weighs_the_same() {
        let clusters = cluster_preferences(&[], &[], &[]).unwrap();
        assert_eq!(
            schedule(clusters, 3).object()["spec"]["clusters"],
            json!({"*": {"weight": 1}})
        );
    }

    #[test]
    fn bad_preferences_get_one_line() {
        let cases = [
            (
                cluster_preferences(&pairs(&[("c2", 1), ("c2", 2)]), &[], &[]),
                "--weight names cluster \"c2\" twice",
            ),
            (
                cluster_preferences(&[], &pairs(&[("c2", 5)]), &pairs(&[("c2", 4)])),
                "cluster \"c2\": --min 5 is more than --max 4",
            ),
            (
                cluster_preferences(&pairs(&[("c2", -1)]), &[], &[]),
                "--weight c2=-1: the number must be 0 or more",
            ),
            (
                cluster_preferences(&pairs(&[("C_2", 1)]), &[], &[]),
                "invalid cluster name \"C_2\" in --weight: ",
            ),
        ];
        for (result, expected) in cases {
            let error = result.unwrap_err();
            let err = error.to_string();
            assert!(err.starts_with(expected), "{err}");
            assert!(!err.contains('\n'), "{err}");
            // A cluster name that cannot be one says how to find the right one.
            let named = err.starts_with("invalid cluster name");
            assert_eq!(error.hint().is_some(), named, "{err}");
        }
        // The same cluster in different flags is one entry.
        let both = cluster_preferences(&pairs(&[("*", 1)]), &pairs(&[("*", 1)]), &[]).unwrap();
        assert_eq!(both.len(), 1);
    }

    #[test]
    fn warnings_for_preferences_that_cannot_hold() {
        let clusters =
            cluster_preferences(&pairs(&[("a", 1)]), &pairs(&[("a", 3), ("b", 3)]), &[]).unwrap();
        let w = schedule(clusters, 5).spec.warnings();
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("the minimums add up to 6"), "{w:?}");

        let clusters = cluster_preferences(
            &pairs(&[("a", 1), ("b", 1)]),
            &[],
            &pairs(&[("a", 2), ("b", 2)]),
        )
        .unwrap();
        let w = schedule(clusters.clone(), 5).spec.warnings();
        assert!(w[0].starts_with("the maximums add up to 4"), "{w:?}");
        assert!(schedule(clusters, 4).spec.warnings().is_empty());

        let clusters = cluster_preferences(&pairs(&[("a", 0)]), &[], &[]).unwrap();
        assert!(
            schedule(clusters.clone(), 2).spec.warnings()[0].starts_with("no cluster has a weight")
        );
        assert!(schedule(clusters, 0).spec.warnings().is_empty());
    }

    #[test]
    fn unknown_clusters_leave_out_the_wildcard() {
        let clusters =
            cluster_preferences(&pairs(&[("a", 1), ("b", 1), ("*", 1)]), &[], &[]).unwrap();
        let s = schedule(clusters, 2);
        assert_eq!(s.unknown_clusters(&["a".to_owned()]), ["b"]);
    }
}
