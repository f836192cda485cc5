//! The FederatedTypeConfig and federated CRD that `enable` writes, field for field as Go
//! kubefedctl v0.10.0 generates them (its `-o yaml` output and the Helm chart's files are
//! byte-equal to ours), except that `spec.template` is always in the schema: Go left it
//! out for CRD targets whose schema has no top-level properties, and the API server then
//! pruned every template (kubefed issues #1418, #1458).

use std::collections::HashMap;

use kube::core::{ApiResource, GroupVersionKind};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::plan::input::ParseError;
use crate::plan::kubefed::KubeFedObject;
use crate::plan::kubefed::{
    FederatedTypeConfig, FederatedTypeConfigSpec, FederatedTypeConfigStatus, TypeReference,
};
use crate::plan::resolve::{ApiType, qualified_name};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::{
    CustomResourceDefinition, CustomResourceDefinitionCondition, JSONSchemaProps,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

pub(crate) const DEFAULT_FEDERATED_GROUP: &str = "types.kubefed.io";
pub(crate) const DEFAULT_FEDERATED_VERSION: &str = "v1beta1";

/// What to enable: Go's EnableTypeDirective, from the command line or a `-f` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// The type name as the user wrote it.
    pub name: String,
    pub target_version: Option<String>,
    pub federated_group: String,
    pub federated_version: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DirectiveFile {
    #[serde(default)]
    metadata: DirectiveMeta,
    #[serde(default)]
    spec: DirectiveSpec,
}

#[derive(Default, Deserialize)]
struct DirectiveMeta {
    #[serde(default)]
    name: String,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DirectiveSpec {
    target_version: Option<String>,
    federated_group: Option<String>,
    federated_version: Option<String>,
}

/// Parses an EnableTypeDirective file. As in Go, only the first document counts, unknown
/// fields (`apiVersion`, `kind`) are ignored and absent spec fields take the defaults.
pub fn parse_directive(text: &str) -> Result<Directive, ParseError> {
    let docs: Vec<DirectiveFile> =
        serde_saphyr::from_multiple(text).map_err(|e| ParseError::from_yaml(&e))?;
    let doc = docs
        .into_iter()
        .next()
        .ok_or_else(|| ParseError::at(None, "the file holds no YAML document"))?;
    if doc.metadata.name.is_empty() {
        return Err(ParseError::at(
            None,
            "metadata.name is missing: it names the type to enable, e.g. deployments.apps",
        ));
    }
    let non_empty = |v: Option<String>| v.filter(|s| !s.is_empty());
    Ok(Directive {
        name: doc.metadata.name,
        target_version: non_empty(doc.spec.target_version),
        federated_group: non_empty(doc.spec.federated_group)
            .unwrap_or_else(|| DEFAULT_FEDERATED_GROUP.to_owned()),
        federated_version: non_empty(doc.spec.federated_version)
            .unwrap_or_else(|| DEFAULT_FEDERATED_VERSION.to_owned()),
    })
}

pub(crate) fn federated_type_config_resource() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("core.kubefed.io", "v1beta1", "FederatedTypeConfig"),
        "federatedtypeconfigs",
    )
}

pub(crate) fn crd_resource() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("apiextensions.k8s.io", "v1", "CustomResourceDefinition"),
        "customresourcedefinitions",
    )
}

/// A CRD's status conditions; none before the API server reported any.
pub(crate) fn crd_conditions(
    crd: &CustomResourceDefinition,
) -> &[CustomResourceDefinitionCondition] {
    crd.status
        .as_ref()
        .and_then(|status| status.conditions.as_deref())
        .unwrap_or_default()
}

/// Whether the API server serves a CRD's type.
pub(crate) fn crd_established(crd: &CustomResourceDefinition) -> bool {
    crd_conditions(crd)
        .iter()
        .any(|c| c.type_ == "Established" && c.status == "True")
}

/// A CRD of a federated type with `versions` and `status`, as the API server returns it.
#[cfg(test)]
pub(crate) fn federated_widget_crd(versions: Value, status: Value) -> CustomResourceDefinition {
    serde_json::from_value(json!({
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "federatedwidgets.types.kubefed.io"},
        "spec": {"group": "types.kubefed.io", "scope": "Namespaced", "versions": versions,
                 "names": {"kind": "FederatedWidget", "plural": "federatedwidgets"}},
        "status": status,
    }))
    .expect("a CustomResourceDefinition")
}

/// The federated type of `target`: `Federated<Kind>` in the federated group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FederatedType {
    pub group: String,
    pub version: String,
    pub kind: String,
    pub plural: String,
    pub namespaced: bool,
}

