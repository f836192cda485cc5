//! Ctrl-C (SIGINT) and SIGTERM during a command that writes to clusters.
//!
//! Killed between two writes, a command would leave half of its work behind (a half
//! join on the member, which the next join then trips over: kubefed issue #513). So for
//! the commands that write, the first signal does not end the process: it stops new
//! writes from starting ([`begin_write`] refuses them), wakes every wait
//! ([`unless_interrupted`]), and lets the command fail as a refused request makes it
//! fail: what this run created is deleted again where the command rolls back on failure,
//! and what was done is reported where it does not. The process then exits 130 (SIGINT)
//! or 143 (SIGTERM), as a shell reports a process killed by the signal.
//!
//! A signal that comes before the first write ends the process at once: there is nothing
//! to undo. A second signal ends it at once too, naming what this run wrote and had not
//! undone yet.
//!
//! The state is global because signals are: one per process, whatever the command.

use std::fmt;
use std::future::Future;
use std::io::Write;
use std::sync::{Mutex, MutexGuard};

use tokio::sync::Notify;

/// A signal that asks the process to stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Signal {
    Interrupt,
    Terminate,
}

impl Signal {
    /// 128 + the signal's number, as shells report a process the signal ended.
    pub(crate) fn exit_code(self) -> i32 {
        match self {
            Signal::Interrupt => 130,
            Signal::Terminate => 143,
        }
    }
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Signal::Interrupt => "SIGINT",
            Signal::Terminate => "SIGTERM",
        })
    }
}

/// The error of a write that was not started, or a wait that was cut short, because a
/// signal asked the command to stop.
#[derive(Debug, thiserror::Error)]
#[error("interrupted by {signal}")]
pub(crate) struct Interrupted {
    pub signal: Signal,
}

#[derive(Default)]
struct State {
    received: Option<Signal>,
    /// Writes sent so far, whether or not they succeeded: after the first, a signal can
    /// no longer end the process at once.
    writes_started: usize,
    /// The objects this run wrote and has not deleted since, as `Kind "ns/name" on
    /// cluster "c"`, for the message of a second signal.
    written: Vec<String>,
}

static STATE: Mutex<State> = Mutex::new(State {
    received: None,
    writes_started: 0,
    written: Vec::new(),
});
static RECEIVED: Notify = Notify::const_new();

fn state() -> MutexGuard<'static, State> {
    // A panic while holding the lock ends the process (panic = "abort" and the hook), so
    // a poisoned lock still holds consistent data.
    STATE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Handles SIGINT and SIGTERM from now on as the module documentation says. Must be
/// called inside the Tokio runtime; a signal that cannot be listened for keeps its
/// default action, which still ends the process.
pub(crate) fn handle_signals() {
    use tokio::signal::unix::{SignalKind, signal};
    for (kind, which) in [
        (SignalKind::interrupt(), Signal::Interrupt),
        (SignalKind::terminate(), Signal::Terminate),
    ] {
        let Ok(mut stream) = signal(kind) else {
            continue;
        };
        tokio::spawn(async move {
            while stream.recv().await.is_some() {
                on_signal(which);
            }
        });
    }
}

fn on_signal(signal: Signal) {
    let mut state = state();
    let mut stderr = std::io::stderr().lock();
    // What is printed here is best effort: a closed stderr must not keep the process up.
    if state.received.is_some() {
        let left = if state.written.is_empty() {
            String::new()
        } else {
            format!("; left as written: {}", state.written.join(", "))
        };
        let _ = writeln!(
            stderr,
            "error: interrupted again by {signal}: exiting at once{left}\n\
             hint: run the command again to finish it, or the command that undoes it"
        );
        std::process::exit(signal.exit_code());
    }
    if state.writes_started == 0 {
        let _ = writeln!(
            stderr,
            "error: interrupted by {signal}: nothing was written"
        );
        std::process::exit(signal.exit_code());
    }
    state.received = Some(signal);
    let _ = writeln!(
        stderr,
        "interrupted by {signal}: stopping after the request under way (a second signal \
         exits at once)"
    );
    drop(state);
    RECEIVED.notify_waiters();
}

/// The signal received so far, if any.
pub(crate) fn received() -> Option<Signal> {
    state().received
}

/// Called before each write: refuses it once a signal was received, else counts it as
/// started. `what` describes the write for the error (`applying Secret "ns/x" on cluster
/// "c"`).
pub(crate) fn begin_write(what: impl FnOnce() -> String) -> anyhow::Result<()> {
    let mut state = state();
    match state.received {
        Some(signal) => Err(anyhow::Error::new(Interrupted { signal })
            .context(format!("stopped before {}", what()))),
        None => {
            state.writes_started += 1;
            Ok(())
        }
    }
}

/// Notes that `object` (as `Kind "ns/name" on cluster "c"`) was written by this run.
pub(crate) fn record_written(object: String) {
    let mut state = state();
    if !state.written.contains(&object) {
        state.written.push(object);
    }
}

/// Notes that `object` was deleted, so a second signal no longer names it.
pub(crate) fn record_deleted(object: &str) {
    state().written.retain(|written| written != object);
}

/// Runs `wait` unless a signal comes first, which ends it with [`Interrupted`]. For the
/// waits of writing commands (a token to be filled, a CRD to be established), which
/// would otherwise hold an interrupted command up until their timeout.
pub(crate) async fn unless_interrupted<T>(
    wait: impl Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<T> {
    let signalled = async {
        loop {
            let notified = RECEIVED.notified();
            if let Some(signal) = received() {
                return signal;
            }
            notified.await;
        }
    };
    tokio::select! {
        result = wait => result,
        signal = signalled => Err(Interrupted { signal }.into()),
    }
}

/// The signal that interrupted the command that failed with `error`, if one did.
pub(crate) fn cause(error: &anyhow::Error) -> Option<Signal> {
    error
        .chain()
        .find_map(|e| e.downcast_ref::<Interrupted>())
        .map(|interrupted| interrupted.signal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_128_plus_the_signal_number() {
        assert_eq!(Signal::Interrupt.exit_code(), 128 + 2);
        assert_eq!(Signal::Terminate.exit_code(), 128 + 15);
    }

    #[test]
    fn the_signal_is_found_below_context() {
        let error = anyhow::Error::new(Interrupted {
            signal: Signal::Terminate,
        })
        .context("stopped before applying Secret \"a/b\" on cluster \"c\"")
        .context("join failed");
        assert_eq!(cause(&error), Some(Signal::Terminate));
        assert_eq!(cause(&anyhow::anyhow!("refused")), None);
    }
}
