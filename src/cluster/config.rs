//! Kubeconfig loading and per-context clients.
//!
//! One [`Kubeconfigs`] value is loaded per run (client-go's rules: `--kubeconfig` alone,
//! else the `KUBECONFIG` list merged, else `~/.kube/config`) and builds a `kube::Client`
//! for any of its contexts, so host and member clusters can use different contexts.

use std::fmt;
use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use http::Uri;
use http::header::{HeaderValue, USER_AGENT};
use kube::client::AuthError;
use kube::client::ClientBuilder;
use kube::config::{KubeConfigOptions, Kubeconfig, KubeconfigError};
use kube::{Client, Config};
use secrecy::ExposeSecret;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::cluster::request_log::{REQUEST_LOG_LEVEL, RequestLog};
use crate::diagnostics;
use crate::error::{CONNECT_TIMEOUT, HintExt, Hinted};
use crate::plan::input::ParseError;
use crate::plan::join::Endpoint;

/// How long an exec credential plugin may run when stdin is not a terminal.
const EXEC_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the kubeconfig came from; shown in error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// `--kubeconfig PATH`.
    Flag(PathBuf),
    /// The `KUBECONFIG` path list.
    Env(Vec<PathBuf>),
    /// `~/.kube/config`.
    Default(PathBuf),
    /// No `KUBECONFIG` and no home directory to find `~/.kube/config` in.
    NoHome,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(path) | Origin::Default(path) => write!(f, "{}", path.display()),
            Origin::Env(paths) => {
                let joined = std::env::join_paths(paths).unwrap_or_default();
                write!(f, "KUBECONFIG={}", joined.to_string_lossy())
            }
            Origin::NoHome => f.write_str("~/.kube/config (no home directory)"),
        }
    }
}

/// Why a context could not be selected.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ContextError {
    #[error("no kubeconfig found at {origin}")]
    NoKubeconfig { origin: Origin },
    #[error("no current-context is set in kubeconfig {origin}")]
    NoCurrentContext { origin: Origin },
    #[error("context \"{name}\" not found in kubeconfig {origin}")]
    NotFound { name: String, origin: Origin },
    #[error(
        "context \"{context}\" refers to {entry} \"{name}\", which is not in kubeconfig {origin}"
    )]
    MissingEntry {
        context: String,
        entry: &'static str,
        name: String,
        origin: Origin,
    },
}

/// The loaded (and, for `KUBECONFIG`, merged) kubeconfig.
pub struct Kubeconfigs {
    config: Kubeconfig,
    origin: Origin,
    /// False when none of the candidate files exists (client-go then uses an empty config).
    found: bool,
}

