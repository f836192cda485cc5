//! kubefedctl: join clusters to, and manage types of, a KubeFed control plane.

#![warn(unreachable_pub)]

pub mod cli;
mod cluster;
mod cmd;
mod diagnostics;
pub mod error;
pub mod generate;
mod interrupt;
mod invocation;
mod output;
pub mod plan;
pub mod program;

/// How kubeconfigs are read and merged, for the fuzz targets (the cluster layer is
/// otherwise private to the crate).
pub use cluster::config::Kubeconfigs;

use crate::cli::{Cli, Command};
use crate::error::ExitStatus;
use crate::output::Printer;
use crate::program::Program;

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
