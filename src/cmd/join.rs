//! `kubefedctl join`: the steps of Go kubefedctl v0.10.0, plus what it got wrong.
//!
//! For each cluster: check everything first (KubeFedConfig scope, reachable member,
//! objects of an earlier join), then write the member's namespace, ServiceAccount, token
//! Secret and RBAC, wait for the token, write the host Secret and the KubeFedCluster. When
//! a step fails, the objects this run created are deleted again (never ones that existed
//! before), so a failed join leaves no debris (kubefed issue #513). With `--credentials
//! kubeconfig` nothing is written on the member: the host Secret gets the token of the
//! member's kubeconfig context.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow};
use futures::future::{join_all, try_join_all};
use kube::api::DynamicObject;
use serde::Serialize;
use serde_json::Value;

use crate::cli::{DryRun, GlobalArgs, JoinArgs};
use crate::cluster::apply::{Writer, is_conflict};
use crate::cluster::kubefed::{
    Token, find_secret_with_token, read_token, wait_for_token, wait_until_ready,
};
use crate::cluster::nodes::auto_labels;
use crate::cluster::target::Target;
use crate::cmd::members::{self, Host, Member, MemberSettings};
use crate::error::{ExitStatus, Hinted};
use crate::output::{OutputFormat, Printer};
use crate::plan::join::{
    Credentials, Endpoint, Object, Scope, SecretName, host_secret, kubefed_cluster,
    kubefed_cluster_resource, label_for_another_cluster, labels_for, member_objects,
};
use crate::plan::kubefed::KubeFedCluster;
use crate::plan::kubefed::KubeFedObject;
use crate::plan::names::JoinNames;
use crate::program::command_line;

/// How long join waits for a terminating member namespace to go before recreating it.
const NAMESPACE_DELETION_TIMEOUT: Duration = Duration::from_secs(120);

/// The namespace, the ServiceAccount and its token Secret come first in the plan and
/// are written one after the other; what follows is RBAC, written concurrently.
const MEMBER_OBJECTS_IN_ORDER: usize = 3;

/// Join's arguments, resolved before any request.
#[derive(Debug, PartialEq)]
pub(crate) struct JoinSettings {
    members: MemberSettings,
    /// How to join each member; the labels are each member's own, in `labels`.
    options: JoinOptions,
    /// The KubeFedCluster labels of each member, by cluster name.
    labels: BTreeMap<String, BTreeMap<String, String>>,
    dry_run: DryRun,
    /// How long to wait for each member to be Ready; never in a dry run, which joins
    /// nothing that could become Ready.
    wait: Option<Duration>,
    output: Option<OutputFormat>,
}

impl JoinSettings {
    pub(crate) fn resolve(args: &JoinArgs) -> anyhow::Result<JoinSettings> {
        let members = MemberSettings::resolve(&args.clusters, &args.member)?;
        if let Some(cluster) = label_for_another_cluster(&args.labels, &args.clusters) {
            return Err(Hinted::new(
                anyhow!("--label names cluster \"{cluster}\", which this join does not name"),
                format!(
                    "label one of the clusters joined here ({}) with CLUSTER:KEY=VALUE, or \
                     all of them with KEY=VALUE",
                    args.clusters.join(", ")
                ),
            )
            .into());
        }
        let dry_run = args.dry_run.dry_run;
        Ok(JoinSettings {
            labels: args
                .clusters
                .iter()
                .map(|cluster| (cluster.clone(), labels_for(cluster, &args.labels)))
                .collect(),
            members,
            options: JoinOptions {
                labels: BTreeMap::new(),
                auto_labels: args.auto_labels,
                secret_name: args.secret_name.clone(),
                error_on_existing: args.error_on_existing,
                token_timeout: args.token_timeout,
                credentials: args.credentials,
                rejoin: false,
            },
            dry_run,
            wait: args.ready.wait.filter(|_| dry_run == DryRun::None),
            output: args.output,
        })
    }

