import { parseCommandArgs } from '../args';
import type { Command } from '../command';
import { printDiagnostics } from '../report';
import { findSiteFiles } from '../synthesize';
import { loadSite } from '../../constructs/load';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check site files (schema, references, power, cooling, floor) without writing',
  usage: `Usage: rackshift validate [PATH…]

  PATH   site files or folders of them (default: sites/)

Prints every problem as file:line:col field: message. Exit 0 valid, 1 invalid, 2 wrong usage.`,
  async run(argv) {
    const { positionals } = parseCommandArgs(argv, {});
    const files = await findSiteFiles(positionals.length > 0 ? positionals : ['sites']);
    const loaded = await Promise.all(files.map(loadSite));
    const diagnostics = loaded.flatMap((l) => l.diagnostics);
    for (const l of loaded) if (l.site) process.stderr.write(`ok ${l.file}: ${l.site.name}, ${l.site.totals.gpus} GPUs, ${l.site.power.totalLoadMW.toFixed(1)} MW\n`);
    printDiagnostics(diagnostics, '');
    return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  },
};
