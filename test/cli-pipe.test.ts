/** `rackshift … | head`: the reader closes the pipe early; the command ends quietly. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO } from './helpers/cli';

it('ends with exit 0 and no stack trace when stdout is closed early', async () => {
  // GIVEN a command that prints the site schema to a pipe the reader has already closed
  const child = spawn(process.execPath, [join(REPO, 'bin', 'rackshift.mjs'), 'schema'], { cwd: REPO });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += String(c)));
  child.stdout.destroy();
  // WHEN it finishes
  const code = await new Promise<number | null>((res) => child.on('close', res));
  // THEN nothing alarming is printed
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toContain('EPIPE');
  expect(code).toBe(0);
});