    /// How to join `member`: the flags with its labels.
    fn options(&self, member: &Member) -> JoinOptions {
        JoinOptions {
            labels: self.labels[&member.cluster].clone(),
            ..self.options.clone()
        }
    }
}

pub(crate) async fn run(
    args: &JoinArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let settings = JoinSettings::resolve(args)?;
    let members = &settings.members.members;
    let host = Host::open(
        global,
        settings.members.host_name.as_ref(),
        settings.dry_run,
        printer,
    )
    .await?;
    let scope = host.read_scope().await?;
    let outcomes = members::for_each(
        members,
        settings.members.concurrency,
        printer,
        "joining",
        |member, spinner| {
            let host = &host;
            let options = settings.options(member);
            async move {
                let report = join_one(host, scope, member, &options).await?;
                if let Some(timeout) = settings.wait {
                    spinner.show(waiting_for_ready(&member.cluster, "joined"));
                    wait_until_ready(&host.writer, &host.namespace, &member.cluster, timeout)
                        .await?;
                }
                Ok(report)
            }
        },
    )
    .await;

    let mut reports = Vec::new();
    let mut failures = Vec::new();
    for (member, outcome) in members.iter().zip(outcomes) {
        match outcome {
            Ok(report) => {
                let verb = match (settings.dry_run, settings.wait) {
                    (DryRun::None, None) => "joined",
                    (DryRun::None, Some(_)) => "joined and Ready",
                    _ => "would be joined (dry run)",
                };
                // With -o the document is the result; stdout stays parseable.
                if settings.output.is_none() {
                    printer.line(format!("cluster \"{}\" {verb}", member.cluster))?;
                }
                reports.push(report);
            }
            Err(e) => failures.push((member.cluster.clone(), e)),
        }
    }
    if let Some(format) = settings.output {
        print_reports(printer, format, &reports)?;
    }
    members::finish("join", failures, members.len())
}

/// The spinner's message while a member waits for the KubeFed controller's verdict.
pub(crate) fn waiting_for_ready(cluster: &str, done: &str) -> String {
    format!("{cluster}: {done}; waiting for the KubeFed controller to report it Ready")
}

/// How to join each member: join's flags, or what `sync` reads from its file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct JoinOptions {
    /// Labels of the KubeFedCluster.
    pub labels: BTreeMap<String, String>,
    pub auto_labels: bool,
    pub secret_name: Option<String>,
    pub error_on_existing: bool,
    pub token_timeout: Duration,
    pub credentials: Credentials,
    /// The caller unjoined the cluster just before (sync's rejoin), so the credentials of
    /// the earlier join do not count; in a dry run its KubeFedCluster is still there.
    pub rejoin: bool,
}

/// What a join wrote (or would write), for `-o yaml|json`. Never holds the token.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct JoinReport {
    cluster: String,
    member_context: String,
    host_context: String,
    member: Vec<Value>,
    host: Vec<Value>,
}

/// Joins one member: plan, read and check before any write, apply, and on a failure roll
/// back what this run created.
pub(crate) async fn join_one(
    host: &Host,
    scope: Scope,
    member: &Member,
    options: &JoinOptions,
) -> anyhow::Result<JoinReport> {
    let join = MemberJoin {
        plan: MemberPlan::new(host, scope, member, options)?,
        writer: member.connect(host).await?,
        host,
        member,
        options,
    };
    let found = join.read().await?;
    join.check(&found).await?;
    let labels = join.labels().await?;
    let mut created = Vec::new();
    match join.apply(&found, &labels, &mut created).await {
        Ok((secret, kfc)) => Ok(join.report(secret, kfc)),
        Err(e) if host.writer.dry_run() != DryRun::None => Err(e),
        Err(e) => Err(members::roll_back(e, "join", created).await),
    }
}

/// What one member's join writes, as far as it is known before any request.
struct MemberPlan {
    names: JoinNames,
    endpoint: Endpoint,
    /// The member's objects, the namespace first; none with the kubeconfig's token.
    objects: Vec<Object>,
    /// With `--credentials kubeconfig`: the token of the member's context.
    kubeconfig_token: Option<Vec<u8>>,
}

