/**
 * Every target `synth` renders, in order. A new target is a new entry here, never a change
 * to the model.
 */
import { summaryTarget } from './summary';
import { bareMetalTarget } from './bare-metal';
import type { Target } from './target';

export const TARGETS: readonly Target[] = [
  summaryTarget,
  bareMetalTarget,
];

export type { Target, OutputFile, RenderContext } from './target';
