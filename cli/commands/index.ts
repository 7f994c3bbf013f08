/** The sub-commands, in the order `rackshift --help` lists them. */
import type { Command } from '../command';
import { catalogCommand } from './catalog';
import { deployCommand } from './deploy';
import { dispatchCommand } from './dispatch';
import { planCommand } from './plan';
import { schemaCommand } from './schema';
import { sizeCommand } from './size';
import { synthCommand } from './synth';
import { validateCommand } from './validate';

export const COMMANDS: readonly Command[] = [
  synthCommand,
  validateCommand,
  planCommand,
  deployCommand,
  schemaCommand,
  sizeCommand,
  dispatchCommand,
  catalogCommand,
];
