//! What the template of a federated object keeps of the object: what the user chose.
//!
//! Each member cluster fills in the rest itself: values its API server allocates (cluster
//! IPs, node ports), generates (a Job's selector) or its controllers write (the volume a
//! claim is bound to). Copied from the host, they clash with the member's own
//! allocations, are rejected, or tie the member to objects that exist only on the host.
//! Go kubefedctl dropped Service cluster IPs and node ports unconditionally (so a
//! headless Service, `clusterIP: None`, became a ClusterIP Service on every member),
//! kept `healthCheckNodePort`, and copied the generated selector of a Job, which members
//! reject.
//!
//! Whose a value is, the object's managed fields tell: a request records the fields it
//! set, while a value the API server allocates or an admission plugin defaults afterwards
//! is owned by no field manager, and one a controller of the cluster wrote is owned by
//! that controller. Deployments, StatefulSets, DaemonSets, CronJobs, ConfigMaps and
//! Secrets hold nothing of that kind: their defaults are the same on every member and are
//! kept, as Go kept them, and their server-written annotations (the revision of a
//! Deployment, `kubectl.kubernetes.io/last-applied-configuration`, the binding
//! annotations of a claim) go with the rest of the metadata.

use serde_json::{Map, Value};

/// Field managers that are a cluster's own controllers: what they wrote (a claim's
/// volume, a pod's node) belongs to that cluster, not to the user.
const CLUSTER_MANAGERS: &[&str] = &["kube-controller-manager", "kube-scheduler"];

/// Who wrote the fields of an object, as far as the object tells.
pub(crate) enum Authorship<'a> {
    /// Written by hand (no uid, resourceVersion, creation time or managed fields):
    /// every field is the user's.
    HandWritten,
    /// Read from an API server with its managed fields: the field sets that users'
    /// field managers own.
    Managed(Vec<&'a Value>),
    /// Read from an API server without its managed fields (`kubectl get -o yaml` hides
    /// them): whose a value is cannot be told.
    Unknown,
}

impl<'a> Authorship<'a> {
    pub(crate) fn of(object: &'a Value) -> Self {
        let metadata = &object["metadata"];
        if let Some(entries) = metadata["managedFields"]
            .as_array()
            .filter(|e| !e.is_empty())
        {
            let users = entries
                .iter()
                .filter(|entry| {
                    !CLUSTER_MANAGERS.contains(&entry["manager"].as_str().unwrap_or_default())
                })
                .map(|entry| &entry["fieldsV1"])
                .collect();
            return Authorship::Managed(users);
        }
        let from_a_server = ["uid", "resourceVersion", "creationTimestamp"]
            .iter()
            .any(|key| !metadata[key].is_null());
        if from_a_server {
            Authorship::Unknown
        } else {
            Authorship::HandWritten
        }
    }

    /// Whether the user set the field at `path`; `None` when the object cannot tell.
    fn chose(&self, path: &[Step]) -> Option<bool> {
        match self {
            Authorship::HandWritten => Some(true),
            Authorship::Managed(field_sets) => Some(field_sets.iter().any(|f| owns(f, path))),
            Authorship::Unknown => None,
        }
    }
}

