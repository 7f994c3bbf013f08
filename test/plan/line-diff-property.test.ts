/**
 * Property (fast-check, fixed seed): the line diff on random small edits. Applying its hunks to
 * the old text gives the new text, and its edit count (lines added + removed) is compared with a
 * plain LCS table: never below it (that would be a wrong diff), and equal to it when every line
 * is distinct (generated files are mostly such lines: every common line is then a patience
 * anchor, and the longest run of anchors is the LCS). With repeated lines patience diff is not
 * always minimal; the last test pins one such case.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffHunks, diffLines, toHunks } from '../../plan/line-diff';
import type { LineHunk } from '../../plan/plan-types';

/** Old text patched with the hunks; throws when a context or removed line does not match. */
function applyHunks(old: readonly string[], hunks: readonly LineHunk[]): string[] {
  const out: string[] = [];
  let at = 0; // next old line, 0-based
  for (const h of hunks) {
    while (at < h.oldStart - 1) out.push(old[at++]!);
    expect(out.length + 1).toBe(h.newStart);
    for (const l of h.lines) {
      if (l[0] === '+') out.push(l.slice(1));
      else {
        expect(old[at]).toBe(l.slice(1));
        if (l[0] === ' ') out.push(old[at]!);
        at++;
      }
    }
  }
  while (at < old.length) out.push(old[at++]!);
  return out;
}

/** Fewest lines added plus removed: n + m − 2 · LCS(a, b). */
function minimalEdits(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(row[j]!, row[j - 1]!);
      diag = up;
    }
  }
  return a.length + b.length - 2 * row[b.length]!;
}

type Edit = { at: number; kind: 'insert' | 'delete' | 'replace'; line: string };
const line = fc.constantFrom('a', 'b', 'c', 'd', '{', '}', '');
const edit: fc.Arbitrary<Edit> = fc.record({ at: fc.nat(40), kind: fc.constantFrom('insert', 'delete', 'replace'), line });

function applyEdits(a: readonly string[], edits: readonly Edit[]): string[] {
  const b = [...a];
  for (const e of edits) {
    const at = b.length === 0 ? 0 : e.at % (b.length + (e.kind === 'insert' ? 1 : 0));
    if (e.kind === 'insert') b.splice(at, 0, e.line);
    else if (b.length > 0) b.splice(at, 1, ...(e.kind === 'replace' ? [e.line] : []));
  }
  return b;
}

describe('line diff (property, fixed seed)', () => {
  it('hunks turn the old text into the new, with no fewer edits than the LCS allows', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(edit, { maxLength: 8 }), (a, edits) => {
        const b = applyEdits(a, edits);
        const ops = diffLines(a, b);
        expect(ops.filter((o) => o.t !== '+').map((o) => o.line)).toEqual(a);
        expect(ops.filter((o) => o.t !== '-').map((o) => o.line)).toEqual(b);
        for (const context of [0, 2]) {
          expect(applyHunks(a, toHunks(ops, context))).toEqual(b);
          // The plan's path (hunks straight from the tag buffer) gives the same hunks.
          expect(diffHunks(a, b, context)).toEqual(toHunks(ops, context));
        }
        expect(ops.filter((o) => o.t !== ' ').length).toBeGreaterThanOrEqual(minimalEdits(a, b));
      }),
      { seed: 12, numRuns: 400 },
    );
  });

  it('is minimal when every line is distinct (inserted, deleted and moved lines)', () => {
    const distinct = fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 40 });
    fc.assert(
      fc.property(distinct, distinct, (xs, ys) => {
        // b keeps the lines of a also in ys, in ys's order, plus ys's new ones: moves, inserts, deletes.
        const a = xs.map((x) => `host-${x}`);
        const b = ys.map((y) => `host-${y}`);
        const ops = diffLines(a, b);
        expect(applyHunks(a, toHunks(ops, 1))).toEqual(b);
        expect(ops.filter((o) => o.t !== ' ').length).toBe(minimalEdits(a, b));
      }),
      { seed: 12, numRuns: 400 },
    );
  });

  it('is not always minimal with anchors (patience diff): one unique line can cost the repeated run', () => {
    // a = A B B B U, b = U B B B A: A and U are each once on both sides; the longest run of
    // anchors in order is one of them (here A, first in a), so B B B cannot also be kept.
    // Minimal is 4 edits (keep B B B: 5 + 5 − 2 · 3); patience gives 8 (5 + 5 − 2 · 1).
    const ops = diffLines(['A', 'B', 'B', 'B', 'U'], ['U', 'B', 'B', 'B', 'A']);
    expect(minimalEdits(['A', 'B', 'B', 'B', 'U'], ['U', 'B', 'B', 'B', 'A'])).toBe(4);
    expect(ops.filter((o) => o.t !== ' ').length).toBe(8);
  });
});