impl Kubeconfigs {
    /// Load `explicit` only (it must exist), else the `KUBECONFIG` files that exist, else
    /// `~/.kube/config` if it exists.
    pub fn load(explicit: Option<&Path>) -> anyhow::Result<Self> {
        if let Some(path) = explicit {
            let config = read_file(path)?
                .ok_or_else(|| anyhow!("kubeconfig file {} does not exist", path.display()))?;
            return Ok(Kubeconfigs {
                config,
                origin: Origin::Flag(path.to_owned()),
                found: true,
            });
        }
        let env_paths: Vec<PathBuf> = std::env::var_os("KUBECONFIG")
            .map(|v| {
                std::env::split_paths(&v)
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if !env_paths.is_empty() {
            return Self::from_paths(Origin::Env(env_paths));
        }
        match std::env::home_dir() {
            Some(home) => Self::from_paths(Origin::Default(home.join(".kube").join("config"))),
            None => Self::from_paths(Origin::NoHome),
        }
    }

    /// Merge the files of `origin` that exist; like client-go, a missing file is skipped
    /// (kube's `Kubeconfig::read` would fail the whole list instead).
    fn from_paths(origin: Origin) -> anyhow::Result<Self> {
        let paths = match &origin {
            Origin::Flag(path) | Origin::Default(path) => std::slice::from_ref(path),
            Origin::Env(paths) => paths.as_slice(),
            Origin::NoHome => &[],
        };
        let mut merged: Option<Kubeconfig> = None;
        for path in paths {
            let Some(next) = read_file(path)? else {
                continue;
            };
            merged = Some(match merged {
                None => next,
                Some(prev) => prev
                    .merge(next)
                    .with_context(|| format!("cannot merge kubeconfig {}", path.display()))?,
            });
        }
        Ok(Kubeconfigs {
            found: merged.is_some(),
            config: merged.unwrap_or_default(),
            origin,
        })
    }

    /// Context names in kubeconfig order.
    pub fn context_names(&self) -> Vec<&str> {
        self.config
            .contexts
            .iter()
            .map(|c| c.name.as_str())
            .collect()
    }

    pub(crate) fn current_context(&self) -> Option<&str> {
        self.config
            .current_context
            .as_deref()
            .filter(|c| !c.is_empty())
    }

    /// The context of the host cluster: `explicit` (`--host-cluster-context`), else the
    /// current context. Either must exist in the kubeconfig.
    pub fn host_context<'a>(&'a self, explicit: Option<&'a str>) -> anyhow::Result<&'a str> {
        self.require_found()?;
        let Some(name) = explicit.or(self.current_context()) else {
            let err = ContextError::NoCurrentContext {
                origin: self.origin.clone(),
            };
            let hint = format!(
                "pass --host-cluster-context CONTEXT; {}",
                self.known_contexts()
            );
            return Err(Hinted::new(err, hint).into());
        };
        self.check_context(name)?;
        Ok(name)
    }

    /// Fails unless `name` is a context of this kubeconfig; the error names the kubeconfig
    /// and hints at the known contexts.
    pub fn check_context(&self, name: &str) -> anyhow::Result<()> {
        self.require_found()?;
        let Some(context) = self.config.contexts.iter().find(|c| c.name == name) else {
            let err = ContextError::NotFound {
                name: name.to_owned(),
                origin: self.origin.clone(),
            };
            return Err(Hinted::new(err, self.known_contexts()).into());
        };
        let Some(body) = &context.context else {
            return Ok(());
        };
        // kube would go on without the entry: a missing user means anonymous requests
        // that end in "forbidden: system:anonymous", a missing cluster a vague load error.
        let clusters: Vec<&str> = self
            .config
            .clusters
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        let users: Vec<&str> = self
            .config
            .auth_infos
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        let references = [
            ("cluster", Some(body.cluster.as_str()), clusters),
            ("user", body.user.as_deref(), users),
        ];
        for (entry, reference, known) in references {
            let Some(reference) = reference.filter(|r| !r.is_empty()) else {
                continue;
            };
            if known.contains(&reference) {
                continue;
            }
            let err = ContextError::MissingEntry {
                context: name.to_owned(),
                entry,
                name: reference.to_owned(),
                origin: self.origin.clone(),
            };
            let hint = if known.is_empty() {
                format!("the kubeconfig defines no {entry}s: add {entry} \"{reference}\"")
            } else {
                format!(
                    "add {entry} \"{reference}\" to the kubeconfig or point the context at \
                     one of its {entry}s: {}",
                    known.join(", ")
                )
            };
            return Err(Hinted::new(err, hint).into());
        }
        Ok(())
    }

    fn require_found(&self) -> anyhow::Result<()> {
        if self.found {
            return Ok(());
        }
        let err = ContextError::NoKubeconfig {
            origin: self.origin.clone(),
        };
        Err(Hinted::new(err, "pass --kubeconfig PATH or set KUBECONFIG").into())
    }

    fn known_contexts(&self) -> String {
        let names = self.context_names();
        if names.is_empty() {
            "the kubeconfig defines no contexts".to_owned()
        } else {
            format!("known contexts: {}", names.join(", "))
        }
    }

    /// A client for `context`. Needs a Tokio runtime; no request is sent yet, but an exec
    /// credential plugin of the context runs now.
    pub(crate) async fn client(&self, context: &str) -> anyhow::Result<Client> {
        let config = self.config_for(context).await?;
        // kube runs the exec plugin inside `Client::try_from`, blocking and without a time
        // limit. With no terminal on stdin no one can answer a prompt, so a plugin that has
        // not finished by then is stuck.
        let logged = diagnostics::log_enabled(REQUEST_LOG_LEVEL).then(|| RequestLog {
            context: context.to_owned(),
        });
        let build = tokio::task::spawn_blocking(move || {
            let builder = ClientBuilder::try_from(config)?;
            Ok(match logged {
                Some(layer) => builder.with_layer(&layer).build(),
                None => builder.build(),
            })
        });
        let built = if std::io::stdin().is_terminal() {
            build.await
        } else {
            tokio::time::timeout(EXEC_TIMEOUT, build)
                .await
                .map_err(|_| {
                    anyhow!(
                        "the exec credential plugin of context \"{context}\" did not finish \
                         within {} s",
                        EXEC_TIMEOUT.as_secs()
                    )
                })
                .with_hint(|| "run the plugin by hand to see what it waits for")?
        };
        built
            .context("the client builder stopped")?
            .map_err(without_plugin_output)
            .with_context(|| format!("cannot create a client for context \"{context}\""))
    }

    async fn config_for(&self, context: &str) -> anyhow::Result<Config> {
        self.check_context(context)?;
        let options = KubeConfigOptions {
            context: Some(context.to_owned()),
            ..Default::default()
        };
        let mut config = Config::from_custom_kubeconfig(self.config.clone(), &options)
            .await
            .with_context(|| {
                format!(
                    "cannot load context \"{context}\" from kubeconfig {}",
                    self.origin
                )
            })?;
        // tower-http panics on a bearer token that is no valid header value (a line break
        // pasted into the kubeconfig): refuse it here with a clear error instead.
        if let Some(token) = &config.auth_info.token
            && HeaderValue::from_str(&format!("Bearer {}", token.expose_secret())).is_err()
        {
            return Err(anyhow!(
                "the token of context \"{context}\" holds characters not allowed in an HTTP \
                 header (a line break?)"
            ));
        }
        if let Some(problem) = server_url_problem(&config.cluster_url) {
            let cluster = self.cluster_name(context).unwrap_or_default();
            return Err(Hinted::new(
                anyhow!(
                    "the server URL of cluster \"{cluster}\" (context \"{context}\") in kubeconfig \
                     {} is invalid: {problem}",
                    self.origin
                ),
                "fix the cluster's server, e.g. https://203.0.113.10:6443",
            )
            .into());
        }
        config.connect_timeout = Some(CONNECT_TIMEOUT);
        let user_agent = HeaderValue::from_str(&user_agent()).context("the User-Agent header")?;
        config.headers.push((USER_AGENT, user_agent));
        config.proxy_url = proxy_for(
            self.cluster_proxy_url(context),
            &config.cluster_url,
            &ProxyEnv::from_env(),
        )
        .with_context(|| format!("invalid proxy settings for context \"{context}\""))?;
        Ok(config)
    }

    fn cluster_proxy_url(&self, context: &str) -> Option<&str> {
        self.cluster_entry(context)?.proxy_url.as_deref()
    }

    /// The name of the kubeconfig `cluster` entry that `context` points to.
    fn cluster_name(&self, context: &str) -> Option<&str> {
        let body = self
            .config
            .contexts
            .iter()
            .find(|c| c.name == context)?
            .context
            .as_ref()?;
        Some(&body.cluster)
    }

    /// The kubeconfig `cluster` entry that `context` points to.
    fn cluster_entry(&self, context: &str) -> Option<&kube::config::Cluster> {
        let cluster = self.cluster_name(context)?;
        self.config
            .clusters
            .iter()
            .find(|c| c.name == cluster)?
            .cluster
            .as_ref()
    }

    /// The namespace the context names, if any (kubectl's default for `-n`).
    pub fn context_namespace(&self, context: &str) -> Option<&str> {
        self.config
            .contexts
            .iter()
            .find(|c| c.name == context)?
            .context
            .as_ref()?
            .namespace
            .as_deref()
            .filter(|ns| !ns.is_empty())
    }

    /// How a KubeFed control plane should reach the cluster of `context`: its server
    /// URL as written, its CA (inline data, else the file it names), whether TLS
    /// verification is off, and its proxy.
    pub fn endpoint(&self, context: &str) -> anyhow::Result<Endpoint> {
        self.check_context(context)?;
        let cluster = self.cluster_entry(context).with_context(|| {
            format!(
                "context \"{context}\" names no cluster in kubeconfig {}",
                self.origin
            )
        })?;
        let server = cluster
            .server
            .clone()
            .filter(|s| !s.is_empty())
            .with_context(|| format!("the cluster of context \"{context}\" has no server URL"))?;
        let ca_bundle = match (
            &cluster.certificate_authority_data,
            &cluster.certificate_authority,
        ) {
            (Some(data), _) if !data.is_empty() => {
                Some(STANDARD.decode(data.trim()).with_context(|| {
                    format!(
                        "certificate-authority-data of context \"{context}\" is not valid base64"
                    )
                })?)
            }
            (_, Some(path)) if !path.is_empty() => {
                Some(std::fs::read(path).with_context(|| {
                    format!("cannot read certificate-authority {path} of context \"{context}\"")
                })?)
            }
            _ => None,
        };
        Ok(Endpoint {
            server,
            ca_bundle,
            insecure_skip_tls_verify: cluster.insecure_skip_tls_verify.unwrap_or(false),
            proxy_url: cluster.proxy_url.clone().filter(|p| !p.is_empty()),
        })
    }

    /// The long-lived bearer token the kubeconfig gives the user of `context`: `token`,
    /// else the content of `tokenFile`. A KubeFedCluster's Secret can hold nothing else:
    /// tokens of exec plugins and auth providers expire, and certificates or passwords
    /// do not fit, so those are refused with what to use instead.
    pub(crate) fn bearer_token(&self, context: &str) -> anyhow::Result<Vec<u8>> {
        self.check_context(context)?;
        let user = self
            .config
            .contexts
            .iter()
            .find(|c| c.name == context)
            .and_then(|c| c.context.as_ref()?.user.as_deref());
        let auth = user.and_then(|user| {
            self.config
                .auth_infos
                .iter()
                .find(|a| a.name == user)?
                .auth_info
                .as_ref()
        });
        let hint = "give the context a service-account token (kubectl create token, or a \
                    token Secret), or join with --credentials service-account";
        let refuse = |how: &str| {
            Err(Hinted::new(
                anyhow!(
                    "context \"{context}\" authenticates {how}; --credentials kubeconfig \
                     needs a bearer token the control plane can keep using"
                ),
                hint,
            )
            .into())
        };
        let Some(auth) = auth else {
            return refuse("with no credentials");
        };
        if let Some(token) = auth.token.as_ref().map(|t| t.expose_secret().trim())
            && !token.is_empty()
        {
            return Ok(token.as_bytes().to_vec());
        }
        if let Some(path) = auth.token_file.as_deref().filter(|p| !p.is_empty()) {
            let text = std::fs::read_to_string(path).with_context(|| {
                format!("cannot read the tokenFile {path} of context \"{context}\"")
            })?;
            let token = text.trim();
            if token.is_empty() {
                bail!("the tokenFile {path} of context \"{context}\" is empty");
            }
            return Ok(token.as_bytes().to_vec());
        }
        if auth.exec.is_some() {
            return refuse("with an exec plugin, whose tokens expire");
        }
        if auth.auth_provider.is_some() {
            return refuse("with an auth provider, whose tokens expire");
        }
        if auth.client_certificate.is_some() || auth.client_certificate_data.is_some() {
            return refuse("with a client certificate, which a KubeFedCluster cannot use");
        }
        if auth.username.is_some() {
            return refuse("with a user name and password, which a KubeFedCluster cannot use");
        }
        refuse("with no credentials")
    }
}

/// kube's exec plugin errors quote what the plugin printed, which may be a credential:
/// keep the exit status and drop the output.
fn without_plugin_output(err: kube::Error) -> anyhow::Error {
    match err {
        kube::Error::Auth(AuthError::AuthExecRun { out, .. }) => {
            anyhow!("the exec credential plugin failed ({})", out.status)
        }
        kube::Error::Auth(AuthError::AuthExecParse(_)) => {
            anyhow!("the exec credential plugin printed no valid ExecCredential")
        }
        err => err.into(),
    }
}

/// Shows where the kubeconfig came from and its contexts, never its credentials.
impl fmt::Debug for Kubeconfigs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Kubeconfigs")
            .field("origin", &self.origin)
            .field("found", &self.found)
            .field("contexts", &self.context_names())
            .field("current_context", &self.current_context())
            .finish()
    }
}

