/** A sub-command of `rackshift`: one file per command under cli/commands/ (its name and summary are listed in cli/commands/index.ts). */
export interface Command {
  readonly name: string;
  /** Full usage text for `rackshift <name> --help`. */
  readonly usage: string;
  /** Returns the exit code: 0 success, 1 invalid input, 2 wrong usage (throw UsageError). */
  run(argv: readonly string[]): Promise<number>;
}
