//! `kubefedctl completion <shell>`: print a shell completion script to stdout.

use crate::cli::CompletionArgs;
use crate::error::ExitStatus;
use crate::generate;
use crate::output::Printer;
use crate::program::Program;

pub(crate) fn run(args: &CompletionArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    // Registered for the executable's name: `kubectl-kubefed` in plugin mode.
    let script = generate::completion_script(args.shell, Program::current().executable());
    printer.out(&String::from_utf8_lossy(&script))?;
    Ok(ExitStatus::Success)
}
