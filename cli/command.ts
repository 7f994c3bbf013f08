/** A sub-command of `rackshift`: one file per command under cli/commands/. */
export interface Command {
  readonly name: string;
  /** One line for `rackshift --help`. */
  readonly summary: string;
  /** Full usage text for `rackshift <name> --help`. */
  readonly usage: string;
  /** Returns the exit code: 0 success, 1 invalid input, 2 wrong usage (throw UsageError). */
  run(argv: readonly string[]): Promise<number>;
}
