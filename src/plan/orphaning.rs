//! `orphaning-deletion`: the `kubefed.io/orphan` annotation of a federated object. With
//! the value `true`, deleting the federated object leaves its member-cluster objects in
//! place (the KubeFed sync controller only removes its managed label from them).
//!
//! Pure: which federated type a TYPE names, where its object lives, the merge patch that
//! sets or removes the annotation, and the status document.

use kube::core::{ApiResource, GroupVersionKind};
use serde::Serialize;
use serde_json::{Value, json};

use crate::plan::enable::DEFAULT_FEDERATED_GROUP;
use crate::plan::enable::FederatedType;
use crate::plan::kubefed::{FederatedResource, FederatedTypeConfig, KubeFedObject};
use crate::plan::resolve::ApiType;

/// The annotation KubeFed's sync controller reads; only the value `true` orphans.
pub(crate) const ORPHAN_ANNOTATION: &str = "kubefed.io/orphan";

/// One FederatedTypeConfig, as far as orphaning needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TypeConfig {
    /// The FederatedTypeConfig's name: the target type's group-qualified name.
    pub name: String,
    pub federated: FederatedType,
    /// The type it propagates to the members (`spec.targetType`), when complete.
    pub target: Option<TargetType>,
}

impl TypeConfig {
    /// From a FederatedTypeConfig; None when it names no complete federated type.
    pub(crate) fn of(ftc: &FederatedTypeConfig) -> Option<Self> {
        Some(TypeConfig {
            name: ftc.metadata.name.clone()?,
            federated: FederatedType::of_config(ftc)?,
            target: TargetType::of_config(ftc),
        })
    }
}

/// The type a FederatedTypeConfig propagates: what the member clusters hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TargetType {
    /// Empty for the core group.
    pub group: String,
    pub version: String,
    pub kind: String,
    pub plural: String,
    pub namespaced: bool,
}

impl TargetType {
    /// `spec.targetType` of a FederatedTypeConfig; its group is optional (core). None
    /// when it names no complete type.
    pub(crate) fn of_config(ftc: &FederatedTypeConfig) -> Option<Self> {
        let named = &ftc.spec.target_type;
        if named.version.is_empty() || named.kind.is_empty() || named.plural_name.is_empty() {
            return None;
        }
        Some(TargetType {
            group: named.group.clone(),
            version: named.version.clone(),
            kind: named.kind.clone(),
            plural: named.plural_name.clone(),
            namespaced: named.scope == "Namespaced",
        })
    }

    pub(crate) fn resource(&self) -> ApiResource {
        ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk(&self.group, &self.version, &self.kind),
            &self.plural,
        )
    }
}

/// The federated type whose objects carry the annotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct OrphaningType {
    pub federated: FederatedType,
    /// The FederatedTypeConfig that propagates it (named as the target type), if any.
    pub type_config: Option<String>,
}

/// What TYPE named, once resolved through discovery to `named`:
/// - a target type with a FederatedTypeConfig (`configmaps`): its federated type;
/// - a federated type some FederatedTypeConfig propagates (`federatedconfigmaps`, as the
///   Go tool required): that type;
/// - a `Federated*` type of the default federated group without a FederatedTypeConfig:
///   that type (the annotation is kept for when the type is enabled again).
///
/// Anything else is not a federated type: None. The Go tool annotated any resource it
/// was given, with only a warning.
pub(crate) fn orphaning_type(named: &ApiType, configs: &[TypeConfig]) -> Option<OrphaningType> {
    if let Some(config) = configs.iter().find(|c| c.name == named.qualified_name()) {
        return Some(OrphaningType {
            federated: config.federated.clone(),
            type_config: Some(config.name.clone()),
        });
    }
    if let Some(config) = configs
        .iter()
        .find(|c| c.federated.group == named.group && c.federated.plural == named.plural)
    {
        return Some(OrphaningType {
            federated: config.federated.clone(),
            type_config: Some(config.name.clone()),
        });
    }
    (named.group == DEFAULT_FEDERATED_GROUP && named.kind.starts_with("Federated")).then(|| {
        OrphaningType {
            federated: FederatedType {
                group: named.group.clone(),
                version: named.version.clone(),
                kind: named.kind.clone(),
                plural: named.plural.clone(),
                namespaced: named.namespaced,
            },
            type_config: None,
        }
    })
}

/// The namespace of the federated object: None for a cluster-scoped federated type;
/// else `-n`, else (for a FederatedNamespace, which lives in the namespace it federates)
/// the object's name, else the context's namespace, else `default`.
pub(crate) fn object_namespace(
    federated: &FederatedType,
    name: &str,
    flag: Option<&str>,
    context_namespace: Option<&str>,
) -> Option<String> {
    if !federated.namespaced {
        return None;
    }
    let federated_namespace =
        federated.group == DEFAULT_FEDERATED_GROUP && federated.kind == "FederatedNamespace";
    Some(
        flag.or(federated_namespace.then_some(name))
            .or(context_namespace)
            .unwrap_or("default")
            .to_owned(),
    )
}

