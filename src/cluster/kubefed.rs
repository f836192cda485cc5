//! Reads of the KubeFed control plane, and of member clusters, that commands need; and
//! the waits for what the API server and KubeFed do after a write: a CRD established, a
//! token Secret filled, a joined cluster Ready.

use std::collections::BTreeSet;
use std::time::Duration;

use anyhow::{Context, anyhow};
use k8s_openapi::api::core::v1::{ConfigMap, Endpoints, Namespace, Secret, ServiceAccount};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, DynamicObject, ListParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use kube::{Client, Error as KubeError};
use tokio::time::Instant;

use crate::cluster::apply::Writer;
use crate::cluster::read;
use crate::cluster::target::Target;
use crate::cluster::watch::{Waited, watch_until};
use crate::error::Hinted;
use crate::invocation::command_line;
use crate::plan::enable::{crd_conditions, crd_established, federated_type_config_resource};
use crate::plan::join::{
    Object, Scope, kubefed_cluster_resource, kubefed_config_resource, secret_resource,
};
use crate::plan::kubefed::KubeFedObject;
use crate::plan::kubefed::{KubeFedCluster, KubeFedConfig};
use crate::plan::placement::ControlPlaneView;
use crate::plan::placement::JoinedCluster;
use crate::plan::status::{
    ClusterState, LEADER_ANNOTATION, LEADER_LOCK_NAME, LeaderRecord, cluster_status,
};

