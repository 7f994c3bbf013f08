/**
 * Bad input of every kind through the command line: one line per problem, the right exit code
 * (1 invalid input, 2 wrong usage), never a stack trace. A few cases run the real binary in a
 * child process; the rest run main() in-process.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBin, runMain, STACK_FRAME } from './helpers/cli';
import { mutate, SMALL_SITE_FILE, tempDir, writeSite } from './helpers/fixture';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Problem lines: what is printed, minus the closing count line. */
const problems = (stderr: string) => stderr.split('\n').filter((l) => l && !/^\d+ errors?(; .*)?$/.test(l));

describe('invalid site files (exit 1)', () => {
  const cases: [string, string, RegExp][] = [
    ['malformed YAML', mutate([['  cooling:\n', '  cooling: [\n']]), /:19:7 invalid YAML: Block collections are not allowed within flow collections$/],
    ['a duplicate key', mutate([['  region: test-grid\n', '  region: test-grid\n  region: other\n']]), /:9:3 invalid YAML: Map keys must be unique$/],
    ['an unknown key', mutate([['racks: 8 }', 'racks: 8, rackz: 3 }']]), /:21:93 spec\.cooling\.zones\[2\]\.rackz: unknown field "rackz"; did you mean "racks"\?$/],
    ['a wrong type', mutate([['count: 2000', 'count: "lots"']]), /:24:48 spec\.mining\.fleets\[0\]\.count: expected number, got string "lots"$/],
    ['a negative number', mutate([['count: 3000', 'count: -3']]), /:25:52 spec\.mining\.fleets\[1\]\.count: count must not be negative; got -3$/],
    ['a zero capacity', mutate([['capacityMW: 8,', 'capacityMW: 0,']]), /:16:26 spec\.power\.feeds\[3\]\.capacityMW: capacityMW must be greater than 0; got 0$/],
    ['a huge number', mutate([['nodes: 14,', 'nodes: 1e9,']]), /:30:42 spec\.gpuPools\[2\]\.nodes: nodes must be at most 100000; got 1000000000$/],
    ['a fraction where a count belongs', mutate([['count: 100,', 'count: 1.5,']]), /:26:48 spec\.mining\.fleets\[2\]\.count: count must be a whole number; got 1\.5$/],
    ['an unknown enum value', mutate([['type: air', 'type: water']]), /:19:27 spec\.cooling\.zones\[0\]\.type: must be one of "air", "rear-door", "direct-liquid", "immersion", "hydro"; got "water"$/],
    ['a missing required field', mutate([['{ name: feed-b2, capacityMW: 8, group: b }', '{ name: feed-b2, capacityMW: 8 }']]), /:16:9 spec\.power\.feeds\[3\]\.group: required field is missing \(expected string\)$/],
    ['an unknown catalog model', mutate([['model: antminer-s19-xp,', 'model: antminer-s99,']]), /:24:24 spec\.mining\.fleets\[0\]\.model: unknown miner model "antminer-s99" \(catalog: .*\); did you mean "antminer-s\d+"\?$/],
    ['a file that is not a site', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\n', /:2:1 kind: not a rackshift site \(apiVersion "apps\/v1", kind "Deployment"\); expected apiVersion rackshift\.dev\/v1alpha1, kind Site$/],
    ['a YAML list instead of a site', '- a\n- b\n', / not a rackshift site: expected a mapping with apiVersion rackshift\.dev\/v1alpha1 and kind Site$/],
    ['an empty file', '', / not a rackshift site: expected a mapping/],
  ];
  it.each(cases)('%s', async (_what, text, expected) => {
    const file = writeSite(dir, `in-${cases.findIndex((c) => c[1] === text)}`, text);
    for (const command of ['synth', 'validate']) {
      const r = await runMain(command === 'synth' ? ['synth', file, '--out', join(dir, 'out')] : ['validate', file]);
      expect(r.code, r.stderr).toBe(1);
      const lines = problems(r.stderr);
      expect(lines.some((l) => l.startsWith(file) && expected.test(l)), r.stderr).toBe(true);
      expect(r.stderr).not.toMatch(STACK_FRAME);
    }
  });

  it('lists every schema problem, one line each', async () => {
    const file = writeSite(dir, 'many-schema', mutate([
      ['count: 3000', 'count: -3'],
      ['type: air', 'type: water'],
      ['racks: 8 }', 'racks: 8, rackz: 3 }'],
    ]));
    const r = await runMain(['validate', file]);
    expect(r.code).toBe(1);
    expect(problems(r.stderr)).toHaveLength(3);
  });

  it('the real binary exits 1 with one line per problem and no stack trace', () => {
    const file = writeSite(dir, 'bin-bad', mutate([['count: 3000', 'count: -3'], ['type: air', 'type: water']]));
    const r = runBin(['synth', file, '--out', join(dir, 'bin-out')]);
    expect(r.code).toBe(1);
    expect(problems(r.stderr)).toHaveLength(2);
    expect(r.stderr).toContain('2 errors; nothing was written');
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('wrong usage (exit 2)', () => {
  it('no arguments prints the help and exits 2', () => {
    const r = runBin([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Usage: rackshift <command>');
  });

  it('an unknown flag', () => {
    const r = runBin(['synth', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("rackshift synth: Unknown option '--frobnicate'");
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('an unknown command', async () => {
    const r = await runMain(['sinth']);
    expect(r.code).toBe(2);
    // The list grows as commands are added; it names them all, synth first.
    expect(r.stderr).toMatch(/unknown command "sinth" \(commands: synth, validate(, [a-z]+)+\)/);
  });

  it('a missing file', async () => {
    const missing = join(dir, 'nope.yaml');
    const r = await runMain(['synth', missing, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${missing}: no such file or folder`);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('an empty folder', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'README.txt'), 'not a site');
    const r = await runMain(['validate', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${empty}: no site files (*.yaml, *.yml) in this folder`);
  });

  it('--out without a value', async () => {
    const r = await runMain(['synth', SMALL_SITE_FILE, '--out']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Option '--out <value>' argument missing");
  });
});

describe('success (exit 0)', () => {
  it('synth prints one progress line per site with its elapsed time', () => {
    const out = join(dir, 'ok-out');
    const r = runBin(['synth', SMALL_SITE_FILE, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^synth small-1: \d+ files?, 2960 GPUs, 22\.8 MW load, \d+ ms$/m);
  });
});
