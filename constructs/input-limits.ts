/**
 * Limits on what rackshift reads, so a hostile site file or inventory (from a pull request, a
 * vendor) is refused in milliseconds with one line naming the file, instead of taking the
 * machine's memory or time. Each is far above any real site: the 20,000-node bench site is
 * 18 KB of YAML, its longest list has 72 items and it nests 5 levels deep. Documented in
 * docs/security.md.
 */
import { isAlias, isMap, isPair, isSeq, type LineCounter, type Node } from 'yaml';

/** Largest site file read, checked on the file's size before reading. */
export const MAX_SITE_FILE_BYTES = 1024 * 1024;
/** Largest inventory read: 20,000 hosts of ~150 bytes is 3 MB. */
export const MAX_INVENTORY_BYTES = 32 * 1024 * 1024;
/** YAML aliases (`*name`) in one site file: each can copy a whole subtree, so a few dozen expand exponentially. */
export const MAX_ALIASES = 100;
/** Nesting depth of mappings and lists. */
export const MAX_DEPTH = 64;
/** Items in any one list of a site file. */
export const MAX_LIST_ITEMS = 10_000;

export interface LimitProblem {
  readonly rule: 'rackshift:file/aliases' | 'rackshift:file/too-deep' | 'rackshift:file/list-too-long';
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * A cheap scan of the text before it is parsed: the YAML parser recurses per level of flow
 * nesting and overflows its stack near 1,000 `[`. Counts brackets outside quotes and comments,
 * plus the indentation levels open at that line, which is at least the true depth's half.
 */
export function nestingBeforeParse(text: string): LimitProblem | undefined {
  const indents: number[] = [];
  let flow = 0;
  let line = 1;
  let lineStart = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      lineStart = i + 1;
      if (flow === 0) quote = '';
      continue;
    }
    if (i === lineStart && flow === 0) {
      let j = i;
      while (text[j] === ' ') j++;
      if (text[j] !== '\n' && text[j] !== '#' && j < text.length) {
        const indent = j - i;
        while (indents.length > 0 && indents.at(-1)! > indent) indents.pop();
        if (indents.at(-1) !== indent) indents.push(indent);
      }
    }
    if (quote) {
      if (c === quote && !(quote === '"' && text[i - 1] === '\\')) quote = '';
      continue;
    }
    if (c === '#' && (i === lineStart || text[i - 1] === ' ')) {
      const nl = text.indexOf('\n', i);
      i = (nl < 0 ? text.length : nl) - 1;
      continue;
    }
    if (c === '"' || (c === "'" && (i === lineStart || /[\s,[{:]/.test(text[i - 1]!)))) quote = c;
    else if (c === '[' || c === '{') {
      flow++;
      if (flow + indents.length > MAX_DEPTH) return tooDeep(line, i - lineStart + 1);
    } else if (c === ']' || c === '}') flow = Math.max(0, flow - 1);
  }
  if (indents.length > MAX_DEPTH) return tooDeep(line, 1);
  return undefined;
}

/** Walks the parsed document without recursion: alias count, depth and list lengths. */
export function documentLimits(root: Node | null, lc: LineCounter): LimitProblem | undefined {
  const at = (n: Node) => {
    const p = lc.linePos(n.range?.[0] ?? 0);
    return { line: p.line, column: p.col };
  };
  let aliases = 0;
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isAlias(node)) {
      if (++aliases > MAX_ALIASES) return { rule: 'rackshift:file/aliases', message: `more than ${MAX_ALIASES} YAML aliases (*name); each copies what its anchor holds, so they can expand exponentially`, ...at(node) };
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth + 1 > MAX_DEPTH) return { ...tooDeep(0, 0), ...at(node) };
    if (isSeq(node) && node.items.length > MAX_LIST_ITEMS) return { rule: 'rackshift:file/list-too-long', message: `a list of ${node.items.length} items; the limit is ${MAX_LIST_ITEMS} per list`, ...at(node) };
    for (const item of node.items) {
      if (isPair(item)) {
        stack.push({ node: item.key, depth: depth + 1 });
        stack.push({ node: item.value, depth: depth + 1 });
      } else stack.push({ node: item, depth: depth + 1 });
    }
  }
  return undefined;
}

function tooDeep(line: number, column: number): LimitProblem {
  return { rule: 'rackshift:file/too-deep', message: `nests more than ${MAX_DEPTH} levels of mappings and lists`, ...(line ? { line, column } : {}) };
}
