/**
 * What the cluster tests share: which cluster they run against (the local control plane's
 * info, when global-setup started it), the example sites' synthesized objects, an admin
 * client, polling, and the GPU Node objects the model describes.
 */
import { readFileSync } from 'node:fs';
import type { ResolvedSite } from '../../../constructs/resolved-site';
import { KubeApiError, KubeClient } from '../../../deploy/kube-client';
import type { KubeObject } from '../../../deploy/kube-object';
import { loadKubeConfig } from '../../../deploy/kubeconfig';
import { mapLimit } from '../../../deploy/map-limit';
import { kubernetesObjects } from '../../../stacks/kubernetes/objects';
import { resolvedSite } from '../../helpers/sites';
import type { ControlPlaneInfo } from './local-cluster';

export const EXAMPLE_SITES = ['sites/permian-1.yaml', 'sites/red-river.yaml'] as const;

/** The local control plane's info, or undefined against a cluster given by KUBECONFIG. */
export function localControlPlane(): ControlPlaneInfo | undefined {
  const file = process.env.RACKSHIFT_CONTROL_PLANE;
  return file ? (JSON.parse(readFileSync(file, 'utf8')) as ControlPlaneInfo) : undefined;
}

export const clusterAvailable = (): boolean => !!process.env.KUBECONFIG;

/** The first kubeconfig file of KUBECONFIG (the deploy harness takes one path). */
export const kubeconfigPath = (): string => process.env.KUBECONFIG!.split(':')[0]!;

export async function adminClient(): Promise<KubeClient> {
  return KubeClient.connect(loadKubeConfig({ kubeconfig: kubeconfigPath() }), { requestTimeoutMs: 30_000 });
}

export async function siteObjects(file: string): Promise<{ site: ResolvedSite; objects: KubeObject[] }> {
  const site = await resolvedSite(file);
  return { site, objects: kubernetesObjects(site) as unknown as KubeObject[] };
}

/** GET that answers undefined for 404. */
export async function getOrUndefined<T = KubeObject>(client: KubeClient, path: string): Promise<T | undefined> {
  return client.request<T>({ method: 'GET', path }).then(
    (r) => r.body,
    (e: unknown) => (e instanceof KubeApiError && e.status === 404 ? undefined : Promise.reject(e)),
  );
}

/** Polls until `probe` returns a value (not undefined); fails with `what` and the last value seen. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, opts: { timeoutMs?: number; describe?: () => Promise<string> } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`not within ${(opts.timeoutMs ?? 60_000) / 1000}s: ${what}${opts.describe ? `; ${await opts.describe()}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Node objects for every node of the site's pools, as their kubelets would register them:
 * the model's labels and taints, and capacity = the pool's per-node shape with GPUs in the
 * extended resource the nodes advertise (× MIG slices per GPU where the pool uses MIG).
 */
export function gpuNodes(site: ResolvedSite): KubeObject[] {
  return site.pools.flatMap((pool) => {
    const capacity = {
      cpu: String(pool.perNode.cpu),
      memory: `${pool.perNode.memoryGiB}Gi`,
      pods: '110',
      [pool.gpuResource.name]: String(pool.perNode.gpus * pool.gpuResource.perGpu),
    };
    return pool.nodes.map((n) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: n.name, labels: { ...n.labels, 'kubernetes.io/hostname': n.name } },
      spec: { taints: n.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })) },
      status: { capacity, allocatable: capacity, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'registered by the rackshift cluster tests' }] },
    }));
  });
}

/** Creates (or leaves as they are) the site's GPU Node objects; returns how many exist. */
export async function registerGpuNodes(client: KubeClient, site: ResolvedSite): Promise<number> {
  const nodes = gpuNodes(site);
  await mapLimit(nodes, 16, async (node) => {
    await client.request({ method: 'POST', path: '/api/v1/nodes', body: node }).catch((e: unknown) => {
      if (!(e instanceof KubeApiError && e.status === 409)) throw e;
    });
    // The API server's TaintNodesByCondition admission adds node.kubernetes.io/not-ready to a
    // new Node; the node lifecycle controller (not run here) lifts it once the node is Ready.
    await client.request({ method: 'PATCH', path: `/api/v1/nodes/${node.metadata.name}`, contentType: 'application/merge-patch+json', body: { spec: node.spec } });
  });
  return nodes.length;
}
