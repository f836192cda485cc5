//! A fault-injecting proxy in front of one test cluster's API server.
//!
//! It terminates TLS on 127.0.0.1 with the cluster's own serving certificate (valid for
//! 127.0.0.1, whatever the port), so a kubeconfig only needs a different server port to
//! go through it, and the CA that join copies into a KubeFedCluster stays right. Each
//! HTTP request is forwarded on a connection of its own to the real API server, which
//! the proxy authenticates to with the cluster's admin client certificate; an
//! `Authorization` header (a member's token used by the KubeFed controller) is passed
//! on unchanged.
//!
//! Rules fail chosen requests: an HTTP error with a `Status` body before the request
//! reaches the server, a connection closed with no answer (before, or after the server
//! did the work: a lost response), or added latency. Every request is logged with the
//! fault applied and the `Audit-Id` the server answered with.
//!
//! The proxy runs on a runtime of its own, so tests that block on a child process keep
//! it serving.

use std::net::{SocketAddr, TcpListener as StdListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore, ServerConfig};
use tokio_rustls::{TlsAcceptor, TlsConnector};

use super::ClusterState;

/// What a rule does to a request it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this HTTP status and a `Status` body; the server never sees the request.
    Status(u16),
    /// Close the connection without an answer; the server never sees the request.
    Reset,
    /// Forward the request, then close the connection instead of passing the answer on:
    /// the server did the work, the client cannot know.
    LostResponse,
    /// Forward the request after this delay.
    Delay(Duration),
    /// Send this signal (SIGINT, SIGTERM) to the process that [`Proxy::signal_to`] names,
    /// then forward the request a moment later: the signal comes while the request is
    /// under way.
    Signal(i32),
}

/// Which requests a rule applies to, and what it does to them.
#[derive(Clone, Debug)]
pub struct Rule {
    method: Option<String>,
    path: Option<String>,
    /// 1-based among the requests the rule matches; None: every one.
    occurrence: Option<usize>,
    fault: Fault,
    matched: usize,
}

impl Rule {
    /// The `n`-th request the proxy sees (1-based), whatever it is.
    pub fn nth(n: usize, fault: Fault) -> Rule {
        Rule {
            method: None,
            path: None,
            occurrence: Some(n),
            fault,
            matched: 0,
        }
    }

    /// Every request.
    pub fn every(fault: Fault) -> Rule {
        Rule {
            method: None,
            path: None,
            occurrence: None,
            fault,
            matched: 0,
        }
    }

    /// Every request with this method and exact path (no query).
    pub fn every_request(method: &str, path: &str, fault: Fault) -> Rule {
        Rule {
            method: Some(method.to_owned()),
            path: Some(path.to_owned()),
            occurrence: None,
            fault,
            matched: 0,
        }
    }

    /// The `occurrence`-th request (1-based) with this method, whatever its path.
    pub fn nth_with_method(method: &str, occurrence: usize, fault: Fault) -> Rule {
        Rule {
            method: Some(method.to_owned()),
            path: None,
            occurrence: Some(occurrence),
            fault,
            matched: 0,
        }
    }

    /// The `occurrence`-th request (1-based) with this method and exact path (no query).
    pub fn request(method: &str, path: &str, occurrence: usize, fault: Fault) -> Rule {
        Rule {
            method: Some(method.to_owned()),
            path: Some(path.to_owned()),
            occurrence: Some(occurrence),
            fault,
            matched: 0,
        }
    }

    fn matches(&mut self, method: &str, path: &str) -> bool {
        if self.method.as_deref().is_some_and(|m| m != method)
            || self.path.as_deref().is_some_and(|p| p != path)
        {
            return false;
        }
        self.matched += 1;
        self.occurrence.is_none_or(|n| n == self.matched)
    }
}

/// One request the proxy saw.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: String,
    pub fault: Option<Fault>,
    /// The API server's `Audit-Id` answer header, when the request reached it.
    pub audit_id: Option<String>,
}

struct Shared {
    upstream: SocketAddr,
    connector: TlsConnector,
    rules: Mutex<Vec<Rule>>,
    log: Mutex<Vec<Seen>>,
    /// The process a `Fault::Signal` goes to.
    signal_target: Mutex<Option<u32>>,
}

