//! The structural schema of a federated CRD's `spec.template` for
//! `enable --template-schema=full`: a target type's OpenAPI v3 schema (or its CRD's
//! `openAPIV3Schema`) rewritten into what the API server accepts in a CRD.
//!
//! The rewrite resolves `$ref`s (cutting recursion), maps the Kubernetes special types
//! (IntOrString, Quantity, RawExtension, JSON, Time) to what a CRD can express, removes
//! `default`s and the keywords a structural schema forbids, keeps only the list and map
//! extensions that remain valid, and gives every node a `type` unless it is int-or-string
//! or preserves unknown fields.

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::JSONSchemaProps;
use serde_json::{Map, Value, json};

const INT_OR_STRING: &str = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
const QUANTITY: &str = "io.k8s.apimachinery.pkg.api.resource.Quantity";
const RAW_EXTENSION: &str = "io.k8s.apimachinery.pkg.runtime.RawExtension";
const JSON_V1: &str = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON";
const JSON_V1BETA1: &str = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSON";
const TIME: &str = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
const MICRO_TIME: &str = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";

/// Keywords copied unchanged; everything else (`default`, `uniqueItems`, `$schema`, `id`,
/// `definitions`, `dependencies`, `patternProperties`, `additionalItems`, `oneOf`,
/// `anyOf`, `not`, `x-kubernetes-validations` and the non-CRD `x-kubernetes-*`
/// extensions) is dropped. `type`, `properties`, `items`, `additionalProperties`,
/// `required` and the list/map extensions are handled on their own.
const COPIED: &[&str] = &[
    "description",
    "title",
    "format",
    "enum",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "multipleOf",
    "maxProperties",
    "minProperties",
    "nullable",
    "example",
    "externalDocs",
];

/// The template schema of the component `root` of an OpenAPI v3 `components.schemas`
/// map; None when the map has no such component.
pub(crate) fn template_from_components(components: &Value, root: &str) -> Option<Value> {
    let components = components.as_object()?;
    components.get(root)?;
    let mut converter = Converter {
        components,
        path: Vec::new(),
    };
    Some(finish_root(converter.named(root)))
}

/// The template schema of a CRD version's `openAPIV3Schema` (inline, without `$ref`s).
pub(crate) fn template_from_schema(schema: &JSONSchemaProps) -> Value {
    let schema = serde_json::to_value(schema).expect("a JSONSchemaProps serializes to JSON");
    let empty = Map::new();
    let mut converter = Converter {
        components: &empty,
        path: Vec::new(),
    };
    finish_root(converter.node(&schema))
}

/// The component of `components.schemas` whose `x-kubernetes-group-version-kind` names
/// the kind.
pub(crate) fn component_name<'a>(
    components: &'a Value,
    group: &str,
    version: &str,
    kind: &str,
) -> Option<&'a str> {
    components.as_object()?.iter().find_map(|(name, schema)| {
        let gvks = schema["x-kubernetes-group-version-kind"].as_array()?;
        gvks.iter()
            .any(|gvk| {
                gvk["group"].as_str().unwrap_or_default() == group
                    && gvk["version"] == version
                    && gvk["kind"] == kind
            })
            .then_some(name.as_str())
    })
}

/// Replaces `spec.template` in the schema of a federated CRD built by
/// `plan::enable::federated_crd`.
pub(crate) fn set_template(crd: &mut Value, template: Value) {
    crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"]["template"] =
        template;
}

/// `metadata` cannot be described at the root, and `status` is not part of a template.
fn finish_root(mut schema: Value) -> Value {
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        properties.remove("status");
        if properties.contains_key("metadata") {
            properties.insert("metadata".to_owned(), preserve_object());
        }
    }
    if let Some(object) = schema.as_object_mut() {
        filter_required(object);
    }
    schema
}

fn preserve_object() -> Value {
    json!({"type": "object", "x-kubernetes-preserve-unknown-fields": true})
}

fn preserve_any() -> Value {
    json!({"x-kubernetes-preserve-unknown-fields": true})
}

fn int_or_string() -> Value {
    json!({"x-kubernetes-int-or-string": true})
}

struct Converter<'a> {
    components: &'a Map<String, Value>,
    /// The components being expanded, outermost first: a reference to one of them is a
    /// recursion.
    path: Vec<String>,
}

