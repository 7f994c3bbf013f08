import { parseCommandArgs } from '../args';
import type { Command } from '../command';
import { siteJsonSchema } from '../../constructs/site-spec';
import { stableJson } from '../../lib/json';

export const schemaCommand: Command = {
  name: 'schema',
  usage: `Usage: rackshift schema

Prints the JSON Schema generated from the site model. Editors that run yaml-language-server
pick it up from the modeline '# yaml-language-server: $schema=../site.schema.json'.`,
  async run(argv) {
    parseCommandArgs(argv, {});
    process.stdout.write(stableJson(siteJsonSchema()));
    return 0;
  },
};
