//! Fault injection at every API-call boundary of join, unjoin, enable, disable and
//! federate, and signals at every write of those and of sync, init, teardown and
//! rotate-credentials.
//!
//! Each command runs once through fault-injecting proxies (tests/support/proxy.rs) in
//! front of the clusters it talks to; the requests it makes are its injection points,
//! named by cluster, method, path (with this run's names replaced) and occurrence. Then a
//! fresh run fails one request: every write before the server sees it (HTTP 500, and a
//! reset connection), after the server did the work (the answer lost) and while a signal
//! (Ctrl-C, SIGTERM) comes in, and a sample of the reads (HTTP 500). After each faulted
//! run the end state must be complete or rolled back with nothing left behind (or, for
//! the commands that remove things, still recorded so that a re-run finishes), the
//! report and exit status must match it, and an unfaulted re-run must converge.
//!
//! The counts are printed (`scripts/test -- faults:: --nocapture`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::Duration;

use futures::StreamExt;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, DeleteParams, DynamicObject, ListParams, PostParams};
use kube::core::ApiResource;
use serde_json::json;

use crate::support::proxy::{Fault, Proxy, Rule, Seen};
use crate::support::state::{
    Joined, MEMBER, create_namespace, delete_namespace, get, join_args, kubefed_cluster,
    private_kubefed_namespace, resource, unjoin_args,
};
use crate::support::{HOST, KUBEFED_NAMESPACE, control_plane, eventually, unique_name};

/// Faulted runs at once, across all tests of this binary.
static RUNNING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);
/// Reads are sampled evenly down to this many per command (writes are all covered; the
/// report still counts every point). Failing one read is much like failing another:
/// the command stops before or between writes.
const READS_SAMPLED: usize = 6;

// ---------------------------------------------------------------------------------------
// The harness

/// Proxies in front of some contexts and a kubeconfig that goes through them.
struct Proxied {
    proxies: Vec<Proxy>,
    kubeconfig: PathBuf,
    _dir: tempfile::TempDir,
}

