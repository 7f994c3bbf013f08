/**
 * `rackshift deploy` as a command: synth then apply of what the targets wrote (generic over
 * every YAML file under kubernetes/ and bare-metal/), the engines' missing-program errors, and
 * one-line errors (exit 1, no stack trace) for no kubeconfig, unreachable server, wrong context.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runDeployCommand } from '../../cli/commands/deploy';
import type { Target } from '../../stacks';
import { FakeKubeApi } from '../support/fake-kube-api';
import { hostObjects, installOperators, tenantObjects } from '../support/deploy-fixtures';
import { Capture } from '../support/deploy-harness';

const ROOT = resolve(__dirname, '..', '..');
const SITE = join(ROOT, 'sites', 'permian-1.yaml');
/** For runs of the real command with the real targets: a small site synthesizes fast. */
const SMALL_SITE = join(ROOT, 'test', 'fixtures', 'small-site.yaml');

/** Stands in for the kubernetes and bare-metal targets: multi-document YAML, a kustomization, non-object files. */
const fixtureTarget = (gpus = 64): Target => ({
  name: 'deploy-fixture',
  render: () => [
    { path: 'kubernetes/tenants.yaml', content: tenantObjects('acme', gpus).map((o) => stringify(o)).join('---\n') },
    { path: 'kubernetes/kustomization.yaml', content: stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['tenants.yaml'] }) },
    { path: 'bare-metal/hosts/gpu-001.yaml', content: hostObjects(['gpu-001']).map((o) => stringify(o)).join('---\n') },
    { path: 'bare-metal/cloud-init/gpu-001.yaml', content: '#cloud-config\nhostname: gpu-001\n' },
    { path: 'bare-metal/kea-dhcp4.json', content: '{"Dhcp4": {}}\n' },
    { path: 'terraform/cdk.tf.json', content: '{"terraform": {}}\n' },
  ],
});

let api: FakeKubeApi;
let dir: string;
beforeEach(async () => {
  api = await FakeKubeApi.start();
  installOperators(api);
  dir = mkdtempSync(join(tmpdir(), 'rackshift-deploy-cli-'));
});
afterEach(async () => {
  await api.close();
});

