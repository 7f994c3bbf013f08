/**
 * `rackshift <command> …`: dispatches to one file per command. Exit codes: 0 success,
 * 1 invalid input, 2 wrong usage. User errors never print a stack trace (`--debug` does).
 */
import { SiteError, UsageError, formatDiagnostic } from '../constructs/diagnostics';
import { COMMANDS } from './commands';

const HELP = `rackshift: infrastructure as code for converting mining sites to AI capacity

Usage: rackshift <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run 'rackshift <command> --help' for a command's options.
Exit codes: 0 success, 1 invalid input, 2 wrong usage.`;

export async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
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
    process.stderr.write(`rackshift: unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`);
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
      process.stderr.write(`rackshift ${name}: ${err.message}\nRun 'rackshift ${name} --help' for usage.\n`);
      return 2;
    }
    if (err instanceof SiteError) {
      for (const d of err.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      return 1;
    }
    if (debug) process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    else process.stderr.write(`rackshift ${name}: ${(err as Error).message ?? String(err)} (run with --debug for details)\n`);
    return 1;
  }
}
