/**
 * The Kubernetes objects in a site's synthesized files: every YAML document under
 * kubernetes/ and bare-metal/ that is an object (has apiVersion and kind), with the file it
 * came from. kustomization.yaml is kustomize's input, not an object the cluster receives.
 */
import { readYamlDocuments } from '../../lib/yaml-documents';
import type { OutputFile } from '../target';
import type { KubernetesObject } from './object-validator';

export interface FileObject {
  readonly file: string;
  readonly object: KubernetesObject;
}

/** The output folders holding Kubernetes objects; each is written by the target of that name. */
export const OBJECT_FOLDERS = ['kubernetes', 'bare-metal'] as const;

export function objectsInOutput(files: readonly OutputFile[]): FileObject[] {
  const out: FileObject[] = [];
  for (const f of files) {
    if (!OBJECT_FOLDERS.some((d) => f.path.startsWith(`${d}/`)) || !/\.ya?ml$/.test(f.path) || /(^|\/)kustomization\.ya?ml$/.test(f.path)) continue;
    for (const value of readYamlDocuments(f.content)) {
      if (isObject(value)) out.push({ file: f.path, object: value });
    }
  }
  return out;
}

function isObject(v: unknown): v is KubernetesObject {
  return !!v && typeof v === 'object' && typeof (v as KubernetesObject).apiVersion === 'string' && typeof (v as KubernetesObject).kind === 'string';
}
