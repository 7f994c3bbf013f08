/**
 * `spec.clusters`: which Kubernetes cluster each kind of object goes to, by kubeconfig context
 * name. The management cluster gets what provisions machines (Metal3 BareMetalHosts and
 * their BMC credential Secrets, HostFirmwareSettings, Tinkerbell Hardware); the workload
 * cluster gets the tenancy (namespaces, quotas, RBAC, network policy, Kueue, GPU Operator
 * config). One context for both is a valid choice; neither named means the context deploy
 * is given (--context, else the kubeconfig's current-context).
 */
import { z } from 'zod';

/**
 * What kubectl accepts as a context name and rackshift will print and write: printable, no
 * spaces or quotes (EKS contexts are ARNs such as arn:aws:eks:us-east-1:1234:cluster/gpu).
 */
export const CONTEXT_NAME = /^[A-Za-z0-9][A-Za-z0-9._@:/+-]*$/;

export const contextName = z
  .string()
  .max(253, 'must be at most 253 characters')
  .regex(CONTEXT_NAME, 'must be a kubeconfig context name: letters, digits and . _ @ : / + -, starting with a letter or digit')
  .describe('A kubeconfig context name.');

export const ClustersSpec = z
  .object({
    management: contextName.optional().describe('Context of the management cluster: BareMetalHosts, BMC credential Secrets, HostFirmwareSettings, Tinkerbell Hardware. Default: the context deploy is given.'),
    workload: contextName.optional().describe('Context of the workload cluster: tenant namespaces, quotas, RBAC, network policy, Kueue, GPU Operator config. Default: the context deploy is given.'),
  })
  .strict();

export type ClustersSpecT = z.output<typeof ClustersSpec>;
