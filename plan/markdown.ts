/**
 * The plan as Markdown for a pull-request comment, rendered from the structured plan only:
 * summary line, banner, then per changed site its budget tables, warnings, changes grouped
 * target → kind (diff fences, folded when long) and the assumptions; unchanged sites get one
 * line. The output is a list of blocks so the size limit (fit-comment.ts) can cut whole groups.
 */
import { compactNames } from './compact-names';
import { formatChange, formatNumber, formatPct } from './format';
import type { BudgetTable, Metric, MirrorNote, Plan, ResourceChange, SitePlan } from './plan-types';
import { REDACTED } from '../lib/redact';
import { markdownCell, markdownText } from '../lib/markdown';

export const PLAN_MARKER = 'rackshift-plan';

/** A piece of the comment. `cuts` are ever shorter stand-ins used when the comment is too long. */
export interface Block {
  readonly text: string;
  /** Blocks that always stay (marker, summary line, banner). */
  readonly keep?: boolean;
  /** Stand-ins, longest first: the last one is the shortest acceptable form. */
  readonly cuts?: readonly string[];
  /** Cutting order: lower goes first (0 change groups, 1 budgets, 2 the rest). */
  readonly cutRank?: number;
}

/** Lines in a fence above which a group is folded into <details>. */
const FOLD_LINES = 12;
/** Tables with more rows than this show only the rows that changed. */
const FULL_TABLE_ROWS = 20;
/** Headline numbers always on the summary line; others only when they moved. */
const ALWAYS = new Set(['gpus', 'aiItMW', 'worstCaseHeadroomMW', 'miningCurtailedMW']);

export interface MarkdownOptions {
  /** Where the full plan can be read, named in every "left out" note. */
  readonly fullPlan?: string;
}

export function planBlocks(plan: Plan, opts: MarkdownOptions = {}): Block[] {
  const blocks: Block[] = [];
  const changed = plan.sites.filter((s) => s.status !== 'unchanged');
  const unchanged = plan.sites.filter((s) => s.status === 'unchanged');
  blocks.push({ keep: true, text: `<!-- ${PLAN_MARKER} sites=${plan.sites.map((s) => s.name).join(',')} -->\n## rackshift plan` });
  blocks.push({ keep: true, text: summaryLine(plan, changed) });
  if (plan.notes.length > 0) blocks.push({ keep: true, text: `> [!NOTE]\n${plan.notes.map((n) => `> ${escapeInline(n)}`).join('\n')}` });
  const risks = plan.sites.flatMap((s) => s.risks);
  if (risks.length > 0) {
    const many = plan.sites.length > 1;
    const lines = risks.map((r) => `> - ${many ? `**${r.site}**: ` : ''}${escapeInline(r.message)}`);
    blocks.push({ keep: true, text: `> [!CAUTION]\n> **${risks.length} destructive or risky change${risks.length === 1 ? '' : 's'}: review before merging**\n${lines.join('\n')}` });
  }
  blocks.push({ keep: true, text: `<sub>base \`${plan.base}\` → head \`${plan.head}\`</sub>` });

  const leftOut = opts.fullPlan ? `see the full plan: ${opts.fullPlan}` : 'see the full plan (rackshift plan --out FILE)';
  for (const site of changed) {
    blocks.push({ keep: true, text: `### ${site.name} · ${site.status}${changed.length > 1 ? `\n${siteLine(site)}` : ''}` });
    const tables = visibleTables(site);
    for (const t of tables) blocks.push({ text: renderTable(t), cutRank: 1, cuts: [`**${t.title}**: left out of this comment (too long); ${leftOut}.`] });
    const quiet = site.budgets.filter((t) => !tables.includes(t) && t.rows.length > 0).map((t) => t.title.replace(/ \(.*\)$/, ''));
    if (quiet.length > 0) blocks.push({ text: `<sub>Unchanged: ${quiet.join(', ')}.</sub>`, cutRank: 2, cuts: [''] });
    if (site.warnings.added.length + site.warnings.resolved.length > 0) {
      const lines = [...site.warnings.added.map((w) => `- new: \`${w.rule}\` ${escapeInline(w.message)}`), ...site.warnings.resolved.map((w) => `- resolved: \`${w.rule}\` ${escapeInline(w.message)}`)];
      blocks.push({ text: `**Warnings**\n${lines.join('\n')}`, cutRank: 2, cuts: [`**Warnings**: ${site.warnings.added.length} new, ${site.warnings.resolved.length} resolved; ${leftOut}.`] });
    }
    if (site.changes.length > 0) {
      blocks.push({ keep: true, text: `#### Changes (${countText(site.counts)})` });
      for (const group of groupChanges(site.changes)) blocks.push(groupBlock(group, leftOut));
      if (site.mirrors.length > 0) blocks.push({ keep: true, text: mirrorLine(site.mirrors) });
    } else {
      blocks.push({ keep: true, text: `<sub>No object changes: ${formatNumber(site.counts.unchanged)} objects and files unchanged.</sub>` });
    }
    const assumptions = site.assumptions.map((a) => `- ${escapeInline(a.text)}`).join('\n');
    blocks.push({ text: `<details><summary>Assumptions behind these numbers</summary>\n\n${assumptions}\n</details>`, cutRank: 2, cuts: [''] });
  }
  if (unchanged.length > 0) {
    const list = unchanged.map((s) => `\`${s.name}\` (${formatNumber(s.counts.unchanged)} objects)`).join(', ');
    blocks.push({ text: `**No changes** in ${unchanged.length} site${unchanged.length === 1 ? '' : 's'}: ${list}.`, cutRank: 2, cuts: [`**No changes** in ${unchanged.length} site${unchanged.length === 1 ? '' : 's'}.`] });
  }
  return blocks;
}

