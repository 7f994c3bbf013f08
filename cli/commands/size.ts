import { extname } from 'node:path';
import { redactText } from '../../lib/redact';
import { UsageError } from '../../constructs/diagnostics';
import { displayPath } from '../../constructs/load';
import { existsSync } from 'node:fs';
import { readSiteFile } from '../../constructs/site-file';
import { loadSite } from '../../constructs/load';
import { REVENUE_MODELS, TIERS, type EconomicsSpecT, type OfferSpecT, type PhaseWeeksT, type Tier } from '../../constructs/site-spec';
import { DEFAULT_TERM_MONTHS } from '../../constructs/economics-defaults';
import { offerHtml } from '../../offers/html';
import { AUDIENCES, type Audience } from '../../offers/report-types';
import { offerJson } from '../../offers/json';
import { offerMarkdown } from '../../offers/markdown';
import { OfferError, sizeOffer, type OfferResult } from '../../offers/size';
import { PHASES, isCalendarDate } from '../../offers/timeline';
import { writeFileAtomically } from '../../lib/fs';
import { parseCommandArgs } from '../args';
import { EXIT, EXIT_CODES_HELP } from '../exit-codes';
import { FORMAT_FLAG } from '../format-flag';
import { numberArg, wholeNumberArg } from '../numbers';
import { stableYaml } from '../../lib/yaml-output';
import type { Command } from '../command';
import { printDiagnostics } from '../report';

const FORMATS = ['md', 'json', 'yaml', 'html'] as const;

/** --format, else the --out file's extension, else md; an extension that contradicts --format is wrong usage. */
function outputFormat(format: string | undefined, out: string | undefined): string {
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) throw new UsageError(`-o/--format must be one of ${FORMATS.join(', ')}; got "${format}"`);
  const ext = out ? extname(out).slice(1).toLowerCase() : '';
  const fromExt = ext === 'markdown' ? 'md' : ext === 'htm' ? 'html' : ext === 'yml' ? 'yaml' : ext;
  if (format !== undefined && (FORMATS as readonly string[]).includes(fromExt) && fromExt !== format) {
    throw new UsageError(`--out ${out} ends in .${ext} but --format is ${format}; give a matching extension or leave --format out`);
  }
  return format ?? ((FORMATS as readonly string[]).includes(fromExt) ? fromExt : 'md');
}

/** "Today" for start-date checks: env RACKSHIFT_TODAY (YYYY-MM-DD) pins it, e.g. in tests. */
export function today(): string {
  const pinned = process.env.RACKSHIFT_TODAY;
  if (pinned) {
    if (!isCalendarDate(pinned)) throw new UsageError(`RACKSHIFT_TODAY=${pinned} is not a date YYYY-MM-DD`);
    return pinned;
  }
  return new Date().toISOString().slice(0, 10);
}

