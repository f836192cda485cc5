//! Cross-cluster service discovery (`multiclusterdns.kubefed.io/v1alpha1`), as KubeFed
//! v0.6 did it in its ServiceDNS, IngressDNS and DNSEndpoint controllers, computed here
//! without a cluster: from a record, its Domain and what each member holds, the
//! record's status and the DNSEndpoint that ExternalDNS publishes.
//!
//! For a ServiceDNSRecord `web` in namespace `shop` naming the Domain `fed` (domain
//! `example.com`), the names are `web.shop.fed.svc.example.com` (every member),
//! `web.shop.fed.svc.<region>.example.com` (the members of a region) and
//! `web.shop.fed.svc.<zone>.<region>.example.com` (those of a zone). A name with load
//! balancers behind it is an A record of their addresses; a zone or region name without
//! is a CNAME to the name one level up, so a client always gets an answer.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::Node;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use kube::core::{ApiResource, GroupVersionKind};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::plan::init::{MANAGED_BY, MANAGED_BY_LABEL};
use crate::plan::join::Object;
use crate::plan::kubefed::{KubeFedCluster, KubeFedObject};
use crate::plan::names::{is_dns1123_label, is_dns1123_subdomain};

pub(crate) const GROUP: &str = "multiclusterdns.kubefed.io";
pub(crate) const VERSION: &str = "v1alpha1";
/// The TTL of a record whose `recordTTL` is left out (KubeFed's `defaultDNSTTL`).
pub(crate) const DEFAULT_TTL: i64 = 180;
pub(crate) const RECORD_A: &str = "A";
pub(crate) const RECORD_CNAME: &str = "CNAME";

/// The node labels a member's region and zones are read from when its KubeFedCluster's
/// status has none: the current ones, then the deprecated ones KubeFed v0.6 read.
const REGION_LABELS: [&str; 2] = [
    "topology.kubernetes.io/region",
    "failure-domain.beta.kubernetes.io/region",
];
const ZONE_LABELS: [&str; 2] = [
    "topology.kubernetes.io/zone",
    "failure-domain.beta.kubernetes.io/zone",
];

fn resource(kind: &str, plural: &str) -> ApiResource {
    ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(GROUP, VERSION, kind), plural)
}

pub(crate) fn domain_resource() -> ApiResource {
    resource("Domain", "domains")
}

pub(crate) fn service_dns_record_resource() -> ApiResource {
    resource("ServiceDNSRecord", "servicednsrecords")
}

pub(crate) fn ingress_dns_record_resource() -> ApiResource {
    resource("IngressDNSRecord", "ingressdnsrecords")
}

pub(crate) fn dns_endpoint_resource() -> ApiResource {
    resource("DNSEndpoint", "dnsendpoints")
}

/// The DNS zone of a federation; lives in the KubeFed namespace. Its fields are at the
/// top level, not under `spec`, as in KubeFed.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Domain {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub domain: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_server: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub(crate) struct ServiceDnsRecord {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: ServiceDnsRecordSpec,
    #[serde(default)]
    pub status: ServiceDnsRecordStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ServiceDnsRecordSpec {
    #[serde(default)]
    pub domain_ref: String,
    /// 0 or absent: [`DEFAULT_TTL`].
    #[serde(default, rename = "recordTTL", skip_serializing_if = "Option::is_none")]
    pub record_ttl: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_name: Option<String>,
    #[serde(default)]
    pub allow_service_without_endpoints: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) struct ServiceDnsRecordStatus {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub domain: String,
    #[serde(default)]
    pub dns: Vec<ClusterDns>,
}

/// One member's entry in a ServiceDNSRecord's status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ClusterDns {
    pub cluster: String,
    #[serde(default)]
    pub load_balancer: LoadBalancerStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) struct LoadBalancerStatus {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ingress: Vec<LoadBalancerIngress>,
}

/// A load balancer's address: an IP, a host name, or both.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub(crate) struct LoadBalancerIngress {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub(crate) struct IngressDnsRecord {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: IngressDnsRecordSpec,
    #[serde(default)]
    pub status: IngressDnsRecordStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) struct IngressDnsRecordSpec {
    #[serde(default)]
    pub hosts: Vec<String>,
    #[serde(default, rename = "recordTTL", skip_serializing_if = "Option::is_none")]
    pub record_ttl: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) struct IngressDnsRecordStatus {
    #[serde(default)]
    pub dns: Vec<ClusterIngressDns>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ClusterIngressDns {
    pub cluster: String,
    #[serde(default)]
    pub load_balancer: LoadBalancerStatus,
}

/// The records of one ServiceDNSRecord or IngressDNSRecord, for ExternalDNS.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub(crate) struct DnsEndpoint {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: DnsEndpointSpec,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) struct DnsEndpointSpec {
    #[serde(default)]
    pub endpoints: Vec<Endpoint>,
}

/// One DNS record set: a name, its targets, its type and TTL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Endpoint {
    pub dns_name: String,
    pub targets: Vec<String>,
    pub record_type: String,
    #[serde(rename = "recordTTL")]
    pub record_ttl: i64,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

macro_rules! kubefed_object {
    ($($t:ty),*) => {$(
        impl KubeFedObject for $t {
            fn metadata(&self) -> &ObjectMeta {
                &self.metadata
            }
        }
    )*};
}
kubefed_object!(Domain, ServiceDnsRecord, IngressDnsRecord, DnsEndpoint);

/// Where a member runs: its region and zones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Locality {
    pub region: String,
    pub zones: Vec<String>,
}