impl MemberPlan {
    fn new(
        host: &Host,
        scope: Scope,
        member: &Member,
        options: &JoinOptions,
    ) -> anyhow::Result<MemberPlan> {
        let ns = host.namespace.as_str();
        let names = JoinNames::new(&member.cluster, &host.name.name, ns)?;
        let endpoint = host.kubeconfigs.endpoint(&member.context)?;
        let (objects, kubeconfig_token) = match options.credentials {
            Credentials::ServiceAccount => (member_objects(&names, ns, scope), None),
            // The control plane uses the kubeconfig's token: nothing to create on the
            // member.
            Credentials::Kubeconfig => (
                Vec::new(),
                Some(host.kubeconfigs.bearer_token(&member.context)?),
            ),
        };
        Ok(MemberPlan {
            names,
            endpoint,
            objects,
            kubeconfig_token,
        })
    }
}

/// What the preflight read found.
struct Found {
    /// Whether each planned member object existed (a terminating namespace does not).
    existed: Vec<bool>,
    /// The KubeFedCluster of an earlier join.
    kfc: Option<DynamicObject>,
    secret_name: SecretName,
}

/// One member's join in progress.
struct MemberJoin<'a> {
    host: &'a Host,
    member: &'a Member,
    options: &'a JoinOptions,
    plan: MemberPlan,
    /// The member's writer.
    writer: Writer,
}

/// Objects this run created, each with the writer that deletes it on a rollback.
type Created<'a> = Vec<(&'a Writer, Object)>;

