//! Resolving a type name as a user types it (`deploy`, `Deployment`, `deployments.apps`,
//! `deployments.v1.apps`) to one served API type, as Go kubefedctl v0.10.0's lookup
//! does, plus the forms it rejected (`deployment.apps`, `Deployment.apps`,
//! `<name>.<version>.<group>`) and any served version, not only the preferred one.
//!
//! Pure: the caller supplies the discovery documents (`kube::discovery`).

use std::fmt;

use kube::core::discovery::v2::APIGroupDiscovery;

/// One resource of one served group version, with the names discovery gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiType {
    pub group: String,
    pub version: String,
    pub kind: String,
    pub plural: String,
    pub singular: String,
    pub short_names: Vec<String>,
    pub namespaced: bool,
    /// True in the first version (in the group's preference order) that serves this
    /// resource: the one Go's "server preferred resources" kept.
    pub preferred: bool,
}

impl ApiType {
    /// The group-qualified name: `<plural>.<group>`, or `<plural>` for the core group.
    /// FederatedTypeConfigs are named so.
    pub(crate) fn qualified_name(&self) -> String {
        qualified_name(&self.plural, &self.group)
    }

    /// `<plural>.<group>/<version>` (`<plural>/<version>` for core), for messages.
    pub(crate) fn versioned_name(&self) -> String {
        format!("{}/{}", self.qualified_name(), self.version)
    }

    pub(crate) fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// Whether the lower-cased `key` names this type without a group: plural, singular,
    /// kind, or a short name (compared case-insensitively, as Go did).
    fn matches_bare(&self, key: &str) -> bool {
        self.matches_name(key) || self.short_names.iter().any(|s| s.to_lowercase() == key)
    }

    /// Plural, singular or kind: the names that may carry a version and group.
    fn matches_name(&self, key: &str) -> bool {
        key == self.plural || key == self.singular || key == self.kind.to_lowercase()
    }
}

pub(crate) fn qualified_name(plural: &str, group: &str) -> String {
    if group.is_empty() {
        plural.to_owned()
    } else {
        format!("{plural}.{group}")
    }
}

/// Every resource of the discovery documents, in server order (the core group first when
/// its document comes first), without sub-resources.
pub(crate) fn api_types<'a>(
    groups: impl IntoIterator<Item = &'a APIGroupDiscovery>,
) -> Vec<ApiType> {
    let mut out: Vec<ApiType> = Vec::new();
    for group in groups {
        let group_name = group
            .metadata
            .as_ref()
            .and_then(|m| m.name.clone())
            .unwrap_or_default();
        let first_of_group = out.len();
        for version in &group.versions {
            let version_name = version.version.clone().unwrap_or_default();
            for resource in &version.resources {
                let (Some(plural), Some(kind)) = (
                    resource.resource.as_ref(),
                    resource
                        .response_kind
                        .as_ref()
                        .and_then(|k| k.kind.as_ref()),
                ) else {
                    continue;
                };
                let preferred = !out[first_of_group..].iter().any(|t| &t.plural == plural);
                out.push(ApiType {
                    group: group_name.clone(),
                    version: version_name.clone(),
                    kind: kind.clone(),
                    plural: plural.clone(),
                    singular: resource
                        .singular_resource
                        .clone()
                        .unwrap_or_else(|| kind.to_lowercase()),
                    short_names: resource.short_names.clone(),
                    namespaced: resource.scope.as_deref() == Some("Namespaced"),
                    preferred,
                });
            }
        }
    }
    out
}

/// Why a name did not resolve to exactly one type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ResolveError {
    NotFound {
        key: String,
    },
    /// The group-qualified names of the candidates, in server order.
    Ambiguous {
        key: String,
        candidates: Vec<String>,
    },
}

