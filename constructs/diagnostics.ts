/**
 * Problems found in a site, with where they are. Validation never stops at the first problem:
 * every rule adds to a Diagnostics collection and the caller fails once, listing them all.
 */
import type { RuleId } from './rules';
import { showControls } from '../lib/text';
import { redactText } from '../lib/redact';
import { enUs } from '../lib/number-format';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  /** Stable rule id, e.g. `rackshift:power/tier-2n`. Warnings can be acknowledged by id. */
  readonly rule: string;
  /** Field path in the site file, e.g. `spec.gpuPools[1].zone`. */
  readonly path: string;
  readonly message: string;
  /** Where the value came from: file and 1-based line/column, when known. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** The cooling zone a capacity problem is about, so a what-if reads it typed (not from the path). */
  readonly zone?: string;
  /** Typed facts behind the message, for callers that act on it (sizing reads these, never the text). */
  readonly facts?: DiagnosticFacts;
}

/** What a rule was about, as data: which zone, pool or tier, and by how much it falls short. */
export interface DiagnosticFacts {
  readonly zone?: string;
  readonly pool?: string;
  readonly fleet?: string;
  readonly tenant?: string;
  readonly tier?: 'N' | 'N+1' | '2N';
  /** How far over the limit, in `unit` (always positive). */
  readonly short?: number;
  readonly unit?: 'MW' | 'kW' | 'racks' | 'nodes' | 'GPUs' | 'addresses';
}

/** Maps a field path to the place in the source file it came from. */
export type Locator = (path: readonly (string | number)[]) => { line: number; column: number } | undefined;

/** Names a field path for messages: `spec.gpuPools[1].zone` for a file, a construct path for a TypeScript-built site. */
export type PathNamer = (path: readonly (string | number)[]) => string;

/** `spec.gpuPools[1].zone` from `['spec', 'gpuPools', 1, 'zone']`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/**
 * One line per problem: `sites/x.yaml:14:7 spec.gpuPools[1].zone: no zone "hall-9" (zones: hall-1)`.
 * A message may quote a value from the file (an unknown key, a model id): control characters
 * in it are shown escaped (`\n`, `\x1b`), so it stays one line and never drives the terminal.
 */
export function formatDiagnostic(d: Diagnostic): string {
  // A place without a line (a file that cannot be read) still ends in a colon: `x.yaml: no such file`.
  const where = d.file ? (d.line ? `${d.file}:${d.line}:${d.column ?? 1} ` : `${d.file}: `) : '';
  const prefix = d.severity === 'warning' ? 'warning: ' : '';
  // Redacted (a message may quote a value, a URL with a token, and the line lands in CI logs),
  // then control characters shown escaped, never interpreted by the terminal.
  return showControls(redactText(`${where}${prefix}${d.path ? `${d.path}: ` : ''}${d.message}`));
}

/** Collects problems for one site file, placing each with the file's locator. */
export class Diagnostics {
  private readonly items: Diagnostic[] = [];

  constructor(
    readonly file?: string,
    private readonly locate?: Locator,
    private readonly namePath: PathNamer = formatPath,
  ) {}

  error(rule: RuleId, path: readonly (string | number)[], message: string, facts?: DiagnosticFacts): void {
    this.add('error', rule, path, message, undefined, facts);
  }

  warn(rule: RuleId, path: readonly (string | number)[], message: string, facts?: DiagnosticFacts): void {
    this.add('warning', rule, path, message, undefined, facts);
  }

  /** Where a field path is in the file, when known (the fleet step places problems across files with it). */
  place(path: readonly (string | number)[]): { line: number; column: number } | undefined {
    return this.locate?.(path);
  }

  /** `at` places the problem when the path cannot (e.g. a YAML syntax error). */
  add(severity: Severity, rule: RuleId, path: readonly (string | number)[], message: string, at?: { line: number; column: number }, facts?: DiagnosticFacts): void {
    const pos = at ?? this.locate?.(path);
    this.items.push({
      severity,
      rule,
      path: this.namePath(path),
      message,
      ...(this.file ? { file: this.file } : {}),
      ...(pos ? { line: pos.line, column: pos.column } : {}),
      ...(facts?.zone ? { zone: facts.zone } : {}),
      ...(facts ? { facts } : {}),
    });
  }

  /**
   * Adds a problem placed in another file than the site's (the delivery inventory), so it is
   * reported together with the site's problems but keeps its own file:line.
   */
  addAt(severity: Severity, rule: RuleId, path: string, message: string, at: { file: string; line?: number; column?: number }): void {
    this.items.push({
      severity,
      rule,
      path,
      message,
      file: at.file,
      ...(at.line ? { line: at.line, column: at.column ?? 1 } : {}),
    });
  }

  get all(): readonly Diagnostic[] {
    return this.items;
  }

  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }

  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }
}

/** Thrown when a site (or several) cannot be used; carries every problem found. */
export class SiteError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'SiteError';
  }
}

/** Wrong usage of the command line (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Rounds for messages: MW to 1 decimal (2 below 1 MW), kW to whole numbers. */
export function mw(x: number): string {
  const digits = Math.abs(x) < 1 ? 2 : 1;
  return `${x.toFixed(digits)} MW`;
}

export function kw(x: number): string {
  return `${enUs(Math.round(x))} kW`;
}
