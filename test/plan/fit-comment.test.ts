import { describe, expect, it } from 'vitest';
import { fitComment } from '../../plan/fit-comment';
import type { Block } from '../../plan/markdown';

const group = (name: string, size: number): Block => ({ text: `${name}\n${'x'.repeat(size)}`, cutRank: 0, cuts: [`${name} cut: ${name}-{1..9}`, `${name} cut`] });

describe('fitComment', () => {
  it('cuts the longest group first, and only as many as needed', () => {
    const blocks: Block[] = [{ keep: true, text: 'SUMMARY' }, group('a', 3000), group('b', 5000), group('c', 1000)];
    const { text, cut } = fitComment(blocks, 5000);
    expect(cut).toBe(1);
    expect(text).toContain('b cut: b-{1..9}');
    expect(text).toContain(`a\n${'x'.repeat(3000)}`);
    expect(text.startsWith('SUMMARY')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(5000);
  });

  it('keeps summary and banner even when everything else must go', () => {
    const blocks: Block[] = [{ keep: true, text: 'SUMMARY' }, { keep: true, text: 'BANNER' }, group('a', 3000), { text: 'TABLE'.repeat(400), cutRank: 1, cuts: ['table cut'] }];
    const { text } = fitComment(blocks, 1000);
    expect(text).toBe('SUMMARY\n\nBANNER\n\na cut: a-{1..9}\n\ntable cut\n');
  });

  it('cuts the tail with a note as a last resort', () => {
    const { text } = fitComment([{ keep: true, text: 'S'.repeat(2000) }], 1000, 'plan.md');
    expect(text.length).toBeLessThanOrEqual(1000);
    expect(text).toMatch(/left out \(too long for a comment\)\*\*; see the full plan: plan\.md\.\n$/);
  });
});
