/** Market input files: ERCOT's layouts, Central time with its DST days, JSON, and file:line errors. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputErrors, MAX_INPUT_BYTES, readInputFile } from '../../dispatch/inputs';

const dir = mkdtempSync(join(tmpdir(), 'rackshift-inputs-'));
let n = 0;
function file(text: string, ext = 'csv'): string {
  const f = join(dir, `in-${n++}.${ext}`);
  writeFileSync(f, text);
  return f;
}
async function problems(path: string, kind: Parameters<typeof readInputFile>[1], point?: string): Promise<string[]> {
  try {
    await readInputFile(path, kind, point);
  } catch (e) {
    if (e instanceof InputErrors) return e.problems.map((p) => `${p.line ?? '-'}: ${p.message}`);
    throw e;
  }
  return [];
}
const iso = (t: number) => new Date(t).toISOString();

describe('ERCOT real-time settlement point prices (NP6-905-CD)', () => {
  const header = 'Delivery Date,Delivery Hour,Delivery Interval,Settlement Point Name,Settlement Point Type,Settlement Point Price,DSTFlag\n';
  it('reads 15-minute rows for one settlement point, Central time to UTC', async () => {
    // 07/01/2025 hour ending 1, interval 2 = 00:15 CDT = 05:15 UTC.
    const f = file(`${header}07/01/2025,1,1,HB_WEST,HU,25.50,N\n07/01/2025,1,2,HB_WEST,HU,26.00,N\n07/01/2025,1,1,HB_NORTH,HU,99.00,N\n`);
    const r = await readInputFile(f, 'power', 'HB_WEST');
    expect(r.power!.map((p) => [iso(p.start), p.span / 60_000, p.price])).toEqual([
      ['2025-07-01T05:00:00.000Z', 15, 25.5],
      ['2025-07-01T05:15:00.000Z', 15, 26],
    ]);
  });
  it('asks which settlement point when a file has several', async () => {
    const f = file(`${header}07/01/2025,1,1,HB_WEST,HU,25.50,N\n07/01/2025,1,1,HB_NORTH,HU,99.00,N\n`);
    expect(await problems(f, 'power')).toEqual(['1: the file has 2 settlement points; set spec.dispatch.settlementPoint or --settlement-point (e.g. HB_NORTH, HB_WEST)']);
  });
  it('names each bad row by line, with the value', async () => {
    const f = file(`${header}07/01/2025,25,1,HB_WEST,HU,25.50,N\n2025-07-01,1,1,HB_WEST,HU,25.50,N\n07/01/2025,1,2,HB_WEST,HU,cheap,N\n`);
    expect(await problems(f, 'power', 'HB_WEST')).toEqual([
      '2: Delivery Hour "25" / Interval "1" must be 1–24 / 1–4',
      '3: Delivery Date "2025-07-01" is not MM/DD/YYYY',
      '4: Settlement Point Price "cheap" is not a number',
    ]);
  });
});

describe('ERCOT day-ahead prices (NP4-190-CD) across the DST changes', () => {
  const header = 'Delivery Date,Hour Ending,Settlement Point,Settlement Point Price,DSTFlag\n';
  it('the repeated autumn hour (DSTFlag Y) is the CST one; the skipped spring hour is an error', async () => {
    // 11/02/2025: HE02 01:00 CDT = 06:00 UTC; HE02 Y 01:00 CST = 07:00 UTC.
    const f = file(`${header}11/02/2025,02:00,HB_WEST,10,N\n11/02/2025,02:00,HB_WEST,20,Y\n`);
    const r = await readInputFile(f, 'power');
    expect(r.power!.map((p) => [iso(p.start), p.price])).toEqual([
      ['2025-11-02T06:00:00.000Z', 10],
      ['2025-11-02T07:00:00.000Z', 20],
    ]);
    const spring = file(`${header}03/09/2025,03:00,HB_WEST,10,N\n`);
    expect(await problems(spring, 'power')).toEqual(['2: 2025-03-09 02:00 does not exist in Central time (clocks go forward at 02:00)']);
  });
});

describe('other inputs', () => {
  it('hashprice by day, GPU-hour spot prices, events; labels from # lines', async () => {
    const hp = await readInputFile(file('# synthetic test data\ndate,hashprice\n2025-07-02,41\n2025-07-01,40\n'), 'hashprice');
    expect(hp.labels![0]).toMatch(/: synthetic test data$/);
    expect(hp.hashprice!.map((h) => h.price)).toEqual([40, 41]);
    const gpu = await readInputFile(file('start,gpu,price\n2025-07-01,b200,3.1\n2025-07-01T12:00:00Z,b200,2.9\n'), 'gpuHour');
    expect(gpu.gpuHour!.map((g) => [iso(g.start), g.gpu, g.price])).toEqual([
      ['2025-07-01T00:00:00.000Z', 'b200', 3.1],
      ['2025-07-01T12:00:00.000Z', 'b200', 2.9],
    ]);
    const ev = await problems(file('start,end,type,credit_per_mwh,limit_mw\n2025-07-01T20:00:00Z,2025-07-01T21:00:00Z,curtailment,0,\n2025-07-01T20:00:00,2025-07-01T21:00:00Z,dr,100,\n2025-07-01T20:00:00Z,2025-07-01T19:00:00Z,blackout,1,\n'), 'events');
    expect(ev).toEqual([
      '2: a curtailment event needs limit_mw',
      '3: start "2025-07-01T20:00:00" is not an ISO 8601 time with an offset, e.g. 2025-07-01T14:00:00Z',
      '4: type "blackout" is not dr, 4cp or curtailment',
      '4: end is not after start',
    ]);
  });
  it('JSON files: rows placed by line; unknown keys named', async () => {
    const f = file('{\n  "label": "test",\n  "power": [\n    { "start": "2025-07-01T00:00:00Z", "price": 30 },\n    { "start": "yesterday", "price": 31 }\n  ],\n  "tariff": []\n}\n', 'json');
    expect(await problems(f, 'power')).toEqual(['7: unknown key "tariff" (label, power, hashprice, gpuHour, events)', '5: start "yesterday" is not an ISO 8601 time with an offset, e.g. 2025-07-01T14:00:00Z']);
  });
  it('an unknown header is named, shortened, with control characters escaped', async () => {
    const f = file(`when,cost\u001b[31m${'x'.repeat(80)}\n1,2\n`);
    const [p] = await problems(f, 'power');
    expect(p).toMatch(/^1: the header "when,cost\\u001b\[31mx+…" is not one rackshift reads as power/);
    expect(p!.length).toBeLessThan(140);
  });
});

describe('what is read at all', () => {
  it('refuses folders, FIFOs and files over the cap by name, before reading them', async () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    expect(await problems(folder, 'power')).toEqual(['-: is a folder; give a CSV or JSON file']);
    const fifo = join(dir, 'a-fifo');
    execFileSync('mkfifo', [fifo]);
    // Reading a FIFO with no writer would hang: the refusal must come from stat alone.
    expect(await problems(fifo, 'power')).toEqual(['-: is a FIFO; give a CSV or JSON file']);
    const big = file(`start,price\n${'x'.repeat(MAX_INPUT_BYTES)}\n`);
    expect((await problems(big, 'power'))[0]).toMatch(/^-: is \d+ bytes; the limit is 67108864$/);
  });
});