/// A running proxy; it stops when dropped.
pub struct Proxy {
    pub cluster: String,
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
}

impl Proxy {
    /// A proxy for `cluster` on a free port of 127.0.0.1.
    pub fn start(cluster: &ClusterState) -> Proxy {
        let pki = cluster
            .ca_file
            .parent()
            .expect("the cluster's CA file is in its pki directory");
        let upstream: SocketAddr = cluster
            .server
            .trim_start_matches("https://")
            .parse()
            .expect("the test API server listens on an IP:port");
        let shared = Arc::new(Shared {
            upstream,
            connector: TlsConnector::from(Arc::new(client_config(pki))),
            rules: Mutex::new(Vec::new()),
            log: Mutex::new(Vec::new()),
            signal_target: Mutex::new(None),
        });
        let acceptor = TlsAcceptor::from(Arc::new(server_config(pki)));
        let listener = StdListener::bind("127.0.0.1:0").expect("bind the proxy");
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel();
        let serving = shared.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .expect("proxy runtime");
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).unwrap();
                tokio::select! {
                    _ = stopped => {}
                    _ = accept_loop(listener, acceptor, serving) => {}
                }
            });
            runtime.shutdown_background();
        });
        Proxy {
            cluster: cluster.name.clone(),
            addr,
            shared,
            stop: Some(stop),
        }
    }

    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    pub fn add_rule(&self, rule: Rule) {
        self.shared.rules.lock().unwrap().push(rule);
    }

    /// The process that `Fault::Signal` rules signal from now on.
    pub fn signal_to(&self, pid: u32) {
        *self.shared.signal_target.lock().unwrap() = Some(pid);
    }

    pub fn clear_rules(&self) {
        self.shared.rules.lock().unwrap().clear();
    }

    /// The requests seen so far, in arrival order.
    pub fn seen(&self) -> Vec<Seen> {
        self.shared.log.lock().unwrap().clone()
    }

    pub fn clear_seen(&self) {
        self.shared.log.lock().unwrap().clear();
    }

    /// The requests a rule failed or delayed.
    pub fn faulted(&self) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|s| s.fault.is_some())
            .collect()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A copy of the control plane's kubeconfig in which the given contexts' clusters go
/// through their proxies. Written as JSON, which every kubeconfig reader accepts.
pub fn kubeconfig(dir: &Path, proxies: &[(&str, &Proxy)]) -> PathBuf {
    let base = super::control_plane().kubeconfig();
    let mut config = kube::config::Kubeconfig::read_from(base).expect("read test kubeconfig");
    for (context, proxy) in proxies {
        let cluster = config
            .contexts
            .iter()
            .find(|c| c.name == *context)
            .and_then(|c| c.context.as_ref())
            .map(|c| c.cluster.clone())
            .unwrap_or_else(|| panic!("no context {context} in the test kubeconfig"));
        let entry = config
            .clusters
            .iter_mut()
            .find(|c| c.name == cluster)
            .and_then(|c| c.cluster.as_mut())
            .expect("cluster entry of the context");
        entry.server = Some(proxy.url());
    }
    let path = dir.join("proxied.kubeconfig");
    std::fs::write(&path, serde_json::to_vec(&config).unwrap()).unwrap();
    path
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn certs(path: &Path) -> Vec<CertificateDer<'static>> {
    CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect())
        .unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn key(path: &Path) -> PrivateKeyDer<'static> {
    PrivateKeyDer::from_pem_file(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn server_config(pki: &Path) -> ServerConfig {
    let mut config = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            certs(&pki.join("serving.crt")),
            key(&pki.join("serving.key")),
        )
        .expect("serving certificate");
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    config
}

fn client_config(pki: &Path) -> ClientConfig {
    let mut roots = RootCertStore::empty();
    for cert in certs(&pki.join("ca.crt")) {
        roots.add(cert).unwrap();
    }
    ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_client_auth_cert(certs(&pki.join("admin.crt")), key(&pki.join("admin.key")))
        .expect("admin client certificate")
}

