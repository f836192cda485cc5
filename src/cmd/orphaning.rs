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
};
use crate::cmd::federated::FederatedObject;
use crate::cmd::members::Session;
use crate::cmd::outcome::dry_run_suffix;
use crate::error::ExitStatus;
use crate::output::{OutputFormat, Printer};
use crate::plan::orphaning::{OrphaningStatus, orphaning_patch};
use crate::program::Program;

/// What orphaning-deletion's arguments ask for, resolved before any request.
#[derive(Debug)]
pub(crate) enum OrphaningSettings<'a> {
    /// A bare `orphaning-deletion`: its help, and success, as the Go tool did.
    Help,
    /// `enable` (`orphan`) or `disable` (not `orphan`).
    Change {
        resource: &'a FederatedResourceArgs,
        orphan: bool,
        dry_run: DryRun,
    },
    /// `status`, which only reads.
    Status {
        resource: &'a FederatedResourceArgs,
        output: Option<OutputFormat>,
    },
}

impl OrphaningSettings<'_> {
    pub(crate) fn resolve(args: &OrphaningDeletionArgs) -> OrphaningSettings<'_> {
        match &args.command {
            None => OrphaningSettings::Help,
            Some(OrphaningCommand::Enable(args)) => OrphaningSettings::Change {
                resource: &args.resource,
                orphan: true,
                dry_run: args.dry_run.dry_run,
            },
            Some(OrphaningCommand::Disable(args)) => OrphaningSettings::Change {
                resource: &args.resource,
                orphan: false,
                dry_run: args.dry_run.dry_run,
            },
            Some(OrphaningCommand::Status(args)) => OrphaningSettings::Status {
                resource: &args.resource,
                output: args.output,
            },
        }
    }
}

pub(crate) async fn run(
    args: &OrphaningDeletionArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    match OrphaningSettings::resolve(args) {
        OrphaningSettings::Help => {
            let mut root = Program::current().command();
            root.build();
            let help = root
                .find_subcommand_mut("orphaning-deletion")
                .map(|cmd| cmd.render_long_help().to_string())
                .unwrap_or_default();
            printer.out(&help)?;
            Ok(ExitStatus::Success)
        }
        OrphaningSettings::Change {
            resource,
            orphan,
            dry_run,
        } => change(resource, dry_run, orphan, global, printer).await,
        OrphaningSettings::Status { resource, output } => {
            status(resource, output, global, printer).await
        }
    }
}

async fn change(
    resource: &FederatedResourceArgs,
    dry_run: DryRun,
    orphan: bool,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let session = Session::open(global, dry_run).await?;
    let found = FederatedObject::find(&session, resource).await?;
    if found.kind.type_config.is_none() {
        printer.warn(format_args!(
            "no FederatedTypeConfig in namespace \"{}\" propagates {}; the annotation takes effect once the type is enabled",
            session.namespace,
            found.kind.federated.crd_name()
        ));
    }
    let target = found.target();
    let description = target.describe();
    let verb = if orphan { "enabled" } else { "disabled" };
    match orphaning_patch(&found.object, orphan) {
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
    resource: &FederatedResourceArgs,
    output: Option<OutputFormat>,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let session = Session::open(global, DryRun::None).await?;
    let found = FederatedObject::find(&session, resource).await?;
    let status = OrphaningStatus::of(
        &found.kind.federated,
        found.namespace.as_deref(),
        &found.object,
    );
    match output {
        Some(format) => printer.document(format, &status)?,
        None => printer.line(status.text())?,
    }
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::parse_args;

    fn parse(args: &[&str]) -> Result<OrphaningDeletionArgs, clap::Error> {
        parse_args(&[&["orphaning-deletion"], args].concat())
    }

    /// TYPE, NAME and -n of a resolved subcommand.
    fn named(resource: &FederatedResourceArgs) -> (&str, &str, Option<&str>) {
        (
            &resource.type_name,
            &resource.name,
            resource.namespace.as_deref(),
        )
    }

    #[test]
    fn a_bare_command_asks_for_its_help() {
        let args = parse(&[]).unwrap();
        assert!(matches!(
            OrphaningSettings::resolve(&args),
            OrphaningSettings::Help
        ));
    }

    #[test]
    fn enable_and_disable_change_the_annotation() {
        let args = parse(&[
            "enable",
            "configmaps",
            "web",
            "-n",
            "shop",
            "--dry-run=server",
        ])
        .unwrap();
        let OrphaningSettings::Change {
            resource,
            orphan,
            dry_run,
        } = OrphaningSettings::resolve(&args)
        else {
            panic!("enable changes the annotation");
        };
        assert_eq!(named(resource), ("configmaps", "web", Some("shop")));
        assert!(orphan);
        assert_eq!(dry_run, DryRun::Server);

        let args = parse(&["disable", "federatedconfigmaps", "web"]).unwrap();
        let OrphaningSettings::Change {
            resource,
            orphan,
            dry_run,
        } = OrphaningSettings::resolve(&args)
        else {
            panic!("disable changes the annotation");
        };
        assert_eq!(named(resource), ("federatedconfigmaps", "web", None));
        assert!(!orphan);
        assert_eq!(dry_run, DryRun::None);
    }

    #[test]
    fn status_only_reads() {
        let args = parse(&["status", "configmaps", "web", "-o", "json"]).unwrap();
        let OrphaningSettings::Status { resource, output } = OrphaningSettings::resolve(&args)
        else {
            panic!("status reads the annotation");
        };
        assert_eq!(named(resource), ("configmaps", "web", None));
        assert_eq!(output, Some(OutputFormat::Json));
    }

    #[test]
    fn mistakes_are_refused_before_any_request() {
        let refused = |args: &[&str]| parse(args).unwrap_err().to_string();
        assert!(
            refused(&["enable", "configmaps"]).contains("required arguments were not provided"),
            "NAME is required"
        );
        assert!(
            refused(&["status", "configmaps", "web", "--dry-run"])
                .contains("unexpected argument '--dry-run'"),
            "status writes nothing"
        );
        assert!(refused(&["orphan", "configmaps", "web"]).contains("unrecognized subcommand"));
    }
}
