//! `kubefedctl schedule TYPE NAME`: create or update the ReplicaSchedulingPreference of a
//! federated Deployment or ReplicaSet (KubeFed's SchedulerPreferences feature; the Go
//! tool had no command for it).
//!
//! Before writing, the control plane is read to warn about what would make the preference
//! do nothing: the scheduler switched off, the type not enabled, the federated object
//! missing, clusters that are not joined.

use crate::cli::{GlobalArgs, ScheduleArgs};
use crate::cluster::apply::{Target, Writer, is_not_found};
use crate::cluster::config::Kubeconfigs;
use crate::cluster::kubefed::{control_plane_view, list_kubefed_clusters};
use crate::cmd::federated::report_placement;
use crate::cmd::outcome::{dry_run_suffix, outcome};
use crate::error::{ExitStatus, HintExt, Hinted, hinted};
use crate::output::Printer;
use crate::plan::enable::{FederatedType, federated_type_config_resource};
use crate::plan::join::kubefed_config_resource;
use crate::plan::kubefed::KubeFedObject;
use crate::plan::kubefed::{FederatedResource, KubeFedConfig, ReplicaSchedulingPreferenceSpec};
use crate::plan::overrides::{REPLICAS_PATH, sets_path};
use crate::plan::placement::{PlacementProblem, existing_object_problems, not_joined};
use crate::plan::schedule::{
    Schedule, ScheduleError, cluster_preferences, replica_scheduling_preference_resource,
    target_kind,
};
use crate::program::command_line;

pub(crate) async fn run(
    args: &ScheduleArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    // Everything the command line says is checked before any file or cluster is read.
    let target_kind = target_kind(&args.type_name)?;
    let clusters = cluster_preferences(&args.weights, &args.mins, &args.maxes)
        .map_err(|e| hinted(e, ScheduleError::hint))?;
    let mut schedule = Schedule {
        name: args.name.clone(),
        namespace: args.namespace.clone().unwrap_or_default(),
        spec: ReplicaSchedulingPreferenceSpec {
            target_kind: target_kind.to_owned(),
            total_replicas: args.total_replicas,
            rebalance: args.rebalance,
            intersect_with_cluster_selector: args.intersect_with_cluster_selector,
            clusters,
        },
    };
    for warning in schedule.warnings() {
        printer.warn(warning);
    }

    // Offline with -o and -n: no kubeconfig needed.
    if let (Some(format), Some(_)) = (args.output, &args.namespace) {
        printer.document(format, &schedule.object())?;
        return Ok(ExitStatus::Success);
    }
    let kubeconfigs = Kubeconfigs::load(global.kubeconfig.as_deref())?;
    let context = kubeconfigs
        .host_context(global.host_cluster_context.as_deref())?
        .to_owned();
    if args.namespace.is_none() {
        schedule.namespace = kubeconfigs
            .context_namespace(&context)
            .unwrap_or("default")
            .to_owned();
    }
    let rsp = schedule.object();
    if let Some(format) = args.output {
        printer.document(format, &rsp)?;
        return Ok(ExitStatus::Success);
    }

    let client = kubeconfigs.client(&context).await?;
    let writer = Writer::new(client, args.dry_run.dry_run, context.clone());
    let resource = replica_scheduling_preference_resource();
    let target = Target {
        resource: &resource,
        namespace: Some(&schedule.namespace),
        name: &schedule.name,
    };
    let (before, problems) = futures::try_join!(
        writer.get(&target),
        check_control_plane(&writer, &global.kubefed_namespace, &schedule, printer)
    )?;
    report_placement(&target.describe(), &problems, args.strict, printer)?;
    let after = writer.apply(&target, &rsp).await.map_err(|e| {
        if is_not_found(&e) {
            Hinted::new(
                e,
                "is KubeFed installed there with its CRD \
                 replicaschedulingpreferences.scheduling.kubefed.io?",
            )
            .into()
        } else {
            e
        }
    })?;
    printer.line(format_args!(
        "replicaschedulingpreference.scheduling.kubefed.io/{} {} in namespace {}{}",
        schedule.name,
        outcome(before.as_ref(), &after, writer.dry_run()),
        schedule.namespace,
        dry_run_suffix(writer.dry_run())
    ))?;
    Ok(ExitStatus::Success)
}

