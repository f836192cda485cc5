//! `kubefedctl unjoin`: removes on both sides what join created.
//!
//! Unlike Go kubefedctl it is idempotent (unjoining a cluster that is not joined
//! succeeds, kubefed issue #745), deletes the member's token Secret explicitly, keeps the
//! member namespace while other control planes' service accounts live in it, and with
//! `--force` bounds every member request so a dead member cannot stall it.

use std::time::Duration;

use serde::Serialize;

use crate::cli::{DryRun, GlobalArgs, UnjoinArgs};
use crate::cluster::apply::Writer;
use crate::cluster::kubefed::{namespace_uid, service_account_names};
use crate::cmd::members::{self, Host, Member, MemberSettings};
use crate::error::ExitStatus;
use crate::output::{OutputFormat, Printer};
use crate::plan::join::{
    Credentials, Object, kubefed_cluster_resource, member_objects_to_remove, namespace_resource,
    secret_resource,
};
use crate::plan::kubefed::KubeFedCluster;
use crate::plan::kubefed::KubeFedObject;
use crate::plan::names::JoinNames;

/// Bound on each member request under --force.
const FORCE_TIMEOUT: Duration = Duration::from_secs(15);

/// Unjoin's arguments, resolved before any request.
#[derive(Debug, PartialEq)]
pub(crate) struct UnjoinSettings {
    members: MemberSettings,
    force: bool,
    dry_run: DryRun,
    output: Option<OutputFormat>,
}

impl UnjoinSettings {
    pub(crate) fn resolve(args: &UnjoinArgs) -> anyhow::Result<UnjoinSettings> {
        Ok(UnjoinSettings {
            members: MemberSettings::resolve(&args.clusters, &args.member)?,
            force: args.force,
            dry_run: args.dry_run.dry_run,
            output: args.output,
        })
    }
}

pub(crate) async fn run(
    args: &UnjoinArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let settings = UnjoinSettings::resolve(args)?;
    let host = Host::open(
        global,
        settings.members.host_name.as_ref(),
        settings.dry_run,
        printer,
    )
    .await?;
    let mut reports = Vec::new();
    let status = unjoin_all(
        &host,
        &settings.members.members,
        settings.members.concurrency,
        settings.force,
        printer,
        |outcome| {
            // With -o the document is the result; stdout stays parseable.
            if settings.output.is_none() {
                printer.line(outcome.line())?;
            }
            reports.push(outcome);
            Ok(())
        },
    )
    .await;
    if let Some(format) = settings.output {
        printer.document(format, &serde_json::json!({ "clusters": reports }))?;
    }
    status
}

/// Unjoins `members` from `host`, several at once; `emit` receives the outcome of each
/// member that was unjoined (or found not joined).
pub(crate) async fn unjoin_all(
    host: &Host,
    members: &[Member],
    concurrency: u16,
    force: bool,
    printer: &Printer,
    mut emit: impl FnMut(Outcome) -> anyhow::Result<()>,
) -> anyhow::Result<ExitStatus> {
    let dry_run = host.writer.dry_run();
    let outcomes = members::for_each(members, concurrency, printer, "unjoining", |member, _| {
        unjoin_one(host, member, force)
    })
    .await;
    let mut failures = Vec::new();
    for (member, outcome) in members.iter().zip(outcomes) {
        match outcome {
            Ok(mut outcome) => {
                for problem in &outcome.left_behind {
                    printer.warn(format_args!("cluster \"{}\": {problem}", member.cluster));
                }
                outcome.cluster.clone_from(&member.cluster);
                outcome.dry_run = dry_run != DryRun::None;
                emit(outcome)?;
            }
            Err(e) => failures.push((member.cluster.clone(), e)),
        }
    }
    members::finish("unjoin", failures, members.len())
}

/// What unjoin did to one cluster; with -o, one entry of the `clusters` list.
#[derive(Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Outcome {
    cluster: String,
    was_joined: bool,
    dry_run: bool,
    /// What --force could not remove.
    pub left_behind: Vec<String>,
}

impl Outcome {
    pub(crate) fn line(&self) -> String {
        let dry = if self.dry_run { " (dry run)" } else { "" };
        if self.was_joined {
            format!("cluster \"{}\" unjoined{dry}", self.cluster)
        } else {
            format!(
                "cluster \"{}\" is not joined; nothing to do{dry}",
                self.cluster
            )
        }
    }
}

