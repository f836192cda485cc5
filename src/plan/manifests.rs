//! Reading objects from manifest text: multi-document YAML or JSON, with `List` kinds
//! expanded, and errors that name the document.

use serde_json::Value;

/// Why a manifest cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("the input is not UTF-8 text (binary data?)")]
    NotText,
    #[error("document {index}: {message}")]
    Document { index: usize, message: String },
}

/// Every object in `bytes`, in input order. Empty and comment-only documents are skipped;
/// `kind: List` (and `*List`) documents contribute their items.
pub fn parse(bytes: &[u8]) -> Result<Vec<Value>, ManifestError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ManifestError::NotText)?;
    if text.contains('\0') {
        return Err(ManifestError::NotText);
    }
    let documents: Vec<Value> = if text.trim_start().starts_with(['{', '[']) {
        vec![
            serde_json::from_str(text).map_err(|e| ManifestError::Document {
                index: 1,
                message: format!("invalid JSON: {e}"),
            })?,
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
            out.push(document);
            Ok(())
        }
        _ => Err(error("not an object")),
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
