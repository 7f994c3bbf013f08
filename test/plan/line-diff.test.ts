import { describe, expect, it } from 'vitest';
import { diffLines, toHunks } from '../../plan/line-diff';

const text = (ops: { t: string; line: string }[]) => ops.map((o) => `${o.t}${o.line}`);

describe('line diff', () => {
  it('finds an insertion in the middle of a large file without touching the rest', () => {
    const a = Array.from({ length: 20_000 }, (_, i) => `host-${i}`);
    const b = [...a.slice(0, 10_000), 'host-new', ...a.slice(10_000)];
    const ops = diffLines(a, b);
    expect(ops.filter((o) => o.t !== ' ').map((o) => `${o.t}${o.line}`)).toEqual(['+host-new']);
    const hunks = toHunks(ops, 2);
    expect(hunks).toEqual([{ oldStart: 9_999, newStart: 9_999, lines: [' host-9998', ' host-9999', '+host-new', ' host-10000', ' host-10001'] }]);
  });

  it('diffs repeated lines exactly (no unique anchors)', () => {
    expect(text(diffLines(['{', '}', '{', '}'], ['{', '}', '{', 'x', '}']))).toEqual([' {', ' }', ' {', '+x', ' }']);
  });

  it('merges nearby changes into one hunk and keeps far ones apart', () => {
    const a = Array.from({ length: 30 }, (_, i) => `l${i}`);
    const b = a.map((l) => (l === 'l3' || l === 'l6' || l === 'l25' ? `${l}!` : l));
    const hunks = toHunks(diffLines(a, b), 2);
    expect(hunks).toHaveLength(2);
    expect(hunks[0]!.lines.filter((l) => l.startsWith('+'))).toEqual(['+l3!', '+l6!']);
    expect(hunks[1]).toMatchObject({ oldStart: 24, newStart: 24 });
  });
});
