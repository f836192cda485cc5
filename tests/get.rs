//! `get` against real clusters and the real KubeFed controller of the test control plane
//! (`cluster1`, Cluster scope): objects that propagated (exit 0), one placed on one
//! cluster only, one whose namespace is not federated (`NamespaceNotFederated`, exit 1),
//! a member copy deleted by hand (Missing, exit 1, until the controller re-creates it),
//! a member that cannot be reached, the `-o json` shape, the request count, and bad
//! input (exit 2). `status` counts the blocked object until it propagates. `diff` shows a
//! member copy edited or deleted by hand until the controller puts it back; the
//! `--wait`s of `override`, `federate` and `get` return once propagation is done, or fail
//! with the controller's reason.
//!
//! The members are clusters added for this test and joined under their own names (their
//! kubeconfig contexts), so no other test's objects or RBAC are touched.

use std::time::Duration;

use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Api, DeleteParams, DynamicObject, Patch, PatchParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{Value, json};

use crate::support::{HOST, assert_ok, control_plane, eventually, ours, unique_name};

/// `get ARGS -o json` on the shared host: exit code and document.
fn get_json(args: &[&str]) -> (Option<i32>, Value) {
    let output = ours(
        &[
            &["get"],
            args,
            &["--host-cluster-context", HOST, "-o", "json"],
        ]
        .concat(),
    );
    let doc = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "get -o json printed no JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code(), doc)
}

/// `get ARGS` on the shared host as a table: exit code and the words of each line.
fn get_table(args: &[&str]) -> (Option<i32>, Vec<Vec<String>>) {
    let output = ours(&[&["get"], args, &["--host-cluster-context", HOST]].concat());
    let text = String::from_utf8(output.stdout).unwrap();
    let lines = text
        .lines()
        .map(|l| l.split_whitespace().map(str::to_owned).collect())
        .collect();
    (output.status.code(), lines)
}

