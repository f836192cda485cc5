//! Turning Kubernetes objects into federated objects, as Go kubefedctl v0.10.0's
//! `federate` builds them: the template is the object without apiVersion, kind, status
//! and every metadata field but labels, and without what each member fills in itself
//! (see [`crate::plan::template`]).

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use serde_json::{Value, json};

use crate::plan::enable::{DEFAULT_FEDERATED_GROUP, DEFAULT_FEDERATED_VERSION, FederatedType};
use crate::plan::kubefed::{
    ClusterReference, FederatedResource, FederatedSpec, FederatedStatus, PlacementSpec,
};
use crate::plan::names::{NameError, check_member_name, is_dns1123_subdomain};
use crate::plan::overrides::Overrides;
use crate::plan::template::{Authorship, drop_cluster_fields};

/// The federated type `enable` creates by default for a target known only by its kind
/// (a manifest read offline): `types.kubefed.io/v1beta1`, `Federated<Kind>`, with the
/// plural guessed from the kind as the Go tool guessed it.
pub fn default_federated_type(target_kind: &str, namespaced: bool) -> FederatedType {
    FederatedType {
        group: DEFAULT_FEDERATED_GROUP.to_owned(),
        version: DEFAULT_FEDERATED_VERSION.to_owned(),
        kind: format!("Federated{target_kind}"),
        plural: format!("federated{}", guess_plural(target_kind)),
        // A FederatedNamespace lives in the namespace it describes.
        namespaced: namespaced || target_kind == "Namespace",
    }
}

fn guess_plural(kind: &str) -> String {
    let lower = kind.to_lowercase();
    if lower == "endpoints" {
        lower
    } else if lower.ends_with('s') {
        format!("{lower}es")
    } else if let Some(stem) = lower.strip_suffix('y') {
        format!("{stem}ies")
    } else {
        format!("{lower}s")
    }
}

/// Where the federated object is placed, and what differs in the clusters it is placed
/// on. The Go tool always wrote an empty cluster selector, which selects every cluster,
/// and no overrides.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Placement {
    pub clusters: Vec<String>,
    pub selector: BTreeMap<String, String>,
    pub overrides: Overrides,
}

impl Placement {
    /// Checks the name of every member cluster the placement and the overrides name
    /// (`--placement-clusters`, the clusters of `--override-file` and of `--override`),
    /// before anything is read or written.
    pub(crate) fn check_cluster_names(&self) -> Result<(), NameError> {
        let placed = self.clusters.iter().map(|c| ("--placement-clusters", c));
        let in_file = (self.overrides.items.iter()).map(|i| ("--override-file", &i.cluster_name));
        let changed = (self.overrides.changes.iter()).map(|(c, _)| ("--override", c));
        placed
            .chain(in_file)
            .chain(changed)
            .try_for_each(|(argument, name)| check_member_name(argument, name))
    }

    fn to_spec(&self) -> PlacementSpec {
        let selector = || LabelSelector {
            match_labels: Some(self.selector.clone()),
            ..LabelSelector::default()
        };
        if self.clusters.is_empty() {
            PlacementSpec {
                clusters: None,
                cluster_selector: Some(selector()),
            }
        } else {
            let clusters = (self.clusters.iter())
                .map(|name| ClusterReference { name: name.clone() })
                .collect();
            PlacementSpec {
                clusters: Some(clusters),
                cluster_selector: (!self.selector.is_empty()).then(selector),
            }
        }
    }
}

/// A federated object and what the user should hear about its conversion.
#[derive(Clone, Debug, PartialEq)]
pub struct Federated {
    pub object: Value,
    pub warnings: Vec<String>,
}

/// Why an object cannot be federated.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FederateError {
    #[error("the object has no kind")]
    NoKind,
    #[error("the object has no metadata.name")]
    NoName,
    #[error("{kind} \"{name}\" is not a DNS-1123 subdomain, which federated object names must be")]
    InvalidName { kind: String, name: String },
    #[error(
        "Secret \"{at}\" holds a service-account token: each cluster issues its own, signed with its own key"
    )]
    ServiceAccountToken { at: String },
}

impl FederateError {
    /// What the user can do instead.
    pub(crate) fn hint(&self) -> Option<&'static str> {
        match self {
            // The token controller fills a token Secret only when its annotation names
            // the service account, and templates carry no annotations.
            FederateError::ServiceAccountToken { .. } => Some(
                "federate the ServiceAccount and create its token Secret on each member, where the cluster fills it in",
            ),
            _ => None,
        }
    }
}

