/**
 * The sub-commands, in the order `rackshift --help` lists them. Each is loaded only when it
 * runs (or prints its usage): `--help`, `--version` and a command never pay for the modules
 * the others import (Pulumi, the Kubernetes client and models, cdktf).
 */
import type { Command } from '../command';

export interface CommandEntry {
  readonly name: string;
  /** One line for `rackshift --help`. */
  readonly summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'synth',
    summary: 'check the sites and write everything they synthesize to DIR/<site>/',
    load: async () => (await import('./synth')).synthCommand,
  },
  {
    name: 'validate',
    summary: 'check site files and every Kubernetes object they synthesize, without writing',
    load: async () => (await import('./validate')).validateCommand,
  },
  {
    name: 'plan',
    summary: 'show what a change to the sites does: budgets, risks and changed objects (Markdown, JSON or YAML)',
    load: async () => (await import('./plan')).planCommand,
  },
  {
    name: 'deploy',
    summary: 'synthesize, print the plan, and apply it to a cluster (or via Terraform or Pulumi)',
    load: async () => (await import('./deploy')).deployCommand,
  },
  {
    name: 'schema',
    summary: 'print the JSON Schema of site files (for editors; committed as site.schema.json)',
    load: async () => (await import('./schema')).schemaCommand,
  },
  {
    name: 'size',
    summary: 'size an offer: can the site host it, what retires, by when, at what margin',
    load: async () => (await import('./size')).sizeCommand,
  },
  {
    name: 'dispatch',
    summary: 'shift capacity between mining and interruptible AI on prices: schedule, baselines, actions',
    load: async () => (await import('./dispatch')).dispatchCommand,
  },
  {
    name: 'catalog',
    summary: 'list the built-in catalog ids (miners, GPU systems, GPUs) with figures and sources',
    load: async () => (await import('./catalog')).catalogCommand,
  },
];
