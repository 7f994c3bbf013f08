import { relative, resolve as resolvePath } from 'node:path';

/** Paths in messages are relative to the working directory, as the user typed them. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), resolvePath(file));
  return rel.startsWith('..') ? resolvePath(file) : rel;
}
