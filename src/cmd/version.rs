//! `kubefedctl version`: client version, plus the host's API server and KubeFed controller.
//!
//! The server part is best effort so that `version` works without a cluster; only
//! mistakes in explicitly given flags (`--kubeconfig`, `--host-cluster-context`) fail it.

use std::time::Duration;

use anyhow::{Context, anyhow};
use serde::Serialize;

use crate::cli::{GlobalArgs, VersionArgs};
use crate::cluster::config::{Kubeconfigs, platform};
use crate::cluster::server;
use crate::error::{self, ExitStatus};
use crate::output::Printer;

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

pub(crate) async fn run(
    args: &VersionArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let client = ClientVersion::current();
    // Text output is streamed so the client line shows even if the server part fails.
    if args.output.is_none() {
        printer.line(format_args!(
            "kubefedctl version: {} (commit {})",
            client.version, client.git_commit
        ))?;
    }
    let host = if args.client {
        None
    } else {
        probe_host(global, printer).await?
    };

    match args.output {
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
async fn probe_host(
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<Option<HostVersions>> {
    let kubeconfigs = match Kubeconfigs::load(global.kubeconfig.as_deref()) {
        Ok(kc) => kc,
        Err(e) if global.kubeconfig.is_none() => return Ok(unavailable(printer, &e)),
        Err(e) => return Err(e),
    };
    let explicit = global.host_cluster_context.as_deref();
    let context = match kubeconfigs.host_context(explicit) {
        Ok(context) => context,
        Err(e) if explicit.is_none() => return Ok(unavailable(printer, &e)),
        Err(e) => return Err(e),
    };
    let query = query_host(&kubeconfigs, context, &global.kubefed_namespace, printer);
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

async fn query_host(
    kubeconfigs: &Kubeconfigs,
    context: &str,
    namespace: &str,
    printer: &Printer,
) -> anyhow::Result<HostVersions> {
    let client = kubeconfigs.client(context).await?;
    let info = server::server_version(&client)
        .await
        .with_context(|| format!("cannot reach the host cluster (context \"{context}\")"))?;
    let controller_image = match server::kubefed_controller_image(&client, namespace).await {
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
    use crate::output::{OutputFormat, render};

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
