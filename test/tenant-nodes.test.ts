/**
 * Which machines a dedicated tenant gets. Pinned tenants (firstNode) keep their machines when
 * other tenants change; unpinned ones after the first are warned about; pins that collide or
 * run off the end of the pool are errors with the numbers.
 */
import { describe, expect, it } from 'vitest';
import { mutate, resolveErrors, resolveText } from './helpers/fixture';

const ACME = '- { name: acme, pool: h100-a, gpus: 1024, isolation: dedicated, admins: [acme-admins] }';
// A second dedicated tenant on h100-a (320 nodes): 256 GPUs = 32 nodes.
const ZETA = '- { name: zeta, pool: h100-a, gpus: 256, isolation: dedicated, firstNode: 129 }';

const nodesOf = (site: ReturnType<typeof resolveText>, t: string) => site.tenants.find((x) => x.name === t)!.nodeNames;

describe('dedicated tenant nodes', () => {
  it('a pinned tenant takes consecutive nodes from firstNode', () => {
    const site = resolveText(mutate([[ACME, `${ACME}\n    ${ZETA}`]]));
    // acme: 1024 GPUs / 8 = 128 nodes → 1-128; zeta: 32 nodes from 129 → 129-160
    expect(nodesOf(site, 'acme')).toEqual(Array.from({ length: 128 }, (_, i) => `h100-a-${String(i + 1).padStart(4, '0')}`));
    expect(nodesOf(site, 'zeta')[0]).toBe('h100-a-0129');
    expect(nodesOf(site, 'zeta')[31]).toBe('h100-a-0160');
    expect(site.warnings.filter((w) => w.rule === 'rackshift:tenant/unpinned-nodes')).toEqual([]);
  });

  it('keeps a pinned tenant\'s machines when an earlier tenant shrinks or leaves', () => {
    const before = resolveText(mutate([[ACME, `${ACME}\n    ${ZETA}`]]));
    const shrunk = resolveText(mutate([[ACME, `${ACME.replace('gpus: 1024', 'gpus: 512')}\n    ${ZETA}`]]));
    const gone = resolveText(mutate([[ACME, ZETA]]));
    expect(nodesOf(shrunk, 'zeta')).toEqual(nodesOf(before, 'zeta'));
    expect(nodesOf(gone, 'zeta')).toEqual(nodesOf(before, 'zeta'));
    // and the machines' labels follow: node 129 belongs to zeta in all three
    for (const s of [before, shrunk, gone]) expect(s.pools[0]!.nodes[128]!.isolationLabels['node-restriction.kubernetes.io/rackshift-tenant']).toBe('zeta');
  });

  it('warns about an unpinned tenant that follows another, naming the firstNode to pin', () => {
    const site = resolveText(mutate([[ACME, `${ACME}\n    ${ZETA.replace(', firstNode: 129', '')}`]]));
    const w = site.warnings.filter((x) => x.rule === 'rackshift:tenant/unpinned-nodes');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('pin them with "firstNode: 129"');
  });

  it('fails when a pin lands on another tenant\'s node, naming both', () => {
    const errors = resolveErrors(mutate([[ACME, `${ACME}\n    ${ZETA.replace('firstNode: 129', 'firstNode: 100')}`]]));
    // acme is unpinned, so the pinned zeta goes first and takes 100-131; acme then takes the
    // lowest free nodes — no collision. Pin acme too, at 1: its 128 nodes run into zeta at 100.
    expect(errors).toEqual([]);
    const both = resolveErrors(mutate([[ACME, `${ACME.replace('admins: [acme-admins]', 'admins: [acme-admins], firstNode: 1')}\n    ${ZETA.replace('firstNode: 129', 'firstNode: 100')}`]]));
    expect(both.map((e) => e.message)).toEqual(['zeta needs 32 nodes from node 100, but node h100-a-0100 belongs to acme']);
    expect(both[0]!.path).toBe('spec.tenants[1].firstNode');
  });

  it('fails with the numbers when a pin runs off the end of the pool', () => {
    const errors = resolveErrors(mutate([[ACME, `${ACME}\n    ${ZETA.replace('firstNode: 129', 'firstNode: 300')}`]]));
    // nodes 300-320 are 21 active nodes; zeta needs 32 → short 11
    expect(errors.map((e) => e.message)).toEqual(['zeta needs 32 nodes from node 300; pool h100-a has 21 active nodes from there to node 320 (short 11)']);
  });
});
