/**
 * The one way rackshift reads a file it is given (site files, inventories, market inputs):
 * a regular file only (FIFOs, devices, sockets and folders are refused by name before anything
 * is read, so a FIFO cannot hang a run and /dev/zero cannot fill memory), and never more than
 * a stated number of bytes. The size is checked on the opened handle (fstat), and the read
 * itself stops one byte past the cap, so a file that grows after the check is still refused.
 */
import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';

export type ReadRefusal =
  | { readonly reason: 'unreadable'; readonly message: string; readonly code?: string }
  | { readonly reason: 'not-a-file'; readonly message: string; readonly kind: string }
  | { readonly reason: 'too-large'; readonly message: string; readonly bytes: number; readonly limit: number };

export type ReadResult = { readonly text: string } | { readonly refused: ReadRefusal };

/** What a non-regular file is, for the refusal. */
export function fileKind(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** `2.0 MiB` / `512 bytes`: sizes in refusals, exact when small. */
export function showBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 2 ** 20).toFixed(1)} MiB`;
}

function notAFile(info: Stats): ReadResult {
  const kind = fileKind(info);
  return { refused: { reason: 'not-a-file', kind, message: `is ${kind}; only regular files are read` } };
}

/**
 * Reads `path` as UTF-8 text when it is a regular file of at most `maxBytes`; otherwise says
 * why not. Never throws for the file's own faults.
 */
export async function readBoundedText(path: string, maxBytes: number): Promise<ReadResult> {
  // Checked before opening too: opening a device can have effects of its own.
  const before = await stat(path).catch(() => undefined);
  if (before && !before.isFile()) return notAFile(before);
  if (before && before.size > maxBytes) return { refused: { reason: 'too-large', bytes: before.size, limit: maxBytes, message: `is ${showBytes(before.size)}; the limit is ${showBytes(maxBytes)}` } };
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { refused: { reason: 'unreadable', message: code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? String(err)})`, ...(code ? { code } : {}) } };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return notAFile(info);
    const tooLarge = (bytes: number): ReadResult => ({ refused: { reason: 'too-large', bytes, limit: maxBytes, message: `is ${showBytes(bytes)}; the limit is ${showBytes(maxBytes)}` } });
    if (info.size > maxBytes) return tooLarge(info.size);
    // Read to the end, but never past the cap: the file may have grown since fstat.
    const chunks: Buffer[] = [];
    let got = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(maxBytes + 1 - got, Math.max(info.size + 1 - got, 64 * 1024)));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, got);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      got += bytesRead;
      if (got > maxBytes) return tooLarge(got);
    }
    return { text: Buffer.concat(chunks, got).toString('utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { refused: { reason: 'unreadable', message: `cannot read the file (${code ?? String(err)})`, ...(code ? { code } : {}) } };
  } finally {
    await handle.close();
  }
}
