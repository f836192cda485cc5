//! Per-cluster overrides of a federated resource: KubeFed v0.10.0's `spec.overrides`, a
//! list of `{clusterName, clusterOverrides: [{op, path, value}]}` that the controller
//! applies as a JSON patch to the template for that cluster.
//!
//! Here: the command-line form (`CLUSTER:PATH=VALUE`, `CLUSTER:PATH-`), KubeFed's own
//! file form, the checks KubeFed makes (and those it does not make but would then fail
//! on), and changing one cluster's overrides while keeping everyone else's.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::plan::input::ParseError;

/// Paths KubeFed refuses: namespace and name tie the member object to the federated
/// one, and the kind comes from the FederatedTypeConfig (`invalidPaths` of its sync
/// controller).
const REFUSED_PATHS: [(&str, &str); 4] = [
    (
        "/metadata/namespace",
        "the namespace ties the member object to its federated object",
    ),
    (
        "/metadata/name",
        "the name ties the member object to its federated object",
    ),
    (
        "/metadata/generateName",
        "the name ties the member object to its federated object",
    ),
    ("/kind", "the kind comes from the FederatedTypeConfig"),
];

/// The replicas KubeFed's scheduler writes into the overrides of an object that has a
/// ReplicaSchedulingPreference.
pub(crate) const REPLICAS_PATH: &str = "/spec/replicas";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Add,
    Remove,
    /// KubeFed's default for an override without an op.
    #[default]
    Replace,
}

/// One JSON-patch operation for one cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterOverride {
    #[serde(default)]
    pub op: Op,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// The overrides of one cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OverrideItem {
    pub cluster_name: String,
    #[serde(default)]
    pub cluster_overrides: Vec<ClusterOverride>,
}

/// What one `--override` (or `override set|remove`) asks for, before it is checked
/// against the template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// `PATH=VALUE`: add the field, or replace it where the template has it.
    Set { path: String, value: Value },
    /// `PATH-`: remove the field from the cluster's object.
    Remove { path: String },
}

impl Change {
    pub(crate) fn path(&self) -> &str {
        match self {
            Change::Set { path, .. } | Change::Remove { path } => path,
        }
    }
}

/// An override that is not well-formed, or that KubeFed refuses.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OverrideError {
    #[error("invalid override \"{0}\": expected CLUSTER:PATH=VALUE or CLUSTER:PATH-")]
    NotClusterChange(String),
    #[error("invalid override \"{0}\": the cluster is missing (CLUSTER:PATH=VALUE)")]
    MissingCluster(String),
    #[error("invalid override \"{0}\": expected PATH=VALUE or PATH- (to remove it)")]
    NotChange(String),
    #[error("invalid override path \"{0}\": a JSON pointer starts with '/' (e.g. /spec/replicas)")]
    NotPointer(String),
    #[error("invalid override path \"{0}\": '~' must be written ~0, and '/' in a key ~1")]
    BadEscape(String),
    #[error("KubeFed refuses overrides of {path}: {why}")]
    Refused { path: String, why: &'static str },
    /// The file is not YAML, or not an overrides list.
    #[error("{0}")]
    File(ParseError),
    #[error("cluster \"{0}\" appears more than once")]
    DuplicateCluster(String),
    #[error("path \"{path}\" appears more than once for cluster \"{cluster}\"")]
    DuplicatePath { path: String, cluster: String },
}

/// `CLUSTER:PATH=VALUE` or `CLUSTER:PATH-`, as `federate --override` takes it.
pub fn parse_cluster_change(text: &str) -> Result<(String, Change), OverrideError> {
    let (cluster, change) = text
        .split_once(':')
        .ok_or_else(|| OverrideError::NotClusterChange(without_value(text)))?;
    // A path's '/' or a value's ':' before any other ':' means no cluster was given.
    if cluster.is_empty() || cluster.contains(['/', '=']) {
        return Err(OverrideError::MissingCluster(without_value(text)));
    }
    Ok((cluster.to_owned(), parse_change(change)?))
}

