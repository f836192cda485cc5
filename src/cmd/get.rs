//! `kubefedctl get TYPE [NAME] [-n NS | -A]`: where federated resources went, per member
//! cluster. Resolve the type and namespace, read (one list per type on the host and on
//! each member concerned), assess (`plan::get`), print. Exit 1 when any placed cluster
//! is not as desired.

use anyhow::anyhow;

use crate::cli::{GetArgs, GetOutput, GlobalArgs};
use crate::error::{ExitStatus, Hinted};
use crate::kube::config::Kubeconfigs;
use crate::kube::federated::{
    ListScope, ResolvedType, list_federated, list_joined_clusters, read_members,
    resolve_federated_type,
};
use crate::output::{OutputFormat, Printer, table};
use crate::plan::enable::DEFAULT_FEDERATED_GROUP;
use crate::plan::get::{JoinedCluster, Observed, assess, clusters_to_read};
use crate::plan::names::{is_dns1123_label, is_dns1123_subdomain};
use crate::program::command_line;

pub async fn run(
    args: &GetArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    check_names(args)?;
    let kubeconfigs = Kubeconfigs::load(global.kubeconfig.as_deref())?;
    let context = kubeconfigs
        .host_context(global.host_cluster_context.as_deref())?
        .to_owned();
    let client = kubeconfigs.client(&context).await?;
    let kubefed_namespace = global.kubefed_namespace.as_str();
    let ResolvedType { kind, config } =
        resolve_federated_type(&client, &args.type_name, kubefed_namespace, &context).await?;
    let Some((type_name, target)) = config.and_then(|c| Some((c.name, c.target?))) else {
        return Err(Hinted::new(
            anyhow!(
                "{} is not propagated by any FederatedTypeConfig in namespace \
                 \"{kubefed_namespace}\" on context \"{context}\"",
                kind.federated.crd_name()
            ),
            format!(
                "enable the type it federates with `{}`",
                command_line("enable TYPE")
            ),
        )
        .into());
    };

    let federated_namespaces = kind.federated.group == DEFAULT_FEDERATED_GROUP
        && kind.federated.kind == "FederatedNamespace";
    let namespace = if !kind.federated.namespaced || args.all_namespaces {
        None
    } else if let Some(ns) = &args.namespace {
        Some(ns.clone())
    } else if federated_namespaces {
        // A FederatedNamespace lives in the namespace it federates.
        args.name.clone()
    } else {
        Some(
            kubeconfigs
                .context_namespace(&context)
                .unwrap_or("default")
                .to_owned(),
        )
    };
    let scope = ListScope {
        namespace: namespace.as_deref(),
        name: args.name.as_deref(),
    };

    let (clusters, objects) = futures::try_join!(
        list_joined_clusters(&client, kubefed_namespace, &context),
        list_federated(&client, &kind, scope, &context)
    )?;
    if let (Some(name), true) = (&args.name, objects.is_empty()) {
        let place = namespace
            .as_deref()
            .map(|ns| format!(" in namespace \"{ns}\""))
            .unwrap_or_default();
        let namespace_flag = namespace
            .as_deref()
            .filter(|_| !federated_namespaces)
            .map(|ns| format!(" -n {ns}"))
            .unwrap_or_default();
        return Err(Hinted::new(
            anyhow!(
                "{} \"{name}\" not found{place} on context \"{context}\"",
                kind.federated.kind
            ),
            format!(
                "list them with `{}`, or federate it first with `{}`",
                command_line(format_args!("get {type_name} -A")),
                command_line(format_args!("federate {type_name} {name}{namespace_flag}"))
            ),
        )
        .into());
    }
    let clusters: Vec<JoinedCluster> = clusters
        .iter()
        .filter_map(JoinedCluster::from_object)
        .collect();
    if clusters.is_empty() {
        printer.warn(format_args!(
            "no member cluster is joined in namespace \"{kubefed_namespace}\" on context \
             \"{context}\""
        ));
    }
    let to_read = clusters_to_read(&objects, &clusters);
    let members = read_members(&kubeconfigs, &to_read, &target, scope).await;
    let report = assess(&Observed {
        type_name,
        federated_type: kind.federated.crd_name(),
        target: &target,
        clusters,
        objects,
        members,
    });

    match args.output {
        Some(GetOutput::Json) => printer.document(OutputFormat::Json, &report)?,
        Some(GetOutput::Yaml) => printer.document(OutputFormat::Yaml, &report)?,
        None | Some(GetOutput::Wide) if report.objects.is_empty() => {
            let place = namespace
                .map(|ns| format!(" in namespace \"{ns}\""))
                .unwrap_or_default();
            printer.warn(format_args!(
                "no {} found{place}",
                kind.federated.crd_name()
            ));
        }
        None | Some(GetOutput::Wide) => {
            let (header, rows) = report.table(args.output == Some(GetOutput::Wide));
            printer.out(&table(&header, rows))?;
        }
    }
    Ok(if report.ok {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

/// NAME and -n must be names the API server could hold, before any request.
fn check_names(args: &GetArgs) -> anyhow::Result<()> {
    if let Some(ns) = args.namespace.as_deref().filter(|ns| !is_dns1123_label(ns)) {
        return Err(Hinted::new(
            anyhow!("invalid namespace {ns:?}: not a DNS-1123 label"),
            "a namespace is at most 63 lower-case letters, digits and '-', starting and \
             ending with a letter or digit",
        )
        .into());
    }
    if let Some(name) = args.name.as_deref().filter(|n| !is_dns1123_subdomain(n)) {
        return Err(Hinted::new(
            anyhow!("invalid name {name:?}: not a DNS-1123 subdomain"),
            "a name is lower-case letters, digits, '-' and '.', starting and ending with a \
             letter or digit",
        )
        .into());
    }
    Ok(())
}
