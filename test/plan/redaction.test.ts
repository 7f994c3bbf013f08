/**
 * Secrets planted in both versions never reach a plan, in any format, while the fact that a
 * secret changed still shows.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSecretKey, redactLeaf, redactLine, redactText } from '../../lib/redact';
import { permianText, runCli, synthFolder, tempDir, removeTempDirs } from './helpers';

const PEM = (body: string) => `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
const BASE = { password: 'hunter2-base-Zx81', pem: PEM('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7base'), bearer: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiYXNlIn0.c2lnbmF0dXJlYmFzZQ' };
const HEAD = { password: 'hunter2-head-Qp07', pem: PEM('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7head'), bearer: 'Bearer abcdefghijklmnop0123456789head' };
const PLANTED = [BASE, HEAD].flatMap((s) => [s.password, 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7', s.bearer.slice(7), 'eyJhbGciOiJIUzI1NiJ9']);

let outputs: Record<string, string>;

beforeAll(async () => {
  const text = await permianText();
  // the head also grows a pool, so the plan has other changes around the secrets
  const baseDir = await synthFolder({ 'permian-1': text }, BASE);
  const headDir = await synthFolder({ 'permian-1': text.replace('nodes: 768', 'nodes: 772') }, HEAD);
  const dir = await tempDir();
  const md = await runCli(['plan', '--base', baseDir, '--head', headDir, '--out', join(dir, 'plan.md')]);
  const json = await runCli(['plan', '--base', baseDir, '--head', headDir, '--format', 'json']);
  await runCli(['plan', '--base', baseDir, '--head', headDir, '--format', 'json', '--out', join(dir, 'plan.json')]);
  // a site that only exists in head shows every field of its new objects
  const added = await runCli(['plan', '--base', await tempDir(), '--head', headDir, '--max-chars', '10000000']);
  outputs = { md: md.stdout, mdFull: await readFile(join(dir, 'plan.md'), 'utf8'), json: json.stdout, jsonFile: await readFile(join(dir, 'plan.json'), 'utf8'), added: added.stdout };
}, 60_000);

afterAll(removeTempDirs);

describe('redaction', () => {
  it('leaves no planted secret in Markdown, full Markdown or JSON', () => {
    for (const [name, text] of Object.entries(outputs)) {
      expect(text.length, name).toBeGreaterThan(500);
      for (const secret of PLANTED) expect(text, `${name} leaks ${secret}`).not.toContain(secret);
    }
  });

  it('still shows that each secret changed, by address and field', () => {
    const md = outputs.md!;
    // A Secret says which of its keys changed, never what they hold: "(redacted) → (redacted)" says nothing.
    expect(md).toMatch(/^~ Secret rackshift-system\/registry-auth: content changed \(secret, not shown\): stringData\.password, stringData\["tls\.key"\]$/m);
    expect(md).not.toContain('"(redacted)"\n+     stringData');
    // key-named secret in a ConfigMap, and a bearer string under an innocent key
    expect(md).toMatch(/^\+ {5}data\.apiToken: "\(redacted\)"$/m);
    expect(md).toMatch(/^\+ {5}data\.authHeader: "Bearer \(redacted\)"$/m);
    // in a file that is not an object
    expect(md).toMatch(/^- auth-secret=\(redacted\)$/m);
    // a site only in head reads as new: 9,216 GPUs + 4 more DGX H100 × 8 = 9,248
    expect(outputs.added).toMatch(/^\*\*\+[\d,]+ to add, ~0 to change, -0 to destroy\*\* · site \*\*permian-1\*\* added \(3 tenants, 2 pools\) · GPUs 9,248 \(new\) · /m);
    // a reviewer still sees the innocent neighbours
    expect(outputs.added).toContain('data.endpoint: "https://api.example.net"');
    expect(outputs.added).toMatch(/spec\.bmc\.credentialsName: "h200-a-0001-bmc"/);
    const plan = JSON.parse(outputs.json!);
    const secret = plan.sites[0].changes.find((c: { name: string }) => c.name === 'registry-auth');
    expect(secret.fields).toContainEqual({ path: 'stringData.password', old: '(redacted)', new: '(redacted)' });
  });
});

describe('redaction rules', () => {
  it('redacts secret-named keys but not references to secrets', () => {
    for (const k of ['password', 'adminPassword', 'bmc_password', 'token', 'bootstrapToken', 'apiKey', 'api-key', 'privateKey', 'client_secret', 'secret', 'passphrase', 'credentials']) expect(isSecretKey(k), k).toBe(true);
    for (const k of ['credentialsName', 'secretName', 'tokenSecretRef', 'key', 'name', 'passwordFile', 'tls.crt', 'sshAuthorizedKeys']) expect(isSecretKey(k), k).toBe(false);
  });

  it('redacts every value of a Secret, only its data', () => {
    expect(redactLeaf('Secret', ['data', 'username'], 'YWRtaW4=')).toBe('(redacted)');
    expect(redactLeaf('Secret', ['metadata', 'name'], 'bmc-creds')).toBe('bmc-creds');
    expect(redactLeaf('ConfigMap', ['data', 'username'], 'admin')).toBe('admin');
  });

  it('redacts shapes in free text and lines', () => {
    // The whole userinfo: a token is often the user name (https://ghp_…@github.com).
    expect(redactText('url: https://admin:s3cr3t@bmc.example/redfish')).toBe('url: https://(redacted)@bmc.example/redfish');
    expect(redactText(`a\n${PEM('abc')}b`)).toBe('a\n-----BEGIN PRIVATE KEY----- (redacted) -----END PRIVATE KEY-----\nb');
    expect(redactLine('    "password": "pw1",')).toBe('    "password": "(redacted)",');
    expect(redactLine('dhcp-host=node-1,10.0.0.5')).toBe('dhcp-host=node-1,10.0.0.5');
  });
});
