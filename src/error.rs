//! Exit statuses, hints attached to errors, and the one place errors are printed.
//!
//! Commands return `anyhow::Result<ExitStatus>`. `main` hands that result to [`finish`],
//! which prints `error:` / `caused by:` / `hint:` lines to stderr and picks the exit code.

use std::error::Error as StdError;
use std::fmt;
use std::io::{self, Write};

use crate::interrupt;

/// How long the cluster layer lets a connection to an API server take (kube's default,
/// 30 s, makes one dead cluster stall a whole command); named here because the report of
/// a connection that timed out states it.
pub(crate) const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// How the process ends. `kubefedctl --help` documents these codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// The command did what was asked.
    Success,
    /// A query command ran fine but its answer is negative (for example `status` found an
    /// unhealthy member).
    Failure,
    /// Any error: bad usage, unreachable cluster, rejected request.
    Error,
}

impl ExitStatus {
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }
}

/// An error carrying advice for the user.
///
/// It displays exactly like the error it wraps and forwards `source()`, so the printed
/// chain is unchanged; [`finish`] finds it by downcasting and prints the advice last.
#[derive(Debug)]
pub struct Hinted {
    error: anyhow::Error,
    hint: String,
}

impl Hinted {
    pub fn new(error: impl Into<anyhow::Error>, hint: impl Into<String>) -> Self {
        Hinted {
            error: error.into(),
            hint: hint.into(),
        }
    }

    pub fn hint(&self) -> &str {
        &self.hint
    }
}

impl fmt::Display for Hinted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.error, f)
    }
}

impl StdError for Hinted {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.error.source()
    }
}

/// Attach a hint to the error of a `Result`, like `anyhow::Context` attaches a message.
pub(crate) trait HintExt<T> {
    fn with_hint<H: Into<String>>(self, hint: impl FnOnce() -> H) -> anyhow::Result<T>;
}

impl<T, E: Into<anyhow::Error>> HintExt<T> for Result<T, E> {
    fn with_hint<H: Into<String>>(self, hint: impl FnOnce() -> H) -> anyhow::Result<T> {
        self.map_err(|e| Hinted::new(e, hint()).into())
    }
}

/// `error` as an `anyhow::Error`, carrying the hint `hint` finds in it, if any: for the
/// errors of src/plan that know what the user can do about them (`NameError::hint`).
pub(crate) fn hinted<E: Into<anyhow::Error>>(
    error: E,
    hint: impl FnOnce(&E) -> Option<String>,
) -> anyhow::Error {
    match hint(&error) {
        Some(hint) => Hinted::new(error, hint).into(),
        None => error.into(),
    }
}

/// Every error in the chain, including the one a [`Hinted`] wraps (which the chain
/// itself skips because `Hinted` stands in for it).
fn errors(err: &anyhow::Error) -> impl Iterator<Item = &(dyn StdError + 'static)> {
    err.chain().flat_map(|e| {
        let inner = e
            .downcast_ref::<Hinted>()
            .map(|h| &*h.error as &(dyn StdError + 'static));
        std::iter::once(e).chain(inner)
    })
}

/// The messages of the error chain, outermost first.
///
/// A cause is dropped when the message before it already ends with it, because many
/// library errors (kube's among them) repeat their source in their own text. kube's error
/// for a refused request is left out: it prints the server's Status as a Rust debug dump,
/// and the Status follows it in the chain as `message: reason`.
pub(crate) fn messages(err: &anyhow::Error) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in err.chain() {
        if let Some(root) = connect_failure(e) {
            out.push(format!(
                "cannot connect to the API server: {}",
                describe_root(root)
            ));
            break;
        }
        if matches!(e.downcast_ref::<kube::Error>(), Some(kube::Error::Api(_))) {
            continue;
        }
        let msg = e.to_string();
        if out.last().is_some_and(|prev| prev.ends_with(&msg)) {
            continue;
        }
        out.push(msg);
    }
    out
}

/// The hints attached anywhere in the chain, outermost first, without duplicates; a
/// connection that could not be made adds what to check.
pub(crate) fn hints(err: &anyhow::Error) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for hint in errors(err).filter_map(|e| e.downcast_ref::<Hinted>()) {
        if !out.contains(&hint.hint()) {
            out.push(hint.hint());
        }
    }
    if let Some(root) = errors(err).find_map(connect_failure) {
        out.push(if root.to_string().contains("certificate") {
            "the API server's TLS certificate is not trusted: check the cluster's certificate-authority in the kubeconfig"
        } else {
            "check that the API server is running and that the kubeconfig's server address is reachable from here"
        });
    }
    out
}

