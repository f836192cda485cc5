//! The reads of `dns`: on the host the joined clusters, the Domains and the DNS records;
//! on each member the Services, EndpointSlices and Ingresses of the records' namespaces
//! (and its nodes, when the KubeFedCluster names no region or zones). Every read is one
//! list; each list's resourceVersion is kept, so that `--watch` can wait for the first
//! change after a pass with watches instead of polling.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use anyhow::{Context, anyhow};
use futures::StreamExt;
use futures::future::join_all;
use futures::stream::BoxStream;
use k8s_openapi::api::core::v1::{Node, Service};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::networking::v1::Ingress;
use kube::api::{Api, DynamicObject, ListParams, WatchParams};
use kube::core::ApiResource;
use kube::{Client, Error as KubeError};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::cluster::config::Kubeconfigs;
use crate::cluster::watch::first_change;
use crate::error::Hinted;
use crate::invocation::command_line;
use crate::plan::dns::{
    Domain, IngressDnsRecord, LoadBalancerIngress, Locality, Member, MemberObjects,
    ServiceDnsRecord, ServiceState, domain_resource, ingress_dns_record_resource,
    service_dns_record_resource,
};
use crate::plan::join::kubefed_cluster_resource;
use crate::plan::kubefed::KubeFedCluster;

/// Bounds the read of one member, so that one stuck API server cannot hang a pass.
const MEMBER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// A list that was read: what to watch from where it ended.
#[derive(Clone)]
struct Listed {
    client: Client,
    resource: ApiResource,
    namespace: Option<String>,
    version: String,
}

impl Listed {
    async fn watch(&self, timeout: Duration) -> Option<BoxStream<'static, ()>> {
        let api = api(&self.client, &self.resource, self.namespace.as_deref());
        let seconds = u32::try_from(timeout.as_secs().max(1)).unwrap_or(u32::MAX);
        let params = WatchParams::default().timeout(seconds);
        let events = api.watch(&params, &self.version).await.ok()?;
        Some(events.map(|_| ()).boxed())
    }
}

fn api(client: &Client, resource: &ApiResource, namespace: Option<&str>) -> Api<DynamicObject> {
    match namespace {
        Some(ns) => Api::namespaced_with(client.clone(), ns, resource),
        None => Api::all_with(client.clone(), resource),
    }
}

/// One list of `resource`, as `T`, and where it ended.
async fn list<T: DeserializeOwned>(
    client: &Client,
    resource: ApiResource,
    namespace: Option<&str>,
) -> kube::Result<(Vec<T>, Listed)> {
    let list = api(client, &resource, namespace)
        .list(&ListParams::default())
        .await?;
    let listed = Listed {
        client: client.clone(),
        resource,
        namespace: namespace.map(str::to_owned),
        version: list.metadata.resource_version.unwrap_or_default(),
    };
    let items = list
        .items
        .into_iter()
        .map(|object| serde_json::to_value(object).and_then(serde_json::from_value))
        .collect::<Result<_, _>>()
        .map_err(KubeError::SerdeError)?;
    Ok((items, listed))
}

/// What one pass read; its lists' ends, for [`Read::changed`].
pub(crate) struct Read {
    pub domains: Vec<Domain>,
    pub services: Vec<ServiceDnsRecord>,
    pub ingresses: Vec<IngressDnsRecord>,
    pub members: Vec<Member>,
    listed: Vec<Listed>,
}

