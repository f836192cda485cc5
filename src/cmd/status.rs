//! `kubefedctl status`: member clusters, enabled types and the control plane at a glance,
//! from what the host cluster records. Exit 0 when all is healthy, 1 when anything is
//! not, 2 when the host cannot be read.

use std::io::IsTerminal;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use futures::future::try_join_all;
use k8s_openapi::jiff::Timestamp;
use kube::Client;
use kube::api::DynamicObject;
use kube::core::ApiResource;

use crate::cli::{DryRun, GlobalArgs, StatusArgs};
use crate::cluster::kubefed::{
    read_crd, read_kubefed_config, read_leader, scope_of, typed_cluster,
};
use crate::cluster::read;
use crate::cmd::members::Session;
use crate::error::{self, ExitStatus};
use crate::output::{OutputFormat, Printer, table};
use crate::plan::enable::{FederatedType, federated_type_config_resource};
use crate::plan::join::{Scope, kubefed_cluster_resource};
use crate::plan::kubefed::FederatedTypeConfig;
use crate::plan::kubefed::KubeFedObject;
use crate::plan::status::{
    CrdState, ObjectPropagation, Observed, ObservedType, Report, age, assess, crd_state,
};

/// Bounds one reading of the host, so a stuck API server cannot hang `status`.
const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// `--watch` refreshes no more often than this.
const MIN_INTERVAL: Duration = Duration::from_secs(1);

/// Status's arguments, resolved before any request.
#[derive(Debug, PartialEq)]
pub(crate) struct StatusSettings {
    output: Option<OutputFormat>,
    /// With --watch: the time between two refreshes.
    refresh: Option<Duration>,
}

impl StatusSettings {
    pub(crate) fn resolve(args: &StatusArgs) -> anyhow::Result<StatusSettings> {
        if args.watch && args.interval < MIN_INTERVAL {
            bail!("--interval must be at least {}s", MIN_INTERVAL.as_secs());
        }
        Ok(StatusSettings {
            output: args.output,
            refresh: args.watch.then_some(args.interval),
        })
    }
}

pub(crate) async fn run(
    args: &StatusArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let StatusSettings { output, refresh } = StatusSettings::resolve(args)?;
    let session = Session::open(global, DryRun::None).await?;
    let (client, context) = (session.writer.client(), session.context());
    let namespace = session.namespace.as_str();
    let Some(interval) = refresh else {
        let report = read(client, context, namespace).await?;
        show(printer, output, &report)?;
        return Ok(exit_status(&report));
    };
    // Clear the screen between refreshes only where a person is looking at it.
    let clear = output.is_none() && std::io::stdout().is_terminal();
    // One listener for the whole watch, polled during refreshes too: once it is
    // registered, a Ctrl-C that nothing polls would be swallowed.
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    // The exit status of the last refresh shown; an error when none was.
    let mut last = ExitStatus::Error;
    loop {
        if clear {
            printer.out("\x1b[2J\x1b[H")?;
        }
        let refreshed = tokio::select! {
            signal = &mut ctrl_c => {
                signal.context("cannot listen for Ctrl-C")?;
                return Ok(last);
            }
            refreshed = read(client, context, namespace) => refreshed,
        };
        last = match refreshed {
            Ok(report) => {
                show(printer, output, &report)?;
                exit_status(&report)
            }
            // A failed refresh is reported and the next one tried.
            Err(e) => {
                error::print(&e);
                ExitStatus::Error
            }
        };
        tokio::select! {
            signal = &mut ctrl_c => {
                signal.context("cannot listen for Ctrl-C")?;
                return Ok(last);
            }
            () = tokio::time::sleep(interval) => {}
        }
        if !clear && output.is_none() {
            printer.line("")?;
        }
    }
}

fn exit_status(report: &Report) -> ExitStatus {
    if report.healthy {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    }
}

async fn read(client: &Client, context: &str, namespace: &str) -> anyhow::Result<Report> {
    let observed = tokio::time::timeout(READ_TIMEOUT, observe(client, context, namespace))
        .await
        .map_err(|_| {
            anyhow!(
                "reading the federation on context \"{context}\" took longer than {}s",
                READ_TIMEOUT.as_secs()
            )
        })??;
    Ok(assess(&observed, Timestamp::now()))
}

/// Reads everything `status` judges, with as many requests in flight as possible.
async fn observe(client: &Client, context: &str, namespace: &str) -> anyhow::Result<Observed> {
    let config = read_kubefed_config(client, namespace, context).await?;
    let scope = scope_of(&config, namespace, context)?;
    let list = |resource: ApiResource| async move {
        read::list(client, &resource, Some(namespace))
            .await
            .with_context(|| {
                format!(
                    "cannot list {} in namespace \"{namespace}\" on context \"{context}\"",
                    resource.plural
                )
            })
    };
    let (clusters, configs, (lock, leader)) = futures::try_join!(
        list(kubefed_cluster_resource()),
        list(federated_type_config_resource()),
        read_leader(client, namespace, context, &config)
    )?;
    let types = try_join_all(
        configs
            .into_iter()
            .map(|ftc| observe_type(client, context, namespace, scope, ftc)),
    )
    .await?;
    Ok(Observed {
        host_context: context.to_owned(),
        namespace: namespace.to_owned(),
        scope: format!("{scope:?}"),
        lock,
        leader,
        clusters: clusters
            .into_iter()
            .map(|cluster| typed_cluster(cluster, context))
            .collect::<Result<_, _>>()?,
        types,
    })
}

