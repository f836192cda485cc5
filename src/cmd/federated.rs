//! The federated object a command names as TYPE NAME [-n NAMESPACE]: TYPE resolved
//! through discovery, a target type (`configmaps`) mapped to its federated type through its
//! FederatedTypeConfig, a federated type (`federatedconfigmaps`, as the Go tool required)
//! taken as it is; then the object read from the host.

use ::kube::Client;
use ::kube::api::{Api, DynamicObject, ListParams};
use ::kube::core::ApiResource;
use anyhow::{Context, anyhow};
use serde_json::Value;

use crate::cli::{DryRun, FederatedResourceArgs, GlobalArgs};
use crate::error::Hinted;
use crate::kube::apply::{Target, Writer};
use crate::kube::config::Kubeconfigs;
use crate::kube::discovery::{api_types, find};
use crate::plan::enable::federated_type_config_resource;
use crate::plan::orphaning::{OrphaningType, TypeConfig, object_namespace, orphaning_type};
use crate::plan::resolve::ApiType;
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
        let (types, configs) = futures::join!(
            api_types(&client, &context),
            type_configs(&client, &global.kubefed_namespace, &context)
        );
        let types = types?;
        let named = find(&types, &args.type_name, None, &context)?;
        // Without the FederatedTypeConfigs (KubeFed missing, no right to list them) a
        // federated type named as such still works, as it did in Go.
        let kind = match &configs {
            Ok(configs) => orphaning_type(named, configs),
            Err(_) => orphaning_type(named, &[]),
        };
        let kind = match (kind, configs) {
            (Some(kind), _) => kind,
            (None, Err(e)) => return Err(e),
            (None, Ok(_)) => {
                let gqn = named.qualified_name();
                return Err(Hinted::new(
                    anyhow!(
                        "\"{}\" is not enabled for federation on context \"{context}\": no FederatedTypeConfig \"{}/{gqn}\"",
                        args.type_name,
                        global.kubefed_namespace
                    ),
                    format!(
                        "enable the type with `{}`, or name a federated type such as Federated{}",
                        command_line(format_args!("enable {gqn}")),
                        named.kind
                    ),
                )
                .into());
            }
        };
        check_served(&types, &kind, &context)?;

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

/// The FederatedTypeConfigs in the KubeFed namespace, with one list.
async fn type_configs(
    client: &Client,
    namespace: &str,
    context: &str,
) -> anyhow::Result<Vec<TypeConfig>> {
    let api: Api<DynamicObject> =
        Api::namespaced_with(client.clone(), namespace, &federated_type_config_resource());
    let list = api
        .list(&ListParams::default())
        .await
        .with_context(|| {
            format!(
                "cannot list FederatedTypeConfigs in namespace \"{namespace}\" on context \"{context}\""
            )
        })
        .map_err(|e| {
            Hinted::new(
                e,
                "is KubeFed installed there? Pass its namespace with --kubefed-namespace",
            )
        })?;
    Ok(list
        .items
        .iter()
        .filter_map(|ftc| TypeConfig::from_object(&serde_json::to_value(ftc).ok()?))
        .collect())
}

/// The federated type's CRD must be served; a FederatedTypeConfig can outlive it.
fn check_served(types: &[ApiType], kind: &OrphaningType, context: &str) -> anyhow::Result<()> {
    let federated = &kind.federated;
    if types
        .iter()
        .any(|t| t.group == federated.group && t.plural == federated.plural)
    {
        return Ok(());
    }
    let again = kind
        .type_config
        .as_deref()
        .map(|name| {
            format!(
                "enable the type again with `{}`",
                command_line(format_args!("enable {name}"))
            )
        })
        .unwrap_or_else(|| format!("enable the type with `{}`", command_line("enable")));
    Err(Hinted::new(
        anyhow!(
            "context \"{context}\" does not serve the federated type {}",
            federated.versioned_name()
        ),
        again,
    )
    .into())
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
