/**
 * A JSON value as the API server hands it to a CRD's CEL rules: typed by the structural
 * schema (`integer` → CEL int, `number` → double), objects as maps, and the names of declared
 * properties escaped the way Kubernetes escapes them (`foo-bar` is `self.foo__dash__bar`), so
 * a rule that the API server can read, rackshift can read too.
 */
import type { CelInput } from '@bufbuild/cel';
import type { StructuralSchema } from '../structural-schema';

/** CEL keywords and reserved words: a property with one of these names is `__<name>__` in a rule. */
const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** The name a rule uses for a declared property, or undefined when no rule can address it. */
export function escapedName(name: string): string | undefined {
  if (RESERVED.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  return name.replaceAll('__', '__underscores__').replaceAll('.', '__dot__').replaceAll('-', '__dash__').replaceAll('/', '__slash__');
}

export function toCel(value: unknown, schema: StructuralSchema | undefined): CelInput {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => toCel(v, schema?.items));
  if (typeof value === 'number') return isInt(value, schema) ? BigInt(value) : value;
  if (typeof value !== 'object') return value as CelInput;
  const out = new Map<string, CelInput>();
  const additional = typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  for (const [k, v] of Object.entries(value)) {
    const declared = schema?.properties?.[k];
    if (declared) {
      const name = escapedName(k);
      if (name !== undefined) out.set(name, toCel(v, declared));
    } else out.set(k, toCel(v, additional));
  }
  return out;
}

function isInt(n: number, schema: StructuralSchema | undefined): boolean {
  if (schema?.type === 'number') return false;
  // `integer`, int-or-string, and untyped (preserved) numbers that JSON wrote without a fraction.
  return Number.isInteger(n);
}
