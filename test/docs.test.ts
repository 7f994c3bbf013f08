/**
 * Docs that stay true (issue 17): every `npx rackshift …` command of README.md and docs/*.md
 * runs against a temporary copy of the example sites and exits as documented, and the README's
 * output-layout tree is the tree a real synth writes. Markers for commands that need a cluster
 * or a git history: test/helpers/doc-commands.ts.
 *
 * Commands run in this process (main()), one after the other: a child process per command
 * costs seconds here. Commands that mean the same (`synth`, `synth sites/ --out cdktf.out`)
 * run once; the synth below is the one the layout check reads.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docCommands, readmeLayout, type DocCommand } from './helpers/doc-commands';
import { REPO, runMain, STACK_FRAME, type CliResult } from './helpers/cli';

const DOCS = ['README.md', ...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const COMMANDS = DOCS.flatMap((f) => docCommands(join(REPO, f), f)).filter((c) => c.argv[0] !== '…');
const SHARED = join(REPO, '..', 'shared');

let tmp: string;
let work: string;
const cwd = process.cwd();
const ran = new Map<string, CliResult>();

/** What a command runs as here: cluster commands as a client-side dry run, revisions as the reference output. */
function runnable(c: DocCommand): { argv: string[]; env: Record<string, string> } {
  let argv = [...c.argv];
  // A client-side dry run waits for nothing: `deploy --wait` is checked as `deploy` is.
  if (c.needs.includes('cluster')) argv = [...argv.filter((a) => a !== '--dry-run' && !a.startsWith('--dry-run=') && a !== '--wait'), '--dry-run=client'];
  if (c.needs.includes('git')) argv = argv.map((a, i) => (argv[i - 1] === '--base' || argv[i - 1] === '--head' ? 'cdktf.out' : a));
  return { argv, env: { ...c.env } };
}

/** The same command however it is spelled: default PATH and --out made explicit, trailing slashes off, RACKSHIFT_CRDS as --crds. */
function sameAs(argv: readonly string[], env: Readonly<Record<string, string>>): string {
  const [command, ...rest] = argv.map((a) => (a.length > 1 ? a.replace(/\/+$/, '') : a));
  const e = { ...env };
  if (command === 'validate' && e.RACKSHIFT_CRDS && !rest.includes('--crds')) rest.push('--crds', e.RACKSHIFT_CRDS);
  delete e.RACKSHIFT_CRDS;
  if (['synth', 'validate', 'deploy'].includes(command!) && !rest.some((a) => a === 'sites' || a.endsWith('.yaml'))) rest.unshift('sites');
  if (command === 'synth' && !rest.includes('--out')) rest.push('--out', 'cdktf.out');
  return JSON.stringify([command, ...rest, e]);
}

async function run(argv: readonly string[], env: Readonly<Record<string, string>>): Promise<CliResult> {
  const key = sameAs(argv, env);
  const done = ran.get(key);
  if (done) return done;
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  process.chdir(work);
  try {
    const r = await runMain(argv);
    ran.set(key, r);
    return r;
  } finally {
    process.chdir(cwd);
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'rackshift-docs-'));
  work = join(tmp, 'rackshift');
  cpSync(join(REPO, 'sites'), join(work, 'sites'), { recursive: true });
  // `../shared/schemas/crds`, as beside the repository.
  if (existsSync(SHARED)) symlinkSync(SHARED, join(tmp, 'shared'));
  process.env.RACKSHIFT_TODAY = '2026-11-24';
  // The one synth: the README's `npx rackshift synth`, which the layout check reads too.
  const r = await run(['synth'], {});
  if (r.code !== 0) throw new Error(`synth of the example sites failed:\n${r.stderr}`);
}, 240_000);

afterAll(() => {
  delete process.env.RACKSHIFT_TODAY;
  rmSync(tmp, { recursive: true, force: true });
});

describe('the commands in the README and docs/', () => {
  it('are found: every command the README shows, in every file that has them', () => {
    const commands = new Set(COMMANDS.map((c) => c.argv[0]));
    for (const c of ['synth', 'validate', 'plan', 'deploy', 'size', 'dispatch', 'schema', 'catalog', 'help']) expect(commands, c).toContain(c);
  });

  it.each(COMMANDS.map((c) => [`${c.where} ${c.text}`, c] as const))('%s', async (_name, c) => {
    const { argv, env } = runnable(c);
    const needsCrds = [...argv, ...Object.values(env)].some((a) => a.includes('schemas/crds'));
    if (needsCrds && !existsSync(SHARED)) {
      if (process.env.CI === 'true') throw new Error(`${SHARED} is missing; CI needs it`);
      console.warn(`skipping ${c.where}: no CRD folder at ${SHARED}`);
      return;
    }
    const r = await run(argv, env);
    expect(r.code, `${c.where}: rackshift ${argv.join(' ')}\n${r.stderr}`).toBe(c.exit);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  }, 120_000);
});

describe("the README's output layout", () => {
  const entries = readmeLayout(readFileSync(join(REPO, 'README.md'), 'utf8'));

  /** Every file synth wrote for the example sites, as `<site>` → paths below it; dotfiles (markers, temp) aside. */
  const written = () => {
    const out = join(work, 'cdktf.out');
    const files: string[] = [];
    for (const site of readdirSync(out).filter((s) => !s.startsWith('.'))) {
      for (const f of readdirSync(join(out, site), { recursive: true, withFileTypes: true })) {
        const path = relative(join(out, site), join(f.parentPath, f.name));
        if (f.isFile() && !path.split('/').some((p) => p.startsWith('.'))) files.push(path);
      }
    }
    return files;
  };

  it('names every file a real synth writes', () => {
    const unlisted = written().filter((f) => !entries.some((e) => e.pattern.test(f)));
    expect([...new Set(unlisted)].sort()).toEqual([]);
  });

  it('lists nothing synth does not write (an entry saying "when …" may be absent)', () => {
    const files = written();
    const missing = entries.filter((e) => !e.optional && !files.some((f) => e.pattern.test(f))).map((e) => e.path);
    expect(missing).toEqual([]);
    expect(entries.length).toBeGreaterThan(10);
  });
});
