//! `kubefedctl get TYPE [NAME] [-n NS | -A]`: where federated resources went, per member
//! cluster. Resolve the type and namespace, read (one list per type on the host and on
//! each member concerned) — with `--wait`, again at each change until all is as desired —
//! assess (`plan::get`), print. Exit 1 when any placed cluster is not as desired.

use std::time::Duration;

use crate::cli::{DryRun, GetArgs, GetOutput, GlobalArgs};
use crate::cluster::federated::Snapshot;
use crate::cmd::federated::{Selection, SelectionSettings, judge};
use crate::cmd::members::Session;
use crate::error::ExitStatus;
use crate::output::{OutputFormat, Printer, table};
use crate::plan::get::{MemberObject, member_object};

/// Get's arguments, resolved before any request.
#[derive(Debug, PartialEq)]
pub(crate) struct GetSettings {
    selection: SelectionSettings,
    view: View,
    /// How long to wait for everything selected to propagate before showing it.
    wait: Option<Duration>,
}

/// How the report is shown.
#[derive(Debug, PartialEq)]
enum View {
    /// `-o wide` adds KubeFed's status, the reason and the overrides of each cluster.
    Table { wide: bool },
    /// `-o yaml|json`: one document.
    Document(OutputFormat),
}

impl GetSettings {
    pub(crate) fn resolve(args: &GetArgs) -> anyhow::Result<GetSettings> {
        Ok(GetSettings {
            selection: SelectionSettings::resolve(&args.selection)?,
            view: match args.output {
                None => View::Table { wide: false },
                Some(GetOutput::Wide) => View::Table { wide: true },
                Some(GetOutput::Yaml) => View::Document(OutputFormat::Yaml),
                Some(GetOutput::Json) => View::Document(OutputFormat::Json),
            },
            wait: args.wait.wait,
        })
    }
}

pub(crate) async fn run(
    args: &GetArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let settings = GetSettings::resolve(args)?;
    let session = Session::open(global, DryRun::None).await?;
    let selection = Selection::resolve(&session, &settings.selection).await?;
    let snapshot = read(&selection, settings.wait, printer).await?;
    selection.check_found(&snapshot.objects)?;
    if snapshot.clusters.is_empty() {
        printer.warn(format_args!(
            "no member cluster is joined in namespace \"{}\" on context \"{}\"",
            session.namespace,
            session.context()
        ));
    }
    let report = judge(&selection.enabled, &snapshot);

    match settings.view {
        View::Document(format) => printer.document(format, &report)?,
        View::Table { .. } if report.objects.is_empty() => {
            printer.warn(format_args!(
                "no {} found{}",
                selection.enabled.kind.federated.crd_name(),
                selection.place()
            ));
        }
        View::Table { wide } => {
            for object in &report.objects {
                for problem in &object.problems {
                    printer.warn(format_args!("{}; {}", problem.problem, problem.fix));
                }
            }
            let (header, rows) = report.table(wide);
            printer.out(&table(&header, rows))?;
        }
    }
    Ok(if report.ok {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

/// One read of the selection; with `wait`, the read once everything settled (or the
/// last when the time is up, with a warning).
async fn read(
    selection: &Selection<'_>,
    wait: Option<Duration>,
    printer: &Printer,
) -> anyhow::Result<Snapshot<MemberObject>> {
    let propagation = selection.propagation();
    let Some(timeout) = wait else {
        return propagation.read(member_object).await;
    };
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
                selection.check_found(&s.objects).is_err() || judge(&selection.enabled, s).settled()
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
    Ok(snapshot)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::parse_args;
    use crate::error;

    fn resolve(args: &[&str]) -> anyhow::Result<GetSettings> {
        GetSettings::resolve(&parse_args(&[&["get"], args].concat())?)
    }

    #[test]
    fn defaults() {
        let settings = resolve(&["configmaps"]).unwrap();
        assert_eq!(settings.view, View::Table { wide: false });
        assert_eq!(settings.wait, None);
    }

    #[test]
    fn output_chooses_the_view() {
        let view = |output| resolve(&["configmaps", "-o", output]).unwrap().view;
        assert_eq!(view("wide"), View::Table { wide: true });
        assert_eq!(view("yaml"), View::Document(OutputFormat::Yaml));
        assert_eq!(view("json"), View::Document(OutputFormat::Json));
        assert!(resolve(&["configmaps", "-o", "table"]).is_err());
    }

    #[test]
    fn wait_takes_an_optional_duration() {
        let wait = |args: &[&str]| resolve(args).unwrap().wait;
        assert_eq!(
            wait(&["configmaps", "--wait"]),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            wait(&["configmaps", "--wait=5m"]),
            Some(Duration::from_secs(300))
        );
        let refused = resolve(&["configmaps", "--wait=soon"]).unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("invalid value 'soon' for '--wait[=<DURATION>]'"),
            "{refused}"
        );
    }

    #[test]
    fn names_are_checked_before_any_request() {
        let refused = resolve(&["configmaps", "Bad/Name"]).unwrap_err();
        assert_eq!(
            error::messages(&refused),
            ["invalid name \"Bad/Name\": not a DNS-1123 subdomain"]
        );
    }
}
