//! Enabling API types, as `enable`, `init --enable-defaults` and `federate` (for a type
//! not enabled yet) do it: plan the federated CRD and the FederatedTypeConfig of each
//! type from one discovery pass, check them against what the control plane holds, then
//! write them, deleting again what a failed type's run created.

use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use kube::api::DynamicObject;
use serde_json::Value;

use crate::cli::{DryRun, TemplateSchema};
use crate::cluster::apply::{Writer, is_not_found};
use crate::cluster::discovery;
use crate::cluster::kubefed::{list_type_configs, wait_established};
use crate::cluster::target::Target;
use crate::cmd::outcome::{dry_run_suffix, outcome};
use crate::error::Hinted;
use crate::output::Printer;
use crate::plan::enable::{
    Directive, FederatedType, crd_resource, federated_crd, federated_type_config,
    federated_type_config_resource,
};
use crate::plan::join::namespace_resource;
use crate::plan::kubefed::FederatedTypeConfig;
use crate::plan::kubefed::KubeFedObject;
use crate::plan::resolve::ApiType;
use crate::plan::schema;

/// The objects of one type to enable.
pub(crate) struct Plan {
    target: ApiType,
    federated: FederatedType,
    type_config: Value,
    crd: Value,
}

impl Plan {
    /// The FederatedTypeConfig, then the CRD, as they are printed.
    pub(crate) fn objects(&self) -> [&Value; 2] {
        [&self.type_config, &self.crd]
    }

    /// The FederatedTypeConfig as written into the control plane's `namespace`.
    pub(crate) fn type_config_in(&self, namespace: &str) -> Value {
        federated_type_config(&self.target, &self.federated, Some(namespace))
    }
}

/// One plan per distinct target type of `directives`, from one discovery pass; two
/// targets that would share a federated CRD are refused.
pub(crate) async fn plan_directives(
    client: &kube::Client,
    context: &str,
    directives: &[Directive],
    template_schema: TemplateSchema,
    printer: &Printer,
) -> anyhow::Result<Vec<Plan>> {
    let types = discovery::api_types(client, context).await?;
    let mut chosen: Vec<(&ApiType, FederatedType)> = Vec::new();
    for directive in directives {
        let target = discovery::find(
            &types,
            &directive.name,
            directive.target_version.as_deref(),
            context,
        )?;
        if chosen.iter().any(|(t, _)| *t == target) {
            continue;
        }
        let federated = FederatedType::of(
            target,
            &directive.federated_group,
            &directive.federated_version,
        );
        if let Some((other, _)) = chosen
            .iter()
            .find(|(_, f)| f.crd_name() == federated.crd_name())
        {
            return Err(Hinted::new(
                anyhow!(
                    "\"{}\" and \"{}\" would both use the federated type CRD \"{}\"",
                    other.qualified_name(),
                    target.qualified_name(),
                    federated.crd_name()
                ),
                "enable one of them with another --federated-group",
            )
            .into());
        }
        printer.debug(
            2,
            format_args!("Found type \"{}\"", target.versioned_name()),
        );
        chosen.push((target, federated));
    }
    plan_types(client, chosen, context, template_schema).await
}

/// The FederatedTypeConfig and CRD that enable `target` as `federated`.
pub(crate) async fn plan_type(
    client: &kube::Client,
    target: &ApiType,
    federated: FederatedType,
    context: &str,
) -> anyhow::Result<Plan> {
    let mut plans = plan_types(
        client,
        vec![(target, federated)],
        context,
        TemplateSchema::Preserve,
    )
    .await?;
    plans.pop().context("no plan for the type")
}

/// The plans of several types, with the `--template-schema` choice; their schemas are
/// read together (see [`discovery::schema_sources`]).
async fn plan_types(
    client: &kube::Client,
    chosen: Vec<(&ApiType, FederatedType)>,
    context: &str,
    template_schema: TemplateSchema,
) -> anyhow::Result<Vec<Plan>> {
    let targets: Vec<&ApiType> = chosen.iter().map(|(target, _)| *target).collect();
    let whole_documents = template_schema == TemplateSchema::Full;
    let sources = discovery::schema_sources(client, &targets, context, whole_documents).await?;
    chosen
        .into_iter()
        .zip(sources)
        .map(|((target, federated), source)| {
            let retain_replicas = discovery::has_int32_replicas(&source, target);
            let mut crd = federated_crd(target, &federated, retain_replicas);
            if template_schema == TemplateSchema::Full {
                let template = discovery::template_schema(&source, target, context)?;
                schema::set_template(&mut crd, template);
            }
            Ok(Plan {
                type_config: federated_type_config(target, &federated, None),
                crd,
                target: target.clone(),
                federated,
            })
        })
        .collect()
}

