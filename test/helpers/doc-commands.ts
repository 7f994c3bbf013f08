/**
 * The `npx rackshift …` commands of the README and docs/, as a reader would copy them: from
 * fenced code blocks (continued lines joined) and from inline code spans. A command ends at a
 * shell operator (`&&`, `|`, `;`, `>`) or a `#` comment.
 *
 * A marker for the test, invisible on GitHub, on its own before a block or paragraph holds for
 * it; inside a paragraph (a list) it holds for the lines after it, up to the next marker:
 *
 *     <!-- docs-test: cluster -->        needs a cluster: checked as --dry-run=client
 *     <!-- docs-test: git -->            names git revisions: each --base/--head revision is
 *                                        replaced by an output folder of the same sites
 *     <!-- docs-test: exit 3 -->         the exit code the docs say it has (default 0)
 *     <!-- docs-test: DIR=../shared/schemas/crds -->   a placeholder (a word of the command or
 *                                        an environment value) and what stands for it
 *
 * Items are separated by `;`.
 */
import { readFileSync } from 'node:fs';

export interface DocCommand {
  /** `README.md:157`. */
  readonly where: string;
  /** As written, after `npx rackshift `. */
  readonly text: string;
  /** Environment assignments written before `npx`. */
  readonly env: Readonly<Record<string, string>>;
  readonly argv: readonly string[];
  readonly needs: readonly ('cluster' | 'git')[];
  readonly exit: number;
}

interface Marker {
  readonly needs: ('cluster' | 'git')[];
  exit: number;
  readonly placeholders: Map<string, string>;
}

const MARKER = /<!--\s*docs-test:\s*(.*?)\s*-->/g;
const COMMAND = /((?:[A-Z][A-Z0-9_]*=\S+\s+)*)npx rackshift\b([^`#|&;>\n]*)/g;

function parseMarker(body: string, where: string): Marker {
  const m: Marker = { needs: [], exit: 0, placeholders: new Map() };
  for (const item of body.split(';').map((s) => s.trim()).filter(Boolean)) {
    if (item === 'cluster' || item === 'git') m.needs.push(item);
    else if (/^exit \d+$/.test(item)) m.exit = Number(item.slice(5));
    else if (/^[A-Za-z][\w-]*=\S+$/.test(item)) m.placeholders.set(item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1));
    else throw new Error(`${where}: unknown docs-test marker item "${item}"`);
  }
  return m;
}

/** Shell words, with '…' and "…" quoting; enough for the docs' command lines. */
export function shellWords(s: string): string[] {
  const words: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (const m of s.matchAll(re)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

export function docCommands(file: string, label: string): DocCommand[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const found: DocCommand[] = [];
  let pending: Marker | undefined;
  let i = 0;
  const take = (text: string, line: number, marker: Marker | undefined) => {
    for (const m of text.matchAll(COMMAND)) {
      const where = `${label}:${line}`;
      const fill = (w: string) => marker?.placeholders.get(w) ?? w;
      const env = Object.fromEntries(shellWords(m[1]!).map((w) => [w.slice(0, w.indexOf('=')), fill(w.slice(w.indexOf('=') + 1))]));
      const argv = shellWords(m[2]!).map(fill);
      found.push({ where, text: m[2]!.trim(), env, argv, needs: marker?.needs ?? [], exit: marker?.exit ?? 0 });
    }
  };
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = /^\s*(`{3,})/.exec(line)?.[1];
    if (fence) {
      // A fenced block (closed by a fence at least as long): commands may continue over lines ending in a backslash.
      const start = i + 1;
      const body: string[] = [];
      const closes = (l: string) => new RegExp(`^\\s*${fence}\`*\\s*$`).test(l);
      for (i++; i < lines.length && !closes(lines[i]!); i++) body.push(lines[i]!);
      i++;
      for (let j = 0; j < body.length; j++) {
        let text = body[j]!;
        const at = start + j + 1;
        while (text.endsWith('\\') && j + 1 < body.length) text = `${text.slice(0, -1)} ${body[++j]!.trim()}`;
        take(text, at, pending);
      }
      pending = undefined;
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    // A paragraph (or list item): its own marker, else the one before it.
    const start = i;
    const para: string[] = [];
    for (; i < lines.length && lines[i]!.trim() !== '' && !/^\s*```/.test(lines[i]!); i++) para.push(lines[i]!);
    const text = para.join('\n');
    if (text.replace(MARKER, '').trim() === '') {
      const markers = [...text.matchAll(MARKER)];
      pending = parseMarker(markers.map((m) => m[1]).join(';'), `${label}:${start + 1}`);
      continue;
    }
    // Inline code spans only (prose around them is not a command). A marker inside the
    // paragraph (a list, say) holds for the lines after it, up to the next marker.
    let current = pending;
    para.forEach((l, k) => {
      const marker = [...l.matchAll(MARKER)];
      if (marker.length > 0) current = parseMarker(marker.map((m) => m[1]).join(';'), `${label}:${start + k + 1}`);
      for (const span of l.replace(MARKER, '').matchAll(/`([^`]+)`/g)) take(span[1]!, start + k + 1, current);
    });
    pending = undefined;
  }
  return found;
}

