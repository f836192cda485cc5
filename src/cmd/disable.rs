//! `kubefedctl disable`: stop propagating API types.
//!
//! Per type: set the FederatedTypeConfig's propagation to Disabled, wait until the KubeFed
//! controller reports its sync controller stopped, then (with `--delete-crd`) delete the
//! federated CRD, and delete the FederatedTypeConfig. Federated objects are deleted only
//! with `--delete-crd`, after a confirmation, and while the sync controller still runs,
//! so it removes their member objects and finalizers (Go refused instead).

use std::time::{Duration, Instant};

use anyhow::{Context, anyhow};
use kube::api::DynamicObject;
use kube::core::ApiResource;

use crate::cli::{DisableArgs, DryRun, GlobalArgs};
use crate::cluster::apply::{Target, Writer};
use crate::cluster::discovery;
use crate::cluster::federated::list_federated_names;
use crate::cluster::watch::{Waited, watch_until};
use crate::cmd::members::Session;
use crate::cmd::outcome::dry_run_suffix;
use crate::error::{ExitStatus, Hinted};
use crate::output::{Printer, confirm_deletion};
use crate::plan::enable::{
    DEFAULT_FEDERATED_VERSION, FederatedType, crd_resource, federated_type_config_resource,
};
use crate::plan::kubefed::FederatedTypeConfig;
use crate::plan::kubefed::KubeFedObject;
use crate::plan::resolve::ApiType;

/// How long the controller may take to stop a type's sync controller (Go's limit).
const STOP_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the controller may take to remove the member objects of deleted federated
/// objects.
const INSTANCES_TIMEOUT: Duration = Duration::from_secs(60);

pub(crate) async fn run(
    args: &DisableArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let Session { writer, .. } = Session::open(global, args.dry_run.dry_run).await?;
    let mut types: Option<Vec<ApiType>> = None;
    let mut status = ExitStatus::Success;
    for name in &args.names {
        let declined = disable_one(
            &writer,
            &mut types,
            name,
            args,
            &global.kubefed_namespace,
            printer,
        )
        .await?;
        if declined == Declined::Yes {
            status = ExitStatus::Failure;
        }
    }
    Ok(status)
}

/// Whether the user declined to delete a type's objects when asked.
#[derive(Debug, PartialEq, Eq)]
enum Declined {
    Yes,
    No,
}

async fn disable_one(
    writer: &Writer,
    types: &mut Option<Vec<ApiType>>,
    name: &str,
    args: &DisableArgs,
    namespace: &str,
    printer: &Printer,
) -> anyhow::Result<Declined> {
    let context = writer.cluster();
    let ftc_resource = federated_type_config_resource();
    let mut ftc_target = Target {
        resource: &ftc_resource,
        namespace: Some(namespace),
        name,
    };
    // A dotted name is first taken as a FederatedTypeConfig name, so a type whose target
    // API is gone can still be disabled; any other name goes through discovery.
    let mut ftc = if name.contains('.') {
        writer.get(&ftc_target).await?
    } else {
        None
    };
    let mut target: Option<ApiType> = None;
    let resolved_name;
    if ftc.is_none() {
        let types = match types {
            Some(types) => types,
            None => types.insert(discovery::api_types(writer.client(), context).await?),
        };
        match discovery::find(types, name, args.version.as_deref(), context) {
            Ok(found) => {
                resolved_name = found.qualified_name();
                target = Some(found.clone());
                ftc_target.name = &resolved_name;
                ftc = writer.get(&ftc_target).await?;
            }
            Err(_) if name.contains('.') => {}
            Err(e) => return Err(e),
        }
    }
    let key = format!("{namespace}/{}", ftc_target.name);
    let ftc = ftc
        .as_ref()
        .map(FederatedTypeConfig::from_object)
        .transpose()
        .with_context(|| {
            format!("FederatedTypeConfig \"{key}\" on context \"{context}\" is not KubeFed's shape")
        })?;
    let suffix = dry_run_suffix(writer.dry_run());
    if ftc.is_none() {
        printer.line(format_args!("FederatedTypeConfig \"{key}\" does not exist"))?;
        if !args.delete_crd {
            return Ok(Declined::No);
        }
    }

    // The federated type: from the FederatedTypeConfig, else as enable would name it.
    let federated = match (&ftc, &target) {
        (Some(ftc), _) => FederatedType::of_config(ftc)
            .with_context(|| {
                format!("FederatedTypeConfig \"{key}\" on context \"{context}\" names no complete federated type")
            })?
            .resource(),
        (None, Some(target)) => {
            FederatedType::of(target, &args.federated_group, DEFAULT_FEDERATED_VERSION).resource()
        }
        (None, None) => {
            return Err(Hinted::new(
                anyhow!("cannot tell the federated CRD of \"{name}\" on context \"{context}\": no such FederatedTypeConfig or API type"),
                "pass the name the type had when it was enabled, e.g. deployments.apps",
            )
            .into());
        }
    };
    let crd_name = format!("{}.{}", federated.plural, federated.group);

    let instances = if args.delete_crd {
        list_federated_names(writer, &federated).await?
    } else {
        Vec::new()
    };
    if !instances.is_empty() {
        let running = ftc.as_ref().is_some_and(explicitly_enabled);
        if !running {
            return Err(Hinted::new(
                anyhow!(
                    "{} {} objects exist on context \"{context}\", but propagation of \"{}\" is not enabled, \
                     so KubeFed cannot remove their member objects",
                    instances.len(),
                    federated.kind,
                    ftc_target.name
                ),
                format!("enable the type again first, or delete the {} objects yourself", federated.kind),
            )
            .into());
        }
        let what = format!(
            "{} {} objects on context \"{context}\", with their objects in the member clusters",
            instances.len(),
            federated.kind
        );
        if !confirm_deletion(args.yes, &what)? {
            // Declining is an answer, not an error: exit 1, as a query answered "no".
            printer.debug(
                0,
                format_args!(
                    "disable of \"{}\" cancelled; nothing was changed",
                    ftc_target.name
                ),
            );
            return Ok(Declined::Yes);
        }
        delete_instances(writer, &federated, &instances, printer).await?;
    }

    if let Some(ftc) = &ftc {
        if explicitly_enabled(ftc) {
            writer
                .apply(&ftc_target, &ftc.with_propagation_disabled(namespace))
                .await?;
            printer.line(format_args!(
                "Disabled propagation for FederatedTypeConfig \"{key}\"{suffix}"
            ))?;
        }
        if writer.dry_run() == DryRun::None {
            printer.line(format_args!(
                "Verifying propagation controller is stopped for FederatedTypeConfig \"{key}\""
            ))?;
            wait_stopped(writer, &ftc_target).await?;
            printer.line(format_args!(
                "Propagation controller for FederatedTypeConfig \"{key}\" is stopped"
            ))?;
        }
    }

    if args.delete_crd {
        let crd_target = Target {
            resource: &crd_resource(),
            namespace: None,
            name: &crd_name,
        };
        if writer.delete(&crd_target).await? {
            printer.line(format_args!(
                "customresourcedefinition \"{crd_name}\" deleted{suffix}"
            ))?;
        } else {
            printer.line(format_args!(
                "customresourcedefinition \"{crd_name}\" does not exist"
            ))?;
        }
    }
    if ftc.is_some() && writer.delete(&ftc_target).await? {
        printer.line(format_args!(
            "federatedtypeconfig \"{key}\" deleted{suffix}"
        ))?;
    }
    Ok(Declined::No)
}

