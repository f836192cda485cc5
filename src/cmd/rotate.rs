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
use kube::core::ApiResource;

use crate::cli::{DryRun, GlobalArgs, RotateCredentialsArgs};
use crate::cluster::apply::Writer;
use crate::cluster::kubefed::{
    Token, find_token_secret, read_token, typed_cluster, wait_for_token,
};
use crate::cluster::target::Target;
use crate::cluster::watch::{Waited, watch_until};
use crate::cmd::members::{self, Host, Member, MemberSettings};
use crate::error::{ExitStatus, Hinted};
use crate::output::Printer;
use crate::plan::join::{
    Credentials, Object, SecretName, host_secret, kubefed_cluster_resource, secret_resource,
    service_account_resource, token_secret,
};
use crate::plan::kubefed::KubeFedObject;
use crate::plan::kubefed::{CredentialsPatch, KubeFedCluster, SecretReference};
use crate::plan::names::JoinNames;
use crate::plan::status::{ClusterState, cluster_status};
use crate::program::command_line;

/// Rotate-credentials' arguments, resolved before any request.
#[derive(Debug, PartialEq)]
pub(crate) struct RotateSettings {
    members: MemberSettings,
    dry_run: DryRun,
    token_timeout: Duration,
    ready_timeout: Duration,
}

impl RotateSettings {
    pub(crate) fn resolve(args: &RotateCredentialsArgs) -> anyhow::Result<RotateSettings> {
        Ok(RotateSettings {
            members: MemberSettings::resolve(&args.clusters, &args.member)?,
            dry_run: args.dry_run.dry_run,
            token_timeout: args.token_timeout,
            ready_timeout: args.ready_timeout,
        })
    }
}