export function joinBlocks(blocks: readonly Block[]): string {
  return `${blocks.map((b) => b.text).filter((t) => t !== '').join('\n\n')}\n`;
}

export function renderMarkdown(plan: Plan, opts: MarkdownOptions = {}): string {
  return joinBlocks(planBlocks(plan, opts));
}

function summaryLine(plan: Plan, changed: readonly SitePlan[]): string {
  if (!plan.hasChanges) return `**No changes.** ${plan.sites.length} site${plan.sites.length === 1 ? '' : 's'}, ${formatNumber(plan.counts.unchanged)} objects and files unchanged.`;
  // What changed in the site's terms first (tenants, pools, feeds), then the headline numbers
  // that moved; one changed site gives its own numbers (headroom included), several the sums.
  const metrics = changed.length === 1 ? changed[0]!.metrics : plan.metrics;
  const domain = changed.flatMap((s) => domainParts(s, changed.length > 1));
  const assumptions = changed.length === 1 ? assumptionParts(changed[0]!) : [];
  const parts = [...domain, ...assumptions];
  const shown = parts.slice(0, MAX_SUMMARY_PARTS);
  if (parts.length > shown.length) shown.push(`${parts.length - shown.length} more below`);
  const numbers = metricParts(metrics).slice(0, Math.max(2, MAX_SUMMARY_PARTS - shown.length));
  return [`**${countText(plan.counts)}**`, ...shown, ...numbers].join(' · ');
}

/** Domain changes on the summary line, and how many headline numbers follow them at most. */
const MAX_SUMMARY_PARTS = 8;

/** `tenant zephyr-ai added (256 GPUs on h100-a)`, `pool h100-a 768 → 800 nodes`, `feed sub-c added (40 MW)`. */
function domainParts(site: SitePlan, named: boolean): string[] {
  const at = named ? ` at ${site.name}` : '';
  const rows = (key: string) => site.budgets.find((t) => t.key === key)?.rows.filter((r) => r.status !== 'unchanged') ?? [];
  const n = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : escapeInline(String(v ?? '—')));
  if (site.status === 'added' || site.status === 'removed') {
    const count = (key: string, what: string) => `${formatNumber(rows(key).length)} ${what}${rows(key).length === 1 ? '' : 's'}`;
    return [`site **${site.name}** ${site.status} (${count('tenants', 'tenant')}, ${count('pools', 'pool')})`];
  }
  const out: string[] = [];
  for (const r of rows('tenants')) {
    const gpus = r.cells['gpus']!;
    const pool = r.cells['pool']!;
    if (r.status === 'added') out.push(`tenant **${r.name}** added${at} (${n(gpus.new)} GPUs on ${n(pool.new)})`);
    else if (r.status === 'removed') out.push(`tenant **${r.name}** removed${at} (${n(gpus.old)} GPUs)`);
    else if (gpus.old !== gpus.new) out.push(`tenant **${r.name}** resized${at} ${n(gpus.old)} → ${n(gpus.new)} GPUs`);
    else if (pool.old !== pool.new) out.push(`tenant **${r.name}** moved${at} ${n(pool.old)} → ${n(pool.new)}`);
  }
  for (const r of rows('pools')) {
    const nodes = r.cells['nodes']!;
    if (r.status === 'added') out.push(`pool **${r.name}** added${at} (${n(nodes.new)} nodes)`);
    else if (r.status === 'removed') out.push(`pool **${r.name}** removed${at} (${n(nodes.old)} nodes)`);
    else if (nodes.old !== nodes.new) out.push(`pool **${r.name}** ${(nodes.new as number) > (nodes.old as number) ? 'grown' : 'shrunk'}${at} ${n(nodes.old)} → ${n(nodes.new)} nodes`);
  }
  for (const r of rows('feeds')) {
    const mw = r.cells['nameplateMW']!;
    if (r.status === 'added') out.push(`feed **${r.name}** added${at} (${n(mw.new)} MW)`);
    else if (r.status === 'removed') out.push(`feed **${r.name}** removed${at} (${n(mw.old)} MW)`);
    else out.push(`feed **${r.name}** changed${at} ${n(mw.old)} → ${n(mw.new)} MW`);
  }
  return out;
}

