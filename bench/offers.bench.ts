/**
 * Sizing on generated sites of 1k, 5k and 20k GPU nodes: an ask of 1,024 DGX B200 GPUs (fits,
 * miners retire) and of 10 million (does not fit: binary search for the largest offer).
 * Prints `size nodes=N ask=G verdict=V resolves≈ ms=T rss_mb=R`. Each resolve is the real
 * resolver on the whole site, so time grows with the site.
 */
import { performance } from 'node:perf_hooks';
import { resolveSite } from '../constructs/resolve';
import { SiteFileSpec, type OfferSpecT } from '../constructs/site-spec';
import { sizeOffer } from '../offers/size';
import { generateSite } from './generate';
import { SIZES } from './synth.bench';

export default async function offersBench(): Promise<void> {
  for (const { nodes, miners } of SIZES) {
    const spec = SiteFileSpec.parse(generateSite({ nodes, miners }));
    const before = resolveSite(spec);
    for (const gpus of [1024, 10_000_000]) {
      const offer: OfferSpecT = { name: 'bench', gpus, system: 'dgx-b200', tier: '2N', termMonths: 36 };
      const start = performance.now();
      const r = sizeOffer({ spec, before }, offer);
      const ms = performance.now() - start;
      process.stdout.write(`size nodes=${before.totals.nodes} ask=${gpus} verdict=${r.verdict} offered=${r.plan?.gpus ?? 0} ms=${Math.round(ms)} rss_mb=${Math.round(process.memoryUsage().rss / 2 ** 20)}\n`);
    }
  }
}