impl Locality {
    /// From the KubeFedCluster's status (`region`, `zones`), each of which, when empty,
    /// is read from the member's node labels: the first node's region, as KubeFed v0.6
    /// did, and the zones of all nodes.
    pub(crate) fn of(cluster: &KubeFedCluster, nodes: &[Node]) -> Locality {
        let label = |node: &Node, keys: &[&str]| {
            let labels = node.metadata.labels.as_ref()?;
            keys.iter().find_map(|key| labels.get(*key).cloned())
        };
        let region = match cluster.status.region.as_deref() {
            Some(region) if !region.is_empty() => region.to_owned(),
            _ => nodes
                .first()
                .and_then(|node| label(node, &REGION_LABELS))
                .unwrap_or_default(),
        };
        let zones = if cluster.status.zones.is_empty() {
            let zones: BTreeSet<String> = nodes
                .iter()
                .filter_map(|node| label(node, &ZONE_LABELS))
                .filter(|zone| !zone.is_empty())
                .collect();
            zones.into_iter().collect()
        } else {
            cluster.status.zones.clone()
        };
        Locality { region, zones }
    }

    /// Whether the locality still has to be read from the nodes.
    pub(crate) fn needs_nodes(cluster: &KubeFedCluster) -> bool {
        cluster
            .status
            .region
            .as_deref()
            .unwrap_or_default()
            .is_empty()
            || cluster.status.zones.is_empty()
    }
}

/// What one member holds of a Service a record names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ServiceState {
    pub load_balancer: Vec<LoadBalancerIngress>,
    /// Whether some endpoint of the Service is ready.
    pub ready_endpoints: bool,
}

/// What `dns` read of one member: the Services and Ingresses of the records'
/// namespaces, by (namespace, name).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct MemberObjects {
    pub services: BTreeMap<(String, String), ServiceState>,
    pub ingresses: BTreeMap<(String, String), Vec<LoadBalancerIngress>>,
}

/// One joined member as a pass sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Member {
    pub cluster: String,
    pub locality: Locality,
    /// Err: the member could not be read (the reason); its entries of the records'
    /// statuses are kept as they were.
    pub objects: Result<MemberObjects, String>,
}

/// Why a record gets no status and no DNSEndpoint in this pass.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum RecordProblem {
    #[error("{record} names Domain \"{domain}\", which namespace \"{namespace}\" does not hold")]
    MissingDomain {
        record: String,
        domain: String,
        namespace: String,
    },
    #[error("Domain \"{namespace}/{name}\" holds no DNS name in its field domain")]
    BadDomain { namespace: String, name: String },
    #[error("{record} makes DNS names that are not valid: {why}")]
    BadName { record: String, why: String },
    #[error("{record}: its {kind} \"{namespace}/{name}\" exists in no member cluster")]
    NotFound {
        record: String,
        kind: &'static str,
        namespace: String,
        name: String,
    },
}

impl RecordProblem {
    pub(crate) fn hint(&self) -> String {
        match self {
            RecordProblem::MissingDomain { .. } => {
                "create the Domain in the KubeFed namespace, or correct spec.domainRef".into()
            }
            RecordProblem::BadDomain { .. } => {
                "set domain to a DNS zone such as example.com (lower-case letters, digits, \
                 '-' and '.')"
                    .into()
            }
            RecordProblem::BadName { .. } => {
                "names are made of DNS labels of at most 63 characters, 253 in all".into()
            }
            RecordProblem::NotFound { kind, .. } => {
                format!("federate the {kind} to the members first, or delete the record")
            }
        }
    }
}

/// `ServiceDNSRecord "ns/name"`.
fn describe(kind: &str, metadata: &ObjectMeta) -> String {
    format!(
        "{kind} \"{}/{}\"",
        metadata.namespace.as_deref().unwrap_or_default(),
        metadata.name.as_deref().unwrap_or_default()
    )
}

fn key(metadata: &ObjectMeta) -> (String, String) {
    (
        metadata.namespace.clone().unwrap_or_default(),
        metadata.name.clone().unwrap_or_default(),
    )
}

/// Whether `name` is a DNS name: labels of at most 63 characters, 253 in all.
pub(crate) fn is_dns_name(name: &str) -> bool {
    is_dns1123_subdomain(name) && name.split('.').all(is_dns1123_label)
}

/// The load balancer's addresses sorted by IP, then host name, as KubeFed sorted them.
fn sorted(load_balancer: &[LoadBalancerIngress]) -> LoadBalancerStatus {
    let mut ingress = load_balancer.to_vec();
    ingress.sort();
    LoadBalancerStatus { ingress }
}

/// The status of a ServiceDNSRecord: the Domain's zone, and one entry per member (by
/// name) with its region, zones and the addresses of its Service (none when the Service
/// is missing, or has no ready endpoint and the record does not allow that). A member
/// that could not be read keeps its previous entry.
pub(crate) fn service_status(
    record: &ServiceDnsRecord,
    domain: Option<&Domain>,
    kubefed_namespace: &str,
    members: &[Member],
) -> Result<ServiceDnsRecordStatus, RecordProblem> {
    let what = describe("ServiceDNSRecord", &record.metadata);
    let domain = checked_domain(&what, &record.spec.domain_ref, domain, kubefed_namespace)?;
    check_service_names(&what, record, domain)?;
    let service_key = key(&record.metadata);
    let dns = entries(members, &record.status.dns, |member, objects| {
        let service = objects.services.get(&service_key);
        let load_balancer = service
            .filter(|s| s.ready_endpoints || record.spec.allow_service_without_endpoints)
            .map(|s| sorted(&s.load_balancer))
            .unwrap_or_default();
        let entry = ClusterDns {
            cluster: member.cluster.clone(),
            load_balancer,
            zones: member.locality.zones.clone(),
            region: member.locality.region.clone(),
        };
        (entry, service.is_some())
    })
    .ok_or_else(|| not_found(what, "Service", &service_key))?;
    Ok(ServiceDnsRecordStatus {
        domain: domain.to_owned(),
        dns,
    })
}

