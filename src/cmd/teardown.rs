//! `kubefedctl teardown`: remove the KubeFed control plane, in four steps that each only
//! delete what is still there, so a re-run resumes where a failed run stopped.
//!
//! Members are unjoined first; the federated resources are then deleted with nothing left
//! for their `kubefed.io/sync-controller` finalizer to clean up, so teardown removes that
//! finalizer itself rather than depending on a running controller.

use std::time::{Duration, Instant};

use anyhow::bail;
use futures::{StreamExt, TryStreamExt};
use k8s_openapi::jiff::Timestamp;
use kube::api::DynamicObject;
use kube::core::ApiResource;
use serde::Serialize;
use serde_json::json;

use crate::cli::{DryRun, GlobalArgs, TeardownArgs};
use crate::cluster::apply::Writer;
use crate::cluster::discovery::policy_apis;
use crate::cluster::federated::list_federated_names;
use crate::cluster::kubefed::{read_kubefed_config, read_leader};
use crate::cluster::read;
use crate::cluster::target::Target;
use crate::cluster::watch::{Waited, watch_until};
use crate::cmd::members::{self, Host, Member};
use crate::cmd::unjoin::unjoin_all;
use crate::error::{ExitStatus, Hinted};
use crate::output::{OutputFormat, Printer, confirm_deletion};
use crate::plan::admission::written_policies;
use crate::plan::enable::{FederatedType, crd_resource, federated_type_config_resource};
use crate::plan::init::{MANAGED_BY, MANAGED_BY_LABEL, controller_objects, crds, dns_crds};
use crate::plan::join::{
    Object, Scope, kubefed_cluster_resource, kubefed_config_resource, namespace_resource,
};
use crate::plan::names::HostName;

const SYNC_FINALIZER: &str = "kubefed.io/sync-controller";
const TYPE_CONFIG_FINALIZER: &str = "core.kubefed.io/federated-type-config";
/// How long the controller may take to stop a type's sync controller and remove its
/// FederatedTypeConfig's finalizer before teardown removes it.
const TYPE_CONFIG_GRACE: Duration = Duration::from_secs(10);

const STEPS: [&str; 4] = [
    "unjoin the member clusters",
    "delete the federated resources",
    "delete the FederatedTypeConfigs and federated CRDs",
    "delete the KubeFed control plane",
];

/// One object to delete, as listed and printed.
#[derive(Clone, Debug, Serialize)]
struct Item {
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    namespace: Option<String>,
    name: String,
    #[serde(skip)]
    resource: ApiResource,
}

impl Item {
    fn of(resource: &ApiResource, namespace: Option<&str>, name: &str) -> Self {
        Item {
            kind: resource.kind.clone(),
            namespace: namespace.map(str::to_owned),
            name: name.to_owned(),
            resource: resource.clone(),
        }
    }

    fn target(&self) -> Target<'_> {
        Target {
            resource: &self.resource,
            namespace: self.namespace.as_deref(),
            name: &self.name,
        }
    }

    fn describe(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{} {ns}/{}", self.kind, self.name),
            None => format!("{} {}", self.kind, self.name),
        }
    }
}

/// What teardown deletes, step by step; also its `-o` document.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct Inventory {
    members: Vec<String>,
    federated_resources: Vec<Item>,
    /// FederatedTypeConfigs, each followed by its federated CRD.
    federated_types: Vec<Item>,
    /// The controller, the KubeFedConfig, the admission policies, the KubeFed CRDs and
    /// the namespace.
    control_plane: Vec<Item>,
}

impl Inventory {
    fn is_empty(&self) -> bool {
        self.members.is_empty()
            && self.federated_resources.is_empty()
            && self.federated_types.is_empty()
            && self.control_plane.is_empty()
    }

