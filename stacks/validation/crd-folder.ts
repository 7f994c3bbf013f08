/**
 * Where the CRDs live: `--crds DIR` when given, else env RACKSHIFT_CRDS, else nowhere (the
 * caller skips the CRD check and says so). Users point it at the CRDs their cluster runs.
 */
import { resolve } from 'node:path';

export interface CrdFolder {
  readonly dir: string;
  /** What set it, for messages: `--crds` or `RACKSHIFT_CRDS`. */
  readonly from: '--crds' | 'RACKSHIFT_CRDS';
}

export function crdFolderSetting(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): CrdFolder | undefined {
  if (flag) return { dir: resolve(flag), from: '--crds' };
  if (env.RACKSHIFT_CRDS) return { dir: resolve(env.RACKSHIFT_CRDS), from: 'RACKSHIFT_CRDS' };
  return undefined;
}