impl FederatedType {
    pub(crate) fn of(target: &ApiType, group: &str, version: &str) -> Self {
        FederatedType {
            group: group.to_owned(),
            version: version.to_owned(),
            kind: format!("Federated{}", target.kind),
            plural: format!("federated{}", target.plural),
            // A FederatedNamespace lives in the namespace it describes, so a namespaced
            // control plane can place it.
            namespaced: target.namespaced
                || (target.group.is_empty() && target.plural == "namespaces"),
        }
    }

    /// The federated type a FederatedTypeConfig's `spec.federatedType` names; None when
    /// it names no complete one.
    pub(crate) fn of_config(config: &FederatedTypeConfig) -> Option<Self> {
        let named = &config.spec.federated_type;
        let fields = [
            &named.group,
            &named.version,
            &named.kind,
            &named.plural_name,
        ];
        if fields.iter().any(|f| f.is_empty()) {
            return None;
        }
        Some(FederatedType {
            group: named.group.clone(),
            version: named.version.clone(),
            kind: named.kind.clone(),
            plural: named.plural_name.clone(),
            namespaced: named.scope == "Namespaced",
        })
    }

    /// The federated type a FederatedTypeConfig read from the API names; None when it is
    /// not one or names no complete type.
    pub(crate) fn of_object<K: Serialize>(object: &K) -> Option<Self> {
        Self::of_config(&FederatedTypeConfig::from_object(object).ok()?)
    }

    /// The CRD's name: `<plural>.<group>`.
    pub(crate) fn crd_name(&self) -> String {
        qualified_name(&self.plural, &self.group)
    }

    /// `<plural>.<group>/<version>`, for messages.
    pub(crate) fn versioned_name(&self) -> String {
        format!("{}/{}", self.crd_name(), self.version)
    }

    pub(crate) fn resource(&self) -> ApiResource {
        ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk(&self.group, &self.version, &self.kind),
            &self.plural,
        )
    }
}

fn scope(namespaced: bool) -> &'static str {
    if namespaced { "Namespaced" } else { "Cluster" }
}

/// The FederatedTypeConfig, named after the target's group-qualified name. `-o yaml`
/// prints it without a namespace, as Go's does (the Helm chart relies on that).
pub(crate) fn federated_type_config(
    target: &ApiType,
    federated: &FederatedType,
    namespace: Option<&str>,
) -> Value {
    FederatedTypeConfig {
        metadata: ObjectMeta {
            name: Some(target.qualified_name()),
            namespace: namespace.map(str::to_owned),
            ..ObjectMeta::default()
        },
        spec: FederatedTypeConfigSpec {
            target_type: TypeReference {
                group: target.group.clone(),
                version: target.version.clone(),
                kind: target.kind.clone(),
                plural_name: target.plural.clone(),
                scope: scope(target.namespaced).to_owned(),
            },
            federated_type: TypeReference {
                group: federated.group.clone(),
                version: federated.version.clone(),
                kind: federated.kind.clone(),
                plural_name: federated.plural.clone(),
                scope: scope(federated.namespaced).to_owned(),
            },
            propagation: Some("Enabled".to_owned()),
            status_type: None,
            status_collection: None,
        },
        status: FederatedTypeConfigStatus::default(),
    }
    .to_object()
}

/// The federated CRD. `retain_replicas` adds `spec.retainReplicas` (for types whose
/// `spec.replicas` is an int32, so an HPA in a member can own the replica count).
pub(crate) fn federated_crd(
    target: &ApiType,
    federated: &FederatedType,
    retain_replicas: bool,
) -> Value {
    let mut spec_properties = json!({
        "placement": placement_schema(),
        "overrides": overrides_schema(),
        "template": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
    });
    if retain_replicas {
        spec_properties["retainReplicas"] = json!({"type": "boolean"});
    }
    let mut names = json!({"kind": federated.kind, "plural": federated.plural});
    if !target.short_names.is_empty() {
        let short: Vec<String> = target.short_names.iter().map(|s| format!("f{s}")).collect();
        names["shortNames"] = json!(short);
    }
    json!({
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": federated.crd_name()},
        "spec": {
            "group": federated.group,
            "names": names,
            "scope": scope(federated.namespaced),
            "versions": [{
                "name": federated.version,
                "schema": {"openAPIV3Schema": {
                    "type": "object",
                    "required": ["spec"],
                    "properties": {
                        "apiVersion": {"type": "string"},
                        "kind": {"type": "string"},
                        "metadata": {"type": "object"},
                        "spec": {"type": "object", "properties": spec_properties},
                        "status": status_schema(),
                    },
                }},
                "served": true,
                "storage": true,
                "subresources": {"status": {}},
            }],
        }
    })
}

