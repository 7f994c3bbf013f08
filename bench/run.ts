/**
 * `npm run bench`: runs every benchmark module listed in bench/index.ts, in order. Each
 * module default-exports an async function that prints its own result lines to stdout.
 * A failing benchmark fails the run (exit 1) after the others have run.
 */
import { BENCHMARKS } from './index';

let failed = 0;
for (const load of BENCHMARKS) {
  try {
    const mod = await load();
    await mod.default();
  } catch (err) {
    failed++;
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
