//! `kubefedctl sync -f GROUP.yaml`: make a control plane's members what a cluster group
//! file says. Joins the members that are missing, rejoins those joined with other
//! credentials than the file gives, relabels the KubeFedClusters whose labels differ,
//! unjoins the members the file no longer lists (after a confirmation), all in parallel,
//! with join's and unjoin's own code. A second run changes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use serde::Serialize;

use crate::cli::{DEFAULT_KUBEFED_NAMESPACE, DryRun, GlobalArgs, SyncArgs};
use crate::cluster::apply::FIELD_MANAGER;
use crate::cluster::kubefed::{list_kubefed_clusters, read_token, wait_until_ready};
use crate::cmd::join::{JoinOptions, join_one, waiting_for_ready};
use crate::cmd::members::{self, Host, Member};
use crate::cmd::outcome::dry_run_suffix;
use crate::cmd::unjoin::unjoin_one;
use crate::error::{ExitStatus, HintExt, Hinted};
use crate::output::{self, OutputFormat, Printer};
use crate::plan::input::one_line;
use crate::plan::join::{Credentials, Scope};
use crate::plan::names::HostName;
use crate::plan::sync::{
    Action, ClusterGroup, CurrentMember, Step, export_group, parse_group, plan,
};

/// Sync's arguments, resolved before any request to a cluster: with -f the cluster group
/// file is read and the control plane it names decided against the flags.
#[derive(Debug)]
pub(crate) struct SyncSettings {
    /// None: --export.
    group: Option<Group>,
    yes: bool,
    force: bool,
    concurrency: u16,
    token_timeout: Duration,
    dry_run: DryRun,
    /// How long to wait for each member to be Ready; never in a dry run, which joins
    /// nothing that could become Ready.
    wait: Option<Duration>,
    output: Option<OutputFormat>,
}

/// A cluster group file and the control plane it names.
#[derive(Debug)]
struct Group {
    file: PathBuf,
    group: ClusterGroup,
    /// The global options with the file's host context and KubeFed namespace.
    global: GlobalArgs,
    /// The file's host cluster name, checked.
    host_name: Option<HostName>,
}

impl SyncSettings {
    pub(crate) fn resolve(args: &SyncArgs, global: &GlobalArgs) -> anyhow::Result<SyncSettings> {
        let group = match &args.filename {
            Some(file) => {
                let group = read_group(file)?;
                Some(Group {
                    global: control_plane(&group, global)?,
                    host_name: members::given_host_name(group.host_cluster_name.as_deref())?,
                    file: file.clone(),
                    group,
                })
            }
            None => None,
        };
        let dry_run = args.dry_run.dry_run;
        Ok(SyncSettings {
            group,
            yes: args.yes,
            force: args.force,
            concurrency: args.concurrency,
            token_timeout: args.token_timeout,
            dry_run,
            wait: args.ready.wait.filter(|_| dry_run == DryRun::None),
            output: args.output,
        })
    }
}

