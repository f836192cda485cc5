//! Read-only facts about a cluster: API server version, KubeFed controller image.

use anyhow::Context;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::apimachinery::pkg::version::Info;
use kube::Client;
use kube::api::{Api, ListParams};

/// `GET /version` of the API server.
pub(crate) async fn server_version(client: &Client) -> anyhow::Result<Info> {
    client
        .apiserver_version()
        .await
        .context("cannot get the API server version")
}

/// The image of the KubeFed controller manager Deployment in `namespace`, if there is one.
pub(crate) async fn kubefed_controller_image(
    client: &Client,
    namespace: &str,
) -> anyhow::Result<Option<String>> {
    let deployments = Api::<Deployment>::namespaced(client.clone(), namespace)
        .list(&ListParams::default())
        .await
        .with_context(|| format!("cannot list Deployments in namespace \"{namespace}\""))?;
    Ok(controller_image(&deployments.items))
}

/// The chart names it `kubefed-controller-manager`; other installs only keep the suffix.
const CONTROLLER_NAME: &str = "kubefed-controller-manager";

/// Picks the exact chart name first, else the alphabetically first name containing
/// `controller-manager`, and returns its first container's image.
fn controller_image(deployments: &[Deployment]) -> Option<String> {
    fn name(d: &Deployment) -> &str {
        d.metadata.name.as_deref().unwrap_or_default()
    }
    let deployment = deployments
        .iter()
        .filter(|d| name(d).contains("controller-manager"))
        .min_by_key(|d| (name(d) != CONTROLLER_NAME, name(d)))?;
    deployment
        .spec
        .as_ref()?
        .template
        .spec
        .as_ref()?
        .containers
        .first()?
        .image
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deployment(name: &str, image: &str) -> Deployment {
        serde_json::from_value(serde_json::json!({
            "metadata": {"name": name},
            "spec": {
                "selector": {},
                "template": {"spec": {"containers": [
                    {"name": "main", "image": image},
                    {"name": "sidecar", "image": "sidecar:1"},
                ]}},
            },
        }))
        .unwrap()
    }

    #[test]
    fn prefers_the_chart_name() {
        let items = [
            deployment("a-controller-manager", "other:1"),
            deployment("kubefed-controller-manager", "kubefed:v0.10.0"),
            deployment("kubefed-admission-webhook", "kubefed:v0.10.0-webhook"),
        ];
        assert_eq!(controller_image(&items).as_deref(), Some("kubefed:v0.10.0"));
    }

    #[test]
    fn falls_back_to_any_controller_manager() {
        let items = [
            deployment("z-controller-manager", "z:1"),
            deployment("my-controller-manager", "mine:2"),
        ];
        assert_eq!(controller_image(&items).as_deref(), Some("mine:2"));
    }

    #[test]
    fn none_without_a_controller_manager() {
        assert_eq!(controller_image(&[deployment("webhook", "w:1")]), None);
        assert_eq!(controller_image(&[]), None);
    }
}