export interface LayoutEntry {
  /** `kubernetes/pools/<pool>.yaml`, relative to `<out>/<site>/`. */
  readonly path: string;
  readonly pattern: RegExp;
  /** The description says "when …": not every site has it. */
  readonly optional: boolean;
}

/**
 * The README's output-layout tree (the first fenced block under `## Output layout`) as path
 * patterns: `<name>` is one path segment, `[.x]` optional, `a.md|.json` alternative endings,
 * `a, b` two entries, a folder without entries below it anything under it. Lines indented
 * past the entries' column continue a description.
 */
export function readmeLayout(readme: string): LayoutEntry[] {
  const lines = readme.split('\n');
  const at = lines.findIndex((l) => l.trim() === '## Output layout');
  const open = lines.findIndex((l, i) => i > at && l.startsWith('```'));
  const close = lines.findIndex((l, i) => i > open && l.startsWith('```'));
  const body = lines.slice(open + 2, close); // the root line `cdktf.out/<site>/` first
  const rows = body
    .map((l) => ({ indent: l.length - l.trimStart().length, entry: l.trim().split(/\s{2,}/)[0]!, description: l.trim().split(/\s{2,}/).slice(1).join(' ') }))
    .filter((r) => r.indent < 20 && r.entry !== '');
  const entries: LayoutEntry[] = [];
  const stack: { indent: number; path: string }[] = [];
  rows.forEach((r, k) => {
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= r.indent) stack.pop();
    const parent = stack.map((s) => s.path).join('');
    for (const name of r.entry.split(/,\s*/)) {
      const path = `${parent}${name}`;
      const hasChildren = (rows[k + 1]?.indent ?? 0) > r.indent;
      if (name.endsWith('/')) stack.push({ indent: r.indent, path: name });
      if (name.endsWith('/') && hasChildren) continue;
      entries.push({ path, pattern: layoutPattern(path), optional: /^when\b|\bwhen the site\b/.test(r.description) });
    }
  });
  return entries;
}

function layoutPattern(path: string): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const segment = (s: string) => esc(s).replace(/<[^>]+>/g, '[^/]+').replace(/\\\[([^\]]*)\\\]/g, (_m, inner: string) => `(?:${inner})?`);
  const slash = path.lastIndexOf('/', path.length - 2);
  const dir = path.slice(0, slash + 1);
  let last = path.slice(slash + 1);
  let tail: string;
  if (last.endsWith('/')) tail = `${segment(last)}.+`;
  else if (last.includes('|')) {
    const [first, ...more] = last.split('|');
    const stem = first!.slice(0, first!.lastIndexOf('.'));
    last = stem;
    tail = `${segment(stem)}(?:${[first!.slice(stem.length), ...more].map(esc).join('|')})`;
  } else tail = segment(last);
  return new RegExp(`^${segment(dir)}${tail}$`);
}
