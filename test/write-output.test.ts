/** writeOutput writes files several at a time; it must still be all or nothing. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeOutput, type SiteOutput } from '../synth/synthesize';
import type { ResolvedSite } from '../constructs/resolved-site';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** writeOutput only reads the site's name. */
const site = (name: string, files: { path: string; content: string }[]): SiteOutput => ({ site: { name } as ResolvedSite, files, ms: 0 });

describe('writeOutput', () => {
  it('writes every file of many, with its own content', async () => {
    const out = await mkdtemp(join(tmpdir(), 'rackshift-write-'));
    dirs.push(out);
    const files = Array.from({ length: 25 }, (_, i) => ({ path: `d${i % 3}/f${i}.txt`, content: `file ${i}\n`.repeat(i + 1) }));
    await writeOutput(out, [site('a', files)]);
    for (const f of files) expect(await readFile(join(out, 'a', f.path), 'utf8')).toBe(f.content);
    expect((await readdir(out)).sort()).toEqual(['a']);
  });

  it('leaves the previous output untouched and no temporary folder when one write fails', async () => {
    const out = await mkdtemp(join(tmpdir(), 'rackshift-write-'));
    dirs.push(out);
    await writeOutput(out, [site('a', [{ path: 'keep.txt', content: 'old\n' }])]);
    // `x` is both a file and the folder of `x/y.txt`: one of them fails, the others succeed.
    const files = [
      ...Array.from({ length: 10 }, (_, i) => ({ path: `f${i}.txt`, content: 'new\n' })),
      { path: 'x', content: 'file\n' },
      { path: 'x/y.txt', content: 'under a file\n' },
    ];
    await expect(writeOutput(out, [site('a', files)])).rejects.toThrow(/EISDIR|ENOTDIR|EEXIST/);
    expect(await readFile(join(out, 'a', 'keep.txt'), 'utf8')).toBe('old\n');
    expect(await readdir(join(out, 'a'))).toEqual(['keep.txt']);
    expect(await readdir(out)).toEqual(['a']);
  });
});
