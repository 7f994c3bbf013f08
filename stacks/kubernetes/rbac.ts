/**
 * A tenant's RBAC, namespace-scoped only: a `tenant-admin` Role bound to the tenant's admin
 * groups, and a `ci` ServiceAccount bound to a narrower `ci-deployer` Role. Neither Role
 * may touch RBAC, quotas, limit ranges or network policies (that would undo isolation),
 * and no ClusterRole or ClusterRoleBinding is ever emitted for a tenant.
 */
import type { ResolvedSite, ResolvedTenant } from '../../constructs/resolved-site';
import type { IRole, IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import type { IServiceAccount } from 'kubernetes-models/v1';
import { hasComputeDomain } from './compute-domains';
import { type K8sObject, ownerLabels } from './k8s-object';

const EDIT = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const READ = ['get', 'list', 'watch'];
type Rule = NonNullable<IRole['rules']>[number];

/**
 * Batch and training workloads Kueue admits (its integrations): JobSet, the Kubeflow training
 * jobs, Ray and LeaderWorkerSet. AI tenants submit these rather than bare Jobs; the rules are
 * namespaced like the rest, and harmless where a CRD is not installed.
 */
const TRAINING_JOB_RULES: Rule[] = [
  { apiGroups: ['jobset.x-k8s.io'], resources: ['jobsets'], verbs: EDIT },
  { apiGroups: ['kubeflow.org'], resources: ['pytorchjobs', 'mpijobs', 'tfjobs', 'xgboostjobs', 'paddlejobs', 'jaxjobs'], verbs: EDIT },
  { apiGroups: ['ray.io'], resources: ['rayjobs', 'rayclusters'], verbs: EDIT },
  { apiGroups: ['leaderworkerset.x-k8s.io'], resources: ['leaderworkersets'], verbs: EDIT },
];

/**
 * Multi-node NVLink on rack-scale pools (dedicated tenants): ComputeDomains of NVIDIA's DRA
 * driver (a tenant may make one per job, for an IMEX domain of its own) and the DRA claims
 * pods use to join one. Namespaced like everything else here.
 */
const NVLINK_RULES: Rule[] = [
  { apiGroups: ['resource.nvidia.com'], resources: ['computedomains'], verbs: EDIT },
  { apiGroups: ['resource.nvidia.com'], resources: ['computedomains/status'], verbs: READ },
  { apiGroups: ['resource.k8s.io'], resources: ['resourceclaims', 'resourceclaimtemplates'], verbs: EDIT },
];

const ADMIN_RULES: Rule[] = [
  { apiGroups: [''], resources: ['pods', 'pods/log', 'pods/exec', 'pods/portforward', 'services', 'endpoints', 'configmaps', 'secrets', 'persistentvolumeclaims', 'serviceaccounts'], verbs: EDIT },
  { apiGroups: [''], resources: ['events', 'resourcequotas', 'limitranges', 'podtemplates'], verbs: READ },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'replicasets'], verbs: EDIT },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: EDIT },
  { apiGroups: ['kueue.x-k8s.io'], resources: ['workloads', 'localqueues'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: READ },
  ...TRAINING_JOB_RULES,
];

const CI_RULES: Rule[] = [
  { apiGroups: [''], resources: ['configmaps', 'services'], verbs: EDIT },
  { apiGroups: [''], resources: ['pods', 'pods/log', 'events', 'podtemplates'], verbs: READ },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: EDIT },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: EDIT },
  { apiGroups: ['kueue.x-k8s.io'], resources: ['workloads', 'localqueues'], verbs: READ },
  ...TRAINING_JOB_RULES,
];

export const ADMIN_ROLE = 'tenant-admin';
export const CI_ROLE = 'ci-deployer';
export const CI_SERVICE_ACCOUNT = 'ci';

export function tenantRbacObjects(site: ResolvedSite, t: ResolvedTenant): K8sObject[] {
  const labels = ownerLabels({ site: site.name, pool: t.pool, tenant: t.name });
  const meta = (name: string) => ({ name, namespace: t.name, labels });
  const role = (name: string, rules: Rule[]): IRole & K8sObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(name), rules });
  const binding = (name: string, roleName: string, subjects: NonNullable<IRoleBinding['subjects']>): IRoleBinding & K8sObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: meta(name),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
    subjects,
  });
  const sa: IServiceAccount & K8sObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(CI_SERVICE_ACCOUNT) };
  const nvlink = hasComputeDomain(t) ? NVLINK_RULES : [];
  const out: K8sObject[] = [role(ADMIN_ROLE, [...ADMIN_RULES, ...nvlink]), role(CI_ROLE, [...CI_RULES, ...nvlink]), sa, binding(CI_ROLE, CI_ROLE, [{ kind: 'ServiceAccount', name: CI_SERVICE_ACCOUNT, namespace: t.name }])];
  if (t.admins.length > 0) {
    out.push(binding(ADMIN_ROLE, ADMIN_ROLE, [...t.admins].sort().map((g) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: g }))));
  }
  return out;
}
