/** Deploy failures that are the user's to fix: printed as their lines, exit 1, no stack trace. */
export class DeployError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}

/** Ctrl-C or an aborted connection: the run stopped between objects; a rerun finishes it. */
export class InterruptedError extends DeployError {}
