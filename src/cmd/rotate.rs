//! `kubefedctl rotate-credentials`: a new token for the control plane on each member,
//! without the member ever leaving Ready.
//!
//! The KubeFed controller caches one client per KubeFedCluster and rebuilds it only when
//! the KubeFedCluster's spec, labels or annotations change, never when its Secret does
//! (kubefed issue #1132). So the new token goes into a new host Secret and the
//! KubeFedCluster's `secretRef` is switched to it in one update: at every moment the
//! controller uses a token that works. Only once the controller has probed the member
//! Ready with the new token are the old token Secret (which revokes the old token) and the
//! old host Secret deleted. If the new token fails, the switch is undone; on Ctrl-C or
//! SIGTERM before the controller confirmed it too, and after that the two deletions still
//! run, so that an interrupted rotation is either undone or complete.
//!
//! A cluster joined with the token of its kubeconfig context has no service account of
//! ours: its issuer rotates the token and the kubeconfig gets the new one, which goes
//! into the new host Secret the same way; revoking the old token is the issuer's part.

use std::time::Duration;

use anyhow::{Context, anyhow};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use k8s_openapi::jiff::Timestamp;
use kube::api::DynamicObject;
use serde_json::json;

use crate::cli::{DryRun, GlobalArgs, RotateCredentialsArgs};
use crate::cluster::apply::{Target, Writer};
use crate::cluster::kubefed::{
    Token, find_token_secret, read_token, typed_cluster, wait_for_token,
};
use crate::cluster::watch::{Waited, watch_until};
use crate::cmd::members::{self, Host, Member};
use crate::error::{ExitStatus, Hinted};
use crate::output::Printer;
use crate::plan::join::{
    Credentials, Object, SecretName, host_secret, kubefed_cluster_resource, secret_resource,
    service_account_resource, token_secret,
};
use crate::plan::kubefed::KubeFedCluster;
use crate::plan::kubefed::KubeFedObject;
use crate::plan::names::JoinNames;
use crate::plan::status::{ClusterState, cluster_status};
use crate::program::command_line;

pub(crate) async fn run(
    args: &RotateCredentialsArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let members = members::resolve(&args.clusters, &args.member)?;
    let dry_run = args.dry_run.dry_run;
    let host = Host::connect(global, &args.member, dry_run, printer).await?;
    let outcomes = members::for_each(
        &members,
        args.member.concurrency,
        printer,
        "rotating credentials of",
        |member, _| rotate_one(&host, member, args),
    )
    .await;
    let mut failures = Vec::new();
    for (member, outcome) in members.iter().zip(outcomes) {
        match outcome {
            Ok(rotated) => {
                if let NewToken::Secret {
                    service_account,
                    old_revoked: false,
                    ..
                } = &rotated.new_token
                {
                    printer.warn(format_args!(
                        "cluster \"{}\": no token Secret of service account \"{service_account}\" \
                         holds the old token, so it was not revoked; delete the Secret that \
                         holds it, or recreate the service account",
                        member.cluster
                    ));
                }
                let (verb, generated) = if dry_run == DryRun::None {
                    ("rotated", "")
                } else {
                    ("would be rotated (dry run)", "<generated>")
                };
                let name = |n: &str| if n.is_empty() { generated } else { n }.to_owned();
                let source = match &rotated.new_token {
                    NewToken::Secret { name: secret, .. } => {
                        format!("token Secret \"{}\" on the member", name(secret))
                    }
                    NewToken::Kubeconfig { context } => {
                        format!("the token of context \"{context}\"")
                    }
                };
                printer.line(format_args!(
                    "cluster \"{}\": credentials {verb} ({source}, host Secret \"{}\")",
                    member.cluster,
                    name(&rotated.host_secret)
                ))?;
            }
            Err(e) => failures.push((member.cluster.clone(), e)),
        }
    }
    members::finish("rotate the credentials of", failures, members.len())
}

struct Rotated {
    new_token: NewToken,
    host_secret: String,
}

/// Where the control plane's new token came from.
enum NewToken {
    /// A new token Secret of the join's service account; `old_revoked` tells whether the
    /// Secret of the old token was found and deleted.
    Secret {
        name: String,
        service_account: String,
        old_revoked: bool,
    },
    /// The member's kubeconfig context, whose token its issuer rotated.
    Kubeconfig { context: String },
}