async function deploy(args: string[], opts: { gpus?: number; env?: NodeJS.ProcessEnv } = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runDeployCommand([SITE, '--out', join(dir, 'out'), ...args], { stdout, stderr, env: opts.env ?? { RACKSHIFT_API_RETRY_BASE_MS: '1' }, targets: [fixtureTarget(opts.gpus)] });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('rackshift deploy (kubernetes engine)', () => {
  it('synthesizes like synth, prints the plan, applies every object of kubernetes/ and bare-metal/', async () => {
    const kubeconfig = api.writeKubeconfig(dir);
    const r = await deploy(['--kubeconfig', kubeconfig]);
    expect(r.stderr).not.toContain('rackshift deploy:');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'out', 'permian-1', 'kubernetes', 'tenants.yaml'))).toBe(true);
    expect(r.stdout).toContain(`deploying to context fake (${api.url})`);
    expect(r.stdout).toContain('permian-1: plan: 7 to create, 0 to configure, 0 to prune, 0 unchanged');
    expect(r.stdout).toContain('+ create    BareMetalHost metal3/gpu-001');
    expect(r.stdout).toMatch(/permian-1: 7 created, 0 configured, 0 unchanged, 0 pruned in/);
    expect(api.object('metal3.io/v1alpha1', 'BareMetalHost', 'metal3', 'gpu-001')).toBeDefined();
    expect(api.requests.some((q) => q.path.includes('kustomiz'))).toBe(false);

    const again = await deploy(['--kubeconfig', kubeconfig, '--dry-run'], { gpus: 96 });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('~ configure ResourceQuota acme/gpu-quota');
    expect((api.object('v1', 'ResourceQuota', 'acme', 'gpu-quota') as unknown as { spec: { hard: Record<string, string> } }).spec.hard['requests.nvidia.com/gpu']).toBe('64');
  });

  it('deploys what the real targets synthesize (tenancy and bare metal), then finds nothing to change', async () => {
    const kubeconfig = api.writeKubeconfig(dir);
    const run = async () => {
      const stdout = new Capture();
      const stderr = new Capture();
      const code = await runDeployCommand([SMALL_SITE, '--out', join(dir, 'real'), '--kubeconfig', kubeconfig, '--wait'], { stdout, stderr, env: {} });
      return { code, stdout: stdout.text, stderr: stderr.text };
    };
    // The operators' namespaces come with the operators; the targets do not create them.
    const missing = await run();
    expect(missing.code).toBe(1);
    // The cluster's shared unit (the GPU Operator config) goes first and stops there.
    expect(missing.stderr).toContain('rackshift deploy: cluster.shared: namespace gpu-operator does not exist and the site does not create it — needed by 1 object (small-1/kubernetes/shared.yaml: ConfigMap gpu-operator/rackshift-device-plugin-config); create it, or install the operator that owns it');
    api.update({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gpu-operator' } }, 'kubectl');
    const noMetal3 = await run();
    expect(noMetal3.stderr).toMatch(/rackshift deploy: small-1: namespace baremetal-operator-system does not exist and the site does not create it — needed by \d+ objects/);
    api.update({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'baremetal-operator-system' } }, 'kubectl');
    const first = await run();
    expect(first.stderr).not.toContain('rackshift deploy:');
    expect(first.code).toBe(0);
    const created = Number(/small-1: (\d+) created, 0 configured, 0 unchanged, 0 pruned/.exec(first.stdout)?.[1]);
    expect(created).toBeGreaterThan(50);
    // rackshift-system holds rackshift's own bookkeeping (inventories, locks): not the site's objects.
    const kinds = (owner: string) => new Set(api.all().filter((o) => o.metadata.namespace !== 'rackshift-system' && (o.metadata.labels as Record<string, string> | undefined)?.['rackshift.dev/site'] === owner).map((o) => o.kind));
    for (const k of ['Namespace', 'ResourceQuota', 'ClusterQueue', 'LocalQueue', 'ResourceFlavor', 'NetworkPolicy', 'Secret']) expect(kinds('small-1')).toContain(k);
    expect([...kinds('cluster.shared')].sort()).toEqual(['ClusterPolicy', 'ConfigMap']);
    // The shared unit went in on the run that then stopped at small-1's missing namespace.
    expect(noMetal3.stdout).toMatch(/cluster\.shared: 2 created, 0 configured, 0 unchanged, 0 pruned/);
    expect(first.stderr).toMatch(/ready ClusterQueue \S+: Active/);
    const second = await run();
    expect(second.stdout).toContain(`small-1: 0 created, 0 configured, ${created} unchanged, 0 pruned`);
  });

  it('takes KUBECONFIG (several files, merged) and --context as kubectl does', async () => {
    const kubeconfig = api.writeKubeconfig(dir);
    const r = await deploy(['--context', 'fake'], { env: { KUBECONFIG: `${join(dir, 'missing')}:${kubeconfig}`, RACKSHIFT_API_RETRY_BASE_MS: '1' } });
    expect(r.code).toBe(0);
  });

  it('uses the kubeconfig credentials: a wrong token is one line', async () => {
    const other = await FakeKubeApi.start({ token: 'right' });
    const kubeconfig = other.writeKubeconfig(dir);
    writeFileSync(kubeconfig, readFileSync(kubeconfig, 'utf8').replace('token: right', 'token: wrong'));
    const r = await deploy(['--kubeconfig', kubeconfig]);
    await other.close();
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`rackshift deploy: the API server at ${other.url} refused the credentials of context fake: 401 Unauthorized`);
  });

  it('rejects an unknown engine and a bad duration as usage errors', async () => {
    await expect(deploy(['--engine', 'helm'])).rejects.toThrow('--engine helm: expected one of kubernetes, terraform, pulumi');
    await expect(deploy(['--timeout', '5 minutes'])).rejects.toThrow('--timeout 5 minutes: expected a duration such as 500ms, 30s, 5m or 1m30s');
  });
});

