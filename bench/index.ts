/** Every benchmark `npm run bench` runs, in order: one line per module. */
export const BENCHMARKS: readonly (() => Promise<{ default: () => Promise<void> }>)[] = [
  () => import('./startup.bench'),
  () => import('./synth.bench'),
  () => import('./kubernetes.bench'),
  () => import('./bare-metal.bench'),
  () => import('./offers.bench'),
  () => import('./deploy.bench'),
  () => import('./plan.bench'),
  () => import('./dispatch.bench'),
  () => import('./refusals.bench'),
];
