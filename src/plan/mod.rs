//! Pure functions that compute what to write: no client, no I/O. The commands feed the
//! results to `kube::apply::Writer`, to `-o yaml|json`, or to both.

pub(crate) mod admission;
pub(crate) mod diff;
pub(crate) mod dns;
pub(crate) mod duration;
pub(crate) mod enable;
pub(crate) mod federate;
pub(crate) mod get;
pub(crate) mod init;
pub(crate) mod input;
pub(crate) mod join;
pub(crate) mod kubefed;
pub(crate) mod manifests;
pub(crate) mod names;
pub(crate) mod orphaning;
pub(crate) mod overrides;
pub(crate) mod placement;
pub(crate) mod resolve;
pub(crate) mod schedule;
pub(crate) mod schema;
pub(crate) mod status;
pub(crate) mod sync;
pub(crate) mod template;