function siteLine(site: SitePlan): string {
  return [countText(site.counts), ...metricParts(site.metrics), ...assumptionParts(site)].join(' · ');
}

/** Which moved numbers a reviewer needs first when the summary line has room for only some. */
const PRIORITY = ['gpus', 'aiItMW', 'worstCaseHeadroomMW', 'aiRevenuePerMonth', 'aiInstalledRevenuePerMonth', 'miningRevenuePerMonth', 'powerCostPerMonth', 'marginPerMonth', 'totalLoadMW', 'miningCurtailedMW', 'nodes', 'racks', 'miners', 'hashratePHs'];

/** Headline numbers: GPUs always, then those that moved (most important first), then the always-shown rest. */
function metricParts(metrics: readonly Metric[]): string[] {
  const rank = (m: Metric) => (PRIORITY.indexOf(m.key) + 100) % 100;
  const moved = metrics.filter((m) => m.old !== m.new).sort((a, b) => rank(a) - rank(b));
  const still = metrics.filter((m) => ALWAYS.has(m.key) && m.old === m.new);
  const gpus = still.filter((m) => m.key === 'gpus');
  return [...gpus, ...moved, ...still.filter((m) => m.key !== 'gpus')].map((m) => `${m.label} ${formatChange(m.old, m.new, m.unit)}`);
}

/** Economics assumptions whose value moved (an edited hashprice, power price, rate): named on the summary line. */
function assumptionParts(site: SitePlan): string[] {
  const rows = site.budgets.find((t) => t.key === 'economics')?.rows ?? [];
  return rows
    .filter((r) => r.status === 'changed' && r.cells['value']!.old !== r.cells['value']!.new)
    .map((r) => {
      const { old, new: now } = r.cells['value']!;
      const unit = r.cells['unit']?.new;
      const show = (v: number | string | null) => (typeof v === 'number' ? formatNumber(v) : escapeInline(String(v ?? '—')));
      const pct = typeof old === 'number' && typeof now === 'number' && old !== 0 ? ` (${formatPct(((now - old) / Math.abs(old)) * 100)})` : '';
      return `assumption ${r.name} ${show(old)} → ${show(now)}${unit && unit !== '—' ? ` ${unit}` : ''}${pct}`;
    });
}

function countText(c: { add: number; change: number; destroy: number }): string {
  return `+${formatNumber(c.add)} to add, ~${formatNumber(c.change)} to change, -${formatNumber(c.destroy)} to destroy`;
}

function visibleTables(site: SitePlan): BudgetTable[] {
  const always = new Set(['feedGroups', 'zones', 'tenants', 'money']);
  return site.budgets.filter((t) => t.rows.length > 0 && (t.rows.some((r) => r.status !== 'unchanged') || (always.has(t.key) && site.status !== 'unchanged')));
}

