/**
 * A local Kubernetes control plane for `npm run test:cluster`: etcd, kube-apiserver and the
 * Kueue controller (binaries from test/cluster/control-plane/build.sh), all on 127.0.0.1 in a
 * temporary folder. The API server runs as a real cluster's does: TLS with a generated CA,
 * token authentication, Node and RBAC authorization, the default admission plugins plus
 * NodeRestriction. Kueue serves its webhooks on loopback and the API server calls them.
 * No kubelet, scheduler or controller manager: Node objects stand for the GPU nodes.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { controlPlaneBinaries, missingBinaries, type Binaries } from './binaries';
import { installCrds, installKueueWebhooks, kueueConfig } from './kueue-setup';
import { makePki, type Pki } from './pki';
import { ManagedProcess, freePort } from './process';

/** Node identities with a token, for NodeRestriction tests (user system:node:<name>). */
export const TEST_NODES = ['rackshift-test-node-a', 'rackshift-test-node-b'] as const;

export interface ControlPlaneInfo {
  readonly dir: string;
  readonly server: string;
  /** cluster-admin (group system:masters). */
  readonly kubeconfig: string;
  /** One kubeconfig per TEST_NODES identity. */
  readonly nodeKubeconfigs: Record<string, string>;
  readonly versions: { readonly kubeApiserver: string; readonly etcd: string; readonly kueue: string };
}

interface Token {
  readonly token: string;
  readonly user: string;
  readonly groups: readonly string[];
}

function kubeconfigYaml(server: string, caCert: string, token: string, user: string): string {
  const ca = readFileSync(caCert).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: rackshift-local',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${ca}`,
    'users:',
    `- name: ${user}`,
    '  user:',
    `    token: ${token}`,
    'contexts:',
    '- name: rackshift-local',
    '  context:',
    '    cluster: rackshift-local',
    `    user: ${user}`,
    'current-context: rackshift-local',
    '',
  ].join('\n');
}