/// One step of a path into an object, as managed fields name it.
enum Step<'a> {
    Field(&'a str),
    /// An item of a list whose items are told apart by keys (`k:{"port":80,...}`).
    Item(&'a Map<String, Value>),
}

/// Whether a managed-fields set (`fieldsV1`) holds the field at `path`.
fn owns(fields: &Value, path: &[Step]) -> bool {
    let Some((step, rest)) = path.split_first() else {
        return true;
    };
    let Some(children) = fields.as_object() else {
        return false;
    };
    match step {
        Step::Field(name) => children
            .get(&format!("f:{name}"))
            .is_some_and(|child| owns(child, rest)),
        Step::Item(item) => children.iter().any(|(key, child)| {
            key.strip_prefix("k:")
                .and_then(|keys| serde_json::from_str::<Map<String, Value>>(keys).ok())
                .is_some_and(|keys| keys.iter().all(|(k, v)| item.get(k) == Some(v)))
                && owns(child, rest)
        }),
    }
}

/// What to do with a value when the object cannot tell whose it is.
#[derive(Clone, Copy)]
enum WhenUnsure {
    /// A value the server allocates: keeping the host's would clash on the members.
    Drop,
    /// A value users usually choose themselves: dropping it would lose their choice.
    Keep,
}

/// Removes `key` from `map` (the object at `path`) unless the user set it.
fn keep_if_chosen(
    map: &mut Map<String, Value>,
    key: &str,
    path: &[Step],
    by: &Authorship,
    unsure: WhenUnsure,
) {
    let chosen = by.chose(path).unwrap_or(matches!(unsure, WhenUnsure::Keep));
    if !chosen {
        map.remove(key);
    }
}

fn object_mut<'m>(
    map: &'m mut Map<String, Value>,
    key: &str,
) -> Option<&'m mut Map<String, Value>> {
    map.get_mut(key).and_then(Value::as_object_mut)
}

/// Removes from `template` (an object of `kind` without apiVersion, kind, status and
/// metadata other than labels) what each member fills in itself.
pub(crate) fn drop_cluster_fields(kind: &str, template: &mut Map<String, Value>, by: &Authorship) {
    match kind {
        // The finalizer of every namespace, added by each cluster's API server.
        "Namespace" => {
            if let Some(spec) = object_mut(template, "spec") {
                spec.remove("finalizers");
            }
        }
        // The token Secrets of the host (old clusters generated them); each member's
        // token controller makes its own.
        "ServiceAccount" => {
            template.remove("secrets");
        }
        "Service" => {
            if let Some(spec) = object_mut(template, "spec") {
                service(spec, by);
            }
        }
        "Job" => job(template),
        "PersistentVolumeClaim" => {
            if let Some(spec) = object_mut(template, "spec") {
                // The host's binder bound the claim to one of the host's volumes; each
                // member binds its own. A user may bind a claim to a volume they made.
                let path = [Step::Field("spec"), Step::Field("volumeName")];
                keep_if_chosen(spec, "volumeName", &path, by, WhenUnsure::Drop);
                // Defaulted by admission to the host's default class when the claim named
                // none; a member defaults to its own.
                let path = [Step::Field("spec"), Step::Field("storageClassName")];
                keep_if_chosen(spec, "storageClassName", &path, by, WhenUnsure::Keep);
            }
        }
        "Ingress" => {
            if let Some(spec) = object_mut(template, "spec") {
                // Defaulted by admission to the host's default ingress class.
                let path = [Step::Field("spec"), Step::Field("ingressClassName")];
                keep_if_chosen(spec, "ingressClassName", &path, by, WhenUnsure::Keep);
            }
        }
        _ => {}
    }
}

fn service(spec: &mut Map<String, Value>, by: &Authorship) {
    let field = |name| [Step::Field("spec"), Step::Field(name)];
    // `None` makes the Service headless. No server allocates it, so it is always the
    // user's. Any other cluster IP is allocated from the host's service range, which a
    // member's may not even contain.
    if spec.get("clusterIP").and_then(Value::as_str) != Some("None") {
        keep_if_chosen(spec, "clusterIP", &field("clusterIP"), by, WhenUnsure::Drop);
    }
    // Filled in from clusterIP by the server.
    keep_if_chosen(
        spec,
        "clusterIPs",
        &field("clusterIPs"),
        by,
        WhenUnsure::Drop,
    );
    // Defaulted from each cluster's own service ranges: a single-stack member cannot
    // take the families of a dual-stack host.
    for key in ["ipFamilies", "ipFamilyPolicy"] {
        keep_if_chosen(spec, key, &field(key), by, WhenUnsure::Drop);
    }
    // Node ports are allocated from each cluster's node-port range, unless the user
    // chose one (a load balancer outside the cluster may point at it).
    let path = field("healthCheckNodePort");
    keep_if_chosen(spec, "healthCheckNodePort", &path, by, WhenUnsure::Drop);
    for port in spec
        .get_mut("ports")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object_mut)
    {
        let item = port.clone();
        let path = [
            Step::Field("spec"),
            Step::Field("ports"),
            Step::Item(&item),
            Step::Field("nodePort"),
        ];
        keep_if_chosen(port, "nodePort", &path, by, WhenUnsure::Drop);
    }
}

