/**
 * Line diff for files that are not objects (DHCP configs, iPXE scripts, Terraform JSON).
 *
 * Patience diff: lines that occur once in both sides anchor the match (the longest run of
 * them in order), and the gaps between anchors are diffed again. Generated files are large
 * and mostly unique lines (MACs, addresses, names), so this stays near-linear where a plain
 * O(N·D) diff would take seconds on a 20k-node DHCP file.
 *
 * Lines are numbered first (equal text, equal number), so the anchor search counts in typed
 * arrays instead of a map of strings: on a 100k-node plan's Terraform and Pulumi JSON
 * (~800k lines a side) that was most of the plan's time.
 */
import type { LineHunk } from './plan-types';

type Op = { readonly t: ' ' | '-' | '+'; readonly line: string };

/** A small gap is diffed exactly (LCS); a large one without anchors is shown as replaced. */
const EXACT_LIMIT = 250_000;

const KEEP = 0;
const DEL = 1;
const ADD = 2;

/** The diff as one tag per line of the result; the lines come from `a` (keep, delete) or `b` (add), in order. */
interface Script {
  tags: Uint8Array;
  length: number;
}

export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const script = diffScript(a, b);
  const ops: Op[] = new Array(script.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < script.length; k++) {
    const tag = script.tags[k]!;
    if (tag === KEEP) {
      ops[k] = { t: ' ', line: a[i++]! };
      j++;
    } else if (tag === DEL) ops[k] = { t: '-', line: a[i++]! };
    else ops[k] = { t: '+', line: b[j++]! };
  }
  return ops;
}

function diffScript(a: readonly string[], b: readonly string[]): Script {
  const ids = new Map<string, number>();
  const na = new Int32Array(a.length);
  const nb = new Int32Array(b.length);
  for (let i = 0; i < a.length; i++) {
    let id = ids.get(a[i]!);
    if (id === undefined) ids.set(a[i]!, (id = ids.size));
    na[i] = id;
  }
  for (let j = 0; j < b.length; j++) {
    let id = ids.get(b[j]!);
    if (id === undefined) ids.set(b[j]!, (id = ids.size));
    nb[j] = id;
  }
  const differ = new Differ(na, nb, ids.size);
  differ.range(0, a.length, 0, b.length);
  return { tags: differ.tags, length: differ.length };
}

/** Diffs ranges of two numbered sides into one tag buffer; the counters are zero between calls. */
class Differ {
  readonly tags: Uint8Array;
  length = 0;
  private readonly countA: Int32Array;
  private readonly countB: Int32Array;
  private readonly posB: Int32Array;

  constructor(
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    distinct: number,
  ) {
    this.tags = new Uint8Array(a.length + b.length);
    this.countA = new Int32Array(distinct);
    this.countB = new Int32Array(distinct);
    this.posB = new Int32Array(distinct);
  }

  private push(tag: number, times: number): void {
    this.tags.fill(tag, this.length, this.length + times);
    this.length += times;
  }

  range(a0: number, a1: number, b0: number, b1: number): void {
    const { a, b } = this;
    const start = a0;
    while (a0 < a1 && b0 < b1 && a[a0] === b[b0]) {
      a0++;
      b0++;
    }
    this.push(KEEP, a0 - start);
    const end = a1;
    while (a1 > a0 && b1 > b0 && a[a1 - 1] === b[b1 - 1]) {
      a1--;
      b1--;
    }
    if (a0 === a1 || b0 === b1) {
      this.push(DEL, a1 - a0);
      this.push(ADD, b1 - b0);
    } else {
      const anchors = this.uniqueAnchors(a0, a1, b0, b1);
      if (anchors.length > 0) {
        let pa = a0;
        let pb = b0;
        for (let k = 0; k < anchors.length; k += 2) {
          const i = anchors[k]!;
          const j = anchors[k + 1]!;
          this.range(pa, i, pb, j);
          this.push(KEEP, 1);
          pa = i + 1;
          pb = j + 1;
        }
        this.range(pa, a1, pb, b1);
      } else if ((a1 - a0) * (b1 - b0) <= EXACT_LIMIT) {
        this.lcs(a0, a1, b0, b1);
      } else {
        this.push(DEL, a1 - a0);
        this.push(ADD, b1 - b0);
      }
    }
    this.push(KEEP, end - a1);
  }

  /**
   * Lines unique in both ranges, as flat (i, j) pairs forming the longest run increasing in j
   * (patience sorting). Candidates come in order of i, so none need sorting.
   */
  private uniqueAnchors(a0: number, a1: number, b0: number, b1: number): Int32Array {
    const { a, b, countA, countB, posB } = this;
    for (let i = a0; i < a1; i++) countA[a[i]!]!++;
    for (let j = b0; j < b1; j++) {
      const id = b[j]!;
      if (countA[id]! > 0) {
        countB[id]!++;
        posB[id] = j;
      }
    }
    const pi: number[] = [];
    const pj: number[] = [];
    for (let i = a0; i < a1; i++) {
      const id = a[i]!;
      if (countA[id] === 1 && countB[id] === 1) {
        pi.push(i);
        pj.push(posB[id]!);
      }
    }
    for (let i = a0; i < a1; i++) {
      countA[a[i]!] = 0;
      countB[a[i]!] = 0;
    }
    return longestIncreasing(pi, pj);
  }