/** GET over loopback; resolves the status and body. */
function get(url: string, opts: { ca?: Buffer; token?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const lib = url.startsWith('https:') ? https : http;
    const req = lib.get(url, { ca: opts.ca, headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {}, timeout: 5_000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

export class LocalControlPlane {
  private readonly processes: ManagedProcess[] = [];
  private readonly onExit = () => this.processes.forEach((p) => p.kill());

  private constructor(
    readonly dir: string,
    readonly binaries: Binaries,
  ) {
    process.once('exit', this.onExit);
  }

  /** The binaries' paths, or the reason they cannot be used (not built yet). */
  static binaries(): { binaries: Binaries; missing: string[] } {
    const binaries = controlPlaneBinaries();
    return { binaries, missing: missingBinaries(binaries) };
  }

  static async start(log: (line: string) => void = () => undefined): Promise<{ plane: LocalControlPlane; info: ControlPlaneInfo }> {
    const { binaries, missing } = LocalControlPlane.binaries();
    if (missing.length > 0) throw new Error(`control plane binaries not built: ${missing.join(', ')} (run test/cluster/control-plane/build.sh)`);
    const plane = new LocalControlPlane(mkdtempSync(join(tmpdir(), 'rackshift-control-plane-')), binaries);
    try {
      return { plane, info: await plane.boot(log) };
    } catch (e) {
      await plane.stop({ keepDir: true });
      throw new Error(`${(e as Error).message}\n(logs kept in ${plane.dir})`);
    }
  }

  private async boot(log: (line: string) => void): Promise<ControlPlaneInfo> {
    const b = this.binaries;
    const pki = makePki(this.dir);
    const ca = readFileSync(pki.caCert);
    const tokens = this.writeTokens();
    const admin = tokens[0]!;

    const etcdPort = await freePort();
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const etcd = this.spawn('etcd', b.etcd, [
      '--name=rackshift-test',
      `--data-dir=${join(this.dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${await freePort()}`,
      // A throwaway store: fsync only costs time.
      '--unsafe-no-fsync',
      '--log-level=warn',
    ]);
    await etcd.waitUntil('healthy', async () => (await get(`${etcdUrl}/health`)).body.includes('"health":"true"'), 30_000);

    const apiPort = await freePort();
    const server = `https://127.0.0.1:${apiPort}`;
    const apiserver = this.spawn('kube-apiserver', b.kubeApiserver, this.apiserverArgs(pki, etcdUrl, apiPort));
    await apiserver.waitUntil('ready', async () => (await get(`${server}/readyz`, { ca, token: admin.token })).status === 200, 90_000);
    const version = JSON.parse((await get(`${server}/version`, { ca, token: admin.token })).body) as { gitVersion: string };

    const kubeconfig = join(this.dir, 'admin.kubeconfig');
    writeFileSync(kubeconfig, kubeconfigYaml(server, pki.caCert, admin.token, admin.user), { mode: 0o600 });
    const nodeKubeconfigs: Record<string, string> = {};
    for (const t of tokens.filter((x) => x.groups.includes('system:nodes'))) {
      const name = t.user.slice('system:node:'.length);
      nodeKubeconfigs[name] = join(this.dir, `${name}.kubeconfig`);
      writeFileSync(nodeKubeconfigs[name], kubeconfigYaml(server, pki.caCert, t.token, t.user), { mode: 0o600 });
    }
    const kueueUser = tokens.find((t) => t.user === 'kueue-controller')!;
    const kueueKubeconfig = join(this.dir, 'kueue.kubeconfig');
    writeFileSync(kueueKubeconfig, kubeconfigYaml(server, pki.caCert, kueueUser.token, kueueUser.user), { mode: 0o600 });

    await installCrds(kubeconfig, b.kueueManifests);

    const kueueCerts = join(this.dir, 'kueue-certs');
    mkdirSync(kueueCerts);
    copyFileSync(pki.servingCert, join(kueueCerts, 'tls.crt'));
    copyFileSync(pki.servingKey, join(kueueCerts, 'tls.key'));
    const ports = { webhook: await freePort(), health: await freePort(), metrics: await freePort() };
    const config = join(this.dir, 'kueue-config.yaml');
    writeFileSync(config, kueueConfig({ certDir: kueueCerts, ...ports }));
    // Kueue reads its metrics certificate from the fixed path /etc/kueue/metrics/certs when it
    // does not manage certificates itself: give it that path inside a private mount namespace
    // (a tmpfs over /etc that only this process sees), so nothing on the host changes.
    const kueue = this.spawn(
      'kueue',
      'unshare',
      ['--mount', 'sh', '-c', 'mount -t tmpfs tmpfs /etc && mkdir -p /etc/kueue/metrics/certs && cp "$0"/tls.crt "$0"/tls.key /etc/kueue/metrics/certs/ && exec "$@"', kueueCerts, b.kueue, `--config=${config}`, '--feature-gates=VisibilityOnDemand=false', '--zap-log-level=info'],
      { ...process.env, KUBECONFIG: kueueKubeconfig },
    );
    await kueue.waitUntil('ready', async () => (await get(`http://127.0.0.1:${ports.health}/readyz`)).status === 200, 90_000);
    const kueueVersion = /gitVersion"?\s*[:=]\s*"?([^",\s}]+)/.exec(readFileSync(kueue.log, 'utf8'))?.[1] ?? 'unknown';
    await installKueueWebhooks(kubeconfig, b.kueueManifests, `https://127.0.0.1:${ports.webhook}`, ca);

    const versions = { kubeApiserver: version.gitVersion, etcd: b.etcdVersion, kueue: kueueVersion };
    log(`local control plane in ${this.dir}: kube-apiserver ${versions.kubeApiserver} at ${server}, etcd ${versions.etcd}, Kueue ${versions.kueue} (webhooks on 127.0.0.1:${ports.webhook})`);
    const info: ControlPlaneInfo = { dir: this.dir, server, kubeconfig, nodeKubeconfigs, versions };
    writeFileSync(join(this.dir, 'control-plane.json'), JSON.stringify(info, null, 2));
    return info;
  }

  private apiserverArgs(pki: Pki, etcdUrl: string, port: number): string[] {
    return [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${port}`,
      `--tls-cert-file=${pki.servingCert}`,
      `--tls-private-key-file=${pki.servingKey}`,
      `--client-ca-file=${pki.caCert}`,
      `--token-auth-file=${join(this.dir, 'tokens.csv')}`,
      '--authorization-mode=Node,RBAC',
      // On top of the plugins a default cluster enables (NamespaceLifecycle, LimitRanger,
      // ServiceAccount, PodSecurity, Priority, ResourceQuota, the webhook plugins, ...).
      '--enable-admission-plugins=NodeRestriction',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`,
      // Only an allocation range for Service objects; nothing routes to it.
      '--service-cluster-ip-range=10.96.0.0/16',
      // The endpoint reconciler refuses a loopback advertise address; nothing routes to the
      // kubernetes Service here anyway.
      '--endpoint-reconciler-type=none',
      `--cert-dir=${join(this.dir, 'apiserver-certs')}`,
      '--profiling=false',
    ];
  }

  private writeTokens(): Token[] {
    const tok = () => randomBytes(24).toString('hex');
    const tokens: Token[] = [
      { token: tok(), user: 'rackshift-test-admin', groups: ['system:masters'] },
      // Kueue as cluster-admin: its own RBAC is out of scope for what these tests prove.
      { token: tok(), user: 'kueue-controller', groups: ['system:masters'] },
      ...TEST_NODES.map((n) => ({ token: tok(), user: `system:node:${n}`, groups: ['system:nodes'] })),
    ];
    writeFileSync(join(this.dir, 'tokens.csv'), tokens.map((t, i) => `${t.token},${t.user},uid-${i},"${t.groups.join(',')}"`).join('\n') + '\n', { mode: 0o600 });
    return tokens;
  }

  private spawn(name: string, cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): ManagedProcess {
    const p = ManagedProcess.start(name, join(this.dir, `${name}.log`), cmd, args, env);
    this.processes.push(p);
    return p;
  }

  /** Stops Kueue, the API server and etcd (in that order) and removes the folder. */
  async stop(opts: { keepDir?: boolean } = {}): Promise<void> {
    for (const p of [...this.processes].reverse()) await p.stop();
    process.removeListener('exit', this.onExit);
    if (!opts.keepDir) rmSync(this.dir, { recursive: true, force: true });
  }
}
