//! Tokens a member's admin issues for `join --credentials kubeconfig`, and kubeconfigs
//! whose contexts use them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use k8s_openapi::api::core::v1::{Secret, ServiceAccount};
use k8s_openapi::api::rbac::v1::ClusterRoleBinding;
use kube::api::{Api, ListParams, PostParams};
use serde_json::json;

use super::{control_plane, eventually};

fn from<T: serde::de::DeserializeOwned>(body: serde_json::Value) -> T {
    serde_json::from_value(body).unwrap()
}

/// What a member's admin does for `--credentials kubeconfig`: a service account `name`
/// in `default` bound to cluster-admin, and a token Secret for it. Returns the token.
pub async fn issue_token(member: &str, name: &str) -> String {
    let client = control_plane().client(member).await;
    let create = PostParams::default();
    Api::<ServiceAccount>::namespaced(client.clone(), "default")
        .create(&create, &from(json!({"metadata": {"name": name}})))
        .await
        .unwrap();
    Api::<ClusterRoleBinding>::all(client)
        .create(
            &create,
            &from(json!({
                "metadata": {"name": name},
                "roleRef": {
                    "apiGroup": "rbac.authorization.k8s.io",
                    "kind": "ClusterRole",
                    "name": "cluster-admin",
                },
                "subjects": [{"kind": "ServiceAccount", "name": name, "namespace": "default"}],
            })),
        )
        .await
        .unwrap();
    new_token(member, name, name).await
}

/// A further token Secret `secret` of service account `service_account` in `default`,
/// as its admin makes one to rotate the token. Returns the token.
pub async fn new_token(member: &str, service_account: &str, secret: &str) -> String {
    let client = control_plane().client(member).await;
    let secrets = Api::<Secret>::namespaced(client, "default");
    secrets
        .create(
            &PostParams::default(),
            &from(json!({
                "metadata": {
                    "name": secret,
                    "annotations": {"kubernetes.io/service-account.name": service_account},
                },
                "type": "kubernetes.io/service-account-token",
            })),
        )
        .await
        .unwrap();
    eventually("the issued token", Duration::from_secs(60), || async {
        let found = secrets.get(secret).await.ok()?;
        let token = found.data?.remove("token")?;
        String::from_utf8(token.0).ok()
    })
    .await
}

/// The control plane's kubeconfig plus, for each `(context, token)`, a context on the
/// cluster of `member` whose user authenticates with that token.
pub fn kubeconfig_with_tokens(dir: &Path, member: &str, tokens: &[(&str, &str)]) -> PathBuf {
    let mut config = kube::config::Kubeconfig::read_from(control_plane().kubeconfig()).unwrap();
    let cluster = config
        .contexts
        .iter()
        .find(|c| c.name == member)
        .and_then(|c| c.context.as_ref())
        .map(|c| c.cluster.clone())
        .unwrap_or_else(|| panic!("no context {member} in the test kubeconfig"));
    for (context, token) in tokens {
        config.auth_infos.push(
            serde_json::from_value(json!({"name": context, "user": {"token": token}})).unwrap(),
        );
        config.contexts.push(
            serde_json::from_value(
                json!({"name": context, "context": {"cluster": cluster, "user": context}}),
            )
            .unwrap(),
        );
    }
    let path = dir.join("tokens.kubeconfig");
    std::fs::write(&path, serde_json::to_vec(&config).unwrap()).unwrap();
    path
}

/// The token Secrets of service account `service_account` in `namespace` on `context`.
pub async fn token_secrets_of(
    context: &str,
    namespace: &str,
    service_account: &str,
) -> Vec<Secret> {
    let client = control_plane().client(context).await;
    Api::<Secret>::namespaced(client, namespace)
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|s| {
            s.metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get("kubernetes.io/service-account.name"))
                .is_some_and(|name| name == service_account)
        })
        .collect()
}
