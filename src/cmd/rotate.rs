//! `kubefedctl rotate-credentials`: a new token for the control plane on each member,
//! without the member ever leaving Ready.
//!
//! The KubeFed controller caches one client per KubeFedCluster and rebuilds it only when
//! the KubeFedCluster's spec, labels or annotations change, never when its Secret does
//! (kubefed issue #1132). So the new token goes into a new host Secret and the
//! KubeFedCluster's `secretRef` is switched to it in one update: at every moment the
//! controller uses a token that works. Only once the controller has probed the member
//! Ready with the new token are the old token Secret (which revokes the old token) and the
//! old host Secret deleted. If the new token fails, the switch is undone.

use std::time::{Duration, Instant};

use ::kube::api::{Api, ListParams};
use anyhow::{Context, anyhow, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::jiff::Timestamp;
use serde_json::json;

use crate::cli::{DryRun, GlobalArgs, RotateCredentialsArgs};
use crate::cmd::members::{self, Host, Member};
use crate::error::{ExitStatus, Hinted};
use crate::kube::apply::{Target, Writer};
use crate::kube::kubefed::wait_for_token;
use crate::output::Printer;
use crate::plan::join::{
    Credentials, Object, SecretName, host_secret, kubefed_cluster_resource, secret_resource,
    service_account_resource, token_secret,
};
use crate::plan::names::JoinNames;
use crate::plan::status::{ClusterState, cluster_status};
use crate::program::command_line;

/// How often the KubeFedCluster's status is read while waiting for the controller.
const POLL: Duration = Duration::from_millis(500);

pub async fn run(
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
        |member| rotate_one(&host, member, args),
    )
    .await;
    let mut failures = Vec::new();
    for (member, outcome) in members.iter().zip(outcomes) {
        match outcome {
            Ok(rotated) => {
                if !rotated.old_token_found {
                    printer.warn(format_args!(
                        "cluster \"{}\": no token Secret of service account \"{}\" holds the \
                         old token, so it was not revoked; delete the Secret that holds it, \
                         or recreate the service account",
                        member.cluster, rotated.service_account
                    ));
                }
                let (verb, generated) = if dry_run == DryRun::None {
                    ("rotated", "")
                } else {
                    ("would be rotated (dry run)", "<generated>")
                };
                let name = |n: &str| if n.is_empty() { generated } else { n }.to_owned();
                printer.line(format_args!(
                    "cluster \"{}\": credentials {verb} (token Secret \"{}\" on the member, \
                     host Secret \"{}\")",
                    member.cluster,
                    name(&rotated.token_secret),
                    name(&rotated.host_secret)
                ))?;
            }
            Err(e) => failures.push((member.cluster.clone(), e)),
        }
    }
    members::finish("rotate the credentials of", failures, members.len())
}

struct Rotated {
    service_account: String,
    token_secret: String,
    host_secret: String,
    old_token_found: bool,
}

