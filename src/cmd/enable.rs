//! `kubefedctl enable`: make API types propagatable.
//!
//! One discovery pass resolves every name, and everything is checked (KubeFed namespace,
//! existing FederatedTypeConfigs that conflict) before the first write. Per type, the
//! federated CRD is applied and, once it is established, the FederatedTypeConfig; if the
//! FederatedTypeConfig cannot be written, a CRD this run created is deleted again (the
//! steps, shared with `init` and `federate`, are in [`crate::cmd::enabling`]).

use anyhow::anyhow;

use crate::cli::{EnableArgs, GlobalArgs};
use crate::cmd::enabling::{Plan, apply_plans, plan_directives};
use crate::cmd::members::Session;
use crate::error::ExitStatus;
use crate::output::{OutputFormat, Printer};
use crate::plan::enable::{Directive, parse_directive};

pub(crate) async fn run(
    args: &EnableArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let directives = directives(args)?;
    let host = Session::open(global, args.dry_run.dry_run).await?;
    let plans = plan_directives(
        host.writer.client(),
        host.context(),
        &directives,
        args.template_schema,
        printer,
    )
    .await?;

    if let Some(format) = args.output {
        print_plans(printer, format, &plans)?;
        return Ok(ExitStatus::Success);
    }

    apply_plans(&host.writer, &host.namespace, &plans, args.timeout, printer).await?;
    Ok(ExitStatus::Success)
}

fn directives(args: &EnableArgs) -> anyhow::Result<Vec<Directive>> {
    if let Some(path) = &args.filename {
        let text = super::read_text(path, "directive file")?;
        let directive = parse_directive(&text)
            .map_err(|e| anyhow!("invalid EnableTypeDirective file {}: {e}", path.display()))?;
        return Ok(vec![directive]);
    }
    Ok(args
        .names
        .iter()
        .map(|name| Directive {
            name: name.clone(),
            target_version: args.version.clone(),
            federated_group: args.federated_group.clone(),
            federated_version: args.federated_version.clone(),
        })
        .collect())
}

/// `-o yaml`: every document preceded by `---`, as Go printed them (the Helm chart's
/// files were generated so). `-o json`: one List.
fn print_plans(printer: &Printer, format: OutputFormat, plans: &[Plan]) -> anyhow::Result<()> {
    printer.objects(format, plans.iter().flat_map(Plan::objects))
}
