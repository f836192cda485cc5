//! What the commands working on a control plane share: the session on the host, the list
//! of member clusters, and working on several members at once with a progress display.

use std::collections::HashSet;
use std::future::Future;
use std::time::Duration;

use anyhow::{anyhow, bail};
use futures::StreamExt;
use indicatif::ProgressBar;

use crate::cli::{DryRun, GlobalArgs, MemberArgs};
use crate::cluster::apply::Writer;
use crate::cluster::config::Kubeconfigs;
use crate::cluster::kubefed::read_scope;
use crate::error::{self, ExitStatus};
use crate::interrupt;
use crate::output::{Printer, spinner_style};
use crate::plan::join::{Object, Scope};
use crate::plan::names::{HostName, NameError, check_cluster_name};

/// The control plane a command works on, opened the same way by every command that
/// reads or writes KubeFed's objects on the host: the kubeconfigs, the host context with
/// a writer in the command's dry-run mode, and the KubeFed namespace.
pub(crate) struct Session {
    pub kubeconfigs: Kubeconfigs,
    pub namespace: String,
    /// The host's writer, which also names the host's context.
    pub writer: Writer,
}

impl Session {
    pub(crate) async fn open(global: &GlobalArgs, dry_run: DryRun) -> anyhow::Result<Session> {
        HostKubeconfig::load(global)?.connect(dry_run).await
    }

    /// The host's kubeconfig context.
    pub(crate) fn context(&self) -> &str {
        self.writer.cluster()
    }

    /// The scope of the KubeFedConfig in the KubeFed namespace.
    pub(crate) async fn read_scope(&self) -> anyhow::Result<Scope> {
        read_scope(self.writer.client(), &self.namespace, self.context()).await
    }
}

/// The first half of opening a [`Session`]: the kubeconfigs with the host's context
/// chosen, before its client is built. Building the client may run an exec credential
/// plugin, which a command that needs only the kubeconfig (`schedule -o`) must not run.
pub(crate) struct HostKubeconfig {
    kubeconfigs: Kubeconfigs,
    context: String,
    namespace: String,
}

impl HostKubeconfig {
    pub(crate) fn load(global: &GlobalArgs) -> anyhow::Result<HostKubeconfig> {
        Self::choose(Kubeconfigs::load(global.kubeconfig.as_deref())?, global)
    }

    /// The host's context in `kubeconfigs`: `global`'s, else the current one.
    pub(crate) fn choose(
        kubeconfigs: Kubeconfigs,
        global: &GlobalArgs,
    ) -> anyhow::Result<HostKubeconfig> {
        let context = kubeconfigs
            .host_context(global.host_cluster_context.as_deref())?
            .to_owned();
        Ok(HostKubeconfig {
            kubeconfigs,
            context,
            namespace: global.kubefed_namespace.clone(),
        })
    }

    pub(crate) fn context(&self) -> &str {
        &self.context
    }

    /// The namespace the host's context names, if it names one.
    pub(crate) fn context_namespace(&self) -> Option<&str> {
        self.kubeconfigs.context_namespace(&self.context)
    }

    /// The session on the host, its writer in `dry_run` mode.
    pub(crate) async fn connect(self, dry_run: DryRun) -> anyhow::Result<Session> {
        let client = self.kubeconfigs.client(&self.context).await?;
        Ok(Session {
            writer: Writer::new(client, dry_run, self.context),
            kubeconfigs: self.kubeconfigs,
            namespace: self.namespace,
        })
    }
}

/// The session of a command that works on member clusters, which also needs the host's
/// name: member objects are named after it.
pub(crate) struct Host {
    pub session: Session,
    pub name: HostName,
}

/// A host is used as its session everywhere but in member object names; reading
/// `host.writer` keeps the many uses as short as before the session had a type.
impl std::ops::Deref for Host {
    type Target = Session;

    fn deref(&self) -> &Session {
        &self.session
    }
}

impl Host {
    /// The host of `global`'s context and KubeFed namespace, named `given` (the checked
    /// `--host-cluster-name`), else after its context.
    pub(crate) async fn open(
        global: &GlobalArgs,
        given: Option<&HostName>,
        dry_run: DryRun,
        printer: &Printer,
    ) -> anyhow::Result<Host> {
        let session = Session::open(global, dry_run).await?;
        let name = match given {
            Some(name) => name.clone(),
            None => HostName::of_context(session.context()),
        };
        if let Some(original) = &name.derived_from {
            printer.warn(format_args!(
                "host context \"{original}\" is not a valid object name; using host cluster name \
                 \"{}\" (pass --host-cluster-name to choose one)",
                name.name
            ));
        }
        Ok(Host { session, name })
    }
}

/// The member clusters a command names and how it works on them: what join, unjoin and
/// rotate-credentials resolve from their cluster names and [`MemberArgs`] before any
/// request.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct MemberSettings {
    pub members: Vec<Member>,
    /// `--host-cluster-name`, checked.
    pub host_name: Option<HostName>,
    pub concurrency: u16,
}

impl MemberSettings {
    pub(crate) fn resolve(clusters: &[String], args: &MemberArgs) -> anyhow::Result<Self> {
        Ok(MemberSettings {
            members: resolve(clusters, args)?,
            host_name: given_host_name(args.host_cluster_name.as_deref())?,
            concurrency: args.concurrency,
        })
    }
}