/// An override as an error may quote it: the VALUE may be a secret (a Secret's data).
fn without_value(text: &str) -> String {
    match text.split_once('=') {
        Some((target, _)) => format!("{target}=..."),
        None => text.to_owned(),
    }
}

/// `PATH=VALUE` (VALUE as JSON, else as a string) or `PATH-`.
pub(crate) fn parse_change(text: &str) -> Result<Change, OverrideError> {
    let change = match text.split_once('=') {
        Some((path, value)) => Change::Set {
            path: path.to_owned(),
            value: serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.into())),
        },
        None => match text.strip_suffix('-') {
            Some(path) => Change::Remove {
                path: path.to_owned(),
            },
            None => return Err(OverrideError::NotChange(text.to_owned())),
        },
    };
    check_path(change.path())?;
    Ok(change)
}

/// A JSON pointer (RFC 6901) that KubeFed lets an override change.
pub(crate) fn check_path(path: &str) -> Result<(), OverrideError> {
    if !path.starts_with('/') {
        return Err(OverrideError::NotPointer(path.to_owned()));
    }
    let mut escapes = path.split('~').skip(1);
    if escapes.any(|rest| !rest.starts_with(['0', '1'])) {
        return Err(OverrideError::BadEscape(path.to_owned()));
    }
    if let Some((_, why)) = REFUSED_PATHS.iter().find(|(refused, _)| *refused == path) {
        return Err(OverrideError::Refused {
            path: path.to_owned(),
            why,
        });
    }
    Ok(())
}

/// One cluster's overrides as a file gives them. Unlike [`OverrideItem`], which takes an
/// object read from the API server as it is, a key the list does not have is an error:
/// a misspelt `clusterOverrides` would otherwise read as no overrides at all.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FileItem {
    cluster_name: String,
    #[serde(default)]
    cluster_overrides: Vec<FileOverride>,
}

/// One operation as a file gives it; see [`FileItem`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOverride {
    #[serde(default)]
    op: Op,
    path: String,
    #[serde(default)]
    value: Option<Value>,
}

impl From<FileItem> for OverrideItem {
    fn from(item: FileItem) -> Self {
        OverrideItem {
            cluster_name: item.cluster_name,
            cluster_overrides: item
                .cluster_overrides
                .into_iter()
                .map(|o| ClusterOverride {
                    op: o.op,
                    path: o.path,
                    value: o.value,
                })
                .collect(),
        }
    }
}

/// KubeFed's `overrides` list as a file holds it (YAML or JSON), checked as the
/// controller checks it: each cluster once, each path once per cluster, no refused path;
/// and no key the list does not have.
pub(crate) fn parse_overrides_file(text: &str) -> Result<Vec<OverrideItem>, OverrideError> {
    let items: Vec<FileItem> =
        serde_saphyr::from_str(text).map_err(|e| OverrideError::File(ParseError::from_yaml(&e)))?;
    let items: Vec<OverrideItem> = items.into_iter().map(OverrideItem::from).collect();
    let mut clusters = BTreeSet::new();
    for item in &items {
        if !clusters.insert(item.cluster_name.as_str()) {
            return Err(OverrideError::DuplicateCluster(item.cluster_name.clone()));
        }
        let mut paths = BTreeSet::new();
        for o in &item.cluster_overrides {
            check_path(&o.path)?;
            if !paths.insert(o.path.as_str()) {
                return Err(OverrideError::DuplicatePath {
                    path: o.path.clone(),
                    cluster: item.cluster_name.clone(),
                });
            }
        }
    }
    Ok(items)
}

/// The operation a change becomes against `template` (the object the members get), and a
/// warning when it cannot do what it says: replacing or removing a field the template
/// does not have fails in the controller for that cluster (`ApplyOverridesFailed`).
pub(crate) fn operation(change: &Change, template: &Value) -> (ClusterOverride, Option<String>) {
    let exists = template.pointer(change.path()).is_some();
    match change {
        Change::Set { path, value } => (
            ClusterOverride {
                // add creates the field (or appends at `/-`); replace needs it to exist.
                op: if exists { Op::Replace } else { Op::Add },
                path: path.clone(),
                value: Some(value.clone()),
            },
            None,
        ),
        Change::Remove { path } => (
            ClusterOverride {
                op: Op::Remove,
                path: path.clone(),
                value: None,
            },
            (!exists).then(|| {
                format!("the template has no {path}: removing it will fail in that cluster")
            }),
        ),
    }
}

