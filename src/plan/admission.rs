//! The admission policies `init` writes in place of KubeFed's admission webhooks: one
//! ValidatingAdmissionPolicy per KubeFed type with the checks of KubeFed v0.10.0's
//! validating webhook (`pkg/apis/core/v1beta1/validation`), and a MutatingAdmissionPolicy
//! that completes a new KubeFedConfig's feature gates as its defaulting webhook did. The
//! other defaults of a KubeFedConfig are structural defaults of its CRD.
//!
//! The API server evaluates the policies itself: nothing has to run, and no certificate
//! has to be kept. As KubeFed's webhooks, the bindings of a Namespaced control plane
//! match only its own namespace; those of a Cluster-scoped one match every namespace.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{Value, json};

use crate::plan::init::{FEATURE_GATES, MANAGED_BY, MANAGED_BY_LABEL};
use crate::plan::join::{Object, Scope, kubefed_config_resource};
use crate::plan::kubefed::{KubeFedConfig, KubeFedConfigSpec};

pub(crate) const ADMISSION_GROUP: &str = "admissionregistration.k8s.io";
/// The version serving ValidatingAdmissionPolicies (GA since Kubernetes 1.30).
pub(crate) const VALIDATING_VERSION: &str = "v1";
/// MutatingAdmissionPolicy versions, preferred first: beta (behind a feature gate) in
/// Kubernetes 1.34.
pub(crate) const MUTATING_VERSIONS: [&str; 2] = ["v1", "v1beta1"];

/// Which admission policy APIs the host serves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PolicyApis {
    pub validating: bool,
    /// The version serving MutatingAdmissionPolicies, if any.
    pub mutating: Option<String>,
}

impl PolicyApis {
    /// What a host that serves none of them loses, one warning each.
    pub(crate) fn warnings(&self, context: &str) -> Vec<String> {
        let mut warnings = Vec::new();
        if !self.validating {
            warnings.push(format!(
                "context \"{context}\" serves no {ADMISSION_GROUP}/{VALIDATING_VERSION} \
                 ValidatingAdmissionPolicies (Kubernetes 1.30 or later): invalid \
                 FederatedTypeConfigs, KubeFedClusters and KubeFedConfigs are not refused"
            ));
        }
        if self.mutating.is_none() {
            warnings.push(format!(
                "context \"{context}\" serves no {ADMISSION_GROUP} MutatingAdmissionPolicies \
                 (v1beta1 with the MutatingAdmissionPolicy feature gate, or v1): a new \
                 KubeFedConfig's partial featureGates list is not completed with the \
                 missing gates"
            ));
        }
        warnings
    }
}

pub(crate) fn validating_policy_resource() -> ApiResource {
    admission_resource(
        VALIDATING_VERSION,
        "ValidatingAdmissionPolicy",
        "validatingadmissionpolicies",
    )
}

pub(crate) fn validating_binding_resource() -> ApiResource {
    admission_resource(
        VALIDATING_VERSION,
        "ValidatingAdmissionPolicyBinding",
        "validatingadmissionpolicybindings",
    )
}

pub(crate) fn mutating_policy_resource(version: &str) -> ApiResource {
    admission_resource(
        version,
        "MutatingAdmissionPolicy",
        "mutatingadmissionpolicies",
    )
}

pub(crate) fn mutating_binding_resource(version: &str) -> ApiResource {
    admission_resource(
        version,
        "MutatingAdmissionPolicyBinding",
        "mutatingadmissionpolicybindings",
    )
}

fn admission_resource(version: &str, kind: &str, plural: &str) -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk(ADMISSION_GROUP, version, kind),
        plural,
    )
}

/// The name of the KubeFedConfig that `init` sends with `dryRun=All` to learn when a
/// partial KubeFedConfig is completed (it is never stored).
const DEFAULTING_PROBE: &str = "kubefedctl-defaulting-probe";

