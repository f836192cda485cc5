// Command testcp is the project's test control plane: real kube-apiservers and
// kube-controller-managers built from the Kubernetes Go modules, sharing one
// embedded etcd, all on 127.0.0.1, plus (optionally) the real KubeFed
// controller on a host cluster.
//
// It is one multi-call binary so that it links once: the orchestrator
// re-executes itself as each component, one component per process, because the
// upstream commands install process-wide signal handlers and globals.
package main

import (
	"fmt"
	"os"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	_ "k8s.io/component-base/metrics/prometheus/workqueue"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	kcm "k8s.io/kubernetes/cmd/kube-controller-manager/app"
)

const usage = `usage:
  testcp up --dir DIR [--clusters N] [--kubefed] [--kubefed-namespaced-host NAME]
            [--kubefed-bin DIR] [--kubefed-module-dir DIR] [--exit-on-stdin-eof] [--remove-dir]
            [--audit-log] [--extra-controllers]
  testcp add-cluster --dir DIR                     (prints the new cluster's name)
  testcp stop-apiserver --dir DIR --cluster NAME
  testcp start-apiserver --dir DIR --cluster NAME  (same address and certificates;
                                                   restarts its kube-controller-manager)
  testcp start-kubefed --dir DIR --cluster NAME [--namespace NS] [--install [--scope Cluster|Namespaced]] [--kubeconfig FILE]
  testcp stop-kubefed --dir DIR --cluster NAME
  testcp down --dir DIR
  testcp kube-apiserver FLAGS...            (internal)
  testcp kube-controller-manager FLAGS...   (internal)
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	args := os.Args[2:]
	switch os.Args[1] {
	case "kube-apiserver":
		cmd := apiserver.NewAPIServerCommand()
		cmd.SetArgs(args)
		os.Exit(cli.Run(cmd))
	case "kube-controller-manager":
		cmd := kcm.NewControllerManagerCommand()
		cmd.SetArgs(args)
		os.Exit(cli.Run(cmd))
	case "up":
		exitOn(runUp(args))
	case "add-cluster", "stop-apiserver", "start-apiserver", "start-kubefed", "stop-kubefed":
		exitOn(runControlCommand(os.Args[1], args))
	case "down":
		exitOn(runDown(args))
	case "-h", "--help", "help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "testcp: unknown command %q\n%s", os.Args[1], usage)
		os.Exit(2)
	}
}

func exitOn(err error) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "testcp: %v\n", err)
		os.Exit(1)
	}
}
