/** The offer as Markdown: for a deal desk, an e-mail or a pull request. */
import { offerReport } from './report';
import type { Audience, Block } from './report-types';
import type { OfferResult } from './size';

const cell = (s: string) => s.replace(/\|/g, '\\|');

function block(b: Block): string[] {
  switch (b.kind) {
    case 'p':
      return [b.text, ''];
    case 'list':
      return [...b.items.map((i) => `- ${i}`), ''];
    case 'table':
      return [`| ${b.head.join(' | ')} |`, `| ${b.head.map((_, i) => (b.numeric.includes(i) ? '---:' : '---')).join(' | ')} |`, ...b.rows.map((r) => `| ${r.map(cell).join(' | ')} |`), ''];
    case 'chart':
      return []; // charts are drawn in the HTML report only
  }
}

export function offerMarkdown(r: OfferResult, audience: Audience = 'internal'): string {
  const rep = offerReport(r, audience);
  const out: string[] = [`# ${rep.title}`, '', `**Ask:** ${rep.ask}`, '', `**Answer:** ${rep.answer}`, ''];
  for (const b of rep.lead) out.push(...block(b));
  for (const s of rep.sections) {
    out.push(`## ${s.title}`, '');
    for (const b of s.blocks) out.push(...block(b));
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