pub(crate) async fn run(
    args: &SyncArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let settings = SyncSettings::resolve(args, global)?;
    let Some(group) = &settings.group else {
        return export(&settings, global, printer).await;
    };
    let (filename, dry_run) = (&group.file, settings.dry_run);
    let host = Host::open(&group.global, group.host_name.as_ref(), dry_run, printer).await?;
    let (scope, current) = futures::try_join!(host.read_scope(), current_members(&host))?;
    let steps = plan(
        &group.group.members,
        &current,
        &host.namespace,
        &servers(&host),
    );

    let leaving: Vec<&str> = steps
        .iter()
        .filter(|s| s.action == Action::Unjoin)
        .map(|s| s.cluster.as_str())
        .collect();
    let consent = consent(&leaving, settings.yes, dry_run, filename)?;
    let wait = settings.wait;

    let work: Vec<&Step> = steps
        .iter()
        .filter(|s| match s.action {
            Action::Unchanged => wait.is_some(),
            Action::Unjoin => consent == Consent::Given,
            Action::Join | Action::Rejoin | Action::Relabel => true,
        })
        .collect();
    let members: Vec<Member> = work
        .iter()
        .map(|s| Member {
            cluster: s.cluster.clone(),
            context: s.context.clone(),
        })
        .collect();
    let outcomes = members::for_each(
        &members,
        settings.concurrency,
        printer,
        "syncing",
        |member, spinner| {
            let step = work.iter().find(|s| s.cluster == member.cluster).copied();
            let (host, settings) = (&host, &settings);
            async move {
                let step = step.context("no step planned for the member")?;
                run_step(host, scope, member, step, settings, printer).await?;
                if let Some(timeout) = wait.filter(|_| step.action != Action::Unjoin) {
                    spinner.show(waiting_for_ready(&member.cluster, "synced"));
                    wait_until_ready(&host.writer, &host.namespace, &member.cluster, timeout)
                        .await?;
                }
                Ok(())
            }
        },
    )
    .await;
    let mut outcomes: BTreeMap<&str, anyhow::Result<()>> = work
        .iter()
        .map(|s| s.cluster.as_str())
        .zip(outcomes)
        .collect();

    let suffix = dry_run_suffix(dry_run);
    let mut results = Vec::new();
    let mut failures = Vec::new();
    for step in &steps {
        let mut failed = |e: anyhow::Error| {
            let message = crate::error::messages(&e).join(": ");
            failures.push((step.cluster.clone(), e));
            (Outcome::Failed, Some(message))
        };
        let (result, error) = match (step.action, outcomes.remove(step.cluster.as_str())) {
            (_, Some(Err(e))) => failed(e),
            (Action::Unchanged, _) => (Outcome::Unchanged, None),
            (Action::Unjoin, None) if consent == Consent::Declined => (Outcome::Kept, None),
            (Action::Unjoin, None) => failed(refusal(filename)),
            (Action::Join, _) => (Outcome::Joined, None),
            (Action::Rejoin, _) => (Outcome::Rejoined, None),
            (Action::Relabel, _) => (Outcome::Relabelled, None),
            (Action::Unjoin, _) => (Outcome::Unjoined, None),
        };
        let ready = (wait.is_some() && result.stays_joined()).then_some(true);
        if settings.output.is_none() {
            let note = match result {
                Outcome::Kept => " (unjoin not confirmed)",
                Outcome::Failed => "",
                _ if ready.is_some() => " and Ready",
                Outcome::Unchanged => "",
                Outcome::Joined | Outcome::Rejoined | Outcome::Relabelled | Outcome::Unjoined => {
                    suffix
                }
            };
            printer.line(format_args!(
                "cluster \"{}\" {}{note}",
                step.cluster,
                result.word()
            ))?;
        }
        results.push(MemberResult {
            cluster: step.cluster.clone(),
            context: step.context.clone(),
            result,
            labels: step.labels.clone(),
            ready,
            error,
        });
    }
    if let Some(format) = settings.output {
        printer.document(
            format,
            &SyncReport {
                host_context: host.context().to_owned(),
                kubefed_namespace: host.namespace.clone(),
                dry_run: dry_run != DryRun::None,
                members: results,
            },
        )?;
    }
    members::finish("sync", failures, steps.len())
}

/// `-o json|yaml`: the control plane and one entry per member.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SyncReport {
    host_context: String,
    kubefed_namespace: String,
    dry_run: bool,
    members: Vec<MemberResult>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MemberResult {
    cluster: String,
    context: String,
    result: Outcome,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    labels: BTreeMap<String, String>,
    /// With --wait: the KubeFed controller reported the member Ready.
    #[serde(skip_serializing_if = "Option::is_none")]
    ready: Option<bool>,
    /// Why it failed (the full report goes to stderr).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// What became of one member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Outcome {
    Joined,
    /// Unjoined and joined again with other credentials.
    Rejoined,
    Relabelled,
    Unjoined,
    Unchanged,
    /// Left the file, but the unjoin was declined on the terminal.
    Kept,
    Failed,
}

impl Outcome {
    fn word(self) -> &'static str {
        match self {
            Outcome::Joined => "joined",
            Outcome::Rejoined => "rejoined",
            Outcome::Relabelled => "relabelled",
            Outcome::Unjoined => "unjoined",
            Outcome::Unchanged => "unchanged",
            Outcome::Kept => "kept",
            Outcome::Failed => "failed",
        }
    }

    /// A member that the file lists and that was synced without error.
    fn stays_joined(self) -> bool {
        matches!(
            self,
            Outcome::Joined | Outcome::Rejoined | Outcome::Relabelled | Outcome::Unchanged
        )
    }
}

/// `--export`: the cluster group file of the members as they are.
async fn export(
    settings: &SyncSettings,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let host = Host::open(global, None, DryRun::None, printer).await?;
    let current = current_members(&host).await?;
    let token_contexts = token_contexts(&host, &current).await?;
    let (group, unserved) = export_group(
        &current,
        host.context(),
        &host.namespace,
        &servers(&host),
        &token_contexts,
    );
    for cluster in unserved {
        printer.warn(format_args!(
            "no context of the kubeconfig serves the endpoint of cluster \"{cluster}\": give \
             its context in the file before syncing it"
        ));
    }
    printer.document(settings.output.unwrap_or(OutputFormat::Yaml), &group)?;
    Ok(ExitStatus::Success)
}

