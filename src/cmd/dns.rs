//! `kubefedctl dns`: cross-cluster service discovery, as KubeFed v0.6's ServiceDNS,
//! IngressDNS and DNSEndpoint controllers did it, as a command.
//!
//! A pass reads the host (joined clusters, Domains, records, DNSEndpoints) and every
//! member (Services, EndpointSlices, Ingresses of the records' namespaces; nodes where the
//! KubeFedCluster names no region or zones), computes each record's status and
//! DNSEndpoint (`plan::dns`), checks them all, and only then writes what changed.
//! `--watch` repeats the pass after every change the lists' watches report.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use anyhow::anyhow;
use serde_json::Value;

use crate::cli::{DnsArgs, DryRun, GlobalArgs};
use crate::cluster::dns::{Read, read, resolve};
use crate::cluster::read;
use crate::cmd::members::Session;
use crate::cmd::outcome::dry_run_suffix;
use crate::error::{self, ExitStatus, Hinted};
use crate::interrupt;
use crate::output::{OutputFormat, Printer};
use crate::plan::dns::{
    DnsEndpoint, Endpoint, RecordKind, RecordProblem, dns_endpoint, dns_endpoint_resource,
    host_names, ingress_endpoints, ingress_status, service_endpoints, service_status, status_patch,
    with_status,
};
use crate::plan::join::Object;
use crate::plan::kubefed::KubeFedObject;

/// How long `--watch` waits for a change before it reads everything again anyway.
const RESYNC: Duration = Duration::from_secs(300);
/// Failed passes in a row after which `--watch` gives up, and the first pause between
/// them (doubled after each).
const WATCH_RETRIES: u32 = 5;
const FIRST_RETRY_PAUSE: Duration = Duration::from_secs(2);

/// Dns's arguments, resolved before any request.
#[derive(Debug, PartialEq)]
pub(crate) struct DnsSettings {
    /// Only the records of this namespace; None: every namespace.
    records_namespace: Option<String>,
    passes: Passes,
    dry_run: DryRun,
}

/// How many passes dns makes.
#[derive(Debug, PartialEq)]
enum Passes {
    /// One, which writes, or with `output` prints what it would write.
    Once { output: Option<OutputFormat> },
    /// `--watch`: one after every change, until Ctrl-C.
    Watch,
}

impl DnsSettings {
    pub(crate) fn resolve(args: &DnsArgs) -> DnsSettings {
        DnsSettings {
            records_namespace: args.namespace.clone(),
            passes: if args.watch {
                Passes::Watch
            } else {
                Passes::Once {
                    output: args.output,
                }
            },
            dry_run: args.dry_run.dry_run,
        }
    }
}

pub(crate) async fn run(
    args: &DnsArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let settings = DnsSettings::resolve(args);
    let session = Session::open(global, settings.dry_run).await?;
    let records = Records {
        session: &session,
        namespace: settings.records_namespace.as_deref(),
    };
    match settings.passes {
        Passes::Once { output } => {
            records.pass(printer, output, false).await?;
            Ok(ExitStatus::Success)
        }
        Passes::Watch => watch(&records, printer).await,
    }
}

/// Passes after every change the last pass's lists report, until Ctrl-C; a failed pass
/// is tried again after a pause, and ends the watch after several in a row.
async fn watch(records: &Records<'_>, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let mut failures = 0;
    loop {
        match records.pass(printer, None, true).await {
            Ok(read) => {
                failures = 0;
                let wait = async {
                    read.changed(RESYNC).await;
                    Ok(())
                };
                if interrupt::unless_interrupted(wait).await.is_err() {
                    // Stopped between two passes: nothing is half done.
                    return Ok(ExitStatus::Success);
                }
            }
            Err(e) if interrupt::cause(&e).is_some() => return Err(e),
            Err(e) => {
                failures += 1;
                if failures >= WATCH_RETRIES {
                    return Err(e.context(format!("{WATCH_RETRIES} passes in a row failed")));
                }
                let pause = FIRST_RETRY_PAUSE * 2u32.pow(failures - 1);
                printer.warn(format_args!(
                    "{}; trying again in {}s",
                    error::messages(&e).join(": "),
                    pause.as_secs()
                ));
                let sleep = async {
                    tokio::time::sleep(pause).await;
                    Ok(())
                };
                if interrupt::unless_interrupted(sleep).await.is_err() {
                    return Ok(ExitStatus::Success);
                }
            }
        }
    }
}

/// The DNS records a pass works on: those on the host, of one namespace or of all.
struct Records<'a> {
    session: &'a Session,
    /// None: every namespace.
    namespace: Option<&'a str>,
}

/// What one pass writes for one record.
struct Planned {
    kind: RecordKind,
    /// The record's namespace and name.
    namespace: String,
    name: String,
    /// The status as it is and as it will be.
    status_before: Value,
    status: Value,
    /// The record with its new status, for `-o`.
    record: Value,
    status_patch: Object,
    endpoint: Object,
}