/// `Ok(None)` when the file does not exist.
fn read_file(path: &Path) -> anyhow::Result<Option<Kubeconfig>> {
    // kube 5.0.0 panics on a UTF-16 file of odd length (found by fuzzing).
    if let Ok(bytes) = std::fs::read(path)
        && (bytes.starts_with(&[0xFE, 0xFF]) || bytes.starts_with(&[0xFF, 0xFE]))
        && bytes.len() % 2 == 1
    {
        return Err(anyhow!(
            "cannot read kubeconfig {}: invalid UTF-16 (odd length)",
            path.display()
        ));
    }
    match Kubeconfig::read_from(path) {
        Ok(config) => Ok(Some(config)),
        Err(KubeconfigError::ReadConfig(e, _)) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(None)
        }
        // kube's own message repeats the path in Debug form; keep just the I/O error.
        Err(KubeconfigError::ReadConfig(e, _)) => {
            Err(anyhow!("cannot read kubeconfig {}: {e}", path.display()))
        }
        // One line with the position: the parser's own report quotes the file, tokens
        // and keys included.
        Err(KubeconfigError::Parse(e)) => Err(anyhow!(
            "cannot load kubeconfig {}: {}",
            path.display(),
            ParseError::from_yaml(&e)
        )),
        Err(e) => {
            Err(anyhow::Error::new(e).context(format!("cannot load kubeconfig {}", path.display())))
        }
    }
}

