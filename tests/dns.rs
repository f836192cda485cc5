//! `dns` against real API servers: a Service federated by the real KubeFed controller to
//! two members (in two regions, read from their nodes' topology labels), given
//! load-balancer addresses by writing its status (the test clusters have no cloud), gets
//! a ServiceDNSRecord's status and a DNSEndpoint with KubeFed v0.6's names, record types
//! and TTLs; a re-run changes nothing; dry runs and `-o` write nothing; `--watch` follows
//! a change by itself and stops on SIGINT; a member that cannot be read keeps its
//! addresses; a member's Service deleted leaves the records after the next pass; an
//! IngressDNSRecord's hosts get the members' Ingress addresses. Bad records are refused with one clear error and nothing
//! written.
//!
//! The multiclusterdns.kubefed.io CRDs are applied from `init --dns -o json`: the shared
//! host runs KubeFed's upstream CRDs, which a whole `init` would replace (init itself is
//! tested with `--dns` on a fresh cluster in tests/lifecycle.rs).

use std::process::Stdio;
use std::time::Duration;

use k8s_openapi::api::core::v1::{Node, Service};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::networking::v1::Ingress;
use kube::api::{Api, DeleteParams, DynamicObject, Patch, PatchParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{Value, json};

use crate::support::{
    HOST, KUBEFED_NAMESPACE, assert_ok, control_plane, create_namespace, eventually, ours,
    unique_name,
};

const GROUP: &str = "multiclusterdns.kubefed.io";

fn resource(kind: &str, plural: &str) -> ApiResource {
    ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(GROUP, "v1alpha1", kind), plural)
}

/// Creates a multiclusterdns.kubefed.io object of `kind` with `fields` (metadata and the
/// rest) through `api`.
async fn create(api: &Api<DynamicObject>, kind: &str, fields: Value) {
    let mut body = json!({"apiVersion": format!("{GROUP}/v1alpha1"), "kind": kind});
    body.as_object_mut()
        .unwrap()
        .extend(fields.as_object().unwrap().clone());
    let object: DynamicObject = serde_json::from_value(body).unwrap();
    api.create(&PostParams::default(), &object).await.unwrap();
}

fn records_api(host: &kube::Client, ns: &str) -> Api<DynamicObject> {
    Api::namespaced_with(
        host.clone(),
        ns,
        &resource("ServiceDNSRecord", "servicednsrecords"),
    )
}

/// Applies the CRDs `init --dns` installs (those of multiclusterdns.kubefed.io) and waits
/// until the host serves them.
async fn install_dns_crds(client: &kube::Client) {
    let printed = assert_ok(&ours(&["init", "--dns", "-o", "json"]));
    let list: Value = serde_json::from_str(&printed).unwrap();
    let crds = ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("apiextensions.k8s.io", "v1", "CustomResourceDefinition"),
        "customresourcedefinitions",
    );
    let api: Api<DynamicObject> = Api::all_with(client.clone(), &crds);
    let dns_crds: Vec<&Value> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == "CustomResourceDefinition" && o["spec"]["group"] == GROUP)
        .collect();
    assert_eq!(dns_crds.len(), 4, "{printed}");
    for crd in dns_crds {
        let name = crd["metadata"]["name"].as_str().unwrap();
        api.patch(
            name,
            &PatchParams::apply("dns-test").force(),
            &Patch::Apply(crd),
        )
        .await
        .unwrap();
    }
    let endpoints: Api<DynamicObject> =
        Api::all_with(client.clone(), &resource("DNSEndpoint", "dnsendpoints"));
    eventually("the DNS types served", Duration::from_secs(60), || async {
        endpoints.list(&Default::default()).await.ok()
    })
    .await;
}

/// Unjoins the members when dropped, also when the test fails.
struct Joined(Vec<String>);

impl Drop for Joined {
    fn drop(&mut self) {
        for member in &self.0 {
            let _ = ours(&["unjoin", member, "--host-cluster-context", HOST, "--force"]);
        }
    }
}

