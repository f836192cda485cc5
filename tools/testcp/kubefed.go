package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/yaml"
)

const kubefedVersion = "v0.10.0"

// The KubeFed control-plane CRDs (core.kubefed.io and scheduling.kubefed.io).
// The types.kubefed.io CRDs are left out on purpose: creating them is what
// `kubefedctl enable` is tested for.
const kubefedCRDsPath = "charts/kubefed/charts/controllermanager/crds/crds.yaml"

// kubefedConfigYAML is a fully populated KubeFedConfig: without KubeFed's
// defaulting webhook the controller refuses an incomplete one. Health-check
// periods are short so tests see cluster health quickly; leader-election
// deadlines are long because a controller that misses one renewal exits, and a
// loaded 2-core test machine can stall it for seconds.
const kubefedConfigYAML = `apiVersion: core.kubefed.io/v1beta1
kind: KubeFedConfig
metadata:
  name: kubefed
  namespace: %s
spec:
  scope: %s
  controllerDuration:
    availableDelay: 1s
    unavailableDelay: 1s
    cacheSyncTimeout: 5m
  leaderElect:
    leaseDuration: 60s
    renewDeadline: 45s
    retryPeriod: 2s
    resourceLock: configmaps
  featureGates:
  - name: PushReconciler
    configuration: Enabled
  - name: RawResourceStatusCollection
    configuration: Disabled
  - name: SchedulerPreferences
    configuration: Enabled
  clusterHealthCheck:
    period: 1s
    timeout: 3s
    failureThreshold: 3
    successThreshold: 1
  syncController:
    maxConcurrentReconciles: 2
    adoptResources: Enabled
  statusController:
    maxConcurrentReconciles: 2
`

func defaultKubefedModuleDir() (string, error) {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		return "", fmt.Errorf("locating the Go module cache (go env GOMODCACHE): %w", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "sigs.k8s.io", "kubefed@"+kubefedVersion)
	if !fileExists(filepath.Join(dir, kubefedCRDsPath)) {
		return "", fmt.Errorf("KubeFed module not found at %s: build tools/kubefed first (it downloads the module)", dir)
	}
	return dir, nil
}

func (cp *controlPlane) clusterByName(name string) (clusterState, bool) {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	for _, cs := range cp.st.Clusters {
		if cs.Name == name {
			return cs, true
		}
	}
	return clusterState{}, false
}

var kubefedConfigsGVR = schema.GroupVersionResource{Group: "core.kubefed.io", Version: "v1beta1", Resource: "kubefedconfigs"}

// installKubeFed runs the real KubeFed controller-manager against a host
// cluster, watching namespace ns. With install it first prepares the host
// (namespace, the upstream CRDs, a KubeFedConfig of the given scope); without,
// whatever installed KubeFed there (say, `kubefedctl init`) is what the
// controller runs on, and the scope is read from its KubeFedConfig. The
// controller uses controllerKubeconfig ("-": the cluster's admin kubeconfig), so
// that a test can run it with the credentials of the ServiceAccount `init` made.
func (cp *controlPlane) installKubeFed(ctx context.Context, host, ns, scope string, install bool, controllerKubeconfig string) error {
	started := time.Now()
	cs, ok := cp.clusterByName(host)
	if !ok {
		return fmt.Errorf("no cluster named %q", host)
	}
	if controllerKubeconfig == "-" {
		controllerKubeconfig = cs.Kubeconfig
	}
	cp.mu.Lock()
	running := cp.controllers[host]
	cp.mu.Unlock()
	if running != nil && !running.exited() {
		return fmt.Errorf("a KubeFed controller already runs against %s", host)
	}
	restCfg, err := clientcmd.BuildConfigFromFlags("", cs.Kubeconfig)
	if err != nil {
		return err
	}
	dyn, err := dynamic.NewForConfig(restCfg)
	if err != nil {
		return err
	}
	if install {
		if err := cp.prepareHost(ctx, cs, restCfg, dyn, ns, scope); err != nil {
			return err
		}
	} else {
		cfg, err := dyn.Resource(kubefedConfigsGVR).Namespace(ns).Get(ctx, "kubefed", metav1.GetOptions{})
		if err != nil {
			return fmt.Errorf("reading KubeFedConfig %s/kubefed: %w", ns, err)
		}
		scope, _, _ = unstructured.NestedString(cfg.Object, "spec", "scope")
	}

	bin := filepath.Join(cp.opts.kubefedBin, "controller-manager")
	if !fileExists(bin) {
		return fmt.Errorf("KubeFed controller-manager not found at %s: build tools/kubefed first", bin)
	}
	healthzPort, err := freePort()
	if err != nil {
		return err
	}
	metricsPort, err := freePort()
	if err != nil {
		return err
	}
	ks := kubefedState{
		HostContext: host,
		Namespace:   ns,
		Scope:       scope,
		HealthzAddr: "127.0.0.1:" + strconv.Itoa(healthzPort),
		MetricsAddr: "127.0.0.1:" + strconv.Itoa(metricsPort),
	}
	p, err := startProc("kubefed controller-manager "+host, filepath.Join(cp.opts.dir, "logs", "kubefed-controller-manager-"+host+".log"), bin,
		"--kubeconfig="+controllerKubeconfig,
		"--kubefed-namespace="+ns,
		"--healthz-addr="+ks.HealthzAddr,
		"--metrics-addr="+ks.MetricsAddr,
		"-v=2",
	)
	if err != nil {
		return err
	}
	cp.track(p)
	ks.ControllerPID = p.pid()
	if err := waitHealthz(ctx, "http://"+ks.HealthzAddr+"/healthz", p); err != nil {
		return fmt.Errorf("KubeFed controller-manager: %w\n%s", err, p.logTail(20))
	}
	cp.mu.Lock()
	cp.st.KubeFed = append(cp.st.KubeFed, ks)
	cp.controllers[host] = p
	cp.mu.Unlock()
	logf("KubeFed (%s scope) on %s ready in %s", scope, host, time.Since(started).Round(100*time.Millisecond))
	return nil
}

