/** `rackshift plan` misuse: one clear line, exit 2 (1 with --detailed-exitcode), no stack trace. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseThreshold } from '../../cli/commands/plan';
import { runCli, tempDir, removeTempDirs } from './helpers';

let empty: string;
let sitesDir: string;
let broken: string;

beforeAll(async () => {
  empty = await tempDir();
  sitesDir = join(await tempDir(), 'sites');
  await mkdir(sitesDir);
  await writeFile(join(sitesDir, 'x.yaml'), 'kind: Site\n');
  broken = await tempDir();
  await mkdir(join(broken, 'site-a'));
  await writeFile(join(broken, 'site-a', 'summary.json'), '{"kind": "Site');
});

afterAll(removeTempDirs);

describe('plan command line', () => {
  it.each([
    [['--head', 'x'], '--base is required (a git revision such as origin/main, or an output folder)'],
    [['--base', 'EMPTY', '--head', 'EMPTY', '--format', 'html'], '-o/--format must be one of md, json, yaml; got "html"'],
    [['--base', 'EMPTY', '--head', 'EMPTY', '--headroom-threshold', 'lots'], '--headroom-threshold must be a percentage (10%) or megawatts (2.5MW), not "lots"'],
    [['--base', 'EMPTY', '--head', 'EMPTY', '--max-chars', '10'], '--max-chars must be at least 1,000; got 10'],
    [['--base', 'SITES', '--head', 'EMPTY'], 'not a synthesized output folder (no <site>/summary.json in it)'],
    [['--base', 'BROKEN', '--head', 'EMPTY'], 'summary.json: not valid JSON'],
  ])('%j → exit 2', async (args, message) => {
    const argv = args.map((a) => (a === 'EMPTY' ? empty : a === 'SITES' ? sitesDir : a === 'BROKEN' ? broken : a));
    const r = await runCli(['plan', ...argv]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect((await runCli(['plan', ...argv, '--detailed-exitcode'])).code).toBe(1);
  });

  it('two empty output folders: no sites, no changes, exit 0', async () => {
    const r = await runCli(['plan', '--base', empty, '--head', empty, '--detailed-exitcode']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**No changes.** 0 sites');
  });

  it('reads thresholds as a percentage or megawatts', () => {
    expect(parseThreshold('15%')).toEqual({ fraction: 0.15 });
    expect(parseThreshold('2.5MW')).toEqual({ mw: 2.5 });
    expect(parseThreshold('3')).toEqual({ mw: 3 });
  });
});
