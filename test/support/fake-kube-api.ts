/**
 * An in-process fake Kubernetes API server on 127.0.0.1 (random port) for deploy tests. It
 * implements what deploy uses, with the API's own response shapes: discovery (/api, /apis,
 * resource lists, CRD-defined kinds once established), server-side apply PATCH with field
 * managers, managedFields-based conflicts (409 with field-level causes) and force, GET, LIST
 * by label selector (paged with limit and continue), DELETE (namespaces cascade), dryRun=All, and status for waits
 * (Namespace phase, CRD Established, ClusterQueue Active). Faults can be injected: an HTTP
 * status N times, a request that never answers, a dropped connection.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';

type Obj = Record<string, unknown> & { apiVersion: string; kind: string; metadata: Record<string, unknown> & { name: string; namespace?: string } };

interface Resource {
  group: string;
  versions: string[];
  kind: string;
  plural: string;
  namespaced: boolean;
}

interface Owner {
  operation: 'Apply' | 'Update';
  apiVersion: string;
  fields: Set<string>;
}

interface Stored {
  obj: Obj;
  owners: Map<string, Owner>;
  gets: number;
}

export interface Fault {
  method?: string;
  /** Substring of the path (or a pattern) the fault applies to. */
  path?: string | RegExp;
  /** Only requests with (true) or without (false) dryRun=All. */
  dryRun?: boolean;
  kind: 'status' | 'hang' | 'drop';
  status?: number;
  retryAfter?: number;
  /** How many matching requests fail; Infinity for all. */
  times: number;
  /** Only while this holds (a window of time on the test's clock). */
  while?: () => boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

export interface FakeOptions {
  /** GETs of a new CRD before it reports Established (0: at once). */
  crdEstablishAfterGets?: number;
  /** GETs of a new ClusterQueue before it reports Active; Infinity: never. */
  clusterQueueActiveAfterGets?: number;
  token?: string;
  /**
   * Also serve requests that carry no credentials (an API server allowing anonymous access):
   * kubectl sends no bearer token to a plain-http server, so the deploy bench's kubectl needs it.
   */
  allowAnonymous?: boolean;
}