impl Converter<'_> {
    fn node(&mut self, schema: &Value) -> Value {
        let Some(object) = schema.as_object() else {
            // `true` (or anything that is not a schema object) accepts any value.
            return preserve_any();
        };
        if let Some(name) = reference(object) {
            let mut resolved = self.named(name);
            // The field's description says more than the type's.
            if let (Some(description), Some(out)) =
                (object.get("description"), resolved.as_object_mut())
            {
                out.insert("description".to_owned(), description.clone());
            }
            return resolved;
        }
        self.inline(object)
    }

    fn named(&mut self, name: &str) -> Value {
        match name {
            INT_OR_STRING => return int_or_string(),
            // A Quantity may be a JSON number (`cpu: 0.5`), which int-or-string rejects,
            // and a structural schema cannot say "number or string".
            QUANTITY => return preserve_any(),
            RAW_EXTENSION => return preserve_object(),
            JSON_V1 | JSON_V1BETA1 => return preserve_any(),
            TIME | MICRO_TIME => return json!({"type": "string", "format": "date-time"}),
            _ => {}
        }
        let Some(schema) = self.components.get(name) else {
            return preserve_object();
        };
        if self.path.iter().any(|p| p == name) {
            let mut cut = preserve_object();
            if let Some(description) = schema.get("description") {
                cut["description"] = description.clone();
            }
            return cut;
        }
        self.path.push(name.to_owned());
        let converted = self.node(schema);
        self.path.pop();
        converted
    }

    fn inline(&mut self, schema: &Map<String, Value>) -> Value {
        let description = schema.get("description");
        let marked = |key: &str| schema.get(key) == Some(&Value::Bool(true));
        if schema.get("format").and_then(Value::as_str) == Some("int-or-string")
            || marked("x-kubernetes-int-or-string")
        {
            let mut out = int_or_string();
            if let Some(description) = description {
                out["description"] = description.clone();
            }
            return out;
        }

        let mut out = Map::new();
        for key in COPIED {
            if let Some(value) = schema.get(*key) {
                let value = match *key {
                    "maximum" | "minimum" | "multipleOf" => without_fraction(value),
                    _ => value.clone(),
                };
                out.insert((*key).to_owned(), value);
            }
        }
        if let Some(kind) = schema.get("type").and_then(Value::as_str)
            && kind != "null"
        {
            out.insert("type".to_owned(), json!(kind));
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            let converted: Map<String, Value> = properties
                .iter()
                .map(|(name, property)| (name.clone(), self.node(property)))
                .collect();
            out.insert("properties".to_owned(), Value::Object(converted));
        }
        match schema.get("items") {
            Some(items @ Value::Object(_)) => {
                out.insert("items".to_owned(), self.node(items));
            }
            // Array-form `items` (tuples) cannot be expressed.
            Some(_) => {
                out.insert("items".to_owned(), preserve_any());
            }
            None => {}
        }
        // `additionalProperties` may not be combined with `properties`.
        if !out.contains_key("properties") {
            match schema.get("additionalProperties") {
                Some(additional @ Value::Object(_)) => {
                    out.insert("additionalProperties".to_owned(), self.node(additional));
                }
                Some(Value::Bool(true)) => {
                    out.insert(
                        "x-kubernetes-preserve-unknown-fields".to_owned(),
                        json!(true),
                    );
                }
                _ => {}
            }
        }
        if marked("x-kubernetes-preserve-unknown-fields") {
            out.insert(
                "x-kubernetes-preserve-unknown-fields".to_owned(),
                json!(true),
            );
        }
        if let Some(required) = schema.get("required") {
            out.insert("required".to_owned(), required.clone());
        }
        for key in [
            "x-kubernetes-list-type",
            "x-kubernetes-list-map-keys",
            "x-kubernetes-map-type",
        ] {
            if let Some(value) = schema.get(key) {
                out.insert(key.to_owned(), value.clone());
            }
        }
        let embedded = marked("x-kubernetes-embedded-resource");
        if embedded {
            out.insert("x-kubernetes-embedded-resource".to_owned(), json!(true));
        }
        fix_up(&mut out, embedded);
        Value::Object(out)
    }
}