/// A KubeFedConfig with nothing but its scope, as the KubeFed e2e suite and users create
/// them: admitted only once the defaulting policy adds its feature gates, which the
/// validating policy requires. The API server applies a new MutatingAdmissionPolicy to a
/// custom resource only after it has read the resource's OpenAPI schema, some seconds
/// after the CRD is established; until then it answers 503 for such a KubeFedConfig.
pub(crate) fn defaulting_probe(namespace: &str, scope: Scope) -> Object {
    Object::new(
        kubefed_config_resource(),
        Some(namespace),
        DEFAULTING_PROBE,
        KubeFedConfig {
            metadata: ObjectMeta {
                name: Some(DEFAULTING_PROBE.to_owned()),
                namespace: Some(namespace.to_owned()),
                ..ObjectMeta::default()
            },
            spec: KubeFedConfigSpec {
                scope: scope.as_str().to_owned(),
                ..KubeFedConfigSpec::default()
            },
        }
        .to_object(),
    )
}

/// The policies and bindings for the control plane in `namespace`, each binding right
/// after its policy: validation where `apis` serves it, defaulting of the feature gates
/// where it serves MutatingAdmissionPolicies.
pub(crate) fn policies(namespace: &str, scope: Scope, apis: &PolicyApis) -> Vec<Object> {
    let mut objects = Vec::new();
    if apis.validating {
        let policies = [
            (
                "federatedtypeconfigs",
                true,
                vec![],
                federated_type_config_rules(),
            ),
            (
                "kubefedclusters",
                true,
                vec![endpoint_variable()],
                kubefed_cluster_rules(),
            ),
            ("kubefedconfigs", false, vec![], kubefed_config_rules()),
        ];
        for (plural, has_status, mut variables, validations) in policies {
            let mut resources = vec![plural.to_owned()];
            if has_status {
                resources.push(format!("{plural}/status"));
                // As KubeFed's webhook: a status update is judged by its status only,
                // any other write by its spec.
                variables.insert(
                    0,
                    json!({"name": "spec", "expression":
                        "!has(request.subResource) || request.subResource == ''"}),
                );
            }
            let mut spec = json!({
                "failurePolicy": "Fail",
                "matchConstraints": match_constraints(&resources, &["CREATE", "UPDATE"]),
                "validations": validations,
            });
            if !variables.is_empty() {
                spec["variables"] = json!(variables);
            }
            objects.extend(policy_pair(
                namespace,
                scope,
                &validating_policy_resource(),
                &validating_binding_resource(),
                &format!("{plural}.core.kubefed.io-{namespace}"),
                spec,
                json!({"validationActions": ["Deny"]}),
            ));
        }
    }
    if let Some(version) = &apis.mutating {
        objects.extend(policy_pair(
            namespace,
            scope,
            &mutating_policy_resource(version),
            &mutating_binding_resource(version),
            &format!("defaults.kubefedconfigs.core.kubefed.io-{namespace}"),
            feature_gate_defaulting(),
            json!({}),
        ));
    }
    objects
}

/// Every policy and binding `init` may have written for `namespace`, whatever the scope
/// and the APIs served, as teardown looks for them: bindings before their policies.
pub(crate) fn written_policies(namespace: &str, mutating_version: Option<&str>) -> Vec<Object> {
    let apis = PolicyApis {
        validating: true,
        mutating: mutating_version.map(str::to_owned),
    };
    let mut objects = policies(namespace, Scope::Cluster, &apis);
    objects.reverse();
    objects
}

fn policy_pair(
    namespace: &str,
    scope: Scope,
    policy_resource: &ApiResource,
    binding_resource: &ApiResource,
    name: &str,
    spec: Value,
    mut binding_spec: Value,
) -> [Object; 2] {
    let metadata = json!({"name": name, "labels": {MANAGED_BY_LABEL: MANAGED_BY}});
    binding_spec["policyName"] = json!(name);
    if scope == Scope::Namespaced {
        // KubeFed's webhooks of a Namespaced control plane judge only its namespace.
        binding_spec["matchResources"] = json!({"namespaceSelector": {"matchLabels": {
            "kubernetes.io/metadata.name": namespace,
        }}});
    }
    let object = |resource: &ApiResource, spec: Value| {
        Object::new(
            resource.clone(),
            None,
            name,
            json!({
                "apiVersion": resource.api_version,
                "kind": resource.kind,
                "metadata": metadata,
                "spec": spec,
            }),
        )
    };
    [
        object(policy_resource, spec),
        object(binding_resource, binding_spec),
    ]
}

