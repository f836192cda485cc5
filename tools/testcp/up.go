package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

const kubefedNamespace = "kube-federation-system"

// clusterState is what tests read about one cluster from state.json.
type clusterState struct {
	Name                 string `json:"name"`
	Server               string `json:"server"`
	Kubeconfig           string `json:"kubeconfig"`
	CAFile               string `json:"caFile"`
	EtcdPrefix           string `json:"etcdPrefix"`
	APIServerPID         int    `json:"apiserverPid"`
	ControllerManagerPID int    `json:"controllerManagerPid"`
	// AuditLog is the API server's audit log (JSON lines), with --audit-log.
	AuditLog string `json:"auditLog,omitempty"`
}

// kubefedState describes one KubeFed control plane running against a host.
type kubefedState struct {
	HostContext   string `json:"hostContext"`
	Namespace     string `json:"namespace"`
	Scope         string `json:"scope"`
	ControllerPID int    `json:"controllerPid"`
	HealthzAddr   string `json:"healthzAddr"`
	MetricsAddr   string `json:"metricsAddr"`
}

type state struct {
	Dir           string         `json:"dir"`
	Kubeconfig    string         `json:"kubeconfig"`
	EtcdURL       string         `json:"etcdUrl"`
	PID           int            `json:"pid"`
	ControlSocket string         `json:"controlSocket"`
	Clusters      []clusterState `json:"clusters"`
	KubeFed       []kubefedState `json:"kubefed"`
	Kubefedctl    string         `json:"kubefedctl,omitempty"`
}

type upOptions struct {
	dir               string
	clusters          int
	kubefed           bool
	namespacedHost    string
	kubefedBin        string
	kubefedModuleDir  string
	exitOnStdinEOF    bool
	removeDir         bool
	kubernetesVersion string
	auditLog          bool
	extraControllers  bool
}

type controlPlane struct {
	opts  upOptions
	self  string
	etcd  *embed.Etcd
	mu    sync.Mutex // guards st, procs, pkis and the maps of running processes
	st    state
	procs []*proc
	pkis  map[string]*clusterPKI
	// The running kube-apiserver and kube-controller-manager of each cluster
	// and KubeFed controller of each host, for stop-apiserver, start-apiserver
	// and stop-kubefed.
	apiservers         map[string]*proc
	controllerManagers map[string]*proc
	controllers        map[string]*proc
}

func runUp(args []string) error {
	fs := flag.NewFlagSet("up", flag.ContinueOnError)
	var o upOptions
	fs.StringVar(&o.dir, "dir", "", "directory for state, kubeconfig, PKI, data and logs (required)")
	fs.IntVar(&o.clusters, "clusters", 3, "number of clusters")
	fs.BoolVar(&o.kubefed, "kubefed", false, "install KubeFed (Cluster scope) on cluster1 and run its controller")
	fs.StringVar(&o.namespacedHost, "kubefed-namespaced-host", "", "also install KubeFed with Namespaced scope on this cluster")
	fs.StringVar(&o.kubefedBin, "kubefed-bin", "", "directory holding the KubeFed controller-manager and kubefedctl binaries (default: beside testcp)")
	fs.StringVar(&o.kubefedModuleDir, "kubefed-module-dir", "", "the sigs.k8s.io/kubefed module directory (default: in the Go module cache)")
	fs.BoolVar(&o.exitOnStdinEOF, "exit-on-stdin-eof", false, "shut down when standard input closes")
	fs.BoolVar(&o.removeDir, "remove-dir", false, "delete --dir (data, PKI, logs) after shutting down")
	fs.StringVar(&o.kubernetesVersion, "kubernetes-version", "v1.34.4", "version the built apiserver reports")
	fs.BoolVar(&o.auditLog, "audit-log", false, "write each API server's audit log (Metadata level, JSON lines) to logs/audit-<cluster>.log")
	fs.BoolVar(&o.extraControllers, "extra-controllers", false, "also run the deployment, replicaset and job controllers in each cluster (KubeFed's e2e suite reads the status they write)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.dir == "" {
		return errors.New("up: --dir is required")
	}
	if o.clusters < 1 {
		return errors.New("up: --clusters must be at least 1")
	}
	dir, err := filepath.Abs(o.dir)
	if err != nil {
		return err
	}
	o.dir = dir
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if o.kubefedBin == "" {
		o.kubefedBin = filepath.Dir(self)
	}
	if (o.kubefed || o.namespacedHost != "") && o.kubefedModuleDir == "" {
		if o.kubefedModuleDir, err = defaultKubefedModuleDir(); err != nil {
			return err
		}
	}
	cp := &controlPlane{
		opts: o, self: self, pkis: map[string]*clusterPKI{},
		apiservers: map[string]*proc{}, controllerManagers: map[string]*proc{}, controllers: map[string]*proc{},
	}

	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer cancel()
	if o.exitOnStdinEOF {
		go func() {
			_, _ = bufio.NewReader(os.Stdin).ReadString(0)
			cancel()
		}()
	}
	defer cp.shutdown()
	started := time.Now()
	if err := cp.start(ctx); err != nil {
		return err
	}
	logf("control plane ready in %s: %d clusters, kubeconfig %s", time.Since(started).Round(100*time.Millisecond),
		len(cp.st.Clusters), cp.st.Kubeconfig)
	<-ctx.Done()
	logf("shutting down")
	return nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "testcp: "+format+"\n", args...)
}