/// The type of the Secrets that hold a service account's token.
const SERVICE_ACCOUNT_TOKEN: &str = "kubernetes.io/service-account-token";

/// Annotations that the API server, its controllers or kubectl write, not the user: the
/// warning that annotations stay out of the template does not name them.
const SERVER_WRITTEN_ANNOTATIONS: &[&str] = &[
    "kubectl.kubernetes.io/last-applied-configuration",
    "deployment.kubernetes.io/revision",
    "deprecated.daemonset.template.generation",
    "batch.kubernetes.io/job-tracking",
    "volume.beta.kubernetes.io/storage-provisioner",
];

/// Prefixes of the annotations the volume binder writes on claims.
const SERVER_WRITTEN_ANNOTATION_PREFIXES: &[&str] = &["pv.kubernetes.io/", "volume.kubernetes.io/"];

fn written_by_user(annotation: &str) -> bool {
    !SERVER_WRITTEN_ANNOTATIONS.contains(&annotation)
        && !SERVER_WRITTEN_ANNOTATION_PREFIXES
            .iter()
            .any(|prefix| annotation.starts_with(prefix))
}

fn str_at<'a>(object: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter()
        .try_fold(object, |value, key| value.get(key))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// Converts one object. `namespace` is where a namespaced federated object goes when the
/// object itself names none.
pub fn federate(
    object: &Value,
    federated: &FederatedType,
    placement: &Placement,
    namespace: Option<&str>,
) -> Result<Federated, FederateError> {
    let kind = str_at(object, &["kind"]).ok_or(FederateError::NoKind)?;
    let name = str_at(object, &["metadata", "name"]).ok_or(FederateError::NoName)?;
    if !is_dns1123_subdomain(name) {
        return Err(FederateError::InvalidName {
            kind: kind.to_owned(),
            name: name.to_owned(),
        });
    }
    let own_namespace = str_at(object, &["metadata", "namespace"]);
    let at = own_namespace
        .map(|ns| format!("{ns}/{name}"))
        .unwrap_or_else(|| name.to_owned());
    if kind == "Secret" && object["type"] == SERVICE_ACCOUNT_TOKEN {
        return Err(FederateError::ServiceAccountToken { at });
    }
    let mut warnings = Vec::new();
    let user_annotations: Vec<&str> = object["metadata"]["annotations"]
        .as_object()
        .into_iter()
        .flat_map(|annotations| annotations.keys())
        .map(String::as_str)
        .filter(|key| written_by_user(key))
        .collect();
    if !user_annotations.is_empty() {
        warnings.push(format!(
            "annotations of {kind} \"{at}\" will not appear in the template of the federated resource: {}",
            user_annotations.join(", ")
        ));
    }

    let mut template = object.as_object().cloned().unwrap_or_default();
    for key in ["apiVersion", "kind", "status"] {
        template.remove(key);
    }
    let labels = template
        .remove("metadata")
        .and_then(|m| m.get("labels").cloned())
        .filter(|l| l.as_object().is_some_and(|l| !l.is_empty()));
    if let Some(labels) = labels {
        template.insert("metadata".to_owned(), json!({"labels": labels}));
    }
    drop_cluster_fields(kind, &mut template, &Authorship::of(object));

    let mut metadata = ObjectMeta {
        name: Some(name.to_owned()),
        ..ObjectMeta::default()
    };
    if federated.namespaced {
        let target_namespace = if kind == "Namespace" {
            Some(name)
        } else {
            own_namespace.or(namespace)
        };
        metadata.namespace = target_namespace.map(str::to_owned);
    }
    let template = Value::Object(template);
    // Paths are the member object's: the template is that object but for its name and
    // namespace, which no override may change.
    let overrides = if placement.overrides.is_empty() {
        Vec::new()
    } else {
        let (overrides, problems) = placement.overrides.for_template(&template);
        warnings.extend(
            problems
                .into_iter()
                .map(|p| format!("override of {kind} \"{at}\" in {p}")),
        );
        overrides
    };
    let object = FederatedResource {
        metadata,
        spec: FederatedSpec {
            template: Some(template),
            placement: placement.to_spec(),
            overrides,
        },
        status: FederatedStatus::default(),
    };
    let api_version = format!("{}/{}", federated.group, federated.version);
    Ok(Federated {
        object: object.to_object(&api_version, &federated.kind),
        warnings,
    })
}

