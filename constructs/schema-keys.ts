/** The field names the site schema allows at a path, for "did you mean" on an unknown key. */
import type { z } from 'zod';

type AnyDef = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; in?: z.ZodType; options?: z.ZodType[]; valueType?: z.ZodType; getter?: () => z.ZodType };

const defOf = (s: z.ZodType): AnyDef => (s as unknown as { _zod: { def: AnyDef } })._zod.def;

/** The schemas `s` stands for once wrappers (optional, default, pipe…) are taken off. */
function unwrap(s: z.ZodType, depth = 0): z.ZodType[] {
  if (depth > 20) return [];
  const def = defOf(s);
  if (def.innerType) return unwrap(def.innerType, depth + 1);
  if (def.type === 'pipe' && def.in) return unwrap(def.in, depth + 1);
  if (def.type === 'lazy' && def.getter) return unwrap(def.getter(), depth + 1);
  if (def.type === 'union' && def.options) return def.options.flatMap((o) => unwrap(o, depth + 1));
  return [s];
}

/** Field names of the object schema(s) at `path` under `root`; empty when there is none. */
export function keysAt(root: z.ZodType, path: readonly (string | number)[]): string[] {
  let here = unwrap(root);
  for (const part of path) {
    here = here.flatMap((s) => {
      const def = defOf(s);
      if (def.type === 'object' && typeof part === 'string' && def.shape?.[part]) return unwrap(def.shape[part]!);
      if (def.type === 'array' && typeof part === 'number' && def.element) return unwrap(def.element);
      if (def.type === 'record' && def.valueType) return unwrap(def.valueType);
      return [];
    });
  }
  return [...new Set(here.flatMap((s) => (defOf(s).type === 'object' ? Object.keys(defOf(s).shape ?? {}) : [])))];
}