async fn rotate_one(
    host: &Host,
    member: &Member,
    args: &RotateCredentialsArgs,
) -> anyhow::Result<Rotated> {
    let ns = host.namespace.as_str();
    let names = JoinNames::new(&member.cluster, &host.name.name, ns).map_err(|e| anyhow!(e))?;
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
    if Credentials::of_object(&kfc) == Credentials::Kubeconfig {
        return Err(Hinted::new(
            anyhow!(
                "cluster \"{}\" was joined with the token of its kubeconfig context, which \
                 only its issuer can rotate",
                member.cluster
            ),
            format!(
                "rotate the token where it was issued, put it into the kubeconfig, then store \
                 it with: {} {} --credentials kubeconfig --error-on-existing=false",
                command_line("join"),
                member.cluster
            ),
        )
        .into());
    }
    let old_host_secret = kfc.data["spec"]["secretRef"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let old_ca = kfc.data["spec"]["caBundle"].clone();
    let old_token = read_token(&host.writer, ns, &old_host_secret).await?;

    let member_writer = member.connect(host).await?;
    let sa_target = Target {
        resource: &service_account_resource(),
        namespace: Some(ns),
        name: sa,
    };
    if member_writer.get(&sa_target).await?.is_none() {
        return Err(Hinted::new(
            anyhow!(
                "service account \"{ns}/{sa}\" does not exist on member cluster \"{}\"",
                member.cluster
            ),
            "the member's side of the join is gone; join again with \
             --error-on-existing=false",
        )
        .into());
    }
    let old_token_secret = match &old_token {
        Some(token) => find_token_secret(&member_writer, ns, sa, token).await?,
        None => None,
    };

    // Every object made from here on is deleted again if a later step fails. A dry run
    // stores nothing: there is no token to wait for, nor a controller to confirm it.
    let dry_run = host.writer.dry_run();
    let mut created: Vec<(&Writer, Object)> = Vec::new();
    let switched = async {
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
            .map(|ca| json!(STANDARD.encode(ca)));
        let mut spec = json!({"secretRef": {"name": new_host_secret.name}});
        if let Some(ca) = ca.filter(|ca| *ca != old_ca) {
            spec["caBundle"] = ca;
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
        let e = match host.writer.merge_patch(&kfc_target, &restore).await {
            Ok(_) => e,
            Err(restore_error) => {
                return Err(e.context(format!(
                    "rotation failed and the KubeFedCluster could not be switched back to \
                     host Secret \"{old_host_secret}\" ({restore_error:#}); the new token \
                     Secret \"{}\" and host Secret \"{}\" were kept",
                    new_token_secret.name, new_host_secret.name
                )));
            }
        };
        return Err(members::roll_back(e, "rotation", created).await);
    }

    // The controller works with the new token: revoke the old one.
    if let Some(old) = &old_token_secret {
        member_writer
            .delete(&Target {
                resource: &secret_resource(),
                namespace: Some(ns),
                name: old,
            })
            .await?;
    }
    if !old_host_secret.is_empty() && old_host_secret != new_host_secret.name {
        host.writer
            .delete(&Target {
                resource: &secret_resource(),
                namespace: Some(ns),
                name: &old_host_secret,
            })
            .await?;
    }
    Ok(Rotated {
        service_account: sa.to_owned(),
        token_secret: new_token_secret.name,
        host_secret: new_host_secret.name,
        old_token_found: old_token_secret.is_some(),
    })
}

/// The token in host Secret `name`, if the Secret exists and holds one.
async fn read_token(
    writer: &Writer,
    namespace: &str,
    name: &str,
) -> anyhow::Result<Option<Vec<u8>>> {
    if name.is_empty() {
        return Ok(None);
    }
    let secret = writer
        .get(&Target {
            resource: &secret_resource(),
            namespace: Some(namespace),
            name,
        })
        .await?;
    let token = secret
        .and_then(|s| s.data["data"]["token"].as_str().map(str::to_owned))
        .and_then(|t| STANDARD.decode(t).ok())
        .filter(|t| !t.is_empty());
    Ok(token)
}

/// The name of the member's token Secret of `service_account` that holds `token`.
async fn find_token_secret(
    writer: &Writer,
    namespace: &str,
    service_account: &str,
    token: &[u8],
) -> anyhow::Result<Option<String>> {
    let secrets: Api<Secret> = Api::namespaced(writer.client().clone(), namespace);
    let list = secrets
        .list(&ListParams::default().fields("type=kubernetes.io/service-account-token"))
        .await
        .with_context(|| {
            format!(
                "cannot list the token Secrets in namespace \"{namespace}\" on cluster \"{}\"",
                writer.cluster()
            )
        })?;
    Ok(list.items.into_iter().find_map(|secret| {
        let owner = secret
            .metadata
            .annotations
            .as_ref()?
            .get("kubernetes.io/service-account.name")?;
        let holds = secret.data.as_ref()?.get("token")?.0 == token;
        (owner == service_account && holds).then(|| secret.metadata.name.unwrap_or_default())
    }))
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
    let deadline = Instant::now() + timeout;
    // Probe times have whole seconds.
    let after = since.as_second() + 2;
    let mut ready_probes = Vec::new();
    loop {
        let current = writer
            .get(kfc)
            .await?
            .with_context(|| format!("{} was deleted while rotating", kfc.describe()))?;
        let status = cluster_status(&serde_json::to_value(current)?);
        let probed = status.last_probe_time.filter(|t| t.as_second() >= after);
        if let Some(probed) = probed {
            if status.state != ClusterState::Ready {
                bail!(
                    "the KubeFed controller reports cluster \"{}\" {:?} with the new token: {}",
                    kfc.name,
                    status.state,
                    status
                        .message
                        .or(status.reason)
                        .unwrap_or_else(|| "no reason given".into())
                );
            }
            if !ready_probes.contains(&probed) {
                ready_probes.push(probed);
            }
            if ready_probes.len() >= 2 {
                return Ok(());
            }
        }
        if Instant::now() > deadline {
            return Err(Hinted::new(
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
            .into());
        }
        tokio::time::sleep(POLL).await;
    }
}
