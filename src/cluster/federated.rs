//! Reads of federated types and objects: which federated type a TYPE argument names
//! (shared by `orphaning-deletion`, `get` and `diff`), and where federated objects went —
//! the federated objects of a type on the host, the joined clusters, and the members'
//! copies ([`Propagation::read`]), watched for changes by the `--wait`s.
//!
//! Every read is a list: one per type on the host and one per type on each member,
//! however many objects there are.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{Context, anyhow};
use futures::future::join_all;
use futures::stream::{BoxStream, StreamExt};
use kube::api::{Api, DynamicObject, ListParams, ObjectList, WatchParams};
use kube::core::ApiResource;
use kube::{Client, Error as KubeError};
use serde_json::Value;
use tokio::time::Instant;

use crate::cluster::config::Kubeconfigs;
use crate::cluster::discovery::{api_types, find};
use crate::cluster::kubefed::{list_joined_clusters, list_type_configs};
use crate::cluster::watch::first_change;
use crate::error::Hinted;
use crate::interrupt;
use crate::invocation::command_line;
use crate::plan::get::{JoinedCluster, MemberKey, MemberRead, clusters_to_read, member_key};
use crate::plan::kubefed::KubeFedObject;
use crate::plan::kubefed::{FederatedResource, FederatedTypeConfig};
use crate::plan::orphaning::{OrphaningType, TargetType, TypeConfig, orphaning_type};
use crate::plan::resolve::ApiType;

/// The federated type a TYPE argument names, and its FederatedTypeConfig when there is
/// one.
pub(crate) struct ResolvedType {
    pub kind: OrphaningType,
    pub config: Option<TypeConfig>,
}

