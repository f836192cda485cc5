//! The floor for the federate benchmark (bench/run): the simplest concurrent
//! client doing the same writes.
//!
//! `bench_floor seed KUBECONFIG CONTEXT NAMESPACE COUNT` creates the namespace with COUNT
//! objects (ConfigMaps, Secrets, Services and Deployments in equal parts).
//! `bench_floor federate KUBECONFIG CONTEXT NAMESPACE COUNT CONCURRENCY` applies the
//! federated objects of those COUNT objects (plus the namespace's), CONCURRENCY at a time,
//! with no discovery, no reads and no conversion.

use futures::StreamExt;
use kube::api::{Api, DynamicObject, Patch, PatchParams, PostParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{Value, json};

const KINDS: [(&str, &str, &str); 4] = [
    ("", "ConfigMap", "configmaps"),
    ("", "Secret", "secrets"),
    ("", "Service", "services"),
    ("apps", "Deployment", "deployments"),
];

fn object(kind: &str, name: &str, namespace: &str) -> Value {
    let metadata = json!({"name": name, "namespace": namespace, "labels": {"app": name}});
    match kind {
        "ConfigMap" => {
            json!({"apiVersion": "v1", "kind": kind, "metadata": metadata, "data": {"key": "value"}})
        }
        "Secret" => {
            json!({"apiVersion": "v1", "kind": kind, "metadata": metadata, "type": "Opaque", "data": {"key": "dmFsdWU="}})
        }
        "Service" => {
            json!({"apiVersion": "v1", "kind": kind, "metadata": metadata, "spec": {"selector": {"app": name}, "ports": [{"port": 80}]}})
        }
        _ => json!({"apiVersion": "apps/v1", "kind": kind, "metadata": metadata, "spec": {
            "replicas": 1, "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}),
    }
}

fn objects(namespace: &str, count: usize) -> Vec<(usize, Value)> {
    (0..count)
        .map(|i| {
            let kind = i % KINDS.len();
            (kind, object(KINDS[kind].1, &format!("obj-{i}"), namespace))
        })
        .collect()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, mode, kubeconfig, context, namespace, count, rest @ ..] = args.as_slice() else {
        anyhow::bail!(
            "usage: bench_floor seed|federate KUBECONFIG CONTEXT NAMESPACE COUNT [CONCURRENCY]"
        );
    };
    let count: usize = count.parse()?;
    let options = KubeConfigOptions {
        context: Some(context.clone()),
        ..Default::default()
    };
    let config =
        kube::Config::from_custom_kubeconfig(Kubeconfig::read_from(kubeconfig)?, &options).await?;
    let client = kube::Client::try_from(config)?;
    let resource = |group: &str, kind: &str, plural: &str, version: &str| {
        ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(group, version, kind), plural)
    };
    match mode.as_str() {
        "seed" => {
            let ns: Api<DynamicObject> = Api::all_with(
                client.clone(),
                &resource("", "Namespace", "namespaces", "v1"),
            );
            let body =
                json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}});
            ns.create(&PostParams::default(), &serde_json::from_value(body)?)
                .await?;
            let writes = objects(namespace, count).into_iter().map(|(kind, body)| {
                let (group, kind, plural) = KINDS[kind];
                let api: Api<DynamicObject> = Api::namespaced_with(
                    client.clone(),
                    namespace,
                    &resource(group, kind, plural, "v1"),
                );
                async move {
                    api.create(&PostParams::default(), &serde_json::from_value(body)?)
                        .await
                        .map(|_| ())
                        .map_err(anyhow::Error::from)
                }
            });
            for result in futures::stream::iter(writes)
                .buffer_unordered(32)
                .collect::<Vec<_>>()
                .await
            {
                result?;
            }
        }
        "federate" => {
            let concurrency: usize = rest.first().map(|c| c.parse()).transpose()?.unwrap_or(16);
            let mut federated: Vec<(String, String, Value)> = objects(namespace, count)
                .into_iter()
                .map(|(kind, body)| {
                    let kind = KINDS[kind].1;
                    let mut template = body.clone();
                    let template = template.as_object_mut().map(|t| {
                        t.remove("apiVersion");
                        t.remove("kind");
                        t.insert("metadata".into(), json!({"labels": body["metadata"]["labels"]}));
                        Value::Object(t.clone())
                    });
                    let name = body["metadata"]["name"].as_str().unwrap_or_default().to_owned();
                    (format!("Federated{kind}"), name.clone(), json!({
                        "apiVersion": "types.kubefed.io/v1beta1", "kind": format!("Federated{kind}"),
                        "metadata": {"name": name, "namespace": namespace},
                        "spec": {"template": template, "placement": {"clusterSelector": {"matchLabels": {}}}}}))
                })
                .collect();
            federated.push((
                "FederatedNamespace".into(),
                namespace.clone(),
                json!({
                "apiVersion": "types.kubefed.io/v1beta1", "kind": "FederatedNamespace",
                "metadata": {"name": namespace, "namespace": namespace},
                "spec": {"template": {}, "placement": {"clusterSelector": {"matchLabels": {}}}}}),
            ));
            let params = PatchParams::apply("bench-floor").force();
            let writes = federated.into_iter().map(|(kind, name, body)| {
                let plural = format!("{}s", kind.to_lowercase());
                let api: Api<DynamicObject> = Api::namespaced_with(
                    client.clone(),
                    namespace,
                    &resource("types.kubefed.io", &kind, &plural, "v1beta1"),
                );
                let params = params.clone();
                async move {
                    api.patch(&name, &params, &Patch::Apply(&body))
                        .await
                        .map(|_| ())
                        .map_err(anyhow::Error::from)
                }
            });
            for result in futures::stream::iter(writes)
                .buffer_unordered(concurrency)
                .collect::<Vec<_>>()
                .await
            {
                result?;
            }
        }
        other => anyhow::bail!("unknown mode {other}"),
    }
    Ok(())
}
