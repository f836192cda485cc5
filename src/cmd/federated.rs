//! The federated object a command names as TYPE NAME [-n NAMESPACE] (orphaning-deletion,
//! override): the type resolved as `kube::federated` resolves it, then the object read
//! from the host; the federated objects `get` and `diff` select with TYPE [NAME]
//! [-n NAMESPACE | -A]; and the `--wait` of the commands that write them.

use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use kube::core::ApiResource;

use crate::cli::{DryRun, FederatedResourceArgs, FederatedSelectionArgs};
use crate::cluster::federated::{
    EnabledType, ListScope, Propagation, ResolvedType, Snapshot, resolve_enabled_type,
    resolve_federated_type,
};
use crate::cluster::target::Target;
use crate::cmd::members::Session;
use crate::error::{self, ExitStatus, Hinted};
use crate::output::Printer;
use crate::plan::enable::DEFAULT_FEDERATED_GROUP;
use crate::plan::get::{MemberObject, Observed, Report, assess, member_object};
use crate::plan::kubefed::{FederatedResource, KubeFedObject};
use crate::plan::names::{is_dns1123_label, is_dns1123_subdomain};
use crate::plan::orphaning::{OrphaningType, object_namespace};
use crate::plan::placement::PlacementProblem;
use crate::program::command_line;

/// Says the placement problems of `subject` (what `federate`, `override set` and
/// `schedule` are about to write): each a warning with its fix; with `strict`, the first
/// is the error, before anything is written, and the others warnings.
pub(super) fn report_placement(
    subject: &str,
    problems: &[PlacementProblem],
    strict: bool,
    printer: &Printer,
) -> anyhow::Result<()> {
    if strict && let Some(first) = problems.first() {
        for other in &problems[1..] {
            printer.warn(format_args!("{subject}: {}", other.problem));
        }
        return Err(Hinted::new(
            anyhow!(
                "{subject}: {} (--strict: nothing was written)",
                first.problem
            ),
            first.fix.clone(),
        )
        .into());
    }
    for problem in problems {
        printer.warn(format_args!(
            "{subject}: {}; {}",
            problem.problem, problem.fix
        ));
    }
    Ok(())
}

/// The federated object TYPE and NAME name, read from the host.
pub(crate) struct FederatedObject {
    pub kind: OrphaningType,
    pub resource: ApiResource,
    pub namespace: Option<String>,
    pub name: String,
    pub object: FederatedResource,
}