/// `overrides` with `cluster`'s operations on the same paths replaced by `operations`,
/// and its operations on `dropped` paths taken out; other clusters stay as they are. A
/// cluster left without operations is dropped from the list.
pub(crate) fn with_changes(
    overrides: &[OverrideItem],
    cluster: &str,
    operations: &[ClusterOverride],
    dropped: &[String],
) -> Vec<OverrideItem> {
    let mut out: Vec<OverrideItem> = overrides.to_vec();
    let index = match out.iter().position(|i| i.cluster_name == cluster) {
        Some(index) => index,
        None => {
            out.push(OverrideItem {
                cluster_name: cluster.to_owned(),
                cluster_overrides: Vec::new(),
            });
            out.len() - 1
        }
    };
    let item = &mut out[index];
    item.cluster_overrides
        .retain(|o| !dropped.contains(&o.path) && !operations.iter().any(|new| new.path == o.path));
    item.cluster_overrides.extend(operations.iter().cloned());
    out.retain(|i| !i.cluster_overrides.is_empty());
    out
}

/// The overrides `federate` gives every object it writes: KubeFed's list from
/// `--override-file`, then the `--override` changes on top.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    pub items: Vec<OverrideItem>,
    pub changes: Vec<(String, Change)>,
}

impl Overrides {
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty() && self.changes.is_empty()
    }

    /// The `spec.overrides` of an object with this `template`, and a warning for each
    /// change that cannot work on it.
    pub(crate) fn for_template(&self, template: &Value) -> (Vec<OverrideItem>, Vec<String>) {
        let mut overrides = self.items.clone();
        let mut warnings = Vec::new();
        for (cluster, change) in &self.changes {
            let (operation, warning) = operation(change, template);
            warnings.extend(warning.map(|w| format!("cluster \"{cluster}\": {w}")));
            overrides = with_changes(&overrides, cluster, &[operation], &[]);
        }
        (overrides, warnings)
    }
}

