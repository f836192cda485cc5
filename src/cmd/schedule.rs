//! `kubefedctl schedule TYPE NAME`: create or update the ReplicaSchedulingPreference of a
//! federated Deployment or ReplicaSet (KubeFed's SchedulerPreferences feature; the Go
//! tool had no command for it).
//!
//! Before writing, the control plane is read to warn about what would make the preference
//! do nothing: the scheduler switched off, the type not enabled, the federated object
//! missing, clusters that are not joined.

use crate::cli::{DryRun, GlobalArgs, ScheduleArgs};
use crate::cluster::apply::{Writer, is_not_found};
use crate::cluster::kubefed::{control_plane_view, list_kubefed_clusters};
use crate::cluster::target::Target;
use crate::cmd::federated::report_placement;
use crate::cmd::members::{HostKubeconfig, Session};
use crate::cmd::outcome::{dry_run_suffix, outcome};
use crate::error::{ExitStatus, HintExt, Hinted, hinted};
use crate::output::{OutputFormat, Printer};
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

/// Schedule's arguments, resolved before any file or cluster is read.
#[derive(Debug, PartialEq)]
pub(crate) struct ScheduleSettings {
    name: String,
    /// `-n`; without it, the namespace of the host's context, else default.
    namespace: Option<String>,
    spec: ReplicaSchedulingPreferenceSpec,
    strict: bool,
    dry_run: DryRun,
    /// Print the preference instead of writing it.
    output: Option<OutputFormat>,
}

impl ScheduleSettings {
    pub(crate) fn resolve(args: &ScheduleArgs) -> anyhow::Result<ScheduleSettings> {
        let target_kind = target_kind(&args.type_name)?;
        let clusters = cluster_preferences(&args.weights, &args.mins, &args.maxes)
            .map_err(|e| hinted(e, ScheduleError::hint))?;
        Ok(ScheduleSettings {
            name: args.name.clone(),
            namespace: args.namespace.clone(),
            spec: ReplicaSchedulingPreferenceSpec {
                target_kind: target_kind.to_owned(),
                total_replicas: args.total_replicas,
                rebalance: args.rebalance,
                intersect_with_cluster_selector: args.intersect_with_cluster_selector,
                clusters,
            },
            strict: args.strict,
            dry_run: args.dry_run.dry_run,
            output: args.output,
        })
    }

    /// The format to print the preference in when the command line says all of it (-o
    /// and -n): then no kubeconfig is read.
    fn offline_output(&self) -> Option<OutputFormat> {
        self.output.filter(|_| self.namespace.is_some())
    }

    /// The preference, in the namespace -n names, else `context_namespace`, else default.
    fn schedule(&self, context_namespace: Option<&str>) -> Schedule {
        Schedule {
            name: self.name.clone(),
            namespace: (self.namespace.as_deref().or(context_namespace))
                .unwrap_or("default")
                .to_owned(),
            spec: self.spec.clone(),
        }
    }
}

pub(crate) async fn run(
    args: &ScheduleArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let settings = ScheduleSettings::resolve(args)?;
    for warning in settings.spec.warnings() {
        printer.warn(warning);
    }
    if let Some(format) = settings.offline_output() {
        printer.document(format, &settings.schedule(None).object())?;
        return Ok(ExitStatus::Success);
    }
    let host = HostKubeconfig::load(global)?;
    let schedule = settings.schedule(host.context_namespace());
    if let Some(format) = settings.output {
        printer.document(format, &schedule.object())?;
        return Ok(ExitStatus::Success);
    }
    let session = host.connect(settings.dry_run).await?;
    write(&session, &schedule, settings.strict, printer).await
}