impl ResolveError {
    /// Go kubefedctl's message (which scripts may match), naming `context` when given.
    pub(crate) fn message(&self, context: Option<&str>) -> String {
        let on = context
            .map(|c| format!(" on context \"{c}\""))
            .unwrap_or_default();
        match self {
            ResolveError::NotFound { key } => {
                format!("Unable to find api resource named \"{key}\"{on}.")
            }
            ResolveError::Ambiguous { key, candidates } => format!(
                "Multiple resources are matched by \"{key}\"{on}: {}. A group-qualified plural name must be provided.",
                candidates.join(", ")
            ),
        }
    }
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(None))
    }
}

impl std::error::Error for ResolveError {}

/// The type `key` names. `version` (from `--version`) may be any served version; without
/// it the preferred version is taken, unless the key itself names one
/// (`deployments.v1.apps`). A match in the core group wins over the others, as in Go
/// (kubefed PR #1294: `services` is the core type, not knative's).
pub(crate) fn resolve<'a>(
    types: &'a [ApiType],
    key: &str,
    version: Option<&str>,
) -> Result<&'a ApiType, ResolveError> {
    let lowered = key.to_lowercase();
    let mut matches: Vec<&ApiType> = Vec::new();
    for t in types {
        let Some(named_version) = match_key(t, &lowered) else {
            continue;
        };
        let wanted = match (version, named_version) {
            (Some(v), _) | (None, Some(v)) => t.version == v,
            (None, None) => t.preferred,
        };
        if !wanted {
            continue;
        }
        if t.group.is_empty() {
            return Ok(t);
        }
        // The same resource matched through two of its versions is still one type.
        if !matches
            .iter()
            .any(|m| m.group == t.group && m.plural == t.plural)
        {
            matches.push(t);
        }
    }
    match matches.as_slice() {
        [] => Err(ResolveError::NotFound {
            key: key.to_owned(),
        }),
        [one] => Ok(one),
        many => Err(ResolveError::Ambiguous {
            key: key.to_owned(),
            candidates: many.iter().map(|t| t.qualified_name()).collect(),
        }),
    }
}

