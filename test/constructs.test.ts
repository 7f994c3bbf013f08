/**
 * The constructs API: the small fixture written as TypeScript gives the same ResolvedSite as
 * its YAML; bad props fail with the site file's messages.
 */
import { describe, expect, it } from 'vitest';
import { AsicFleet } from '../constructs/asic-fleet';
import { CoolingZone } from '../constructs/cooling-zone';
import { SiteError } from '../constructs/diagnostics';
import { GpuNodePool } from '../constructs/gpu-node-pool';
import { loadSite } from '../constructs/load';
import { Network } from '../constructs/network';
import { PowerFeed } from '../constructs/power-feed';
import { Site } from '../constructs/site';
import { Tenant } from '../constructs/tenant';
import { SMALL_SITE_FILE } from './helpers/fixture';

/** test/fixtures/small-site.yaml, as code. */
function smallSite(): Site {
  const site = new Site(undefined, 'small-1', { metadata: { region: 'test-grid' }, continuousLoadFactor: 0.8 });
  new PowerFeed(site, 'feed-a1', { capacityMW: 10, group: 'a', pricePerMWh: 40 });
  new PowerFeed(site, 'feed-a2', { electrical: { voltageKV: 13.8, amps: 400, phases: 3, powerFactor: 0.95 }, group: 'a' });
  new PowerFeed(site, 'feed-b1', { capacityMW: 12, group: 'b' });
  new PowerFeed(site, 'feed-b2', { capacityMW: 8, group: 'b' });
  new CoolingZone(site, 'hall-air', { type: 'air', capacityKW: 16000, maxRackKW: 30, pue: 1.3, racks: 600 });
  new CoolingZone(site, 'hall-rd', { type: 'rear-door', capacityKW: 4000, maxRackKW: 45, pue: 1.2, racks: 90 });
  new CoolingZone(site, 'hall-dlc', { type: 'direct-liquid', capacityKW: 1000, overheadKW: 150, racks: 8 });
  new AsicFleet(site, 's19xp', { model: 'antminer-s19-xp', count: 2000, retire: 500, zone: 'hall-air' });
  new AsicFleet(site, 's19jpro', { model: 'antminer-s19j-pro', count: 3000, zone: 'hall-air' });
  new AsicFleet(site, 's21-firm', { model: 'antminer-s21', count: 100, zone: 'hall-air', curtailable: false });
  new GpuNodePool(site, 'h100-a', { system: 'dgx-h100', nodes: 320, nodesPerRack: 4, zone: 'hall-rd', tier: '2N' });
  new GpuNodePool(site, 'nvl-a', { system: 'gb200-nvl72', nodes: 72, zone: 'hall-dlc', tier: 'N+1', addressOffset: 512 });
  new GpuNodePool(site, 'l40s-a', { system: 'l40s-8gpu', nodes: 14, nodesPerRack: 7, zone: 'hall-air', tier: 'N', addressOffset: 640 });
  new Tenant(site, 'acme', { pool: 'h100-a', gpus: 1024, isolation: 'dedicated', admins: ['acme-admins'] });
  new Tenant(site, 'bravo', { pool: 'h100-a', gpus: 512, isolation: 'shared' });
  new Tenant(site, 'nova', { pool: 'nvl-a', gpus: 144, isolation: 'dedicated' });
  new Tenant(site, 'lumen', { pool: 'l40s-a', gpus: 64, isolation: 'shared' });
  new Network(site, 'bmc', { cidr: '10.10.0.0/22' });
  new Network(site, 'provisioning', { cidr: '10.11.0.0/22' });
  new Network(site, 'node', { cidr: '10.12.0.0/22' });
  return site;
}

