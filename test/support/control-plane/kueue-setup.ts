/**
 * What the local control plane installs around Kueue: the CRDs (the site's CRD set in
 * ../shared, plus the Kueue CRDs it lacks, taken from the Kueue module the binary was built
 * from), Kueue's configuration, and its webhook configurations pointed at loopback.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KubeApiError, KubeClient } from '../../../deploy/kube-client';
import type { KubeObject } from '../../../deploy/kube-object';
import { loadKubeConfig } from '../../../deploy/kubeconfig';
import { PLATFORM_NAMESPACES } from '../../../constructs/platform';
import { crdsDir } from '../../helpers/crds';

const yamlObjects = (file: string): KubeObject[] =>
  parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => !!o && typeof o === 'object');

const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));

async function withClient<T>(kubeconfig: string, fn: (c: KubeClient) => Promise<T>): Promise<T> {
  const client = await KubeClient.connect(loadKubeConfig({ kubeconfig }), { requestTimeoutMs: 30_000 });
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

/** The top-level CRDs of ../shared (one version set per name), then Kueue's own for names not there; waits until all are Established. */
export async function installCrds(kubeconfig: string, kueueManifests: string): Promise<string[]> {
  const shared = yamlFiles(crdsDir()).flatMap(yamlObjects);
  const names = new Set(shared.map((c) => c.metadata.name));
  const fromKueue = yamlFiles(join(kueueManifests, 'crds'))
    .flatMap(yamlObjects)
    .filter((c) => !names.has(c.metadata.name));
  const crds = [...shared, ...fromKueue];
  return withClient(kubeconfig, async (client) => {
    for (const crd of crds) await client.request({ method: 'POST', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', body: crd });
    // The operators' namespaces, as installing Kueue and the GPU Operator creates them.
    for (const name of [PLATFORM_NAMESPACES.kueue, PLATFORM_NAMESPACES.gpuOperator]) {
      await client.request({ method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
    }
    const deadline = Date.now() + 60_000;
    for (const crd of crds) {
      for (;;) {
        const { body } = await client.request<{ status?: { conditions?: { type: string; status: string }[] } }>({ method: 'GET', path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}` });
        if (body.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
        if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata.name} not Established within 60s`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    return crds.map((c) => c.metadata.name);
  });
}

export function kueueConfig(opts: { certDir: string; webhook: number; health: number; metrics: number }): string {
  return [
    'apiVersion: config.kueue.x-k8s.io/v1beta2',
    'kind: Configuration',
    `namespace: ${PLATFORM_NAMESPACES.kueue}`,
    'health:',
    `  healthProbeBindAddress: 127.0.0.1:${opts.health}`,
    'metrics:',
    `  bindAddress: 127.0.0.1:${opts.metrics}`,
    'webhook:',
    '  host: 127.0.0.1',
    `  port: ${opts.webhook}`,
    `  certDir: ${opts.certDir}`,
    'leaderElection:',
    '  leaderElect: false',
    'internalCertManagement:',
    '  enable: false',
    'integrations:',
    '  frameworks:',
    '  - batch/job',
    '',
  ].join('\n');
}

interface Webhook {
  name: string;
  clientConfig: { service?: { path?: string }; url?: string; caBundle?: string };
}

/**
 * Kueue's webhook configurations, each webhook's Service reference replaced by the loopback
 * URL Kueue serves on. Only the webhooks of what this Kueue runs (its own kinds and
 * batch/v1 Job): the others' handlers are not registered, and failurePolicy Fail would
 * refuse those kinds.
 */
export async function installKueueWebhooks(kubeconfig: string, kueueManifests: string, base: string, ca: Buffer): Promise<void> {
  const caBundle = ca.toString('base64');
  const configs = yamlObjects(join(kueueManifests, 'webhooks.yaml')).map((cfg) => {
    const webhooks = ((cfg as { webhooks?: Webhook[] }).webhooks ?? [])
      .filter((w) => /kueue-x-k8s-io|batch-v1-job$/.test(w.clientConfig.service?.path ?? ''))
      .map((w) => ({ ...w, clientConfig: { url: `${base}${w.clientConfig.service!.path}`, caBundle } }));
    return { ...cfg, metadata: { name: `kueue-${cfg.metadata.name}` }, webhooks };
  });
  await withClient(kubeconfig, async (client) => {
    for (const cfg of configs) {
      const plural = cfg.kind === 'MutatingWebhookConfiguration' ? 'mutatingwebhookconfigurations' : 'validatingwebhookconfigurations';
      await client.request({ method: 'POST', path: `/apis/admissionregistration.k8s.io/v1/${plural}`, body: cfg }).catch((e: unknown) => {
        throw e instanceof KubeApiError ? new Error(`installing ${cfg.kind} ${cfg.metadata.name}: ${e.message}`) : e;
      });
    }
  });
}
