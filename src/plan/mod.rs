//! Pure functions that compute what to write: no client, no I/O. The commands feed the
//! results to `kube::apply::Writer`, to `-o yaml|json`, or to both.

pub mod admission;
pub mod diff;
pub mod dns;
pub mod duration;
pub mod enable;
pub mod federate;
pub mod get;
pub mod init;
pub mod input;
pub mod join;
pub mod kubefed;
pub mod manifests;
pub mod names;
pub mod orphaning;
pub mod overrides;
pub mod placement;
pub mod resolve;
pub mod schedule;
pub mod schema;
pub mod status;
pub mod sync;
pub mod template;
