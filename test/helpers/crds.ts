/**
 * Tests' access to the CRD folder (env RACKSHIFT_CRDS, default ../shared/schemas/crds beside
 * the repository): a missing folder skips with a message outside CI and fails under CI=true.
 * Validation itself is the production module stacks/validation; this only formats its
 * problems as `path: message` lines for compact assertions.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CrdCatalog, ObjectValidator, prunedFields as pruned, type FieldProblem, type KubernetesObject } from '../../stacks/validation';
import type { StructuralSchema } from '../../stacks/validation/structural-schema';

const line = (p: FieldProblem) => `${p.path}: ${p.message}`;

/** Fields the API server would prune, as `path: message` lines. */
export const prunedFields = (value: unknown, schema: StructuralSchema): string[] => pruned(value, schema).map(line);

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The CRD folder: $RACKSHIFT_CRDS, else ../shared/schemas/crds relative to the repository root. */
export function crdsDir(): string {
  return resolve(process.env.RACKSHIFT_CRDS ?? join(REPO_ROOT, '..', 'shared', 'schemas', 'crds'));
}

export interface TestCrds {
  readonly catalog: CrdCatalog;
  /** Whether a CRD defines this group and kind. */
  has(apiVersion: string, kind: string): boolean;
  /** Every problem (errors and warnings) of one object as `path: message` lines; `live` enables the oldSelf rules. */
  validate(obj: KubernetesObject, live?: KubernetesObject): string[];
}

/** The folder's CRDs, or undefined with a message when it is missing (a failure under CI=true). */
export function loadCrds(): TestCrds | undefined {
  const dir = crdsDir();
  if (!existsSync(dir)) {
    const msg = `CRD folder ${dir} not found (set RACKSHIFT_CRDS)`;
    if (process.env.CI === 'true') throw new Error(`${msg}; CI needs it`);
    console.warn(`skipping CRD validation: ${msg}`);
    return undefined;
  }
  const catalog = CrdCatalog.load(dir);
  const validator = new ObjectValidator(catalog);
  return {
    catalog,
    has: (apiVersion, kind) => catalog.match(apiVersion, kind) !== undefined,
    validate: (obj, live) => validator.validate(obj, live).map(line),
  };
}
