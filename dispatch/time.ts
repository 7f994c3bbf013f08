/**
 * Time for dispatch: every instant is UTC epoch milliseconds inside the program; files give
 * either ISO 8601 with an offset (`2025-07-01T14:00:00Z`, `…-05:00`) or, for ERCOT's own files,
 * Central Prevailing Time (CST, UTC−6; CDT, UTC−5 from the second Sunday of March 02:00 to the
 * first Sunday of November 02:00, as US law has set since 2007).
 */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO 8601 instant with an explicit offset; a time without one is refused (it would be a guess). */
export function parseInstant(s: string): number | undefined {
  const m = ISO.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, off] = m;
  const utc = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, sec ? +sec : 0);
  if (!validDate(+y!, +mo!, +d!) || +h! > 23 || +mi! > 59) return undefined;
  if (off === 'Z') return utc;
  const sign = off![0] === '-' ? -1 : 1;
  const digits = off!.slice(1).replace(':', '');
  return utc - sign * (+digits.slice(0, 2) * 60 + +digits.slice(2)) * MINUTE;
}

/** `YYYY-MM-DD` as the UTC midnight it starts at. */
export function parseDate(s: string): number | undefined {
  const m = DATE.exec(s);
  if (!m || !validDate(+m[1]!, +m[2]!, +m[3]!)) return undefined;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!);
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Day of month of the n-th Sunday (1-based) of a month. */
function nthSunday(y: number, month0: number, n: number): number {
  const first = new Date(Date.UTC(y, month0, 1)).getUTCDay();
  return 1 + ((7 - first) % 7) + 7 * (n - 1);
}

/**
 * A Central Prevailing Time wall-clock time to UTC. `repeated` picks the second (CST) occurrence
 * of the hour that happens twice when clocks go back (ERCOT marks it with DSTFlag=Y). Returns a
 * reason instead when the time does not exist (the hour skipped when clocks go forward).
 */
export function centralToUtc(y: number, month: number, day: number, minuteOfDay: number, repeated: boolean): number | string {
  const springDay = nthSunday(y, 2, 2);
  const autumnDay = nthSunday(y, 10, 1);
  const wall = Date.UTC(y, month - 1, day) + minuteOfDay * MINUTE;
  const springStart = Date.UTC(y, 2, springDay, 2);
  const autumnStart = Date.UTC(y, 10, autumnDay, 1);
  if (wall >= springStart && wall < springStart + HOUR) return `${isoDate(wall)} ${hhmm(minuteOfDay)} does not exist in Central time (clocks go forward at 02:00)`;
  const inDst = wall >= springStart + HOUR && wall < autumnStart + HOUR;
  const ambiguous = wall >= autumnStart && wall < autumnStart + HOUR;
  const offsetH = ambiguous ? (repeated ? 6 : 5) : inDst ? 5 : 6;
  return wall + offsetH * HOUR;
}

export const isoDate = (t: number): string => new Date(t).toISOString().slice(0, 10);
/** `2025-07-01T14:15Z`: minutes are the finest step dispatch uses. */
export const isoMinute = (t: number): string => `${new Date(t).toISOString().slice(0, 16)}Z`;
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
