/**
 * The site's provisioning settings, resolved: backends in a fixed order (output never depends
 * on the order the site lists them), the boot server's HTTP URL, and the namespaces the
 * provisioning stacks run in (upstream defaults unless the site says otherwise).
 */
import type { ResolvedNetworks, ResolvedProvisioning } from '../resolved-site';
import { PROVISIONING_BACKENDS, type SiteSpec } from '../site-spec';

/** Metal3's Ironic serves iPXE scripts and images over HTTP on this port (ironic-image default). */
export const IRONIC_HTTP_PORT = 6180;

export function resolveProvisioning(s: SiteSpec['spec'], networks: ResolvedNetworks): ResolvedProvisioning {
  const p = s.provisioning;
  const server = networks.provisioning?.bootServer;
  const url = p.bootServerUrl ?? (server ? `http://${server}:${IRONIC_HTTP_PORT}` : undefined);
  return {
    backends: PROVISIONING_BACKENDS.filter((b) => p.backends.includes(b)),
    ...(url ? { bootServerUrl: url.replace(/\/+$/, '') } : {}),
    metal3Namespace: p.metal3Namespace,
    tinkerbellNamespace: p.tinkerbellNamespace,
  };
}