async fn accept_loop(listener: TcpListener, acceptor: TlsAcceptor, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let acceptor = acceptor.clone();
        let shared = shared.clone();
        tokio::spawn(async move {
            let Ok(tls) = acceptor.accept(stream).await else {
                return;
            };
            let service = hyper::service::service_fn(move |request| {
                let shared = shared.clone();
                async move { handle(&shared, request).await }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(tls), service)
                .await;
        });
    }
}

type Body = BoxBody<Bytes, hyper::Error>;

/// Closes the client's connection without an answer (hyper drops a connection whose
/// service fails).
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by a fault rule")
    }
}

impl std::error::Error for Dropped {}

async fn handle(shared: &Shared, request: Request<Incoming>) -> Result<Response<Body>, Dropped> {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let fault = shared
        .rules
        .lock()
        .unwrap()
        .iter_mut()
        .fold(None, |fault, rule| {
            let hit = rule.matches(&method, &path);
            fault.or(hit.then_some(rule.fault))
        });
    let index = {
        let mut log = shared.log.lock().unwrap();
        log.push(Seen {
            method,
            path,
            query: request.uri().query().unwrap_or_default().to_owned(),
            fault,
            audit_id: None,
        });
        log.len() - 1
    };
    match fault {
        Some(Fault::Status(code)) => return Ok(status(code)),
        Some(Fault::Reset) => return Err(Dropped),
        Some(Fault::Delay(delay)) => tokio::time::sleep(delay).await,
        Some(Fault::Signal(signal)) => {
            send_signal(shared, signal).await;
            tokio::time::sleep(SIGNAL_HANDLING).await;
        }
        Some(Fault::LostResponse) | None => {}
    }
    let response = match forward(shared, request).await {
        Ok(response) => response,
        Err(e) => return Ok(status_message(502, &format!("proxy: upstream failed: {e}"))),
    };
    let audit_id = response
        .headers()
        .get("audit-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    shared.log.lock().unwrap()[index].audit_id = audit_id;
    if fault == Some(Fault::LostResponse) {
        // Let the server finish the request before the client hears nothing.
        let _ = response.into_body().collect().await;
        return Err(Dropped);
    }
    Ok(response.map(BodyExt::boxed))
}

/// How long a signalled request is held before it is forwarded, so that the process has
/// taken the signal in while its request is still under way.
const SIGNAL_HANDLING: Duration = Duration::from_millis(100);

/// Signals the process named by `signal_to`, which a test sets right after starting it:
/// a request may arrive first, so it waits a little for the name.
async fn send_signal(shared: &Shared, signal: i32) {
    for _ in 0..500 {
        let target = *shared.signal_target.lock().unwrap();
        if let Some(pid) = target {
            let pid = i32::try_from(pid).expect("a process id fits an i32");
            // SAFETY: kill(2) has no memory-safety preconditions.
            unsafe { libc::kill(pid, signal) };
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("a signal rule fired, but no process to signal was named");
}

async fn forward(
    shared: &Shared,
    request: Request<Incoming>,
) -> Result<Response<Incoming>, Box<dyn std::error::Error + Send + Sync>> {
    let tcp = TcpStream::connect(shared.upstream).await?;
    let name = ServerName::IpAddress(shared.upstream.ip().into());
    let tls = shared.connector.connect(name, tcp).await?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tls)).await?;
    tokio::spawn(connection);
    let (mut parts, body) = request.into_parts();
    parts
        .headers
        .insert(hyper::header::HOST, shared.upstream.to_string().parse()?);
    Ok(sender
        .send_request(Request::from_parts(parts, body))
        .await?)
}

fn status(code: u16) -> Response<Body> {
    status_message(code, "injected fault")
}

fn status_message(code: u16, message: &str) -> Response<Body> {
    let reason = match code {
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        429 => "TooManyRequests",
        _ => "Unknown",
    };
    let body = serde_json::json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code,
    });
    Response::builder()
        .status(code)
        .header("content-type", "application/json")
        .body(
            Full::new(Bytes::from(body.to_string()))
                .map_err(|never| match never {})
                .boxed(),
        )
        .unwrap()
}
