/** What a Pulumi program imports from rackshift: `import { loadSite, SiteTenancy } from 'rackshift/pulumi'`. */
export { SiteTenancy, SITE_TENANCY_TYPE, type SiteTenancyArgs } from './site-tenancy';
export { loadSite } from '../../constructs/load';
export type { K8sObject } from '../kubernetes/k8s-object';
export type { ResolvedSite } from '../../constructs/resolved-site';
