//! The cluster layer: everything that talks to a cluster or reads a kubeconfig lives
//! here. It depends on nothing above it: what commands decide (dry-run mode, verbosity)
//! is handed in.

pub mod apply;
pub mod config;
pub mod discovery;
pub mod federated;
pub mod kubefed;
pub mod nodes;
pub mod read;
pub mod request_log;
pub mod server;