/// Whether orphaning is enabled on `object`: the annotation is exactly `true`, as the
/// KubeFed controller checks it.
pub(crate) fn orphaning_enabled(object: &FederatedResource) -> bool {
    let annotations = object.metadata.annotations.as_ref();
    annotations
        .and_then(|a| a.get(ORPHAN_ANNOTATION))
        .is_some_and(|v| v == "true")
}

/// The JSON merge patch that enables (sets the annotation to `true`) or disables
/// (removes it) orphaning, or None when `object` needs no change. As in the Go tool,
/// disabling leaves a value other than `true` (which already means disabled) alone.
pub(crate) fn orphaning_patch(object: &FederatedResource, enable: bool) -> Option<Value> {
    if orphaning_enabled(object) == enable {
        return None;
    }
    let value = if enable { json!("true") } else { Value::Null };
    Some(json!({"metadata": {"annotations": {ORPHAN_ANNOTATION: value}}}))
}

/// `orphaning-deletion status -o json|yaml`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OrphaningStatus {
    /// The federated type's group-qualified name (`federatedconfigmaps.types.kubefed.io`).
    #[serde(rename = "type")]
    pub type_name: String,
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub name: String,
    pub orphaning_enabled: bool,
}

impl OrphaningStatus {
    pub(crate) fn of(
        federated: &FederatedType,
        namespace: Option<&str>,
        object: &FederatedResource,
    ) -> Self {
        OrphaningStatus {
            type_name: federated.crd_name(),
            kind: federated.kind.clone(),
            namespace: namespace.map(str::to_owned),
            name: object.name().to_owned(),
            orphaning_enabled: orphaning_enabled(object),
        }
    }

