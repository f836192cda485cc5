//! Reads of the KubeFed control plane, and of member clusters, that commands need.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use futures::TryStreamExt;
use k8s_openapi::api::core::v1::{ConfigMap, Endpoints, Secret};
use kube::api::{Api, DynamicObject, ListParams, WatchEvent, WatchParams};
use kube::core::{ApiResource, GroupVersionKind};
use kube::{Client, Error as KubeError};

use crate::cluster::apply::{Target, Writer};
use crate::cluster::federated::list_joined_clusters;
use crate::error::Hinted;
use crate::interrupt;
use crate::invocation::command_line;
use crate::plan::join::{
    Scope, kubefed_cluster_resource, kubefed_config_resource, secret_resource,
};
use crate::plan::placement::ControlPlaneView;
use crate::plan::status::{
    ClusterState, LEADER_ANNOTATION, LEADER_LOCK_NAME, LeaderRecord, cluster_status,
};

/// KubeFedConfig `kubefed` in `namespace`, with a hint when the host has no KubeFed
/// control plane there (the error Go users met most: issues #1139, #1176).
pub async fn read_kubefed_config(
    client: &Client,
    namespace: &str,
    context: &str,
) -> anyhow::Result<DynamicObject> {
    let api: Api<DynamicObject> =
        Api::namespaced_with(client.clone(), namespace, &kubefed_config_resource());
    let missing = || {
        Hinted::new(
            anyhow!(
                "no KubeFedConfig \"kubefed\" in namespace \"{namespace}\" of context \"{context}\""
            ),
            "is the KubeFed control plane installed? pass --kubefed-namespace if it runs in \
             another namespace, --host-cluster-context if it runs in another cluster",
        )
    };
    match api.get_opt("kubefed").await {
        Ok(Some(config)) => Ok(config),
        Ok(None) => Err(missing().into()),
        // 404 on the type itself: the KubeFed CRDs are not installed.
        Err(KubeError::Api(status)) if status.code == 404 => Err(missing().into()),
        Err(e) => Err(anyhow::Error::new(e).context(format!(
            "cannot read KubeFedConfig \"{namespace}/kubefed\" on context \"{context}\""
        ))),
    }
}

/// The KubeFed controller's leader-election record, read from the lock its
/// KubeFedConfig names: `(where it was looked for, the record if there is one)`.
pub async fn read_leader(
    client: &Client,
    namespace: &str,
    context: &str,
    config: &DynamicObject,
) -> anyhow::Result<(String, Option<LeaderRecord>)> {
    // KubeFed v0.10.0 allows the ConfigMap and Endpoints locks; ConfigMap is the default.
    let lock = match config.data["spec"]["leaderElect"]["resourceLock"].as_str() {
        Some("endpoints") => ApiResource::erase::<Endpoints>(&()),
        _ => ApiResource::erase::<ConfigMap>(&()),
    };
    let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), namespace, &lock);
    let object = api.get_opt(LEADER_LOCK_NAME).await.with_context(|| {
        format!(
            "cannot read {}/{LEADER_LOCK_NAME} in namespace \"{namespace}\" on context \
             \"{context}\"",
            lock.plural
        )
    })?;
    let record = object.and_then(|o| {
        LeaderRecord::parse(o.metadata.annotations.as_ref()?.get(LEADER_ANNOTATION)?)
    });
    Ok((format!("{}/{LEADER_LOCK_NAME}", lock.plural), record))
}

/// What placement checks need of the control plane in `namespace`: the joined clusters
/// with their labels and, for a Cluster-scoped control plane, the federated namespaces.
pub async fn control_plane_view(
    client: &Client,
    namespace: &str,
    context: &str,
) -> anyhow::Result<ControlPlaneView> {
    let scope = read_scope(client, namespace, context).await?;
    let clusters = list_joined_clusters(client, namespace, context).await?;
    let federated_namespaces = match scope {
        Scope::Namespaced => None,
        Scope::Cluster => {
            let gvk = GroupVersionKind::gvk("types.kubefed.io", "v1beta1", "FederatedNamespace");
            let resource = ApiResource::from_gvk_with_plural(&gvk, "federatednamespaces");
            let api: Api<DynamicObject> = Api::all_with(client.clone(), &resource);
            let names = match api.list_metadata(&ListParams::default()).await {
                Ok(list) => list
                    .items
                    .into_iter()
                    .filter_map(|o| o.metadata.namespace)
                    .collect(),
                // Not enabled: no namespace is federated.
                Err(KubeError::Api(status)) if status.code == 404 => BTreeSet::new(),
                Err(e) => {
                    return Err(anyhow::Error::new(e).context(format!(
                        "cannot list FederatedNamespaces on context \"{context}\""
                    )));
                }
            };
            Some(names)
        }
    };
    Ok(ControlPlaneView {
        clusters,
        federated_namespaces,
    })
}

/// The `spec.scope` of KubeFedConfig `kubefed` in `namespace`.
pub async fn read_scope(client: &Client, namespace: &str, context: &str) -> anyhow::Result<Scope> {
    let config = read_kubefed_config(client, namespace, context).await?;
    scope_of(&config, namespace, context)
}

/// The scope a KubeFedConfig names; an error for anything but Cluster or Namespaced.
pub fn scope_of(config: &DynamicObject, namespace: &str, context: &str) -> anyhow::Result<Scope> {
    let scope = config.data["spec"]["scope"].as_str().unwrap_or_default();
    Scope::parse(scope).with_context(|| {
        format!(
            "KubeFedConfig \"{namespace}/kubefed\" on context \"{context}\" has scope \
             \"{scope}\"; expected Cluster or Namespaced"
        )
    })
}