impl MemberJoin<'_> {
    /// Reads everything before writing anything, the member and the host at once. The
    /// namespace's answer (or, with the kubeconfig's token, /api's) tells whether the
    /// member is reachable at all.
    async fn read(&self) -> anyhow::Result<Found> {
        let kfc_resource = kubefed_cluster_resource();
        let kfc_target = Target {
            resource: &kfc_resource,
            namespace: Some(&self.host.namespace),
            name: &self.member.cluster,
        };
        let host_reads = async {
            let kfc = self.host.writer.get(&kfc_target).await?;
            let secret_name =
                host_secret_name(self.host, self.member, self.options, kfc.as_ref()).await?;
            Ok::<_, anyhow::Error>((kfc, secret_name))
        };
        let (existed, (kfc, secret_name)) = futures::try_join!(self.read_member(), host_reads)?;
        Ok(Found {
            existed,
            kfc,
            secret_name,
        })
    }

    /// Whether each planned member object exists; waits for a namespace left terminating
    /// by an earlier unjoin to go, since it cannot take new objects and what was in it
    /// goes with it.
    async fn read_member(&self) -> anyhow::Result<Vec<bool>> {
        let started = Instant::now();
        let unreachable = |e: anyhow::Error| {
            e.context(format!(
                "cannot reach member cluster \"{}\" at {} (waited {}s)",
                self.member.cluster,
                self.plan.endpoint.server,
                started.elapsed().as_secs()
            ))
        };
        let Some((namespace, in_namespace)) = self.plan.objects.split_first() else {
            // Any authenticated user may read /api; the control plane will use this token.
            return match self.writer.client().list_core_api_versions().await {
                Ok(_) => Ok(Vec::new()),
                Err(e) => {
                    Err(token_refused(&e, self.member).unwrap_or_else(|| unreachable(e.into())))
                }
            };
        };
        let read_others = || {
            try_join_all(
                in_namespace
                    .iter()
                    .map(|o| async move { self.writer.get(&o.target()).await }),
            )
        };
        let namespace_target = namespace.target();
        let (found, others) = futures::join!(self.writer.get(&namespace_target), read_others());
        let found = found.map_err(unreachable)?;
        let terminating = found
            .as_ref()
            .is_some_and(|o| o.metadata.deletion_timestamp.is_some());
        let others = if terminating {
            self.writer
                .wait_deleted(&namespace_target, NAMESPACE_DELETION_TIMEOUT)
                .await?;
            read_others().await?
        } else {
            others?
        };
        let mut existed = vec![found.is_some() && !terminating];
        existed.extend(others.iter().map(Option::is_some));
        Ok(existed)
    }

    /// Refuses, before any write, an earlier join (with --error-on-existing) and a change
    /// of credentials.
    async fn check(&self, found: &Found) -> anyhow::Result<()> {
        if self.options.error_on_existing {
            refuse_existing(
                &self.plan.objects,
                &found.existed,
                found.kfc.is_some(),
                &found.secret_name,
                self.host,
                self.member,
            )
            .await?;
        }
        if let Some(kfc) = found.kfc.as_ref().filter(|_| !self.options.rejoin) {
            keep_credentials(
                self.host,
                self.member,
                kfc,
                self.options.credentials,
                self.plan.kubeconfig_token.as_deref(),
            )
            .await?;
        }
        Ok(())
    }

    /// The KubeFedCluster's labels: the options', then with --auto-labels those read from
    /// the member's nodes where the options do not set them.
    async fn labels(&self) -> anyhow::Result<BTreeMap<String, String>> {
        let mut labels = self.options.labels.clone();
        if self.options.auto_labels {
            for (key, value) in auto_labels(self.writer.client()).await.with_context(|| {
                format!(
                    "cannot read the nodes of member cluster \"{}\" for --auto-labels",
                    self.member.cluster
                )
            })? {
                labels.entry(key).or_insert(value);
            }
        }
        Ok(labels)
    }

    /// Writes the member's objects, waits for the token, then writes the host Secret and
    /// the KubeFedCluster; returns those two. Each object is recorded in `created` before
    /// its write, unless it existed: a write whose answer is lost may still have created
    /// it.
    async fn apply<'s>(
        &'s self,
        found: &Found,
        labels: &BTreeMap<String, String>,
        created: &mut Created<'s>,
    ) -> anyhow::Result<(Object, Object)> {
        let token = self.write_member(&found.existed, created).await?;
        let mut endpoint = self.plan.endpoint.clone();
        let token = token.map(|token| {
            if endpoint.ca_bundle.is_none() {
                endpoint.ca_bundle = token.ca_crt;
            }
            token.token
        });
        let (secret, secret_object_name) = self
            .write_host_secret(&found.secret_name, token.as_deref(), created)
            .await?;
        let kfc = kubefed_cluster(
            &self.member.cluster,
            &self.host.namespace,
            &endpoint,
            &secret_object_name,
            labels,
            self.options.credentials,
        );
        self.write_kubefed_cluster(&kfc, found.kfc.is_some(), created)
            .await?;
        Ok((secret, kfc))
    }

    /// Namespace, ServiceAccount and token Secret in order; then the RBAC objects while
    /// the token controller fills the token, which is returned (none in a dry run).
    async fn write_member<'s>(
        &'s self,
        existed: &[bool],
        created: &mut Created<'s>,
    ) -> anyhow::Result<Option<Token>> {
        let planned = &self.plan.objects;
        // The server cannot dry-run objects in a namespace that only would exist.
        let skipped = |object: &Object| {
            !existed[0] && object.namespace.is_some() && self.writer.dry_run() == DryRun::Server
        };
        let (ordered, rbac) = planned.split_at(MEMBER_OBJECTS_IN_ORDER.min(planned.len()));
        // The token Secret as written: the token wait starts from it.
        let mut token_secret = None;
        for (object, existed) in ordered.iter().zip(existed) {
            // A namespace that exists needs nothing from join, and applying its bare name
            // would strip the labels init applied when the member is the host itself:
            // teardown would then not know that init created it. Go only creates it too.
            if skipped(object) || (*existed && object.resource.kind == "Namespace") {
                continue;
            }
            if !existed {
                created.push((&self.writer, object.clone()));
            }
            let written = self.writer.apply(&object.target(), &object.body).await?;
            if object.resource.kind == "Secret" {
                token_secret = Some(written);
            }
        }
        let rbac: Vec<&Object> = rbac.iter().filter(|o| !skipped(o)).collect();
        for object in &rbac {
            let existed = planned
                .iter()
                .position(|p| p == *object)
                .is_some_and(|i| existed[i]);
            if !existed {
                created.push((&self.writer, (*object).clone()));
            }
        }
        let rbac_writes =
            join_all(rbac.iter().map(|object| async move {
                self.writer.apply(&object.target(), &object.body).await
            }));
        let (rbac_results, token) = futures::join!(rbac_writes, self.token(token_secret));
        if let Some(e) = rbac_results.into_iter().find_map(Result::err) {
            return Err(e);
        }
        token
    }

    /// The token the control plane will use: the kubeconfig's, else the one the member's
    /// token controller puts into `token_secret`; none in a dry run.
    async fn token(&self, token_secret: Option<DynamicObject>) -> anyhow::Result<Option<Token>> {
        if self.host.writer.dry_run() != DryRun::None {
            return Ok(None);
        }
        if let Some(token) = &self.plan.kubeconfig_token {
            return Ok(Some(Token {
                token: token.clone(),
                ca_crt: None,
            }));
        }
        wait_for_token(
            self.writer.client(),
            &self.host.namespace,
            &self.plan.names.service_account,
            self.options.token_timeout,
            token_secret,
        )
        .await
        .with_context(|| format!("on member cluster \"{}\"", self.member.cluster))
        .map(Some)
    }

    /// Writes the host Secret holding `token`; returns it and its name on the server.
    async fn write_host_secret<'s>(
        &'s self,
        secret_name: &SecretName,
        token: Option<&[u8]>,
        created: &mut Created<'s>,
    ) -> anyhow::Result<(Object, String)> {
        let host = self.host;
        let secret = host_secret(&host.namespace, secret_name, token);
        let name = match secret_name {
            SecretName::Fixed(name) => {
                let existed = host.writer.get(&secret.target()).await?.is_some();
                if !existed {
                    created.push((&host.writer, secret.clone()));
                }
                host.writer.apply(&secret.target(), &secret.body).await?;
                name.clone()
            }
            SecretName::Generate { prefix } => {
                let made = match host.writer.create(&secret.target(), &secret.body).await {
                    Ok(made) => made,
                    Err(e) => {
                        // The server may have created it and the answer got lost: only
                        // its token tells which generated Secret is ours.
                        if let Some(made) = find_by_token(host, prefix, token).await {
                            created.push((&host.writer, made));
                        }
                        return Err(e);
                    }
                };
                let name = made
                    .metadata
                    .name
                    .unwrap_or_else(|| format!("{prefix}<generated>"));
                let mut made_secret = secret.clone();
                made_secret.name.clone_from(&name);
                created.push((&host.writer, made_secret));
                name
            }
        };
        Ok((secret, name))
    }

    /// Creates the KubeFedCluster, or applies it over the one an earlier join made.
    async fn write_kubefed_cluster<'s>(
        &'s self,
        kfc: &Object,
        existed: bool,
        created: &mut Created<'s>,
    ) -> anyhow::Result<()> {
        let host = self.host;
        if existed {
            host.writer.apply(&kfc.target(), &kfc.body).await?;
            return Ok(());
        }
        created.push((&host.writer, kfc.clone()));
        // Created, not applied: of two joins of one cluster at once only one can create
        // it; the other must not point it at its own Secret. The loser undoes only its
        // host Secret, since the member objects are the winner's too.
        match host.writer.create(&kfc.target(), &kfc.body).await {
            Ok(_) => Ok(()),
            Err(e) if is_conflict(&e) => {
                created.retain(|(writer, object)| {
                    std::ptr::eq(*writer, &host.writer) && object.resource.kind == "Secret"
                });
                Err(e.context(format!(
                    "cluster \"{}\" was joined by another run at the same time",
                    self.member.cluster
                )))
            }
            Err(e) => Err(e),
        }
    }

    /// What was written, for -o; the token must never reach the output.
    fn report(&self, mut secret: Object, kfc: Object) -> JoinReport {
        if let Some(body) = secret.body.as_object_mut() {
            body.remove("data");
        }
        JoinReport {
            cluster: self.member.cluster.clone(),
            member_context: self.member.context.clone(),
            host_context: self.host.context().to_owned(),
            member: self.plan.objects.iter().map(|o| o.body.clone()).collect(),
            host: vec![secret.body, kfc.body],
        }
    }
}