/// For each member joined with the token of a kubeconfig context, that context: the one
/// whose token is the one in the member's host Secret.
async fn token_contexts(
    host: &Host,
    current: &[CurrentMember],
) -> anyhow::Result<BTreeMap<String, String>> {
    let mut found = BTreeMap::new();
    for member in current {
        if Credentials::of(&member.object.metadata) != Credentials::Kubeconfig {
            continue;
        }
        let secret = member.object.spec.secret_ref.name.as_str();
        let Some(token) = read_token(&host.writer, &host.namespace, secret).await? else {
            continue;
        };
        let context = host
            .kubeconfigs
            .context_names()
            .into_iter()
            .find(|context| host.kubeconfigs.bearer_token(context).ok().as_ref() == Some(&token));
        if let Some(context) = context {
            found.insert(member.name.clone(), context.to_owned());
        }
    }
    Ok(found)
}

/// Every context of the kubeconfig with its server, in kubeconfig order.
fn servers(host: &Host) -> Vec<(String, String)> {
    host.kubeconfigs
        .context_names()
        .into_iter()
        .filter_map(|name| {
            let server = host.kubeconfigs.endpoint(name).ok()?.server;
            Some((name.to_owned(), server))
        })
        .collect()
}

fn read_group(file: &Path) -> anyhow::Result<ClusterGroup> {
    let text = super::read_text(file, "cluster group file")?;
    // Member names from the file are in some messages: keep them to one line.
    parse_group(&text).map_err(|e| {
        anyhow!(
            "invalid cluster group file {}: {}",
            file.display(),
            one_line(&e.to_string())
        )
    })
}

/// The global options with the file's host context and KubeFed namespace. A flag that
/// says otherwise than the file is an error rather than silently losing.
fn control_plane(group: &ClusterGroup, global: &GlobalArgs) -> anyhow::Result<GlobalArgs> {
    let host_cluster_context = match (&group.host_context, &global.host_cluster_context) {
        (Some(file), Some(flag)) if file != flag => {
            bail!("the file names host context \"{file}\" but --host-cluster-context is \"{flag}\"")
        }
        (file, flag) => file.clone().or_else(|| flag.clone()),
    };
    let kubefed_namespace = match &group.kubefed_namespace {
        Some(file)
            if global.kubefed_namespace != DEFAULT_KUBEFED_NAMESPACE
                && *file != global.kubefed_namespace =>
        {
            bail!(
                "the file names KubeFed namespace \"{file}\" but --kubefed-namespace is \"{}\"",
                global.kubefed_namespace
            )
        }
        Some(file) => file.clone(),
        None => global.kubefed_namespace.clone(),
    };
    Ok(GlobalArgs {
        kubeconfig: global.kubeconfig.clone(),
        host_cluster_context,
        kubefed_namespace,
        verbosity: global.verbosity,
        quiet: global.quiet,
    })
}

