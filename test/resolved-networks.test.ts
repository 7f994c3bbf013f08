/** What the DHCP renderers read from ResolvedSite instead of working it out each (issue 10). */
import { describe, expect, it } from 'vitest';
import { mutate, resolveText } from './helpers/fixture';

describe('resolved networks', () => {
  const site = resolveText(mutate([['node: { cidr: 10.12.0.0/22 }', 'node: { cidr: 10.12.0.0/22 }\n    ntp: [10.0.0.5, pool.ntp.org, 10.0.0.6]']]));

  it('carry the network address and netmask of each CIDR', () => {
    // /22: 22 one-bits = 255.255.252.0.
    expect(site.networks.bmc).toMatchObject({ cidr: '10.10.0.0/22', network: '10.10.0.0', netmask: '255.255.252.0' });
  });

  it('keep the NTP servers given as addresses apart from names (DHCP option 42 takes addresses only)', () => {
    expect(site.networks.ntp).toEqual(['10.0.0.5', 'pool.ntp.org', '10.0.0.6']);
    expect(site.networks.ntpAddresses).toEqual(['10.0.0.5', '10.0.0.6']);
  });
});
