//! `kubefedctl override set|remove|list TYPE NAME`: the per-cluster overrides of a
//! federated resource.
//!
//! `spec.overrides` is one list that other writers (people, GitOps, KubeFed's scheduler)
//! change too, so a change is a merge patch of the whole list as computed from what was
//! read, naming the resourceVersion read: a concurrent change makes the server refuse it
//! (409), and the change is computed again from a fresh read.

use std::time::Duration;

use anyhow::anyhow;

use crate::cli::{DryRun, FederatedResourceArgs, GlobalArgs, OverrideArgs, OverrideCommand};
use crate::cluster::apply::{Writer, is_conflict};
use crate::cluster::kubefed::{control_plane_view, list_joined_clusters};
use crate::cluster::target::Target;
use crate::cmd::federated::{
    FederatedObject, Written, check_wait, report_placement, wait_propagated,
};
use crate::cmd::members::Session;
use crate::cmd::outcome::dry_run_suffix;
use crate::error::{ExitStatus, hinted};
use crate::output::{OutputFormat, Printer, table};
use crate::plan::kubefed::FederatedResource;
use crate::plan::kubefed::KubeFedObject;
use crate::plan::names::{NameError, check_member_name};
use crate::plan::overrides::{Change, ClusterOverride, REPLICAS_PATH, operation, with_changes};
use crate::plan::placement::{ControlPlaneView, override_problems};
use crate::plan::schedule::replica_scheduling_preference_resource;

/// How often a change is computed again after another writer changed the object first.
const CONFLICT_RETRIES: usize = 5;

/// Override's arguments, resolved before any request.
#[derive(Debug, PartialEq)]
pub(crate) enum OverrideSettings {
    /// `set` or `remove`.
    Change(ChangeSettings),
    /// `list`: a table, or with `output` KubeFed's list as one document.
    List {
        resource: FederatedResourceArgs,
        output: Option<OutputFormat>,
    },
}

/// What `set` or `remove` changes, and how it writes.
#[derive(Debug, PartialEq)]
pub(crate) struct ChangeSettings {
    resource: FederatedResourceArgs,
    /// The member cluster whose overrides change; a name a KubeFedCluster could have.
    cluster: String,
    edit: Edit,
    dry_run: DryRun,
    /// How long to wait for propagation; never in a dry run.
    wait: Option<Duration>,
    /// Whether an override that cannot take effect is an error rather than a warning.
    strict: bool,
}

impl OverrideSettings {
    pub(crate) fn resolve(args: &OverrideArgs) -> anyhow::Result<OverrideSettings> {
        let settings = match &args.command {
            OverrideCommand::Set(set) => ChangeSettings {
                resource: set.resource.clone(),
                cluster: set.cluster.clone(),
                edit: Edit::Set(set.changes.clone()),
                dry_run: set.dry_run.dry_run,
                wait: set.wait.wait,
                strict: set.strict,
            },
            OverrideCommand::Remove(remove) => ChangeSettings {
                resource: remove.resource.clone(),
                cluster: remove.cluster.clone(),
                edit: Edit::Remove(remove.paths.clone()),
                dry_run: remove.dry_run.dry_run,
                wait: remove.wait.wait,
                strict: false,
            },
            OverrideCommand::List(list) => {
                return Ok(OverrideSettings::List {
                    resource: list.resource.clone(),
                    output: list.output,
                });
            }
        };
        check_member_name("--cluster", &settings.cluster)
            .map_err(|e| hinted(e, NameError::hint))?;
        check_wait(settings.wait, settings.dry_run)?;
        Ok(OverrideSettings::Change(settings))
    }
}

pub(crate) async fn run(
    args: &OverrideArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    match OverrideSettings::resolve(args)? {
        OverrideSettings::Change(settings) => change(&settings, global, printer).await,
        OverrideSettings::List { resource, output } => {
            show(&resource, output, global, printer).await
        }
    }
}

/// What `set` or `remove` asks of one cluster's overrides.
#[derive(Debug, PartialEq)]
enum Edit {
    Set(Vec<Change>),
    Remove(Vec<String>),
}

impl Edit {
    fn paths(&self) -> Vec<&str> {
        match self {
            Edit::Set(changes) => changes.iter().map(Change::path).collect(),
            Edit::Remove(paths) => paths.iter().map(String::as_str).collect(),
        }
    }

    /// The cluster's new operations and the paths whose operations go, against the
    /// federated object as read; and what the user should hear about them.
    fn against(
        &self,
        object: &FederatedResource,
        cluster: &str,
    ) -> (Vec<ClusterOverride>, Vec<String>, Vec<String>) {
        match self {
            Edit::Set(changes) => {
                let template = object.template();
                let (operations, warnings) = changes
                    .iter()
                    .map(|change| operation(change, template))
                    .unzip::<_, _, Vec<_>, Vec<_>>();
                (
                    operations,
                    Vec::new(),
                    warnings.into_iter().flatten().collect(),
                )
            }
            Edit::Remove(paths) => {
                let overridden = object.override_paths(cluster);
                let warnings = paths
                    .iter()
                    .filter(|path| !overridden.contains(path))
                    .map(|path| format!("cluster \"{cluster}\" has no override of {path}"))
                    .collect();
                (Vec::new(), paths.to_vec(), warnings)
            }
        }
    }
}

