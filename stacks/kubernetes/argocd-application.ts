/**
 * The Argo CD Application of a site (spec.gitops): it points Argo CD at the site's
 * kubernetes/ folder in git, so the manifests rackshift synthesizes are what the cluster
 * runs. Fields follow argoproj.io/v1alpha1 Application (argoproj/argo-cd
 * manifests/crds/application-crd.yaml).
 *
 * It is written beside the manifests as kubernetes/argocd-application.yaml but is NOT a
 * kustomization resource: Argo CD renders that folder through kustomization.yaml, so an
 * Application listed there would manage itself (and deleting it from git would prune it,
 * then nothing would sync). It is applied once by hand, or by an app-of-apps. Nor is it in
 * kubernetesObjects(): the Terraform and Pulumi stacks deploy the objects themselves, and
 * `rackshift deploy` skips it (deploy/manifests.ts); each site uses one way to deploy.
 */
import type { ResolvedSite } from '../../constructs/resolved-site';
import { ownerLabels, type K8sObject } from './k8s-object';

export const ARGOCD_APPLICATION_FILE = 'argocd-application.yaml';

/** The API server of the cluster Argo CD itself runs in. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';

export function argoCdApplication(site: ResolvedSite): K8sObject | undefined {
  const g = site.gitops;
  if (!g) return undefined;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: g.application, namespace: g.namespace, labels: ownerLabels({ site: site.name }) },
    spec: {
      project: g.project,
      source: { repoURL: g.repoURL, targetRevision: g.targetRevision, path: g.path },
      // No destination namespace: the manifests hold cluster-scoped objects, and every
      // namespaced one names its namespace.
      destination: { server: IN_CLUSTER },
      syncPolicy: {
        automated: { prune: g.prune, selfHeal: g.selfHeal },
        // Server-side apply, as `rackshift deploy` and the docs' kubectl command do: needed for
        // the ClusterPolicy the GPU Operator chart also writes, and for objects too large for
        // the last-applied annotation.
        syncOptions: ['ServerSideApply=true'],
      },
    },
  };
}
