//go:build tools

// Package tools pins KubeFed v0.10.0's end-to-end suite, which scripts/e2e-kubefed
// builds with `go test -c sigs.k8s.io/kubefed/test/e2e`: importing the suite's package
// keeps its dependencies in this module's go.mod and go.sum.
package tools

import _ "sigs.k8s.io/kubefed/test/e2e"
