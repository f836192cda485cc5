//! Reading objects from manifest text: multi-document YAML or JSON, with `List` kinds
//! expanded, and errors that name the document.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::plan::names::is_dns1123_label;

/// Why a manifest cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("the input is not UTF-8 text (binary data?)")]
    NotText,
    #[error("document {index}: {message}")]
    Document { index: usize, message: String },
}

/// Every object in `bytes`, in input order. Empty and comment-only documents are skipped;
/// `kind: List` (and `*List`) documents contribute their items. A repeated key is an
/// error in JSON as in YAML, and so is a namespace that is no DNS-1123 label.
pub fn parse(bytes: &[u8]) -> Result<Vec<Value>, ManifestError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ManifestError::NotText)?;
    if text.contains('\0') {
        return Err(ManifestError::NotText);
    }
    let documents: Vec<Value> = if text.trim_start().starts_with(['{', '[']) {
        vec![
            serde_json::from_str::<StrictJson>(text)
                .map_err(|e| ManifestError::Document {
                    index: 1,
                    message: format!("invalid JSON: {e}"),
                })?
                .0,
        ]
    } else {
        split_documents(text)
            .into_iter()
            .enumerate()
            .filter(|(_, doc)| !is_blank(doc))
            .map(|(i, doc)| {
                serde_saphyr::from_str::<Value>(doc).map_err(|e| ManifestError::Document {
                    index: i + 1,
                    message: format!("invalid YAML: {}", first_line(&e.to_string())),
                })
            })
            .collect::<Result<_, _>>()?
    };
    let mut objects = Vec::new();
    for (i, document) in documents.into_iter().enumerate() {
        expand(document, i + 1, &mut objects)?;
    }
    Ok(objects)
}

fn expand(document: Value, index: usize, out: &mut Vec<Value>) -> Result<(), ManifestError> {
    let error = |message: &str| ManifestError::Document {
        index,
        message: message.to_owned(),
    };
    match document {
        Value::Null => Ok(()),
        Value::Object(ref map) => {
            let kind = map.get("kind").and_then(Value::as_str).unwrap_or_default();
            if kind.is_empty() {
                return Err(error("no kind"));
            }
            if kind.ends_with("List") && map.get("items").is_some_and(Value::is_array) {
                for item in map["items"].as_array().into_iter().flatten() {
                    expand(item.clone(), index, out)?;
                }
                return Ok(());
            }
            let name = document["metadata"]["name"].as_str().unwrap_or_default();
            if name.is_empty() {
                return Err(error(&format!("{kind} has no metadata.name")));
            }
            if let Some(namespace) = document["metadata"]["namespace"].as_str()
                && !namespace.is_empty()
                && !is_dns1123_label(namespace)
            {
                return Err(error(&format!(
                    "{kind} \"{name}\" has an invalid namespace \"{namespace}\": it must be \
                     a DNS-1123 label (lower-case letters, digits and '-', at most 63)"
                )));
            }
            out.push(document);
            Ok(())
        }
        _ => Err(error("not an object")),
    }
}

/// A JSON value whose objects repeat no key: serde_json would silently keep the last of
/// two `kind`s, where the YAML parser refuses them.
struct StrictJson(Value);

impl<'de> Deserialize<'de> for StrictJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictJson)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictJson(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format!("duplicate key \"{key}\"")));
            }
            let StrictJson(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// Splits on `---` document separator lines (which may carry a comment).
fn split_documents(text: &str) -> Vec<&str> {
    let mut documents = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare.starts_with("--- ") || bare.starts_with("---#") {
            documents.push(&text[start..offset]);
            start = offset + line.len();
        }
        offset += line.len();
    }
    documents.push(&text[start..]);
    documents
}

fn is_blank(document: &str) -> bool {
    document
        .lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "...")
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message)
}

