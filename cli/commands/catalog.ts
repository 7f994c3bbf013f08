import { parseCommandArgs } from '../args';
import { EXIT_CODES_HELP } from '../exit-codes';
import { FORMAT_FLAG, pickFormat } from '../format-flag';
import type { Command } from '../command';
import { CATALOG_KINDS, catalogRows, catalogText, type CatalogKind } from '../../constructs/catalog/listing';
import { UsageError } from '../../constructs/diagnostics';
import { stableJson } from '../../lib/json';
import { stableYaml } from '../../lib/yaml-output';
import { didYouMean } from '../../lib/suggest';

export const catalogCommand: Command = {
  name: 'catalog',
  usage: `Usage: rackshift catalog [--kind asic|system|gpu] [-o|--format text|json|yaml]

Lists the ids a site can name: ASIC miners (spec.mining.fleets[].model), GPU systems
(spec.gpuPools[].system) and GPUs (spec.catalog.systems[].gpu), with their figures and where
each comes from. Figures that are rackshift's own planning choices say "planning figure".
A site adds its own models under spec.catalog.
${EXIT_CODES_HELP}`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { kind: { type: 'string' }, ...FORMAT_FLAG }, { positionals: 0 });
    const kind = values.kind;
    if (kind !== undefined && !(CATALOG_KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`--kind must be one of ${CATALOG_KINDS.join(', ')}; got "${kind}"${didYouMean(kind, CATALOG_KINDS)}`);
    }
    const format = pickFormat(values.format, ['text', 'json', 'yaml'] as const, 'text');
    const rows = catalogRows(kind as CatalogKind | undefined);
    process.stdout.write(format === 'json' ? stableJson(rows) : format === 'yaml' ? stableYaml(rows) : catalogText(rows));
    return 0;
  },
};
