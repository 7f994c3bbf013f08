/**
 * Line diff for files that are not objects (DHCP configs, iPXE scripts, Terraform JSON).
 *
 * Patience diff: lines that occur once in both sides anchor the match (the longest run of
 * them in order), and the gaps between anchors are diffed again. Generated files are large
 * and mostly unique lines (MACs, addresses, names), so this stays near-linear where a plain
 * O(N·D) diff would take seconds on a 20k-node DHCP file.
 */
import type { LineHunk } from './plan-types';

type Op = { readonly t: ' ' | '-' | '+'; readonly line: string };

/** A small gap is diffed exactly (LCS); a large one without anchors is shown as replaced. */
const EXACT_LIMIT = 250_000;

export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const ops: Op[] = [];
  diffRange(a, 0, a.length, b, 0, b.length, ops);
  return ops;
}

function diffRange(a: readonly string[], a0: number, a1: number, b: readonly string[], b0: number, b1: number, out: Op[]): void {
  while (a0 < a1 && b0 < b1 && a[a0] === b[b0]) {
    out.push({ t: ' ', line: a[a0++]! });
    b0++;
  }
  const tail: Op[] = [];
  while (a1 > a0 && b1 > b0 && a[a1 - 1] === b[b1 - 1]) {
    tail.push({ t: ' ', line: a[--a1]! });
    b1--;
  }
  if (a0 === a1 || b0 === b1) {
    for (let i = a0; i < a1; i++) out.push({ t: '-', line: a[i]! });
    for (let j = b0; j < b1; j++) out.push({ t: '+', line: b[j]! });
  } else {
    const anchors = uniqueAnchors(a, a0, a1, b, b0, b1);
    if (anchors.length > 0) {
      let pa = a0;
      let pb = b0;
      for (const [i, j] of anchors) {
        diffRange(a, pa, i, b, pb, j, out);
        out.push({ t: ' ', line: a[i]! });
        pa = i + 1;
        pb = j + 1;
      }
      diffRange(a, pa, a1, b, pb, b1, out);
    } else if ((a1 - a0) * (b1 - b0) <= EXACT_LIMIT) {
      lcs(a, a0, a1, b, b0, b1, out);
    } else {
      for (let i = a0; i < a1; i++) out.push({ t: '-', line: a[i]! });
      for (let j = b0; j < b1; j++) out.push({ t: '+', line: b[j]! });
    }
  }
  for (let k = tail.length - 1; k >= 0; k--) out.push(tail[k]!);
}

/** Lines unique in both ranges, as (i, j) pairs forming the longest increasing run in j. */
function uniqueAnchors(a: readonly string[], a0: number, a1: number, b: readonly string[], b0: number, b1: number): [number, number][] {
  const count = new Map<string, { ca: number; cb: number; i: number; j: number }>();
  for (let i = a0; i < a1; i++) {
    const e = count.get(a[i]!);
    if (e) e.ca++;
    else count.set(a[i]!, { ca: 1, cb: 0, i, j: -1 });
  }
  for (let j = b0; j < b1; j++) {
    const e = count.get(b[j]!);
    if (e) {
      e.cb++;
      e.j = j;
    }
  }
  const pairs: [number, number][] = [];
  for (const e of count.values()) if (e.ca === 1 && e.cb === 1) pairs.push([e.i, e.j]);
  pairs.sort((x, y) => x[0] - y[0]);
  return longestIncreasing(pairs);
}

/** Patience sorting: longest subsequence of pairs increasing in the second element. */
function longestIncreasing(pairs: readonly [number, number][]): [number, number][] {
  const tops: number[] = [];
  const prev: number[] = new Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    const j = pairs[k]![1];
    let lo = 0;
    let hi = tops.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tops[mid]!]![1] < j) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tops[lo - 1]!;
    tops[lo] = k;
  }
  const out: [number, number][] = [];
  for (let k = tops.length > 0 ? tops[tops.length - 1]! : -1; k >= 0; k = prev[k]!) out.push(pairs[k]!);
  return out.reverse();
}

function lcs(a: readonly string[], a0: number, a1: number, b: readonly string[], b0: number, b1: number, out: Op[]): void {
  const n = a1 - a0;
  const m = b1 - b0;
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] = a[a0 + i] === b[b0 + j] ? table[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(table[(i + 1) * (m + 1) + j]!, table[i * (m + 1) + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[a0 + i] === b[b0 + j]) {
      out.push({ t: ' ', line: a[a0 + i++]! });
      j++;
    } else if (table[(i + 1) * (m + 1) + j]! >= table[i * (m + 1) + j + 1]!) out.push({ t: '-', line: a[a0 + i++]! });
    else out.push({ t: '+', line: b[b0 + j++]! });
  }
  while (i < n) out.push({ t: '-', line: a[a0 + i++]! });
  while (j < m) out.push({ t: '+', line: b[b0 + j++]! });
}

/** Groups a diff into hunks with `context` unchanged lines around each change. */
export function toHunks(ops: readonly Op[], context = 2): LineHunk[] {
  const hunks: LineHunk[] = [];
  let oldLine = 1;
  let newLine = 1;
  let k = 0;
  let prevStop = 0;
  const lineNos: { o: number; n: number }[] = [];
  for (const op of ops) {
    lineNos.push({ o: oldLine, n: newLine });
    if (op.t !== '+') oldLine++;
    if (op.t !== '-') newLine++;
  }
  while (k < ops.length) {
    if (ops[k]!.t === ' ') {
      k++;
      continue;
    }
    const start = Math.max(prevStop, k - context);
    let end = k;
    // Extend while the next change is within 2 × context unchanged lines.
    for (;;) {
      while (end < ops.length && ops[end]!.t !== ' ') end++;
      let gap = 0;
      while (end + gap < ops.length && ops[end + gap]!.t === ' ') gap++;
      if (end + gap < ops.length && gap <= 2 * context) end += gap;
      else break;
    }
    const stop = Math.min(ops.length, end + context);
    hunks.push({ oldStart: lineNos[start]!.o, newStart: lineNos[start]!.n, lines: ops.slice(start, stop).map((op) => `${op.t}${op.line}`) });
    k = stop;
    prevStop = stop;
  }
  return hunks;
}
