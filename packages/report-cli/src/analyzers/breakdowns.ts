import type { BreakdownRow } from '../contracts/report-types.js';
import { roundOrNull, Samples } from '../model/stats.js';
import type { Analyzer } from './types.js';

/** Keys kept only when they group invocations (2 to `maxValues` distinct values). */
const SKIP = new Set(['Service', 'ProfilerVersion', 'InitDurationMs']);

/** Latency by annotation value (Platform, Scenario, ColdStart …: any annotation that groups). */
export function breakdownsAnalyzer(maxValues = 20): Analyzer<Record<string, BreakdownRow[]>> {
  const keys = new Map<string, Map<string, Samples> | null>();
  return {
    id: 'breakdowns',
    add(inv) {
      if (inv.durationMs === null) return;
      for (const [key, value] of inv.annotations) {
        if (SKIP.has(key)) continue;
        let values = keys.get(key);
        if (values === null) continue;
        if (!values) {
          values = new Map();
          keys.set(key, values);
        }
        let s = values.get(value);
        if (!s) {
          if (values.size >= maxValues) {
            keys.set(key, null); // too many values: an id, not a grouping
            continue;
          }
          s = new Samples(64);
          values.set(value, s);
        }
        s.add(inv.durationMs);
      }
    },
    finish() {
      const out: Record<string, BreakdownRow[]> = {};
      for (const key of [...keys.keys()].sort()) {
        const values = keys.get(key);
        if (!values || values.size < 2) continue;
        out[key] = [...values.entries()]
          .map(([value, s]) => ({
            value,
            invocations: s.count,
            p50Ms: roundOrNull(s.percentile(50)),
            p90Ms: roundOrNull(s.percentile(90)),
          }))
          .sort((a, b) => b.invocations - a.invocations || a.value.localeCompare(b.value));
      }
      return out;
    },
  };
}
