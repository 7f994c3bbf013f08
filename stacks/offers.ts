/**
 * offers/<offer>.md|.json|.html (internal) and offers/<offer>.customer.md|.json|.html (what is
 * sent out) for every offer the site declares (spec.offers). Sizing runs the
 * real resolver on the site file with the offer added, so the target re-reads the site spec.
 * Output is deterministic: declared offers are not checked against today's date (`rackshift
 * size` does that), and without a start date the timeline is in weeks only.
 */
import { SiteError } from '../constructs/diagnostics';
import { readSiteFile } from '../constructs/site-file';
import { displayPath } from '../constructs/load';
import { offerHtml } from '../offers/html';
import { offerJson } from '../offers/json';
import { offerMarkdown } from '../offers/markdown';
import { OfferError, sizeOffer } from '../offers/size';
import type { OutputFile, Target } from './target';

export const offersTarget: Target = {
  name: 'offers',
  async render(site, ctx) {
    if (site.offers.length === 0) return [];
    const parsed = await readSiteFile(ctx.siteFile);
    const d = parsed.diagnostics;
    const files: OutputFile[] = [];
    site.offers.forEach((offer, i) => {
      try {
        const r = sizeOffer({ spec: parsed.spec!, before: site }, offer);
        // The operator's full report, and beside it the one that can be sent to the customer.
        files.push(
          { path: `offers/${offer.name}.md`, content: offerMarkdown(r, 'internal') },
          { path: `offers/${offer.name}.json`, content: offerJson(r, 'internal') },
          { path: `offers/${offer.name}.html`, content: offerHtml(r, 'internal') },
          { path: `offers/${offer.name}.customer.md`, content: offerMarkdown(r, 'customer') },
          { path: `offers/${offer.name}.customer.json`, content: offerJson(r, 'customer') },
          { path: `offers/${offer.name}.customer.html`, content: offerHtml(r, 'customer') },
        );
      } catch (err) {
        if (!(err instanceof OfferError)) throw err;
        d.error('rackshift:offer/invalid', ['spec', 'offers', i], err.message);
      }
    });
    // Every offer's problem at once, each placed in the file.
    if (d.errors.length > 0) throw new SiteError(d.errors.map((e) => ({ ...e, file: site.sourceFile || displayPath(ctx.siteFile) })));
    return files;
  },
};