function renderTable(t: BudgetTable): string {
  const moved = t.rows.filter((r) => r.status !== 'unchanged');
  const rows = t.rows.length > FULL_TABLE_ROWS ? moved : t.rows;
  const head = `| ${t.title.includes('tier') ? 'tier' : 'name'} | ${t.columns.map((c) => `${c.label}${c.unit ? ` (${c.unit})` : ''}`).join(' | ')} |`;
  // Numbers right-aligned, words left.
  const numeric = (key: string) => t.rows.some((r) => typeof r.cells[key]?.new === 'number' || typeof r.cells[key]?.old === 'number');
  const rule = `|---|${t.columns.map((c) => (numeric(c.key) ? '---:' : '---')).join('|')}|`;
  const body = rows.map((r) => {
    const label = escapeCell(r.name);
    const name = r.status === 'added' ? `**${label}** (new)` : r.status === 'removed' ? `~~${label}~~ (removed)` : r.status === 'changed' ? `**${label}**` : label;
    const cells = t.columns.map((c) => {
      const { old, new: now } = r.cells[c.key]!;
      if (typeof old === 'string' || typeof now === 'string') {
        const text = r.status === 'added' ? String(now) : r.status === 'removed' ? String(old) : old === now ? String(now) : `${old ?? '—'} → ${now ?? '—'}`;
        return old === now || r.status !== 'changed' ? escapeCell(text) : `**${escapeCell(text)}**`;
      }
      // MW and dollars get their own number format; the unit itself is in the heading.
      const unit = c.unit === 'MW' ? 'MW' : c.unit?.startsWith('USD') ? 'USD' : '';
      const text = r.status === 'added' ? formatNumber(now ?? 0, unit).replace(/ MW/, '') : r.status === 'removed' ? `${formatNumber(old ?? 0, unit === 'USD' ? unit : '')} → —` : formatChange(old, now, unit).replace(/ MW/, '');
      return old !== now && r.status === 'changed' ? `**${text}**` : text;
    });
    return `| ${name} | ${cells.join(' | ')} |`;
  });
  const note = rows.length < t.rows.length ? `\n<sub>${t.rows.length - rows.length} unchanged rows not shown.</sub>` : '';
  return `**${t.title}**\n\n${head}\n${rule}\n${body.join('\n')}${note}`;
}

interface Group {
  readonly target: string;
  readonly kind: string;
  readonly cluster?: string;
  readonly changes: readonly ResourceChange[];
}

function groupChanges(changes: readonly ResourceChange[]): Group[] {
  const groups = new Map<string, ResourceChange[]>();
  for (const c of changes) {
    const key = `${c.target}\u0000${c.kind}`;
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
  }
  return [...groups.entries()].map(([key, list]) => {
    const [target, kind] = key.split('\u0000') as [string, string];
    // One target folder is one cluster role, so a group lands in one cluster.
    return { target, kind, ...(list[0]!.cluster ? { cluster: list[0]!.cluster } : {}), changes: list };
  });
}

const ACTION_ORDER = { delete: 0, update: 1, create: 2 } as const;

