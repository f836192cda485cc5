//! Reading objects from manifest text: multi-document YAML or JSON, with `List` kinds
//! expanded, and errors that name the document.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use serde_saphyr::Spanned;

use crate::plan::input::{ParseError, Position};
use crate::plan::names::is_dns1123_label;

/// Why a manifest cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("the input is not UTF-8 text (binary data?)")]
    NotText,
    /// A syntax error, or an object that cannot be federated, with its place in the file.
    #[error(transparent)]
    Invalid(#[from] ParseError),
}

/// Every object in `bytes`, in input order. The YAML documents are read as YAML defines
/// them (a document may start on its `---` line, end with `...`, carry a tag), and empty
/// and comment-only documents are skipped; `kind: List` (and `*List`) documents
/// contribute their items. A repeated key is an error in JSON as in YAML, and so is a
/// namespace that is no DNS-1123 label. Errors give the line and column in the whole
/// input.
pub fn parse(bytes: &[u8]) -> Result<Vec<Value>, ManifestError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ManifestError::NotText)?;
    if text.contains('\0') {
        return Err(ManifestError::NotText);
    }
    let documents = match json_document(text)? {
        Some(document) => vec![document],
        None => yaml_documents(text)?,
    };
    let mut objects = Vec::new();
    for (position, document) in documents {
        expand(document, position, None, &mut objects)?;
    }
    Ok(objects)
}

/// The one JSON value `text` holds, with where it starts; None when `text` is YAML: it
/// does not start with `{` or `[`, or more follows the first JSON value (JSON documents
/// separated by `---`). Like kubectl, a text that starts as JSON is held to JSON's rules.
fn json_document(text: &str) -> Result<Option<(Option<Position>, Value)>, ParseError> {
    let body = text.trim_start();
    if !body.starts_with(['{', '[']) {
        return Ok(None);
    }
    let value = match serde_json::from_str::<StrictJson>(text) {
        Ok(StrictJson(value)) => value,
        Err(e) if e.to_string().starts_with("trailing characters") => return Ok(None),
        Err(e) => return Err(ParseError::from_json(&e)),
    };
    let skipped = &text[..text.len() - body.len()];
    let line_start = skipped.rfind('\n').map_or(0, |i| i + 1);
    let start = Position {
        line: skipped.matches('\n').count() as u64 + 1,
        column: skipped[line_start..].chars().count() as u64 + 1,
    };
    Ok(Some((Some(start), value)))
}

/// The parser's default of 1,024 documents suits configuration files; a manifest may be
/// a rendered chart or an export with thousands of objects. The other limits (nodes,
/// aliases, depth) stay as they are and still stop alias bombs.
const MAX_DOCUMENTS: usize = 100_000;

/// The YAML documents of `text` with where each starts, empty ones left out.
fn yaml_documents(text: &str) -> Result<Vec<(Option<Position>, Value)>, ParseError> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! { max_documents: MAX_DOCUMENTS },
    };
    let documents = serde_saphyr::from_multiple_with_options::<Spanned<Value>>(text, options)
        .map_err(|e| ParseError::from_yaml(&e))?;
    Ok(documents
        .into_iter()
        .map(|document| {
            let start = document.referenced;
            let position = (start.line() > 0).then(|| Position {
                line: start.line(),
                column: start.column(),
            });
            (position, document.value)
        })
        .collect())
}