impl Records<'_> {
    /// One pass: read, plan, check, write (or print). Under `--watch` a record with a
    /// problem is warned about and left as it is; otherwise the problems are the error
    /// and nothing is written. Returns the read, whose lists `--watch` watches.
    async fn pass(
        &self,
        printer: &Printer,
        output: Option<OutputFormat>,
        watching: bool,
    ) -> anyhow::Result<Read> {
        let context = self.session.context();
        let read = read(
            &self.session.kubeconfigs,
            self.session.writer.client(),
            context,
            &self.session.namespace,
            self.namespace,
        )
        .await?;
        for member in &read.members {
            if let Err(reason) = &member.objects {
                printer.warn(format_args!(
                    "member cluster \"{}\" cannot be read ({reason}): its entries in the \
                     records' status are kept as they were",
                    member.cluster
                ));
            }
        }
        let (planned, problems) = self.plan(&read, printer).await;
        if !problems.is_empty() {
            if watching {
                for problem in &problems {
                    printer.warn(format_args!("{problem}; left as it is"));
                }
            } else {
                return Err(refusal(problems));
            }
        }
        if let Some(format) = output {
            let objects = planned.iter().flat_map(|p| [&p.record, &p.endpoint.body]);
            printer.objects(format, objects)?;
            return Ok(read);
        }
        let current = self.current_endpoints().await?;
        for planned in &planned {
            self.write(planned, &current, printer, watching).await?;
        }
        Ok(read)
    }

    /// The status and DNSEndpoint of every record, or the problem that keeps a record
    /// from having them.
    async fn plan(&self, read: &Read, printer: &Printer) -> (Vec<Planned>, Vec<RecordProblem>) {
        let mut problems = Vec::new();
        let services: Vec<_> = (read.services.iter())
            .filter_map(|record| {
                let domain = (read.domains.iter()).find(|d| d.name() == record.spec.domain_ref);
                match service_status(record, domain, &self.session.namespace, &read.members) {
                    Ok(status) => Some((record, status)),
                    Err(problem) => {
                        problems.push(problem);
                        None
                    }
                }
            })
            .collect();
        let ingresses: Vec<_> = (read.ingresses.iter())
            .filter_map(|record| match ingress_status(record, &read.members) {
                Ok(status) => Some((record, status)),
                Err(problem) => {
                    problems.push(problem);
                    None
                }
            })
            .collect();
        let names = host_names(
            (services.iter().flat_map(|(_, s)| &s.dns))
                .map(|c| &c.load_balancer)
                .chain((ingresses.iter().flat_map(|(_, s)| &s.dns)).map(|c| &c.load_balancer)),
        );
        let resolved = self.resolve(&names, printer).await;
        let mut planned = Vec::new();
        for (record, status) in services {
            let endpoints = service_endpoints(record, &status, &resolved);
            planned.push(Planned::new(
                RecordKind::Service,
                record,
                &record.metadata,
                &record.status,
                &status,
                &endpoints,
            ));
        }
        for (record, status) in ingresses {
            let endpoints = ingress_endpoints(record, &status, &resolved);
            planned.push(Planned::new(
                RecordKind::Ingress,
                record,
                &record.metadata,
                &record.status,
                &status,
                &endpoints,
            ));
        }
        (planned, problems)
    }

    /// The addresses of the load balancers' host names; a name that does not resolve is
    /// warned about and left out.
    async fn resolve(
        &self,
        names: &BTreeSet<String>,
        printer: &Printer,
    ) -> BTreeMap<String, Vec<String>> {
        let mut resolved = BTreeMap::new();
        for (name, found) in resolve(names).await {
            match found {
                Ok(addresses) => {
                    resolved.insert(name, addresses);
                }
                Err(e) => printer.warn(format_args!(
                    "{}: its addresses are left out",
                    error::messages(&e).join(": ")
                )),
            }
        }
        resolved
    }

    /// The DNSEndpoints on the host, by namespace and name.
    async fn current_endpoints(&self) -> anyhow::Result<BTreeMap<(String, String), DnsEndpoint>> {
        let listed = read::list(
            self.session.writer.client(),
            &dns_endpoint_resource(),
            self.namespace,
        )
        .await
        .map_err(|e| {
            anyhow!(e).context(format!(
                "cannot list DNSEndpoints on context \"{}\"",
                self.session.context()
            ))
        })?;
        Ok(listed
            .into_iter()
            .filter_map(|o| DnsEndpoint::from_object(&o).ok())
            .map(|e| {
                let key = (
                    e.metadata.namespace.clone().unwrap_or_default(),
                    e.metadata.name.clone().unwrap_or_default(),
                );
                (key, e)
            })
            .collect())
    }

    /// Writes the record's status and its DNSEndpoint where they differ from what the
    /// host holds, and prints a line for each (under `--watch`, only for changes).
    async fn write(
        &self,
        planned: &Planned,
        current: &BTreeMap<(String, String), DnsEndpoint>,
        printer: &Printer,
        watching: bool,
    ) -> anyhow::Result<()> {
        let dry_run = self.session.writer.dry_run();
        let status_outcome = if planned.status == planned.status_before {
            "unchanged"
        } else {
            let patch = &planned.status_patch;
            self.session
                .writer
                .apply_status(&patch.target(), &patch.body)
                .await?;
            "updated"
        };
        let endpoint = &planned.endpoint;
        let key = (planned.namespace.clone(), endpoint.name.clone());
        let endpoint_outcome = match current.get(&key) {
            Some(existing) if same_endpoint(existing, &endpoint.body) => "unchanged",
            existing => {
                self.session
                    .writer
                    .apply(&endpoint.target(), &endpoint.body)
                    .await?;
                if existing.is_some() {
                    "updated"
                } else {
                    "created"
                }
            }
        };
        let suffix = dry_run_suffix(dry_run);
        let lines = [
            (
                status_outcome,
                format!(
                    "{}.multiclusterdns.kubefed.io/{} status {status_outcome}",
                    planned.kind.kind().to_lowercase(),
                    planned.name
                ),
            ),
            (
                endpoint_outcome,
                format!(
                    "dnsendpoint.multiclusterdns.kubefed.io/{} {endpoint_outcome}",
                    endpoint.name
                ),
            ),
        ];
        for (outcome, line) in lines {
            if !(watching && outcome == "unchanged") {
                printer.line(format_args!(
                    "{line} in namespace {}{}",
                    planned.namespace,
                    if dry_run == DryRun::None { "" } else { suffix }
                ))?;
            }
        }
        Ok(())
    }
}