fn match_constraints(resources: &[String], operations: &[&str]) -> Value {
    json!({"resourceRules": [{
        "apiGroups": ["core.kubefed.io"],
        "apiVersions": ["v1beta1"],
        "operations": operations,
        "resources": resources,
    }]})
}

/// Go's `IsDNS1123Subdomain` and `IsDNS1035Label`.
const DNS1123_SUBDOMAIN: &str =
    "^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
const DNS1035_LABEL: &str = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

/// One validation: a CEL expression that must hold and the message when it does not.
fn rule(expression: String, message: String) -> Value {
    json!({"expression": expression, "message": message})
}

/// A rule of the object's spec (not judged on a status update, as in KubeFed).
fn spec_rule(expression: String, message: String) -> Value {
    rule(format!("!variables.spec || ({expression})"), message)
}

/// A rule of the status, judged only on a status update.
fn status_rule(expression: String, message: String) -> Value {
    rule(format!("variables.spec || ({expression})"), message)
}

/// `field` is set, not empty, and one of `values`.
fn one_of(field: &str, values: &[&str]) -> String {
    format!("has({field}) && {field} in {}", cel_strings(values))
}

/// `field`, when set, is one of `values` (Go's optional pointer fields).
fn optional_one_of(field: &str, values: &[&str]) -> String {
    format!("!has({field}) || {field} in {}", cel_strings(values))
}

fn cel_strings(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
    format!("[{}]", quoted.join(", "))
}

fn dns1123_subdomain(value: &str) -> String {
    format!("size({value}) <= 253 && {value}.matches('{DNS1123_SUBDOMAIN}')")
}

fn dns1035_label(value: &str) -> String {
    format!("size({value}) <= 63 && {value}.matches('{DNS1035_LABEL}')")
}

/// `ValidateAPIResource` of the API resource at `path` (CEL `object.` + path), and for a
/// federated or status type `ValidateFederatedAPIResource`'s group with a dot.
fn api_resource_rules(path: &str, federated: bool) -> Vec<String> {
    let r = format!("object.{path}");
    let mut rules = Vec::new();
    let group = format!("{r}.group");
    if federated {
        rules.push(format!(
            "has({group}) && {group}.contains('.') && {}",
            dns1123_subdomain(&group)
        ));
    } else {
        rules.push(format!(
            "!has({group}) || {group} == '' || ({})",
            dns1123_subdomain(&group)
        ));
    }
    for field in ["version", "pluralName"] {
        let value = format!("{r}.{field}");
        rules.push(format!("has({value}) && {}", dns1035_label(&value)));
    }
    let kind = format!("{r}.kind");
    rules.push(format!(
        "has({kind}) && {}",
        dns1035_label(&format!("{kind}.lowerAscii()"))
    ));
    rules.push(one_of(&format!("{r}.scope"), &["Cluster", "Namespaced"]));
    rules
}

fn federated_type_config_rules() -> Vec<Value> {
    let enabled = ["Enabled", "Disabled"];
    let running = ["Running", "NotRunning"];
    let t = "object.spec.targetType";
    let mut rules = vec![spec_rule(
        format!(
            "object.metadata.name == ({t}.pluralName + \
             (has({t}.group) && {t}.group != '' ? '.' + {t}.group : ''))"
        ),
        "metadata.name must be 'TARGET_PLURAL_NAME(.TARGET_GROUP_NAME)'".to_owned(),
    )];
    let mut api_resource = |path: &str, federated: bool, optional: bool| {
        let message = if federated {
            format!(
                "{path} needs a version, kind and pluralName that are DNS-1035 labels, a \
                 scope of Cluster or Namespaced and a group that is a DNS-1123 subdomain \
                 with at least one dot"
            )
        } else {
            format!(
                "{path} needs a version, kind and pluralName that are DNS-1035 labels, a \
                 scope of Cluster or Namespaced and a group that is empty or a DNS-1123 \
                 subdomain"
            )
        };
        for expression in api_resource_rules(path, federated) {
            let expression = if optional {
                format!("!has(object.{path}) || ({expression})")
            } else {
                expression
            };
            rules.push(spec_rule(expression, message.clone()));
        }
    };
    api_resource("spec.targetType", false, false);
    api_resource("spec.federatedType", true, false);
    api_resource("spec.statusType", true, true);
    rules.extend([
        spec_rule(
            one_of("object.spec.propagation", &enabled),
            "spec.propagation must be Enabled or Disabled".to_owned(),
        ),
        spec_rule(
            optional_one_of("object.spec.statusCollection", &enabled),
            "spec.statusCollection must be Enabled or Disabled".to_owned(),
        ),
        status_rule(
            "!has(object.status) || !has(object.status.observedGeneration) || \
             object.status.observedGeneration >= 0"
                .to_owned(),
            "status.observedGeneration must not be negative".to_owned(),
        ),
        status_rule(
            format!(
                "has(object.status) && {}",
                one_of("object.status.propagationController", &running)
            ),
            "status.propagationController must be Running or NotRunning".to_owned(),
        ),
        status_rule(
            format!(
                "!has(object.status) || {}",
                optional_one_of("object.status.statusController", &running)
            ),
            "status.statusController must be Running or NotRunning".to_owned(),
        ),
    ]);
    rules
}