    /// Whether the controller holding the lease as `holder` is a pod of the Deployment
    /// teardown deletes (`init --controller-image` installs it; its pods lead under their
    /// pod names); a controller run any other way keeps running.
    fn stops_controller(&self, holder: &str) -> bool {
        self.control_plane.iter().any(|item| {
            item.kind == "Deployment"
                && holder
                    .strip_prefix(item.name.as_str())
                    .is_some_and(|rest| rest.starts_with('-'))
        })
    }

    fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let mut step = |n: usize, items: Vec<String>| {
            if !items.is_empty() {
                lines.push(format!("{}. {}:", n + 1, STEPS[n]));
                lines.extend(items.into_iter().map(|i| format!("   {i}")));
            }
        };
        step(
            0,
            self.members
                .iter()
                .map(|m| format!("cluster {m}"))
                .collect(),
        );
        step(
            1,
            self.federated_resources
                .iter()
                .map(Item::describe)
                .collect(),
        );
        step(2, self.federated_types.iter().map(Item::describe).collect());
        step(3, self.control_plane.iter().map(Item::describe).collect());
        lines
    }
}

/// Teardown's arguments, resolved before any request.
#[derive(Debug, PartialEq)]
pub(crate) struct TeardownSettings {
    /// `--host-cluster-name`, checked.
    host_name: Option<HostName>,
    /// `--dry-run`: list what would be deleted, and delete nothing.
    list_only: bool,
    yes: bool,
    force: bool,
    concurrency: u16,
    /// How long each deletion may take.
    timeout: Duration,
    output: Option<OutputFormat>,
}

impl TeardownSettings {
    pub(crate) fn resolve(args: &TeardownArgs) -> anyhow::Result<TeardownSettings> {
        Ok(TeardownSettings {
            host_name: members::given_host_name(args.host_cluster_name.as_deref())?,
            list_only: args.dry_run,
            yes: args.yes,
            force: args.force,
            concurrency: args.concurrency,
            timeout: args.timeout,
            output: args.output,
        })
    }

    /// Whether the listing and the result lines go to stdout; with -o, stdout carries the
    /// document alone.
    fn human(&self) -> bool {
        self.output.is_none()
    }
}

pub(crate) async fn run(
    args: &TeardownArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let settings = TeardownSettings::resolve(args)?;
    let host = Host::open(global, settings.host_name.as_ref(), DryRun::None, printer).await?;
    let inventory = inventory(&host.writer, &host.namespace).await?;
    let context = host.context();

    if inventory.is_empty() {
        match settings.output {
            None => printer.line(format_args!(
                "no KubeFed control plane in namespace \"{}\" on context \"{context}\"; nothing to delete",
                host.namespace
            ))?,
            Some(format) => printer.document(format, &inventory)?,
        }
        return Ok(ExitStatus::Success);
    }
    announce(&host, &inventory, &settings, printer).await?;
    if settings.list_only {
        if let Some(format) = settings.output {
            printer.document(format, &inventory)?;
        }
        return Ok(ExitStatus::Success);
    }
    let what = format!("the KubeFed control plane on context \"{context}\" (listed above)");
    if !confirm_deletion(settings.yes, &what)? {
        // Declining is an answer, not an error: exit 1, as a query answered "no".
        printer.debug(0, "teardown cancelled; nothing was changed");
        return Ok(ExitStatus::Failure);
    }
    tear_down(&host, &inventory, &settings, printer).await?;
    if let Some(format) = settings.output {
        printer.document(format, &inventory)?;
    }
    Ok(ExitStatus::Success)
}

/// Lists the steps teardown takes (with -o, only the document does), and warns of a
/// controller it would leave running.
async fn announce(
    host: &Host,
    inventory: &Inventory,
    settings: &TeardownSettings,
    printer: &Printer,
) -> anyhow::Result<()> {
    let context = host.context();
    if settings.human() {
        let verb = if settings.list_only {
            "would take"
        } else {
            "takes"
        };
        printer.line(format_args!(
            "Teardown of KubeFed in namespace \"{}\" on context \"{context}\" {verb} these steps:",
            host.namespace
        ))?;
        for line in inventory.lines() {
            printer.line(line)?;
        }
        printer.line(
            "The member clusters keep the objects KubeFed propagated to them; only what is \
             listed above is deleted.",
        )?;
    }
    if let Some(holder) = running_controller(host).await
        && !inventory.stops_controller(&holder)
    {
        printer.warn(format_args!(
            "a KubeFed controller ({holder}) is running against this control plane and \
             teardown does not stop it: stop it too, or it keeps failing once its CRDs are gone"
        ));
    }
    Ok(())
}

