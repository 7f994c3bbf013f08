/**
 * Secrets (issue 11): every credential shape, planted in every field that can carry one, never
 * reaches an output. Site-file fields and inventory cells are refused at load (naming the
 * field, never the value); what is not in a site file (a kubeconfig's server URL) is redacted
 * from deploy output; and every output that is made is grepped for every shape.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDeployCommand } from '../../cli/commands/deploy';
import { formatDiagnostic } from '../../constructs/diagnostics';
import { loadSite } from '../../constructs/load';
import { redactText } from '../../lib/redact';
import { readTree, runMain } from '../helpers/cli';
import { fullInventoryCsv, writeSmallSite } from '../helpers/bare-metal-site';
import { SMALL_SITE_FILE, mutate, tempDir, writeSite } from '../helpers/fixture';
import { FakeKubeApi } from '../support/fake-kube-api';
import { installOperators } from '../support/deploy-fixtures';
import { Capture } from '../support/deploy-harness';

/** The secret part of each shape: what no output may contain. */
const SHAPES = {
  'URL password': { planted: 'https://deploy:Sup3rS3cretPw@git.example.com/ops/site.git', secret: 'Sup3rS3cretPw' },
  'URL token as user (any scheme)': { planted: 'oci://tok3nAsUserName99@registry.example.com/x', secret: 'tok3nAsUserName99' },
  'query token': { planted: 'https://example.com/hook?token=qT0kenValue123', secret: 'qT0kenValue123' },
  'query signature': { planted: 'https://bucket.example.com/f?X-Amz-Signature=abcdef0123456789sig', secret: 'abcdef0123456789sig' },
  'GitHub classic': { planted: `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`, secret: `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef` },
  'GitHub fine-grained': { planted: `github_pat_11AAAAAAA0${'x'.repeat(50)}`, secret: `github_pat_11AAAAAAA0${'x'.repeat(50)}` },
  GitLab: { planted: 'glpat-AbCdEfGhIjKlMnOpQrSt', secret: 'glpat-AbCdEfGhIjKlMnOpQrSt' },
  Slack: { planted: 'xoxb-123456789012-abcdefABCDEF', secret: 'xoxb-123456789012-abcdefABCDEF' },
  // AWS's own documented example access key id.
  'AWS access key': { planted: 'AKIAIOSFODNN7EXAMPLE', secret: 'AKIAIOSFODNN7EXAMPLE' },
  JWT: { planted: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyYWNrc2hpZnQifQ.c2lnbmF0dXJlc2lnbmF0dXJl', secret: 'eyJzdWIiOiJyYWNrc2hpZnQifQ' },
  PEM: { planted: '-----BEGIN PRIVATE KEY-----\\nTUlJQ2VnSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NBbVF3Z2dKZ0FnRUFBb0dCQUxU\\n-----END PRIVATE KEY-----', secret: 'TUlJQ2VnSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NBbVF3' },
} as const;
const SECRETS = Object.values(SHAPES).map((s) => s.secret);
const leaks = (text: string) => SECRETS.filter((s) => text.includes(s));

describe('redactText: each shape', () => {
  it.each(Object.entries(SHAPES))('%s', (_name, { planted, secret }) => {
    const out = redactText(`value: ${planted.replace(/\\n/g, '\n')} end`);
    expect(out).not.toContain(secret);
    expect(out).toContain('(redacted)');
    expect(out.endsWith(' end')).toBe(true);
  });

  it('leaves ordinary text and an SSH login name alone', () => {
    const text = 'ssh://git@git.example.com/ops/site.git http://10.11.0.2:6180/boot?mac=aa dhcp-host=aa:bb,10.0.0.5';
    expect(redactText(text)).toBe(text);
  });
});

/** Site-file fields that take free text or URLs (each replaced in test/fixtures/small-site.yaml). */
const FIELDS: readonly (readonly [string, (v: string) => readonly [string, string]])[] = [
  ['metadata.region', (v) => ['region: test-grid', `region: "${v}"`]],
  ['metadata.name', (v) => ['name: small-1', `name: "${v}"`]],
  ['spec.gitops.repoURL', (v) => ['node: { cidr: 10.12.0.0/22 }', `node: { cidr: 10.12.0.0/22 }\n  gitops: { repoURL: "${v}" }`]],
  ['spec.provisioning.bootServerUrl', (v) => ['node: { cidr: 10.12.0.0/22 }', `node: { cidr: 10.12.0.0/22 }\n  provisioning: { bootServerUrl: "${v}" }`]],
  ['a catalog vendor', (v) => ['node: { cidr: 10.12.0.0/22 }', `node: { cidr: 10.12.0.0/22 }\n  catalog: { systems: [{ id: my-box, vendor: "${v}", gpu: h100-sxm, gpusPerNode: 8, nodeMaxKW: 10, cooling: air, cpuCores: 64, memoryGiB: 1024, source: test }] }`]],
];

describe('a credential in any site field is refused at load and never printed', () => {
  const cases = FIELDS.flatMap(([field, place]) => Object.entries(SHAPES).map(([shape, s]) => [field, shape, place(s.planted)] as const));
  it.each(cases)('%s ← %s', async (_field, _shape, replacement) => {
    const dir = tempDir('rackshift-secrets-');
    const file = writeSite(dir, 'site', mutate([replacement]));
    const r = await loadSite(file);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((e) => e.rule).some((id) => id === 'rackshift:file/secret' || id === 'rackshift:gitops/repo-url')).toBe(true);
    const lines = r.diagnostics.map(formatDiagnostic).join('\n');
    expect(leaks(lines)).toEqual([]);
    // Through the CLI too: validate and synth print errors only, write nothing, leak nothing.
    const out = join(dir, 'out');
    for (const argv of [['validate', file], ['synth', file, '--out', out]]) {
      const cli = await runMain(argv);
      expect(cli.code, argv[0]).toBe(1);
      expect(leaks(cli.stdout + cli.stderr), argv[0]).toEqual([]);
    }
  }, 60_000);

  it('a repoURL with a token is refused pointing to Argo CD\'s repository credentials Secret, without the URL', async () => {
    const dir = tempDir('rackshift-secrets-');
    const file = writeSite(dir, 'site', mutate([FIELDS[2]![1]('https://ci:glpat-AbCdEfGhIjKlMnOpQrSt@gitlab.example.com/ops/site.git')]));
    const r = await loadSite(file);
    const line = r.diagnostics.map(formatDiagnostic).find((l) => l.includes('spec.gitops.repoURL'))!;
    expect(line).toMatch(/carries credentials .*the URL is not shown.*argocd\.argoproj\.io\/secret-type: repository/);
    expect(line).not.toContain('gitlab.example.com');
  });
});

