/**
 * `rackshift <command> …`: dispatches to one file per command. Exit codes in cli/exit-codes.ts.
 * User errors never print a stack trace (`--debug` does).
 */
import { SiteError, UsageError, formatDiagnostic } from '../constructs/diagnostics';
import { didYouMean } from '../lib/suggest';
import { COMMANDS } from './commands';
import { EXIT_CODES_HELP } from './exit-codes';
import { redactText } from '../lib/redact';

const HELP = `rackshift: infrastructure as code for converting mining sites to AI capacity

Usage: rackshift <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run 'rackshift help <command>' (or 'rackshift <command> --help') for a command's options.
${EXIT_CODES_HELP}`;

export async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  // `rackshift help synth` is `rackshift synth --help`.
  const [name, ...rest] = args[0] === 'help' && args.length === 2 ? [args[1]!, '--help'] : args;
  if (name === 'help' && rest.length > 1) {
    process.stderr.write(`rackshift help: takes one command, got ${rest.length} (${rest.join(' ')})\n`);
    return 2;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${HELP}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version') {
    process.stdout.write('rackshift 0.1.0\n');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const names = COMMANDS.map((c) => c.name);
    process.stderr.write(`rackshift: unknown command "${name}" (commands: ${names.join(', ')})${didYouMean(name, names)}\n`);
    return 2;
  }
  try {
    const loaded = await command.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${loaded.usage}\n`);
      return 0;
    }
    return await loaded.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(redactText(`rackshift ${name}: ${err.message}\nRun 'rackshift ${name} --help' for usage.\n`));
      return 2;
    }
    if (err instanceof SiteError) {
      for (const d of err.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      return 1;
    }
    if (debug) process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    else process.stderr.write(redactText(`rackshift ${name}: ${(err as Error).message ?? String(err)} (run with --debug for details)\n`));
    return 1;
  }
}
