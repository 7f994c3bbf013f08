/**
 * `npm run test:cluster` without KUBECONFIG: starts a local control plane (etcd,
 * kube-apiserver, Kueue) for each example site, as each site is deployed to a cluster of its
 * own, and points the suite at them (KUBECONFIG: the first one, for the generic deploy
 * scenarios). With KUBECONFIG, the suite runs against that cluster and this does nothing.
 * Binaries not built: skip with the reason, or fail under CI=true (.ci/run builds them first).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_SITES, type LocalClusters } from '../support/control-plane/cluster-env';
import { LocalControlPlane } from '../support/control-plane/local-cluster';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const say = (line: string) => process.stderr.write(`test:cluster: ${line}\n`);
  if (process.env.KUBECONFIG) {
    say(`against the cluster in KUBECONFIG=${process.env.KUBECONFIG}`);
    return undefined;
  }
  const { missing } = LocalControlPlane.binaries();
  if (missing.length > 0) {
    const why = `no KUBECONFIG, and the local control plane is not built (${missing.join(', ')}); run test/cluster/control-plane/build.sh`;
    if (process.env.CI === 'true') throw new Error(`test:cluster: ${why}; CI=true requires it`);
    say(`${why} — skipping the cluster suite`);
    return undefined;
  }
  const started = Date.now();
  // Ports are picked free just before each process binds them; a lost race fails one start,
  // which is retried once (its folder is kept, its path in the message).
  const start = (site: string) => {
    const log = (line: string) => say(`${site}: ${line}`);
    return LocalControlPlane.start(log).catch((e: Error) => {
      say(`${site}: ${e.message.split('\n')[0]} — retrying once`);
      return LocalControlPlane.start(log);
    });
  };
  const planes = await Promise.allSettled(EXAMPLE_SITES.map(start));
  const up = planes.flatMap((p) => (p.status === 'fulfilled' ? [p.value.plane] : []));
  const failed = planes.find((p): p is PromiseRejectedResult => p.status === 'rejected');
  if (failed) {
    await Promise.all(up.map((p) => p.stop()));
    throw failed.reason;
  }
  const clusters: LocalClusters = { sites: Object.fromEntries(EXAMPLE_SITES.map((site, i) => [site, (planes[i] as PromiseFulfilledResult<Awaited<ReturnType<typeof LocalControlPlane.start>>>).value.info])) };
  say(`${up.length} control planes up in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  const file = join(tmpdir(), `rackshift-control-planes-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(clusters, null, 2));
  // Test files run in forked workers, which inherit this environment.
  process.env.KUBECONFIG = clusters.sites[EXAMPLE_SITES[0]]!.kubeconfig;
  process.env.RACKSHIFT_CONTROL_PLANE = file;
  return async () => {
    await Promise.all(up.map((p) => p.stop()));
    rmSync(file, { force: true });
  };
}
