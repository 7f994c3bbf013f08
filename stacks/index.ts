/**
 * Every target `synth` renders, in order. A new target is a new entry here, never a change
 * to the model.
 */
import { offersTarget } from './offers';
import { manifestsTarget } from './kubernetes/manifests';
import { pulumiTarget } from './pulumi/program';
import { summaryTarget } from './summary';
import { clustersTarget } from './clusters';
import { terraformTarget } from './terraform/target';
import { bareMetalTarget } from './bare-metal';
import type { Target } from './target';

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