/// A whole number as the API server writes it, `0` rather than `0.0`: a CRD's schema
/// holds `maximum`, `minimum` and `multipleOf` as floats.
fn without_fraction(value: &Value) -> Value {
    // Below 2^53 every whole float is exactly an integer.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match value.as_f64() {
        Some(f) if value.is_f64() && f.fract() == 0.0 && f.abs() < EXACT => json!(f as i64),
        _ => value.clone(),
    }
}

/// The `$ref` of a reference: bare or wrapped in a one-element `allOf`.
fn reference(schema: &Map<String, Value>) -> Option<&str> {
    let target = match schema.get("$ref") {
        Some(target) => target.as_str(),
        None => match schema.get("allOf")?.as_array()?.as_slice() {
            [only] => only.get("$ref").and_then(Value::as_str),
            _ => None,
        },
    }?;
    target.rsplit('/').next()
}

/// Makes one converted node structural.
fn fix_up(out: &mut Map<String, Value>, embedded: bool) {
    let preserves = out.get("x-kubernetes-preserve-unknown-fields") == Some(&json!(true));
    if !out.contains_key("type") {
        if out.contains_key("properties") || out.contains_key("additionalProperties") || embedded {
            out.insert("type".to_owned(), json!("object"));
        } else if out.contains_key("items") {
            out.insert("type".to_owned(), json!("array"));
        } else if !preserves {
            // An untyped node accepts any value.
            out.insert(
                "x-kubernetes-preserve-unknown-fields".to_owned(),
                json!(true),
            );
        }
    }
    let kind = out.get("type").and_then(Value::as_str).map(str::to_owned);
    match kind.as_deref() {
        // A free-form object: without this everything in it would be pruned.
        Some("object")
            if !out.contains_key("properties") && !out.contains_key("additionalProperties") =>
        {
            out.insert(
                "x-kubernetes-preserve-unknown-fields".to_owned(),
                json!(true),
            );
        }
        Some("array") if !out.contains_key("items") => {
            out.insert("items".to_owned(), preserve_any());
        }
        _ => {}
    }
    if kind.as_deref() != Some("object") {
        out.remove("x-kubernetes-map-type");
        out.remove("x-kubernetes-embedded-resource");
    }
    if embedded
        && let Some(properties) = out.get_mut("properties").and_then(Value::as_object_mut)
        && properties.contains_key("metadata")
    {
        // An embedded resource's metadata may only restrict name and generateName.
        properties.insert("metadata".to_owned(), json!({"type": "object"}));
    }
    filter_required(out);
    if kind.as_deref() == Some("array") {
        check_list_type(out);
    } else {
        out.remove("x-kubernetes-list-type");
        out.remove("x-kubernetes-list-map-keys");
    }
}

/// `required` may only name declared properties.
fn filter_required(out: &mut Map<String, Value>) {
    let Some(required) = out.get("required").and_then(Value::as_array) else {
        return;
    };
    let declared = out.get("properties").and_then(Value::as_object);
    let kept: Vec<Value> = required
        .iter()
        .filter(|name| {
            name.as_str()
                .is_some_and(|name| declared.is_some_and(|d| d.contains_key(name)))
        })
        .cloned()
        .collect();
    if kept.is_empty() {
        out.remove("required");
    } else {
        out.insert("required".to_owned(), Value::Array(kept));
    }
}

