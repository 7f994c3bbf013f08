/**
 * `-o FORMAT` / `--format FORMAT`, as kubectl's `-o`: one flag for every command that has
 * more than one output format; each command lists the formats it has.
 */
import { UsageError } from '../constructs/diagnostics';
import { didYouMean } from '../lib/suggest';

export const FORMAT_FLAG = { format: { type: 'string', short: 'o' } } as const;

/** The chosen format, else `fallback`; one not in `formats` is wrong usage. */
export function pickFormat<F extends string>(raw: string | undefined, formats: readonly F[], fallback: F): F {
  if (raw === undefined) return fallback;
  if (!(formats as readonly string[]).includes(raw)) throw new UsageError(`-o/--format must be one of ${formats.join(', ')}; got "${raw}"${didYouMean(raw, formats)}`);
  return raw as F;
}
