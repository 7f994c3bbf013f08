/**
 * Puts the isolation labels synth wrote in DIR/<site>/node-labels/ on the site's joined Nodes.
 *
 * The ResourceFlavors and tenant templates select on node-restriction.kubernetes.io/rackshift-*
 * labels. The NodeRestriction admission plugin forbids a kubelet to set labels with that prefix
 * on its own Node (kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#noderestriction),
 * so a compromised node cannot label itself into another tenant's nodes — and for the same
 * reason the kubelet cannot register them at join: something with cluster credentials must.
 * Cluster API does this for Machines (it syncs node-restriction.kubernetes.io/ labels to the
 * Node with server-side apply); rackshift provisions with Metal3/Tinkerbell and kubeadm, not
 * Machines, so deploy does it the same way:
 *
 * - one list of the cluster's Nodes; a node of the site that has not joined yet is reported
 *   and left alone (never created: a Node made before its kubelet registers would miss the
 *   taints the kubelet registers, which it only applies when it creates its Node);
 * - server-side apply of just the isolation labels, field manager `rackshift`, forced (rackshift
 *   is the source of truth for these keys), so labels it set before and no longer wants go away;
 *   a key another manager also set is removed with a merge patch;
 * - Nodes still labelled for this site that the site no longer has lose those labels;
 * - a Node labelled for another site is never relabelled: deploy stops before writing.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readYamlDocumentsOf } from '../lib/yaml-documents';
import { ISOLATION_LABELS } from '../constructs/platform';
import { NODE_LABELS_DIR } from '../stacks/kubernetes/node-labels';
import { FIELD_MANAGER } from './applyset';
import { DeployError } from './errors';
import { KubeApiError, type KubeClient } from './kube-client';
import { ManifestError } from './manifests';
import { mapLimit } from './map-limit';
import type { OutStream } from './progress';

/** The keys this step owns; it never writes any other label. */
const KEYS: readonly string[] = Object.values(ISOLATION_LABELS);

export interface NodeLabels {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** File (relative to DIR) it came from, for messages. */
  readonly source: string;
}

/** The Node label documents of a site's node-labels/ folder (none: the site has no nodes). */
export async function readNodeLabels(outDir: string, site: string): Promise<NodeLabels[]> {
  const dir = join(outDir, site, NODE_LABELS_DIR);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.yaml')).sort();
  } catch {
    return [];
  }
  const found: NodeLabels[] = [];
  const problems: string[] = [];
  for (const file of names) {
    const source = `${site}/${NODE_LABELS_DIR}/${file}`;
    readYamlDocumentsOf(await readFile(join(dir, file), 'utf8'), source, problems).forEach((doc, i) => {
      const v = doc as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; labels?: unknown } } | null;
      const labels = v?.metadata?.labels;
      const bad = (v?.apiVersion !== 'v1' || v.kind !== 'Node' || typeof v.metadata?.name !== 'string' ? 'not a v1 Node with a name' : undefined)
        ?? (!labels || typeof labels !== 'object' || Object.entries(labels).some(([k, x]) => !KEYS.includes(k) || typeof x !== 'string')
          ? `labels must be strings under ${KEYS.join(', ')}`
          : undefined);
      if (bad) problems.push(`${source}: document ${i + 1}: ${bad}`);
      else found.push({ name: v!.metadata!.name as string, labels: labels as Record<string, string>, source });
    });
  }
  if (problems.length > 0) throw new ManifestError(problems);
  return found;
}

export interface NodeLabelOptions {
  readonly site: string;
  readonly nodes: readonly NodeLabels[];
  readonly client: KubeClient;
  readonly out: OutStream;
  readonly dryRun?: boolean;
  readonly concurrency?: number;
}

export interface NodeLabelResult {
  /** Nodes whose isolation labels were (or, in a dry run, would be) changed. */
  readonly labelled: readonly string[];
  readonly unchanged: readonly string[];
  /** Nodes of the site with no Node object yet. */
  readonly notJoined: readonly string[];
  /** Nodes the site no longer has whose isolation labels were removed. */
  readonly released: readonly string[];
}

interface LiveNode {
  metadata: { name: string; uid?: string; labels?: Record<string, string> };
}

