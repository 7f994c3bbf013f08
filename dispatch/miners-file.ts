/**
 * The miners dispatch may command: a CSV `fleet,host[,port]` listing each miner's API address
 * (port default 4028, cgminer's). Hosts are IPv4 addresses or RFC 1123 host names; nothing else
 * reaches a socket.
 */
import { headerKey, parseCsv } from './csv';
import { InputErrors, readInputText, type InputProblem } from './inputs';

export interface MinerHost {
  readonly fleet: string;
  readonly host: string;
  readonly port: number;
  readonly source: string;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/i;

export async function readMinersFile(path: string, fleets: readonly string[]): Promise<MinerHost[]> {
  const problems: InputProblem[] = [];
  const text = await readInputText(path);
  let table;
  try {
    table = parseCsv(text);
  } catch (err) {
    throw new InputErrors([{ file: path, line: (err as { line?: number }).line, message: (err as Error).message }]);
  }
  const cols = table.header.map(headerKey);
  const at = (name: string) => cols.indexOf(name);
  if (at('fleet') < 0 || at('host') < 0) throw new InputErrors([{ file: path, line: 1, message: 'the header must name fleet and host (and optionally port)' }]);
  const out: MinerHost[] = [];
  const seen = new Set<string>();
  for (const { line, cells } of table.rows) {
    const fleet = cells[at('fleet')]!;
    const host = cells[at('host')]!;
    const portText = at('port') >= 0 ? cells[at('port')]! : '';
    const port = portText === '' ? 4028 : Number(portText);
    const bad = (message: string) => problems.length < 50 && problems.push({ file: path, line, message });
    if (!fleets.includes(fleet)) bad(`fleet ${JSON.stringify(fleet.slice(0, 40))} is not a curtailable fleet of the site (${fleets.join(', ') || 'none'})`);
    else if (!IPV4.test(host) && !HOSTNAME.test(host)) bad(`host ${JSON.stringify(host.slice(0, 40))} is neither an IPv4 address nor a host name`);
    else if (!Number.isInteger(port) || port < 1 || port > 65535) bad(`port ${JSON.stringify(portText.slice(0, 10))} must be 1–65535`);
    else if (seen.has(`${host}:${port}`)) bad(`miner ${host}:${port} is listed twice`);
    else {
      seen.add(`${host}:${port}`);
      out.push({ fleet, host, port, source: `${path}:${line}` });
    }
  }
  if (problems.length > 0) throw new InputErrors(problems);
  return out;
}
