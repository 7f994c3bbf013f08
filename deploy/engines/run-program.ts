/** Runs a program with inherited terminal output; resolves with its exit code and captured stdout when asked. */
import { spawn } from 'node:child_process';

export interface ProgramRun {
  readonly code: number;
  readonly stdout: string;
}

export function runProgram(file: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; capture?: boolean; signal?: AbortSignal }): Promise<ProgramRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, stdio: ['inherit', opts.capture ? 'pipe' : 'inherit', 'inherit'], signal: opts.signal });
    let stdout = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, sig) => resolve({ code: code ?? (sig ? 128 : 1), stdout }));
  });
}
