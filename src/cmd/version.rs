//! `kubefedctl version`: client version, plus the host's API server and KubeFed controller.
//!
//! The server part is best effort so that `version` works without a cluster; only
//! mistakes in explicitly given flags (`--kubeconfig`, `--host-cluster-context`) fail it.

use std::time::Duration;

use anyhow::{Context, anyhow};
use serde::Serialize;

use crate::cli::{DryRun, GlobalArgs, VersionArgs};
use crate::cluster::config::{Kubeconfigs, platform};
use crate::cluster::server;
use crate::cmd::members::{HostKubeconfig, Session};
use crate::error::{self, ExitStatus};
use crate::output::{OutputFormat, Printer};

/// Upper bound for all server requests, so `version` cannot hang on a stuck API server.
const PROBE_TIMEOUT: Duration = Duration::from_secs(20);

/// The `-o json|yaml` document. Keys are part of the CLI's stable interface.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct VersionReport {
    client_version: ClientVersion,
    #[serde(skip_serializing_if = "Option::is_none")]
    server_version: Option<ServerVersion>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kubefed_controller_version: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ClientVersion {
    version: &'static str,
    git_commit: &'static str,
    platform: String,
    rust_version: &'static str,
}

impl ClientVersion {
    fn current() -> Self {
        ClientVersion {
            version: env!("CARGO_PKG_VERSION"),
            git_commit: env!("KUBEFEDCTL_GIT_COMMIT"),
            platform: platform(std::env::consts::OS, std::env::consts::ARCH),
            rust_version: env!("KUBEFEDCTL_RUST_VERSION"),
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ServerVersion {
    git_version: String,
    major: String,
    minor: String,
    platform: String,
}

struct HostVersions {
    server: ServerVersion,
    controller_image: Option<String>,
}

/// Version's arguments, resolved.
#[derive(Debug, PartialEq)]
pub(crate) struct VersionSettings {
    /// Whether to ask the host for its versions: not with --client.
    ask_host: bool,
    output: Option<OutputFormat>,
}

impl VersionSettings {
    pub(crate) fn resolve(args: &VersionArgs) -> VersionSettings {
        VersionSettings {
            ask_host: !args.client,
            output: args.output,
        }
    }
}

pub(crate) async fn run(
    args: &VersionArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let settings = VersionSettings::resolve(args);
    let client = ClientVersion::current();
    // Text output is streamed so the client line shows even if the server part fails.
    if settings.output.is_none() {
        printer.line(format_args!(
            "kubefedctl version: {} (commit {})",
            client.version, client.git_commit
        ))?;
    }
    let host = if settings.ask_host {
        probe_host(global, printer).await?
    } else {
        None
    };

    match settings.output {
        Some(format) => {
            let (server_version, kubefed_controller_version) = match host {
                Some(h) => (Some(h.server), h.controller_image),
                None => (None, None),
            };
            let report = VersionReport {
                client_version: client,
                server_version,
                kubefed_controller_version,
            };
            printer.document(format, &report)?;
        }
        None => {
            if let Some(host) = host {
                printer.line(format_args!(
                    "Kubernetes server version: {}",
                    host.server.git_version
                ))?;
                if let Some(image) = host.controller_image {
                    printer.line(format_args!("KubeFed controller version: {image}"))?;
                }
            }
        }
    }
    Ok(ExitStatus::Success)
}

/// `Err` only for mistakes in explicitly given flags; anything else becomes a warning.
/// So the host is opened step by step: each step's failure is judged by its own flag.
async fn probe_host(
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<Option<HostVersions>> {
    let kubeconfigs = match Kubeconfigs::load(global.kubeconfig.as_deref()) {
        Ok(kc) => kc,
        Err(e) if global.kubeconfig.is_none() => return Ok(unavailable(printer, &e)),
        Err(e) => return Err(e),
    };
    let host = match HostKubeconfig::choose(kubeconfigs, global) {
        Ok(host) => host,
        Err(e) if global.host_cluster_context.is_none() => return Ok(unavailable(printer, &e)),
        Err(e) => return Err(e),
    };
    let context = host.context().to_owned();
    let query = async {
        let session = host.connect(DryRun::None).await?;
        query_host(&session, printer).await
    };
    match tokio::time::timeout(PROBE_TIMEOUT, query).await {
        Ok(Ok(host)) => Ok(Some(host)),
        Ok(Err(e)) => Ok(unavailable(printer, &e)),
        Err(_) => Ok(unavailable(
            printer,
            &anyhow!(
                "context \"{context}\" did not answer within {} s",
                PROBE_TIMEOUT.as_secs()
            ),
        )),
    }
}

async fn query_host(session: &Session, printer: &Printer) -> anyhow::Result<HostVersions> {
    let client = session.writer.client();
    let info = server::server_version(client).await.with_context(|| {
        format!(
            "cannot reach the host cluster (context \"{}\")",
            session.context()
        )
    })?;
    let controller_image = match server::kubefed_controller_image(client, &session.namespace).await
    {
        Ok(image) => image,
        Err(e) => {
            printer.debug(
                1,
                format_args!(
                    "KubeFed controller version unavailable: {}",
                    error::messages(&e).join(": ")
                ),
            );
            None
        }
    };
    Ok(HostVersions {
        server: ServerVersion {
            git_version: info.git_version,
            major: info.major,
            minor: info.minor,
            platform: info.platform,
        },
        controller_image,
    })
}

fn unavailable(printer: &Printer, err: &anyhow::Error) -> Option<HostVersions> {
    printer.warn(format_args!(
        "server version unavailable: {}",
        error::messages(err).join(": ")
    ));
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::parse_args;
    use crate::output::render;

    fn resolve(args: &[&str]) -> anyhow::Result<VersionSettings> {
        Ok(VersionSettings::resolve(&parse_args(
            &[&["version"], args].concat(),
        )?))
    }

    #[test]
    fn the_host_is_asked_unless_client_only() {
        assert_eq!(
            resolve(&[]).unwrap(),
            VersionSettings {
                ask_host: true,
                output: None,
            }
        );
        assert_eq!(
            resolve(&["--client", "-o", "json"]).unwrap(),
            VersionSettings {
                ask_host: false,
                output: Some(OutputFormat::Json),
            }
        );
        assert_eq!(
            resolve(&["--output", "yaml"]).unwrap().output,
            Some(OutputFormat::Yaml)
        );
        let refused = resolve(&["-o", "xml"]).unwrap_err().to_string();
        assert!(refused.contains("invalid value 'xml'"), "{refused}");
    }

    #[test]
    fn report_keys_are_camel_case_and_optional_parts_omitted() {
        let report = VersionReport {
            client_version: ClientVersion {
                version: "0.1.0",
                git_commit: "abc1234",
                platform: "linux/amd64".into(),
                rust_version: "1.95.0",
            },
            server_version: Some(ServerVersion {
                git_version: "v1.34.1".into(),
                major: "1".into(),
                minor: "34".into(),
                platform: "linux/amd64".into(),
            }),
            kubefed_controller_version: None,
        };
        let json: serde_json::Value =
            serde_json::from_str(&render(OutputFormat::Json, &report).unwrap()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "clientVersion": {
                    "version": "0.1.0",
                    "gitCommit": "abc1234",
                    "platform": "linux/amd64",
                    "rustVersion": "1.95.0",
                },
                "serverVersion": {
                    "gitVersion": "v1.34.1",
                    "major": "1",
                    "minor": "34",
                    "platform": "linux/amd64",
                },
            })
        );
    }
}