/// Takes the four steps, each deleting what the inventory lists for it; the error of a
/// step says which steps are done.
async fn tear_down(
    host: &Host,
    inventory: &Inventory,
    settings: &TeardownSettings,
    printer: &Printer,
) -> anyhow::Result<()> {
    // Result lines: on stdout, or on stderr when stdout carries the -o document.
    let emit = |line: String| {
        if settings.human() {
            printer.line(line)
        } else {
            printer.debug(0, line);
            Ok(())
        }
    };
    let timeout = settings.timeout;
    for (n, step) in STEPS.iter().enumerate() {
        let result = match n {
            0 => unjoin_members(host, &inventory.members, settings, printer, &emit).await,
            1 => {
                delete_resources(&host.writer, &inventory.federated_resources, timeout, &emit).await
            }
            2 => delete_types(&host.writer, &inventory.federated_types, timeout, &emit).await,
            _ => delete_control_plane(&host.writer, &inventory.control_plane, timeout, &emit).await,
        };
        result.map_err(|e| {
            let hint = if n == 0 {
                "the other members are unjoined; fix the cause (--force unjoins members that are \
                 gone) and run teardown again to resume"
                    .to_owned()
            } else {
                format!("steps 1 to {n} are done; fix the cause and run teardown again to resume")
            };
            Hinted::new(
                e.context(format!("teardown stopped at step {} of 4 ({step})", n + 1)),
                hint,
            )
        })?;
    }
    Ok(())
}

/// The holder of the KubeFed controller's lease when a controller is running against
/// this control plane. Best effort: a record that cannot be read warns of nothing.
async fn running_controller(host: &Host) -> Option<String> {
    let client = host.writer.client();
    let config = read_kubefed_config(client, &host.namespace, host.context())
        .await
        .ok()?;
    let (_, record) = read_leader(client, &host.namespace, host.context(), &config)
        .await
        .ok()?;
    record
        .filter(|record| record.is_current(Timestamp::now()))
        .map(|record| record.holder_identity)
}

