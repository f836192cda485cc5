//! The bad-input corpus: every case in `tests/data/bad/cases.yaml` runs the real binary
//! and must end within its time limit with exit code 2 (or the code the case names), a
//! first stderr line starting with `error:` that contains the expected text, and no panic
//! or backtrace.
//!
//! Case files live under `tests/data/bad/<category>/`. Before the run the whole tree is
//! copied to a temporary directory with `@NAME@` placeholders replaced (see
//! [`Placeholders`]), so kubeconfigs can point at the test clusters, and the inputs too
//! large or too repetitive to commit (alias bombs, deep nesting, huge documents) are
//! generated there by [`generate`]. Cases marked `cluster: true` need the test control
//! plane; the others run offline.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;

/// How many cases run at once.
const PARALLEL: usize = 4;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// Command-line arguments, placeholders allowed.
    args: Vec<String>,
    /// Text the first stderr line (`error: ...`) must contain.
    error: String,
    /// More text that must appear somewhere on stderr (`caused by:` or `hint:` lines).
    #[serde(default)]
    also: Vec<String>,
    /// Text that must appear nowhere in stdout or stderr (credentials).
    #[serde(default)]
    absent: Vec<String>,
    /// stderr must be the `error:` line and at most one `hint:` line, nothing else. Always
    /// on for a parse error (see [`Case::one_line`]); set it for the other cases that
    /// must be this short.
    #[serde(default)]
    one_line: bool,
    #[serde(default = "default_exit")]
    exit: i32,
    /// A file (relative to the data directory) fed to stdin; stdin is empty otherwise.
    stdin: Option<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    /// Seconds before the process is killed and the case fails.
    #[serde(default = "default_timeout")]
    timeout: u64,
    /// The case needs the test control plane.
    #[serde(default)]
    cluster: bool,
}

/// The first-line forms of an error about an input file that cannot be read or parsed:
/// manifests, kubeconfigs, EnableTypeDirective, cluster group and override files. Such an
/// error is one line (plus a hint at most) with the position and the problem, never the
/// file's text, which may hold tokens and keys.
const PARSE_ERRORS: [&str; 9] = [
    "cannot load objects from ",
    "cannot read kubeconfig ",
    "cannot load kubeconfig ",
    "cannot read directive file ",
    "invalid EnableTypeDirective file ",
    "cannot read cluster group file ",
    "invalid cluster group file ",
    "cannot read override file ",
    "invalid override file ",
];

fn is_parse_error(message: &str) -> bool {
    PARSE_ERRORS.iter().any(|form| message.starts_with(form))
}

impl Case {
    /// Whether stderr must be the `error:` line and at most one hint: as the case says,
    /// and for every case whose expected error is a parse error.
    fn one_line(&self) -> bool {
        self.one_line || is_parse_error(&self.error)
    }
}

/// clap's ending of a usage error, after a blank line; it plays the part of the hint.
const USAGE_TRAILER: [&str; 2] = ["", "For more information, try '--help'."];

/// Whether the lines after the `error:` line are at most one hint.
fn at_most_a_hint(rest: &[&str]) -> bool {
    match rest {
        [] => true,
        [hint] => hint.starts_with("hint: "),
        _ => rest == USAGE_TRAILER,
    }
}

fn default_exit() -> i32 {
    2
}

fn default_timeout() -> u64 {
    60
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad")
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(data_dir().join("cases.yaml")).expect("read cases.yaml");
    let cases: Vec<Case> = serde_saphyr::from_str(&text).expect("parse cases.yaml");
    let mut names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names must be unique");
    cases
}

/// `@NAME@` placeholders and their values.
struct Placeholders(Vec<(String, String)>);

impl Placeholders {
    fn apply(&self, text: &str) -> String {
        self.0
            .iter()
            .fold(text.to_owned(), |t, (k, v)| t.replace(&format!("@{k}@"), v))
    }

