/**
 * `rackshift synth` never deletes or overwrites what it did not write: user files under --out
 * survive byte for byte, a folder of inputs given as --out is refused, a site folder that is a
 * link to the inputs is refused, and each refusal is one line naming the folder, exit 1, with
 * nothing changed.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTree, REPO, runMain } from '../helpers/cli';
import { SMALL_SITE, tempDir } from '../helpers/fixture';

const STACK_FRAME = /^\s+at /m;
const root = tempDir('rackshift-hostile-out-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

let serial = 0;
/** A fresh folder with `sites/small-1.yaml` (the small fixture site, named small-1). */
function workspace(): { dir: string; sites: string; site: string } {
  const dir = join(root, `w${++serial}`);
  const sites = join(dir, 'sites');
  mkdirSync(sites, { recursive: true });
  const site = join(sites, 'small-1.yaml');
  writeFileSync(site, SMALL_SITE);
  return { dir, sites, site };
}

/** Every file and link under `dir`, as bytes (binary-safe), for before/after comparisons. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = join(e.parentPath, e.name);
    out[p.slice(dir.length + 1)] = e.isFile() ? readFileSync(p).toString('base64') : e.isSymbolicLink() ? 'link' : 'dir';
  }
  return out;
}

describe('synth and the files it did not write', () => {
  it('user files beside the site folders survive a synth byte-identical', async () => {
    const { dir, site } = workspace();
    const out = join(dir, 'out');
    mkdirSync(join(out, 'notes'), { recursive: true });
    writeFileSync(join(out, 'README.md'), '# my notes\n');
    writeFileSync(join(out, 'notes', 'binary.bin'), Buffer.from([0, 255, 10, 13, 0x1b]));
    const before = snapshot(out);
    for (let run = 0; run < 2; run++) {
      const r = await runMain(['synth', site, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
    }
    const after = snapshot(out);
    for (const [path, bytes] of Object.entries(before)) expect(after[path], path).toBe(bytes);
    expect(Object.keys(after)).toContain('small-1/summary.json');
  });

  it('a folder under --out named like a site, not written by rackshift, is refused and kept byte-identical', async () => {
    const { dir, site } = workspace();
    const out = join(dir, 'out');
    mkdirSync(join(out, 'small-1', 'deep'), { recursive: true });
    writeFileSync(join(out, 'small-1', 'deep', 'site-backup.yaml'), SMALL_SITE);
    writeFileSync(join(out, 'small-1', '.hidden'), 'x');
    const before = snapshot(out);
    const r = await runMain(['synth', site, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([`${join(out, 'small-1')}: not written by rackshift (no .rackshift-output inside); rackshift only replaces a folder it wrote: move it away or choose another --out; nothing was changed`]);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(snapshot(out)).toEqual(before);
  });

  it.each([
    ['the sites folder itself', (w: ReturnType<typeof workspace>) => ['synth', w.sites, '--out', w.sites], (w: ReturnType<typeof workspace>) => `--out ${w.sites}: is the input folder ${w.sites}; choose an output folder outside the inputs; nothing was changed`],
    ['a folder inside the sites folder', (w: ReturnType<typeof workspace>) => ['synth', w.sites, '--out', join(w.sites, 'out')], (w: ReturnType<typeof workspace>) => `--out ${join(w.sites, 'out')}: lies inside the input folder ${w.sites}; choose an output folder outside the inputs; nothing was changed`],
    ['the folder of a site file named alone', (w: ReturnType<typeof workspace>) => ['synth', w.site, '--out', w.sites], (w: ReturnType<typeof workspace>) => `--out ${w.sites}: holds the input file ${w.site}; choose an output folder outside the inputs; nothing was changed`],
    ['a folder holding the sites folder', (w: ReturnType<typeof workspace>) => ['synth', w.sites, '--out', w.dir], (w: ReturnType<typeof workspace>) => `--out ${w.dir}: holds the input folder ${w.sites}; choose an output folder outside the inputs; nothing was changed`],
  ])('--out as %s is refused', async (_what, args, says) => {
    const w = workspace();
    const before = snapshot(w.dir);
    const r = await runMain(args(w));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([says(w)]);
    expect(snapshot(w.dir)).toEqual(before);
  });

  it('a site folder that is a link to the inputs is refused, and the inputs stay', async () => {
    const w = workspace();
    const out = join(w.dir, 'out');
    mkdirSync(out);
    symlinkSync(w.sites, join(out, 'small-1'));
    const before = snapshot(w.dir);
    const r = await runMain(['synth', w.site, '--out', out]);
    expect(r.code).toBe(1);
    // The site's output folder resolves to the sites folder, which holds the site file.
    expect(r.stderr.trim().split('\n')).toEqual([`site small-1: its output folder ${join(out, 'small-1')} would replace the input file ${w.site}; rename the site or choose another --out; nothing was changed`]);
    expect(snapshot(w.dir)).toEqual(before);
  });

  it('an inventory inside --out is refused', async () => {
    const dir = join(root, 'inventory');
    cpSync(join(REPO, 'sites'), join(dir, 'sites'), { recursive: true });
    rmSync(join(dir, 'sites', 'red-river.yaml'));
    const inventory = join(dir, 'sites', 'inventory', 'permian-1-h200-a.csv');
    const before = snapshot(dir);
    const r = await runMain(['synth', join(dir, 'sites', 'permian-1.yaml'), '--out', join(dir, 'sites', 'inventory')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([`--out ${join(dir, 'sites', 'inventory')}: holds the input file ${inventory}; choose an output folder outside the inputs; nothing was changed`]);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a killed run\'s temporary folder is removed by the next synth', async () => {
    const { dir, site } = workspace();
    const out = join(dir, 'out');
    // pid 2^22 + 1 is above Linux's pid_max (at most 2^22), so no process has it.
    const leftover = join(out, '.rackshift-tmp-4194305-Ab12Cd');
    mkdirSync(join(leftover, 'small-1', 'kubernetes'), { recursive: true });
    writeFileSync(join(leftover, 'small-1', 'kubernetes', 'cluster.yaml'), 'half a fi');
    const r = await runMain(['synth', site, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['small-1']);
    expect(Object.keys(readTree(out))).toContain('small-1/.rackshift-output');
  });
});