describe('one-line errors from the real command (exit 1, no stack trace)', () => {
  const cli = (args: string[], env: NodeJS.ProcessEnv) =>
    new Promise<{ code: number; stderr: string; stdout: string }>((done) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'rackshift.mjs'), 'deploy', SMALL_SITE, '--out', join(dir, 'out'), ...args], { env: { PATH: process.env.PATH, ...env }, cwd: dir });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c));
      child.stdout.on('data', (c: Buffer) => (stdout += c));
      child.on('close', (code) => done({ code: code ?? -1, stderr, stdout }));
    });

  it('no kubeconfig', async () => {
    const home = mkdtempSync(join(tmpdir(), 'rackshift-home-'));
    const r = await cli([], { HOME: home });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`rackshift deploy: no kubeconfig: KUBECONFIG is not set, ${join(home, '.kube', 'config')} does not exist and this is not a pod in a cluster; pass --kubeconfig FILE or set KUBECONFIG\n`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('unreachable API server', async () => {
    const port = await freePort();
    const kubeconfig = api.writeKubeconfig(dir);
    writeFileSync(kubeconfig, readFileSync(kubeconfig, 'utf8').replace(api.url, `http://127.0.0.1:${port}`));
    const r = await cli(['--kubeconfig', kubeconfig], { RACKSHIFT_API_RETRIES: '2', RACKSHIFT_API_RETRY_BASE_MS: '1' });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('rackshift deploy:'))).toEqual([
      `rackshift deploy: cannot reach the Kubernetes API server at http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port} (2 tries) (context fake in ${kubeconfig})`,
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('Ctrl-C stops the run after the request in flight, exit 130, and says how to finish', async () => {
    const kubeconfig = api.writeKubeconfig(dir);
    // The real targets run here: their objects also live in the operators' namespaces.
    for (const name of ['baremetal-operator-system', 'gpu-operator']) api.update({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, 'kubectl');
    api.fault({ method: 'PATCH', dryRun: false, kind: 'hang', times: Infinity });
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'rackshift.mjs'), 'deploy', SMALL_SITE, '--out', join(dir, 'out'), '--kubeconfig', kubeconfig], { env: { PATH: process.env.PATH }, cwd: dir });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    let finished = false;
    const exited = new Promise<number>((done) => child.on('close', (code) => ((finished = true), done(code ?? -1))));
    while (!finished && !api.requests.some((q) => q.method === 'PATCH' && q.query.dryRun !== 'All')) await new Promise((r) => setTimeout(r, 20));
    expect(stderr).not.toContain('rackshift deploy:');
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('interrupting after the current request');
    expect(stderr).toMatch(/rackshift deploy: (small-1|cluster\.shared): interrupted (before anything was applied|after \d+ of \d+ objects); run rackshift deploy again/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('wrong context', async () => {
    const kubeconfig = api.writeKubeconfig(dir);
    const r = await cli(['--context', 'prod'], { KUBECONFIG: kubeconfig });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`rackshift deploy: context "prod" is not in ${kubeconfig} (contexts: fake, other)\n`);
  });
});

describe('rackshift deploy --only node-labels', () => {
  /** Runs deploy with the real targets on the small site. */
  const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runDeployCommand([SMALL_SITE, '--out', join(dir, 'real'), ...args], { stdout, stderr, env });
    return { code, stdout: stdout.text, stderr: stderr.text };
  };

  it('labels the joined Nodes and applies no object: no namespace, no ApplySet, no BareMetalHost', async () => {
    const kubeconfig = api.writeKubeconfig(dir);
    // A node's kubelet has registered; the operators' namespaces do not exist (a full deploy would stop on them).
    api.update({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'h100-a-0001', labels: { 'kubernetes.io/hostname': 'h100-a-0001' } } }, 'kubelet');
    const before = api.all().length;
    const r = await run(['--kubeconfig', kubeconfig, '--only', 'node-labels']);
    expect(r.stderr).not.toContain('rackshift deploy:');
    expect(r.code).toBe(0);
    // The small site has 320 + 72 + 14 = 406 nodes (h100-a, nvl-a, l40s-a); one has joined.
    expect(r.stdout).toMatch(/^small-1: node isolation labels: labelled 1, 0 unchanged, 0 released; 405 not joined yet/m);
    expect(r.stdout).not.toContain('plan:');
    const labels = api.object('v1', 'Node', undefined, 'h100-a-0001')!.metadata.labels as Record<string, string>;
    expect(labels['node-restriction.kubernetes.io/rackshift-site']).toBe('small-1');
    expect(labels['node-restriction.kubernetes.io/rackshift-pool']).toBe('h100-a');
    // h100-a-0001 is among acme's dedicated nodes (acme takes 1024 GPUs = 128 nodes of h100-a).
    expect(labels['node-restriction.kubernetes.io/rackshift-tenant']).toBe('acme');
    // Nothing else was written: one Node patched, the object count unchanged.
    expect(api.writes().map((q) => `${q.method} ${q.path}`)).toEqual(['PATCH /api/v1/nodes/h100-a-0001']);
    expect(api.all().length).toBe(before);
  });

  it('is a usage error with another part, another engine or a client-side dry run', async () => {
    await expect(run(['--only', 'node-label'])).rejects.toThrow('--only node-label: expected node-labels; did you mean "node-labels"?');
    await expect(run(['--only', 'node-labels', '--engine', 'terraform'])).rejects.toThrow("--only node-labels applies the labels with deploy's own client; it takes no --engine terraform");
    await expect(run(['--only', 'node-labels', '--dry-run=client'])).rejects.toThrow('--only node-labels with --dry-run=client');
  });
});

