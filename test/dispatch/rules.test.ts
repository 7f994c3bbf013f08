/** Each dispatch rule, triggered from a site file, reports its id at the field's line. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveErrors } from '../helpers/fixture';

const HAND = readFileSync('test/fixtures/dispatch/hand-site.yaml', 'utf8');
const withDispatch = (block: string) => HAND.replace(/  dispatch:\n[\s\S]*$/, `  dispatch:\n${block}`);
const firmFleets = (text: string) => text.replace('{ name: s19j-a, model: antminer-s19j-pro, count: 1000, zone: hall-1 }', '{ name: s19j-a, model: antminer-s19j-pro, count: 1000, zone: hall-1, curtailable: false }');

describe('dispatch rules', () => {
  it.each([
    ['rackshift:ref/fleet', withDispatch('    fleets: [{ fleet: s9-old }]\n'), 'spec.dispatch.fleets[0].fleet', 'no mining fleet "s9-old" (fleets: s21-a, s19j-a)'],
    ['rackshift:dispatch/firm-fleet', firmFleets(withDispatch('    fleets: [{ fleet: s19j-a }]\n')), 'spec.dispatch.fleets[0].fleet', 'fleet s19j-a is firm (curtailable: false); dispatch never shifts firm load'],
    ['rackshift:dispatch/duplicate', withDispatch('    interruptible: [{ tenant: spot-co }, { tenant: spot-co }]\n'), 'spec.dispatch.interruptible[1].tenant', 'tenant spot-co is listed twice'],
    ['rackshift:ref/tenant', withDispatch('    interruptible: [{ tenant: nobody }]\n'), 'spec.dispatch.interruptible[0].tenant', 'no tenant "nobody" (tenants: firm-co, spot-co)'],
    // Firm load: 0.051 MW of DGX H100 (no interruptible tenant) against a 0.04 MW contract.
    ['rackshift:dispatch/contract', withDispatch('    contractedMW: 0.04\n'), 'spec.dispatch.contractedMW', 'the contract allows 0.04 MW but firm load needs 0.05 MW (short 0.01 MW)'],
  ])('%s', (rule, text, path, message) => {
    const errors = resolveErrors(text, 'hand.yaml');
    const hit = errors.find((e) => e.rule === rule);
    expect(hit, JSON.stringify(errors)).toMatchObject({ rule, path, message, file: 'hand.yaml' });
    expect(hit!.line).toBeGreaterThan(20);
  });
});