fn not_found(
    record: String,
    kind: &'static str,
    (namespace, name): &(String, String),
) -> RecordProblem {
    RecordProblem::NotFound {
        record,
        kind,
        namespace: namespace.clone(),
        name: name.clone(),
    }
}

/// A member's entry in a record's status.
trait Entry: Clone {
    fn cluster(&self) -> &str;
    fn has_address(&self) -> bool;
}

impl Entry for ClusterDns {
    fn cluster(&self) -> &str {
        &self.cluster
    }

    fn has_address(&self) -> bool {
        !self.load_balancer.ingress.is_empty()
    }
}

impl Entry for ClusterIngressDns {
    fn cluster(&self) -> &str {
        &self.cluster
    }

    fn has_address(&self) -> bool {
        !self.load_balancer.ingress.is_empty()
    }
}

/// The entries of a record's status, by cluster: `read` makes a readable member's entry
/// and says whether the member holds the record's object; a member that could not be
/// read keeps its entry of `previous`. None when no member holds the object (nor has a
/// kept entry with an address).
fn entries<E: Entry>(
    members: &[Member],
    previous: &[E],
    read: impl Fn(&Member, &MemberObjects) -> (E, bool),
) -> Option<Vec<E>> {
    let mut found = false;
    let mut dns = Vec::new();
    for member in members {
        match &member.objects {
            Ok(objects) => {
                let (entry, holds) = read(member, objects);
                found |= holds;
                dns.push(entry);
            }
            Err(_) => {
                let kept = previous.iter().find(|c| c.cluster() == member.cluster);
                found |= kept.is_some_and(Entry::has_address);
                dns.extend(kept.cloned());
            }
        }
    }
    if !found {
        return None;
    }
    dns.sort_by(|a, b| a.cluster().cmp(b.cluster()));
    Some(dns)
}

/// The Domain's zone, once the Domain is found and holds a DNS name.
fn checked_domain<'a>(
    what: &str,
    domain_ref: &str,
    domain: Option<&'a Domain>,
    kubefed_namespace: &str,
) -> Result<&'a str, RecordProblem> {
    let domain = domain.ok_or_else(|| RecordProblem::MissingDomain {
        record: what.to_owned(),
        domain: domain_ref.to_owned(),
        namespace: kubefed_namespace.to_owned(),
    })?;
    let zone = domain.domain.trim_end_matches('.');
    if !is_dns_name(zone) {
        return Err(RecordProblem::BadDomain {
            namespace: kubefed_namespace.to_owned(),
            name: domain.name().to_owned(),
        });
    }
    Ok(zone)
}

/// The first part of every name of the record: `<service>.<namespace>.<domainRef>.svc`.
fn common_prefix(record: &ServiceDnsRecord) -> String {
    let (namespace, name) = key(&record.metadata);
    let service = record
        .spec
        .external_name
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or(name);
    format!("{service}.{namespace}.{}.svc", record.spec.domain_ref)
}

/// The record's names are DNS names, also at zone level and with the prefix.
fn check_service_names(
    what: &str,
    record: &ServiceDnsRecord,
    zone: &str,
) -> Result<(), RecordProblem> {
    let bad = |why: &str| RecordProblem::BadName {
        record: what.to_owned(),
        why: why.to_owned(),
    };
    if !is_dns_name(&format!("{}.{zone}", common_prefix(record))) {
        return Err(bad(
            "the service (or spec.externalName), namespace, spec.domainRef and domain",
        ));
    }
    if let Some(prefix) = record.spec.dns_prefix.as_deref().filter(|p| !p.is_empty())
        && !is_dns_name(&format!("{prefix}.{zone}"))
    {
        return Err(bad("spec.dnsPrefix and domain"));
    }
    Ok(())
}

/// The host names among the addresses of `load_balancers`, which the caller resolves to
/// IP addresses for A records (as KubeFed did).
pub(crate) fn host_names<'a>(
    load_balancers: impl IntoIterator<Item = &'a LoadBalancerStatus>,
) -> BTreeSet<String> {
    load_balancers
        .into_iter()
        .flat_map(|lb| &lb.ingress)
        .filter_map(|i| i.hostname.clone())
        .filter(|h| h.parse::<std::net::IpAddr>().is_err())
        .collect()
}

/// The IP addresses of a load balancer, host names replaced by what they resolved to
/// (`resolved`; a name missing there is left out).
fn targets(
    load_balancer: &LoadBalancerStatus,
    resolved: &BTreeMap<String, Vec<String>>,
) -> Vec<String> {
    let mut targets = BTreeSet::new();
    for ingress in &load_balancer.ingress {
        targets.extend(ingress.ip.iter().filter(|ip| !ip.is_empty()).cloned());
        if let Some(host) = &ingress.hostname {
            if host.parse::<std::net::IpAddr>().is_ok() {
                targets.insert(host.clone());
            } else if let Some(ips) = resolved.get(host) {
                targets.extend(ips.iter().cloned());
            }
        }
    }
    targets.into_iter().collect()
}

fn ttl(record_ttl: Option<i64>) -> i64 {
    record_ttl.filter(|t| *t > 0).unwrap_or(DEFAULT_TTL)
}

