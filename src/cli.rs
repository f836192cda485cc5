//! Command-line definition (clap derive only; no behaviour here).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::output::OutputFormat;

const ROOT_LONG_ABOUT: &str = "\
kubefedctl controls a Kubernetes Cluster Federation. Find more information at \
https://sigs.k8s.io/kubefed.

Commands talk to the host cluster (the one running the KubeFed control plane) through \
the kubeconfig context given by --host-cluster-context, or the current context.";

const ROOT_AFTER_HELP: &str = "\
Examples:
  # Show the client, Kubernetes server and KubeFed controller versions
  kubefedctl version

  # Use another kubeconfig file and host context
  kubefedctl version --kubeconfig ~/.kube/fed.yaml --host-cluster-context cluster1

Exit status:
  0  success
  1  a query command answered negatively
  2  error (bad usage, unreachable cluster, rejected request)";

#[derive(Debug, Parser)]
#[command(
    name = "kubefedctl",
    version = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("KUBEFEDCTL_GIT_COMMIT"), ")"),
    about = "kubefedctl controls a Kubernetes Cluster Federation",
    long_about = ROOT_LONG_ABOUT,
    after_help = ROOT_AFTER_HELP,
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    // None: a bare `kubefedctl` prints help.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options accepted by every command.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Path to the kubeconfig file. When set, only this file is read; otherwise the files
    /// listed in KUBECONFIG, else ~/.kube/config
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        help_heading = "Global options"
    )]
    pub kubeconfig: Option<PathBuf>,

    /// Kubeconfig context of the cluster hosting the KubeFed control plane [default: the
    /// current context]
    #[arg(
        long,
        global = true,
        value_name = "CONTEXT",
        help_heading = "Global options"
    )]
    pub host_cluster_context: Option<String>,

    /// Namespace of the KubeFed control plane in the host cluster
    #[arg(
        long,
        global = true,
        value_name = "NAMESPACE",
        default_value = "kube-federation-system",
        help_heading = "Global options"
    )]
    pub kubefed_namespace: String,

    /// Log verbosity: higher numbers print more diagnostics on stderr (accepts --v=2 as
    /// the Go kubefedctl did)
    #[arg(
        short = 'v',
        long = "v",
        global = true,
        value_name = "LEVEL",
        default_value_t = 0,
        help_heading = "Global options"
    )]
    pub verbosity: u8,

    /// Suppress warnings and diagnostics on stderr; results and errors are still printed
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub quiet: bool,
}

/// What `--dry-run` asks for. A bare `--dry-run` means `client`, as the Go tool's boolean
/// flag did; `--dry-run=true|false` are accepted for scripts written for it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum DryRun {
    /// Write for real.
    #[default]
    #[value(alias = "false")]
    None,
    /// Send nothing that writes; reads still happen.
    #[value(alias = "true")]
    Client,
    /// Send every write with dryRun=All: the API server validates but stores nothing.
    Server,
}

/// The `--dry-run` flag of the commands that write.
#[derive(Debug, Args)]
pub struct DryRunArg {
    /// Preview without changing anything: `client` sends no writes, `server` sends them
    /// with dryRun=All so the API server validates them
    #[arg(
        long = "dry-run",
        value_enum,
        value_name = "MODE",
        num_args = 0..=1,
        require_equals = true,
        default_value = "none",
        default_missing_value = "client"
    )]
    pub dry_run: DryRun,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Version(VersionArgs),
}

const VERSION_LONG_ABOUT: &str = "\
Print the version of kubefedctl and, unless --client is given, the versions of the \
host cluster's Kubernetes API server and of the KubeFed controller manager running in \
--kubefed-namespace.

The server part is best effort: when there is no kubeconfig, no current context, or the \
host cluster cannot be reached, the client version is still printed, a warning goes to \
stderr and the exit status is 0. A --kubeconfig file that cannot be read or a \
--host-cluster-context that does not exist is an error (exit status 2).";

const VERSION_AFTER_HELP: &str = "\
Examples:
  # Print client and server versions
  kubefedctl version

  # Print the client version only, without contacting any cluster
  kubefedctl version --client

  # Machine-readable output
  kubefedctl version -o json";

/// Print the version info
#[derive(Debug, Args)]
#[command(long_about = VERSION_LONG_ABOUT, after_help = VERSION_AFTER_HELP)]
pub struct VersionArgs {
    /// Print the client version only; do not contact the host cluster
    #[arg(long)]
    pub client: bool,

    /// Print one YAML or JSON document instead of text
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("kubefedctl").chain(args.iter().copied()))
            .unwrap_or_else(|e| panic!("{args:?}: {e}"))
    }

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn verbosity_spellings_of_go_scripts() {
        for args in [
            ["version", "--v=2"].as_slice(),
            &["version", "--v", "2"],
            &["version", "-v", "2"],
            &["version", "-v=2"],
            &["version", "-v2"],
            &["--v=2", "version"],
        ] {
            assert_eq!(parse(args).global.verbosity, 2, "{args:?}");
        }
    }

    #[test]
    fn global_defaults() {
        let cli = parse(&["version"]);
        assert_eq!(cli.global.kubefed_namespace, "kube-federation-system");
        assert_eq!(cli.global.verbosity, 0);
        assert!(!cli.global.quiet);
        assert!(cli.global.kubeconfig.is_none());
        assert!(cli.global.host_cluster_context.is_none());
    }

    #[test]
    fn global_flags_after_the_subcommand() {
        let cli = parse(&[
            "version",
            "--kubeconfig",
            "/tmp/kc",
            "--host-cluster-context",
            "c1",
            "--kubefed-namespace",
            "fed",
            "-q",
        ]);
        assert_eq!(cli.global.kubeconfig, Some(PathBuf::from("/tmp/kc")));
        assert_eq!(cli.global.host_cluster_context.as_deref(), Some("c1"));
        assert_eq!(cli.global.kubefed_namespace, "fed");
        assert!(cli.global.quiet);
    }

    #[test]
    fn version_flags() {
        let Some(Command::Version(args)) = parse(&["version", "--client", "-o", "json"]).command
        else {
            panic!("expected the version command");
        };
        assert!(args.client);
        assert_eq!(args.output, Some(OutputFormat::Json));
        assert!(Cli::try_parse_from(["kubefedctl", "version", "-o", "xml"]).is_err());
    }

    #[test]
    fn bare_invocation_parses_without_command() {
        assert!(parse(&[]).command.is_none());
    }
}
