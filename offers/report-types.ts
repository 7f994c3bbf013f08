/**
 * The offer report as blocks, built once per audience (report-customer.ts, report-internal.ts)
 * and written out as Markdown (markdown.ts) or HTML (html.ts), so both formats always say the
 * same thing to the same reader. Text may carry **bold** spans.
 */
export type Audience = 'customer' | 'internal';
export const AUDIENCES: readonly Audience[] = ['customer', 'internal'];

export type Block =
  | { readonly kind: 'p'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'table'; readonly head: readonly string[]; readonly rows: readonly (readonly string[])[]; readonly numeric: readonly number[] }
  | { readonly kind: 'chart'; readonly chart: 'power-stack' | 'gantt' | 'cash-flow'; readonly caption: string };

export interface Section {
  readonly title: string;
  readonly blocks: readonly Block[];
}

export interface Report {
  readonly title: string;
  readonly audience: Audience;
  readonly ask: string;
  readonly verdict: 'fits' | 'partial' | 'cannot';
  readonly answer: string;
  readonly lead: readonly Block[];
  readonly kpis: readonly { readonly value: string; readonly label: string }[];
  readonly sections: readonly Section[];
}