export const sizeCommand: Command = {
  name: 'size',
  usage: `Usage: rackshift size SITE (--gpus N --system ID | --it-mw X | --offer NAME) [options]

The ask
  SITE, --site FILE      the site file (required; --site is the older spelling)
  --gpus N               GPUs wanted (whole nodes; rounds up)
  --system ID            catalog system, e.g. dgx-h100, dgx-b200, gb200-nvl72
  --it-mw X              critical IT MW wanted instead of GPUs (modelled as dgx-b200 unless --system)
  --offer NAME           size an offer declared in the site file (spec.offers); flags below override it
  --tier 2N|N+1|N        power redundancy (default 2N)
  --term-months M        service term after ready (default 120: miner-to-HPC leases run 10–15 years)
  --start YYYY-MM-DD     start date (today or later); gives calendar dates
  --zone NAME            place in this cooling zone (default: the zone that fits with least mining given up)
  --retire-order A,B     fleets that may retire, in order (default: all, least efficient J/TH first)
  --weeks PHASE=N        override a phase duration; repeatable. Phases: ${PHASES.map((p) => p.id).join(', ')}

Economics (each overrides the offer and the site file's spec.economics)
  --hashprice X          USD per PH/s per day
  --power-price X        USD per MWh
  --revenue MODEL        colocation | gpu-hour
  --colo-price X         USD per kW of critical IT per month
  --gpu-hour-price X     USD per GPU-hour
  --utilisation X        share of GPU-hours sold, (0, 1]
  --capex-per-mw X       conversion capex, USD per MW of critical IT
  --hardware-per-gpu X   GPU hardware capex, USD per GPU (default: the catalog system price;
                         GPU-hour revenue on a system without one is refused)
  --discount-rate X      annual discount rate for NPV, (0, 1) (default 0.1, planning figure)

Output
  --audience customer|internal
                         customer (default): what is sent out — ask, answer, tier, timeline,
                         price terms, public sources; internal: everything (capex, mining
                         given up, NPV/IRR, sensitivity, rule ids, assumptions)
  -o, --format md|json|yaml|html
                         (default md, or the --out file's extension)
  --out FILE             write there (atomically) instead of stdout; its extension must agree
                         with --format

Exit 0 when the ask fits; 3 when the site cannot host it (the answer is still written, naming
the binding constraint and the largest offer that fits); 1 when the input is invalid; 2 for
wrong usage.
${EXIT_CODES_HELP}`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      site: { type: 'string' },
      gpus: { type: 'string' },
      system: { type: 'string' },
      'it-mw': { type: 'string' },
      offer: { type: 'string' },
      tier: { type: 'string' },
      'term-months': { type: 'string' },
      start: { type: 'string' },
      zone: { type: 'string' },
      'retire-order': { type: 'string' },
      weeks: { type: 'string', multiple: true },
      hashprice: { type: 'string' },
      'power-price': { type: 'string' },
      revenue: { type: 'string' },
      'colo-price': { type: 'string' },
      'gpu-hour-price': { type: 'string' },
      utilisation: { type: 'string' },
      'capex-per-mw': { type: 'string' },
      'hardware-per-gpu': { type: 'string' },
      'discount-rate': { type: 'string' },
      audience: { type: 'string' },
      ...FORMAT_FLAG,
      out: { type: 'string' },
    }, { positionals: 1, positionalName: 'one site file' });
    if (positionals.length === 1 && values.site) throw new UsageError('give the site as SITE or --site, not both');
    const siteFile = positionals[0] ?? values.site;
    if (!siteFile) throw new UsageError('size needs a site file (rackshift size SITE --gpus N --system ID)');
    const format = outputFormat(values.format, values.out);
    const audience = values.audience ?? 'customer';
    if (!(AUDIENCES as readonly string[]).includes(audience)) throw new UsageError(`--audience must be one of ${AUDIENCES.join(', ')}; got "${audience}"`);
    if (values.gpus !== undefined && values['it-mw'] !== undefined) throw new UsageError('give --gpus or --it-mw, not both');
    if (!values.offer && values.gpus === undefined && values['it-mw'] === undefined) throw new UsageError('give --gpus N --system ID, --it-mw X, or --offer NAME');
    // A GPU count means nothing without the system it counts (a declared --offer may name it).
    if (values.gpus !== undefined && !values.system && !values.offer) throw new UsageError('--gpus needs --system ID (e.g. dgx-h100)');
    const tier = values.tier;
    if (tier !== undefined && !(TIERS as readonly string[]).includes(tier)) throw new UsageError(`--tier must be one of ${TIERS.join(', ')}; got "${tier}"`);
    if (values.start !== undefined && !isCalendarDate(values.start)) throw new UsageError(`--start must be a date YYYY-MM-DD; got "${values.start}"`);
    const revenue = values.revenue;
    if (revenue !== undefined && !(REVENUE_MODELS as readonly string[]).includes(revenue)) throw new UsageError(`--revenue must be one of ${REVENUE_MODELS.join(', ')}; got "${revenue}"`);

    // A site file that does not exist is wrong usage, as a missing PATH is for synth.
    if (!existsSync(siteFile)) throw new UsageError(`${values.site ? '--site ' : ''}${siteFile}: no such file`);
    const loaded = await loadSite(siteFile);
    if (!loaded.site) {
      printDiagnostics(loaded.diagnostics, 'the site must be valid before it can be sized');
      return 1;
    }
    const parsed = await readSiteFile(siteFile);
    const spec = parsed.spec!;
    const before = loaded.site;

    let base: OfferSpecT | undefined;
    if (values.offer) {
      base = before.offers.find((o) => o.name === values.offer);
      if (!base) {
        process.stderr.write(`rackshift size: ${displayPath(siteFile)}: no offer "${values.offer}" (offers: ${before.offers.map((o) => o.name).join(', ') || 'none'})\n`);
        return 1;
      }
    }
    const gpus = values.gpus !== undefined ? wholeNumberArg('--gpus', values.gpus, { max: 1_000_000_000 }) : undefined;
    const itMW = values['it-mw'] !== undefined ? numberArg('--it-mw', values['it-mw'], { above: 0, max: 1_000_000 }) : undefined;
    const offer: OfferSpecT = {
      name: base?.name ?? 'ask',
      tier: (tier as Tier | undefined) ?? base?.tier ?? '2N',
      termMonths: values['term-months'] !== undefined ? wholeNumberArg('--term-months', values['term-months'], { max: 600 }) : (base?.termMonths ?? DEFAULT_TERM_MONTHS.value),
      ...(gpus !== undefined ? { gpus } : itMW === undefined && base?.gpus !== undefined ? { gpus: base.gpus } : {}),
      ...(itMW !== undefined ? { itMW } : gpus === undefined && base?.itMW !== undefined ? { itMW: base.itMW } : {}),
      ...((values.system ?? base?.system) ? { system: values.system ?? base!.system! } : {}),
      ...((values.start ?? base?.start) ? { start: values.start ?? base!.start! } : {}),
      ...((values.zone ?? base?.zone) ? { zone: values.zone ?? base!.zone! } : {}),
      ...(values['retire-order'] ? { retireOrder: values['retire-order'].split(',').map((s) => s.trim()).filter(Boolean) } : base?.retireOrder ? { retireOrder: base.retireOrder } : {}),
      ...(base?.phaseWeeks ? { phaseWeeks: base.phaseWeeks } : {}),
      ...(base?.economics ? { economics: base.economics } : {}),
    };
    const economicsOverride: EconomicsSpecT = {
      ...num('hashpricePerPHDay', '--hashprice', values.hashprice),
      ...num('powerPricePerMWh', '--power-price', values['power-price']),
      ...num('colocationPerKWMonth', '--colo-price', values['colo-price']),
      ...num('gpuHourPrice', '--gpu-hour-price', values['gpu-hour-price']),
      ...num('capexPerMW', '--capex-per-mw', values['capex-per-mw']),
      ...num('hardwarePerGpu', '--hardware-per-gpu', values['hardware-per-gpu']),
      ...(values['discount-rate'] !== undefined ? { discountRate: fraction('--discount-rate', values['discount-rate']) } : {}),
      ...(values.utilisation !== undefined ? { utilisation: fraction('--utilisation', values.utilisation) } : {}),
      ...(revenue ? { revenueModel: revenue as EconomicsSpecT['revenueModel'] } : {}),
    };
    const phaseOverride = parseWeeks(values.weeks ?? []);

    let result: OfferResult;
    try {
      result = sizeOffer({ spec, before }, offer, { today: today(), economicsOverride, ...(phaseOverride ? { phaseOverride } : {}) });
    } catch (err) {
      if (err instanceof OfferError) {
        process.stderr.write(redactText(`rackshift size: ${displayPath(siteFile)}: ${err.message}\n`));
        return 1;
      }
      throw err;
    }
    const who = audience as Audience;
    const text = redactText(format === 'json' ? offerJson(result, who) : format === 'yaml' ? stableYaml(JSON.parse(offerJson(result, who))) : format === 'html' ? offerHtml(result, who) : offerMarkdown(result, who));
    if (values.out) {
      // Atomic, never through a planted link; like synth --out, a missing folder is created.
      await writeFileAtomically(values.out, text);
      process.stderr.write(`wrote ${values.out} (${result.verdict})\n`);
    } else {
      process.stdout.write(text);
    }
    return result.verdict === 'fits' ? EXIT.ok : EXIT.doesNotFit;
  },
};

