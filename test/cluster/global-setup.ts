/**
 * `npm run test:cluster` without KUBECONFIG: starts the local control plane (etcd,
 * kube-apiserver, Kueue) and points the suite at it; with KUBECONFIG, the suite runs against
 * that cluster and this does nothing. Binaries not built: skip with the reason, or fail under
 * CI=true (.ci/run builds them first).
 */
import type { TestProject } from 'vitest/node';
import { LocalControlPlane } from '../support/control-plane/local-cluster';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.KUBECONFIG) {
    process.stderr.write(`test:cluster: against the cluster in KUBECONFIG=${process.env.KUBECONFIG}\n`);
    return undefined;
  }
  const { missing } = LocalControlPlane.binaries();
  if (missing.length > 0) {
    const why = `test:cluster: no KUBECONFIG, and the local control plane is not built (${missing.join(', ')}); run test/cluster/control-plane/build.sh`;
    if (process.env.CI === 'true') throw new Error(`${why}; CI=true requires it`);
    process.stderr.write(`${why} — skipping the cluster suite\n`);
    return undefined;
  }
  const started = Date.now();
  const { plane, info } = await LocalControlPlane.start((line) => process.stderr.write(`test:cluster: ${line}\n`));
  process.stderr.write(`test:cluster: control plane up in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  // Test files run in forked workers, which inherit this environment.
  process.env.KUBECONFIG = info.kubeconfig;
  process.env.RACKSHIFT_CONTROL_PLANE = `${info.dir}/control-plane.json`;
  project.provide('controlPlane', info.dir);
  return async () => {
    await plane.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    controlPlane: string;
  }
}