func (cp *controlPlane) start(ctx context.Context) error {
	d := cp.opts.dir
	for _, sub := range []string{"logs", "pki", "etcd"} {
		if err := os.MkdirAll(filepath.Join(d, sub), 0o700); err != nil {
			return err
		}
	}
	_ = os.Remove(filepath.Join(d, "ready"))
	if cp.opts.auditLog {
		if err := os.WriteFile(cp.auditPolicyPath(), []byte(auditPolicyYAML), 0o600); err != nil {
			return err
		}
	}
	if err := cp.startEtcd(); err != nil {
		return fmt.Errorf("starting etcd: %w", err)
	}
	cp.st = state{
		Dir:           d,
		Kubeconfig:    filepath.Join(d, "kubeconfig"),
		EtcdURL:       cp.etcd.Clients[0].Addr().String(),
		PID:           os.Getpid(),
		ControlSocket: filepath.Join(d, "control.sock"),
		Clusters:      []clusterState{},
		KubeFed:       []kubefedState{},
	}
	if bin := filepath.Join(cp.opts.kubefedBin, "kubefedctl"); fileExists(bin) {
		cp.st.Kubefedctl = bin
	}

	names := make([]string, cp.opts.clusters)
	for i := range names {
		names[i] = fmt.Sprintf("cluster%d", i+1)
	}
	if err := cp.addClusters(ctx, names); err != nil {
		return err
	}
	if cp.opts.kubefed {
		if err := cp.installKubeFed(ctx, "cluster1", kubefedNamespace, "Cluster", true, "-"); err != nil {
			return fmt.Errorf("KubeFed on cluster1: %w", err)
		}
	}
	if h := cp.opts.namespacedHost; h != "" {
		if err := cp.installKubeFed(ctx, h, kubefedNamespace, "Namespaced", true, "-"); err != nil {
			return fmt.Errorf("KubeFed (Namespaced) on %s: %w", h, err)
		}
	}
	if err := cp.serveControl(ctx); err != nil {
		return err
	}
	if err := cp.writeState(); err != nil {
		return err
	}
	return atomicWrite(filepath.Join(d, "ready"), []byte(time.Now().Format(time.RFC3339)+"\n"))
}

func (cp *controlPlane) startEtcd() error {
	cfg := embed.NewConfig()
	cfg.Name = "testcp"
	cfg.Dir = filepath.Join(cp.opts.dir, "etcd")
	clientPort, err := freePort()
	if err != nil {
		return err
	}
	peerPort, err := freePort()
	if err != nil {
		return err
	}
	clientURL, _ := url.Parse("http://127.0.0.1:" + strconv.Itoa(clientPort))
	peerURL, _ := url.Parse("http://127.0.0.1:" + strconv.Itoa(peerPort))
	cfg.ListenClientUrls = []url.URL{*clientURL}
	cfg.AdvertiseClientUrls = []url.URL{*clientURL}
	cfg.ListenPeerUrls = []url.URL{*peerURL}
	cfg.AdvertisePeerUrls = []url.URL{*peerURL}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.UnsafeNoFsync = true
	cfg.LogLevel = "error"
	cfg.LogOutputs = []string{filepath.Join(cp.opts.dir, "logs", "etcd.log")}
	cfg.WatchProgressNotifyInterval = 5 * time.Second
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return err
	}
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(60 * time.Second):
		e.Close()
		return errors.New("etcd not ready after 60s")
	}
	cp.etcd = e
	return nil
}