function groupBlock(g: Group, leftOut: string): Block {
  const counts = { add: 0, change: 0, destroy: 0 };
  for (const c of g.changes) {
    if (c.action === 'create') counts.add++;
    else if (c.action === 'update') counts.change++;
    else counts.destroy++;
  }
  const parts = [counts.add ? `${formatNumber(counts.add)} to add` : '', counts.change ? `${formatNumber(counts.change)} to change` : '', counts.destroy ? `${formatNumber(counts.destroy)} to destroy` : ''].filter(Boolean).join(', ');
  const title = `${g.target === '.' ? '' : `${g.target} › `}${g.kind}${g.cluster ? ` → ${g.cluster}` : ''}`;
  const sorted = [...g.changes].sort((a, b) => ACTION_ORDER[a.action] - ACTION_ORDER[b.action]);
  // Secrets whose content changed say so once, by name: their values are never shown.
  const hidden = sorted.filter(secretContentOnly);
  const lines = sorted.filter((c) => !hidden.includes(c)).flatMap(changeLines);
  const byFields = new Map<string, ResourceChange[]>();
  for (const c of hidden) {
    const key = (c.fields ?? []).map((f) => `${'old' in f ? ('new' in f ? '' : '-') : '+'}${f.path}`).join(', ');
    byFields.set(key, [...(byFields.get(key) ?? []), c]);
  }
  for (const [fields, list] of [...byFields].reverse()) {
    lines.unshift(`~ ${list.length === 1 ? 'Secret' : `${formatNumber(list.length)} Secrets`} ${compactNames(list.map((c) => `${c.namespace ? `${c.namespace}/` : ''}${c.name}`)).join(', ')}: content changed (secret, not shown): ${fields}`);
  }
  const fence = fenced(lines);
  const text = lines.length > FOLD_LINES ? `<details><summary><b>${escapeInline(title)}</b>: ${parts}</summary>\n\n${fence}\n</details>` : `**${escapeInline(title)}**: ${parts}\n${fence}`;
  const names = compactNames(g.changes.map((c) => `${ACTION_SIGN[c.action]}${c.namespace ? `${c.namespace}/` : ''}${c.name}`));
  const listed = `**${escapeInline(title)}**: ${parts}. Left out of this comment (too long); ${leftOut}. Addresses: ${names.map((n) => `\`${n}\``).join(', ')}`;
  const counted = `**${escapeInline(title)}**: ${parts}. Left out of this comment (too long); ${leftOut}.`;
  return { text, cutRank: 0, cuts: [listed, counted] };
}

const ACTION_SIGN = { create: '+', update: '~', delete: '-' } as const;

/** An update of a Secret that changes only redacted values: nothing to show but that it changed. */
function secretContentOnly(c: ResourceChange): boolean {
  return c.kind === 'Secret' && c.action === 'update' && (c.fields ?? []).length > 0 && (c.fields ?? []).every((f) => (!('old' in f) || f.old === REDACTED) && (!('new' in f) || f.new === REDACTED));
}

/** Terraform and Pulumi renderings that change the same objects as kubernetes/. */
function mirrorLine(mirrors: readonly MirrorNote[]): string {
  const names = mirrors.map((m) => `${m.target} (${m.files.map((f) => `\`${f}\``).join(', ')})`).join(' and ');
  const n = mirrors[0]!.objects;
  return `<sub>${names} ${mirrors.length === 1 ? 'changes' : 'change'} the same ${formatNumber(n)} object${n === 1 ? '' : 's'} as kubernetes/ above; not shown again.</sub>`;
}

function changeLines(c: ResourceChange): string[] {
  const id = `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`;
  if (c.action === 'delete') return [`- ${id}`];
  const out = [`${ACTION_SIGN[c.action]} ${id}${c.like ? ` as ${c.like}${(c.fields ?? []).length === 0 ? ', names aside' : ', names aside, except:'}` : ''}`];
  if (c.hunks) {
    for (const h of c.hunks) {
      if (c.action === 'update') out.push(`@@ -${h.oldStart} +${h.newStart} @@`);
      out.push(...h.lines.map((l) => (l.startsWith(' ') ? ` ${l}` : `${l[0]}${l.length > 1 ? ` ${l.slice(1)}` : ''}`)));
    }
  }
  for (const f of c.fields ?? []) {
    const hasOld = 'old' in f;
    const hasNew = 'new' in f;
    if (hasOld && hasNew && typeof f.old === 'string' && typeof f.new === 'string' && (f.old.includes('\n') || f.new.includes('\n'))) {
      out.push(`~     ${f.path}: |`);
      const a = f.old.split('\n');
      const b = f.new.split('\n');
      const bSet = new Set(b);
      const aSet = new Set(a);
      for (const l of a) if (!bSet.has(l)) out.push(`-       ${l}`);
      for (const l of b) if (!aSet.has(l)) out.push(`+       ${l}`);
      continue;
    }
    if (hasOld) out.push(...valueLines('-', f.path, f.old));
    if (hasNew) out.push(...valueLines('+', f.path, f.new));
  }
  return out;
}

function valueLines(sign: string, path: string, value: unknown): string[] {
  if (typeof value === 'string' && value.includes('\n')) return [`${sign}     ${path}: |`, ...value.replace(/\n$/, '').split('\n').map((l) => `${sign}       ${l}`)];
  return [`${sign}     ${path}: ${showValue(value)}`];
}

function showValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return '[]';
  if (v !== null && typeof v === 'object') return '{}';
  return String(v);
}

/** A fence that cannot be closed by the content: longer than any backtick run inside. */
function fenced(lines: readonly string[]): string {
  let longest = 2;
  for (const l of lines) for (const m of l.matchAll(/`{3,}/g)) longest = Math.max(longest, m[0].length);
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}diff\n${lines.join('\n')}\n${ticks}`;
}

const escapeInline = (s: string) => markdownText(s);
const escapeCell = (s: string) => markdownCell(s);
