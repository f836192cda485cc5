//! One module per command; each exposes `run(args, global, printer) -> Result<ExitStatus>`.

pub mod join;
mod members;
pub mod unjoin;
pub mod version;
