//! kubefedctl: join clusters to, and manage types of, a KubeFed control plane.

#![warn(unreachable_pub)]

mod cli;
mod cluster;
mod cmd;
mod diagnostics;
mod error;
mod generate;
mod interrupt;
mod invocation;
mod output;
mod plan;
mod program;

// What the binary (main.rs) and the tests of tests/ use; every other item is private to
// the crate, so that the compiler reports the ones nothing uses.
pub use cli::{Cli, CompletionShell};
pub use error::{ExitStatus, Hinted, finish};
pub use generate::{completion_file_name, completion_script};
pub use invocation::Program;

/// The parsers and conversions that take untrusted input, for the fuzz targets (fuzz/)
/// and tests: manifests, kubeconfigs, names, durations, `enable` directives and
/// `federate`'s conversion.
pub mod inputs {
    pub use crate::cluster::config::Kubeconfigs;
    pub use crate::plan::duration::parse_duration;
    pub use crate::plan::enable::parse_directive;
    pub use crate::plan::federate::{ObjectKey, Placement, default_federated_type, federate};
    pub use crate::plan::init::go_duration;
    pub use crate::plan::manifests::{builtin_namespaced, parse as parse_manifests};
    pub use crate::plan::names::{HostName, JoinNames, check_cluster_name, is_dns1123_subdomain};
    pub use crate::plan::overrides::{Overrides, parse_cluster_change};
}

use crate::cli::Command;
use crate::output::Printer;

/// Run the parsed command line. Must be called inside a Tokio runtime.
pub async fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    diagnostics::set_level(cli.global.quiet, cli.global.verbosity);
    let printer = Printer::new(cli.global.quiet, cli.global.verbosity);
    if cli.command.as_ref().is_some_and(Command::writes) {
        interrupt::handle_signals();
    }
    match &cli.command {
        // Like the Go tool, a bare `kubefedctl` prints help and succeeds.
        None => {
            printer.out(&Program::current().command().render_long_help().to_string())?;
            Ok(ExitStatus::Success)
        }
        Some(Command::Enable(args)) => cmd::enable::run(args, &cli.global, &printer).await,
        Some(Command::Disable(args)) => cmd::disable::run(args, &cli.global, &printer).await,
        Some(Command::Join(args)) => cmd::join::run(args, &cli.global, &printer).await,
        Some(Command::Unjoin(args)) => cmd::unjoin::run(args, &cli.global, &printer).await,
        Some(Command::Init(args)) => cmd::init::run(args, &cli.global, &printer).await,
        Some(Command::Teardown(args)) => cmd::teardown::run(args, &cli.global, &printer).await,
        Some(Command::Federate(args)) => cmd::federate::run(args, &cli.global, &printer).await,
        Some(Command::Get(args)) => cmd::get::run(args, &cli.global, &printer).await,
        Some(Command::Diff(args)) => cmd::diff::run(args, &cli.global, &printer).await,
        Some(Command::OrphaningDeletion(args)) => {
            cmd::orphaning::run(args, &cli.global, &printer).await
        }
        Some(Command::Override(args)) => cmd::overrides::run(args, &cli.global, &printer).await,
        Some(Command::RotateCredentials(args)) => {
            cmd::rotate::run(args, &cli.global, &printer).await
        }
        Some(Command::Status(args)) => cmd::status::run(args, &cli.global, &printer).await,
        Some(Command::Schedule(args)) => cmd::schedule::run(args, &cli.global, &printer).await,
        Some(Command::Sync(args)) => cmd::sync::run(args, &cli.global, &printer).await,
        Some(Command::Dns(args)) => cmd::dns::run(args, &cli.global, &printer).await,
        Some(Command::Version(args)) => cmd::version::run(args, &cli.global, &printer).await,
        Some(Command::Completion(args)) => cmd::completion::run(args, &printer),
        Some(Command::Complete(args)) => cmd::complete::run(args, &printer).await,
    }
}