impl Proxied {
    fn new(contexts: &[&str]) -> Proxied {
        // Clusters a test added are only in the current state.
        let state = control_plane().current_state();
        let proxies: Vec<Proxy> = contexts
            .iter()
            .map(|c| {
                let cluster = state.clusters.iter().find(|cluster| cluster.name == *c);
                Proxy::start(cluster.unwrap_or_else(|| panic!("no cluster {c}")))
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let pairs: Vec<(&str, &Proxy)> = contexts.iter().copied().zip(&proxies).collect();
        let kubeconfig = crate::support::proxy::kubeconfig(dir.path(), &pairs);
        Proxied {
            proxies,
            kubeconfig,
            _dir: dir,
        }
    }

    fn inject(&self, case: Option<&Case>, names: &Names) {
        if let Some(case) = case {
            let path = names.actual(&case.point.path);
            self.proxies[case.point.side].add_rule(Rule::request(
                &case.point.method,
                &path,
                case.point.occurrence,
                case.fault,
            ));
        }
    }

    /// Runs our binary through the proxies, which may signal it (`Fault::Signal`).
    async fn run(&self, args: &[&str]) -> Output {
        let mut cmd =
            crate::support::std_command(&crate::support::kubefedctl_with(&self.kubeconfig));
        cmd.args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let child = cmd.spawn().expect("run kubefedctl");
        for proxy in &self.proxies {
            proxy.signal_to(child.id());
        }
        let waited = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap());
        tokio::time::timeout(Duration::from_secs(240), waited)
            .await
            .expect("kubefedctl ends within 240 s")
            .unwrap()
    }

    fn clear(&self) {
        for proxy in &self.proxies {
            proxy.clear_rules();
        }
    }

    /// Forgets the requests seen so far: the next run's points are its own.
    fn clear_seen(&self) {
        for proxy in &self.proxies {
            proxy.clear_seen();
        }
    }

    fn fired(&self) -> bool {
        self.proxies.iter().any(|p| !p.faulted().is_empty())
    }

    /// The requests seen so far as injection points.
    fn points(&self, names: &Names) -> Vec<Point> {
        let mut points = Vec::new();
        for (side, proxy) in self.proxies.iter().enumerate() {
            let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
            for Seen {
                method,
                path,
                query,
                ..
            } in proxy.seen()
            {
                // A dry run changes nothing, and how many init sends to learn that the host
                // completes KubeFedConfigs depends on the API server's timing.
                if query.contains("dryRun=All") {
                    continue;
                }
                let path = names.placeholders(&path);
                let n = counts.entry((method.clone(), path.clone())).or_default();
                *n += 1;
                points.push(Point {
                    side,
                    cluster: proxy.cluster.clone(),
                    method,
                    path,
                    occurrence: *n,
                });
            }
        }
        points
    }
}

/// This run's generated names and the placeholders they stand for in a point's path.
struct Names(Vec<(String, &'static str)>);

impl Names {
    fn placeholders(&self, path: &str) -> String {
        self.0
            .iter()
            .fold(path.to_owned(), |p, (actual, ph)| p.replace(actual, ph))
    }

    fn actual(&self, path: &str) -> String {
        self.0
            .iter()
            .fold(path.to_owned(), |p, (actual, ph)| p.replace(ph, actual))
    }
}

/// One request of a command's unfaulted run.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Point {
    side: usize,
    cluster: String,
    method: String,
    path: String,
    occurrence: usize,
}

impl Point {
    fn is_write(&self) -> bool {
        !matches!(self.method.as_str(), "GET" | "HEAD")
    }
}

/// One faulted run: a point and what happens to its request.
#[derive(Clone, Debug)]
struct Case {
    point: Point,
    fault: Fault,
}

/// Every write with HTTP 500, with the connection reset before the server sees it, with
/// a lost response, and with a signal while it is under way; reads with HTTP 500, evenly
/// sampled down to `READS_SAMPLED`.
fn cases(points: &[Point]) -> Vec<Case> {
    let case = |point: &Point, fault| Case {
        point: point.clone(),
        fault,
    };
    let reads: Vec<&Point> = points.iter().filter(|p| !p.is_write()).collect();
    let step = (reads.len() as f64 / READS_SAMPLED as f64).max(1.0);
    let sampled: Vec<&Point> = (0..READS_SAMPLED.min(reads.len()))
        .map(|i| reads[(i as f64 * step) as usize])
        .collect();
    let failures = points.iter().flat_map(|point| {
        if point.is_write() {
            vec![
                case(point, Fault::Status(500)),
                case(point, Fault::Reset),
                case(point, Fault::LostResponse),
            ]
        } else if sampled.contains(&point) {
            vec![case(point, Fault::Status(500))]
        } else {
            Vec::new()
        }
    });
    failures.chain(signal_cases(points)).collect()
}

/// A signal at every write, while it is under way: SIGINT and SIGTERM in turn.
fn signal_cases(points: &[Point]) -> Vec<Case> {
    let signals = [libc::SIGINT, libc::SIGTERM].into_iter().cycle();
    points
        .iter()
        .filter(|point| point.is_write())
        .zip(signals)
        .map(|(point, signal)| Case {
            point: point.clone(),
            fault: Fault::Signal(signal),
        })
        .collect()
}

/// What one faulted run did.
#[derive(Debug)]
struct Outcome {
    fired: bool,
    failed: bool,
}

async fn run(kubeconfig: &Path, args: &[&str]) -> Output {
    let mut cmd = crate::support::kubefedctl_with(kubeconfig);
    cmd.args(args).timeout(Duration::from_secs(240));
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Exit 0, or exit 2 with one `error:` report and no panic; or, for a run a signal
/// interrupted, the signal's exit status (130 for SIGINT, 143 for SIGTERM) and an `error:`
/// report. True when the command did all its work: exit 0, or interrupted only after its
/// last write.
fn check_exit(output: &Output) -> Result<bool, String> {
    let stderr = text(&output.stderr);
    if stderr.contains("panicked") {
        return Err(format!("panic: {stderr}"));
    }
    let interrupted = |signal: &str| {
        stderr.starts_with(&format!("interrupted by {signal}: stopping"))
            && stderr.contains("\nerror: ")
    };
    match output.status.code() {
        Some(0) => Ok(true),
        Some(2) if stderr.starts_with("error: ") => Ok(false),
        Some(130) if interrupted("SIGINT") => Ok(stderr.contains("after the last write")),
        Some(143) if interrupted("SIGTERM") => Ok(stderr.contains("after the last write")),
        code => Err(format!("exit {code:?}, stderr: {stderr}")),
    }
}

fn converged(output: &Output) -> Result<(), String> {
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("the re-run failed: {}", text(&output.stderr)))
    }
}

/// Runs every case, a few at once, and fails the test with every problem found.
async fn run_cases<F, Fut>(command: &str, points: &[Point], cases: Vec<Case>, work: F)
where
    F: Fn(Case) -> Fut,
    Fut: std::future::Future<Output = Result<Outcome, String>>,
{
    let described: Vec<String> = cases
        .iter()
        .map(|c| {
            format!(
                "{:?} on {} {} {} #{}",
                c.fault, c.point.cluster, c.point.method, c.point.path, c.point.occurrence
            )
        })
        .collect();
    let results: Vec<(usize, Result<Outcome, String>)> =
        futures::stream::iter(cases.into_iter().enumerate().map(|(i, case)| {
            let run = work(case);
            async move {
                let _slot = RUNNING.acquire().await.unwrap();
                (i, run.await)
            }
        }))
        .buffer_unordered(usize::MAX)
        .collect()
        .await;
    let mut problems = Vec::new();
    let (mut fired, mut failed) = (0, 0);
    for (i, result) in results {
        match result {
            Ok(outcome) => {
                if !outcome.fired {
                    eprintln!("{command}: not reached: {}", described[i]);
                }
                fired += usize::from(outcome.fired);
                failed += usize::from(outcome.failed);
            }
            Err(problem) => problems.push(format!("{}: {problem}", described[i])),
        }
    }
    let writes = points.iter().filter(|p| p.is_write()).count();
    eprintln!(
        "{command}: {} injection points ({writes} writes); {} faulted runs, {fired} reached \
         their point, {failed} reported an error, {} absorbed the fault",
        points.len(),
        described.len(),
        fired - failed.min(fired),
    );
    assert!(
        problems.is_empty(),
        "{command}: {} of {} faulted runs went wrong:\n{}",
        problems.len(),
        described.len(),
        problems.join("\n")
    );
    assert!(fired > 0, "{command}: no fault reached its request");
}

/// Runs `case` once unfaulted to collect its points, then once for each case `cases_of`
/// makes of them.
async fn at_every_point<F, Fut>(command: &str, cases_of: fn(&[Point]) -> Vec<Case>, case: F)
where
    F: Fn(Option<Case>) -> Fut,
    Fut: std::future::Future<Output = Result<(Outcome, Vec<Point>), String>>,
{
    let (_, points) = case(None).await.unwrap();
    run_cases(command, &points, cases_of(&points), |faulted| {
        let run = case(Some(faulted));
        async move { run.await.map(|(outcome, _)| outcome) }
    })
    .await;
}

/// One join; with a case, faulted, then checked and re-run. Returns the points of an
/// unfaulted run.
async fn join_case(case: Option<&Case>) -> Result<(Outcome, Vec<Point>), String> {
    let ns = private_kubefed_namespace().await;
    let cluster = unique_name("fj");
    let names = Names(vec![(cluster.clone(), "{cluster}"), (ns.clone(), "{ns}")]);
    let proxied = Proxied::new(&[HOST, MEMBER]);
    proxied.inject(case, &names);
    let args = join_args(&cluster, &ns);
    let output = proxied.run(&args).await;
    let points = proxied.points(&names);
    let result = async {
        let ok = check_exit(&output)?;
        let state = Joined::read(&ns, &cluster).await;
        if ok && !state.complete() {
            return Err(format!("join succeeded but left {state:?}"));
        }
        if !ok && !state.absent() {
            return Err(format!(
                "join failed ({}) and left {state:?}",
                text(&output.stderr).trim()
            ));
        }
        proxied.clear();
        let rerun = if ok {
            let mut args = args.clone();
            args.push("--error-on-existing=false");
            run(&proxied.kubeconfig, &args).await
        } else {
            run(&proxied.kubeconfig, &args).await
        };
        converged(&rerun)?;
        let state = Joined::read(&ns, &cluster).await;
        if !state.complete() {
            return Err(format!("the re-run left {state:?}"));
        }
        Ok(Outcome {
            fired: proxied.fired(),
            failed: !ok,
        })
    }
    .await;
    let _ = run(control_plane().kubeconfig(), &unjoin_args(&cluster, &ns)).await;
    delete_namespace(HOST, &ns).await;
    result.map(|outcome| (outcome, points))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs the test control plane: scripts/test"]
async fn join_is_complete_or_undone_at_every_request() {
    let _turn = crate::support::take_turn();
    at_every_point("join", cases, |case| async move {
        join_case(case.as_ref()).await
    })
    .await;
}

/// A second signal, while join undoes what it created after the first, ends the process
/// at once and names the objects left; unjoin then removes them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the test control plane: scripts/test"]
async fn a_second_signal_exits_at_once_naming_what_is_left() {
    let _turn = crate::support::take_turn();
    let ns = private_kubefed_namespace().await;
    let cluster = unique_name("fs");
    let proxied = Proxied::new(&[HOST, MEMBER]);
    // The first signal comes with the host Secret's creation, before the KubeFedCluster's;
    // the second with the first delete of the rollback, on the host.
    proxied.proxies[0].add_rule(Rule::request(
        "POST",
        &format!("/api/v1/namespaces/{ns}/secrets"),
        1,
        Fault::Signal(libc::SIGINT),
    ));
    proxied.proxies[0].add_rule(Rule::nth_with_method(
        "DELETE",
        1,
        Fault::Signal(libc::SIGINT),
    ));
    let output = proxied.run(&join_args(&cluster, &ns)).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("error: interrupted again by SIGINT: exiting at once; left as written:"),
        "{stderr}"
    );
    let sa = format!("{cluster}-{HOST}");
    assert!(
        stderr.contains(&format!(
            "ServiceAccount \"{ns}/{sa}\" on cluster \"{MEMBER}\""
        )),
        "{stderr}"
    );
    assert!(stderr.contains("hint: "), "{stderr}");
    let left = Joined::read(&ns, &cluster).await;
    assert!(
        left.member.contains(&format!("ServiceAccount {sa}")),
        "{left:?}"
    );

    // A join over what was left names it and the ways out (kubefed issue #513).
    let again = run(control_plane().kubeconfig(), &join_args(&cluster, &ns)).await;
    let again_stderr = text(&again.stderr);
    assert_eq!(again.status.code(), Some(2), "{again_stderr}");
    assert!(
        again_stderr.contains(&format!(
            "hint: an earlier join of \"{cluster}\" did not finish: kubefedctl unjoin {cluster} removes what it left"
        )),
        "{again_stderr}"
    );
    crate::support::assert_ok(
        &run(control_plane().kubeconfig(), &unjoin_args(&cluster, &ns)).await,
    );
    let state = Joined::read(&ns, &cluster).await;
    assert!(state.member.is_empty() && !state.namespace, "{state:?}");
    delete_namespace(HOST, &ns).await;
}

/// One unjoin of a freshly joined cluster; with a case, faulted, then checked and re-run.
async fn unjoin_case(case: Option<&Case>) -> Result<(Outcome, Vec<Point>), String> {
    let ns = private_kubefed_namespace().await;
    let cluster = unique_name("fu");
    let joined = run(control_plane().kubeconfig(), &join_args(&cluster, &ns)).await;
    crate::support::assert_ok(&joined);
    // The host Secret's generated name differs from run to run.
    let secret = Joined::read(&ns, &cluster).await.kfc_secret.unwrap();
    let names = Names(vec![
        (secret, "{secret}"),
        (cluster.clone(), "{cluster}"),
        (ns.clone(), "{ns}"),
    ]);
    let proxied = Proxied::new(&[HOST, MEMBER]);
    proxied.inject(case, &names);
    let args = unjoin_args(&cluster, &ns);
    let output = proxied.run(&args).await;
    let points = proxied.points(&names);
    let result = async {
        let ok = check_exit(&output)?;
        let state = Joined::read(&ns, &cluster).await;
        // The KubeFedCluster goes last: while it is there, the cluster is still joined
        // and a re-run finishes the job.
        if ok && !state.absent() {
            return Err(format!("unjoin succeeded but left {state:?}"));
        }
        if !ok && state.kfc_secret.is_none() && !state.absent() {
            return Err(format!(
                "unjoin failed ({}) and left {state:?} without its KubeFedCluster",
                text(&output.stderr).trim()
            ));
        }
        proxied.clear();
        let rerun = run(&proxied.kubeconfig, &args).await;
        converged(&rerun)?;
        let state = Joined::read(&ns, &cluster).await;
        if !state.absent() {
            return Err(format!("the re-run left {state:?}"));
        }
        Ok(Outcome {
            fired: proxied.fired(),
            failed: !ok,
        })
    }
    .await;
    delete_namespace(HOST, &ns).await;
    result.map(|outcome| (outcome, points))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs the test control plane: scripts/test"]
async fn unjoin_finishes_or_stays_joined_at_every_request() {
    let _turn = crate::support::take_turn();
    at_every_point("unjoin", cases, |case| async move {
        unjoin_case(case.as_ref()).await
    })
    .await;
}

// ---------------------------------------------------------------------------------------
// enable and disable

/// A cluster-scoped CRD type of this test alone, served; returns its `<plural>.<group>`
/// and the name of its federated CRD.
async fn test_type() -> (String, String) {
    let id = unique_name("ftype").replace('-', "");
    let (plural, group) = (format!("{id}s"), format!("{id}.example.com"));
    let crd: CustomResourceDefinition = serde_json::from_value(json!({
        "metadata": {"name": format!("{plural}.{group}")},
        "spec": {
            "group": group,
            "names": {"kind": format!("F{id}"), "plural": plural},
            "scope": "Cluster",
            "versions": [{"name": "v1", "served": true, "storage": true,
                          "schema": {"openAPIV3Schema": {"type": "object",
                              "x-kubernetes-preserve-unknown-fields": true}}}],
        }
    }))
    .unwrap();
    let crds: Api<CustomResourceDefinition> = Api::all(control_plane().client(HOST).await);
    crds.create(&PostParams::default(), &crd).await.unwrap();
    let name = format!("{plural}.{group}");
    eventually("test type served", Duration::from_secs(60), || async {
        let out = run(
            control_plane().kubeconfig(),
            &[
                "enable",
                &name,
                "-o",
                "yaml",
                "--host-cluster-context",
                HOST,
            ],
        )
        .await;
        out.status.success().then_some(())
    })
    .await;
    (name, format!("federated{plural}.types.kubefed.io"))
}

/// The test type's unique id in the names of its CRDs and FederatedTypeConfig.
fn type_names(name: &str) -> Names {
    let id = name.split_once("s.").unwrap().0.to_owned();
    Names(vec![(id, "{id}")])
}

fn ftc() -> ApiResource {
    resource(
        "core.kubefed.io",
        "v1beta1",
        "FederatedTypeConfig",
        "federatedtypeconfigs",
    )
}

fn crd() -> ApiResource {
    resource(
        "apiextensions.k8s.io",
        "v1",
        "CustomResourceDefinition",
        "customresourcedefinitions",
    )
}

/// Whether the federated CRD and the FederatedTypeConfig of a type exist (and are not
/// being deleted: both wait for a finalizer).
async fn enabled(name: &str, federated_crd: &str) -> (bool, bool) {
    let live =
        |o: Option<DynamicObject>| o.is_some_and(|o| o.metadata.deletion_timestamp.is_none());
    (
        live(get(HOST, &crd(), None, federated_crd).await),
        live(get(HOST, &ftc(), Some(KUBEFED_NAMESPACE), name).await),
    )
}

async fn remove_test_type(name: &str, federated_crd: &str) {
    let _ = run(
        control_plane().kubeconfig(),
        &[
            "disable",
            name,
            "--delete-crd",
            "--yes",
            "--host-cluster-context",
            HOST,
        ],
    )
    .await;
    let crds: Api<CustomResourceDefinition> = Api::all(control_plane().client(HOST).await);
    for crd in [name, federated_crd] {
        let _ = crds.delete(crd, &DeleteParams::background()).await;
    }
}

async fn enable_case(case: Option<&Case>) -> Result<(Outcome, Vec<Point>), String> {
    let (name, federated_crd) = test_type().await;
    let names = type_names(&name);
    let proxied = Proxied::new(&[HOST]);
    proxied.inject(case, &names);
    let args = ["enable", &name, "--host-cluster-context", HOST];
    let output = proxied.run(&args).await;
    let points = proxied.points(&names);
    let result = async {
        let ok = check_exit(&output)?;
        let state = enabled(&name, &federated_crd).await;
        if ok && state != (true, true) {
            return Err(format!("enable succeeded but left (CRD, FTC) = {state:?}"));
        }
        if !ok && state != (false, false) {
            return Err(format!(
                "enable failed ({}) and left (CRD, FTC) = {state:?}",
                text(&output.stderr).trim()
            ));
        }
        proxied.clear();
        // The re-run first waits for a CRD the faulted run deleted. The API server's CRD
        // finalizer retries with a growing backoff when a CRD is deleted while its
        // handler is still being set up, which has taken more than enable's default
        // 60 s on a loaded machine.
        let rerun = [&args[..], &["--timeout", "180s"]].concat();
        converged(&run(&proxied.kubeconfig, &rerun).await)?;
        let state = enabled(&name, &federated_crd).await;
        if state != (true, true) {
            return Err(format!("the re-run left (CRD, FTC) = {state:?}"));
        }
        Ok(Outcome {
            fired: proxied.fired(),
            failed: !ok,
        })
    }
    .await;
    remove_test_type(&name, &federated_crd).await;
    result.map(|outcome| (outcome, points))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs the test control plane: scripts/test"]
async fn enable_is_complete_or_undone_at_every_request() {
    let _turn = crate::support::take_turn();
    at_every_point("enable", cases, |case| async move {
        enable_case(case.as_ref()).await
    })
    .await;
}

async fn disable_case(case: Option<&Case>) -> Result<(Outcome, Vec<Point>), String> {
    let (name, federated_crd) = test_type().await;
    let names = type_names(&name);
    crate::support::assert_ok(
        &run(
            control_plane().kubeconfig(),
            &["enable", &name, "--host-cluster-context", HOST],
        )
        .await,
    );
    let proxied = Proxied::new(&[HOST]);
    proxied.inject(case, &names);
    let args = [
        "disable",
        &name,
        "--delete-crd",
        "--yes",
        "--host-cluster-context",
        HOST,
    ];
    let output = proxied.run(&args).await;
    let points = proxied.points(&names);
    let result = async {
        let ok = check_exit(&output)?;
        let (crd, ftc) = enabled(&name, &federated_crd).await;
        if ok && (crd || ftc) {
            return Err(format!(
                "disable succeeded but left (CRD, FTC) = {:?}",
                (crd, ftc)
            ));
        }
        // The FederatedTypeConfig goes last: while it is there, a re-run finishes.
        if !ok && crd && !ftc {
            return Err(format!(
                "disable failed ({}) and left the CRD without its FederatedTypeConfig",
                text(&output.stderr).trim()
            ));
        }
        proxied.clear();
        converged(&run(&proxied.kubeconfig, &args).await)?;
        let state = enabled(&name, &federated_crd).await;
        if state != (false, false) {
            return Err(format!("the re-run left (CRD, FTC) = {state:?}"));
        }
        Ok(Outcome {
            fired: proxied.fired(),
            failed: !ok,
        })
    }
    .await;
    remove_test_type(&name, &federated_crd).await;
    result.map(|outcome| (outcome, points))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs the test control plane: scripts/test"]
async fn disable_finishes_or_stays_enabled_at_every_request() {
    let _turn = crate::support::take_turn();
    at_every_point("disable", cases, |case| async move {
        disable_case(case.as_ref()).await
    })
    .await;
}

// ---------------------------------------------------------------------------------------
// federate

/// The federated objects `federate namespace NS --contents` writes for the namespace
/// `federate_case` creates.
const FEDERATED: [(&str, &str, &str); 3] = [
    ("FederatedNamespace", "federatednamespaces", "{ns}"),
    ("FederatedConfigMap", "federatedconfigmaps", "settings"),
    ("FederatedSecret", "federatedsecrets", "creds"),
];

/// The federated objects present in `ns`; each must carry its template.
async fn federated(ns: &str) -> Result<BTreeSet<String>, String> {
    let mut present = BTreeSet::new();
    for (kind, plural, name) in FEDERATED {
        let name = name.replace("{ns}", ns);
        let ar = resource("types.kubefed.io", "v1beta1", kind, plural);
        if let Some(object) = get(HOST, &ar, Some(ns), &name).await {
            if !object.data["spec"]["template"].is_object() {
                return Err(format!("{kind} {name} has no template: {object:?}"));
            }
            present.insert(kind.to_owned());
        }
    }
    Ok(present)
}

/// The `N` of "N of M federated objects applied".
fn applied(stdout: &str) -> Option<usize> {
    let line = stdout
        .lines()
        .find(|l| l.contains("federated objects applied"))?;
    line.split(' ').next()?.parse().ok()
}

async fn federate_case(case: Option<&Case>) -> Result<(Outcome, Vec<Point>), String> {
    let ns = unique_name("ffns");
    let client = control_plane().client(HOST).await;
    create_namespace(HOST, &ns).await;
    for (plural, object) in [
        (
            "configmaps",
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": ns}, "data": {"a": "b"}}),
        ),
        (
            "secrets",
            json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds", "namespace": ns}, "stringData": {"p": "not-a-real-one"}}),
        ),
    ] {
        let kind = object["kind"].as_str().unwrap();
        let api: Api<DynamicObject> =
            Api::namespaced_with(client.clone(), &ns, &resource("", "v1", kind, plural));
        api.create(
            &PostParams::default(),
            &serde_json::from_value(object).unwrap(),
        )
        .await
        .unwrap();
    }
    let names = Names(vec![(ns.clone(), "{ns}")]);
    let proxied = Proxied::new(&[HOST]);
    proxied.inject(case, &names);
    let args = crate::support::federate_contents(&ns);
    let output = proxied.run(&args).await;
    let points = proxied.points(&names);
    let result = async {
        let ok = check_exit(&output)?;
        let present = federated(&ns).await?;
        let stdout = text(&output.stdout);
        if ok && present.len() != FEDERATED.len() {
            return Err(format!("federate succeeded but wrote only {present:?}"));
        }
        // Objects are applied independently: each is there whole or not at all, the
        // count printed never claims more than is there, and with no count printed
        // nothing was written.
        match applied(&stdout) {
            Some(n) if n > present.len() => {
                return Err(format!("reported {n} applied, but only {present:?} exist"));
            }
            None if !present.is_empty() => {
                return Err(format!(
                    "failed before applying ({}) but wrote {present:?}",
                    text(&output.stderr).trim()
                ));
            }
            _ => {}
        }
        if !ok && applied(&stdout) == Some(FEDERATED.len()) {
            return Err(format!(
                "reported every object applied, yet failed: {}",
                text(&output.stderr)
            ));
        }
        proxied.clear();
        let rerun = run(&proxied.kubeconfig, &args).await;
        converged(&rerun)?;
        if applied(&text(&rerun.stdout)) != Some(FEDERATED.len()) {
            return Err(format!("the re-run printed {}", text(&rerun.stdout)));
        }
        let present = federated(&ns).await?;
        if present.len() != FEDERATED.len() {
            return Err(format!("the re-run left {present:?}"));
        }
        Ok(Outcome {
            fired: proxied.fired(),
            failed: !ok,
        })
    }
    .await;
    delete_namespace(HOST, &ns).await;
    result.map(|outcome| (outcome, points))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs the test control plane: scripts/test"]
async fn federate_writes_whole_objects_and_reports_them_at_every_request() {
    let _turn = crate::support::take_turn();
    crate::support::assert_ok(
        &crate::support::kubefedctl()
            .args([
                "enable",
                "namespaces",
                "configmaps",
                "secrets",
                "--host-cluster-context",
                HOST,
            ])
            .output()
            .unwrap(),
    );
    at_every_point("federate", cases, |case| async move {
        federate_case(case.as_ref()).await
    })
    .await;
}

// ---------------------------------------------------------------------------------------
// sync, interrupted

/// The second member of the sync cases; cluster2 (`MEMBER`) is the first.
const SECOND_MEMBER: &str = "cluster3";

/// One sync of two new members, each on a member of its own; with a case, signalled,
/// then checked and re-run. Each member's join is complete or undone on its own.
async fn sync_case(case: Option<&Case>) -> Result<(Outcome, Vec<Point>), String> {
    let ns = private_kubefed_namespace().await;
    let (first, second) = (unique_name("fsa"), unique_name("fsb"));
    let names = Names(vec![
        (first.clone(), "{first}"),
        (second.clone(), "{second}"),
        (ns.clone(), "{ns}"),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let group = dir.path().join("group.yaml");
    let members = json!([
        {"name": first, "context": MEMBER},
        {"name": second, "context": SECOND_MEMBER},
    ]);
    let file = json!({"hostContext": HOST, "kubefedNamespace": ns, "members": members});
    std::fs::write(&group, file.to_string()).unwrap();
    let proxied = Proxied::new(&[HOST, MEMBER, SECOND_MEMBER]);
    proxied.inject(case, &names);
    let args = ["sync", "-f", group.to_str().unwrap()];
    let output = proxied.run(&args).await;
    let points = proxied.points(&names);
    let joined = || async {
        [
            Joined::read_on(MEMBER, &ns, &first).await,
            Joined::read_on(SECOND_MEMBER, &ns, &second).await,
        ]
    };
    let result = async {
        let ok = check_exit(&output)?;
        for state in joined().await {
            if ok && !state.complete() {
                return Err(format!("sync succeeded but left {state:?}"));
            }
            if !state.complete() && !state.absent() {
                return Err(format!(
                    "sync stopped ({}) and left {state:?}",
                    text(&output.stderr).trim()
                ));
            }
        }
        proxied.clear();
        converged(&proxied.run(&args).await)?;
        for state in joined().await {
            if !state.complete() {
                return Err(format!("the re-run left {state:?}"));
            }
        }
        Ok(Outcome {
            fired: proxied.fired(),
            failed: !ok,
        })
    }
    .await;
    for (cluster, context) in [(&first, MEMBER), (&second, SECOND_MEMBER)] {
        let mut unjoin = unjoin_args(cluster, &ns);
        unjoin[3] = context;
        let _ = run(control_plane().kubeconfig(), &unjoin).await;
    }
    delete_namespace(HOST, &ns).await;
    result.map(|outcome| (outcome, points))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs the test control plane: scripts/test"]
async fn sync_joins_each_member_whole_or_not_when_signalled_at_every_write() {
    let _turn = crate::support::take_turn();
    at_every_point("sync", signal_cases, |case| async move {
        sync_case(case.as_ref()).await
    })
    .await;
}

// ---------------------------------------------------------------------------------------
// init and teardown, interrupted

/// Whether the KubeFed control plane that init installs is on `context`: its
/// KubeFedConfig CRD (which teardown deletes last) and its KubeFedConfig.
async fn kubefed_installed(context: &str) -> bool {
    let config = resource(
        "core.kubefed.io",
        "v1beta1",
        "KubeFedConfig",
        "kubefedconfigs",
    );
    let served = get(context, &crd(), None, "kubefedconfigs.core.kubefed.io")
        .await
        .is_some_and(|crd| crd.metadata.deletion_timestamp.is_none());
    served
        && get(context, &config, Some(KUBEFED_NAMESPACE), "kubefed")
            .await
            .is_some()
}

/// Waits until a teardown's KubeFed namespace is gone, which the namespace controller
/// finishes after teardown returns: init refuses a namespace being deleted.
async fn kubefed_namespace_gone(context: &str) {
    let namespaces = resource("", "v1", "Namespace", "namespaces");
    eventually(
        "the KubeFed namespace gone",
        Duration::from_secs(60),
        || {
            let namespaces = namespaces.clone();
            async move {
                get(context, &namespaces, None, KUBEFED_NAMESPACE)
                    .await
                    .is_none()
                    .then_some(())
            }
        },
    )
    .await;
}

/// Runs `command` with `case`'s signal, then checks the exit and that a plain re-run
/// converges to `installed` (whether KubeFed is there afterwards).
async fn interrupted_then_rerun(
    proxied: &Proxied,
    context: &str,
    command: &[&str],
    case: &Case,
    installed: bool,
) -> Result<(), String> {
    proxied.inject(Some(case), &Names(Vec::new()));
    let output = proxied.run(command).await;
    let fired = proxied.fired();
    proxied.clear();
    check_exit(&output)?;
    if !fired {
        return Err("the signal's request was not reached".into());
    }
    converged(&proxied.run(command).await)?;
    if kubefed_installed(context).await != installed {
        return Err(format!("the re-run left KubeFed installed: {}", !installed));
    }
    Ok(())
}

/// The requests of an unfaulted run of `command`, which must succeed.
async fn points_of(proxied: &Proxied, command: &[&str]) -> Vec<Point> {
    proxied.clear_seen();
    crate::support::assert_ok(&proxied.run(command).await);
    let points = proxied.points(&Names(Vec::new()));
    proxied.clear_seen();
    points
}

/// init, then teardown, each signalled at every write in turn: each exits with the
/// signal's status and a re-run converges. Each command has an added cluster of its own,
/// so the two series run side by side; within a series the runs go one after another.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the test control plane: scripts/test"]
async fn init_and_teardown_converge_after_a_signal_at_every_write() {
    let _turn = crate::support::take_turn();
    let ((init_writes, init_problems), (teardown_writes, teardown_problems)) = tokio::join!(
        signalled_at_every_write(Installer::Init),
        signalled_at_every_write(Installer::Teardown)
    );
    eprintln!("init: {init_writes} writes signalled; teardown: {teardown_writes} writes signalled");
    assert!(init_writes > 0 && teardown_writes > 0);
    let problems = [init_problems, teardown_problems].concat();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Installer {
    Init,
    Teardown,
}

/// Runs `interrupted` (init or teardown) on an added cluster, signalled at each of its
/// writes in turn, from the state it starts from (nothing installed for init, an init's
/// install for teardown). Returns the number of writes signalled and the problems found.
async fn signalled_at_every_write(interrupted: Installer) -> (usize, Vec<String>) {
    let cluster = control_plane().add_cluster();
    let proxied = Proxied::new(&[&cluster]);
    let init = ["init", "--host-cluster-context", &cluster];
    let teardown = ["teardown", "--yes", "--host-cluster-context", &cluster];
    let init_points = points_of(&proxied, &init).await;
    let teardown_points = points_of(&proxied, &teardown).await;
    let (command, cases, name): (&[&str], _, _) = match interrupted {
        Installer::Init => (&init, signal_cases(&init_points), "init"),
        Installer::Teardown => (&teardown, signal_cases(&teardown_points), "teardown"),
    };
    let mut problems = Vec::new();
    for case in &cases {
        kubefed_namespace_gone(&cluster).await;
        if interrupted == Installer::Teardown {
            crate::support::assert_ok(&proxied.run(&init).await);
        }
        let installed = interrupted == Installer::Init;
        let checked = interrupted_then_rerun(&proxied, &cluster, command, case, installed).await;
        if let Err(problem) = checked {
            problems.push(format!("{name}, {case:?}: {problem}"));
        }
        if interrupted == Installer::Init {
            crate::support::assert_ok(&proxied.run(&teardown).await);
        }
    }
    (cases.len(), problems)
}

// ---------------------------------------------------------------------------------------
// rotate-credentials, interrupted

/// A joined cluster's credentials: the token Secrets of the join's service account on
/// the member, the Secrets on the host named after the cluster (the host Secrets join
/// and rotate-credentials create, `<cluster>-` and a generated suffix) and the one its
/// KubeFedCluster names.
#[derive(Debug, PartialEq, Eq)]
struct Credentials {
    token_secrets: BTreeSet<String>,
    host_secrets: BTreeSet<String>,
    secret_ref: String,
}

impl Credentials {
    async fn read(host: &str, ns: &str, cluster: &str) -> Credentials {
        let secrets = |context: &str| {
            let context = context.to_owned();
            async move {
                let client = control_plane().client(&context).await;
                let secrets = resource("", "v1", "Secret", "secrets");
                Api::<DynamicObject>::namespaced_with(client, ns, &secrets)
                    .list(&ListParams::default())
                    .await
                    .unwrap()
                    .items
            }
        };
        let sa = format!("{cluster}-{host}");
        let token_secrets = crate::support::tokens::token_secrets_of(MEMBER, ns, &sa)
            .await
            .into_iter()
            .filter_map(|s| s.metadata.name)
            .collect();
        let host_secrets = secrets(host)
            .await
            .into_iter()
            .filter_map(|s| s.metadata.name)
            .filter(|name| name.starts_with(&format!("{cluster}-")))
            .collect();
        let kfc = get(host, &kubefed_cluster(), Some(ns), cluster)
            .await
            .expect("the KubeFedCluster");
        Credentials {
            token_secrets,
            host_secrets,
            secret_ref: kfc.data["spec"]["secretRef"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        }
    }

    /// Rotated from `before` with nothing of `before` left: one token Secret and one host
    /// Secret, both new, and the KubeFedCluster on the new host Secret.
    fn rotated_from(&self, before: &Credentials) -> bool {
        self.secret_ref != before.secret_ref
            && self.host_secrets == BTreeSet::from([self.secret_ref.clone()])
            && self.token_secrets.len() == 1
            && self.token_secrets.is_disjoint(&before.token_secrets)
    }

    /// The names that differ from rotation to rotation, as placeholders in a point's path.
    fn names(&self, cluster: &str, ns: &str) -> Names {
        let mut names: Vec<(String, &'static str)> = self
            .token_secrets
            .iter()
            .map(|name| (name.clone(), "{token_secret}"))
            .collect();
        names.push((self.secret_ref.clone(), "{host_secret}"));
        names.push((cluster.to_owned(), "{cluster}"));
        names.push((ns.to_owned(), "{ns}"));
        Names(names)
    }
}

/// rotate-credentials signalled at each of its writes in turn, on a host of its own with
/// the KubeFed controller running (a rotation waits for it to probe the member Ready with
/// the new token): each run ends rotated with nothing of the old credentials left (when
/// it reports success, or that the signal came after its last write) or as it was before
/// (when it reports the error), and a re-run rotates with nothing left behind.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the test control plane: scripts/test"]
async fn rotate_credentials_is_complete_or_undone_when_signalled_at_every_write() {
    let _turn = crate::support::take_turn();
    let cp = control_plane();
    let host = cp.add_cluster();
    let ns = unique_name("frotns");
    cp.start_kubefed(&host, &ns, Some("Cluster"));
    let cluster = unique_name("frot");
    let join = [
        "join",
        &cluster,
        "--cluster-context",
        MEMBER,
        "--host-cluster-context",
        &host,
        "--kubefed-namespace",
        &ns,
    ];
    crate::support::assert_ok(&run(cp.kubeconfig(), &join).await);
    let mut rotate = join.to_vec();
    rotate[0] = "rotate-credentials";
    rotate.extend(["--ready-timeout", "120s"]);
    let proxied = Proxied::new(&[&host, MEMBER]);

    let mut before = Credentials::read(&host, &ns, &cluster).await;
    crate::support::assert_ok(&proxied.run(&rotate).await);
    let points = proxied.points(&before.names(&cluster, &ns));
    let after = Credentials::read(&host, &ns, &cluster).await;
    assert!(after.rotated_from(&before), "{before:?} -> {after:?}");
    before = after;

    let cases = signal_cases(&points);
    let mut problems = Vec::new();
    for case in &cases {
        proxied.inject(Some(case), &before.names(&cluster, &ns));
        let output = proxied.run(&rotate).await;
        let fired = proxied.fired();
        proxied.clear();
        let checked = async {
            if !fired {
                return Err("the signal's request was not reached".to_owned());
            }
            let ok = check_exit(&output)?;
            let after = Credentials::read(&host, &ns, &cluster).await;
            let stderr = text(&output.stderr);
            if ok && !after.rotated_from(&before) {
                return Err(format!(
                    "rotated ({stderr}) but left {before:?} -> {after:?}"
                ));
            }
            if !ok && after != before {
                return Err(format!(
                    "stopped ({stderr}) and left {before:?} -> {after:?}"
                ));
            }
            converged(&proxied.run(&rotate).await)?;
            let rerun = Credentials::read(&host, &ns, &cluster).await;
            if !rerun.rotated_from(&after) {
                return Err(format!("the re-run left {after:?} -> {rerun:?}"));
            }
            Ok(rerun)
        }
        .await;
        match checked {
            Ok(rerun) => before = rerun,
            Err(problem) => {
                problems.push(format!("{case:?}: {problem}"));
                before = Credentials::read(&host, &ns, &cluster).await;
            }
        }
    }
    eprintln!(
        "rotate-credentials: {} injection points ({} writes signalled)",
        points.len(),
        cases.len()
    );
    let mut unjoin = join.to_vec();
    unjoin[0] = "unjoin";
    let _ = run(cp.kubeconfig(), &unjoin).await;
    assert!(!cases.is_empty());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The proxy itself: requests pass, a rule fails exactly the request it names, and the
/// server's audit id is recorded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the test control plane: scripts/test"]
async fn the_proxy_fails_only_the_chosen_request() {
    let _turn = crate::support::take_turn();
    let proxied = Proxied::new(&[HOST]);
    let args = ["version", "--host-cluster-context", HOST, "-o", "json"];
    let output = proxied.run(&args).await;
    crate::support::assert_ok(&output);
    let seen = proxied.proxies[0].seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(seen.iter().all(|s| s.audit_id.is_some()), "{seen:?}");
    proxied.proxies[0].add_rule(Rule::request("GET", "/version", 1, Fault::Status(500)));
    let output = proxied.run(&args).await;
    assert!(
        text(&output.stdout).contains("clientVersion"),
        "{}",
        text(&output.stderr)
    );
    assert!(
        text(&output.stderr).contains("injected fault"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(proxied.proxies[0].faulted().len(), 1);

    // The first request of a run, whatever it is, gets its connection reset: the host
    // part of version is best effort, so it warns and still succeeds.
    proxied.proxies[0].clear_rules();
    proxied.proxies[0].add_rule(Rule::nth(1, Fault::Reset));
    let output = proxied.run(&args).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(proxied.proxies[0].faulted().len(), 2);
}

/// Every request of a join 150 ms late, on the host and on the member: slower, but the
/// same complete join, and an unjoin through the same latency removes it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the test control plane: scripts/test"]
async fn join_and_unjoin_work_through_a_slow_network() {
    let _turn = crate::support::take_turn();
    let ns = private_kubefed_namespace().await;
    let cluster = unique_name("slow");
    let proxied = Proxied::new(&[HOST, MEMBER]);
    for proxy in &proxied.proxies {
        proxy.add_rule(Rule::every(Fault::Delay(Duration::from_millis(150))));
    }
    crate::support::assert_ok(&run(&proxied.kubeconfig, &join_args(&cluster, &ns)).await);
    assert!(Joined::read(&ns, &cluster).await.complete());
    crate::support::assert_ok(&run(&proxied.kubeconfig, &unjoin_args(&cluster, &ns)).await);
    assert!(Joined::read(&ns, &cluster).await.absent());
    let delayed = proxied
        .proxies
        .iter()
        .map(|p| p.faulted().len())
        .sum::<usize>();
    assert!(delayed >= 10, "only {delayed} requests were delayed");
    delete_namespace(HOST, &ns).await;
}

// ---------------------------------------------------------------------------------------
// A stopped API server

/// With the member's API server stopped, join fails at once with an error naming the
/// member and writes nothing; unjoin refuses (the host keeps the cluster), and with
/// --force removes the host side and says what it left. After a restart at the same
/// address, re-runs converge.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the test control plane: scripts/test"]
async fn a_stopped_member_api_server_fails_cleanly_and_reruns_converge_after_restart() {
    let _turn = crate::support::take_turn();
    let cp = control_plane();
    let member = cp.add_cluster();
    let ns = private_kubefed_namespace().await;
    let (fresh, joined) = (unique_name("down"), unique_name("up"));
    let args = |verb, cluster| -> Vec<String> {
        [
            verb,
            cluster,
            "--cluster-context",
            member.as_str(),
            "--host-cluster-context",
            HOST,
            "--kubefed-namespace",
            ns.as_str(),
        ]
        .map(str::to_owned)
        .to_vec()
    };
    let ours = |args: Vec<String>| async move {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(cp.kubeconfig(), &args).await
    };
    crate::support::assert_ok(&ours(args("join", &joined)).await);
    cp.stop_apiserver(&member);

    let started = std::time::Instant::now();
    let output = ours(args("join", &fresh)).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: cannot reach member cluster \"{fresh}\"")),
        "{stderr}"
    );
    assert!(started.elapsed() < Duration::from_secs(30), "{stderr}");
    assert!(
        Joined::read_on(HOST, &ns, &fresh)
            .await
            .kfc_secret
            .is_none()
    );

    let output = ours(args("unjoin", &joined)).await;
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(
        get(
            HOST,
            &crate::support::state::kubefed_cluster(),
            Some(&ns),
            &joined
        )
        .await
        .is_some(),
        "a failed unjoin keeps the host side"
    );
    let mut forced = args("unjoin", &joined);
    forced.push("--force".into());
    let output = ours(forced).await;
    crate::support::assert_ok(&output);
    assert!(
        text(&output.stderr).contains("member objects not removed"),
        "{}",
        text(&output.stderr)
    );

    cp.start_apiserver(&member);
    crate::support::assert_ok(&ours(args("join", &fresh)).await);
    let state = Joined::read_on(&member, &ns, &fresh).await;
    assert!(state.complete(), "{state:?}");
    // The member objects --force left behind go with a plain unjoin.
    crate::support::assert_ok(&ours(args("unjoin", &joined)).await);
    let state = Joined::read_on(&member, &ns, &joined).await;
    assert!(state.member.is_empty(), "{state:?}");
    crate::support::assert_ok(&ours(args("unjoin", &fresh)).await);
    assert!(Joined::read_on(&member, &ns, &fresh).await.absent());
    delete_namespace(HOST, &ns).await;
}

/// With the host's API server stopped, every command that needs the host fails at once
/// with one error naming the host context and the refused connection, and writes nothing
/// (a join stops before it touches the member). After a restart at the same address, the
/// same commands succeed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the test control plane: scripts/test"]
async fn a_stopped_host_api_server_fails_every_command_cleanly_and_reruns_converge() {
    let _turn = crate::support::take_turn();
    let cp = control_plane();
    let host = cp.add_cluster();
    let on_host = |args: &[&str]| {
        let mut args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        args.extend(["--host-cluster-context".to_owned(), host.clone()]);
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            run(cp.kubeconfig(), &args).await
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("configmap.yaml");
    std::fs::write(
        &manifest,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: host-down\n  namespace: default\n",
    )
    .unwrap();
    let manifest = manifest.to_str().unwrap();
    let member = unique_name("host-down");
    crate::support::assert_ok(&on_host(&["init"]).await);
    crate::support::assert_ok(&on_host(&["enable", "configmaps"]).await);
    cp.stop_apiserver(&host);

    let mut commands: Vec<Vec<&str>> = [
        "init",
        "enable secrets",
        "disable configmaps",
        "federate configmaps host-down -n default",
        "orphaning-deletion status configmaps host-down -n default",
        "schedule deployments.apps web -n default --total-replicas 3",
        "status",
        "teardown --yes",
    ]
    .iter()
    .map(|command| command.split(' ').collect())
    .collect();
    commands.extend([
        vec!["federate", "-f", manifest],
        vec!["join", &member, "--cluster-context", MEMBER],
        vec!["unjoin", &member, "--cluster-context", MEMBER],
        vec!["rotate-credentials", &member],
    ]);
    let mut problems = Vec::new();
    for args in &commands {
        let started = std::time::Instant::now();
        let output = on_host(args).await;
        let stderr = text(&output.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        let clean = output.status.code() == Some(2)
            && first.starts_with("error: ")
            && first.contains(&format!("\"{host}\""))
            && stderr.contains("caused by: cannot connect to the API server: Connection refused")
            && stderr.contains("hint: check that the API server is running")
            && !stderr.contains("panicked")
            && started.elapsed() < Duration::from_secs(30);
        if !clean {
            problems.push(format!(
                "{}: exit {:?} after {:?}\n{stderr}",
                args.join(" "),
                output.status.code(),
                started.elapsed()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        Joined::read_on(MEMBER, KUBEFED_NAMESPACE, &member)
            .await
            .absent()
    );

    cp.start_apiserver(&host);
    crate::support::assert_ok(&on_host(&["enable", "secrets"]).await);
    crate::support::assert_ok(&on_host(&["federate", "-f", manifest]).await);
    let federated_configmap = resource(
        "types.kubefed.io",
        "v1beta1",
        "FederatedConfigMap",
        "federatedconfigmaps",
    );
    assert!(
        get(&host, &federated_configmap, Some("default"), "host-down")
            .await
            .is_some()
    );
    assert!(
        get(&host, &ftc(), Some(KUBEFED_NAMESPACE), "secrets")
            .await
            .is_some()
    );
}