/// Why an object of a namespace is one the cluster makes for itself and `--contents`
/// leaves out (Go federated them, and members then fought over them): objects a
/// controller owns, each namespace's `default` ServiceAccount and `kube-root-ca.crt`
/// ConfigMap, and service-account token Secrets.
pub(crate) fn made_by_cluster(object: &Value) -> Option<&'static str> {
    let kind = object["kind"].as_str().unwrap_or_default();
    let name = object["metadata"]["name"].as_str().unwrap_or_default();
    let owned = object["metadata"]["ownerReferences"]
        .as_array()
        .is_some_and(|refs| refs.iter().any(|r| r["controller"] == true));
    if owned {
        Some("it is owned by a controller")
    } else if kind == "ServiceAccount" && name == "default" {
        Some("every namespace gets its own default service account")
    } else if kind == "ConfigMap" && name == "kube-root-ca.crt" {
        Some("each cluster publishes its own CA in it")
    } else if kind == "Secret" && object["type"] == SERVICE_ACCOUNT_TOKEN {
        Some("service-account tokens are made by each cluster")
    } else {
        None
    }
}

/// What an object is sorted by and written as: its type, namespace and name. Keys order
/// output and writes so the same input always gives the same bytes: federated namespaces
/// first (everything else lives in them), then by apiVersion, kind, namespace and name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ObjectKey {
    not_a_namespace: bool,
    pub api_version: String,
    pub kind: String,
    /// Empty for cluster-scoped objects.
    pub namespace: String,
    pub name: String,
}

impl ObjectKey {
    /// `Kind "ns/name"`, or `Kind "name"` for a cluster-scoped object, for messages.
    pub(crate) fn describe(&self) -> String {
        match self.namespace.as_str() {
            "" => format!("{} \"{}\"", self.kind, self.name),
            ns => format!("{} \"{ns}/{}\"", self.kind, self.name),
        }
    }

