/**
 * Where a site's children live in the construct tree. Each kind (feeds, zones, fleets, pools,
 * tenants, networks) gets its own section under the site, so a tenant and a pool may share a
 * name (`site/pools/acme`, `site/tenants/acme`), as they may in the site file. Two children of
 * the same kind with one name fail with a SiteError, like any other invalid input.
 */
import { Construct } from 'constructs';
import { Diagnostics, SiteError } from './diagnostics';

export type SectionName = 'feeds' | 'zones' | 'fleets' | 'pools' | 'tenants' | 'networks';

/** Same marker Site sets (read here without importing Site, which imports every child). */
const SITE = Symbol.for('rackshift.Site');

/** The scope a child of `kind` is created in: the site's section for it, or `scope` itself when it is not a Site. */
export function sectionScope(scope: Construct, section: SectionName, id: string): Construct {
  const parent = SITE in scope ? ((scope.node.tryFindChild(section) as Construct | undefined) ?? new Construct(scope, section)) : scope;
  if (parent.node.tryFindChild(id)) {
    const d = new Diagnostics();
    d.error('rackshift:names/duplicate', [`${parent.node.path}/${id}`], `duplicate name "${id}" (a ${section.replace(/s$/, '')} with this name already exists)`);
    throw new SiteError(d.all);
  }
  return parent;
}