pub(crate) async fn run(
    args: &RotateCredentialsArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let settings = RotateSettings::resolve(args)?;
    let members = &settings.members.members;
    let dry_run = settings.dry_run;
    let host = Host::open(
        global,
        settings.members.host_name.as_ref(),
        dry_run,
        printer,
    )
    .await?;
    let outcomes = members::for_each(
        members,
        settings.members.concurrency,
        printer,
        "rotating credentials of",
        |member, _| rotate_one(&host, member, &settings),
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

/// Rotates one member's credentials: read and check what the join left, switch the
/// KubeFedCluster to a new token, let the controller confirm it (else switch back), then
/// delete the old token's Secrets. A failure before the confirmation undoes the switch.
async fn rotate_one(
    host: &Host,
    member: &Member,
    settings: &RotateSettings,
) -> anyhow::Result<Rotated> {
    let names = JoinNames::new(&member.cluster, &host.name.name, &host.namespace)?;
    let kfc_resource = kubefed_cluster_resource();
    let joined = read_joined(host, member, &kfc_resource).await?;
    let rotation = Rotation {
        writer: member.connect(host).await?,
        names,
        kfc_resource,
        host,
        member,
        settings,
    };
    let old = rotation.check(joined).await?;
    // Every object made from here on is deleted again if a later step fails. A dry run
    // stores nothing: there is no token to wait for, nor a controller to confirm it.
    let dry_run = host.writer.dry_run();
    let mut created = Vec::new();
    let new = match rotation.switch(&old, &mut created).await {
        Ok(new) => new,
        Err(e) if dry_run != DryRun::None => return Err(e),
        Err(e) => return Err(members::roll_back(e, "rotation", created).await),
    };
    if dry_run == DryRun::None
        && let Err(e) = rotation.confirm(new.since).await
    {
        let e = rotation.switch_back(e, &old, &new).await?;
        return Err(members::roll_back(e, "rotation", created).await);
    }
    rotation.revoke(&old, &new).await?;
    let new_token = match new.token_secret {
        Some(secret) => NewToken::Secret {
            name: secret.name,
            service_account: rotation.names.service_account.clone(),
            old_revoked: old.token_secret.is_some(),
        },
        None => NewToken::Kubeconfig {
            context: member.context.clone(),
        },
    };
    Ok(Rotated {
        new_token,
        host_secret: new.host_secret.name,
    })
}

/// One member's rotation in progress.
struct Rotation<'a> {
    host: &'a Host,
    member: &'a Member,
    settings: &'a RotateSettings,
    names: JoinNames,
    /// The member's writer.
    writer: Writer,
    kfc_resource: ApiResource,
}

/// The member's KubeFedCluster as the host holds it.
struct Joined {
    credentials: Credentials,
    host_secret: String,
    ca: Option<String>,
    /// The token in the host Secret.
    token: Option<Vec<u8>>,
}

/// Reads the member's KubeFedCluster and the token of its host Secret; a cluster that is
/// not joined is an error.
async fn read_joined(
    host: &Host,
    member: &Member,
    kfc_resource: &ApiResource,
) -> anyhow::Result<Joined> {
    let ns = host.namespace.as_str();
    let target = Target {
        resource: kfc_resource,
        namespace: Some(ns),
        name: &member.cluster,
    };
    let kfc = host.writer.get(&target).await?.ok_or_else(|| {
        Hinted::new(
            anyhow!(
                "cluster \"{}\" is not joined to the control plane in namespace \"{ns}\" of \
                 context \"{}\"",
                member.cluster,
                host.context()
            ),
            format!("join it first: {}", command_line("join")),
        )
    })?;
    let spec = KubeFedCluster::from_object(&kfc)?.spec;
    let token = read_token(&host.writer, ns, &spec.secret_ref.name).await?;
    Ok(Joined {
        credentials: Credentials::of(&kfc.metadata),
        host_secret: spec.secret_ref.name,
        ca: spec.ca_bundle,
        token,
    })
}

/// The credentials the control plane uses before the rotation.
struct OldCredentials {
    host_secret: String,
    ca: Option<String>,
    /// The token Secret on the member that holds the old token, when there is one.
    token_secret: Option<String>,
    /// For a cluster joined with its kubeconfig context's token: the rotated token there.
    kubeconfig_token: Option<Vec<u8>>,
}

/// The credentials the rotation switched to.
struct NewCredentials {
    /// The new token Secret on the member; none with the kubeconfig's token.
    token_secret: Option<Object>,
    host_secret: Object,
    /// When the KubeFedCluster was switched.
    since: Timestamp,
}

impl Rotation<'_> {
    fn kfc(&self) -> Target<'_> {
        Target {
            resource: &self.kfc_resource,
            namespace: Some(&self.host.namespace),
            name: &self.member.cluster,
        }
    }

    /// Checks that the member's side of the join can be rotated and finds the token
    /// Secret of the old token, before anything is written.
    async fn check(&self, joined: Joined) -> anyhow::Result<OldCredentials> {
        let (host, member) = (self.host, self.member);
        let ns = host.namespace.as_str();
        let kubeconfig_token = match joined.credentials {
            Credentials::Kubeconfig => Some(rotated_kubeconfig_token(
                host,
                member,
                joined.token.as_deref(),
            )?),
            Credentials::ServiceAccount => None,
        };
        let token_secret = match (&kubeconfig_token, &joined.token) {
            (Some(_), _) => None,
            (None, old_token) => {
                let sa = self.names.service_account.as_str();
                require_service_account(&self.writer, ns, sa, member).await?;
                match old_token {
                    Some(token) => find_token_secret(&self.writer, ns, sa, token).await?,
                    None => None,
                }
            }
        };
        Ok(OldCredentials {
            host_secret: joined.host_secret,
            ca: joined.ca,
            token_secret,
            kubeconfig_token,
        })
    }

    /// Creates the new token (Secret) and host Secret and points the KubeFedCluster at
    /// them in one update; records in `created` what a rollback deletes.
    async fn switch<'s>(
        &'s self,
        old: &OldCredentials,
        created: &mut Vec<(&'s Writer, Object)>,
    ) -> anyhow::Result<NewCredentials> {
        let host = self.host;
        let ns = host.namespace.as_str();
        let dry_run = host.writer.dry_run();
        let (token_secret, token) = match &old.kubeconfig_token {
            Some(token) => (
                None,
                (dry_run == DryRun::None).then(|| Token {
                    token: token.clone(),
                    ca_crt: None,
                }),
            ),
            None => {
                let (secret, token) = self.new_token_secret(created).await?;
                (Some(secret), token)
            }
        };

        let planned = host_secret(
            ns,
            &SecretName::Generate {
                prefix: format!("{}-", self.member.cluster),
            },
            token.as_ref().map(|t| t.token.as_slice()),
        );
        let made = host.writer.create(&planned.target(), &planned.body).await?;
        let mut host_secret = planned.clone();
        host_secret.name = made.metadata.name.unwrap_or_default();
        if dry_run == DryRun::None {
            created.push((&host.writer, host_secret.clone()));
        }

        // The CA as join would write it: the kubeconfig's, else the token Secret's.
        let endpoint = host.kubeconfigs.endpoint(&self.member.context)?;
        let ca = endpoint
            .ca_bundle
            .or(token.and_then(|t| t.ca_crt))
            .filter(|ca| !ca.is_empty())
            .map(|ca| STANDARD.encode(ca));
        let patch = CredentialsPatch {
            secret_ref: SecretReference {
                name: host_secret.name.clone(),
            },
            ca_bundle: ca.filter(|ca| Some(ca) != old.ca.as_ref()).map(Some),
        };
        let since = Timestamp::now();
        host.writer
            .merge_patch(&self.kfc(), &patch.to_patch())
            .await?;
        Ok(NewCredentials {
            token_secret,
            host_secret,
            since,
        })
    }

    /// A new token Secret of the join's service account, and (unless in a dry run) the
    /// token the member's token controller fills in.
    async fn new_token_secret<'s>(
        &'s self,
        created: &mut Vec<(&'s Writer, Object)>,
    ) -> anyhow::Result<(Object, Option<Token>)> {
        let sa = self.names.service_account.as_str();
        let ns = self.host.namespace.as_str();
        let planned = token_secret(
            ns,
            sa,
            &SecretName::Generate {
                prefix: format!("{sa}-"),
            },
        );
        let made = self.writer.create(&planned.target(), &planned.body).await?;
        let mut secret = planned.clone();
        secret.name = made.metadata.name.clone().unwrap_or_default();
        if self.writer.dry_run() != DryRun::None {
            return Ok((secret, None));
        }
        created.push((&self.writer, secret.clone()));
        let token = wait_for_token(
            self.writer.client(),
            ns,
            &secret.name,
            self.settings.token_timeout,
            Some(made),
        )
        .await
        .with_context(|| format!("on member cluster \"{}\"", self.member.cluster))?;
        Ok((secret, Some(token)))
    }

    /// Waits until the controller has probed the member Ready with the new token.
    async fn confirm(&self, since: Timestamp) -> anyhow::Result<()> {
        wait_ready_since(
            &self.host.writer,
            &self.kfc(),
            since,
            self.settings.ready_timeout,
        )
        .await
    }

    /// Points the KubeFedCluster back at the old Secret and CA, which still work, before
    /// the new ones are deleted; `error` is why. When that fails too, the new Secrets are
    /// kept, and the error says so.
    async fn switch_back(
        &self,
        error: anyhow::Error,
        old: &OldCredentials,
        new: &NewCredentials,
    ) -> anyhow::Result<anyhow::Error> {
        let restore = CredentialsPatch {
            secret_ref: SecretReference {
                name: old.host_secret.clone(),
            },
            ca_bundle: Some(old.ca.clone()),
        }
        .to_patch();
        let Err(restore_error) = self
            .host
            .writer
            .undoing()
            .merge_patch(&self.kfc(), &restore)
            .await
        else {
            return Ok(error);
        };
        let kept = match &new.token_secret {
            Some(token_secret) => format!(
                "the new token Secret \"{}\" and host Secret \"{}\" were kept",
                token_secret.name, new.host_secret.name
            ),
            None => format!("the new host Secret \"{}\" was kept", new.host_secret.name),
        };
        Err(error.context(format!(
            "rotation failed and the KubeFedCluster could not be switched back to host \
             Secret \"{}\" ({restore_error:#}); {kept}",
            old.host_secret
        )))
    }

    /// The controller works with the new token: revokes the old one and deletes its host
    /// Secret. These two go on after a signal, as an undo would: the switch is done, and
    /// stopping here would leave the old host Secret, which no later rotation deletes.
    async fn revoke(&self, old: &OldCredentials, new: &NewCredentials) -> anyhow::Result<()> {
        let ns = self.host.namespace.as_str();
        if let Some(old) = &old.token_secret {
            self.writer
                .undoing()
                .delete(&Target {
                    resource: &secret_resource(),
                    namespace: Some(ns),
                    name: old,
                })
                .await?;
        }
        if !old.host_secret.is_empty() && old.host_secret != new.host_secret.name {
            self.host
                .writer
                .undoing()
                .delete(&Target {
                    resource: &secret_resource(),
                    namespace: Some(ns),
                    name: &old.host_secret,
                })
                .await?;
        }
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::parse_args;

    fn resolve(args: &[&str]) -> anyhow::Result<RotateSettings> {
        RotateSettings::resolve(&parse_args(&[&["rotate-credentials"], args].concat())?)
    }

    #[test]
    fn durations_and_defaults_are_resolved() {
        let settings = resolve(&["cluster2", "cluster3"]).unwrap();
        assert_eq!(settings.members.members.len(), 2);
        assert_eq!(settings.members.members[1].context, "cluster3");
        assert_eq!(settings.dry_run, DryRun::None);
        assert_eq!(settings.token_timeout, Duration::from_secs(30));
        assert_eq!(settings.ready_timeout, Duration::from_secs(60));
        let settings = resolve(&[
            "cluster2",
            "--cluster-context",
            "ctx2",
            "--token-timeout",
            "5s",
            "--ready-timeout",
            "2m",
            "--dry-run",
        ])
        .unwrap();
        assert_eq!(settings.members.members[0].context, "ctx2");
        assert_eq!(settings.token_timeout, Duration::from_secs(5));
        assert_eq!(settings.ready_timeout, Duration::from_secs(120));
        assert_eq!(settings.dry_run, DryRun::Client);
    }

    #[test]
    fn names_are_checked_before_any_request() {
        let refused = resolve(&["a", "b", "--cluster-context", "x"]).unwrap_err();
        assert!(
            refused
                .to_string()
                .starts_with("--cluster-context can only be used")
        );
        assert!(resolve(&["a", "--token-timeout", "soon"]).is_err());
    }
}
