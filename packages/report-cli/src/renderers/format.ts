/** Number formatting shared by the renderers: fixed precision, en-US grouping, deterministic. */

const nf1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 0 });
const nf2 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

export const NA = 'n/a';

export function ms(v: number | null | undefined): string {
  return v === null || v === undefined ? NA : `${nf1.format(v)} ms`;
}

export function seconds(v: number | null | undefined): string {
  return v === null || v === undefined ? NA : `${(v / 1000).toFixed(2)} s`;
}

export function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? NA : `${nf1.format(v)}%`;
}

export function mb(v: number | null | undefined): string {
  return v === null || v === undefined ? NA : `${nf1.format(v)} MB`;
}

export function usd(v: number | null | undefined): string {
  return v === null || v === undefined ? NA : `$${nf2.format(v)}`;
}

export function num(v: number | null | undefined): string {
  return v === null || v === undefined ? NA : nf1.format(v);
}

/** A Markdown table cell: pipes and line breaks escaped. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function table(header: string[], rows: string[][]): string {
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map((h) => (/^(Count|Avg|P\d+|Max|Calls|Error|Invocations|%|Reuse|Retries)/.test(h) ? '---:' : '---')).join('|')}|`,
  ];
  for (const r of rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}
