//go:build tools

// The Kueue controller binary the cluster tests run; the blank import keeps it in this module's graph.
package tools

import _ "sigs.k8s.io/kueue/cmd/kueue"
