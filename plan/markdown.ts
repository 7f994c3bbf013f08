/**
 * The plan as Markdown for a pull-request comment, rendered from the structured plan only:
 * summary line, banner, then per changed site its budget tables, warnings, changes grouped
 * target → kind (diff fences, folded when long) and the assumptions; unchanged sites get one
 * line. The output is a list of blocks so the size limit (fit-comment.ts) can cut whole groups.
 */
import { compactNames } from './compact-names';
import { formatChange, formatNumber, formatPct } from './format';
import type { BudgetTable, Metric, Plan, ResourceChange, SitePlan } from './plan-types';

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
  // One changed site: its own numbers (headroom included); several: the sums.
  const metrics = changed.length === 1 ? changed[0]!.metrics : plan.metrics;
  const assumptions = changed.flatMap(assumptionParts);
  return [`**${countText(plan.counts)}**`, ...metricParts(metrics), ...(changed.length === 1 ? assumptions : [])].join(' · ');
}

function siteLine(site: SitePlan): string {
  return [countText(site.counts), ...metricParts(site.metrics), ...assumptionParts(site)].join(' · ');
}

function metricParts(metrics: readonly Metric[]): string[] {
  return metrics.filter((m) => ALWAYS.has(m.key) || m.old !== m.new).map((m) => `${m.label} ${formatChange(m.old, m.new, m.unit)}`);
}

/** Economics assumptions whose value moved (an edited hashprice, power price, rate): named on the summary line. */
function assumptionParts(site: SitePlan): string[] {
  const rows = site.budgets.find((t) => t.key === 'economics')?.rows ?? [];
  return rows
    .filter((r) => r.status === 'changed' && r.cells['value']!.old !== r.cells['value']!.new)
    .map((r) => {
      const { old, new: now } = r.cells['value']!;
      const unit = r.cells['unit']?.new;
      const show = (v: number | string | null) => (typeof v === 'number' ? formatNumber(v) : String(v ?? '—'));
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
    const name = r.status === 'added' ? `**${r.name}** (new)` : r.status === 'removed' ? `~~${r.name}~~ (removed)` : r.status === 'changed' ? `**${r.name}**` : r.name;
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
  const lines = sorted.flatMap(changeLines);
  const fence = fenced(lines);
  const text = lines.length > FOLD_LINES ? `<details><summary><b>${escapeInline(title)}</b>: ${parts}</summary>\n\n${fence}\n</details>` : `**${escapeInline(title)}**: ${parts}\n${fence}`;
  const names = compactNames(g.changes.map((c) => `${ACTION_SIGN[c.action]}${c.namespace ? `${c.namespace}/` : ''}${c.name}`));
  const listed = `**${escapeInline(title)}**: ${parts}. Left out of this comment (too long); ${leftOut}. Addresses: ${names.map((n) => `\`${n}\``).join(', ')}`;
  const counted = `**${escapeInline(title)}**: ${parts}. Left out of this comment (too long); ${leftOut}.`;
  return { text, cutRank: 0, cuts: [listed, counted] };
}

const ACTION_SIGN = { create: '+', update: '~', delete: '-' } as const;

function changeLines(c: ResourceChange): string[] {
  const id = `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`;
  if (c.action === 'delete') return [`- ${id}`];
  const out = [`${ACTION_SIGN[c.action]} ${id}`];
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

function escapeInline(s: string): string {
  return s.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

function escapeCell(s: string): string {
  return escapeInline(s).replace(/\|/g, '\\|');
}
