/** Command-line parsing on node:util's parseArgs; any misuse becomes a UsageError (exit 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../constructs/diagnostics';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ArgRules {
  /** At most this many positional arguments (default: any number, e.g. PATH…). */
  readonly positionals?: number;
  /** What the positionals are, for the message: `a site file`. */
  readonly positionalName?: string;
  /** String flags that may also stand alone, with the value they then mean (`--dry-run` → `server`). */
  readonly bareValues?: Readonly<Record<string, string>>;
}

export function parseCommandArgs<O extends Options>(argv: readonly string[], options: O, rules: ArgRules = {}) {
  let parsed;
  try {
    parsed = parseArgs({ args: prepare(argv, options, rules), options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const max = rules.positionals;
  if (max !== undefined && parsed.positionals.length > max) {
    const extra = parsed.positionals[max]!;
    throw new UsageError(max === 0 ? `unexpected argument "${extra}": this command takes no arguments, only options` : `unexpected argument "${extra}": this command takes ${rules.positionalName ?? `${max} argument${max === 1 ? '' : 's'}`}, got ${parsed.positionals.length}`);
  }
  return parsed;
}

/**
 * `--gpus -5` is ambiguous to parseArgs (a value, or a forgotten one before a flag?); a
 * number is meant, so it is joined as `--gpus=-5` and the command's own check says what is
 * expected. A bare flag with a bare value is given that value.
 */
function prepare(argv: readonly string[], options: Options, rules: ArgRules): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    if (name !== undefined && rules.bareValues?.[name] !== undefined) {
      out.push(`${a}=${rules.bareValues[name]}`);
      continue;
    }
    const next = argv[i + 1];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
      continue;
    }
    out.push(a);
  }
  return out;
}
