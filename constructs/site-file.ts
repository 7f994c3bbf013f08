/**
 * Reading a site file: YAML with positions kept, then the zod schema, so every problem is
 * reported as `file:line:col field.path: message` and all of them come out at once.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { Diagnostics, type Locator } from './diagnostics';
import { SiteFileSpec, type SiteSpec } from './site-spec';
import { keysAt } from './schema-keys';
import { salvage, type Salvage } from './salvage';
import { didYouMean } from '../lib/suggest';
import { readBoundedText } from '../lib/read-input';
import { holdsSecret } from '../lib/redact';
import { documentLimits, MAX_ALIASES, MAX_SITE_FILE_BYTES, nestingBeforeParse } from './input-limits';

export interface ParsedSiteFile {
  readonly file: string;
  readonly spec?: SiteSpec;
  readonly diagnostics: Diagnostics;
  /** When the schema failed: the site with the broken parts set aside (see salvage.ts), and where its paths are in the file. */
  readonly salvaged?: { readonly salvage: Salvage; readonly locate: Locator };
}

/** Reads and checks one site file. Never throws for bad content; problems go into diagnostics. */
export async function readSiteFile(file: string): Promise<ParsedSiteFile> {
  const read = await readBoundedText(file, MAX_SITE_FILE_BYTES);
  if ('text' in read) return parseSiteText(read.text, file);
  const diagnostics = new Diagnostics(file);
  const r = read.refused;
  if (r.reason === 'too-large') diagnostics.error('rackshift:file/too-large', [], `${r.message} for a site file (checked before reading)`);
  else if (r.reason === 'not-a-file') diagnostics.error('rackshift:file/refused', [], r.message);
  else diagnostics.error('rackshift:file/unreadable', [], r.message);
  return { file, diagnostics };
}

/** Parses site YAML text; `file` is only used to place messages. */
export function parseSiteText(text: string, file: string): ParsedSiteFile {
  const early = new Diagnostics(file);
  // Limits first, one line each: a hostile file is refused before it costs time or memory.
  const before = text.length > MAX_SITE_FILE_BYTES ? { rule: 'rackshift:file/too-large' as const, message: `is ${text.length} characters; the limit is ${MAX_SITE_FILE_BYTES}` } : nestingBeforeParse(text);
  if (before) {
    early.add('error', before.rule, [], before.message, 'line' in before && before.line ? { line: before.line, column: before.column ?? 1 } : undefined);
    return { file, diagnostics: early };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = lineCounter.linePos(e.pos[0]);
      early.add('error', 'rackshift:file/yaml', [], `invalid YAML: ${firstLine(e.message).replace(/ at line \d+, column \d+:?$/, '')}`, { line: pos.line, column: pos.col });
    }
    return { file, diagnostics: early };
  }
  const limit = documentLimits(doc.contents as Node | null, lineCounter);
  if (limit) {
    early.add('error', limit.rule, [], limit.message, limit.line ? { line: limit.line, column: limit.column ?? 1 } : undefined);
    return { file, diagnostics: early };
  }
  const locate = makeLocator(doc, lineCounter);
  const diagnostics = new Diagnostics(file, locate);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES }) as unknown;
  } catch (err) {
    // The yaml library's own guard against alias expansion, the second line of defence.
    if (!(err instanceof ReferenceError)) throw err;
    diagnostics.error('rackshift:file/aliases', [], `YAML aliases expand too far (${err.message})`);
    return { file, diagnostics };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.error('rackshift:file/not-a-site', [], 'not a rackshift site: expected a mapping with apiVersion rackshift.dev/v1alpha1 and kind Site');
    return { file, diagnostics };
  }
  const record = data as Record<string, unknown>;
  if (record.kind !== 'Site' || record.apiVersion !== 'rackshift.dev/v1alpha1') {
    const found = `apiVersion ${JSON.stringify(record.apiVersion ?? null)}, kind ${JSON.stringify(record.kind ?? null)}`;
    diagnostics.error('rackshift:file/not-a-site', ['kind'], `not a rackshift site (${found}); expected apiVersion rackshift.dev/v1alpha1, kind Site`);
    return { file, diagnostics };
  }
  // A credential anywhere in a site file would be copied into generated files, plans and logs:
  // refused at load, naming the field and never the value.
  const secrets = secretFields(record);
  for (const path of secrets) diagnostics.error('rackshift:file/secret', path, 'holds a credential (a URL with user info, a token or a private key); the value is not shown. Keep credentials in Secrets, never in the site file');
  if (secrets.length > 0) return { file, diagnostics };
  // reportInput: messages quote the offending value ("got -3").
  const parsed = SiteFileSpec.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) reportIssue(diagnostics, issue);
    const rest = salvage(data, parsed.error.issues);
    return { file, diagnostics, ...(rest ? { salvaged: { salvage: rest, locate } } : {}) };
  }
  return { file, spec: parsed.data, diagnostics };
}