async fn rotate_one(
    host: &Host,
    member: &Member,
    args: &RotateCredentialsArgs,
) -> anyhow::Result<Rotated> {
    let ns = host.namespace.as_str();
    let names = JoinNames::new(&member.cluster, &host.name.name, ns)?;
    let sa = names.service_account.as_str();
    let kfc_target = Target {
        resource: &kubefed_cluster_resource(),
        namespace: Some(ns),
        name: &member.cluster,
    };
    let kfc = host.writer.get(&kfc_target).await?.ok_or_else(|| {
        Hinted::new(
            anyhow!(
                "cluster \"{}\" is not joined to the control plane in namespace \"{ns}\" of \
                 context \"{}\"",
                member.cluster,
                host.context
            ),
            format!("join it first: {}", command_line("join")),
        )
    })?;
    let old = KubeFedCluster::from_object(&kfc)?;
    let old_host_secret = old.spec.secret_ref.name;
    let old_ca = old.spec.ca_bundle;
    let old_token = read_token(&host.writer, ns, &old_host_secret).await?;

    let member_writer = member.connect(host).await?;
    let kubeconfig_token = match Credentials::of(&kfc.metadata) {
        Credentials::Kubeconfig => Some(rotated_kubeconfig_token(
            host,
            member,
            old_token.as_deref(),
        )?),
        Credentials::ServiceAccount => None,
    };
    let old_token_secret = match (&kubeconfig_token, &old_token) {
        (Some(_), _) => None,
        (None, old_token) => {
            require_service_account(&member_writer, ns, sa, member).await?;
            match old_token {
                Some(token) => find_token_secret(&member_writer, ns, sa, token).await?,
                None => None,
            }
        }
    };

    // Every object made from here on is deleted again if a later step fails. A dry run
    // stores nothing: there is no token to wait for, nor a controller to confirm it.
    let dry_run = host.writer.dry_run();
    let mut created: Vec<(&Writer, Object)> = Vec::new();
    let switched = async {
        let (new_token_secret, token) = match &kubeconfig_token {
            Some(token) => (
                None,
                (dry_run == DryRun::None).then(|| Token {
                    token: token.clone(),
                    ca_crt: None,
                }),
            ),
            None => {
                let planned = token_secret(
                    ns,
                    sa,
                    &SecretName::Generate {
                        prefix: format!("{sa}-"),
                    },
                );
                let made = member_writer
                    .create(&planned.target(), &planned.body)
                    .await?;
                let mut new_token_secret = planned.clone();
                new_token_secret.name = made.metadata.name.clone().unwrap_or_default();
                let mut token = None;
                if dry_run == DryRun::None {
                    created.push((&member_writer, new_token_secret.clone()));
                    token = Some(
                        wait_for_token(
                            member_writer.client(),
                            ns,
                            &new_token_secret.name,
                            args.token_timeout,
                            Some(made),
                        )
                        .await
                        .with_context(|| format!("on member cluster \"{}\"", member.cluster))?,
                    );
                }
                (Some(new_token_secret), token)
            }
        };

        let planned = host_secret(
            ns,
            &SecretName::Generate {
                prefix: format!("{}-", member.cluster),
            },
            token.as_ref().map(|t| t.token.as_slice()),
        );
        let made = host.writer.create(&planned.target(), &planned.body).await?;
        let mut new_host_secret = planned.clone();
        new_host_secret.name = made.metadata.name.unwrap_or_default();
        if dry_run == DryRun::None {
            created.push((&host.writer, new_host_secret.clone()));
        }

        // The CA as join would write it: the kubeconfig's, else the token Secret's.
        let endpoint = host.kubeconfigs.endpoint(&member.context)?;
        let ca = endpoint
            .ca_bundle
            .or(token.and_then(|t| t.ca_crt))
            .filter(|ca| !ca.is_empty())
            .map(|ca| STANDARD.encode(ca));
        let mut spec = json!({"secretRef": {"name": new_host_secret.name}});
        if let Some(ca) = ca.filter(|ca| Some(ca) != old_ca.as_ref()) {
            spec["caBundle"] = json!(ca);
        }
        let since = Timestamp::now();
        host.writer
            .merge_patch(&kfc_target, &json!({"spec": spec}))
            .await?;
        Ok::<_, anyhow::Error>((new_token_secret, new_host_secret, since))
    }
    .await;
    let (new_token_secret, new_host_secret, since) = match switched {
        Ok(done) => done,
        Err(e) if dry_run != DryRun::None => return Err(e),
        Err(e) => return Err(members::roll_back(e, "rotation", created).await),
    };

    if dry_run == DryRun::None
        && let Err(e) = wait_ready_since(&host.writer, &kfc_target, since, args.ready_timeout).await
    {
        // Back to the old Secret and CA, which still work, before deleting the new ones.
        let restore = json!({"spec": {"secretRef": {"name": old_host_secret}, "caBundle": old_ca}});
        let e = match host
            .writer
            .undoing()
            .merge_patch(&kfc_target, &restore)
            .await
        {
            Ok(_) => e,
            Err(restore_error) => {
                let kept = match &new_token_secret {
                    Some(token_secret) => format!(
                        "the new token Secret \"{}\" and host Secret \"{}\" were kept",
                        token_secret.name, new_host_secret.name
                    ),
                    None => format!("the new host Secret \"{}\" was kept", new_host_secret.name),
                };
                return Err(e.context(format!(
                    "rotation failed and the KubeFedCluster could not be switched back to \
                     host Secret \"{old_host_secret}\" ({restore_error:#}); {kept}"
                )));
            }
        };
        return Err(members::roll_back(e, "rotation", created).await);
    }

    // The controller works with the new token: revoke the old one and delete its host
    // Secret. These two go on after a signal, as an undo would: the switch is done, and
    // stopping here would leave the old host Secret, which no later rotation deletes.
    if let Some(old) = &old_token_secret {
        member_writer
            .undoing()
            .delete(&Target {
                resource: &secret_resource(),
                namespace: Some(ns),
                name: old,
            })
            .await?;
    }
    if !old_host_secret.is_empty() && old_host_secret != new_host_secret.name {
        host.writer
            .undoing()
            .delete(&Target {
                resource: &secret_resource(),
                namespace: Some(ns),
                name: &old_host_secret,
            })
            .await?;
    }
    let new_token = match new_token_secret {
        Some(secret) => NewToken::Secret {
            name: secret.name,
            service_account: sa.to_owned(),
            old_revoked: old_token_secret.is_some(),
        },
        None => NewToken::Kubeconfig {
            context: member.context.clone(),
        },
    };
    Ok(Rotated {
        new_token,
        host_secret: new_host_secret.name,
    })
}

