import { resolve } from 'node:path';
import { parseCommandArgs } from '../args';
import { EXIT_CODES_HELP } from '../exit-codes';
import { CLUSTER_FLAGS, CLUSTER_FLAGS_USAGE, clusterOverrides } from '../cluster-flags';
import type { Command } from '../command';
import { printDiagnostics } from '../report';
import { synthesizeInto } from '../../synth/synthesize';
import { OUTPUT_MARKER, OutputRefused } from '../../synth/output-writer';

export const DEFAULT_OUT = 'cdktf.out';

/** The output folder: --out, else RACKSHIFT_OUT, else cdktf.out. An empty value counts as unset: '' would resolve to the working directory itself. */
export function outputFolder(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolve(flag || env.RACKSHIFT_OUT || DEFAULT_OUT);
}

export const synthCommand: Command = {
  name: 'synth',
  usage: `Usage: rackshift synth [PATH…] [--out DIR] [--management-context NAME] [--workload-context NAME]

  PATH        site files or folders of them (default: sites/)
  --out DIR   output folder (default: ${DEFAULT_OUT}; env RACKSHIFT_OUT)
${CLUSTER_FLAGS_USAGE}

Writes DIR/<site>/summary.json, DIR/<site>/clusters.json (which cluster each folder is for)
and every target's files. Sites sharing a workload cluster are synthesized together: they
share one GPU Operator config (kubernetes/shared.yaml), and may not share a tenant name. Output is written to a temporary
folder and swapped in whole: when any site is invalid, nothing is written and the previous
output stays as it was. DIR/<site>/ is only replaced when rackshift wrote it (the marker file
DIR/<site>/${OUTPUT_MARKER}); DIR may not be, hold or lie inside an input (a site file, an
inventory, a folder named as PATH). Exit 1 also when the output is refused.
${EXIT_CODES_HELP}`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { out: { type: 'string' }, ...CLUSTER_FLAGS });
    const clusters = clusterOverrides(values, process.env);
    const out = outputFolder(values.out, process.env);
    const paths = positionals.length > 0 ? positionals : ['sites'];
    let result;
    try {
      result = await synthesizeInto(out, paths, undefined, {
        clusters,
        onSite: (s) => process.stderr.write(`synth ${s.site.name}: ${s.files} files, ${s.site.totals.gpus} GPUs, ${s.site.power.totalLoadMW.toFixed(1)} MW load, ${Math.round(s.ms)} ms\n`),
      });
    } catch (err) {
      if (!(err instanceof OutputRefused)) throw err;
      for (const line of err.lines) process.stderr.write(`${line}\n`);
      return 1;
    }
    printDiagnostics(result.diagnostics);
    if (!result.ok) return 1;
    process.stderr.write(`wrote ${result.sites.length} site${result.sites.length === 1 ? '' : 's'} to ${out}\n`);
    return 0;
  },
};