/// Lists everything teardown deletes, before it deletes anything.
async fn inventory(writer: &Writer, namespace: &str) -> anyhow::Result<Inventory> {
    let mut inventory = Inventory::default();
    let (cluster_resource, ftc_resource) =
        (kubefed_cluster_resource(), federated_type_config_resource());
    let (clusters, type_configs) = futures::try_join!(
        list(writer, &cluster_resource, namespace),
        list(writer, &ftc_resource, namespace),
    )?;
    inventory.members = clusters
        .iter()
        .filter_map(|c| c.metadata.name.clone())
        .collect();

    // The namespaces type last: the controller runs no sync controller of a namespaced
    // type without it, and would complain while the others go.
    let mut type_configs = type_configs;
    type_configs.sort_by_key(|ftc| ftc.metadata.name.as_deref() == Some("namespaces"));
    let crd = crd_resource();
    for ftc in &type_configs {
        let Some(ftc_name) = ftc.metadata.name.as_deref() else {
            continue;
        };
        inventory
            .federated_types
            .push(Item::of(&ftc_resource, Some(namespace), ftc_name));
        let Some(federated) = FederatedType::of_object(ftc) else {
            continue;
        };
        let resource = federated.resource();
        for (ns, name) in list_federated_names(writer, &resource).await? {
            inventory
                .federated_resources
                .push(Item::of(&resource, ns.as_deref(), &name));
        }
        let crd_name = federated.crd_name();
        if exists(writer, &crd, None, &crd_name).await? {
            inventory
                .federated_types
                .push(Item::of(&crd, None, &crd_name));
        }
    }

    // The controller first, so it stops before the types it watches go.
    let mut candidates: Vec<Object> = controller_objects(namespace, Scope::Cluster, "")
        .into_iter()
        .rev()
        .collect();
    candidates.push(Object::new(
        kubefed_config_resource(),
        Some(namespace),
        "kubefed",
        json!(null),
    ));
    let apis = policy_apis(writer.client(), writer.cluster()).await?;
    candidates.extend(written_policies(namespace, apis.mutating.as_deref()));
    candidates.extend(crds());
    candidates.extend(dns_crds());
    for object in candidates {
        if exists(
            writer,
            &object.resource,
            object.namespace.as_deref(),
            &object.name,
        )
        .await?
        {
            inventory.control_plane.push(Item::of(
                &object.resource,
                object.namespace.as_deref(),
                &object.name,
            ));
        }
    }
    let ns_target = Target {
        resource: &namespace_resource(),
        namespace: None,
        name: namespace,
    };
    // A namespace being deleted already is left to the namespace controller.
    if let Some(ns) = writer.get(&ns_target).await?
        && ns.metadata.deletion_timestamp.is_none()
        && ns
            .metadata
            .labels
            .as_ref()
            .and_then(|l| l.get(MANAGED_BY_LABEL))
            == Some(&MANAGED_BY.to_owned())
    {
        inventory
            .control_plane
            .push(Item::of(&namespace_resource(), None, namespace));
    }
    Ok(inventory)
}

/// The objects of a type in `namespace`; none when the type is not served.
async fn list(
    writer: &Writer,
    resource: &ApiResource,
    namespace: &str,
) -> anyhow::Result<Vec<DynamicObject>> {
    match read::list(writer.client(), resource, Some(namespace)).await {
        Ok(list) => Ok(list),
        Err(kube::Error::Api(status)) if status.code == 404 => Ok(Vec::new()),
        Err(e) => Err(anyhow::Error::new(e).context(format!(
            "cannot list {} objects in namespace \"{namespace}\" on context \"{}\"",
            resource.kind,
            writer.cluster()
        ))),
    }
}

/// Whether the object exists; false too when its type is not served (any more).
async fn exists(
    writer: &Writer,
    resource: &ApiResource,
    namespace: Option<&str>,
    name: &str,
) -> anyhow::Result<bool> {
    match read::get_metadata(writer.client(), resource, namespace, name).await {
        Ok(_) => Ok(true),
        Err(kube::Error::Api(status)) if status.code == 404 => Ok(false),
        Err(e) => Err(anyhow::Error::new(e).context(format!(
            "cannot read {} \"{name}\" on context \"{}\"",
            resource.kind,
            writer.cluster()
        ))),
    }
}

async fn unjoin_members(
    host: &Host,
    clusters: &[String],
    settings: &TeardownSettings,
    printer: &Printer,
    emit: &impl Fn(String) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if clusters.is_empty() {
        return Ok(());
    }
    // Teardown unjoins what the host lists, each member through the context of its name,
    // as unjoin does when no --cluster-context is given.
    let members: Vec<Member> = clusters
        .iter()
        .map(|cluster| Member {
            cluster: cluster.clone(),
            context: cluster.clone(),
        })
        .collect();
    unjoin_all(
        host,
        &members,
        settings.concurrency,
        settings.force,
        printer,
        |outcome| emit(outcome.line()),
    )
    .await?;
    Ok(())
}

/// Deletes the federated resources, several at once. The members are unjoined, so their
/// sync-controller finalizer has nothing left to do and is removed at once.
async fn delete_resources(
    writer: &Writer,
    items: &[Item],
    timeout: Duration,
    emit: &impl Fn(String) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    futures::stream::iter(
        items.iter().map(|item| {
            delete_and_wait(writer, item, Some(SYNC_FINALIZER), Duration::ZERO, timeout)
        }),
    )
    .buffer_unordered(16)
    .try_collect::<Vec<()>>()
    .await?;
    if !items.is_empty() {
        emit(format!("{} federated resources deleted", items.len()))?;
    }
    Ok(())
}