/// Whether `key` (lower-cased) names `t`: `Some(None)` for a form without a version,
/// `Some(Some(v))` for `<name>.<v>.<group>`, `None` for no match.
fn match_key<'k>(t: &ApiType, key: &'k str) -> Option<Option<&'k str>> {
    if t.matches_bare(key) {
        return Some(None);
    }
    if t.group.is_empty() {
        // `configmaps.v1` style keys are not a form anyone types; core has no group suffix.
        return None;
    }
    let name = key.strip_suffix(t.group.as_str())?.strip_suffix('.')?;
    if t.matches_name(name) {
        return Some(None);
    }
    let (name, version) = name.rsplit_once('.')?;
    (version == t.version && t.matches_name(name)).then_some(Some(version))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(group: &str, version: &str, kind: &str, plural: &str, short: &[&str]) -> ApiType {
        ApiType {
            group: group.into(),
            version: version.into(),
            kind: kind.into(),
            plural: plural.into(),
            singular: kind.to_lowercase(),
            short_names: short.iter().map(|s| s.to_string()).collect(),
            namespaced: true,
            preferred: true,
        }
    }

    fn types() -> Vec<ApiType> {
        let mut beta = t("example.io", "v1beta1", "Widget", "widgets", &[]);
        beta.preferred = false;
        vec![
            t("", "v1", "Service", "services", &["svc"]),
            t("", "v1", "Event", "events", &["ev"]),
            t("apps", "v1", "Deployment", "deployments", &["deploy"]),
            t("events.k8s.io", "v1", "Event", "events", &["ev"]),
            t(
                "serving.knative.dev",
                "v1",
                "Service",
                "services",
                &["ksvc"],
            ),
            t("example.io", "v1", "Widget", "widgets", &[]),
            beta,
            t("other.io", "v1", "Widget", "widgets", &["wd"]),
        ]
    }

    fn found(key: &str, version: Option<&str>) -> String {
        let types = types();
        let t = resolve(&types, key, version).unwrap_or_else(|e| panic!("{key}: {e}"));
        t.versioned_name()
    }

    #[test]
    fn go_forms() {
        for key in [
            "deployments",
            "deployment",
            "Deployment",
            "DEPLOY",
            "deployments.apps",
        ] {
            assert_eq!(found(key, None), "deployments.apps/v1", "{key}");
        }
        assert_eq!(found("svc", None), "services/v1");
        assert_eq!(found("ksvc", None), "services.serving.knative.dev/v1");
    }

    #[test]
    fn forms_go_rejected() {
        for key in [
            "deployment.apps",
            "Deployment.apps",
            "deployments.v1.apps",
            "Deployment.v1.apps",
        ] {
            assert_eq!(found(key, None), "deployments.apps/v1", "{key}");
        }
        assert_eq!(
            found("widgets.v1beta1.example.io", None),
            "widgets.example.io/v1beta1"
        );
        // A short name is not group-qualified, in Go or here.
        assert!(resolve(&types(), "deploy.apps", None).is_err());
    }

    #[test]
    fn core_wins_ties() {
        assert_eq!(found("services", None), "services/v1");
        assert_eq!(found("events", None), "events/v1");
        assert_eq!(
            found("events.events.k8s.io", None),
            "events.events.k8s.io/v1"
        );
    }

    #[test]
    fn ambiguous_names_list_the_group_qualified_names() {
        let err = resolve(&types(), "Widget", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Multiple resources are matched by \"Widget\": widgets.example.io, widgets.other.io. \
             A group-qualified plural name must be provided."
        );
        assert_eq!(found("widgets.other.io", None), "widgets.other.io/v1");
    }

    #[test]
    fn any_served_version() {
        assert_eq!(
            found("widgets.example.io", Some("v1beta1")),
            "widgets.example.io/v1beta1"
        );
        // Only one widget type is served in v1beta1, so the bare name is no longer ambiguous.
        assert_eq!(
            found("widgets", Some("v1beta1")),
            "widgets.example.io/v1beta1"
        );
        assert_eq!(
            resolve(&types(), "deployments.apps", Some("v2")).unwrap_err(),
            ResolveError::NotFound {
                key: "deployments.apps".into()
            }
        );
    }

    #[test]
    fn unknown() {
        let err = resolve(&types(), "gadgets", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Unable to find api resource named \"gadgets\"."
        );
        assert_eq!(
            err.message(Some("c1")),
            "Unable to find api resource named \"gadgets\" on context \"c1\"."
        );
    }

    #[test]
    fn from_discovery_documents() {
        let json = serde_json::json!({"items": [{
            "metadata": {"name": "example.io"},
            "versions": [
                {"version": "v2", "resources": [
                    {"resource": "widgets", "responseKind": {"kind": "Widget"}, "scope": "Cluster",
                     "singularResource": "widget", "shortNames": ["wd"]}
                ]},
                {"version": "v1", "resources": [
                    {"resource": "widgets", "responseKind": {"kind": "Widget"}, "scope": "Cluster",
                     "singularResource": "widget"},
                    {"resource": "gadgets", "responseKind": {"kind": "Gadget"}, "scope": "Namespaced",
                     "singularResource": "gadget"}
                ]}
            ]
        }]});
        let list: kube::core::discovery::v2::APIGroupDiscoveryList =
            serde_json::from_value(json).unwrap();
        let types = api_types(&list.items);
        let summary: Vec<(String, bool, bool)> = types
            .iter()
            .map(|t| (t.versioned_name(), t.preferred, t.namespaced))
            .collect();
        assert_eq!(
            summary,
            [
                ("widgets.example.io/v2".to_owned(), true, false),
                ("widgets.example.io/v1".to_owned(), false, false),
                // Served only in a later version: Go's preferred resources kept it too.
                ("gadgets.example.io/v1".to_owned(), true, true),
            ]
        );
        assert_eq!(types[0].short_names, ["wd"]);
    }
}
