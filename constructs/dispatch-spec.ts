/**
 * `spec.dispatch`: what `rackshift dispatch` may shift between mining and AI, and the limits it
 * must keep. Firm load (every tenant not listed as interruptible, non-curtailable fleets) is
 * never touched; long leases are take-or-pay and do not shift.
 */
import { z } from 'zod';

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ref = (what: string) => z.string().regex(dnsLabel, `must name a ${what} (a DNS-1123 label)`);
const intervals = (what: string) => z.number().int(`${what} must be a whole number`).min(1, `${what} must be at least 1`).max(96 * 7, `${what} must be at most ${96 * 7} (a week of 15-minute intervals)`);

export const DispatchFleetSpec = z
  .object({
    fleet: ref('mining fleet'),
    rampMWPerHour: z.number().positive('rampMWPerHour must be greater than 0').max(10_000).optional().describe('Fastest change of the fleet\'s facility MW, up or down, per hour. Default: no limit (miners curtail in seconds).'),
    minRunIntervals: intervals('minRunIntervals').default(1).describe('Once started, the fleet mines at least this many intervals.'),
    minRestIntervals: intervals('minRestIntervals').default(1).describe('Once stopped, the fleet rests at least this many intervals.'),
  })
  .strict();

export const InterruptibleSpec = z
  .object({
    tenant: ref('tenant'),
    gpuHourPrice: z.number().min(0).max(1_000).optional().describe('USD per GPU-hour the interruptible capacity sells at when no spot-price file is given.'),
    utilisation: z.number().gt(0).max(1).default(0.7).describe('Share of its GPU-hours sold while it runs (planning default 0.7).'),
    minRunIntervals: intervals('minRunIntervals').default(1),
    minRestIntervals: intervals('minRestIntervals').default(1),
  })
  .strict();

export const DispatchSpec = z
  .object({
    settlementPoint: z.string().regex(/^[A-Z0-9_]{1,32}$/, 'must be an ERCOT-style settlement point name such as HB_WEST').optional().describe('Rows of a market price file that apply to this site (e.g. HB_WEST, LZ_WEST).'),
    contractedMW: z.number().positive('contractedMW must be greater than 0').max(100_000).optional().describe('Most facility MW the site may draw under its supply contract. Default: the feeds\' usable capacity.'),
    poolFee: z.number().min(0).max(0.2).optional().describe('Mining pool fee for dispatch, a share of revenue. Default: spec.economics.poolFee, else the economics default.'),
    uptime: z.number().gt(0).max(1).optional().describe('Share of scheduled mining time the fleet hashes. Default: spec.economics.miningUptime, else the economics default.'),
    fleets: z.array(DispatchFleetSpec).max(1000).default([]),
    interruptible: z.array(InterruptibleSpec).max(1000).default([]).describe('Tenants on interruptible terms: dispatch may hold their Kueue ClusterQueue when power is worth more elsewhere.'),
  })
  .strict();

export type DispatchSpecT = z.output<typeof DispatchSpec>;
