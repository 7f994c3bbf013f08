import { parseCommandArgs } from '../args';
import type { Command } from '../command';
import { CATALOG_KINDS, catalogRows, catalogText, type CatalogKind } from '../../constructs/catalog/listing';
import { UsageError } from '../../constructs/diagnostics';
import { stableJson } from '../../lib/json';
import { didYouMean } from '../../lib/suggest';

export const catalogCommand: Command = {
  name: 'catalog',
  usage: `Usage: rackshift catalog [--kind asic|system|gpu] [--format text|json]

Lists the ids a site can name: ASIC miners (spec.mining.fleets[].model), GPU systems
(spec.gpuPools[].system) and GPUs (spec.catalog.systems[].gpu), with their figures and where
each comes from. Figures that are rackshift's own planning choices say "planning figure".
A site adds its own models under spec.catalog.`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { kind: { type: 'string' }, format: { type: 'string', default: 'text' } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const kind = values.kind;
    if (kind !== undefined && !(CATALOG_KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`--kind must be one of ${CATALOG_KINDS.join(', ')}; got "${kind}"${didYouMean(kind, CATALOG_KINDS)}`);
    }
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json; got "${values.format}"`);
    const rows = catalogRows(kind as CatalogKind | undefined);
    process.stdout.write(values.format === 'json' ? stableJson(rows) : catalogText(rows));
    return 0;
  },
};