    /// Values that refer to the test control plane: cluster2 is the cluster kubeconfigs
    /// point at, cluster3 provides the "wrong" CA and client certificate.
    fn with_cluster(mut self) -> Self {
        let cp = crate::support::control_plane();
        let user = |name: &str, field: &str| {
            let path = &cp.cluster(name).kubeconfig;
            let text = std::fs::read_to_string(path).unwrap();
            let config: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
            config["users"][0]["user"][field]
                .as_str()
                .unwrap_or_else(|| panic!("no {field} in {}", path.display()))
                .to_owned()
        };
        let ca_data =
            |name: &str| STANDARD.encode(std::fs::read(&cp.cluster(name).ca_file).unwrap());
        self.0.extend([
            ("KUBECONFIG".into(), cp.kubeconfig().display().to_string()),
            ("SERVER".into(), cp.cluster("cluster2").server.clone()),
            ("CA_DATA".into(), ca_data("cluster2")),
            ("OTHER_CA_DATA".into(), ca_data("cluster3")),
            (
                "OTHER_CA_FILE".into(),
                cp.cluster("cluster3").ca_file.display().to_string(),
            ),
            (
                "CERT_DATA".into(),
                user("cluster2", "client-certificate-data"),
            ),
            ("KEY_DATA".into(), user("cluster2", "client-key-data")),
            (
                "OTHER_CERT_DATA".into(),
                user("cluster3", "client-certificate-data"),
            ),
        ]);
        self
    }
}

/// Copies the data tree into `to` with placeholders replaced in every text file.
fn render_tree(from: &Path, to: &Path, placeholders: &Placeholders) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            render_tree(&entry.path(), &target, placeholders);
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        match String::from_utf8(bytes) {
            Ok(text) => std::fs::write(&target, placeholders.apply(&text)).unwrap(),
            Err(e) => std::fs::write(&target, e.into_bytes()).unwrap(),
        }
        let mode = std::fs::metadata(entry.path()).unwrap().permissions();
        std::fs::set_permissions(&target, mode).unwrap();
    }
}

