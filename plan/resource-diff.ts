/**
 * The resource half of a plan: every object and file of one site, base against head, keyed
 * by target folder → kind → namespace/name. Only documents whose text differs are parsed
 * (lib/yaml-documents.ts).
 */
import { readYamlDocument } from '../lib/yaml-documents';
import { splitSiteFiles, targetOf, type ObjectDocument } from './documents';
import { diffHunks } from './line-diff';
import { diffObject, objectFields } from './object-diff';
import type { ChangeAction, LineHunk, ResourceChange } from './plan-types';
import { REDACTED, redactLine } from '../lib/redact';
import { indexChanges, indexMirror, mirrorTarget, sameChanges, type ObjectIndex } from './mirrors';
import type { MirrorNote } from './plan-types';
import { TemplateFinder } from './templates';

export interface SiteResourceDiff {
  readonly changes: ResourceChange[];
  /** Objects and files identical on both sides. */
  readonly unchanged: number;
  /** Terraform and Pulumi files that change exactly the objects kubernetes/ changes. */
  readonly mirrors: MirrorNote[];
}

interface ParsedObject {
  readonly key: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly file: string;
  readonly value: unknown;
}

const EMPTY = new Map<string, string>();

export function diffSiteResources(site: string, baseFiles: ReadonlyMap<string, string> = EMPTY, headFiles: ReadonlyMap<string, string> = EMPTY): SiteResourceDiff {
  // Files identical on both sides are not even split: count what they hold and move on.
  let unchanged = 0;
  const changedBase = new Map<string, string>();
  const changedHead = new Map<string, string>(headFiles);
  for (const [path, text] of baseFiles) {
    if (headFiles.get(path) === text) {
      unchanged += countEntries(path, text);
      changedHead.delete(path);
    } else changedBase.set(path, text);
  }
  const base = splitSiteFiles(changedBase);
  const head = splitSiteFiles(changedHead);
  const changes: ResourceChange[] = [];

  const targets = [...new Set([...base.objects.keys(), ...head.objects.keys()])].sort();
  const sides = targets.map((target) => {
    const { onlyBase, onlyHead, same } = cancelIdentical(base.objects.get(target) ?? [], head.objects.get(target) ?? []);
    unchanged += same;
    return { target, before: keyed(onlyBase), after: keyed(onlyHead) };
  });
  const created = new Set<string>();
  for (const { before, after } of sides) for (const [key] of after) if (!before.has(key)) created.add(key.replace(/#\d+$/, ''));
  const templates = new TemplateFinder(headFiles, created);
  for (const { target, before, after } of sides) {
    for (const [key, obj] of after) {
      const old = before.get(key);
      if (!old) {
        const like = templates.find(target, obj.kind, obj.value as Record<string, unknown>);
        changes.push({ ...change(site, target, obj, 'create', like ? like.fields : objectFields(obj.kind, obj.value)), ...(like ? { like: like.like } : {}) });
        continue;
      }
      const fields = diffObject(obj.kind, old.value, obj.value);
      if (fields.length === 0) unchanged++;
      else changes.push(change(site, target, obj, 'update', fields));
    }
    for (const [key, obj] of before) if (!after.has(key)) changes.push(change(site, target, obj, 'delete'));
  }

  const paths = [...new Set([...base.files.keys(), ...head.files.keys()])].sort();
  const mirrored = new Map<'terraform' | 'pulumi', { files: string[]; base: ObjectIndex; head: ObjectIndex; readable: boolean }>();
  for (const path of paths) {
    const a = base.files.get(path);
    const b = head.files.get(path);
    if (a === b) {
      unchanged++;
      continue;
    }
    const action: ChangeAction = a === undefined ? 'create' : b === undefined ? 'delete' : 'update';
    const mirror = mirrorTarget(path);
    if (mirror) {
      const m = mirrored.get(mirror) ?? { files: [] as string[], base: new Map() as ObjectIndex, head: new Map() as ObjectIndex, readable: true };
      mirrored.set(mirror, m);
      m.files.push(path);
      const ia = a === undefined ? (new Map() as ObjectIndex) : indexMirror(mirror, a);
      const ib = b === undefined ? (new Map() as ObjectIndex) : indexMirror(mirror, b);
      if (!ia || !ib) m.readable = false;
      else {
        for (const [k, v] of ia) m.base.set(k, v);
        for (const [k, v] of ib) m.head.set(k, v);
      }
    }
    changes.push({
      address: `${site}/${targetOf(path)}/File/${path}`,
      site,
      target: targetOf(path),
      kind: 'File',
      name: path,
      action,
      file: path,
      ...(action === 'delete' ? {} : { hunks: fileHunks(a ?? '', b!) }),
    });
  }
  const mirrors = collapseMirrors(changes, mirrored);
  changes.sort(byAddress);
  return { changes: changes.filter((c) => !(c.kind === 'File' && mirrors.some((m) => m.files.includes(c.name)))), unchanged, mirrors };
}

/** Mirrored files whose object changes are exactly kubernetes/'s become one note each. */
function collapseMirrors(changes: readonly ResourceChange[], mirrored: ReadonlyMap<'terraform' | 'pulumi', { files: string[]; base: ObjectIndex; head: ObjectIndex; readable: boolean }>): MirrorNote[] {
  const k8s = new Map<string, ChangeAction>();
  for (const c of changes) if (c.target === 'kubernetes' && c.kind !== 'File') k8s.set(`${c.kind}/${c.namespace ?? ''}/${c.name}`, c.action);
  const notes: MirrorNote[] = [];
  for (const [target, m] of mirrored) {
    if (!m.readable || !sameChanges(indexChanges(m.base, m.head), k8s)) continue;
    notes.push({ target, files: m.files, objects: k8s.size });
  }
  return notes;
}

/** Objects in a YAML file (one per top-level `kind:`), or 1 for any other file. */
function countEntries(path: string, text: string): number {
  if (!/\.ya?ml$/.test(path)) return 1;
  return Math.max(1, text.match(/^kind:/gm)?.length ?? 0);
}

/**
 * Drops documents whose text is on both sides (as many times as it is on both). Most
 * documents sit at the same place of the same file on both sides: those are compared
 * directly; only the rest go through a map of texts.
 */
function cancelIdentical(base: readonly ObjectDocument[], head: readonly ObjectDocument[]) {
  const place = (d: ObjectDocument, i: number) => `${d.file}\u0000${i}`;
  const baseAt = new Map<string, ObjectDocument>();
  const perFile = new Map<string, number>();
  for (const d of base) {
    const i = perFile.get(d.file) ?? 0;
    perFile.set(d.file, i + 1);
    baseAt.set(place(d, i), d);
  }
  perFile.clear();
  let same = 0;
  const matched = new Set<ObjectDocument>();
  const restHead: ObjectDocument[] = [];
  for (const d of head) {
    const i = perFile.get(d.file) ?? 0;
    perFile.set(d.file, i + 1);
    const twin = baseAt.get(place(d, i));
    if (twin && twin.text === d.text) {
      matched.add(twin);
      same++;
    } else restHead.push(d);
  }
  const counts = new Map<string, number>();
  for (const d of base) if (!matched.has(d)) counts.set(d.text, (counts.get(d.text) ?? 0) + 1);
  const onlyHead: ObjectDocument[] = [];
  for (const d of restHead) {
    const c = counts.get(d.text) ?? 0;
    if (c > 0) {
      counts.set(d.text, c - 1);
      same++;
    } else onlyHead.push(d);
  }
  const onlyBase: ObjectDocument[] = [];
  for (const d of base) {
    if (matched.has(d)) continue;
    const c = counts.get(d.text) ?? 0;
    if (c > 0) {
      counts.set(d.text, c - 1);
      onlyBase.push(d);
    }
  }
  return { onlyBase, onlyHead, same };
}

function keyed(docs: readonly ObjectDocument[]): Map<string, ParsedObject> {
  const out = new Map<string, ParsedObject>();
  for (const d of docs) {
    let value: Record<string, unknown>;
    try {
      value = readYamlDocument(d.text) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`${d.file}: cannot parse YAML (${(err as Error).message.split('\n')[0]})`);
    }
    const metadata = (value.metadata ?? {}) as Record<string, unknown>;
    const kind = String(value.kind);
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
    const name = typeof metadata.name === 'string' ? metadata.name : `(unnamed in ${d.file})`;
    let key = `${kind}/${namespace ?? ''}/${name}`;
    // The same kind/namespace/name twice in one target (two API groups): keep both apart.
    for (let n = 2; out.has(key); n++) key = `${kind}/${namespace ?? ''}/${name}#${n}`;
    out.set(key, { key, kind, ...(namespace ? { namespace } : {}), name: key.includes('#') ? `${name}${key.slice(key.indexOf('#'))}` : name, file: d.file, value });
  }
  return out;
}

function change(site: string, target: string, obj: ParsedObject, action: ChangeAction, fields?: ResourceChange['fields']): ResourceChange {
  return {
    address: `${site}/${target}/${obj.kind}/${obj.namespace ? `${obj.namespace}/` : ''}${obj.name}`,
    site,
    target,
    kind: obj.kind,
    ...(obj.namespace ? { namespace: obj.namespace } : {}),
    name: obj.name,
    action,
    file: obj.file,
    ...(fields ? { fields } : {}),
  };
}

/** Line hunks of a file: diffed raw (so a changed secret still shows), displayed redacted. */
function fileHunks(a: string, b: string): LineHunk[] {
  const split = (t: string) => (t === '' ? [] : t.replace(/\n$/, '').split('\n'));
  const rawA = split(a);
  const rawB = split(b);
  if (!a.includes('-----BEGIN') && !b.includes('-----BEGIN')) {
    // No PEM blocks: each shown line can be redacted on its own, and only shown lines are.
    // Generated JSON repeats few distinct lines many times: each is redacted once.
    const shown = new Map<string, string>();
    const redacted = (line: string) => {
      let r = shown.get(line);
      if (r === undefined) shown.set(line, (r = redactLine(line)));
      return r;
    };
    return diffHunks(rawA, rawB, 2, (t, i, j) => redacted(t === '+' ? rawB[j]! : rawA[i]!));
  }
  const shownA = redactLines(rawA);
  const shownB = redactLines(rawB);
  return diffHunks(rawA, rawB, 2, (t, i, j) => (t === '-' ? shownA[i]! : shownB[j]!));
}

/** Line by line, and every line inside a PEM block. */
function redactLines(lines: readonly string[]): string[] {
  let inPem = false;
  return lines.map((line) => {
    if (/-----BEGIN [A-Z0-9 ]+-----/.test(line) && !/-----END /.test(line)) {
      inPem = true;
      return line.replace(/(-----BEGIN [A-Z0-9 ]+-----).*/, `$1 ${REDACTED}`);
    }
    if (inPem) {
      if (/-----END [A-Z0-9 ]+-----/.test(line)) inPem = false;
      return inPem ? REDACTED : line.replace(/.*(-----END [A-Z0-9 ]+-----)/, '$1');
    }
    return redactLine(line);
  });
}

/** Names in natural order (h100-a-9 before h100-a-10); one collator, not localeCompare per call. */
const NATURAL = new Intl.Collator('en', { numeric: true });

function byAddress(x: ResourceChange, y: ResourceChange): number {
  return NATURAL.compare(x.target, y.target) || NATURAL.compare(x.kind, y.kind) || NATURAL.compare(x.namespace ?? '', y.namespace ?? '') || NATURAL.compare(x.name, y.name);
}