/// Checks the control plane for what would keep the preference from working (refused
/// with `strict`), then writes it.
async fn write(
    session: &Session,
    schedule: &Schedule,
    strict: bool,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let writer = &session.writer;
    let resource = replica_scheduling_preference_resource();
    let target = Target {
        resource: &resource,
        namespace: Some(&schedule.namespace),
        name: &schedule.name,
    };
    let (before, problems) = futures::try_join!(
        writer.get(&target),
        check_control_plane(writer, &session.namespace, schedule, printer)
    )?;
    report_placement(&target.describe(), &problems, strict, printer)?;
    let after = writer
        .apply(&target, &schedule.object())
        .await
        .map_err(|e| {
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::cli::parse_args;
    use crate::error;
    use crate::plan::kubefed::ClusterPreferences;

    fn resolve(args: &[&str]) -> anyhow::Result<ScheduleSettings> {
        ScheduleSettings::resolve(&parse_args(&[&["schedule"], args].concat())?)
    }

    fn preferences(weight: Option<i64>, min: Option<i64>, max: Option<i64>) -> ClusterPreferences {
        ClusterPreferences {
            weight,
            min_replicas: min,
            max_replicas: max,
        }
    }

    #[test]
    fn defaults() {
        let settings = resolve(&["deploy", "web", "--total-replicas", "3"]).unwrap();
        assert_eq!(
            settings,
            ScheduleSettings {
                name: "web".into(),
                namespace: None,
                spec: ReplicaSchedulingPreferenceSpec {
                    target_kind: "FederatedDeployment".into(),
                    total_replicas: 3,
                    rebalance: false,
                    intersect_with_cluster_selector: false,
                    clusters: BTreeMap::from([("*".into(), preferences(Some(1), None, None))]),
                },
                strict: false,
                dry_run: DryRun::None,
                output: None,
            }
        );
        assert!(settings.spec.warnings().is_empty());
        assert_eq!(settings.schedule(None).namespace, "default");
        assert_eq!(settings.schedule(Some("shop")).namespace, "shop");
    }

    #[test]
    fn flags_are_resolved() {
        let settings = resolve(&[
            "rs",
            "worker",
            "-n",
            "shop",
            "--total-replicas",
            "9",
            "--weight",
            "c2=2",
            "--weight",
            "c3=1",
            "--min",
            "c2=1",
            "--max",
            "c3=4",
            "--rebalance",
            "--intersect-with-cluster-selector",
            "--strict",
            "--dry-run=server",
        ])
        .unwrap();
        let schedule = settings.schedule(Some("ignored"));
        assert_eq!(
            (schedule.name.as_str(), schedule.namespace.as_str()),
            ("worker", "shop")
        );
        assert_eq!(
            schedule.spec,
            ReplicaSchedulingPreferenceSpec {
                target_kind: "FederatedReplicaSet".into(),
                total_replicas: 9,
                rebalance: true,
                intersect_with_cluster_selector: true,
                clusters: BTreeMap::from([
                    ("c2".into(), preferences(Some(2), Some(1), None)),
                    ("c3".into(), preferences(Some(1), None, Some(4))),
                ]),
            }
        );
        assert!(settings.strict);
        assert_eq!(settings.dry_run, DryRun::Server);
        assert_eq!(settings.output, None);
    }

    #[test]
    fn only_output_with_a_namespace_needs_no_kubeconfig() {
        let offline = resolve(&[
            "deploy",
            "web",
            "--total-replicas",
            "1",
            "-n",
            "a",
            "-o",
            "json",
        ]);
        assert_eq!(offline.unwrap().offline_output(), Some(OutputFormat::Json));
        let from_context = resolve(&["deploy", "web", "--total-replicas", "1", "-o", "yaml"]);
        let from_context = from_context.unwrap();
        assert_eq!(from_context.offline_output(), None);
        assert_eq!(from_context.output, Some(OutputFormat::Yaml));
    }

    #[test]
    fn preferences_that_cannot_hold_are_warned_about() {
        let settings =
            resolve(&["deploy", "web", "--total-replicas", "3", "--min", "a=5"]).unwrap();
        let warnings = settings.spec.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with("the minimums add up to 5"),
            "{warnings:?}"
        );
    }

    #[test]
    fn mistakes_are_refused_before_any_request() {
        let refused = |args: &[&str]| {
            let args = [&["deploy", "web", "--total-replicas", "3"], args].concat();
            let e = resolve(&args).unwrap_err();
            (error::messages(&e).join(": "), error::hints(&e).join("; "))
        };
        let no_hint = String::new();
        assert_eq!(
            resolve(&["configmaps", "web", "--total-replicas", "1"])
                .unwrap_err()
                .to_string(),
            "cannot schedule \"configmaps\": KubeFed schedules the replicas of deployments.apps \
             and replicasets.apps only"
        );
        assert_eq!(
            refused(&["--min", "a=5", "--max", "a=4"]),
            (
                "cluster \"a\": --min 5 is more than --max 4".into(),
                no_hint.clone()
            )
        );
        assert_eq!(
            refused(&["--weight", "a=1", "--weight", "a=2"]),
            ("--weight names cluster \"a\" twice".into(), no_hint.clone())
        );
        assert_eq!(
            refused(&["--weight", "a=-2"]),
            (
                "--weight a=-2: the number must be 0 or more".into(),
                no_hint
            )
        );
        let (message, hint) = refused(&["--max", "C_2=1"]);
        assert!(
            message.starts_with("invalid cluster name \"C_2\" in --max"),
            "{message}"
        );
        assert!(hint.starts_with("name a member as it was joined"), "{hint}");
        for args in [
            &["deploy", "web"][..],
            &["deploy", "web", "--total-replicas=-1"],
            &["deploy", "web", "--total-replicas", "3", "--weight", "a"],
        ] {
            assert!(resolve(args).is_err(), "{args:?}");
        }
    }
}
