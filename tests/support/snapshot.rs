//! Committed files that tests compare with what the binary produces: help transcripts
//! (`tests/snapshots/`), completion scripts and man pages. With `KUBEFEDCTL_BLESS=1`
//! the tests record what they produce instead: they write the files, delete the ones
//! nothing produces any more, and pass.

use std::path::Path;

/// The variable that, set to `1`, makes the snapshot tests record instead of compare.
pub const BLESS: &str = "KUBEFEDCTL_BLESS";

/// Whether this run records (`KUBEFEDCTL_BLESS=1`).
pub fn blessing() -> bool {
    std::env::var_os(BLESS).is_some_and(|v| v == "1")
}

/// A committed file against what a test produced.
pub enum Compared {
    /// The same, or just written (when blessing).
    Current,
    /// The committed content, which differs.
    Differs(Vec<u8>),
    /// The file could not be read (it is missing, say).
    Unreadable(std::io::Error),
}

/// Compares the file at `path` with `produced`; when blessing, writes `produced` there
/// (creating its directory) instead.
pub fn compare_or_bless(path: &Path, produced: &[u8]) -> Compared {
    if blessing() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, produced).unwrap();
        return Compared::Current;
    }
    match std::fs::read(path) {
        Ok(committed) if committed == produced => Compared::Current,
        Ok(committed) => Compared::Differs(committed),
        Err(e) => Compared::Unreadable(e),
    }
}

/// A committed file that nothing produces any more: deleted when blessing; otherwise
/// `problem`, for the test to report.
pub fn stale(path: &Path, problem: String) -> Option<String> {
    if blessing() {
        std::fs::remove_file(path).unwrap();
        None
    } else {
        Some(problem)
    }
}