    /// The text the Go tool printed: `Enabled` or `Disabled`.
    pub(crate) fn text(&self) -> &'static str {
        if self.orphaning_enabled {
            "Enabled"
        } else {
            "Disabled"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{OutputFormat, render};

    fn api_type(group: &str, kind: &str, plural: &str, namespaced: bool) -> ApiType {
        ApiType {
            group: group.to_owned(),
            version: if group.is_empty() { "v1" } else { "v1beta1" }.to_owned(),
            kind: kind.to_owned(),
            plural: plural.to_owned(),
            singular: kind.to_lowercase(),
            short_names: Vec::new(),
            namespaced,
            preferred: true,
        }
    }

    fn federated(group: &str, kind: &str, plural: &str, namespaced: bool) -> FederatedType {
        FederatedType {
            group: group.to_owned(),
            version: "v1beta1".to_owned(),
            kind: kind.to_owned(),
            plural: plural.to_owned(),
            namespaced,
        }
    }

    fn configs() -> Vec<TypeConfig> {
        vec![
            TypeConfig {
                name: "configmaps".to_owned(),
                federated: federated(
                    "types.kubefed.io",
                    "FederatedConfigMap",
                    "federatedconfigmaps",
                    true,
                ),
                target: None,
            },
            TypeConfig {
                name: "widgets.example.com".to_owned(),
                federated: federated(
                    "fed.example.com",
                    "FederatedWidget",
                    "federatedwidgets",
                    true,
                ),
                target: None,
            },
            TypeConfig {
                name: "namespaces".to_owned(),
                federated: federated(
                    "types.kubefed.io",
                    "FederatedNamespace",
                    "federatednamespaces",
                    true,
                ),
                target: None,
            },
        ]
    }

    #[test]
    fn type_config_from_object() {
        let ftc = json!({
            "metadata": {"name": "configmaps", "namespace": "kube-federation-system"},
            "spec": {"federatedType": {"group": "types.kubefed.io", "version": "v1beta1",
                "kind": "FederatedConfigMap", "pluralName": "federatedconfigmaps", "scope": "Namespaced"}}
        });
        let typed =
            |object: &Value| TypeConfig::of(&FederatedTypeConfig::from_value(object).unwrap());
        assert_eq!(typed(&ftc), Some(configs()[0].clone()));
        assert_eq!(typed(&json!({"metadata": {"name": "x"}})), None);
    }

    #[test]
    fn target_type_is_looked_up_in_its_type_config() {
        let found =
            orphaning_type(&api_type("", "ConfigMap", "configmaps", true), &configs()).unwrap();
        assert_eq!(found.federated.kind, "FederatedConfigMap");
        assert_eq!(found.type_config.as_deref(), Some("configmaps"));
        // A federated group other than the default one comes from the type config too.
        let found = orphaning_type(
            &api_type("example.com", "Widget", "widgets", true),
            &configs(),
        )
        .unwrap();
        assert_eq!(found.federated.group, "fed.example.com");
    }

    #[test]
    fn federated_type_names_itself_as_in_go() {
        let found = orphaning_type(
            &api_type(
                "types.kubefed.io",
                "FederatedConfigMap",
                "federatedconfigmaps",
                true,
            ),
            &configs(),
        )
        .unwrap();
        assert_eq!(found.type_config.as_deref(), Some("configmaps"));
        let found = orphaning_type(
            &api_type(
                "fed.example.com",
                "FederatedWidget",
                "federatedwidgets",
                true,
            ),
            &configs(),
        )
        .unwrap();
        assert_eq!(found.type_config.as_deref(), Some("widgets.example.com"));
        // A federated CRD left behind by `disable` (no type config) is still accepted.
        let found = orphaning_type(
            &api_type(
                "types.kubefed.io",
                "FederatedSecret",
                "federatedsecrets",
                true,
            ),
            &configs(),
        )
        .unwrap();
        assert_eq!(found.type_config, None);
        assert_eq!(found.federated.plural, "federatedsecrets");
    }

    #[test]
    fn other_types_are_not_federated() {
        assert_eq!(
            orphaning_type(&api_type("", "Secret", "secrets", true), &configs()),
            None
        );
        // Kind prefix alone is not enough: FederatedTypeConfig is no federated type.
        assert_eq!(
            orphaning_type(
                &api_type(
                    "core.kubefed.io",
                    "FederatedTypeConfig",
                    "federatedtypeconfigs",
                    true
                ),
                &configs()
            ),
            None
        );
    }

    #[test]
    fn namespaces() {
        let cm = &configs()[0].federated;
        assert_eq!(
            object_namespace(cm, "x", Some("flag"), Some("ctx")).as_deref(),
            Some("flag")
        );
        assert_eq!(
            object_namespace(cm, "x", None, Some("ctx")).as_deref(),
            Some("ctx")
        );
        assert_eq!(
            object_namespace(cm, "x", None, None).as_deref(),
            Some("default")
        );
        let ns = &configs()[2].federated;
        assert_eq!(
            object_namespace(ns, "team-a", None, Some("ctx")).as_deref(),
            Some("team-a")
        );
        assert_eq!(
            object_namespace(ns, "team-a", Some("other"), None).as_deref(),
            Some("other")
        );
        let cluster_role = federated(
            "types.kubefed.io",
            "FederatedClusterRole",
            "federatedclusterroles",
            false,
        );
        assert_eq!(
            object_namespace(&cluster_role, "x", Some("flag"), None),
            None
        );
    }

    fn object(value: Value) -> FederatedResource {
        FederatedResource::from_value(&value).unwrap()
    }

    #[test]
    fn enabled_only_for_the_value_true() {
        let with = |value: &str| {
            object(json!({"metadata": {"name": "x", "annotations": {ORPHAN_ANNOTATION: value}}}))
        };
        assert!(orphaning_enabled(&with("true")));
        assert!(!orphaning_enabled(&with("false")));
        assert!(!orphaning_enabled(&with("True")));
        assert!(!orphaning_enabled(&object(
            json!({"metadata": {"name": "x"}})
        )));
        assert!(!orphaning_enabled(&object(
            json!({"metadata": {"annotations": {"other": "true"}}})
        )));
    }

    #[test]
    fn patches_set_or_remove_the_annotation_only_when_needed() {
        let plain = object(json!({"metadata": {"name": "x", "annotations": {"keep": "me"}}}));
        let orphaned =
            object(json!({"metadata": {"name": "x", "annotations": {ORPHAN_ANNOTATION: "true"}}}));
        let other =
            object(json!({"metadata": {"name": "x", "annotations": {ORPHAN_ANNOTATION: "false"}}}));
        assert_eq!(
            orphaning_patch(&plain, true),
            Some(json!({"metadata": {"annotations": {"kubefed.io/orphan": "true"}}}))
        );
        assert_eq!(
            orphaning_patch(&other, true),
            Some(json!({"metadata": {"annotations": {"kubefed.io/orphan": "true"}}}))
        );
        assert_eq!(orphaning_patch(&orphaned, true), None);
        assert_eq!(
            orphaning_patch(&orphaned, false),
            Some(json!({"metadata": {"annotations": {"kubefed.io/orphan": null}}}))
        );
        assert_eq!(orphaning_patch(&plain, false), None);
        assert_eq!(orphaning_patch(&other, false), None);
    }

    #[test]
    fn status_document_and_text() {
        let cm = &configs()[0].federated;
        let web = object(
            json!({"metadata": {"name": "web", "annotations": {ORPHAN_ANNOTATION: "true"}}}),
        );
        let status = OrphaningStatus::of(cm, Some("apps"), &web);
        assert_eq!(status.text(), "Enabled");
        assert_eq!(
            render(OutputFormat::Json, &status).unwrap(),
            "{\n  \"type\": \"federatedconfigmaps.types.kubefed.io\",\n  \"kind\": \"FederatedConfigMap\",\n  \
             \"namespace\": \"apps\",\n  \"name\": \"web\",\n  \"orphaningEnabled\": true\n}\n"
        );
        let cluster_role = federated(
            "types.kubefed.io",
            "FederatedClusterRole",
            "federatedclusterroles",
            false,
        );
        let r = object(json!({"metadata": {"name": "r"}}));
        let status = OrphaningStatus::of(&cluster_role, None, &r);
        assert_eq!(status.text(), "Disabled");
        assert_eq!(
            render(OutputFormat::Yaml, &status).unwrap(),
            "type: federatedclusterroles.types.kubefed.io\nkind: FederatedClusterRole\nname: r\norphaningEnabled: false\n"
        );
    }
}