fn object(properties: Value, required: &[&str]) -> Value {
    let mut schema = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    schema
}

fn array(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

fn string() -> Value {
    json!({"type": "string"})
}

fn placement_schema() -> Value {
    let expression = object(
        json!({"key": string(), "operator": string(), "values": array(string())}),
        &["key", "operator"],
    );
    object(
        json!({
            "clusters": array(object(json!({"name": string()}), &["name"])),
            "clusterSelector": object(
                json!({
                    "matchExpressions": array(expression),
                    "matchLabels": {"type": "object", "additionalProperties": string()},
                }),
                &[],
            ),
        }),
        &[],
    )
}

fn overrides_schema() -> Value {
    let cluster_override = object(
        json!({
            "op": {"type": "string", "pattern": "^(add|remove|replace)?$"},
            "path": string(),
            "value": {"x-kubernetes-preserve-unknown-fields": true},
        }),
        &["path"],
    );
    array(object(
        json!({"clusterName": string(), "clusterOverrides": array(cluster_override)}),
        &[],
    ))
}

fn status_schema() -> Value {
    let time = json!({"type": "string", "format": "date-time"});
    let condition = object(
        json!({
            "type": string(),
            "status": string(),
            "reason": string(),
            "lastUpdateTime": time,
            "lastTransitionTime": time,
        }),
        &["type", "status"],
    );
    let cluster = object(
        json!({
            "name": string(),
            "status": string(),
            "remoteStatus": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
        }),
        &["name"],
    );
    object(
        json!({
            "conditions": array(condition),
            "clusters": array(cluster),
            "observedGeneration": {"type": "integer", "format": "int64"},
        }),
        &[],
    )
}

/// Whether a CRD's schema for `version` (its first version when none has that name)
/// declares `spec.replicas` as an int32 integer.
pub(crate) fn crd_has_int32_replicas(crd: &CustomResourceDefinition, version: &str) -> bool {
    crd_version_schema(crd, version).is_some_and(is_int32_replicas)
}

/// The OpenAPI schema of a CRD's `version`, else of its first version; None for a CRD
/// without versions or when the chosen version has no schema.
pub(crate) fn crd_version_schema<'a>(
    crd: &'a CustomResourceDefinition,
    version: &str,
) -> Option<&'a JSONSchemaProps> {
    let versions = &crd.spec.versions;
    let chosen = (versions.iter())
        .find(|v| v.name == version)
        .or_else(|| versions.first())?;
    chosen.schema.as_ref()?.open_api_v3_schema.as_ref()
}

/// What `retainReplicas` needs of an OpenAPI v3 group-version document: each schema's
/// group-version-kinds, type, format, reference and properties, without descriptions or
/// anything else. The core group's document is 1.5 MB of JSON and several times that as
/// a `serde_json::Value`; this outline keeps a small part of it.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct OpenApiOutline {
    #[serde(default)]
    components: OutlineComponents,
}

#[derive(Debug, Default, Deserialize)]
struct OutlineComponents {
    #[serde(default)]
    schemas: HashMap<String, SchemaOutline>,
}

#[derive(Debug, Default, Deserialize)]
struct SchemaOutline {
    #[serde(rename = "x-kubernetes-group-version-kind", default)]
    group_version_kinds: Vec<OutlineGvk>,
    // Values, not strings: a schema keyword of an unexpected shape must not fail the
    // whole document.
    #[serde(rename = "type", default)]
    type_: Value,
    #[serde(default)]
    format: Value,
    #[serde(rename = "$ref", default)]
    reference: Value,
    #[serde(rename = "allOf", default)]
    all_of: Vec<SchemaOutline>,
    #[serde(default)]
    properties: HashMap<String, SchemaOutline>,
}

#[derive(Debug, Deserialize)]
struct OutlineGvk {
    #[serde(default)]
    group: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    kind: String,
}

impl OpenApiOutline {
    /// Whether the kind's schema declares `spec.replicas` as an int32 integer; None when
    /// the document has no schema for the kind.
    pub(crate) fn has_int32_replicas(
        &self,
        group: &str,
        version: &str,
        kind: &str,
    ) -> Option<bool> {
        let schema = self.components.schemas.values().find(|schema| {
            schema
                .group_version_kinds
                .iter()
                .any(|gvk| gvk.group == group && gvk.version == version && gvk.kind == kind)
        })?;
        let spec = schema
            .properties
            .get("spec")
            .map(|spec| self.dereference(spec));
        let replicas = spec
            .and_then(|spec| spec.properties.get("replicas"))
            .map(|replicas| self.dereference(replicas));
        Some(replicas.is_some_and(|r| r.type_ == "integer" && r.format == "int32"))
    }

