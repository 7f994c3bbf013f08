/**
 * Keeps a plan comment under GitHub's 65,536-character limit. The marker, summary line and
 * banner always stay. Change groups are cut first, longest first, each replaced by a note that
 * lists the addresses left out; then budget tables; then the listings shrink to counts. Only
 * if all that is not enough is the tail cut, with a note.
 */
import { joinBlocks, type Block } from './markdown';

/** GitHub's limit on a comment body (characters). */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface FitResult {
  readonly text: string;
  /** How many blocks were replaced by a shorter note. */
  readonly cut: number;
}

export function fitComment(blocks: readonly Block[], limit = GITHUB_COMMENT_LIMIT, fullPlan?: string): FitResult {
  const current = blocks.map((b) => ({ block: b, level: 0, text: b.text }));
  // As joinBlocks counts: non-empty blocks joined by two newlines, one at the end.
  const length = () => {
    const kept = current.filter((c) => c.text !== '');
    return kept.reduce((n, c) => n + c.text.length, 0) + 2 * Math.max(0, kept.length - 1) + 1;
  };
  let total = length();
  let cut = 0;
  const shrink = (rankOk: (b: Block) => boolean, maxLevel: number): boolean => {
    while (total > limit) {
      let best = -1;
      for (let i = 0; i < current.length; i++) {
        const c = current[i]!;
        const cuts = c.block.cuts ?? [];
        if (c.block.keep || !rankOk(c.block) || c.level >= Math.min(maxLevel, cuts.length)) continue;
        if (best < 0 || c.text.length > current[best]!.text.length) best = i;
      }
      if (best < 0) return false;
      const c = current[best]!;
      const next = c.block.cuts![c.level]!;
      if (c.level === 0) cut++;
      c.text = next;
      c.level++;
      total = length();
    }
    return true;
  };
  // First pass: change groups to their address listings, then tables, then the rest.
  if (!shrink((b) => b.cutRank === 0, 1) && !shrink((b) => (b.cutRank ?? 0) <= 1, 1) && !shrink(() => true, 1)) {
    // Second pass: listings down to counts.
    shrink(() => true, Number.MAX_SAFE_INTEGER);
  }
  let text = joinBlocks(current.map((c) => ({ ...c.block, text: c.text })));
  if (text.length > limit) {
    const note = `\n\n**The rest of this plan is left out (too long for a comment)**${fullPlan ? `; see the full plan: ${fullPlan}` : ''}.\n`;
    text = `${text.slice(0, Math.max(0, limit - note.length))}${note}`;
  }
  return { text, cut };
}
