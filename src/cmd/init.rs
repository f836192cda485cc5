//! `kubefedctl init`: install the KubeFed API and configuration on the host cluster.
//!
//! Order: the namespace, the KubeFed CRDs and the admission policies that stand in for
//! KubeFed's webhooks (those the host serves), then (once the CRDs are established) the
//! KubeFedConfig, a wait until the host completes partial KubeFedConfigs, the default
//! types through enable's own planning and writing, and last the controller manager, so
//! that it starts against a complete control plane.

use anyhow::anyhow;
use kube::core::ApiResource;
use serde_json::Value;

use crate::cli::{DryRun, GlobalArgs, InitArgs, InitScope, TemplateSchema};
use crate::cluster::apply::Writer;
use crate::cluster::discovery::policy_apis;
use crate::cluster::kubefed::{wait_defaulting, wait_established};
use crate::cmd::enabling::{Plan, apply_plans, plan_directives};
use crate::cmd::members::Session;
use crate::cmd::outcome::{dry_run_suffix, outcome};
use crate::error::{ExitStatus, Hinted};
use crate::output::Printer;
use crate::plan::admission::{PolicyApis, defaulting_probe, policies};
use crate::plan::enable::{
    DEFAULT_FEDERATED_GROUP, DEFAULT_FEDERATED_VERSION, Directive, crd_resource,
    federated_type_config_resource,
};
use crate::plan::init::{
    DEFAULT_TYPES, FeatureGates, Settings, SettingsError, controller_objects, crds, dns_crds,
    kubefed_config,
};
use crate::plan::join::{Object, Scope};
use crate::plan::kubefed::KubeFedConfig;
use crate::plan::kubefed::KubeFedObject;
use crate::program::command_line;

pub(crate) async fn run(
    args: &InitArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let settings = settings(args)?;
    settings.check()?;
    let namespace = global.kubefed_namespace.as_str();
    let mut crds = crds();
    if args.dns {
        crds.extend(dns_crds());
    }
    let config = kubefed_config(namespace, &settings);
    let controller = args
        .controller_image
        .as_deref()
        .map(|image| controller_objects(namespace, settings.scope, image))
        .unwrap_or_default();

    // The host is read only to plan the default types: `-o` alone works offline.
    let host = if args.output.is_none() || args.enable_defaults {
        let Session { writer, .. } = Session::open(global, DryRun::None).await?;
        Some((writer.client().clone(), writer.cluster().to_owned()))
    } else {
        None
    };
    let apis = match &host {
        Some((client, context)) => {
            let apis = policy_apis(client, context).await?;
            for warning in apis.warnings(context) {
                printer.warn(warning);
            }
            apis
        }
        None => {
            printer.warn(
                "without a host cluster the MutatingAdmissionPolicy that completes a new \
                 KubeFedConfig's feature gates is left out: its API version depends on the host",
            );
            PolicyApis {
                validating: true,
                mutating: None,
            }
        }
    };
    let first: Vec<Object> = std::iter::once(crate::plan::init::namespace(namespace))
        .chain(crds.iter().cloned())
        .chain(policies(namespace, settings.scope, &apis))
        .collect();
    let plans = match (&host, args.enable_defaults) {
        (Some((client, context)), true) => {
            plan_directives(
                client,
                context,
                &default_directives(),
                TemplateSchema::Preserve,
                printer,
            )
            .await?
        }
        _ => Vec::new(),
    };

    let types = type_objects(&plans, namespace);
    if let Some(format) = args.output {
        let bodies = first
            .iter()
            .chain([&config])
            .chain(&types)
            .chain(&controller)
            .map(|o| &o.body);
        printer.objects(format, bodies)?;
        return Ok(ExitStatus::Success);
    }
    let (client, context) = host.ok_or_else(|| anyhow!("no host cluster to write to"))?;
    let dry_run = args.dry_run.dry_run;
    let writer = Writer::new(client, dry_run, context.as_str());

    if writer
        .get(&first[0].target())
        .await?
        .is_some_and(|ns| ns.metadata.deletion_timestamp.is_some())
    {
        return Err(Hinted::new(
            anyhow!("namespace \"{namespace}\" on context \"{context}\" is being deleted"),
            "wait until it is gone (a teardown leaves that to the namespace controller), then run init again",
        )
        .into());
    }
    // The policies are left out: a control plane installed before init wrote them is
    // installed all the same.
    let installed = is_installed(&writer, &first[..1 + crds.len()]).await?;
    if installed {
        refuse_scope_change(&writer, &config, settings.scope).await?;
    }
    let written = futures::future::join_all(first.iter().map(|o| apply(&writer, o))).await;
    for line in written {
        printer.line(line?)?;
    }
    if dry_run != DryRun::None && !installed {
        // Without the namespace and the KubeFed types, the API server can neither read
        // nor dry-run the rest: it is shown as it would be created.
        if dry_run == DryRun::Server {
            printer.warn(format_args!(
                "KubeFed is not installed on context \"{context}\" yet: the objects in namespace \
                 \"{namespace}\" and of KubeFed types were not sent to the API server"
            ));
        }
        for object in std::iter::once(&config).chain(&types).chain(&controller) {
            printer.line(line(object, "created", DryRun::Client))?;
        }
        return Ok(ExitStatus::Success);
    }
    if dry_run == DryRun::None {
        for crd in &crds {
            let target = crd.target();
            let current = writer.get(&target).await?.ok_or_else(|| {
                anyhow!("CRD \"{}\" is gone right after it was written", crd.name)
            })?;
            wait_established(&writer, &target, &current, args.timeout).await?;
        }
    }
    printer.line(apply(&writer, &config).await?)?;
    if apis.mutating.is_some() && dry_run == DryRun::None {
        // Until the defaulting policy applies, the host refuses the partial KubeFedConfigs
        // that KubeFed's webhook completed: init is done once it no longer does.
        let probe = defaulting_probe(namespace, settings.scope);
        wait_defaulting(&writer, &probe, args.timeout).await?;
    }
    if !plans.is_empty() {
        apply_plans(&writer, namespace, &plans, args.timeout, printer).await?;
    }
    for object in &controller {
        printer.line(apply(&writer, object).await?)?;
    }
    Ok(ExitStatus::Success)
}

