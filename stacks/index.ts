/**
 * Every target `synth` renders, in order. A new target is a new entry here, never a change
 * to the model. Terraform is loaded on its first render: cdktf and its provider bindings take
 * seconds to import, and `validate` (which renders only the object targets) never needs them.
 */
import { offersTarget } from './offers';
import { manifestsTarget } from './kubernetes/manifests';
import { pulumiTarget } from './pulumi/program';
import { summaryTarget } from './summary';
import { clustersTarget } from './clusters';
import { bareMetalTarget } from './bare-metal';
import type { RenderContext, Target } from './target';
import type { ResolvedSite } from '../constructs/resolved-site';

const terraformTarget: Target = {
  name: 'terraform',
  render: async (site: ResolvedSite, ctx: RenderContext) => (await import('./terraform/target')).terraformTarget.render(site, ctx),
};

export const TARGETS: readonly Target[] = [
  summaryTarget,
  clustersTarget,
  manifestsTarget,
  terraformTarget,
  pulumiTarget,
  bareMetalTarget,
  offersTarget,
];

export type { Target, OutputFile, RenderContext } from './target';