pub(crate) async fn unjoin_one(
    host: &Host,
    member: &Member,
    force: bool,
) -> anyhow::Result<Outcome> {
    let ns = host.namespace.as_str();
    let names = JoinNames::new(&member.cluster, &host.name.name, ns)?;
    let kfc = Object {
        resource: kubefed_cluster_resource(),
        namespace: Some(ns.to_owned()),
        name: member.cluster.clone(),
        body: serde_json::Value::Null,
    };
    // The host side decides whether the cluster is joined; its errors stop us even with
    // --force, since nothing sensible can be done without the host.
    let existing_kfc = host.writer.get(&kfc.target()).await?;
    let mut outcome = Outcome {
        was_joined: existing_kfc.is_some(),
        ..Outcome::default()
    };

    // A join with the kubeconfig's token created nothing on the member, and the member
    // context's rights may not reach further than that token's.
    let member_side = match existing_kfc
        .as_ref()
        .map(|kfc| Credentials::of(&kfc.metadata))
    {
        Some(Credentials::Kubeconfig) => Ok(false),
        _ => member_side(host, member, &names, force).await,
    };
    match member_side {
        Ok(removed_any) => outcome.was_joined |= removed_any,
        Err(e) if force => outcome.left_behind.push(format!(
            "member objects not removed: {}",
            crate::error::messages(&e).join(": ")
        )),
        Err(e) => return Err(e),
    }

    if let Some(existing) = existing_kfc {
        let secret = KubeFedCluster::from_object(&existing)
            .map(|kfc| kfc.spec.secret_ref.name)
            .unwrap_or_default();
        if let Some(secret) = Some(secret.as_str()).filter(|s| !s.is_empty()) {
            let secret = Object {
                resource: secret_resource(),
                namespace: Some(ns.to_owned()),
                name: secret.to_owned(),
                body: serde_json::Value::Null,
            };
            host.writer.delete(&secret.target()).await?;
        }
        host.writer.delete(&kfc.target()).await?;
    }
    Ok(outcome)
}

/// Deletes the member's RBAC, service account, token Secret and, when nothing else needs
/// it, the KubeFed namespace. Returns whether anything was there.
async fn member_side(
    host: &Host,
    member: &Member,
    names: &JoinNames,
    force: bool,
) -> anyhow::Result<bool> {
    let writer = member.connect(host).await?;
    let bounded = |what: String| {
        move |elapsed| {
            anyhow::Error::new(elapsed).context(format!(
                "{what}: no answer from member cluster \"{}\" within {}s",
                member.cluster,
                FORCE_TIMEOUT.as_secs()
            ))
        }
    };
    let mut removed_any = false;
    for object in member_objects_to_remove(names, &host.namespace) {
        let target = object.target();
        let delete = writer.delete(&target);
        let removed = if force {
            tokio::time::timeout(FORCE_TIMEOUT, delete)
                .await
                .map_err(bounded(target.describe()))??
        } else {
            delete.await?
        };
        removed_any |= removed;
    }
    let namespace = async { remove_namespace(host, &writer, names).await };
    if force {
        tokio::time::timeout(FORCE_TIMEOUT, namespace)
            .await
            .map_err(bounded(format!("namespace \"{}\"", host.namespace)))??;
    } else {
        namespace.await?;
    }
    Ok(removed_any)
}

/// The KubeFed namespace goes unless the member is the host itself (compared by
/// namespace UID, kubefed issue #593) or service accounts of other joins still live in
/// it (a member joined to two control planes, karmada issue #3678).
async fn remove_namespace(host: &Host, member: &Writer, names: &JoinNames) -> anyhow::Result<()> {
    let ns = host.namespace.as_str();
    let member_uid = namespace_uid(member.client(), ns, member.cluster()).await?;
    if member_uid.is_none() {
        return Ok(());
    }
    let host_uid = namespace_uid(host.writer.client(), ns, host.context()).await?;
    if member_uid == host_uid {
        return Ok(());
    }
    let others = service_account_names(member, ns)
        .await?
        .iter()
        .any(|name| name != "default" && name != &names.service_account);
    if others {
        return Ok(());
    }
    let namespace = Object {
        resource: namespace_resource(),
        namespace: None,
        name: ns.to_owned(),
        body: serde_json::Value::Null,
    };
    member.delete(&namespace.target()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::parse_args;
    use crate::plan::names::HostName;

    fn resolve(args: &[&str]) -> anyhow::Result<UnjoinSettings> {
        UnjoinSettings::resolve(&parse_args(&[&["unjoin"], args].concat())?)
    }

    #[test]
    fn flags_are_resolved() {
        let settings = resolve(&[
            "cluster2",
            "--cluster-context",
            "ctx2",
            "--host-cluster-name",
            "fed",
            "--force",
            "--dry-run=server",
            "-o",
            "yaml",
        ])
        .unwrap();
        assert_eq!(
            settings,
            UnjoinSettings {
                members: MemberSettings {
                    members: vec![Member {
                        cluster: "cluster2".into(),
                        context: "ctx2".into()
                    }],
                    host_name: Some(HostName::given("fed").unwrap()),
                    concurrency: 4,
                },
                force: true,
                dry_run: DryRun::Server,
                output: Some(OutputFormat::Yaml),
            }
        );
        let settings = resolve(&["cluster2", "cluster3", "--concurrency", "1"]).unwrap();
        assert_eq!(settings.members.members.len(), 2);
        assert_eq!(settings.members.concurrency, 1);
        assert!(!settings.force);
        assert_eq!(settings.dry_run, DryRun::None);
    }

    #[test]
    fn names_are_checked_before_any_request() {
        let refused = |args: &[&str]| resolve(args).unwrap_err().to_string();
        assert_eq!(refused(&["a", "a"]), "cluster \"a\" is named twice");
        assert_eq!(
            refused(&["a", "--host-cluster-name", "Upper"]),
            "invalid host-cluster-name \"Upper\": it must be a lower-case DNS-1123 subdomain"
        );
    }
}
