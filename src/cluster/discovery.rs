//! Discovery of the served API types and of what a type's schema says about
//! `spec.replicas`: the reads behind type-name resolution and `enable`.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::{Context, anyhow};
use futures::future::try_join_all;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::{Client, Error as KubeError};
use serde_json::{Value, json};

use crate::cluster::kubefed::read_crd;
use crate::error::{Hinted, is_connect_failure};
use crate::plan::admission::{
    ADMISSION_GROUP, MUTATING_VERSIONS, PolicyApis, VALIDATING_VERSION, mutating_policy_resource,
    validating_policy_resource,
};
use crate::plan::enable::{OpenApiOutline, crd_has_int32_replicas, crd_version_schema};
use crate::plan::resolve::{self, ApiType, ResolveError};
use crate::plan::schema;

/// Every served type of the cluster, from one aggregated discovery pass (`/api` and
/// `/apis`, two requests), core group first.
pub(crate) async fn api_types(client: &Client, context: &str) -> anyhow::Result<Vec<ApiType>> {
    let (core, groups) = futures::try_join!(
        client.list_core_api_versions_aggregated(),
        client.list_api_groups_aggregated()
    )
    .map_err(|e| {
        let hint = match &e {
            KubeError::Api(status) if matches!(status.code, 401 | 403) => Some(format!(
                "the API server does not accept the credentials of context \"{context}\" for reading its types"
            )),
            // The error itself says what to check.
            e if is_connect_failure(e) => None,
            _ => Some("aggregated discovery needs Kubernetes 1.30 or later".to_owned()),
        };
        let error = anyhow::Error::new(e).context(format!(
            "cannot discover the API types of context \"{context}\""
        ));
        match hint {
            Some(hint) => Hinted::new(error, hint).into(),
            None => error,
        }
    })?;
    Ok(resolve::api_types(core.items.iter().chain(&groups.items)))
}

/// Which admission policy APIs the cluster serves: one request per group version, which
/// works on every Kubernetes version (aggregated discovery needs 1.30).
pub(crate) async fn policy_apis(client: &Client, context: &str) -> anyhow::Result<PolicyApis> {
    let serves = |version: &'static str, plural: String| async move {
        let group_version = format!("{ADMISSION_GROUP}/{version}");
        match client.list_api_group_resources(&group_version).await {
            Ok(list) => Ok(list.resources.iter().any(|r| r.name == plural)),
            Err(KubeError::Api(status)) if status.code == 404 => Ok(false),
            Err(e) => Err(anyhow::Error::new(e).context(format!(
                "cannot discover the {group_version} types of context \"{context}\""
            ))),
        }
    };
    let validating = serves(VALIDATING_VERSION, validating_policy_resource().plural).await?;
    let mut mutating = None;
    for version in MUTATING_VERSIONS {
        if serves(version, mutating_policy_resource(version).plural).await? {
            mutating = Some(version.to_owned());
            break;
        }
    }
    Ok(PolicyApis {
        validating,
        mutating,
    })
}

/// Resolves `name` (and `--version`) to one type; the error names the context.
pub(crate) fn find<'a>(
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
pub(crate) enum SchemaSource {
    Crd(Box<CustomResourceDefinition>),
    /// Shared by the types of one group version.
    OpenApi(Option<Arc<OpenApiDocument>>),
}