// prepareHost creates the namespace, the upstream KubeFed CRDs and a fully
// populated KubeFedConfig on a host.
func (cp *controlPlane) prepareHost(ctx context.Context, cs clusterState, restCfg *rest.Config, dyn dynamic.Interface, ns, scope string) error {
	client, err := clientFor(cs)
	if err != nil {
		return err
	}
	namespace := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}
	if _, err := client.CoreV1().Namespaces().Create(ctx, namespace, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("creating namespace: %w", err)
	}
	if cp.opts.kubefedModuleDir == "" {
		dir, err := defaultKubefedModuleDir()
		if err != nil {
			return err
		}
		cp.opts.kubefedModuleDir = dir
	}
	if err := applyCRDs(ctx, restCfg, filepath.Join(cp.opts.kubefedModuleDir, kubefedCRDsPath)); err != nil {
		return err
	}
	var cfg unstructured.Unstructured
	if err := yaml.Unmarshal([]byte(fmt.Sprintf(kubefedConfigYAML, ns, scope)), &cfg.Object); err != nil {
		return err
	}
	if _, err := dyn.Resource(kubefedConfigsGVR).Namespace(ns).Create(ctx, &cfg, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("creating KubeFedConfig: %w", err)
	}
	return nil
}

// stopKubeFed stops the KubeFed controller running against a host.
func (cp *controlPlane) stopKubeFed(host string) error {
	cp.mu.Lock()
	p := cp.controllers[host]
	delete(cp.controllers, host)
	kept := cp.st.KubeFed[:0]
	for _, ks := range cp.st.KubeFed {
		if ks.HostContext != host {
			kept = append(kept, ks)
		}
	}
	cp.st.KubeFed = kept
	cp.mu.Unlock()
	if p == nil {
		return fmt.Errorf("no KubeFed controller runs against %s", host)
	}
	p.stop(10 * time.Second)
	return nil
}

// applyCRDs creates the CRDs of a file (updating ones that exist) and waits
// until all are Established.
func applyCRDs(ctx context.Context, restCfg *rest.Config, path string) error {
	crds, err := readCRDs(path)
	if err != nil {
		return err
	}
	client, err := apiextensionsclient.NewForConfig(restCfg)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(crds))
	for _, crd := range crds {
		api := client.ApiextensionsV1().CustomResourceDefinitions()
		_, err := api.Create(ctx, crd, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			existing, getErr := api.Get(ctx, crd.Name, metav1.GetOptions{})
			if getErr != nil {
				return getErr
			}
			crd.ResourceVersion = existing.ResourceVersion
			_, err = api.Update(ctx, crd, metav1.UpdateOptions{})
		}
		if err != nil {
			return fmt.Errorf("applying CRD %s: %w", crd.Name, err)
		}
		names = append(names, crd.Name)
	}
	return waitEstablished(ctx, client, names)
}

func waitHealthz(ctx context.Context, url string, p *proc) error {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if p.exited() {
			return fmt.Errorf("process exited: %v", p.err)
		}
		resp, err := http.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && strings.EqualFold(strings.TrimSpace(string(body)), "ok") {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
	return errors.New("healthz not ok within 60s")
}

// readCRDs decodes every CustomResourceDefinition in a multi-document file.
func readCRDs(path string) ([]*apiextensionsv1.CustomResourceDefinition, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	var crds []*apiextensionsv1.CustomResourceDefinition
	for {
		crd := &apiextensionsv1.CustomResourceDefinition{}
		if err := dec.Decode(crd); err != nil {
			if errors.Is(err, io.EOF) {
				return crds, nil
			}
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if crd.Name != "" {
			crds = append(crds, crd)
		}
	}
}

// waitEstablished waits until every named CRD reports Established=True.
func waitEstablished(ctx context.Context, client apiextensionsclient.Interface, names []string) error {
	deadline := time.Now().Add(60 * time.Second)
	for _, name := range names {
		for {
			crd, err := client.ApiextensionsV1().CustomResourceDefinitions().Get(ctx, name, metav1.GetOptions{})
			if err == nil && isEstablished(crd) {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("CRD %s not Established within 60s", name)
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	return nil
}

func isEstablished(crd *apiextensionsv1.CustomResourceDefinition) bool {
	for _, c := range crd.Status.Conditions {
		if c.Type == apiextensionsv1.Established && c.Status == apiextensionsv1.ConditionTrue {
			return true
		}
	}
	return false
}
