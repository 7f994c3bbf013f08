/**
 * A synthetic market year for backtests and benchmarks, made by a seeded generator so the
 * committed files can be checked byte for byte. It is NOT market data: every file it writes
 * says so on its first line, and reports show that line.
 *
 * Power prices (ERCOT day-ahead layout, Central Prevailing Time, or 15-minute real-time layout):
 * a base price with a daily shape that peaks in the late afternoon and more in summer, noise,
 * rare scarcity spikes and some negative night hours in spring. Hashprice drifts down over the
 * year with daily noise. Events: a 4CP window each month June–September, a few DR calls, and one
 * curtailment instruction.
 */
import { DAY, HOUR, MINUTE } from './time';

export const SYNTHETIC_LABEL = 'SYNTHETIC prices made by rackshift dispatch/synthetic.ts (seeded); not market data';

/** mulberry32: a small, fast, seedable PRNG; the same seed gives the same year everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const gauss = (rnd: () => number) => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());

/** UTC hours Central time is behind: 5 during daylight time, else 6 (US rules since 2007). */
function centralOffsetHours(t: number): number {
  const y = new Date(t).getUTCFullYear();
  const sunday = (month0: number, n: number) => {
    const first = new Date(Date.UTC(y, month0, 1)).getUTCDay();
    return 1 + ((7 - first) % 7) + 7 * (n - 1);
  };
  const start = Date.UTC(y, 2, sunday(2, 2), 8); // 02:00 CST
  const end = Date.UTC(y, 10, sunday(10, 1), 7); // 02:00 CDT
  return t >= start && t < end ? 5 : 6;
}

function priceAt(t: number, rnd: () => number): number {
  const local = new Date(t - centralOffsetHours(t) * HOUR);
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
  const month = local.getUTCMonth();
  const summer = month >= 5 && month <= 8 ? 1 : 0;
  const shape = 8 * Math.sin(((hour - 10) / 24) * 2 * Math.PI) + (hour >= 15 && hour < 20 ? 12 + 25 * summer : 0);
  let price = 32 + shape + 6 * gauss(rnd);
  if (rnd() < 0.004) price += 300 + 2500 * rnd() ** 2; // scarcity
  if ((month >= 2 && month <= 4 && hour < 6 && rnd() < 0.15) || rnd() < 0.01) price = -5 - 20 * rnd(); // wind at night
  return Math.round(price * 100) / 100;
}

export interface SyntheticYear {
  readonly prices: string;
  readonly hashprice: string;
  readonly events: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Central-time labels of an interval starting at UTC t: MM/DD/YYYY, hour ending, interval, DST flag. */
function ercotLabel(t: number): { date: string; hourEnding: number; interval: number; repeated: boolean } {
  const off = centralOffsetHours(t);
  const local = new Date(t - off * HOUR);
  // The repeated hour is the first standard-time hour after daylight time ends.
  const repeated = off === 6 && centralOffsetHours(t - HOUR) === 5;
  return {
    date: `${pad(local.getUTCMonth() + 1)}/${pad(local.getUTCDate())}/${local.getUTCFullYear()}`,
    hourEnding: local.getUTCHours() + 1,
    interval: Math.floor(local.getUTCMinutes() / 15) + 1,
    repeated,
  };
}

/** A year of prices at one settlement point; `realTime` gives 15-minute rows, else hourly day-ahead rows. */
export function syntheticYear(seed: number, year: number, point = 'HB_WEST', realTime = false): SyntheticYear {
  const rnd = prng(seed);
  const start = Date.UTC(year, 0, 1, 6); // midnight CST, 1 January
  const end = Date.UTC(year + 1, 0, 1, 6);
  const step = realTime ? 15 * MINUTE : HOUR;
  const lines = [`# ${SYNTHETIC_LABEL}: seed ${seed}, ${year}, ${point}`];
  lines.push(realTime ? 'Delivery Date,Delivery Hour,Delivery Interval,Settlement Point Name,Settlement Point Type,Settlement Point Price,DSTFlag' : 'Delivery Date,Hour Ending,Settlement Point,Settlement Point Price,DSTFlag');
  for (let t = start; t < end; t += step) {
    const l = ercotLabel(t);
    const p = priceAt(t, rnd).toFixed(2);
    const dst = l.repeated ? 'Y' : 'N';
    lines.push(realTime ? `${l.date},${l.hourEnding},${l.interval},${point},HU,${p},${dst}` : `${l.date},${pad(l.hourEnding)}:00,${point},${p},${dst}`);
  }

  const hp = [`# ${SYNTHETIC_LABEL}: seed ${seed}, ${year}, hashprice USD per PH/s per day`, 'date,hashprice'];
  let level = 46;
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += DAY) {
    level = Math.max(20, level - 8 / 365 + 0.6 * gauss(rnd));
    hp.push(`${new Date(t).toISOString().slice(0, 10)},${level.toFixed(2)}`);
  }

  const ev = [`# ${SYNTHETIC_LABEL}: seed ${seed}, ${year}, demand-response events`, 'start,end,type,credit_per_mwh,limit_mw'];
  const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
  for (const month of [5, 6, 7, 8]) {
    // 4CP: one hour, 16:00–17:00 CDT (21:00 UTC), on a weekday in the middle of the month.
    let day = Date.UTC(year, month, 14 + Math.floor(rnd() * 7), 21);
    while ([0, 6].includes(new Date(day).getUTCDay())) day += DAY;
    ev.push(`${iso(day)},${iso(day + HOUR)},4cp,${(400 + 200 * rnd()).toFixed(2)},`);
  }
  for (let k = 0; k < 6; k++) {
    const t = Date.UTC(year, Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 27), 19 + Math.floor(rnd() * 4));
    ev.push(`${iso(t)},${iso(t + 2 * HOUR)},dr,${(150 + 250 * rnd()).toFixed(2)},`);
  }
  const c = Date.UTC(year, 7, 8, 20);
  ev.push(`${iso(c)},${iso(c + 3 * HOUR)},curtailment,0,150`);
  const header = ev.slice(0, 2);
  const rows = ev.slice(2).sort();
  return { prices: `${lines.join('\n')}\n`, hashprice: `${hp.join('\n')}\n`, events: `${[...header, ...rows].join('\n')}\n` };
}
