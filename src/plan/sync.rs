//! `sync`: a cluster group file says which clusters are members of a control plane and
//! how they are labelled; comparing it with the KubeFedClusters gives one action per
//! member: join, relabel, unjoin, or nothing.
//!
//! Labels: the file manages the KubeFedCluster labels kubefedctl wrote (through `join
//! --label` or an earlier `sync`), which the API server records as owned by its field
//! manager (join creates the KubeFedCluster, an Update; sync applies it). A label the file
//! no longer lists is removed only when kubefedctl owns it; labels others set (`kubectl
//! label`, the Go tool) stay unless the file gives them a value.
//!
//! Pure: parsing, the plan, and the KubeFedCluster a relabelling applies.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::plan::kubefed::KubeFedCluster;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

use crate::plan::input::ParseError;
use crate::plan::join::{Credentials, Endpoint, Object, kubefed_cluster};
use crate::plan::names::{NameError, check_cluster_name};

/// The cluster group file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ClusterGroup {
    /// Context of the host cluster [default: --host-cluster-context, else the current
    /// context].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_context: Option<String>,
    /// Namespace of the control plane [default: --kubefed-namespace].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kubefed_namespace: Option<String>,
    /// The host's name in member object names, as `join --host-cluster-name` takes it
    /// [default: derived from the host context].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_cluster_name: Option<String>,
    /// Every member of the control plane; an empty list unjoins them all.
    pub members: Vec<MemberSpec>,
}

/// One member as the file describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MemberSpec {
    /// The KubeFedCluster's name.
    pub name: String,
    /// Kubeconfig context of the member [default: its name].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// Where the control plane's token comes from, as `join --credentials` takes it.
    #[serde(default, skip_serializing_if = "is_default")]
    pub credentials: Credentials,
}

fn is_default(credentials: &Credentials) -> bool {
    *credentials == Credentials::default()
}

impl MemberSpec {
    pub(crate) fn context(&self) -> &str {
        self.context.as_deref().unwrap_or(&self.name)
    }
}

/// What is wrong with a cluster group file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum GroupError {
    /// Not YAML, or not a cluster group.
    #[error("{0}")]
    File(ParseError),
    #[error(transparent)]
    Name(#[from] NameError),
    #[error("member \"{0}\" is listed twice")]
    Duplicate(String),
    #[error("member \"{0}\" has an empty context")]
    EmptyContext(String),
    #[error("hostContext, kubefedNamespace and hostClusterName must not be empty")]
    EmptyHostField,
}

/// Reads a cluster group file: one YAML (or JSON) document with valid, distinct member
/// names.
pub(crate) fn parse_group(text: &str) -> Result<ClusterGroup, GroupError> {
    let group: ClusterGroup =
        serde_saphyr::from_str(text).map_err(|e| GroupError::File(ParseError::from_yaml(&e)))?;
    let mut seen = HashSet::new();
    for member in &group.members {
        check_cluster_name(&member.name)?;
        if !seen.insert(member.name.as_str()) {
            return Err(GroupError::Duplicate(member.name.clone()));
        }
        if member.context.as_deref() == Some("") {
            return Err(GroupError::EmptyContext(member.name.clone()));
        }
    }
    for field in [
        &group.host_context,
        &group.kubefed_namespace,
        &group.host_cluster_name,
    ] {
        if field.as_deref() == Some("") {
            return Err(GroupError::EmptyHostField);
        }
    }
    Ok(group)
}

/// A KubeFedCluster as found on the host.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CurrentMember {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    /// The label keys field manager `manager` applied.
    pub owned_labels: BTreeSet<String>,
    /// The whole object, from which a relabelling rebuilds what join applied.
    pub object: KubeFedCluster,
}