/// The report of object `name` on `cluster`.
fn row<'a>(doc: &'a Value, name: &str, cluster: &str) -> &'a Value {
    doc["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == name)
        .unwrap_or_else(|| panic!("no object {name} in {doc:#}"))["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["cluster"] == cluster)
        .unwrap_or_else(|| panic!("no cluster {cluster} for {name} in {doc:#}"))
}

/// `diff ARGS` on the shared host: exit code and the diff.
fn diff(args: &[&str]) -> (Option<i32>, String) {
    let output = ours(&[&["diff"], args, &["--host-cluster-context", HOST]].concat());
    assert!(
        output.stderr.is_empty() || output.status.code() == Some(2),
        "{output:?}"
    );
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

/// Waits until `get ARGS -o json` exits with `code`; returns its document.
async fn until_exit(what: &str, code: i32, args: &[&str]) -> Value {
    eventually(what, Duration::from_secs(90), || async {
        let (got, doc) = get_json(args);
        (got == Some(code)).then_some(doc)
    })
    .await
}

async fn create_namespace(ns: &str, config_maps: &[&str]) {
    let client = control_plane().client(HOST).await;
    crate::support::create_namespace(&client, ns).await;
    let api: Api<ConfigMap> = Api::namespaced(client, ns);
    for name in config_maps {
        let cm: ConfigMap =
            serde_json::from_value(json!({"metadata": {"name": name}, "data": {"mode": "fast"}}))
                .unwrap();
        api.create(&PostParams::default(), &cm).await.unwrap();
    }
}

/// Unjoins the members when dropped, also when the test fails: later test binaries
/// (sync) expect no members but their own on the shared host.
struct Joined(Vec<String>);

impl Drop for Joined {
    fn drop(&mut self) {
        for member in &self.0 {
            let _ = ours(&["unjoin", member, "--host-cluster-context", HOST, "--force"]);
        }
    }
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn where_each_object_went() {
    let _turn = crate::support::take_turn();
    let cp = control_plane();
    let (m1, m2) = (cp.add_cluster(), cp.add_cluster());
    let _joined = Joined(vec![m1.clone(), m2.clone()]);
    for member in [&m1, &m2] {
        assert_ok(&ours(&["join", member, "--host-cluster-context", HOST]));
    }
    assert_ok(&ours(&[
        "enable",
        "namespaces",
        "configmaps",
        "deployments.apps",
        "--host-cluster-context",
        HOST,
    ]));
    let ns = unique_name("get");
    create_namespace(&ns, &["both", "one", "ghosted"]).await;
    let deployment = json!({"apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web", "namespace": ns},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                 "template": {"metadata": {"labels": {"app": "web"}},
                              "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}});
    let deployments = ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("apps", "v1", "Deployment"),
        "deployments",
    );
    Api::<DynamicObject>::namespaced_with(cp.client(HOST).await, &ns, &deployments)
        .create(
            &PostParams::default(),
            &serde_json::from_value(deployment).unwrap(),
        )
        .await
        .unwrap();
    let both = format!("{m1},{m2}");
    let placed = ["--placement-clusters", &both];
    assert_ok(&ours(
        &[&crate::support::federate_contents(&ns)[..], &placed].concat(),
    ));
    assert_ok(&ours(&[
        "federate",
        "configmaps",
        "one",
        "-n",
        &ns,
        "--host-cluster-context",
        HOST,
        "--placement-clusters",
        &m1,
    ]));
    // A cluster that is not joined: a warning now, and a problem in get's report.
    let ghosted = ours(&[
        "federate",
        "configmaps",
        "ghosted",
        "-n",
        &ns,
        "--host-cluster-context",
        HOST,
        "--placement-clusters",
        &format!("{m1},not-joined"),
    ]);
    assert_ok(&ghosted);
    assert!(
        String::from_utf8_lossy(&ghosted.stderr)
            .contains("cluster \"not-joined\" of --placement-clusters is not joined"),
        "{ghosted:?}"
    );

    // Propagated where placed; not placed (and not asked) elsewhere.
    // `one` was first placed on both members: get --wait also waits until KubeFed has
    // removed it from m2 (Removing does not fail `get`, but it does not end a wait).
    assert_ok(&ours(&[
        "get",
        "configmaps",
        "-n",
        &ns,
        "--wait=90s",
        "--host-cluster-context",
        HOST,
    ]));
    let (code, doc) = get_json(&["configmaps", "-n", &ns]);
    assert_eq!(code, Some(0), "{doc:#}");
    assert_eq!(doc["type"], "configmaps");
    assert_eq!(doc["federatedType"], "federatedconfigmaps.types.kubefed.io");
    assert_eq!(doc["ok"], true);
    for member in [&m1, &m2] {
        let both = row(&doc, "both", member);
        assert_eq!(both["placed"], true, "{both}");
        assert_eq!(both["state"], "Propagated", "{both}");
        assert_eq!(both["kubefedStatus"], "OK", "{both}");
        assert_eq!(both["member"], "Managed", "{both}");
        assert_eq!(both["ok"], true, "{both}");
        assert_eq!(both["overrides"], json!([]), "{both}");
    }
    assert_eq!(row(&doc, "one", &m1)["state"], "Propagated");
    let elsewhere = row(&doc, "one", &m2);
    assert_eq!(elsewhere["placed"], false, "{elsewhere}");
    assert_eq!(elsewhere["state"], "NotPlaced", "{elsewhere}");
    assert_eq!(elsewhere["ok"], true, "{elsewhere}");
    let one = doc["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "one")
        .unwrap();
    assert_eq!(one["namespace"], ns.as_str());
    assert_eq!(one["propagation"], "True");
    assert_eq!(one["ok"], true);
    assert_eq!(one["problems"], json!([]));
    let ghosted = doc["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "ghosted")
        .unwrap();
    assert_eq!(
        ghosted["problems"],
        json!([{
            "problem": format!("cluster \"not-joined\" of the placement of {ns}/ghosted is not joined: nothing is placed there"),
            "fix": "join it first (kubefedctl join not-joined), or name a joined cluster",
        }])
    );
    assert_eq!(
        ghosted["ok"], true,
        "KubeFed ignores the cluster: {ghosted}"
    );
    assert_eq!(row(&doc, "ghosted", &m1)["state"], "Propagated");

    // -A reads every namespace; -o yaml is the same document as -o json. The host is
    // shared, so only this test's namespace is compared.
    let output = ours(&[
        "get",
        "configmaps",
        "-A",
        "-o",
        "yaml",
        "--host-cluster-context",
        HOST,
    ]);
    // Other tests' objects in other namespaces may not be propagated (exit 1).
    let everywhere: Value = serde_saphyr::from_slice(&output.stdout).unwrap();
    let all_ok = everywhere["ok"] == true;
    assert_eq!(
        output.status.code(),
        Some(if all_ok { 0 } else { 1 }),
        "{output:?}"
    );
    let in_ns = |doc: &Value| -> Vec<Value> {
        doc["objects"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["namespace"] == ns.as_str())
            .cloned()
            .collect()
    };
    assert_eq!(in_ns(&everywhere), in_ns(&doc));
    assert_eq!(everywhere["clusters"], doc["clusters"]);

    // The members hold what the templates say.
    assert_eq!(diff(&["configmaps", "-n", &ns]), (Some(0), String::new()));

    // The table, kubectl-like.
    let (code, lines) = get_table(&["configmaps", "-n", &ns]);
    assert_eq!(code, Some(0), "{lines:?}");
    assert_eq!(
        lines[0].join(" "),
        "NAMESPACE NAME CLUSTER PLACED STATE MEMBER READY"
    );
    let line = |words: &[&str]| words.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
    for expected in [
        line(&[&ns, "one", &m2, "no", "NotPlaced", "Missing", "-"]),
        line(&[&ns, "both", &m1, "yes", "Propagated", "Managed", "-"]),
    ] {
        assert!(lines.contains(&expected), "{lines:?}");
    }

    // Workloads show the member's replicas (no kubelet here: none become ready).
    let doc = until_exit(
        "the deployment propagated",
        0,
        &["deployments.apps", "web", "-n", &ns],
    )
    .await;
    for member in [&m1, &m2] {
        let web = row(&doc, "web", member);
        assert_eq!(web["desiredReplicas"], 2, "{web}");
        assert_eq!(web["readyReplicas"], 0, "{web}");
    }

    // One list per type on the host and on each member: discovery (2), the
    // FederatedTypeConfigs, the KubeFedClusters, the federated objects, 2 members.
    let output = ours(&[
        "get",
        "configmaps",
        "-n",
        &ns,
        "--host-cluster-context",
        HOST,
        "-v",
        "6",
    ]);
    assert_ok(&output);
    let log = String::from_utf8(output.stderr).unwrap();
    let requests: Vec<&str> = log.lines().filter(|l| l.contains(" (context \"")).collect();
    assert_eq!(requests.len(), 7, "{log}");
    for member in [&m1, &m2] {
        let on_member = requests
            .iter()
            .filter(|l| l.contains(&format!("(context \"{member}\")")))
            .count();
        assert_eq!(on_member, 1, "{log}");
    }

    // An override, waited for until the controller propagated it, shows on its cluster
    // only, with -o wide; the member holds it, so diff is clean.
    let set = ours(&[
        "override",
        "set",
        "configmaps",
        "both",
        "-n",
        &ns,
        "--cluster",
        &m1,
        "/data/mode=slow",
        "--wait=60s",
        "--host-cluster-context",
        HOST,
    ]);
    assert!(
        assert_ok(&set).contains("1 federated object propagated to every cluster placed"),
        "{set:?}"
    );
    let (code, doc) = get_json(&["configmaps", "both", "-n", &ns]);
    assert_eq!(code, Some(0), "--wait returned before propagation: {doc:#}");
    assert_eq!(
        diff(&["configmaps", "both", "-n", &ns]),
        (Some(0), String::new())
    );
    let (code, lines) = get_table(&["configmaps", "both", "-n", &ns, "-o", "wide"]);
    assert_eq!(code, Some(0), "{lines:?}");
    assert_eq!(lines[0][7..].join(" "), "KUBEFED REASON OVERRIDES");
    let last_word = |cluster: &str| {
        let line = lines.iter().find(|l| l[2] == cluster).unwrap();
        line.last().unwrap().clone()
    };
    assert_eq!(last_word(&m1), "/data/mode", "{lines:?}");
    assert_eq!(last_word(&m2), "-", "{lines:?}");

    // A member copy edited by hand shows in diff, the member's value against the
    // template's (the controller retries a changed member object after 10 s), until the
    // controller puts it back.
    let member_cms: Api<ConfigMap> = Api::namespaced(cp.client(&m2).await, &ns);
    let edit = json!({"data": {"mode": "edited", "extra": "x"}});
    member_cms
        .patch("both", &PatchParams::default(), &Patch::Merge(&edit))
        .await
        .unwrap();
    let (code, text) = diff(&["configmaps", "both", "-n", &ns]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.starts_with(&format!(
            "--- {m2} {ns}/both (member)\n+++ {m2} {ns}/both (desired)\n"
        )),
        "{text}"
    );
    assert!(text.contains("-  mode: edited\n+  mode: fast\n"), "{text}");
    // A key the template does not set is no difference; m1's copy is as desired.
    assert!(
        !text.contains("extra") && !text.contains(&format!("{m1} ")),
        "{text}"
    );
    eventually(
        "the edited copy put back",
        Duration::from_secs(90),
        || async { (diff(&["configmaps", "both", "-n", &ns]).0 == Some(0)).then_some(()) },
    )
    .await;

    // A member copy deleted by hand: Missing until the controller re-creates it.
    member_cms
        .delete("both", &DeleteParams::default())
        .await
        .unwrap();
    let (code, text) = diff(&["configmaps", "both", "-n", &ns]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.starts_with(&format!("--- {m2} {ns}/both (member: none)\n")),
        "{text}"
    );
    let (code, doc) = get_json(&["configmaps", "both", "-n", &ns]);
    assert_eq!(code, Some(1), "{doc:#}");
    assert_eq!(doc["ok"], false);
    let lost = row(&doc, "both", &m2);
    assert_eq!(lost["member"], "Missing", "{lost}");
    assert_eq!(lost["state"], "Missing", "{lost}");
    assert_eq!(lost["ok"], false, "{lost}");
    assert_eq!(row(&doc, "both", &m1)["state"], "Propagated");
    until_exit(
        "the deleted copy re-created",
        0,
        &["configmaps", "both", "-n", &ns],
    )
    .await;

    // A namespace that is not federated: KubeFed propagates nothing and says why.
    let blocked_ns = unique_name("getnf");
    create_namespace(&blocked_ns, &["blocked"]).await;
    assert_ok(&ours(&[
        "federate",
        "configmaps",
        "blocked",
        "-n",
        &blocked_ns,
        "--host-cluster-context",
        HOST,
        "--placement-clusters",
        &m1,
    ]));
    let doc = eventually(
        "NamespaceNotFederated reported",
        Duration::from_secs(90),
        || async {
            let (code, doc) = get_json(&["configmaps", "blocked", "-n", &blocked_ns]);
            (doc["objects"][0]["reason"] == "NamespaceNotFederated").then_some((code, doc))
        },
    )
    .await;
    let (code, doc) = doc;
    assert_eq!(code, Some(1), "{doc:#}");
    let blocked = row(&doc, "blocked", &m1);
    assert_eq!(blocked["state"], "NamespaceNotFederated", "{blocked}");
    assert_eq!(blocked["reason"], "NamespaceNotFederated", "{blocked}");
    assert_eq!(blocked["member"], "Missing", "{blocked}");
    assert_eq!(row(&doc, "blocked", &m2)["state"], "NotPlaced");
    // Waiting for it fails with the controller's reason, and says how to fix it.
    let waited = ours(&[
        "federate",
        "configmaps",
        "blocked",
        "-n",
        &blocked_ns,
        "--host-cluster-context",
        HOST,
        "--placement-clusters",
        &m1,
        "--wait=8s",
    ]);
    assert_eq!(waited.status.code(), Some(1), "{waited:?}");
    let stderr = String::from_utf8_lossy(&waited.stderr);
    assert!(
        stderr.contains(&format!(
            "error: 1 of 1 federated object did not propagate within 8s: {blocked_ns}/blocked \
             on {m1}: NamespaceNotFederated"
        )) && stderr.contains(&format!(
            "hint: federate the namespace first: `kubefedctl federate namespace {blocked_ns}`"
        )),
        "{stderr}"
    );
    let (code, lines) = get_table(&["configmaps", "-n", &blocked_ns, "-o", "wide"]);
    assert_eq!(code, Some(1));
    assert!(
        lines
            .iter()
            .any(|l| l[2] == m1 && l.iter().filter(|w| *w == "NamespaceNotFederated").count() == 2),
        "{lines:?}"
    );

    // `status` counts it among the objects that do not propagate (the host is shared:
    // others may be counted too) until its namespace is federated.
    let blocked_in_status = || {
        let output = ours(&["status", "-o", "json", "--host-cluster-context", HOST]);
        let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
        let count = doc["notPropagated"]["byReason"]["NamespaceNotFederated"]
            .as_u64()
            .unwrap_or(0);
        (output.status.code(), count)
    };
    let (code, before) = blocked_in_status();
    assert_eq!(
        code,
        Some(1),
        "status is healthy with an object that cannot propagate"
    );
    assert!(before >= 1, "status counts no NamespaceNotFederated");
    assert_ok(&ours(&[
        "federate",
        "namespaces",
        &blocked_ns,
        "--host-cluster-context",
        HOST,
        "--placement-clusters",
        &m1,
        "--wait",
    ]));
    // get --wait returns once the object propagated.
    let waited = ours(&[
        "get",
        "configmaps",
        "blocked",
        "-n",
        &blocked_ns,
        "--wait=90s",
        "--host-cluster-context",
        HOST,
    ]);
    assert_ok(&waited);
    let (code, doc) = get_json(&["configmaps", "blocked", "-n", &blocked_ns]);
    assert_eq!(code, Some(0), "{doc:#}");
    assert_eq!(blocked_in_status().1, before - 1);

    // A member that cannot be reached is reported for that cluster; the others still
    // are.
    cp.stop_apiserver(&m2);
    let (code, doc) = get_json(&["configmaps", "-n", &ns]);
    assert_eq!(code, Some(1), "{doc:#}");
    let unreachable = row(&doc, "both", &m2);
    assert_eq!(unreachable["member"], "Unreachable", "{unreachable}");
    assert_eq!(unreachable["ok"], false, "{unreachable}");
    assert!(
        unreachable["reason"]
            .as_str()
            .is_some_and(|r| r.contains(&m2)),
        "{unreachable}"
    );
    assert_eq!(row(&doc, "both", &m1)["state"], "Propagated");
    // Not placed there: no problem.
    assert_eq!(row(&doc, "one", &m2)["ok"], true);
    // Later test binaries read every cluster of the control plane.
    cp.start_apiserver(&m2);
}

#[tokio::test]
#[ignore = "needs the test control plane: scripts/test"]
async fn bad_input_is_one_error_line() {
    let _turn = crate::support::take_turn();
    let cases: [(&[&str], &str, &str); 8] = [
        (
            &["get", "widgets"],
            "error: Unable to find api resource named \"widgets\"",
            "hint: check the name against `kubectl api-resources`",
        ),
        (
            &["get", "configmaps", "-n", "Not_A_Namespace"],
            "error: invalid namespace \"Not_A_Namespace\": not a DNS-1123 label",
            "hint: a namespace is",
        ),
        (
            &["get", "configmaps", "Bad/Name"],
            "error: invalid name \"Bad/Name\": not a DNS-1123 subdomain",
            "hint: a name is",
        ),
        (
            &["get", "configmaps", "absent-here", "-n", "default"],
            "error: FederatedConfigMap \"absent-here\" not found in namespace \"default\"",
            "hint: list them with `kubefedctl get configmaps -A`",
        ),
        // diff selects as get does.
        (
            &["diff", "widgets"],
            "error: Unable to find api resource named \"widgets\"",
            "hint: check the name against `kubectl api-resources`",
        ),
        (
            &["diff", "configmaps", "absent-here", "-n", "default"],
            "error: FederatedConfigMap \"absent-here\" not found in namespace \"default\"",
            "hint: list them with `kubefedctl get configmaps -A`",
        ),
        // Waiting for what a dry run does not write.
        (
            &[
                "federate",
                "configmaps",
                "x",
                "-n",
                "default",
                "--dry-run",
                "--wait",
            ],
            "error: --wait waits for what is written, and a dry run writes nothing",
            "",
        ),
        (
            &["get", "configmaps", "--wait=soon"],
            "error: invalid value for '--wait[=<DURATION>]': invalid duration \"soon\"",
            "",
        ),
    ];
    assert_ok(&ours(&[
        "enable",
        "configmaps",
        "--host-cluster-context",
        HOST,
    ]));
    for (args, error, hint) in cases {
        let output = ours(&[args, &["--host-cluster-context", HOST]].concat());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
        let lines: Vec<&str> = stderr.lines().collect();
        assert!(lines[0].starts_with(error), "{args:?}: {stderr}");
        // Usage errors end as clap ends them ("For more information, try '--help'.").
        if !hint.is_empty() {
            assert_eq!(lines.len(), 2, "{args:?}: {stderr}");
            assert!(lines[1].starts_with(hint), "{args:?}: {stderr}");
        }
    }
    // -n and -A together: a usage error.
    let output = ours(&["get", "configmaps", "-n", "default", "-A"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("error: "), "{stderr}");
}
