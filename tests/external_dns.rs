//! Cross-cluster service discovery, proven by real DNS (issue 19): DNSEndpoints of
//! `multiclusterdns.kubefed.io/v1alpha1` on the host cluster, published by ExternalDNS
//! (its CRD source and rfc2136 provider) into BIND 9 on 127.0.0.1, resolved with dig.
//!
//! The first test proves the harness alone: a DNSEndpoint written by the test resolves
//! to its addresses with its TTL, and a target or a record removed from it leaves the
//! answers.

mod support;

use std::time::Duration;

use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, DeleteParams, DynamicObject, Patch, PatchParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::json;

use support::dns::{ExternalDns, Named};
use support::{HOST, control_plane, eventually, unique_name};

/// Long enough for ExternalDNS to start, list and publish on a busy machine.
const PUBLISHED: Duration = Duration::from_secs(90);

fn dns_endpoints() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("multiclusterdns.kubefed.io", "v1alpha1", "DNSEndpoint"),
        "dnsendpoints",
    )
}

/// Installs the DNSEndpoint CRD (tests/data/dns) on the host and waits until it is
/// served. Server-side apply: a re-run, or a test beside this one, changes nothing.
async fn install_dns_endpoint_crd(client: &kube::Client) {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/dns/dnsendpoints-crd.yaml"),
    )
    .unwrap();
    let crd: CustomResourceDefinition = serde_saphyr::from_str(&text).unwrap();
    let name = crd.metadata.name.clone().unwrap();
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    crds.patch(
        &name,
        &PatchParams::apply("kubefedctl-tests").force(),
        &Patch::Apply(&crd),
    )
    .await
    .unwrap();
    eventually("the DNSEndpoint CRD is established", PUBLISHED, || async {
        let crd = crds.get(&name).await.ok()?;
        let established = crd
            .status?
            .conditions?
            .iter()
            .any(|c| c.type_ == "Established" && c.status == "True");
        established.then_some(())
    })
    .await;
    // Discovery, which ExternalDNS reads at start, may lag a moment behind Established.
    let endpoints: Api<DynamicObject> = Api::all_with(client.clone(), &dns_endpoints());
    eventually("DNSEndpoints are served", PUBLISHED, || async {
        endpoints.list(&Default::default()).await.ok().map(|_| ())
    })
    .await;
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
    let client = cp.client(HOST).await;
    install_dns_endpoint_crd(&client).await;
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

    let external_dns = ExternalDns::start(&named, &cp.cluster(HOST).kubeconfig, &ns);
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
