//! Committed files that tests compare with what the binary produces: help transcripts
//! (`tests/snapshots/`), completion scripts and man pages. snapbox compares them and
//! shows a diff; with `SNAPSHOTS=overwrite` it writes what the tests produce instead, the
//! files nothing produces any more are deleted, and the tests pass.

use std::path::Path;

use snapbox::assert::{Action, DEFAULT_ACTION_ENV};
use snapbox::{Assert, Data};

/// What to set to record the produced files instead of comparing them.
pub const RECORD: &str = "SNAPSHOTS=overwrite";

fn assert() -> Assert {
    Assert::new().action_env(DEFAULT_ACTION_ENV)
}

/// The difference between the committed file at `path` and `produced`, or a missing
/// file; `None` when they are the same, or when recording (the file is written).
pub fn check(path: &Path, produced: &str) -> Option<String> {
    // raw: help texts hold `...` and `[..]`, which are wildcards to snapbox by default.
    let committed = Data::read_from(path, None).raw();
    assert()
        .try_eq(Some(&"produced"), Data::text(produced), committed)
        .err()
        .map(|difference| difference.to_string())
}

/// A committed file that nothing produces any more: deleted when recording; otherwise
/// `problem`, for the test to report.
pub fn stale(path: &Path, problem: String) -> Option<String> {
    if assert().selected_action() == Action::Overwrite {
        std::fs::remove_file(path).unwrap();
        None
    } else {
        Some(problem)
    }
}