export async function labelNodes(opts: NodeLabelOptions): Promise<NodeLabelResult> {
  const { site, client } = opts;
  const live = await listNodes(client);
  const wanted = new Set(opts.nodes.map((n) => n.name));
  const foreign = opts.nodes.flatMap((n) => {
    const owner = live.get(n.name)?.metadata.labels?.[ISOLATION_LABELS.site];
    return owner !== undefined && owner !== site ? [`  Node ${n.name} (${n.source}) carries ${ISOLATION_LABELS.site}=${owner}`] : [];
  });
  if (foreign.length > 0) {
    throw new DeployError([
      `${site}: node labels not written: ${foreign.length} Node${foreign.length === 1 ? ' is' : 's are'} labelled for another site, and rackshift never moves a node between sites:`,
      ...foreign,
      `give the pools of sites that share a cluster different names, or remove the label by hand if the node really moved`,
    ]);
  }
  const labelled: string[] = [];
  const unchanged: string[] = [];
  const notJoined: string[] = [];
  const released: string[] = [];
  const writes: { name: string; labels: Readonly<Record<string, string>>; uid?: string; released: boolean }[] = [];
  for (const n of opts.nodes) {
    const node = live.get(n.name);
    if (!node) notJoined.push(n.name);
    else if (sameIsolation(node.metadata.labels ?? {}, n.labels)) unchanged.push(n.name);
    else writes.push({ name: n.name, labels: n.labels, ...(node.metadata.uid ? { uid: node.metadata.uid } : {}), released: false });
  }
  for (const node of live.values()) {
    if (wanted.has(node.metadata.name) || node.metadata.labels?.[ISOLATION_LABELS.site] !== site) continue;
    writes.push({ name: node.metadata.name, labels: {}, ...(node.metadata.uid ? { uid: node.metadata.uid } : {}), released: true });
  }
  await mapLimit(writes, opts.concurrency ?? 8, async (w) => {
    const ok = await writeLabels(opts, w.name, w.labels);
    if (!ok) notJoined.push(w.name);
    else (w.released ? released : labelled).push(w.name);
  });
  notJoined.sort();
  const what = opts.dryRun ? 'would label' : 'labelled';
  const waiting = notJoined.length > 0 ? `; ${notJoined.length} not joined yet (${notJoined.slice(0, 3).join(', ')}${notJoined.length > 3 ? ', …' : ''}), labelled by the next deploy after they join` : '';
  opts.out.write(`${site}: node isolation labels: ${what} ${labelled.length}, ${unchanged.length} unchanged, ${released.length} released${waiting}\n`);
  return { labelled: labelled.sort(), unchanged, notJoined, released: released.sort() };
}

/** Every Node, by name (paged: a 20k-node cluster in 500-node pages). */
async function listNodes(client: KubeClient): Promise<Map<string, LiveNode>> {
  const nodes = new Map<string, LiveNode>();
  let token: string | undefined;
  do {
    const page = await client.request<{ items?: LiveNode[]; metadata?: { continue?: string } }>({ method: 'GET', path: '/api/v1/nodes', query: { limit: '500', continue: token } });
    for (const n of page.body.items ?? []) nodes.set(n.metadata.name, n);
    token = page.body.metadata?.continue || undefined;
  } while (token);
  return nodes;
}

function sameIsolation(live: Readonly<Record<string, string>>, want: Readonly<Record<string, string>>): boolean {
  return KEYS.every((k) => live[k] === want[k]);
}

/**
 * Applies `labels` as the Node's isolation labels; false when the Node is gone (deleted since
 * the list). Server-side apply would create a missing Node, so a 201 is undone at once.
 */
async function writeLabels(opts: NodeLabelOptions, name: string, labels: Readonly<Record<string, string>>): Promise<boolean> {
  const path = `/api/v1/nodes/${encodeURIComponent(name)}`;
  const dryRun = opts.dryRun ? 'All' : undefined;
  const applied = await opts.client.request<LiveNode>({
    method: 'PATCH',
    path,
    query: { fieldManager: FIELD_MANAGER, force: 'true', dryRun },
    body: { apiVersion: 'v1', kind: 'Node', metadata: { name, labels } },
    contentType: 'application/apply-patch+yaml',
  });
  if (applied.status === 201) {
    if (!opts.dryRun) {
      const uid = applied.body.metadata.uid;
      await opts.client
        .request({ method: 'DELETE', path, body: { apiVersion: 'v1', kind: 'DeleteOptions', ...(uid ? { preconditions: { uid } } : {}) } })
        .catch((err: unknown) => {
          if (!(err instanceof KubeApiError && (err.status === 404 || err.status === 409))) throw err;
        });
    }
    return false;
  }
  // Keys another manager also set survive the apply; rackshift owns these keys, so remove them.
  const left = applied.body.metadata.labels ?? {};
  const stale = KEYS.filter((k) => left[k] !== undefined && labels[k] === undefined);
  if (stale.length === 0) return true;
  try {
    await opts.client.request({
      method: 'PATCH',
      path,
      // No field manager of its own: a patch that only removes keys leaves nothing to own.
      query: { dryRun },
      body: { metadata: { labels: Object.fromEntries(stale.map((k) => [k, null])) } },
      contentType: 'application/merge-patch+json',
    });
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) return false;
    throw err;
  }
  return true;
}