/// The records of a ServiceDNSRecord with the status `status`: per member, an A record
/// of its addresses at zone, region and federation level, or (without addresses) a CNAME
/// to the level above; and with `dnsPrefix` a CNAME `<prefix>.<domain>` to the
/// federation-wide name. Records of one name are merged: the addresses of all members,
/// an A record winning over a CNAME.
pub(crate) fn service_endpoints(
    record: &ServiceDnsRecord,
    status: &ServiceDnsRecordStatus,
    resolved: &BTreeMap<String, Vec<String>>,
) -> Vec<Endpoint> {
    let prefix = common_prefix(record);
    let domain = &status.domain;
    let ttl = ttl(record.spec.record_ttl);
    let labels: BTreeMap<String, String> = match &record.spec.external_name {
        Some(external) if !external.is_empty() => BTreeMap::from([(
            "serviceName".to_owned(),
            record.metadata.name.clone().unwrap_or_default(),
        )]),
        _ => BTreeMap::new(),
    };
    let endpoint = |name: String, targets: Vec<String>, up: Option<&str>| {
        let (targets, record_type) = if targets.is_empty() {
            (up.map(str::to_owned).into_iter().collect(), RECORD_CNAME)
        } else {
            (targets, RECORD_A)
        };
        Endpoint {
            dns_name: name,
            targets,
            record_type: record_type.to_owned(),
            record_ttl: ttl,
            labels: labels.clone(),
        }
    };
    let global = format!("{prefix}.{domain}");
    let mut endpoints = Vec::new();
    for cluster in &status.dns {
        let addresses = targets(&cluster.load_balancer, resolved);
        // A member without a region has names at federation level only.
        if !cluster.region.is_empty() {
            let region = format!("{prefix}.{}.{domain}", cluster.region);
            for zone in &cluster.zones {
                let name = format!("{prefix}.{zone}.{}.{domain}", cluster.region);
                endpoints.push(endpoint(name, addresses.clone(), Some(&region)));
            }
            endpoints.push(endpoint(region, addresses.clone(), Some(&global)));
        }
        endpoints.push(endpoint(global.clone(), addresses, None));
    }
    if let Some(dns_prefix) = record.spec.dns_prefix.as_deref().filter(|p| !p.is_empty()) {
        endpoints.push(Endpoint {
            dns_name: format!("{dns_prefix}.{domain}"),
            targets: vec![global],
            record_type: RECORD_CNAME.to_owned(),
            record_ttl: ttl,
            labels: BTreeMap::new(),
        });
    }
    merge(endpoints)
}

/// KubeFed's `DedupeAndMergeEndpoints`: sorted by name; records without targets dropped;
/// records of one name merged (the union of their targets, sorted), an A record replacing
/// a CNAME.
fn merge(endpoints: Vec<Endpoint>) -> Vec<Endpoint> {
    let mut by_name: BTreeMap<String, Endpoint> = BTreeMap::new();
    for mut endpoint in endpoints {
        endpoint.targets.retain(|t| !t.is_empty());
        if endpoint.targets.is_empty() {
            continue;
        }
        match by_name.get_mut(&endpoint.dns_name) {
            None => {
                endpoint.targets.sort();
                endpoint.targets.dedup();
                by_name.insert(endpoint.dns_name.clone(), endpoint);
            }
            Some(existing) if existing.record_type == endpoint.record_type => {
                existing.targets.extend(endpoint.targets);
                existing.targets.sort();
                existing.targets.dedup();
            }
            Some(existing) => {
                if existing.record_type == RECORD_CNAME {
                    *existing = endpoint;
                }
            }
        }
    }
    by_name.into_values().collect()
}

/// The status of an IngressDNSRecord: one entry per member (by name) with the addresses
/// of its Ingress; a member that could not be read keeps its previous entry.
pub(crate) fn ingress_status(
    record: &IngressDnsRecord,
    members: &[Member],
) -> Result<IngressDnsRecordStatus, RecordProblem> {
    let what = describe("IngressDNSRecord", &record.metadata);
    if let Some(bad) = record.spec.hosts.iter().find(|h| !is_dns_name(h)) {
        let position = record.spec.hosts.iter().position(|h| h == bad).unwrap_or(0);
        return Err(RecordProblem::BadName {
            record: what,
            why: format!("spec.hosts[{position}]"),
        });
    }
    let ingress_key = key(&record.metadata);
    let dns = entries(members, &record.status.dns, |member, objects| {
        let ingress = objects.ingresses.get(&ingress_key);
        let entry = ClusterIngressDns {
            cluster: member.cluster.clone(),
            load_balancer: ingress.map(|lb| sorted(lb)).unwrap_or_default(),
        };
        (entry, ingress.is_some())
    })
    .ok_or_else(|| not_found(what, "Ingress", &ingress_key))?;
    Ok(IngressDnsRecordStatus { dns })
}

/// The records of an IngressDNSRecord: per host, an A record of the addresses of every
/// member's Ingress; none for a host while no member has an address.
pub(crate) fn ingress_endpoints(
    record: &IngressDnsRecord,
    status: &IngressDnsRecordStatus,
    resolved: &BTreeMap<String, Vec<String>>,
) -> Vec<Endpoint> {
    let addresses: Vec<String> = status
        .dns
        .iter()
        .flat_map(|c| targets(&c.load_balancer, resolved))
        .collect();
    let endpoints = record
        .spec
        .hosts
        .iter()
        .map(|host| Endpoint {
            dns_name: host.clone(),
            targets: addresses.clone(),
            record_type: RECORD_A.to_owned(),
            record_ttl: ttl(record.spec.record_ttl),
            labels: BTreeMap::new(),
        })
        .collect();
    merge(endpoints)
}

