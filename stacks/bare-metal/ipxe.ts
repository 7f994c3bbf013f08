/**
 * One iPXE script per pool. A host Metal3's Ironic is deploying gets its own boot config from
 * Ironic (boot.ipxe, per MAC); anything else waits and retries, so a host never boots an
 * image it was not given.
 */
import type { ResolvedSite } from '../../constructs/resolved-site';
import { bootUrl, FILES } from './conventions';
import type { OutputFile } from '../target';
import { commentText, ipxeWord } from './encode';

export function ipxeFiles(site: ResolvedSite): OutputFile[] {
  const base = bootUrl(site);
  if (!base) return [];
  const url = ipxeWord('boot server URL', `${base}/boot.ipxe`);
  return site.pools.map((p) => ({
    path: FILES.ipxe(p.name),
    content: [
      '#!ipxe',
      commentText('iPXE script', 'pool comment', `# rackshift: pool ${p.name} (${p.system.displayName}), site ${site.name}. Generated; edit the site file instead.`),
      `echo rackshift: \${net0/mac} in pool ${ipxeWord('pool name', p.name)}, asking Ironic for its boot config`,
      ':retry',
      `chain --autofree ${url} || goto wait`,
      ':wait',
      'echo rackshift: no boot config yet for ${net0/mac}; retrying in 30 s',
      'sleep 30',
      'goto retry',
      '',
    ].join('\n'),
  }));
}