fn to_value(object: DynamicObject) -> anyhow::Result<serde_json::Value> {
    serde_json::to_value(object).context("cannot encode an object read from the host")
}

/// The CRD of a FederatedTypeConfig's federated type and how many objects it has: in the
/// KubeFed namespace for a Namespaced control plane (the only place it propagates from),
/// else everywhere.
async fn observe_type(
    client: &Client,
    context: &str,
    namespace: &str,
    scope: Scope,
    ftc: DynamicObject,
) -> anyhow::Result<ObservedType> {
    let config = FederatedTypeConfig::from_object(&ftc).with_context(|| {
        format!(
            "FederatedTypeConfig \"{}\" on context \"{context}\" is not KubeFed's shape",
            ftc.metadata.name.as_deref().unwrap_or_default()
        )
    })?;
    let Some(federated) = FederatedType::of_config(&config) else {
        return Ok(ObservedType {
            config,
            crd: crd_state(None),
            objects: None,
        });
    };
    let name = federated.crd_name();
    let crd = crd_state(read_crd(client, &name, context).await?.as_ref());
    let mut objects = None;
    if crd == CrdState::Established {
        let only_in = (federated.namespaced && scope == Scope::Namespaced).then_some(namespace);
        // Whole objects, for their Propagation condition; each is reduced as it is read.
        let list = read::list(client, &federated.resource(), only_in)
            .await
            .with_context(|| format!("cannot list {name} on context \"{context}\""))?;
        let mut propagation = list
            .into_iter()
            .map(|object| to_value(object).map(|o| ObjectPropagation::of(&o)))
            .collect::<anyhow::Result<Vec<_>>>()?;
        propagation.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
        objects = Some(propagation);
    }
    Ok(ObservedType {
        config,
        crd,
        objects,
    })
}

fn show(printer: &Printer, format: Option<OutputFormat>, report: &Report) -> anyhow::Result<()> {
    match format {
        Some(OutputFormat::Json) => printer.document(OutputFormat::Json, report),
        // One document per refresh under --watch, so a YAML stream stays parseable.
        Some(OutputFormat::Yaml) => printer.out(&format!(
            "---\n{}",
            crate::output::render(OutputFormat::Yaml, report)?
        )),
        None => printer.out(&render_tables(report, Timestamp::now())),
    }
}

fn or_dash(value: Option<&str>) -> String {
    value.filter(|v| !v.is_empty()).unwrap_or("-").to_owned()
}

