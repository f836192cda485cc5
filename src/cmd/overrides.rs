//! `kubefedctl override set|remove|list TYPE NAME`: the per-cluster overrides of a
//! federated resource.
//!
//! `spec.overrides` is one list that other writers (people, GitOps, KubeFed's scheduler)
//! change too, so a change is a merge patch of the whole list as computed from what was
//! read, naming the resourceVersion read: a concurrent change makes the server refuse it
//! (409), and the change is computed again from a fresh read.

use std::time::Duration;

use anyhow::{anyhow, bail};

use crate::cli::{
    DryRun, FederatedResourceArgs, GlobalArgs, OverrideArgs, OverrideCommand, OverrideListArgs,
};
use crate::cluster::apply::{Target, is_conflict};
use crate::cluster::kubefed::{control_plane_view, list_joined_clusters};
use crate::cmd::federated::{FederatedObject, Host, Written, report_placement, wait_propagated};
use crate::cmd::outcome::dry_run_suffix;
use crate::error::{ExitStatus, hinted};
use crate::output::{Printer, table};
use crate::plan::kubefed::FederatedResource;
use crate::plan::kubefed::KubeFedObject;
use crate::plan::names::{NameError, check_member_name};
use crate::plan::overrides::{Change, ClusterOverride, REPLICAS_PATH, operation, with_changes};
use crate::plan::placement::{ControlPlaneView, override_problems};
use crate::plan::schedule::replica_scheduling_preference_resource;

/// How often a change is computed again after another writer changed the object first.
const CONFLICT_RETRIES: usize = 5;

pub(crate) async fn run(
    args: &OverrideArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    match &args.command {
        OverrideCommand::Set(set) => {
            let edit = Edit::Set(&set.changes);
            let how = How {
                dry_run: set.dry_run.dry_run,
                wait: set.wait.wait,
                strict: set.strict,
            };
            change(&set.resource, &set.cluster, edit, how, global, printer).await
        }
        OverrideCommand::Remove(remove) => {
            let edit = Edit::Remove(&remove.paths);
            let how = How {
                dry_run: remove.dry_run.dry_run,
                wait: remove.wait.wait,
                strict: false,
            };
            change(
                &remove.resource,
                &remove.cluster,
                edit,
                how,
                global,
                printer,
            )
            .await
        }
        OverrideCommand::List(list) => show(list, global, printer).await,
    }
}

/// What `set` or `remove` asks of one cluster's overrides.
#[derive(Clone, Copy)]
enum Edit<'a> {
    Set(&'a [Change]),
    Remove(&'a [String]),
}

impl Edit<'_> {
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

/// How `set` and `remove` write: dry run or not, whether to wait for propagation, and
/// whether a placement problem is an error.
struct How {
    dry_run: DryRun,
    wait: Option<Duration>,
    strict: bool,
}

async fn change(
    resource: &FederatedResourceArgs,
    cluster: &str,
    edit: Edit<'_>,
    how: How,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    check_member_name("--cluster", cluster).map_err(|e| hinted(e, NameError::hint))?;
    if how.wait.is_some() && how.dry_run != DryRun::None {
        bail!("--wait waits for what is written, and a dry run writes nothing");
    }
    let mut found = FederatedObject::find(resource, how.dry_run, global).await?;
    check_placement(
        &found,
        &global.kubefed_namespace,
        cluster,
        how.strict,
        printer,
    )
    .await?;
    if edit.paths().contains(&REPLICAS_PATH) {
        warn_scheduled(&found, printer).await?;
    }
    write_change(&mut found, cluster, edit, printer).await?;
    let Some(timeout) = how.wait else {
        return Ok(ExitStatus::Success);
    };
    let written = Written {
        federated_type: found.kind.federated.crd_name(),
        namespace: found.namespace.clone(),
        name: found.name.clone(),
    };
    let host = Host {
        kubeconfigs: &found.kubeconfigs,
        client: found.writer.client(),
        context: found.writer.cluster(),
        kubefed_namespace: &global.kubefed_namespace,
    };
    wait_propagated(&host, &[written], timeout, printer).await
}

/// Writes the change of `cluster`'s overrides, computing it again from a fresh read
/// when another writer changed the object first.
async fn write_change(
    found: &mut FederatedObject,
    cluster: &str,
    edit: Edit<'_>,
    printer: &Printer,
) -> anyhow::Result<()> {
    let dry_run = found.writer.dry_run();
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
        match found.writer.merge_patch(&target, &patch).await {
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
                let object = found.writer.get(&target).await?;
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
    found: &FederatedObject,
    namespace: &str,
    cluster: &str,
    strict: bool,
    printer: &Printer,
) -> anyhow::Result<()> {
    let (client, context) = (found.writer.client(), found.writer.cluster());
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
async fn warn_scheduled(found: &FederatedObject, printer: &Printer) -> anyhow::Result<()> {
    let resource = replica_scheduling_preference_resource();
    let target = Target {
        resource: &resource,
        namespace: found.namespace.as_deref(),
        name: &found.name,
    };
    if found.writer.get(&target).await?.is_some() {
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
    args: &OverrideListArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let found = FederatedObject::find(&args.resource, DryRun::None, global).await?;
    let overrides = &found.object.spec.overrides;
    if let Some(format) = args.output {
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
