/** What a Pulumi program imports from rackshift (`import { SiteTenancy } from 'rackshift/pulumi'`). */
export { SiteTenancy, SITE_TENANCY_TYPE, type SiteTenancyArgs } from './site-tenancy';
export type { K8sObject } from '../kubernetes/k8s-object';
