import { basename } from 'node:path';
import { UsageError } from '../../constructs/diagnostics';
import { writeFileAtomically as writeAtomic } from '../../lib/fs';
import { stableJson } from '../../lib/json';
import { buildPlan, DEFAULT_HEADROOM_THRESHOLD } from '../../plan/build-plan';
import { fitComment, GITHUB_COMMENT_LIMIT } from '../../plan/fit-comment';
import { planBlocks, renderMarkdown } from '../../plan/markdown';
import { loadSide, WORKING_TREE } from '../../plan/plan-side';
import { savedPlan } from '../../plan/saved-plan';
import type { HeadroomThreshold } from '../../plan/plan-types';
import { redactText } from '../../lib/redact';
import { parseCommandArgs } from '../args';
import { EXIT_CODES_HELP } from '../exit-codes';
import { FORMAT_FLAG, pickFormat } from '../format-flag';
import { wholeNumberArg } from '../numbers';
import { stableYaml } from '../../lib/yaml-output';
import type { Command } from '../command';

export const planCommand: Command = {
  name: 'plan',
  usage: `Usage: rackshift plan --base BASE [--head HEAD] [PATH…] [options]

  BASE, HEAD                a synthesized output folder (synth --out DIR) or a git revision;
                            a revision's sites are synthesized with the current code in a
                            temporary export (the working tree is never touched). HEAD defaults
                            to the working tree (the site files on disk, uncommitted edits
                            included, and said so); a revision as HEAD notes site files with
                            uncommitted edits it leaves out
  PATH                      site files or folders to synthesize for a revision (default: sites/)
  -o, --format md|json|yaml Markdown for a pull-request comment (default) or the structured plan
  --out FILE                also write the full plan (never shortened) to FILE; with -o json or
                            yaml the plan goes only to FILE
  --max-chars N             shorten the Markdown on stdout to N characters (default ${GITHUB_COMMENT_LIMIT},
                            GitHub's comment limit); summary line and banner always stay
  --link URL                where readers find the full plan (named in every "left out" note)
  --headroom-threshold T    flag a tier whose firm headroom drops below T: a percentage of what
                            the tier may count on (default ${(DEFAULT_HEADROOM_THRESHOLD.fraction ?? 0) * 100}%) or megawatts (2.5MW)
  --detailed-exitcode       exit 0 when nothing changes, 2 when something does, 1 on any error
  --save-plan FILE          record the head's synthesized trees by content hash; rackshift deploy
                            --plan FILE applies exactly them and refuses when the sites changed

${EXIT_CODES_HELP} With --detailed-exitcode as above.`,
  async run(argv) {
    const detailed = argv.includes('--detailed-exitcode');
    try {
      return await runPlan(argv);
    } catch (err) {
      // With --detailed-exitcode, 2 means "changes": wrong usage must read as an error.
      if (detailed && err instanceof UsageError) {
        process.stderr.write(`rackshift plan: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
  },
};

async function runPlan(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    base: { type: 'string' },
    head: { type: 'string' },
    ...FORMAT_FLAG,
    out: { type: 'string' },
    'max-chars': { type: 'string' },
    link: { type: 'string' },
    'headroom-threshold': { type: 'string' },
    'detailed-exitcode': { type: 'boolean', default: false },
    'save-plan': { type: 'string' },
  });
  if (!values.base) throw new UsageError('--base is required (a git revision such as origin/main, or an output folder)');
  const format = pickFormat(values.format, ['md', 'json', 'yaml'] as const, 'md');
  const maxChars = values['max-chars'] === undefined ? GITHUB_COMMENT_LIMIT : wholeNumberArg('--max-chars', values['max-chars'], { min: 1000, max: 100_000_000 });
  const threshold = values['headroom-threshold'] === undefined ? DEFAULT_HEADROOM_THRESHOLD : parseThreshold(values['headroom-threshold']);
  const paths = positionals.length > 0 ? positionals : ['sites'];

  // One after the other: synthesizing a revision runs from its temporary export.
  const base = await loadSide(values.base, { paths });
  const head = await loadSide(values.head ?? WORKING_TREE, { paths });
  const plan = buildPlan(base.tree, head.tree, { base: base.label, head: head.label, headroomThreshold: threshold, notes: head.notes });
  for (const n of head.notes) process.stderr.write(`plan: note: ${n.replace(/`/g, '')}\n`);
  if (values['save-plan']) {
    await writeAtomic(values['save-plan'], `${JSON.stringify(savedPlan(base.label, head.label, head.tree), null, 2)}\n`);
    process.stderr.write(`plan: saved the reviewed head as ${values['save-plan']}; rackshift deploy --plan ${values['save-plan']} applies exactly it\n`);
  }
  const c = plan.counts;
  process.stderr.write(`plan ${base.label} → ${head.label}: ${plan.sites.length} site${plan.sites.length === 1 ? '' : 's'}, +${c.add} ~${c.change} -${c.destroy}, ${plan.sites.reduce((n, s) => n + s.risks.length, 0)} risks\n`);

  const fullPlan = values.link ?? (values.out ? basename(values.out) : undefined);
  if (format !== 'md') {
    const json = redactText(format === 'json' ? stableJson(plan) : stableYaml(plan));
    if (values.out) await writeAtomic(values.out, json);
    else process.stdout.write(json);
  } else {
    if (values.out) await writeAtomic(values.out, redactText(renderMarkdown(plan, fullPlan ? { fullPlan } : {})));
    const fitted = fitComment(planBlocks(plan, fullPlan ? { fullPlan } : {}), maxChars, fullPlan);
    process.stdout.write(redactText(fitted.text));
    if (fitted.cut > 0) process.stderr.write(`plan: ${fitted.cut} part${fitted.cut === 1 ? '' : 's'} shortened to fit ${maxChars} characters${values.out ? `; the full plan is in ${values.out}` : ''}\n`);
  }
  return values['detailed-exitcode'] ? (plan.hasChanges ? 2 : 0) : 0;
}

/** `10%` → a fraction of what each tier may count on; `2.5MW` or `2.5` → fixed megawatts. */
export function parseThreshold(s: string): HeadroomThreshold {
  const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(s.trim());
  if (pct) {
    const fraction = Number(pct[1]) / 100;
    if (fraction > 1) throw new UsageError(`--headroom-threshold ${s}: a percentage must be at most 100%`);
    return { fraction };
  }
  const mw = /^(\d+(?:\.\d+)?)\s*(?:MW)?$/i.exec(s.trim());
  if (mw) return { mw: Number(mw[1]) };
  throw new UsageError(`--headroom-threshold must be a percentage (10%) or megawatts (2.5MW), not "${s}"`);
}