  private lcs(a0: number, a1: number, b0: number, b1: number): void {
    const { a, b } = this;
    const n = a1 - a0;
    const m = b1 - b0;
    const w = m + 1;
    const table = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        table[i * w + j] = a[a0 + i] === b[b0 + j] ? table[(i + 1) * w + j + 1]! + 1 : Math.max(table[(i + 1) * w + j]!, table[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[a0 + i] === b[b0 + j]) {
        this.push(KEEP, 1);
        i++;
        j++;
      } else if (table[(i + 1) * w + j]! >= table[i * w + j + 1]!) {
        this.push(DEL, 1);
        i++;
      } else {
        this.push(ADD, 1);
        j++;
      }
    }
    this.push(DEL, n - i);
    this.push(ADD, m - j);
  }
}

/** Longest subsequence of the pairs (in the given order) increasing in j, as flat (i, j) pairs. */
function longestIncreasing(pi: readonly number[], pj: readonly number[]): Int32Array {
  const count = pi.length;
  const tops = new Int32Array(count);
  let piles = 0;
  const prev = new Int32Array(count).fill(-1);
  for (let k = 0; k < count; k++) {
    const j = pj[k]!;
    let lo = 0;
    let hi = piles;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pj[tops[mid]!]! < j) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tops[lo - 1]!;
    tops[lo] = k;
    if (lo === piles) piles++;
  }
  let length = 0;
  for (let k = piles > 0 ? tops[piles - 1]! : -1; k >= 0; k = prev[k]!) length++;
  const out = new Int32Array(2 * length);
  let at = length;
  for (let k = piles > 0 ? tops[piles - 1]! : -1; k >= 0; k = prev[k]!) {
    at--;
    out[2 * at] = pi[k]!;
    out[2 * at + 1] = pj[k]!;
  }
  return out;
}

/** Groups a diff into hunks with `context` unchanged lines around each change. */
export function toHunks(ops: readonly Op[], context = 2): LineHunk[] {
  const hunks: LineHunk[] = [];
  let k = 0;
  let prevStop = 0;
  // Old and new line number at each op, only read at hunk starts: kept as two running counters.
  let at = 0;
  let oldLine = 1;
  let newLine = 1;
  const lineAt = (index: number) => {
    for (; at < index; at++) {
      if (ops[at]!.t !== '+') oldLine++;
      if (ops[at]!.t !== '-') newLine++;
    }
  };
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
    lineAt(start);
    hunks.push({ oldStart: oldLine, newStart: newLine, lines: ops.slice(start, stop).map((op) => `${op.t}${op.line}`) });
    k = stop;
    prevStop = stop;
  }
  return hunks;
}

/**
 * `toHunks(diffLines(a, b), context)` without an op per line: hunks straight from the tag
 * buffer. `shown` gives the text of a shown line (old line i, new line j) without its sign.
 */
export function diffHunks(a: readonly string[], b: readonly string[], context = 2, shown: (tag: ' ' | '-' | '+', i: number, j: number) => string = (t, i, j) => (t === '+' ? b[j]! : a[i]!)): LineHunk[] {
  const { tags, length } = diffScript(a, b);
  const hunks: LineHunk[] = [];
  let k = 0;
  let prevStop = 0;
  let at = 0;
  let i = 0;
  let j = 0;
  while (k < length) {
    if (tags[k] === KEEP) {
      k++;
      continue;
    }
    const start = Math.max(prevStop, k - context);
    let end = k;
    for (;;) {
      while (end < length && tags[end] !== KEEP) end++;
      let gap = 0;
      while (end + gap < length && tags[end + gap] === KEEP) gap++;
      if (end + gap < length && gap <= 2 * context) end += gap;
      else break;
    }
    const stop = Math.min(length, end + context);
    for (; at < start; at++) {
      if (tags[at] !== ADD) i++;
      if (tags[at] !== DEL) j++;
    }
    const oldStart = i + 1;
    const newStart = j + 1;
    const lines: string[] = [];
    for (; at < stop; at++) {
      const tag = tags[at]!;
      const sign = tag === KEEP ? ' ' : tag === DEL ? '-' : '+';
      lines.push(`${sign}${shown(sign, i, j)}`);
      if (tag !== ADD) i++;
      if (tag !== DEL) j++;
    }
    hunks.push({ oldStart, newStart, lines });
    k = stop;
    prevStop = stop;
  }
  return hunks;
}