const BUILT_IN: Resource[] = [
  { group: '', versions: ['v1'], kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { group: '', versions: ['v1'], kind: 'Node', plural: 'nodes', namespaced: false },
  { group: '', versions: ['v1'], kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  { group: '', versions: ['v1'], kind: 'Secret', plural: 'secrets', namespaced: true },
  { group: '', versions: ['v1'], kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true },
  { group: '', versions: ['v1'], kind: 'LimitRange', plural: 'limitranges', namespaced: true },
  { group: '', versions: ['v1'], kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true },
  { group: '', versions: ['v1'], kind: 'Service', plural: 'services', namespaced: true },
  { group: '', versions: ['v1'], kind: 'PodTemplate', plural: 'podtemplates', namespaced: true },
  { group: 'apiextensions.k8s.io', versions: ['v1'], kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false },
  { group: 'rbac.authorization.k8s.io', versions: ['v1'], kind: 'Role', plural: 'roles', namespaced: true },
  { group: 'rbac.authorization.k8s.io', versions: ['v1'], kind: 'RoleBinding', plural: 'rolebindings', namespaced: true },
  { group: 'rbac.authorization.k8s.io', versions: ['v1'], kind: 'ClusterRole', plural: 'clusterroles', namespaced: false },
  { group: 'rbac.authorization.k8s.io', versions: ['v1'], kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false },
  { group: 'networking.k8s.io', versions: ['v1'], kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true },
  { group: 'scheduling.k8s.io', versions: ['v1'], kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false },
  { group: 'coordination.k8s.io', versions: ['v1'], kind: 'Lease', plural: 'leases', namespaced: true },
];

const REASONS: Record<number, string> = { 400: 'BadRequest', 403: 'Forbidden', 422: 'Invalid', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout' };

/** Top-level keys that are not user fields for field ownership. */
const NOT_FIELDS = new Set(['apiVersion', 'kind', 'status']);
const NOT_METADATA_FIELDS = new Set(['name', 'namespace', 'managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp', 'deletionTimestamp']);

export class FakeKubeApi {
  readonly requests: RecordedRequest[] = [];
  readonly faults: Fault[] = [];
  /** Called for every request before it is served (tests use it to interrupt a run mid-way). */
  onRequest?: (r: RecordedRequest) => void;
  private readonly store = new Map<string, Stored>();
  private readonly crdResources = new Map<string, Resource>();
  private readonly sockets = new Set<Socket>();
  private rv = 100;
  private uid = 0;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    readonly options: FakeOptions,
  ) {}

  static async start(options: FakeOptions = {}): Promise<FakeKubeApi> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const api = new FakeKubeApi(server, `http://127.0.0.1:${port}`, options);
    server.on('connection', (s) => {
      api.sockets.add(s);
      s.on('close', () => api.sockets.delete(s));
    });
    server.on('request', (req, res) => api.handle(req, res));
    // Every cluster has these.
    for (const name of ['default', 'kube-system']) api.update({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, 'kube-apiserver');
    return api;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Writes a kubeconfig whose context `fake` (and an extra `other`) points at this server. */
  writeKubeconfig(dir = mkdtempSync(join(tmpdir(), 'rackshift-kubeconfig-'))): string {
    const file = join(dir, 'kubeconfig');
    writeFileSync(
      file,
      toYaml({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          { name: 'fake', cluster: { server: this.url } },
          { name: 'other', cluster: { server: 'http://127.0.0.1:9' } },
        ],
        users: [{ name: 'fake-admin', user: { token: this.options.token ?? 'fake-token' } }],
        contexts: [
          { name: 'fake', context: { cluster: 'fake', user: 'fake-admin', namespace: 'default' } },
          { name: 'other', context: { cluster: 'other', user: 'fake-admin' } },
        ],
        'current-context': 'fake',
      }),
    );
    return file;
  }

  fault(f: Fault): void {
    this.faults.push(f);
  }

  /** Writes for real (no dryRun): PATCH, DELETE, PUT, POST. */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET' && r.query.dryRun !== 'All');
  }

  /** Installs a CRD as `kubectl apply` would (manager `kubectl`), established at once. */
  installCrd(group: string, kind: string, plural: string, scope: 'Namespaced' | 'Cluster', versions: string[]): void {
    this.update({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${plural}.${group}` },
      spec: { group, scope, names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` }, versions: versions.map((v, i) => ({ name: v, served: true, storage: i === versions.length - 1 })) },
    }, 'kubectl', true);
  }

  /** Writes an object as another client would with a non-apply update (e.g. `kubectl edit`). */
  update(obj: Obj, manager: string, established = false): Obj {
    const res = this.resourceFor(obj.apiVersion, obj.kind);
    if (!res) throw new Error(`fake: no resource for ${obj.apiVersion} ${obj.kind}`);
    const key = this.key(res, obj.metadata.namespace, obj.metadata.name);
    const existing = this.store.get(key);
    const merged = deepMerge(existing ? clone(existing.obj) : {}, clone(obj)) as Obj;
    const owners = existing?.owners ?? new Map<string, Owner>();
    const fields = fieldPaths(obj);
    for (const [, o] of owners) for (const f of fields) o.fields.delete(f);
    owners.set(manager, { operation: 'Update', apiVersion: obj.apiVersion, fields });
    this.save(res, key, merged, owners, existing, established);
    return this.render(this.store.get(key)!);
  }

  /** Sets status fields directly (what a controller would do). */
  setStatus(apiVersion: string, kind: string, namespace: string | undefined, name: string, status: Record<string, unknown>): void {
    const s = this.lookup(apiVersion, kind, namespace, name);
    if (!s) throw new Error(`fake: no ${kind} ${name}`);
    s.obj.status = { ...(s.obj.status as object), ...status };
  }

  /** Deletes an object as another client would (a node drained and removed); false when absent. */
  deleteObject(apiVersion: string, kind: string, namespace: string | undefined, name: string): boolean {
    const res = this.resourceFor(apiVersion, kind);
    return res ? this.store.delete(this.key(res, res.namespaced ? namespace : undefined, name)) : false;
  }

  object(apiVersion: string, kind: string, namespace: string | undefined, name: string): Obj | undefined {
    const s = this.lookup(apiVersion, kind, namespace, name);
    return s ? this.render(s) : undefined;
  }

  all(): Obj[] {
    return [...this.store.values()].map((s) => this.render(s));
  }

  private lookup(apiVersion: string, kind: string, namespace: string | undefined, name: string): Stored | undefined {
    const res = this.resourceFor(apiVersion, kind);
    return res ? this.store.get(this.key(res, res.namespaced ? namespace : undefined, name)) : undefined;
  }

  private resources(): Resource[] {
    return [...BUILT_IN, ...this.crdResources.values()];
  }

  private resourceFor(apiVersion: string, kind: string): Resource | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return this.resources().find((r) => r.group === group && r.kind === kind && r.versions.includes(version!));
  }

  private key(res: Resource, ns: string | undefined, name: string): string {
    return `${res.group}/${res.plural}/${res.namespaced ? ns ?? '' : ''}/${name}`;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, query });
    this.onRequest?.({ method, path: url.pathname, query });
    const fault = this.faults.find((f) => f.times > 0 && (!f.while || f.while()) && (!f.method || f.method === method) && matches(f.path, url.pathname) && (f.dryRun === undefined || f.dryRun === (query.dryRun === 'All')));
    if (fault) {
      fault.times--;
      if (fault.kind === 'hang') return; // never answer; close() destroys the socket
      if (fault.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      const status = fault.status ?? 503;
      if (fault.retryAfter !== undefined) res.setHeader('Retry-After', String(fault.retryAfter));
      return send(res, status, statusBody(status, REASONS[status] ?? 'InternalError', 'injected fault'));
    }
    const anonymous = this.options.allowAnonymous && req.headers.authorization === undefined;
    if (!anonymous && req.headers.authorization !== `Bearer ${this.options.token ?? 'fake-token'}`) {
      return send(res, 401, statusBody(401, 'Unauthorized', 'Unauthorized'));
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const [status, body] = this.route(method, url.pathname, query, Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
        send(res, status, body);
      } catch (err) {
        send(res, 500, statusBody(500, 'InternalError', (err as Error).message));
      }
    });
  }

  private route(method: string, path: string, query: Record<string, string>, body: string, contentType: string | undefined): [number, unknown] {
    if (path === '/version') return [200, { major: '1', minor: '32', gitVersion: 'v1.32.0-fake' }];
    if (path === '/api') return [200, { kind: 'APIVersions', versions: ['v1'] }];
    if (path === '/apis') return [200, this.groupList()];
    const disc = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (disc) return this.resourceList(disc[1] ? '' : disc[2]!, disc[1] ?? disc[3]!);
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    if (!m) return [404, statusBody(404, 'NotFound', 'the server could not find the requested resource')];
    const group = m[1] ? '' : m[2]!;
    const version = m[1] ?? m[3]!;
    const ns = m[4] ? decodeURIComponent(m[4]) : undefined;
    const res = this.resources().find((r) => r.group === group && r.versions.includes(version) && r.plural === m[5]);
    if (!res) return [404, statusBody(404, 'NotFound', 'the server could not find the requested resource')];
    const apiVersion = group ? `${group}/${version}` : version;
    const name = m[6] ? decodeURIComponent(m[6]) : undefined;
    const gr = group ? `${res.plural}.${group}` : res.plural;
    if (!name && method === 'POST') return this.create(res, apiVersion, ns, body, query.fieldManager ?? 'unknown');
    if (!name) {
      if (method !== 'GET') return [405, statusBody(405, 'MethodNotAllowed', 'method not allowed')];
      return this.list(res, apiVersion, ns, query);
    }
    const key = this.key(res, ns, name);
    const stored = this.store.get(key);
    if (method === 'PUT') return this.replace(res, key, stored, gr, name, body, query.fieldManager ?? 'unknown');
    if (method === 'GET') {
      if (!stored) return [404, statusBody(404, 'NotFound', `${gr} "${name}" not found`)];
      stored.gets++;
      this.progressStatus(stored);
      return [200, { ...this.render(stored), apiVersion }];
    }
    if (method === 'DELETE') {
      if (!stored) return [404, statusBody(404, 'NotFound', `${gr} "${name}" not found`)];
      const want = body ? (JSON.parse(body) as { preconditions?: { resourceVersion?: string } }).preconditions?.resourceVersion : undefined;
      if (want !== undefined && want !== stored.obj.metadata.resourceVersion) {
        return [409, statusBody(409, 'Conflict', `Precondition failed: ResourceVersion in precondition: ${want}, ResourceVersion in object meta: ${String(stored.obj.metadata.resourceVersion)}`)];
      }
      const out = this.render(stored);
      if (query.dryRun !== 'All') this.remove(res, key, stored);
      return [200, out];
    }
    if (method === 'PATCH' && contentType === 'application/merge-patch+json') {
      // A non-apply write (what `kubectl edit`/`patch` send): its manager owns what it set, as an Update.
      if (!stored) return [404, statusBody(404, 'NotFound', `${gr} "${name}" not found`)];
      const patch = JSON.parse(body) as Record<string, unknown>;
      return [200, this.update({ ...patch, apiVersion, kind: res.kind, metadata: { ...(patch.metadata as object), name, ...(ns ? { namespace: ns } : {}) } } as Obj, query.fieldManager ?? 'unknown')];
    }
    if (method === 'PATCH') {
      if (contentType !== 'application/apply-patch+yaml') return [415, statusBody(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/apply-patch+yaml`)];
      if (!query.fieldManager) return [400, statusBody(400, 'BadRequest', 'PATCH, application/apply-patch+yaml requires fieldManager')];
      let obj: Obj;
      try {
        // Clients send JSON (which is YAML); parse it as such, the YAML parser only for the rest.
        obj = (body.trimStart().startsWith('{') ? parseJsonOrYaml(body) : parseYaml(body)) as Obj;
      } catch (err) {
        return [400, statusBody(400, 'BadRequest', `error decoding YAML: ${(err as Error).message}`)];
      }
      if (obj.kind !== res.kind || obj.apiVersion !== apiVersion) return [400, statusBody(400, 'BadRequest', `the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersion})`)];
      if (obj.metadata?.name !== name) return [400, statusBody(400, 'BadRequest', 'the name of the object does not match the name on the URL')];
      if (res.namespaced && ns && !this.store.has(this.key(BUILT_IN[0]!, undefined, ns))) return [404, statusBody(404, 'NotFound', `namespaces "${ns}" not found`)];
      if (res.namespaced) obj.metadata.namespace = ns;
      return this.apply(res, key, stored, obj, query.fieldManager, query.force === 'true', query.dryRun === 'All');
    }
    return [405, statusBody(405, 'MethodNotAllowed', 'method not allowed')];
  }

  /** POST: create, or 409 AlreadyExists (how two clients racing for a Lease find out). */
  private create(res: Resource, apiVersion: string, ns: string | undefined, body: string, manager: string): [number, unknown] {
    const obj = JSON.parse(body) as Obj;
    const name = obj.metadata?.name;
    const gr = res.group ? `${res.plural}.${res.group}` : res.plural;
    if (this.store.has(this.key(res, ns, name))) return [409, statusBody(409, 'AlreadyExists', `${gr} "${name}" already exists`)];
    if (res.namespaced && ns && !this.store.has(this.key(BUILT_IN[0]!, undefined, ns))) return [404, statusBody(404, 'NotFound', `namespaces "${ns}" not found`)];
    return [201, this.update({ ...obj, apiVersion, metadata: { ...obj.metadata, ...(ns ? { namespace: ns } : {}) } }, manager)];
  }

  /** PUT: replace, refused with 409 Conflict when metadata.resourceVersion is not the stored one. */
  private replace(res: Resource, key: string, stored: Stored | undefined, gr: string, name: string, body: string, manager: string): [number, unknown] {
    if (!stored) return [404, statusBody(404, 'NotFound', `${gr} "${name}" not found`)];
    const obj = JSON.parse(body) as Obj;
    if (obj.metadata.resourceVersion !== stored.obj.metadata.resourceVersion) {
      return [409, statusBody(409, 'Conflict', `Operation cannot be fulfilled on ${gr} "${name}": the object has been modified; please apply your changes to the latest version and try again`)];
    }
    const next = { ...clone(obj), metadata: { ...clone(obj.metadata), uid: stored.obj.metadata.uid } } as Obj;
    if (stored.obj.status !== undefined) next.status = clone(stored.obj.status);
    this.save(res, key, next, new Map([[manager, { operation: 'Update', apiVersion: obj.apiVersion, fields: fieldPaths(obj) }]]), stored, false);
    return [200, this.render(this.store.get(key)!)];
  }

  /** Server-side apply: ownership by field manager, conflicts on fields others own with other values. */
  private apply(res: Resource, key: string, stored: Stored | undefined, config: Obj, manager: string, force: boolean, dryRun: boolean): [number, unknown] {
    const fields = fieldPaths(config);
    const current = stored ? clone(stored.obj) : ({ apiVersion: config.apiVersion, kind: config.kind, metadata: { name: config.metadata.name, ...(config.metadata.namespace ? { namespace: config.metadata.namespace } : {}) } } as Obj);
    const owners = new Map<string, Owner>();
    for (const [m, o] of stored?.owners ?? []) owners.set(m, { ...o, fields: new Set(o.fields) });
    const conflicts: { field: string; manager: string; owner: Owner }[] = [];
    for (const f of fields) {
      for (const [m, o] of owners) {
        if (m === manager || !o.fields.has(f)) continue;
        if (JSON.stringify(getPath(current, f)) !== JSON.stringify(getPath(config, f))) conflicts.push({ field: f, manager: m, owner: o });
      }
    }
    if (conflicts.length > 0 && !force) {
      const causes = conflicts.map((c) => ({ type: 'FieldManagerConflict', message: `conflict with "${c.manager}"${c.owner.operation === 'Update' ? ' using ' + c.owner.apiVersion : ''}`, field: displayPath(c.field) }));
      return [409, { ...statusBody(409, 'Conflict', `Apply failed with ${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'}: ${causes.map((c) => `${c.message}: ${c.field}`).join(', ')}`), details: { name: config.metadata.name, kind: res.plural, causes } }];
    }
    for (const c of conflicts) c.owner.fields.delete(c.field);
    // Fields this manager applied before and no longer applies are removed unless someone else owns them.
    const mine = owners.get(manager)?.fields ?? new Set<string>();
    for (const f of mine) {
      if (fields.has(f)) continue;
      if (![...owners].some(([m, o]) => m !== manager && o.fields.has(f))) deletePath(current, f);
    }
    const next = deepMerge(current, clone(config)) as Obj;
    next.apiVersion = config.apiVersion;
    owners.set(manager, { operation: 'Apply', apiVersion: config.apiVersion, fields });
    for (const [m, o] of owners) if (o.fields.size === 0) owners.delete(m);
    if (dryRun) {
      const preview: Stored = { obj: storedForm(next), owners, gets: 0 };
      if (!stored) this.initialStatus(res, preview);
      return [stored ? 200 : 201, this.render(preview)];
    }
    const created = !stored;
    this.save(res, key, next, owners, stored, false);
    return [created ? 201 : 200, this.render(this.store.get(key)!)];
  }

  private save(res: Resource, key: string, written: Obj, owners: Map<string, Owner>, previous: Stored | undefined, established: boolean): void {
    const next = storedForm(written);
    const changed = !previous || JSON.stringify(sortKeys(strip(previous.obj))) !== JSON.stringify(sortKeys(strip(next))) || ownersKey(previous.owners) !== ownersKey(owners);
    if (!changed) return;
    const md = next.metadata;
    md.resourceVersion = String(++this.rv);
    md.uid ??= `uid-${++this.uid}`;
    const specChanged = !previous || JSON.stringify(sortKeys({ ...previous.obj, metadata: undefined, status: undefined })) !== JSON.stringify(sortKeys({ ...next, metadata: undefined, status: undefined }));
    md.generation = ((previous?.obj.metadata.generation as number | undefined) ?? 0) + (specChanged ? 1 : 0);
    const stored: Stored = { obj: next, owners, gets: previous?.gets ?? 0 };
    if (!previous) this.initialStatus(res, stored, established);
    this.store.set(key, stored);
    if (res.kind === 'CustomResourceDefinition') this.progressStatus(stored);
  }

  private initialStatus(res: Resource, s: Stored, established = false): void {
    if (res.kind === 'Namespace') s.obj.status = { phase: 'Active' };
    if (res.kind === 'CustomResourceDefinition') {
      s.obj.status = { conditions: [{ type: 'NamesAccepted', status: 'True' }, { type: 'Established', status: established || !this.options.crdEstablishAfterGets ? 'True' : 'False', reason: 'Installing' }] };
    }
    if (res.kind === 'ClusterQueue') s.obj.status = { conditions: [{ type: 'Active', status: 'False', reason: 'Pending', message: 'waiting for the controller' }], pendingWorkloads: 0, admittedWorkloads: 0, reservingWorkloads: 0 };
  }

  /** What controllers would do between GETs: establish CRDs, activate ClusterQueues. */
  private progressStatus(s: Stored): void {
    const conds = ((s.obj.status as { conditions?: { type: string; status: string; reason?: string }[] } | undefined)?.conditions ?? []);
    if (s.obj.kind === 'CustomResourceDefinition') {
      const est = conds.find((c) => c.type === 'Established');
      if (est && est.status !== 'True' && s.gets >= (this.options.crdEstablishAfterGets ?? 0)) Object.assign(est, { status: 'True', reason: 'InitialNamesAccepted' });
      if (est?.status === 'True') this.registerCrd(s.obj);
    }
    if (s.obj.kind === 'ClusterQueue') {
      const act = conds.find((c) => c.type === 'Active');
      if (act && act.status !== 'True' && s.gets >= (this.options.clusterQueueActiveAfterGets ?? 1)) Object.assign(act, { status: 'True', reason: 'Ready', message: 'Can admit new workloads' });
    }
  }

  private registerCrd(crd: Obj): void {
    const spec = crd.spec as { group: string; scope: string; names: { kind: string; plural: string }; versions: { name: string; served?: boolean }[] };
    this.crdResources.set(crd.metadata.name, { group: spec.group, kind: spec.names.kind, plural: spec.names.plural, namespaced: spec.scope === 'Namespaced', versions: spec.versions.filter((v) => v.served !== false).map((v) => v.name) });
  }

  private remove(res: Resource, key: string, s: Stored): void {
    this.store.delete(key);
    if (res.kind === 'Namespace') {
      for (const [k, o] of this.store) if (o.obj.metadata.namespace === s.obj.metadata.name) this.store.delete(k);
    }
    if (res.kind === 'CustomResourceDefinition') this.crdResources.delete(s.obj.metadata.name);
  }

  /** LIST, paged as the API server pages it: `limit` items, and an opaque `continue` token while more remain. */
  private list(res: Resource, apiVersion: string, ns: string | undefined, query: Record<string, string>): [number, unknown] {
    const all = [...this.store.entries()].filter(([k, s]) => k.startsWith(`${res.group}/${res.plural}/`) && (!ns || s.obj.metadata.namespace === ns) && selects(query.labelSelector, (s.obj.metadata.labels ?? {}) as Record<string, string>));
    const from = query.continue ? Number(Buffer.from(query.continue, 'base64url').toString('utf8').replace(/^offset:/, '')) : 0;
    if (!Number.isInteger(from) || from < 0) return [400, statusBody(400, 'BadRequest', 'continue key is not valid')];
    const limit = query.limit ? Number(query.limit) : 0;
    const to = limit > 0 ? from + limit : all.length;
    const items = all
      .slice(from, to)
      .map(([, s]) => {
        // Items of a list carry neither apiVersion nor kind, as the API server sends them.
        const { apiVersion: _a, kind: _k, ...rest } = this.render(s);
        return rest;
      });
    const more = to < all.length ? { continue: Buffer.from(`offset:${to}`).toString('base64url'), remainingItemCount: all.length - to } : {};
    return [200, { kind: `${res.kind}List`, apiVersion, metadata: { resourceVersion: String(this.rv), ...more }, items }];
  }

  private groupList(): unknown {
    const groups = new Map<string, string[]>();
    for (const r of this.resources()) if (r.group) groups.set(r.group, [...new Set([...(groups.get(r.group) ?? []), ...r.versions])]);
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...groups].map(([name, versions]) => ({ name, versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })), preferredVersion: { groupVersion: `${name}/${versions[versions.length - 1]}`, version: versions[versions.length - 1] } })),
    };
  }

  private resourceList(group: string, version: string): [number, unknown] {
    const rs = this.resources().filter((r) => r.group === group && r.versions.includes(version));
    if (rs.length === 0) return [404, statusBody(404, 'NotFound', 'the server could not find the requested resource')];
    return [200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: rs.flatMap((r) => [{ name: r.plural, kind: r.kind, namespaced: r.namespaced, verbs: ['get', 'list', 'patch', 'delete'] }, { name: `${r.plural}/status`, kind: r.kind, namespaced: r.namespaced, verbs: ['get', 'patch'] }]) }];
  }

  private render(s: Stored): Obj {
    const out = clone(s.obj);
    out.metadata.managedFields = [...s.owners].map(([manager, o]) => ({ manager, operation: o.operation, apiVersion: o.apiVersion, fieldsType: 'FieldsV1', fieldsV1: fieldsV1(o.fields) }));
    return out;
  }
}