function reportIssue(diagnostics: Diagnostics, issue: z.core.$ZodIssue): void {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(SiteFileSpec, path);
    for (const key of issue.keys) diagnostics.error('rackshift:schema/unknown-key', [...path, key], `unknown field "${key}"${didYouMean(key, known)}`);
    return;
  }
  diagnostics.error('rackshift:schema/invalid', path, describeIssue(issue));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `required field is missing (expected ${issue.expected})`;
      // A fraction where a whole number belongs: the schema's own message says so.
      if (issue.expected === 'int' && typeof issue.input === 'number') return `${issue.message}; got ${shortValue(issue.input)}`;
      return `expected ${issue.expected}, got ${typeName(issue.input)} ${shortValue(issue.input)}`.trim();
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; got ${shortValue(issue.input)}${typeof issue.input === 'string' ? didYouMean(issue.input, issue.values.map(String)) : ''}`;
    case 'too_small':
    case 'too_big':
      return issue.input !== undefined && typeof issue.input !== 'object' ? `${issue.message}; got ${shortValue(issue.input)}` : issue.message;
    default:
      return issue.input !== undefined && typeof issue.input !== 'object' ? `${issue.message}; got ${shortValue(issue.input)}` : issue.message;
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return typeof v;
}

function shortValue(v: unknown): string {
  if (v === undefined || (typeof v === 'object' && v !== null)) return '';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

/**
 * Finds the line and column of a field path in the YAML document: the key of the deepest
 * pair that exists (so a missing field points at its parent, an unknown key at itself).
 */
function makeLocator(doc: Document, lc: LineCounter): Locator {
  return (path) => {
    let node: Node | null | undefined = doc.contents as Node | null;
    let offset = node?.range?.[0];
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === part);
        if (!pair) break;
        const key = pair.key as Node;
        offset = key.range?.[0] ?? offset;
        node = pair.value as Node | null;
      } else if (isSeq(node) && typeof part === 'number') {
        const item = node.items[part] as Node | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else {
        break;
      }
    }
    if (offset === undefined) return undefined;
    const pos = lc.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
}

/** Paths of string values (and keys) that hold a credential; spec.gitops.repoURL has its own rule (gitops.ts). */
function secretFields(root: Record<string, unknown>): (string | number)[][] {
  const found: (string | number)[][] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0 && found.length < 20) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      // A one-line repoURL is gitops.ts's to refuse (its message points to Argo CD's repository
      // Secret); one that spans lines (a pasted key) never gets that far, so it is refused here.
      if (holdsSecret(value) && (formatPathKey(path) !== 'spec.gitops.repoURL' || /[\r\n]/.test(value))) found.push(path);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (holdsSecret(k)) found.push(path);
        else stack.push({ value: v, path: [...path, k] });
      }
    }
  }
  return found.sort((a, b) => formatPathKey(a).localeCompare(formatPathKey(b)));
}

const formatPathKey = (path: readonly (string | number)[]) => path.join('.');
