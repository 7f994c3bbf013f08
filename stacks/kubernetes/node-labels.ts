/**
 * `node-labels/<pool>.yaml`: for every node of the pool, the isolation labels
 * (node-restriction.kubernetes.io/rackshift-*) the ResourceFlavors and tenant templates select
 * on, as the server-side apply body of its Node. A kubelet cannot register these (the
 * NodeRestriction admission plugin refuses that prefix from a node), so cloud-init does not
 * carry them; `rackshift deploy` applies these files to the Nodes that have joined
 * (deploy/node-labels.ts).
 *
 * Outside kubernetes/ on purpose: deploy, kustomize and Argo CD treat everything there as
 * objects to create and prune, and creating a Node that has not joined would give it none of
 * the taints its kubelet registers (a kubelet applies --register-with-taints only when it
 * creates its Node), nor should a Node ever be pruned.
 *
 * One file per pool, written as text (a 20k-node site has 20k documents): every scalar is a
 * JSON string, which YAML reads as the same string.
 */
import type { ResolvedSite } from '../../constructs/resolved-site';
import type { OutputFile } from '../target';
import { generatedHeader } from './manifests';

export const NODE_LABELS_DIR = 'node-labels';

export function nodeLabelFiles(site: ResolvedSite): OutputFile[] {
  const header =
    `${generatedHeader(site)}` +
    '# The isolation labels of each Node: rackshift deploy applies them (server-side apply, field manager\n' +
    '# rackshift) to the Nodes that have joined. Not for kubectl apply: it would create Nodes that have not joined.\n';
  const block = new Map<object, string>();
  const labelBlock = (labels: Readonly<Record<string, string>>): string => {
    let text = block.get(labels);
    if (text === undefined) {
      text = Object.keys(labels)
        .sort()
        .map((k) => `    ${JSON.stringify(k)}: ${JSON.stringify(labels[k])}\n`)
        .join('');
      block.set(labels, text);
    }
    return text;
  };
  return site.pools
    .filter((p) => p.nodes.length > 0)
    .map((p) => ({
      path: `${NODE_LABELS_DIR}/${p.name}.yaml`,
      content: header + p.nodes.map((n) => `---\napiVersion: v1\nkind: Node\nmetadata:\n  name: ${JSON.stringify(n.name)}\n  labels:\n${labelBlock(n.isolationLabels)}`).join(''),
    }));
}
