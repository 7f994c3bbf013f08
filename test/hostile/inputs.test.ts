/**
 * Inputs read (issue 11): an inventory named by a site file from a pull request must not make
 * rackshift read — or quote — anything outside the site's folder, hang on a FIFO, fill memory
 * from a device, or read an oversize file. Each is refused by name with one line.
 */
import { mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDiagnostic } from '../../constructs/diagnostics';
import { loadSite } from '../../constructs/load';
import { MAX_INVENTORY_BYTES } from '../../constructs/input-limits';
import { fullInventoryCsv, writeSmallSite } from '../helpers/bare-metal-site';
import { tempDir } from '../helpers/fixture';

/** A site whose inventory is `inventory/<name>`; `place` puts whatever it likes there. */
async function siteWith(name: string, place: (path: string, siteDir: string) => void) {
  const file = writeSmallSite({ inventory: { name: 'placeholder.csv', text: '' } });
  const text = readFileSync(file, 'utf8').replace('inventory/placeholder.csv', `inventory/${name}`);
  writeFileSync(file, text);
  place(join(dirname(file), 'inventory', name), dirname(file));
  const r = await loadSite(file);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  return { r, errors, lines: errors.map(formatDiagnostic), file };
}

afterEach(() => vi.unstubAllEnvs());

