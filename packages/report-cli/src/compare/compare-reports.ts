import type { ProfilingReport } from '../contracts/report-types.js';
import { counted } from '../model/counted.js';
import type {
  Comparison,
  FigureRow,
  FigureUnit,
  GateId,
  GateResult,
  MeasuredChange,
  RecommendationComparison,
  ReportSummary,
} from './types.js';

type Getter = (report: ProfilingReport) => number | null;

/** The gated figures and where each one lives in the report contract. */
export const GATED_FIGURES: Record<GateId, { figure: string; unit: FigureUnit; get: Getter }> = {
  'cold-start': { figure: 'Cold start: average init', unit: 'ms', get: (r) => r.coldStart.avgInitMs },
  p90: { figure: 'Invocation p90', unit: 'ms', get: (r) => r.latency.invocation.p90Ms },
  'monthly-cost': { figure: 'Monthly cost (estimated)', unit: 'USD', get: (r) => r.expected.monthlyCostUsd.from },
};

function perInvocation(report: ProfilingReport, total: number): number | null {
  return report.sample.invocations > 0 ? total / report.sample.invocations : null;
}

/** Σ count × avg over DynamoDB operations, per invocation: what the DynamoDB recommendations act on. */
function dynamoMsPerInvocation(report: ProfilingReport): number | null {
  if (report.dynamodb.operations.length === 0) return report.sample.invocations > 0 ? 0 : null;
  return perInvocation(
    report,
    report.dynamodb.operations.reduce((sum, op) => sum + op.count * op.avgMs, 0),
  );
}

function externalMsPerInvocation(report: ProfilingReport): number | null {
  if (report.externalApis.length === 0) return report.sample.invocations > 0 ? 0 : null;
  return perInvocation(
    report,
    report.externalApis.reduce((sum, api) => sum + api.count * api.avgMs, 0),
  );
}

interface Measure {
  figure: string;
  unit: FigureUnit;
  get: Getter;
}

const MEASURES = {
  coldStart: GATED_FIGURES['cold-start'],
  dynamo: { figure: 'DynamoDB time per invocation', unit: 'ms', get: dynamoMsPerInvocation },
  external: { figure: 'External API time per invocation', unit: 'ms', get: externalMsPerInvocation },
  cost: GATED_FIGURES['monthly-cost'],
  peakMemory: { figure: 'Peak memory used', unit: 'MB', get: (r) => r.memory.peakUsedMb },
  errorRate: { figure: 'Error rate', unit: '%', get: (r) => r.errors.ratePct },
  p99: { figure: 'Invocation p99', unit: 'ms', get: (r) => r.latency.invocation.p99Ms },
  avg: { figure: 'Invocation average', unit: 'ms', get: (r) => r.latency.invocation.avgMs },
} satisfies Record<string, Measure>;

/**
 * The figure a recommendation is meant to move, by its id family (ids from DESIGN.md): init-* the
 * cold start, dynamodb-* the DynamoDB time, http-* the external API time, right-sizing the cost.
 */
export function measureFor(id: string): Measure {
  if (id.startsWith('init-')) return MEASURES.coldStart;
  if (id.startsWith('dynamodb-')) return MEASURES.dynamo;
  if (id.startsWith('http-')) return MEASURES.external;
  if (id === 'memory-right-size' || id === 'arm64') return MEASURES.cost;
  if (id.startsWith('memory-')) return MEASURES.peakMemory;
  if (id === 'errors') return MEASURES.errorRate;
  if (id === 'timeout-headroom') return MEASURES.p99;
  return MEASURES.avg;
}

function row(
  section: FigureRow['section'],
  figure: string,
  unit: FigureUnit,
  before: number | null | undefined,
  after: number | null | undefined,
  gate?: GateId,
): FigureRow {
  const b = before ?? null;
  const a = after ?? null;
  const delta = a !== null && b !== null ? a - b : null;
  const deltaPct = delta !== null && b !== null && b !== 0 ? (delta / b) * 100 : null;
  return { section, figure, unit, before: b, after: a, delta, deltaPct, ...(gate ? { gate } : {}) };
}

/** Union of keys in first-seen order, so rows follow the first report and new ones come last. */
function keysOf<T>(a: T[], b: T[], key: (item: T) => string): string[] {
  return [...new Set([...a.map(key), ...b.map(key)])];
}