/// Why a cluster's server URL cannot be connected to, when kube accepted it anyway: a
/// port that is no number would otherwise end as a refused connection. The URL itself is
/// not quoted, as it may carry a user name and password.
fn server_url_problem(server: &Uri) -> Option<String> {
    match server.scheme_str() {
        Some("https" | "http") => {}
        Some(_) => return Some("the scheme must be https:// or http://".to_owned()),
        None => return Some("it has no scheme (https://)".to_owned()),
    }
    let authority = server.authority()?.as_str();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    // After an IPv6 address's closing bracket, or after the only colon otherwise.
    let port = match host_port.rsplit_once(']') {
        Some((_, rest)) => rest.strip_prefix(':'),
        None => host_port.split_once(':').map(|(_, port)| port),
    };
    let host = host_port
        .strip_suffix(port.map_or("", |p| p))
        .unwrap_or(host_port);
    if host.trim_end_matches(':').is_empty() {
        return Some("it has no host".to_owned());
    }
    match port {
        Some(port) if !matches!(port.parse::<u16>(), Ok(1..)) => Some(format!(
            "the port \"{}\" is not a number from 1 to 65535",
            port.escape_debug()
        )),
        _ => None,
    }
}

/// Proxy variables, read once; empty values count as unset, as in Go.
#[derive(Debug, Default)]
struct ProxyEnv {
    https: Option<String>,
    http: Option<String>,
    no_proxy: Option<String>,
}

