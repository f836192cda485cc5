use kubefedctl::error;
use kubefedctl::program::Program;

fn main() {
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
        Err(e) => std::process::exit(error::finish(Err(
            anyhow::Error::new(e).context("cannot start the async runtime")
        ))),
    };
    let result = runtime.block_on(kubefedctl::run(cli));
    // Exit while the runtime is still alive: dropping it would wait for blocking tasks,
    // such as an exec credential plugin still reading stdin.
    std::process::exit(error::finish(result));
}