/// KubeFedConfig `kubefed` in `namespace`, with a hint when the host has no KubeFed
/// control plane there (the error Go users met most: issues #1139, #1176).
pub(crate) async fn read_kubefed_config(
    client: &Client,
    namespace: &str,
    context: &str,
) -> anyhow::Result<KubeFedConfig> {
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
        Ok(Some(config)) => KubeFedConfig::from_object(&config).with_context(|| {
            format!(
                "KubeFedConfig \"{namespace}/kubefed\" on context \"{context}\" is not \
                 KubeFed's shape"
            )
        }),
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
pub(crate) async fn read_leader(
    client: &Client,
    namespace: &str,
    context: &str,
    config: &KubeFedConfig,
) -> anyhow::Result<(String, Option<LeaderRecord>)> {
    // KubeFed v0.10.0 allows the ConfigMap and Endpoints locks; ConfigMap is the default.
    let leader_elect = config.spec.leader_elect.as_ref();
    let lock = match leader_elect.map(|l| l.resource_lock.as_str()) {
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

/// The FederatedTypeConfigs in the KubeFed namespace, with one list. A 404 (the type is
/// not served: KubeFed is not installed) stays in the error for [`is_not_found`].
///
/// [`is_not_found`]: crate::cluster::apply::is_not_found
pub(crate) async fn list_type_configs(
    client: &Client,
    namespace: &str,
    context: &str,
) -> anyhow::Result<Vec<DynamicObject>> {
    read::list(client, &federated_type_config_resource(), Some(namespace))
        .await
        .with_context(|| cannot_list("FederatedTypeConfigs", namespace, context))
}

/// The KubeFedClusters in the KubeFed namespace, whole, with one list.
pub(crate) async fn list_kubefed_clusters(
    client: &Client,
    namespace: &str,
    context: &str,
) -> anyhow::Result<Vec<KubeFedCluster>> {
    read::list(client, &kubefed_cluster_resource(), Some(namespace))
        .await
        .with_context(|| cannot_list("KubeFedClusters", namespace, context))?
        .into_iter()
        .map(|cluster| typed_cluster(cluster, context))
        .collect()
}

/// A KubeFedCluster as KubeFed's type; an error naming it when it is not that shape.
pub(crate) fn typed_cluster(
    cluster: DynamicObject,
    context: &str,
) -> anyhow::Result<KubeFedCluster> {
    let name = cluster.metadata.name.clone().unwrap_or_default();
    serde_json::to_value(cluster)
        .map_err(anyhow::Error::new)
        .and_then(|value| KubeFedCluster::from_value(&value).map_err(anyhow::Error::new))
        .with_context(|| {
            format!("KubeFedCluster \"{name}\" on context \"{context}\" is not KubeFed's shape")
        })
}

/// The KubeFedClusters in the KubeFed namespace: the joined clusters.
pub(crate) async fn list_joined_clusters(
    client: &Client,
    namespace: &str,
    context: &str,
) -> anyhow::Result<Vec<JoinedCluster>> {
    let clusters = list_kubefed_clusters(client, namespace, context).await?;
    Ok(clusters.iter().filter_map(JoinedCluster::of).collect())
}

/// The names of the joined clusters, from a list of the KubeFedClusters' metadata only
/// (a small answer, for completion).
pub(crate) async fn joined_cluster_names(
    client: &Client,
    namespace: &str,
    context: &str,
) -> anyhow::Result<Vec<String>> {
    let clusters = read::list_metadata(client, &kubefed_cluster_resource(), Some(namespace))
        .await
        .with_context(|| cannot_list("KubeFedClusters", namespace, context))?;
    Ok(clusters
        .into_iter()
        .filter_map(|c| c.metadata.name)
        .collect())
}

/// What a failed list of a KubeFed type in the KubeFed namespace says.
fn cannot_list(kinds: &str, namespace: &str, context: &str) -> String {
    format!("cannot list {kinds} in namespace \"{namespace}\" on context \"{context}\"")
}

/// What placement checks need of the control plane in `namespace`: the joined clusters
/// with their labels and, for a Cluster-scoped control plane, the federated namespaces.
pub(crate) async fn control_plane_view(
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
            let names = match read::list_metadata(client, &resource, None).await {
                Ok(list) => list
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
pub(crate) async fn read_scope(
    client: &Client,
    namespace: &str,
    context: &str,
) -> anyhow::Result<Scope> {
    let config = read_kubefed_config(client, namespace, context).await?;
    scope_of(&config, namespace, context)
}

/// The scope a KubeFedConfig names; an error for anything but Cluster or Namespaced.
pub(crate) fn scope_of(
    config: &KubeFedConfig,
    namespace: &str,
    context: &str,
) -> anyhow::Result<Scope> {
    let scope = config.spec.scope.as_str();
    Scope::parse(scope).with_context(|| {
        format!(
            "KubeFedConfig \"{namespace}/kubefed\" on context \"{context}\" has scope \
             \"{scope}\"; expected Cluster or Namespaced"
        )
    })
}

/// What the token controller wrote into a service-account token Secret.
pub(crate) struct Token {
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
pub(crate) async fn read_token(
    writer: &Writer,
    namespace: &str,
    name: &str,
) -> anyhow::Result<Option<Vec<u8>>> {
    if name.is_empty() {
        return Ok(None);
    }
    let target = Target {
        resource: &secret_resource(),
        namespace: Some(namespace),
        name,
    };
    let secret = writer
        .get(&target)
        .await?
        .map(DynamicObject::try_parse::<Secret>)
        .transpose()
        .with_context(|| {
            format!(
                "{} on cluster \"{}\" is not a Secret",
                target.describe(),
                writer.cluster()
            )
        })?;
    Ok(secret.as_ref().and_then(token_of).map(|t| t.token))
}

/// The name of the first Secret in `namespace` whose name starts with `name_prefix` and
/// that holds `token`: on the host, the Secret an earlier join wrote for a member.
pub(crate) async fn find_secret_with_token(
    writer: &Writer,
    namespace: &str,
    name_prefix: &str,
    token: &[u8],
) -> anyhow::Result<Option<String>> {
    let secrets = list_secrets(writer, namespace, ListParams::default())
        .await
        .with_context(|| {
            format!(
                "cannot list the Secrets in namespace \"{namespace}\" on cluster \"{}\"",
                writer.cluster()
            )
        })?;
    Ok(secrets.into_iter().find_map(|s| {
        let name = s.metadata.name?;
        let ours = name.starts_with(name_prefix)
            && s.data?
                .get("token")
                .is_some_and(|t| t.0.as_slice() == token);
        ours.then_some(name)
    }))
}

/// The name of the member's token Secret of `service_account` that holds `token`.
pub(crate) async fn find_token_secret(
    writer: &Writer,
    namespace: &str,
    service_account: &str,
    token: &[u8],
) -> anyhow::Result<Option<String>> {
    // Only token Secrets, so that a namespace full of other Secrets costs nothing.
    let params = ListParams::default().fields("type=kubernetes.io/service-account-token");
    let secrets = list_secrets(writer, namespace, params)
        .await
        .with_context(|| {
            format!(
                "cannot list the token Secrets in namespace \"{namespace}\" on cluster \"{}\"",
                writer.cluster()
            )
        })?;
    Ok(secrets.into_iter().find_map(|secret| {
        let owner = secret
            .metadata
            .annotations
            .as_ref()?
            .get("kubernetes.io/service-account.name")?;
        let holds = secret.data.as_ref()?.get("token")?.0 == token;
        (owner == service_account && holds).then(|| secret.metadata.name.unwrap_or_default())
    }))
}

/// The Secrets in `namespace`, typed, for the bytes of their data.
async fn list_secrets(
    writer: &Writer,
    namespace: &str,
    params: ListParams,
) -> kube::Result<Vec<Secret>> {
    let api: Api<Secret> = Api::namespaced(writer.client().clone(), namespace);
    Ok(api.list(&params).await?.items)
}

/// The UID of namespace `name` on `cluster`, None when it does not exist: two contexts
/// whose namespaces of one name have the same UID reach the same cluster.
pub(crate) async fn namespace_uid(
    client: &Client,
    name: &str,
    cluster: &str,
) -> anyhow::Result<Option<String>> {
    Api::<Namespace>::all(client.clone())
        .get_opt(name)
        .await
        .with_context(|| format!("cannot read namespace \"{name}\" on cluster \"{cluster}\""))
        .map(|found| found.and_then(|n| n.metadata.uid))
}

/// The names of the service accounts in `namespace`.
pub(crate) async fn service_account_names(
    writer: &Writer,
    namespace: &str,
) -> anyhow::Result<Vec<String>> {
    let accounts = Api::<ServiceAccount>::namespaced(writer.client().clone(), namespace)
        .list(&ListParams::default())
        .await
        .with_context(|| {
            format!(
                "cannot list service accounts in \"{namespace}\" on cluster \"{}\"",
                writer.cluster()
            )
        })?;
    Ok(accounts
        .items
        .into_iter()
        .filter_map(|sa| sa.metadata.name)
        .collect())
}

/// Waits until the token controller fills Secret `namespace/name`, watching it rather than
/// polling so the wait ends as soon as the token is there. `written` is the Secret as its
/// write returned it: when that holds the token already, nothing is read.
pub(crate) async fn wait_for_token(
    client: &Client,
    namespace: &str,
    name: &str,
    timeout: Duration,
    written: Option<DynamicObject>,
) -> anyhow::Result<Token> {
    let written = written
        .map(DynamicObject::try_parse::<Secret>)
        .transpose()
        .context("the written token Secret is not a Secret")?;
    if let Some(token) = written.as_ref().and_then(token_of) {
        return Ok(token);
    }
    let target = Target {
        resource: &secret_resource(),
        namespace: Some(namespace),
        name,
    };
    let filled = |object: Option<&DynamicObject>| match object {
        None => Some(Err(anyhow!("the token Secret was deleted while waiting"))),
        Some(object) => match object.clone().try_parse::<Secret>() {
            Ok(secret) => token_of(&secret).map(Ok),
            Err(e) => Some(Err(anyhow::Error::new(e))),
        },
    };
    let cannot_read = || format!("cannot read token Secret \"{namespace}/{name}\"");
    match watch_until(client, &target, timeout, filled).await {
        Ok(Waited::Done(result)) => result.with_context(cannot_read),
        Ok(Waited::TimedOut(_)) => Err(Hinted::new(
            anyhow!(
                "the token of Secret \"{namespace}/{name}\" was not filled within {}s",
                timeout.as_secs()
            ),
            "is the service-account token controller running in the member's \
             kube-controller-manager? --token-timeout waits longer",
        )
        .into()),
        Err(e) => Err(e.context(cannot_read())),
    }
}

/// Waits until the KubeFed controller reports the joined cluster of KubeFedCluster
/// `cluster` in `namespace` Ready, watching it. When it does not within `timeout`, the
/// error gives the state and the reason the controller last reported, and the hint what
/// usually causes it.
pub(crate) async fn wait_until_ready(
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
    let context = writer.cluster();
    // Ok(true): Ready; an error for a KubeFedCluster gone or not KubeFed's shape.
    let ready = |object: Option<&DynamicObject>| -> Option<anyhow::Result<()>> {
        let Some(object) = object else {
            return Some(Err(anyhow!(
                "{} was deleted while waiting for it to be Ready",
                kfc.describe()
            )));
        };
        match KubeFedCluster::from_object(object) {
            Ok(current) => {
                (cluster_status(&current).state == ClusterState::Ready).then_some(Ok(()))
            }
            Err(e) => Some(Err(anyhow::Error::new(e).context(format!(
                "KubeFedCluster \"{cluster}\" on context \"{context}\" is not KubeFed's shape"
            )))),
        }
    };
    let last = match watch_until(writer.client(), &kfc, timeout, ready).await? {
        Waited::Done(result) => return result,
        Waited::TimedOut(last) => last,
    };
    let last = last
        .map(|object| typed_cluster(*object, context))
        .transpose()?
        .unwrap_or_default();
    let endpoint = &last.spec.api_endpoint;
    let status = cluster_status(&last);
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
                "the controller must reach {endpoint} from where it runs; a localhost or kind \
                 endpoint is reachable only from the machine it was made on"
            ),
        ),
    };
    Err(Hinted::new(
        anyhow!(
            "cluster \"{cluster}\" is joined, but not Ready after {timeout:?}: the KubeFed \
             controller {reported}"
        ),
        hint,
    )
    .into())
}

/// Waits until the host completes a partial KubeFedConfig as init's defaulting policy says,
/// sending `probe` (see `plan::admission::defaulting_probe`) with dryRun=All, so nothing
/// is stored. Nothing announces when a new MutatingAdmissionPolicy starts to apply to a
/// custom resource, so this asks once a second until `timeout`; the refusals of the
/// meantime (503 while the API server lacks the CRD's schema, 422 from the validating
/// policy while the feature gates are not yet added) are retried, any other is an error.
pub(crate) async fn wait_defaulting(
    writer: &Writer,
    probe: &Object,
    timeout: Duration,
) -> anyhow::Result<()> {
    let target = probe.target();
    let context = writer.cluster();
    let object: DynamicObject =
        serde_json::from_value(probe.body.clone()).context("invalid KubeFedConfig")?;
    let params = PostParams {
        dry_run: true,
        ..PostParams::default()
    };
    let deadline = Instant::now() + timeout;
    loop {
        let waiting_for = match target.api(writer.client()).create(&params, &object).await {
            Ok(admitted) => {
                let completed = KubeFedConfig::from_object(&admitted).with_context(|| {
                    format!(
                        "the dry-run of {} is not KubeFed's shape",
                        target.describe()
                    )
                })?;
                if !completed.spec.feature_gates.is_empty() {
                    return Ok(());
                }
                "admitted without its feature gates".to_owned()
            }
            Err(KubeError::Api(status)) if matches!(status.code, 422 | 503) => status.message,
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!(
                    "cannot check that context \"{context}\" completes a partial KubeFedConfig"
                )));
            }
        };
        if Instant::now() >= deadline {
            return Err(Hinted::new(
                anyhow!(
                    "context \"{context}\" did not complete a partial KubeFedConfig within \
                     {}s: {waiting_for}",
                    timeout.as_secs()
                ),
                "--timeout waits longer",
            )
            .into());
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// CustomResourceDefinition `name`; None when it does not exist.
pub(crate) async fn read_crd(
    client: &Client,
    name: &str,
    context: &str,
) -> anyhow::Result<Option<CustomResourceDefinition>> {
    Api::<CustomResourceDefinition>::all(client.clone())
        .get_opt(name)
        .await
        .with_context(|| {
            format!("cannot read CustomResourceDefinition \"{name}\" on context \"{context}\"")
        })
}

/// Waits until the API server serves the federated type, so the KubeFed controller can
/// start its sync controller as soon as the FederatedTypeConfig appears. `applied` is the
/// CRD as the apply returned it; from there the CRD is watched, not polled.
pub(crate) async fn wait_established(
    writer: &Writer,
    crd: &Target<'_>,
    applied: &DynamicObject,
    timeout: Duration,
) -> anyhow::Result<()> {
    let refused = |reason: String| {
        anyhow::Error::new(Hinted::new(
            anyhow!(
                "the API server refused the names of {} on context \"{}\": {reason}",
                crd.describe(),
                writer.cluster()
            ),
            "another CRD of the federated group already uses this kind, plural or short \
             name: disable that type, or enable this one with another --federated-group",
        ))
    };
    // Some(result) once the CRD is established or can never be.
    let settled = |crd: &CustomResourceDefinition| match crd_progress(crd) {
        CrdProgress::Established => Some(Ok(())),
        CrdProgress::NamesRefused(reason) => Some(Err(refused(reason))),
        CrdProgress::Pending => None,
    };
    if let Some(result) = settled(&typed_crd(applied)?) {
        return result;
    }
    let decide = |object: Option<&DynamicObject>| match object {
        None => Some(Err(anyhow!("it was deleted while waiting"))),
        Some(object) => typed_crd(object).map_or_else(|e| Some(Err(e)), |crd| settled(&crd)),
    };
    let cannot_wait = || {
        format!(
            "cannot wait for {} on context \"{}\" to be established",
            crd.describe(),
            writer.cluster()
        )
    };
    match watch_until(writer.client(), crd, timeout, decide).await {
        Ok(Waited::Done(Ok(()))) => Ok(()),
        // The refusal names the CRD and the context already.
        Ok(Waited::Done(Err(e))) if e.is::<Hinted>() => Err(e),
        Ok(Waited::Done(Err(e))) => Err(e.context(cannot_wait())),
        Ok(Waited::TimedOut(last)) => {
            let last = last.map(|object| typed_crd(&object)).transpose()?;
            let reason = last
                .as_ref()
                .and_then(|c| crd_conditions(c).iter().find(|c| c.status != "True"))
                .and_then(|c| c.message.as_deref())
                .unwrap_or("no condition reported");
            Err(Hinted::new(
                anyhow!(
                    "{} on context \"{}\" was not established within {}s: {reason}",
                    crd.describe(),
                    writer.cluster(),
                    timeout.as_secs()
                ),
                "--timeout waits longer",
            )
            .into())
        }
        Err(e) => Err(e.context(cannot_wait())),
    }
}

/// Where a CRD stands on its way to being served.
#[derive(Debug, PartialEq, Eq)]
enum CrdProgress {
    Established,
    /// `NamesAccepted=False`: its kind, plural or a short name clashes with another CRD
    /// of the group. The API server says so at once and never establishes it.
    NamesRefused(String),
    Pending,
}

fn crd_progress(crd: &CustomResourceDefinition) -> CrdProgress {
    if crd_established(crd) {
        return CrdProgress::Established;
    }
    let names_accepted = crd_conditions(crd)
        .iter()
        .find(|c| c.type_ == "NamesAccepted");
    match names_accepted {
        Some(c) if c.status == "False" => CrdProgress::NamesRefused(
            c.message
                .as_deref()
                .or(c.reason.as_deref())
                .unwrap_or("no reason given")
                .to_owned(),
        ),
        _ => CrdProgress::Pending,
    }
}

/// A CRD as read from the API server, typed.
fn typed_crd(object: &DynamicObject) -> anyhow::Result<CustomResourceDefinition> {
    let name = object.metadata.name.as_deref().unwrap_or_default();
    object
        .clone()
        .try_parse()
        .with_context(|| format!("CRD \"{name}\" is not a CustomResourceDefinition"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::enable::federated_widget_crd;
    use serde_json::json;

    fn crd_with(conditions: serde_json::Value) -> CustomResourceDefinition {
        federated_widget_crd(json!([]), json!({"conditions": conditions}))
    }

    #[test]
    fn a_crd_whose_names_clash_is_refused_at_once_with_the_servers_reason() {
        let clash = crd_with(json!([
            {"type": "NamesAccepted", "status": "False", "reason": "KindConflict",
             "message": "\"FederatedWidget\" is already in use"},
            {"type": "Established", "status": "False", "reason": "NotAccepted"},
        ]));
        assert_eq!(
            crd_progress(&clash),
            CrdProgress::NamesRefused("\"FederatedWidget\" is already in use".into())
        );
        let served = crd_with(json!([
            {"type": "NamesAccepted", "status": "True"},
            {"type": "Established", "status": "True"},
        ]));
        assert_eq!(crd_progress(&served), CrdProgress::Established);
        let new = crd_with(json!([{"type": "NamesAccepted", "status": "True"}]));
        assert_eq!(crd_progress(&new), CrdProgress::Pending);
        assert_eq!(crd_progress(&crd_with(json!(null))), CrdProgress::Pending);
    }
}