/// For a cluster joined with the token of its kubeconfig context: the token its issuer
/// rotated, which the kubeconfig must hold by now.
fn rotated_kubeconfig_token(
    host: &Host,
    member: &Member,
    old_token: Option<&[u8]>,
) -> anyhow::Result<Vec<u8>> {
    let token = host.kubeconfigs.bearer_token(&member.context)?;
    if old_token == Some(token.as_slice()) {
        return Err(member.context_token_error(
            "is",
            "the cluster was joined with the token of its kubeconfig context: have it rotated \
             where it was issued, put the new token into the kubeconfig, then run this again",
        ));
    }
    Ok(token)
}

/// The join's service account, whose new token Secret the rotation creates, must exist.
async fn require_service_account(
    writer: &Writer,
    ns: &str,
    sa: &str,
    member: &Member,
) -> anyhow::Result<()> {
    let target = Target {
        resource: &service_account_resource(),
        namespace: Some(ns),
        name: sa,
    };
    if writer.get(&target).await?.is_some() {
        return Ok(());
    }
    Err(Hinted::new(
        anyhow!(
            "service account \"{ns}/{sa}\" does not exist on member cluster \"{}\"",
            member.cluster
        ),
        "the member's side of the join is gone; join again with --error-on-existing=false",
    )
    .into())
}

/// Waits until the controller has probed the member Ready twice, counting only probes
/// that started at least a second after the switch at `since`. The controller gets the
/// switch within moments and then builds a fresh client whose first result it records
/// as is (later failures are held back until its failure threshold), so such a probe is
/// one with the new token. A failed probe ends the wait with an error.
async fn wait_ready_since(
    writer: &Writer,
    kfc: &Target<'_>,
    since: Timestamp,
    timeout: Duration,
) -> anyhow::Result<()> {
    // Probe times have whole seconds.
    let after = since.as_second() + 2;
    let mut ready_probes = Vec::new();
    let context = writer.cluster();
    let judge = |object: Option<&DynamicObject>| -> Option<anyhow::Result<()>> {
        let Some(object) = object else {
            return Some(Err(anyhow!(
                "{} was deleted while rotating",
                kfc.describe()
            )));
        };
        let status = match typed_cluster(object.clone(), context) {
            Ok(current) => cluster_status(&current),
            Err(e) => return Some(Err(e)),
        };
        let probed = status.last_probe_time.filter(|t| t.as_second() >= after)?;
        if status.state != ClusterState::Ready {
            return Some(Err(anyhow!(
                "the KubeFed controller reports cluster \"{}\" {:?} with the new token: {}",
                kfc.name,
                status.state,
                status
                    .message
                    .or(status.reason)
                    .unwrap_or_else(|| "no reason given".into())
            )));
        }
        if !ready_probes.contains(&probed) {
            ready_probes.push(probed);
        }
        (ready_probes.len() >= 2).then_some(Ok(()))
    };
    match watch_until(writer.client(), kfc, timeout, judge).await? {
        Waited::Done(result) => result,
        Waited::TimedOut(_) => Err(Hinted::new(
            anyhow!(
                "the KubeFed controller did not probe cluster \"{}\" with the new token \
                 within {}s",
                kfc.name,
                timeout.as_secs()
            ),
            format!(
                "is the KubeFed controller running ({})? --ready-timeout waits longer",
                command_line("status")
            ),
        )
        .into()),
    }
}
