//! One module per command; each exposes `run(args, global, printer) -> Result<ExitStatus>`.

pub mod version;