/// A re-join (--error-on-existing=false) keeps the credentials of the earlier join:
/// switching them needs an unjoin first, since what that join left on the member must go;
/// and a kubeconfig token other than the one in use needs rotate-credentials, since the
/// KubeFed controller keeps using the old one while the KubeFedCluster stays the same.
async fn keep_credentials(
    host: &Host,
    member: &Member,
    kfc: &DynamicObject,
    wanted: Credentials,
    kubeconfig_token: Option<&[u8]>,
) -> anyhow::Result<()> {
    let joined = Credentials::of(&kfc.metadata);
    if joined != wanted {
        return Err(Hinted::new(
            anyhow!(
                "cluster \"{}\" is joined with --credentials {}, not {}",
                member.cluster,
                joined.as_str(),
                wanted.as_str()
            ),
            format!(
                "unjoin it first ({}), or list it in a sync file, which rejoins it",
                command_line(format_args!("unjoin {}", member.cluster))
            ),
        )
        .into());
    }
    let Some(token) = kubeconfig_token else {
        return Ok(());
    };
    let secret = KubeFedCluster::from_object(kfc)?.spec.secret_ref.name;
    let stored = read_token(&host.writer, &host.namespace, &secret).await?;
    if stored.is_some_and(|stored| stored != token) {
        return Err(member.context_token_error(
            "is not",
            format!(
                "switch the control plane to it with: {}",
                command_line(format_args!(
                    "rotate-credentials {} --cluster-context {}",
                    member.cluster, member.context
                ))
            ),
        ));
    }
    Ok(())
}

