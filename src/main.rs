use kubefedctl::{Hinted, Program, finish};

fn main() {
    // A panic is a bug, but the user still gets one error line and the documented exit
    // code for errors, never a backtrace (and, with panic = "abort", no SIGABRT).
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_owned());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let bug = Hinted::new(
            anyhow::anyhow!("internal error: {message}{place}"),
            "this is a bug in kubefedctl; please report it with the command line",
        );
        std::process::exit(finish(Err(bug.into())));
    }));
    // As `kubectl-kubefed`, usage lines and examples say `kubectl kubefed`.
    let cli = match Program::current().parse_from(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => {
            // clap's codes: 0 for --help/--version, 2 for usage errors. A closed pipe while
            // printing help is not worth reporting.
            let _ = e.print();
            std::process::exit(e.exit_code());
        }
    };
    // Starting worker threads costs more than a command that contacts no cluster runs.
    let mut builder = if cli.is_offline() {
        tokio::runtime::Builder::new_current_thread()
    } else {
        tokio::runtime::Builder::new_multi_thread()
    };
    let runtime = match builder.enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => std::process::exit(finish(Err(
            anyhow::Error::new(e).context("cannot start the async runtime")
        ))),
    };
    let result = runtime.block_on(kubefedctl::run(cli));
    // Exit while the runtime is still alive: dropping it would wait for blocking tasks,
    // such as an exec credential plugin still reading stdin.
    std::process::exit(finish(result));
}