// addClusters starts the named clusters in parallel and records them.
func (cp *controlPlane) addClusters(ctx context.Context, names []string) error {
	results := make([]clusterState, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = cp.startCluster(ctx, name)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	cp.mu.Lock()
	cp.st.Clusters = append(cp.st.Clusters, results...)
	cp.mu.Unlock()
	return cp.writeKubeconfig()
}

func (cp *controlPlane) track(p *proc) {
	cp.mu.Lock()
	cp.procs = append(cp.procs, p)
	cp.mu.Unlock()
}

func (cp *controlPlane) startCluster(ctx context.Context, name string) (clusterState, error) {
	started := time.Now()
	d := cp.opts.dir
	pki, err := makePKI(filepath.Join(d, "pki", name), name)
	if err != nil {
		return clusterState{}, fmt.Errorf("%s: PKI: %w", name, err)
	}
	cp.mu.Lock()
	cp.pkis[name] = pki
	cp.mu.Unlock()
	cs := clusterState{
		Name:       name,
		Kubeconfig: filepath.Join(d, name+".kubeconfig"),
		CAFile:     pki.CAFile,
		EtcdPrefix: "/testcp/" + name + "/registry",
	}
	if cp.opts.auditLog {
		cs.AuditLog = filepath.Join(d, "logs", "audit-"+name+".log")
	}
	for attempt := 1; ; attempt++ {
		port, err := freePort()
		if err != nil {
			return cs, err
		}
		cs.Server = "https://127.0.0.1:" + strconv.Itoa(port)
		if err := writeClusterKubeconfig(cs, pki); err != nil {
			return cs, err
		}
		apiserver, err := cp.startAPIServer(ctx, &cs, pki)
		if err == nil {
			break
		}
		if attempt < 3 && apiserver != nil && strings.Contains(apiserver.logTail(40), "address already in use") {
			continue
		}
		return cs, err
	}

	if err := cp.startControllerManager(ctx, &cs, pki); err != nil {
		return cs, err
	}
	logf("%s ready at %s in %s", name, cs.Server, time.Since(started).Round(100*time.Millisecond))
	return cs, nil
}

// The controllers every cluster runs: what service-account tokens, namespaces and
// owner references need.
const baseControllers = "serviceaccount-token-controller,serviceaccount-controller,namespace-controller,garbage-collector-controller,root-ca-certificate-publisher-controller"

// The workload controllers of --extra-controllers. Off by default: without a
// scheduler or nodes their pods never run, and the project's own tests have no use
// for the ReplicaSets and Pods they would create in every member.
const workloadControllers = "deployment-controller,replicaset-controller,job-controller"

// startControllerManager runs a cluster's kube-controller-manager with the
// controllers that service-account tokens and namespaces need (and, with
// --extra-controllers, the workload ones), and waits until it fills a token; it
// records the process and its PID in cs.
func (cp *controlPlane) startControllerManager(ctx context.Context, cs *clusterState, pki *clusterPKI) error {
	controllers := baseControllers
	if cp.opts.extraControllers {
		controllers += "," + workloadControllers
	}
	kcm, err := startProc(cs.Name+" kube-controller-manager", filepath.Join(cp.opts.dir, "logs", "kube-controller-manager-"+cs.Name+".log"), cp.self,
		"kube-controller-manager",
		"--kubeconfig="+cs.Kubeconfig,
		"--controllers="+controllers,
		"--service-account-private-key-file="+pki.SAKey,
		"--root-ca-file="+pki.CAFile,
		"--leader-elect=false",
		"--use-service-account-credentials=false",
		"--secure-port=0",
		"--v=1",
	)
	if err != nil {
		return err
	}
	cp.track(kcm)
	cs.ControllerManagerPID = kcm.pid()
	cp.mu.Lock()
	cp.controllerManagers[cs.Name] = kcm
	cp.mu.Unlock()
	if err := selfCheckToken(ctx, *cs, kcm); err != nil {
		return fmt.Errorf("%s: service-account token self-check: %w\n%s", cs.Name, err, kcm.logTail(20))
	}
	return nil
}

// startAPIServer runs a cluster's kube-apiserver on the port of cs.Server and
// waits until it serves; it records the process and its PID in cs. On failure
// the process is returned too, so that the caller can read its log.
func (cp *controlPlane) startAPIServer(ctx context.Context, cs *clusterState, pki *clusterPKI) (*proc, error) {
	port := cs.Server[strings.LastIndex(cs.Server, ":")+1:]
	args := []string{
		"kube-apiserver",
		"--etcd-servers=http://" + cp.st.EtcdURL,
		"--etcd-prefix=" + cs.EtcdPrefix,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + port,
		"--endpoint-reconciler-type=none",
		"--tls-cert-file=" + pki.ServingCert,
		"--tls-private-key-file=" + pki.ServingKey,
		"--client-ca-file=" + pki.CAFile,
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-signing-key-file=" + pki.SAKey,
		"--service-account-key-file=" + pki.SAKey,
		"--authorization-mode=RBAC",
		// MutatingAdmissionPolicy is beta and off by default in Kubernetes 1.34;
		// init installs one (KubeFedConfig defaulting) where the host serves it.
		"--feature-gates=MutatingAdmissionPolicy=true",
		"--runtime-config=admissionregistration.k8s.io/v1beta1=true",
		"--service-cluster-ip-range=10.0.0.0/16",
		"--enable-priority-and-fairness=false",
		"--profiling=false",
		"--v=1",
	}
	if cs.AuditLog != "" {
		args = append(args,
			"--audit-policy-file="+cp.auditPolicyPath(),
			"--audit-log-path="+cs.AuditLog,
			"--audit-log-format=json",
			"--audit-log-mode=blocking",
			"--audit-log-maxsize=0",
		)
	}
	p, err := startProc(cs.Name+" kube-apiserver", filepath.Join(cp.opts.dir, "logs", "kube-apiserver-"+cs.Name+".log"), cp.self, args...)
	if err != nil {
		return nil, err
	}
	cp.track(p)
	cs.APIServerPID = p.pid()
	if err := waitAPIServer(ctx, *cs, p); err != nil {
		p.stop(10 * time.Second)
		return p, fmt.Errorf("%s: kube-apiserver did not become ready: %w\n%s", cs.Name, err, p.logTail(20))
	}
	cp.mu.Lock()
	cp.apiservers[cs.Name] = p
	cp.mu.Unlock()
	return p, nil
}

// auditPolicyYAML records every request at Metadata level: verb, URI (with
// dryRun), user, user agent and response code, never bodies (no secrets).
const auditPolicyYAML = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
- level: Metadata
`

func (cp *controlPlane) auditPolicyPath() string {
	return filepath.Join(cp.opts.dir, "audit-policy.yaml")
}

func clientFor(cs clusterState) (*kubernetes.Clientset, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", cs.Kubeconfig)
	if err != nil {
		return nil, err
	}
	cfg.Timeout = 10 * time.Second
	return kubernetes.NewForConfig(cfg)
}

// waitAPIServer polls /readyz until it answers ok, then checks that the
// default namespace exists (bootstrap controllers have run).
func waitAPIServer(ctx context.Context, cs clusterState, p *proc) error {
	client, err := clientFor(cs)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(180 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		if p.exited() {
			return fmt.Errorf("process exited: %v", p.err)
		}
		body, err := client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		if err == nil && strings.TrimSpace(string(body)) == "ok" {
			if _, err = client.CoreV1().Namespaces().Get(ctx, "default", metav1.GetOptions{}); err == nil {
				return nil
			}
		}
		last = err
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
	return fmt.Errorf("timed out after 180s: %v", last)
}

// selfCheckToken proves the token controller works: a service-account token
// Secret must get its token filled in.
func selfCheckToken(ctx context.Context, cs clusterState, kcm *proc) error {
	client, err := clientFor(cs)
	if err != nil {
		return err
	}
	const name = "testcp-selfcheck"
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if _, err := client.CoreV1().ServiceAccounts("kube-system").Create(ctx, sa, metav1.CreateOptions{}); err != nil {
		return err
	}
	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: name, Annotations: map[string]string{corev1.ServiceAccountNameKey: name}},
		Type:       corev1.SecretTypeServiceAccountToken,
	}
	if _, err := client.CoreV1().Secrets("kube-system").Create(ctx, secret, metav1.CreateOptions{}); err != nil {
		return err
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if kcm.exited() {
			return fmt.Errorf("kube-controller-manager exited: %v", kcm.err)
		}
		s, err := client.CoreV1().Secrets("kube-system").Get(ctx, name, metav1.GetOptions{})
		if err == nil && len(s.Data[corev1.ServiceAccountTokenKey]) > 0 {
			break
		}
		if time.Now().After(deadline) {
			return errors.New("token not filled within 60s")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	_ = client.CoreV1().Secrets("kube-system").Delete(ctx, name, metav1.DeleteOptions{})
	return client.CoreV1().ServiceAccounts("kube-system").Delete(ctx, name, metav1.DeleteOptions{})
}

func kubeconfigFor(clusters []clusterState, pkis map[string]*clusterPKI) *clientcmdapi.Config {
	cfg := clientcmdapi.NewConfig()
	for _, cs := range clusters {
		pki := pkis[cs.Name]
		cfg.Clusters[cs.Name] = &clientcmdapi.Cluster{Server: cs.Server, CertificateAuthorityData: pki.CAPEM}
		cfg.AuthInfos[cs.Name+"-admin"] = &clientcmdapi.AuthInfo{
			ClientCertificateData: pki.AdminCertPEM,
			ClientKeyData:         pki.AdminKeyPEM,
		}
		cfg.Contexts[cs.Name] = &clientcmdapi.Context{Cluster: cs.Name, AuthInfo: cs.Name + "-admin"}
	}
	if len(clusters) > 0 {
		cfg.CurrentContext = clusters[0].Name
	}
	return cfg
}

func writeClusterKubeconfig(cs clusterState, pki *clusterPKI) error {
	return writeKubeconfigFile(cs.Kubeconfig, kubeconfigFor([]clusterState{cs}, map[string]*clusterPKI{cs.Name: pki}))
}

// writeKubeconfig writes the combined kubeconfig with one context per cluster.
func (cp *controlPlane) writeKubeconfig() error {
	cp.mu.Lock()
	cfg := kubeconfigFor(cp.st.Clusters, cp.pkis)
	path := cp.st.Kubeconfig
	cp.mu.Unlock()
	return writeKubeconfigFile(path, cfg)
}

func writeKubeconfigFile(path string, cfg *clientcmdapi.Config) error {
	data, err := clientcmd.Write(*cfg)
	if err != nil {
		return err
	}
	return atomicWrite(path, data)
}

func (cp *controlPlane) writeState() error {
	cp.mu.Lock()
	data, err := json.MarshalIndent(cp.st, "", "  ")
	cp.mu.Unlock()
	if err != nil {
		return err
	}
	return atomicWrite(filepath.Join(cp.opts.dir, "state.json"), append(data, '\n'))
}

func atomicWrite(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// shutdown stops children in reverse start order (controllers before the
// apiservers they talk to), then etcd.
func (cp *controlPlane) shutdown() {
	_ = os.Remove(filepath.Join(cp.opts.dir, "ready"))
	cp.mu.Lock()
	procs := append([]*proc(nil), cp.procs...)
	cp.mu.Unlock()
	var wg sync.WaitGroup
	for i := len(procs) - 1; i >= 0; i-- {
		if strings.Contains(procs[i].name, "apiserver") {
			continue
		}
		wg.Add(1)
		go func(p *proc) { defer wg.Done(); p.stop(10 * time.Second) }(procs[i])
	}
	wg.Wait()
	for _, p := range procs {
		wg.Add(1)
		go func(p *proc) { defer wg.Done(); p.stop(10 * time.Second) }(p)
	}
	wg.Wait()
	if cp.etcd != nil {
		cp.etcd.Close()
	}
	_ = os.Remove(filepath.Join(cp.opts.dir, "control.sock"))
	if cp.opts.removeDir {
		_ = os.RemoveAll(cp.opts.dir)
	}
}

// serveControl accepts one-line commands on a unix socket in the state
// directory, one at a time; each answers "ok [RESULT]" or "error: MESSAGE".
func (cp *controlPlane) serveControl(ctx context.Context) error {
	path := cp.st.ControlSocket
	_ = os.Remove(path)
	l, err := net.Listen("unix", path)
	if err != nil {
		return fmt.Errorf("control socket: %w", err)
	}
	go func() { <-ctx.Done(); l.Close() }()
	go func() {
		var serial sync.Mutex
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				line, _ := bufio.NewReader(conn).ReadString('\n')
				serial.Lock()
				defer serial.Unlock()
				result, err := cp.control(ctx, strings.Fields(line))
				if err == nil {
					err = cp.writeState()
				}
				if err != nil {
					fmt.Fprintf(conn, "error: %s\n", strings.ReplaceAll(err.Error(), "\n", " | "))
					return
				}
				fmt.Fprintf(conn, "ok %s\n", result)
			}()
		}
	}()
	return nil
}

// control runs one control command: its words are those sendControl sends.
func (cp *controlPlane) control(ctx context.Context, words []string) (string, error) {
	if len(words) == 0 {
		return "", errors.New("empty command")
	}
	args := words[1:]
	want := map[string]int{"add-cluster": 0, "stop-apiserver": 1, "start-apiserver": 1, "start-kubefed": 5, "stop-kubefed": 1}
	n, known := want[words[0]]
	if !known {
		return "", fmt.Errorf("unknown command %q", words[0])
	}
	if len(args) != n {
		return "", fmt.Errorf("%s takes %d arguments, got %d", words[0], n, len(args))
	}
	switch words[0] {
	case "add-cluster":
		return cp.addOneCluster(ctx)
	case "stop-apiserver":
		return "", cp.stopAPIServer(args[0])
	case "start-apiserver":
		return "", cp.restartAPIServer(ctx, args[0])
	case "start-kubefed":
		return "", cp.installKubeFed(ctx, args[0], args[1], args[2], args[3] == "install", args[4])
	default: // stop-kubefed
		return "", cp.stopKubeFed(args[0])
	}
}

func (cp *controlPlane) addOneCluster(ctx context.Context) (string, error) {
	cp.mu.Lock()
	name := fmt.Sprintf("cluster%d", len(cp.st.Clusters)+1)
	cp.mu.Unlock()
	if err := cp.addClusters(ctx, []string{name}); err != nil {
		return "", err
	}
	return name, nil
}

// stopAPIServer stops a cluster's kube-apiserver; its data stays in etcd.
func (cp *controlPlane) stopAPIServer(name string) error {
	cp.mu.Lock()
	p := cp.apiservers[name]
	delete(cp.apiservers, name)
	cp.mu.Unlock()
	if p == nil {
		return fmt.Errorf("no running kube-apiserver for cluster %q", name)
	}
	p.stop(10 * time.Second)
	return nil
}

// restartAPIServer starts a stopped cluster's kube-apiserver again at the same
// address with the same certificates, so kubeconfigs stay valid.
func (cp *controlPlane) restartAPIServer(ctx context.Context, name string) error {
	cs, ok := cp.clusterByName(name)
	if !ok {
		return fmt.Errorf("no cluster named %q", name)
	}
	cp.mu.Lock()
	running := cp.apiservers[name]
	pki := cp.pkis[name]
	cp.mu.Unlock()
	if running != nil && !running.exited() {
		return fmt.Errorf("the kube-apiserver of %s is running", name)
	}
	if _, err := cp.startAPIServer(ctx, &cs, pki); err != nil {
		return err
	}
	// The controller manager comes back with its API server, as on a restarted
	// node: the one left running retries the refused connections with client-go's
	// backoff of up to a minute, and meanwhile leaves new token Secrets empty.
	cp.mu.Lock()
	stale := cp.controllerManagers[name]
	cp.mu.Unlock()
	if stale != nil {
		stale.stop(10 * time.Second)
	}
	if err := cp.startControllerManager(ctx, &cs, pki); err != nil {
		return err
	}
	cp.mu.Lock()
	defer cp.mu.Unlock()
	for i := range cp.st.Clusters {
		if cp.st.Clusters[i].Name == name {
			cp.st.Clusters[i] = cs
		}
	}
	return nil
}

func readState(dir string) (*state, error) {
	data, err := os.ReadFile(filepath.Join(dir, "state.json"))
	if err != nil {
		return nil, err
	}
	var st state
	return &st, json.Unmarshal(data, &st)
}

func dirFlag(name string, args []string) (string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	dir := fs.String("dir", "", "the control plane's directory (required)")
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if *dir == "" {
		return "", fmt.Errorf("%s: --dir is required", name)
	}
	return *dir, nil
}

// runControlCommand is the command line of the control commands: it parses
// the flags of command name into the words of the control protocol and sends
// them to the running orchestrator, printing its result, if any.
func runControlCommand(name string, args []string) error {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	dir := fs.String("dir", "", "the control plane's directory (required)")
	cluster := fs.String("cluster", "", "the cluster to act on")
	namespace := fs.String("namespace", kubefedNamespace, "start-kubefed: the KubeFed namespace")
	scope := fs.String("scope", "Cluster", "start-kubefed --install: the KubeFedConfig scope")
	install := fs.Bool("install", false, "start-kubefed: install the upstream CRDs and a KubeFedConfig first")
	kubeconfig := fs.String("kubeconfig", "", "start-kubefed: run the controller with this kubeconfig instead of the cluster's admin one")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("%s: --dir is required", name)
	}
	words := []string{name}
	if name != "add-cluster" {
		if *cluster == "" {
			return fmt.Errorf("%s: --cluster is required", name)
		}
		words = append(words, *cluster)
	}
	if name == "start-kubefed" {
		mode := "noinstall"
		if *install {
			mode = "install"
		}
		// The protocol's words are separated by spaces; "-" is the admin kubeconfig.
		controllerKubeconfig := "-"
		if *kubeconfig != "" {
			if strings.ContainsAny(*kubeconfig, " \t\n") {
				return fmt.Errorf("%s: --kubeconfig must not contain white space", name)
			}
			controllerKubeconfig = *kubeconfig
		}
		words = append(words, *namespace, *scope, mode, controllerKubeconfig)
	}
	st, err := readState(*dir)
	if err != nil {
		return err
	}
	conn, err := net.Dial("unix", st.ControlSocket)
	if err != nil {
		return fmt.Errorf("is the control plane in %s running? %w", *dir, err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Minute))
	fmt.Fprintln(conn, strings.Join(words, " "))
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return err
	}
	reply = strings.TrimSpace(reply)
	if result, ok := strings.CutPrefix(reply, "ok"); ok {
		if result = strings.TrimSpace(result); result != "" {
			fmt.Println(result)
		}
		return nil
	}
	return errors.New(reply)
}

// runDown stops a control plane started in the background: SIGTERM to the
// orchestrator, which stops its children; SIGKILL if it is still alive later.
func runDown(args []string) error {
	dir, err := dirFlag("down", args)
	if err != nil {
		return err
	}
	st, err := readState(dir)
	if err != nil {
		return err
	}
	if err := syscall.Kill(st.PID, syscall.SIGTERM); err != nil {
		if errors.Is(err, syscall.ESRCH) {
			return nil
		}
		return err
	}
	deadline := time.Now().Add(40 * time.Second)
	for time.Now().Before(deadline) {
		if syscall.Kill(st.PID, 0) != nil {
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	_ = syscall.Kill(st.PID, syscall.SIGKILL)
	return fmt.Errorf("control plane (pid %d) did not stop within 40s; killed", st.PID)
}
