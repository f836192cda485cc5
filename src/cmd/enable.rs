//! `kubefedctl enable`: make API types propagatable.
//!
//! One discovery pass resolves every name, and everything is checked (KubeFed namespace,
//! existing FederatedTypeConfigs that conflict) before the first write. Per type, the
//! federated CRD is applied and, once it is established, the FederatedTypeConfig; if the
//! FederatedTypeConfig cannot be written, a CRD this run created is deleted again (the
//! steps, shared with `init` and `federate`, are in [`crate::cmd::enabling`]).

use std::time::Duration;

use anyhow::anyhow;

use crate::cli::{DryRun, EnableArgs, GlobalArgs, TemplateSchema};
use crate::cmd::enabling::{Plan, apply_plans, plan_directives};
use crate::cmd::members::Session;
use crate::error::ExitStatus;
use crate::output::{OutputFormat, Printer};
use crate::plan::enable::{Directive, parse_directive};

/// Enable's arguments, resolved before any request (a `-f` file is read here).
#[derive(Debug, PartialEq)]
pub(crate) struct EnableSettings {
    /// What to enable: one directive per NAME, or the file's.
    directives: Vec<Directive>,
    template_schema: TemplateSchema,
    /// Print the plans in this format instead of writing them.
    output: Option<OutputFormat>,
    /// How long to wait for each federated CRD to be established.
    timeout: Duration,
    dry_run: DryRun,
}

impl EnableSettings {
    pub(crate) fn resolve(args: &EnableArgs) -> anyhow::Result<EnableSettings> {
        Ok(EnableSettings {
            directives: directives(args)?,
            template_schema: args.template_schema,
            output: args.output,
            timeout: args.timeout,
            dry_run: args.dry_run.dry_run,
        })
    }
}

pub(crate) async fn run(
    args: &EnableArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let settings = EnableSettings::resolve(args)?;
    let host = Session::open(global, settings.dry_run).await?;
    let plans = plan_directives(
        host.writer.client(),
        host.context(),
        &settings.directives,
        settings.template_schema,
        printer,
    )
    .await?;

    if let Some(format) = settings.output {
        print_plans(printer, format, &plans)?;
        return Ok(ExitStatus::Success);
    }

    apply_plans(
        &host.writer,
        &host.namespace,
        &plans,
        settings.timeout,
        printer,
    )
    .await?;
    Ok(ExitStatus::Success)
}

/// The directive of the `-f` file, else one per NAME with the type flags.
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

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::cli::parse_args;
    use crate::error;

    fn resolve(args: &[&str]) -> anyhow::Result<EnableSettings> {
        EnableSettings::resolve(&parse_args(&[&["enable"], args].concat())?)
    }

    fn directive(
        name: &str,
        target_version: Option<&str>,
        group: &str,
        version: &str,
    ) -> Directive {
        Directive {
            name: name.into(),
            target_version: target_version.map(Into::into),
            federated_group: group.into(),
            federated_version: version.into(),
        }
    }

    #[test]
    fn defaults() {
        assert_eq!(
            resolve(&["deployments.apps", "configmaps"]).unwrap(),
            EnableSettings {
                directives: vec![
                    directive("deployments.apps", None, "types.kubefed.io", "v1beta1"),
                    directive("configmaps", None, "types.kubefed.io", "v1beta1"),
                ],
                template_schema: TemplateSchema::Preserve,
                output: None,
                timeout: Duration::from_secs(60),
                dry_run: DryRun::None,
            }
        );
    }

    #[test]
    fn the_type_flags_go_into_every_directive() {
        let settings = resolve(&[
            "jobs",
            "cronjobs",
            "--version",
            "v1",
            "--federated-group",
            "fed.example.com",
            "--federated-version",
            "v1alpha1",
            "--template-schema",
            "full",
            "--timeout",
            "2m",
            "--dry-run=server",
            "-o",
            "json",
        ])
        .unwrap();
        assert_eq!(
            settings.directives,
            [
                directive("jobs", Some("v1"), "fed.example.com", "v1alpha1"),
                directive("cronjobs", Some("v1"), "fed.example.com", "v1alpha1"),
            ]
        );
        assert_eq!(settings.template_schema, TemplateSchema::Full);
        assert_eq!(settings.timeout, Duration::from_secs(120));
        assert_eq!(settings.dry_run, DryRun::Server);
        assert_eq!(settings.output, Some(OutputFormat::Json));
    }

    #[test]
    fn a_directive_file_is_read_before_any_request() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        write!(
            file,
            "apiVersion: core.kubefed.io/v1beta1\nkind: EnableTypeDirective\nmetadata:\n  \
             name: jobs.batch\nspec:\n  federatedGroup: fed.example.com\n"
        )
        .unwrap();
        let path = file.path().to_str().unwrap();
        assert_eq!(
            resolve(&["-f", path]).unwrap().directives,
            [directive("jobs.batch", None, "fed.example.com", "v1beta1")]
        );

        let refused = |args: &[&str]| error::messages(&resolve(args).unwrap_err()).join(": ");
        let mut bad = tempfile::NamedTempFile::new().unwrap();
        write!(bad, "metadata: [").unwrap();
        let bad = bad.path().to_str().unwrap();
        let message = refused(&["-f", bad]);
        assert!(
            message.starts_with(&format!("invalid EnableTypeDirective file {bad}: ")),
            "{message}"
        );
        let missing = file.path().with_extension("absent");
        let missing = missing.to_str().unwrap();
        let message = refused(&["-f", missing]);
        assert!(
            message.starts_with(&format!("cannot read directive file {missing}: ")),
            "{message}"
        );
    }

    #[test]
    fn a_file_or_names_with_type_flags() {
        let refused = |args: &[&str]| resolve(args).unwrap_err().to_string();
        assert!(
            refused(&["-f", "d.yaml", "jobs"]).contains("cannot be used with"),
            "{}",
            refused(&["-f", "d.yaml", "jobs"])
        );
        assert!(
            refused(&["-f", "d.yaml", "--federated-group", "fed.example.com"])
                .contains("cannot be used with")
        );
        assert!(refused(&[]).contains("required arguments were not provided"));
    }
}