describe('constructs', () => {
  it('a site in TypeScript resolves exactly like the same site in YAML', async () => {
    const fromYaml = (await loadSite(SMALL_SITE_FILE)).site!;
    const fromCode = smallSite().resolve();
    expect(JSON.parse(JSON.stringify({ ...fromCode, sourceFile: '' }))).toEqual(JSON.parse(JSON.stringify({ ...fromYaml, sourceFile: '' })));
  });

  it('lets a tenant, a pool and a zone share a name, as the site file does', () => {
    const site = smallSite();
    new CoolingZone(site, 'acme', { type: 'air', capacityKW: 100, racks: 10 });
    new GpuNodePool(site, 'acme', { system: 'l40s-8gpu', nodes: 2, zone: 'acme', tier: 'N' });
    const resolved = site.resolve();
    expect(resolved.pools.map((p) => p.name)).toContain('acme');
    expect(resolved.tenants.map((t) => t.name)).toContain('acme');
  });

  it('rejects two children of one kind with one name as a SiteError', () => {
    const site = smallSite();
    expect(() => new Tenant(site, 'acme', { pool: 'nvl-a', gpus: 4 })).toThrow(SiteError);
    expect(() => new Tenant(site, 'acme', { pool: 'nvl-a', gpus: 4 })).toThrow('duplicate name "acme"');
  });

  it('checks props with the site file\'s schema', () => {
    const site = new Site(undefined, 'x');
    expect(() => new PowerFeed(site, 'f', { capacityMW: -1, group: 'a' })).toThrow('capacityMW must be greater than 0');
    expect(() => new Tenant(site, 'Bad_Name', { pool: 'p', gpus: 1 })).toThrow('DNS-1123');
  });

  it('resolves every problem of a code-built tree at once', () => {
    const site = smallSite();
    new Tenant(site, 'omega', { pool: 'h100-z', gpus: 8 });
    new GpuNodePool(site, 'b200-x', { system: 'dgx-b200', nodes: 4, zone: 'hall-9' });
    try {
      site.resolve();
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SiteError);
      const messages = (err as SiteError).diagnostics.map((d) => `${d.path}: ${d.message}`);
      // Built in TypeScript, so problems name construct paths, not site-file fields.
      expect(messages).toContain('small-1/tenants/omega.pool: no GPU pool "h100-z" (pools: h100-a, nvl-a, l40s-a, b200-x); did you mean "h100-a"?');
      expect(messages).toContain('small-1/pools/b200-x.zone: no zone "hall-9" (zones: hall-air, hall-rd, hall-dlc); did you mean "hall-rd"?');
    }
  });

  it('names the construct path of a problem in a TypeScript-built site, field and index included', () => {
    const site = smallSite();
    new GpuNodePool(site, 'h100-b', { system: 'dgx-h100', nodes: 4, zone: 'hall-rd', tier: 'N', retire: [9], addressOffset: 768 });
    try {
      site.resolve();
      expect.unreachable();
    } catch (err) {
      const d = (err as SiteError).diagnostics.find((x) => x.rule === 'rackshift:pool/retire');
      expect(d?.path).toBe('small-1/pools/h100-b.retire[0]');
      expect(d?.file).toBeUndefined();
    }
  });

  it('refuses a tenant named after a platform namespace', () => {
    for (const name of ['rackshift-system', 'tink-system', 'argocd', 'gpu-operator', 'kube-system']) {
      const site = smallSite();
      new Tenant(site, name, { pool: 'nvl-a', gpus: 4 });
      expect(() => site.resolve(), name).toThrow(`"${name}" is a reserved namespace`);
    }
  });

  it('each construct validates itself: node.validate() lists the problems at its own path', () => {
    const site = smallSite();
    const pool = new GpuNodePool(site, 'h100-b', { system: 'dgx-h100', nodes: 4, zone: 'hall-9', tier: 'N', addressOffset: 768 });
    const tenant = new Tenant(site, 'omega', { pool: 'h100-b', gpus: 64 });
    expect(pool.node.validate()).toEqual(['small-1/pools/h100-b.zone: no zone "hall-9" (zones: hall-air, hall-rd, hall-dlc); did you mean "hall-rd"?']);
    // 4 nodes × 8 GPUs = 32; the tenant asks 64 (short 32): reported at the tenant, not the pool.
    expect(tenant.node.validate()).toEqual(['small-1/tenants/omega.gpus: asks for 64 GPUs but pool h100-b has 32 (4 nodes × 8; short 32)']);
    expect(smallSite().node.findAll().flatMap((c) => c.node.validate())).toEqual([]);
  });
});