/// Inputs generated at run time into `<data>/gen/`.
fn generate(dir: &Path) {
    let dir = dir.join("gen");
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: String| std::fs::write(dir.join(name), text).unwrap();
    let config_map = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: ns\n";

    // "Billion laughs": ten levels of nine aliases each.
    let mut bomb = String::from(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(",");
        bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    write(
        "alias-bomb.yaml",
        format!("{config_map}data:\n  x: y\nlaughs:\n{}", indent(&bomb)),
    );
    write(
        "alias-bomb-kubeconfig.yaml",
        format!("apiVersion: v1\nkind: Config\n{bomb}"),
    );
    write(
        "alias-bomb-directive.yaml",
        format!(
            "apiVersion: core.kubefed.io/v1beta1\nkind: EnableTypeDirective\nmetadata:\n  name: deployments.apps\n{bomb}"
        ),
    );

    // Deep nesting, in block and flow YAML and in JSON.
    let depth = 10_000;
    let mut block = format!("{config_map}data:\n");
    for i in 0..depth.min(2_000) {
        block.push_str(&format!("{}k:\n", "  ".repeat(i + 1)));
    }
    write("deep-block.yaml", block);
    write(
        "deep-flow.yaml",
        format!(
            "{config_map}data: {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    );
    write(
        "deep.json",
        format!(
            "{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"cm\"}},\"data\":{}{}}}",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    );
    write(
        "deep-kubeconfig.yaml",
        format!(
            "apiVersion: v1\nkind: Config\nclusters: {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    );

    // Huge documents: 8 MiB that end in a syntax error, and 2 000 documents of which the
    // last is broken.
    let big = "x".repeat(8 << 20);
    write(
        "huge-truncated.yaml",
        format!("{config_map}data:\n  big: \"{big}\n"),
    );
    write(
        "huge-truncated.json",
        format!(
            "{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"cm\"}},\"data\":{{\"big\":\"{big}"
        ),
    );
    let mut many = String::new();
    for i in 0..2_000 {
        many.push_str(&format!(
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm{i}\n  namespace: ns\n"
        ));
    }
    many.push_str("---\napiVersion: v1\nkind: ConfigMap\nmetadata: [\n");
    write("many-documents.yaml", many);
    write(
        "huge-kubeconfig.yaml",
        format!("apiVersion: v1\nkind: Config\ncurrent-context: \"{big}\n"),
    );
    // A duplicate key after thousands of others.
    let mut keys = format!("{config_map}data:\n");
    for i in 0..5_000 {
        keys.push_str(&format!("  k{i}: v\n"));
    }
    keys.push_str("  k0: again\n");
    write("late-duplicate-key.yaml", keys);
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

/// A loopback port that accepts connections and never answers, and one that refuses.
fn silent_and_closed_ports() -> (TcpListener, u16) {
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_port = closed.local_addr().unwrap().port();
    drop(closed);
    (silent, closed_port)
}

/// Every file and directory under `dir` with its size.
fn listing(dir: &Path) -> BTreeMap<PathBuf, u64> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let meta = entry.metadata().unwrap();
        if meta.is_dir() {
            files.extend(listing(&entry.path()));
        }
        files.insert(entry.path(), if meta.is_dir() { 0 } else { meta.len() });
    }
    files
}

struct Outcome {
    name: String,
    problems: Vec<String>,
    elapsed: Duration,
}

fn run_case(case: &Case, placeholders: &Placeholders, data: &Path, home: &Path) -> Outcome {
    let out_dir = tempfile::tempdir().unwrap();
    let stdout_path = out_dir.path().join("stdout");
    let stderr_path = out_dir.path().join("stderr");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kubefedctl"));
    cmd.args(case.args.iter().map(|a| placeholders.apply(a)))
        .current_dir(data)
        .env("HOME", home)
        // A panic would print its backtrace, which the checks below look for.
        .env("RUST_BACKTRACE", "1")
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap());
    for var in crate::support::CLEARED_ENV {
        cmd.env_remove(var);
    }
    for (k, v) in &case.env {
        cmd.env(k, placeholders.apply(v));
    }
    match &case.stdin {
        Some(file) => cmd.stdin(std::fs::File::open(data.join(file)).unwrap()),
        None => cmd.stdin(Stdio::null()),
    };
    let start = Instant::now();
    let mut child = cmd.spawn().expect("start kubefedctl");
    let limit = Duration::from_secs(case.timeout);
    let mut problems = Vec::new();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            problems.push(format!("still running after {} s: killed", case.timeout));
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&std::fs::read(&stdout_path).unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&std::fs::read(&stderr_path).unwrap()).into_owned();
    if let Some(status) = status {
        if status.code() != Some(case.exit) {
            problems.push(format!("exit {:?}, expected {}", status.code(), case.exit));
        }
        let first = stderr.lines().next().unwrap_or_default();
        if !first.starts_with("error: ") {
            problems.push(format!(
                "first stderr line does not start with `error: `: {first:?}"
            ));
        }
        if !first.contains(&placeholders.apply(&case.error)) {
            problems.push(format!(
                "first stderr line lacks {:?}: {first:?}",
                case.error
            ));
        }
        // A parse error is held to one line whatever the case expects.
        let parse_error = is_parse_error(first.strip_prefix("error: ").unwrap_or(first));
        let rest: Vec<&str> = stderr.lines().skip(1).collect();
        if (case.one_line() || parse_error) && !at_most_a_hint(&rest) {
            problems.push(format!(
                "more than one error line and one hint: {} more lines",
                rest.len()
            ));
        }
        // A failing run prints its error on stderr and nothing else anywhere.
        if status.code() != Some(0) && !stdout.is_empty() {
            problems.push("stdout is not empty".to_owned());
        }
        for text in &case.also {
            if !stderr.contains(&placeholders.apply(text)) {
                problems.push(format!("stderr lacks {text:?}"));
            }
        }
    }
    for bad in ["panicked", "stack backtrace", "RUST_BACKTRACE"] {
        if stderr.contains(bad) || stdout.contains(bad) {
            problems.push(format!("output contains {bad:?}"));
        }
    }
    for secret in &case.absent {
        let secret = placeholders.apply(secret);
        if stderr.contains(&secret) || stdout.contains(&secret) {
            problems.push(format!("output contains the secret {secret:?}"));
        }
    }
    if !problems.is_empty() {
        let shorten = |s: &str| s.chars().take(2000).collect::<String>();
        problems.push(format!(
            "stdout: {}\nstderr: {}",
            shorten(&stdout),
            shorten(&stderr)
        ));
    }
    Outcome {
        name: case.name.clone(),
        problems,
        elapsed,
    }
}

fn run_all(cluster: bool) {
    let cases: Vec<Case> = cases()
        .into_iter()
        .filter(|c| c.cluster == cluster)
        .collect();
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let home = work.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let (silent, closed_port) = silent_and_closed_ports();
    let mut placeholders = Placeholders(vec![
        ("DATA".into(), data.display().to_string()),
        (
            "SILENT".into(),
            format!("127.0.0.1:{}", silent.local_addr().unwrap().port()),
        ),
        ("CLOSED".into(), format!("127.0.0.1:{closed_port}")),
    ]);
    if cluster {
        placeholders = placeholders.with_cluster();
    }
    render_tree(&data_dir(), &data, &placeholders);
    generate(&data);
    let before = (listing(&data), listing(&home));

    let queue = Mutex::new(cases.iter());
    let outcomes = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL {
            scope.spawn(|| {
                loop {
                    let Some(case) = queue.lock().unwrap().next() else {
                        break;
                    };
                    let outcome = run_case(case, &placeholders, &data, &home);
                    outcomes.lock().unwrap().push(outcome);
                }
            });
        }
    });
    drop(silent);
    // Refused input writes nothing: no file appears, goes or changes size in the working
    // directory (the data tree) or in HOME.
    assert_eq!(
        (listing(&data), listing(&home)),
        before,
        "the cases changed files in the working directory or HOME"
    );
    let outcomes = outcomes.into_inner().unwrap();
    let slowest = outcomes
        .iter()
        .max_by_key(|o| o.elapsed)
        .map(|o| (&o.name, o.elapsed));
    eprintln!("{} cases, slowest: {slowest:?}", outcomes.len());
    let failed: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.problems.is_empty())
        .map(|o| format!("case {}:\n  {}", o.name, o.problems.join("\n  ")))
        .collect();
    let _ = std::io::stderr().flush();
    assert!(
        failed.is_empty(),
        "{} of {} cases failed:\n{}",
        failed.len(),
        outcomes.len(),
        failed.join("\n")
    );
}

