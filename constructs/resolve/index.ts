/**
 * Resolve: from a checked site spec to the ResolvedSite every renderer reads. Budgets,
 * placement, names, addresses and the conversion are computed in this folder and nowhere
 * else, one file per domain; evaluate.ts composes them, resolveSite refuses a site with
 * errors, and what-if.ts answers for a hypothetical pool through the same functions.
 *
 * Every rule adds its problems to one Diagnostics collection; the site fails once, with all
 * of them (never at the first).
 */
import { SiteError } from '../diagnostics';
import type { ResolvedSite } from '../resolved-site';
import type { SiteSpec } from '../site-spec';
import { evaluateSite, type ResolveOptions } from './evaluate';
import { deepFreeze } from './math';

export { evaluateSite, type ResolveOptions } from './evaluate';
export { mergeCatalog, type SiteCatalog } from './catalog';
export { hasDuplicateNames, nodeName, rackName } from './names';
export { perNodeShape } from './nodes';
export { densestPlacement, type Placement } from './placement';
export { leastEfficientFirst } from './power';

/** Resolves a site; throws SiteError with every problem when any is an error. */
export function resolveSite(spec: SiteSpec, options: ResolveOptions = {}): ResolvedSite {
  const { site, diagnostics } = evaluateSite(spec, options);
  if (diagnostics.errors.length > 0) throw new SiteError(diagnostics.all);
  return deepFreeze(site);
}
