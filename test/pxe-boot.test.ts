/**
 * A real PXE boot through the generated DHCP files. For each DHCP server (the generated
 * dnsmasq.conf, and separately the generated kea-dhcp4.json) the test builds a provisioning
 * network of its own (support/boot-lab.ts: a network namespace, a bridge named after the site's
 * provisioning interface, carrying the boot server's address) with a TFTP server (dnsmasq,
 * TFTP only) serving Debian's iPXE binaries and an HTTP server serving the generated ipxe/
 * folder. Diskless qemu VMs boot on it:
 *   - x86-64 UEFI (OVMF), boot MAC of gpu-a-0001: reserved address, snponly.efi over TFTP,
 *     then iPXE fetches gpu-a's script over HTTP;
 *   - legacy BIOS (SeaBIOS), boot MAC of gpu-b-0001: its PXE firmware is qemu's iPXE option
 *     ROM (ipxe-qemu), which identifies as iPXE, so it gets gpu-b's script at its first DHCP;
 *   - a MAC not in the inventory: DHCP discovers that get nothing;
 *   - aarch64 UEFI (AAVMF), boot MAC of Grace tray gpu-g-0001: reserved address and the arm64
 *     boot file by architecture code 11, requested over TFTP. Debian ships no arm64 iPXE
 *     build, so the chain ends at that request (docs/bare-metal.md says what a site adds).
 * KVM when /dev/kvm works, else TCG. Test-only speed-ups: none of the firmware is changed; the
 * VMs are stopped as soon as the step the test asserts has been logged, and the lab announces an
 * IPv6 prefix so iPXE does not wait out its IPv6 timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, closeSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { synthesize } from '../synth/synthesize';
import { formatDiagnostic } from '../constructs/diagnostics';
import { bareMetalTarget } from '../stacks/bare-metal';
import { BOOT_ARCHES } from '../stacks/bare-metal/conventions';
import { fullInventoryCsv, writeSmallSite } from './helpers/bare-metal-site';
import { hasTool } from './helpers/tools';
import { BootLab, readLog, waitForLine, type LabProcess } from './support/boot-lab';

const here = dirname(fileURLToPath(import.meta.url));
const IFACE = 'rsprov0';
const SERVER = '10.11.0.2';
/** A unique-local IPv6 prefix the lab announces (RFC 4193); the VMs never use it to boot. */
const PREFIX6 = 'fd00:11::';
const MAC = { uefi: '02:00:00:01:00:01', bios: '02:00:00:01:00:09', unknown: '02:00:00:99:00:01', arm: '02:00:00:01:01:01' };
const ADDRESS = { uefi: '10.11.0.17', bios: '10.11.0.33', arm: '10.11.0.81' };
const FIRMWARE = {
  ovmfCode: '/usr/share/OVMF/OVMF_CODE_4M.fd',
  ovmfVars: '/usr/share/OVMF/OVMF_VARS_4M.fd',
  aavmfCode: '/usr/share/AAVMF/AAVMF_CODE.fd',
  aavmfVars: '/usr/share/AAVMF/AAVMF_VARS.fd',
  ipxeUefi: '/usr/lib/ipxe/snponly.efi',
  ipxeBios: '/usr/lib/ipxe/undionly.kpxe',
  /** qemu's default option ROM for virtio-net (ipxe-qemu): SeaBIOS boots the network through it. */
  biosRom: '/usr/lib/ipxe/qemu/efi-virtio.rom',
};
/** Per step; a TCG boot on a busy two-core machine takes 20-40 s, so this is generous. */
const STEP_MS = 150_000;
const VM_NICE = 10;

