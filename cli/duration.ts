/** Durations on the command line, as kubectl takes them: `500ms`, `30s`, `5m`, `1h`, `1m30s`; a bare number is seconds. */
import { UsageError } from '../constructs/diagnostics';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string, flag: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new UsageError(`${flag} ${text}: expected a duration such as 500ms, 30s, 5m or 1m30s`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
}
