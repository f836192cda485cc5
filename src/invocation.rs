//! How the binary was invoked — as `kubefedctl`, or as the kubectl plugin
//! `kubectl-kubefed` — and so how a command line of this tool is written in hints. Every
//! layer may use it; the clap command tree that goes with it is in `program`.

use std::ffi::OsStr;
use std::path::Path;

/// The executable name under which the binary acts as a kubectl plugin.
pub(crate) const PLUGIN_EXECUTABLE: &str = "kubectl-kubefed";

/// A command line of this tool as the user types it (`kubefedctl enable x`, or
/// `kubectl kubefed enable x` in plugin mode), for hints.
pub(crate) fn command_line(args: impl std::fmt::Display) -> String {
    format!("{} {args}", Program::current().invocation())
}

/// How the binary was invoked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Program {
    /// As `kubefedctl` (or any name other than the plugin's).
    Standalone,
    /// As `kubectl-kubefed`, usually through `kubectl kubefed`.
    KubectlPlugin,
}

impl Program {
    /// Decide from `argv[0]`: only its file name counts, so `/usr/local/bin/kubectl-kubefed`
    /// and `kubectl-kubefed.exe` are the plugin.
    pub fn from_argv0(argv0: Option<&OsStr>) -> Self {
        let name = argv0
            .and_then(|arg| Path::new(arg).file_name())
            .and_then(OsStr::to_str);
        match name {
            Some(name)
                if name == PLUGIN_EXECUTABLE
                    || name.eq_ignore_ascii_case(&format!("{PLUGIN_EXECUTABLE}.exe")) =>
            {
                Program::KubectlPlugin
            }
            _ => Program::Standalone,
        }
    }

    /// The program of this process.
    pub fn current() -> Self {
        Self::from_argv0(std::env::args_os().next().as_deref())
    }

    /// What the user types to run the tool; used in usage lines and examples.
    pub fn invocation(self) -> &'static str {
        match self {
            Program::Standalone => "kubefedctl",
            Program::KubectlPlugin => "kubectl kubefed",
        }
    }

    /// The executable's file name, which shell completion scripts register for.
    pub fn executable(self) -> &'static str {
        match self {
            Program::Standalone => "kubefedctl",
            Program::KubectlPlugin => PLUGIN_EXECUTABLE,
        }
    }
}