/// Reads the host, then every joined member at once.
pub(crate) async fn read(
    kubeconfigs: &Kubeconfigs,
    host: &Client,
    context: &str,
    kubefed_namespace: &str,
    records_namespace: Option<&str>,
) -> anyhow::Result<Read> {
    let cannot = |what: &str| format!("cannot list {what} on context \"{context}\"");
    let (clusters, domains, services, ingresses) = futures::join!(
        list::<KubeFedCluster>(host, kubefed_cluster_resource(), Some(kubefed_namespace)),
        list::<Domain>(host, domain_resource(), Some(kubefed_namespace)),
        list::<ServiceDnsRecord>(host, service_dns_record_resource(), records_namespace),
        list::<IngressDnsRecord>(host, ingress_dns_record_resource(), records_namespace),
    );
    // The DNS types first: without them nothing else matters.
    let domains = domains.map_err(|e| dns_list_error(e, context, &cannot("Domains")))?;
    let services =
        services.map_err(|e| dns_list_error(e, context, &cannot("ServiceDNSRecords")))?;
    let ingresses =
        ingresses.map_err(|e| dns_list_error(e, context, &cannot("IngressDNSRecords")))?;
    let clusters = clusters.with_context(|| cannot("KubeFedClusters"))?;
    let service_namespaces: BTreeSet<String> = (services.0.iter())
        .filter_map(|r| r.metadata.namespace.clone())
        .collect();
    let ingress_namespaces: BTreeSet<String> = (ingresses.0.iter())
        .filter_map(|r| r.metadata.namespace.clone())
        .collect();
    let wanted = Wanted {
        services: &service_namespaces,
        ingresses: &ingress_namespaces,
    };
    let wanted = &wanted;
    let reads = clusters.0.iter().map(|cluster| async move {
        let name = cluster.metadata.name.clone().unwrap_or_default();
        let read = tokio::time::timeout(
            MEMBER_READ_TIMEOUT,
            read_member(kubeconfigs, cluster, &name, wanted),
        )
        .await
        .unwrap_or_else(|_| {
            Err(anyhow!(
                "no answer within {}s",
                MEMBER_READ_TIMEOUT.as_secs()
            ))
        });
        (cluster, name, read)
    });
    let mut members = Vec::new();
    let mut listed = vec![clusters.1.clone(), domains.1, services.1, ingresses.1];
    for (cluster, name, read) in join_all(reads).await {
        let member = match read {
            Ok((locality, objects, lists)) => {
                listed.extend(lists);
                Member {
                    cluster: name,
                    locality,
                    objects: Ok(objects),
                }
            }
            Err(e) => Member {
                cluster: name,
                locality: Locality::of(cluster, &[]),
                objects: Err(crate::error::messages(&e).join(": ")),
            },
        };
        members.push(member);
    }
    Ok(Read {
        domains: domains.0,
        services: services.0,
        ingresses: ingresses.0,
        members,
        listed,
    })
}

/// A failed list of a DNS type; Not Found: the host does not serve the types.
fn dns_list_error(error: KubeError, context: &str, cannot: &str) -> anyhow::Error {
    match error {
        KubeError::Api(status) if status.code == 404 => Hinted::new(
            anyhow!("context \"{context}\" does not serve the multiclusterdns.kubefed.io types"),
            format!("install them with `{}`", command_line("init --dns")),
        )
        .into(),
        e => anyhow::Error::new(e).context(cannot.to_owned()),
    }
}

/// The namespaces whose Services and Ingresses a pass reads.
struct Wanted<'a> {
    services: &'a BTreeSet<String>,
    ingresses: &'a BTreeSet<String>,
}