/// Labels the API server puts on the pod template of a Job whose selector it generates,
/// and, when the Job has no labels of its own, on the Job: the Job's uid, which differs
/// on every member, and its name.
const JOB_GENERATED_LABELS: &[&str] = &[
    "controller-uid",
    "batch.kubernetes.io/controller-uid",
    "job-name",
    "batch.kubernetes.io/job-name",
];

fn job(template: &mut Map<String, Value>) {
    // Unless the user manages the selector (`manualSelector: true`), the API server
    // generates it from the Job's uid and rejects one that names another uid, so the
    // host's would make every member refuse the Job.
    let Some(spec) = object_mut(template, "spec") else {
        return;
    };
    if spec.get("manualSelector") == Some(&Value::Bool(true)) {
        return;
    }
    spec.remove("selector");
    if let Some(pod_template) = object_mut(spec, "template") {
        remove_generated_job_labels(pod_template);
    }
    remove_generated_job_labels(template);
}

/// Removes the labels of [`JOB_GENERATED_LABELS`] from the metadata of `object`, and
/// the labels and metadata when nothing is left in them.
fn remove_generated_job_labels(object: &mut Map<String, Value>) {
    let Some(metadata) = object_mut(object, "metadata") else {
        return;
    };
    if let Some(labels) = object_mut(metadata, "labels") {
        for label in JOB_GENERATED_LABELS {
            labels.remove(*label);
        }
        if labels.is_empty() {
            metadata.remove("labels");
        }
    }
    if metadata.is_empty() {
        object.remove("metadata");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The template of `object` as `federate` builds it: without metadata, with the
    /// cluster's fields dropped.
    fn template_of(object: Value) -> Value {
        let by = Authorship::of(&object);
        let mut template = object.as_object().unwrap().clone();
        template.remove("metadata");
        drop_cluster_fields(object["kind"].as_str().unwrap(), &mut template, &by);
        template.remove("kind");
        Value::Object(template)
    }

    /// Metadata of an object read from an API server, whose users' field managers own
    /// `fields`.
    fn live(fields: Value) -> Value {
        json!({
            "name": "x", "uid": "u-1", "resourceVersion": "7",
            "managedFields": [
                {"manager": "kubectl-create", "operation": "Update", "fieldsType": "FieldsV1", "fieldsV1": fields},
                {"manager": "kube-controller-manager", "operation": "Update", "fieldsType": "FieldsV1",
                 "fieldsV1": {"f:spec": {"f:volumeName": {}}}},
            ],
        })
    }

    #[test]
    fn authorship_comes_from_the_metadata() {
        let hand = json!({"metadata": {"name": "x"}});
        assert!(matches!(Authorship::of(&hand), Authorship::HandWritten));
        let dumped = json!({"metadata": {"name": "x", "uid": "u", "resourceVersion": "1"}});
        assert!(matches!(Authorship::of(&dumped), Authorship::Unknown));
        let managed = json!({"metadata": live(json!({"f:spec": {}}))});
        let Authorship::Managed(sets) = Authorship::of(&managed) else {
            panic!("managed fields ignored");
        };
        assert_eq!(sets.len(), 1, "the controller manager is not a user");
    }

    #[test]
    fn headless_service_stays_headless() {
        let live_service = json!({
            "kind": "Service",
            "metadata": live(json!({"f:spec": {"f:clusterIP": {}, "f:ports": {}}})),
            "spec": {
                "clusterIP": "None", "clusterIPs": ["None"],
                "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
            },
        });
        assert_eq!(
            template_of(live_service)["spec"],
            json!({"clusterIP": "None", "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}]})
        );
        // A dump without managed fields: still headless.
        let dumped = json!({
            "kind": "Service", "metadata": {"name": "x", "uid": "u"},
            "spec": {"clusterIP": "None", "clusterIPs": ["None"]},
        });
        assert_eq!(template_of(dumped)["spec"], json!({"clusterIP": "None"}));
    }

    #[test]
    fn allocated_service_fields_are_dropped() {
        let load_balancer = json!({
            "kind": "Service",
            "metadata": live(json!({"f:spec": {
                "f:type": {}, "f:externalTrafficPolicy": {},
                "f:ports": {".": {}, "k:{\"port\":80,\"protocol\":\"TCP\"}": {"f:port": {}}},
            }})),
            "spec": {
                "type": "LoadBalancer", "externalTrafficPolicy": "Local",
                "clusterIP": "10.0.0.7", "clusterIPs": ["10.0.0.7"],
                "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                "healthCheckNodePort": 31999,
                "ports": [{"port": 80, "protocol": "TCP", "nodePort": 30080}],
            },
        });
        assert_eq!(
            template_of(load_balancer)["spec"],
            json!({"type": "LoadBalancer", "externalTrafficPolicy": "Local", "ports": [{"port": 80, "protocol": "TCP"}]})
        );
    }

    #[test]
    fn node_ports_the_user_chose_are_kept() {
        let live_service = json!({
            "kind": "Service",
            "metadata": live(json!({"f:spec": {"f:ports": {
                "k:{\"port\":80,\"protocol\":\"TCP\"}": {"f:port": {}, "f:nodePort": {}},
                "k:{\"port\":443,\"protocol\":\"TCP\"}": {"f:port": {}},
            }}})),
            "spec": {"type": "NodePort", "ports": [
                {"port": 80, "protocol": "TCP", "nodePort": 30080},
                {"port": 443, "protocol": "TCP", "nodePort": 30443},
            ]},
        });
        assert_eq!(
            template_of(live_service)["spec"]["ports"],
            json!([{"port": 80, "protocol": "TCP", "nodePort": 30080}, {"port": 443, "protocol": "TCP"}])
        );
        // Every field of a file written by hand is the user's.
        let file = json!({
            "kind": "Service", "metadata": {"name": "x"},
            "spec": {"type": "NodePort", "clusterIP": "10.0.0.9", "healthCheckNodePort": 31000,
                     "ports": [{"port": 80, "nodePort": 30001}]},
        });
        assert_eq!(
            template_of(file.clone())["spec"],
            file["spec"],
            "a hand-written file keeps everything"
        );
        // A dump of a cluster's object without managed fields: the ports were allocated,
        // as far as anyone can tell.
        let dumped = json!({
            "kind": "Service", "metadata": {"name": "x", "resourceVersion": "3"},
            "spec": {"type": "NodePort", "clusterIP": "10.0.0.9", "ports": [{"port": 80, "nodePort": 30001}]},
        });
        assert_eq!(
            template_of(dumped)["spec"],
            json!({"type": "NodePort", "ports": [{"port": 80}]})
        );
    }

    #[test]
    fn job_loses_its_generated_selector() {
        let generated = json!({
            "controller-uid": "u-1", "job-name": "x",
            "batch.kubernetes.io/controller-uid": "u-1", "batch.kubernetes.io/job-name": "x",
        });
        // The template as `federate` builds it: the Job's labels are all that is left
        // of its metadata.
        let mut template = json!({
            "metadata": {"labels": generated},
            "spec": {
                "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "u-1"}},
                "template": {"metadata": {"creationTimestamp": null, "labels": generated}},
            },
        });
        let job_metadata = json!({"metadata": live(json!({"f:spec": {"f:template": {}}}))});
        drop_cluster_fields(
            "Job",
            template.as_object_mut().unwrap(),
            &Authorship::of(&job_metadata),
        );
        assert_eq!(
            template,
            json!({"spec": {"template": {"metadata": {"creationTimestamp": null}}}})
        );
        let job = json!({
            "kind": "Job", "metadata": live(json!({"f:spec": {"f:template": {}}})),
            "spec": {
                "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "u-1"}},
                "template": {
                    "metadata": {"labels": {
                        "app": "once", "controller-uid": "u-1", "job-name": "x",
                        "batch.kubernetes.io/controller-uid": "u-1", "batch.kubernetes.io/job-name": "x",
                    }},
                    "spec": {"restartPolicy": "Never"},
                },
            },
        });
        assert_eq!(
            template_of(job)["spec"],
            json!({"template": {"metadata": {"labels": {"app": "once"}}, "spec": {"restartPolicy": "Never"}}})
        );
        let manual = json!({
            "kind": "Job", "metadata": {"name": "x"},
            "spec": {
                "manualSelector": true,
                "selector": {"matchLabels": {"job-name": "x"}},
                "template": {"metadata": {"labels": {"job-name": "x"}}},
            },
        });
        assert_eq!(template_of(manual.clone())["spec"], manual["spec"]);
    }

    #[test]
    fn claim_loses_the_volume_the_binder_chose() {
        let claim = json!({
            "kind": "PersistentVolumeClaim",
            "metadata": live(json!({"f:spec": {"f:accessModes": {}, "f:resources": {}}})),
            "spec": {
                "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                "volumeName": "pv-host-1", "storageClassName": "host-default", "volumeMode": "Filesystem",
            },
        });
        assert_eq!(
            template_of(claim)["spec"],
            json!({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}, "volumeMode": "Filesystem"})
        );
        let prebound = json!({
            "kind": "PersistentVolumeClaim", "metadata": {"name": "x"},
            "spec": {"volumeName": "pv-mine", "storageClassName": "fast"},
        });
        assert_eq!(template_of(prebound.clone())["spec"], prebound["spec"]);
        // Without managed fields, a class is more likely the user's than a default.
        let dumped = json!({
            "kind": "PersistentVolumeClaim", "metadata": {"name": "x", "uid": "u"},
            "spec": {"volumeName": "pv-host-1", "storageClassName": "fast"},
        });
        assert_eq!(
            template_of(dumped)["spec"],
            json!({"storageClassName": "fast"})
        );
    }

    #[test]
    fn ingress_class_defaulted_by_the_host_is_dropped() {
        let defaulted = json!({
            "kind": "Ingress", "metadata": live(json!({"f:spec": {"f:defaultBackend": {}}})),
            "spec": {"ingressClassName": "host-nginx", "defaultBackend": {"service": {"name": "web"}}},
        });
        assert_eq!(
            template_of(defaulted)["spec"],
            json!({"defaultBackend": {"service": {"name": "web"}}})
        );
        let chosen = json!({
            "kind": "Ingress", "metadata": live(json!({"f:spec": {"f:ingressClassName": {}}})),
            "spec": {"ingressClassName": "nginx"},
        });
        assert_eq!(
            template_of(chosen)["spec"],
            json!({"ingressClassName": "nginx"})
        );
    }

    #[test]
    fn workloads_keep_their_defaults() {
        for kind in [
            "Deployment",
            "StatefulSet",
            "DaemonSet",
            "CronJob",
            "ConfigMap",
            "Secret",
        ] {
            let object = json!({
                "kind": kind, "metadata": live(json!({})),
                "spec": {"revisionHistoryLimit": 10, "selector": {"matchLabels": {"app": "x"}},
                         "template": {"metadata": {"labels": {"app": "x", "job-name": "x"}}}},
                "data": {"k": "v"},
            });
            let mut expected = object.clone();
            expected.as_object_mut().unwrap().remove("metadata");
            expected.as_object_mut().unwrap().remove("kind");
            assert_eq!(template_of(object), expected, "{kind}");
        }
    }
}
