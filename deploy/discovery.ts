/**
 * API discovery: which resource (plural, scope) serves a group/version/kind. Asked per
 * group-version and cached; a group-version is asked again after a CRD for it is established.
 */
import { KubeApiError, type KubeClient } from './kube-client';
import { groupOf, type ObjectRef } from './kube-object';

export interface ApiResource {
  readonly apiVersion: string;
  readonly kind: string;
  /** Plural resource name used in paths, e.g. `clusterqueues`. */
  readonly plural: string;
  readonly namespaced: boolean;
}

interface ResourceList {
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

interface GroupList {
  groups?: { name: string; preferredVersion?: { groupVersion: string }; versions?: { groupVersion: string }[] }[];
}

export class Discovery {
  private readonly lists = new Map<string, Promise<Map<string, ApiResource> | undefined>>();
  private groups?: Promise<GroupList>;

  constructor(private readonly client: KubeClient) {}

  /** The resource serving `apiVersion`+`kind`, or undefined when the cluster does not serve it. */
  async resolve(ref: { apiVersion: string; kind: string }): Promise<ApiResource | undefined> {
    return (await this.groupVersion(ref.apiVersion))?.get(ref.kind);
  }

  /** The preferred served version of a group-kind (for listing objects recorded in an inventory). */
  async resolveGroupKind(group: string, kind: string): Promise<ApiResource | undefined> {
    if (group === '') return this.resolve({ apiVersion: 'v1', kind });
    const list = await (this.groups ??= this.client.request<GroupList>({ method: 'GET', path: '/apis' }).then((r) => r.body));
    const g = list.groups?.find((x) => x.name === group);
    const versions = [g?.preferredVersion?.groupVersion, ...(g?.versions ?? []).map((v) => v.groupVersion)].filter((v): v is string => !!v);
    for (const gv of versions) {
      const found = await this.resolve({ apiVersion: gv, kind });
      if (found) return found;
    }
    return undefined;
  }

  /** Forget what is known of a group (after its CRD became established). */
  invalidate(apiVersion: string): void {
    this.lists.delete(apiVersion);
    this.groups = undefined;
  }

  private groupVersion(apiVersion: string): Promise<Map<string, ApiResource> | undefined> {
    let p = this.lists.get(apiVersion);
    if (!p) {
      const path = groupOf(apiVersion) === '' ? `/api/${apiVersion}` : `/apis/${apiVersion}`;
      p = this.client.request<ResourceList>({ method: 'GET', path }).then(
        (r) => {
          const m = new Map<string, ApiResource>();
          for (const res of r.body.resources ?? []) {
            if (res.name.includes('/')) continue; // subresources such as clusterqueues/status
            m.set(res.kind, { apiVersion, kind: res.kind, plural: res.name, namespaced: res.namespaced });
          }
          return m;
        },
        (err) => {
          if (err instanceof KubeApiError && err.status === 404) return undefined;
          throw err;
        },
      );
      this.lists.set(apiVersion, p);
      p.catch(() => this.lists.delete(apiVersion));
    }
    return p;
  }
}

/** `/apis/kueue.x-k8s.io/v1beta2/clusterqueues/acme`, `/api/v1/namespaces/acme/resourcequotas/gpu`. */
export function resourcePath(res: ApiResource, namespace?: string, name?: string): string {
  const base = groupOf(res.apiVersion) === '' ? `/api/${res.apiVersion}` : `/apis/${res.apiVersion}`;
  const ns = res.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${res.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

export function objectPath(res: ApiResource, ref: ObjectRef): string {
  return resourcePath(res, ref.namespace, ref.name);
}
