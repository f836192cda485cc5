//! One module per command; each exposes `run(args, global, printer) -> Result<ExitStatus>`.

pub mod complete;
pub mod completion;
pub mod disable;
pub mod enable;
pub mod federate;
pub mod init;
pub mod join;
mod members;
pub mod orphaning;
pub mod teardown;
pub mod unjoin;
pub mod version;
