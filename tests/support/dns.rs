//! Real DNS for the cross-cluster service discovery tests.
//!
//! - [`Named`]: BIND 9's `named` (Debian's `bind9` package) in the foreground on
//!   127.0.0.1, on a free port, serving one zone that accepts dynamic updates (RFC 2136)
//!   and zone transfers signed with a TSIG key of its own. Stopped when dropped.
//! - [`ExternalDns`]: ExternalDNS (built by scripts/build-go-tools) with its CRD source
//!   reading the `multiclusterdns.kubefed.io/v1alpha1` DNSEndpoints of one namespace of
//!   a test cluster, and its rfc2136 provider publishing them into a [`Named`], every
//!   second until dropped.
//! - [`Named::query`]: `dig` against that server, the answers with their TTLs.
//!
//! Each test starts a server of its own (its own directory, port and key), and its
//! ExternalDNS reads only its own namespace, so tests running side by side share nothing.
//! The TSIG secret is written only to the server's configuration (in a directory only
//! this user can read) and handed to ExternalDNS in its environment: it is never printed.
//!
//! Both servers also run under `timeout`, so that a test binary killed before its
//! `Drop`s run leaves nothing behind for longer than [`LIFETIME`].

use std::io::Read;
use std::net::{TcpListener, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;

use super::CLEARED_ENV;

/// Where Debian's `bind9` package installs the server.
pub const NAMED: &str = "/usr/sbin/named";

/// The longest a server started here may live, even if the test that started it is
/// killed and never stops it.
pub const LIFETIME: Duration = Duration::from_secs(1800);

/// How long a server may take to answer its first query.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// The group and version of the DNSEndpoints ExternalDNS reads: KubeFed v0.6's.
pub const DNS_ENDPOINT_API_VERSION: &str = "multiclusterdns.kubefed.io/v1alpha1";

const KEY_NAME: &str = "externaldns";
const KEY_ALGORITHM: &str = "hmac-sha256";

/// One answer of the server: `name` absolute (with its final dot), `data` as dig prints
/// it (an address for A records).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Record {
    pub name: String,
    pub ttl: u32,
    pub kind: String,
    pub data: String,
}

/// A BIND 9 server with one zone, on 127.0.0.1. Stopped (and its directory removed)
/// when dropped.
pub struct Named {
    dir: tempfile::TempDir,
    port: u16,
    zone: String,
    secret: String,
    child: Child,
}

impl Named {
    /// Starts `named` serving `zone` (a domain name, with or without its final dot),
    /// and returns once it answers for the zone. Panics with its log if it does not
    /// within 30 s.
    pub fn start(zone: &str) -> Named {
        assert!(
            Path::new(NAMED).exists(),
            "{NAMED} is missing: install BIND 9 (apt-get install bind9 bind9-dnsutils; \
             scripts/test does it)"
        );
        let zone = zone.trim_end_matches('.').to_owned();
        let dir = tempfile::Builder::new()
            .prefix("kubefedctl-named-")
            .tempdir()
            .expect("create the server's directory");
        // Debian ships an AppArmor profile for /usr/sbin/named that allows its files
        // only under /etc/bind and /var: where it is enforced, the installed binary
        // could not read a configuration in a temporary directory. A copy runs under
        // its own path, outside that profile.
        let binary = dir.path().join("named");
        std::fs::copy(NAMED, &binary).expect("copy named into the server's directory");
        std::fs::write(dir.path().join("zone.db"), zone_file(&zone)).expect("write the zone");
        let mut secret = [0u8; 32];
        std::fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(&mut secret))
            .expect("read /dev/urandom");
        let secret = base64::engine::general_purpose::STANDARD.encode(secret);

