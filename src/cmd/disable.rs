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
use crate::cluster::apply::Writer;
use crate::cluster::discovery;
use crate::cluster::federated::list_federated_names;
use crate::cluster::target::Target;
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

/// Disable's arguments, resolved before any request.
#[derive(Debug, PartialEq)]
pub(crate) struct DisableSettings {
    names: Vec<String>,
    /// With `--delete-crd`: how to find the federated CRD, which goes with its objects.
    delete_crd: Option<CrdDeletion>,
    dry_run: DryRun,
    /// Whether to wait for the KubeFed controller to stop propagating and to remove the
    /// member objects of deleted federated objects: never in a dry run, which changes
    /// nothing for it to act on.
    wait_for_controller: bool,
}

/// What `--delete-crd` needs beyond the FederatedTypeConfig.
#[derive(Debug, PartialEq)]
struct CrdDeletion {
    /// The federated group, for a type whose FederatedTypeConfig is gone.
    federated_group: String,
    /// The target type's version, for a name found through discovery.
    version: Option<String>,
    /// `--yes`: delete the federated objects without asking.
    confirmed: bool,
}

impl DisableSettings {
    pub(crate) fn resolve(args: &DisableArgs) -> anyhow::Result<DisableSettings> {
        let dry_run = args.dry_run.dry_run;
        Ok(DisableSettings {
            names: args.names.clone(),
            delete_crd: args.delete_crd.then(|| CrdDeletion {
                federated_group: args.federated_group.clone(),
                version: args.version.clone(),
                confirmed: args.yes,
            }),
            dry_run,
            wait_for_controller: dry_run == DryRun::None,
        })
    }
}

pub(crate) async fn run(
    args: &DisableArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let settings = DisableSettings::resolve(args)?;
    let session = Session::open(global, settings.dry_run).await?;
    let mut types: Option<Vec<ApiType>> = None;
    let mut status = ExitStatus::Success;
    for name in &settings.names {
        let declined = disable_one(&session, &mut types, name, &settings, printer).await?;
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
    session: &Session,
    types: &mut Option<Vec<ApiType>>,
    name: &str,
    settings: &DisableSettings,
    printer: &Printer,
) -> anyhow::Result<Declined> {
    let (writer, context) = (&session.writer, session.context());
    let namespace = session.namespace.as_str();
    let delete_crd = settings.delete_crd.as_ref();
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
        let version = delete_crd.and_then(|deletion| deletion.version.as_deref());
        match discovery::find(types, name, version, context) {
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
    }

    // The federated type: from the FederatedTypeConfig, else as enable would name it.
    let federated = match (&ftc, &target, delete_crd) {
        (Some(ftc), _, _) => FederatedType::of_config(ftc)
            .with_context(|| {
                format!("FederatedTypeConfig \"{key}\" on context \"{context}\" names no complete federated type")
            })?
            .resource(),
        // Without a FederatedTypeConfig only the CRD could be left to delete.
        (None, _, None) => return Ok(Declined::No),
        (None, Some(target), Some(deletion)) => {
            FederatedType::of(target, &deletion.federated_group, DEFAULT_FEDERATED_VERSION)
                .resource()
        }
        (None, None, Some(_)) => {
            return Err(Hinted::new(
                anyhow!("cannot tell the federated CRD of \"{name}\" on context \"{context}\": no such FederatedTypeConfig or API type"),
                "pass the name the type had when it was enabled, e.g. deployments.apps",
            )
            .into());
        }
    };
    let crd_name = format!("{}.{}", federated.plural, federated.group);

    let instances = if delete_crd.is_some() {
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
        if !confirm_deletion(delete_crd.is_some_and(|deletion| deletion.confirmed), &what)? {
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
        delete_instances(
            writer,
            &federated,
            &instances,
            settings.wait_for_controller,
            printer,
        )
        .await?;
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
        if settings.wait_for_controller {
            printer.line(format_args!(
                "Verifying propagation controller is stopped for FederatedTypeConfig \"{key}\""
            ))?;
            wait_stopped(writer, &ftc_target).await?;
            printer.line(format_args!(
                "Propagation controller for FederatedTypeConfig \"{key}\" is stopped"
            ))?;
        }
    }

    if delete_crd.is_some() {
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

/// Deletes the federated objects; with `wait_for_controller`, waits until the sync
/// controller has removed their member objects and they are gone.
async fn delete_instances(
    writer: &Writer,
    federated: &ApiResource,
    instances: &[(Option<String>, String)],
    wait_for_controller: bool,
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
    if !wait_for_controller {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::parse_args;
    use crate::plan::enable::DEFAULT_FEDERATED_GROUP;

    fn resolve(args: &[&str]) -> anyhow::Result<DisableSettings> {
        DisableSettings::resolve(&parse_args(&[&["disable"], args].concat())?)
    }

    #[test]
    fn defaults() {
        assert_eq!(
            resolve(&["deployments.apps", "configmaps"]).unwrap(),
            DisableSettings {
                names: vec!["deployments.apps".into(), "configmaps".into()],
                delete_crd: None,
                dry_run: DryRun::None,
                wait_for_controller: true,
            }
        );
    }

    #[test]
    fn delete_crd_takes_the_type_flags() {
        let settings = resolve(&[
            "deployments",
            "--delete-crd",
            "--federated-group",
            "fed.example.com",
            "--version",
            "v1",
            "--yes",
        ])
        .unwrap();
        assert_eq!(
            settings.delete_crd,
            Some(CrdDeletion {
                federated_group: "fed.example.com".into(),
                version: Some("v1".into()),
                confirmed: true,
            })
        );
        assert_eq!(
            resolve(&["deployments", "--delete-crd"])
                .unwrap()
                .delete_crd,
            Some(CrdDeletion {
                federated_group: DEFAULT_FEDERATED_GROUP.into(),
                version: None,
                confirmed: false,
            })
        );
        let refused = |args: &[&str]| resolve(args).unwrap_err().to_string();
        assert!(
            refused(&["deployments", "--version", "v1"])
                .contains("the following required arguments were not provided:\n  --delete-crd"),
            "{}",
            refused(&["deployments", "--version", "v1"])
        );
        assert!(
            refused(&["deployments", "--federated-group", "fed.example.com"])
                .contains("--delete-crd")
        );
        assert!(refused(&[]).contains("required arguments were not provided"));
    }

    #[test]
    fn a_dry_run_waits_for_no_controller() {
        for dry_run in ["--dry-run", "--dry-run=client", "--dry-run=server"] {
            let settings = resolve(&["deployments.apps", dry_run]).unwrap();
            assert_ne!(settings.dry_run, DryRun::None);
            assert!(!settings.wait_for_controller, "{dry_run}");
        }
    }
}
