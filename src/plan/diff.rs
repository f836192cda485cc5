//! `diff`: what KubeFed's sync controller should have put on a member cluster, against
//! what the member holds. No I/O here.
//!
//! The desired object is built as KubeFed v0.10.0's sync controller builds it
//! (`ObjectForCluster`, then `ApplyOverrides`): the template (empty for a type such as
//! namespaces, whose template may be), without annotations and finalizers (the
//! controller refuses to propagate those from a template); the federated object's name,
//! and its namespace unless the target is a Namespace; the target's kind, and its
//! apiVersion when the template has none; the cluster's overrides applied as an RFC 6902
//! JSON patch (an override without `op` replaces); then the label
//! `kubefed.io/managed=true`, which no override can take away.
//!
//! Only what the desired object sets is compared: the member's object is cut down to
//! those fields ([`project`]), so what its API server and controllers add (status,
//! defaults, uid, managedFields) is no difference.

use json_patch::PatchOperation;
use serde_json::{Map, Value};
use similar::TextDiff;

use crate::plan::get::MANAGED_LABEL;
use crate::plan::kubefed::FederatedResource;
use crate::plan::kubefed::KubeFedObject;
use crate::plan::orphaning::TargetType;
use crate::plan::overrides::Op;

/// Why the overrides of a cluster cannot be applied to the template.
#[derive(Debug, thiserror::Error)]
pub(crate) enum OverrideApplyError {
    /// An override that is no JSON patch operation.
    #[error("override of {path}: {error}")]
    Operation {
        path: String,
        error: serde_json::Error,
    },
    #[error("the overrides of cluster \"{cluster}\" cannot be applied: {error}")]
    Patch {
        cluster: String,
        error: json_patch::PatchError,
    },
    #[error("an override of cluster \"{0}\" removed the metadata")]
    MetadataRemoved(String),
}