/// Whether `overrides` set `path` for any cluster.
pub(crate) fn sets_path(overrides: &[OverrideItem], path: &str) -> bool {
    overrides
        .iter()
        .flat_map(|i| &i.cluster_overrides)
        .any(|o| o.path == path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn command_line_overrides_parse_values_as_json_else_strings() {
        assert_eq!(
            parse_cluster_change("cluster2:/spec/replicas=3").unwrap(),
            (
                "cluster2".into(),
                Change::Set {
                    path: "/spec/replicas".into(),
                    value: json!(3)
                }
            )
        );
        let (_, change) = parse_cluster_change("c:/data/GREETING=hello there").unwrap();
        assert_eq!(
            change,
            Change::Set {
                path: "/data/GREETING".into(),
                value: json!("hello there")
            }
        );
        let (_, change) = parse_cluster_change(r#"c:/metadata/labels={"tier":"gold"}"#).unwrap();
        assert_eq!(change.path(), "/metadata/labels");
        let (_, change) = parse_cluster_change("c:/spec/template/spec/containers/0/args-").unwrap();
        assert_eq!(
            change,
            Change::Remove {
                path: "/spec/template/spec/containers/0/args".into()
            }
        );
    }

    #[test]
    fn bad_overrides_are_refused_with_the_reason() {
        for (text, reason) in [
            ("/spec/replicas=3", "expected CLUSTER:PATH=VALUE"),
            ("/data/url=http://x", "the cluster is missing"),
            (":/spec/replicas=3", "the cluster is missing"),
            ("c:spec/replicas=3", "starts with '/'"),
            ("c:/spec/replicas", "expected PATH=VALUE or PATH-"),
            ("c:/a~2b=1", "'~' must be written ~0"),
            (
                "c:/metadata/name=x",
                "KubeFed refuses overrides of /metadata/name",
            ),
            (
                "c:/kind=Other",
                "the kind comes from the FederatedTypeConfig",
            ),
        ] {
            let error = parse_cluster_change(text).unwrap_err().to_string();
            assert!(error.contains(reason), "{text}: {error}");
        }
        assert!(parse_cluster_change("c:/a~0b~1c=1").is_ok());
    }

    #[test]
    fn set_adds_or_replaces_by_the_template_and_remove_warns_when_there_is_nothing() {
        let template = json!({"spec": {"replicas": 2}});
        let set = |path: &str| Change::Set {
            path: path.into(),
            value: json!(5),
        };
        assert_eq!(
            operation(&set("/spec/replicas"), &template).0.op,
            Op::Replace
        );
        assert_eq!(operation(&set("/spec/paused"), &template).0.op, Op::Add);
        let (remove, warning) = operation(
            &Change::Remove {
                path: "/spec/paused".into(),
            },
            &template,
        );
        assert_eq!(remove.op, Op::Remove);
        assert!(
            warning
                .unwrap()
                .contains("the template has no /spec/paused")
        );
    }

    #[test]
    fn changing_one_cluster_keeps_the_others_and_its_other_paths() {
        let existing = vec![
            OverrideItem {
                cluster_name: "c2".into(),
                cluster_overrides: vec![
                    ClusterOverride {
                        op: Op::Replace,
                        path: "/spec/replicas".into(),
                        value: Some(json!(1)),
                    },
                    ClusterOverride {
                        op: Op::Replace,
                        path: "/spec/paused".into(),
                        value: Some(json!(true)),
                    },
                ],
            },
            OverrideItem {
                cluster_name: "c3".into(),
                cluster_overrides: vec![ClusterOverride {
                    op: Op::Add,
                    path: "/metadata/labels/x".into(),
                    value: Some(json!("y")),
                }],
            },
        ];
        let three = ClusterOverride {
            op: Op::Replace,
            path: "/spec/replicas".into(),
            value: Some(json!(3)),
        };
        let changed = with_changes(&existing, "c2", std::slice::from_ref(&three), &[]);
        assert_eq!(changed[0].cluster_overrides.len(), 2);
        assert_eq!(changed[0].cluster_overrides[1], three);
        assert_eq!(changed[1], existing[1]);
        // Removing c2's last two paths drops c2 from the list.
        let emptied = with_changes(
            &existing,
            "c2",
            &[],
            &["/spec/replicas".into(), "/spec/paused".into()],
        );
        assert_eq!(emptied, [existing[1].clone()]);
        let added = with_changes(&existing, "c4", std::slice::from_ref(&three), &[]);
        assert_eq!(added.len(), 3);
        assert!(sets_path(&added, REPLICAS_PATH));
    }

    #[test]
    fn kubefeds_file_form_is_checked_as_the_controller_checks_it() {
        let items = parse_overrides_file(
            "- clusterName: c2\n  clusterOverrides:\n  - path: /spec/replicas\n    value: 3\n",
        )
        .unwrap();
        assert_eq!(items[0].cluster_overrides[0].op, Op::Replace);
        for (text, reason) in [
            (
                "- clusterName: c2\n- clusterName: c2\n",
                "appears more than once",
            ),
            (
                "- clusterName: c2\n  clusterOverrides:\n  - {path: /a}\n  - {path: /a}\n",
                "path \"/a\" appears more than once",
            ),
            (
                "- clusterName: c2\n  clusterOverrides:\n  - {path: /metadata/namespace}\n",
                "refuses overrides",
            ),
            (
                "- clusterName: c2\n  clusterOverrides:\n  - {op: move, path: /a}\n",
                "line",
            ),
            (
                "- clusterName: c2\n  clusterOverides:\n  - {path: /a, value: 1}\n",
                "line 2, column 3: unknown field `clusterOverides`",
            ),
            (
                "- clusterName: c2\n  clusterOverrides:\n  - {path: /a, vaule: 1}\n",
                "unknown field `vaule`",
            ),
        ] {
            let error = parse_overrides_file(text).unwrap_err().to_string();
            assert!(error.contains(reason), "{text}: {error}");
        }
    }
}
