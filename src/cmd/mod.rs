//! One module per command; each exposes `run(args, global, printer) -> Result<ExitStatus>`.

pub mod complete;
pub mod completion;
pub mod diff;
pub mod disable;
pub mod enable;
pub mod federate;
mod federated;
pub mod get;
pub mod init;
pub mod join;
mod members;
pub mod orphaning;
pub mod overrides;
pub mod rotate;
pub mod schedule;
pub mod status;
pub mod sync;
pub mod teardown;
pub mod unjoin;
pub mod version;

/// The text of the input file `path`, described as `what` in errors. A file that cannot
/// be read or is no UTF-8 text gives one error line, as a parse error does.
pub(crate) fn read_text(path: &std::path::Path, what: &str) -> anyhow::Result<String> {
    let bytes = std::fs::read(path)
        .map_err(|e| anyhow::anyhow!("cannot read {what} {}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| {
        anyhow::anyhow!(
            "cannot read {what} {}: it is not UTF-8 text (binary data?)",
            path.display()
        )
    })
}
