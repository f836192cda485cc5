//! `kubefedctl get TYPE [NAME] [-n NS | -A]`: where federated resources went, per member
//! cluster. Resolve the type and namespace, read (one list per type on the host and on
//! each member concerned) — with `--wait`, again at each change until all is as desired —
//! assess (`plan::get`), print. Exit 1 when any placed cluster is not as desired.

use crate::cli::{GetArgs, GetOutput, GlobalArgs};
use crate::cmd::federated::{Selection, judge};
use crate::error::ExitStatus;
use crate::output::{OutputFormat, Printer, table};
use crate::plan::get::member_object;

pub(crate) async fn run(
    args: &GetArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let selection = Selection::open(&args.selection, global).await?;
    let propagation = selection.propagation();
    let snapshot = match args.wait.wait {
        None => propagation.read(member_object).await?,
        Some(timeout) => {
            let spinner = printer.spinner(format!(
                "waiting for {}{} to propagate",
                selection.enabled.kind.federated.crd_name(),
                selection.place()
            ));
            let waited = propagation
                .wait(
                    member_object,
                    |s| {
                        // A name that selects nothing is not worth waiting for.
                        selection.check_found(&s.objects).is_err()
                            || judge(&selection.enabled, s).settled()
                    },
                    timeout,
                )
                .await;
            spinner.finish_and_clear();
            let (snapshot, settled) = waited?;
            if !settled {
                printer.warn(format_args!(
                    "not everything propagated within {}s",
                    timeout.as_secs()
                ));
            }
            snapshot
        }
    };
    selection.check_found(&snapshot.objects)?;
    if snapshot.clusters.is_empty() {
        printer.warn(format_args!(
            "no member cluster is joined in namespace \"{}\" on context \"{}\"",
            selection.kubefed_namespace, selection.context
        ));
    }
    let report = judge(&selection.enabled, &snapshot);

    match args.output {
        Some(GetOutput::Json) => printer.document(OutputFormat::Json, &report)?,
        Some(GetOutput::Yaml) => printer.document(OutputFormat::Yaml, &report)?,
        None | Some(GetOutput::Wide) if report.objects.is_empty() => {
            printer.warn(format_args!(
                "no {} found{}",
                selection.enabled.kind.federated.crd_name(),
                selection.place()
            ));
        }
        None | Some(GetOutput::Wide) => {
            for object in &report.objects {
                for problem in &object.problems {
                    printer.warn(format_args!("{}; {}", problem.problem, problem.fix));
                }
            }
            let (header, rows) = report.table(args.output == Some(GetOutput::Wide));
            printer.out(&table(&header, rows))?;
        }
    }
    Ok(if report.ok {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}
