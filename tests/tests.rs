//! The integration tests, one binary: each module tests one command or concern through
//! the built `kubefedctl`, offline or against the test control plane (`support`).
//!
//! The tests that need the control plane are marked `#[ignore = "needs the test control
//! plane: scripts/test"]` (scripts/test includes them) and start with
//! `support::take_turn()`: the tests of one module share the clusters with each other,
//! and modules take turns (see `support::take_turn`).

mod support;

mod bad_input;
mod cli;
mod concurrency;
mod control_plane;
mod dns;
mod dry_run;
mod enable;
mod external_dns;
mod faults;
mod federate;
mod generated;
mod get;
mod help;
mod join;
mod lifecycle;
mod orphaning;
mod plugin;
mod rotate;
mod schedule;
mod secrets;
mod status;
mod sync;
mod template_schema;
mod tls;
mod tutorial;
