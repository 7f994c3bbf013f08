/**
 * Progress output: on a terminal one status line rewritten in place (`[12/40] apply
 * ResourceQuota acme/gpu`) under the lines that stay; elsewhere (CI, pipes) plain lines only.
 */
export interface OutStream {
  write(s: string): unknown;
  readonly isTTY?: boolean;
}

export class Progress {
  private status = '';

  constructor(
    private readonly stream: OutStream,
    private readonly tty: boolean = !!stream.isTTY,
  ) {}

  /** A line that stays (a change made, a retry, a wait finished). */
  line(text: string): void {
    this.clear();
    this.stream.write(`${text}\n`);
    this.redraw();
  }

  /** The status line: shown on a terminal only; plain output gets the lasting lines instead. */
  tick(done: number, total: number, label: string): void {
    if (!this.tty) return;
    this.clear();
    this.status = `[${done}/${total}] ${label}`.slice(0, 160);
    this.redraw();
  }

  end(): void {
    this.clear();
    this.status = '';
  }

  private clear(): void {
    if (this.tty && this.status) this.stream.write('\r\x1b[2K');
  }

  private redraw(): void {
    if (this.tty && this.status) this.stream.write(this.status);
  }
}
