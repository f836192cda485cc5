//! Embeds the git commit and the rustc version into the binary for `kubefedctl version`.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");

    // Only trust git when this crate is its own checkout; a crate unpacked inside some
    // other repository must not report that repository's commit.
    let commit = if Path::new(".git").exists() {
        watch_git_head();
        output("git", &["rev-parse", "--short", "HEAD"])
    } else {
        None
    };
    println!(
        "cargo:rustc-env=KUBEFEDCTL_GIT_COMMIT={}",
        commit.as_deref().unwrap_or("unknown")
    );

    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let rust_version =
        output(&rustc, &["--version"]).and_then(|v| v.split_whitespace().nth(1).map(str::to_owned));
    println!(
        "cargo:rustc-env=KUBEFEDCTL_RUST_VERSION={}",
        rust_version.as_deref().unwrap_or("unknown")
    );
}

/// Re-run when HEAD moves: HEAD itself changes on checkout, the branch ref on commit.
fn watch_git_head() {
    let git_path = |name: &str| output("git", &["rev-parse", "--git-path", name]);
    // A missing file would make cargo re-run this script on every build.
    let watch = |path: &Path| {
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    };
    for name in ["HEAD", "packed-refs"] {
        if let Some(path) = git_path(name) {
            watch(Path::new(&path));
        }
    }
    if let Some(path) = output("git", &["symbolic-ref", "-q", "HEAD"]).and_then(|b| git_path(&b)) {
        let path = Path::new(&path);
        // A branch without commits has no ref file yet: watch the directory it will appear in.
        if path.exists() {
            watch(path);
        } else if let Some(dir) = path.parent() {
            watch(dir);
        }
    }
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}
