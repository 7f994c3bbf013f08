/**
 * The fast path of the Terraform emitter: a site stack's `resource` section built directly
 * from the same attributes the stack's resources synthesize (resourceAttributes), skipping
 * cdktn's construct tree and token resolution, which dominate its synth time. The result is
 * byte-identical to synthesizing SiteTenancyStack with cdktn (test/kubernetes-terraform.test.ts
 * holds the two together), and the stack's header (backend, provider, versions) still comes
 * from cdktn itself.
 */
import { type K8sObject, objectId } from '../kubernetes/k8s-object';
import { resourceAttributes, terraformType } from './resources';

type Attrs = Record<string, unknown>;

/**
 * The `resource` section of the stack: `{ <type>: { <id>: attributes } }`, as cdktn writes it
 * (construct path and unique id under "//", depends_on as Terraform references).
 */
export function resourceSection(stackName: string, objects: readonly K8sObject[]): Record<string, Record<string, Attrs>> {
  const out: Record<string, Record<string, Attrs>> = {};
  const namespaces = new Map<string, string>();
  for (const o of objects) {
    const id = objectId(o);
    const type = terraformType(o);
    const ns = o.metadata.namespace ? namespaces.get(o.metadata.namespace) : undefined;
    const attrs: Attrs = {
      ...resourceAttributes(o),
      ...(ns ? { depends_on: [ns] } : {}),
      '//': { metadata: { path: `${stackName}/${id}`, uniqueId: id } },
    };
    (out[type] ??= {})[id] = attrs;
    if (o.kind === 'Namespace') namespaces.set(o.metadata.name, `${type}.${id}`);
  }
  return out;
}

/**
 * JSON exactly as cdktn writes cdk.tf.json (safe-stable-stringify, two spaces): keys sorted,
 * undefined members left out (null in arrays), empty objects and arrays as `{}` and `[]`.
 */
export function stackJsonStringify(value: unknown, level = 0): string | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const indent = `\n${'  '.repeat(level)}`;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${value.map((v) => inner + (stackJsonStringify(v, level + 1) ?? 'null')).join(',')}${indent}]`;
  }
  const out: string[] = [];
  for (const k of Object.keys(value).sort()) {
    const v = stackJsonStringify((value as Attrs)[k], level + 1);
    if (v !== undefined) out.push(`${inner}${JSON.stringify(k)}: ${v}`);
  }
  return out.length === 0 ? '{}' : `{${out.join(',')}${indent}}`;
}