/// The KubeFedCluster's endpoint as client-go's `DefaultServerURL` reads it: a URL with
/// a scheme and a host, else a host or host:port that gets "https://".
fn endpoint_variable() -> Value {
    let e = "object.spec.apiEndpoint";
    json!({"name": "endpoint", "expression": format!(
        "isURL({e}) && url({e}).getScheme() != '' && url({e}).getHost() != '' ? {e} : \
         'https://' + {e}"
    )})
}

fn kubefed_cluster_rules() -> Vec<Value> {
    let e = "object.spec.apiEndpoint";
    let url = "variables.endpoint";
    let secret = "object.spec.secretRef.name";
    let tls = "object.spec.disabledTLSValidations";
    let proxy = "object.spec.proxyURL";
    let conditions = "object.status.conditions";
    vec![
        spec_rule(
            format!("{e} != '' && isURL({url})"),
            "spec.apiEndpoint must be a URL or a host:port pair".to_owned(),
        ),
        // A URL may carry a path (a proxy in front of the API server, to which client-go
        // sends every request under that path); a host:port that got "https://" may not.
        spec_rule(
            format!(
                "{e} == '' || !isURL({url}) || \
                 (url({url}).getScheme() in ['http', 'https'] && \
                 ({url} == {e} || url({url}).getEscapedPath() in ['', '/']) && \
                 (url({url}).getPort() == '' || \
                 (int(url({url}).getPort()) >= 1 && int(url({url}).getPort()) <= 65535)))"
            ),
            "spec.apiEndpoint must be an http or https URL, or a host:port pair without a \
             path, with a port between 1 and 65535 if any"
                .to_owned(),
        ),
        spec_rule(
            format!("{secret} != '' && {}", dns1123_subdomain(secret)),
            "spec.secretRef.name must be a DNS-1123 subdomain".to_owned(),
        ),
        spec_rule(
            format!(
                "!has({tls}) || ({tls}.all(v, v in ['*', 'SubjectName', 'ValidityPeriod']) && \
                 (!('*' in {tls}) || size({tls}) == 1))"
            ),
            "spec.disabledTLSValidations holds SubjectName and ValidityPeriod, or * alone"
                .to_owned(),
        ),
        spec_rule(
            format!(
                "!has({proxy}) || {proxy} == '' || \
                 (isURL({proxy}) && url({proxy}).getScheme() in ['http', 'https', 'socks5'])"
            ),
            "spec.proxyURL must be a URL with scheme http, https or socks5".to_owned(),
        ),
        status_rule(
            format!(
                "!has(object.status) || !has({conditions}) || {conditions}.all(c, \
                 c.type in ['Ready', 'Offline', 'ConfigMalformed'] && \
                 c.status in ['True', 'False', 'Unknown'] && has(c.lastProbeTime))"
            ),
            "status.conditions: type must be Ready, Offline or ConfigMalformed, status \
             True, False or Unknown, and lastProbeTime is required"
                .to_owned(),
        ),
    ]
}

/// A duration field that is set and longer than zero (a string Go's
/// `time.ParseDuration` reads; CEL's `duration()` is that function).
fn positive_duration(field: &str) -> String {
    format!("has({field}) && duration({field}) > duration('0s')")
}

