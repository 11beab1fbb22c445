import type { LatencyStats } from '../contracts/report-types.js';
import { roundOrNull, Samples } from '../model/stats.js';
import type { Analyzer } from './types.js';

export interface LatencyResult {
  invocation: LatencyStats;
  cold: LatencyStats;
  warm: LatencyStats;
  invocations: number;
  traces: number;
  coldStarts: number;
  /** Invocations whose cold/warm state is unknown. */
  unknownColdState: number;
  fromMs: number | null;
  toMs: number | null;
  avgMs: number | null;
  /** Average billed milliseconds per invocation (handler rounded up to 1 ms, plus init on cold starts). */
  avgBilledMs: number | null;
  durations: Samples;
}

export function stats(s: Samples): LatencyStats {
  return {
    avgMs: roundOrNull(s.mean()),
    p50Ms: roundOrNull(s.percentile(50)),
    p90Ms: roundOrNull(s.percentile(90)),
    p99Ms: roundOrNull(s.percentile(99)),
  };
}

/** Invocation latency avg/p50/p90/p99, cold vs warm, sample size and time range. */
export function latencyAnalyzer(): Analyzer<LatencyResult> {
  const all = new Samples(1024);
  const cold = new Samples();
  const warm = new Samples();
  let invocations = 0;
  let traces = 0;
  let coldStarts = 0;
  let unknown = 0;
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  let billed = 0;
  let billedCount = 0;
  return {
    id: 'latency',
    add(inv) {
      invocations++;
      if (inv.hasTrace) traces++;
      if (inv.coldStart === true) coldStarts++;
      if (inv.coldStart === null) unknown++;
      const t = inv.startMs ?? inv.report?.timestampMs ?? null;
      if (t !== null) {
        if (t < from) from = t;
        const end = t + (inv.durationMs ?? 0);
        if (end > to) to = end;
      }
      if (inv.durationMs === null) return;
      all.add(inv.durationMs);
      if (inv.coldStart === true) cold.add(inv.durationMs);
      else if (inv.coldStart === false) warm.add(inv.durationMs);
      billed += Math.ceil(inv.durationMs) + (inv.coldStart && inv.initMs ? Math.ceil(inv.initMs) : 0);
      billedCount++;
    },
    finish() {
      return {
        invocation: stats(all),
        cold: stats(cold),
        warm: stats(warm),
        invocations,
        traces,
        coldStarts,
        unknownColdState: unknown,
        fromMs: Number.isFinite(from) ? from : null,
        toMs: Number.isFinite(to) ? to : null,
        avgMs: all.mean(),
        avgBilledMs: billedCount > 0 ? billed / billedCount : null,
        durations: all,
      };
    },
  };
}
