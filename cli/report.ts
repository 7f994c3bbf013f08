/** Printing diagnostics: one line per problem on stderr, errors first. */
import { formatDiagnostic, type Diagnostic } from '../constructs/diagnostics';

export function printDiagnostics(ds: readonly Diagnostic[], trailer = 'nothing was written'): void {
  const sorted = [...ds].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  for (const d of sorted) process.stderr.write(`${formatDiagnostic(d)}\n`);
  const errors = ds.filter((d) => d.severity === 'error').length;
  if (errors > 0) process.stderr.write(`${errors} error${errors === 1 ? '' : 's'}${trailer ? `; ${trailer}` : ''}\n`);
}
