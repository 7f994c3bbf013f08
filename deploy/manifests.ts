/**
 * Reads the Kubernetes objects synth wrote for one site: every YAML file under
 * DIR/<site>/kubernetes/ and DIR/<site>/bare-metal/, every document in it that is an object
 * (apiVersion, kind, metadata.name). Other documents (kustomization.yaml, cloud-init, DHCP
 * configs) are not Kubernetes objects and are skipped.
 *
 * kubernetes/argocd-application.yaml is skipped too: it hands the site to Argo CD, which then
 * applies the same objects with its own field manager and prunes by its own tracking. Applied
 * by deploy, it would start that second deployer behind rackshift's back; a site is deployed
 * by one or the other (docs/kubernetes.md, "Argo CD").
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { readYamlDocumentsOf } from '../lib/yaml-documents';
import { ARGOCD_APPLICATION_FILE } from '../stacks/kubernetes/argocd-application';
import { isKubeObject, refKey, describeRef, refOf, type KubeObject } from './kube-object';

/** Files under those folders that are not for deploy: kustomize's input, and the Argo CD Application. */
const NOT_APPLIED = new Set(['kustomization.yaml', 'kustomization.yml', ARGOCD_APPLICATION_FILE]);

/** The folders of DIR/<site>/ whose YAML may hold Kubernetes objects. */
export const OBJECT_FOLDERS = ['kubernetes', 'bare-metal'] as const;

export interface SourcedObject {
  readonly object: KubeObject;
  /** Path relative to DIR, for messages. */
  readonly source: string;
}

export async function readSiteObjects(outDir: string, site: string): Promise<SourcedObject[]> {
  const files: string[] = [];
  for (const folder of OBJECT_FOLDERS) files.push(...(await yamlFilesUnder(join(outDir, site, folder))));
  files.sort();
  const found: SourcedObject[] = [];
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const file of files) {
    const source = relative(outDir, file);
    for (const value of readYamlDocumentsOf(await readFile(file, 'utf8'), source, problems)) {
      const items = isList(value) ? value.items : [value];
      for (const item of items) {
        if (!isKubeObject(item)) continue;
        const key = refKey(refOf(item));
        const other = seen.get(key);
        if (other) problems.push(`${source}: ${describeRef(refOf(item))} is also in ${other}`);
        seen.set(key, source);
        found.push({ object: item, source });
      }
    }
  }
  if (problems.length > 0) throw new ManifestError(problems);
  return found;
}

export class ManifestError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

function isList(v: unknown): v is { items: unknown[] } {
  return !!v && typeof v === 'object' && typeof (v as { kind?: unknown }).kind === 'string' && (v as { kind: string }).kind.endsWith('List') && Array.isArray((v as { items?: unknown }).items);
}

async function yamlFilesUnder(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name) && !NOT_APPLIED.has(e.name))
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}