fn positive_int(field: &str) -> String {
    format!("has({field}) && {field} > 0")
}

fn kubefed_config_rules() -> Vec<Value> {
    let s = "object.spec";
    let mut rules = vec![rule(
        one_of(&format!("{s}.scope"), &["Cluster", "Namespaced"]),
        "spec.scope must be Cluster or Namespaced".to_owned(),
    )];
    let sections: [(&str, &[&str], &[&str]); 5] = [
        (
            "controllerDuration",
            &["availableDelay", "unavailableDelay", "cacheSyncTimeout"],
            &[],
        ),
        (
            "leaderElect",
            &["leaseDuration", "renewDeadline", "retryPeriod"],
            &[],
        ),
        (
            "clusterHealthCheck",
            &["period", "timeout"],
            &["failureThreshold", "successThreshold"],
        ),
        ("syncController", &[], &["maxConcurrentReconciles"]),
        ("statusController", &[], &["maxConcurrentReconciles"]),
    ];
    for (section, durations, counts) in sections {
        rules.push(rule(
            format!("has({s}.{section})"),
            format!("spec.{section} is required"),
        ));
        for field in durations {
            let path = format!("{s}.{section}.{field}");
            rules.push(rule(
                format!("!has({s}.{section}) || ({})", positive_duration(&path)),
                format!("spec.{section}.{field} must be a duration longer than 0s"),
            ));
        }
        for field in counts {
            let path = format!("{s}.{section}.{field}");
            rules.push(rule(
                format!("!has({s}.{section}) || ({})", positive_int(&path)),
                format!("spec.{section}.{field} must be greater than 0"),
            ));
        }
    }
    let elect = format!("{s}.leaderElect");
    let set = |fields: &[&str]| -> String {
        let checks: Vec<String> = fields.iter().map(|f| format!("has({elect}.{f})")).collect();
        format!("!has({elect}) || !({})", checks.join(" && "))
    };
    let d = |field: &str| format!("duration({elect}.{field})");
    let (lease, renew, retry) = (d("leaseDuration"), d("renewDeadline"), d("retryPeriod"));
    rules.extend([
        rule(
            format!(
                "{} || {lease} > {renew}",
                set(&["leaseDuration", "renewDeadline"])
            ),
            "spec.leaderElect.leaseDuration must be greater than renewDeadline".to_owned(),
        ),
        // client-go's leader election JitterFactor is 1.2: renew * 5 > retry * 6, in
        // durations, exactly.
        rule(
            format!(
                "{} || {renew} + {renew} + {renew} + {renew} + {renew} > \
                 {retry} + {retry} + {retry} + {retry} + {retry} + {retry}",
                set(&["renewDeadline", "retryPeriod"])
            ),
            "spec.leaderElect.renewDeadline must be greater than retryPeriod*JitterFactor(1.2)"
                .to_owned(),
        ),
        rule(
            format!(
                "!has({elect}) || ({})",
                one_of(
                    &format!("{elect}.resourceLock"),
                    &["configmaps", "endpoints"]
                )
            ),
            "spec.leaderElect.resourceLock must be configmaps or endpoints".to_owned(),
        ),
    ]);
    let gates = format!("{s}.featureGates");
    let names: Vec<&str> = FEATURE_GATES.iter().map(|(name, _)| *name).collect();
    rules.extend([
        rule(
            format!("has({gates})"),
            "spec.featureGates is required".to_owned(),
        ),
        rule(
            format!("!has({gates}) || {gates}.all(g, {gates}.exists_one(h, h.name == g.name))"),
            "spec.featureGates must not name a gate twice".to_owned(),
        ),
        rule(
            format!(
                "!has({gates}) || {gates}.all(g, g.name in {} && \
                 g.configuration in ['Enabled', 'Disabled'])",
                cel_strings(&names)
            ),
            format!(
                "spec.featureGates: name must be one of {} and configuration Enabled or \
                 Disabled",
                names.join(", ")
            ),
        ),
    ]);
    let sync = format!("{s}.syncController");
    rules.push(rule(
        format!(
            "!has({sync}) || ({})",
            one_of(&format!("{sync}.adoptResources"), &["Enabled", "Disabled"])
        ),
        "spec.syncController.adoptResources must be Enabled or Disabled".to_owned(),
    ));
    rules
}

