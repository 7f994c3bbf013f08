/**
 * Input limits (issue 11): the alias bomb, deep nesting and a 10 MB site are each refused with
 * one line naming the file, fast, while the other sites of the run are still checked; never an
 * internal error or a stack trace.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../constructs/diagnostics';
import { loadSite } from '../../constructs/load';
import { REPO, runBin, STACK_FRAME } from '../helpers/cli';
import { SMALL_SITE, SMALL_SITE_FILE, tempDir } from '../helpers/fixture';

const HOSTILE = join(REPO, 'test', 'fixtures', 'hostile');
const BOMB = join(HOSTILE, 'limits-alias-bomb.yaml');
const DEEP = join(HOSTILE, 'limits-deep.yaml');

/** A valid site padded with comments to 10 MB (10 × 1,048,576 bytes): over the 1 MiB cap. */
function tenMegabyteSite(dir: string): string {
  const file = join(dir, 'limits-ten-mb.yaml');
  writeFileSync(file, `${SMALL_SITE}${`# ${'x'.repeat(1021)}\n`.repeat(10 * 1024 - Math.ceil(SMALL_SITE.length / 1024))}`);
  return file;
}

describe('input limits, in process', () => {
  it.each([
    ['alias bomb', BOMB, 'rackshift:file/aliases'],
    ['2,000 levels of nesting', DEEP, 'rackshift:file/too-deep'],
  ])('%s: one error naming the file, in under 2 s', async (_what, file, rule) => {
    const t = Date.now();
    const r = await loadSite(file);
    expect(Date.now() - t).toBeLessThan(2000);
    expect(r.diagnostics.map((d) => d.rule)).toEqual([rule]);
    expect(formatDiagnostic(r.diagnostics[0]!)).toMatch(new RegExp(`^${file.replace(REPO + '/', '')}[:\\s]`));
  });

  it('a 10 MB site is refused from its size, before it is read', async () => {
    const file = tenMegabyteSite(tempDir('rackshift-limits-'));
    const r = await loadSite(file);
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['rackshift:file/too-large']);
    expect(formatDiagnostic(r.diagnostics[0]!)).toMatch(/limits-ten-mb\.yaml: is 10\.0 MiB; the limit is 1\.0 MiB for a site file \(checked before reading\)$/);
  });
});

describe('input limits, through the CLI', () => {
  it('validate refuses each hostile file in one line (exit 1, no stack) and still checks the good site', () => {
    const dir = tempDir('rackshift-limits-cli-');
    for (const f of [BOMB, DEEP]) copyFileSync(f, join(dir, f.split('/').at(-1)!));
    tenMegabyteSite(dir);
    copyFileSync(SMALL_SITE_FILE, join(dir, 'good.yaml'));
    const r = runBin(['validate', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stderr).not.toMatch(/internal|run with --debug/);
    const lines = r.stderr.trimEnd().split('\n');
    // One line per hostile file, naming it; the good site is still checked and reported ok.
    for (const name of ['limits-alias-bomb.yaml', 'limits-deep.yaml', 'limits-ten-mb.yaml']) expect(lines.filter((l) => l.includes(name)), name).toHaveLength(1);
    expect(lines.some((l) => /^ok .*good\.yaml: small-1,/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe('3 errors');
  }, 120_000);
});