    /// Follows a `$ref`, bare or in a one-element `allOf` (how OpenAPI v3 wraps
    /// references).
    fn dereference<'a>(&'a self, schema: &'a SchemaOutline) -> &'a SchemaOutline {
        let reference = schema
            .reference
            .as_str()
            .or_else(|| schema.all_of.first().and_then(|s| s.reference.as_str()));
        reference
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .and_then(|name| self.components.schemas.get(name))
            .unwrap_or(schema)
    }
}

fn is_int32_replicas(schema: &JSONSchemaProps) -> bool {
    fn property<'a>(schema: &'a JSONSchemaProps, name: &str) -> Option<&'a JSONSchemaProps> {
        schema.properties.as_ref()?.get(name)
    }
    property(schema, "spec")
        .and_then(|spec| property(spec, "replicas"))
        .is_some_and(|replicas| {
            replicas.type_.as_deref() == Some("integer")
                && replicas.format.as_deref() == Some("int32")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{OutputFormat, render};
    use crate::plan::init::declared::undeclared_fields;

    fn deployments() -> ApiType {
        ApiType {
            group: "apps".into(),
            version: "v1".into(),
            kind: "Deployment".into(),
            plural: "deployments".into(),
            singular: "deployment".into(),
            short_names: vec!["deploy".into()],
            namespaced: true,
            preferred: true,
        }
    }

    fn namespaces() -> ApiType {
        ApiType {
            group: String::new(),
            version: "v1".into(),
            kind: "Namespace".into(),
            plural: "namespaces".into(),
            singular: "namespace".into(),
            short_names: vec!["ns".into()],
            namespaced: false,
            preferred: true,
        }
    }

    #[test]
    fn type_config_of_a_grouped_type() {
        let target = deployments();
        let fed = FederatedType::of(&target, DEFAULT_FEDERATED_GROUP, DEFAULT_FEDERATED_VERSION);
        assert_eq!(fed.crd_name(), "federateddeployments.types.kubefed.io");
        let ftc = render(
            OutputFormat::Yaml,
            &federated_type_config(&target, &fed, None),
        )
        .unwrap();
        assert_eq!(
            ftc,
            "apiVersion: core.kubefed.io/v1beta1\nkind: FederatedTypeConfig\nmetadata:\n  name: deployments.apps\n\
             spec:\n  federatedType:\n    group: types.kubefed.io\n    kind: FederatedDeployment\n    \
             pluralName: federateddeployments\n    scope: Namespaced\n    version: v1beta1\n  propagation: Enabled\n  \
             targetType:\n    group: apps\n    kind: Deployment\n    pluralName: deployments\n    scope: Namespaced\n    \
             version: v1\n"
        );
    }

    #[test]
    fn federated_namespace_is_namespaced() {
        let target = namespaces();
        let fed = FederatedType::of(&target, "types.example.io", "v1");
        let ftc = federated_type_config(&target, &fed, None);
        assert_eq!(ftc["metadata"]["name"], "namespaces");
        assert_eq!(
            undeclared_fields("federatedtypeconfigs.core.kubefed.io", &ftc),
            Vec::<String>::new()
        );
        assert_eq!(ftc["spec"]["targetType"]["scope"], "Cluster");
        assert!(ftc["spec"]["targetType"].get("group").is_none());
        assert_eq!(ftc["spec"]["federatedType"]["scope"], "Namespaced");
        let crd = federated_crd(&target, &fed, false);
        assert_eq!(
            crd["metadata"]["name"],
            "federatednamespaces.types.example.io"
        );
        assert_eq!(crd["spec"]["scope"], "Namespaced");
        assert_eq!(crd["spec"]["names"]["shortNames"], json!(["fns"]));
        assert_eq!(crd["spec"]["versions"][0]["name"], "v1");
    }

    #[test]
    fn crd_optional_parts() {
        let mut target = deployments();
        target.short_names.clear();
        let fed = FederatedType::of(&target, DEFAULT_FEDERATED_GROUP, DEFAULT_FEDERATED_VERSION);
        let crd = federated_crd(&target, &fed, false);
        assert!(crd["spec"]["names"].get("shortNames").is_none());
        let spec = &crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"];
        assert!(spec["properties"].get("retainReplicas").is_none());
        assert_eq!(
            spec["properties"]["template"]["x-kubernetes-preserve-unknown-fields"],
            true
        );
        let crd = federated_crd(&target, &fed, true);
        let spec = &crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"];
        assert_eq!(
            spec["properties"]["retainReplicas"],
            json!({"type": "boolean"})
        );
    }

    #[test]
    fn replicas_from_openapi_v3() {
        let doc: OpenApiOutline = serde_json::from_value(json!({"components": {"schemas": {
            "io.k8s.api.apps.v1.Deployment": {
                "x-kubernetes-group-version-kind": [{"group": "apps", "kind": "Deployment", "version": "v1"}],
                "properties": {"spec": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec"}]}}
            },
            "io.k8s.api.apps.v1.DeploymentSpec": {
                "properties": {"replicas": {"type": "integer", "format": "int32"}}
            },
            "io.k8s.api.apps.v1.DaemonSet": {
                "x-kubernetes-group-version-kind": [{"group": "apps", "kind": "DaemonSet", "version": "v1"}],
                "properties": {"spec": {"$ref": "#/components/schemas/io.k8s.api.apps.v1.DaemonSetSpec"}}
            },
            "io.k8s.api.apps.v1.DaemonSetSpec": {"properties": {"minReadySeconds": {"type": "integer"}}},
            "io.k8s.api.apps.v1.Unexpected": {"type": ["object"], "properties": {"x": {"format": 1}}},
        }}}))
        .unwrap();
        assert_eq!(
            doc.has_int32_replicas("apps", "v1", "Deployment"),
            Some(true)
        );
        assert_eq!(
            doc.has_int32_replicas("apps", "v1", "DaemonSet"),
            Some(false)
        );
        assert_eq!(doc.has_int32_replicas("apps", "v2", "Deployment"), None);
    }

    #[test]
    fn replicas_from_a_crd() {
        let version = |name: &str, format: &str| {
            json!({"name": name, "served": true, "storage": name == "v1",
                   "schema": {"openAPIV3Schema": {"properties": {"spec": {"properties": {
                       "replicas": {"type": "integer", "format": format}}}}}}})
        };
        let crd = |versions: Value| federated_widget_crd(versions, json!(null));
        let widgets = crd(json!([version("v1", "int64"), version("v2", "int32")]));
        assert!(!crd_has_int32_replicas(&widgets, "v1"));
        assert!(crd_has_int32_replicas(&widgets, "v2"));
        // An unknown version falls back to the first, as Go always used.
        assert!(!crd_has_int32_replicas(&widgets, "v3"));
        assert!(!crd_has_int32_replicas(&crd(json!([])), "v1"));
        let unchecked = crd(json!([{"name": "v1", "served": true, "storage": true}]));
        assert!(!crd_has_int32_replicas(&unchecked, "v1"));
    }

    #[test]
    fn directive_files() {
        let text = "apiVersion: core.kubefed.io/v1beta1\nkind: EnableTypeDirective\nmetadata:\n  name: deployments.apps\n\
                    spec:\n  federatedGroup: fed.example.io\n  unknown: 1\n---\nmetadata:\n  name: ignored\n";
        assert_eq!(
            parse_directive(text).unwrap(),
            Directive {
                name: "deployments.apps".into(),
                target_version: None,
                federated_group: "fed.example.io".into(),
                federated_version: "v1beta1".into(),
            }
        );
        let d = parse_directive(
            "metadata: {name: jobs}\nspec: {targetVersion: v1, federatedVersion: v2}\n",
        )
        .unwrap();
        assert_eq!(d.target_version.as_deref(), Some("v1"));
        assert_eq!(d.federated_version, "v2");
        assert_eq!(d.federated_group, DEFAULT_FEDERATED_GROUP);
        assert!(parse_directive("spec: {}\n").is_err());
        assert!(parse_directive("metadata: [unclosed\n").is_err());
        assert!(parse_directive("").is_err());
    }

    #[test]
    fn federated_type_from_ftc() {
        let spec = json!({"federatedType": {"group": "g.io", "version": "v1", "kind": "FederatedX", "pluralName": "federatedxs", "scope": "Namespaced"}});
        let config = FederatedTypeConfig::from_value(&json!({ "spec": spec })).unwrap();
        let federated = FederatedType::of_config(&config).unwrap();
        assert_eq!(
            (federated.kind.as_str(), federated.namespaced),
            ("FederatedX", true)
        );
        assert!(FederatedType::of_config(&FederatedTypeConfig::default()).is_none());
    }
}
