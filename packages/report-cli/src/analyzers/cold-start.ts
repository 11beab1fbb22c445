import type { InitRecord } from '@lambda-profiler/middleware/contract';
import type { ColdStartPhase, ColdStartPhaseName } from '../contracts/report-types.js';
import { pctOf, roundOrNull, Samples } from '../model/stats.js';
import type { Analyzer } from './types.js';

const PHASES: ColdStartPhaseName[] = ['runtime', 'imports', 'aws-sdk', 'custom', 'other'];

export interface ColdStartResult {
  count: number;
  avgInitMs: number | null;
  p90InitMs: number | null;
  phases: ColdStartPhase[];
  firstCallSetupMs: number | null;
  toFirstInvokeMs: number | null;
  /** Init records seen (the middleware's init tree). */
  records: number;
  /** Where the init time came from. */
  initSources: { report: number; trace: number; middleware: number };
  /** Lambda's Initialization subsegment, averaged (X-Ray's view of the init phase). */
  avgTraceInitMs: number | null;
  customMarks: Map<string, Samples>;
  initRecords: InitRecord[];
}

/**
 * Cold-start phases: Lambda's Initialization subsegment, REPORT Init Duration, and the middleware's
 * init record (exclusive phases summing to the init time, first-call setup, gap to the first invoke).
 */
export function coldStartAnalyzer(): Analyzer<ColdStartResult> {
  const init = new Samples();
  const traceInit = new Samples();
  const phase = new Map<ColdStartPhaseName, Samples>(PHASES.map((p) => [p, new Samples()]));
  const setup = new Samples();
  const toFirst = new Samples();
  const customMarks = new Map<string, Samples>();
  const sources = { report: 0, trace: 0, middleware: 0 };
  const kept: InitRecord[] = [];
  let count = 0;
  let records = 0;
  return {
    id: 'cold-start',
    add(inv) {
      if (inv.coldStart !== true) return;
      count++;
      const rec = inv.profiler.init;
      if (inv.report?.initDurationMs != null) sources.report++;
      else if (inv.traceInitMs !== null) sources.trace++;
      else if (rec && typeof rec.durationMs === 'number') sources.middleware++;
      const initMs = inv.initMs ?? (rec && typeof rec.durationMs === 'number' ? rec.durationMs : null);
      if (initMs !== null) init.add(initMs);
      if (inv.traceInitMs !== null) traceInit.add(inv.traceInitMs);
      if (!rec || !Array.isArray(rec.phases)) return;
      records++;
      if (kept.length < 1000) kept.push(rec);
      for (const p of rec.phases) phase.get(p.name)?.add(p.ms);
      if (typeof rec.firstCallSetupMs === 'number') setup.add(rec.firstCallSetupMs);
      if (typeof rec.toFirstInvokeMs === 'number') toFirst.add(rec.toFirstInvokeMs);
      for (const m of rec.custom ?? []) {
        const s = customMarks.get(m.name) ?? new Samples();
        s.add(m.ms);
        customMarks.set(m.name, s);
      }
    },
    finish() {
      const avgInit = init.mean();
      const phaseTotal = PHASES.reduce((s, p) => s + (phase.get(p)!.mean() ?? 0), 0);
      // Shares are of the Init Duration the phases describe (the middleware's own total when no
      // REPORT line gave one), so they add up to 100 %.
      const base = records > 0 ? phaseTotal : 0;
      return {
        count,
        avgInitMs: roundOrNull(avgInit),
        p90InitMs: roundOrNull(init.percentile(90)),
        phases:
          records === 0
            ? []
            : PHASES.map((p) => {
                const avg = phase.get(p)!.mean();
                return { name: p, avgMs: roundOrNull(avg), pct: roundOrNull(avg === null ? null : pctOf(avg, base)) };
              }),
        firstCallSetupMs: roundOrNull(setup.mean()),
        toFirstInvokeMs: roundOrNull(toFirst.mean()),
        records,
        initSources: sources,
        avgTraceInitMs: roundOrNull(traceInit.mean()),
        customMarks,
        initRecords: kept,
      };
    },
  };
}
