/**
 * The program `deploy --engine pulumi` hands to the Automation API, run under Pulumi mocks
 * (the Pulumi CLI is not needed for this): a provider for the chosen context with
 * server-side apply, the SiteTenancy component, and one resource per synthesized object.
 */
import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';
import { hostObjects, tenantObjects } from '../support/deploy-fixtures';

const registered: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
let sitePulumiProgram: typeof import('../../deploy/engines/pulumi').sitePulumiProgram;

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    'rackshift',
    'permian-1',
    false,
  );
  // Mocks must be in place before @pulumi/kubernetes is loaded.
  ({ sitePulumiProgram } = await import('../../deploy/engines/pulumi'));
});

describe('the pulumi engine program', () => {
  it('registers every object of the site under SiteTenancy through a provider for the context', async () => {
    const objects = [...tenantObjects('acme'), ...hostObjects(['gpu-001'])];
    await sitePulumiProgram({ name: 'permian-1', objects }, { context: 'kind-rackshift' })();
    await new Promise((r) => setTimeout(r, 100)); // let the mock monitor record every registration
    const provider = registered.find((r) => r.type === 'pulumi:providers:kubernetes');
    expect(provider?.inputs).toMatchObject({ context: 'kind-rackshift', enableServerSideApply: 'true' });
    expect(registered.filter((r) => r.type === 'rackshift:index:SiteTenancy').map((r) => r.name)).toEqual(['permian-1']);
    const children = registered.filter((r) => !r.type.startsWith('pulumi:providers') && r.type !== 'rackshift:index:SiteTenancy');
    expect(children).toHaveLength(objects.length);
    expect(children.map((c) => c.type).sort()).toEqual([
      'kubernetes:core/v1:Namespace',
      'kubernetes:core/v1:Namespace',
      'kubernetes:core/v1:ResourceQuota',
      'kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue',
      'kubernetes:kueue.x-k8s.io/v1beta2:LocalQueue',
      'kubernetes:kueue.x-k8s.io/v1beta2:ResourceFlavor',
      'kubernetes:metal3.io/v1alpha1:BareMetalHost',
    ]);
  });
});
