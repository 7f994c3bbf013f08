/**
 * Checks a construct's props with the same zod schema the site file uses, so a construct built
 * in TypeScript fails right away, with the same messages as a bad YAML file.
 */
import type { z } from 'zod';
import { Diagnostics, SiteError } from './diagnostics';

export function checkProps<S extends z.ZodType>(schema: S, props: unknown, constructPath: string): z.output<S> {
  const parsed = schema.safeParse(props);
  if (parsed.success) return parsed.data;
  const diagnostics = new Diagnostics();
  for (const issue of parsed.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    diagnostics.error('rackshift:construct/props', [constructPath, ...path], issue.message);
  }
  throw new SiteError(diagnostics.all);
}