/// With --credentials kubeconfig, a 401 from the member means the token the control plane
/// would use is not valid there.
fn token_refused(error: &kube::Error, member: &Member) -> Option<anyhow::Error> {
    let kube::Error::Api(status) = error else {
        return None;
    };
    (status.code == 401).then(|| {
        Hinted::new(
            anyhow!(
                "member cluster \"{}\" does not accept the token of context \"{}\"",
                member.cluster,
                member.context
            ),
            "the token may have expired or been revoked: put a valid one into the kubeconfig",
        )
        .into()
    })
}

/// `--secret-name`, else the Secret an earlier join's KubeFedCluster points to (Go would
/// leak it and generate another), else a name the server generates from `<cluster>-`.
async fn host_secret_name(
    host: &Host,
    member: &Member,
    options: &JoinOptions,
    existing_kfc: Option<&DynamicObject>,
) -> anyhow::Result<SecretName> {
    if let Some(name) = &options.secret_name {
        return Ok(SecretName::Fixed(name.clone()));
    }
    let earlier = existing_kfc
        .and_then(|kfc| KubeFedCluster::from_object(kfc).ok())
        .map(|kfc| kfc.spec.secret_ref.name)
        .filter(|name| !name.is_empty());
    if let Some(name) = earlier.as_deref() {
        let secret = host_secret(&host.namespace, &SecretName::Fixed(name.to_owned()), None);
        if host.writer.get(&secret.target()).await?.is_some() {
            return Ok(SecretName::Fixed(name.to_owned()));
        }
    }
    Ok(SecretName::Generate {
        prefix: format!("{}-", member.cluster),
    })
}

