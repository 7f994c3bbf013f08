import { parseCommandArgs } from '../args';
import { EXIT_CODES_HELP } from '../exit-codes';
import type { Command } from '../command';
import { siteJsonSchema } from '../../constructs/site-spec';
import { stableJson } from '../../lib/json';

export const schemaCommand: Command = {
  name: 'schema',
  usage: `Usage: rackshift schema

Prints the JSON Schema generated from the site model. Editors that run yaml-language-server
pick it up from the modeline '# yaml-language-server: $schema=../site.schema.json'.
${EXIT_CODES_HELP}`,
  async run(argv) {
    parseCommandArgs(argv, {}, { positionals: 0 });
    process.stdout.write(stableJson(siteJsonSchema()));
    return 0;
  },
};