function figureRows(before: ProfilingReport, after: ProfilingReport): FigureRow[] {
  const rows: FigureRow[] = [];
  const lat = (r: ProfilingReport) => r.latency;
  rows.push(
    row('latency', 'Invocation average', 'ms', lat(before).invocation.avgMs, lat(after).invocation.avgMs),
    row('latency', 'Invocation p50', 'ms', lat(before).invocation.p50Ms, lat(after).invocation.p50Ms),
    row('latency', 'Invocation p90', 'ms', lat(before).invocation.p90Ms, lat(after).invocation.p90Ms, 'p90'),
    row('latency', 'Invocation p99', 'ms', lat(before).invocation.p99Ms, lat(after).invocation.p99Ms),
    row('latency', 'Warm p90', 'ms', lat(before).warm.p90Ms, lat(after).warm.p90Ms),
    row('latency', 'Cold invocation p90', 'ms', lat(before).cold.p90Ms, lat(after).cold.p90Ms),
  );
  rows.push(
    row(
      'cold-start',
      'Cold start: average init',
      'ms',
      before.coldStart.avgInitMs,
      after.coldStart.avgInitMs,
      'cold-start',
    ),
    row('cold-start', 'Cold start: p90 init', 'ms', before.coldStart.p90InitMs, after.coldStart.p90InitMs),
  );
  for (const name of keysOf(before.coldStart.phases, after.coldStart.phases, (p) => p.name)) {
    const b = before.coldStart.phases.find((p) => p.name === name);
    const a = after.coldStart.phases.find((p) => p.name === name);
    rows.push(row('cold-start', `Init phase: ${name}`, 'ms', b?.avgMs, a?.avgMs));
  }
  rows.push(row('errors', 'Error rate', '%', before.errors.ratePct, after.errors.ratePct));
  const opKey = (op: { operation: string; table: string }) => `${op.operation} ${op.table}`;
  for (const key of keysOf(before.dynamodb.operations, after.dynamodb.operations, opKey)) {
    const b = before.dynamodb.operations.find((op) => opKey(op) === key);
    const a = after.dynamodb.operations.find((op) => opKey(op) === key);
    rows.push(
      row('dynamodb', `${key}: average`, 'ms', b?.avgMs, a?.avgMs),
      row('dynamodb', `${key}: p90`, 'ms', b?.p90Ms, a?.p90Ms),
      row(
        'dynamodb',
        `${key}: calls per invocation`,
        'calls',
        b ? perInvocation(before, b.count) : null,
        a ? perInvocation(after, a.count) : null,
      ),
    );
  }
  rows.push(
    row('dynamodb', 'DynamoDB time per invocation', 'ms', dynamoMsPerInvocation(before), dynamoMsPerInvocation(after)),
  );
  for (const host of keysOf(before.externalApis, after.externalApis, (api) => api.host)) {
    const b = before.externalApis.find((api) => api.host === host);
    const a = after.externalApis.find((api) => api.host === host);
    rows.push(
      row('external-apis', `${host}: p50`, 'ms', b?.p50Ms, a?.p50Ms),
      row('external-apis', `${host}: p90`, 'ms', b?.p90Ms, a?.p90Ms),
      row('external-apis', `${host}: calls per invocation`, 'calls', b?.callsPerInvocation, a?.callsPerInvocation),
    );
  }
  rows.push(
    row(
      'external-apis',
      'External API time per invocation',
      'ms',
      externalMsPerInvocation(before),
      externalMsPerInvocation(after),
    ),
    row('memory', 'Memory allocated', 'MB', before.memory.allocatedMb, after.memory.allocatedMb),
    row('memory', 'Memory used: average', 'MB', before.memory.avgUsedMb, after.memory.avgUsedMb),
    row('memory', 'Memory used: peak', 'MB', before.memory.peakUsedMb, after.memory.peakUsedMb),
    row(
      'cost',
      'Monthly cost (estimated)',
      'USD',
      before.expected.monthlyCostUsd.from,
      after.expected.monthlyCostUsd.from,
      'monthly-cost',
    ),
  );
  return rows;
}

function measured(measure: Measure, before: ProfilingReport, after: ProfilingReport): MeasuredChange {
  const b = measure.get(before);
  const a = measure.get(after);
  return {
    figure: measure.figure,
    unit: measure.unit,
    before: b,
    after: a,
    saved: a !== null && b !== null ? b - a : null,
  };
}

