/**
 * writeOutput and OutputTransaction (synth/output-writer.ts): all or nothing across sites, a
 * marker in every site folder, no folder replaced that rackshift did not write, leftovers of
 * killed runs removed.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeOutput, type SiteOutput } from '../synth/synthesize';
import { OUTPUT_MARKER, OutputRefused, STALE_TMP_MS, TMP_PREFIX, removeStaleTemporaries } from '../synth/output-writer';
import type { ResolvedSite } from '../constructs/resolved-site';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempOut(): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'rackshift-write-'));
  dirs.push(out);
  return out;
}

/** writeOutput only reads the site's name. */
const site = (name: string, files: { path: string; content: string }[]): SiteOutput => ({ site: { name } as ResolvedSite, files, ms: 0 });
const one = (name: string, content: string) => site(name, [{ path: 'f.txt', content }]);

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

describe('writeOutput', () => {
  it('writes every file of many, with its own content, and the marker naming the site and format', async () => {
    const out = await tempOut();
    const files = Array.from({ length: 25 }, (_, i) => ({ path: `d${i % 3}/f${i}.txt`, content: `file ${i}\n`.repeat(i + 1) }));
    await writeOutput(out, [site('a', files)]);
    for (const f of files) expect(await readFile(join(out, 'a', f.path), 'utf8')).toBe(f.content);
    expect((await readdir(out)).sort()).toEqual(['a']);
    expect(JSON.parse(await readFile(join(out, 'a', OUTPUT_MARKER), 'utf8'))).toEqual({ generator: 'rackshift', format: 1, site: 'a' });
  });

  it('replaces a folder it wrote: old files go, new ones come', async () => {
    const out = await tempOut();
    await writeOutput(out, [site('a', [{ path: 'old.txt', content: 'old\n' }])]);
    await writeOutput(out, [site('a', [{ path: 'new.txt', content: 'new\n' }])]);
    expect((await readdir(join(out, 'a'))).sort()).toEqual([OUTPUT_MARKER, 'new.txt']);
  });

  it('leaves the previous output untouched and no temporary folder when one write fails', async () => {
    const out = await tempOut();
    await writeOutput(out, [site('a', [{ path: 'keep.txt', content: 'old\n' }])]);
    // `x` is both a file and the folder of `x/y.txt`: one of them fails, the others succeed.
    const files = [
      ...Array.from({ length: 10 }, (_, i) => ({ path: `f${i}.txt`, content: 'new\n' })),
      { path: 'x', content: 'file\n' },
      { path: 'x/y.txt', content: 'under a file\n' },
    ];
    await expect(writeOutput(out, [site('a', files)])).rejects.toThrow(/EISDIR|ENOTDIR|EEXIST/);
    expect(await readFile(join(out, 'a', 'keep.txt'), 'utf8')).toBe('old\n');
    expect((await readdir(join(out, 'a'))).sort()).toEqual([OUTPUT_MARKER, 'keep.txt']);
    expect(await readdir(out)).toEqual(['a']);
  });

  it('refuses a site folder it did not write, naming it, and changes nothing (other sites neither)', async () => {
    const out = await tempOut();
    await writeOutput(out, [one('a', 'a v1\n')]);
    await mkdir(join(out, 'b'));
    await writeFile(join(out, 'b', 'mine.txt'), 'user data\n');
    const err = await writeOutput(out, [one('a', 'a v2\n'), one('b', 'b v2\n')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutputRefused);
    expect((err as OutputRefused).lines).toEqual([`${join(out, 'b')}: not written by rackshift (no ${OUTPUT_MARKER} inside); rackshift only replaces a folder it wrote: move it away or choose another --out; nothing was changed`]);
    expect(await readFile(join(out, 'a', 'f.txt'), 'utf8')).toBe('a v1\n');
    expect(await readdir(join(out, 'b'))).toEqual(['mine.txt']);
    expect((await readdir(out)).sort()).toEqual(['a', 'b']); // no temporary folder was made
  });

  it.each([
    ['a marker of another site', JSON.stringify({ generator: 'rackshift', format: 1, site: 'other' }), /written by rackshift for site "other", not b/],
    ['a newer format', JSON.stringify({ generator: 'rackshift', format: 2, site: 'b' }), /written by a newer rackshift \(output format 2; this one writes 1\)/],
    ['a file that is not a marker', 'hello\n', /\.rackshift-output is not a rackshift marker/],
  ])('refuses a folder holding %s', async (_what, marker, says) => {
    const out = await tempOut();
    await mkdir(join(out, 'b'));
    await writeFile(join(out, 'b', OUTPUT_MARKER), marker);
    await expect(writeOutput(out, [one('b', 'x\n')])).rejects.toThrow(says);
    expect(await readFile(join(out, 'b', OUTPUT_MARKER), 'utf8')).toBe(marker);
  });

  it('refuses a site path that is a file or a link', async () => {
    const out = await tempOut();
    await writeFile(join(out, 'a'), 'a file\n');
    await expect(writeOutput(out, [one('a', 'x\n')])).rejects.toThrow(`${join(out, 'a')}: is a file, not a folder rackshift wrote`);
    expect(await readFile(join(out, 'a'), 'utf8')).toBe('a file\n');
  });

  // Two sites swapped in: the hook fails one rename of the swap; afterwards both sites hold
  // their previous trees and no temporary folder is left.
  it.each([
    ['moving the second site\'s new tree in', (from: string, to: string) => from.includes(TMP_PREFIX) && to.endsWith('/b')],
    ['moving the second site\'s old tree aside', (from: string) => from.endsWith('/b')],
  ])('a failure %s restores every previous tree', async (_what, failWhen) => {
    const out = await tempOut();
    await writeOutput(out, [one('a', 'a v1\n'), one('b', 'b v1\n')]);
    const hook = async (from: string, to: string) => {
      if (failWhen(from, to)) throw Object.assign(new Error(`EACCES: injected, rename '${from}'`), { code: 'EACCES' });
      await rename(from, to);
    };
    await expect(writeOutput(out, [one('a', 'a v2\n'), one('b', 'b v2\n')], { rename: hook })).rejects.toThrow(/EACCES: injected/);
    expect(await readFile(join(out, 'a', 'f.txt'), 'utf8')).toBe('a v1\n');
    expect(await readFile(join(out, 'b', 'f.txt'), 'utf8')).toBe('b v1\n');
    expect((await readdir(out)).sort()).toEqual(['a', 'b']);
  });

  it('a failure mid-swap with a site new this run removes it again', async () => {
    const out = await tempOut();
    await writeOutput(out, [one('b', 'b v1\n')]);
    const hook = async (from: string, to: string) => {
      if (from.includes(TMP_PREFIX) && to.endsWith('/b')) throw new Error('injected');
      await rename(from, to);
    };
    // `a` is new: swapped in first, then taken out again when `b` fails.
    await expect(writeOutput(out, [one('a', 'a v1\n'), one('b', 'b v2\n')], { rename: hook })).rejects.toThrow('injected');
    expect(await readdir(out)).toEqual(['b']);
    expect(await readFile(join(out, 'b', 'f.txt'), 'utf8')).toBe('b v1\n');
  });

  it('removes the temporary folders of runs that are gone or too old, and keeps a live one', async () => {
    const out = await tempOut();
    const dead = `${TMP_PREFIX}${deadPid()}-abc123`;
    const live = `${TMP_PREFIX}${process.ppid}-def456`; // the process that started this test runs
    const old = `${TMP_PREFIX}${process.ppid}-ghi789`;
    const unknown = `${TMP_PREFIX}xyz`; // no pid (an older rackshift): only age makes it stale
    for (const d of [dead, live, old, unknown]) {
      await mkdir(join(out, d, 'a'), { recursive: true });
      await writeFile(join(out, d, 'a', 'half.txt'), 'half-written\n');
    }
    // Older than the limit by a minute: 6 h + 60 s.
    const past = (Date.now() - STALE_TMP_MS - 60_000) / 1000;
    await utimes(join(out, old), past, past);
    expect((await removeStaleTemporaries(out)).sort()).toEqual([dead, old].sort());
    expect((await readdir(out)).sort()).toEqual([live, unknown].sort());
  });

  it('a run removes a killed run\'s leftover before writing', async () => {
    const out = await tempOut();
    const leftover = join(out, `${TMP_PREFIX}${deadPid()}-zzzzzz`);
    await mkdir(join(leftover, 'a'), { recursive: true });
    await writeOutput(out, [one('a', 'x\n')]);
    expect(await readdir(out)).toEqual(['a']);
  });
});