    pub fn of(object: &Value) -> Self {
        let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
        ObjectKey {
            not_a_namespace: object["kind"] != "FederatedNamespace",
            api_version: text(&object["apiVersion"]),
            kind: text(&object["kind"]),
            namespace: text(&object["metadata"]["namespace"]),
            name: text(&object["metadata"]["name"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::overrides::parse_cluster_change;

    fn default_federated(kind: &str) -> FederatedType {
        default_federated_type(kind, true)
    }

    #[test]
    fn every_cluster_a_placement_names_is_checked() {
        use crate::plan::overrides::OverrideItem;
        let change = |text: &str| parse_cluster_change(text).unwrap();
        let good = Placement {
            clusters: vec!["c2".into(), "eu.c3".into()],
            overrides: Overrides {
                items: vec![OverrideItem {
                    cluster_name: "c2".into(),
                    cluster_overrides: Vec::new(),
                }],
                changes: vec![change("c3:/spec/replicas=1")],
            },
            ..Placement::default()
        };
        assert_eq!(good.check_cluster_names(), Ok(()));
        let named = |placement: Placement| placement.check_cluster_names().unwrap_err().to_string();
        let mut bad = good.clone();
        bad.clusters.push("C_9".into());
        assert!(named(bad).starts_with("invalid cluster name \"C_9\" in --placement-clusters: "),);
        let mut bad = good.clone();
        bad.clusters.push(String::new());
        assert!(named(bad).starts_with("invalid cluster name \"\" in --placement-clusters: "));
        let mut bad = good.clone();
        bad.overrides.items[0].cluster_name = "c2.".into();
        assert!(named(bad).starts_with("invalid cluster name \"c2.\" in --override-file: "));
        let mut bad = good;
        bad.overrides
            .changes
            .push(change("Cluster2:/spec/replicas=1"));
        assert!(named(bad).starts_with("invalid cluster name \"Cluster2\" in --override: "));
    }

    #[test]
    fn plurals_as_go_guessed_them() {
        assert_eq!(
            default_federated_type("Ingress", true).plural,
            "federatedingresses"
        );
        assert_eq!(
            default_federated_type("NetworkPolicy", true).plural,
            "federatednetworkpolicies"
        );
        assert_eq!(
            default_federated_type("ConfigMap", true).plural,
            "federatedconfigmaps"
        );
    }

    #[test]
    fn template_keeps_only_labels_of_metadata() {
        let cm = json!({
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {
                "name": "cm", "namespace": "ns", "uid": "u", "resourceVersion": "1",
                "labels": {"app": "x"}, "annotations": {"note": "y"},
                "ownerReferences": [{"name": "o"}], "creationTimestamp": "2026-01-01T00:00:00Z",
            },
            "data": {"k": "v"},
        });
        let fed = federate(
            &cm,
            &default_federated("ConfigMap"),
            &Placement::default(),
            None,
        )
        .unwrap();
        assert_eq!(
            fed.object,
            json!({
                "apiVersion": "types.kubefed.io/v1beta1",
                "kind": "FederatedConfigMap",
                "metadata": {"name": "cm", "namespace": "ns"},
                "spec": {
                    "placement": {"clusterSelector": {"matchLabels": {}}},
                    "template": {"data": {"k": "v"}, "metadata": {"labels": {"app": "x"}}},
                },
            })
        );
        assert_eq!(fed.warnings.len(), 1);
        assert!(
            fed.warnings[0].contains("ConfigMap \"ns/cm\"") && fed.warnings[0].contains("note")
        );
    }

    #[test]
    fn metadata_without_labels_is_dropped() {
        let secret = json!({"kind": "Secret", "metadata": {"name": "s", "namespace": "n"}, "type": "Opaque"});
        let fed = federate(
            &secret,
            &default_federated("Secret"),
            &Placement::default(),
            None,
        )
        .unwrap();
        assert_eq!(fed.object["spec"]["template"], json!({"type": "Opaque"}));
        assert!(fed.warnings.is_empty());
    }

    #[test]
    fn service_account_tokens_are_refused() {
        let token = json!({
            "kind": "Secret", "type": "kubernetes.io/service-account-token",
            "metadata": {"name": "t", "namespace": "n"},
        });
        let err = federate(
            &token,
            &default_federated("Secret"),
            &Placement::default(),
            None,
        )
        .unwrap_err();
        assert_eq!(err, FederateError::ServiceAccountToken { at: "n/t".into() });
        assert!(err.hint().is_some());
    }

    #[test]
    fn annotations_the_server_wrote_are_not_warned_about() {
        let deployment = json!({
            "kind": "Deployment",
            "metadata": {"name": "d", "namespace": "n", "annotations": {
                "deployment.kubernetes.io/revision": "3",
                "kubectl.kubernetes.io/last-applied-configuration": "{}",
            }},
        });
        let federated = default_federated("Deployment");
        let fed = federate(&deployment, &federated, &Placement::default(), None).unwrap();
        assert!(fed.warnings.is_empty(), "{:?}", fed.warnings);
        let claim = json!({
            "kind": "PersistentVolumeClaim",
            "metadata": {"name": "c", "namespace": "n", "annotations": {
                "pv.kubernetes.io/bind-completed": "yes", "team": "a",
            }},
        });
        let fed = federate(&claim, &federated, &Placement::default(), None).unwrap();
        assert_eq!(
            fed.warnings,
            [
                "annotations of PersistentVolumeClaim \"n/c\" will not appear in the template of the federated resource: team"
            ]
        );
    }

    #[test]
    fn service_account_and_namespace_scrubbing() {
        let sa = json!({"kind": "ServiceAccount", "metadata": {"name": "sa", "namespace": "n"}, "secrets": [{"name": "t"}]});
        let fed = federate(
            &sa,
            &default_federated("ServiceAccount"),
            &Placement::default(),
            None,
        )
        .unwrap();
        assert_eq!(fed.object["spec"]["template"], json!({}));

        let ns = json!({
            "kind": "Namespace",
            "metadata": {"name": "team", "labels": {"kubernetes.io/metadata.name": "team"}},
            "spec": {"finalizers": ["kubernetes"]},
        });
        let fed = federate(
            &ns,
            &default_federated_type("Namespace", false),
            &Placement::default(),
            None,
        )
        .unwrap();
        assert_eq!(
            fed.object["metadata"],
            json!({"name": "team", "namespace": "team"})
        );
        assert_eq!(
            fed.object["spec"]["template"],
            json!({"metadata": {"labels": {"kubernetes.io/metadata.name": "team"}}, "spec": {}})
        );
    }

    #[test]
    fn namespace_fallback_and_cluster_scoped_types() {
        let deploy =
            json!({"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"replicas": 2}});
        let fed = federate(
            &deploy,
            &default_federated("Deployment"),
            &Placement::default(),
            Some("apps"),
        )
        .unwrap();
        assert_eq!(fed.object["metadata"]["namespace"], "apps");
        let role =
            json!({"kind": "ClusterRole", "metadata": {"name": "r", "namespace": "ignored"}});
        let fed = federate(
            &role,
            &default_federated_type("ClusterRole", false),
            &Placement::default(),
            None,
        )
        .unwrap();
        assert_eq!(fed.object["metadata"], json!({"name": "r"}));
    }

    #[test]
    fn placement_flags() {
        let cm = json!({"kind": "ConfigMap", "metadata": {"name": "cm", "namespace": "n"}});
        let placement = Placement {
            clusters: vec!["c2".into(), "c3".into()],
            selector: BTreeMap::from([("region".into(), "eu".into())]),
            overrides: Overrides::default(),
        };
        let fed = federate(&cm, &default_federated("ConfigMap"), &placement, None).unwrap();
        assert_eq!(
            fed.object["spec"]["placement"],
            json!({"clusters": [{"name": "c2"}, {"name": "c3"}], "clusterSelector": {"matchLabels": {"region": "eu"}}})
        );
        assert!(fed.object["spec"].get("overrides").is_none());
    }

    #[test]
    fn overrides_are_written_per_cluster_with_the_op_the_template_calls_for() {
        let deployment = json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "web"}]}}}});
        let placement = Placement {
            overrides: Overrides {
                items: Vec::new(),
                changes: vec![
                    parse_cluster_change("c2:/spec/replicas=5").unwrap(),
                    parse_cluster_change("c2:/spec/paused=true").unwrap(),
                    parse_cluster_change("c3:/spec/minReadySeconds-").unwrap(),
                ],
            },
            ..Placement::default()
        };
        let federated = default_federated("Deployment");
        let fed = federate(&deployment, &federated, &placement, None).unwrap();
        assert_eq!(
            fed.object["spec"]["overrides"],
            json!([
                {"clusterName": "c2", "clusterOverrides": [
                    {"op": "replace", "path": "/spec/replicas", "value": 5},
                    {"op": "add", "path": "/spec/paused", "value": true},
                ]},
                {"clusterName": "c3", "clusterOverrides": [
                    {"op": "remove", "path": "/spec/minReadySeconds"},
                ]},
            ])
        );
        assert_eq!(
            fed.warnings,
            [
                "override of Deployment \"shop/web\" in cluster \"c3\": the template has no /spec/minReadySeconds: removing it will fail in that cluster"
            ]
        );
    }

    #[test]
    fn bad_objects() {
        let federated = default_federated("ConfigMap");
        let placement = Placement::default();
        assert_eq!(
            federate(
                &json!({"metadata": {"name": "x"}}),
                &federated,
                &placement,
                None
            ),
            Err(FederateError::NoKind)
        );
        assert_eq!(
            federate(&json!({"kind": "ConfigMap"}), &federated, &placement, None),
            Err(FederateError::NoName)
        );
        assert!(matches!(
            federate(
                &json!({"kind": "ConfigMap", "metadata": {"name": "Bad_Name"}}),
                &federated,
                &placement,
                None
            ),
            Err(FederateError::InvalidName { .. })
        ));
    }

    #[test]
    fn objects_the_cluster_makes() {
        let owned = json!({"kind": "ReplicaSet", "metadata": {"name": "r", "ownerReferences": [{"controller": true, "name": "d"}]}});
        assert!(made_by_cluster(&owned).is_some());
        let referenced = json!({"kind": "ConfigMap", "metadata": {"name": "c", "ownerReferences": [{"name": "d"}]}});
        assert!(made_by_cluster(&referenced).is_none());
        assert!(
            made_by_cluster(&json!({"kind": "ServiceAccount", "metadata": {"name": "default"}}))
                .is_some()
        );
        assert!(
            made_by_cluster(
                &json!({"kind": "ConfigMap", "metadata": {"name": "kube-root-ca.crt"}})
            )
            .is_some()
        );
        assert!(made_by_cluster(&json!({"kind": "Secret", "metadata": {"name": "t"}, "type": "kubernetes.io/service-account-token"})).is_some());
        assert!(
            made_by_cluster(
                &json!({"kind": "Secret", "metadata": {"name": "t"}, "type": "Opaque"})
            )
            .is_none()
        );
    }

    #[test]
    fn order_is_namespace_first_then_type_and_name() {
        let object = |kind: &str, name: &str| json!({"apiVersion": "types.kubefed.io/v1beta1", "kind": kind, "metadata": {"name": name}});
        let mut objects = [
            object("FederatedSecret", "b"),
            object("FederatedConfigMap", "z"),
            object("FederatedSecret", "a"),
            object("FederatedNamespace", "ns"),
        ];
        objects.sort_by_key(ObjectKey::of);
        let names: Vec<&str> = objects
            .iter()
            .map(|o| o["metadata"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["ns", "z", "a", "b"]);
    }
}
