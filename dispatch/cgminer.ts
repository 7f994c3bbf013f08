/**
 * A client for the cgminer RPC API that mainstream miner firmware serves on TCP port 4028
 * (cgminer's API-README, API ≥ 1.26 for the ASC commands): one JSON request
 * `{"command":"…","parameter":"…"}` per connection, one JSON reply (cgminer ends it with a NUL
 * byte), then the miner closes the socket. Replies start with a STATUS section whose STATUS is
 * S (success), I (informational), W (warning), E (error) or F (fatal).
 *
 * Dispatch uses three commands: `devs` (each ASC device, with Enabled Y/N), and the privileged
 * `ascenable|N` / `ascdisable|N` — the miner must grant this host privileged access
 * (`--api-allow W:<address>`).
 */
import net from 'node:net';

export interface CgminerStatus {
  readonly STATUS: string;
  readonly Code?: number;
  readonly Msg?: string;
}

export interface CgminerReply {
  readonly STATUS: readonly CgminerStatus[];
  readonly DEVS?: readonly { readonly ASC?: number; readonly Enabled?: string; readonly Status?: string }[];
}

export class MinerError extends Error {}

const MAX_REPLY = 1024 * 1024;

export function cgminerRequest(host: string, port: number, command: string, parameter?: string, timeoutMs = 5_000): Promise<CgminerReply> {
  const body = JSON.stringify(parameter === undefined ? { command } : { command, parameter });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const socket = net.connect({ host, port });
    const fail = (why: string) => {
      socket.destroy();
      reject(new MinerError(`${host}:${port} ${command}${parameter !== undefined ? `|${parameter}` : ''}: ${why}`));
    };
    socket.setTimeout(timeoutMs, () => fail(`no reply within ${timeoutMs} ms`));
    socket.on('connect', () => socket.end(body));
    socket.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REPLY) return fail(`reply over ${MAX_REPLY} bytes`);
      chunks.push(c);
    });
    socket.on('error', (e) => fail(e.message));
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').replace(/\0+$/, '');
      let reply: CgminerReply;
      try {
        reply = JSON.parse(text) as CgminerReply;
      } catch {
        return fail('the reply is not JSON');
      }
      const status = reply?.STATUS?.[0];
      if (!status || typeof status.STATUS !== 'string') return fail('the reply has no STATUS section');
      if (status.STATUS === 'E' || status.STATUS === 'F') return fail(`${status.STATUS} ${status.Msg ?? ''}`.trim());
      resolve(reply);
    });
  });
}

/** ASC indices and whether each is enabled, from a `devs` reply. */
export function ascDevices(reply: CgminerReply): { asc: number; enabled: boolean }[] {
  return (reply.DEVS ?? []).filter((d) => typeof d.ASC === 'number').map((d) => ({ asc: d.ASC!, enabled: d.Enabled === 'Y' }));
}
