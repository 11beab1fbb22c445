import { pctOf, roundOrNull } from '../model/stats.js';
import type { Invocation } from '../model/types.js';
import type { Analyzer } from './types.js';

export interface ErrorsResult {
  count: number;
  ratePct: number | null;
  timeouts: number;
  throttles: number;
  types: Map<string, number>;
  /** Max handler duration as a share of the timeout, when the timeout is known. */
  maxDurationMs: number | null;
}

/** Errors, timeouts and throttles (from REPORT status, log lines and trace fault flags). */
export function errorsAnalyzer(): Analyzer<ErrorsResult> {
  let count = 0;
  let timeouts = 0;
  let throttles = 0;
  let n = 0;
  let max: number | null = null;
  const types = new Map<string, number>();
  return {
    id: 'errors',
    add(inv: Invocation) {
      n++;
      if (inv.durationMs !== null && (max === null || inv.durationMs > max)) max = inv.durationMs;
      if (inv.throttle) throttles++;
      if (inv.timeout) timeouts++;
      if (inv.error || inv.fault || inv.timeout) {
        count++;
        const type = inv.timeout ? 'Sandbox.Timedout' : (inv.errorType ?? (inv.fault ? 'fault' : 'error'));
        types.set(type, (types.get(type) ?? 0) + 1);
      }
    },
    finish() {
      return { count, ratePct: roundOrNull(pctOf(count, n), 2), timeouts, throttles, types, maxDurationMs: max };
    },
  };
}
