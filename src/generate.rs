//! Shell completion scripts and man pages, generated from the clap definition in
//! `cli.rs`. The copies committed under `completions/` and `docs/man/` are checked
//! against these functions by `tests/generated.rs`.

use std::io;
use std::path::Path;

use clap::CommandFactory;
use clap_complete::aot::{self, Generator};

use crate::cli::{Cli, CompletionShell};

/// The completion script for `shell`, registered for the executable `bin_name`.
pub fn completion_script(shell: CompletionShell, bin_name: &str) -> Vec<u8> {
    fn generate(generator: impl Generator, bin_name: &str) -> Vec<u8> {
        let mut out = Vec::new();
        aot::generate(generator, &mut Cli::command(), bin_name, &mut out);
        out
    }
    match shell {
        CompletionShell::Bash => generate(aot::Shell::Bash, bin_name),
        CompletionShell::Zsh => generate(aot::Shell::Zsh, bin_name),
        CompletionShell::Fish => generate(aot::Shell::Fish, bin_name),
        CompletionShell::Powershell => generate(aot::Shell::PowerShell, bin_name),
        CompletionShell::Elvish => generate(aot::Shell::Elvish, bin_name),
        CompletionShell::Nushell => generate(clap_complete_nushell::Nushell, bin_name),
    }
}

/// The file name under `completions/` of the committed script for `shell`, following
/// each shell's convention for where completions are looked up.
pub fn completion_file_name(shell: CompletionShell) -> &'static str {
    match shell {
        CompletionShell::Bash => "kubefedctl.bash",
        CompletionShell::Zsh => "_kubefedctl",
        CompletionShell::Fish => "kubefedctl.fish",
        CompletionShell::Powershell => "_kubefedctl.ps1",
        CompletionShell::Elvish => "kubefedctl.elv",
        CompletionShell::Nushell => "kubefedctl.nu",
    }
}

/// One man page for the root command and one per visible subcommand, at any depth, as
/// (file name, roff text): `kubefedctl.1`, `kubefedctl-join.1`, ...
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    // The version without the commit, so the committed pages change only on a release;
    // every page names it in its footer (clap_mangen would only do so for the root).
    let version = env!("CARGO_PKG_VERSION");
    let source = format!("kubefedctl {version}");
    let mut cmd = Cli::command()
        .version(version)
        .disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    add_pages(&cmd, &source, &mut pages);
    pages
}

fn add_pages(cmd: &clap::Command, source: &str, pages: &mut Vec<(String, Vec<u8>)>) {
    let man = clap_mangen::Man::new(cmd.clone()).source(source);
    let mut roff = Vec::new();
    man.render(&mut roff)
        .expect("rendering into memory cannot fail");
    pages.push((man.get_filename(), roff));
    for sub in cmd.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        add_pages(sub, source, pages);
    }
}

/// Write [`man_pages`] into `dir`.
pub fn write_man_pages(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, roff) in man_pages() {
        std::fs::write(dir.join(name), roff)?;
    }
    Ok(())
}
