/**
 * `rackshift validate --crds DIR`: every object the sites synthesize is validated against the
 * CRDs in DIR. The real upstream folder passes; a folder whose ClusterQueue schema lacks a
 * field the output uses fails, naming site, file, object and field; a folder without the
 * ClusterQueue CRD fails naming the kind; a missing folder is wrong usage (exit 2).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { runMain, STACK_FRAME } from './helpers/cli';
import { crdsDir, loadCrds } from './helpers/crds';

const crds = loadCrds();
const tmp = mkdtempSync(join(tmpdir(), 'rackshift-crds-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const savedEnv = process.env.RACKSHIFT_CRDS;
afterEach(() => {
  if (savedEnv === undefined) delete process.env.RACKSHIFT_CRDS;
  else process.env.RACKSHIFT_CRDS = savedEnv;
});

/** A copy of the real CRD folder, changed by `edit`. */
function tamperedCopy(name: string, edit: (dir: string) => void): string {
  const dir = join(tmp, name);
  cpSync(crdsDir(), dir, { recursive: true });
  edit(dir);
  return dir;
}

const problemLines = (stderr: string) => stderr.split('\n').filter((l) => /^[a-z0-9-]+\/(kubernetes|bare-metal)\//.test(l));

describe('rackshift validate --crds', () => {
  it('passes on sites/ with the upstream CRDs, counting every object it checked', async ({ skip }) => {
    if (!crds) return skip();
    const r = await runMain(['validate', 'sites', '--crds', crdsDir()]);
    expect(r.code, r.stderr).toBe(0);
    expect(problemLines(r.stderr)).toEqual([]);
    expect(r.stderr).toMatch(/^ok \d+ Kubernetes objects of 2 sites validate \(CRDs from .*\)$/m);
    expect(Number(/ok (\d+) Kubernetes objects/.exec(r.stderr)![1])).toBeGreaterThan(1000);
    // The CRDs' CEL rules ran too; only the oldSelf ones wait for a live object.
    const cel = /^CEL: (\d+) rule evaluations; (\d+) not evaluated \((\d+) compare with the live object \(oldSelf\): rackshift deploy checks those\)$/m.exec(r.stderr);
    expect(cel, r.stderr).not.toBeNull();
    expect(Number(cel![1])).toBeGreaterThan(0);
    expect(cel![3]).toBe(cel![2]);
  });

  it('fails, naming the field, when the ClusterQueue schema lacks spec.preemption', async ({ skip }) => {
    if (!crds) return skip();
    const dir = tamperedCopy('no-preemption', (d) => {
      const file = join(d, 'kueue.x-k8s.io_clusterqueues.yaml');
      const doc = parseDocument(readFileSync(file, 'utf8'));
      const versions = doc.getIn(['spec', 'versions']) as { items: { get(k: string): unknown }[] };
      const v1beta2 = versions.items.findIndex((v) => v.get('name') === 'v1beta2');
      expect(doc.deleteIn(['spec', 'versions', v1beta2, 'schema', 'openAPIV3Schema', 'properties', 'spec', 'properties', 'preemption'])).toBe(true);
      writeFileSync(file, doc.toString());
    });
    const r = await runMain(['validate', 'sites/permian-1.yaml', '--crds', dir]);
    expect(r.code, r.stderr).toBe(1);
    const lines = problemLines(r.stderr);
    // permian-1 has three tenants, each with one ClusterQueue that sets preemption.
    expect(lines).toEqual([
      'permian-1/kubernetes/tenants/acme-ai.yaml: ClusterQueue acme-ai spec.preemption: not declared by the schema; the API server would prune it',
      'permian-1/kubernetes/tenants/borealis-labs.yaml: ClusterQueue borealis-labs spec.preemption: not declared by the schema; the API server would prune it',
      'permian-1/kubernetes/tenants/nimbus-research.yaml: ClusterQueue nimbus-research spec.preemption: not declared by the schema; the API server would prune it',
    ]);
    expect(r.stderr).toContain(`3 object errors in 1 site (CRDs from ${dir})`);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('fails, naming the kind and folder, when the folder has no CRD for an emitted kind', async ({ skip }) => {
    if (!crds) return skip();
    const dir = tamperedCopy('no-clusterqueue', (d) => unlinkSync(join(d, 'kueue.x-k8s.io_clusterqueues.yaml')));
    process.env.RACKSHIFT_CRDS = dir; // the environment variable is the fallback for --crds
    const r = await runMain(['validate', 'sites/permian-1.yaml']);
    expect(r.code).toBe(1);
    expect(problemLines(r.stderr)).toContain(`permian-1/kubernetes/tenants/acme-ai.yaml: ClusterQueue acme-ai (root): no CRD for kueue.x-k8s.io/v1beta2 ClusterQueue in ${dir}`);
    expect(problemLines(r.stderr).every((l) => l.includes(' ClusterQueue '))).toBe(true);
  });

  it('a missing folder is wrong usage (exit 2), from --crds or RACKSHIFT_CRDS', async () => {
    const r = await runMain(['validate', 'sites', '--crds', join(tmp, 'no-such-crds')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`rackshift validate: CRD folder ${join(tmp, 'no-such-crds')}: no such folder (from --crds)`);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    process.env.RACKSHIFT_CRDS = join(tmp, 'also-missing');
    const env = await runMain(['validate', 'sites']);
    expect(env.code).toBe(2);
    expect(env.stderr).toContain(`CRD folder ${join(tmp, 'also-missing')}: no such folder (from RACKSHIFT_CRDS)`);
  });

  it('a folder without any CRD is wrong usage too', async () => {
    const empty = join(tmp, 'empty');
    cpSync(join('sites', 'permian-1.yaml'), join(empty, 'not-a-crd.yaml'), { recursive: true });
    const r = await runMain(['validate', 'sites', '--crds', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`CRD folder ${empty}: no CustomResourceDefinition in any *.yaml file`);
  });

  it('without --crds or RACKSHIFT_CRDS, skips the object check and says so in one line', async () => {
    delete process.env.RACKSHIFT_CRDS;
    const r = await runMain(['validate', 'sites/permian-1.yaml']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('skipped the Kubernetes object check: no CRD folder (give --crds DIR or set RACKSHIFT_CRDS)\n');
  });

  it('--help documents --crds', async () => {
    const r = await runMain(['validate', '--help']);
    expect(r.stdout + r.stderr).toMatch(/Usage: rackshift validate \[PATH…\] \[--crds DIR\]/);
    expect(r.stdout + r.stderr).toMatch(/--crds DIR +folder of CustomResourceDefinition YAML/);
  });
});
