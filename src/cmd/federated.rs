//! The federated object a command names as TYPE NAME [-n NAMESPACE] (orphaning-deletion,
//! override): the type resolved as `kube::federated` resolves it, then the object read
//! from the host.

use ::kube::core::ApiResource;
use anyhow::{Context, anyhow};
use serde_json::Value;

use crate::cli::{DryRun, FederatedResourceArgs, GlobalArgs};
use crate::error::Hinted;
use crate::kube::apply::{Target, Writer};
use crate::kube::config::Kubeconfigs;
use crate::kube::federated::{ResolvedType, resolve_federated_type};
use crate::plan::orphaning::{OrphaningType, object_namespace};
use crate::program::command_line;

/// The federated object TYPE and NAME name, read from the host.
pub(crate) struct FederatedObject {
    pub writer: Writer,
    pub kind: OrphaningType,
    pub resource: ApiResource,
    pub namespace: Option<String>,
    pub name: String,
    pub object: Value,
}

impl FederatedObject {
    pub fn target(&self) -> Target<'_> {
        Target {
            resource: &self.resource,
            namespace: self.namespace.as_deref(),
            name: &self.name,
        }
    }

    pub async fn find(
        args: &FederatedResourceArgs,
        dry_run: DryRun,
        global: &GlobalArgs,
    ) -> anyhow::Result<Self> {
        let kubeconfigs = Kubeconfigs::load(global.kubeconfig.as_deref())?;
        let context = kubeconfigs
            .host_context(global.host_cluster_context.as_deref())?
            .to_owned();
        let client = kubeconfigs.client(&context).await?;
        let ResolvedType { kind, .. } = resolve_federated_type(
            &client,
            &args.type_name,
            &global.kubefed_namespace,
            &context,
        )
        .await?;

        let namespace = object_namespace(
            &kind.federated,
            &args.name,
            args.namespace.as_deref(),
            kubeconfigs.context_namespace(&context),
        );
        let writer = Writer::new(client, dry_run, context.clone());
        let resource = kind.federated.resource();
        let target = Target {
            resource: &resource,
            namespace: namespace.as_deref(),
            name: &args.name,
        };
        let Some(object) = writer.get(&target).await? else {
            return Err(not_found(&target, &kind, &context).into());
        };
        let object = serde_json::to_value(object).context("cannot encode the object")?;
        Ok(FederatedObject {
            writer,
            kind,
            resource,
            namespace,
            name: args.name.clone(),
            object,
        })
    }
}

fn not_found(target: &Target<'_>, kind: &OrphaningType, context: &str) -> Hinted {
    let namespace_flag = target
        .namespace
        .filter(|ns| *ns != target.name || kind.federated.kind != "FederatedNamespace")
        .map(|ns| format!(" -n {ns}"))
        .unwrap_or_default();
    let hint = match &kind.type_config {
        Some(config) => format!(
            "check NAME and the namespace (-n), or federate the resource first: `{}`",
            command_line(format_args!(
                "federate {config} {}{namespace_flag}",
                target.name
            ))
        ),
        None => format!(
            "check NAME and the namespace (-n): `kubectl get {} -A`",
            kind.federated.crd_name()
        ),
    };
    Hinted::new(
        anyhow!("{} not found on context \"{context}\"", target.describe()),
        hint,
    )
}
