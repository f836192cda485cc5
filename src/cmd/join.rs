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
use crate::cluster::apply::{Target, Writer, is_conflict};
use crate::cluster::kubefed::{
    Token, find_secret_with_token, read_scope, read_token, wait_for_token, wait_until_ready,
};
use crate::cluster::nodes::auto_labels;
use crate::cmd::members::{self, Host, Member};
use crate::error::{ExitStatus, Hinted};
use crate::output::{OutputFormat, Printer};
use crate::plan::join::{
    Credentials, Object, Scope, SecretName, host_secret, kubefed_cluster, kubefed_cluster_resource,
    label_for_another_cluster, labels_for, member_objects,
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

pub(crate) async fn run(
    args: &JoinArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let dry_run = args.dry_run.dry_run;
    let members = members::resolve(&args.clusters, &args.member)?;
    if let Some(cluster) = label_for_another_cluster(&args.labels, &args.clusters) {
        return Err(Hinted::new(
            anyhow!("--label names cluster \"{cluster}\", which this join does not name"),
            format!(
                "label one of the clusters joined here ({}) with CLUSTER:KEY=VALUE, or all \
                 of them with KEY=VALUE",
                args.clusters.join(", ")
            ),
        )
        .into());
    }
    let host = Host::connect(global, &args.member, dry_run, printer).await?;
    let scope = read_scope(host.writer.client(), &host.namespace, &host.context).await?;
    let options = JoinOptions {
        // Each member's own, below.
        labels: BTreeMap::new(),
        auto_labels: args.auto_labels,
        secret_name: args.secret_name.clone(),
        error_on_existing: args.error_on_existing,
        token_timeout: args.token_timeout,
        credentials: args.credentials,
        rejoin: false,
    };
    // A dry run joins nothing that could become Ready.
    let wait = args.ready.wait.filter(|_| dry_run == DryRun::None);
    let outcomes = members::for_each(
        &members,
        args.member.concurrency,
        printer,
        "joining",
        |member, spinner| {
            let host = &host;
            let options = JoinOptions {
                labels: labels_for(&member.cluster, &args.labels),
                ..options.clone()
            };
            async move {
                let report = join_one(host, scope, member, &options).await?;
                if let Some(timeout) = wait {
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
                let verb = match (dry_run, wait) {
                    (DryRun::None, None) => "joined",
                    (DryRun::None, Some(_)) => "joined and Ready",
                    _ => "would be joined (dry run)",
                };
                // With -o the document is the result; stdout stays parseable.
                if args.output.is_none() {
                    printer.line(format!("cluster \"{}\" {verb}", member.cluster))?;
                }
                reports.push(report);
            }
            Err(e) => failures.push((member.cluster.clone(), e)),
        }
    }
    if let Some(format) = args.output {
        print_reports(printer, format, &reports)?;
    }
    members::finish("join", failures, members.len())
}

/// The spinner's message while a member waits for the KubeFed controller's verdict.
pub(crate) fn waiting_for_ready(cluster: &str, done: &str) -> String {
    format!("{cluster}: {done}; waiting for the KubeFed controller to report it Ready")
}

/// How to join each member: join's flags, or what `sync` reads from its file.
#[derive(Clone)]
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

pub(crate) async fn join_one(
    host: &Host,
    scope: Scope,
    member: &Member,
    options: &JoinOptions,
) -> anyhow::Result<JoinReport> {
    let ns = host.namespace.as_str();
    let names = JoinNames::new(&member.cluster, &host.name.name, ns)?;
    let endpoint = host.kubeconfigs.endpoint(&member.context)?;
    let (planned, kubeconfig_token) = match options.credentials {
        Credentials::ServiceAccount => (member_objects(&names, ns, scope), None),
        // The control plane uses the kubeconfig's token: nothing to create on the member.
        Credentials::Kubeconfig => (
            Vec::new(),
            Some(host.kubeconfigs.bearer_token(&member.context)?),
        ),
    };
    let member_writer = member.connect(host).await?;
    let kfc_target = Target {
        resource: &kubefed_cluster_resource(),
        namespace: Some(ns),
        name: &member.cluster,
    };

    // Preflight: read everything before writing anything, the member and the host at
    // once. The namespace's answer (or, with the kubeconfig's token, /api's) tells whether
    // the member is reachable at all.
    let started = Instant::now();
    let unreachable = |e: anyhow::Error| {
        e.context(format!(
            "cannot reach member cluster \"{}\" at {} (waited {}s)",
            member.cluster,
            endpoint.server,
            started.elapsed().as_secs()
        ))
    };
    let (namespace, in_namespace) = match planned.split_first() {
        Some((namespace, in_namespace)) => (Some(namespace), in_namespace),
        None => (None, &[][..]),
    };
    let member_ref = &member_writer;
    let read_others = || {
        try_join_all(
            in_namespace
                .iter()
                .map(|o| async move { member_ref.get(&o.target()).await }),
        )
    };
    let member_reads = async {
        let Some(namespace) = namespace else {
            // Any authenticated user may read /api; the control plane will use this token.
            return match member_ref.client().list_core_api_versions().await {
                Ok(_) => Ok(Vec::new()),
                Err(e) => Err(token_refused(&e, member).unwrap_or_else(|| unreachable(e.into()))),
            };
        };
        let namespace_target = namespace.target();
        let (found, others) = futures::join!(member_ref.get(&namespace_target), read_others());
        let found = found.map_err(unreachable)?;
        // A namespace left terminating by an earlier unjoin cannot take new objects, and
        // what was in it goes with it.
        let terminating = found
            .as_ref()
            .is_some_and(|o| o.metadata.deletion_timestamp.is_some());
        let others = if terminating {
            member_ref
                .wait_deleted(&namespace.target(), NAMESPACE_DELETION_TIMEOUT)
                .await?;
            read_others().await?
        } else {
            others?
        };
        let mut existed = vec![found.is_some() && !terminating];
        existed.extend(others.iter().map(Option::is_some));
        Ok::<_, anyhow::Error>(existed)
    };
    let host_reads = async {
        let existing_kfc = host.writer.get(&kfc_target).await?;
        let secret_name = host_secret_name(host, member, options, existing_kfc.as_ref()).await?;
        Ok::<_, anyhow::Error>((existing_kfc, secret_name))
    };
    let (existed, (existing_kfc, secret_name)) = futures::try_join!(member_reads, host_reads)?;
    if options.error_on_existing {
        refuse_existing(
            &planned,
            &existed,
            existing_kfc.is_some(),
            &secret_name,
            host,
            member,
        )
        .await?;
    }
    if let Some(kfc) = existing_kfc.as_ref().filter(|_| !options.rejoin) {
        keep_credentials(
            host,
            member,
            kfc,
            options.credentials,
            kubeconfig_token.as_deref(),
        )
        .await?;
    }
    let mut labels = options.labels.clone();
    if options.auto_labels {
        for (key, value) in auto_labels(member_writer.client()).await.with_context(|| {
            format!(
                "cannot read the nodes of member cluster \"{}\" for --auto-labels",
                member.cluster
            )
        })? {
            labels.entry(key).or_insert(value);
        }
    }

    let mut created: Vec<(&Writer, Object)> = Vec::new();
    let written = async {
        // The server cannot dry-run objects in a namespace that only would exist.
        let skipped = |object: &Object| {
            !existed[0] && object.namespace.is_some() && member_writer.dry_run() == DryRun::Server
        };
        // Namespace, ServiceAccount and token Secret in order; then the RBAC objects
        // while the token controller fills the token.
        let (ordered, rbac) = planned.split_at(MEMBER_OBJECTS_IN_ORDER.min(planned.len()));
        // The token Secret as written: the token wait starts from it.
        let mut token_secret = None;
        for (object, existed) in ordered.iter().zip(&existed) {
            // A namespace that exists needs nothing from join, and applying its bare name
            // would strip the labels init applied when the member is the host itself:
            // teardown would then not know that init created it. Go only creates it too.
            if skipped(object) || (*existed && object.resource.kind == "Namespace") {
                continue;
            }
            // Recorded before the write: a write whose answer is lost may still have
            // created the object.
            if !existed {
                created.push((&member_writer, object.clone()));
            }
            let written = member_writer.apply(&object.target(), &object.body).await?;
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
                created.push((&member_writer, (*object).clone()));
            }
        }
        let rbac_writes =
            join_all(rbac.iter().map(|object| async move {
                member_ref.apply(&object.target(), &object.body).await
            }));
        let token_wait = async {
            if host.writer.dry_run() != DryRun::None {
                return Ok(None);
            }
            if let Some(token) = &kubeconfig_token {
                return Ok(Some(Token {
                    token: token.clone(),
                    ca_crt: None,
                }));
            }
            wait_for_token(
                member_writer.client(),
                ns,
                &names.service_account,
                options.token_timeout,
                token_secret,
            )
            .await
            .with_context(|| format!("on member cluster \"{}\"", member.cluster))
            .map(Some)
        };
        let (rbac_results, token) = futures::join!(rbac_writes, token_wait);
        if let Some(e) = rbac_results.into_iter().find_map(Result::err) {
            return Err(e);
        }
        let mut endpoint = endpoint.clone();
        let token = token?.map(|token| {
            if endpoint.ca_bundle.is_none() {
                endpoint.ca_bundle = token.ca_crt;
            }
            token.token
        });

        let secret = host_secret(ns, &secret_name, token.as_deref());
        let secret_object_name = match &secret_name {
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
                        if let Some(made) = find_by_token(host, prefix, token.as_deref()).await {
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
        let kfc = kubefed_cluster(
            &member.cluster,
            ns,
            &endpoint,
            &secret_object_name,
            &labels,
            options.credentials,
        );
        if existing_kfc.is_none() {
            created.push((&host.writer, kfc.clone()));
            // Created, not applied: of two joins of one cluster at once only one can
            // create it; the other must not point it at its own Secret. The loser undoes
            // only its host Secret, since the member objects are the winner's too.
            if let Err(e) = host.writer.create(&kfc.target(), &kfc.body).await {
                if is_conflict(&e) {
                    created.retain(|(writer, object)| {
                        std::ptr::eq(*writer, &host.writer) && object.resource.kind == "Secret"
                    });
                    return Err(e.context(format!(
                        "cluster \"{}\" was joined by another run at the same time",
                        member.cluster
                    )));
                }
                return Err(e);
            }
        } else {
            host.writer.apply(&kfc.target(), &kfc.body).await?;
        }
        Ok::<_, anyhow::Error>((secret, kfc))
    }
    .await;

    match written {
        Ok((mut secret, kfc)) => {
            // The token must never reach the output.
            if let Some(body) = secret.body.as_object_mut() {
                body.remove("data");
            }
            Ok(JoinReport {
                cluster: member.cluster.clone(),
                member_context: member.context.clone(),
                host_context: host.context.clone(),
                member: planned.into_iter().map(|o| o.body).collect(),
                host: vec![secret.body, kfc.body],
            })
        }
        Err(e) if host.writer.dry_run() != DryRun::None => Err(e),
        Err(e) => Err(members::roll_back(e, "join", created).await),
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
                host.context
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