/// The host name a user gave (`--host-cluster-name`, or a sync file's), checked before
/// any request; None when none was given.
pub(crate) fn given_host_name(name: Option<&str>) -> anyhow::Result<Option<HostName>> {
    name.map(|name| HostName::given(name).map_err(|e| error::hinted(e, NameError::hint)))
        .transpose()
}

/// One member cluster named on the command line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Member {
    pub cluster: String,
    pub context: String,
}

impl Member {
    /// A writer for the member, with the host's dry-run mode.
    pub(crate) async fn connect(&self, host: &Host) -> anyhow::Result<Writer> {
        let client = host.kubeconfigs.client(&self.context).await?;
        Ok(Writer::new(
            client,
            host.writer.dry_run(),
            self.context.clone(),
        ))
    }

    /// For a member joined with the token of its kubeconfig context: an error saying how
    /// that token stands to the one the control plane uses (`is` or `is not`).
    pub(crate) fn context_token_error(&self, is: &str, hint: impl Into<String>) -> anyhow::Error {
        error::Hinted::new(
            anyhow!(
                "the token of context \"{}\" {is} the one the control plane uses for cluster \
                 \"{}\"",
                self.context,
                self.cluster
            ),
            hint,
        )
        .into()
    }
}

/// Checks the cluster names and pairs each with its context, before any request.
fn resolve(clusters: &[String], args: &MemberArgs) -> anyhow::Result<Vec<Member>> {
    if args.cluster_context.is_some() && clusters.len() > 1 {
        bail!(
            "--cluster-context can only be used with one cluster; each of several clusters uses its name as its context"
        );
    }
    let mut seen = HashSet::new();
    clusters
        .iter()
        .map(|cluster| {
            check_cluster_name(cluster)?;
            if !seen.insert(cluster) {
                bail!("cluster \"{cluster}\" is named twice");
            }
            Ok(Member {
                cluster: cluster.clone(),
                context: args
                    .cluster_context
                    .clone()
                    .unwrap_or_else(|| cluster.clone()),
            })
        })
        .collect()
}

/// One member's spinner on stderr: says what that member's run is doing now.
pub(super) struct Spinner {
    bar: ProgressBar,
}

impl Spinner {
    /// Shows `message` (`cluster2: joined; waiting for ...`) from now on.
    pub(super) fn show(&self, message: String) {
        self.bar.set_message(message);
    }
}

/// Runs `work` for every member, at most `concurrency` at once, with a spinner per member
/// on stderr (shown only on a terminal), which `work` may tell what it is doing. Results
/// come back in the members' order. A spinner is cleared when its member is done: the
/// command's result lines say how it went, each on a line of its own.
pub(super) async fn for_each<'a, T, F, Fut>(
    members: &'a [Member],
    concurrency: u16,
    printer: &Printer,
    doing: &str,
    work: F,
) -> Vec<anyhow::Result<T>>
where
    F: Fn(&'a Member, Spinner) -> Fut,
    Fut: Future<Output = anyhow::Result<T>>,
{
    let progress = printer.progress();
    let style = spinner_style();
    let runs = members.iter().map(|member| {
        let bar = progress.add(ProgressBar::new_spinner().with_style(style.clone()));
        bar.set_message(format!("{doing} {}", member.cluster));
        bar.enable_steady_tick(Duration::from_millis(100));
        let run = work(member, Spinner { bar: bar.clone() });
        async move {
            let result = run.await;
            bar.finish_and_clear();
            result
        }
    });
    futures::stream::iter(runs)
        .buffered(usize::from(concurrency))
        .collect()
        .await
}

/// One failed cluster is the command's error; with several, each is printed and the
/// command fails with a count.
pub(super) fn finish(
    verb: &str,
    mut failures: Vec<(String, anyhow::Error)>,
    total: usize,
) -> anyhow::Result<ExitStatus> {
    match failures.len() {
        0 => Ok(ExitStatus::Success),
        1 if total == 1 => Err(failures.remove(0).1),
        failed => {
            for (cluster, e) in failures {
                error::print(&e.context(format!("cannot {verb} cluster \"{cluster}\"")));
            }
            Err(anyhow!("could not {verb} {failed} of {total} clusters"))
        }
    }
}

/// Deletes what this run created, newest first, and says so in the error.
pub(super) async fn roll_back(
    error: anyhow::Error,
    verb: &str,
    created: Vec<(&Writer, Object)>,
) -> anyhow::Error {
    let mut removed = Vec::new();
    let mut left = Vec::new();
    for (writer, object) in created.into_iter().rev() {
        let description = format!(
            "{} on context \"{}\"",
            object.target().describe(),
            writer.cluster()
        );
        match writer.undoing().delete(&object.target()).await {
            Ok(true) => removed.push(description),
            // Its write failed before it reached the server.
            Ok(false) => {}
            Err(_) => left.push(description),
        }
    }
    let mut note = String::new();
    if !removed.is_empty() {
        note = format!("deleted {}", removed.join(", "));
    }
    if !left.is_empty() {
        if !note.is_empty() {
            note.push_str("; ");
        }
        note.push_str(&format!("could not delete {}", left.join(", ")));
    }
    let what_happened = if interrupt::cause(&error).is_some() {
        "was interrupted and undone"
    } else {
        "failed and was undone"
    };
    if note.is_empty() {
        error
    } else {
        error.context(format!("{verb} {what_happened} ({note})"))
    }
}
