import { relative, resolve as resolvePath } from 'node:path';

/** Paths in messages are relative to the working directory, as the user typed them. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const full = resolvePath(cwd, file);
  const rel = relative(cwd, full);
  return rel.startsWith('..') ? full : rel;
}