impl FederatedObject {
    pub(super) fn target(&self) -> Target<'_> {
        Target {
            resource: &self.resource,
            namespace: self.namespace.as_deref(),
            name: &self.name,
        }
    }

    /// Resolves TYPE in the session's KubeFed namespace and reads NAME; the namespace is
    /// -n, else the context's (a FederatedNamespace's is NAME).
    pub(super) async fn find(
        session: &Session,
        args: &FederatedResourceArgs,
    ) -> anyhow::Result<Self> {
        let (writer, context) = (&session.writer, session.context());
        let ResolvedType { kind, .. } = resolve_federated_type(
            writer.client(),
            &args.type_name,
            &session.namespace,
            context,
        )
        .await?;

        let namespace = object_namespace(
            &kind.federated,
            &args.name,
            args.namespace.as_deref(),
            session.kubeconfigs.context_namespace(context),
        );
        let resource = kind.federated.resource();
        let target = Target {
            resource: &resource,
            namespace: namespace.as_deref(),
            name: &args.name,
        };
        let Some(object) = writer.get(&target).await? else {
            return Err(not_found(&target, &kind, context).into());
        };
        let object = FederatedResource::from_object(&object).with_context(|| {
            format!(
                "{} on context \"{context}\" is not a federated resource",
                target.describe()
            )
        })?;
        Ok(FederatedObject {
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

/// TYPE [NAME] [-n NAMESPACE | -A] of `get` and `diff`, with the names checked before any
/// request.
#[derive(Debug, PartialEq)]
pub(crate) struct SelectionSettings {
    type_name: String,
    name: Option<String>,
    namespaces: Namespaces,
}

/// The namespaces the command line asks for; what they come to depends on the type (see
/// [`Selection::resolve`]).
#[derive(Debug, PartialEq)]
enum Namespaces {
    /// `-n NAMESPACE`.
    Given(String),
    /// `-A`.
    All,
    /// Neither: the context's namespace, else default; for a FederatedNamespace, NAME's,
    /// else all.
    Implied,
}

impl SelectionSettings {
    pub(crate) fn resolve(args: &FederatedSelectionArgs) -> anyhow::Result<SelectionSettings> {
        check_names(args)?;
        Ok(SelectionSettings {
            type_name: args.type_name.clone(),
            name: args.name.clone(),
            namespaces: match &args.namespace {
                Some(namespace) => Namespaces::Given(namespace.clone()),
                None if args.all_namespaces => Namespaces::All,
                None => Namespaces::Implied,
            },
        })
    }
}

/// The federated objects a [`SelectionSettings`] selects on the host of `session`: what
/// `get` and `diff` read.
pub(crate) struct Selection<'a> {
    session: &'a Session,
    pub enabled: EnabledType,
    /// None: all namespaces (or a cluster-scoped type).
    pub namespace: Option<String>,
    pub name: Option<String>,
}

impl<'a> Selection<'a> {
    /// Resolves the type. A cluster-scoped type has no namespace; a FederatedNamespace
    /// lives in the namespace it federates, so without -n its namespace is NAME, else all.
    pub(super) async fn resolve(
        session: &'a Session,
        settings: &SelectionSettings,
    ) -> anyhow::Result<Self> {
        let context = session.context();
        let enabled = resolve_enabled_type(
            session.writer.client(),
            &settings.type_name,
            &session.namespace,
            context,
        )
        .await?;
        let namespace = match &settings.namespaces {
            _ if !enabled.kind.federated.namespaced => None,
            Namespaces::All => None,
            Namespaces::Given(namespace) => Some(namespace.clone()),
            Namespaces::Implied if is_federated_namespace(&enabled) => settings.name.clone(),
            Namespaces::Implied => Some(
                session
                    .kubeconfigs
                    .context_namespace(context)
                    .unwrap_or("default")
                    .to_owned(),
            ),
        };
        Ok(Selection {
            session,
            enabled,
            namespace,
            name: settings.name.clone(),
        })
    }

    pub(super) fn propagation(&self) -> Propagation<'_> {
        propagation(
            self.session,
            &self.enabled,
            ListScope {
                namespace: self.namespace.as_deref(),
                name: self.name.as_deref(),
            },
        )
    }

    /// ` in namespace "shop"`, or nothing for all namespaces.
    pub(super) fn place(&self) -> String {
        self.namespace
            .as_deref()
            .map(|ns| format!(" in namespace \"{ns}\""))
            .unwrap_or_default()
    }

    /// The error for a NAME that selected nothing, when it did; None otherwise.
    pub(super) fn check_found<T>(&self, objects: &[T]) -> anyhow::Result<()> {
        let (Some(name), true) = (&self.name, objects.is_empty()) else {
            return Ok(());
        };
        let type_name = &self.enabled.type_name;
        let namespace_flag = self
            .namespace
            .as_deref()
            .filter(|_| !is_federated_namespace(&self.enabled))
            .map(|ns| format!(" -n {ns}"))
            .unwrap_or_default();
        Err(Hinted::new(
            anyhow!(
                "{} \"{name}\" not found{} on context \"{}\"",
                self.enabled.kind.federated.kind,
                self.place(),
                self.session.context()
            ),
            format!(
                "list them with `{}`, or federate it first with `{}`",
                command_line(format_args!("get {type_name} -A")),
                command_line(format_args!("federate {type_name} {name}{namespace_flag}"))
            ),
        )
        .into())
    }
}

/// Where the federated objects of `enabled` in `scope` went, as read on the host of
/// `session`.
fn propagation<'a>(
    session: &'a Session,
    enabled: &'a EnabledType,
    scope: ListScope<'a>,
) -> Propagation<'a> {
    Propagation {
        kubeconfigs: &session.kubeconfigs,
        client: session.writer.client(),
        context: session.context(),
        kubefed_namespace: &session.namespace,
        kind: &enabled.kind,
        target: &enabled.target,
        scope,
    }
}

/// Judges a read as `get` reports it.
pub(crate) fn judge(enabled: &EnabledType, snapshot: &Snapshot<MemberObject>) -> Report {
    assess(&Observed {
        type_name: &enabled.type_name,
        federated_type: enabled.kind.federated.crd_name(),
        target: &enabled.target,
        clusters: &snapshot.clusters,
        objects: &snapshot.objects,
        members: &snapshot.members,
    })
}

/// A federated object a command wrote, for `--wait`.
pub(crate) struct Written {
    /// The federated type, as `plural.group` (`federatedconfigmaps.types.kubefed.io`).
    pub federated_type: String,
    pub namespace: Option<String>,
    pub name: String,
}

/// Checks the `--wait` of a command that writes federated objects: a dry run writes
/// nothing to wait for.
pub(crate) fn check_wait(wait: Option<Duration>, dry_run: DryRun) -> anyhow::Result<()> {
    if wait.is_some() && dry_run != DryRun::None {
        bail!("--wait waits for what is written, and a dry run writes nothing");
    }
    Ok(())
}