describe('a credential in an inventory cell', () => {
  it.each(Object.entries(SHAPES).filter(([, s]) => !s.planted.includes('\\n') && !s.planted.includes(',')))('%s in vendor is refused and not echoed', async (_shape, s) => {
    const csv = fullInventoryCsv().split('\n').map((l, i) => (i === 1 ? l.replace(/^([^,]+,[^,]+,[^,]+,[^,]+,)[^,]*/, `$1${s.planted}`) : l)).join('\n');
    const file = writeSmallSite({ inventory: { name: 'delivery.csv', text: csv } });
    const r = await loadSite(file);
    expect(r.diagnostics.map((d) => d.rule)).toContain('rackshift:inventory/bad-value');
    expect(leaks(r.diagnostics.map(formatDiagnostic).join('\n'))).toEqual([]);
  });
});

describe('outputs that are made carry none', () => {
  let api: FakeKubeApi;
  beforeEach(async () => {
    api = await FakeKubeApi.start();
    installOperators(api);
  });
  afterEach(async () => api.close());

  it('synth tree, plan and size of a clean site, and deploy to a kubeconfig whose server URL has a password', async () => {
    const dir = tempDir('rackshift-secrets-out-');
    const out = join(dir, 'out');
    expect((await runMain(['synth', SMALL_SITE_FILE, '--out', out])).code).toBe(0);
    const tree = Object.values(readTree(out)).join('\n');
    const plan = await runMain(['plan', SMALL_SITE_FILE, '--format', 'json']);
    const size = await runMain(['size', '--site', SMALL_SITE_FILE, '--gpus', '8']);
    // The kubeconfig is the operator's, not the site's: its server URL is redacted wherever deploy prints it.
    const kubeconfig = api.writeKubeconfig(dir);
    const withPassword = api.url.replace('://', `://admin:${SHAPES['URL password'].secret}@`);
    writeFileSync(kubeconfig, readFileSync(kubeconfig, 'utf8').replace(api.url, withPassword));
    const stdout = new Capture();
    const stderr = new Capture();
    await runDeployCommand([SMALL_SITE_FILE, '--out', join(dir, 'deploy-out'), '--kubeconfig', kubeconfig, '--dry-run', '--retry-budget', '1s'], { stdout, stderr, env: { RACKSHIFT_API_RETRY_BASE_MS: '1' } });
    expect(stdout.text + stderr.text).toMatch(/deploying to context fake \(http:\/\/\(redacted\)@127\.0\.0\.1:\d+\)/);
    for (const [what, text] of Object.entries({ tree, plan: plan.stdout + plan.stderr, size: size.stdout + size.stderr, deploy: stdout.text + stderr.text })) expect(leaks(text), what).toEqual([]);
  }, 120_000);
});