#[test]
fn offline_cases() {
    run_all(false);
}

#[test]
#[ignore = "needs the test control plane: scripts/test"]
fn cluster_cases() {
    let _turn = crate::support::take_turn();
    run_all(true);
}

#[test]
fn corpus_has_at_least_100_cases() {
    let cases = cases();
    assert!(cases.len() >= 100, "only {} cases", cases.len());
    for case in &cases {
        assert!(
            !case.error.is_empty(),
            "case {} expects no error text",
            case.name
        );
    }
}

#[test]
fn one_line_allows_a_hint_or_the_usage_trailer_and_nothing_more() {
    assert!(at_most_a_hint(&[]));
    assert!(at_most_a_hint(&["hint: pass --kubeconfig PATH"]));
    assert!(at_most_a_hint(&USAGE_TRAILER));
    assert!(!at_most_a_hint(&["caused by: unclosed quote"]));
    assert!(!at_most_a_hint(&["hint: one", "hint: two"]));
    assert!(!at_most_a_hint(&[
        "",
        "For more information, try '--help'.",
        "hint: x"
    ]));
    // What a YAML parser's own report looks like: the file's lines, quoted.
    assert!(!at_most_a_hint(&["   |", " 4 |     token: \"abc"]));
    assert!(is_parse_error(
        "cannot load kubeconfig k.yaml: line 4, column 12: unclosed quote"
    ));
    assert!(!is_parse_error(
        "cannot load context \"c\" from kubeconfig k.yaml"
    ));
}
