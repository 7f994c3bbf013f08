// `node --import ./log-loads.mjs …`: writes every module URL the ESM loader loads to fd 2,
// one `loaded <url>` line each, so a test can see what a command pulled in.
import { register } from 'node:module';

register('data:text/javascript,' + encodeURIComponent(`
import { writeSync } from 'node:fs';
export async function load(url, context, next) {
  writeSync(2, 'loaded ' + url + '\\n');
  return next(url, context);
}`));
