//! Reads of federated types and objects: which federated type a TYPE argument names
//! (shared by `orphaning-deletion` and `get`), and what `get` reports on — the federated
//! objects of a type on the host, the joined clusters, and the members' copies.
//!
//! Every read is a list: one per type on the host and one per type on each member,
//! however many objects there are.

use std::collections::BTreeMap;
use std::time::Duration;

use ::kube::api::{Api, DynamicObject, ListParams};
use ::kube::core::ApiResource;
use ::kube::{Client, Error as KubeError};
use anyhow::{Context, anyhow};
use futures::future::join_all;
use serde_json::Value;

use crate::error::Hinted;
use crate::kube::config::Kubeconfigs;
use crate::kube::discovery::{api_types, find};
use crate::plan::enable::federated_type_config_resource;
use crate::plan::get::{MemberKey, MemberObject, MemberRead, member_key, member_object};
use crate::plan::join::kubefed_cluster_resource;
use crate::plan::orphaning::{OrphaningType, TargetType, TypeConfig, orphaning_type};
use crate::plan::resolve::ApiType;
use crate::program::command_line;

/// The federated type a TYPE argument names, and its FederatedTypeConfig when there is
/// one.
pub struct ResolvedType {
    pub kind: OrphaningType,
    pub config: Option<TypeConfig>,
}

/// Resolves `type_name` through discovery and the FederatedTypeConfigs in
/// `kubefed_namespace`: a target type (`configmaps`) to its federated type, a federated
/// type (`federatedconfigmaps`) as it is. Anything else, and a federated type whose CRD
/// is not served, is an error with a hint.
pub async fn resolve_federated_type(
    client: &Client,
    type_name: &str,
    kubefed_namespace: &str,
    context: &str,
) -> anyhow::Result<ResolvedType> {
    let (types, configs) = futures::join!(
        api_types(client, context),
        type_configs(client, kubefed_namespace, context)
    );
    let types = types?;
    let named = find(&types, type_name, None, context)?;
    // Without the FederatedTypeConfigs (KubeFed missing, no right to list them) a
    // federated type named as such still works, as it did in Go.
    let kind = match &configs {
        Ok(configs) => orphaning_type(named, configs),
        Err(_) => orphaning_type(named, &[]),
    };
    let (kind, configs) = match (kind, configs) {
        (Some(kind), configs) => (kind, configs.unwrap_or_default()),
        (None, Err(e)) => return Err(e),
        (None, Ok(_)) => {
            let gqn = named.qualified_name();
            return Err(Hinted::new(
                anyhow!(
                    "\"{type_name}\" is not enabled for federation on context \"{context}\": no FederatedTypeConfig \"{kubefed_namespace}/{gqn}\""
                ),
                format!(
                    "enable the type with `{}`, or name a federated type such as Federated{}",
                    command_line(format_args!("enable {gqn}")),
                    named.kind
                ),
            )
            .into());
        }
    };
    check_served(&types, &kind, context)?;
    let config = kind
        .type_config
        .as_ref()
        .and_then(|name| configs.into_iter().find(|c| &c.name == name));
    Ok(ResolvedType { kind, config })
}

/// The FederatedTypeConfigs in the KubeFed namespace, with one list.
async fn type_configs(
    client: &Client,
    namespace: &str,
    context: &str,
) -> anyhow::Result<Vec<TypeConfig>> {
    let api: Api<DynamicObject> =
        Api::namespaced_with(client.clone(), namespace, &federated_type_config_resource());
    let list = api
        .list(&ListParams::default())
        .await
        .with_context(|| {
            format!(
                "cannot list FederatedTypeConfigs in namespace \"{namespace}\" on context \"{context}\""
            )
        })
        .map_err(|e| {
            Hinted::new(
                e,
                "is KubeFed installed there? Pass its namespace with --kubefed-namespace",
            )
        })?;
    Ok(list
        .items
        .iter()
        .filter_map(|ftc| TypeConfig::from_object(&serde_json::to_value(ftc).ok()?))
        .collect())
}

/// The federated type's CRD must be served; a FederatedTypeConfig can outlive it.
fn check_served(types: &[ApiType], kind: &OrphaningType, context: &str) -> anyhow::Result<()> {
    let federated = &kind.federated;
    if types
        .iter()
        .any(|t| t.group == federated.group && t.plural == federated.plural)
    {
        return Ok(());
    }
    let again = kind
        .type_config
        .as_deref()
        .map(|name| {
            format!(
                "enable the type again with `{}`",
                command_line(format_args!("enable {name}"))
            )
        })
        .unwrap_or_else(|| format!("enable the type with `{}`", command_line("enable")));
    Err(Hinted::new(
        anyhow!(
            "context \"{context}\" does not serve the federated type {}",
            federated.versioned_name()
        ),
        again,
    )
    .into())
}

