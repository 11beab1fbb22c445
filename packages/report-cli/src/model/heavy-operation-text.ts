import type { HeavyOperation } from '../contracts/report-types.js';

/** `, GC pauses 7.5 ms` when the middleware recorded the operation's GC pauses (sampled spans). */
export function gcPart(h: HeavyOperation): string {
  return typeof h.gcPauseMs === 'number' && h.gcPauseMs > 0 ? `, GC pauses ${h.gcPauseMs} ms` : '';
}
