/**
 * The CustomResourceDefinitions in a folder (every *.yaml / *.yml below it, multi-document
 * files and `kind: List` documents included): what objects are validated against. A folder may hold several CRDs of one
 * group and kind (e.g. Tinkerbell v1alpha1 and v1alpha2 side by side); an object is matched to
 * the one that serves its apiVersion.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { UsageError } from '../../constructs/diagnostics';
import type { StructuralSchema } from './structural-schema';

export interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
  readonly schema?: StructuralSchema;
}

export interface Crd {
  /** Path of the file that defines it, relative to the folder. */
  readonly file: string;
  readonly group: string;
  readonly kind: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly versions: readonly CrdVersion[];
  readonly storage: CrdVersion;
}

/** How an object's apiVersion meets the CRDs of its group and kind. */
export interface CrdMatch {
  readonly crd: Crd;
  /** The version whose schema applies: the one named by apiVersion when served, else storage. */
  readonly version: CrdVersion;
  /** Whether apiVersion names a served version. */
  readonly served: boolean;
}

export class CrdCatalog {
  private readonly byKind = new Map<string, Crd[]>();

  private constructor(readonly dir: string, crds: readonly Crd[]) {
    for (const crd of crds) {
      const key = `${crd.group}/${crd.kind}`;
      this.byKind.set(key, [...(this.byKind.get(key) ?? []), crd]);
    }
  }

  /** Reads every CRD below `dir`. A missing folder, or one without any CRD, is wrong usage. */
  static load(dir: string): CrdCatalog {
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) throw new UsageError(`CRD folder ${dir}: no such folder`);
    const crds = yamlFiles(dir).flatMap((file) => readCrds(dir, file));
    if (crds.length === 0) throw new UsageError(`CRD folder ${dir}: no CustomResourceDefinition in any *.yaml file`);
    return new CrdCatalog(dir, crds);
  }

  /** `group/Kind` pairs defined here, e.g. `kueue.x-k8s.io/ClusterQueue`, sorted. */
  kinds(): string[] {
    return [...this.byKind.keys()].sort();
  }

  /** The CRD and version schema for an object, or undefined when no CRD defines its group and kind. */
  match(apiVersion: string, kind: string): CrdMatch | undefined {
    const { group, version } = splitApiVersion(apiVersion);
    const candidates = this.byKind.get(`${group}/${kind}`);
    if (!candidates) return undefined;
    for (const crd of candidates) {
      const v = crd.versions.find((x) => x.name === version && x.served);
      if (v) return { crd, version: v, served: true };
    }
    return { crd: candidates[0]!, version: candidates[0]!.storage, served: false };
  }
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f) && statSync(join(dir, f)).isFile())
    .sort();
}

type CrdDoc = {
  kind?: string;
  spec?: { group?: string; scope?: Crd['scope']; names?: { kind?: string }; versions?: { name: string; served?: boolean; storage?: boolean; schema?: { openAPIV3Schema?: StructuralSchema } }[] };
};

function readCrds(dir: string, file: string): Crd[] {
  const path = join(dir, file);
  const out: Crd[] = [];
  for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
    if (doc.errors.length > 0) throw new UsageError(`${path}: not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`);
    const value = doc.toJS() as (CrdDoc & { items?: CrdDoc[] }) | null;
    // `kubectl get crd -o yaml` writes one List of them.
    for (const crd of value?.kind === 'List' ? (value.items ?? []) : [value]) {
      const added = toCrd(crd, path, dir);
      if (added) out.push(added);
    }
  }
  return out;
}

/** A CRD document as a Crd, or undefined when the document is something else. */
function toCrd(crd: CrdDoc | null, path: string, dir: string): Crd | undefined {
  if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec?.group || !crd.spec.names?.kind || !crd.spec.versions) return undefined;
  const versions = crd.spec.versions.map((v) => ({ name: v.name, served: v.served !== false, storage: v.storage === true, schema: v.schema?.openAPIV3Schema }));
  const storage = versions.find((v) => v.storage);
  if (!storage) throw new UsageError(`${path}: CRD ${crd.spec.names.kind}.${crd.spec.group} has no storage version`);
  return { file: relative(dir, path), group: crd.spec.group, kind: crd.spec.names.kind, scope: crd.spec.scope ?? 'Namespaced', versions, storage };
}