/// Whether a built-in kind is namespaced, for offline use; None for kinds not known here.
pub fn builtin_namespaced(api_version: &str, kind: &str) -> Option<bool> {
    const CLUSTER_SCOPED: &[&str] = &[
        "Namespace",
        "Node",
        "PersistentVolume",
        "ComponentStatus",
        "ClusterRole",
        "ClusterRoleBinding",
        "CustomResourceDefinition",
        "APIService",
        "StorageClass",
        "CSIDriver",
        "CSINode",
        "VolumeAttachment",
        "PriorityClass",
        "RuntimeClass",
        "IngressClass",
        "MutatingWebhookConfiguration",
        "ValidatingWebhookConfiguration",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "MutatingAdmissionPolicy",
        "MutatingAdmissionPolicyBinding",
        "CertificateSigningRequest",
        "ClusterTrustBundle",
        "FlowSchema",
        "PriorityLevelConfiguration",
        "IPAddress",
        "ServiceCIDR",
        "DeviceClass",
    ];
    const NAMESPACED: &[&str] = &[
        "ConfigMap",
        "Secret",
        "Service",
        "ServiceAccount",
        "Pod",
        "PodTemplate",
        "ReplicationController",
        "PersistentVolumeClaim",
        "Endpoints",
        "LimitRange",
        "ResourceQuota",
        "Event",
        "Deployment",
        "ReplicaSet",
        "StatefulSet",
        "DaemonSet",
        "ControllerRevision",
        "Job",
        "CronJob",
        "Ingress",
        "NetworkPolicy",
        "Role",
        "RoleBinding",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "Lease",
        "EndpointSlice",
        "CSIStorageCapacity",
    ];
    let group = api_version.rsplit_once('/').map(|(g, _)| g).unwrap_or("");
    let builtin = group.is_empty() || !group.contains('.') || group.ends_with(".k8s.io");
    if !builtin {
        return None;
    }
    if CLUSTER_SCOPED.contains(&kind) {
        Some(false)
    } else if NAMESPACED.contains(&kind) {
        Some(true)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_document_yaml_with_list_and_blank_documents() {
        let text = "\
# leading comment
---
apiVersion: v1
kind: ConfigMap
metadata: {name: a}
---
# only a comment
---
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Secret, metadata: {name: b}}
- {apiVersion: v1, kind: Service, metadata: {name: c}}
...
";
        let objects = parse(text.as_bytes()).unwrap();
        let names: Vec<&str> = objects
            .iter()
            .map(|o| o["metadata"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["a", "b", "c"]);
    }

    #[test]
    fn json_input() {
        let objects = parse(br#"{"kind": "ConfigMap", "metadata": {"name": "a"}}"#).unwrap();
        assert_eq!(objects.len(), 1);
    }

    #[test]
    fn errors_name_the_document() {
        let err =
            parse(b"kind: ConfigMap\nmetadata: {name: a}\n---\nmetadata: {name: b}\n").unwrap_err();
        assert_eq!(err.to_string(), "document 2: no kind");
        let err = parse(b"kind: ConfigMap\nmetadata: {}\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "document 1: ConfigMap has no metadata.name"
        );
        let err = parse(b"kind: [unclosed\n").unwrap_err();
        assert!(
            err.to_string().starts_with("document 1: invalid YAML"),
            "{err}"
        );
        assert!(matches!(
            parse(&[0xff, 0xfe, 0x00]),
            Err(ManifestError::NotText)
        ));
        assert!(
            parse(b"- just\n- a list\n")
                .unwrap_err()
                .to_string()
                .contains("not an object")
        );
        let dup = parse(b"kind: ConfigMap\nkind: Secret\nmetadata: {name: a}\n").unwrap_err();
        assert!(
            dup.to_string().starts_with("document 1: invalid YAML"),
            "{dup}"
        );
    }

    #[test]
    fn json_keys_are_not_repeated_at_any_depth() {
        let dup =
            parse(br#"{"kind": "ConfigMap", "metadata": {"name": "a", "name": "b"}}"#).unwrap_err();
        assert!(
            dup.to_string()
                .starts_with("document 1: invalid JSON: duplicate key \"name\""),
            "{dup}"
        );
        let list = parse(br#"{"kind": "List", "items": [{"kind": "Secret", "metadata": {"name": "s"}, "data": {"a": 1.5, "b": null, "c": [true, -1]}}]}"#)
            .unwrap();
        assert_eq!(list[0]["data"]["c"][1], -1);
        assert_eq!(list[0]["data"]["a"], 1.5);
    }

    #[test]
    fn namespaces_are_dns1123_labels_when_given() {
        let object =
            |ns: &str| format!("kind: ConfigMap\nmetadata: {{name: a, namespace: '{ns}'}}\n");
        assert!(parse(object("my-app").as_bytes()).is_ok());
        assert!(parse(object("").as_bytes()).is_ok(), "empty means unset");
        for bad in ["My-App", "a.b", "-a", &"x".repeat(64)] {
            let err = parse(object(bad).as_bytes()).unwrap_err();
            assert!(
                err.to_string().contains("has an invalid namespace"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn builtin_scopes() {
        assert_eq!(builtin_namespaced("apps/v1", "Deployment"), Some(true));
        assert_eq!(
            builtin_namespaced("rbac.authorization.k8s.io/v1", "ClusterRole"),
            Some(false)
        );
        assert_eq!(builtin_namespaced("v1", "Namespace"), Some(false));
        assert_eq!(builtin_namespaced("example.com/v1", "Widget"), None);
        assert_eq!(builtin_namespaced("example.com/v1", "Deployment"), None);
    }
}
