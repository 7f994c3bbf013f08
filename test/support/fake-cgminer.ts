/**
 * An in-process stand-in for a miner's cgminer RPC API on 127.0.0.1: one JSON request per
 * connection, a JSON reply ending in a NUL byte, then close — as cgminer's API-README
 * describes. It serves `devs`, `ascenable|N` and `ascdisable|N`, records every command, and can
 * be told to fail a command (an E status) to test what dispatch does then.
 */
import net, { type AddressInfo } from 'node:net';

export class FakeMiner {
  readonly commands: string[] = [];
  failOn?: string;
  private constructor(
    private readonly server: net.Server,
    readonly port: number,
    readonly ascs: boolean[],
  ) {}

  static async start(ascCount = 3, enabled = true): Promise<FakeMiner> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const miner = new FakeMiner(server, (server.address() as AddressInfo).port, Array.from({ length: ascCount }, () => enabled));
    server.on('connection', (s) => {
      let buf = '';
      s.on('data', (c) => {
        buf += c.toString('utf8');
        let req: { command?: string; parameter?: string };
        try {
          req = JSON.parse(buf);
        } catch {
          return; // wait for the rest
        }
        s.end(`${JSON.stringify(miner.answer(req))}\0`);
      });
    });
    return miner;
  }

  get running(): boolean {
    return this.ascs.every((x) => x);
  }

  private answer(req: { command?: string; parameter?: string }): unknown {
    const cmd = `${req.command}${req.parameter !== undefined ? `|${req.parameter}` : ''}`;
    this.commands.push(cmd);
    const status = (STATUS: string, Msg: string) => ({ STATUS: [{ STATUS, When: 0, Code: 1, Msg, Description: 'fake cgminer' }] });
    if (this.failOn === cmd) return status('E', 'Access denied to command');
    if (req.command === 'devs') return { ...status('S', `${this.ascs.length} ASC(s)`), DEVS: this.ascs.map((on, i) => ({ ASC: i, Name: 'BTM', ID: i, Enabled: on ? 'Y' : 'N', Status: 'Alive' })) };
    const n = Number(req.parameter);
    if ((req.command === 'ascenable' || req.command === 'ascdisable') && Number.isInteger(n) && n >= 0 && n < this.ascs.length) {
      this.ascs[n] = req.command === 'ascenable';
      return status('S', `ASC ${n} ${req.command === 'ascenable' ? 'enabled' : 'disabled'}`);
    }
    return status('E', `Invalid command ${cmd}`);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