/// Whether the FederatedTypeConfig says `propagation: Enabled` (KubeFed's schema requires
/// the field; one without it is left as it is).
fn explicitly_enabled(ftc: &FederatedTypeConfig) -> bool {
    ftc.spec.propagation.as_deref() == Some("Enabled")
}

async fn delete_instances(
    writer: &Writer,
    federated: &ApiResource,
    instances: &[(Option<String>, String)],
    printer: &Printer,
) -> anyhow::Result<()> {
    for (namespace, name) in instances {
        let target = Target {
            resource: federated,
            namespace: namespace.as_deref(),
            name,
        };
        writer.delete(&target).await?;
    }
    printer.line(format_args!(
        "{} {} objects deleted{}",
        instances.len(),
        federated.kind,
        dry_run_suffix(writer.dry_run())
    ))?;
    if writer.dry_run() != DryRun::None {
        return Ok(());
    }
    // The sync controller removes the member objects, then the finalizer: watch each
    // object until it is gone, all within one deadline.
    let deadline = Instant::now() + INSTANCES_TIMEOUT;
    let gone = |object: Option<&DynamicObject>| object.is_none().then_some(());
    for (namespace, name) in instances {
        let target = Target {
            resource: federated,
            namespace: namespace.as_deref(),
            name,
        };
        let remaining = deadline.saturating_duration_since(Instant::now());
        if let Waited::TimedOut(_) = watch_until(writer.client(), &target, remaining, gone).await? {
            break;
        }
    }
    let left = list_federated_names(writer, federated).await?.len();
    if left == 0 {
        return Ok(());
    }
    Err(Hinted::new(
        anyhow!(
            "{left} {} objects on context \"{}\" are still being deleted after {}s",
            federated.kind,
            writer.cluster(),
            INSTANCES_TIMEOUT.as_secs()
        ),
        "is the KubeFed controller manager running? run disable again once they are gone",
    )
    .into())
}

/// Waits until the controller reports the type's sync controller NotRunning.
async fn wait_stopped(writer: &Writer, ftc: &Target<'_>) -> anyhow::Result<()> {
    let controller = |object: &DynamicObject| {
        FederatedTypeConfig::from_object(object)
            .ok()?
            .status
            .propagation_controller
    };
    let stopped = |object: Option<&DynamicObject>| match object {
        None => Some(()),
        Some(object) => (controller(object).as_deref() == Some("NotRunning")).then_some(()),
    };
    match watch_until(writer.client(), ftc, STOP_TIMEOUT, stopped).await? {
        Waited::Done(()) => Ok(()),
        Waited::TimedOut(last) => Err(Hinted::new(
            anyhow!(
                "the KubeFed controller on context \"{}\" did not report the propagation \
                 controller of {} stopped within {}s (status: {})",
                writer.cluster(),
                ftc.describe(),
                STOP_TIMEOUT.as_secs(),
                last.and_then(|object| controller(&object))
                    .as_deref()
                    .unwrap_or("none")
            ),
            "is the KubeFed controller manager running? propagation stays Disabled; run \
             disable again",
        )
        .into()),
    }
}
