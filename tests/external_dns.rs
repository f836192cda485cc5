//! Cross-cluster service discovery, proven by real DNS (issue 19): DNSEndpoints of
//! `multiclusterdns.kubefed.io/v1alpha1` on the host cluster, published by ExternalDNS
//! (its CRD source and rfc2136 provider) into BIND 9 on 127.0.0.1, resolved with dig.
//!
//! The first test proves the harness alone: a DNSEndpoint written by the test resolves
//! to its addresses with its TTL, and a target or a record removed from it leaves the
//! answers. The second is the whole of the issue: a federated Service, a Domain and a
//! ServiceDNSRecord, `kubefedctl dns`, and the names of the federation, its regions and
//! zones resolving to the right members' load balancers.

use std::path::PathBuf;
use std::time::Duration;

use k8s_openapi::api::core::v1::{Node, Service};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use kube::api::{Api, DeleteParams, DynamicObject, Patch, PatchParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::json;

use crate::support::dns::{ExternalDns, Named};
use crate::support::{
    KUBEFED_NAMESPACE, control_plane, create_namespace, eventually, ours_on_within, unique_name,
};

/// Long enough for ExternalDNS to start, list and publish on a busy machine.
const PUBLISHED: Duration = Duration::from_secs(90);
/// For the KubeFed controller to put a Service on a member, or take it away.
const PROPAGATED: Duration = Duration::from_secs(120);
/// For one run of kubefedctl.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(120);

/// Runs kubefedctl on `context` (bounded); fails the test unless it exits 0.
fn ok(context: &str, args: &[&str]) -> String {
    crate::support::assert_ok(&ours_on_within(COMMAND_TIMEOUT, context, args))
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

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn dns_endpoints_resolve_through_external_dns() {
    let _turn = crate::support::take_turn();
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
}

/// Stops the KubeFed controller of a test's own host when dropped, also when the test
/// fails.
struct Controller<'a>(&'a str);

impl Drop for Controller<'_> {
    fn drop(&mut self) {
        control_plane().stop_kubefed(self.0);
    }
}

/// A member's place: a node (an object only: no kubelet runs) whose topology labels
/// say its region and zone, which `dns` reads when the KubeFedCluster's status has none
/// (KubeFed v0.10's controller rewrites that status on every health check, without
/// them).
async fn place(client: &kube::Client, region: &str, zone: &str) {
    let node: Node = serde_json::from_value(json!({
        "metadata": {"name": format!("node-{zone}"), "labels": {
            "topology.kubernetes.io/region": region,
            "topology.kubernetes.io/zone": zone,
        }},
    }))
    .unwrap();
    Api::<Node>::all(client.clone())
        .create(&PostParams::default(), &node)
        .await
        .unwrap();
}

/// Gives the Service `web` on a member a ready endpoint, as the EndpointSlice controller
/// would for a running pod (none runs in the test clusters); owned by the Service, so
/// that it goes when the Service goes.
async fn ready_endpoint(services: &Api<Service>, ns: &str) {
    let service = services.get("web").await.unwrap();
    let slice: EndpointSlice = serde_json::from_value(json!({
        "metadata": {
            "name": "web-ready",
            "namespace": ns,
            "labels": {"kubernetes.io/service-name": "web"},
            "ownerReferences": [{"apiVersion": "v1", "kind": "Service", "name": "web",
                                 "uid": service.metadata.uid}],
        },
        "addressType": "IPv4",
        "endpoints": [{"addresses": ["10.0.0.10"], "conditions": {"ready": true}}],
        "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}],
    }))
    .unwrap();
    Api::<EndpointSlice>::namespaced(services.clone().into_client(), ns)
        .create(&PostParams::default(), &slice)
        .await
        .unwrap();
}

/// `kubefedctl dns --watch` on a host, its stderr in a file; Ctrl-C (SIGINT) stops it
/// when the test calls `stop` or, failing that, drops it.
struct Watch {
    child: std::process::Child,
    stderr: PathBuf,
}

