//! kubefedctl: join clusters to, and manage types of, a KubeFed control plane.

pub mod cli;
pub mod cmd;
pub mod error;
pub mod kube;
pub mod output;
pub mod plan;

use clap::CommandFactory;

use crate::cli::{Cli, Command};
use crate::error::ExitStatus;
use crate::output::Printer;

/// Run the parsed command line. Must be called inside a Tokio runtime.
pub async fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    let printer = Printer::new(cli.global.quiet, cli.global.verbosity);
    match &cli.command {
        // Like the Go tool, a bare `kubefedctl` prints help and succeeds.
        None => {
            printer.out(&Cli::command().render_long_help().to_string())?;
            Ok(ExitStatus::Success)
        }
        Some(Command::Join(args)) => cmd::join::run(args, &cli.global, &printer).await,
        Some(Command::Unjoin(args)) => cmd::unjoin::run(args, &cli.global, &printer).await,
        Some(Command::Version(args)) => cmd::version::run(args, &cli.global, &printer).await,
    }
}