impl CurrentMember {
    /// From a KubeFedCluster; None without a name.
    pub(crate) fn from_object(kfc: KubeFedCluster, manager: &str) -> Option<Self> {
        let owned_labels = kfc
            .metadata
            .managed_fields
            .iter()
            .flatten()
            .filter(|entry| entry.manager.as_deref() == Some(manager))
            .flat_map(|entry| {
                let fields = entry.fields_v1.as_ref().map(|f| &f.0);
                fields
                    .and_then(|f| f["f:metadata"]["f:labels"].as_object())
                    .into_iter()
                    .flatten()
                    .filter_map(|(key, _)| key.strip_prefix("f:").map(str::to_owned))
            })
            .collect();
        Some(CurrentMember {
            name: kfc.metadata.name.clone()?,
            labels: kfc.labels(),
            owned_labels,
            object: kfc,
        })
    }

    /// Whether applying `desired` would change the labels: a value differs, or a label
    /// kubefedctl owns is no longer wanted.
    fn labels_differ(&self, desired: &BTreeMap<String, String>) -> bool {
        desired.iter().any(|(k, v)| self.labels.get(k) != Some(v))
            || !self.dropped_labels(desired).is_empty()
    }

    /// Whether `context` (known among `contexts`) serves another endpoint than the
    /// KubeFedCluster's.
    fn moved(&self, context: &str, contexts: &[(String, String)]) -> bool {
        let endpoint = self.object.spec.api_endpoint.as_str();
        contexts
            .iter()
            .find(|(name, _)| name == context)
            .is_some_and(|(_, server)| server != endpoint)
    }

    /// The labels kubefedctl owns that `desired` no longer lists.
    fn dropped_labels(&self, desired: &BTreeMap<String, String>) -> Vec<String> {
        self.owned_labels
            .iter()
            .filter(|k| !desired.contains_key(*k))
            .cloned()
            .collect()
    }
}

/// What sync does to one member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum Action {
    Join,
    /// Unjoin, then join: the file asks for other credentials than the member was joined
    /// with, and what the old join left on the member must go.
    Rejoin,
    Relabel,
    Unjoin,
    Unchanged,
}

/// One member's action.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Step {
    pub cluster: String,
    pub context: String,
    pub action: Action,
    /// The labels the file wants (empty for an unjoin).
    pub labels: BTreeMap<String, String>,
    /// The credentials the file wants (a join's).
    pub credentials: Credentials,
    /// The KubeFedCluster a relabelling applies.
    pub relabelled: Option<Object>,
    /// The labels a relabelling removes. Applying without them is not enough: a label
    /// join wrote with a create is owned through an Update, which an apply leaves alone.
    pub dropped_labels: Vec<String>,
}

/// The steps that bring `current` to `group`: the file's members in its order, then the
/// members that left it by name. `contexts` are the kubeconfig's contexts with their
/// servers, in kubeconfig order, to find those of the members that left.
pub(crate) fn plan(
    group: &[MemberSpec],
    current: &[CurrentMember],
    namespace: &str,
    contexts: &[(String, String)],
) -> Vec<Step> {
    let mut steps: Vec<Step> = group
        .iter()
        .map(|member| {
            let found = current.iter().find(|c| c.name == member.name);
            let dropped_labels = found.map_or_else(Vec::new, |c| c.dropped_labels(&member.labels));
            let (action, relabelled) = match found {
                None => (Action::Join, None),
                Some(c) if Credentials::of(&c.object.metadata) != member.credentials => {
                    (Action::Rejoin, None)
                }
                // The file points the member at another cluster: join again, which
                // writes the new endpoint, CA and token.
                Some(c) if c.moved(member.context(), contexts) => (Action::Join, None),
                Some(c) if c.labels_differ(&member.labels) => {
                    match relabelled(&c.object, namespace, &member.labels) {
                        Some(object) => (Action::Relabel, Some(object)),
                        // A KubeFedCluster without endpoint or secret: join repairs it.
                        None => (Action::Join, None),
                    }
                }
                Some(_) => (Action::Unchanged, None),
            };
            Step {
                cluster: member.name.clone(),
                context: member.context().to_owned(),
                action,
                labels: member.labels.clone(),
                credentials: member.credentials,
                relabelled,
                dropped_labels,
            }
        })
        .collect();
    let mut leaving: Vec<&CurrentMember> = current
        .iter()
        .filter(|c| !group.iter().any(|m| m.name == c.name))
        .collect();
    leaving.sort_by(|a, b| a.name.cmp(&b.name));
    steps.extend(leaving.into_iter().map(|c| Step {
        cluster: c.name.clone(),
        context: leaving_context(c, contexts),
        action: Action::Unjoin,
        labels: BTreeMap::new(),
        credentials: Credentials::default(),
        relabelled: None,
        dropped_labels: Vec::new(),
    }));
    steps
}

