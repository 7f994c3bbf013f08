/**
 * Real tools the tests run (kea-dhcp4, dnsmasq, cloud-init). Off CI a missing tool skips its
 * test with a message; with CI=true a missing tool fails, because CI installs them.
 */
import { spawnSync } from 'node:child_process';

export function hasTool(name: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
  if (!found && process.env.CI === 'true') throw new Error(`${name} is not installed, and CI=true requires it (.ci/run installs it)`);
  if (!found) console.warn(`skipping: ${name} is not installed (apt-get install it, or run under CI=true to make this a failure)`);
  return found;
}

export function run(cmd: string, args: readonly string[]): { status: number | null; output: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}