async fn change(
    settings: &ChangeSettings,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let cluster = settings.cluster.as_str();
    let session = Session::open(global, settings.dry_run).await?;
    let mut found = FederatedObject::find(&session, &settings.resource).await?;
    check_placement(&session, &found, cluster, settings.strict, printer).await?;
    if settings.edit.paths().contains(&REPLICAS_PATH) {
        warn_scheduled(&session.writer, &found, printer).await?;
    }
    write_change(
        &session.writer,
        &mut found,
        cluster,
        &settings.edit,
        printer,
    )
    .await?;
    let Some(timeout) = settings.wait else {
        return Ok(ExitStatus::Success);
    };
    let written = Written {
        federated_type: found.kind.federated.crd_name(),
        namespace: found.namespace.clone(),
        name: found.name.clone(),
    };
    wait_propagated(&session, &[written], timeout, printer).await
}

/// Writes the change of `cluster`'s overrides, computing it again from a fresh read
/// when another writer changed the object first.
async fn write_change(
    writer: &Writer,
    found: &mut FederatedObject,
    cluster: &str,
    edit: &Edit,
    printer: &Printer,
) -> anyhow::Result<()> {
    let dry_run = writer.dry_run();
    let mut attempt = 0;
    loop {
        let current = &found.object.spec.overrides;
        let (operations, dropped, warnings) = edit.against(&found.object, cluster);
        if attempt == 0 {
            for warning in warnings {
                printer.warn(warning);
            }
        }
        let target = found.target();
        let description = target.describe();
        let changed = with_changes(current, cluster, &operations, &dropped);
        if changed == *current {
            printer.line(format_args!(
                "overrides of {description} for cluster \"{cluster}\" unchanged"
            ))?;
            return Ok(());
        }
        let patch = found.object.overrides_patch(&changed);
        match writer.merge_patch(&target, &patch).await {
            Ok(_) => {
                printer.line(format_args!(
                    "overrides of {description} for cluster \"{cluster}\" updated{}",
                    dry_run_suffix(dry_run)
                ))?;
                return Ok(());
            }
            // Another writer changed the object since it was read: read it again.
            Err(e) if is_conflict(&e) && attempt < CONFLICT_RETRIES => {
                attempt += 1;
                let object = writer.get(&target).await?;
                let object =
                    object.ok_or_else(|| anyhow!("{description} was deleted meanwhile"))?;
                found.object = FederatedResource::from_object(&object)?;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Overrides for a cluster that is not joined, or that the placement does not select,
/// do nothing until it is; nor do any when the object cannot propagate at all. Each is a
/// warning, or with `strict` an error before anything is written.
async fn check_placement(
    session: &Session,
    found: &FederatedObject,
    cluster: &str,
    strict: bool,
    printer: &Printer,
) -> anyhow::Result<()> {
    let (client, context) = (session.writer.client(), session.context());
    let namespace = session.namespace.as_str();
    let view = match control_plane_view(client, namespace, context).await {
        Ok(view) => view,
        // Without a KubeFedConfig the scope is unknown: the joined clusters still tell.
        Err(e) => {
            printer.debug(1, format_args!("namespaces not checked: {e:#}"));
            ControlPlaneView {
                clusters: list_joined_clusters(client, namespace, context).await?,
                federated_namespaces: None,
            }
        }
    };
    let problems = override_problems(&found.object, cluster, &view);
    report_placement(&found.target().describe(), &problems, strict, printer)
}

/// KubeFed's scheduler owns the replicas of an object that has a
/// ReplicaSchedulingPreference, and rewrites their overrides.
async fn warn_scheduled(
    writer: &Writer,
    found: &FederatedObject,
    printer: &Printer,
) -> anyhow::Result<()> {
    let resource = replica_scheduling_preference_resource();
    let target = Target {
        resource: &resource,
        namespace: found.namespace.as_deref(),
        name: &found.name,
    };
    if writer.get(&target).await?.is_some() {
        printer.warn(format_args!(
            "{} sets the replicas of {} in each cluster and rewrites {REPLICAS_PATH} \
             overrides: change the preference (kubefedctl schedule) instead",
            target.describe(),
            found.target().describe()
        ));
    }
    Ok(())
}

async fn show(
    resource: &FederatedResourceArgs,
    output: Option<OutputFormat>,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let session = Session::open(global, DryRun::None).await?;
    let found = FederatedObject::find(&session, resource).await?;
    let overrides = &found.object.spec.overrides;
    if let Some(format) = output {
        printer.document(format, &overrides)?;
        return Ok(ExitStatus::Success);
    }
    if overrides.is_empty() {
        printer.line(format_args!(
            "{} has no overrides",
            found.target().describe()
        ))?;
        return Ok(ExitStatus::Success);
    }
    let mut rows = Vec::new();
    for item in overrides {
        for o in &item.cluster_overrides {
            let op = serde_json::to_value(o.op)?;
            rows.push(vec![
                item.cluster_name.clone(),
                op.as_str().unwrap_or_default().to_owned(),
                o.path.clone(),
                o.value.as_ref().map(|v| v.to_string()).unwrap_or_default(),
            ]);
        }
    }
    printer.out(&table(&["CLUSTER", "OP", "PATH", "VALUE"], rows))?;
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::cli::parse_args;
    use crate::error;

    fn resolve(args: &[&str]) -> anyhow::Result<OverrideSettings> {
        OverrideSettings::resolve(&parse_args(&[&["override"], args].concat())?)
    }

    fn change(args: &[&str]) -> ChangeSettings {
        match resolve(args).unwrap() {
            OverrideSettings::Change(settings) => settings,
            list => panic!("{args:?} resolved to {list:?}"),
        }
    }

    /// The settings of `override set deployments.apps web --cluster cluster2 ARGS`.
    fn set(args: &[&str]) -> ChangeSettings {
        change(
            &[
                &["set", "deployments.apps", "web", "--cluster", "cluster2"],
                args,
            ]
            .concat(),
        )
    }

    fn web(namespace: Option<&str>) -> FederatedResourceArgs {
        FederatedResourceArgs {
            type_name: "deployments.apps".into(),
            name: "web".into(),
            namespace: namespace.map(Into::into),
        }
    }

    #[test]
    fn set_defaults() {
        assert_eq!(
            set(&["/spec/replicas=3", "/spec/paused-"]),
            ChangeSettings {
                resource: web(None),
                cluster: "cluster2".into(),
                edit: Edit::Set(vec![
                    Change::Set {
                        path: "/spec/replicas".into(),
                        value: json!(3)
                    },
                    Change::Remove {
                        path: "/spec/paused".into()
                    },
                ]),
                dry_run: DryRun::None,
                wait: None,
                strict: false,
            }
        );
    }

    #[test]
    fn set_flags() {
        let settings = set(&[
            "-n",
            "shop",
            "/metadata/labels/tier=gold",
            "--strict",
            "--wait=1m",
        ]);
        assert_eq!(settings.resource, web(Some("shop")));
        assert_eq!(
            settings.edit,
            Edit::Set(vec![Change::Set {
                path: "/metadata/labels/tier".into(),
                value: json!("gold")
            }])
        );
        assert!(settings.strict);
        assert_eq!(settings.wait, Some(Duration::from_secs(60)));
        let settings = set(&["/spec/replicas=3", "--dry-run=server"]);
        assert_eq!(settings.dry_run, DryRun::Server);
    }

    #[test]
    fn remove_takes_paths() {
        let settings = change(&[
            "remove",
            "deployments.apps",
            "web",
            "--cluster",
            "cluster3",
            "/spec/replicas",
            "/metadata/labels/tier",
            "--dry-run",
        ]);
        assert_eq!(settings.cluster, "cluster3");
        assert_eq!(
            settings.edit,
            Edit::Remove(vec![
                "/spec/replicas".into(),
                "/metadata/labels/tier".into()
            ])
        );
        assert_eq!(
            settings.edit.paths(),
            ["/spec/replicas", "/metadata/labels/tier"]
        );
        assert_eq!(settings.dry_run, DryRun::Client);
        assert!(!settings.strict);
    }

    #[test]
    fn list_prints_a_table_or_a_document() {
        assert_eq!(
            resolve(&["list", "deployments.apps", "web"]).unwrap(),
            OverrideSettings::List {
                resource: web(None),
                output: None
            }
        );
        assert_eq!(
            resolve(&[
                "list",
                "deployments.apps",
                "web",
                "-n",
                "shop",
                "-o",
                "yaml"
            ])
            .unwrap(),
            OverrideSettings::List {
                resource: web(Some("shop")),
                output: Some(OutputFormat::Yaml)
            }
        );
    }

    #[test]
    fn mistakes_are_refused_before_any_request() {
        let refused = |args: &[&str]| {
            let e = resolve(&[&["set", "deployments.apps", "web"], args].concat()).unwrap_err();
            (error::messages(&e).join(": "), error::hints(&e).join(" / "))
        };
        assert_eq!(
            refused(&["--cluster", "Cluster_2", "/spec/replicas=3"]),
            (
                "invalid cluster name \"Cluster_2\" in --cluster: it must be a lower-case \
                 DNS-1123 subdomain (letters, digits, '-' and '.', starting and ending with a \
                 letter or digit)"
                    .into(),
                "name a member as it was joined (its KubeFedCluster's name); `kubefedctl \
                 status` lists them"
                    .into()
            )
        );
        assert_eq!(
            refused(&[
                "--cluster",
                "cluster2",
                "/spec/replicas=3",
                "--wait",
                "--dry-run"
            ]),
            (
                "--wait waits for what is written, and a dry run writes nothing".into(),
                String::new()
            )
        );
        let (message, _) = refused(&["--cluster", "cluster2", "spec/replicas=3"]);
        assert!(message.contains("spec/replicas"), "{message}");
        let (message, _) = refused(&["--cluster", "cluster2"]);
        assert!(
            message.contains("required arguments were not provided"),
            "{message}"
        );
    }
}
