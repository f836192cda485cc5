//! Reading what the commands leave on the test clusters, shared by the fault-injection
//! and concurrency tests: objects that are there and not being deleted, and everything a
//! join of one cluster into a private KubeFed namespace writes on both sides.

use k8s_openapi::api::core::v1::{Namespace, Secret};
use kube::api::{Api, DeleteParams, DynamicObject, ListParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::json;

use super::{HOST, KUBEFED_NAMESPACE, control_plane, unique_name};

/// The member cluster the join tests use.
pub const MEMBER: &str = "cluster2";

pub fn resource(group: &str, version: &str, kind: &str, plural: &str) -> ApiResource {
    ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(group, version, kind), plural)
}

pub async fn get(
    context: &str,
    ar: &ApiResource,
    namespace: Option<&str>,
    name: &str,
) -> Option<DynamicObject> {
    let client = control_plane().client(context).await;
    let api: Api<DynamicObject> = match namespace {
        Some(ns) => Api::namespaced_with(client, ns, ar),
        None => Api::all_with(client, ar),
    };
    api.get_opt(name).await.unwrap()
}

/// Whether a namespace exists and is not being deleted.
pub async fn live_namespace(context: &str, name: &str) -> bool {
    let api: Api<Namespace> = Api::all(control_plane().client(context).await);
    api.get_opt(name)
        .await
        .unwrap()
        .is_some_and(|n| n.metadata.deletion_timestamp.is_none())
}

pub async fn create_namespace(context: &str, name: &str) {
    let api: Api<Namespace> = Api::all(control_plane().client(context).await);
    let mut namespace = Namespace::default();
    namespace.metadata.name = Some(name.to_owned());
    api.create(&PostParams::default(), &namespace)
        .await
        .unwrap();
}

pub async fn delete_namespace(context: &str, name: &str) {
    let api: Api<Namespace> = Api::all(control_plane().client(context).await);
    let _ = api.delete(name, &DeleteParams::background()).await;
}

pub fn kubefed_cluster() -> ApiResource {
    resource(
        "core.kubefed.io",
        "v1beta1",
        "KubeFedCluster",
        "kubefedclusters",
    )
}

/// A namespace on the host with a copy of KubeFedConfig `kubefed` (Cluster scope), so
/// that join and unjoin touch nothing of other tests.
pub async fn private_kubefed_namespace() -> String {
    let ns = unique_name("ffed");
    create_namespace(HOST, &ns).await;
    let config = resource(
        "core.kubefed.io",
        "v1beta1",
        "KubeFedConfig",
        "kubefedconfigs",
    );
    let client = control_plane().client(HOST).await;
    let configs: Api<DynamicObject> =
        Api::namespaced_with(client.clone(), KUBEFED_NAMESPACE, &config);
    let mut object = configs.get("kubefed").await.unwrap();
    object.metadata = kube::core::ObjectMeta {
        name: Some("kubefed".into()),
        namespace: Some(ns.clone()),
        ..Default::default()
    };
    object.data["spec"]["scope"] = json!("Cluster");
    Api::<DynamicObject>::namespaced_with(client, &ns, &config)
        .create(&PostParams::default(), &object)
        .await
        .unwrap();
    ns
}

/// What a join of `cluster` into `ns` left on both sides.
#[derive(Debug)]
pub struct Joined {
    /// The member objects present: join writes the first four in Cluster scope, the
    /// health-check role and binding only in Namespaced scope.
    pub member: Vec<String>,
    pub namespace: bool,
    pub kfc_secret: Option<String>,
    /// Host Secrets named after the cluster (join generates `<cluster>-xxxxx`).
    pub host_secrets: Vec<String>,
    pub token_in_host_secret: bool,
}

impl Joined {
    /// On the usual member cluster.
    pub async fn read(ns: &str, cluster: &str) -> Joined {
        Joined::read_on(MEMBER, ns, cluster).await
    }

    pub async fn read_on(member_context: &str, ns: &str, cluster: &str) -> Joined {
        let sa = format!("{cluster}-{HOST}");
        let role = format!("kubefed-controller-manager:{sa}");
        let health = format!("kubefed-controller-manager:{ns}:healthcheck-{sa}");
        let rbac = |kind, plural| resource("rbac.authorization.k8s.io", "v1", kind, plural);
        let objects = [
            (
                resource("", "v1", "ServiceAccount", "serviceaccounts"),
                Some(ns),
                sa.clone(),
            ),
            (
                resource("", "v1", "Secret", "secrets"),
                Some(ns),
                sa.clone(),
            ),
            (rbac("ClusterRole", "clusterroles"), None, role.clone()),
            (
                rbac("ClusterRoleBinding", "clusterrolebindings"),
                None,
                role,
            ),
            (rbac("ClusterRole", "clusterroles"), None, health.clone()),
            (
                rbac("ClusterRoleBinding", "clusterrolebindings"),
                None,
                health,
            ),
        ];
        let mut member = Vec::new();
        for (ar, namespace, name) in &objects {
            if get(member_context, ar, *namespace, name).await.is_some() {
                member.push(format!("{} {name}", ar.kind));
            }
        }
        let kfc = get(HOST, &kubefed_cluster(), Some(ns), cluster).await;
        let kfc_secret = kfc.and_then(|k| {
            k.data["spec"]["secretRef"]["name"]
                .as_str()
                .map(str::to_owned)
        });
        let secrets: Api<Secret> = Api::namespaced(control_plane().client(HOST).await, ns);
        let prefix = format!("{cluster}-");
        let host = secrets.list(&ListParams::default()).await.unwrap().items;
        let token_in_host_secret = host.iter().any(|s| {
            s.metadata.name == kfc_secret
                && s.data.as_ref().is_some_and(|d| d.contains_key("token"))
        });
        Joined {
            member,
            namespace: live_namespace(member_context, ns).await,
            kfc_secret,
            host_secrets: host
                .into_iter()
                .filter_map(|s| s.metadata.name)
                .filter(|n| n.starts_with(&prefix))
                .collect(),
            token_in_host_secret,
        }
    }

    pub fn complete(&self) -> bool {
        self.member.len() == 4
            && self.namespace
            && self.kfc_secret.is_some()
            && self.host_secrets.len() == 1
            && self.host_secrets.first() == self.kfc_secret.as_ref()
            && self.token_in_host_secret
    }

    pub fn absent(&self) -> bool {
        self.member.is_empty()
            && !self.namespace
            && self.kfc_secret.is_none()
            && self.host_secrets.is_empty()
    }
}

pub fn join_args<'a>(cluster: &'a str, ns: &'a str) -> Vec<&'a str> {
    vec![
        "join",
        cluster,
        "--cluster-context",
        MEMBER,
        "--host-cluster-context",
        HOST,
        "--kubefed-namespace",
        ns,
    ]
}

pub fn unjoin_args<'a>(cluster: &'a str, ns: &'a str) -> Vec<&'a str> {
    let mut args = join_args(cluster, ns);
    args[0] = "unjoin";
    args
}