impl Watch {
    fn start(host: &str, ns: &str, stderr: PathBuf) -> Watch {
        let file = std::fs::File::create(&stderr).unwrap();
        let mut cmd = crate::support::kubefedctl();
        cmd.args(["dns", "--watch", "-n", ns, "--host-cluster-context", host]);
        let child = crate::support::std_command(&cmd)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(file)
            .spawn()
            .unwrap();
        Watch { child, stderr }
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// Ctrl-C, then up to 10 s to exit (else SIGKILL): the exit code and stderr.
    fn stop(&mut self) -> (Option<i32>, String) {
        if let Ok(None) = self.child.try_wait() {
            // SAFETY: kill(2) of the child this test started and has not reaped.
            unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGINT) };
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if std::time::Instant::now() > deadline {
                let _ = self.child.kill();
                break self.child.wait().unwrap();
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        (status.code(), self.stderr())
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The federated Service `web` on `member`, once the KubeFed controller put it there.
async fn member_service(member: &str, ns: &str) -> Api<Service> {
    let services: Api<Service> = Api::namespaced(control_plane().client(member).await, ns);
    eventually(
        &format!("Service {ns}/web propagated to {member}"),
        PROPAGATED,
        || async { services.get_opt("web").await.ok().flatten().map(|_| ()) },
    )
    .await;
    services
}

/// The whole of issue 19: a Service federated to three members in two regions, each
/// member's copy given a load balancer (its status written, as a cloud would) and a
/// ready endpoint (an EndpointSlice, as for a running pod), a Domain and a
/// ServiceDNSRecord (with a TTL and a `dnsPrefix`); `dns` writes the DNSEndpoint, ExternalDNS publishes it into
/// BIND 9, and the names of the federation, of each region and of each zone resolve to
/// exactly the addresses of the members there, with the record's TTL. The Service then
/// leaves one member (its placement no longer names it, so KubeFed deletes it there):
/// after the next `dns` pass its address leaves every answer, and its zone's name
/// points at its region's, as KubeFed v0.6 made it.
#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn federated_service_resolves_by_federation_region_and_zone() {
    let _turn = crate::support::take_turn();
    let cp = control_plane();
    let host = cp.add_cluster();
    let members = [cp.add_cluster(), cp.add_cluster(), cp.add_cluster()];
    let places = [("eu", "eu-1"), ("eu", "eu-2"), ("us", "us-1")];
    let addresses = ["192.0.2.1", "192.0.2.2", "198.51.100.3"];

    ok(
        &host,
        &[
            "init",
            "--dns",
            "--enable-defaults",
            "--cluster-health-check-period",
            "1s",
        ],
    );
    cp.start_kubefed(&host, KUBEFED_NAMESPACE, None);
    let _controller = Controller(&host);
    for (member, (region, zone)) in members.iter().zip(places) {
        place(&cp.client(member).await, region, zone).await;
        ok(&host, &["join", member]);
    }

    let client = cp.client(&host).await;
    let ns = unique_name("dns");
    create_namespace(&client, &ns).await;
    let service: Service = serde_json::from_value(json!({
        "metadata": {"name": "web", "namespace": ns},
        "spec": {"type": "LoadBalancer", "selector": {"app": "web"},
                 "ports": [{"name": "http", "port": 80, "targetPort": 8080}]},
    }))
    .unwrap();
    Api::<Service>::namespaced(client.clone(), &ns)
        .create(&PostParams::default(), &service)
        .await
        .unwrap();
    let all = members.join(",");
    ok(
        &host,
        &[
            "federate",
            "namespace",
            &ns,
            "--contents",
            "--placement-clusters",
            &all,
        ],
    );
    for (member, address) in members.iter().zip(addresses) {
        let services = member_service(member, &ns).await;
        let status = json!({"status": {"loadBalancer": {"ingress": [{"ip": address}]}}});
        services
            .patch_status("web", &PatchParams::default(), &Patch::Merge(&status))
            .await
            .unwrap();
        ready_endpoint(&services, &ns).await;
    }

    let domains = ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("multiclusterdns.kubefed.io", "v1alpha1", "Domain"),
        "domains",
    );
    let mut domain = DynamicObject::new("galaxy", &domains).within(KUBEFED_NAMESPACE);
    domain.data = json!({"domain": "example.test"});
    Api::<DynamicObject>::namespaced_with(client.clone(), KUBEFED_NAMESPACE, &domains)
        .create(&PostParams::default(), &domain)
        .await
        .unwrap();
    let records = ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("multiclusterdns.kubefed.io", "v1alpha1", "ServiceDNSRecord"),
        "servicednsrecords",
    );
    let mut record = DynamicObject::new("web", &records).within(&ns);
    record.data = json!({"spec": {"domainRef": "galaxy", "recordTTL": 45, "dnsPrefix": "shop"}});
    Api::<DynamicObject>::namespaced_with(client.clone(), &ns, &records)
        .create(&PostParams::default(), &record)
        .await
        .unwrap();