/// Checks every plan, then writes all types concurrently; a failing type does not stop
/// the others, and the first error is returned.
pub(crate) async fn apply_plans(
    writer: &Writer,
    namespace: &str,
    plans: &[Plan],
    timeout: Duration,
    printer: &Printer,
) -> anyhow::Result<()> {
    let existing = preflight(writer, namespace, plans).await?;
    let existing = &existing;
    let runs = plans.iter().map(|plan| async move {
        let mut lines = Vec::new();
        let result = enable_one(writer, namespace, plan, existing, timeout, &mut lines).await;
        (lines, result)
    });
    let mut first_error = None;
    for (lines, result) in futures::future::join_all(runs).await {
        for line in lines {
            printer.line(line)?;
        }
        if let Err(e) = result {
            first_error.get_or_insert(e);
        }
    }
    first_error.map_or(Ok(()), Err)
}

/// Everything that would make a write fail or clash, checked before the first write.
/// Returns the FederatedTypeConfigs that exist.
async fn preflight(
    writer: &Writer,
    namespace: &str,
    plans: &[Plan],
) -> anyhow::Result<Vec<DynamicObject>> {
    let context = writer.cluster();
    let ns_target = Target {
        resource: &namespace_resource(),
        namespace: None,
        name: namespace,
    };
    if writer.get(&ns_target).await?.is_none() {
        return Err(Hinted::new(
            anyhow!("KubeFed namespace \"{namespace}\" does not exist on context \"{context}\""),
            "pass --kubefed-namespace NAMESPACE, or --host-cluster-context for the cluster running KubeFed",
        )
        .into());
    }
    let existing = match list_type_configs(writer.client(), namespace, context).await {
        Err(e) if is_not_found(&e) => {
            return Err(Hinted::new(
                anyhow!("the FederatedTypeConfig API is not served on context \"{context}\""),
                "is KubeFed installed there? pass --host-cluster-context for the cluster running it",
            )
            .into());
        }
        existing => existing?,
    };
    for plan in plans {
        check_conflicts(plan, &existing, namespace).with_context(|| {
            format!(
                "cannot enable \"{}\" on context \"{context}\"",
                plan.target.qualified_name()
            )
        })?;
    }
    Ok(existing)
}

/// Go kubefedctl's three refusals: changing the federated type of an enabled type, a type
/// whose equivalent (deprecated) API is enabled, and two types sharing one federated CRD.
fn check_conflicts(plan: &Plan, existing: &[DynamicObject], namespace: &str) -> anyhow::Result<()> {
    let name = plan.target.qualified_name();
    for ftc in existing {
        let ftc = FederatedTypeConfig::from_object(ftc).unwrap_or_default();
        let ftc_name = ftc.name();
        let fed = &ftc.spec.federated_type;
        let (fed_plural, fed_group, fed_version) = (
            fed.plural_name.as_str(),
            fed.group.as_str(),
            fed.version.as_str(),
        );
        let fed_name = format!("{fed_plural}.{fed_group}");
        if ftc_name == name {
            if (fed_plural, fed_group, fed_version)
                != (
                    plan.federated.plural.as_str(),
                    plan.federated.group.as_str(),
                    plan.federated.version.as_str(),
                )
            {
                bail!(
                    "Federation is already enabled for \"{name}\" with federated type \"{fed_name}/{fed_version}\". \
                     Changing the federated type to \"{}\" is not supported.",
                    plan.federated.versioned_name()
                );
            }
            continue;
        }
        let target = &ftc.spec.target_type;
        let (target_plural, target_group, target_version) = (
            target.plural_name.as_str(),
            target.group.as_str(),
            target.version.as_str(),
        );
        if equivalent_apis(
            &plan.target.plural,
            &plan.target.group,
            &plan.target.version,
            target_plural,
            target_group,
            target_version,
        ) {
            bail!(
                "Failed to enable \"{}\". Federation of this type is already enabled for equivalent type \
                 \"{target_plural}.{target_group}/{target_version}\" by FederatedTypeConfig \"{namespace}/{ftc_name}\"",
                plan.target.versioned_name()
            );
        }
        if fed_name == plan.federated.crd_name() {
            return Err(Hinted::new(
                anyhow!(
                    "Failed to enable federation of \"{name}\" due to the FederatedTypeConfig for \"{ftc_name}\" \
                     already referencing a federated type CRD named \"{fed_name}\""
                ),
                "if these target types are distinct despite sharing the same kind, a non-default \
                 --federated-group allows enabling both",
            )
            .into());
        }
    }
    Ok(())
}

/// Go's table of API types that are one type served under several groups: only one of
/// each row may be federated at a time.
fn equivalent_apis(
    plural: &str,
    group: &str,
    version: &str,
    other_plural: &str,
    other_group: &str,
    other_version: &str,
) -> bool {
    const APPS: &[&str] = &[
        "apps/v1",
        "apps/v1beta1",
        "apps/v1beta2",
        "extensions/v1beta1",
    ];
    let row: &[&str] = match plural {
        "deployments" | "daemonsets" | "replicasets" => APPS,
        "statefulsets" => &APPS[..3],
        "networkpolicies" => &["networking.k8s.io/v1", "extensions/v1beta1"],
        "podsecuritypolicies" => &["policy/v1beta1", "extensions/v1beta1"],
        "ingresses" => &[
            "networking.k8s.io/v1",
            "networking.k8s.io/v1beta1",
            "extensions/v1beta1",
        ],
        _ => return false,
    };
    let this = format!("{group}/{version}");
    let other = format!("{other_group}/{other_version}");
    plural == other_plural
        && this != other
        && row.contains(&this.as_str())
        && row.contains(&other.as_str())
}

