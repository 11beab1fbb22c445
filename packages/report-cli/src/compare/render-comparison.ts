import { counted } from '../model/counted.js';
import type { Comparison, FigureRow, FigureUnit, GateResult, MeasuredChange, ReportSummary } from './types.js';

const SECTION_TITLES: Record<FigureRow['section'], string> = {
  latency: 'Latency',
  'cold-start': 'Cold start',
  errors: 'Errors',
  dynamodb: 'DynamoDB operations',
  'external-apis': 'External APIs (per host)',
  memory: 'Memory',
  cost: 'Cost',
};

function num(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A value with its unit; ms above 100 without decimals. */
export function formatValue(value: number | null, unit: FigureUnit): string {
  if (value === null) return '–';
  switch (unit) {
    case 'USD':
      return `$${num(value, 2)}`;
    case '%':
      return `${num(value, 1)} %`;
    case 'MB':
      return `${num(value, Math.abs(value) >= 100 ? 0 : 1)} MB`;
    case 'calls':
      return num(value, 2);
    default:
      return `${num(value, Math.abs(value) >= 100 ? 0 : 1)} ms`;
  }
}

function signed(value: number, unit: FigureUnit): string {
  const text = formatValue(Math.abs(value), unit);
  if (value > 0) return `+${text}`;
  if (value < 0) return `−${text}`;
  return text;
}

function change(r: FigureRow): string {
  if (r.before === null && r.after !== null) return 'new';
  if (r.before !== null && r.after === null) return 'gone';
  if (r.delta === null) return '–';
  if (r.delta === 0) return 'no change';
  const pct =
    r.deltaPct === null
      ? ''
      : ` (${r.deltaPct > 0 ? '+' : r.deltaPct < 0 ? '−' : ''}${num(Math.abs(r.deltaPct), 1)} %)`;
  return `${signed(r.delta, r.unit)}${pct}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function sampleText(s: ReportSummary): string {
  const window = s.from && s.to ? `, ${s.from} – ${s.to}` : '';
  return `${counted(s.invocations, 'invocation')}, ${counted(s.coldStarts, 'cold start')}${window}`;
}

function figureTable(rows: FigureRow[], gates: GateResult[]): string[] {
  const lines = ['| Figure | Before | After | Change |', '|---|---:|---:|---:|'];
  for (const r of rows) {
    const gate = r.gate ? gates.find((g) => g.id === r.gate) : undefined;
    const mark = gate?.status === 'fail' ? ' **REGRESSION**' : r.gate ? ' (gated)' : '';
    lines.push(
      `| ${cell(r.figure)}${mark} | ${formatValue(r.before, r.unit)} | ${formatValue(r.after, r.unit)} | ${change(r)} |`,
    );
  }
  return lines;
}

function measuredText(m: MeasuredChange): string {
  if (m.saved === null) return `${m.figure}: not in both reports`;
  const verb = m.saved > 0 ? 'saved' : m.saved < 0 ? 'grew by' : 'unchanged';
  const amount = m.saved === 0 ? '' : ` ${formatValue(Math.abs(m.saved), m.unit)}`;
  return `${verb}${amount} (${m.figure}: ${formatValue(m.before, m.unit)} → ${formatValue(m.after, m.unit)})`;
}

function estimateText(ms: number | null, usd: number | null): string {
  const parts: string[] = [];
  if (ms !== null) parts.push(`${formatValue(ms, 'ms')}`);
  if (usd !== null) parts.push(`$${num(usd, 2)}/month`);
  return parts.length ? parts.join(', ') : '–';
}

function gateLines(gates: GateResult[]): string[] {
  if (gates.length === 0) {
    return ['No threshold given (`--fail-on-regression <percent>` gates cold start, p90 and monthly cost).'];
  }
  const threshold = gates[0]!.thresholdPct;
  const lines = [
    `Threshold: a gated figure may grow by at most ${num(threshold, threshold % 1 ? 1 : 0)} %.`,
    '',
    '| Gated figure | Before | After | Change | Result |',
    '|---|---:|---:|---:|---|',
  ];
  for (const g of gates) {
    const unit: FigureUnit = g.id === 'monthly-cost' ? 'USD' : 'ms';
    const pct =
      g.deltaPct === null
        ? '–'
        : `${g.deltaPct > 0 ? '+' : g.deltaPct < 0 ? '−' : ''}${num(Math.abs(g.deltaPct), 1)} %`;
    const result = g.status === 'fail' ? '**FAIL**' : g.status === 'pass' ? 'pass' : 'not comparable';
    lines.push(`| ${g.figure} | ${formatValue(g.before, unit)} | ${formatValue(g.after, unit)} | ${pct} | ${result} |`);
  }
  return lines;
}

/** The comparison as Markdown. Pure: returns a string. */
export function renderComparisonMarkdown(c: Comparison): string {
  const name =
    c.before.function === c.after.function ? c.before.function : `${c.before.function} / ${c.after.function}`;
  const out: string[] = [
    `# Lambda Profiling Comparison - ${name}`,
    '',
    '| | Before | After |',
    '|---|---|---|',
    `| Report | ${cell(c.before.label)} | ${cell(c.after.label)} |`,
    `| Generated | ${c.before.generatedAt} (${c.before.source}) | ${c.after.generatedAt} (${c.after.source}) |`,
    `| Sample | ${sampleText(c.before)} | ${sampleText(c.after)} |`,
    '',
    '## Key figures',
  ];
  for (const section of Object.keys(SECTION_TITLES) as FigureRow['section'][]) {
    const rows = c.rows.filter((r) => r.section === section);
    if (rows.length === 0) continue;
    out.push('', `### ${SECTION_TITLES[section]}`, '', ...figureTable(rows, c.gates));
  }
  out.push('', '## Recommendations of the first report', '');
  if (c.recommendations.length === 0) {
    out.push('The first report made no recommendations.');
  } else {
    out.push(
      '| Recommendation | Priority | Estimated saving | Measured in the second report | Status |',
      '|---|---|---|---|---|',
    );
    for (const r of c.recommendations) {
      out.push(
        `| ${cell(r.title)} (\`${r.id}\`) | ${r.priority} | ${estimateText(r.estimatedSavingsMs, r.estimatedMonthlySavingsUsd)} | ${cell(r.notApplied !== undefined ? `not applied: ${r.notApplied}` : measuredText(r.measured))} | ${r.stillRecommended ? 'still recommended' : 'no longer recommended'} |`,
      );
    }
  }
  out.push('', '## Regression gate', '', ...gateLines(c.gates));
  if (c.notes.length) {
    out.push('', '## Notes', '', ...c.notes.map((n) => `- ${n}`));
  }
  return `${out.join('\n')}\n`;
}
