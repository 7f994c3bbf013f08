/**
 * The offer as one self-contained HTML file: inline CSS and inline SVG charts, no scripts,
 * no fonts or images from anywhere, so it opens from a file or an e-mail attachment offline.
 */
import { cashFlowChart, esc, ganttChart, powerStackChart } from './charts';
import { powerStack } from './power-stack';
import { offerReport } from './report';
import type { Audience, Block } from './report-types';
import type { OfferResult } from './size';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2630;margin:0;background:#f6f7f9}
main{max-width:960px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e3e6ea;padding-bottom:4px}
.ask{color:#4a5260;margin:0 0 16px}.verdict{padding:12px 14px;border-radius:6px;margin:12px 0}
.fits{background:#e8f5ee;border-left:4px solid #2e9d5b}.partial{background:#fdf3e6;border-left:4px solid #e08a2c}.cannot{background:#fbeaea;border-left:4px solid #c8453b}
.kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:10px;margin:12px 0}.kpi{background:#f3f5f8;border-radius:6px;padding:10px}
.kpi b{display:block;font-size:18px}.kpi span{color:#5b6470;font-size:12px}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}th,td{border-bottom:1px solid #e7eaee;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f8}td.n{text-align:right;font-variant-numeric:tabular-nums}figure{margin:8px 0 16px}figcaption{color:#5b6470;font-size:12px}
code{background:#f1f3f5;padding:1px 4px;border-radius:3px}ul{margin:6px 0}
@media print{body{background:#fff}main{padding:0}}
`;

/** Escaped text with **bold** and `code` spans. */
function inline(s: string): string {
  return esc(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/`(.+?)`/g, '<code>$1</code>');
}

function chart(r: OfferResult, kind: 'power-stack' | 'gantt' | 'cash-flow'): string {
  const p = r.plan!;
  if (kind === 'gantt') return ganttChart(p.timeline);
  if (kind === 'cash-flow') return cashFlowChart(p.economics);
  return powerStackChart(powerStack('before', r.before), powerStack('after', p.after, p.pool));
}

function block(r: OfferResult, b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p>${inline(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`;
    case 'table': {
      const th = b.head.map((h) => `<th>${esc(h)}</th>`).join('');
      const tr = b.rows.map((row) => `<tr>${row.map((c, i) => `<td${b.numeric.includes(i) ? ' class="n"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('\n');
      return `<table><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
    }
    case 'chart':
      return `<figure>${chart(r, b.chart)}<figcaption>${esc(b.caption)}</figcaption></figure>`;
  }
}

export function offerHtml(r: OfferResult, audience: Audience = 'internal'): string {
  const rep = offerReport(r, audience);
  const body: string[] = [`<h1>${esc(rep.title)}</h1>`, `<p class="ask">Ask: ${inline(rep.ask)}</p>`];
  body.push(`<div class="verdict ${rep.verdict}">${inline(rep.answer)}</div>`);
  for (const b of rep.lead) body.push(block(r, b));
  if (rep.kpis.length > 0) body.push(`<div class="kpis">\n${rep.kpis.map((k) => `<div class="kpi"><b>${esc(k.value)}</b><span>${esc(k.label)}</span></div>`).join('\n')}\n</div>`);
  for (const s of rep.sections) {
    body.push(`<h2>${esc(s.title)}</h2>`);
    for (const b of s.blocks) body.push(block(r, b));
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(rep.title)}</title>
<style>${CSS}</style>
</head>
<body><main>
${body.join('\n')}
</main></body>
</html>
`;
}