/// The context of a member the file no longer names: the context of its name, else the
/// first whose server is the KubeFedCluster's endpoint (join took the endpoint from the
/// member's context), else its name (which unjoin reports as unknown).
fn leaving_context(member: &CurrentMember, contexts: &[(String, String)]) -> String {
    let endpoint = member.object.spec.api_endpoint.as_str();
    contexts
        .iter()
        .find(|(name, _)| *name == member.name)
        .or_else(|| contexts.iter().find(|(_, server)| server == endpoint))
        .map_or_else(|| member.name.clone(), |(name, _)| name.clone())
}

/// The cluster group file that describes the members as they are, so that syncing it
/// changes nothing: each member's labels and credentials, and its context: the one in
/// `token_contexts` (the context whose token a kubeconfig-credentials member was joined
/// with), else the one of its name if it serves the member's endpoint, else the first
/// that does. Also returns the members no context serves, whose entry names no context.
pub(crate) fn export_group(
    current: &[CurrentMember],
    host_context: &str,
    namespace: &str,
    contexts: &[(String, String)],
    token_contexts: &BTreeMap<String, String>,
) -> (ClusterGroup, Vec<String>) {
    let mut unserved = Vec::new();
    let mut members: Vec<MemberSpec> = current
        .iter()
        .map(|member| {
            let endpoint = member.object.spec.api_endpoint.as_str();
            let serving = |(_, server): &&(String, String)| server == endpoint;
            let context = token_contexts.get(&member.name).cloned().or_else(|| {
                contexts
                    .iter()
                    .filter(serving)
                    .find(|(name, _)| *name == member.name)
                    .or_else(|| contexts.iter().find(serving))
                    .map(|(name, _)| name.clone())
            });
            if context.is_none() {
                unserved.push(member.name.clone());
            }
            MemberSpec {
                name: member.name.clone(),
                context: context.filter(|c| *c != member.name),
                labels: member.labels.clone(),
                credentials: Credentials::of(&member.object.metadata),
            }
        })
        .collect();
    members.sort_by(|a, b| a.name.cmp(&b.name));
    let group = ClusterGroup {
        host_context: Some(host_context.to_owned()),
        kubefed_namespace: Some(namespace.to_owned()),
        host_cluster_name: None,
        members,
    };
    (group, unserved)
}