/// The object KubeFed's sync controller should keep on `cluster` for the federated
/// object `federated`, or why the cluster's overrides cannot be applied (the
/// controller then fails the same way).
pub(crate) fn desired(
    federated: &FederatedResource,
    target: &TargetType,
    cluster: &str,
) -> Result<Value, OverrideApplyError> {
    let mut object = match &federated.spec.template {
        Some(Value::Object(template)) => Value::Object(template.clone()),
        _ => Value::Object(Map::new()),
    };
    let metadata = object
        .as_object_mut()
        .expect("built as an object above")
        .entry("metadata")
        .or_insert_with(|| Value::Object(Map::new()));
    if !metadata.is_object() {
        *metadata = Value::Object(Map::new());
    }
    let metadata = metadata.as_object_mut().expect("made an object above");
    metadata.remove("annotations");
    metadata.remove("finalizers");
    metadata.insert("name".into(), federated.name().into());
    let is_namespace = target.group.is_empty() && target.kind == "Namespace";
    if !is_namespace {
        metadata.insert("namespace".into(), federated.namespace().into());
    }
    object["kind"] = Value::String(target.kind.clone());
    if object["apiVersion"].as_str().is_none_or(str::is_empty) {
        object["apiVersion"] = Value::String(api_version(target));
    }

    let operations = federated
        .spec
        .overrides
        .iter()
        .filter(|item| item.cluster_name == cluster)
        .flat_map(|item| &item.cluster_overrides)
        .map(|o| {
            let mut operation = serde_json::json!({"op": o.op, "path": o.path});
            if o.op != Op::Remove {
                operation["value"] = o.value.clone().unwrap_or(Value::Null);
            }
            serde_json::from_value::<PatchOperation>(operation).map_err(|error| {
                OverrideApplyError::Operation {
                    path: o.path.clone(),
                    error,
                }
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    json_patch::patch(&mut object, &operations).map_err(|error| OverrideApplyError::Patch {
        cluster: cluster.to_owned(),
        error,
    })?;

    let metadata = object
        .as_object_mut()
        .and_then(|o| o.get_mut("metadata"))
        .and_then(Value::as_object_mut)
        .ok_or_else(|| OverrideApplyError::MetadataRemoved(cluster.to_owned()))?;
    let labels = metadata
        .entry("labels")
        .or_insert_with(|| Value::Object(Map::new()));
    if !labels.is_object() {
        *labels = Value::Object(Map::new());
    }
    labels[MANAGED_LABEL] = Value::String("true".into());
    Ok(object)
}

/// A member's object as a list of its type returned it, with the apiVersion and kind
/// that the items of a list leave out.
pub(crate) fn member_copy(target: &TargetType, object: &Value) -> Value {
    let mut copy = object.clone();
    if copy["apiVersion"].as_str().is_none_or(str::is_empty) {
        copy["apiVersion"] = Value::String(api_version(target));
    }
    if copy["kind"].as_str().is_none_or(str::is_empty) {
        copy["kind"] = Value::String(target.kind.clone());
    }
    copy
}

fn api_version(target: &TargetType) -> String {
    if target.group.is_empty() {
        target.version.clone()
    } else {
        format!("{}/{}", target.group, target.version)
    }
}

/// The part of `actual` that `desired` describes: the same keys of objects, element by
/// element in lists, and whatever `actual` has where `desired` holds a value.
pub(crate) fn project(desired: &Value, actual: &Value) -> Value {
    match (desired, actual) {
        (Value::Object(want), Value::Object(have)) => Value::Object(
            want.iter()
                .filter_map(|(key, want)| Some((key.clone(), project(want, have.get(key)?))))
                .collect(),
        ),
        (Value::Array(want), Value::Array(have)) => Value::Array(
            have.iter()
                .enumerate()
                .map(|(i, have)| match want.get(i) {
                    Some(want) => project(want, have),
                    None => have.clone(),
                })
                .collect(),
        ),
        _ => actual.clone(),
    }
}

/// A unified diff from `member` (the member's object, cut down by [`project`]; None when
/// the member has none) to `desired`, as YAML; None when they are the same. `label`
/// names the object in the headers (`cluster2 shop/web`).
pub(crate) fn unified(label: &str, desired: &Value, member: Option<&Value>) -> Option<String> {
    let wanted = to_yaml(desired);
    let (held, from) = match member {
        Some(member) => (
            to_yaml(&project(desired, member)),
            format!("{label} (member)"),
        ),
        None => (String::new(), format!("{label} (member: none)")),
    };
    if held == wanted {
        return None;
    }
    let diff = TextDiff::from_lines(&held, &wanted);
    Some(
        diff.unified_diff()
            .context_radius(3)
            .header(&from, &format!("{label} (desired)"))
            .to_string(),
    )
}

fn to_yaml(value: &Value) -> String {
    // A JSON value always has a YAML form.
    serde_saphyr::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn config_maps() -> TargetType {
        TargetType {
            group: String::new(),
            version: "v1".into(),
            kind: "ConfigMap".into(),
            plural: "configmaps".into(),
            namespaced: true,
        }
    }

    fn federated(overrides: Value) -> FederatedResource {
        resource(json!({
            "metadata": {"name": "settings", "namespace": "shop"},
            "spec": {
                "template": {
                    "metadata": {"labels": {"app": "shop"}, "annotations": {"a": "b"}},
                    "data": {"mode": "fast", "size": "1"}
                },
                "overrides": overrides,
            }
        }))
    }

    fn resource(object: Value) -> FederatedResource {
        FederatedResource::from_value(&object).unwrap()
    }

    #[test]
    fn the_template_named_kinded_labelled_and_overridden_for_its_cluster() {
        let object = federated(json!([
            {"clusterName": "c2", "clusterOverrides": [
                {"path": "/data/mode", "value": "slow"},
                {"op": "remove", "path": "/data/size"},
                {"op": "add", "path": "/data/extra", "value": {"nested": [1, 2]}},
                {"op": "add", "path": "/metadata/labels/kubefed.io~1managed", "value": "false"}]},
            {"clusterName": "c3", "clusterOverrides": [{"path": "/data/mode", "value": "other"}]}
        ]));
        assert_eq!(
            desired(&object, &config_maps(), "c2").unwrap(),
            json!({
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": "settings", "namespace": "shop",
                             "labels": {"app": "shop", "kubefed.io/managed": "true"}},
                "data": {"mode": "slow", "extra": {"nested": [1, 2]}}
            })
        );
        // Another cluster gets its own overrides; one without any, the template.
        assert_eq!(
            desired(&object, &config_maps(), "c3").unwrap()["data"]["mode"],
            "other"
        );
        assert_eq!(
            desired(&object, &config_maps(), "c1").unwrap()["data"],
            json!({"mode": "fast", "size": "1"})
        );
    }

    #[test]
    fn namespaces_come_from_an_empty_template_without_a_namespace() {
        let namespaces = TargetType {
            group: String::new(),
            version: "v1".into(),
            kind: "Namespace".into(),
            plural: "namespaces".into(),
            namespaced: false,
        };
        let object =
            resource(json!({"metadata": {"name": "shop", "namespace": "shop"}, "spec": {}}));
        assert_eq!(
            desired(&object, &namespaces, "c1").unwrap(),
            json!({"apiVersion": "v1", "kind": "Namespace",
                   "metadata": {"name": "shop", "labels": {"kubefed.io/managed": "true"}}})
        );
    }

    #[test]
    fn overrides_that_cannot_apply_are_the_clusters_error() {
        let object = federated(json!([{"clusterName": "c2", "clusterOverrides": [
            {"op": "replace", "path": "/spec/missing", "value": 1}]}]));
        let error = desired(&object, &config_maps(), "c2")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("the overrides of cluster \"c2\" cannot be applied"),
            "{error}"
        );
    }

    #[test]
    fn only_the_fields_the_desired_object_sets_are_compared() {
        let want = json!({"metadata": {"name": "web"},
                          "spec": {"containers": [{"name": "a", "image": "x"}]}});
        let member = json!({"metadata": {"name": "web", "uid": "1", "labels": {"other": "y"}},
                            "spec": {"containers": [{"name": "a", "image": "x",
                                                     "imagePullPolicy": "Always"}]},
                            "status": {"ready": true}});
        assert_eq!(project(&want, &member), want);
        assert_eq!(unified("c1 shop/web", &want, Some(&member)), None);

        // A list that grew keeps its extra elements whole; a missing field stays missing.
        let grown = json!({"spec": {"containers": [{"name": "a"}, {"name": "b", "image": "y"}]}});
        assert_eq!(
            project(&want, &grown),
            json!({"spec": {"containers": [{"name": "a"}, {"name": "b", "image": "y"}]}})
        );
    }

    #[test]
    fn list_items_get_their_type_back() {
        let item = json!({"metadata": {"name": "a"}});
        assert_eq!(
            member_copy(&config_maps(), &item),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}})
        );
    }

    #[test]
    fn a_unified_diff_from_the_member_to_the_desired_object() {
        let want = json!({"data": {"mode": "slow"}, "kind": "ConfigMap"});
        let member = json!({"data": {"mode": "fast"}, "kind": "ConfigMap"});
        assert_eq!(
            unified("c2 shop/settings", &want, Some(&member)).unwrap(),
            "--- c2 shop/settings (member)\n+++ c2 shop/settings (desired)\n@@ -1,3 +1,3 @@\n \
             data:\n-  mode: fast\n+  mode: slow\n kind: ConfigMap\n"
        );
        let missing = unified("c2 shop/settings", &want, None).unwrap();
        assert!(
            missing.starts_with("--- c2 shop/settings (member: none)\n"),
            "{missing}"
        );
        assert!(missing.contains("+  mode: slow\n"), "{missing}");
    }
}
