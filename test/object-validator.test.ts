/**
 * The production validation module (stacks/validation) on a hand-made CRD folder, so it runs
 * without the upstream CRDs: recursive loading, version matching (storage, served, unserved,
 * one kind in two files), the x-kubernetes-* extensions, scope, ObjectMeta, built-in kinds,
 * the missing-CRD setting, and which synthesized files count as objects.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CrdCatalog, ObjectValidator, objectsInOutput, type KubernetesObject, type ObjectProblem } from '../stacks/validation';

const dir = mkdtempSync(join(tmpdir(), 'rackshift-crd-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const str = { type: 'string' };
function crd(kind: string, scope: string, versions: { name: string; served?: boolean; storage: boolean; spec: object }[]) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${kind.toLowerCase()}s.example.com` },
    spec: {
      group: 'example.com',
      scope,
      names: { kind, plural: `${kind.toLowerCase()}s` },
      versions: versions.map((v) => ({ name: v.name, served: v.served ?? true, storage: v.storage, schema: { openAPIV3Schema: { type: 'object', properties: { apiVersion: str, kind: str, metadata: { type: 'object' }, spec: v.spec } } } })),
    },
  };
}

const widgetV2 = {
  type: 'object',
  required: ['size'],
  properties: {
    size: { 'x-kubernetes-int-or-string': true },
    mode: { type: 'string', enum: ['fast', 'slow'] },
    config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { image: str } } } },
  },
};
// Two CRDs in one multi-document file, one in a subfolder (found recursively).
writeFileSync(join(dir, 'widgets.yaml'), [
  stringify(crd('Widget', 'Namespaced', [
    { name: 'v1', storage: false, spec: { type: 'object', properties: { legacySize: { type: 'integer' } } } },
    { name: 'v2', storage: true, spec: widgetV2 },
    { name: 'v0', served: false, storage: false, spec: { type: 'object' } },
  ])),
  stringify(crd('Gadget', 'Cluster', [{ name: 'v1', storage: true, spec: { type: 'object', properties: { color: str } } }])),
].join('---\n'));
mkdirSync(join(dir, 'next', 'deeper'), { recursive: true });
writeFileSync(join(dir, 'next', 'deeper', 'gadgets-v2.yml'), stringify(crd('Gadget', 'Cluster', [{ name: 'v2', storage: true, spec: { type: 'object', properties: { colour: str } } }])));
writeFileSync(join(dir, 'README.yaml'), 'just: a note\n');
// As `kubectl get crd -o yaml` writes them: one List.
writeFileSync(join(dir, 'from-cluster.yaml'), stringify({ apiVersion: 'v1', kind: 'List', items: [crd('Sprocket', 'Namespaced', [{ name: 'v1', storage: true, spec: { type: 'object' } }])] }));

const catalog = CrdCatalog.load(dir);
const validator = new ObjectValidator(catalog);
const widget = (spec: object, apiVersion = 'example.com/v2'): KubernetesObject => ({ apiVersion, kind: 'Widget', metadata: { name: 'w', namespace: 'ns' }, spec });
const lines = (ps: ObjectProblem[]) => ps.map((p) => `${p.severity} ${p.path}: ${p.message}`);

describe('CrdCatalog', () => {
  it('loads every CRD below the folder, multi-document files and Lists included, and ignores other YAML', () => {
    expect(catalog.kinds()).toEqual(['example.com/Gadget', 'example.com/Sprocket', 'example.com/Widget']);
    expect(catalog.match('example.com/v2', 'Gadget')!.crd.file).toBe(join('next', 'deeper', 'gadgets-v2.yml'));
    expect(catalog.match('example.com/v1', 'Gadget')!.crd.file).toBe('widgets.yaml');
    expect(catalog.match('example.com/v1', 'Gizmo')).toBeUndefined();
  });
});

describe('ObjectValidator on custom resources', () => {
  it('accepts a valid object of the storage version', () => {
    const ok = widget({ size: '50%', mode: 'fast', config: { any: { thing: [1] } }, template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { image: 'x' } } });
    expect(validator.validate(ok)).toEqual([]);
    expect(validator.validate(widget({ size: 3 }))).toEqual([]);
  });

  it('reports schema errors and pruned fields with paths, and the object they belong to', () => {
    const bad = widget({ size: true, mode: 'medium', template: { spec: { image: 'x', imagePullPolicy: 'Always' } }, colour: 'red' });
    expect(lines(validator.validate(bad))).toEqual([
      'error spec.size: must be integer',
      'error spec.size: must be string',
      'error spec.size: must match a schema in anyOf',
      'error spec.mode: must be equal to one of the allowed values (fast, slow)',
      'error spec.template.spec.imagePullPolicy: not declared by the schema; the API server would prune it',
      'error spec.colour: not declared by the schema; the API server would prune it',
    ]);
    expect(validator.validate(bad)[0]).toMatchObject({ apiVersion: 'example.com/v2', kind: 'Widget', namespace: 'ns', name: 'w' });
    expect(lines(validator.validate(widget({})))).toEqual(["error spec: must have required property 'size'"]);
  });

  it('validates a served older version against its own schema, with a warning', () => {
    expect(lines(validator.validate(widget({ legacySize: 3 }, 'example.com/v1')))).toEqual(['warning apiVersion: example.com/v1 is not the storage version example.com/v2']);
    expect(lines(validator.validate(widget({ size: 3 }, 'example.com/v1')))).toContain('error spec.size: not declared by the schema; the API server would prune it');
  });

  it('an unserved or unknown version is an error naming the served ones', () => {
    expect(lines(validator.validate(widget({ size: 3 }, 'example.com/v0')))).toEqual(['error apiVersion: example.com/v0 is not served by the CRD in widgets.yaml (served: example.com/v1, example.com/v2)']);
  });

  it('matches a kind defined twice by the version each file serves', () => {
    const gadget = (apiVersion: string, spec: object): KubernetesObject => ({ apiVersion, kind: 'Gadget', metadata: { name: 'g' }, spec });
    expect(validator.validate(gadget('example.com/v1', { color: 'red' }))).toEqual([]);
    expect(validator.validate(gadget('example.com/v2', { colour: 'red' }))).toEqual([]);
    expect(lines(validator.validate(gadget('example.com/v2', { color: 'red' })))).toEqual(['error spec.color: not declared by the schema; the API server would prune it']);
  });

  it('checks scope and ObjectMeta', () => {
    expect(lines(validator.validate({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g', namespace: 'ns' }, spec: {} }))).toEqual(['error metadata.namespace: Gadget is cluster-scoped']);
    expect(lines(validator.validate({ ...widget({ size: 1 }), metadata: { namespace: 'ns', lables: { a: 'b' } } as never }))).toEqual([
      'error metadata.name: required',
      'error metadata.lables: not a field of V1ObjectMeta; the API server would drop it',
    ]);
  });

  it('an object without a CRD is an error, or a warning when asked', () => {
    const gizmo: KubernetesObject = { apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'z' } };
    expect(lines(validator.validate(gizmo))).toEqual([`error (root): no CRD for example.com/v1 Gizmo in ${dir}`]);
    expect(lines(new ObjectValidator(catalog, { missingCrd: 'warning' }).validate(gizmo))).toEqual([`warning (root): no CRD for example.com/v1 Gizmo in ${dir}`]);
  });
});

describe('ObjectValidator on built-in kinds', () => {
  it('validates them against the Kubernetes OpenAPI schema and its declared fields, without a CRD', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' }, stringData: { userData: 'x' } };
    expect(validator.validate(secret)).toEqual([]);
    expect(lines(validator.validate({ ...secret, stringdata: {}, type: 7 }))).toEqual(['error type: must be string', 'error stringdata: not a field of V1Secret; the API server would drop it']);
  });
});

describe('objectsInOutput', () => {
  it('takes every object document under kubernetes/ and bare-metal/, skipping kustomization.yaml and non-objects', () => {
    const files = [
      { path: 'kubernetes/cluster.yaml', content: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n---\n# only a comment\n' },
      { path: 'kubernetes/kustomization.yaml', content: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n' },
      { path: 'bare-metal/metal3/pool.yaml', content: 'apiVersion: metal3.io/v1alpha1\nkind: BareMetalHost\nmetadata: {name: h}\n' },
      { path: 'bare-metal/cloud-init/x.yaml', content: '#cloud-config\nhostname: x\n' },
      { path: 'bare-metal/kea-dhcp4.json', content: '{}' },
      { path: 'pulumi/Pulumi.yaml', content: 'apiVersion: v1\nkind: Namespace\n' },
    ];
    expect(objectsInOutput(files).map((o) => `${o.file} ${o.object.kind}/${o.object.metadata!.name}`)).toEqual([
      'kubernetes/cluster.yaml Namespace/a',
      'kubernetes/cluster.yaml Namespace/b',
      'bare-metal/metal3/pool.yaml BareMetalHost/h',
    ]);
  });
});
