//! `kubefedctl join`: the steps of Go kubefedctl v0.10.0, plus what it got wrong.
//!
//! For each cluster: check everything first (KubeFedConfig scope, reachable member,
//! objects of an earlier join), then write the member's namespace, ServiceAccount, token
//! Secret and RBAC, wait for the token, write the host Secret and the KubeFedCluster. When
//! a step fails, the objects this run created are deleted again (never ones that existed
//! before), so a failed join leaves no debris (kubefed issue #513).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use ::kube::api::DynamicObject;
use anyhow::{Context, anyhow, bail};
use futures::future::{join_all, try_join_all};
use serde::Serialize;
use serde_json::Value;

use crate::cli::{DryRun, GlobalArgs, JoinArgs};
use crate::cmd::members::{self, Host, Member};
use crate::error::ExitStatus;
use crate::kube::apply::{Target, Writer};
use crate::kube::kubefed::{read_scope, wait_for_token};
use crate::kube::nodes::auto_labels;
use crate::output::{OutputFormat, Printer};
use crate::plan::join::{
    Object, Scope, SecretName, host_secret, kubefed_cluster, kubefed_cluster_resource,
    member_objects,
};
use crate::plan::names::JoinNames;

/// How long join waits for a terminating member namespace to go before recreating it.
const NAMESPACE_DELETION_TIMEOUT: Duration = Duration::from_secs(120);

/// The namespace, the ServiceAccount and its token Secret come first in the plan and
/// are written one after the other; what follows is RBAC, written concurrently.
const MEMBER_OBJECTS_IN_ORDER: usize = 3;