/// Whether the DNSEndpoint on the host holds the planned records, labels and owner.
fn same_endpoint(existing: &DnsEndpoint, planned: &Value) -> bool {
    let Ok(planned) = DnsEndpoint::from_value(planned) else {
        return false;
    };
    let owners = |e: &DnsEndpoint| {
        (e.metadata.owner_references.iter().flatten())
            .map(|o| o.uid.clone())
            .collect::<Vec<_>>()
    };
    let existing_labels = existing.metadata.labels.clone().unwrap_or_default();
    existing.spec == planned.spec
        && owners(existing) == owners(&planned)
        && (planned.metadata.labels.iter().flatten())
            .all(|(k, v)| existing_labels.get(k) == Some(v))
}

impl Planned {
    fn new(
        kind: RecordKind,
        record: &impl serde::Serialize,
        metadata: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
        before: &impl serde::Serialize,
        status: &impl serde::Serialize,
        endpoints: &[Endpoint],
    ) -> Self {
        Planned {
            kind,
            namespace: metadata.namespace.clone().unwrap_or_default(),
            name: metadata.name.clone().unwrap_or_default(),
            status_before: serde_json::to_value(before).unwrap_or(Value::Null),
            status: serde_json::to_value(status).unwrap_or(Value::Null),
            record: with_status(record, kind, status),
            status_patch: status_patch(kind, metadata, status),
            endpoint: dns_endpoint(kind, metadata, endpoints),
        }
    }
}

/// The error of a pass with problems: the one problem with its hint, or each printed and
/// a count.
fn refusal(mut problems: Vec<RecordProblem>) -> anyhow::Error {
    let count = problems.len();
    if count == 1 {
        let problem = problems.remove(0);
        let hint = problem.hint();
        return Hinted::new(anyhow!("{problem}; nothing was written"), hint).into();
    }
    for problem in problems {
        let hint = problem.hint();
        error::print(&Hinted::new(anyhow!(problem), hint).into());
    }
    anyhow!("{count} records cannot be written: nothing was written")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::parse_args;

    fn resolve(args: &[&str]) -> anyhow::Result<DnsSettings> {
        Ok(DnsSettings::resolve(&parse_args(
            &[&["dns"], args].concat(),
        )?))
    }

    #[test]
    fn one_pass_over_every_namespace_by_default() {
        assert_eq!(
            resolve(&[]).unwrap(),
            DnsSettings {
                records_namespace: None,
                passes: Passes::Once { output: None },
                dry_run: DryRun::None,
            }
        );
    }

    #[test]
    fn flags_are_resolved() {
        assert_eq!(
            resolve(&["-n", "shop", "--watch", "--dry-run=server"]).unwrap(),
            DnsSettings {
                records_namespace: Some("shop".into()),
                passes: Passes::Watch,
                dry_run: DryRun::Server,
            }
        );
        let printed = resolve(&["-o", "yaml", "--dry-run"]).unwrap();
        assert_eq!(
            printed.passes,
            Passes::Once {
                output: Some(OutputFormat::Yaml)
            }
        );
        assert_eq!(printed.dry_run, DryRun::Client);
    }

    #[test]
    fn a_watch_prints_nothing() {
        let refused = resolve(&["--watch", "-o", "json"]).unwrap_err().to_string();
        assert!(
            refused.contains("'--watch' cannot be used with '--output <FORMAT>'"),
            "{refused}"
        );
    }
}
