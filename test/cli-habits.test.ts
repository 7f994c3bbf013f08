/**
 * Habits users bring from other command lines (issue 17): `help <command>`, `--help` on stdout,
 * did-you-mean for commands, `-o`, `size SITE`, exit 3 for "does not fit", extra arguments
 * refused, numbers read strictly, `deploy --dry-run=client`. In-process (main()) throughout:
 * a child process costs seconds on a busy machine.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { runDeployCommand } from '../cli/commands/deploy';
import { COMMANDS } from '../cli/commands';
import { EXIT_CODES_HELP } from '../cli/exit-codes';
import { runMain, STACK_FRAME } from './helpers/cli';
import { mutate, SMALL_SITE_FILE, tempDir, writeSite } from './helpers/fixture';
import { Capture } from './support/deploy-harness';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => vi.stubEnv('RACKSHIFT_TODAY', '2026-11-24'));
afterAll(() => vi.unstubAllEnvs());

describe('help', () => {
  it('`help <command>` prints that command\'s usage on stdout, exit 0, as `<command> --help` does', async () => {
    const viaHelp = await runMain(['help', 'size']);
    const viaFlag = await runMain(['size', '--help']);
    expect(viaHelp).toMatchObject({ code: 0, stderr: '' });
    expect(viaHelp.stdout).toMatch(/^Usage: rackshift size SITE /);
    expect(viaFlag).toEqual(viaHelp);
  });

  it('an unknown command, also after `help`, gets a suggestion and exit 2', async () => {
    for (const argv of [['sinth'], ['help', 'sinth']]) {
      const r = await runMain(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^rackshift: unknown command "sinth" \(commands: synth, .*\); did you mean "synth"\?\n$/);
    }
    expect((await runMain(['frobnicate'])).stderr).not.toContain('did you mean');
  });

  it('`help` alone and `--help` print the general help on stdout with exit 0', async () => {
    for (const argv of [['help'], ['--help'], ['-h']]) {
      const r = await runMain(argv);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toContain('Usage: rackshift <command> [options]');
      expect(r.stdout).toContain(EXIT_CODES_HELP);
    }
  });

  it('every command\'s help names the same exit codes, "does not fit" (3) included', async () => {
    for (const c of COMMANDS) {
      const r = await runMain([c.name, '--help']);
      expect(r.code, c.name).toBe(0);
      expect(r.stdout, c.name).toContain(EXIT_CODES_HELP);
    }
  });
});

describe('arguments', () => {
  it.each([
    [['schema', 'extra'], 'rackshift schema: unexpected argument "extra": this command takes no arguments, only options'],
    [['catalog', 'asic'], 'rackshift catalog: unexpected argument "asic": this command takes no arguments, only options'],
    [['size', 'sites/permian-1.yaml', 'sites/red-river.yaml', '--gpus', '8', '--system', 'dgx-h100'], 'rackshift size: unexpected argument "sites/red-river.yaml": this command takes one site file, got 2'],
    [['dispatch', 'a.yaml', 'b.yaml', '--prices', 'p.csv'], 'rackshift dispatch: unexpected argument "b.yaml": this command takes one site file, got 2'],
    [['size', 'sites/permian-1.yaml', '--site', 'sites/permian-1.yaml', '--gpus', '8', '--system', 'dgx-h100'], 'rackshift size: give the site as SITE or --site, not both'],
    [['catalog', '-o', 'jsn'], 'rackshift catalog: -o/--format must be one of text, json, yaml; got "jsn"; did you mean "json"?'],
  ])('%j → exit 2, one line', async (argv, line) => {
    const r = await runMain(argv);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(line);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it.each([
    ['1,024', '--gpus must be a whole number without separators (1024, not "1,024")'],
    ['1e3', '--gpus must be a whole number in plain digits (1000, not "1e3")'],
    // Without rackshift's own check, node's parser calls `--gpus -5` "ambiguous".
    ['-5', '--gpus must be at least 1; got -5'],
    ['10.5', '--gpus must be a whole number; got 10.5'],
    ['0x10', '--gpus must be a whole number; got "0x10"'],
    ['2000000000', '--gpus must be at most 1,000,000,000; got 2,000,000,000'],
  ])('--gpus %s: exit 2 with rackshift\'s own line', async (raw, message) => {
    const r = await runMain(['size', 'sites/permian-1.yaml', '--gpus', raw, '--system', 'dgx-h100']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`rackshift size: ${message}`);
  });

  it.each([
    ['--it-mw', '1,5', '--it-mw must be a number with a decimal point (1.5, not "1,5")'],
    ['--it-mw', '0', '--it-mw must be greater than 0; got 0'],
    ['--hashprice', '-1', '--hashprice must not be negative; got -1'],
    ['--utilisation', '1.2', '--utilisation must be at most 1; got 1.2'],
  ])('%s %s: exit 2', async (flag, raw, message) => {
    const ask = flag === '--it-mw' ? [flag, raw] : ['--it-mw', '1', flag, raw];
    const r = await runMain(['size', 'sites/permian-1.yaml', ...ask]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`rackshift size: ${message}`);
  });
});

describe('size SITE and its exit codes', () => {
  it('SITE and --site give the same answer; an ask the site cannot host exits 3, with the answer', async () => {
    const positional = await runMain(['size', 'sites/permian-1.yaml', '--gpus', '256', '--system', 'dgx-h100']);
    const flag = await runMain(['size', '--site', 'sites/permian-1.yaml', '--gpus', '256', '--system', 'dgx-h100']);
    expect(positional.code).toBe(0);
    expect(positional).toEqual(flag);
    // 10 million GPUs is far past what permian-1's feeds carry: not invalid input (1), not misuse (2).
    const huge = await runMain(['size', 'sites/permian-1.yaml', '--gpus', '10000000', '--system', 'dgx-h100', '-o', 'yaml']);
    expect(huge.code).toBe(3);
    expect(parse(huge.stdout)).toMatchObject({ kind: 'OfferSizing', verdict: expect.not.stringMatching(/^fits$/) });
  });
});

describe('-o', () => {
  it('catalog -o yaml is the same data as --format json', async () => {
    const yaml = await runMain(['catalog', '--kind', 'gpu', '-o', 'yaml']);
    const json = await runMain(['catalog', '--kind', 'gpu', '--format', 'json']);
    expect(yaml.code).toBe(0);
    expect(parse(yaml.stdout)).toEqual(JSON.parse(json.stdout));
  });

  it('validate -o json reports each problem with file, line, column, field and rule; exit 1', async () => {
    const file = writeSite(dir, 'bad', mutate([['maxRackKW: 30', 'maxRackKw: 30']]));
    const r = await runMain(['validate', file, '-o', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ kind: 'ValidationReport', valid: false, sites: [] });
    expect(report.problems).toContainEqual(expect.objectContaining({ severity: 'error', file, line: 19, column: 57, field: 'spec.cooling.zones[0].maxRackKw', message: 'unknown field "maxRackKw"; did you mean "maxRackKW"?' }));
    const ok = await runMain(['validate', SMALL_SITE_FILE, '-o', 'yaml']);
    expect(ok.code).toBe(0);
    // The fixture's 2,960 GPUs, as synth's progress line says.
    expect(parse(ok.stdout)).toMatchObject({ valid: true, sites: [{ name: 'small-1', gpus: 2960 }], problems: [] });
  });

  it('plan -o yaml writes the structured plan', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'rackshift-habits-plan-'));
    const r = await runMain(['plan', '--base', empty, '--head', empty, '-o', 'yaml']);
    expect(r.code).toBe(0);
    expect(parse(r.stdout)).toMatchObject({ kind: 'Plan', hasChanges: false, sites: [] });
  });
});

describe('deploy --dry-run=client', () => {
  const run = async (argv: string[]) => {
    const stdout = new Capture();
    const stderr = new Capture();
    // No kubeconfig anywhere: a run that tried to reach a cluster would fail saying so.
    const code = await runDeployCommand(argv, { stdout, stderr, env: { KUBECONFIG: join(dir, 'no-such-kubeconfig') } });
    return { code, stdout: stdout.text, stderr: stderr.text };
  };

  it('lists what each cluster would get and the changes against the last output, contacting nothing and writing nothing', async () => {
    const out = join(dir, 'client-out');
    const first = await run([SMALL_SITE_FILE, '--out', out, '--dry-run=client']);
    expect(first.stderr).not.toContain('rackshift deploy:');
    expect(first.code).toBe(0);
    expect(existsSync(out)).toBe(false);
    const lines = first.stdout.split('\n');
    expect(lines[0]).toBe('dry run (client): no API server was contacted and nothing was written');
    expect(lines).toContain('would deploy to the --context given (else the current context) for small-1 (management, workload)');
    expect(lines.find((l) => l.startsWith('  small-1: ') && l.includes(' objects ('))).toMatch(/ResourceQuota/);
    // No earlier output: every object and file is new.
    expect(first.stdout).toMatch(/against .*client-out \(the last synth or deploy output, not the cluster\): \+\d+ to add, ~0 to change, -0 to destroy, 0 unchanged/);

    // After a synth into the same folder, nothing differs.
    expect((await runMain(['synth', SMALL_SITE_FILE, '--out', out])).code).toBe(0);
    const again = await run([SMALL_SITE_FILE, '--out', out, '--dry-run=client']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/: \+0 to add, ~0 to change, -0 to destroy, [1-9]\d* unchanged\n {2}small-1: unchanged, /);
  });

  it('refuses `--dry-run client` (a PATH) and an unknown mode, exit 2', async () => {
    const spaced = await runMain(['deploy', SMALL_SITE_FILE, '--dry-run', 'client']);
    expect(spaced.code).toBe(2);
    expect(spaced.stderr.split('\n')[0]).toBe('rackshift deploy: write --dry-run=client, with "=" (a bare --dry-run is a server-side dry run)');
    const typo = await runMain(['deploy', SMALL_SITE_FILE, '--dry-run=clinet']);
    expect(typo.code).toBe(2);
    expect(typo.stderr.split('\n')[0]).toBe('rackshift deploy: --dry-run must be server or client; got "clinet"; did you mean "client"?');
  });
});

describe('the output folder', () => {
  it('treats an empty RACKSHIFT_OUT as unset: cdktf.out, never the working directory itself', async () => {
    const { outputFolder } = await import('../cli/commands/synth');
    const cwd = process.cwd();
    expect(outputFolder(undefined, { RACKSHIFT_OUT: '' })).toBe(join(cwd, 'cdktf.out'));
    expect(outputFolder('', {})).toBe(join(cwd, 'cdktf.out'));
    expect(outputFolder(undefined, { RACKSHIFT_OUT: 'elsewhere' })).toBe(join(cwd, 'elsewhere'));
    expect(outputFolder('flag', { RACKSHIFT_OUT: 'elsewhere' })).toBe(join(cwd, 'flag'));
  });
});