pub async fn run(
    args: &JoinArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let dry_run = args.dry_run.dry_run;
    let members = members::resolve(&args.clusters, &args.member)?;
    let host = Host::connect(global, &args.member, dry_run, printer).await?;
    let scope = read_scope(host.writer.client(), &host.namespace, &host.context).await?;
    let outcomes = members::for_each(
        &members,
        args.member.concurrency,
        printer,
        "joining",
        |member| join_one(&host, scope, member, args),
    )
    .await;

    let mut reports = Vec::new();
    let mut failures = Vec::new();
    for (member, outcome) in members.iter().zip(outcomes) {
        match outcome {
            Ok(report) => {
                let verb = if dry_run == DryRun::None {
                    "joined"
                } else {
                    "would be joined (dry run)"
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

/// What a join wrote (or would write), for `-o yaml|json`. Never holds the token.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JoinReport {
    cluster: String,
    member_context: String,
    host_context: String,
    member: Vec<Value>,
    host: Vec<Value>,
}

async fn join_one(
    host: &Host,
    scope: Scope,
    member: &Member,
    args: &JoinArgs,
) -> anyhow::Result<JoinReport> {
    let ns = host.namespace.as_str();
    let names = JoinNames::new(&member.cluster, &host.name.name, ns).map_err(|e| anyhow!(e))?;
    let endpoint = host.kubeconfigs.endpoint(&member.context)?;
    let member_writer = member.connect(host).await?;
    let planned = member_objects(&names, ns, scope);
    let kfc_target = Target {
        resource: &kubefed_cluster_resource(),
        namespace: Some(ns),
        name: &member.cluster,
    };

    // Preflight: read everything before writing anything, the member and the host at
    // once. The namespace's answer tells whether the member is reachable at all.
    let started = Instant::now();
    let (namespace, in_namespace) = planned.split_first().context("join plans no objects")?;
    let member_ref = &member_writer;
    let read_others = || {
        try_join_all(
            in_namespace
                .iter()
                .map(|o| async move { member_ref.get(&o.target()).await }),
        )
    };
    let member_reads = async {
        let namespace_target = namespace.target();
        let (found, others) = futures::join!(member_ref.get(&namespace_target), read_others());
        let found = found.map_err(|e| {
            e.context(format!(
                "cannot reach member cluster \"{}\" at {} (waited {}s)",
                member.cluster,
                endpoint.server,
                started.elapsed().as_secs()
            ))
        })?;
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
        let secret_name = host_secret_name(host, member, args, existing_kfc.as_ref()).await?;
        Ok::<_, anyhow::Error>((existing_kfc, secret_name))
    };
    let (existed, (existing_kfc, secret_name)) = futures::try_join!(member_reads, host_reads)?;
    if args.error_on_existing {
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
    let mut labels: BTreeMap<String, String> = args.labels.iter().cloned().collect();
    if args.auto_labels {
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
        let (ordered, rbac) = planned.split_at(MEMBER_OBJECTS_IN_ORDER);
        // The token Secret as written: the token wait starts from it.
        let mut token_secret = None;
        for (object, existed) in ordered.iter().zip(&existed) {
            if skipped(object) {
                continue;
            }
            let written = member_writer.apply(&object.target(), &object.body).await?;
            if object.resource.kind == "Secret" {
                token_secret = Some(written);
            }
            if !existed {
                created.push((&member_writer, object.clone()));
            }
        }
        let rbac_writes = join_all(
            rbac.iter()
                .filter(|o| !skipped(o))
                .map(|object| async move {
                    (
                        object,
                        member_ref.apply(&object.target(), &object.body).await,
                    )
                }),
        );
        let token_wait = async {
            if host.writer.dry_run() != DryRun::None {
                return Ok(None);
            }
            wait_for_token(
                member_writer.client(),
                ns,
                &names.service_account,
                args.token_timeout,
                token_secret,
            )
            .await
            .with_context(|| format!("on member cluster \"{}\"", member.cluster))
            .map(Some)
        };
        let (rbac_results, token) = futures::join!(rbac_writes, token_wait);
        let mut first_error = None;
        for (object, result) in rbac_results {
            let existed = planned
                .iter()
                .position(|p| p == object)
                .is_some_and(|i| existed[i]);
            match result {
                Ok(_) if !existed => created.push((&member_writer, object.clone())),
                Ok(_) => {}
                Err(e) => first_error = first_error.or(Some(e)),
            }
        }
        if let Some(e) = first_error {
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
                host.writer.apply(&secret.target(), &secret.body).await?;
                if !existed {
                    created.push((&host.writer, secret.clone()));
                }
                name.clone()
            }
            SecretName::Generate { prefix } => {
                let made = host.writer.create(&secret.target(), &secret.body).await?;
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
        let kfc = kubefed_cluster(&member.cluster, ns, &endpoint, &secret_object_name, &labels);
        host.writer.apply(&kfc.target(), &kfc.body).await?;
        if existing_kfc.is_none() {
            created.push((&host.writer, kfc.clone()));
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
        Err(e) => Err(roll_back(e, created).await),
    }
}

/// `--secret-name`, else the Secret an earlier join's KubeFedCluster points to (Go would
/// leak it and generate another), else a name the server generates from `<cluster>-`.
async fn host_secret_name(
    host: &Host,
    member: &Member,
    args: &JoinArgs,
    existing_kfc: Option<&DynamicObject>,
) -> anyhow::Result<SecretName> {
    if let Some(name) = &args.secret_name {
        return Ok(SecretName::Fixed(name.clone()));
    }
    let earlier = existing_kfc.and_then(|kfc| kfc.data["spec"]["secretRef"]["name"].as_str());
    if let Some(name) = earlier {
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
/// error, found before anything is written. The messages are Go's.
async fn refuse_existing(
    planned: &[Object],
    existed: &[bool],
    kfc_exists: bool,
    secret_name: &SecretName,
    host: &Host,
    member: &Member,
) -> anyhow::Result<()> {
    for (object, existed) in planned.iter().zip(existed) {
        if !existed {
            continue;
        }
        let what = match object.resource.kind.as_str() {
            "ServiceAccount" => {
                bail!(
                    "service account: {} already exists in joining cluster: {}",
                    object.name,
                    member.cluster
                )
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
        bail!(
            "{what} for service account {sa} in joining cluster {} already exists",
            member.cluster
        );
    }
    if kfc_exists {
        bail!(
            "federated cluster {} already exists in host cluster",
            member.cluster
        );
    }
    if let SecretName::Fixed(name) = secret_name {
        let secret = host_secret(&host.namespace, secret_name, None);
        if host.writer.get(&secret.target()).await?.is_some() {
            bail!("host cluster secret {name} already exists");
        }
    }
    Ok(())
}

/// Deletes what this run created, newest first, and says so in the error.
async fn roll_back(error: anyhow::Error, created: Vec<(&Writer, Object)>) -> anyhow::Error {
    let mut removed = Vec::new();
    let mut left = Vec::new();
    for (writer, object) in created.into_iter().rev() {
        let description = format!(
            "{} on context \"{}\"",
            object.target().describe(),
            writer.cluster()
        );
        match writer.delete(&object.target()).await {
            Ok(_) => removed.push(description),
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
    if note.is_empty() {
        error
    } else {
        error.context(format!("join failed and was undone ({note})"))
    }
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
