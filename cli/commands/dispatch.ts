import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically as writeAtomically } from '../../lib/fs';
import { UsageError } from '../../constructs/diagnostics';
import { loadSite } from '../../constructs/load';
import type { Command } from '../command';
import { parseCommandArgs } from '../args';
import { EXIT_CODES_HELP } from '../exit-codes';
import { FORMAT_FLAG, pickFormat } from '../format-flag';
import { printDiagnostics } from '../report';

const FORMATS = ['md', 'json', 'yaml', 'html'] as const;

export const dispatchCommand: Command = {
  name: 'dispatch',
  usage: `Usage: rackshift dispatch [SITE] --prices FILE [options]

Inputs
  SITE / --site FILE       the site file
  --prices FILE            power prices: ERCOT settlement point price CSV (real-time or day-ahead),
                           start,price CSV, or JSON (see docs/dispatch.md)
  --hashprice FILE         daily hashprice, USD per PH/s per day (default: the site's economics)
  --gpu-prices FILE        GPU-hour spot prices (default: each interruptible tenant's price)
  --events FILE            demand-response, 4CP and curtailment events
  --settlement-point NAME  rows of an ERCOT file to use (default spec.dispatch.settlementPoint)
  --from T, --to T         window, YYYY-MM-DD or ISO 8601 with offset (default: the whole file)
  --interval 15m|1h        decision interval (default 15m)

Output
  -o, --format md|json|yaml|html  (default md)
  --out FILE               write the report there (atomically) instead of stdout
  --at T                   the interval whose actions are shown and applied (default: now when the
                           schedule covers it, else its first interval)
  --actions-out DIR        write that interval's kueue-patches.yaml and miner-targets.json

Actuation (a dry run unless --apply is given)
  --apply                  carry out the interval's actions: Kueue ClusterQueue stopPolicy by
                           server-side apply, miners through the cgminer API
  --miners FILE            CSV fleet,host[,port] of the miners to command
  --kubeconfig FILE, --context NAME   the workload cluster (default: KUBECONFIG, current context)

Exit 0 on success, 1 for invalid input or a failed action, 2 for wrong usage.
${EXIT_CODES_HELP}`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      site: { type: 'string' },
      prices: { type: 'string' },
      hashprice: { type: 'string' },
      'gpu-prices': { type: 'string' },
      events: { type: 'string' },
      'settlement-point': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      interval: { type: 'string' },
      ...FORMAT_FLAG,
      out: { type: 'string' },
      at: { type: 'string' },
      'actions-out': { type: 'string' },
      apply: { type: 'boolean' },
      miners: { type: 'string' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
    }, { positionals: 1, positionalName: 'one site file' });
    if (positionals.length === 1 && values.site) throw new UsageError('give the site as SITE or --site, not both');
    const siteFile = positionals[0] ?? values.site;
    if (!siteFile) throw new UsageError('dispatch needs a site file (rackshift dispatch SITE --prices FILE)');
    if (!values.prices) throw new UsageError('dispatch needs --prices FILE');
    const format = pickFormat(values.format, FORMATS, 'md');
    const interval = values.interval ?? '15m';
    if (interval !== '15m' && interval !== '1h') throw new UsageError(`--interval must be 15m or 1h; got ${interval}`);
    if (values.apply && !values.miners) throw new UsageError('--apply needs --miners FILE (the miners to command)');

    const { parseDate, parseInstant } = await import('../../dispatch/time');
    const when = (flag: string, s: string | undefined) => {
      if (s === undefined) return undefined;
      const t = parseDate(s) ?? parseInstant(s);
      if (t === undefined) throw new UsageError(`--${flag} ${JSON.stringify(s)} is neither YYYY-MM-DD nor an ISO 8601 time with an offset`);
      return t;
    };
    const from = when('from', values.from);
    const to = when('to', values.to);
    const at = when('at', values.at);
    if (from !== undefined && to !== undefined && to <= from) throw new UsageError('--to must be after --from');

    const loaded = await loadSite(siteFile);
    if (!loaded.site) {
      printDiagnostics(loaded.diagnostics, 'the site must be valid before it can be dispatched');
      return 1;
    }
    const site = loaded.site;
    const { InputErrors, readInputFile } = await import('../../dispatch/inputs');
    const { GridError } = await import('../../dispatch/intervals');
    const { runDispatch } = await import('../../dispatch/run');
    const point = values['settlement-point'] ?? site.dispatch.settlementPoint;
    let result;
    try {
      const read = async (file: string | undefined, kind: 'power' | 'hashprice' | 'gpuHour' | 'events') => (file ? await readInputFile(file, kind, point) : {});
      const parts = await Promise.all([read(values.prices, 'power'), read(values.hashprice, 'hashprice'), read(values['gpu-prices'], 'gpuHour'), read(values.events, 'events')]);
      const inputs = {
        labels: parts.flatMap((p) => p.labels ?? []),
        power: parts[0].power ?? [],
        hashprice: parts[1].hashprice ?? [],
        gpuHour: parts[2].gpuHour ?? [],
        events: parts[3].events ?? [],
      };
      result = runDispatch(site, inputs, { intervalMinutes: interval === '1h' ? 60 : 15, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
    } catch (err) {
      if (err instanceof InputErrors || err instanceof GridError) {
        process.stderr.write(`${err.message}\n`);
        return 1;
      }
      throw err;
    }

    const { actionsFor, kueuePatchYaml, minerTargetsJson } = await import('../../dispatch/actions');
    const step = result.intervalMinutes * 60_000;
    const now = at ?? Date.now();
    let row = result.schedule.find((x) => x.start <= now && now < x.start + step);
    if (!row && at !== undefined) {
      process.stderr.write(`--at ${values.at} is outside the schedule\n`);
      return 1;
    }
    if (!row && values.apply) {
      process.stderr.write('the schedule does not cover now; give --at to apply another interval\n');
      return 1;
    }
    row ??= result.schedule[0]!;
    const actions = actionsFor(site, row, result.intervalMinutes);

    const json = async () => (await import('../../dispatch/json')).dispatchJson(result);
    const render = format === 'json' ? await json() : format === 'yaml' ? (await import('../../lib/yaml-output')).stableYaml(JSON.parse(await json())) : format === 'html' ? (await import('../../dispatch/html')).dispatchHtml(result, actions) : (await import('../../dispatch/markdown')).dispatchMarkdown(result, actions);
    if (values.out) await writeAtomically(values.out, render);
    else process.stdout.write(render);
    if (values['actions-out']) {
      await mkdir(values['actions-out'], { recursive: true });
      await writeAtomically(join(values['actions-out'], 'kueue-patches.yaml'), kueuePatchYaml(actions));
      await writeAtomically(join(values['actions-out'], 'miner-targets.json'), minerTargetsJson(actions));
    }

    if (!values.apply) {
      process.stderr.write(`dry run: ${actions.kueue.length} queue(s) and ${actions.miners.length} fleet target(s) for ${actions.start}; nothing was sent (give --apply to carry them out)\n`);
      return 0;
    }
    const { readMinersFile } = await import('../../dispatch/miners-file');
    const { applyActions } = await import('../../dispatch/apply');
    let miners;
    try {
      miners = await readMinersFile(values.miners!, site.dispatch.fleets.map((f) => f.name));
    } catch (err) {
      if (err instanceof InputErrors) {
        process.stderr.write(`${err.message}\n`);
        return 1;
      }
      throw err;
    }
    let kube;
    if (actions.kueue.length > 0) {
      const { loadKubeConfig } = await import('../../deploy/kubeconfig');
      const { KubeClient } = await import('../../deploy/kube-client');
      kube = await KubeClient.connect(loadKubeConfig({ kubeconfig: values.kubeconfig, context: values.context }));
    }
    try {
      const outcome = await applyActions(actions, {
        ...(kube ? { kube } : {}),
        miners,
        fleetUnits: Object.fromEntries(site.dispatch.fleets.map((f) => [f.name, f.units])),
        log: (l) => process.stderr.write(`${l}\n`),
      });
      process.stderr.write(outcome.ok ? `applied ${actions.start}: ${outcome.commands} miner command(s)\n` : `apply failed: ${outcome.failures.length} problem(s); increases were not made\n`);
      return outcome.ok ? 0 : 1;
    } finally {
      kube?.close();
    }
  },
};
