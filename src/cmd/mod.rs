//! One module per command; each exposes `run(args, global, printer) -> Result<ExitStatus>`.

pub(crate) mod complete;
pub(crate) mod completion;
pub(crate) mod diff;
pub(crate) mod disable;
pub(crate) mod dns;
pub(crate) mod enable;
mod enabling;
pub(crate) mod federate;
mod federated;
pub(crate) mod get;
pub(crate) mod init;
pub(crate) mod join;
mod members;
pub(crate) mod orphaning;
mod outcome;
pub(crate) mod overrides;
pub(crate) mod rotate;
pub(crate) mod schedule;
pub(crate) mod status;
pub(crate) mod sync;
pub(crate) mod teardown;
pub(crate) mod unjoin;
pub(crate) mod version;

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
