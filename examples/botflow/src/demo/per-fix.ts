import type { FixId } from '../fixes.js';
import type { TrafficRequest } from '../traffic/scenarios.js';
import type { TrafficResult } from '../traffic/send.js';
import type { VariantOutcome } from './variant.js';

/** The parts of a report JSON (report contract v1) the per-fix table reads. */
export interface ReportJson {
  latency?: { invocation?: { avgMs?: number | null } };
  coldStart?: { avgInitMs?: number | null };
  recommendations?: { id: string; savingsMs?: number | null; evidence?: string[] }[];
}

export interface FixMeasurement {
  fix: FixId;
  estimatedMs: number | null;
  estimateNote: string;
  measuredMs: number | null;
  basis: string;
  /** Change of the average invocation over all requests (reports), for reference. */
  overallMs: number | null;
}

const MESSAGE_LABELS = new Set(['greeting', 'checkin', 'ask', 'help', 'export', 'unknown']);

/** The requests each planted bottleneck sits on: the report's savings are per affected invocation. */
const AFFECTED: Record<Exclude<FixId, 'init-lazy-load'>, (request: TrafficRequest) => boolean> = {
  'dynamodb-batch-reads': () => true,
  'dynamodb-projection': () => true,
  'http-keep-alive': () => true,
  'cpu-hot-function': () => true,
  'memory-heavy-operation': () => true,
  'dynamodb-scan-to-query': (r) =>
    r.label === 'checkin' || (r.scenario === 'first-time-user' && r.label === 'greeting'),
  'http-parallelize': (r) => r.label === 'checkin',
};

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Median of the per-request differences (baseline minus fix) over the requests the plant sits on. Both
 * runs send the same requests in the same order, so each pair differs by the fix (and noise); the
 * median keeps the few cold starts, which land on different requests in each run, out of it.
 */
function pairedSaving(baseline: TrafficResult[], alone: TrafficResult[], affected: (r: TrafficRequest) => boolean) {
  const diffs: number[] = [];
  for (const [index, before] of baseline.entries()) {
    const after = alone[index];
    const request = before.request;
    if (after === undefined || after.request.scenario !== request.scenario || after.request.label !== request.label)
      continue;
    if (!MESSAGE_LABELS.has(request.label) || request.scenario === 'error-downstream-timeout') continue;
    if (!before.ok || !after.ok || !affected(request)) continue;
    diffs.push(before.ms - after.ms);
  }
  return { ms: median(diffs), n: diffs.length };
}

function estimateOf(fix: FixId, report: ReportJson | undefined): { ms: number | null; note: string } {
  const recommendation = report?.recommendations?.find((r) => r.id === fix);
  if (typeof recommendation?.savingsMs === 'number') return { ms: recommendation.savingsMs, note: '' };
  if (fix === 'init-lazy-load') {
    // The lazy-load advice carries no number; the heavy-import advice names the package and its cost.
    const heavy = report?.recommendations?.find((r) => r.id === 'init-heavy-import');
    const line = heavy?.evidence?.find((e) => e.startsWith('exceljs:'));
    const ms = line === undefined ? Number.NaN : Number(/^exceljs: ([\d,.]+) ms/.exec(line)?.[1]?.replace(/,/g, ''));
    if (Number.isFinite(ms)) return { ms, note: ' (exceljs, from init-heavy-import)' };
  }
  return { ms: null, note: recommendation === undefined ? ' (not found)' : '' };
}

export function measureFix(
  fix: FixId,
  baseline: { outcome: VariantOutcome; report: ReportJson | undefined },
  alone: { outcome: VariantOutcome; report: ReportJson | undefined },
): FixMeasurement {
  const estimate = estimateOf(fix, baseline.report);
  const before = baseline.report?.latency?.invocation?.avgMs;
  const after = alone.report?.latency?.invocation?.avgMs;
  const overallMs = typeof before === 'number' && typeof after === 'number' ? before - after : null;
  if (fix === 'init-lazy-load') {
    const initBefore = baseline.report?.coldStart?.avgInitMs;
    const initAfter = alone.report?.coldStart?.avgInitMs;
    const measured = typeof initBefore === 'number' && typeof initAfter === 'number' ? initBefore - initAfter : null;
    return {
      fix,
      estimatedMs: estimate.ms,
      estimateNote: estimate.note,
      measuredMs: measured,
      basis: 'avg init duration (reports)',
      overallMs,
    };
  }
  const paired = pairedSaving(baseline.outcome.results, alone.outcome.results, AFFECTED[fix]);
  return {
    fix,
    estimatedMs: estimate.ms,
    estimateNote: estimate.note,
    measuredMs: paired.ms,
    basis: `median per affected request (client side, n=${paired.n})`,
    overallMs,
  };
}

function ms(value: number | null): string {
  return value === null ? 'n/a' : `${value.toFixed(0)} ms`;
}

export function perFixMarkdown(rows: FixMeasurement[]): string {
  const lines = [
    '## Per-fix savings: estimated vs measured',
    '',
    'Each planted bottleneck fixed alone (`BOTFLOW_FIX=<id>`), same requests in the same order, fresh',
    "stand-ins. Estimated: the baseline report's saving for the recommendation (per affected invocation).",
    'Measured: baseline minus the run with that fix alone, on the requests the plant sits on; the last',
    'column is the change of the average over all invocations. Local runs on a shared 2-core machine:',
    'differences of a few ms are noise.',
    '',
    '| Recommendation | Estimated | Measured | Measured on | Avg invocation change |',
    '|---|---:|---:|---|---:|',
    ...rows.map(
      (row) =>
        `| \`${row.fix}\` | ${ms(row.estimatedMs)}${row.estimateNote} | ${ms(row.measuredMs)} | ${row.basis} | ${ms(row.overallMs)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