function num<K extends keyof EconomicsSpecT>(key: K, flag: string, raw: string | undefined): Partial<EconomicsSpecT> {
  if (raw === undefined) return {};
  return { [key]: numberArg(flag, raw, { min: 0 }) } as Partial<EconomicsSpecT>;
}

/** A share in (0, 1]. */
function fraction(flag: string, raw: string): number {
  return numberArg(flag, raw, { above: 0, max: 1 });
}

function parseWeeks(items: readonly string[]): PhaseWeeksT | undefined {
  if (items.length === 0) return undefined;
  const ids = PHASES.map((p) => p.id) as string[];
  const out: Record<string, number> = {};
  for (const item of items) {
    const m = /^([A-Za-z-]+)=(\d+(?:\.\d+)?)$/.exec(item);
    if (!m) throw new UsageError(`--weeks takes PHASE=WEEKS, e.g. cooling=16; got "${item}"`);
    if (!ids.includes(m[1]!)) throw new UsageError(`--weeks: no phase "${m[1]}" (phases: ${ids.join(', ')})`);
    const w = Number(m[2]);
    if (w > 520) throw new UsageError(`--weeks ${m[1]} must be at most 520; got ${w}`);
    out[m[1]!] = w;
  }
  return out as PhaseWeeksT;
}
