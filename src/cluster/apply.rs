//! Every write to a cluster goes through [`Writer`], so `--dry-run` cannot leak:
//! `client` mode never sends a write, `server` mode sends each one with `dryRun=All`.
//!
//! Writes are server-side apply with one field manager, which makes re-runs
//! idempotent and lets a user's own changes to other fields survive.

use kube::api::{DeleteParams, DynamicObject, Patch, PatchParams, PostParams};
use kube::{Client, Error as KubeError};
use std::time::Duration;

use anyhow::{Context, bail};

use crate::cluster::target::Target;
use crate::cluster::watch::{Waited, watch_until};
use crate::{diagnostics, interrupt};

/// What `--dry-run` asks for. A bare `--dry-run` means `client`, as the Go tool's boolean
/// flag did; `--dry-run=true|false` are accepted for scripts written for it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DryRun {
    /// Write for real.
    #[default]
    #[value(alias = "false")]
    None,
    /// Send nothing that writes; reads still happen.
    #[value(alias = "true")]
    Client,
    /// Send every write with dryRun=All: the API server validates but stores nothing.
    Server,
}

/// The field manager of every object this tool applies.
pub(crate) const FIELD_MANAGER: &str = "kubefedctl";

/// The verbosity from which every write is logged.
pub(crate) const WRITE_LOG_LEVEL: u8 = 2;

/// Reads and writes on one cluster, honouring the dry-run mode.
#[derive(Clone)]
pub(crate) struct Writer {
    client: Client,
    dry_run: DryRun,
    /// Names the cluster (context) in error messages.
    cluster: String,
    /// Writes that undo this run's work, which a signal does not stop.
    undoing: bool,
}

impl Writer {
    pub(crate) fn new(client: Client, dry_run: DryRun, cluster: impl Into<String>) -> Self {
        Writer {
            client,
            dry_run,
            cluster: cluster.into(),
            undoing: false,
        }
    }

    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    pub(crate) fn cluster(&self) -> &str {
        &self.cluster
    }

    pub(crate) fn dry_run(&self) -> DryRun {
        self.dry_run
    }

    /// `Kind "ns/name" on cluster "c"`: an object as the interrupt journal names it.
    fn journal_name(&self, target: &Target<'_>) -> String {
        format!("{} on cluster \"{}\"", target.describe(), self.cluster)
    }

    /// The same writer for undoing what this run did (deleting what it created,
    /// restoring what it changed): its writes go on after a signal, which stops all others.
    pub(crate) fn undoing(&self) -> Writer {
        Writer {
            undoing: true,
            ..self.clone()
        }
    }

    /// Refuses a write once a signal asked the command to stop. Dry runs change nothing,
    /// so they are not counted: a signal still ends them at once.
    fn begin_write(&self, doing: &str, target: &Target<'_>) -> anyhow::Result<()> {
        if self.dry_run != DryRun::None || self.undoing {
            return Ok(());
        }
        interrupt::begin_write(|| format!("{doing} {}", self.journal_name(target)))
    }

    fn record_written(&self, target: &Target<'_>) {
        if self.dry_run == DryRun::None {
            interrupt::record_written(self.journal_name(target));
        }
    }

    /// `-v 2`: each write that reached the server, as Go's tool logged its steps.
    fn log_write(&self, done: &str, target: &Target<'_>) {
        if diagnostics::log_enabled(WRITE_LOG_LEVEL) {
            let dry_run = if self.dry_run == DryRun::Server {
                " (server dry run)"
            } else {
                ""
            };
            diagnostics::log(
                WRITE_LOG_LEVEL,
                format_args!(
                    "{done} {} on cluster \"{}\"{dry_run}",
                    target.describe(),
                    self.cluster
                ),
            );
        }
    }

    /// The object, or None when it does not exist. Reads happen in every dry-run mode.
    pub(crate) async fn get(&self, target: &Target<'_>) -> anyhow::Result<Option<DynamicObject>> {
        target
            .api(&self.client)
            .get_opt(target.name)
            .await
            .with_context(|| {
                format!(
                    "cannot read {} on cluster \"{}\"",
                    target.describe(),
                    self.cluster
                )
            })
    }

    /// Server-side apply of `body`. In client dry-run the body is returned unchanged.
    pub(crate) async fn apply(
        &self,
        target: &Target<'_>,
        body: &(impl serde::Serialize + std::fmt::Debug + Sync + ?Sized),
    ) -> anyhow::Result<DynamicObject> {
        self.apply_to(target, body, false).await
    }

    /// Server-side apply of `body` (its `status`) to the status subresource, where the
    /// main resource ignores status. In client dry-run the body is returned unchanged.
    pub(crate) async fn apply_status(
        &self,
        target: &Target<'_>,
        body: &(impl serde::Serialize + std::fmt::Debug + Sync + ?Sized),
    ) -> anyhow::Result<DynamicObject> {
        self.apply_to(target, body, true).await
    }

    async fn apply_to(
        &self,
        target: &Target<'_>,
        body: &(impl serde::Serialize + std::fmt::Debug + Sync + ?Sized),
        status: bool,
    ) -> anyhow::Result<DynamicObject> {
        if self.dry_run == DryRun::Client {
            return serde_json::to_value(body)
                .and_then(serde_json::from_value)
                .context("invalid object");
        }
        self.begin_write("applying", target)?;
        let mut params = PatchParams::apply(FIELD_MANAGER).force();
        params.dry_run = self.dry_run == DryRun::Server;
        let api = target.api(&self.client);
        let patch = Patch::Apply(body);
        let applied = if status {
            api.patch_status(target.name, &params, &patch).await
        } else {
            api.patch(target.name, &params, &patch).await
        };
        let what = if status { "the status of " } else { "" };
        let applied = applied.with_context(|| {
            format!(
                "cannot apply {what}{} on cluster \"{}\"",
                target.describe(),
                self.cluster
            )
        })?;
        self.record_written(target);
        self.log_write("applied", target);
        Ok(applied)
    }

