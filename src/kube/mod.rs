//! Everything that talks to a cluster or reads a kubeconfig lives here.
//!
//! The external `kube` crate is spelled `::kube` in this tree to keep it apart from this module.

pub mod apply;
pub mod config;
pub mod discovery;
pub mod federated;
pub mod kubefed;
pub mod nodes;
pub mod request_log;
pub mod server;