/// The KubeFedCluster as join applies it, rebuilt from `kfc`'s spec, with `labels`:
/// applied by the same field manager, it changes the labels only. None when the spec
/// lacks the endpoint or the Secret.
pub(crate) fn relabelled(
    kfc: &KubeFedCluster,
    namespace: &str,
    labels: &BTreeMap<String, String>,
) -> Option<Object> {
    let spec = &kfc.spec;
    let endpoint = Endpoint {
        server: Some(spec.api_endpoint.clone()).filter(|e| !e.is_empty())?,
        ca_bundle: spec
            .ca_bundle
            .as_deref()
            .and_then(|ca| STANDARD.decode(ca).ok()),
        insecure_skip_tls_verify: spec.disabled_tls_validations.iter().any(|d| d == "*"),
        proxy_url: spec.proxy_url.clone().filter(|p| !p.is_empty()),
    };
    let secret = Some(spec.secret_ref.name.as_str()).filter(|s| !s.is_empty())?;
    Some(kubefed_cluster(
        kfc.metadata.name.as_deref()?,
        namespace,
        &endpoint,
        secret,
        labels,
        Credentials::of(&kfc.metadata),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::kubefed::KubeFedObject;
    use serde_json::{Value, json};

    const MANAGER: &str = "kubefedctl";

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn kfc(name: &str, labels: Value, applied: &[&str]) -> Value {
        let owned: serde_json::Map<String, Value> = applied
            .iter()
            .map(|k| (format!("f:{k}"), json!({})))
            .collect();
        json!({
            "apiVersion": "core.kubefed.io/v1beta1",
            "kind": "KubeFedCluster",
            "metadata": {
                "name": name,
                "namespace": "fed",
                "labels": labels,
                "managedFields": [
                    {"manager": MANAGER, "operation": "Apply",
                     "fieldsV1": {"f:metadata": {"f:labels": owned}, "f:spec": {}}},
                    {"manager": "kubectl-label", "operation": "Update",
                     "fieldsV1": {"f:metadata": {"f:labels": {"f:team": {}}}}},
                ],
            },
            "spec": {
                "apiEndpoint": "https://127.0.0.1:6443",
                "caBundle": STANDARD.encode("PEM"),
                "secretRef": {"name": format!("{name}-x7k2p")},
                "proxyURL": "",
            },
        })
    }

    fn typed(object: &Value) -> KubeFedCluster {
        KubeFedCluster::from_value(object).unwrap()
    }

    fn current(object: Value) -> CurrentMember {
        CurrentMember::from_object(typed(&object), MANAGER).unwrap()
    }

    fn member(name: &str, context: Option<&str>, l: &[(&str, &str)]) -> MemberSpec {
        MemberSpec {
            name: name.into(),
            context: context.map(str::to_owned),
            labels: labels(l),
            credentials: Credentials::ServiceAccount,
        }
    }

    fn actions(steps: &[Step]) -> Vec<(&str, Action)> {
        steps
            .iter()
            .map(|s| (s.cluster.as_str(), s.action))
            .collect()
    }

    #[test]
    fn parses_the_documented_example() {
        let group = parse_group(
            "hostContext: cluster1\nkubefedNamespace: kube-federation-system\n\
             hostClusterName: hub\nmembers:\n\
             - name: cluster2\n  labels:\n    region: eu\n\
             - name: prod-us\n  context: arn:aws:eks:us-east-1:1:cluster/prod\n",
        )
        .unwrap();
        assert_eq!(group.host_context.as_deref(), Some("cluster1"));
        assert_eq!(group.host_cluster_name.as_deref(), Some("hub"));
        assert_eq!(group.members[0].context(), "cluster2");
        assert_eq!(group.members[0].labels, labels(&[("region", "eu")]));
        assert_eq!(
            group.members[1].context(),
            "arn:aws:eks:us-east-1:1:cluster/prod"
        );
        assert_eq!(parse_group("members: []").unwrap(), ClusterGroup::default());
    }

    #[test]
    fn bad_files_get_one_clear_message() {
        for (text, expected) in [
            (
                "members:\n- name: a\n- name: a\n",
                "member \"a\" is listed twice",
            ),
            ("members:\n- name: A_1\n", "invalid cluster name \"A_1\""),
            ("members:\n- name: a\n  lables: {}\n", "lables"),
            ("hostContext: ''\nmembers: []\n", "must not be empty"),
            ("members:\n- name: a\n  context: ''\n", "empty context"),
            ("members: 3\n", ""),
            (
                "members:\n- name: a\n  credentials: vault\n",
                "unknown value, expected one of `service-account`, `kubeconfig`",
            ),
        ] {
            let err = parse_group(text).unwrap_err().to_string();
            assert!(err.contains(expected), "{text}: {err}");
        }
    }

    #[test]
    fn members_whose_credentials_change_are_rejoined() {
        let group = parse_group(
            "members:\n- name: a\n  credentials: kubeconfig\n\
             - name: b\n  credentials: service-account\n- name: c\n",
        )
        .unwrap();
        let wanted: Vec<Credentials> = group.members.iter().map(|m| m.credentials).collect();
        assert_eq!(
            wanted,
            [
                Credentials::Kubeconfig,
                Credentials::ServiceAccount,
                Credentials::ServiceAccount
            ]
        );
        let by_token = |name: &str| {
            let mut object = kfc(name, json!({}), &[]);
            object["metadata"]["annotations"] =
                json!({"kubefedctl.kubefed.io/credentials": "kubeconfig"});
            current(object)
        };
        // a: by service account, wants the token; b: by token, wants a service account;
        // c: by token, and the file keeps it (labels are changed without a rejoin).
        let found = [
            current(kfc("a", json!({}), &[])),
            by_token("b"),
            by_token("c"),
        ];
        let mut group = group.members;
        group[2].credentials = Credentials::Kubeconfig;
        group[2].labels = labels(&[("k", "v")]);
        let steps = plan(&group, &found, "fed", &[]);
        assert_eq!(
            actions(&steps),
            [
                ("a", Action::Rejoin),
                ("b", Action::Rejoin),
                ("c", Action::Relabel)
            ]
        );
        assert_eq!(steps[0].credentials, Credentials::Kubeconfig);
        assert_eq!(steps[1].credentials, Credentials::ServiceAccount);
    }

    #[test]
    fn an_exported_group_syncs_to_no_change() {
        let mut by_token = kfc("b", json!({"region": "eu"}), &["region"]);
        by_token["metadata"]["annotations"] =
            json!({"kubefedctl.kubefed.io/credentials": "kubeconfig"});
        by_token["spec"]["apiEndpoint"] = json!("https://10.0.0.2:6443");
        let mut unserved = kfc("c", json!({}), &[]);
        unserved["spec"]["apiEndpoint"] = json!("https://10.0.0.9:6443");
        let found = [
            current(unserved),
            current(by_token),
            current(kfc("a", json!({}), &[])),
        ];
        // a is served by its own context and another; b, joined with the token of
        // b-token, also by b-admin, listed first.
        let contexts = [
            ("other".to_owned(), "https://127.0.0.1:6443".to_owned()),
            ("a".to_owned(), "https://127.0.0.1:6443".to_owned()),
            ("b".to_owned(), "https://127.0.0.1:6443".to_owned()),
            ("b-admin".to_owned(), "https://10.0.0.2:6443".to_owned()),
            ("b-token".to_owned(), "https://10.0.0.2:6443".to_owned()),
        ];
        let token_contexts = BTreeMap::from([("b".to_owned(), "b-token".to_owned())]);
        let (group, missing) = export_group(&found, "hub", "fed", &contexts, &token_contexts);
        assert_eq!(missing, ["c"]);
        assert_eq!(group.host_context.as_deref(), Some("hub"));
        assert_eq!(group.kubefed_namespace.as_deref(), Some("fed"));
        let text = serde_saphyr::to_string(&group).unwrap();
        assert_eq!(
            text,
            "hostContext: hub\nkubefedNamespace: fed\nmembers:\n- name: a\n\
             - name: b\n  context: b-token\n  labels:\n    region: eu\n  credentials: kubeconfig\n\
             - name: c\n"
        );
        let parsed = parse_group(&text).unwrap();
        let steps = plan(&parsed.members, &found, "fed", &contexts);
        assert_eq!(
            actions(&steps),
            [
                ("a", Action::Unchanged),
                ("b", Action::Unchanged),
                ("c", Action::Unchanged)
            ]
        );
    }

    #[test]
    fn owned_labels_come_from_our_entries_only() {
        let c = current(kfc("a", json!({"region": "eu", "team": "x"}), &["region"]));
        assert_eq!(c.owned_labels, ["region".to_owned()].into());
        assert_eq!(c.labels.len(), 2);
    }

    #[test]
    fn join_relabel_unjoin_unchanged() {
        let found = [
            current(kfc("same", json!({"region": "eu"}), &["region"])),
            current(kfc("moved", json!({"region": "eu"}), &["region"])),
            current(kfc("zgone", json!({}), &[])),
            current(kfc("agone", json!({}), &[])),
        ];
        let group = [
            member("new", Some("ctx-new"), &[("region", "us")]),
            member("same", None, &[("region", "eu")]),
            member("moved", None, &[("region", "us")]),
        ];
        let contexts = [("agone".to_owned(), "https://127.0.0.1:6443".to_owned())];
        let steps = plan(&group, &found, "fed", &contexts);
        assert_eq!(
            actions(&steps),
            [
                ("new", Action::Join),
                ("same", Action::Unchanged),
                ("moved", Action::Relabel),
                ("agone", Action::Unjoin),
                ("zgone", Action::Unjoin),
            ]
        );
        assert_eq!(steps[0].context, "ctx-new");
        assert_eq!(steps[3].context, "agone");
        assert_eq!(steps[4].context, "agone", "found by its endpoint");
        let relabel = steps[2].relabelled.as_ref().unwrap();
        assert_eq!(relabel.body["metadata"]["labels"], json!({"region": "us"}));
        assert_eq!(
            relabel.body["spec"],
            serde_json::to_value(&found[1].object.spec).unwrap(),
            "only labels change"
        );
    }

    #[test]
    fn labels_others_set_are_left_alone() {
        let found = [current(kfc(
            "a",
            json!({"region": "eu", "team": "x"}),
            &["region"],
        ))];
        // team (kubectl's) is not in the file: no change.
        let steps = plan(
            &[member("a", None, &[("region", "eu")])],
            &found,
            "fed",
            &[],
        );
        assert_eq!(steps[0].action, Action::Unchanged);
        // region (kubefedctl's) left the file: removed.
        let steps = plan(&[member("a", None, &[])], &found, "fed", &[]);
        assert_eq!(steps[0].action, Action::Relabel);
        let body = &steps[0].relabelled.as_ref().unwrap().body;
        assert!(body["metadata"].get("labels").is_none(), "{body}");
        // A value for kubectl's label: set.
        let steps = plan(
            &[member("a", None, &[("region", "eu"), ("team", "y")])],
            &found,
            "fed",
            &[],
        );
        assert_eq!(steps[0].action, Action::Relabel);
    }

    #[test]
    fn a_broken_registration_is_joined_again() {
        let mut object = kfc("a", json!({}), &[]);
        object["spec"] = json!({});
        let steps = plan(
            &[member("a", None, &[("x", "y")])],
            &[current(object)],
            "fed",
            &[],
        );
        assert_eq!(steps[0].action, Action::Join);
    }

    #[test]
    fn a_member_whose_context_serves_another_endpoint_is_joined_again() {
        let found = [
            current(kfc("here", json!({}), &[])),
            current(kfc("elsewhere", json!({}), &[])),
        ];
        let group = [member("here", None, &[]), member("elsewhere", None, &[])];
        let contexts = [
            ("here".to_owned(), "https://127.0.0.1:6443".to_owned()),
            ("elsewhere".to_owned(), "https://127.0.0.1:7443".to_owned()),
        ];
        let steps = plan(&group, &found, "fed", &contexts);
        assert_eq!(
            actions(&steps),
            [("here", Action::Unchanged), ("elsewhere", Action::Join)]
        );
    }

    #[test]
    fn relabelled_keeps_tls_and_proxy_settings() {
        let mut object = kfc("a", json!({}), &[]);
        object["spec"]["disabledTLSValidations"] = json!(["*"]);
        object["spec"]["proxyURL"] = json!("socks5://proxy:1080");
        let body = relabelled(&typed(&object), "fed", &labels(&[("k", "v")]))
            .unwrap()
            .body;
        assert_eq!(body["spec"]["disabledTLSValidations"], json!(["*"]));
        assert_eq!(body["spec"]["proxyURL"], "socks5://proxy:1080");
        assert_eq!(body["spec"]["caBundle"], object["spec"]["caBundle"]);
        assert!(body["metadata"].get("annotations").is_none());
    }

    #[test]
    fn relabelled_keeps_the_kubeconfig_credentials_mark() {
        let mut object = kfc("a", json!({}), &[]);
        object["metadata"]["annotations"] =
            json!({"kubefedctl.kubefed.io/credentials": "kubeconfig"});
        let body = relabelled(&typed(&object), "fed", &labels(&[("k", "v")]))
            .unwrap()
            .body;
        let metadata = serde_json::from_value(body["metadata"].clone()).unwrap();
        assert_eq!(Credentials::of(&metadata), Credentials::Kubeconfig);
    }
}
