/**
 * Numbers on the command line, read strictly: plain decimal digits only, so that `1,024`
 * (1024 or 1.024?), `1e3`, `0x10` or `10.5` GPUs are refused with a line saying what was
 * expected, never silently read as something else.
 */
import { UsageError } from '../constructs/diagnostics';
import { enUs } from '../lib/number-format';

const SEPARATED = /^[+-]?\d{1,3}([,_' ]\d{3})+(\.\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;
const PLAIN = /^[+-]?(\d+(\.\d+)?|\.\d+)$/;

/** The reason `raw` is not a plain decimal number, or undefined when it is one. */
function notPlain(flag: string, raw: string, whole: boolean): string | undefined {
  const what = whole ? 'a whole number' : 'a number';
  if (PLAIN.test(raw)) return undefined;
  if (SEPARATED.test(raw)) return `${flag} must be ${what} without separators (${raw.replace(/[,_' ]/g, '')}, not "${raw}")`;
  if (!whole && DECIMAL_COMMA.test(raw)) return `${flag} must be a number with a decimal point (${raw.replace(',', '.')}, not "${raw}")`;
  const v = Number(raw);
  if (/^[+-]?[\d.]+e[+-]?\d+$/i.test(raw) && Number.isFinite(v)) return `${flag} must be ${what} in plain digits (${v}, not "${raw}")`;
  return `${flag} must be ${what}; got ${JSON.stringify(raw)}`;
}

/** A count such as --gpus: whole, in [min, max]. */
export function wholeNumberArg(flag: string, raw: string, range: { min?: number; max: number }): number {
  const problem = notPlain(flag, raw, true);
  if (problem) throw new UsageError(problem);
  const v = Number(raw);
  if (!Number.isInteger(v)) throw new UsageError(`${flag} must be a whole number; got ${raw}`);
  return inRange(flag, v, range.min ?? 1, range.max);
}

/**
 * A quantity such as --it-mw or a price: plain decimal, at least `min` (or above
 * `above`), at most `max`.
 */
export function numberArg(flag: string, raw: string, range: { min?: number; above?: number; max?: number }): number {
  const problem = notPlain(flag, raw, false);
  if (problem) throw new UsageError(problem);
  const v = Number(raw);
  if (range.above !== undefined && v <= range.above) throw new UsageError(`${flag} must be greater than ${range.above}; got ${v}`);
  return inRange(flag, v, range.min ?? -Infinity, range.max ?? Infinity);
}

function inRange(flag: string, v: number, min: number, max: number): number {
  if (v < min) throw new UsageError(min === 0 ? `${flag} must not be negative; got ${v}` : `${flag} must be at least ${enUs(min)}; got ${enUs(v)}`);
  if (v > max) throw new UsageError(`${flag} must be at most ${enUs(max)}; got ${enUs(v)}`);
  return v;
}
