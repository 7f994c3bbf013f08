import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDiagnostic } from '../constructs/diagnostics';
import { describe, expect, it, vi } from 'vitest';
import { runMain, STACK_FRAME } from './helpers/cli';

interface Run { code: number; stdout: string; stderr: string }

/** Runs the real `rackshift` binary with "today" pinned, as a user would. */
function rackshift(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('node', ['bin/rackshift.mjs', ...args], { env: { ...process.env, RACKSHIFT_TODAY: '2026-11-24' } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('rackshift size', () => {
  it('answers the README example at once with defaults', async () => {
    const r = await rackshift(['size', '--site', 'sites/permian-1.yaml', '--gpus', '256', '--system', 'dgx-h100', '--audience', 'internal']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // 256 GPUs ÷ 8 = 32 DGX H100 in hall-2 (rear-door, 45 kW racks: the densest is 4 × 10.2 = 40.8 kW) → 8 racks.
    expect(r.stdout).toContain('**Answer:** **Yes.** 256 GPUs (32 nodes, 8 racks of 4 at 40.8 kW) fit in zone hall-2');
    // 32 × 10.2 kW = 326.4 kW IT; × PUE 1.2 = 391.68 kW.
    expect(r.stdout).toContain('The offer draws 0.326 MW of critical IT, 0.392 MW with cooling and losses (zone hall-2 PUE 1.2)');
    expect(r.stdout).toContain('| Hashprice today | $39.53 per PH/s/day | site file (spec.economics) |');
    // The default term is 120 months (miner-to-HPC leases run 10–15 years).
    expect(r.stdout).toContain('2N power, 120 months.');
  });

  it('sends the customer version by default: ask, answer, tier, timeline, price terms', async () => {
    const r = await rackshift(['size', '--site', 'sites/permian-1.yaml', '--gpus', '256', '--system', 'dgx-h100']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**Answer:** **Yes.** 256 GPUs (32 systems in 8 racks) can be delivered.');
    expect(r.stdout).toContain('Power tier **2N**');
    // 326.4 kW × $140 = $45,696 a month.
    expect(r.stdout).toContain('**$140 per kW of critical IT per month**, 120 months from ready; $45.7 k a month.');
    expect(r.stdout).toContain('| TeraWulf → Fluidstack | Aug 2025 |');
    expect(r.stdout).not.toMatch(/capex|given up|rackshift:|domain-facts/i);
  });

  it('rejects absurd input with one clear line and the right exit code', async () => {
    vi.stubEnv('RACKSHIFT_TODAY', '2026-11-24');
    const size = (...args: string[]) => runMain(['size', '--site', 'sites/permian-1.yaml', ...args]);
    const neg = await size('--gpus=-8', '--system', 'dgx-h100');
    const unknown = await size('--gpus', '8', '--system', 'dgx-z9');
    const past = await size('--gpus', '8', '--system', 'dgx-h100', '--start', '2026-03-01');
    const both = await size('--gpus', '8', '--it-mw', '2');
    const badFormat = await size('--gpus', '8', '--system', 'dgx-h100', '--format', 'pdf');
    const huge = await size('--gpus', '10000000', '--system', 'dgx-h100');
    const zero = await size('--gpus', 'many', '--system', 'dgx-h100');
    const hugeInternal = await size('--gpus', '10000000', '--system', 'dgx-h100', '--audience', 'internal');
    const clash = await size('--gpus', '8', '--system', 'dgx-h100', '--format', 'json', '--out', '/tmp/never-written.html');
    const audience = await size('--gpus', '8', '--system', 'dgx-h100', '--audience', 'cfo');
    vi.unstubAllEnvs();
    // An --out extension that contradicts --format is wrong usage, and nothing is written.
    expect(clash).toMatchObject({ code: 2, stdout: '' });
    expect(clash.stderr).toContain('--out /tmp/never-written.html ends in .html but --format is json');
    expect(audience).toMatchObject({ code: 2 });
    expect(audience.stderr).toContain('--audience must be one of customer, internal; got "cfo"');
    expect(neg).toMatchObject({ code: 2, stdout: '' });
    expect(neg.stderr).toContain('rackshift size: --gpus must be at least 1; got -8');
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toMatch(/^rackshift size: sites\/permian-1\.yaml: offer ask: unknown GPU system "dgx-z9" \(catalog: .*dgx-h100.*\)\n$/);
    expect(past).toMatchObject({ code: 1 });
    expect(past.stderr).toBe('rackshift size: sites/permian-1.yaml: offer ask: start 2026-03-01 is in the past (today is 2026-11-24)\n');
    expect(both).toMatchObject({ code: 2 });
    expect(both.stderr).toContain('give --gpus or --it-mw, not both');
    expect(badFormat.code).toBe(2);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--gpus must be a whole number; got "many"');
    // 10 million GPUs: a clear "not as asked" with the largest offer and the binding constraint;
    // exit 3 (does not fit), apart from 1 (invalid input) and 2 (wrong usage).
    expect(huge.code).toBe(3);
    // The customer reads the limit in words; the internal report names the rule.
    expect(huge.stdout).toContain('**Not as asked.** The largest offer we can make is');
    expect(huge.stdout).toContain('Limited by power that survives the loss of a whole feed group (2N).');
    expect(huge.stdout).not.toContain('rackshift:');
    expect(hugeInternal.stdout).toMatch(/\*\*Binding constraint\*\* at [\d,]+ nodes .*\(`rackshift:power\/tier-2n`\)/);
    for (const r of [neg, unknown, past, both, badFormat, huge, zero, clash, audience]) expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('writes JSON and HTML files atomically with --out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rackshift-size-'));
    const out = join(dir, 'offer.json');
    // No --format: the extension says json.
    const r = await rackshift(['size', '--site', 'test/fixtures/offers-hand.yaml', '--offer', 'b200-1024', '--audience', 'internal', '--out', out]);
    expect(r.code).toBe(0);
    const data = JSON.parse(await readFile(out, 'utf8'));
    expect(data).toMatchObject({ kind: 'OfferSizing', audience: 'internal', verdict: 'fits', plan: { nodes: 128, zone: 'hall-m', economics: { paybackMonth: 42 } } });
    expect(data.plan.timeline.readyDate).toBe('2027-10-18');
    // Power stack for tools: the offer's 2.288 MW facility on two 18.8 MW feed groups.
    expect(data.powerStack.after.offerMW).toBeCloseTo(2.288, 6);
    expect(data.powerStack.before.groups).toEqual([{ name: 'a', usableMW: 18.8 }, { name: 'b', usableMW: 18.8 }]);
    expect(data.before).toBeUndefined();
    expect(await readdir(dir)).toEqual(['offer.json']);
  });

  it('synth renders declared offers to offers/<name>.md|json|html, deterministically', async () => {
    const a = await mkdtemp(join(tmpdir(), 'rackshift-synth-'));
    const b = await mkdtemp(join(tmpdir(), 'rackshift-synth-'));
    const [ra, rb] = await Promise.all([rackshift(['synth', 'test/fixtures/offers-hand.yaml', '--out', a]), rackshift(['synth', 'test/fixtures/offers-hand.yaml', '--out', b])]);
    expect(ra.code).toBe(0);
    expect(rb.code).toBe(0);
    const files = (await readdir(join(a, 'hand-1', 'offers'))).sort();
    expect(files).toEqual(['b200-1024.customer.html', 'b200-1024.customer.json', 'b200-1024.customer.md', 'b200-1024.html', 'b200-1024.json', 'b200-1024.md']);
    for (const f of files) expect(await readFile(join(a, 'hand-1', 'offers', f), 'utf8')).toBe(await readFile(join(b, 'hand-1', 'offers', f), 'utf8'));
    const md = await readFile(join(a, 'hand-1', 'offers', 'b200-1024.md'), 'utf8');
    expect(md).toContain('Ready **33 weeks** after the start: **2027-10-18** (start 2027-03-01)');
    expect(md).toContain('payback **month 42**');
    const customer = await readFile(join(a, 'hand-1', 'offers', 'b200-1024.customer.md'), 'utf8');
    expect(customer).toContain('Ready **33 weeks** after the start: **2027-10-18**.');
    expect(customer).not.toMatch(/capex|payback|rackshift:/i);
  });

  it('synth fails with every invalid declared offer at once, each at its line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rackshift-bad-offer-'));
    const text = (await readFile('test/fixtures/offers-hand.yaml', 'utf8')).replace(
      /  offers:\n.*$/s,
      '  offers:\n    - { name: ok-1, gpus: 8, system: dgx-b200 }\n    - { name: bad-1, gpus: 8, system: dgx-z9 }\n    - { name: bad-2, gpus: 8, system: dgx-b200, zone: hall-9 }\n',
    );
    const file = join(dir, 'site.yaml');
    await writeFile(file, text);
    const r = await runMain(['synth', file, '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.includes('spec.offers['))).toHaveLength(2);
    expect(r.stderr).toMatch(/site\.yaml:\d+:\d+ spec\.offers\[1\]: offer bad-1: unknown GPU system "dgx-z9"/);
    expect(r.stderr).toMatch(/site\.yaml:\d+:\d+ spec\.offers\[2\]: offer bad-2: no zone "hall-9" \(zones: hall-m\)/);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('rackshift size (review fixes)', () => {
  it('--gpus without --system is wrong usage (exit 2), as the help line says', async () => {
    const r = await runMain(['size', '--site', 'sites/permian-1.yaml', '--gpus', '256']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain('rackshift size: --gpus needs --system ID (e.g. dgx-h100)');
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('--out into a folder that does not exist yet creates it (as synth --out does), no temp names leak', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rackshift-size-out-'));
    const out = join(dir, 'offers', 'q3', 'ask.json');
    const r = await rackshift(['size', '--site', 'sites/permian-1.yaml', '--gpus', '256', '--system', 'dgx-h100', '--format', 'json', '--out', out]);
    expect(r.stderr).toBe(`wrote ${out} (fits)\n`);
    expect(r.code).toBe(0);
    expect(JSON.parse(await readFile(out, 'utf8')).ask.gpus).toBe(256);
    expect(await readdir(join(dir, 'offers', 'q3'))).toEqual(['ask.json']);
  });
});

describe('file-level problems (review fixes)', () => {
  it('a --site that does not exist is wrong usage (exit 2), as a missing PATH is for synth', async () => {
    const r = await runMain(['size', '--site', 'sites/no-such-site.yaml', '--gpus', '8', '--system', 'dgx-h100']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('rackshift size: --site sites/no-such-site.yaml: no such file');
  });

  it('a problem with no line reads "FILE: message", with the colon every other problem line has', () => {
    expect(formatDiagnostic({ severity: 'error', rule: 'rackshift:file/unreadable', path: '', file: 'sites/x.yaml', message: 'no such file' })).toBe('sites/x.yaml: no such file');
  });
});