/// The MutatingAdmissionPolicy spec that completes a new KubeFedConfig's feature gates
/// as KubeFed's `SetDefaultKubeFedConfig` does: the missing gates are added with their
/// defaults and the list is sorted by name. A CRD default can only fill an absent list.
fn feature_gate_defaulting() -> Value {
    let defaults: Vec<String> = FEATURE_GATES
        .iter()
        .map(|(name, on)| {
            let configuration = if *on { "Enabled" } else { "Disabled" };
            format!("{{'name': '{name}', 'configuration': '{configuration}'}}")
        })
        .collect();
    let names: Vec<&str> = FEATURE_GATES.iter().map(|(name, _)| *name).collect();
    // Sorted as Go sorts: the known gates in their (alphabetical) order, then any other
    // name, which validation refuses; a duplicate stays for validation to refuse too.
    let mut sorted: Vec<String> = names
        .iter()
        .map(|name| format!("variables.all.filter(g, g.name == '{name}')"))
        .collect();
    sorted.push(format!(
        "variables.all.filter(g, !(g.name in {}))",
        cel_strings(&names)
    ));
    json!({
        "failurePolicy": "Fail",
        "reinvocationPolicy": "Never",
        "matchConstraints": match_constraints(&["kubefedconfigs".to_owned()], &["CREATE"]),
        "variables": [
            {"name": "given", "expression": "has(object.spec.featureGates) ? object.spec.featureGates : []"},
            {"name": "all", "expression": format!(
                "variables.given + [{}].filter(d, !variables.given.exists(g, g.name == d.name))",
                defaults.join(", ")
            )},
        ],
        "mutations": [{
            "patchType": "JSONPatch",
            "jsonPatch": {"expression": format!(
                "[JSONPatch{{op: 'add', path: '/spec/featureGates', value: {}}}]",
                sorted.join(" + ")
            )},
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apis(mutating: Option<&str>) -> PolicyApis {
        PolicyApis {
            validating: true,
            mutating: mutating.map(str::to_owned),
        }
    }

    fn names(objects: &[Object]) -> Vec<String> {
        objects
            .iter()
            .map(|o| format!("{}/{}", o.resource.kind, o.name))
            .collect()
    }

    #[test]
    fn one_policy_and_binding_per_type_named_after_the_namespace() {
        let objects = policies("fed", Scope::Cluster, &apis(Some("v1beta1")));
        assert_eq!(
            names(&objects),
            [
                "ValidatingAdmissionPolicy/federatedtypeconfigs.core.kubefed.io-fed",
                "ValidatingAdmissionPolicyBinding/federatedtypeconfigs.core.kubefed.io-fed",
                "ValidatingAdmissionPolicy/kubefedclusters.core.kubefed.io-fed",
                "ValidatingAdmissionPolicyBinding/kubefedclusters.core.kubefed.io-fed",
                "ValidatingAdmissionPolicy/kubefedconfigs.core.kubefed.io-fed",
                "ValidatingAdmissionPolicyBinding/kubefedconfigs.core.kubefed.io-fed",
                "MutatingAdmissionPolicy/defaults.kubefedconfigs.core.kubefed.io-fed",
                "MutatingAdmissionPolicyBinding/defaults.kubefedconfigs.core.kubefed.io-fed",
            ]
        );
        for object in &objects {
            assert!(object.namespace.is_none());
            assert_eq!(
                object.body["metadata"]["labels"][MANAGED_BY_LABEL],
                MANAGED_BY
            );
            assert_eq!(object.body["apiVersion"], object.resource.api_version);
        }
        assert_eq!(
            objects[0].resource.plural, "validatingadmissionpolicies",
            "{:?}",
            objects[0].resource
        );
        assert_eq!(
            objects[1].resource.plural,
            "validatingadmissionpolicybindings"
        );
        assert_eq!(
            objects[6].body["apiVersion"],
            "admissionregistration.k8s.io/v1beta1"
        );
        assert_eq!(
            objects[1].body["spec"],
            json!({"policyName": "federatedtypeconfigs.core.kubefed.io-fed",
                   "validationActions": ["Deny"]})
        );
        // The status subresource is judged where the type has one.
        assert_eq!(
            objects[2].body["spec"]["matchConstraints"]["resourceRules"][0]["resources"],
            json!(["kubefedclusters", "kubefedclusters/status"])
        );
        assert_eq!(
            objects[4].body["spec"]["matchConstraints"]["resourceRules"][0]["resources"],
            json!(["kubefedconfigs"])
        );
    }

    #[test]
    fn a_namespaced_control_plane_binds_its_namespace_only() {
        let objects = policies("fed", Scope::Namespaced, &apis(Some("v1")));
        let selector =
            json!({"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "fed"}}});
        for binding in objects.iter().skip(1).step_by(2) {
            assert_eq!(binding.body["spec"]["matchResources"], selector);
        }
        assert_eq!(
            objects[7].body["spec"],
            json!({"policyName": "defaults.kubefedconfigs.core.kubefed.io-fed",
                   "matchResources": selector})
        );
    }

    #[test]
    fn only_the_served_apis_get_policies() {
        let none = PolicyApis {
            validating: false,
            mutating: None,
        };
        assert!(policies("fed", Scope::Cluster, &none).is_empty());
        let warnings = none.warnings("c1");
        assert_eq!(warnings.len(), 2);
        assert!(
            warnings[0].contains("ValidatingAdmissionPolicies (Kubernetes 1.30 or later)"),
            "{warnings:?}"
        );
        assert!(warnings[1].contains("featureGates"), "{warnings:?}");
        assert_eq!(policies("fed", Scope::Cluster, &apis(None)).len(), 6);
        assert!(apis(Some("v1")).warnings("c1").is_empty());
    }

    #[test]
    fn teardown_deletes_bindings_before_their_policies() {
        let objects = written_policies("fed", Some("v1"));
        assert_eq!(objects.len(), 8);
        assert_eq!(objects[0].resource.kind, "MutatingAdmissionPolicyBinding");
        assert_eq!(objects[1].resource.kind, "MutatingAdmissionPolicy");
        assert_eq!(objects[7].resource.kind, "ValidatingAdmissionPolicy");
        assert_eq!(written_policies("fed", None).len(), 6);
    }

    #[test]
    fn rules_guard_spec_and_status_updates() {
        let ftc = federated_type_config_rules();
        let expressions: Vec<&str> = ftc
            .iter()
            .map(|r| r["expression"].as_str().unwrap())
            .collect();
        assert!(expressions[0].starts_with("!variables.spec || ("));
        assert!(
            expressions
                .iter()
                .any(|e| e.starts_with("variables.spec || (has(object.status)"))
        );
        // Target, federated and status type: five checks each.
        assert_eq!(
            expressions
                .iter()
                .filter(|e| e.contains(".pluralName) && size("))
                .count(),
            3
        );
        assert!(
            expressions
                .iter()
                .any(|e| e.contains("!has(object.spec.statusType) || (has(object.spec.statusType.group) && object.spec.statusType.group.contains('.')"))
        );
        for rule in ftc
            .iter()
            .chain(&kubefed_cluster_rules())
            .chain(&kubefed_config_rules())
        {
            assert!(!rule["message"].as_str().unwrap().is_empty());
            let expression = rule["expression"].as_str().unwrap();
            assert_eq!(
                expression.matches('(').count(),
                expression.matches(')').count(),
                "{expression}"
            );
        }
    }

    #[test]
    fn feature_gates_are_completed_in_gos_order() {
        let spec = feature_gate_defaulting();
        let all = spec["variables"][1]["expression"].as_str().unwrap();
        assert!(
            all.contains("{'name': 'RawResourceStatusCollection', 'configuration': 'Disabled'}"),
            "{all}"
        );
        let patch = spec["mutations"][0]["jsonPatch"]["expression"]
            .as_str()
            .unwrap();
        let order: Vec<usize> = [
            "'PushReconciler'",
            "'RawResourceStatusCollection'",
            "'SchedulerPreferences'",
            "!(g.name in",
        ]
        .iter()
        .map(|n| patch.find(n).unwrap())
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{patch}");
        assert_eq!(
            spec["matchConstraints"]["resourceRules"][0]["operations"],
            json!(["CREATE"])
        );
    }
}
