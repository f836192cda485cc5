//! The objects `join` writes, object for object as Go kubefedctl v0.10.0 writes them:
//! on the member a namespace, a ServiceAccount `<cluster>-<host>`, its explicit token
//! Secret (Kubernetes 1.24+ creates none by itself) and RBAC for the control plane's
//! scope; on the host a Secret holding the member's token and the KubeFedCluster.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use k8s_openapi::api::core::v1::{Namespace, Secret, ServiceAccount};
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, Role, RoleBinding};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{Value, json};

use crate::plan::kubefed::{
    KubeFedCluster, KubeFedClusterSpec, KubeFedClusterStatus, SecretReference,
};
use crate::plan::names::JoinNames;

/// One object to write: its type, where it lives, and its body (with apiVersion/kind).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Object {
    pub resource: ApiResource,
    pub namespace: Option<String>,
    pub name: String,
    pub body: Value,
}

impl Object {
    pub(crate) fn new(
        resource: ApiResource,
        namespace: Option<&str>,
        name: &str,
        body: Value,
    ) -> Self {
        Object {
            resource,
            namespace: namespace.map(str::to_owned),
            name: name.to_owned(),
            body,
        }
    }
}

/// The KubeFedConfig's `spec.scope`: which RBAC a member grants the control plane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub(crate) enum Scope {
    Cluster,
    Namespaced,
}

impl Scope {
    pub(crate) fn parse(value: &str) -> Option<Scope> {
        match value {
            "Cluster" => Some(Scope::Cluster),
            "Namespaced" => Some(Scope::Namespaced),
            _ => None,
        }
    }

    /// The value as `spec.scope` holds it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Scope::Cluster => "Cluster",
            Scope::Namespaced => "Namespaced",
        }
    }
}

/// How the control plane reaches the member, from the member's kubeconfig entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Endpoint {
    pub server: String,
    /// PEM; from the kubeconfig, else (filled in later) the token Secret's `ca.crt`.
    pub ca_bundle: Option<Vec<u8>>,
    pub insecure_skip_tls_verify: bool,
    pub proxy_url: Option<String>,
}

pub(crate) fn kubefed_cluster_resource() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("core.kubefed.io", "v1beta1", "KubeFedCluster"),
        "kubefedclusters",
    )
}

pub(crate) fn kubefed_config_resource() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("core.kubefed.io", "v1beta1", "KubeFedConfig"),
        "kubefedconfigs",
    )
}

pub(crate) fn namespace_resource() -> ApiResource {
    ApiResource::erase::<Namespace>(&())
}

pub(crate) fn service_account_resource() -> ApiResource {
    ApiResource::erase::<ServiceAccount>(&())
}

pub(crate) fn secret_resource() -> ApiResource {
    ApiResource::erase::<Secret>(&())
}

pub(crate) fn cluster_role_resource() -> ApiResource {
    ApiResource::erase::<ClusterRole>(&())
}

pub(crate) fn cluster_role_binding_resource() -> ApiResource {
    ApiResource::erase::<ClusterRoleBinding>(&())
}

pub(crate) fn role_resource() -> ApiResource {
    ApiResource::erase::<Role>(&())
}

pub(crate) fn role_binding_resource() -> ApiResource {
    ApiResource::erase::<RoleBinding>(&())
}

