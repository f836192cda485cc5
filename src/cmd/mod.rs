//! One module per command; each exposes `run(args, global, printer) -> Result<ExitStatus>`.

pub mod complete;
pub mod completion;
pub mod disable;
pub mod enable;
pub mod federate;
pub mod join;
mod members;
pub mod orphaning;
pub mod schedule;
pub mod sync;
pub mod unjoin;
pub mod version;
