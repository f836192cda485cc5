//! Cross-cluster service discovery, proven by real DNS (issue 19): DNSEndpoints of
//! `multiclusterdns.kubefed.io/v1alpha1` on the host cluster, published by ExternalDNS
//! (its CRD source and rfc2136 provider) into BIND 9 on 127.0.0.1, resolved with dig.
//!
//! The first test proves the harness alone: a DNSEndpoint written by the test resolves
//! to its addresses with its TTL, and a target or a record removed from it leaves the
//! answers.

mod support;

use std::path::PathBuf;
use std::time::Duration;

use k8s_openapi::api::core::v1::Namespace;
use kube::api::{Api, DeleteParams, DynamicObject, Patch, PatchParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::json;

use support::dns::{ExternalDns, Named};
use support::{control_plane, eventually, ours_on_within, unique_name};

/// Long enough for ExternalDNS to start, list and publish on a busy machine.
const PUBLISHED: Duration = Duration::from_secs(90);
/// For one run of kubefedctl.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(120);

/// Runs kubefedctl on `context` (bounded); fails the test unless it exits 0.
fn ok(context: &str, args: &[&str]) -> String {
    support::assert_ok(&ours_on_within(COMMAND_TIMEOUT, context, args))
}

fn dns_endpoints() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("multiclusterdns.kubefed.io", "v1alpha1", "DNSEndpoint"),
        "dnsendpoints",
    )
}

/// The kubeconfig of one cluster alone (its context the current one), for ExternalDNS.
fn kubeconfig_of(cluster: &str) -> PathBuf {
    let state = control_plane().current_state();
    let cluster = state.clusters.into_iter().find(|c| c.name == cluster);
    cluster
        .expect("a cluster of the test control plane")
        .kubeconfig
}

async fn create_namespace(client: &kube::Client, name: &str) {
    let namespaces: Api<Namespace> = Api::all(client.clone());
    let mut namespace = Namespace::default();
    namespace.metadata.name = Some(name.to_owned());
    namespaces
        .create(&PostParams::default(), &namespace)
        .await
        .unwrap();
}

async fn delete_namespace(client: &kube::Client, name: &str) {
    let namespaces: Api<Namespace> = Api::all(client.clone());
    namespaces
        .delete(name, &DeleteParams::default())
        .await
        .unwrap();
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn dns_endpoints_resolve_through_external_dns() {
    let cp = control_plane();
    // A host of its own: init changes KubeFed's configuration on the host it runs on.
    let host = cp.add_cluster();
    ok(&host, &["init", "--dns"]);
    let client = cp.client(&host).await;
    let ns = unique_name("dns");
    create_namespace(&client, &ns).await;

    let named = Named::start("example.test");
    let endpoints: Api<DynamicObject> = Api::namespaced_with(client.clone(), &ns, &dns_endpoints());
    let mut object = DynamicObject::new("web", &dns_endpoints()).within(&ns);
    object.data = json!({
        "spec": {"endpoints": [
            {"dnsName": "web.example.test", "recordType": "A", "recordTTL": 60,
             "targets": ["192.0.2.10", "192.0.2.11"]},
            {"dnsName": "api.example.test", "recordType": "A", "recordTTL": 120,
             "targets": ["198.51.100.7"]},
            {"dnsName": "www.example.test", "recordType": "CNAME", "recordTTL": 30,
             "targets": ["lb.example.net"]},
        ]}
    });
    let created = endpoints
        .create(&PostParams::default(), &object)
        .await
        .unwrap();

    let external_dns = ExternalDns::start(&named, &kubeconfig_of(&host), &ns);
    let log = || external_dns.log();
    let web = named.await_addresses(
        "web.example.test",
        &["192.0.2.10", "192.0.2.11"],
        PUBLISHED,
        log,
    );
    assert_eq!(web.1, Some(60), "web's TTL");
    let api = named.await_addresses("api.example.test", &["198.51.100.7"], PUBLISHED, log);
    assert_eq!(api.1, Some(120), "api's TTL");
    let www = named.await_answer(
        "www.example.test",
        "CNAME",
        &["lb.example.net."],
        PUBLISHED,
        log,
    );
    assert_eq!(www[0].ttl, 30, "www's TTL: {www:?}");

    // ExternalDNS records the generation it read in the status subresource.
    let generation = created.metadata.generation.unwrap();
    eventually(
        "ExternalDNS records the generation it read",
        PUBLISHED,
        || async {
            let object = endpoints.get("web").await.ok()?;
            (object.data["status"]["observedGeneration"] == generation).then_some(())
        },
    )
    .await;

    // One target removed: its address leaves the answers, the other stays, TTL kept.
    let patch = json!({"spec": {"endpoints": [
        {"dnsName": "web.example.test", "recordType": "A", "recordTTL": 60,
         "targets": ["192.0.2.10"]},
        {"dnsName": "api.example.test", "recordType": "A", "recordTTL": 120,
         "targets": ["198.51.100.7"]},
        {"dnsName": "www.example.test", "recordType": "CNAME", "recordTTL": 30,
         "targets": ["lb.example.net"]},
    ]}});
    endpoints
        .patch("web", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    let web = named.await_addresses("web.example.test", &["192.0.2.10"], PUBLISHED, log);
    assert_eq!(web.1, Some(60), "web's TTL");
    assert_eq!(
        named.addresses("api.example.test").0,
        ["198.51.100.7"],
        "api is untouched"
    );

    // The DNSEndpoint deleted: every name it published leaves.
    endpoints
        .delete("web", &DeleteParams::default())
        .await
        .unwrap();
    named.await_addresses("web.example.test", &[], PUBLISHED, log);
    named.await_addresses("api.example.test", &[], PUBLISHED, log);
    named.await_answer("www.example.test", "CNAME", &[], PUBLISHED, log);

    drop(external_dns);
    delete_namespace(&client, &ns).await;
}
