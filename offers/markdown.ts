/** The offer as Markdown: for a deal desk, an e-mail or a pull request. */
import { markdownCell, markdownText } from '../lib/markdown';
import { offerReport } from './report';
import type { Audience, Block } from './report-types';
import type { OfferResult } from './size';

// Report text carries site values (vendor names, catalog sources, messages quoting a value):
// every piece is escaped for where it goes, keeping the report's own **bold** and `code`.
const text = (s: string) => markdownText(s);

function block(b: Block): string[] {
  switch (b.kind) {
    case 'p':
      return [text(b.text), ''];
    case 'list':
      return [...b.items.map((i) => `- ${text(i)}`), ''];
    case 'table':
      return [`| ${b.head.map(markdownCell).join(' | ')} |`, `| ${b.head.map((_, i) => (b.numeric.includes(i) ? '---:' : '---')).join(' | ')} |`, ...b.rows.map((r) => `| ${r.map(markdownCell).join(' | ')} |`), ''];
    case 'chart':
      return []; // charts are drawn in the HTML report only
  }
}

export function offerMarkdown(r: OfferResult, audience: Audience = 'internal'): string {
  const rep = offerReport(r, audience);
  const out: string[] = [`# ${text(rep.title)}`, '', `**Ask:** ${text(rep.ask)}`, '', `**Answer:** ${text(rep.answer)}`, ''];
  for (const b of rep.lead) out.push(...block(b));
  for (const s of rep.sections) {
    out.push(`## ${text(s.title)}`, '');
    for (const b of s.blocks) out.push(...block(b));
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