impl ProxyEnv {
    fn from_env() -> Self {
        let var = |names: [&str; 2]| {
            names
                .iter()
                .find_map(|n| std::env::var(n).ok().filter(|v| !v.trim().is_empty()))
        };
        ProxyEnv {
            https: var(["HTTPS_PROXY", "https_proxy"]),
            http: var(["HTTP_PROXY", "http_proxy"]),
            no_proxy: var(["NO_PROXY", "no_proxy"]),
        }
    }
}

/// The proxy to reach `server` through, following client-go rather than kube 5.0.0.
///
/// kube matches NO_PROXY against the proxy's host instead of the server's (see
/// crates.md §1 "Proxies", stackabletech/operator-rs#1269), so the decision is redone here:
/// a kubeconfig `proxy-url` is always used; otherwise HTTPS_PROXY (HTTP_PROXY for `http://`
/// servers) unless the server is loopback or matched by NO_PROXY.
fn proxy_for(
    cluster_proxy: Option<&str>,
    server: &Uri,
    env: &ProxyEnv,
) -> anyhow::Result<Option<Uri>> {
    if let Some(proxy) = cluster_proxy.filter(|p| !p.is_empty()) {
        return parse_proxy(proxy).map(Some);
    }
    let from_env = if server.scheme_str() == Some("http") {
        &env.http
    } else {
        &env.https
    };
    let Some(proxy) = from_env else {
        return Ok(None);
    };
    let host = server_host(server);
    let port = server
        .port_u16()
        .unwrap_or(if server.scheme_str() == Some("http") {
            80
        } else {
            443
        });
    let loopback = host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if loopback
        || env
            .no_proxy
            .as_deref()
            .is_some_and(|np| no_proxy_matches(np, &host, port))
    {
        return Ok(None);
    }
    parse_proxy(proxy).map(Some)
}

/// Like Go, a proxy without a scheme means `http://`.
fn parse_proxy(proxy: &str) -> anyhow::Result<Uri> {
    let uri: Uri = proxy
        .parse()
        .with_context(|| format!("cannot parse proxy URL {proxy:?}"))?;
    if uri.scheme().is_some() {
        return Ok(uri);
    }
    format!("http://{proxy}")
        .parse()
        .with_context(|| format!("cannot parse proxy URL {proxy:?}"))
}

/// Lower-case host without IPv6 brackets.
fn server_host(server: &Uri) -> String {
    let host = server.host().unwrap_or_default();
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase()
}

/// Go's `httpproxy` NO_PROXY rules: comma-separated entries; `*` matches everything; an
/// IP or CIDR matches IP hosts; `example.com` matches it and its subdomains, `.example.com`
/// and `*.example.com` only subdomains; an optional `:port` must equal the server port.
/// Malformed entries are ignored, as in Go.
fn no_proxy_matches(no_proxy: &str, host: &str, port: u16) -> bool {
    let host_ip = host.parse::<IpAddr>().ok();
    no_proxy.split(',').any(|entry| {
        let entry = entry.trim().to_ascii_lowercase();
        if entry.is_empty() {
            return false;
        }
        if entry == "*" {
            return true;
        }
        if let Some(contains) = cidr_contains(&entry, host_ip) {
            return contains;
        }
        let (entry_host, entry_port) = split_host_port(&entry);
        if entry_port.is_some_and(|p| p != port) {
            return false;
        }
        if let Ok(ip) = entry_host.parse::<IpAddr>() {
            return host_ip == Some(ip);
        }
        let suffix = entry_host.strip_prefix('*').unwrap_or(entry_host);
        match suffix.strip_prefix('.') {
            Some(domain) => !domain.is_empty() && host.ends_with(suffix),
            None => !suffix.is_empty() && (host == suffix || host.ends_with(&format!(".{suffix}"))),
        }
    })
}

/// `Some(matches)` when `entry` is a CIDR, `None` otherwise.
fn cidr_contains(entry: &str, host: Option<IpAddr>) -> Option<bool> {
    let (net, bits) = entry.split_once('/')?;
    let net: IpAddr = net.parse().ok()?;
    let bits: u32 = bits.parse().ok()?;
    let matches = match (net, host) {
        (IpAddr::V4(net), Some(IpAddr::V4(ip))) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            u32::from(net) & mask == u32::from(ip) & mask
        }
        (IpAddr::V6(net), Some(IpAddr::V6(ip))) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            u128::from(net) & mask == u128::from(ip) & mask
        }
        (IpAddr::V4(_), _) if bits > 32 => return None,
        (IpAddr::V6(_), _) if bits > 128 => return None,
        _ => false,
    };
    Some(matches)
}

/// `host:port`, `[v6]:port`, or a bare host (including a bare IPv6 address).
fn split_host_port(entry: &str) -> (&str, Option<u16>) {
    if let Some(rest) = entry.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((host, tail)) => (host, tail.strip_prefix(':').and_then(|p| p.parse().ok())),
            None => (entry, None),
        };
    }
    match entry.split_once(':') {
        Some((host, port)) if !port.contains(':') => match port.parse() {
            Ok(port) => (host, Some(port)),
            Err(_) => (entry, None),
        },
        _ => (entry, None),
    }
}