/// Where a list looks: one namespace or all of them, and optionally one name (a list
/// with a field selector, so that naming an object costs no more than listing).
#[derive(Clone, Copy, Debug)]
pub struct ListScope<'a> {
    /// None: all namespaces (or a cluster-scoped type).
    pub namespace: Option<&'a str>,
    pub name: Option<&'a str>,
}

impl ListScope<'_> {
    fn api(&self, client: &Client, resource: &ApiResource, namespaced: bool) -> Api<DynamicObject> {
        match self.namespace {
            Some(ns) if namespaced => Api::namespaced_with(client.clone(), ns, resource),
            _ => Api::all_with(client.clone(), resource),
        }
    }

    fn params(&self) -> ListParams {
        match self.name {
            Some(name) => ListParams::default().fields(&format!("metadata.name={name}")),
            None => ListParams::default(),
        }
    }
}

/// The KubeFedClusters in the KubeFed namespace: the joined clusters.
pub async fn list_joined_clusters(
    client: &Client,
    namespace: &str,
    context: &str,
) -> anyhow::Result<Vec<Value>> {
    let api: Api<DynamicObject> =
        Api::namespaced_with(client.clone(), namespace, &kubefed_cluster_resource());
    let list = api.list(&ListParams::default()).await.with_context(|| {
        format!("cannot list KubeFedClusters in namespace \"{namespace}\" on context \"{context}\"")
    })?;
    list.items.into_iter().map(to_value).collect()
}

/// The federated objects of one type on the host, with one list.
pub async fn list_federated(
    client: &Client,
    kind: &OrphaningType,
    scope: ListScope<'_>,
    context: &str,
) -> anyhow::Result<Vec<Value>> {
    let federated = &kind.federated;
    let api = scope.api(client, &federated.resource(), federated.namespaced);
    let list = api.list(&scope.params()).await.with_context(|| {
        format!(
            "cannot list {} on context \"{context}\"",
            federated.crd_name()
        )
    })?;
    list.items.into_iter().map(to_value).collect()
}

fn to_value(object: DynamicObject) -> anyhow::Result<Value> {
    serde_json::to_value(object).context("cannot encode an object read from the host")
}

/// Bounds the read of one member, so that one stuck API server cannot hang `get`.
const MEMBER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// The copies of `target` objects on each of `clusters`, read with one list per member,
/// all members at once. A member is reached through the kubeconfig context named like
/// the cluster (as unjoin reaches it), not with the credentials KubeFed keeps for it.
/// A member that cannot be read is [`MemberRead::Unreachable`] with the reason; that is
/// no error of the whole read.
pub async fn read_members(
    kubeconfigs: &Kubeconfigs,
    clusters: &[String],
    target: &TargetType,
    scope: ListScope<'_>,
) -> BTreeMap<String, MemberRead> {
    let reads = clusters.iter().map(|cluster| async move {
        let read = tokio::time::timeout(
            MEMBER_READ_TIMEOUT,
            read_member(kubeconfigs, cluster, target, scope),
        )
        .await
        .unwrap_or_else(|_| {
            Err(anyhow!(
                "no answer within {}s",
                MEMBER_READ_TIMEOUT.as_secs()
            ))
        });
        let read = match read {
            Ok(objects) => MemberRead::Listed(objects),
            Err(e) => MemberRead::Unreachable(crate::error::messages(&e).join(": ")),
        };
        (cluster.clone(), read)
    });
    join_all(reads).await.into_iter().collect()
}

async fn read_member(
    kubeconfigs: &Kubeconfigs,
    cluster: &str,
    target: &TargetType,
    scope: ListScope<'_>,
) -> anyhow::Result<BTreeMap<MemberKey, MemberObject>> {
    let client = kubeconfigs.client(cluster).await?;
    let api = scope.api(&client, &target.resource(), target.namespaced);
    let list = match api.list(&scope.params()).await {
        Ok(list) => list,
        // The member does not serve the type (a CRD not installed there): it holds
        // none of the objects, which is what KubeFed's status then explains.
        Err(KubeError::Api(status)) if status.code == 404 => return Ok(BTreeMap::new()),
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!(
                "cannot list {} on context \"{cluster}\"",
                target.plural
            )));
        }
    };
    Ok(list
        .items
        .into_iter()
        .filter_map(|object| {
            let object = serde_json::to_value(object).ok()?;
            Some((member_key(&object), member_object(target, &object)))
        })
        .collect())
}