/// Resolves `type_name` through discovery and the FederatedTypeConfigs in
/// `kubefed_namespace`: a target type (`configmaps`) to its federated type, a federated
/// type (`federatedconfigmaps`) as it is. Anything else, and a federated type whose CRD
/// is not served, is an error with a hint.
pub(crate) async fn resolve_federated_type(
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

/// A federated type that a FederatedTypeConfig propagates: what `get`, `diff` and the
/// `--wait`s need.
pub(crate) struct EnabledType {
    pub kind: OrphaningType,
    /// The FederatedTypeConfig's name (`deployments.apps`).
    pub type_name: String,
    pub target: TargetType,
}

/// Resolves `type_name` as [`resolve_federated_type`] does; a federated type that no
/// FederatedTypeConfig propagates is an error with a hint.
pub(crate) async fn resolve_enabled_type(
    client: &Client,
    type_name: &str,
    kubefed_namespace: &str,
    context: &str,
) -> anyhow::Result<EnabledType> {
    let ResolvedType { kind, config } =
        resolve_federated_type(client, type_name, kubefed_namespace, context).await?;
    match config.and_then(|c| Some((c.name, c.target?))) {
        Some((type_name, target)) => Ok(EnabledType {
            kind,
            type_name,
            target,
        }),
        None => Err(Hinted::new(
            anyhow!(
                "{} is not propagated by any FederatedTypeConfig in namespace \
                 \"{kubefed_namespace}\" on context \"{context}\"",
                kind.federated.crd_name()
            ),
            format!(
                "enable the type it federates with `{}`",
                command_line("enable TYPE")
            ),
        )
        .into()),
    }
}

/// The FederatedTypeConfigs in the KubeFed namespace, with one list.
async fn type_configs(
    client: &Client,
    namespace: &str,
    context: &str,
) -> anyhow::Result<Vec<TypeConfig>> {
    let list = list_type_configs(client, namespace, context)
        .await
        .map_err(|e| {
            Hinted::new(
                e,
                "is KubeFed installed there? Pass its namespace with --kubefed-namespace",
            )
        })?;
    Ok(list
        .iter()
        .filter_map(|ftc| TypeConfig::of(&FederatedTypeConfig::from_object(ftc).ok()?))
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
pub(crate) struct ListScope<'a> {
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

    /// A watch of the same objects that the server ends after `timeout`.
    fn watch_params(&self, timeout: Duration) -> WatchParams {
        let seconds = u32::try_from(timeout.as_secs().max(1)).unwrap_or(u32::MAX);
        let params = WatchParams::default().timeout(seconds);
        match self.name {
            Some(name) => params.fields(&format!("metadata.name={name}")),
            None => params,
        }
    }
}

/// The federated objects of one type on the host, with one list, and the list's
/// resourceVersion.
async fn list_federated(
    client: &Client,
    kind: &OrphaningType,
    scope: ListScope<'_>,
    context: &str,
) -> anyhow::Result<(Vec<FederatedResource>, Option<String>)> {
    let federated = &kind.federated;
    let api = scope.api(client, &federated.resource(), federated.namespaced);
    let list = api.list(&scope.params()).await.with_context(|| {
        format!(
            "cannot list {} on context \"{context}\"",
            federated.crd_name()
        )
    })?;
    let version = list_version(&list);
    let objects = list
        .items
        .into_iter()
        .map(|object| {
            let name = object.metadata.name.clone().unwrap_or_default();
            FederatedResource::from_value(&to_value(object)?).with_context(|| {
                format!(
                    "{} \"{name}\" on context \"{context}\" is not a federated resource",
                    federated.kind
                )
            })
        })
        .collect::<anyhow::Result<_>>()?;
    Ok((objects, version))
}

fn list_version<K: Clone>(list: &ObjectList<K>) -> Option<String> {
    list.metadata
        .resource_version
        .clone()
        .filter(|v| !v.is_empty())
}

fn to_value(object: DynamicObject) -> anyhow::Result<Value> {
    serde_json::to_value(object).context("cannot encode an object read from the host")
}

/// Bounds the read of one member, so that one stuck API server cannot hang `get`.
const MEMBER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Reduces a member's object to what a command keeps of it, as the list is read.
pub(crate) type Reduce<T> = fn(&TargetType, &Value) -> T;

/// Where federated objects of one type went: what to read, on which host.
pub(crate) struct Propagation<'a> {
    pub kubeconfigs: &'a Kubeconfigs,
    /// The host cluster's client and context.
    pub client: &'a Client,
    pub context: &'a str,
    pub kubefed_namespace: &'a str,
    pub kind: &'a OrphaningType,
    pub target: &'a TargetType,
    pub scope: ListScope<'a>,
}

/// One read of a [`Propagation`]: the joined clusters, the federated objects, and the
/// copies on the members some object is placed on or KubeFed reports on.
pub(crate) struct Snapshot<T> {
    pub clusters: Vec<JoinedCluster>,
    pub objects: Vec<FederatedResource>,
    pub members: BTreeMap<String, MemberRead<T>>,
    /// Where each list ended, for a watch to start from: the host's, and the members'
    /// that could be read.
    host_version: Option<String>,
    member_versions: BTreeMap<String, String>,
}

impl Propagation<'_> {
    /// Reads the host (the KubeFedClusters and the federated objects, at once), then the
    /// members concerned (all at once, one list each), reducing their objects with
    /// `reduce`.
    pub(crate) async fn read<T: Send>(&self, reduce: Reduce<T>) -> anyhow::Result<Snapshot<T>> {
        let (clusters, (objects, host_version)) = futures::try_join!(
            list_joined_clusters(self.client, self.kubefed_namespace, self.context),
            list_federated(self.client, self.kind, self.scope, self.context)
        )?;
        let to_read = clusters_to_read(&objects, &clusters);
        let reads = to_read.iter().map(|cluster| async move {
            let read = tokio::time::timeout(MEMBER_READ_TIMEOUT, self.read_member(cluster, reduce))
                .await
                .unwrap_or_else(|_| {
                    Err(anyhow!(
                        "no answer within {}s",
                        MEMBER_READ_TIMEOUT.as_secs()
                    ))
                });
            (cluster.clone(), read)
        });
        let mut members = BTreeMap::new();
        let mut member_versions = BTreeMap::new();
        for (cluster, read) in join_all(reads).await {
            let read = match read {
                Ok((objects, version)) => {
                    member_versions.extend(version.map(|v| (cluster.clone(), v)));
                    MemberRead::Listed(objects)
                }
                Err(e) => MemberRead::Unreachable(crate::error::messages(&e).join(": ")),
            };
            members.insert(cluster, read);
        }
        Ok(Snapshot {
            clusters,
            objects,
            members,
            host_version,
            member_versions,
        })
    }

    /// The copies of the target objects on `cluster`, read with one list. A member is
    /// reached through the kubeconfig context named like the cluster (as unjoin reaches
    /// it), not with the credentials KubeFed keeps for it. A member that cannot be read
    /// is an error here, [`MemberRead::Unreachable`] to the caller.
    async fn read_member<T>(
        &self,
        cluster: &str,
        reduce: Reduce<T>,
    ) -> anyhow::Result<(BTreeMap<MemberKey, T>, Option<String>)> {
        let client = self.kubeconfigs.client(cluster).await?;
        let api = self
            .scope
            .api(&client, &self.target.resource(), self.target.namespaced);
        let list = match api.list(&self.scope.params()).await {
            Ok(list) => list,
            // The member does not serve the type (a CRD not installed there): it holds
            // none of the objects, which is what KubeFed's status then explains.
            Err(KubeError::Api(status)) if status.code == 404 => {
                return Ok((BTreeMap::new(), None));
            }
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!(
                    "cannot list {} on context \"{cluster}\"",
                    self.target.plural
                )));
            }
        };
        let version = list_version(&list);
        let objects = list
            .items
            .into_iter()
            .filter_map(|object| {
                let object = serde_json::to_value(object).ok()?;
                Some((member_key(&object), reduce(self.target, &object)))
            })
            .collect();
        Ok((objects, version))
    }

    /// Returns at the first change after `snapshot`: an event on the federated objects
    /// on the host or on the copies of a member that was read, or the end of a watch
    /// (the server's timeout, a member gone away) — after which a new read tells. Gives
    /// up after `timeout` without an error.
    async fn changed<T>(&self, snapshot: &Snapshot<T>, timeout: Duration) -> anyhow::Result<()> {
        let params = self.scope.watch_params(timeout);
        let federated = &self.kind.federated;
        let mut watches: Vec<BoxStream<'static, ()>> = Vec::new();
        if let Some(version) = &snapshot.host_version {
            let api = self
                .scope
                .api(self.client, &federated.resource(), federated.namespaced);
            let events = api.watch(&params, version).await.with_context(|| {
                format!(
                    "cannot watch {} on context \"{}\"",
                    federated.crd_name(),
                    self.context
                )
            })?;
            watches.push(events.map(|_| ()).boxed());
        }
        for (cluster, version) in &snapshot.member_versions {
            // A member that cannot be watched is left to the host's watch: KubeFed
            // reports on it there.
            let Ok(client) = self.kubeconfigs.client(cluster).await else {
                continue;
            };
            let api = self
                .scope
                .api(&client, &self.target.resource(), self.target.namespaced);
            if let Ok(events) = api.watch(&params, version).await {
                watches.push(events.map(|_| ()).boxed());
            }
        }
        first_change(watches, timeout).await;
        Ok(())
    }

    /// Reads until `done` says a read is what was waited for, watching for changes
    /// between reads, for at most `timeout`. Returns the last read and whether it was
    /// done; a signal ends the wait with an error.
    pub(crate) async fn wait<T: Send>(
        &self,
        reduce: Reduce<T>,
        done: impl Fn(&Snapshot<T>) -> bool,
        timeout: Duration,
    ) -> anyhow::Result<(Snapshot<T>, bool)> {
        let deadline = Instant::now() + timeout;
        interrupt::unless_interrupted(async {
            loop {
                let snapshot = self.read(reduce).await?;
                let remaining = deadline.saturating_duration_since(Instant::now());
                if done(&snapshot) {
                    return Ok((snapshot, true));
                }
                if remaining.is_zero() {
                    return Ok((snapshot, false));
                }
                self.changed(&snapshot, remaining).await?;
            }
        })
        .await
    }
}