    /// JSON merge patch (RFC 7386) of a few fields of an object this tool does not own,
    /// such as one annotation (apply could not remove a value another manager set).
    /// Returns the patched object, or None in client dry-run, where nothing is sent.
    pub(crate) async fn merge_patch(
        &self,
        target: &Target<'_>,
        patch: &serde_json::Value,
    ) -> anyhow::Result<Option<DynamicObject>> {
        if self.dry_run == DryRun::Client {
            return Ok(None);
        }
        self.begin_write("patching", target)?;
        let params = PatchParams {
            dry_run: self.dry_run == DryRun::Server,
            field_manager: Some(FIELD_MANAGER.to_owned()),
            ..PatchParams::default()
        };
        let patched = target
            .api(&self.client)
            .patch(target.name, &params, &Patch::Merge(patch))
            .await
            .with_context(|| {
                format!(
                    "cannot patch {} on cluster \"{}\"",
                    target.describe(),
                    self.cluster
                )
            })?;
        self.log_write("patched", target);
        Ok(Some(patched))
    }

    /// Create `body` (needed where apply cannot serve, such as `generateName`). In client
    /// dry-run the body is returned unchanged.
    pub(crate) async fn create(
        &self,
        target: &Target<'_>,
        body: &serde_json::Value,
    ) -> anyhow::Result<DynamicObject> {
        let object: DynamicObject =
            serde_json::from_value(body.clone()).context("invalid object")?;
        if self.dry_run == DryRun::Client {
            return Ok(object);
        }
        self.begin_write("creating", target)?;
        let params = PostParams {
            dry_run: self.dry_run == DryRun::Server,
            field_manager: Some(FIELD_MANAGER.to_owned()),
        };
        let created = target
            .api(&self.client)
            .create(&params, &object)
            .await
            .with_context(|| {
                format!(
                    "cannot create {} on cluster \"{}\"",
                    target.describe(),
                    self.cluster
                )
            })?;
        // An object created with generateName has its name only now.
        let name = created.metadata.name.as_deref().unwrap_or(target.name);
        let created_target = Target { name, ..*target };
        self.record_written(&created_target);
        self.log_write("created", &created_target);
        Ok(created)
    }

    /// Waits until an object that is being deleted is gone (a namespace whose contents
    /// are still being removed, say); errors after `timeout`.
    pub(crate) async fn wait_deleted(
        &self,
        target: &Target<'_>,
        timeout: Duration,
    ) -> anyhow::Result<()> {
        let gone = |object: Option<&DynamicObject>| object.is_none().then_some(());
        match watch_until(&self.client, target, timeout, gone).await? {
            Waited::Done(()) => Ok(()),
            Waited::TimedOut(_) => bail!(
                "{} on cluster \"{}\" is still being deleted after {}s",
                target.describe(),
                self.cluster,
                timeout.as_secs()
            ),
        }
    }

    /// Delete the object; returns false when it did not exist.
    pub(crate) async fn delete(&self, target: &Target<'_>) -> anyhow::Result<bool> {
        if self.dry_run == DryRun::Client {
            return Ok(self.get(target).await?.is_some());
        }
        self.begin_write("deleting", target)?;
        let params = DeleteParams {
            dry_run: self.dry_run == DryRun::Server,
            ..DeleteParams::background()
        };
        let api = target.api(&self.client);
        let deleted = if self.dry_run == DryRun::Server {
            // kube puts dryRun only in the body; in the query too, audit logs (which
            // record the URI, not the body) show the delete as a dry run.
            let mut request = kube::core::Request::new(api.resource_url())
                .delete(target.name, &params)
                .context("cannot build a delete request")?;
            let uri = request.uri().to_string();
            let separator = match uri.find('?') {
                Some(i) if i + 1 == uri.len() => "",
                Some(_) => "&",
                None => "?",
            };
            *request.uri_mut() = format!("{uri}{separator}dryRun=All")
                .parse()
                .context("cannot build a delete request")?;
            self.client
                .request_status::<DynamicObject>(request)
                .await
                .map(drop)
        } else {
            api.delete(target.name, &params).await.map(drop)
        };
        match deleted {
            Ok(()) => {
                if self.dry_run == DryRun::None {
                    interrupt::record_deleted(&self.journal_name(target));
                }
                self.log_write("deleted", target);
                Ok(true)
            }
            Err(KubeError::Api(status)) if status.code == 404 => Ok(false),
            Err(e) => Err(e).with_context(|| {
                format!(
                    "cannot delete {} on cluster \"{}\"",
                    target.describe(),
                    self.cluster
                )
            }),
        }
    }
}

/// Whether the API server answered 409 Conflict: AlreadyExists on a create, or a write
/// that named a resourceVersion the object no longer has.
pub(crate) fn is_conflict(error: &anyhow::Error) -> bool {
    error.chain().any(|e| {
        matches!(e.downcast_ref::<KubeError>(), Some(KubeError::Api(status)) if status.code == 409)
    })
}

/// Whether the API server answered 404 Not Found: to a list or a write, that its type is
/// not served.
pub(crate) fn is_not_found(error: &anyhow::Error) -> bool {
    error.chain().any(|e| {
        matches!(e.downcast_ref::<KubeError>(), Some(KubeError::Api(status)) if status.code == 404)
    })
}