        // A port found free can be taken before named binds it: then named exits at
        // once, and another port is tried.
        let mut failures = Vec::new();
        for _ in 0..3 {
            let port = free_port();
            let conf = named_conf(dir.path(), port, &zone, &secret);
            std::fs::write(dir.path().join("named.conf"), conf).expect("write named.conf");
            let log =
                std::fs::File::create(dir.path().join("named.log")).expect("create named.log");
            let mut child = Command::new("timeout")
                .args(["--signal=TERM", &LIFETIME.as_secs().to_string()])
                .arg(&binary)
                // foreground, logging to stderr; one worker thread: the test machine is small
                .args(["-g", "-n", "1", "-c"])
                .arg(dir.path().join("named.conf"))
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("named.log"))
                .stderr(log)
                .spawn()
                .expect("run named (under timeout)");
            match wait_ready(&mut child, port, &zone) {
                Ok(()) => {
                    return Named {
                        dir,
                        port,
                        zone,
                        secret,
                        child,
                    };
                }
                Err(failure) => {
                    stop_child(&mut child);
                    let log = std::fs::read_to_string(dir.path().join("named.log"));
                    failures.push(format!("{failure}:\n{}", log.unwrap_or_default()));
                }
            }
        }
        panic!(
            "named did not start on 127.0.0.1:\n{}",
            failures.join("\n---\n")
        );
    }

    /// The server's directory (configuration, zone, journal, log); ExternalDNS's logs
    /// go there too.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// What the server logged.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("named.log")).unwrap_or_default()
    }

    /// The server's answers for `name` (relative names are taken as absolute) and record
    /// type `kind`, sorted; empty when the name does not exist or has no such record.
    /// Panics when the server does not answer.
    pub fn query(&self, name: &str, kind: &str) -> Vec<Record> {
        self.try_query(name, kind)
            .unwrap_or_else(|e| panic!("dig {name} {kind}: {e}\nnamed's log:\n{}", self.log()))
    }

    /// The addresses of `name`'s A records, sorted, with the TTL they share. Panics if
    /// the records of the set have different TTLs (a DNS server never answers so).
    pub fn addresses(&self, name: &str) -> (Vec<String>, Option<u32>) {
        answer_addresses(&self.query(name, "A"))
    }

    /// Polls (every 200 ms) until the addresses of `name`'s A records are `expected`
    /// (any order; empty: the name has none), then returns them with their TTL. Panics
    /// after `timeout` with what the server last answered and `context()` (a log, say).
    pub fn await_addresses(
        &self,
        name: &str,
        expected: &[&str],
        timeout: Duration,
        context: impl Fn() -> String,
    ) -> (Vec<String>, Option<u32>) {
        answer_addresses(&self.await_answer(name, "A", expected, timeout, context))
    }

    /// Polls (every 200 ms) until the data of `name`'s records of type `kind` are
    /// `expected` (any order; empty: none), then returns the records. Panics after
    /// `timeout` with what the server last answered and `context()`.
    pub fn await_answer(
        &self,
        name: &str,
        kind: &str,
        expected: &[&str],
        timeout: Duration,
        context: impl Fn() -> String,
    ) -> Vec<Record> {
        let mut expected: Vec<&str> = expected.to_vec();
        expected.sort();
        let deadline = Instant::now() + timeout;
        loop {
            let records = self.query(name, kind);
            let mut data: Vec<&str> = records
                .iter()
                .filter(|r| r.kind == kind)
                .map(|r| r.data.as_str())
                .collect();
            data.sort();
            if data == expected {
                return records;
            }
            assert!(
                Instant::now() < deadline,
                "{name} {kind}: expected {expected:?} within {timeout:?}, the server answers \
                 {records:?}\n{}",
                context()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn try_query(&self, name: &str, kind: &str) -> Result<Vec<Record>, String> {
        query(self.port, name, kind)
    }

    /// Sends SIGTERM (through `timeout`, which passes it on) and waits up to 10 s, then
    /// kills.
    fn stop(&mut self) {
        stop_child(&mut self.child);
    }
}

/// Waits until the server on `port` answers for `zone`'s SOA, or tells why not.
fn wait_ready(child: &mut Child, port: u16, zone: &str) -> Result<(), String> {
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("named exited ({status})"));
        }
        if let Ok(soa) = query(port, zone, "SOA")
            && !soa.is_empty()
        {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!(
                "named did not answer for {zone} within {START_TIMEOUT:?}"
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `dig` against 127.0.0.1:`port`: the answers for `name` and `kind`, sorted.
fn query(port: u16, name: &str, kind: &str) -> Result<Vec<Record>, String> {
    // dig's own limits bound it: one try, 2 s.
    let out = Command::new("dig")
        .args(["-4", "@127.0.0.1", "-p", &port.to_string()])
        .args(["+norecurse", "+noall", "+answer", "+time=2", "+tries=1"])
        .args([name, kind])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("run dig (bind9-dnsutils): {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "exit {:?}: {stdout}{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let mut records = parse_answers(&stdout)?;
    records.sort();
    Ok(records)
}

impl Drop for Named {
    fn drop(&mut self) {
        self.stop();
    }
}

/// ExternalDNS publishing the DNSEndpoints of one namespace into a [`Named`], kept
/// running; stopped when dropped.
pub struct ExternalDns {
    child: Child,
    log: PathBuf,
}

impl ExternalDns {
    /// Starts ExternalDNS synchronising every second, with the host cluster's
    /// `kubeconfig` (its current context is used), reading DNSEndpoints in `namespace`.
    pub fn start(named: &Named, kubeconfig: &Path, namespace: &str) -> ExternalDns {
        let log = named.dir().join(format!("external-dns-{namespace}.log"));
        let file = std::fs::File::create(&log).expect("create external-dns's log");
        let child = command(named, kubeconfig, namespace)
            .stdout(file.try_clone().expect("external-dns's log"))
            .stderr(file)
            .spawn()
            .expect("run external-dns (under timeout)");
        ExternalDns { child, log }
    }

    /// What this ExternalDNS logged so far.
    pub fn log(&self) -> String {
        read_log(&self.log)
    }
}

impl Drop for ExternalDns {
    fn drop(&mut self) {
        stop_child(&mut self.child);
    }
}

/// The ExternalDNS binary that scripts/build-go-tools builds.
pub fn external_dns_binary() -> PathBuf {
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools/bin/external-dns");
    assert!(
        binary.exists(),
        "{} is missing: run scripts/build-go-tools",
        binary.display()
    );
    binary
}

/// ExternalDNS's command line for `named`, `kubeconfig` and `namespace`, under
/// `timeout`.
fn command(named: &Named, kubeconfig: &Path, namespace: &str) -> Command {
    let mut cmd = Command::new("timeout");
    cmd.args(["--signal=TERM", &LIFETIME.as_secs().to_string()])
        .arg(external_dns_binary())
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .args([
            "--source=crd",
            &format!("--crd-source-apiversion={DNS_ENDPOINT_API_VERSION}"),
            "--crd-source-kind=DNSEndpoint",
            &format!("--namespace={namespace}"),
            "--provider=rfc2136",
            "--rfc2136-host=127.0.0.1",
            &format!("--rfc2136-port={}", named.port),
            &format!("--rfc2136-zone={}", named.zone),
            &format!("--rfc2136-tsig-keyname={KEY_NAME}"),
            &format!("--rfc2136-tsig-secret-alg={KEY_ALGORITHM}"),
            // Zone transfers list what is published, so that records no DNSEndpoint
            // asks for any more are deleted (without it ExternalDNS only adds).
            "--rfc2136-tsig-axfr",
            &format!("--domain-filter={}", named.zone),
            "--registry=txt",
            &format!("--txt-owner-id={namespace}"),
            "--policy=sync",
            "--interval=1s",
            // Its metrics and health endpoint: loopback, any free port.
            "--metrics-address=127.0.0.1:0",
            "--log-level=debug",
        ])
        // The secret through the environment (ExternalDNS reads every flag from
        // EXTERNAL_DNS_<FLAG>), not on a command line any local user can read.
        .env("EXTERNAL_DNS_RFC2136_TSIG_SECRET", &named.secret)
        .stdin(Stdio::null());
    for var in CLEARED_ENV {
        cmd.env_remove(var);
    }
    cmd
}

fn read_log(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    // The end is what explains a failure; the start is configuration.
    let lines: Vec<&str> = text.lines().collect();
    let from = lines.len().saturating_sub(60);
    format!(
        "external-dns's log (last lines):\n{}",
        lines[from..].join("\n")
    )
}

/// SIGTERM, up to 10 s to exit, then SIGKILL; always reaped.
fn stop_child(child: &mut Child) {
    if child.try_wait().ok().flatten().is_some() {
        return;
    }
    let pid = child.id() as libc::pid_t;
    // SAFETY: kill(2) with the pid of a child this process has not reaped yet (checked
    // just above), so the pid cannot name another process.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if child.try_wait().ok().flatten().is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A port of 127.0.0.1 free for both UDP and TCP (DNS needs both) at the time of asking.
fn free_port() -> u16 {
    for _ in 0..20 {
        let udp = UdpSocket::bind("127.0.0.1:0").expect("bind a UDP socket on 127.0.0.1");
        let port = udp.local_addr().unwrap().port();
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    panic!("no port of 127.0.0.1 free for both UDP and TCP");
}

fn zone_file(zone: &str) -> String {
    format!(
        "$TTL 300\n\
         @ IN SOA ns.{zone}. hostmaster.{zone}. 1 3600 600 86400 60\n\
         @ IN NS ns.{zone}.\n\
         ns IN A 127.0.0.1\n"
    )
}

fn named_conf(dir: &Path, port: u16, zone: &str, secret: &str) -> String {
    let dir = dir.display();
    format!(
        r#"options {{
    directory "{dir}";
    pid-file none;
    session-keyfile "{dir}/session.key";
    managed-keys-directory "{dir}";
    listen-on port {port} {{ 127.0.0.1; }};
    listen-on-v6 {{ none; }};
    recursion no;
    dnssec-validation no;
    allow-query {{ 127.0.0.1; }};
    notify no;
}};
# No control channel: the default one would listen on port 953, shared by every server.
controls {{ }};
key "{KEY_NAME}" {{
    algorithm {KEY_ALGORITHM};
    secret "{secret}";
}};
zone "{zone}" {{
    type primary;
    file "{dir}/zone.db";
    allow-update {{ key "{KEY_NAME}"; }};
    allow-transfer {{ key "{KEY_NAME}"; }};
}};
"#
    )
}

/// dig's `+noall +answer` lines: `name TTL class type data`.
fn parse_answers(text: &str) -> Result<Vec<Record>, String> {
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with(';'))
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            match fields.as_slice() {
                [name, ttl, _class, kind, data @ ..] if !data.is_empty() => Ok(Record {
                    name: name.to_string(),
                    ttl: ttl.parse().map_err(|e| format!("TTL of {line:?}: {e}"))?,
                    kind: kind.to_string(),
                    data: data.join(" "),
                }),
                _ => Err(format!("not an answer line of dig: {line:?}")),
            }
        })
        .collect()
}

fn answer_addresses(records: &[Record]) -> (Vec<String>, Option<u32>) {
    let a: Vec<&Record> = records.iter().filter(|r| r.kind == "A").collect();
    let ttl = a.first().map(|r| r.ttl);
    assert!(
        a.iter().all(|r| Some(r.ttl) == ttl),
        "A records of one name with different TTLs: {records:?}"
    );
    let mut addresses: Vec<String> = a.iter().map(|r| r.data.clone()).collect();
    addresses.sort();
    (addresses, ttl)
}
