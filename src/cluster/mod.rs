//! The cluster layer: everything that talks to a cluster or reads a kubeconfig lives
//! here. It depends on nothing above it: what commands decide (dry-run mode, verbosity)
//! is handed in.

pub(crate) mod apply;
pub(crate) mod config;
pub(crate) mod discovery;
pub(crate) mod dns;
pub(crate) mod federated;
pub(crate) mod kubefed;
pub(crate) mod nodes;
pub(crate) mod read;
pub(crate) mod request_log;
pub(crate) mod server;
pub(crate) mod target;
pub(crate) mod watch;
