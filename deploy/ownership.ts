/**
 * The guard between sites: an object whose labels say another site or another ApplySet owns
 * it is never changed, taken over or pruned. Every site applies with the same field manager,
 * so server-side apply sees no conflict between two sites writing one object; without this
 * check the second site silently takes the object over, and the first prunes it later.
 */
import { LABEL, type ApplySetParent } from './applyset';
import { SHARED_BY_ANNOTATION } from '../constructs/platform';
import { describeRef, refOf, type KubeObject } from './kube-object';

/** Who the live object's labels say owns it, when that is not this site and ApplySet. */
export function foreignOwner(live: KubeObject, site: string, parent: ApplySetParent): string | undefined {
  const labels = live.metadata.labels ?? {};
  const otherSite = labels[LABEL.site] !== undefined && labels[LABEL.site] !== site ? labels[LABEL.site] : undefined;
  const otherSet = labels[LABEL.partOf] !== undefined && labels[LABEL.partOf] !== parent.id ? labels[LABEL.partOf] : undefined;
  if (!otherSite && !otherSet) return undefined;
  return `site ${JSON.stringify(labels[LABEL.site] ?? '(none)')}, ApplySet ${JSON.stringify(labels[LABEL.partOf] ?? '(none)')}`;
}

/**
 * One line per object another owner holds, naming both owners; empty when none. A cluster's
 * shared unit takes over what one of its own sites applied before sites shared (`adoptFrom`).
 */
export function ownershipConflicts(site: string, parent: ApplySetParent, objects: readonly { live?: KubeObject; source: string }[], adoptFrom: readonly string[] = []): string[] {
  const lines: string[] = [];
  for (const o of objects) {
    if (!o.live) continue;
    const labels = o.live.metadata.labels ?? {};
    if (labels[LABEL.site] !== undefined && adoptFrom.includes(labels[LABEL.site]!)) continue;
    const other = foreignOwner(o.live, site, parent);
    if (other) lines.push(`  ${describeRef(refOf(o.live))} (${o.source}): owned by ${other}; this run is site "${site}", ApplySet "${parent.id}"`);
  }
  return lines;
}

/**
 * Shared objects whose live copy holds settings of sites this run does not deploy: applying
 * them would silently drop those sites' settings (a MIG configuration, say). One line each.
 */
export function droppedSharers(objects: readonly { live?: KubeObject; source: string }[], sharedSites: readonly string[]): string[] {
  const lines: string[] = [];
  for (const o of objects) {
    const live = o.live?.metadata.annotations?.[SHARED_BY_ANNOTATION];
    if (!live) continue;
    const missing = live.split(',').filter((s) => s && !sharedSites.includes(s));
    if (missing.length > 0) lines.push(`  ${describeRef(refOf(o.live!))} (${o.source}) holds the settings of ${missing.map((m) => JSON.stringify(m)).join(', ')} too, which this run does not deploy`);
  }
  return lines;
}