/// With --error-on-existing (the default, as in Go), objects of an earlier join are an
/// error, found before anything is written: a joined cluster is said to be joined, and
/// the leftovers of a join that did not finish get Go's messages; both with the ways out.
async fn refuse_existing(
    planned: &[Object],
    existed: &[bool],
    kfc_exists: bool,
    secret_name: &SecretName,
    host: &Host,
    member: &Member,
) -> anyhow::Result<()> {
    let cluster = &member.cluster;
    if kfc_exists {
        return Err(Hinted::new(
            anyhow!(
                "cluster \"{cluster}\" is already joined (KubeFedCluster \"{}/{cluster}\" on \
                 context \"{}\")",
                host.namespace,
                host.context()
            ),
            format!(
                "to apply this join's settings to it, add --error-on-existing=false; to start \
                 afresh, {} first",
                command_line(format_args!("unjoin {cluster}"))
            ),
        )
        .into());
    }
    let leftover = |message: String| -> anyhow::Error {
        Hinted::new(
            anyhow!(message),
            format!(
                "an earlier join of \"{cluster}\" did not finish: {} removes what it left, \
                 or --error-on-existing=false reuses it",
                command_line(format_args!("unjoin {cluster}"))
            ),
        )
        .into()
    };
    for (object, existed) in planned.iter().zip(existed) {
        if !existed {
            continue;
        }
        let what = match object.resource.kind.as_str() {
            "ServiceAccount" => {
                return Err(leftover(format!(
                    "service account: {} already exists in joining cluster: {cluster}",
                    object.name,
                )));
            }
            "ClusterRole" if object.name.contains(":healthcheck-") => "health check cluster role",
            "ClusterRoleBinding" if object.name.contains(":healthcheck-") => {
                "health check cluster role binding"
            }
            "ClusterRole" => "cluster role",
            "ClusterRoleBinding" => "cluster role binding",
            "Role" => "role",
            "RoleBinding" => "role binding",
            // The namespace and the token Secret may exist (Go tolerates them too).
            _ => continue,
        };
        let sa = &planned[1].name;
        return Err(leftover(format!(
            "{what} for service account {sa} in joining cluster {cluster} already exists"
        )));
    }
    if let SecretName::Fixed(name) = secret_name {
        let secret = host_secret(&host.namespace, secret_name, None);
        if host.writer.get(&secret.target()).await?.is_some() {
            return Err(leftover(format!(
                "host cluster secret {name} already exists"
            )));
        }
    }
    Ok(())
}

/// The Secret named `<prefix>...` in the host's KubeFed namespace that holds `token`, if
/// there is one (a failed read finds none).
async fn find_by_token(host: &Host, prefix: &str, token: Option<&[u8]>) -> Option<Object> {
    let token = token?;
    let name = find_secret_with_token(&host.writer, &host.namespace, prefix, token)
        .await
        .ok()??;
    Some(host_secret(&host.namespace, &SecretName::Fixed(name), None))
}

