/**
 * The dispatch report in a real headless Chromium: both charts render with their layers and
 * series, nothing logs an error, nothing is fetched, and the synthetic-prices label shows.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { actionsFor } from '../../dispatch/actions';
import { dispatchHtml } from '../../dispatch/html';
import { readInputFile } from '../../dispatch/inputs';
import { runDispatch } from '../../dispatch/run';
import { SYNTHETIC_FILES } from '../../dispatch/synthetic-files';
import { resolvedSite } from '../helpers/sites';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing; CI must install the Debian chromium package (.ci/run)`);
if (!haveChromium) console.warn(`dispatch html: skipped, ${CHROMIUM} not installed (apt-get install chromium); CI=true never skips`);

describe.runIf(haveChromium)('dispatch HTML report in headless Chromium', () => {
  it('renders the power stack and cumulative margin charts, no console errors, no network', async () => {
    const site = await resolvedSite('sites/red-river.yaml');
    const [p, h, e] = await Promise.all([readInputFile(SYNTHETIC_FILES.prices, 'power', 'HB_WEST'), readInputFile(SYNTHETIC_FILES.hashprice, 'hashprice'), readInputFile(SYNTHETIC_FILES.events, 'events')]);
    const r = runDispatch(site, { labels: [...p.labels!, ...h.labels!, ...e.labels!], power: p.power!, hashprice: h.hashprice!, gpuHour: [], events: e.events! }, { intervalMinutes: 60 });
    const html = dispatchHtml(r, actionsFor(site, r.schedule[0]!, 60));
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);

    const dir = await mkdtemp(join(tmpdir(), 'rackshift-dispatch-html-'));
    const file = join(dir, 'dispatch.html');
    await writeFile(file, html);
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 1100, height: 900 },
    });
    try {
      const requests: string[] = [];
      await context.route('**/*', (route) => {
        requests.push(route.request().url());
        return route.request().url().startsWith('file:') ? route.continue() : route.abort();
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      expect(await page.title()).toBe('Dispatch plan red-river');
      const charts = await page.$$eval('svg[data-chart]', (svgs) =>
        svgs.map((s) => {
          const box = s.getBoundingClientRect();
          const drawn = [...s.querySelectorAll('polygon, polyline')].filter((el) => {
            const b = (el as unknown as { getBBox(): { width: number; height: number } }).getBBox();
            return b.width > 100 && b.height > 1;
          });
          return { kind: s.getAttribute('data-chart'), width: box.width, height: box.height, drawn: drawn.length };
        }),
      );
      expect(charts.map((c) => c.kind)).toEqual(['power-stack-time', 'cumulative-margin']);
      for (const c of charts) {
        expect(c.width).toBeGreaterThan(500);
        expect(c.height).toBeGreaterThan(150);
      }
      // Layers: firm, three curtailable fleets with miners running, interruptible AI; four margin lines.
      expect(await page.$$eval('svg[data-chart="power-stack-time"] polygon', (x) => x.map((e) => e.getAttribute('data-layer')))).toEqual(['Firm load', 'Mining: s21xph-1', 'Mining: m63s-2', 'Mining: s21-air2', 'Interruptible AI']);
      expect(charts[0]!.drawn).toBe(5);
      expect(await page.$$eval('svg[data-chart="cumulative-margin"] polyline', (x) => x.map((e) => e.getAttribute('data-series')))).toEqual(['dispatch', 'always-mine', 'static', 'ai-only']);
      expect(charts[1]!.drawn).toBeGreaterThanOrEqual(3); // ai-only may be flat-ish but dispatch, always-mine and static rise
      expect(await page.textContent('.label')).toContain('SYNTHETIC');
      if (process.env.RACKSHIFT_SCREENSHOT) await page.screenshot({ path: process.env.RACKSHIFT_SCREENSHOT, fullPage: true });
      expect(problems).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);
    } finally {
      await context.close();
    }
  });
});
