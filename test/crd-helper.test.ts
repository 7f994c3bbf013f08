/**
 * The CRD validation helper itself: the folder setting and its CI rule, and the pruning
 * walk on hand-made structural schemas (declared fields, maps, preserved subtrees,
 * embedded resources).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { crdsDir, loadCrds, prunedFields } from './helpers/crds';

const saved = { crds: process.env.RACKSHIFT_CRDS, ci: process.env.CI };
afterEach(() => {
  for (const [k, v] of [['RACKSHIFT_CRDS', saved.crds], ['CI', saved.ci]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  vi.restoreAllMocks();
});

describe('the CRD folder setting', () => {
  it('comes from RACKSHIFT_CRDS, else ../shared/schemas/crds beside the repository', () => {
    process.env.RACKSHIFT_CRDS = '/somewhere/crds';
    expect(crdsDir()).toBe('/somewhere/crds');
    delete process.env.RACKSHIFT_CRDS;
    expect(crdsDir()).toMatch(/[/\\]shared[/\\]schemas[/\\]crds$/);
  });

  it('a missing folder skips with a message outside CI and fails under CI=true', () => {
    process.env.RACKSHIFT_CRDS = '/no/such/crds';
    delete process.env.CI;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(loadCrds()).toBeUndefined();
    expect(warn).toHaveBeenCalledWith('skipping CRD validation: CRD folder /no/such/crds not found (set RACKSHIFT_CRDS)');
    process.env.CI = 'true';
    expect(() => loadCrds()).toThrow('CRD folder /no/such/crds not found (set RACKSHIFT_CRDS); CI needs it');
  });
});

describe('prunedFields', () => {
  const schema = {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: {
        type: 'object',
        properties: {
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
          config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: {} } } },
        },
      },
    },
  };

  it('accepts declared fields, map entries, preserved subtrees and embedded apiVersion/kind/metadata', () => {
    const ok = {
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'a', anything: 1 },
      spec: { labels: { a: 'b' }, items: [{ name: 'n' }], config: { free: { form: true } }, template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} } },
    };
    expect(prunedFields(ok, schema)).toEqual([]);
  });

  it('reports every undeclared field with its path', () => {
    const bad = { apiVersion: 'x/v1', kind: 'X', status2: {}, spec: { items: [{ name: 'n', nmae: 'typo' }], template: { spec: { containers: [] } }, extra: 1 } };
    expect(prunedFields(bad, schema)).toEqual([
      'status2: not declared by the schema; the API server would prune it',
      'spec.items[0].nmae: not declared by the schema; the API server would prune it',
      'spec.template.spec.containers: not declared by the schema; the API server would prune it',
      'spec.extra: not declared by the schema; the API server would prune it',
    ]);
  });
});