describe('other engines', () => {
  const fakeBin = (programs: Record<string, string>) => {
    const bin = mkdtempSync(join(tmpdir(), 'rackshift-bin-'));
    for (const [name, body] of Object.entries(programs)) {
      writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    }
    return bin;
  };

  it('--engine terraform without terraform on PATH names what is missing and how to get it', async () => {
    const r = await deploy(['--engine', 'terraform'], { env: { PATH: fakeBin({}) } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rackshift deploy: --engine terraform: neither `terraform` nor `cdktn` is on PATH; install Terraform >= 1.5 (https://developer.hashicorp.com/terraform/install)');
    const onlyCdktf = await deploy(['--engine', 'terraform'], { env: { PATH: fakeBin({ cdktn: 'exit 0' }) } });
    expect(onlyCdktf.stderr).toContain('`cdktn` is on PATH');
    expect(onlyCdktf.stderr).toContain('but `terraform` is not, and cdktn deploy runs terraform');
  });

  it('--engine terraform plans, checks for deletions, and applies the saved plan in each stack', async () => {
    const log = join(dir, 'terraform.log');
    const bin = fakeBin({ terraform: 'echo "$*" >> "$FAKE_TF_LOG"\ncase "$*" in *"show -json"*) echo "$FAKE_TF_SHOW";; esac' });
    const env = { PATH: bin, FAKE_TF_LOG: log, FAKE_TF_SHOW: JSON.stringify({ resource_changes: [{ address: 'kubernetes_namespace.acme', change: { actions: ['create'] } }] }) };
    const r = await deploy(['--engine', 'terraform'], { env });
    expect(r.stderr).not.toContain('rackshift deploy:');
    expect(r.code).toBe(0);
    const stack = join(dir, 'out', 'permian-1', 'terraform');
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      `-chdir=${stack} init -input=false -no-color`,
      `-chdir=${stack} plan -input=false -out=rackshift.tfplan`,
      `-chdir=${stack} show -json rackshift.tfplan`,
      `-chdir=${stack} apply -input=false rackshift.tfplan`,
    ]);

    const deleting = { ...env, FAKE_TF_SHOW: JSON.stringify({ resource_changes: [{ address: 'kubernetes_namespace.beta', change: { actions: ['delete'] } }] }) };
    const refused = await deploy(['--engine', 'terraform'], { env: deleting });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the plan deletes 1 resource:');
    expect(refused.stderr).toContain('kubernetes_namespace.beta (delete)');
    expect(readFileSync(log, 'utf8').trim().split('\n').filter((l) => l.includes(' apply '))).toHaveLength(1);

    const dry = await deploy(['--engine', 'terraform', '--dry-run'], { env: deleting });
    expect(dry.code).toBe(0);
    expect(readFileSync(log, 'utf8').trim().split('\n').filter((l) => l.includes(' apply '))).toHaveLength(1);
  });

  it('--engine terraform says the Nodes\' isolation labels are left to deploy --only node-labels', async () => {
    const bin = fakeBin({ terraform: 'case "$*" in *"show -json"*) echo \'{"resource_changes": []}\';; esac' });
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runDeployCommand([SMALL_SITE, '--out', join(dir, 'real'), '--engine', 'terraform'], { stdout, stderr, env: { PATH: bin } });
    expect(stderr.text).not.toContain('rackshift deploy:');
    expect(code).toBe(0);
    expect(stderr.text).toContain('note: --engine terraform does not set the Nodes\' isolation labels (small-1: node-labels/); run rackshift deploy --only node-labels against the workload cluster once nodes join');
  });

  it('--engine pulumi without the Pulumi CLI says how to install it', async () => {
    const r = await deploy(['--engine', 'pulumi'], { env: { PATH: fakeBin({}) } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `wrote 1 site to ${join(dir, 'out')}\nrackshift deploy: --engine pulumi: the Pulumi CLI is not on PATH (the Automation API drives it); install it with \`curl -fsSL https://get.pulumi.com | sh\` (https://www.pulumi.com/docs/iac/download-install/) and make sure \`pulumi\` is on PATH\n`,
    );
  });
});

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