/// One member, reached through the kubeconfig context named like the cluster (as
/// unjoin, get and diff reach it).
async fn read_member(
    kubeconfigs: &Kubeconfigs,
    cluster: &KubeFedCluster,
    name: &str,
    wanted: &Wanted<'_>,
) -> anyhow::Result<(Locality, MemberObjects, Vec<Listed>)> {
    let client = kubeconfigs.client(name).await?;
    let cannot = |what: &str, ns: &str| {
        format!("cannot list {what} in namespace \"{ns}\" on context \"{name}\"")
    };
    let mut listed = Vec::new();
    let mut objects = MemberObjects::default();
    let service_reads = wanted.services.iter().map(|ns| {
        let client = &client;
        async move {
            let services = list::<Service>(client, ApiResource::erase::<Service>(&()), Some(ns))
                .await
                .with_context(|| cannot("Services", ns))?;
            let slices =
                list::<EndpointSlice>(client, ApiResource::erase::<EndpointSlice>(&()), Some(ns))
                    .await
                    .with_context(|| cannot("EndpointSlices", ns))?;
            anyhow::Ok((ns, services, slices))
        }
    });
    for (ns, (services, services_listed), (slices, slices_listed)) in
        futures::future::try_join_all(service_reads).await?
    {
        listed.extend([services_listed, slices_listed]);
        let ready = ready_services(&slices);
        for service in services {
            let service_name = service.metadata.name.clone().unwrap_or_default();
            let load_balancer = addresses(service.status.and_then(|s| s.load_balancer?.ingress));
            objects.services.insert(
                (ns.clone(), service_name.clone()),
                ServiceState {
                    load_balancer,
                    ready_endpoints: ready.contains(&service_name),
                },
            );
        }
    }
    let ingress_reads = wanted.ingresses.iter().map(|ns| {
        let client = &client;
        async move {
            let read = list::<Ingress>(client, ApiResource::erase::<Ingress>(&()), Some(ns))
                .await
                .with_context(|| cannot("Ingresses", ns))?;
            anyhow::Ok((ns, read))
        }
    });
    for (ns, (ingresses, ingresses_listed)) in futures::future::try_join_all(ingress_reads).await? {
        listed.push(ingresses_listed);
        for ingress in ingresses {
            let ingress_name = ingress.metadata.name.clone().unwrap_or_default();
            let load_balancer = addresses(ingress.status.and_then(|s| s.load_balancer?.ingress));
            objects
                .ingresses
                .insert((ns.clone(), ingress_name), load_balancer);
        }
    }
    let nodes = if Locality::needs_nodes(cluster) {
        let (nodes, nodes_listed) = list::<Node>(&client, ApiResource::erase::<Node>(&()), None)
            .await
            .with_context(|| format!("cannot list Nodes on context \"{name}\""))?;
        listed.push(nodes_listed);
        nodes
    } else {
        Vec::new()
    };
    Ok((Locality::of(cluster, &nodes), objects, listed))
}

/// The IPs and host names of a Service's or an Ingress's load balancer status (two
/// types of the same fields).
fn addresses<T: Serialize>(ingress: Option<Vec<T>>) -> Vec<LoadBalancerIngress> {
    (ingress.unwrap_or_default().iter())
        .filter_map(|i| {
            serde_json::to_value(i)
                .and_then(serde_json::from_value)
                .ok()
        })
        .collect()
}

/// The Services (by name) with a ready endpoint in one of their EndpointSlices; an
/// endpoint whose readiness is not known counts as ready, as the API documents.
fn ready_services(slices: &[EndpointSlice]) -> BTreeSet<String> {
    slices
        .iter()
        .filter(|slice| {
            slice.endpoints.iter().any(|endpoint| {
                endpoint
                    .conditions
                    .as_ref()
                    .and_then(|c| c.ready)
                    .unwrap_or(true)
            })
        })
        .filter_map(|slice| {
            slice
                .metadata
                .labels
                .as_ref()?
                .get("kubernetes.io/service-name")
                .cloned()
        })
        .collect()
}

impl Read {
    /// Returns at the first change after this read on the host or a member that was
    /// read (or when a watch ends: the server's timeout, a member gone away), or after
    /// `timeout`. A list that cannot be watched is left to the others.
    pub(crate) async fn changed(&self, timeout: Duration) {
        let watches = join_all(self.listed.iter().map(|l| l.watch(timeout))).await;
        first_change(watches.into_iter().flatten().collect(), timeout).await;
    }
}

/// The addresses of load balancers' host names, each looked up by the system's resolver
/// (as KubeFed did), or why it could not be.
pub(crate) async fn resolve(
    names: &BTreeSet<String>,
) -> BTreeMap<String, anyhow::Result<Vec<String>>> {
    let lookups = names.iter().map(|name| async move {
        let found = tokio::net::lookup_host((name.as_str(), 0))
            .await
            .map(|addresses| {
                let ips: BTreeSet<String> = addresses.map(|a| a.ip().to_string()).collect();
                ips.into_iter().collect()
            })
            .with_context(|| format!("cannot resolve load balancer host name \"{name}\""));
        (name.clone(), found)
    });
    join_all(lookups).await.into_iter().collect()
}
