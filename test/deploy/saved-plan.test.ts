/**
 * A reviewed plan is what deploys: `plan --save-plan` records the head's trees by content hash;
 * `deploy --plan` applies when the sites synthesize to exactly those trees, and refuses —
 * before any request that changes the cluster — when they do not.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDeployCommand } from '../../cli/commands/deploy';
import { main } from '../../cli/main';
import { FakeKubeApi } from '../support/fake-kube-api';
import { installOperators } from '../support/deploy-fixtures';
import { Capture } from '../support/deploy-harness';
import { runCli } from '../plan/helpers';

const SMALL_SITE = resolve(__dirname, '..', 'fixtures', 'small-site.yaml');

let api: FakeKubeApi;
let dir: string;
let site: string;
beforeEach(async () => {
  api = await FakeKubeApi.start();
  installOperators(api);
  // The operators' namespaces come with the operators (see cli.test.ts).
  for (const name of ['metal3', 'baremetal-operator-system', 'gpu-operator', 'tink-system']) api.update({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, 'kubectl');
  dir = mkdtempSync(join(tmpdir(), 'rackshift-saved-plan-'));
  mkdirSync(join(dir, 'sites'));
  site = join(dir, 'sites', 'small.yaml');
  copyFileSync(SMALL_SITE, site);
  mkdirSync(join(dir, 'empty'));
});
afterEach(async () => {
  await api.close();
});

async function deploy(args: string[]) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runDeployCommand([site, '--out', join(dir, 'deployed'), '--kubeconfig', api.writeKubeconfig(dir), ...args], { stdout, stderr, env: { RACKSHIFT_API_RETRY_BASE_MS: '1' } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

async function reviewedPlan(): Promise<string> {
  // The reviewer's head: the output folder CI synthesized, planned against an empty base.
  expect(await main(['synth', site, '--out', join(dir, 'head')])).toBe(0);
  writeFileSync(join(dir, 'empty', '.keep'), '');
  const file = join(dir, 'reviewed.plan.json');
  const r = await runCli(['plan', '--base', join(dir, 'head'), '--head', join(dir, 'head'), '--save-plan', file]);
  expect(r.stderr).toContain(`saved the reviewed head as ${file}`);
  return file;
}

describe('deploy --plan FILE', () => {
  it('applies the reviewed trees when the sites synthesize to exactly them', async () => {
    const file = await reviewedPlan();
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.kind).toBe('SavedPlan');
    expect(Object.keys(saved.sites)).toHaveLength(1);
    expect(Object.values(saved.sites)[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
    const r = await deploy(['--plan', file]);
    expect(r.stderr).toContain('trees unchanged since review');
    expect(r.code, r.stderr).toBe(0);
    expect(api.writes().length).toBeGreaterThan(10);
  });

  it('refuses, changing nothing, when a site changed since the plan was reviewed', async () => {
    const file = await reviewedPlan();
    writeFileSync(site, readFileSync(site, 'utf8').replace('{ name: bravo, pool: h100-a, gpus: 512, isolation: shared }', '{ name: bravo, pool: h100-a, gpus: 256, isolation: shared }'));
    const before = api.requests.length;
    const r = await deploy(['--plan', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rackshift deploy: site \S+ changed since the plan was reviewed \([0-9a-f]{12} reviewed, [0-9a-f]{12} now\)/);
    expect(r.stderr).toContain('nothing was changed; run rackshift plan again and review it');
    // Only the reachability check reached the cluster; nothing was written.
    expect(api.requests.slice(before).every((q) => q.method === 'GET')).toBe(true);
    expect(api.writes()).toEqual([]);
  });

  it('refuses a file that is not a saved plan', async () => {
    writeFileSync(join(dir, 'bogus.json'), '{"kind":"Plan"}');
    const r = await deploy(['--plan', join(dir, 'bogus.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not a rackshift saved plan');
  });
});
