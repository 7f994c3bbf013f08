#!/usr/bin/env bash
# Builds (or reuses) the binaries of the local control plane the cluster tests run:
# etcd and kube-apiserver at the Kubernetes release pinned in kube/go.mod, and the
# Kueue controller at the release pinned in kueue/go.mod. Built from the Go module
# proxy, cached by version outside the repo so a second run only checks they exist.
#   RACKSHIFT_K8S_CACHE  cache root (default ~/.cache/rackshift)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${RACKSHIFT_K8S_CACHE:-$HOME/.cache/rackshift}

pinned() { awk -v m="$2" '$1=="require" && $2==m {print $3} $1==m && $2 ~ /^v/ {print $2}' "$1" | head -1; }
k8s=$(pinned "$here/kube/go.mod" k8s.io/kubernetes)
etcd=$(awk '$1=="go.etcd.io/etcd/server/v3" {print $2}' "$here/kube/go.mod" | head -1)
kueue=$(pinned "$here/kueue/go.mod" sigs.k8s.io/kueue)
[ -n "$k8s" ] && [ -n "$etcd" ] && [ -n "$kueue" ] || { echo "build.sh: cannot read pinned versions from kube/go.mod, kueue/go.mod" >&2; exit 1; }

# build DIR OUT PKG LDFLAGS: go build into a temporary name, renamed only once complete.
build() {
  local dir=$1 out=$2 pkg=$3 ldflags=$4
  if [ -x "$out" ]; then echo "reuse $out"; return; fi
  mkdir -p "$(dirname "$out")"
  local start=$SECONDS
  echo "build $pkg -> $out"
  (cd "$dir" && nice -n 10 go build -mod=readonly -trimpath -ldflags "-s -w $ldflags" -o "$out.partial" "$pkg")
  mv "$out.partial" "$out"
  echo "built $(basename "$out") in $((SECONDS - start)) s, $(du -h "$out" | cut -f1)"
}

major=${k8s#v}; major=${major%%.*}
minor=${k8s#v*.}; minor=${minor%%.*}
cv=k8s.io/component-base/version
build "$here/kube" "$cache/k8s/$k8s/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver \
  "-X $cv.gitVersion=$k8s -X $cv.gitMajor=$major -X $cv.gitMinor=$minor -X $cv.gitTreeState=clean"
build "$here/kube" "$cache/etcd/$etcd/etcd" go.etcd.io/etcd/server/v3 \
  "-X go.etcd.io/etcd/api/v3/version.GitSHA=module-$etcd"
build "$here/kueue" "$cache/kueue/$kueue/kueue" sigs.k8s.io/kueue/cmd/kueue \
  "-X sigs.k8s.io/kueue/pkg/version.GitVersion=$kueue"
# Kueue's own manifests the harness needs beside the binary (never copied into the repo): the
# CRDs the site's CRD set in ../shared lacks (Workload, AdmissionCheck, ...) and its webhooks.
kueue_files="$cache/kueue/$kueue/manifests"
if [ ! -f "$kueue_files/webhooks.yaml" ]; then
  src=$(cd "$here/kueue" && go list -mod=readonly -m -f '{{.Dir}}' sigs.k8s.io/kueue)
  mkdir -p "$kueue_files.partial/crds"
  cp "$src"/config/components/crd/bases/*.yaml "$kueue_files.partial/crds/"
  cp "$src/config/components/webhook/manifests.yaml" "$kueue_files.partial/webhooks.yaml"
  rm -rf "$kueue_files" && mv "$kueue_files.partial" "$kueue_files"
fi
echo "control plane binaries: kube-apiserver $k8s, etcd $etcd, kueue $kueue under $cache"