async fn delete_types(
    writer: &Writer,
    items: &[Item],
    timeout: Duration,
    emit: &impl Fn(String) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    for item in items {
        delete_and_wait(
            writer,
            item,
            Some(TYPE_CONFIG_FINALIZER),
            TYPE_CONFIG_GRACE,
            timeout,
        )
        .await?;
        emit(format!("{} deleted", item.describe()))?;
    }
    Ok(())
}

async fn delete_control_plane(
    writer: &Writer,
    items: &[Item],
    timeout: Duration,
    emit: &impl Fn(String) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    for item in items {
        // The namespace is left to the namespace controller: waiting adds nothing.
        if item.resource.kind == "Namespace" {
            writer.delete(&item.target()).await?;
        } else {
            delete_and_wait(writer, item, None, Duration::ZERO, timeout).await?;
        }
        emit(format!("{} deleted", item.describe()))?;
    }
    Ok(())
}

/// Deletes an object and waits until it is gone. After `grace`, `finalizer` is removed
/// from it if it still holds the deletion up.
async fn delete_and_wait(
    writer: &Writer,
    item: &Item,
    finalizer: Option<&str>,
    grace: Duration,
    timeout: Duration,
) -> anyhow::Result<()> {
    let target = item.target();
    writer.delete(&target).await?;
    let started = Instant::now();
    loop {
        // Within the grace only the deletion ends a wait; after it, the finalizer holding
        // the object up does too, so that it can be removed.
        let removable = finalizer.filter(|_| started.elapsed() >= grace);
        let until = match finalizer {
            Some(_) if removable.is_none() => grace.min(timeout),
            _ => timeout,
        };
        let held = |object: &DynamicObject| {
            removable.is_some_and(|finalizer| finalizers(object).iter().any(|f| f == finalizer))
        };
        let waited = watch_until(
            writer.client(),
            &target,
            until.saturating_sub(started.elapsed()),
            |object| match object {
                None => Some(None),
                Some(object) if held(object) => Some(Some(object.clone())),
                Some(_) => None,
            },
        )
        .await?;
        match waited {
            Waited::Done(None) => return Ok(()),
            Waited::Done(Some(current)) => {
                let rest: Vec<String> = finalizers(&current)
                    .into_iter()
                    .filter(|f| Some(f.as_str()) != removable)
                    .collect();
                // The resourceVersion makes the patch fail rather than drop a finalizer
                // added meanwhile; the next wait then sees the object again.
                let patch = json!({"metadata": {
                    "finalizers": rest,
                    "resourceVersion": current.metadata.resource_version,
                }});
                if let Err(e) = writer.merge_patch(&target, &patch).await
                    && !is_conflict_or_gone(&e)
                {
                    return Err(e);
                }
            }
            // The grace is over: wait on, now for the finalizer too.
            Waited::TimedOut(_) if started.elapsed() < timeout => {}
            Waited::TimedOut(current) => bail!(
                "{} on context \"{}\" is still being deleted after {}s (finalizers: {})",
                target.describe(),
                writer.cluster(),
                timeout.as_secs(),
                current
                    .map(|current| finalizers(&current))
                    .unwrap_or_default()
                    .join(", ")
            ),
        }
    }
}

fn finalizers(object: &DynamicObject) -> Vec<String> {
    object.metadata.finalizers.clone().unwrap_or_default()
}