fn settings(args: &InitArgs) -> Result<Settings, SettingsError> {
    Ok(Settings {
        scope: match args.scope {
            InitScope::Cluster => Scope::Cluster,
            InitScope::Namespaced => Scope::Namespaced,
        },
        available_delay: args.cluster_available_delay,
        unavailable_delay: args.cluster_unavailable_delay,
        // KubeFed's default, and no flag: only a controller that cannot start needs another.
        cache_sync_timeout: std::time::Duration::from_secs(300),
        lease_duration: args.leader_elect_lease_duration,
        renew_deadline: args.leader_elect_renew_deadline,
        retry_period: args.leader_elect_retry_period,
        health_check_period: args.cluster_health_check_period,
        health_check_timeout: args.cluster_health_check_timeout,
        failure_threshold: args.cluster_health_check_failure_threshold,
        success_threshold: 1,
        max_concurrent_reconciles: args.max_concurrent_reconciles,
        adopt_resources: args.adopt_resources,
        feature_gates: FeatureGates::with(&args.feature_gates)?,
    })
}

fn default_directives() -> Vec<Directive> {
    DEFAULT_TYPES
        .iter()
        .map(|name| Directive {
            name: (*name).to_owned(),
            target_version: None,
            federated_group: DEFAULT_FEDERATED_GROUP.to_owned(),
            federated_version: DEFAULT_FEDERATED_VERSION.to_owned(),
        })
        .collect()
}

/// The federated CRDs and FederatedTypeConfigs of the default types in apply order; the
/// FederatedTypeConfigs with their namespace, so that a printed stream applies as it is.
fn type_objects(plans: &[Plan], namespace: &str) -> Vec<Object> {
    plans
        .iter()
        .flat_map(|plan| {
            let [_, crd] = plan.objects();
            [
                object_of(crd_resource(), None, crd.clone()),
                object_of(
                    federated_type_config_resource(),
                    Some(namespace),
                    plan.type_config_in(namespace),
                ),
            ]
        })
        .collect()
}

fn object_of(resource: ApiResource, namespace: Option<&str>, body: Value) -> Object {
    let name = body["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    Object::new(resource, namespace, &name, body)
}

/// The API server refuses to change a KubeFedConfig's scope (`scope is immutable`), and
/// only after the CRDs and the namespace were written: say so before anything is.
async fn refuse_scope_change(
    writer: &Writer,
    config: &Object,
    wanted: Scope,
) -> anyhow::Result<()> {
    let Some(existing) = writer.get(&config.target()).await? else {
        return Ok(());
    };
    let installed = KubeFedConfig::from_object(&existing)
        .map(|config| config.spec.scope)
        .unwrap_or_default();
    let installed = installed.as_str();
    let wanted = format!("{wanted:?}");
    if installed.is_empty() || installed == wanted {
        return Ok(());
    }
    Err(Hinted::new(
        anyhow!(
            "KubeFed on context \"{}\" is installed with scope {installed}, and a \
             KubeFedConfig's scope cannot change to {wanted}",
            writer.cluster()
        ),
        format!(
            "run init with --scope {installed} to update the rest, or {} first to install \
             anew",
            command_line("teardown")
        ),
    )
    .into())
}

/// Whether the namespace and every KubeFed CRD exist already.
async fn is_installed(writer: &Writer, objects: &[Object]) -> anyhow::Result<bool> {
    let found = futures::future::join_all(objects.iter().map(|o| async {
        let target = o.target();
        writer.get(&target).await.map(|found| found.is_some())
    }))
    .await;
    found
        .into_iter()
        .try_fold(true, |all, found| Ok(all && found?))
}

/// Applies one object; returns its result line.
async fn apply(writer: &Writer, object: &Object) -> anyhow::Result<String> {
    let target = object.target();
    let before = writer.get(&target).await?;
    let after = writer.apply(&target, &object.body).await?;
    Ok(line(
        object,
        outcome(before.as_ref(), &after, writer.dry_run()),
        writer.dry_run(),
    ))
}

/// `kind.group/name created in namespace NS`, as enable prints its objects.
fn line(object: &Object, outcome: &str, dry_run: DryRun) -> String {
    let resource = &object.resource;
    let kind = if resource.group.is_empty() {
        resource.kind.to_lowercase()
    } else {
        format!("{}.{}", resource.kind.to_lowercase(), resource.group)
    };
    let place = match &object.namespace {
        Some(ns) => format!(" in namespace {ns}"),
        None => String::new(),
    };
    format!(
        "{kind}/{} {outcome}{place}{}",
        object.name,
        dry_run_suffix(dry_run)
    )
}
