/** Freezing and keying helpers for the catalog tables: callers must copy, never mutate. */

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const key of Object.keys(value as object)) {
      deepFreeze((value as Record<string, unknown>)[key]);
    }
    Object.freeze(value);
  }
  return value;
}

/** Builds an id-keyed record from entries and checks that the ids are unique. */
export function byId<T extends { readonly id: string }>(entries: readonly T[]): Readonly<Record<string, T>> {
  const out: Record<string, T> = {};
  for (const entry of entries) {
    if (Object.prototype.hasOwnProperty.call(out, entry.id)) throw new Error(`catalog: duplicate id ${entry.id}`);
    out[entry.id] = entry;
  }
  return deepFreeze(out);
}

export function lookup<T>(table: Readonly<Record<string, T>>, id: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, id) ? table[id] : undefined;
}
