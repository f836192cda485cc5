//! Facts about a member read from its nodes, turned into KubeFedCluster labels that
//! placement `clusterSelector`s can match.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Node;
use kube::Client;
use kube::api::{Api, ListParams};

pub(crate) const REGION_LABEL: &str = "topology.kubernetes.io/region";
pub(crate) const ZONE_LABEL: &str = "topology.kubernetes.io/zone";
pub(crate) const PROVIDER_LABEL: &str = "kubefed.io/cloud-provider";

/// Labels for the member from its nodes' labels and provider IDs.
pub(crate) async fn auto_labels(client: &Client) -> anyhow::Result<BTreeMap<String, String>> {
    let nodes = Api::<Node>::all(client.clone())
        .list(&ListParams::default())
        .await?;
    Ok(labels_from_nodes(&nodes.items))
}

/// A label is set only when every node that says anything agrees: a cluster spread over
/// several zones gets no zone label rather than a wrong one.
pub(crate) fn labels_from_nodes(nodes: &[Node]) -> BTreeMap<String, String> {
    let label_values = |key: &str| {
        nodes
            .iter()
            .filter_map(|n| n.metadata.labels.as_ref()?.get(key).cloned())
            .collect::<Vec<_>>()
    };
    let providers: Vec<String> = nodes
        .iter()
        .filter_map(|n| n.spec.as_ref()?.provider_id.as_deref())
        .filter_map(|id| id.split_once("://").map(|(scheme, _)| scheme.to_owned()))
        .filter(|scheme| !scheme.is_empty())
        .collect();
    let mut labels = BTreeMap::new();
    for (key, values) in [
        (REGION_LABEL, label_values(REGION_LABEL)),
        (ZONE_LABEL, label_values(ZONE_LABEL)),
        (PROVIDER_LABEL, providers),
    ] {
        if let Some(first) = values.first()
            && values.iter().all(|v| v == first)
        {
            labels.insert(key.to_owned(), first.clone());
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::NodeSpec;
    use kube::core::ObjectMeta;

    fn node(labels: &[(&str, &str)], provider_id: Option<&str>) -> Node {
        Node {
            metadata: ObjectMeta {
                labels: Some(
                    labels
                        .iter()
                        .map(|(k, v)| ((*k).into(), (*v).into()))
                        .collect(),
                ),
                ..Default::default()
            },
            spec: Some(NodeSpec {
                provider_id: provider_id.map(Into::into),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn agreeing_nodes_give_labels() {
        let nodes = [
            node(
                &[(REGION_LABEL, "eu-west-1"), (ZONE_LABEL, "eu-west-1a")],
                Some("aws:///eu-west-1a/i-1"),
            ),
            node(
                &[(REGION_LABEL, "eu-west-1"), (ZONE_LABEL, "eu-west-1b")],
                Some("aws:///eu-west-1b/i-2"),
            ),
        ];
        let labels = labels_from_nodes(&nodes);
        assert_eq!(
            labels.get(REGION_LABEL).map(String::as_str),
            Some("eu-west-1")
        );
        assert_eq!(labels.get(ZONE_LABEL), None, "two zones: no zone label");
        assert_eq!(labels.get(PROVIDER_LABEL).map(String::as_str), Some("aws"));
    }

    #[test]
    fn no_nodes_no_labels() {
        assert!(labels_from_nodes(&[]).is_empty());
        assert!(
            labels_from_nodes(&[node(&[], Some("kind://docker/x"))]).contains_key(PROVIDER_LABEL)
        );
    }
}