/** Leaf field paths of an object's user fields; maps recurse, lists are atomic. */
function fieldPaths(obj: Obj): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown, path: string[]) => {
    if (v === null) return; // a removal (merge patch) owns nothing
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    } else out.add(JSON.stringify(path));
  };
  for (const [k, v] of Object.entries(obj)) {
    if (NOT_FIELDS.has(k)) continue;
    if (k === 'metadata') {
      for (const [mk, mv] of Object.entries(v as object)) if (!NOT_METADATA_FIELDS.has(mk)) walk(mv, ['metadata', mk]);
    } else walk(v, [k]);
  }
  return out;
}

function displayPath(f: string): string {
  return (JSON.parse(f) as string[]).map((s) => `.${s}`).join('');
}

function fieldsV1(fields: Set<string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const f of [...fields].sort()) {
    let node = root;
    for (const seg of JSON.parse(f) as string[]) node = (node[`f:${seg}`] ??= {}) as Record<string, unknown>;
  }
  return root;
}

function getPath(o: unknown, f: string): unknown {
  let v = o;
  for (const seg of JSON.parse(f) as string[]) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
  return v;
}

function deletePath(o: unknown, f: string): void {
  const segs = JSON.parse(f) as string[];
  let v = o as Record<string, unknown>;
  for (const seg of segs.slice(0, -1)) {
    v = v?.[seg] as Record<string, unknown>;
    if (!v || typeof v !== 'object') return;
  }
  delete v[segs[segs.length - 1]!];
}