/** Why the boot test cannot run here, or undefined when it can. Under CI=true, missing tools fail. */
function missing(): string | undefined {
  const tools = ['ip', 'dnsmasq', 'kea-dhcp4', 'qemu-system-x86_64', 'qemu-system-aarch64'];
  for (const t of tools) if (!hasTool(t)) return `${t} is not installed`;
  const files = Object.values(FIRMWARE).filter((f) => !existsSync(f));
  const notRoot = process.getuid?.() !== 0;
  const why = files.length > 0 ? `missing ${files.join(', ')} (Debian ovmf, qemu-efi-aarch64, ipxe, ipxe-qemu)` : notRoot ? 'network namespaces need root' : undefined;
  if (why && process.env.CI === 'true') throw new Error(`boot test: ${why}, and CI=true requires it (.ci/run installs it)`);
  if (why) console.warn(`skipping the PXE boot test: ${why}`);
  return why;
}

/** KVM needs /dev/kvm and the CPU's virtualisation extensions (the device can exist without them). */
function kvmUsable(): boolean {
  try {
    closeSync(openSync('/dev/kvm', constants.O_RDWR));
  } catch {
    return false;
  }
  return /\b(vmx|svm)\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));
}

interface LabResult {
  readonly dhcp: LabProcess;
  readonly tftp: LabProcess;
  readonly http: LabProcess;
  readonly serial: Record<string, string>;
  readonly seconds: number;
}

/** The DHCP server's own line for a discover it refused from the MAC the inventory does not list. */
const refused = (server: 'dnsmasq' | 'kea') =>
  server === 'dnsmasq' ? new RegExp(`DHCPDISCOVER\\(${IFACE}\\) ${MAC.unknown} ignored`) : new RegExp(`ALLOC_ENGINE_V4_ALLOC_FAIL\\w* \\[hwtype=1 ${MAC.unknown}\\]`);

const runs = new Map<'dnsmasq' | 'kea', LabResult>();
const labs: BootLab[] = [];
let skip: string | undefined;
let generated: Map<string, string>;
let work: string;
let started = 0;
let accel = 'tcg';
let bootFailed = false;

