//! Diagnostic lines on stderr for the layers that hold no `Printer` (every cluster write
//! and every API request is logged from the cluster layer), at the verbosity the command
//! line sets once for the process.

use std::fmt::Display;
use std::io::{self, Write};
use std::sync::atomic::{AtomicU8, Ordering};

/// The `-v` level of the process (0 with `--quiet`).
static LEVEL: AtomicU8 = AtomicU8::new(0);

/// Sets the verbosity of the process: `-v LEVEL`, or 0 with `--quiet`.
pub(crate) fn set_level(quiet: bool, verbosity: u8) {
    LEVEL.store(if quiet { 0 } else { verbosity }, Ordering::Relaxed);
}

/// Whether diagnostics of `level` are shown.
pub(crate) fn log_enabled(level: u8) -> bool {
    LEVEL.load(Ordering::Relaxed) >= level
}

/// A diagnostic line on stderr shown from verbosity `level` up.
pub(crate) fn log(level: u8, msg: impl Display) {
    if log_enabled(level) {
        stderr_line(&msg.to_string());
    }
}

/// One line on stderr. A closed stderr must not turn a successful command into a failed
/// one, so a failed write is ignored.
pub(crate) fn stderr_line(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}