/// Which kind of record a DNSEndpoint is made for; KubeFed prefixed the DNSEndpoint's
/// name with it (`service-web`, `ingress-web`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RecordKind {
    Service,
    Ingress,
}

impl RecordKind {
    pub(crate) fn kind(self) -> &'static str {
        match self {
            RecordKind::Service => "ServiceDNSRecord",
            RecordKind::Ingress => "IngressDNSRecord",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            RecordKind::Service => "service",
            RecordKind::Ingress => "ingress",
        }
    }

    pub(crate) fn resource(self) -> ApiResource {
        match self {
            RecordKind::Service => service_dns_record_resource(),
            RecordKind::Ingress => ingress_dns_record_resource(),
        }
    }

    /// The name of the DNSEndpoint of the record named `record`.
    pub(crate) fn endpoint_name(self, record: &str) -> String {
        format!("{}-{record}", self.prefix())
    }
}

/// The DNSEndpoint of a record, in its namespace, owned by it (so that it goes when the
/// record goes).
pub(crate) fn dns_endpoint(
    kind: RecordKind,
    record: &ObjectMeta,
    endpoints: &[Endpoint],
) -> Object {
    let (namespace, name) = key(record);
    let endpoint_name = kind.endpoint_name(&name);
    let owner = OwnerReference {
        api_version: format!("{GROUP}/{VERSION}"),
        kind: kind.kind().to_owned(),
        name: name.clone(),
        uid: record.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: None,
    };
    let body = json!({
        "apiVersion": format!("{GROUP}/{VERSION}"),
        "kind": "DNSEndpoint",
        "metadata": {
            "name": endpoint_name,
            "namespace": namespace,
            "labels": {MANAGED_BY_LABEL: MANAGED_BY},
            "ownerReferences": [owner],
        },
        "spec": {"endpoints": endpoints},
    });
    Object::new(
        dns_endpoint_resource(),
        Some(&namespace),
        &endpoint_name,
        body,
    )
}

/// The body that applies `status` to the record's status subresource.
pub(crate) fn status_patch(
    kind: RecordKind,
    record: &ObjectMeta,
    status: &impl Serialize,
) -> Object {
    let (namespace, name) = key(record);
    let body = json!({
        "apiVersion": format!("{GROUP}/{VERSION}"),
        "kind": kind.kind(),
        "metadata": {"name": name, "namespace": namespace},
        "status": status,
    });
    Object::new(kind.resource(), Some(&namespace), &name, body)
}

