//! `kubefedctl orphaning-deletion enable|disable|status TYPE NAME`: set, remove or show
//! the `kubefed.io/orphan` annotation of a federated object.
//!
//! TYPE is resolved through discovery; a target type (`configmaps`) is mapped to its
//! federated type through its FederatedTypeConfig, a federated type (`federatedconfigmaps`,
//! as the Go tool required) is taken as it is. Unlike Go, other types are refused, the
//! annotation is changed with a merge patch (not a PUT of the whole object), and
//! `--dry-run` is honoured.

use ::kube::core::ApiResource;
use anyhow::{Context, anyhow};
use serde_json::Value;

use crate::cli::{
    DryRun, GlobalArgs, OrphaningCommand, OrphaningDeletionArgs, OrphaningResourceArgs,
    OrphaningStatusArgs,
};
use crate::cmd::enable::dry_run_suffix;
use crate::error::{ExitStatus, Hinted};
use crate::kube::apply::{Target, Writer};
use crate::kube::config::Kubeconfigs;
use crate::kube::federated::{ResolvedType, resolve_federated_type};
use crate::output::Printer;
use crate::plan::orphaning::{OrphaningStatus, OrphaningType, object_namespace, orphaning_patch};
use crate::program::Program;
use crate::program::command_line;

pub async fn run(
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
    resource: &OrphaningResourceArgs,
    dry_run: DryRun,
    enable: bool,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let found = FederatedObject::find(resource, dry_run, global).await?;
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
            found.writer.merge_patch(&target, &patch).await?;
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
    let found = FederatedObject::find(&args.resource, DryRun::None, global).await?;
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

/// The federated object TYPE and NAME name, read from the host.
struct FederatedObject {
    writer: Writer,
    kind: OrphaningType,
    resource: ApiResource,
    namespace: Option<String>,
    name: String,
    object: Value,
}

impl FederatedObject {
    fn target(&self) -> Target<'_> {
        Target {
            resource: &self.resource,
            namespace: self.namespace.as_deref(),
            name: &self.name,
        }
    }

    async fn find(
        args: &OrphaningResourceArgs,
        dry_run: DryRun,
        global: &GlobalArgs,
    ) -> anyhow::Result<Self> {
        let kubeconfigs = Kubeconfigs::load(global.kubeconfig.as_deref())?;
        let context = kubeconfigs
            .host_context(global.host_cluster_context.as_deref())?
            .to_owned();
        let client = kubeconfigs.client(&context).await?;
        let ResolvedType { kind, .. } = resolve_federated_type(
            &client,
            &args.type_name,
            &global.kubefed_namespace,
            &context,
        )
        .await?;

        let namespace = object_namespace(
            &kind.federated,
            &args.name,
            args.namespace.as_deref(),
            kubeconfigs.context_namespace(&context),
        );
        let writer = Writer::new(client, dry_run, context.clone());
        let resource = kind.federated.resource();
        let target = Target {
            resource: &resource,
            namespace: namespace.as_deref(),
            name: &args.name,
        };
        let Some(object) = writer.get(&target).await? else {
            return Err(not_found(&target, &kind, &context).into());
        };
        let object = serde_json::to_value(object).context("cannot encode the object")?;
        Ok(FederatedObject {
            writer,
            kind,
            resource,
            namespace,
            name: args.name.clone(),
            object,
        })
    }
}

fn not_found(target: &Target<'_>, kind: &OrphaningType, context: &str) -> Hinted {
    let namespace_flag = target
        .namespace
        .filter(|ns| *ns != target.name || kind.federated.kind != "FederatedNamespace")
        .map(|ns| format!(" -n {ns}"))
        .unwrap_or_default();
    let hint = match &kind.type_config {
        Some(config) => format!(
            "check NAME and the namespace (-n), or federate the resource first: `{}`",
            command_line(format_args!(
                "federate {config} {}{namespace_flag}",
                target.name
            ))
        ),
        None => format!(
            "check NAME and the namespace (-n): `kubectl get {} -A`",
            kind.federated.crd_name()
        ),
    };
    Hinted::new(
        anyhow!("{} not found on context \"{context}\"", target.describe()),
        hint,
    )
}
