/**
 * `rackshift deploy`'s Kubernetes engine against the in-process fake API server (same
 * process, so the server's own work is in the figures): N BareMetalHosts, first apply,
 * re-apply with no change, server-side dry run, and a prune of a tenth with --allow-destroy.
 * Prints `deploy objects=N phase=P ms=T requests=R rss_mb=M`.
 */
import { performance } from 'node:perf_hooks';
import { deploySite } from '../deploy/deploy-site';
import { KubeClient } from '../deploy/kube-client';
import { loadKubeConfig } from '../deploy/kubeconfig';
import { Progress } from '../deploy/progress';
import { hostObjects, installOperators, sourced } from '../test/support/deploy-fixtures';
import { FakeKubeApi } from '../test/support/fake-kube-api';

const SIZES = [1_000, 5_000] as const;
const quiet = { write: () => true };

export default async function deployBench(): Promise<void> {
  for (const n of SIZES) {
    const api = await FakeKubeApi.start();
    try {
      installOperators(api);
      const client = await KubeClient.connect(loadKubeConfig({ kubeconfig: api.writeKubeconfig() }));
      const names = Array.from({ length: n }, (_, i) => `gpu-${String(i + 1).padStart(5, '0')}`);
      const phase = async (label: string, objects: ReturnType<typeof hostObjects>, extra: { dryRun?: boolean; allowDestroy?: boolean } = {}) => {
        const before = api.requests.length;
        const start = performance.now();
        await deploySite({ site: 'bench', objects: sourced(objects, 'bench/bare-metal/hosts.yaml'), client, progress: new Progress(quiet, false), out: quiet, ...extra });
        const ms = performance.now() - start;
        process.stdout.write(`deploy objects=${objects.length} phase=${label} ms=${Math.round(ms)} requests=${api.requests.length - before} rss_mb=${Math.round(process.memoryUsage().rss / 2 ** 20)}\n`);
      };
      await phase('first-apply', hostObjects(names));
      await phase('re-apply', hostObjects(names));
      await phase('dry-run', hostObjects(names), { dryRun: true });
      await phase('prune-10pct', hostObjects(names.slice(0, Math.round(n * 0.9))), { allowDestroy: true });
    } finally {
      await api.close();
    }
  }
}