/// A group version's OpenAPI v3 document: its outline always, the whole document only
/// when a template schema is made from it.
pub(crate) struct OpenApiDocument {
    outline: OpenApiOutline,
    whole: Option<Value>,
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

/// Reads where the schema of each of `targets` comes from, in order, with as few reads
/// as the answers allow: the CRDs of grouped types at once, then the OpenAPI v3 index once
/// and each group version's document once, however many targets share it. `enable`
/// derives the `retainReplicas` answer from it, and with `whole_documents` (for
/// `--template-schema=full`) also the template.
pub(crate) async fn schema_sources(
    client: &Client,
    targets: &[&ApiType],
    context: &str,
    whole_documents: bool,
) -> anyhow::Result<Vec<SchemaSource>> {
    let crd_reads = try_join_all(targets.iter().map(|target| async move {
        if target.group.is_empty() {
            return Ok(None);
        }
        read_crd(client, &target.qualified_name(), context).await
    }));
    // Core types are never CRDs: their index read need not wait for the CRD reads.
    let (crds, index) = if targets.iter().any(|t| t.group.is_empty()) {
        let (crds, index) = futures::try_join!(crd_reads, openapi_index(client, context))?;
        (crds, Some(index))
    } else {
        (crd_reads.await?, None)
    };

    let mut paths: Vec<String> = targets
        .iter()
        .zip(&crds)
        .filter(|(_, crd)| crd.is_none())
        .map(|(target, _)| SchemaSource::openapi_path(target))
        .collect();
    paths.sort();
    paths.dedup();
    let index = match index {
        Some(index) => index,
        None if paths.is_empty() => Value::Null,
        None => openapi_index(client, context).await?,
    };
    let docs: HashMap<String, Option<Arc<OpenApiDocument>>> =
        try_join_all(paths.into_iter().map(|path| {
            let index = &index;
            async move {
                let Some(url) = index["paths"][&path]["serverRelativeURL"].as_str() else {
                    return Ok((path, None));
                };
                let doc = openapi_document(client, url, whole_documents)
                    .await
                    .with_context(|| {
                        format!(
                            "cannot read the OpenAPI v3 schema of {path} on context \"{context}\""
                        )
                    })?;
                Ok::<_, anyhow::Error>((path, Some(Arc::new(doc))))
            }
        }))
        .await?
        .into_iter()
        .collect();

    Ok(targets
        .iter()
        .zip(crds)
        .map(|(target, crd)| match crd {
            Some(crd) => SchemaSource::Crd(Box::new(crd)),
            None => SchemaSource::OpenApi(
                docs.get(&SchemaSource::openapi_path(target))
                    .cloned()
                    .flatten(),
            ),
        })
        .collect())
}

async fn openapi_document(
    client: &Client,
    url: &str,
    whole: bool,
) -> anyhow::Result<OpenApiDocument> {
    let text = client.request_text(get_request(url)?).await?;
    Ok(OpenApiDocument {
        outline: serde_json::from_str(&text)?,
        whole: whole.then(|| serde_json::from_str(&text)).transpose()?,
    })
}

async fn openapi_index(client: &Client, context: &str) -> anyhow::Result<Value> {
    get_json(client, "/openapi/v3")
        .await
        .with_context(|| format!("cannot read the OpenAPI v3 index on context \"{context}\""))
}

/// Whether `target`'s `spec.replicas` is an int32 integer: from its CRD when it is one
/// (the schema of the resolved version), else from the server's OpenAPI v3 document.
pub(crate) fn has_int32_replicas(source: &SchemaSource, target: &ApiType) -> bool {
    let found = match source {
        SchemaSource::Crd(crd) => Some(crd_has_int32_replicas(crd, &target.version)),
        SchemaSource::OpenApi(doc) => doc.as_ref().and_then(|doc| {
            doc.outline
                .has_int32_replicas(&target.group, &target.version, &target.kind)
        }),
    };
    // A type the server publishes no schema for (some aggregated APIs) simply gets no
    // retainReplicas; Go failed to enable it.
    found.unwrap_or(false)
}

/// The structural schema of `target` for a federated CRD's `spec.template`
/// (`enable --template-schema=full`): from its CRD's version schema when it is one, else
/// converted from the server's OpenAPI v3 document.
pub(crate) fn template_schema(
    source: &SchemaSource,
    target: &ApiType,
    context: &str,
) -> anyhow::Result<Value> {
    let found = match source {
        SchemaSource::Crd(crd) => Some(match crd_version_schema(crd, &target.version) {
            Some(schema) => schema::template_from_schema(schema),
            None => json!({"type": "object", "x-kubernetes-preserve-unknown-fields": true}),
        }),
        SchemaSource::OpenApi(doc) => doc.as_ref().and_then(|doc| {
            let components = &doc.whole.as_ref()?["components"]["schemas"];
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
    Ok(client.request(get_request(url)?).await?)
}

fn get_request(url: &str) -> anyhow::Result<http::Request<Vec<u8>>> {
    http::Request::get(url)
        .body(Vec::new())
        .map_err(|e| anyhow!("invalid request {url}: {e}"))
}