/// Adds the object `document` is, or the items of the List it is; `item` is the place of
/// `document` in its List.
fn expand(
    document: Value,
    position: Option<Position>,
    item: Option<usize>,
    out: &mut Vec<Value>,
) -> Result<(), ManifestError> {
    let error = |message: &str| {
        let message = match item {
            Some(i) => format!("List item {i}: {message}"),
            None => message.to_owned(),
        };
        ManifestError::Invalid(ParseError::at(position, message))
    };
    match document {
        Value::Null => Ok(()),
        Value::Object(ref map) => {
            let kind = map.get("kind").and_then(Value::as_str).unwrap_or_default();
            if kind.is_empty() {
                return Err(error("no kind"));
            }
            if kind.ends_with("List") && map.get("items").is_some_and(Value::is_array) {
                for (i, entry) in map["items"].as_array().into_iter().flatten().enumerate() {
                    expand(entry.clone(), position, Some(item.unwrap_or(i + 1)), out)?;
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

    fn names(text: &str) -> Vec<String> {
        parse(text.as_bytes())
            .unwrap_or_else(|e| panic!("{text:?}: {e}"))
            .iter()
            .map(|o| o["metadata"]["name"].as_str().unwrap().to_owned())
            .collect()
    }

    fn error(text: &str) -> String {
        parse(text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn documents_as_yaml_defines_them() {
        let cm =
            |name: &str| format!("{{apiVersion: v1, kind: ConfigMap, metadata: {{name: {name}}}}}");
        let cases = [
            // Content on the `---` line.
            (
                format!("--- {}\n--- {}\n", cm("a"), cm("b")),
                vec!["a", "b"],
            ),
            (format!("--- {}\n", cm("a")), vec!["a"]),
            // Document end markers, with and without a following `---`.
            (
                format!("--- {}\n...\n--- {}\n...\n", cm("a"), cm("b")),
                vec!["a", "b"],
            ),
            (
                "kind: ConfigMap\nmetadata: {name: a}\n...\nkind: ConfigMap\nmetadata: {name: b}\n"
                    .to_owned(),
                vec!["a", "b"],
            ),
            // JSON documents separated by `---`.
            (
                "{\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}}\n---\n{\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"b\"}}\n"
                    .to_owned(),
                vec!["a", "b"],
            ),
            // Leading `---`, empty documents, comments, `null` documents.
            (
                format!("---\n---\n# only a comment\n---\n{}\n---\n", cm("a")),
                vec!["a"],
            ),
            (
                format!(
                    "# head\n--- # a comment on the marker\n{}\n---\nnull\n---\n~\n",
                    cm("a")
                ),
                vec!["a"],
            ),
            // Tags on the document and a %YAML directive.
            (
                format!("--- !!map\n{}\n", "kind: ConfigMap\nmetadata: {name: a}"),
                vec!["a"],
            ),
            (
                format!("--- !local\n{}\n", "kind: ConfigMap\nmetadata: {name: a}"),
                vec!["a"],
            ),
            (format!("%YAML 1.2\n--- {}\n", cm("a")), vec!["a"]),
            // `---` inside a block scalar is content, not a separator.
            (
                "kind: ConfigMap\nmetadata: {name: a}\ndata:\n  f: |\n    x\n    ---\n    y\n"
                    .to_owned(),
                vec!["a"],
            ),
            // Lists, one of them on the `---` line.
            (
                format!(
                    "--- {{kind: List, items: [{}, {}]}}\n--- {}\n",
                    cm("a"),
                    cm("b"),
                    cm("c")
                ),
                vec!["a", "b", "c"],
            ),
            (String::new(), vec![]),
            ("# nothing\n...\n".to_owned(), vec![]),
        ];
        for (text, expected) in cases {
            assert_eq!(names(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn errors_give_the_place_in_the_whole_file() {
        assert_eq!(
            error("kind: ConfigMap\nmetadata: {name: a}\n---\nmetadata: {name: b}\n"),
            "line 4, column 1: no kind"
        );
        assert_eq!(
            error("--- {kind: ConfigMap, metadata: {name: a}}\n--- {metadata: {name: b}}\n"),
            "line 2, column 5: no kind"
        );
        assert_eq!(
            error("kind: ConfigMap\nmetadata: {}\n"),
            "line 1, column 1: ConfigMap has no metadata.name"
        );
        assert_eq!(
            error(
                "# x\n---\n---\nkind: List\nitems:\n- {kind: Secret, metadata: {name: s}}\n- {kind: Secret}\n"
            ),
            "line 4, column 1: List item 2: Secret has no metadata.name"
        );
        // Syntax errors after several documents count lines from the start of the file.
        let text = "kind: ConfigMap\nmetadata: {name: a}\n---\n\nkind: ConfigMap\nmetadata: [\n";
        assert!(
            error(text).starts_with("line 6, column "),
            "{}",
            error(text)
        );
        assert_eq!(
            error("kind: [unclosed\n"),
            "line 1, column 7: unclosed bracket"
        );
        assert!(matches!(
            parse(&[0xff, 0xfe, 0x00]),
            Err(ManifestError::NotText)
        ));
        assert_eq!(
            error("- just\n- a list\n"),
            "line 1, column 1: not an object"
        );
        assert_eq!(
            error("kind: ConfigMap\nkind: Secret\nmetadata: {name: a}\n"),
            "line 2, column 1: duplicate key `kind`"
        );
        assert_eq!(
            error("\n\n  {\"kind\": \"ConfigMap\"}"),
            "line 3, column 3: ConfigMap has no metadata.name"
        );
    }

    #[test]
    fn syntax_errors_never_quote_the_input() {
        let secret = "dG9wLXNlY3JldC12YWx1ZQ==";
        let secret_doc = |body: &str| {
            format!("apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\ndata:\n{body}\n")
        };
        for text in [
            secret_doc(&format!("  password: \"{secret}")),
            secret_doc(&format!("  password: {secret}\n   other: {secret}")),
            secret_doc(&format!("\tpassword: {secret}")),
            secret_doc(&format!("  password: {secret}: {secret}")),
            secret_doc(&format!("  password: [{secret}")),
            secret_doc(&format!("  password: {secret}\n  password: {secret}")),
            secret_doc(&format!("  password: \"{secret}\\x\"")),
            secret_doc(&format!("  password: !!binary {secret}!")),
            secret_doc(&format!("  password: *{secret}")),
            secret_doc(&format!("  ? [{secret}]\n  : x")),
            format!("{{\"kind\": \"Secret\", \"data\": {{\"password\": \"{secret}\"").to_owned(),
            format!("{{\"kind\": \"Secret\", \"data\": {{\"password\": {secret}}}}}"),
        ] {
            let shown = error(&text);
            assert!(!shown.contains(secret), "{text:?}: {shown}");
            assert!(!shown.contains("dG9w"), "{text:?}: {shown}");
            assert!(!shown.contains('\n'), "{text:?}: {shown}");
            assert!(shown.starts_with("line "), "{text:?}: {shown}");
        }
    }

    #[test]
    fn json_keys_are_not_repeated_at_any_depth() {
        let dup =
            parse(br#"{"kind": "ConfigMap", "metadata": {"name": "a", "name": "b"}}"#).unwrap_err();
        assert!(
            dup.to_string()
                .starts_with("line 1, column 54: duplicate key"),
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
        // A line break in a name from the file is escaped: the error stays one line.
        let err = parse(b"kind: \"Config\\nMap\"\nmetadata: {name: a, namespace: \"x\\ny\"}\n")
            .unwrap_err()
            .to_string();
        assert!(!err.contains('\n'), "{err}");
        assert!(
            err.contains("Config\\nMap \"a\" has an invalid namespace \"x\\ny\""),
            "{err}"
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
