/**
 * The offer report in a real headless Chromium: it renders, its three charts are there and
 * drawn, nothing logs an error, and nothing is fetched from anywhere.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { resolveSite } from '../constructs/resolve';
import { readSiteFile } from '../constructs/site-file';
import { offerHtml } from '../offers/html';
import { sizeOffer } from '../offers/size';
import { INTERNAL_WORDS } from './helpers/internal-words';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing; CI must install the Debian chromium package (.ci/run)`);
if (!haveChromium) console.warn(`offers-html: skipped, ${CHROMIUM} not installed (apt-get install chromium); CI=true never skips`);

const CASES = [
  { audience: 'internal' as const, charts: ['power-stack', 'gantt', 'cash-flow'] },
  { audience: 'customer' as const, charts: ['gantt'] },
];

describe.runIf(haveChromium)('offer HTML report in headless Chromium', () => {
  it.each(CASES)('$audience: renders its charts with no console errors and no network requests', async ({ audience, charts: expectedCharts }) => {
    const parsed = await readSiteFile('test/fixtures/offers-hand.yaml');
    const spec = parsed.spec!;
    const before = resolveSite(spec);
    const result = sizeOffer({ spec, before }, before.offers[0]!, { today: '2026-11-24' });
    const html = offerHtml(result, audience);
    // Self-contained: no external references in the markup itself.
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);

    const dir = await mkdtemp(join(tmpdir(), 'rackshift-html-'));
    const file = join(dir, `offer-${audience}.html`);
    await writeFile(file, html);
    // A fresh profile for every run (playwright passes it as --user-data-dir).
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 1000, height: 900 },
    });
    try {
      const requests: string[] = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        requests.push(url);
        return url.startsWith('file:') ? route.continue() : route.abort();
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

      expect(await page.title()).toBe('Offer b200-1024 at hand-1');
      const charts = await page.$$eval('svg[data-chart]', (svgs) =>
        svgs.map((s) => {
          const box = s.getBoundingClientRect();
          const shapes = s.querySelectorAll('rect, path, line');
          const drawn = [...s.querySelectorAll('rect, path')].filter((e) => {
            const b = (e as unknown as { getBBox(): { width: number; height: number } }).getBBox();
            return b.width > 0 && b.height > 0;
          });
          return { kind: s.getAttribute('data-chart'), width: box.width, height: box.height, shapes: shapes.length, drawn: drawn.length };
        }),
      );
      expect(charts.map((c) => c.kind)).toEqual(expectedCharts);
      for (const c of charts) {
        expect(c.width).toBeGreaterThan(300);
        expect(c.height).toBeGreaterThan(100);
        expect(c.drawn).toBeGreaterThan(3);
      }
      // The Gantt has one bar per phase that takes time (all 7 here: miners retire, hall-m is not yet GPU-ready).
      expect(await page.$$eval('svg[data-chart="gantt"] rect', (r) => r.length)).toBe(7);
      if (audience === 'internal') {
        // The cash-flow chart has both paths and the payback marker (month 42, test/offers-sizing.test.ts).
        expect(await page.$$eval('svg[data-chart="cash-flow"] path', (p) => p.length)).toBe(2);
        expect(await page.textContent('svg[data-chart="cash-flow"]')).toContain('payback, month 42');
      } else {
        // What the customer sees, as rendered, carries none of the internal words.
        const text = (await page.textContent('body'))!;
        for (const word of INTERNAL_WORDS) expect(text.toLowerCase(), word).not.toContain(word.toLowerCase());
        expect(text).toContain('Price terms');
      }
      expect(await page.textContent('.verdict')).toContain('Yes.');
      if (process.env.RACKSHIFT_SCREENSHOT) await page.screenshot({ path: process.env.RACKSHIFT_SCREENSHOT, fullPage: true });

      expect(problems).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);
    } finally {
      await context.close();
    }
  });
});