async function bootLab(server: 'dnsmasq' | 'kea', index: number): Promise<LabResult> {
  const t0 = Date.now();
  const dir = mkdtempSync(join(work, `${server}-`));
  // dnsmasq drops to user nobody before it reads the TFTP root.
  chmodSync(dir, 0o755);
  const lab = new BootLab(`rs-boot-${process.pid}-${index}`, IFACE, dir);
  labs.push(lab);
  lab.up(`${SERVER}/24`);
  lab.addAddress(`${PREFIX6}2/64`);
  // TFTP root: Debian's iPXE binaries under the names the DHCP files hand out (no arm64 build in Debian).
  const tftpRoot = join(dir, 'tftp');
  mkdirSync(tftpRoot);
  copyFileSync(FIRMWARE.ipxeUefi, join(tftpRoot, BOOT_ARCHES.find((a) => a.name === 'efi-x86_64')!.file));
  copyFileSync(FIRMWARE.ipxeBios, join(tftpRoot, BOOT_ARCHES.find((a) => a.name === 'bios')!.file));
  // HTTP root: the generated ipxe/ folder, as published on the boot server.
  const httpRoot = join(dir, 'http');
  mkdirSync(join(httpRoot, 'ipxe'), { recursive: true });
  for (const [path, content] of generated) if (path.startsWith('bare-metal/ipxe/')) writeFileSync(join(httpRoot, 'ipxe', path.slice('bare-metal/ipxe/'.length)), content);

  // The TFTP dnsmasq also announces an IPv6 prefix (router advertisements only, no DHCPv6), as
  // a network with IPv6 does: iPXE configures IPv4 and IPv6 together and, on a network with no
  // router, waits about 13 s for an advertisement before it fetches its script. The DHCPv4 path
  // under test is unchanged.
  const tftp = lab.start('tftp', 'dnsmasq', ['--keep-in-foreground', '--conf-file=/dev/null', '--port=0', '--enable-tftp', `--tftp-root=${tftpRoot}`, `--interface=${IFACE}`, '--bind-interfaces', '--log-facility=-', `--pid-file=${join(dir, 'tftp.pid')}`, '--enable-ra', `--dhcp-range=${PREFIX6},ra-only`, '--leasefile-ro']);
  const http = lab.start('http', process.execPath, [join(here, 'support', 'boot-http.mjs'), httpRoot, SERVER, '6180']);
  let dhcp: LabProcess;
  if (server === 'dnsmasq') {
    const conf = join(dir, 'dnsmasq.conf');
    writeFileSync(conf, generated.get('bare-metal/dnsmasq.conf')!);
    // The generated file as is; the command line adds only where this lab keeps its lease file, pid and log.
    dhcp = lab.start('dhcp', 'dnsmasq', ['--keep-in-foreground', `--conf-file=${conf}`, `--dhcp-leasefile=${join(dir, 'leases')}`, `--pid-file=${join(dir, 'dhcp.pid')}`, '--log-facility=-']);
    await waitForLine([dhcp], /DHCP, static leases only on 10\.11\.0\.0/, STEP_MS, 'dnsmasq to start DHCP');
  } else {
    const config = JSON.parse(generated.get('bare-metal/kea-dhcp4.json')!);
    // The generated file, with only the lease file moved into this lab's folder.
    config.Dhcp4['lease-database'].name = join(dir, 'kea-leases4.csv');
    const conf = join(dir, 'kea-dhcp4.json');
    writeFileSync(conf, JSON.stringify(config));
    dhcp = lab.start('dhcp', 'kea-dhcp4', ['-c', conf], { KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir, KEA_LOGGER_DESTINATION: 'stdout' });
    await waitForLine([dhcp], /DHCP4_STARTED/, STEP_MS, 'kea-dhcp4 to start');
  }
  await waitForLine([tftp], /TFTP root is/, STEP_MS, 'the TFTP server');
  await waitForLine([http], /http listening/, STEP_MS, 'the HTTP server');

  const serial: Record<string, string> = {};
  // rom '': no option ROM (UEFI: the firmware's own virtio-net driver and PXE, as on a server);
  // undefined: qemu's default, the iPXE ROM from ipxe-qemu (SeaBIOS has no network stack of its own).
  const nic = (tap: string, mac: string, rom?: string) => ['-netdev', `tap,id=n0,ifname=${tap},script=no,downscript=no`, '-device', `virtio-net-pci,netdev=n0,mac=${mac}${rom === undefined ? '' : `,romfile=${rom}`},bootindex=1`];
  const common = (name: string) => {
    serial[name] = join(dir, `serial-${name}.log`);
    return ['-m', '256', '-nodefaults', '-no-user-config', '-display', 'none', '-monitor', 'none', '-no-reboot', '-serial', `file:${serial[name]}`];
  };
  const vars = (src: string, name: string) => {
    const copy = join(dir, `${name}-vars.fd`);
    copyFileSync(src, copy);
    return copy;
  };
  // The VMs run at a lower CPU priority: under TCG they would otherwise take both cores from the
  // test workers beside them (and the DHCP, TFTP and HTTP servers they talk to).
  const vm = (name: string, cmd: string, args: readonly string[]) => lab.start(name, cmd, args, {}, VM_NICE);
  const uefi = vm('vm-uefi', 'qemu-system-x86_64', [
    '-machine', `q35,accel=${accel}`, ...common('uefi'),
    '-drive', `if=pflash,format=raw,readonly=on,file=${FIRMWARE.ovmfCode}`, '-drive', `if=pflash,format=raw,file=${vars(FIRMWARE.ovmfVars, 'uefi')}`,
    ...nic(lab.addTap(), MAC.uefi, ''),
  ]);
  const bios = vm('vm-bios', 'qemu-system-x86_64', ['-machine', `pc,accel=${accel},graphics=off`, ...common('bios'), ...nic(lab.addTap(), MAC.bios)]);
  const unknown = vm('vm-unknown', 'qemu-system-x86_64', ['-machine', `pc,accel=${accel},graphics=off`, ...common('unknown'), ...nic(lab.addTap(), MAC.unknown)]);
  const arm = vm('vm-arm64', 'qemu-system-aarch64', [
    '-machine', 'virt,accel=tcg', '-cpu', 'cortex-a57', ...common('arm64'),
    '-drive', `if=pflash,format=raw,readonly=on,file=${FIRMWARE.aavmfCode}`, '-drive', `if=pflash,format=raw,file=${vars(FIRMWARE.aavmfVars, 'arm64')}`,
    ...nic(lab.addTap(), MAC.arm, ''),
  ]);

  const armFile = BOOT_ARCHES.find((a) => a.name === 'efi-arm64')!.file;
  await Promise.all([
    // Two refusals: the server has turned the MAC away on its retry too, not only once.
    waitForLine([dhcp], refused(server), STEP_MS, 'the unknown MAC to be refused twice', 2).then(() => lab.stop(unknown)),
    // The console line is printed by the fetched script itself, after the HTTP fetch.
    waitForLine([serial.bios!], new RegExp(`rackshift: ${MAC.bios} in pool`), STEP_MS, 'the BIOS VM to run its pool script').then(() => lab.stop(bios)),
    waitForLine([tftp], new RegExp(`${armFile}.*${ADDRESS.arm.replace(/\./g, '\\.')}|${ADDRESS.arm.replace(/\./g, '\\.')}.*${armFile}`), STEP_MS, 'the arm64 VM to ask for its boot file').then(() => lab.stop(arm)),
    waitForLine([serial.uefi!], new RegExp(`rackshift: ${MAC.uefi} in pool`), STEP_MS, 'the UEFI VM to run its pool script').then(() => lab.stop(uefi)),
  ]);
  return { dhcp, tftp, http, serial, seconds: (Date.now() - t0) / 1000 };
}