/// What the token controller wrote into a service-account token Secret.
pub struct Token {
    pub token: Vec<u8>,
    pub ca_crt: Option<Vec<u8>>,
}

fn token_of(secret: &Secret) -> Option<Token> {
    let data = secret.data.as_ref()?;
    let token = data.get("token").filter(|t| !t.0.is_empty())?.0.clone();
    Some(Token {
        token,
        ca_crt: data.get("ca.crt").map(|c| c.0.clone()),
    })
}

/// The token in host Secret `name`, if the Secret exists and holds one.
pub async fn read_token(
    writer: &Writer,
    namespace: &str,
    name: &str,
) -> anyhow::Result<Option<Vec<u8>>> {
    if name.is_empty() {
        return Ok(None);
    }
    let secret = writer
        .get(&Target {
            resource: &secret_resource(),
            namespace: Some(namespace),
            name,
        })
        .await?;
    let token = secret
        .and_then(|s| s.data["data"]["token"].as_str().map(str::to_owned))
        .and_then(|t| STANDARD.decode(t).ok())
        .filter(|t| !t.is_empty());
    Ok(token)
}

/// Waits until the token controller fills Secret `namespace/name`, watching it rather than
/// polling so the wait ends as soon as the token is there. `written` is the Secret as its
/// write returned it, which saves reading it first.
pub async fn wait_for_token(
    client: &Client,
    namespace: &str,
    name: &str,
    timeout: Duration,
    written: Option<DynamicObject>,
) -> anyhow::Result<Token> {
    let api: Api<Secret> = Api::namespaced(client.clone(), namespace);
    let deadline = Instant::now() + timeout;
    let mut known = match written {
        Some(object) => Some(
            serde_json::to_value(object)
                .and_then(serde_json::from_value::<Secret>)
                .context("the written token Secret is not a Secret")?,
        ),
        None => None,
    };
    let wait = async {
        loop {
            let secret = match known.take() {
                Some(secret) => secret,
                None => api.get(name).await?,
            };
            if let Some(token) = token_of(&secret) {
                return Ok::<_, anyhow::Error>(token);
            }
            let version = secret.metadata.resource_version.unwrap_or_default();
            let remaining = deadline
                .saturating_duration_since(Instant::now())
                .as_secs()
                .max(1);
            let params = WatchParams::default()
                .fields(&format!("metadata.name={name}"))
                .timeout(u32::try_from(remaining).unwrap_or(u32::MAX));
            let mut events = Box::pin(api.watch(&params, &version).await?);
            while let Some(event) = events.try_next().await? {
                match event {
                    WatchEvent::Added(s) | WatchEvent::Modified(s) => {
                        if let Some(token) = token_of(&s) {
                            return Ok(token);
                        }
                    }
                    WatchEvent::Deleted(_) => bail!("the token Secret was deleted while waiting"),
                    // An expired resourceVersion or a server-side timeout: read again.
                    WatchEvent::Error(_) | WatchEvent::Bookmark(_) => break,
                }
            }
        }
    };
    match tokio::time::timeout(timeout, interrupt::unless_interrupted(wait)).await {
        Ok(result) => {
            result.with_context(|| format!("cannot read token Secret \"{namespace}/{name}\""))
        }
        Err(_) => Err(Hinted::new(
            anyhow!(
                "the token of Secret \"{namespace}/{name}\" was not filled within {}s",
                timeout.as_secs()
            ),
            "is the service-account token controller running in the member's \
             kube-controller-manager? --token-timeout waits longer",
        )
        .into()),
    }
}

/// How often a wait for the KubeFed controller reads a KubeFedCluster again.
const CLUSTER_POLL: Duration = Duration::from_millis(500);

/// Waits until the KubeFed controller reports the joined cluster of KubeFedCluster
/// `cluster` in `namespace` Ready. When it does not within `timeout`, the error gives the
/// state and the reason the controller last reported, and the hint what usually causes it.
pub async fn wait_until_ready(
    writer: &Writer,
    namespace: &str,
    cluster: &str,
    timeout: Duration,
) -> anyhow::Result<()> {
    let kfc = Target {
        resource: &kubefed_cluster_resource(),
        namespace: Some(namespace),
        name: cluster,
    };
    let deadline = Instant::now() + timeout;
    loop {
        let current = writer.get(&kfc).await?.with_context(|| {
            format!(
                "{} was deleted while waiting for it to be Ready",
                kfc.describe()
            )
        })?;
        let endpoint = current.data["spec"]["apiEndpoint"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let status = cluster_status(&serde_json::to_value(current)?);
        if status.state == ClusterState::Ready {
            return Ok(());
        }
        let now = Instant::now();
        if now >= deadline {
            let (reported, hint) = match status.state {
                ClusterState::Unknown => (
                    "has not reported on it".to_owned(),
                    format!(
                        "is the KubeFed controller running? `{}` shows it",
                        command_line("status")
                    ),
                ),
                state => (
                    format!(
                        "reports it {state:?}: {}",
                        status
                            .message
                            .or(status.reason)
                            .unwrap_or_else(|| "no reason given".into())
                    ),
                    format!(
                        "the controller must reach {endpoint} from where it runs; a localhost \
                         or kind endpoint is reachable only from the machine it was made on"
                    ),
                ),
            };
            return Err(Hinted::new(
                anyhow!(
                    "cluster \"{cluster}\" is joined, but not Ready after {timeout:?}: the \
                     KubeFed controller {reported}"
                ),
                hint,
            )
            .into());
        }
        interrupt::pause(CLUSTER_POLL.min(deadline - now)).await?;
    }
}