/**
 * A configuration recommendation the second report shows was not applied (the same architecture or
 * memory size in both): its figure (the monthly cost) moved for other reasons, and saying "saved"
 * would credit it with them.
 */
function notApplied(id: string, before: ProfilingReport, after: ProfilingReport): string | null {
  const arch = before.function.architecture;
  if (id === 'arm64' && arch !== null && arch === after.function.architecture && arch !== 'arm64')
    return `the function is ${arch} in both reports`;
  const memory = before.function.memoryMb;
  if (id === 'memory-right-size' && memory !== null && memory === after.function.memoryMb)
    return `the memory size is ${memory} MB in both reports`;
  return null;
}

function recommendationRows(before: ProfilingReport, after: ProfilingReport): RecommendationComparison[] {
  const afterIds = new Set(after.recommendations.map((r) => r.id));
  return before.recommendations.map((rec) => {
    const reason = notApplied(rec.id, before, after);
    return {
      id: rec.id,
      title: rec.title,
      priority: rec.priority,
      estimatedSavingsMs: rec.savingsMs,
      estimatedMonthlySavingsUsd: rec.monthlySavingsUsd,
      measured: measured(measureFor(rec.id), before, after),
      ...(reason !== null ? { notApplied: reason } : {}),
      stillRecommended: afterIds.has(rec.id),
    };
  });
}

/**
 * A gated figure regresses when it grows by more than `thresholdPct` percent of its first value
 * (growth from 0 counts as a regression). A figure missing from either report cannot be gated.
 */
function gateResults(rows: FigureRow[], thresholdPct: number): GateResult[] {
  return (Object.keys(GATED_FIGURES) as GateId[]).map((id) => {
    const r = rows.find((x) => x.gate === id)!;
    let status: GateResult['status'];
    if (r.before === null || r.after === null) status = 'not-comparable';
    else if (r.before === 0) status = r.after > 0 ? 'fail' : 'pass';
    // The epsilon keeps float noise (520.5 × 1.1) from failing a figure that grew exactly by the threshold.
    else status = (r.deltaPct ?? 0) > thresholdPct + 1e-9 ? 'fail' : 'pass';
    return {
      id,
      figure: r.figure,
      before: r.before,
      after: r.after,
      deltaPct: r.deltaPct,
      thresholdPct,
      status,
    };
  });
}

function summary(label: string, report: ProfilingReport): ReportSummary {
  return {
    label,
    function: report.function.name,
    generatedAt: report.generatedAt,
    source: report.source,
    invocations: report.sample.invocations,
    coldStarts: report.sample.coldStarts,
    from: report.sample.from,
    to: report.sample.to,
  };
}

export interface CompareOptions {
  beforeLabel?: string;
  afterLabel?: string;
  /** `--fail-on-regression <percent>`; no gates are evaluated without it. */
  failOnRegressionPct?: number;
}

/** Compares two validated reports. Pure: no I/O. */
export function compareReports(
  before: ProfilingReport,
  after: ProfilingReport,
  options: CompareOptions = {},
): Comparison {
  const rows = figureRows(before, after);
  const notes: string[] = [];
  if (before.function.name !== after.function.name) {
    notes.push(`The reports are for different functions (${before.function.name}, ${after.function.name}).`);
  }
  if (before.source !== after.source) {
    notes.push(
      `The reports come from different sources (${before.source}, ${after.source}): local CPU is not scaled ` +
        'to the memory size, so latencies are not directly comparable.',
    );
  }
  for (const [label, report] of [
    ['first', before],
    ['second', after],
  ] as const) {
    if (report.sample.invocations < 30) {
      notes.push(
        `The ${label} report has only ${counted(report.sample.invocations, 'invocation')}: p90 and p99 are noisy.`,
      );
    }
  }
  const gates = options.failOnRegressionPct === undefined ? [] : gateResults(rows, options.failOnRegressionPct);
  for (const gate of gates) {
    if (gate.status === 'not-comparable') {
      notes.push(`${gate.figure} is missing from one report, so it was not gated.`);
    }
  }
  return {
    before: summary(options.beforeLabel ?? 'before', before),
    after: summary(options.afterLabel ?? 'after', after),
    rows,
    recommendations: recommendationRows(before, after),
    gates,
    notes,
  };
}

export function failedGates(comparison: Comparison): GateResult[] {
  return comparison.gates.filter((g) => g.status === 'fail');
}
