//! The test fixture for real clusters.
//!
//! `control_plane()` returns the project's test control plane (tools/testcp): when
//! `KUBEFEDCTL_TEST_CONTROL_PLANE` names the directory of a running one (as the test
//! script does), it is reused; otherwise this test binary starts its own and the
//! control plane shuts down when the binary exits (it watches its stdin pipe).
//!
//! Layout of every control plane used by the tests:
//! - `cluster1`: KubeFed host, Cluster scope, real KubeFed controller running;
//! - `cluster2`, `cluster3`: members;
//! - `cluster4`: KubeFed host, Namespaced scope.
//!
//! Tests share the clusters, so every object a test creates gets a name from
//! `unique_name`. The tests of one module run in parallel; modules take turns
//! (`take_turn`).

pub mod dns;
pub mod proxy;
pub mod snapshot;
pub mod state;
pub mod tokens;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::Namespace;
use kube::api::{Api, DynamicObject, PostParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::core::{ApiResource, GroupVersionKind};
use serde::Deserialize;

pub const ENV_DIR: &str = "KUBEFEDCTL_TEST_CONTROL_PLANE";
pub const KUBEFED_NAMESPACE: &str = "kube-federation-system";
pub const HOST: &str = "cluster1";
pub const NAMESPACED_HOST: &str = "cluster4";
pub const CLUSTERS: usize = 4;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterState {
    pub name: String,
    pub server: String,
    pub kubeconfig: PathBuf,
    pub ca_file: PathBuf,
    /// The API server's audit log (JSON lines, Metadata level).
    pub audit_log: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KubeFedState {
    pub host_context: String,
    pub namespace: String,
    pub scope: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct State {
    pub dir: PathBuf,
    pub kubeconfig: PathBuf,
    pub clusters: Vec<ClusterState>,
    pub kubefed: Vec<KubeFedState>,
    pub kubefedctl: Option<PathBuf>,
}

pub struct ControlPlane {
    pub state: State,
    /// Only set when this process started the control plane: dropping the stdin pipe
    /// (at process exit) stops it.
    _owned: Option<Mutex<Child>>,
}

impl ControlPlane {
    pub fn kubeconfig(&self) -> &Path {
        &self.state.kubeconfig
    }

    pub fn cluster(&self, name: &str) -> &ClusterState {
        self.state
            .clusters
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no cluster {name} in the test control plane"))
    }

    /// The reference Go kubefedctl v0.10.0, for differential tests.
    pub fn go_kubefedctl(&self) -> &Path {
        self.state.kubefedctl.as_deref().expect(
            "the test control plane has no reference Go kubefedctl: run scripts/build-go-tools",
        )
    }

    /// The control plane's state as it is now: `state` is read once, at start-up, and
    /// misses clusters added since.
    pub fn current_state(&self) -> State {
        read_state(&self.state.dir)
    }

    /// The audit log of a cluster's API server.
    pub fn audit_log(&self, cluster: &str) -> PathBuf {
        let state = self.current_state();
        let cluster = state.clusters.iter().find(|c| c.name == cluster);
        cluster
            .and_then(|c| c.audit_log.clone())
            .expect("the test control plane writes audit logs (testcp up --audit-log)")
    }

    /// Starts one more cluster (a member-to-be or a host without KubeFed); returns its
    /// context name in the shared kubeconfig.
    pub fn add_cluster(&self) -> String {
        self.control(&["add-cluster"])
    }

    /// Stops a cluster's API server; its data stays.
    pub fn stop_apiserver(&self, cluster: &str) {
        self.control(&["stop-apiserver", "--cluster", cluster]);
    }

    /// Starts a stopped API server again at the same address, and the cluster's
    /// controller manager anew.
    pub fn start_apiserver(&self, cluster: &str) {
        self.control(&["start-apiserver", "--cluster", cluster]);
    }

    /// Runs the real KubeFed controller against `cluster`, watching `namespace`. With
    /// `install_scope`, the upstream CRDs and a KubeFedConfig of that scope are
    /// installed first; without, the cluster must already have them.
    pub fn start_kubefed(&self, cluster: &str, namespace: &str, install_scope: Option<&str>) {
        self.start_kubefed_as(cluster, namespace, install_scope, None);
    }

    /// [`Self::start_kubefed`] with the controller's own kubeconfig instead of the
    /// cluster's admin one.
    pub fn start_kubefed_as(
        &self,
        cluster: &str,
        namespace: &str,
        install_scope: Option<&str>,
        kubeconfig: Option<&Path>,
    ) {
        let mut args = vec![
            "start-kubefed",
            "--cluster",
            cluster,
            "--namespace",
            namespace,
        ];
        if let Some(scope) = install_scope {
            args.extend(["--install", "--scope", scope]);
        }
        let kubeconfig = kubeconfig.map(|k| k.to_str().expect("UTF-8 kubeconfig path"));
        if let Some(kubeconfig) = kubeconfig {
            args.extend(["--kubeconfig", kubeconfig]);
        }
        self.control(&args);
    }

    pub fn stop_kubefed(&self, cluster: &str) {
        self.control(&["stop-kubefed", "--cluster", cluster]);
    }

    /// Runs a testcp control command against this control plane; returns its output.
    fn control(&self, args: &[&str]) -> String {
        let out = Command::new(tools_bin().join("testcp"))
            .arg(args[0])
            .arg("--dir")
            .arg(&self.state.dir)
            .args(&args[1..])
            .output()
            .expect("run testcp");
        assert!(
            out.status.success(),
            "testcp {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// A kube-rs client for one context of the control plane's kubeconfig.
    pub async fn client(&self, context: &str) -> kube::Client {
        let kubeconfig = Kubeconfig::read_from(self.kubeconfig()).expect("read test kubeconfig");
        let options = KubeConfigOptions {
            context: Some(context.to_owned()),
            ..Default::default()
        };
        let config = kube::Config::from_custom_kubeconfig(kubeconfig, &options)
            .await
            .expect("test kubeconfig context");
        kube::Client::try_from(config).expect("client for test context")
    }
}

/// The shared control plane of this test binary, started on first use.
pub fn control_plane() -> &'static ControlPlane {
    static CP: OnceLock<ControlPlane> = OnceLock::new();
    CP.get_or_init(|| match std::env::var_os(ENV_DIR) {
        Some(dir) => ControlPlane {
            state: wait_ready(Path::new(&dir), None),
            _owned: None,
        },
        None => start_own(),
    })
}

fn tools_bin() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools/bin")
}

fn start_own() -> ControlPlane {
    let testcp = tools_bin().join("testcp");
    if !testcp.exists() {
        let status =
            Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/build-go-tools"))
                .status()
                .expect("run scripts/build-go-tools");
        assert!(status.success(), "scripts/build-go-tools failed");
    }
    let dir = std::env::temp_dir().join(format!("kubefedctl-testcp-{}", std::process::id()));
    let mut child = Command::new(&testcp)
        .arg("up")
        .arg("--dir")
        .arg(&dir)
        .args(["--clusters", &CLUSTERS.to_string()])
        .args(["--kubefed", "--kubefed-namespaced-host", NAMESPACED_HOST])
        .arg("--audit-log")
        .args(["--exit-on-stdin-eof", "--remove-dir"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", testcp.display()));
    let state = wait_ready(&dir, Some(&mut child));
    ControlPlane {
        state,
        _owned: Some(Mutex::new(child)),
    }
}

fn wait_ready(dir: &Path, mut child: Option<&mut Child>) -> State {
    let deadline = Instant::now() + Duration::from_secs(300);
    while !dir.join("ready").exists() {
        if let Some(child) = child.as_deref_mut()
            && let Ok(Some(status)) = child.try_wait()
        {
            panic!("the test control plane exited during start-up: {status}");
        }
        assert!(
            Instant::now() < deadline,
            "the test control plane in {} was not ready within 300 s",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    read_state(dir)
}

fn read_state(dir: &Path) -> State {
    let text = std::fs::read_to_string(dir.join("state.json")).expect("read state.json");
    serde_json::from_str(&text).expect("parse state.json")
}

/// Which module's tests are on the shared clusters, and how many of them.
struct Turns {
    holder: Mutex<Option<(&'static str, usize)>>,
    released: Condvar,
}

static TURNS: Turns = Turns {
    holder: Mutex::new(None),
    released: Condvar::new(),
};

/// A test's share of its module's turn on the shared clusters; the turn passes on when
/// the module's last running test drops its share (also when the test panics).
#[must_use = "the turn lasts as long as the value is held"]
pub struct Turn(&'static str);

/// Waits until the calling test's module (its file) has the shared clusters, and joins
/// that turn. Tests of one module run in parallel with each other; other modules wait.
///
/// The modules were written as separate test binaries, run one after another, and some
/// rely on that: a join and an unjoin into the host's real KubeFed namespace serialise
/// only within their module (an unjoin of a member's last join deletes the member's
/// KubeFed namespace, under a concurrent join), and `get -A` reads every federated
/// object of the host. Taking turns keeps those assumptions true in one binary; a test
/// that is safe beside every other module could skip its turn, but none is marked so.
#[track_caller]
pub fn take_turn() -> Turn {
    let module = std::panic::Location::caller().file();
    let mut holder = TURNS
        .holder
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    loop {
        match &mut *holder {
            None => {
                *holder = Some((module, 1));
                break;
            }
            Some((current, running)) if *current == module => {
                *running += 1;
                break;
            }
            Some(_) => {
                holder = TURNS
                    .released
                    .wait(holder)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
            }
        }
    }
    Turn(module)
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut holder = TURNS
            .holder
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((module, running)) = &mut *holder {
            debug_assert_eq!(*module, self.0);
            *running -= 1;
            if *running == 0 {
                *holder = None;
                TURNS.released.notify_all();
            }
        }
    }
}

/// A name no other test (in this or a parallel test binary) uses: a DNS-1123 label.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{prefix}-{}-{n}", std::process::id())
}

/// Creates namespace `name` with the client's cluster.
pub async fn create_namespace(client: &kube::Client, name: &str) {
    let namespaces: Api<Namespace> = Api::all(client.clone());
    let mut namespace = Namespace::default();
    namespace.metadata.name = Some(name.to_owned());
    namespaces
        .create(&PostParams::default(), &namespace)
        .await
        .unwrap();
}

/// A namespace on the host holding a copy of KubeFedConfig `kubefed` with `scope`: a
/// KubeFed namespace of one test, which join reads the scope from and unjoin deletes
/// on the members, and which no controller watches.
pub async fn private_kubefed_namespace(scope: &str) -> String {
    let client = control_plane().client(HOST).await;
    let ns = unique_name("fed");
    create_namespace(&client, &ns).await;
    let kubefed_config = ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("core.kubefed.io", "v1beta1", "KubeFedConfig"),
        "kubefedconfigs",
    );
    let configs: Api<DynamicObject> =
        Api::namespaced_with(client.clone(), KUBEFED_NAMESPACE, &kubefed_config);
    let mut config = configs.get("kubefed").await.unwrap();
    config.metadata = kube::core::ObjectMeta {
        name: Some("kubefed".into()),
        namespace: Some(ns.clone()),
        ..Default::default()
    };
    config.data["spec"]["scope"] = serde_json::json!(scope);
    let configs: Api<DynamicObject> = Api::namespaced_with(client, &ns, &kubefed_config);
    configs
        .create(&PostParams::default(), &config)
        .await
        .unwrap();
    ns
}

/// Polls `check` every 200 ms until it returns `Some`, or panics after `timeout`.
pub async fn eventually<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "{what}: not within {timeout:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The arguments of `federate namespace NS --contents` on the host.
pub fn federate_contents(ns: &str) -> [&str; 6] {
    [
        "federate",
        "namespace",
        ns,
        "--contents",
        "--host-cluster-context",
        HOST,
    ]
}

/// Our binary with the control plane's kubeconfig and a clean environment.
pub fn kubefedctl() -> assert_cmd::Command {
    kubefedctl_with(control_plane().kubeconfig())
}

/// Variables of the developer's environment that would change which cluster, or through
/// which proxy, the binary talks to.
pub const CLEARED_ENV: &[&str] = &[
    "KUBECONFIG",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// Our binary with none of `CLEARED_ENV` and no kubeconfig given.
pub fn kubefedctl_bare() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("kubefedctl");
    cmd.env("RUST_BACKTRACE", "0");
    for var in CLEARED_ENV {
        cmd.env_remove(var);
    }
    cmd
}

/// Our binary with another kubeconfig (one through a proxy, say) and a clean environment.
pub fn kubefedctl_with(kubeconfig: &Path) -> assert_cmd::Command {
    let mut cmd = kubefedctl_bare();
    cmd.arg("--kubeconfig").arg(kubeconfig);
    cmd
}

/// Runs our binary with the control plane's kubeconfig and `args`; its exit status and
/// output.
pub fn ours(args: &[&str]) -> Output {
    kubefedctl().args(args).output().expect("run kubefedctl")
}

/// [`ours`] with `--host-cluster-context CONTEXT` after `args`.
pub fn ours_on(context: &str, args: &[&str]) -> Output {
    kubefedctl()
        .args(args)
        .args(["--host-cluster-context", context])
        .output()
        .expect("run kubefedctl")
}

/// [`ours_on`], killed after `limit`: for commands that wait for the cluster, so that
/// one that hangs fails the test instead of stalling it.
pub fn ours_on_within(limit: Duration, context: &str, args: &[&str]) -> Output {
    kubefedctl()
        .args(args)
        .args(["--host-cluster-context", context])
        .timeout(limit)
        .output()
        .expect("run kubefedctl")
}

/// The command as a `std::process::Command`, for a test that needs the child process
/// (to signal it, say).
pub fn std_command(cmd: &assert_cmd::Command) -> Command {
    let mut std = Command::new(cmd.get_program());
    std.args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(value) => std.env(key, value),
            None => std.env_remove(key),
        };
    }
    std
}

/// Runs our binary with the control plane's kubeconfig on a pseudo-terminal (util-linux
/// `script`), typing `keys`, so that confirmation prompts see a terminal. stdout holds
/// what the terminal showed: the program's stdout and stderr, mixed. Bounded by
/// `timeout`: a prompt that never reads cannot hang the tests.
pub fn on_terminal(args: &[&str], keys: &str) -> std::process::Output {
    on_terminal_as(None, args, keys)
}

/// [`on_terminal`] with `TERM` set to `term`: without one, progress spinners are not
/// drawn, as on a dumb terminal.
pub fn on_terminal_as(term: Option<&str>, args: &[&str], keys: &str) -> std::process::Output {
    use std::io::Write;
    let binary = assert_cmd::cargo::cargo_bin_cmd!("kubefedctl")
        .get_program()
        .to_owned();
    let kubeconfig = control_plane().kubeconfig().to_owned();
    let words = [
        binary.as_os_str(),
        "--kubeconfig".as_ref(),
        kubeconfig.as_os_str(),
    ]
    .into_iter()
    .chain(args.iter().map(|a| a.as_ref()));
    let line: Vec<String> = words
        .map(|w| format!("'{}'", w.to_str().unwrap().replace('\'', r"'\''")))
        .collect();
    let mut cmd = Command::new("timeout");
    cmd.args(["60", "script", "--quiet", "--return", "--command"])
        .arg(line.join(" "))
        .arg("/dev/null")
        .env("RUST_BACKTRACE", "0")
        .env_remove("TERM")
        .envs(term.map(|term| ("TERM", term)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for var in CLEARED_ENV {
        cmd.env_remove(var);
    }
    let mut child = cmd.spawn().expect("run script (util-linux)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(keys.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The reference Go kubefedctl with the control plane's kubeconfig.
pub fn go_kubefedctl() -> Command {
    let cp = control_plane();
    let mut cmd = Command::new(cp.go_kubefedctl());
    cmd.arg("--kubeconfig").arg(cp.kubeconfig());
    cmd
}

/// Fails the test with the command's output unless it exited 0; returns stdout.
#[track_caller]
pub fn assert_ok(output: &std::process::Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}
