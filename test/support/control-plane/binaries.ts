/**
 * Where test/cluster/control-plane/build.sh leaves the control plane's binaries: cached by
 * version under ~/.cache/rackshift (or RACKSHIFT_K8S_CACHE), the versions read from the
 * go.mod files that pin them, so the harness and the build script can never disagree.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PINS = fileURLToPath(new URL('../../cluster/control-plane', import.meta.url));

export interface Binaries {
  readonly kubernetes: string;
  readonly etcdVersion: string;
  readonly kueueVersion: string;
  readonly kubeApiserver: string;
  readonly etcd: string;
  readonly kueue: string;
  /** Kueue's CRDs and webhook configurations, from the same module the binary was built from. */
  readonly kueueManifests: string;
}

function pinned(goMod: string, module: string): string {
  const text = readFileSync(join(PINS, goMod), 'utf8');
  const m = new RegExp(`^\\s*(?:require\\s+)?${module.replace(/[./]/g, '\\$&')}\\s+(v\\S+)`, 'm').exec(text);
  if (!m) throw new Error(`${join(PINS, goMod)}: no version pinned for ${module}`);
  return m[1]!;
}

export function controlPlaneBinaries(env: NodeJS.ProcessEnv = process.env): Binaries {
  const cache = env.RACKSHIFT_K8S_CACHE ?? join(homedir(), '.cache', 'rackshift');
  const kubernetes = pinned('kube/go.mod', 'k8s.io/kubernetes');
  const etcdVersion = pinned('kube/go.mod', 'go.etcd.io/etcd/server/v3');
  const kueueVersion = pinned('kueue/go.mod', 'sigs.k8s.io/kueue');
  return {
    kubernetes,
    etcdVersion,
    kueueVersion,
    kubeApiserver: join(cache, 'k8s', kubernetes, 'kube-apiserver'),
    etcd: join(cache, 'etcd', etcdVersion, 'etcd'),
    kueue: join(cache, 'kueue', kueueVersion, 'kueue'),
    kueueManifests: join(cache, 'kueue', kueueVersion, 'manifests'),
  };
}

/** The binaries not built yet, by path. */
export function missingBinaries(b: Binaries): string[] {
  return [b.kubeApiserver, b.etcd, b.kueue, join(b.kueueManifests, 'webhooks.yaml')].filter((p) => !existsSync(p));
}