/// The User-Agent of every request, in the form kubectl and Go kubefedctl use, so that
/// audit logs and API-server metrics tell our requests apart.
pub(crate) fn user_agent() -> String {
    format!(
        "kubefedctl/v{} ({})",
        env!("CARGO_PKG_VERSION"),
        platform(std::env::consts::OS, std::env::consts::ARCH)
    )
}

/// Go's `GOOS/GOARCH` spelling, which Kubernetes version output uses.
pub(crate) fn platform(os: &str, arch: &str) -> String {
    let os = match os {
        "macos" => "darwin",
        other => other,
    };
    let arch = match arch {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "powerpc64" if cfg!(target_endian = "little") => "ppc64le",
        other => other,
    };
    format!("{os}/{arch}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_uses_go_names() {
        assert_eq!(platform("linux", "x86_64"), "linux/amd64");
        assert_eq!(platform("macos", "aarch64"), "darwin/arm64");
        assert_eq!(platform("linux", "s390x"), "linux/s390x");
    }

    use std::io::Write;

    #[test]
    fn server_urls_that_cannot_be_reached() {
        let problem = |url: &str| server_url_problem(&url.parse::<Uri>().unwrap());
        for good in [
            "https://127.0.0.1:6443",
            "https://127.0.0.1:6443/",
            "https://example.com",
            "http://example.com:80/prefix",
            "https://[::1]:6443",
            "https://[::1]",
            "https://user:pass@example.com:443",
        ] {
            assert_eq!(problem(good), None, "{good}");
        }
        for (bad, expected) in [
            (
                "https://127.0.0.1:notaport/",
                "the port \"notaport\" is not a number from 1 to 65535",
            ),
            (
                "https://127.0.0.1:0",
                "the port \"0\" is not a number from 1 to 65535",
            ),
            (
                "https://127.0.0.1:65536",
                "the port \"65536\" is not a number from 1 to 65535",
            ),
            (
                "https://[::1]:x",
                "the port \"x\" is not a number from 1 to 65535",
            ),
            (
                "https://127.0.0.1:",
                "the port \"\" is not a number from 1 to 65535",
            ),
            (
                "ftp://127.0.0.1:21",
                "the scheme must be https:// or http://",
            ),
            ("https://:6443", "it has no host"),
        ] {
            assert_eq!(problem(bad).as_deref(), Some(expected), "{bad}");
        }
    }

    #[test]
    fn contexts_must_name_existing_users_and_clusters() {
        let load = |text: &str| {
            let mut file = tempfile::NamedTempFile::new().unwrap();
            file.write_all(text.as_bytes()).unwrap();
            Kubeconfigs::load(Some(file.path())).unwrap()
        };
        let config = load(
            "clusters:\n- name: c\n  cluster: {server: https://127.0.0.1:6443}\n\
             users:\n- name: u\n  user: {token: t}\n\
             contexts:\n\
             - name: no-user\n  context: {cluster: c, user: nobody}\n\
             - name: no-cluster\n  context: {cluster: gone, user: u}\n\
             - name: anonymous\n  context: {cluster: c}\n\
             - name: fine\n  context: {cluster: c, user: u}\n",
        );
        let err = config.check_context("no-user").unwrap_err();
        assert!(
            err.to_string().starts_with(
                "context \"no-user\" refers to user \"nobody\", which is not in kubeconfig"
            ),
            "{err}"
        );
        assert_eq!(
            crate::error::hints(&err),
            ["add user \"nobody\" to the kubeconfig or point the context at one of its users: u"]
        );
        let err = config.check_context("no-cluster").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("context \"no-cluster\" refers to cluster \"gone\""),
            "{err}"
        );
        assert!(config.check_context("anonymous").is_ok());
        assert!(config.check_context("fine").is_ok());
        assert!(config.endpoint("no-cluster").is_err());
        assert!(config.bearer_token("no-user").is_err());
    }

    const TWO_CONTEXTS: &str = "\
apiVersion: v1
kind: Config
current-context: cluster1
clusters:
- name: cluster1
  cluster:
    server: https://127.0.0.1:6443
- name: cluster2
  cluster:
    server: https://10.0.0.2:6443
    proxy-url: http://proxy.example:3128
contexts:
- name: cluster1
  context: {cluster: cluster1, user: admin}
- name: cluster2
  context: {cluster: cluster2, user: admin}
users:
- name: admin
  user: {token: not-a-real-token}