describe('inventory path: inside the site file\'s folder', () => {
  it('refuses ../ out of the folder, naming the path and the setting that widens it', async () => {
    const outside = tempDir('rackshift-outside-');
    writeFileSync(join(outside, 'inv.csv'), fullInventoryCsv());
    const again = await siteWith('../../' + outside.split('/').slice(-1)[0] + '/inv.csv', () => undefined);
    // tmpdir/<site>/inventory/../../<outside>/inv.csv lands in <outside>: outside the site's folder.
    expect(again.errors.map((e) => e.rule)).toEqual(['rackshift:inventory/outside']);
    expect(again.lines[0]).toMatch(/spec\.inventory\.file: .*inv\.csv is outside the site file's folder .*; move it there, or list its folder in RACKSHIFT_INVENTORY_ROOTS$/);
  });

  it('refuses a link inside the folder to a file outside it, without quoting the file', async () => {
    const { errors, lines } = await siteWith('passwd.csv', (p) => symlinkSync('/etc/passwd', p));
    expect(errors.map((e) => e.rule)).toEqual(['rackshift:inventory/outside']);
    expect(lines[0]).toContain('(a link to /etc/passwd)');
    expect(lines.join('\n')).not.toMatch(/root:/);
  });

  it('reads a folder listed in RACKSHIFT_INVENTORY_ROOTS (colon-separated)', async () => {
    const outside = tempDir('rackshift-roots-');
    writeFileSync(join(outside, 'inv.csv'), fullInventoryCsv());
    vi.stubEnv('RACKSHIFT_INVENTORY_ROOTS', `/nonexistent:${outside}`);
    const { errors, r } = await siteWith('linked.csv', (p) => symlinkSync(join(outside, 'inv.csv'), p));
    expect(errors).toEqual([]);
    // 8 gpu-a + 4 gpu-b nodes, one row each in fullInventoryCsv.
    expect(r.site!.inventory.hosts).toHaveLength(12);
  });
});

describe('inventory file: regular files only, size checked before reading', () => {
  it('refuses a FIFO at once (reading one with no writer would hang)', async () => {
    const t = Date.now();
    const { errors, lines } = await siteWith('fifo.csv', (p) => {
      const made = spawnSync('mkfifo', [p]);
      if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
    });
    expect(errors.map((e) => e.rule)).toEqual(['rackshift:inventory/refused']);
    expect(lines[0]).toMatch(/fifo\.csv is a FIFO; only regular files are read$/);
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it('refuses /dev/zero through a link: outside the folder, and a device when its folder is allowed', async () => {
    const link = (p: string) => symlinkSync('/dev/zero', p);
    expect((await siteWith('zero.csv', link)).errors.map((e) => e.rule)).toEqual(['rackshift:inventory/outside']);
    vi.stubEnv('RACKSHIFT_INVENTORY_ROOTS', '/dev');
    const { errors, lines } = await siteWith('zero.csv', link);
    expect(errors.map((e) => e.rule)).toEqual(['rackshift:inventory/refused']);
    expect(lines[0]).toMatch(/zero\.csv is a character device; only regular files are read$/);
  });

  it('refuses a folder by name', async () => {
    const { errors, lines } = await siteWith('dir.csv', (p) => mkdirSync(p));
    expect(errors.map((e) => e.rule)).toEqual(['rackshift:inventory/refused']);
    expect(lines[0]).toMatch(/dir\.csv is a folder; only regular files are read$/);
  });

  it('refuses a file one byte over 32 MiB from its size alone', async () => {
    // A sparse file: 32 × 1,048,576 + 1 = 33,554,433 bytes, no disk used and nothing to read.
    const { errors, lines } = await siteWith('big.csv', (p) => {
      writeFileSync(p, '');
      truncateSync(p, MAX_INVENTORY_BYTES + 1);
    });
    expect(MAX_INVENTORY_BYTES + 1).toBe(33_554_433);
    expect(errors.map((e) => e.rule)).toEqual(['rackshift:inventory/refused']);
    // 33,554,433 / 1,048,576 = 32.000001 → "32.0 MiB"; the cap is exactly 32.0 MiB.
    expect(lines[0]).toMatch(/big\.csv is 32\.0 MiB; the limit is 32\.0 MiB for an inventory \(checked before reading\)$/);
  });

  it('refuses a FIFO, a folder and /dev/zero given as the site file itself', async () => {
    const dir = tempDir('rackshift-site-kinds-');
    spawnSync('mkfifo', [join(dir, 'fifo.yaml')]);
    mkdirSync(join(dir, 'folder.yaml'));
    for (const [file, kind] of [[join(dir, 'fifo.yaml'), 'a FIFO'], [join(dir, 'folder.yaml'), 'a folder'], ['/dev/zero', 'a character device']] as const) {
      const r = await loadSite(file);
      expect(r.diagnostics.map((d) => d.rule), file).toEqual(['rackshift:file/refused']);
      expect(formatDiagnostic(r.diagnostics[0]!)).toMatch(new RegExp(`: is ${kind}; only regular files are read$`));
    }
  });
});

describe('what an inventory says reaches messages only validated', () => {
  it('names an unknown header in at most 32 characters, escaped', async () => {
    const header = `colour\u001b[31m${'x'.repeat(5000)}`;
    const csv = fullInventoryCsv().split('\n').map((l, i) => (l === '' ? l : i === 0 ? `${l},${header}` : `${l},v`)).join('\n');
    const { r } = await siteWith('wide.csv', (p) => writeFileSync(p, csv));
    const line = r.diagnostics.filter((d) => d.rule === 'rackshift:inventory/unknown-column').map(formatDiagnostic)[0]!;
    expect(line).toBeDefined();
    expect(line).not.toContain('\u001b');
    // 32 characters kept: "colour" 6 + ESC 1 + "[31m" 4 = 11, then 32 − 11 = 21 x's.
    expect(line).toContain(`"colour\\u001b[31m${'x'.repeat(21)}…"`);
    // The rest of the line is the rule's own words: 5,000 x's never reach it.
    expect(line.length).toBeLessThan(300);
  });

  it('refuses a cell with markup or a newline-like character without echoing it, and keeps it out of the site', async () => {
    const csv = fullInventoryCsv().split('\n').map((l, i) => (i === 1 ? l.replace(/^[^,]+/, 'S1<script>alert(1)</script>') : l)).join('\n');
    const { errors, lines } = await siteWith('markup.csv', (p) => writeFileSync(p, csv));
    expect(errors.map((e) => e.rule)).toContain('rackshift:inventory/bad-value');
    expect(lines.join('\n')).not.toContain('<script>');
  });
});