    ok(&host, &["dns"]);
    let named = Named::start("example.test");
    let external_dns = ExternalDns::start(&named, &kubeconfig_of(&host), &ns);
    let log = || external_dns.log();

    let name = |level: &str| format!("web.{ns}.galaxy.svc.{level}example.test");
    let expect_at = |name: &str, expected: &[&str]| {
        let (_, ttl) = named.await_addresses(name, expected, PUBLISHED, log);
        assert_eq!(ttl, Some(45), "TTL of {name}");
    };
    let expect = |level: &str, expected: &[&str]| expect_at(&name(level), expected);
    expect("", &addresses);
    expect("eu.", &addresses[..2]);
    expect("us.", &addresses[2..]);
    expect("eu-1.eu.", &addresses[..1]);
    expect("eu-2.eu.", &addresses[1..2]);
    expect("us-1.us.", &addresses[2..]);
    // dnsPrefix: a CNAME to the federation's name.
    let federation = format!("{}.", name(""));
    named.await_answer("shop.example.test", "CNAME", &[&federation], PUBLISHED, log);
    expect_at("shop.example.test", &addresses);

    // The Service leaves the first member: KubeFed deletes it there.
    let federated = ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("types.kubefed.io", "v1beta1", "FederatedService"),
        "federatedservices",
    );
    let placement = json!({"spec": {"placement": {"clusters": [
        {"name": members[1]}, {"name": members[2]},
    ]}}});
    Api::<DynamicObject>::namespaced_with(client.clone(), &ns, &federated)
        .patch("web", &PatchParams::default(), &Patch::Merge(&placement))
        .await
        .unwrap();
    let gone: Api<Service> = Api::namespaced(cp.client(&members[0]).await, &ns);
    eventually(
        &format!("Service {ns}/web deleted from {}", members[0]),
        PROPAGATED,
        || async { matches!(gone.get_opt("web").await, Ok(None)).then_some(()) },
    )
    .await;

    ok(&host, &["dns"]);
    expect("", &addresses[1..]);
    expect("eu.", &addresses[1..2]);
    expect("us.", &addresses[2..]);
    expect("eu-2.eu.", &addresses[1..2]);
    expect("us-1.us.", &addresses[2..]);
    // The zone without a load balancer: a CNAME to its region's name, which the server
    // follows to the address left there. (ExternalDNS needs two synchronisations for
    // this change of type: it adds the CNAME, which BIND refuses beside the A record,
    // before it deletes the A record; the next one adds it.)
    let region = format!("{}.", name("eu."));
    let cname = named.await_answer(&name("eu-1.eu."), "CNAME", &[&region], PUBLISHED, log);
    assert_eq!(cname[0].ttl, 45, "{cname:?}");
    expect("eu-1.eu.", &addresses[1..2]);
    let levels = ["", "eu.", "us.", "eu-1.eu.", "eu-2.eu.", "us-1.us."];
    let nowhere = |address: &str| {
        for level in levels {
            let (found, _) = named.addresses(&name(level));
            assert!(
                !found.iter().any(|a| a == address),
                "{}: {found:?}",
                name(level)
            );
        }
    };
    nowhere(addresses[0]);

    // Under --watch, the Service leaving the second member too is followed with no
    // further command: the region eu has no load balancer left, so its names point up
    // to the federation's, where only the third member's address is.
    let mut watch = Watch::start(&host, &ns, named.dir().join("dns-watch.log"));
    let placement = json!({"spec": {"placement": {"clusters": [{"name": members[2]}]}}});
    Api::<DynamicObject>::namespaced_with(client.clone(), &ns, &federated)
        .patch("web", &PatchParams::default(), &Patch::Merge(&placement))
        .await
        .unwrap();
    let log = || format!("{}\ndns --watch: {}", external_dns.log(), watch.stderr());
    let federation = format!("{}.", name(""));
    named.await_answer(&name("eu."), "CNAME", &[&federation], PROPAGATED, log);
    for level in levels {
        let (_, ttl) = named.await_addresses(&name(level), &addresses[2..], PUBLISHED, log);
        assert_eq!(ttl, Some(45), "TTL of {}", name(level));
    }
    nowhere(addresses[1]);
    let (code, stderr) = watch.stop();
    assert_eq!(code, Some(130), "dns --watch after Ctrl-C: {stderr}");
    assert!(!stderr.contains("warning:"), "{stderr}");
}