/// The member-side objects in the order they are written: the namespace first (everything
/// else lives in it), the token Secret after its ServiceAccount.
pub(crate) fn member_objects(names: &JoinNames, namespace: &str, scope: Scope) -> Vec<Object> {
    let sa = names.service_account.as_str();
    let mut objects = vec![
        Object::new(
            namespace_resource(),
            None,
            namespace,
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}}),
        ),
        Object::new(
            service_account_resource(),
            Some(namespace),
            sa,
            json!({
                "apiVersion": "v1",
                "kind": "ServiceAccount",
                "metadata": {
                    "name": sa,
                    "namespace": namespace,
                    "annotations": {"kubernetes.io/enforce-mountable-secrets": "true"},
                },
                "automountServiceAccountToken": false,
            }),
        ),
        token_secret(namespace, sa, &SecretName::Fixed(sa.to_owned())),
    ];
    let subjects = json!([{"kind": "ServiceAccount", "name": sa, "namespace": namespace}]);
    let all_resources = json!({"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]});
    match scope {
        Scope::Cluster => {
            objects.push(cluster_role(
                &names.role,
                json!([all_resources, {"nonResourceURLs": ["*"], "verbs": ["get"]}]),
            ));
            objects.push(cluster_role_binding(&names.role, &subjects));
        }
        Scope::Namespaced => {
            objects.push(Object::new(
                role_resource(),
                Some(namespace),
                &names.role,
                json!({
                    "apiVersion": "rbac.authorization.k8s.io/v1",
                    "kind": "Role",
                    "metadata": {"name": names.role, "namespace": namespace},
                    "rules": [all_resources],
                }),
            ));
            objects.push(Object::new(
                role_binding_resource(),
                Some(namespace),
                &names.role,
                json!({
                    "apiVersion": "rbac.authorization.k8s.io/v1",
                    "kind": "RoleBinding",
                    "metadata": {"name": names.role, "namespace": namespace},
                    "roleRef": {
                        "apiGroup": "rbac.authorization.k8s.io",
                        "kind": "Role",
                        "name": names.role,
                    },
                    "subjects": subjects,
                }),
            ));
            // Go writes the verb "Get", which RBAC (case-sensitive) ignores.
            objects.push(cluster_role(
                &names.health_check_role,
                json!([
                    {"nonResourceURLs": ["/healthz"], "verbs": ["get"]},
                    {"apiGroups": [""], "resources": ["nodes"], "verbs": ["list"]},
                ]),
            ));
            objects.push(cluster_role_binding(&names.health_check_role, &subjects));
        }
    }
    objects
}

fn cluster_role(name: &str, rules: Value) -> Object {
    Object::new(
        cluster_role_resource(),
        None,
        name,
        json!({
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRole",
            "metadata": {"name": name},
            "rules": rules,
        }),
    )
}

fn cluster_role_binding(name: &str, subjects: &Value) -> Object {
    Object::new(
        cluster_role_binding_resource(),
        None,
        name,
        json!({
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRoleBinding",
            "metadata": {"name": name},
            "roleRef": {
                "apiGroup": "rbac.authorization.k8s.io",
                "kind": "ClusterRole",
                "name": name,
            },
            "subjects": subjects,
        }),
    )
}

/// Every member-side object join may have created for `names`, in both scopes' forms,
/// in the order unjoin deletes them: bindings before the roles they grant, the token
/// Secret before its ServiceAccount. The namespace is not included.
pub(crate) fn member_objects_to_remove(names: &JoinNames, namespace: &str) -> Vec<Object> {
    let cluster = member_objects(names, namespace, Scope::Cluster);
    let namespaced = member_objects(names, namespace, Scope::Namespaced);
    let rbac = namespaced[3..]
        .iter()
        .rev()
        .chain(cluster[3..].iter().rev());
    rbac.chain([&cluster[2], &cluster[1]]).cloned().collect()
}

/// The host Secret's name: fixed, or generated by the server from `<cluster>-` as the Go
/// tool does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SecretName {
    Fixed(String),
    Generate { prefix: String },
}

impl SecretName {
    /// Sets `name` or `generateName` in `metadata`; returns the object's name, empty
    /// until the server generates it.
    fn apply(&self, metadata: &mut Value) -> String {
        match self {
            SecretName::Fixed(name) => {
                metadata["name"] = json!(name);
                name.clone()
            }
            SecretName::Generate { prefix } => {
                metadata["generateName"] = json!(prefix);
                String::new()
            }
        }
    }
}

/// A Secret the member's token controller fills with a token of `service_account`.
/// `rotate-credentials` makes further ones with generated names; the token controller
/// deletes them all with their ServiceAccount, so either tool's unjoin removes them.
pub(crate) fn token_secret(namespace: &str, service_account: &str, name: &SecretName) -> Object {
    let mut body = json!({
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {
            "namespace": namespace,
            "annotations": {"kubernetes.io/service-account.name": service_account},
        },
        "type": "kubernetes.io/service-account-token",
    });
    let object_name = name.apply(&mut body["metadata"]);
    Object::new(secret_resource(), Some(namespace), &object_name, body)
}

