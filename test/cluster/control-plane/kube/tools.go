//go:build tools

// The binaries the cluster tests run; blank imports keep them in this module's graph.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
)
