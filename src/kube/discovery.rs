//! Discovery of the served API types and of what a type's schema says about
//! `spec.replicas`: the reads behind type-name resolution and `enable`.

use ::kube::Client;
use ::kube::api::{Api, DynamicObject};
use anyhow::{Context, anyhow};
use serde_json::{Value, json};

use crate::error::Hinted;
use crate::plan::enable::{crd_has_int32_replicas, crd_resource, openapi_has_int32_replicas};
use crate::plan::resolve::{self, ApiType, ResolveError};
use crate::plan::schema;

/// Every served type of the cluster, from one aggregated discovery pass (`/api` and
/// `/apis`, two requests), core group first.
pub async fn api_types(client: &Client, context: &str) -> anyhow::Result<Vec<ApiType>> {
    let (core, groups) = futures::try_join!(
        client.list_core_api_versions_aggregated(),
        client.list_api_groups_aggregated()
    )
    .map_err(|e| {
        Hinted::new(
            anyhow::Error::new(e).context(format!(
                "cannot discover the API types of context \"{context}\""
            )),
            "aggregated discovery needs Kubernetes 1.30 or later; is the cluster reachable?",
        )
    })?;
    Ok(resolve::api_types(core.items.iter().chain(&groups.items)))
}

/// Resolves `name` (and `--version`) to one type; the error names the context.
pub fn find<'a>(
    types: &'a [ApiType],
    name: &str,
    version: Option<&str>,
    context: &str,
) -> anyhow::Result<&'a ApiType> {
    resolve::resolve(types, name, version).map_err(|e| {
        let hint = match &e {
            ResolveError::NotFound { .. } if version.is_some() => {
                "check the name and --version against `kubectl api-resources`"
            }
            ResolveError::NotFound { .. } => "check the name against `kubectl api-resources`",
            ResolveError::Ambiguous { .. } => "pass one of the group-qualified names",
        };
        Hinted::new(anyhow!(e.message(Some(context))), hint).into()
    })
}

/// Where a type's schema comes from: its CRD, or the server's OpenAPI v3 document of its
/// group version (None when the server publishes none, as for some aggregated APIs).
pub enum SchemaSource {
    Crd(Value),
    OpenApi(Option<Value>),
}

impl SchemaSource {
    fn openapi_path(target: &ApiType) -> String {
        if target.group.is_empty() {
            format!("api/{}", target.version)
        } else {
            format!("apis/{}/{}", target.group, target.version)
        }
    }
}

/// Reads where `target`'s schema comes from, once per type: `enable` derives both the
/// `retainReplicas` answer and (with `--template-schema=full`) the template from it.
pub async fn schema_source(
    client: &Client,
    target: &ApiType,
    context: &str,
) -> anyhow::Result<SchemaSource> {
    if !target.group.is_empty() {
        let crds: Api<DynamicObject> = Api::all_with(client.clone(), &crd_resource());
        let name = target.qualified_name();
        let crd = crds.get_opt(&name).await.with_context(|| {
            format!("cannot read CustomResourceDefinition \"{name}\" on context \"{context}\"")
        })?;
        if let Some(crd) = crd {
            return Ok(SchemaSource::Crd(crd.data));
        }
    }
    let path = SchemaSource::openapi_path(target);
    let read = async {
        let index: Value = get_json(client, "/openapi/v3").await?;
        let Some(url) = index["paths"][&path]["serverRelativeURL"].as_str() else {
            return Ok(None);
        };
        Ok::<_, anyhow::Error>(Some(get_json(client, url).await?))
    };
    let doc = read.await.with_context(|| {
        format!("cannot read the OpenAPI v3 schema of {path} on context \"{context}\"")
    })?;
    Ok(SchemaSource::OpenApi(doc))
}

/// Whether `target`'s `spec.replicas` is an int32 integer: from its CRD when it is one
/// (the schema of the resolved version), else from the server's OpenAPI v3 document.
pub fn has_int32_replicas(source: &SchemaSource, target: &ApiType) -> bool {
    let found = match source {
        SchemaSource::Crd(crd) => Some(crd_has_int32_replicas(crd, &target.version)),
        SchemaSource::OpenApi(doc) => doc.as_ref().and_then(|doc| {
            openapi_has_int32_replicas(doc, &target.group, &target.version, &target.kind)
        }),
    };
    // A type the server publishes no schema for (some aggregated APIs) simply gets no
    // retainReplicas; Go failed to enable it.
    found.unwrap_or(false)
}

/// The structural schema of `target` for a federated CRD's `spec.template`
/// (`enable --template-schema=full`): from its CRD's version schema when it is one, else
/// converted from the server's OpenAPI v3 document.
pub fn template_schema(
    source: &SchemaSource,
    target: &ApiType,
    context: &str,
) -> anyhow::Result<Value> {
    let found = match source {
        SchemaSource::Crd(crd) => {
            let versions = crd["spec"]["versions"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default();
            let chosen = versions
                .iter()
                .find(|v| v["name"] == target.version.as_str())
                .or_else(|| versions.first());
            Some(match chosen.map(|v| &v["schema"]["openAPIV3Schema"]) {
                Some(schema) if schema.is_object() => schema::template_from_schema(schema),
                _ => json!({"type": "object", "x-kubernetes-preserve-unknown-fields": true}),
            })
        }
        SchemaSource::OpenApi(doc) => doc.as_ref().and_then(|doc| {
            let components = &doc["components"]["schemas"];
            let root =
                schema::component_name(components, &target.group, &target.version, &target.kind)?;
            schema::template_from_components(components, root)
        }),
    };
    found.ok_or_else(|| {
        Hinted::new(
            anyhow!(
                "the server of context \"{context}\" publishes no OpenAPI v3 schema for \"{}\"",
                target.versioned_name()
            ),
            "enable it with --template-schema=preserve",
        )
        .into()
    })
}

async fn get_json(client: &Client, url: &str) -> anyhow::Result<Value> {
    let request = http::Request::get(url)
        .body(Vec::new())
        .map_err(|e| anyhow!("invalid request {url}: {e}"))?;
    Ok(client.request(request).await?)
}
