//! `rotate-credentials` against real clusters and the real KubeFed controller: the old
//! token stops authenticating, the new one works, the member stays Ready throughout, a
//! failed or interrupted rotation is undone, and unjoin still removes everything.
//!
//! The control plane is a host made for this test binary with KubeFed in a namespace of
//! its own, so the member (the shared cluster2) gets that namespace and nothing else.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::Secret;
use kube::api::{Api, DynamicObject, ListParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::core::{ApiResource, GroupVersionKind};
use tokio::sync::{Mutex, OnceCell};

use crate::support::proxy::{Fault, Proxy, Rule};
use crate::support::{assert_ok, control_plane, eventually, ours, unique_name};

const MEMBER: &str = "cluster2";

fn kubefed_cluster() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("core.kubefed.io", "v1beta1", "KubeFedCluster"),
        "kubefedclusters",
    )
}

/// `VERB CLUSTER` on the shared member with this binary's host and namespace, then `extra`.
fn on_member<'a>(
    verb: &'a str,
    cluster: &'a str,
    host: &'a str,
    ns: &'a str,
    extra: &[&'a str],
) -> Vec<&'a str> {
    let mut args = vec![
        verb,
        cluster,
        "--cluster-context",
        MEMBER,
        "--host-cluster-context",
        host,
        "--kubefed-namespace",
        ns,
    ];
    args.extend(extra);
    args
}

/// The host context and KubeFed namespace shared by this binary's tests.
async fn federation() -> &'static (String, String) {
    static FEDERATION: OnceCell<(String, String)> = OnceCell::const_new();
    FEDERATION
        .get_or_init(|| async {
            let cp = control_plane();
            let host = cp.add_cluster();
            let ns = unique_name("fed");
            cp.start_kubefed(&host, &ns, Some("Cluster"));
            (host, ns)
        })
        .await
}

/// Joins and unjoins of this binary's tests take turns. They share the member's KubeFed
/// namespace, and an unjoin that finds no other join's service account there deletes the
/// namespace (it goes with its last join), failing a join that is under way at the time.
static MEMBERSHIP: Mutex<()> = Mutex::const_new(());

/// Joins a uniquely named cluster (context cluster2) and waits until it is Ready.
async fn joined(host: &str, ns: &str) -> String {
    let cluster = unique_name("rot");
    {
        let _turn = MEMBERSHIP.lock().await;
        assert_ok(&ours(&on_member("join", &cluster, host, ns, &[])));
    }
    eventually("KubeFedCluster Ready", Duration::from_secs(90), || async {
        is_ready(host, ns, &cluster).await.then_some(())
    })
    .await;
    cluster
}

async fn kfc(host: &str, ns: &str, cluster: &str) -> DynamicObject {
    let client = control_plane().client(host).await;
    Api::<DynamicObject>::namespaced_with(client, ns, &kubefed_cluster())
        .get(cluster)
        .await
        .unwrap()
}

async fn is_ready(host: &str, ns: &str, cluster: &str) -> bool {
    kfc(host, ns, cluster).await.data["status"]["conditions"]
        .as_array()
        .is_some_and(|cs| {
            cs.iter()
                .any(|c| c["type"] == "Ready" && c["status"] == "True")
        })
}

async fn unjoin(host: &str, ns: &str, cluster: &str) {
    let _turn = MEMBERSHIP.lock().await;
    assert_ok(&ours(&on_member("unjoin", cluster, host, ns, &[])));
}

/// The token Secrets of the join's service account on the member: name and token.
async fn token_secrets(ns: &str, cluster: &str, host: &str) -> Vec<(String, Vec<u8>)> {
    let sa = format!("{cluster}-{host}");
    crate::support::tokens::token_secrets_of(MEMBER, ns, &sa)
        .await
        .into_iter()
        .map(|s| {
            let token = s
                .data
                .as_ref()
                .and_then(|d| d.get("token"))
                .map(|t| t.0.clone())
                .unwrap_or_default();
            (s.metadata.name.unwrap(), token)
        })
        .collect()
}

/// The HTTP status of listing namespaces on the member with `token` as bearer token.
async fn answer_to(token: &[u8]) -> u16 {
    let cp = control_plane();
    let member = cp.cluster(MEMBER);
    let kubeconfig = Kubeconfig::from_yaml(&format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: m\n  cluster:\n    server: {}\n    certificate-authority: {}\ncontexts:\n- name: m\n  context:\n    cluster: m\n    user: t\ncurrent-context: m\nusers:\n- name: t\n  user:\n    token: {}\n",
        member.server,
        member.ca_file.display(),
        String::from_utf8(token.to_vec()).unwrap()
    ))
    .unwrap();
    let config = kube::Config::from_custom_kubeconfig(kubeconfig, &KubeConfigOptions::default())
        .await
        .unwrap();
    let client = kube::Client::try_from(config).unwrap();
    match client.list_core_api_versions().await {
        Ok(_) => 200,
        Err(kube::Error::Api(status)) => status.code,
        Err(e) => panic!("unexpected error: {e}"),
    }
}