/// Warns about whatever would keep the scheduler from acting on the preference, and
/// returns the problems of placement (a cluster not joined, the object placed nowhere or
/// in a namespace that is not federated), which `--strict` refuses. Only an unreadable
/// control plane is an error.
async fn check_control_plane(
    writer: &Writer,
    kubefed_namespace: &str,
    schedule: &Schedule,
    printer: &Printer,
) -> anyhow::Result<Vec<PlacementProblem>> {
    let mut problems = Vec::new();
    let context = writer.cluster();
    let config_resource = kubefed_config_resource();
    let config = Target {
        resource: &config_resource,
        namespace: Some(kubefed_namespace),
        name: "kubefed",
    };
    // The FederatedTypeConfig of the scheduled type is named after its target type.
    let type_config_name = match schedule.spec.target_kind.as_str() {
        "FederatedReplicaSet" => "replicasets.apps",
        _ => "deployments.apps",
    };
    let ftc_resource = federated_type_config_resource();
    let ftc = Target {
        resource: &ftc_resource,
        namespace: Some(kubefed_namespace),
        name: type_config_name,
    };
    let list_clusters = async {
        list_kubefed_clusters(writer.client(), kubefed_namespace, context)
            .await
            .with_hint(|| {
                "is the KubeFed control plane there? Pass its namespace with \
                 --kubefed-namespace"
            })
    };
    let (config, ftc, clusters) =
        futures::try_join!(writer.get(&config), writer.get(&ftc), list_clusters)?;

    match &config {
        None => printer.warn(format_args!(
            "no KubeFedConfig \"{kubefed_namespace}/kubefed\" on context \"{context}\": is \
             the KubeFed control plane there?"
        )),
        Some(config)
            if KubeFedConfig::from_object(config)
                .is_ok_and(|c| c.disables("SchedulerPreferences")) =>
        {
            printer.warn(format_args!(
                "the SchedulerPreferences feature is disabled in KubeFedConfig \
                 \"{kubefed_namespace}/kubefed\": the controller ignores the preference"
            ))
        }
        Some(_) => {}
    }
    let federated = ftc.as_ref().and_then(FederatedType::of_object);
    match federated {
        None => printer.warn(format_args!(
            "{type_config_name} is not enabled in namespace \"{kubefed_namespace}\": the \
             preference takes effect once `{}` ran",
            command_line(format_args!("enable {type_config_name}"))
        )),
        Some(federated) => {
            let resource = federated.resource();
            let object = Target {
                resource: &resource,
                namespace: Some(&schedule.namespace),
                name: &schedule.name,
            };
            match writer.get(&object).await? {
                None => printer.warn(format_args!(
                    "{} does not exist yet: the preference takes effect once it does",
                    object.describe()
                )),
                Some(found) => {
                    let found = FederatedResource::from_object(&found)?;
                    if sets_path(&found.spec.overrides, REPLICAS_PATH) {
                        printer.warn(format_args!(
                            "{} overrides {REPLICAS_PATH} for some clusters: the scheduler \
                             now owns the replicas and rewrites those overrides",
                            object.describe()
                        ));
                    }
                    // Replicas are only spread over clusters the object propagates to.
                    if config.is_some() {
                        let view =
                            control_plane_view(writer.client(), kubefed_namespace, context).await?;
                        problems.extend(existing_object_problems(&found, &view));
                    }
                }
            }
        }
    }
    let joined: Vec<String> = clusters
        .into_iter()
        .filter_map(|c| c.metadata.name)
        .collect();
    for cluster in schedule.unknown_clusters(&joined) {
        problems.push(not_joined(
            cluster,
            "the preference",
            "its preference has no effect until it is",
        ));
    }
    Ok(problems)
}
