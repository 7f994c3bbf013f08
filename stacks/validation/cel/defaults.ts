/**
 * The schema's `default`s filled in, as the API server does before it validates: a rule such
 * as Kueue's `self.whenCanBorrow == 'TryNextFlavor'` reads fields the object may leave out.
 * Returns a copy; the input is never changed.
 */
import type { StructuralSchema } from '../structural-schema';

export function withDefaults(value: unknown, schema: StructuralSchema | undefined): unknown {
  if (!schema || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => withDefaults(v, schema.items));
  const out: Record<string, unknown> = {};
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  for (const [k, v] of Object.entries(value)) out[k] = withDefaults(v, schema.properties?.[k] ?? additional);
  for (const [k, child] of Object.entries(schema.properties ?? {})) {
    if (out[k] === undefined && child.default !== undefined) out[k] = withDefaults(structuredClone(child.default), child);
  }
  return out;
}