/// `dns ARGS` on the shared host.
fn dns(args: &[&str]) -> std::process::Output {
    ours(&[&["dns", "--host-cluster-context", HOST], args].concat())
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A node of `cluster` in `region` and `zone` (no kubelet: only the object).
async fn add_node(cluster: &str, region: &str, zone: &str) {
    let nodes: Api<Node> = Api::all(control_plane().client(cluster).await);
    let node: Node = serde_json::from_value(json!({
        "metadata": {"name": format!("node-{zone}"), "labels": {
            "topology.kubernetes.io/region": region,
            "topology.kubernetes.io/zone": zone,
        }},
    }))
    .unwrap();
    nodes.create(&PostParams::default(), &node).await.unwrap();
}

/// Gives the member's Service `ns/web` the load balancer `ip`, as a cloud would.
async fn set_load_balancer(cluster: &str, ns: &str, ip: &str) {
    let services: Api<Service> = Api::namespaced(control_plane().client(cluster).await, ns);
    let status = json!({"status": {"loadBalancer": {"ingress": [{"ip": ip}]}}});
    services
        .patch_status("web", &PatchParams::default(), &Patch::Merge(&status))
        .await
        .unwrap();
}

/// The DNSEndpoint `service-web` of namespace `ns`: its records by name.
async fn records(host: &kube::Client, ns: &str) -> Option<(Value, String)> {
    let api: Api<DynamicObject> =
        Api::namespaced_with(host.clone(), ns, &resource("DNSEndpoint", "dnsendpoints"));
    let endpoint = api.get_opt("service-web").await.unwrap()?;
    let mut by_name = serde_json::Map::new();
    for e in endpoint.data["spec"]["endpoints"].as_array().unwrap() {
        let name = e["dnsName"].as_str().unwrap().to_owned();
        by_name.insert(
            name,
            json!({"type": e["recordType"], "targets": e["targets"], "ttl": e["recordTTL"]}),
        );
    }
    let version = endpoint.metadata.resource_version.unwrap();
    Some((Value::Object(by_name), version))
}

fn a(targets: &[&str]) -> Value {
    json!({"type": "A", "targets": targets, "ttl": 60})
}

fn cname(target: &str) -> Value {
    json!({"type": "CNAME", "targets": [target], "ttl": 60})
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn service_names_for_every_member_region_and_zone() {
    let _turn = crate::support::take_turn();
    let cp = control_plane();
    let host = cp.client(HOST).await;
    install_dns_crds(&host).await;
    let (m1, m2) = (cp.add_cluster(), cp.add_cluster());
    let _joined = Joined(vec![m1.clone(), m2.clone()]);
    for member in [&m1, &m2] {
        assert_ok(&ours(&["join", member, "--host-cluster-context", HOST]));
    }
    add_node(&m1, "us", "us1").await;
    add_node(&m2, "eu", "eu1").await;
    assert_ok(&ours(&[
        "enable",
        "namespaces",
        "services",
        "--host-cluster-context",
        HOST,
    ]));

    // The Service, federated to both members by the KubeFed controller.
    let ns = unique_name("dns");
    create_namespace(&host, &ns).await;
    let service: Service = serde_json::from_value(json!({
        "metadata": {"name": "web", "namespace": ns},
        "spec": {"type": "LoadBalancer", "ports": [{"port": 80}], "selector": {"app": "web"}},
    }))
    .unwrap();
    Api::<Service>::namespaced(host.clone(), &ns)
        .create(&PostParams::default(), &service)
        .await
        .unwrap();
    let both = format!("{m1},{m2}");
    assert_ok(&ours(
        &[
            &crate::support::federate_contents(&ns)[..],
            &["--placement-clusters", &both],
        ]
        .concat(),
    ));
    for member in [&m1, &m2] {
        let services: Api<Service> = Api::namespaced(cp.client(member).await, &ns);
        eventually(
            "the Service propagated",
            Duration::from_secs(90),
            || async { services.get_opt("web").await.ok().flatten() },
        )
        .await;
    }
    set_load_balancer(&m1, &ns, "198.51.100.1").await;
    set_load_balancer(&m2, &ns, "203.0.113.1").await;
    // A ready endpoint on m1 only: m2's Service counts only once the record allows it.
    let slice: EndpointSlice = serde_json::from_value(json!({
        "metadata": {"name": "web-1", "namespace": ns,
                     "labels": {"kubernetes.io/service-name": "web"}},
        "addressType": "IPv4",
        "endpoints": [{"addresses": ["10.0.0.1"], "conditions": {"ready": true}}],
    }))
    .unwrap();
    Api::<EndpointSlice>::namespaced(cp.client(&m1).await, &ns)
        .create(&PostParams::default(), &slice)
        .await
        .unwrap();

    // The Domain and the record.
    let fed = unique_name("fed");
    let domains: Api<DynamicObject> = Api::namespaced_with(
        host.clone(),
        KUBEFED_NAMESPACE,
        &resource("Domain", "domains"),
    );
    create(
        &domains,
        "Domain",
        json!({"metadata": {"name": fed}, "domain": "example.com"}),
    )
    .await;
    let record_api = records_api(&host, &ns);
    create(
        &record_api,
        "ServiceDNSRecord",
        json!({"metadata": {"name": "web"},
                "spec": {"domainRef": fed, "recordTTL": 60, "dnsPrefix": "www"}}),
    )
    .await;

    // One pass.
    let out = assert_ok(&dns(&["-n", &ns]));
    assert_eq!(
        out,
        format!(
            "servicednsrecord.multiclusterdns.kubefed.io/web status updated in namespace {ns}\n\
             dnsendpoint.multiclusterdns.kubefed.io/service-web created in namespace {ns}\n"
        )
    );
    let name = |level: &str| format!("web.{ns}.{fed}.svc.{level}example.com");
    let global = name("");
    let (got, version) = records(&host, &ns).await.expect("DNSEndpoint service-web");
    assert_eq!(
        got,
        json!({
            global.clone(): a(&["198.51.100.1"]),
            name("us."): a(&["198.51.100.1"]),
            name("us1.us."): a(&["198.51.100.1"]),
            name("eu."): cname(&global),
            name("eu1.eu."): cname(&name("eu.")),
            "www.example.com": cname(&global),
        })
    );
    let record = record_api.get("web").await.unwrap();
    assert_eq!(record.data["status"]["domain"], "example.com");
    let entry = |cluster: &str| {
        record.data["status"]["dns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["cluster"] == cluster)
            .cloned()
            .unwrap_or_else(|| panic!("no entry for {cluster}: {record:?}"))
    };
    assert_eq!(
        entry(&m1),
        json!({"cluster": m1, "region": "us", "zones": ["us1"],
               "loadBalancer": {"ingress": [{"ip": "198.51.100.1"}]}})
    );
    assert_eq!(
        entry(&m2),
        json!({"cluster": m2, "region": "eu", "zones": ["eu1"], "loadBalancer": {}})
    );

    // A re-run changes nothing.
    let again = assert_ok(&dns(&["-n", &ns]));
    assert!(
        again.lines().all(|l| l.contains(" unchanged in namespace")),
        "{again}"
    );
    assert_eq!(records(&host, &ns).await.unwrap().1, version);

    // m2's Service counts once the record allows Services without ready endpoints; the
    // dry runs and -o show that and write nothing.
    record_api
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"allowServiceWithoutEndpoints": true}})),
        )
        .await
        .unwrap();
    for (mode, suffix) in [
        ("--dry-run=client", "(dry run)"),
        ("--dry-run=server", "(server dry run)"),
    ] {
        let out = assert_ok(&dns(&["-n", &ns, mode]));
        assert!(
            out.contains(&format!(
                "dnsendpoint.multiclusterdns.kubefed.io/service-web updated in namespace {ns} {suffix}"
            )),
            "{out}"
        );
    }
    let printed = assert_ok(&dns(&["-n", &ns, "-o", "json"]));
    let printed: Value = serde_json::from_str(&printed).unwrap();
    let kinds: Vec<&str> = printed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["ServiceDNSRecord", "DNSEndpoint"], "{printed:#}");
    assert!(printed.to_string().contains("203.0.113.1"), "{printed:#}");
    assert_eq!(records(&host, &ns).await.unwrap().1, version);

    // --watch writes the change, then follows a new address by itself.
    let mut watch = crate::support::std_command(&crate::support::kubefedctl())
        .args(["dns", "--watch", "-n", &ns, "--host-cluster-context", HOST])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let watched = async {
        eventually(
            "--watch wrote both members",
            Duration::from_secs(60),
            || async {
                let (got, _) = records(&host, &ns).await?;
                (got[&global] == a(&["198.51.100.1", "203.0.113.1"])
                    && got[&name("eu1.eu.")] == a(&["203.0.113.1"]))
                .then_some(())
            },
        )
        .await;
        set_load_balancer(&m1, &ns, "198.51.100.7").await;
        eventually(
            "--watch followed the new address",
            Duration::from_secs(60),
            || async {
                let (got, _) = records(&host, &ns).await?;
                (got[&name("us1.us.")] == a(&["198.51.100.7"])).then_some(())
            },
        )
        .await;
    };
    let finished = tokio::time::timeout(Duration::from_secs(150), watched).await;
    // SAFETY: a plain kill(2) of the child this test started.
    unsafe { libc::kill(watch.id() as i32, libc::SIGINT) };
    let status = watch.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(watch.stderr.as_mut().unwrap(), &mut err).unwrap();
    finished.unwrap_or_else(|_| panic!("--watch did not keep up: {err}"));
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(!err.contains("warning:"), "{err}");

    // A member that cannot be read keeps its entries, and is warned about.
    cp.stop_apiserver(&m1);
    let output = dns(&["-n", &ns]);
    cp.start_apiserver(&m1);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(
        err.starts_with(&format!(
            "warning: member cluster \"{m1}\" cannot be read ("
        )),
        "{err}"
    );
    assert!(
        err.contains("its entries in the records' status are kept"),
        "{err}"
    );
    let (got, _) = records(&host, &ns).await.unwrap();
    assert_eq!(got[&name("us1.us.")], a(&["198.51.100.7"]));
    assert_eq!(got[&global], a(&["198.51.100.7", "203.0.113.1"]));

    // m2's Service deleted (the controller may put it back, without an address): its
    // address leaves after the next pass.
    Api::<Service>::namespaced(cp.client(&m2).await, &ns)
        .delete("web", &DeleteParams::default())
        .await
        .unwrap();
    assert_ok(&dns(&["-n", &ns]));
    let (got, _) = records(&host, &ns).await.unwrap();
    assert_eq!(got[&global], a(&["198.51.100.7"]));
    assert_eq!(got[&name("eu.")], cname(&global));

    // An IngressDNSRecord: its hosts get the addresses of the members' Ingresses.
    let ingresses: Api<Ingress> = Api::namespaced(cp.client(&m1).await, &ns);
    let ingress: Ingress = serde_json::from_value(json!({
        "metadata": {"name": "web"},
        "spec": {"defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}},
    }))
    .unwrap();
    ingresses
        .create(&PostParams::default(), &ingress)
        .await
        .unwrap();
    let status = json!({"status": {"loadBalancer": {"ingress": [{"ip": "192.0.2.10"}]}}});
    ingresses
        .patch_status("web", &PatchParams::default(), &Patch::Merge(&status))
        .await
        .unwrap();
    let ingress_records: Api<DynamicObject> = Api::namespaced_with(
        host.clone(),
        &ns,
        &resource("IngressDNSRecord", "ingressdnsrecords"),
    );
    create(
        &ingress_records,
        "IngressDNSRecord",
        json!({"metadata": {"name": "web"},
               "spec": {"hosts": ["shop.example.com"], "recordTTL": 30}}),
    )
    .await;
    let out = assert_ok(&dns(&["-n", &ns]));
    assert!(
        out.contains(&format!(
            "dnsendpoint.multiclusterdns.kubefed.io/ingress-web created in namespace {ns}"
        )),
        "{out}"
    );
    let endpoints: Api<DynamicObject> =
        Api::namespaced_with(host.clone(), &ns, &resource("DNSEndpoint", "dnsendpoints"));
    let published = endpoints.get("ingress-web").await.unwrap();
    assert_eq!(
        published.data["spec"]["endpoints"],
        json!([{"dnsName": "shop.example.com", "targets": ["192.0.2.10"],
                "recordType": "A", "recordTTL": 30}])
    );
    let status = ingress_records.get("web").await.unwrap().data["status"].clone();
    assert!(
        status.to_string().contains(&format!(
            "{{\"cluster\":\"{m1}\",\"loadBalancer\":{{\"ingress\":[{{\"ip\":\"192.0.2.10\"}}]}}}}"
        )),
        "{status}"
    );

    // The record gone, its DNSEndpoint goes with it (it owns it).
    record_api
        .delete("web", &DeleteParams::default())
        .await
        .unwrap();
    eventually(
        "the DNSEndpoint collected",
        Duration::from_secs(60),
        || async { records(&host, &ns).await.is_none().then_some(()) },
    )
    .await;
    let _ = domains.delete(&fed, &DeleteParams::default()).await;
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn bad_records_are_refused_and_nothing_changes() {
    let _turn = crate::support::take_turn();
    let host = control_plane().client(HOST).await;
    install_dns_crds(&host).await;
    // A KubeFed namespace of this test alone: no members are joined there.
    let kubefed_ns = crate::support::private_kubefed_namespace("Cluster").await;
    let domains: Api<DynamicObject> =
        Api::namespaced_with(host.clone(), &kubefed_ns, &resource("Domain", "domains"));
    for (name, domain) in [
        ("good", "example.org"),
        ("bad", "not a domain\nerror: fake"),
    ] {
        create(
            &domains,
            "Domain",
            json!({"metadata": {"name": name}, "domain": domain}),
        )
        .await;
    }
    for (domain_ref, error, hint) in [
        (
            "missing",
            format!(
                "names Domain \"missing\", which namespace \"{kubefed_ns}\" does not hold; nothing was written"
            ),
            "hint: create the Domain in the KubeFed namespace",
        ),
        (
            "bad",
            format!(
                "Domain \"{kubefed_ns}/bad\" holds no DNS name in its field domain; nothing was written"
            ),
            "hint: set domain to a DNS zone",
        ),
        (
            "good",
            "its Service \"@NS@/web\" exists in no member cluster; nothing was written".to_owned(),
            "hint: federate the Service to the members first",
        ),
    ] {
        let ns = unique_name("dns-bad");
        create_namespace(&host, &ns).await;
        let record_api = records_api(&host, &ns);
        create(
            &record_api,
            "ServiceDNSRecord",
            json!({"metadata": {"name": "web"},
                    "spec": {"domainRef": domain_ref}}),
        )
        .await;
        let output = dns(&["-n", &ns, "--kubefed-namespace", &kubefed_ns]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{err}");
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "{err}");
        assert!(lines[0].starts_with("error: "), "{err}");
        assert!(lines[0].contains(&error.replace("@NS@", &ns)), "{err}");
        assert!(lines[1].starts_with(hint), "{err}");
        assert!(!err.contains("fake"), "{err}");
        assert!(output.stdout.is_empty());
        // Nothing written: no DNSEndpoint, no status.
        assert!(records(&host, &ns).await.is_none());
        let record = record_api.get("web").await.unwrap();
        assert!(
            record.data.get("status").is_none_or(Value::is_null),
            "{record:?}"
        );
    }
}
