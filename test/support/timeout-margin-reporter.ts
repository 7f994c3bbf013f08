/**
 * Prints, at the end of `npm test`, the tests that came closest to their timeouts: each test
 * should finish in under a third of its timeout, so a slower machine or a busier CI run does
 * not turn a slow test into a failing one. A test past that third is named with a warning
 * (not a failure: the margin is what a loaded machine eats).
 */
import type { RunnerTask, RunnerTestFile } from 'vitest';
import type { Reporter } from 'vitest/node';

const MARGIN = 3;

interface Timing {
  readonly name: string;
  readonly ms: number;
  readonly timeoutMs: number;
}

/** Passed tests with their duration and own timeout (the reporter API v2 hides the timeout). */
function timings(task: RunnerTask, file: string, out: Timing[]): Timing[] {
  if (task.type === 'test') {
    const ms = task.result?.duration;
    if (task.result?.state === 'pass' && ms !== undefined && task.timeout > 0) out.push({ name: `${file} > ${task.name}`, ms, timeoutMs: task.timeout });
  } else for (const child of task.tasks) timings(child, file, out);
  return out;
}

export default class TimeoutMarginReporter implements Reporter {
  onFinished(files: readonly RunnerTestFile[] = []): void {
    const all = files.flatMap((f) => timings(f, f.name, []));
    if (all.length === 0) return;
    const closest = all.sort((a, b) => b.ms / b.timeoutMs - a.ms / a.timeoutMs);
    const line = (t: Timing) => `${(t.ms / 1000).toFixed(1)} s of ${(t.timeoutMs / 1000).toFixed(0)} s (${(t.timeoutMs / t.ms).toFixed(1)}× margin): ${t.name}`;
    const out = [`timeout margins: ${all.length} tests; closest ${line(closest[0]!)}`];
    for (const t of closest.filter((x) => x.ms * MARGIN > x.timeoutMs)) out.push(`  warning: under ${MARGIN}× its timeout: ${line(t)}`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
}