/// Enables one type; appends its result lines to `lines` (printed by the caller in plan
/// order, so that concurrent runs print the same as sequential ones). `existing` are the
/// FederatedTypeConfigs read by the preflight.
async fn enable_one(
    writer: &Writer,
    namespace: &str,
    plan: &Plan,
    existing: &[DynamicObject],
    timeout: Duration,
    lines: &mut Vec<String>,
) -> anyhow::Result<()> {
    let crd_name = plan.federated.crd_name();
    let crd_target = Target {
        resource: &crd_resource(),
        namespace: None,
        name: &crd_name,
    };
    let ftc_name = plan.target.qualified_name();
    let ftc_target = Target {
        resource: &federated_type_config_resource(),
        namespace: Some(namespace),
        name: &ftc_name,
    };
    let suffix = dry_run_suffix(writer.dry_run());

    let mut crd_before = writer.get(&crd_target).await?;
    // A CRD being deleted (a disable --delete-crd moments ago) would accept the apply and
    // still vanish afterwards: wait until it is gone, then create it anew.
    if crd_before
        .as_ref()
        .is_some_and(|crd| crd.metadata.deletion_timestamp.is_some())
        && writer.dry_run() == DryRun::None
    {
        writer.wait_deleted(&crd_target, timeout).await?;
        crd_before = None;
    }
    let crd_created = crd_before.is_none();
    // Set once the FederatedTypeConfig is known to be missing: a failed write of it (or
    // of the CRD) may still have reached the server, so both count as created.
    let mut ftc_created = false;
    let ftc = plan.type_config_in(namespace);
    let written = async {
        let crd_after = writer.apply(&crd_target, &plan.crd).await?;
        if writer.dry_run() == DryRun::None {
            wait_established(writer, &crd_target, &crd_after, timeout).await?;
        }
        let before = existing
            .iter()
            .find(|ftc| ftc.metadata.name.as_deref() == Some(ftc_name.as_str()));
        ftc_created = before.is_none();
        let after = writer.apply(&ftc_target, &ftc).await?;
        Ok::<_, anyhow::Error>((crd_after, before, after))
    };
    let (crd_after, ftc_before, ftc_after) = match written.await {
        Ok(result) => result,
        Err(e) if (crd_created || ftc_created) && writer.dry_run() == DryRun::None => {
            let mut undo = Vec::new();
            if ftc_created {
                undo.push((&ftc_target, format!("FederatedTypeConfig \"{ftc_name}\"")));
            }
            if crd_created {
                undo.push((&crd_target, format!("CRD \"{crd_name}\"")));
            }
            let mut deleted = Vec::new();
            for (target, what) in undo {
                match writer.undoing().delete(target).await {
                    Ok(true) => deleted.push(what),
                    Ok(false) => {}
                    Err(cleanup) => {
                        return Err(e.context(format!(
                            "cannot enable \"{ftc_name}\", and deleting the {what} this run created failed too: {cleanup:#}"
                        )));
                    }
                }
            }
            return Err(if deleted.is_empty() {
                e.context(format!("cannot enable \"{ftc_name}\""))
            } else {
                e.context(format!(
                    "cannot enable \"{ftc_name}\"; the {} this run created was deleted again",
                    deleted.join(" and the ")
                ))
            });
        }
        Err(e) => return Err(e.context(format!("cannot enable \"{ftc_name}\""))),
    };
    lines.push(format!(
        "customresourcedefinition.apiextensions.k8s.io/{crd_name} {}{suffix}",
        outcome(crd_before.as_ref(), &crd_after, writer.dry_run())
    ));
    lines.push(format!(
        "federatedtypeconfig.core.kubefed.io/{ftc_name} {} in namespace {namespace}{suffix}",
        outcome(ftc_before, &ftc_after, writer.dry_run())
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equivalent_api_table() {
        assert!(equivalent_apis(
            "deployments",
            "apps",
            "v1",
            "deployments",
            "extensions",
            "v1beta1"
        ));
        assert!(!equivalent_apis(
            "deployments",
            "apps",
            "v1",
            "deployments",
            "apps",
            "v1"
        ));
        assert!(!equivalent_apis(
            "statefulsets",
            "apps",
            "v1",
            "statefulsets",
            "extensions",
            "v1beta1"
        ));
        assert!(equivalent_apis(
            "ingresses",
            "networking.k8s.io",
            "v1",
            "ingresses",
            "extensions",
            "v1beta1"
        ));
        assert!(!equivalent_apis(
            "widgets", "a.io", "v1", "widgets", "b.io", "v1"
        ));
    }
}