beforeAll(async () => {
  skip = missing();
  if (skip) return;
  accel = kvmUsable() ? 'kvm' : 'tcg';
  started = Date.now();
  work = mkdtempSync(join(tmpdir(), 'rackshift-pxe-'));
  chmodSync(work, 0o755);
  const site = writeSmallSite({ grace: true, provisioningInterface: IFACE, inventory: { name: 'delivery.csv', text: fullInventoryCsv('', () => '', true) } });
  const r = await synthesize([site], [bareMetalTarget]);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  generated = new Map(r.sites[0]!.files.map((f) => [f.path, f.content]));
  try {
    bootFailed = true;
    const [d, k] = await Promise.all([bootLab('dnsmasq', 0), bootLab('kea', 1)]);
    bootFailed = false;
    runs.set('dnsmasq', d);
    runs.set('kea', k);
    console.log(`pxe boot (${accel}): dnsmasq lab ${d.seconds.toFixed(1)} s, kea lab ${k.seconds.toFixed(1)} s, both ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    for (const lab of labs) await lab.close();
  }
}, 300_000);

afterAll(async () => {
  for (const lab of labs) await lab.close();
  // A boot that failed leaves its logs (the failure message shows their tails); otherwise
  // nothing stays: the assertions print the log lines they prove.
  if (work && !bootFailed) rmSync(work, { recursive: true, force: true });
});

/** The first log line matching `pattern`, printed so a CI log shows the proof of each step. */
const line = (p: LabProcess, pattern: RegExp) => {
  const found = readLog(p).split('\n').find((s) => pattern.test(s));
  if (found) console.log(`[${p.name}] ${found.trim()}`);
  return found;
};
const esc = (s: string) => s.replace(/[.]/g, '\\.');

describe.each(['dnsmasq', 'kea'] as const)('PXE boot through the generated %s config', (server) => {
  const ack = (mac: string, address: string) =>
    server === 'dnsmasq' ? new RegExp(`DHCPACK\\(${IFACE}\\) ${esc(address)} ${mac}`) : new RegExp(`DHCP4_LEASE_ALLOC .*${mac}.*lease ${esc(address)} has been allocated`);

  it('UEFI x86-64: reserved address, snponly.efi over TFTP, then its pool script over HTTP', () => {
    if (skip) return;
    const r = runs.get(server)!;
    expect(line(r.dhcp, ack(MAC.uefi, ADDRESS.uefi)), readLog(r.dhcp)).toBeDefined();
    expect(line(r.tftp, new RegExp(`sent .*/snponly\\.efi to ${esc(ADDRESS.uefi)}`)), readLog(r.tftp)).toBeDefined();
    expect(line(r.http, new RegExp(`http ${esc(ADDRESS.uefi)} GET /ipxe/gpu-a\\.ipxe 200`)), readLog(r.http)).toBeDefined();
    // The VM's own console shows iPXE running the script rackshift wrote for the pool.
    expect(readLog(r.serial.uefi!)).toContain(`rackshift: ${MAC.uefi} in pool gpu-a`);
  });

  it("legacy BIOS: reserved address and its own pool's script (gpu-b, not gpu-a)", () => {
    if (skip) return;
    const r = runs.get(server)!;
    expect(line(r.dhcp, ack(MAC.bios, ADDRESS.bios)), readLog(r.dhcp)).toBeDefined();
    expect(line(r.http, new RegExp(`http ${esc(ADDRESS.bios)} GET /ipxe/gpu-b\\.ipxe 200`)), readLog(r.http)).toBeDefined();
    expect(line(r.http, new RegExp(`http ${esc(ADDRESS.bios)} GET /ipxe/gpu-a`))).toBeUndefined();
    expect(readLog(r.serial.bios!)).toContain(`rackshift: ${MAC.bios} in pool gpu-b`);
  });

  it('a MAC not in the inventory gets no address, no boot file, no script', () => {
    if (skip) return;
    const r = runs.get(server)!;
    const dhcp = readLog(r.dhcp);
    expect(line(r.dhcp, refused(server)), dhcp).toBeDefined();
    const offered = dhcp.split('\n').filter((l) => l.includes(MAC.unknown) && /DHCPOFFER|DHCPACK|DHCP4_LEASE_ADVERT|DHCP4_LEASE_ALLOC/.test(l));
    expect(offered).toEqual([]);
    expect(readLog(r.tftp)).not.toMatch(/to 10\.11\.0\.(?!17\b|33\b|81\b)\d+/);
    expect(readLog(r.serial.unknown!)).not.toMatch(/net0: \d+\.\d+\.\d+\.\d+|rackshift:/);
  });

  it('aarch64 UEFI (Grace tray): reserved address and the arm64 boot file by architecture code 11', () => {
    if (skip) return;
    const r = runs.get(server)!;
    expect(line(r.dhcp, ack(MAC.arm, ADDRESS.arm)), readLog(r.dhcp)).toBeDefined();
    if (server === 'dnsmasq') expect(readLog(r.dhcp)).toMatch(/vendor class: PXEClient:Arch:00011/);
    expect(line(r.tftp, new RegExp(`snponly-arm64\\.efi`)), readLog(r.tftp)).toBeDefined();
    expect(line(r.tftp, /snponly\.efi to 10\.11\.0\.81|undionly/)).toBeUndefined();
  });
});

describe('PXE boot: time and clean-up', () => {
  it('finishes within the budget and leaves no namespace behind', () => {
    if (skip) return;
    const seconds = Math.max(...[...runs.values()].map((r) => r.seconds));
    expect(seconds).toBeLessThan(240);
    const ns = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
    expect(ns).not.toContain(`rs-boot-${process.pid}-`);
    for (const r of runs.values()) for (const p of [r.dhcp, r.tftp, r.http]) expect(p.child.exitCode !== null || p.child.signalCode !== null).toBe(true);
  });
});