/// Whether `e` is kube's error for a connection to the API server that could not be
/// made (refused, timed out, TLS handshake failed, bad address).
pub(crate) fn is_connect_failure(e: &(dyn StdError + 'static)) -> bool {
    connect_failure(e).is_some()
}

/// The root cause of a connection that could not be made, when `e` is kube's transport
/// error for one. The layers in between ("ServiceError: client error (Connect)", "tcp
/// connect error") say nothing a user can act on, so only the root is shown.
fn connect_failure<'a>(e: &'a (dyn StdError + 'static)) -> Option<&'a (dyn StdError + 'static)> {
    if !matches!(
        e.downcast_ref::<kube::Error>(),
        Some(kube::Error::Service(_))
    ) {
        return None;
    }
    let mut connect = false;
    let mut root = e;
    while let Some(cause) = root.source() {
        connect |= cause
            .downcast_ref::<hyper_util::client::legacy::Error>()
            .is_some_and(hyper_util::client::legacy::Error::is_connect);
        root = cause;
    }
    connect.then_some(root)
}

fn describe_root(root: &(dyn StdError + 'static)) -> String {
    let timed_out = root.is::<tokio::time::error::Elapsed>()
        || root
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::TimedOut);
    if timed_out {
        format!("no answer within {}s", CONNECT_TIMEOUT.as_secs())
    } else {
        root.to_string()
    }
}

/// True when the error comes from writing to a closed pipe (`kubefedctl ... | head`).
pub(crate) fn is_broken_pipe(err: &anyhow::Error) -> bool {
    errors(err)
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// The full report printed for a failed command.
pub(crate) fn render(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for (i, msg) in messages(err).iter().enumerate() {
        let label = if i == 0 { "error" } else { "caused by" };
        out.push_str(&format!("{label}: {msg}\n"));
    }
    for hint in hints(err) {
        out.push_str(&format!("hint: {hint}\n"));
    }
    out
}

/// Print an error report to stderr.
pub(crate) fn print(err: &anyhow::Error) {
    // Nothing sensible is left to do if stderr itself is gone.
    let _ = io::stderr().lock().write_all(render(err).as_bytes());
}

/// Print the outcome of a command and return the process exit code. A command that a
/// signal interrupted exits as the signal says, also when it had finished its writes.
pub fn finish(result: anyhow::Result<ExitStatus>) -> i32 {
    match result {
        Ok(status) => match interrupt::received() {
            Some(signal) => {
                print(&anyhow::anyhow!(
                    "interrupted by {signal} after the last write: nothing was undone"
                ));
                signal.exit_code()
            }
            None => status.code(),
        },
        Err(err) if is_broken_pipe(&err) => ExitStatus::Success.code(),
        Err(err) => {
            print(&err);
            // Also when the error is a summary (`2 of 3 objects could not be applied`)
            // that no longer carries the interruption as its cause.
            interrupt::received().map_or(ExitStatus::Error.code(), interrupt::Signal::exit_code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::{Context, anyhow};

    #[test]
    fn exit_codes() {
        assert_eq!(ExitStatus::Success.code(), 0);
        assert_eq!(ExitStatus::Failure.code(), 1);
        assert_eq!(ExitStatus::Error.code(), 2);
    }

    #[test]
    fn renders_chain_and_hints() {
        let err = Err::<(), _>(io::Error::other("connection refused"))
            .context("cannot reach the API server")
            .with_hint(|| "is the cluster running?")
            .context("cannot join cluster \"c1\"")
            .unwrap_err();
        assert_eq!(
            render(&err),
            "error: cannot join cluster \"c1\"\n\
             caused by: cannot reach the API server\n\
             caused by: connection refused\n\
             hint: is the cluster running?\n"
        );
    }

    #[test]
    fn a_refused_request_shows_the_servers_message_without_a_debug_dump() {
        let status = kube::core::Status::failure(
            "forbidden: User \"system:anonymous\" cannot get path \"/api\"",
            "Forbidden",
        )
        .with_code(403);
        let err = anyhow::Error::new(kube::Error::Api(Box::new(status)))
            .context("cannot discover the API types of context \"c\"");
        assert_eq!(
            render(&err),
            "error: cannot discover the API types of context \"c\"\n\
             caused by: forbidden: User \"system:anonymous\" cannot get path \"/api\": Forbidden\n"
        );
    }

    #[test]
    fn hint_on_the_root_error_keeps_its_message_once() {
        let err = anyhow::Error::new(Hinted::new(anyhow!("context \"x\" not found"), "known: a"));
        assert_eq!(
            render(&err),
            "error: context \"x\" not found\nhint: known: a\n"
        );
    }

    #[test]
    fn cause_repeated_in_the_message_is_dropped() {
        let io = io::Error::new(io::ErrorKind::NotFound, "no such file");
        let err = anyhow::Error::new(Wrapper(io)).context("cannot load kubeconfig");
        assert_eq!(
            messages(&err),
            ["cannot load kubeconfig", "failed to read: no such file"]
        );
    }

    #[test]
    fn broken_pipe_is_found_below_context_and_hints() {
        let pipe = io::Error::from(io::ErrorKind::BrokenPipe);
        let err = Err::<(), _>(pipe)
            .with_hint(|| "x")
            .context("writing output")
            .unwrap_err();
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&anyhow!("other")));
    }

    #[derive(Debug)]
    struct Wrapper(io::Error);

    impl fmt::Display for Wrapper {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "failed to read: {}", self.0)
        }
    }

    impl StdError for Wrapper {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&self.0)
        }
    }
}