fn is_conflict_or_gone(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        matches!(
            cause.downcast_ref::<kube::Error>(),
            Some(kube::Error::Api(status)) if status.code == 409 || status.code == 404
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::parse_args;
    use crate::error;
    use crate::plan::join::kubefed_cluster_resource;

    fn resolve(args: &[&str]) -> anyhow::Result<TeardownSettings> {
        TeardownSettings::resolve(&parse_args(&[&["teardown"], args].concat())?)
    }

    #[test]
    fn defaults() {
        let settings = resolve(&[]).unwrap();
        assert_eq!(
            settings,
            TeardownSettings {
                host_name: None,
                list_only: false,
                yes: false,
                force: false,
                concurrency: 4,
                timeout: Duration::from_secs(60),
                output: None,
            }
        );
        assert!(settings.human());
    }

    #[test]
    fn flags_are_resolved() {
        let settings = resolve(&[
            "--yes",
            "--dry-run",
            "--force",
            "--host-cluster-name",
            "hub",
            "--concurrency",
            "2",
            "--timeout",
            "2m",
            "-o",
            "json",
        ])
        .unwrap();
        assert_eq!(
            settings,
            TeardownSettings {
                host_name: Some(HostName::given("hub").unwrap()),
                list_only: true,
                yes: true,
                force: true,
                concurrency: 2,
                timeout: Duration::from_secs(120),
                output: Some(OutputFormat::Json),
            }
        );
        assert!(!settings.human());
    }

    #[test]
    fn mistakes_are_refused_before_any_request() {
        let refused = |args: &[&str]| error::messages(&resolve(args).unwrap_err()).join(": ");
        assert_eq!(
            refused(&["--host-cluster-name", "Hub"]),
            "invalid host-cluster-name \"Hub\": it must be a lower-case DNS-1123 subdomain"
        );
        assert_eq!(
            refused(&["--host-cluster-name", "a:b"]),
            "host-cluster-name \"a:b\" may not contain \"/\" or \":\""
        );
        let bad_host = resolve(&["--host-cluster-name", "a:b"]).unwrap_err();
        assert!(error::hints(&bad_host)[0].starts_with("the host's name goes into member"));
        assert!(refused(&["--concurrency", "0"]).contains("0 is not in 1..=65535"));
        assert!(refused(&["--timeout", "soon"]).contains("soon"));
        assert!(refused(&["--dry-run=server"]).contains("unexpected value"));
    }

    #[test]
    fn listing_numbers_the_steps_that_have_work() {
        let inventory = Inventory {
            members: vec!["c2".into(), "c3".into()],
            federated_resources: Vec::new(),
            federated_types: vec![Item::of(
                &federated_type_config_resource(),
                Some("kfs"),
                "configmaps",
            )],
            control_plane: vec![Item::of(&kubefed_cluster_resource(), None, "x")],
        };
        assert_eq!(
            inventory.lines(),
            [
                "1. unjoin the member clusters:",
                "   cluster c2",
                "   cluster c3",
                "3. delete the FederatedTypeConfigs and federated CRDs:",
                "   FederatedTypeConfig kfs/configmaps",
                "4. delete the KubeFed control plane:",
                "   KubeFedCluster x",
            ]
        );
        assert!(!inventory.is_empty());
        assert!(Inventory::default().is_empty());
        let json = serde_json::to_value(&inventory).unwrap();
        assert_eq!(
            json["federatedTypes"][0],
            json!({"kind": "FederatedTypeConfig", "namespace": "kfs", "name": "configmaps"})
        );
    }

    #[test]
    fn only_a_pod_of_the_deleted_deployment_counts_as_stopped() {
        let deployment = ApiResource::erase::<k8s_openapi::api::apps::v1::Deployment>(&());
        let with_deployment = Inventory {
            control_plane: vec![Item::of(
                &deployment,
                Some("kfs"),
                "kubefed-controller-manager",
            )],
            ..Inventory::default()
        };
        let pod = "kubefed-controller-manager-6d9f7c8b5-x2x9z_0b3c";
        assert!(with_deployment.stops_controller(pod));
        assert!(!with_deployment.stops_controller("laptop_5e1f"));
        assert!(!Inventory::default().stops_controller(pod));
    }
}