// Multi-threaded: the watcher samples while the command runs on the test's thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the test control plane: scripts/test"]
async fn rotation_revokes_the_old_token_and_the_member_stays_ready() {
    let _turn = crate::support::take_turn();
    let (host, ns) = federation().await;
    let cluster = joined(host, ns).await;
    let before = token_secrets(ns, &cluster, host).await;
    assert_eq!(
        before.len(),
        1,
        "{:?}",
        before.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    let (old_name, old_token) = before[0].clone();
    assert_eq!(answer_to(&old_token).await, 200);
    let old_host_secret = kfc(host, ns, &cluster).await.data["spec"]["secretRef"]["name"]
        .as_str()
        .unwrap()
        .to_owned();

    // Watch the KubeFedCluster all through the rotation.
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (host, ns, cluster, done) = (host.clone(), ns.clone(), cluster.clone(), done.clone());
        tokio::spawn(async move {
            let mut samples = 0;
            while !done.load(Ordering::Relaxed) {
                assert!(
                    is_ready(&host, &ns, &cluster).await,
                    "the member left Ready during the rotation"
                );
                samples += 1;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            samples
        })
    };
    let output = ours(&on_member("rotate-credentials", &cluster, host, ns, &[]));
    let stdout = assert_ok(&output);
    assert!(
        stdout.starts_with(&format!("cluster \"{cluster}\": credentials rotated")),
        "{stdout}"
    );
    let old_text = String::from_utf8(old_token.clone()).unwrap();
    assert!(!stdout.contains(&old_text));
    assert!(!String::from_utf8_lossy(&output.stderr).contains(&old_text));

    let after = token_secrets(ns, &cluster, host).await;
    assert_eq!(after.len(), 1);
    let (new_name, new_token) = after[0].clone();
    assert_ne!(new_name, old_name);
    assert!(new_name.starts_with(&format!("{cluster}-{host}-")));
    assert!(!stdout.contains(&String::from_utf8(new_token.clone()).unwrap()));
    // The API server may answer from its authentication cache for a few seconds.
    eventually(
        "the old token rejected",
        Duration::from_secs(30),
        || async { (answer_to(&old_token).await == 401).then_some(()) },
    )
    .await;
    assert_eq!(answer_to(&new_token).await, 200);

    // The host points at a new Secret holding the new token; the old one is gone.
    let spec = kfc(host, ns, &cluster).await.data["spec"].clone();
    let new_host_secret = spec["secretRef"]["name"].as_str().unwrap().to_owned();
    assert_ne!(new_host_secret, old_host_secret);
    let host_secrets = Api::<Secret>::namespaced(control_plane().client(host).await, ns);
    assert!(
        host_secrets
            .get_opt(&old_host_secret)
            .await
            .unwrap()
            .is_none()
    );
    let stored = host_secrets.get(&new_host_secret).await.unwrap();
    assert_eq!(stored.data.unwrap()["token"].0, new_token);

    // Still Ready over several probes with the new token alone: the controller probes
    // every second and stamps each probe's time on the member's conditions.
    let mut probe_times = BTreeSet::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while probe_times.len() < 4 {
        assert!(
            Instant::now() < deadline,
            "the controller stopped probing {cluster}"
        );
        probe_times.insert(
            kfc(host, ns, &cluster).await.data["status"]["conditions"][0]["lastProbeTime"]
                .to_string(),
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    done.store(true, Ordering::Relaxed);
    let samples = watcher.await.unwrap();
    assert!(samples > 10, "only {samples} samples");
    assert!(is_ready(host, ns, &cluster).await);

    // Unjoin removes the rotated token Secret too (the token controller deletes it with
    // its service account).
    unjoin(host, ns, &cluster).await;
    eventually("no token Secrets left", Duration::from_secs(30), || async {
        token_secrets(ns, &cluster, host)
            .await
            .is_empty()
            .then_some(())
    })
    .await;
    assert!(
        host_secrets
            .get_opt(&new_host_secret)
            .await
            .unwrap()
            .is_none()
    );
}

/// A cluster joined for one test, and what an undone rotation must leave as it was.
struct BeforeRotation {
    host: &'static str,
    ns: &'static str,
    cluster: String,
    /// The KubeFedCluster's `spec.secretRef.name`.
    secret_ref: serde_json::Value,
    token_secrets: Vec<(String, Vec<u8>)>,
}

impl BeforeRotation {
    async fn join() -> BeforeRotation {
        let (host, ns) = federation().await;
        let cluster = joined(host, ns).await;
        BeforeRotation {
            secret_ref: secret_ref(host, ns, &cluster).await,
            token_secrets: token_secrets(ns, &cluster, host).await,
            host,
            ns,
            cluster,
        }
    }

    /// `VERB` on this cluster, then `extra`.
    fn args<'a>(&'a self, verb: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
        on_member(verb, &self.cluster, self.host, self.ns, extra)
    }

    /// The KubeFedCluster is on its old Secret, the member's token Secrets are as they
    /// were, and the old token still works.
    async fn assert_nothing_rotated(&self) {
        let (host, ns, cluster) = (self.host, self.ns, self.cluster.as_str());
        assert_eq!(secret_ref(host, ns, cluster).await, self.secret_ref);
        assert_eq!(token_secrets(ns, cluster, host).await, self.token_secrets);
        assert_eq!(answer_to(&self.token_secrets[0].1).await, 200);
    }
}

async fn secret_ref(host: &str, ns: &str, cluster: &str) -> serde_json::Value {
    kfc(host, ns, cluster).await.data["spec"]["secretRef"]["name"].clone()
}

/// SIGTERM while rotate-credentials waits for the controller to confirm the new token:
/// the KubeFedCluster goes back to its old Secret and the new Secrets are deleted.
///
/// The signal comes from a proxy in front of the host at the wait's first request (the
/// list of the KubeFedCluster that its watch starts from), not after a poll has seen the
/// switch: the controller confirms the new token within seconds, and a busy machine may
/// take longer than that to poll and signal.
#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn a_rotation_interrupted_while_it_waits_is_undone() {
    let _turn = crate::support::take_turn();
    let before = BeforeRotation::join().await;
    // The host was added after start-up: it is in the current state only.
    let state = control_plane().current_state();
    let host = state
        .clusters
        .iter()
        .find(|c| c.name == before.host)
        .unwrap();
    let proxy = Proxy::start(host);
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = crate::support::proxy::kubeconfig(dir.path(), &[(before.host, &proxy)]);
    let wait_starts = format!(
        "/apis/core.kubefed.io/v1beta1/namespaces/{}/kubefedclusters",
        before.ns
    );
    proxy.add_rule(Rule::request(
        "GET",
        &wait_starts,
        1,
        Fault::Signal(libc::SIGTERM),
    ));
    let mut rotate = crate::support::std_command(&crate::support::kubefedctl_with(&kubeconfig));
    rotate
        .args(before.args("rotate-credentials", &["--ready-timeout", "120s"]))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = rotate.spawn().unwrap();
    proxy.signal_to(child.id());
    let output = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(proxy.faulted().len(), 1, "{:?}", proxy.seen());
    assert_eq!(output.status.code(), Some(143), "{stderr}");
    assert!(
        stderr.contains("error: rotation was interrupted and undone (deleted Secret"),
        "{stderr}"
    );
    assert!(stderr.contains("interrupted by SIGTERM"), "{stderr}");
    before.assert_nothing_rotated().await;
    unjoin(before.host, before.ns, &before.cluster).await;
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn a_rotation_that_cannot_be_confirmed_is_undone() {
    let _turn = crate::support::take_turn();
    let before = BeforeRotation::join().await;
    // Two health checks take at least two seconds: a one-second wait cannot see them.
    let output = ours(&before.args("rotate-credentials", &["--ready-timeout", "1s"]));
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("error: rotation failed and was undone (deleted Secret"),
        "{stderr}"
    );
    assert!(stderr.contains("did not probe cluster"), "{stderr}");
    before.assert_nothing_rotated().await;
    assert!(is_ready(before.host, before.ns, &before.cluster).await);
    unjoin(before.host, before.ns, &before.cluster).await;
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn dry_runs_change_nothing() {
    let _turn = crate::support::take_turn();
    let (host, ns) = federation().await;
    let cluster = joined(host, ns).await;
    let before = token_secrets(ns, &cluster, host).await;
    let host_secrets = Api::<Secret>::namespaced(control_plane().client(host).await, ns);
    // Other tests rotate in this namespace at the same time: look at this cluster's only.
    let names = |list: kube::core::ObjectList<Secret>| {
        let mut names: Vec<String> = list
            .items
            .into_iter()
            .filter_map(|s| s.metadata.name)
            .filter(|n| n.starts_with(&format!("{cluster}-")))
            .collect();
        names.sort();
        names
    };
    let host_before = names(host_secrets.list(&ListParams::default()).await.unwrap());
    let spec_before = kfc(host, ns, &cluster).await.data["spec"].clone();
    for mode in ["--dry-run", "--dry-run=server"] {
        let output = ours(&on_member(
            "rotate-credentials",
            &cluster,
            host,
            ns,
            &[mode],
        ));
        let stdout = assert_ok(&output);
        assert!(
            stdout.starts_with(&format!(
                "cluster \"{cluster}\": credentials would be rotated (dry run)"
            )),
            "{mode}: {stdout}"
        );
        assert_eq!(token_secrets(ns, &cluster, host).await, before, "{mode}");
        assert_eq!(
            names(host_secrets.list(&ListParams::default()).await.unwrap()),
            host_before,
            "{mode}"
        );
        assert_eq!(
            kfc(host, ns, &cluster).await.data["spec"],
            spec_before,
            "{mode}"
        );
    }
    unjoin(host, ns, &cluster).await;
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn a_cluster_that_is_not_joined_is_an_error() {
    let _turn = crate::support::take_turn();
    let (host, ns) = federation().await;
    let output = ours(&on_member(
        "rotate-credentials",
        "never-joined",
        host,
        ns,
        &[],
    ));
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("error: cluster \"never-joined\" is not joined"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: join it first"), "{stderr}");
}
