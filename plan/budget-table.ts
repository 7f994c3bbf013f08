/**
 * A budget table of the plan: rows matched by name (or tier) between base and head, each cell
 * old → new, each row added, removed, changed or unchanged.
 */
import type { BudgetRow, BudgetTable } from './plan-types';

export type Cell = number | string | null;
export interface Column<T> {
  readonly key: string;
  readonly label: string;
  readonly unit?: string;
  readonly read: (row: T) => Cell | undefined;
}

export function table<T extends { name?: string; tier?: string }>(key: BudgetTable['key'], title: string, columns: readonly Column<T>[], base: readonly T[] | undefined, head: readonly T[] | undefined): BudgetTable {
  const id = (r: T) => String(r.name ?? r.tier);
  const before = new Map((base ?? []).map((r) => [id(r), r]));
  const after = new Map((head ?? []).map((r) => [id(r), r]));
  // Tiers from least to most redundant (N, N+1, 2N), as reviewers read them; other rows by name.
  const tierRank = (n: string) => ['N', 'N+1', '2N'].indexOf(n);
  const byName = (a: string, b: string) => (key === 'tiers' && tierRank(a) >= 0 && tierRank(b) >= 0 ? tierRank(a) - tierRank(b) : a.localeCompare(b, 'en', { numeric: true }));
  const names = [...new Set([...before.keys(), ...after.keys()])].sort(byName);
  const rows: BudgetRow[] = names.map((name) => {
    const a = before.get(name);
    const b = after.get(name);
    const cells: Record<string, { old: Cell; new: Cell }> = {};
    let changed = false;
    for (const c of columns) {
      const old = a ? (c.read(a) ?? null) : null;
      const now = b ? (c.read(b) ?? null) : null;
      cells[c.key] = { old, new: now };
      if (a && b && old !== now) changed = true;
    }
    return { name, status: !a ? 'added' : !b ? 'removed' : changed ? 'changed' : 'unchanged', cells };
  });
  return { key, title, columns: columns.map(({ key: k, label, unit }) => ({ key: k, label, ...(unit ? { unit } : {}) })), rows };
}
