//! `kubefedctl orphaning-deletion enable|disable|status TYPE NAME`: set, remove or show
//! the `kubefed.io/orphan` annotation of a federated object.
//!
//! TYPE is resolved through discovery; a target type (`configmaps`) is mapped to its
//! federated type through its FederatedTypeConfig, a federated type (`federatedconfigmaps`,
//! as the Go tool required) is taken as it is. Unlike Go, other types are refused, the
//! annotation is changed with a merge patch (not a PUT of the whole object), and
//! `--dry-run` is honoured.

use crate::cli::{
    DryRun, FederatedResourceArgs, GlobalArgs, OrphaningCommand, OrphaningDeletionArgs,
    OrphaningStatusArgs,
};
use crate::cmd::federated::FederatedObject;
use crate::cmd::members::Session;
use crate::cmd::outcome::dry_run_suffix;
use crate::error::ExitStatus;
use crate::output::Printer;
use crate::plan::orphaning::{OrphaningStatus, orphaning_patch};
use crate::program::Program;

pub(crate) async fn run(
    args: &OrphaningDeletionArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    match &args.command {
        // Like the Go tool, a bare `orphaning-deletion` prints its help and succeeds.
        None => {
            let mut root = Program::current().command();
            root.build();
            let help = root
                .find_subcommand_mut("orphaning-deletion")
                .map(|cmd| cmd.render_long_help().to_string())
                .unwrap_or_default();
            printer.out(&help)?;
            Ok(ExitStatus::Success)
        }
        Some(OrphaningCommand::Enable(args)) => {
            change(&args.resource, args.dry_run.dry_run, true, global, printer).await
        }
        Some(OrphaningCommand::Disable(args)) => {
            change(&args.resource, args.dry_run.dry_run, false, global, printer).await
        }
        Some(OrphaningCommand::Status(args)) => status(args, global, printer).await,
    }
}

async fn change(
    resource: &FederatedResourceArgs,
    dry_run: DryRun,
    enable: bool,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let session = Session::open(global, dry_run).await?;
    let found = FederatedObject::find(&session, resource).await?;
    if found.kind.type_config.is_none() {
        printer.warn(format_args!(
            "no FederatedTypeConfig in namespace \"{}\" propagates {}; the annotation takes effect once the type is enabled",
            global.kubefed_namespace,
            found.kind.federated.crd_name()
        ));
    }
    let target = found.target();
    let description = target.describe();
    let verb = if enable { "enabled" } else { "disabled" };
    match orphaning_patch(&found.object, enable) {
        None => printer.line(format_args!("Orphaning already {verb} for {description}"))?,
        Some(patch) => {
            session.writer.merge_patch(&target, &patch).await?;
            printer.line(format_args!(
                "Orphaning {verb} for {description}{}",
                dry_run_suffix(dry_run)
            ))?;
        }
    }
    Ok(ExitStatus::Success)
}

async fn status(
    args: &OrphaningStatusArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let session = Session::open(global, DryRun::None).await?;
    let found = FederatedObject::find(&session, &args.resource).await?;
    let status = OrphaningStatus::of(
        &found.kind.federated,
        found.namespace.as_deref(),
        &found.object,
    );
    match args.output {
        Some(format) => printer.document(format, &status)?,
        None => printer.line(status.text())?,
    }
    Ok(ExitStatus::Success)
}