/// `--wait`: waits, all objects at once and for at most `timeout` in all, until each of
/// `written` is propagated as `get` judges it and no copy is left to remove. Says so on
/// stdout; otherwise prints one error naming each object and cluster that is not as
/// desired, with the controller's reason, and returns [`ExitStatus::Failure`].
pub(crate) async fn wait_propagated(
    session: &Session,
    written: &[Written],
    timeout: Duration,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let mut types: Vec<(String, EnabledType)> = Vec::new();
    for object in written {
        if !types.iter().any(|(name, _)| *name == object.federated_type) {
            let enabled = resolve_enabled_type(
                session.writer.client(),
                &object.federated_type,
                &session.namespace,
                session.context(),
            )
            .await?;
            types.push((object.federated_type.clone(), enabled));
        }
    }
    let spinner = printer.spinner(format!(
        "waiting for {} to propagate",
        count(written.len(), "federated object")
    ));
    let waits = written.iter().map(|object| {
        let enabled = types
            .iter()
            .find(|(name, _)| *name == object.federated_type)
            .map(|(_, enabled)| enabled)
            .expect("every type was resolved above");
        async move {
            let scope = ListScope {
                namespace: object.namespace.as_deref(),
                name: Some(&object.name),
            };
            let (snapshot, _) = propagation(session, enabled, scope)
                .wait(member_object, |s| judge(enabled, s).settled(), timeout)
                .await?;
            Ok::<_, anyhow::Error>(judge(enabled, &snapshot))
        }
    });
    let reports = futures::future::try_join_all(waits).await;
    spinner.finish_and_clear();
    let reports = reports?;
    let shortfalls: Vec<String> = reports.iter().flat_map(Report::shortfalls).collect();
    if shortfalls.is_empty() {
        printer.line(format_args!(
            "{} propagated to every cluster placed",
            count(written.len(), "federated object")
        ))?;
        return Ok(ExitStatus::Success);
    }
    let unfederated = reports
        .iter()
        .flat_map(|r| &r.objects)
        .find(|o| o.reason.as_deref() == Some("NamespaceNotFederated"))
        .and_then(|o| o.namespace.as_deref());
    let hint = match unfederated {
        Some(ns) => format!(
            "federate the namespace first: `{}`",
            command_line(format_args!("federate namespace {ns}"))
        ),
        None => format!(
            "`{}` shows each cluster and KubeFed's reason; --wait=DURATION waits longer",
            command_line("get TYPE NAME -n NAMESPACE -o wide")
        ),
    };
    let not_settled = reports.iter().filter(|r| !r.settled()).count();
    error::print(
        &Hinted::new(
            anyhow!(
                "{not_settled} of {} did not propagate within {}s: {}",
                count(written.len(), "federated object"),
                timeout.as_secs(),
                shortfalls.join("; ")
            ),
            hint,
        )
        .into(),
    );
    Ok(ExitStatus::Failure)
}

/// `1 federated object`, `3 federated objects`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn is_federated_namespace(enabled: &EnabledType) -> bool {
    let federated = &enabled.kind.federated;
    federated.group == DEFAULT_FEDERATED_GROUP && federated.kind == "FederatedNamespace"
}

/// NAME and -n must be names the API server could hold, before any request.
fn check_names(args: &FederatedSelectionArgs) -> anyhow::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::parse_args;
    use crate::error;

    /// The selection of `get ARGS`, which `diff` takes the same way.
    fn selection(args: &[&str]) -> anyhow::Result<SelectionSettings> {
        SelectionSettings::resolve(&parse_args(&[&["get"], args].concat())?)
    }

    #[test]
    fn a_selection_names_its_namespaces() {
        assert_eq!(
            selection(&["configmaps"]).unwrap(),
            SelectionSettings {
                type_name: "configmaps".into(),
                name: None,
                namespaces: Namespaces::Implied,
            }
        );
        let settings = selection(&["deployments.apps", "web", "-n", "shop"]).unwrap();
        assert_eq!(settings.name.as_deref(), Some("web"));
        assert_eq!(settings.namespaces, Namespaces::Given("shop".into()));
        assert_eq!(
            selection(&["configmaps", "-A"]).unwrap().namespaces,
            Namespaces::All
        );
        let both = selection(&["configmaps", "-A", "-n", "shop"]).unwrap_err();
        assert!(
            both.to_string()
                .contains("'--all-namespaces' cannot be used with '--namespace <NAMESPACE>'"),
            "{both}"
        );
    }

    #[test]
    fn a_selection_names_only_what_the_api_server_could_hold() {
        let refused = |args: &[&str]| {
            let e = selection(args).unwrap_err();
            (
                error::messages(&e).join(": "),
                error::hints(&e).join(" / ").to_owned(),
            )
        };
        assert_eq!(
            refused(&["configmaps", "-n", "Not_A_Namespace"]),
            (
                "invalid namespace \"Not_A_Namespace\": not a DNS-1123 label".into(),
                "a namespace is at most 63 lower-case letters, digits and '-', starting and \
                 ending with a letter or digit"
                    .into()
            )
        );
        assert_eq!(
            refused(&["configmaps", "Bad/Name"]),
            (
                "invalid name \"Bad/Name\": not a DNS-1123 subdomain".into(),
                "a name is lower-case letters, digits, '-' and '.', starting and ending with a \
                 letter or digit"
                    .into()
            )
        );
    }

    #[test]
    fn a_dry_run_has_nothing_to_wait_for() {
        let minute = Some(Duration::from_secs(60));
        assert!(check_wait(None, DryRun::Client).is_ok());
        assert!(check_wait(minute, DryRun::None).is_ok());
        assert_eq!(
            check_wait(minute, DryRun::Server).unwrap_err().to_string(),
            "--wait waits for what is written, and a dry run writes nothing"
        );
    }
}