/// The record, with `status`, as `-o` prints it: the object as it will be once written.
pub(crate) fn with_status(
    record: &impl Serialize,
    kind: RecordKind,
    status: &impl Serialize,
) -> Value {
    let mut value = serde_json::to_value(record).unwrap_or(Value::Null);
    // As kubectl shows objects: without the field managers' bookkeeping.
    if let Some(metadata) = value["metadata"].as_object_mut() {
        metadata.remove("managedFields");
    }
    value["apiVersion"] = json!(format!("{GROUP}/{VERSION}"));
    value["kind"] = json!(kind.kind());
    value["status"] = serde_json::to_value(status).unwrap_or(Value::Null);
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::init::declared::undeclared_fields;
    use crate::plan::kubefed::KubeFedClusterStatus;

    const NS: &str = "kube-federation-system";

    fn domain() -> Domain {
        Domain {
            metadata: ObjectMeta {
                name: Some("fed".into()),
                namespace: Some(NS.into()),
                ..Default::default()
            },
            domain: "example.com".into(),
            name_server: None,
        }
    }

    fn record(spec: ServiceDnsRecordSpec) -> ServiceDnsRecord {
        ServiceDnsRecord {
            metadata: ObjectMeta {
                name: Some("web".into()),
                namespace: Some("shop".into()),
                uid: Some("uid-1".into()),
                ..Default::default()
            },
            spec: ServiceDnsRecordSpec {
                domain_ref: "fed".into(),
                ..spec
            },
            status: ServiceDnsRecordStatus::default(),
        }
    }

    fn ip(ip: &str) -> LoadBalancerIngress {
        LoadBalancerIngress {
            ip: Some(ip.into()),
            hostname: None,
        }
    }

    fn host(name: &str) -> LoadBalancerIngress {
        LoadBalancerIngress {
            ip: None,
            hostname: Some(name.into()),
        }
    }

    fn member(
        cluster: &str,
        region: &str,
        zones: &[&str],
        service: Option<ServiceState>,
    ) -> Member {
        let mut objects = MemberObjects::default();
        if let Some(state) = service {
            objects
                .services
                .insert(("shop".into(), "web".into()), state.clone());
            objects
                .ingresses
                .insert(("shop".into(), "web".into()), state.load_balancer);
        }
        Member {
            cluster: cluster.into(),
            locality: Locality {
                region: region.into(),
                zones: zones.iter().map(|z| (*z).to_owned()).collect(),
            },
            objects: Ok(objects),
        }
    }

    fn serving(addresses: &[LoadBalancerIngress]) -> Option<ServiceState> {
        Some(ServiceState {
            load_balancer: addresses.to_vec(),
            ready_endpoints: true,
        })
    }

    fn a(name: &str, targets: &[&str]) -> Endpoint {
        Endpoint {
            dns_name: name.into(),
            targets: targets.iter().map(|t| (*t).to_owned()).collect(),
            record_type: RECORD_A.into(),
            record_ttl: DEFAULT_TTL,
            labels: BTreeMap::new(),
        }
    }

    fn cname(name: &str, target: &str) -> Endpoint {
        Endpoint {
            record_type: RECORD_CNAME.into(),
            ..a(name, &[target])
        }
    }

    const GLOBAL: &str = "web.shop.fed.svc.example.com";
    const US: &str = "web.shop.fed.svc.us.example.com";
    const US1: &str = "web.shop.fed.svc.us1.us.example.com";
    const EU: &str = "web.shop.fed.svc.eu.example.com";
    const EU1: &str = "web.shop.fed.svc.eu1.eu.example.com";

    /// Records in the order KubeFed sorts them: by name.
    fn by_name(mut endpoints: Vec<Endpoint>) -> Vec<Endpoint> {
        endpoints.sort_by(|a, b| a.dns_name.cmp(&b.dns_name));
        endpoints
    }

    fn global(endpoints: &[Endpoint]) -> Endpoint {
        endpoints
            .iter()
            .find(|e| e.dns_name == GLOBAL)
            .unwrap()
            .clone()
    }

    fn plan(
        record: &ServiceDnsRecord,
        members: &[Member],
    ) -> (ServiceDnsRecordStatus, Vec<Endpoint>) {
        let status = service_status(record, Some(&domain()), NS, members).unwrap();
        let endpoints = service_endpoints(record, &status, &BTreeMap::new());
        (status, endpoints)
    }

    // KubeFed v0.6 dnsendpoint/service_test.go: "withsingleclusterendpoint".
    #[test]
    fn one_member_gives_a_records_at_every_level() {
        let members = [member("c1", "us", &["us1"], serving(&[ip("198.51.100.1")]))];
        let (status, endpoints) = plan(&record(Default::default()), &members);
        assert_eq!(status.domain, "example.com");
        assert_eq!(
            status.dns,
            [ClusterDns {
                cluster: "c1".into(),
                load_balancer: sorted(&[ip("198.51.100.1")]),
                zones: vec!["us1".into()],
                region: "us".into(),
            }]
        );
        assert_eq!(
            endpoints,
            by_name(vec![
                a(GLOBAL, &["198.51.100.1"]),
                a(US1, &["198.51.100.1"]),
                a(US, &["198.51.100.1"]),
            ])
        );
    }

    // service_test.go: "withmultipleclusterendpoints" and "withnoendpoint" in one cluster.
    #[test]
    fn a_member_without_address_gets_cnames_up_the_levels() {
        let members = [
            member(
                "c1",
                "us",
                &["us1"],
                serving(&[ip("198.51.100.2"), ip("198.51.100.1")]),
            ),
            member("c2", "eu", &["eu1"], serving(&[])),
        ];
        let (_, endpoints) = plan(&record(Default::default()), &members);
        assert_eq!(
            endpoints,
            by_name(vec![
                a(GLOBAL, &["198.51.100.1", "198.51.100.2"]),
                cname(EU1, EU),
                cname(EU, GLOBAL),
                a(US1, &["198.51.100.1", "198.51.100.2"]),
                a(US, &["198.51.100.1", "198.51.100.2"]),
            ])
        );
    }

    #[test]
    fn members_of_one_region_share_its_name_and_the_federation_name() {
        let members = [
            member("c1", "us", &["us1"], serving(&[ip("198.51.100.1")])),
            member("c2", "us", &["us2"], serving(&[ip("198.51.100.2")])),
            member("c3", "eu", &["eu1"], serving(&[ip("203.0.113.1")])),
        ];
        let (_, endpoints) = plan(&record(Default::default()), &members);
        assert_eq!(
            endpoints,
            by_name(vec![
                a(GLOBAL, &["198.51.100.1", "198.51.100.2", "203.0.113.1"]),
                a(EU1, &["203.0.113.1"]),
                a(EU, &["203.0.113.1"]),
                a(US1, &["198.51.100.1"]),
                a("web.shop.fed.svc.us2.us.example.com", &["198.51.100.2"]),
                a(US, &["198.51.100.1", "198.51.100.2"]),
            ])
        );
    }

    // service_test.go: "withdnsprefix", "withexternalname", "withrecordttl".
    #[test]
    fn prefix_external_name_and_ttl() {
        let record = record(ServiceDnsRecordSpec {
            dns_prefix: Some("www".into()),
            external_name: Some("shopfront".into()),
            record_ttl: Some(300),
            ..Default::default()
        });
        let members = [member("c1", "us", &["us1"], serving(&[ip("198.51.100.1")]))];
        let (_, endpoints) = plan(&record, &members);
        let labels = BTreeMap::from([("serviceName".to_owned(), "web".to_owned())]);
        let at = |mut e: Endpoint, labels: &BTreeMap<String, String>| {
            e.record_ttl = 300;
            e.labels = labels.clone();
            e
        };
        let global = "shopfront.shop.fed.svc.example.com";
        assert_eq!(
            endpoints,
            by_name(vec![
                at(a(global, &["198.51.100.1"]), &labels),
                at(
                    a(
                        "shopfront.shop.fed.svc.us1.us.example.com",
                        &["198.51.100.1"]
                    ),
                    &labels
                ),
                at(
                    a("shopfront.shop.fed.svc.us.example.com", &["198.51.100.1"]),
                    &labels
                ),
                at(cname("www.example.com", global), &BTreeMap::new()),
            ])
        );
    }

    // servicedns controller: endpoints readiness and allowServiceWithoutEndpoints.
    #[test]
    fn a_service_without_ready_endpoints_counts_only_when_allowed() {
        let unready = Some(ServiceState {
            load_balancer: vec![ip("198.51.100.9")],
            ready_endpoints: false,
        });
        let members = [
            member("c1", "us", &["us1"], serving(&[ip("198.51.100.1")])),
            member("c2", "us", &["us1"], unready),
        ];
        let (status, endpoints) = plan(&record(Default::default()), &members);
        assert!(status.dns[1].load_balancer.ingress.is_empty());
        assert_eq!(endpoints[0], a(GLOBAL, &["198.51.100.1"]));
        let allowing = record(ServiceDnsRecordSpec {
            allow_service_without_endpoints: true,
            ..Default::default()
        });
        let (_, endpoints) = plan(&allowing, &members);
        assert_eq!(endpoints[0], a(GLOBAL, &["198.51.100.1", "198.51.100.9"]));
    }

    // common_test.go: host names are resolved to addresses.
    #[test]
    fn host_names_become_their_addresses() {
        let members = [member(
            "c1",
            "us",
            &[],
            serving(&[
                host("lb.example.net"),
                host("unknown.example.net"),
                ip("198.51.100.1"),
            ]),
        )];
        let record = record(Default::default());
        let status = service_status(&record, Some(&domain()), NS, &members).unwrap();
        assert_eq!(
            host_names(status.dns.iter().map(|c| &c.load_balancer)),
            BTreeSet::from([
                "lb.example.net".to_owned(),
                "unknown.example.net".to_owned()
            ])
        );
        let resolved = BTreeMap::from([(
            "lb.example.net".to_owned(),
            vec!["192.0.2.7".to_owned(), "192.0.2.5".to_owned()],
        )]);
        let endpoints = service_endpoints(&record, &status, &resolved);
        assert_eq!(
            endpoints,
            by_name(vec![
                a(GLOBAL, &["192.0.2.5", "192.0.2.7", "198.51.100.1"]),
                a(US, &["192.0.2.5", "192.0.2.7", "198.51.100.1"]),
            ])
        );
    }

    #[test]
    fn an_unreadable_member_keeps_its_entry() {
        let mut record = record(Default::default());
        record.status.dns = vec![ClusterDns {
            cluster: "c2".into(),
            load_balancer: sorted(&[ip("203.0.113.1")]),
            zones: vec!["eu1".into()],
            region: "eu".into(),
        }];
        let down = Member {
            cluster: "c2".into(),
            locality: Locality::default(),
            objects: Err("connection refused".into()),
        };
        let members = [
            member("c1", "us", &["us1"], serving(&[ip("198.51.100.1")])),
            down,
        ];
        let (status, endpoints) = plan(&record, &members);
        assert_eq!(status.dns[1], record.status.dns[0]);
        assert_eq!(
            global(&endpoints),
            a(GLOBAL, &["198.51.100.1", "203.0.113.1"])
        );
        // A member never seen before has nothing to keep.
        record.status.dns.clear();
        let (status, _) = plan(&record, &members);
        assert_eq!(status.dns.len(), 1);
    }

    #[test]
    fn a_deleted_service_leaves_the_records() {
        let members = [
            member("c1", "us", &["us1"], serving(&[ip("198.51.100.1")])),
            member("c2", "eu", &["eu1"], None),
        ];
        let (status, endpoints) = plan(&record(Default::default()), &members);
        assert_eq!(status.dns[1].cluster, "c2");
        assert!(status.dns[1].load_balancer.ingress.is_empty());
        assert_eq!(global(&endpoints), a(GLOBAL, &["198.51.100.1"]));
        assert!(
            endpoints
                .iter()
                .all(|e| !e.targets.contains(&"203.0.113.1".to_owned()))
        );
    }

    #[test]
    fn a_member_without_region_is_named_at_federation_level_only() {
        let members = [member("c1", "", &["us1"], serving(&[ip("198.51.100.1")]))];
        let (_, endpoints) = plan(&record(Default::default()), &members);
        assert_eq!(endpoints, [a(GLOBAL, &["198.51.100.1"])]);
    }

    #[test]
    fn bad_input_is_a_problem_naming_the_record() {
        let members = [member("c1", "us", &["us1"], serving(&[ip("198.51.100.1")]))];
        let record = record(Default::default());
        let missing = service_status(&record, None, NS, &members).unwrap_err();
        assert_eq!(
            missing.to_string(),
            "ServiceDNSRecord \"shop/web\" names Domain \"fed\", which namespace \
             \"kube-federation-system\" does not hold"
        );
        let mut bad = domain();
        bad.domain = "not a domain\nerror: fake".into();
        let problem = service_status(&record, Some(&bad), NS, &members).unwrap_err();
        assert_eq!(
            problem.to_string(),
            "Domain \"kube-federation-system/fed\" holds no DNS name in its field domain"
        );
        let nowhere = [member("c1", "us", &["us1"], None)];
        let problem = service_status(&record, Some(&domain()), NS, &nowhere).unwrap_err();
        assert_eq!(
            problem.to_string(),
            "ServiceDNSRecord \"shop/web\": its Service \"shop/web\" exists in no member cluster"
        );
        let long = ServiceDnsRecord {
            spec: ServiceDnsRecordSpec {
                external_name: Some("x".repeat(64)),
                domain_ref: "fed".into(),
                ..Default::default()
            },
            ..record.clone()
        };
        assert!(matches!(
            service_status(&long, Some(&domain()), NS, &members),
            Err(RecordProblem::BadName { .. })
        ));
    }

    #[test]
    fn the_domain_may_end_with_a_dot() {
        let mut rooted = domain();
        rooted.domain = "example.com.".into();
        let members = [member("c1", "us", &[], serving(&[ip("198.51.100.1")]))];
        let status = service_status(&record(Default::default()), Some(&rooted), NS, &members);
        assert_eq!(status.unwrap().domain, "example.com");
    }

    // dnsendpoint/ingress_test.go.
    #[test]
    fn ingress_hosts_get_the_addresses_of_every_member() {
        let record = IngressDnsRecord {
            metadata: ObjectMeta {
                name: Some("web".into()),
                namespace: Some("shop".into()),
                ..Default::default()
            },
            spec: IngressDnsRecordSpec {
                hosts: vec!["shop.example.com".into(), "www.example.com".into()],
                record_ttl: None,
            },
            status: IngressDnsRecordStatus::default(),
        };
        let members = [
            member("c2", "eu", &[], serving(&[ip("203.0.113.1")])),
            member("c1", "us", &[], serving(&[ip("198.51.100.1")])),
        ];
        let status = ingress_status(&record, &members).unwrap();
        assert_eq!(status.dns[0].cluster, "c1");
        let endpoints = ingress_endpoints(&record, &status, &BTreeMap::new());
        assert_eq!(
            endpoints,
            by_name(vec![
                a("shop.example.com", &["198.51.100.1", "203.0.113.1"]),
                a("www.example.com", &["198.51.100.1", "203.0.113.1"]),
            ])
        );
        let without = [member("c1", "us", &[], serving(&[]))];
        let status = ingress_status(&record, &without).unwrap();
        assert!(ingress_endpoints(&record, &status, &BTreeMap::new()).is_empty());
        let mut bad = record.clone();
        bad.spec.hosts.push("Not A Host".into());
        assert!(matches!(
            ingress_status(&bad, &members),
            Err(RecordProblem::BadName { why, .. }) if why == "spec.hosts[2]"
        ));
    }

    #[test]
    fn the_dns_endpoint_is_named_after_its_record_and_owned_by_it() {
        let record = record(Default::default());
        let endpoints = [a(GLOBAL, &["198.51.100.1"])];
        let object = dns_endpoint(RecordKind::Service, &record.metadata, &endpoints);
        assert_eq!(object.name, "service-web");
        assert_eq!(object.namespace.as_deref(), Some("shop"));
        assert_eq!(
            object.body["apiVersion"],
            "multiclusterdns.kubefed.io/v1alpha1"
        );
        assert_eq!(
            object.body["metadata"]["ownerReferences"][0]["uid"],
            "uid-1"
        );
        assert_eq!(
            object.body["spec"]["endpoints"][0],
            json!({"dnsName": GLOBAL, "targets": ["198.51.100.1"], "recordType": "A", "recordTTL": 180})
        );
        let read = DnsEndpoint::from_value(&object.body).unwrap();
        assert_eq!(read.spec.endpoints, endpoints);
        assert_eq!(
            undeclared_fields("dnsendpoints.multiclusterdns.kubefed.io", &object.body),
            Vec::<String>::new()
        );
        assert_eq!(RecordKind::Ingress.endpoint_name("web"), "ingress-web");
    }

    #[test]
    fn locality_from_the_cluster_status_else_the_nodes() {
        let node = |labels: Value| -> Node {
            serde_json::from_value(json!({"metadata": {"labels": labels}})).unwrap()
        };
        let nodes = [
            node(json!({REGION_LABELS[0]: "us", ZONE_LABELS[0]: "us2"})),
            node(json!({REGION_LABELS[0]: "us", ZONE_LABELS[0]: "us1"})),
            node(json!({REGION_LABELS[1]: "old", ZONE_LABELS[1]: "us1"})),
        ];
        let mut cluster = KubeFedCluster::default();
        assert!(Locality::needs_nodes(&cluster));
        assert_eq!(
            Locality::of(&cluster, &nodes),
            Locality {
                region: "us".into(),
                zones: vec!["us1".into(), "us2".into()],
            }
        );
        cluster.status = KubeFedClusterStatus {
            region: Some("eu".into()),
            zones: vec!["eu1".into()],
            ..Default::default()
        };
        assert!(!Locality::needs_nodes(&cluster));
        assert_eq!(
            Locality::of(&cluster, &nodes),
            Locality {
                region: "eu".into(),
                zones: vec!["eu1".into()],
            }
        );
    }

    #[test]
    fn records_read_from_the_api_with_kubefeds_field_names() {
        let record = ServiceDnsRecord::from_value(&json!({
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {"domainRef": "fed", "recordTTL": 60, "dnsPrefix": "www",
                     "externalName": "front", "allowServiceWithoutEndpoints": true},
            "status": {"domain": "example.com", "dns": [
                {"cluster": "c1", "region": "us", "zones": ["us1"],
                 "loadBalancer": {"ingress": [{"ip": "198.51.100.1"}]}}]},
        }))
        .unwrap();
        assert_eq!(record.spec.record_ttl, Some(60));
        assert!(record.spec.allow_service_without_endpoints);
        assert_eq!(
            record.status.dns[0].load_balancer.ingress[0],
            ip("198.51.100.1")
        );
        let domain = Domain::from_value(&json!({
            "metadata": {"name": "fed"}, "domain": "example.com", "nameServer": "ns1.example.com",
        }))
        .unwrap();
        assert_eq!(domain.name_server.as_deref(), Some("ns1.example.com"));
        let patch = status_patch(RecordKind::Service, &record.metadata, &record.status);
        assert_eq!(patch.body["status"]["dns"][0]["zones"], json!(["us1"]));
        assert_eq!(patch.body["kind"], "ServiceDNSRecord");
        assert_eq!(
            undeclared_fields("servicednsrecords.multiclusterdns.kubefed.io", &patch.body),
            Vec::<String>::new()
        );
    }
}