/// Drops list-type extensions the API server would reject: a `map` list needs every key
/// to be a required scalar property of its items (with the defaults gone, keys that were
/// only defaulted no longer qualify); a `set` needs scalar or atomic items.
fn check_list_type(out: &mut Map<String, Value>) {
    let items = out.get("items").cloned().unwrap_or(Value::Null);
    let scalar = |schema: &Value| {
        matches!(
            schema["type"].as_str(),
            Some("string" | "integer" | "number" | "boolean")
        )
    };
    let valid = match out.get("x-kubernetes-list-type").and_then(Value::as_str) {
        None | Some("atomic") => true,
        Some("map") => {
            let keys = out
                .get("x-kubernetes-list-map-keys")
                .and_then(Value::as_array)
                .filter(|keys| !keys.is_empty());
            let required = items["required"].as_array();
            items["type"] == "object"
                && keys.is_some_and(|keys| {
                    keys.iter().all(|key| {
                        key.as_str().is_some_and(|key| {
                            scalar(&items["properties"][key])
                                && required.is_some_and(|r| r.iter().any(|n| n == key))
                        })
                    })
                })
        }
        Some("set") => scalar(&items) || items["x-kubernetes-map-type"] == "atomic",
        Some(_) => false,
    };
    if !valid {
        out.remove("x-kubernetes-list-type");
    }
    if out.get("x-kubernetes-list-type").and_then(Value::as_str) != Some("map") {
        out.remove("x-kubernetes-list-map-keys");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(components: Value, root: &str) -> Value {
        template_from_components(&components, root).expect("root component")
    }

    fn convert_crd_schema(schema: Value) -> Value {
        template_from_schema(&serde_json::from_value(schema).expect("a JSONSchemaProps"))
    }

    #[test]
    fn references_are_flattened_keeping_the_field_description() {
        let components = json!({
            "a.Root": {
                "type": "object",
                "x-kubernetes-group-version-kind": [{"group": "g", "version": "v1", "kind": "Root"}],
                "properties": {
                    "spec": {
                        "allOf": [{"$ref": "#/components/schemas/a.Spec"}],
                        "description": "the field",
                        "default": {},
                    },
                    "bare": {"$ref": "#/components/schemas/a.Spec"},
                    "metadata": {"allOf": [{"$ref": "#/components/schemas/a.Meta"}], "default": {}},
                    "status": {"type": "object", "properties": {"x": {"type": "string"}}},
                },
            },
            "a.Spec": {
                "description": "the type",
                "type": "object",
                "required": ["replicas"],
                "properties": {"replicas": {"type": "integer", "format": "int32", "default": 1}},
            },
            "a.Meta": {"type": "object", "properties": {"name": {"type": "string"}}},
        });
        assert_eq!(
            component_name(&components, "g", "v1", "Root"),
            Some("a.Root")
        );
        let spec = json!({
            "type": "object",
            "required": ["replicas"],
            "properties": {"replicas": {"type": "integer", "format": "int32"}},
        });
        let mut described = spec.clone();
        described["description"] = json!("the field");
        let mut bare = spec;
        bare["description"] = json!("the type");
        assert_eq!(
            convert(components, "a.Root"),
            json!({
                "type": "object",
                "properties": {
                    "spec": described,
                    "bare": bare,
                    "metadata": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                },
            })
        );
    }

    #[test]
    fn special_types() {
        let components = json!({
            "r": {"type": "object", "properties": {
                "port": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString"}], "description": "p"},
                "inline": {"format": "int-or-string", "oneOf": [{"type": "integer"}, {"type": "string"}]},
                "cpu": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity"},
                "raw": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.runtime.RawExtension"},
                "json": {"$ref": "#/components/schemas/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON"},
                "time": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time"},
                "free": {"type": "object"},
                "untyped": {"description": "anything"},
            }},
            "io.k8s.apimachinery.pkg.util.intstr.IntOrString": {"format": "int-or-string", "oneOf": [{"type": "integer"}, {"type": "string"}]},
            "io.k8s.apimachinery.pkg.api.resource.Quantity": {"oneOf": [{"type": "string"}, {"type": "number"}]},
        });
        assert_eq!(
            convert(components, "r")["properties"],
            json!({
                "port": {"x-kubernetes-int-or-string": true, "description": "p"},
                "inline": {"x-kubernetes-int-or-string": true},
                "cpu": {"x-kubernetes-preserve-unknown-fields": true},
                "raw": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                "json": {"x-kubernetes-preserve-unknown-fields": true},
                "time": {"type": "string", "format": "date-time"},
                "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                "untyped": {"description": "anything", "x-kubernetes-preserve-unknown-fields": true},
            })
        );
    }

    #[test]
    fn recursion_is_cut() {
        let components = json!({
            "Node": {"type": "object", "description": "a node", "properties": {
                "name": {"type": "string"},
                "children": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/Node"}], "default": {}}},
                "leaf": {"$ref": "#/components/schemas/Leaf"},
            }},
            "Leaf": {"type": "object", "properties": {"parent": {"$ref": "#/components/schemas/Node"}}},
        });
        let cut = json!({"type": "object", "x-kubernetes-preserve-unknown-fields": true, "description": "a node"});
        assert_eq!(
            convert(components, "Node"),
            json!({"type": "object", "description": "a node", "properties": {
                "name": {"type": "string"},
                "children": {"type": "array", "items": cut},
                "leaf": {"type": "object", "properties": {"parent": cut}},
            }})
        );
    }

    #[test]
    fn forbidden_keywords_are_removed() {
        let schema = json!({
            "$schema": "http://json-schema.org/draft-04/schema#",
            "id": "x",
            "type": "object",
            "definitions": {"a": {}},
            "dependencies": {"a": ["b"]},
            "additionalProperties": false,
            "properties": {
                "tags": {"type": "array", "uniqueItems": true, "items": {"type": "string"},
                         "additionalItems": false, "x-kubernetes-list-type": "set", "nullable": true},
                "labels": {"type": "object", "patternProperties": {"^a": {"type": "string"}},
                           "additionalProperties": {"type": "string", "default": ""}},
                "status": {"type": "string"},
            },
            "required": ["status", "tags"],
            "x-kubernetes-validations": [{"rule": "true"}],
        });
        assert_eq!(
            convert_crd_schema(schema),
            json!({
                "type": "object",
                "properties": {
                    "tags": {"type": "array", "items": {"type": "string"},
                             "x-kubernetes-list-type": "set", "nullable": true},
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                },
                "required": ["tags"],
            })
        );
    }

    #[test]
    fn list_map_keys_must_stay_required() {
        let schema = json!({"type": "object", "properties": {
            "ports": {
                "type": "array",
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["port", "protocol"],
                "items": {"type": "object", "required": ["port"], "properties": {
                    "port": {"type": "integer"},
                    "protocol": {"type": "string", "default": "TCP"},
                }},
            },
            "containers": {
                "type": "array",
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["name"],
                "items": {"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string"},
                }},
            },
            "objects": {"type": "array", "x-kubernetes-list-type": "set",
                        "items": {"type": "object", "properties": {"a": {"type": "string"}}}},
        }});
        let out = convert_crd_schema(schema);
        let ports = &out["properties"]["ports"];
        assert!(ports.get("x-kubernetes-list-type").is_none(), "{ports}");
        assert!(ports.get("x-kubernetes-list-map-keys").is_none(), "{ports}");
        let containers = &out["properties"]["containers"];
        assert_eq!(containers["x-kubernetes-list-type"], "map");
        assert_eq!(containers["x-kubernetes-list-map-keys"], json!(["name"]));
        assert!(
            out["properties"]["objects"]
                .get("x-kubernetes-list-type")
                .is_none()
        );
    }

    #[test]
    fn crd_schemas_keep_their_extensions() {
        let schema = json!({"type": "object", "properties": {
            "metadata": {"type": "object"},
            "spec": {"type": "object", "properties": {
                "size": {"x-kubernetes-int-or-string": true,
                         "anyOf": [{"type": "integer"}, {"type": "string"}]},
                "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                "embedded": {"type": "object", "x-kubernetes-embedded-resource": true,
                             "x-kubernetes-preserve-unknown-fields": true},
                "labels": {"type": "object", "x-kubernetes-map-type": "atomic",
                           "additionalProperties": {"type": "string"}},
            }},
        }});
        assert_eq!(
            convert_crd_schema(schema),
            json!({"type": "object", "properties": {
                "metadata": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                "spec": {"type": "object", "properties": {
                    "size": {"x-kubernetes-int-or-string": true},
                    "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                    "embedded": {"type": "object", "x-kubernetes-embedded-resource": true,
                                 "x-kubernetes-preserve-unknown-fields": true},
                    "labels": {"type": "object", "x-kubernetes-map-type": "atomic",
                               "additionalProperties": {"type": "string"}},
                }},
            }})
        );
    }

    #[test]
    fn crd_schema_bounds_stay_whole_numbers() {
        let schema = json!({"type": "object", "properties": {
            "replicas": {"type": "integer", "minimum": 0, "maximum": 10},
            "ratio": {"type": "number", "minimum": 0.5, "multipleOf": 0.25},
        }});
        let out = convert_crd_schema(schema);
        assert_eq!(
            out["properties"]["replicas"].to_string(),
            r#"{"maximum":10,"minimum":0,"type":"integer"}"#
        );
        assert_eq!(
            out["properties"]["ratio"].to_string(),
            r#"{"minimum":0.5,"multipleOf":0.25,"type":"number"}"#
        );
    }
}
