/** `plan` says which cluster each change lands in, from the site's clusters.json. */
import { describe, expect, it } from 'vitest';
import { clusterOfTarget } from '../../plan/clusters';

const doc = (management: string | null, workload: string | null) =>
  JSON.stringify({ management: { context: management, folders: ['bare-metal'] }, workload: { context: workload, folders: ['kubernetes'], shared: { files: ['kubernetes/shared.yaml'], sites: ['a'] } } });

describe('the cluster of a change', () => {
  it('is the role and context of its folder, head first, else base', () => {
    const head = new Map([['clusters.json', doc('permian-mgmt', 'texas-gpu')]]);
    const base = new Map([['clusters.json', doc('old-mgmt', 'old-gpu')]]);
    const of = clusterOfTarget(head, base);
    expect(of('kubernetes')).toBe('workload cluster texas-gpu');
    expect(of('bare-metal')).toBe('management cluster permian-mgmt');
    // Terraform, Pulumi, offers: no Kubernetes objects deploy applies.
    expect(of('terraform')).toBeUndefined();
    // A site removed in head: where its objects were.
    expect(clusterOfTarget(undefined, base)('kubernetes')).toBe('workload cluster old-gpu');
  });

  it('says the deploy context when the site names none, and nothing for output without clusters.json or a broken one', () => {
    expect(clusterOfTarget(new Map([['clusters.json', doc(null, null)]]), undefined)('bare-metal')).toBe('management cluster (the deploy context)');
    expect(clusterOfTarget(new Map(), undefined)('kubernetes')).toBeUndefined();
    expect(clusterOfTarget(new Map([['clusters.json', '{ not json']]), undefined)('kubernetes')).toBeUndefined();
  });
});