";

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        let mut f = std::fs::File::create(&path).unwrap();
        f.write_all(text.as_bytes()).unwrap();
        path
    }

    fn load(text: &str) -> (tempfile::TempDir, Kubeconfigs) {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "config", text);
        let kc = Kubeconfigs::load(Some(&path)).unwrap();
        (dir, kc)
    }

    fn render(err: &anyhow::Error) -> String {
        crate::error::render(err)
    }

    #[test]
    fn bearer_token_comes_from_the_token_or_the_token_file() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "token", "from-the-file\n");
        // cluster2's user reads its token from a file beside the kubeconfig.
        let text = TWO_CONTEXTS.replace(
            "context: {cluster: cluster2, user: admin}",
            "context: {cluster: cluster2, user: filed}",
        ) + "- name: filed\n  user: {tokenFile: token}\n";
        let path = write(dir.path(), "config", &text);
        let kc = Kubeconfigs::load(Some(&path)).unwrap();
        assert_eq!(kc.bearer_token("cluster1").unwrap(), b"not-a-real-token");
        assert_eq!(kc.bearer_token("cluster2").unwrap(), b"from-the-file");
    }

    #[test]
    fn bearer_token_refuses_credentials_a_kubefed_cluster_cannot_keep() {
        let with_user = |user: &str| {
            TWO_CONTEXTS.replace("user: {token: not-a-real-token}", &format!("user: {user}"))
        };
        for (user, expected) in [
            (
                "{exec: {apiVersion: client.authentication.k8s.io/v1, command: aws}}",
                "with an exec plugin, whose tokens expire",
            ),
            (
                "{auth-provider: {name: oidc}}",
                "with an auth provider, whose tokens expire",
            ),
            (
                "{client-certificate-data: Zm9v, client-key-data: YmFy}",
                "with a client certificate, which a KubeFedCluster cannot use",
            ),
            (
                "{username: admin, password: secret}",
                "with a user name and password, which a KubeFedCluster cannot use",
            ),
            ("{}", "with no credentials"),
        ] {
            let (_dir, kc) = load(&with_user(user));
            let err = kc.bearer_token("cluster2").unwrap_err();
            assert!(
                render(&err).starts_with(&format!(
                    "error: context \"cluster2\" authenticates {expected}; --credentials \
                     kubeconfig needs a bearer token the control plane can keep using\nhint: "
                )),
                "{user}: {}",
                render(&err)
            );
        }
    }

    #[test]
    fn lists_contexts_and_resolves_the_host() {
        let (_dir, kc) = load(TWO_CONTEXTS);
        assert_eq!(kc.context_names(), ["cluster1", "cluster2"]);
        assert_eq!(kc.current_context(), Some("cluster1"));
        assert_eq!(kc.host_context(None).unwrap(), "cluster1");
        assert_eq!(kc.host_context(Some("cluster2")).unwrap(), "cluster2");
    }

    #[test]
    fn unknown_context_names_file_and_known_contexts() {
        let (dir, kc) = load(TWO_CONTEXTS);
        let err = kc.host_context(Some("foo")).unwrap_err();
        let path = dir.path().join("config");
        assert_eq!(
            render(&err),
            format!(
                "error: context \"foo\" not found in kubeconfig {}\n\
                 hint: known contexts: cluster1, cluster2\n",
                path.display()
            )
        );
        assert!(matches!(
            err.downcast_ref::<Hinted>(),
            Some(h) if h.hint() == "known contexts: cluster1, cluster2"
        ));
    }

    #[test]
    fn kubeconfig_without_contexts_says_so() {
        let (_dir, kc) = load("apiVersion: v1\nkind: Config\n");
        let msg = render(&kc.host_context(Some("c1")).unwrap_err());
        assert!(
            msg.ends_with("hint: the kubeconfig defines no contexts\n"),
            "{msg}"
        );
    }

    #[test]
    fn dangling_current_context_is_reported() {
        let text = TWO_CONTEXTS.replace("current-context: cluster1", "current-context: gone");
        let (_dir, kc) = load(&text);
        let err = kc.host_context(None).unwrap_err();
        assert!(render(&err).starts_with("error: context \"gone\" not found"));
    }

    #[test]
    fn missing_current_context_suggests_the_flag() {
        let text = TWO_CONTEXTS.replace("current-context: cluster1\n", "");
        let (_dir, kc) = load(&text);
        assert_eq!(kc.current_context(), None);
        let msg = render(&kc.host_context(None).unwrap_err());
        assert!(
            msg.starts_with("error: no current-context is set in kubeconfig "),
            "{msg}"
        );
        assert!(
            msg.contains(
                "hint: pass --host-cluster-context CONTEXT; known contexts: cluster1, cluster2"
            ),
            "{msg}"
        );
    }

    #[test]
    fn explicit_file_must_exist() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope");
        let err = Kubeconfigs::load(Some(&path)).unwrap_err();
        assert_eq!(
            render(&err),
            format!("error: kubeconfig file {} does not exist\n", path.display())
        );
    }

    #[test]
    fn invalid_yaml_is_one_line_with_the_file_and_position() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "bad",
            "users:\n- name: u\n  user:\n    token: \"s3cr3t-t0ken\n    client-key-data: S0VZ\n",
        );
        let msg = render(&Kubeconfigs::load(Some(&path)).unwrap_err());
        assert_eq!(
            msg,
            format!(
                "error: cannot load kubeconfig {}: line 4, column 12: unclosed quote\n",
                path.display()
            )
        );
    }

    #[test]
    fn env_list_skips_missing_files_and_first_current_context_wins() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "a", TWO_CONTEXTS);
        let b = write(
            dir.path(),
            "b",
            "current-context: other\ncontexts:\n- name: other\n  context: {cluster: x}\n",
        );
        let missing = dir.path().join("missing");
        let kc = Kubeconfigs::from_paths(Origin::Env(vec![missing.clone(), a.clone(), b.clone()]))
            .unwrap();
        assert_eq!(kc.context_names(), ["cluster1", "cluster2", "other"]);
        assert_eq!(kc.current_context(), Some("cluster1"));
        assert_eq!(
            kc.origin.to_string(),
            format!(
                "KUBECONFIG={}:{}:{}",
                missing.display(),
                a.display(),
                b.display()
            )
        );
    }

    #[test]
    fn no_files_at_all_is_reported_as_no_kubeconfig() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        let kc = Kubeconfigs::from_paths(Origin::Default(path.clone())).unwrap();
        assert!(kc.context_names().is_empty());
        assert_eq!(
            render(&kc.host_context(None).unwrap_err()),
            format!(
                "error: no kubeconfig found at {}\nhint: pass --kubeconfig PATH or set KUBECONFIG\n",
                path.display()
            )
        );
        let msg = render(&kc.host_context(Some("c1")).unwrap_err());
        assert!(msg.starts_with("error: no kubeconfig found at "), "{msg}");
    }

    #[tokio::test]
    async fn client_config_uses_short_connect_timeout_and_kubeconfig_proxy() {
        let (_dir, kc) = load(TWO_CONTEXTS);
        let config = kc.config_for("cluster2").await.unwrap();
        assert_eq!(config.connect_timeout, Some(CONNECT_TIMEOUT));
        assert_eq!(
            config.proxy_url.map(|u| u.to_string()),
            Some("http://proxy.example:3128/".to_owned())
        );
        assert!(kc.config_for("nope").await.is_err());
    }

    #[test]
    fn no_proxy_matching() {
        let cases: &[(&str, &str, u16, bool)] = &[
            ("*", "api.example.com", 443, true),
            ("example.com", "example.com", 443, true),
            ("example.com", "api.example.com", 443, true),
            ("example.com", "badexample.com", 443, false),
            (".example.com", "example.com", 443, false),
            (".example.com", "api.example.com", 443, true),
            ("*.example.com", "api.example.com", 443, true),
            ("example.com:6443", "api.example.com", 6443, true),
            ("example.com:6443", "api.example.com", 443, false),
            ("10.0.0.0/8", "10.1.2.3", 443, true),
            ("10.0.0.0/8", "11.1.2.3", 443, false),
            ("10.0.0.0/8", "ten.example.com", 443, false),
            ("0.0.0.0/0", "192.168.1.1", 443, true),
            ("fd00::/8", "fd12::1", 443, true),
            ("192.168.1.10", "192.168.1.10", 443, true),
            ("192.168.1.10:6443", "192.168.1.10", 443, false),
            ("[fd00::1]:6443", "fd00::1", 6443, true),
            ("fd00::1", "fd00::1", 443, true),
            (" foo , API.Example.com ", "api.example.com", 443, true),
            (",,", "api.example.com", 443, false),
            ("", "api.example.com", 443, false),
        ];
        for &(no_proxy, host, port, want) in cases {
            assert_eq!(
                no_proxy_matches(no_proxy, host, port),
                want,
                "NO_PROXY={no_proxy:?} host={host} port={port}"
            );
        }
    }

    #[test]
    fn proxy_selection() {
        let env = ProxyEnv {
            https: Some("proxy.corp:3128".into()),
            http: Some("http://plain.corp:80".into()),
            no_proxy: Some("10.0.0.0/8,.internal".into()),
        };
        let pick = |cluster: Option<&str>, server: &str| {
            proxy_for(cluster, &server.parse().unwrap(), &env)
                .unwrap()
                .map(|u| u.to_string())
        };
        assert_eq!(
            pick(None, "https://api.example.com:6443"),
            Some("http://proxy.corp:3128/".into())
        );
        assert_eq!(
            pick(None, "http://api.example.com"),
            Some("http://plain.corp:80/".into())
        );
        assert_eq!(pick(None, "https://10.2.3.4:6443"), None);
        assert_eq!(pick(None, "https://k8s.internal"), None);
        assert_eq!(pick(None, "https://127.0.0.1:6443"), None);
        assert_eq!(pick(None, "https://[::1]:6443"), None);
        assert_eq!(pick(None, "https://localhost:6443"), None);
        // An explicit proxy-url wins over NO_PROXY and loopback, as in client-go.
        assert_eq!(
            pick(Some("http://p.example:8080"), "https://127.0.0.1:6443"),
            Some("http://p.example:8080/".into())
        );
        assert_eq!(
            proxy_for(
                None,
                &"https://a.example".parse().unwrap(),
                &ProxyEnv::default()
            )
            .unwrap(),
            None
        );
    }
}