fn render_tables(report: &Report, now: Timestamp) -> String {
    let mut out = String::new();
    if report.clusters.is_empty() {
        out.push_str("No member clusters are joined.\n");
    } else {
        let rows = report
            .clusters
            .iter()
            .map(|c| {
                let labels: Vec<String> =
                    c.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
                vec![
                    c.name.clone(),
                    format!("{:?}", c.state),
                    or_dash(c.reason.as_deref()),
                    or_dash(c.kubernetes_version.as_deref()),
                    or_dash(c.region.as_deref()),
                    or_dash(Some(&c.zones.join(","))),
                    or_dash(Some(&labels.join(","))),
                    c.creation_timestamp
                        .map_or_else(|| "-".to_owned(), |t| age(t, now)),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                "CLUSTER", "STATUS", "REASON", "VERSION", "REGION", "ZONES", "LABELS", "AGE",
            ],
            rows,
        ));
    }
    out.push('\n');
    if report.types.is_empty() {
        out.push_str("No types are enabled.\n");
    } else {
        let rows = report
            .types
            .iter()
            .map(|t| {
                vec![
                    t.name.clone(),
                    t.propagation.clone(),
                    or_dash(t.propagation_controller.as_deref()),
                    format!("{:?}", t.crd),
                    match (t.federated_objects, t.not_propagated) {
                        (None, _) => "-".to_owned(),
                        (Some(n), Some(blocked)) if blocked > 0 => {
                            format!("{n} ({blocked} not propagated)")
                        }
                        (Some(n), _) => n.to_string(),
                    },
                ]
            })
            .collect();
        out.push_str(&table(
            &["TYPE", "PROPAGATION", "CONTROLLER", "CRD", "OBJECTS"],
            rows,
        ));
    }
    out.push('\n');
    let cp = &report.control_plane;
    let controller = match (cp.controller.alive, cp.controller.renew_time) {
        (true, Some(renewed)) => format!("alive (lease renewed {} ago)", age(renewed, now)),
        (false, Some(renewed)) => format!("not running (lease renewed {} ago)", age(renewed, now)),
        _ => "not running (no leader-election record)".to_owned(),
    };
    out.push_str(&table(
        &["HOST", "NAMESPACE", "SCOPE", "CONTROLLER"],
        vec![vec![
            cp.host_context.clone(),
            cp.namespace.clone(),
            cp.scope.clone(),
            controller,
        ]],
    ));
    out.push('\n');
    if report.healthy {
        out.push_str("Healthy.\n");
    } else {
        out.push_str("Unhealthy:\n");
        for problem in &report.problems {
            out.push_str(&format!("- {problem}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::cli::parse_args;

    fn resolve(args: &[&str]) -> anyhow::Result<StatusSettings> {
        StatusSettings::resolve(&parse_args(&[&["status"], args].concat())?)
    }

    #[test]
    fn watch_refreshes_at_the_interval() {
        let once = resolve(&["-o", "json"]).unwrap();
        assert_eq!(once.output, Some(OutputFormat::Json));
        assert_eq!(once.refresh, None);
        let default = resolve(&["--watch"]).unwrap();
        assert_eq!(default.refresh, Some(Duration::from_secs(5)));
        let every = resolve(&["-w", "--interval", "2s"]).unwrap();
        assert_eq!(every.refresh, Some(Duration::from_secs(2)));
        assert_eq!(
            resolve(&["-w", "--interval", "500ms"])
                .unwrap_err()
                .to_string(),
            "--interval must be at least 1s"
        );
        assert!(
            resolve(&["--interval", "2s"]).is_err(),
            "--interval needs --watch"
        );
    }

    use super::*;
    use crate::plan::kubefed::KubeFedCluster;
    use crate::plan::status::LeaderRecord;
    use serde_json::json;

    #[test]
    fn tables_line_up_without_borders() {
        let now: Timestamp = "2026-11-25T12:00:00Z".parse().unwrap();
        let observed = Observed {
            host_context: "cluster1".into(),
            namespace: "kube-federation-system".into(),
            scope: "Cluster".into(),
            lock: "configmaps/kubefed-controller-manager".into(),
            leader: LeaderRecord::parse(
                r#"{"holderIdentity":"h","leaseDurationSeconds":15,"renewTime":"2026-11-25T11:59:57Z"}"#,
            ),
            clusters: [
                json!({"metadata": {"name": "cluster2", "creationTimestamp": "2026-11-25T11:55:00Z",
                                    "labels": {"tier": "gold"}},
                       "status": {"kubernetesVersion": "v1.34.4", "conditions": [
                           {"type": "Ready", "status": "True", "reason": "ClusterReady"}]}}),
                json!({"metadata": {"name": "c3"}, "status": {"conditions": [
                           {"type": "Offline", "status": "True", "reason": "ClusterNotReachable",
                            "message": "cluster is not reachable"}]}}),
            ]
            .iter()
            .map(|kfc| KubeFedCluster::from_value(kfc).unwrap())
            .collect(),
            types: vec![ObservedType {
                config: FederatedTypeConfig::from_value(&json!({"metadata": {"name": "configmaps"},
                    "spec": {"propagation": "Enabled", "federatedType": {"group": "types.kubefed.io",
                        "version": "v1beta1", "kind": "FederatedConfigMap",
                        "pluralName": "federatedconfigmaps", "scope": "Namespaced"}},
                    "status": {"propagationController": "Running"}}))
                .unwrap(),
                crd: CrdState::Established,
                objects: Some(
                    ["a", "b", "c"]
                        .map(|name| {
                            ObjectPropagation::of(&json!({
                                "metadata": {"namespace": "shop", "name": name},
                                "status": {"conditions": [{"type": "Propagation",
                                    "status": if name == "b" { "False" } else { "True" },
                                    "reason": if name == "b" { "NamespaceNotFederated" } else { "" }}]}
                            }))
                        })
                        .to_vec(),
                ),
            }],
        };
        let text = render_tables(&assess(&observed, now), now);
        assert_eq!(
            text,
            "\
CLUSTER   STATUS   REASON               VERSION  REGION  ZONES  LABELS     AGE
cluster2  Ready    ClusterReady         v1.34.4  -       -      tier=gold  5m
c3        Offline  ClusterNotReachable  -        -       -      -          -

TYPE        PROPAGATION  CONTROLLER  CRD          OBJECTS
configmaps  Enabled      Running     Established  3 (1 not propagated)

HOST      NAMESPACE               SCOPE    CONTROLLER
cluster1  kube-federation-system  Cluster  alive (lease renewed 3s ago)

Unhealthy:
- cluster \"c3\" is Offline: cluster is not reachable
- 1 federated object is not propagated (1 NamespaceNotFederated): configmaps shop/b (NamespaceNotFederated)
"
        );
    }
}
