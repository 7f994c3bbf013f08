/**
 * What the cluster has of a site's objects, and which of them need no request at all.
 *
 * The plan lists each kind whole in each namespace the site's objects of that kind live in
 * (one LIST instead of a GET per object), so an object absent from such a listing is known
 * not to exist: it is created without a dry run. Every object rackshift applies carries the
 * hash of the configuration it was applied with; a live object that still holds every field
 * of the desired one, hash included, would not change on a re-apply, so it needs no dry run.
 */
import { createHash } from 'node:crypto';
import { sortKeys } from '../lib/json';
import { ANNOTATION } from './applyset';
import type { KubeClient } from './kube-client';
import { refKey, type KubeObject, type ObjectRef } from './kube-object';

/** Items per LIST page: the chunk size kubectl uses, so a large namespace never answers in one huge body. */
export const LIST_PAGE = 500;

export interface LiveState {
  /** Live objects from whole listings, by `apiVersion refKey`. */
  readonly objects: Map<string, KubeObject>;
  /** Scopes (`apiVersion kind namespace`) listed whole: an object of one that is not in `objects` does not exist. */
  readonly scopes: Set<string>;
}

export function emptyLiveState(): LiveState {
  return { objects: new Map(), scopes: new Set() };
}

export function scopeKey(apiVersion: string, kind: string, namespace: string | undefined): string {
  return `${apiVersion} ${kind} ${namespace ?? ''}`;
}

export function liveKey(ref: ObjectRef): string {
  return `${ref.apiVersion} ${refKey(ref)}`;
}

/** The live object, `null` when a whole listing shows there is none, undefined when unknown. */
export function knownLive(state: LiveState, ref: ObjectRef): KubeObject | null | undefined {
  const live = state.objects.get(liveKey(ref));
  if (live) return live;
  return state.scopes.has(scopeKey(ref.apiVersion, ref.kind, ref.namespace)) ? null : undefined;
}

/** Every item of a listing, page by page. */
export async function listAll(client: KubeClient, path: string, query: Record<string, string | undefined> = {}): Promise<KubeObject[]> {
  const items: KubeObject[] = [];
  let page: string | undefined;
  do {
    const r = await client.request<{ items?: KubeObject[]; metadata?: { continue?: string } }>({ method: 'GET', path, query: { ...query, limit: String(LIST_PAGE), continue: page } });
    items.push(...(r.body.items ?? []));
    page = r.body.metadata?.continue || undefined;
  } while (page);
  return items;
}

/** The object with its configuration's hash recorded in an annotation (the hash leaves that annotation out). */
export function withAppliedHash(o: KubeObject): KubeObject {
  const { [ANNOTATION.appliedHash]: _old, ...annotations } = o.metadata.annotations ?? {};
  const { annotations: _a, ...metadata } = o.metadata;
  const bare = { ...o, metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata };
  const hash = createHash('sha256').update(JSON.stringify(sortKeys(bare))).digest('base64url');
  return { ...o, metadata: { ...o.metadata, annotations: { ...annotations, [ANNOTATION.appliedHash]: hash } } };
}

/**
 * True when applying `desired` (which carries its hash) over `live` would change nothing: the
 * live object was last applied with this very configuration (same hash, so no field rackshift
 * owned is dropped now) and still holds every desired field with its value (nobody changed
 * one since). Maps may hold more (defaults, other managers' fields, status); lists must be
 * equal, since an atomic list is replaced whole and another writer's change inside it must go
 * through the dry run. An object being deleted is never unchanged.
 */
export function appliesUnchanged(live: KubeObject, desired: KubeObject): boolean {
  if (live.metadata.deletionTimestamp) return false;
  const hash = desired.metadata.annotations?.[ANNOTATION.appliedHash];
  return hash !== undefined && live.metadata.annotations?.[ANNOTATION.appliedHash] === hash && holds(live, storedForm(desired));
}

/**
 * The desired object as the API server stores it, where that differs from what is sent: a
 * Secret's stringData is kept base64-encoded in data (stringData wins on a shared key).
 */
function storedForm(o: KubeObject): KubeObject {
  if (o.apiVersion !== 'v1' || o.kind !== 'Secret' || !o.stringData || typeof o.stringData !== 'object') return o;
  const { stringData, ...rest } = o;
  const encoded = Object.fromEntries(Object.entries(stringData as Record<string, string>).map(([k, v]) => [k, Buffer.from(String(v), 'utf8').toString('base64')]));
  return { ...rest, data: { ...(rest.data as Record<string, string> | undefined), ...encoded } };
}

function holds(live: unknown, want: unknown): boolean {
  if (Array.isArray(want)) return Array.isArray(live) && JSON.stringify(sortKeys(live)) === JSON.stringify(sortKeys(want));
  if (want && typeof want === 'object') {
    if (!live || typeof live !== 'object' || Array.isArray(live)) return false;
    const l = live as Record<string, unknown>;
    return Object.entries(want).every(([k, v]) => v === undefined || holds(l[k], v));
  }
  return live === want;
}