fn print_reports(
    printer: &Printer,
    format: OutputFormat,
    reports: &[JoinReport],
) -> anyhow::Result<()> {
    match format {
        OutputFormat::Json => printer.document(format, &serde_json::json!({"clusters": reports})),
        OutputFormat::Yaml => {
            // A multi-document stream kubectl can apply per side; comments mark the sides.
            let mut text = String::new();
            for report in reports {
                for (side, context, objects) in [
                    ("member", &report.member_context, &report.member),
                    ("host", &report.host_context, &report.host),
                ] {
                    for object in objects {
                        text.push_str(&format!(
                            "---\n# cluster {}: {side} side (context {context})\n",
                            report.cluster
                        ));
                        text.push_str(&crate::output::render(format, object)?);
                    }
                }
            }
            printer.out(&text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::parse_args;
    use crate::error;
    use crate::plan::names::HostName;

    fn resolve(args: &[&str]) -> anyhow::Result<JoinSettings> {
        JoinSettings::resolve(&parse_args(&[&["join"], args].concat())?)
    }

    fn member(cluster: &str, context: &str) -> Member {
        Member {
            cluster: cluster.into(),
            context: context.into(),
        }
    }

    #[test]
    fn defaults() {
        let settings = resolve(&["cluster2", "cluster3"]).unwrap();
        assert_eq!(
            settings.members,
            MemberSettings {
                members: vec![
                    member("cluster2", "cluster2"),
                    member("cluster3", "cluster3")
                ],
                host_name: None,
                concurrency: 4,
            }
        );
        assert_eq!(
            settings.options,
            JoinOptions {
                labels: BTreeMap::new(),
                auto_labels: false,
                secret_name: None,
                error_on_existing: true,
                token_timeout: Duration::from_secs(30),
                credentials: Credentials::ServiceAccount,
                rejoin: false,
            }
        );
        assert_eq!(settings.dry_run, DryRun::None);
        assert_eq!(settings.wait, None);
        assert_eq!(settings.output, None);
    }

    #[test]
    fn flags_are_resolved() {
        let settings = resolve(&[
            "cluster2",
            "--cluster-context",
            "ctx2",
            "--host-cluster-name",
            "fed",
            "--concurrency",
            "2",
            "--secret-name",
            "s",
            "--error-on-existing=false",
            "--token-timeout",
            "1m30s",
            "--credentials",
            "kubeconfig",
            "--auto-labels",
            "--wait",
            "-o",
            "json",
        ])
        .unwrap();
        assert_eq!(settings.members.members, [member("cluster2", "ctx2")]);
        assert_eq!(
            settings.members.host_name,
            Some(HostName::given("fed").unwrap())
        );
        assert_eq!(settings.members.concurrency, 2);
        assert_eq!(settings.options.secret_name.as_deref(), Some("s"));
        assert!(!settings.options.error_on_existing);
        assert_eq!(settings.options.token_timeout, Duration::from_secs(90));
        assert_eq!(settings.options.credentials, Credentials::Kubeconfig);
        assert!(settings.options.auto_labels);
        assert_eq!(settings.wait, Some(Duration::from_secs(120)));
        assert_eq!(settings.output, Some(OutputFormat::Json));
    }

    #[test]
    fn each_member_gets_the_common_labels_and_its_own() {
        let settings = resolve(&[
            "cluster2",
            "cluster3",
            "--label",
            "region=eu",
            "--label",
            "cluster3:tier=gold",
            "--label",
            "cluster3:region=us",
        ])
        .unwrap();
        let labels = |cluster| settings.options(&member(cluster, cluster)).labels;
        assert_eq!(
            labels("cluster2"),
            BTreeMap::from([("region".into(), "eu".into())])
        );
        assert_eq!(
            labels("cluster3"),
            BTreeMap::from([
                ("region".into(), "us".into()),
                ("tier".into(), "gold".into())
            ])
        );
    }

    #[test]
    fn a_dry_run_waits_for_nothing() {
        let settings = resolve(&["cluster2", "--dry-run", "--wait=5m"]).unwrap();
        assert_eq!(settings.dry_run, DryRun::Client);
        assert_eq!(settings.wait, None);
        let settings = resolve(&["cluster2", "--dry-run=server"]).unwrap();
        assert_eq!(settings.dry_run, DryRun::Server);
        let settings = resolve(&["cluster2", "--wait=5m"]).unwrap();
        assert_eq!(settings.wait, Some(Duration::from_secs(300)));
    }

    #[test]
    fn names_and_conflicts_are_checked_before_any_request() {
        let refused = |args: &[&str]| error::messages(&resolve(args).unwrap_err()).join(": ");
        assert_eq!(
            refused(&["a", "b", "--cluster-context", "x"]),
            "--cluster-context can only be used with one cluster; each of several clusters \
             uses its name as its context"
        );
        assert_eq!(refused(&["a", "a"]), "cluster \"a\" is named twice");
        assert_eq!(
            refused(&["a", "--label", "b:k=v"]),
            "--label names cluster \"b\", which this join does not name"
        );
        assert_eq!(
            refused(&["a", "--host-cluster-name", "a/b"]),
            "host-cluster-name \"a/b\" may not contain \"/\" or \":\""
        );
        let bad_host = resolve(&["a", "--host-cluster-name", "Hub"]).unwrap_err();
        assert!(
            error::hints(&bad_host)[0].contains("leave it out to name the host after its context")
        );
        assert!(refused(&["Bad_Name"]).contains("Bad_Name"));
    }
}
