/**
 * The guard between sites: an object whose labels say another site or another ApplySet owns
 * it is never changed, taken over or pruned. Every site applies with the same field manager,
 * so server-side apply sees no conflict between two sites writing one object; without this
 * check the second site silently takes the object over, and the first prunes it later.
 */
import { LABEL, type ApplySetParent } from './applyset';
import { describeRef, refOf, type KubeObject } from './kube-object';

/** Who the live object's labels say owns it, when that is not this site and ApplySet. */
export function foreignOwner(live: KubeObject, site: string, parent: ApplySetParent): string | undefined {
  const labels = live.metadata.labels ?? {};
  const otherSite = labels[LABEL.site] !== undefined && labels[LABEL.site] !== site ? labels[LABEL.site] : undefined;
  const otherSet = labels[LABEL.partOf] !== undefined && labels[LABEL.partOf] !== parent.id ? labels[LABEL.partOf] : undefined;
  if (!otherSite && !otherSet) return undefined;
  return `site ${JSON.stringify(labels[LABEL.site] ?? '(none)')}, ApplySet ${JSON.stringify(labels[LABEL.partOf] ?? '(none)')}`;
}

/** One line per object another owner holds, naming both owners; empty when none. */
export function ownershipConflicts(site: string, parent: ApplySetParent, objects: readonly { live?: KubeObject; source: string }[]): string[] {
  const lines: string[] = [];
  for (const o of objects) {
    if (!o.live) continue;
    const other = foreignOwner(o.live, site, parent);
    if (other) lines.push(`  ${describeRef(refOf(o.live))} (${o.source}): owned by ${other}; this run is site "${site}", ApplySet "${parent.id}"`);
  }
  return lines;
}