/// The host Secret holding the member's token (`data.token`, type Opaque). `token` is None
/// in previews, where it is not known and must never be printed anyway.
pub(crate) fn host_secret(namespace: &str, name: &SecretName, token: Option<&[u8]>) -> Object {
    let mut metadata = json!({"namespace": namespace});
    let object_name = name.apply(&mut metadata);
    let mut body = json!({"apiVersion": "v1", "kind": "Secret", "metadata": metadata});
    if let Some(token) = token {
        body["data"] = json!({"token": STANDARD.encode(token)});
    }
    Object::new(secret_resource(), Some(namespace), &object_name, body)
}

/// Where the control plane's token for a member comes from.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    clap::ValueEnum,
    serde::Deserialize,
    serde::Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Credentials {
    /// Join creates a service account on the member, with its token Secret and RBAC (as
    /// Go kubefedctl does)
    #[default]
    ServiceAccount,
    /// The bearer token of the member's kubeconfig context; join creates nothing on the
    /// member
    Kubeconfig,
}

/// Marks a KubeFedCluster whose token is the kubeconfig's, so that unjoin leaves the
/// member alone and rotate-credentials does not make a service-account token for it.
pub(crate) const CREDENTIALS_ANNOTATION: &str = "kubefedctl.kubefed.io/credentials";

impl Credentials {
    /// The credentials a KubeFedCluster with this metadata was joined with.
    pub(crate) fn of(metadata: &ObjectMeta) -> Credentials {
        let annotations = metadata.annotations.as_ref();
        Self::marked(annotations.and_then(|a| a.get(CREDENTIALS_ANNOTATION).map(String::as_str)))
    }

    /// The value as `--credentials` takes it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Credentials::ServiceAccount => "service-account",
            Credentials::Kubeconfig => "kubeconfig",
        }
    }

    /// Unmarked KubeFedClusters are service-account joins, as every join of Go kubefedctl.
    fn marked(annotation: Option<&str>) -> Credentials {
        match annotation {
            Some("kubeconfig") => Credentials::Kubeconfig,
            _ => Credentials::ServiceAccount,
        }
    }
}

/// The KubeFedCluster the controller health-checks and propagates to.
pub(crate) fn kubefed_cluster(
    cluster: &str,
    namespace: &str,
    endpoint: &Endpoint,
    secret_name: &str,
    labels: &BTreeMap<String, String>,
    credentials: Credentials,
) -> Object {
    let annotation = (credentials == Credentials::Kubeconfig)
        .then(|| BTreeMap::from([(CREDENTIALS_ANNOTATION.to_owned(), "kubeconfig".to_owned())]));
    let object = KubeFedCluster {
        metadata: ObjectMeta {
            name: Some(cluster.to_owned()),
            namespace: Some(namespace.to_owned()),
            labels: Some(labels.clone()).filter(|l| !l.is_empty()),
            annotations: annotation,
            ..ObjectMeta::default()
        },
        spec: KubeFedClusterSpec {
            api_endpoint: endpoint.server.clone(),
            ca_bundle: (endpoint.ca_bundle.as_deref())
                .filter(|ca| !ca.is_empty())
                .map(|ca| STANDARD.encode(ca)),
            secret_ref: SecretReference {
                name: secret_name.to_owned(),
            },
            disabled_tls_validations: if endpoint.insecure_skip_tls_verify {
                vec!["*".to_owned()]
            } else {
                Vec::new()
            },
            // Go always writes proxyURL, empty when the kubeconfig names no proxy.
            proxy_url: Some(endpoint.proxy_url.clone().unwrap_or_default()),
        },
        status: KubeFedClusterStatus::default(),
    };
    Object::new(
        kubefed_cluster_resource(),
        Some(namespace),
        cluster,
        object.to_object(),
    )
}

/// A `join --label`: for every cluster of the call, or for the one it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ClusterLabel {
    pub cluster: Option<String>,
    pub key: String,
    pub value: String,
}

/// The labels of `cluster`'s KubeFedCluster: those for every cluster, then its own, which
/// win on the same key.
pub(crate) fn labels_for(cluster: &str, labels: &[ClusterLabel]) -> BTreeMap<String, String> {
    let mut common: Vec<&ClusterLabel> = labels.iter().filter(|l| l.cluster.is_none()).collect();
    common.extend(
        labels
            .iter()
            .filter(|l| l.cluster.as_deref() == Some(cluster)),
    );
    common
        .into_iter()
        .map(|l| (l.key.clone(), l.value.clone()))
        .collect()
}