/// The KubeFedClusters of the control plane.
async fn current_members(host: &Host) -> anyhow::Result<Vec<CurrentMember>> {
    let clusters =
        list_kubefed_clusters(host.writer.client(), &host.namespace, host.context()).await?;
    Ok(clusters
        .into_iter()
        .filter_map(|kfc| CurrentMember::from_object(kfc, FIELD_MANAGER))
        .collect())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Consent {
    Given,
    /// Asked on the terminal and declined: the members stay.
    Declined,
    /// No terminal to ask on and no --yes.
    Refused,
}

/// Whether the members that left the file may be unjoined: with --yes, in a dry run
/// (which removes nothing), or when the user agrees on the terminal.
fn consent(leaving: &[&str], yes: bool, dry_run: DryRun, file: &Path) -> anyhow::Result<Consent> {
    if leaving.is_empty() || yes || dry_run != DryRun::None {
        return Ok(Consent::Given);
    }
    if !output::can_ask() {
        return Ok(Consent::Refused);
    }
    let agreed = output::ask(format!(
        "Unjoin {}, which {} no longer lists?",
        leaving
            .iter()
            .map(|c| format!("cluster \"{c}\""))
            .collect::<Vec<_>>()
            .join(", "),
        file.display()
    ))?;
    Ok(if agreed {
        Consent::Given
    } else {
        Consent::Declined
    })
}

fn refusal(file: &Path) -> anyhow::Error {
    Hinted::new(
        anyhow!(
            "not unjoined: {} no longer lists it, and stdin and stderr are not both a \
             terminal to confirm on",
            file.display()
        ),
        "pass --yes to unjoin the members that left the file",
    )
    .into()
}

async fn run_step(
    host: &Host,
    scope: Scope,
    member: &Member,
    step: &Step,
    settings: &SyncSettings,
    printer: &Printer,
) -> anyhow::Result<()> {
    match step.action {
        Action::Join | Action::Rejoin => {
            if step.action == Action::Rejoin {
                // Removes what the join with the old credentials left on the member.
                unjoin_one(host, member, settings.force).await?;
            }
            let options = JoinOptions {
                labels: step.labels.clone(),
                auto_labels: false,
                secret_name: None,
                // Leftovers of an interrupted join are brought to the desired state.
                error_on_existing: false,
                token_timeout: settings.token_timeout,
                credentials: step.credentials,
                rejoin: step.action == Action::Rejoin,
            };
            join_one(host, scope, member, &options).await?;
        }
        Action::Relabel => {
            let kfc = step
                .relabelled
                .as_ref()
                .context("no KubeFedCluster planned for the relabelling")?;
            host.writer.apply(&kfc.target(), &kfc.body).await?;
            if !step.dropped_labels.is_empty() {
                let removed: serde_json::Map<String, serde_json::Value> = step
                    .dropped_labels
                    .iter()
                    .map(|k| (k.clone(), serde_json::Value::Null))
                    .collect();
                let patch = serde_json::json!({"metadata": {"labels": removed}});
                host.writer.merge_patch(&kfc.target(), &patch).await?;
            }
        }
        Action::Unjoin => {
            let outcome = unjoin_one(host, member, settings.force)
                .await
                .with_hint(|| {
                    format!(
                        "a member that left the file is reached through the context of its \
                         name, else of its endpoint (here \"{}\"); --force removes its \
                         registration even when the member cannot be reached",
                        member.context
                    )
                })?;
            for problem in &outcome.left_behind {
                printer.warn(format_args!("cluster \"{}\": {problem}", member.cluster));
            }
        }
        Action::Unchanged => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, parse_args};

    fn resolve(args: &[&str]) -> anyhow::Result<SyncSettings> {
        let argv = [&["sync"], args].concat();
        let cli = Cli::try_parse_from(std::iter::once("kubefedctl").chain(argv.iter().copied()))?;
        SyncSettings::resolve(&parse_args(&argv)?, &cli.global)
    }

    fn group_file(text: &str) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        file
    }

    #[test]
    fn the_file_names_the_control_plane() {
        let file = group_file(
            "hostContext: cluster1\nkubefedNamespace: fed\nhostClusterName: hub\n\
             members:\n- name: cluster2\n",
        );
        let path = file.path().to_str().unwrap();
        let settings =
            resolve(&["-f", path, "--yes", "--wait=1m", "--token-timeout", "10s"]).unwrap();
        let group = settings.group.as_ref().unwrap();
        assert_eq!(group.file, file.path());
        assert_eq!(group.group.members[0].name, "cluster2");
        assert_eq!(
            group.global.host_cluster_context.as_deref(),
            Some("cluster1")
        );
        assert_eq!(group.global.kubefed_namespace, "fed");
        assert_eq!(group.host_name, Some(HostName::given("hub").unwrap()));
        assert!(settings.yes);
        assert!(!settings.force);
        assert_eq!(settings.concurrency, 4);
        assert_eq!(settings.token_timeout, Duration::from_secs(10));
        assert_eq!(settings.wait, Some(Duration::from_secs(60)));
        let dry = resolve(&["-f", path, "--wait", "--dry-run"]).unwrap();
        assert_eq!(dry.dry_run, DryRun::Client);
        assert_eq!(dry.wait, None);
    }

    #[test]
    fn export_reads_no_file() {
        let settings = resolve(&["--export", "-o", "json"]).unwrap();
        assert!(settings.group.is_none());
        assert_eq!(settings.output, Some(OutputFormat::Json));
    }

    #[test]
    fn flags_that_contradict_the_file_are_refused() {
        let file = group_file("hostContext: cluster1\nhostClusterName: Hub\nmembers: []\n");
        let path = file.path().to_str().unwrap();
        let refused = |args: &[&str]| resolve(args).unwrap_err().to_string();
        assert_eq!(
            refused(&["-f", path, "--host-cluster-context", "cluster4"]),
            "the file names host context \"cluster1\" but --host-cluster-context is \"cluster4\""
        );
        assert_eq!(
            refused(&["-f", path]),
            "invalid host-cluster-name \"Hub\": it must be a lower-case DNS-1123 subdomain"
        );
    }
}
