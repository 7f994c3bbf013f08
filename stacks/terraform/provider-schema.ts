/**
 * The part of the hashicorp/kubernetes provider's schema that rackshift writes, by the
 * provider's own names (its docs/resources/<type>.md), and the one function that turns a
 * Kubernetes-shaped config into those attributes. Without generated bindings this is what
 * keeps the Terraform JSON in the provider's shape: Kubernetes field names become the
 * provider's snake_case names, map keys (labels, quantities, data) stay as they are, and a
 * field the schema does not have, or a value of the wrong kind, fails the synth instead of
 * reaching `terraform plan`.
 */

/** A scalar or map attribute; `strings` is a list or set of strings; `dynamic` is kept as given. */
type Leaf = 'string' | 'number' | 'bool' | 'strings' | 'map' | 'dynamic';
/** A nested block: a single block (Max: 1) is written as an object, a block list as an array. */
export interface Block {
  readonly [attribute: string]: Leaf | Block | readonly [Block];
}

const metadata = (namespaced: boolean): Block => ({
  annotations: 'map',
  generate_name: 'string',
  labels: 'map',
  name: 'string',
  ...(namespaced ? { namespace: 'string' } : {}),
});
const selector: Block = { match_labels: 'map', match_expressions: [{ key: 'string', operator: 'string', values: 'strings' }] };
const peer: Block = { ip_block: { cidr: 'string', except: 'strings' }, namespace_selector: selector, pod_selector: selector };
const ports: readonly [Block] = [{ port: 'string', protocol: 'string', end_port: 'number' }];

/** Per resource type, the attributes rackshift may write (a subset of the provider's arguments). */
export const PROVIDER_SCHEMA: Readonly<Record<string, Block>> = {
  kubernetes_namespace_v1: { metadata: metadata(false) },
  kubernetes_service_account_v1: { metadata: metadata(true) },
  kubernetes_config_map_v1: { metadata: metadata(true), data: 'map', binary_data: 'map', immutable: 'bool' },
  kubernetes_resource_quota_v1: { metadata: metadata(true), spec: { hard: 'map', scopes: 'strings' } },
  kubernetes_limit_range_v1: {
    metadata: metadata(true),
    spec: { limit: [{ type: 'string', default: 'map', default_request: 'map', max: 'map', min: 'map', max_limit_request_ratio: 'map' }] },
  },
  kubernetes_network_policy_v1: {
    metadata: metadata(true),
    spec: { pod_selector: selector, policy_types: 'strings', ingress: [{ from: [peer], ports }], egress: [{ to: [peer], ports }] },
  },
  kubernetes_role_v1: { metadata: metadata(true), rule: [{ api_groups: 'strings', resources: 'strings', resource_names: 'strings', verbs: 'strings' }] },
  kubernetes_role_binding_v1: {
    metadata: metadata(true),
    role_ref: { api_group: 'string', kind: 'string', name: 'string' },
    subject: [{ kind: 'string', name: 'string', namespace: 'string', api_group: 'string' }],
  },
  kubernetes_priority_class_v1: { metadata: metadata(false), value: 'number', global_default: 'bool', preemption_policy: 'string', description: 'string' },
  kubernetes_manifest: { manifest: 'dynamic' },
};

/** `podSelector` → `pod_selector`: the provider names Kubernetes fields in snake_case. */
export const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

type Attrs = Record<string, unknown>;
const isRecord = (v: unknown): v is Attrs => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(path: string, problem: string): never {
  throw new Error(`Terraform ${path}: ${problem} (a rackshift bug: the object builders and stacks/terraform/provider-schema.ts disagree)`);
}

function leaf(kind: Leaf, value: unknown, path: string): unknown {
  const ok =
    kind === 'dynamic' ||
    (kind === 'string' && typeof value === 'string') ||
    (kind === 'number' && typeof value === 'number' && Number.isFinite(value)) ||
    (kind === 'bool' && typeof value === 'boolean') ||
    (kind === 'strings' && Array.isArray(value) && value.every((v) => typeof v === 'string')) ||
    (kind === 'map' && isRecord(value) && Object.values(value).every((v) => typeof v === 'string'));
  if (!ok) fail(path, `expected ${kind}, got ${JSON.stringify(value)}`);
  return value;
}

function block(schema: Block, config: unknown, path: string): Attrs {
  if (!isRecord(config)) fail(path, `expected a block, got ${JSON.stringify(config)}`);
  const out: Attrs = {};
  for (const [field, value] of Object.entries(config)) {
    if (value === undefined) continue;
    const name = snakeCase(field);
    const at = `${path}.${name}`;
    const kind = schema[name];
    if (kind === undefined) fail(at, 'not an argument of this resource type');
    if (typeof kind === 'string') out[name] = leaf(kind, value, at);
    else if (Array.isArray(kind)) {
      if (!Array.isArray(value)) fail(at, `expected a list of blocks, got ${JSON.stringify(value)}`);
      out[name] = value.map((item, i) => block(kind[0] as Block, item, `${at}[${i}]`));
    } else out[name] = block(kind as Block, value, at);
  }
  return out;
}

/** The attributes of one resource of `type`, from a config with Kubernetes (camelCase) field names. */
export function providerAttributes(type: string, config: Attrs, address = type): Attrs {
  const schema = PROVIDER_SCHEMA[type];
  if (!schema) fail(address, `resource type ${type} is not in the schema`);
  return block(schema, config, address);
}
