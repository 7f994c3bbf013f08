import { stat } from 'node:fs/promises';

/** Whether a path exists (file or folder); never throws. */
export async function exists(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null)) !== null;
}
