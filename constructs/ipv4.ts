/** IPv4 arithmetic for address allocation: addresses as unsigned 32-bit integers. */

export function parseIPv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export interface Cidr {
  readonly network: number;
  readonly prefix: number;
  /** Usable host addresses (network and broadcast excluded; /31 and /32 as RFC 3021). */
  readonly hosts: number;
  readonly netmask: string;
  readonly broadcast: number;
}

export function parseCidr(s: string): Cidr | undefined {
  const [addr, bits] = s.split('/');
  const ip = addr === undefined ? undefined : parseIPv4(addr);
  const prefix = Number(bits);
  if (ip === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const network = ip - (ip % size);
  if (network !== ip) return undefined; // host bits set: not a network address
  const hosts = prefix >= 31 ? size : size - 2;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { network, prefix, hosts, netmask: formatIPv4(mask), broadcast: network + size - 1 };
}

/** The n-th host address (1-based: 1 is the first usable address). */
export function hostAddress(c: Cidr, n: number): string {
  return formatIPv4(c.network + (c.prefix >= 31 ? n - 1 : n));
}

export function contains(c: Cidr, ip: number): boolean {
  return ip >= c.network && ip <= c.broadcast;
}