function deepMerge(a: unknown, b: unknown): unknown {
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    // null removes the key, as in a JSON merge patch (RFC 7386).
    for (const [k, v] of Object.entries(b)) {
      if (v === null) delete out[k];
      else out[k] = deepMerge(out[k], v);
    }
    return out;
  }
  return b === undefined ? a : b;
}

function selects(selector: string | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const t = term.trim();
    let m;
    if ((m = /^([^!=]+)!=(.*)$/.exec(t))) return labels[m[1]!] !== m[2];
    if ((m = /^([^!=]+)==?(.*)$/.exec(t))) return labels[m[1]!] === m[2];
    if (t.startsWith('!')) return !(t.slice(1) in labels);
    return t in labels;
  });
}

function matches(p: string | RegExp | undefined, path: string): boolean {
  return p === undefined || (typeof p === 'string' ? path.includes(p) : p.test(path));
}

function strip(o: Obj): unknown {
  const { resourceVersion: _r, generation: _g, managedFields: _m, uid: _u, ...md } = o.metadata;
  return { ...o, metadata: md };
}

function ownersKey(owners: Map<string, Owner>): string {
  return JSON.stringify([...owners].map(([m, o]) => [m, o.operation, [...o.fields].sort()]).sort());
}

function statusBody(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** What the API server stores: a Secret's stringData goes into data, base64-encoded (stringData wins on a shared key). */
function storedForm(o: Obj): Obj {
  if (o.apiVersion !== 'v1' || o.kind !== 'Secret' || !o.stringData) return o;
  const { stringData, ...rest } = o;
  const encoded = Object.fromEntries(Object.entries(stringData as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
  return { ...rest, data: { ...(rest.data as Record<string, string> | undefined), ...encoded } } as Obj;
}

function parseJsonOrYaml(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return parseYaml(body); // a YAML flow mapping that is not JSON
  }
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}