/// A label for a cluster the call does not join: a misspelt name, caught before anything
/// is written.
pub(crate) fn label_for_another_cluster<'a>(
    labels: &'a [ClusterLabel],
    clusters: &[String],
) -> Option<&'a str> {
    labels
        .iter()
        .filter_map(|l| l.cluster.as_deref())
        .find(|cluster| !clusters.iter().any(|c| c == cluster))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::init::declared::undeclared_fields;

    fn metadata_of(object: &Value) -> ObjectMeta {
        serde_json::from_value(object["metadata"].clone()).unwrap()
    }

    fn names() -> JoinNames {
        JoinNames::new("cluster2", "cluster1", "kube-federation-system").unwrap()
    }

    fn kinds(objects: &[Object]) -> Vec<(&str, &str)> {
        objects
            .iter()
            .map(|o| (o.resource.kind.as_str(), o.name.as_str()))
            .collect()
    }

    #[test]
    fn cluster_scope_member_objects() {
        let objects = member_objects(&names(), "kube-federation-system", Scope::Cluster);
        assert_eq!(
            kinds(&objects),
            [
                ("Namespace", "kube-federation-system"),
                ("ServiceAccount", "cluster2-cluster1"),
                ("Secret", "cluster2-cluster1"),
                (
                    "ClusterRole",
                    "kubefed-controller-manager:cluster2-cluster1"
                ),
                (
                    "ClusterRoleBinding",
                    "kubefed-controller-manager:cluster2-cluster1"
                ),
            ]
        );
        assert_eq!(objects[1].body["automountServiceAccountToken"], false);
        assert_eq!(
            objects[2].body["metadata"]["annotations"]["kubernetes.io/service-account.name"],
            "cluster2-cluster1"
        );
        assert_eq!(
            objects[3].body["rules"][1],
            json!({"nonResourceURLs": ["*"], "verbs": ["get"]})
        );
        assert_eq!(
            objects[4].body["subjects"],
            json!([{"kind": "ServiceAccount", "name": "cluster2-cluster1", "namespace": "kube-federation-system"}])
        );
    }

    #[test]
    fn namespaced_scope_member_objects() {
        let names = JoinNames::new("cluster2", "cluster1", "fed").unwrap();
        let objects = member_objects(&names, "fed", Scope::Namespaced);
        let kinds: Vec<&str> = objects.iter().map(|o| o.resource.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "Namespace",
                "ServiceAccount",
                "Secret",
                "Role",
                "RoleBinding",
                "ClusterRole",
                "ClusterRoleBinding"
            ]
        );
        assert_eq!(objects[3].namespace.as_deref(), Some("fed"));
        // The health-check verb is the lower-case "get" RBAC understands.
        assert_eq!(objects[5].body["rules"][0]["verbs"], json!(["get"]));
        assert_eq!(
            objects[5].name,
            "kubefed-controller-manager:fed:healthcheck-cluster2-cluster1"
        );
    }

    #[test]
    fn removal_covers_both_scopes_bindings_first() {
        let objects = member_objects_to_remove(&names(), "fed");
        let kinds: Vec<&str> = objects.iter().map(|o| o.resource.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "ClusterRoleBinding",
                "ClusterRole",
                "RoleBinding",
                "Role",
                "ClusterRoleBinding",
                "ClusterRole",
                "Secret",
                "ServiceAccount"
            ]
        );
    }

    #[test]
    fn host_secret_forms() {
        let generated = host_secret(
            "ns",
            &SecretName::Generate {
                prefix: "c2-".into(),
            },
            None,
        );
        assert_eq!(generated.body["metadata"]["generateName"], "c2-");
        assert!(generated.body.get("data").is_none());
        let fixed = host_secret("ns", &SecretName::Fixed("s".into()), Some(b"tok"));
        assert_eq!(fixed.name, "s");
        assert_eq!(fixed.body["data"]["token"], "dG9r");
    }

    #[test]
    fn token_secret_forms() {
        let fixed = token_secret("fed", "c2-c1", &SecretName::Fixed("c2-c1".into()));
        assert_eq!(fixed.name, "c2-c1");
        assert_eq!(fixed.body["metadata"]["name"], "c2-c1");
        assert_eq!(fixed.body["type"], "kubernetes.io/service-account-token");
        let rotated = token_secret(
            "fed",
            "c2-c1",
            &SecretName::Generate {
                prefix: "c2-c1-".into(),
            },
        );
        assert_eq!(rotated.body["metadata"]["generateName"], "c2-c1-");
        assert_eq!(
            rotated.body["metadata"]["annotations"]["kubernetes.io/service-account.name"],
            "c2-c1"
        );
        assert!(rotated.body["metadata"].get("name").is_none());
    }

    #[test]
    fn kubefed_cluster_fields() {
        let endpoint = Endpoint {
            server: "https://127.0.0.1:6443".into(),
            ca_bundle: Some(b"PEM".to_vec()),
            insecure_skip_tls_verify: true,
            proxy_url: None,
        };
        let labels = BTreeMap::from([("region".to_owned(), "eu".to_owned())]);
        let kfc = kubefed_cluster(
            "cluster2",
            "fed",
            &endpoint,
            "cluster2-abcde",
            &labels,
            Credentials::ServiceAccount,
        );
        assert_eq!(
            kfc.body["spec"],
            json!({
                "apiEndpoint": "https://127.0.0.1:6443",
                "caBundle": "UEVN",
                "secretRef": {"name": "cluster2-abcde"},
                "disabledTLSValidations": ["*"],
                "proxyURL": "",
            })
        );
        assert_eq!(kfc.body["metadata"]["labels"]["region"], "eu");
        let kubefed_clusters = "kubefedclusters.core.kubefed.io";
        assert_eq!(
            undeclared_fields(kubefed_clusters, &kfc.body),
            Vec::<String>::new()
        );
        let plain = minimal_kubefed_cluster(Credentials::ServiceAccount);
        assert!(plain.body["spec"].get("caBundle").is_none());
        assert!(plain.body["metadata"].get("labels").is_none());
        assert!(plain.body["metadata"].get("annotations").is_none());
        assert_eq!(
            Credentials::of(&metadata_of(&plain.body)),
            Credentials::ServiceAccount
        );
    }

    fn minimal_kubefed_cluster(credentials: Credentials) -> Object {
        kubefed_cluster(
            "c",
            "fed",
            &Endpoint::default(),
            "s",
            &BTreeMap::new(),
            credentials,
        )
    }

    #[test]
    fn kubeconfig_credentials_are_marked_on_the_kubefed_cluster() {
        let kfc = minimal_kubefed_cluster(Credentials::Kubeconfig);
        assert_eq!(
            kfc.body["metadata"]["annotations"],
            json!({"kubefedctl.kubefed.io/credentials": "kubeconfig"})
        );
        assert_eq!(
            Credentials::of(&metadata_of(&kfc.body)),
            Credentials::Kubeconfig
        );
        let other = json!({"metadata": {"annotations": {CREDENTIALS_ANNOTATION: "vault"}}});
        assert_eq!(
            Credentials::of(&metadata_of(&other)),
            Credentials::ServiceAccount
        );
    }

    #[test]
    fn a_clusters_own_labels_add_to_and_override_the_common_ones() {
        let label = |cluster: Option<&str>, key: &str, value: &str| ClusterLabel {
            cluster: cluster.map(str::to_owned),
            key: key.into(),
            value: value.into(),
        };
        let labels = [
            label(Some("c2"), "region", "eu-west-1"),
            label(None, "tier", "gold"),
            label(None, "region", "anywhere"),
            label(Some("c3"), "zone", "b"),
        ];
        let of = |cluster| {
            labels_for(cluster, &labels)
                .into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(of("c2"), ["region=eu-west-1", "tier=gold"]);
        assert_eq!(of("c3"), ["region=anywhere", "tier=gold", "zone=b"]);
        assert_eq!(
            label_for_another_cluster(&labels, &["c2".into(), "c3".into()]),
            None
        );
        assert_eq!(
            label_for_another_cluster(&labels, &["c2".into()]),
            Some("c3")
        );
    }
}
