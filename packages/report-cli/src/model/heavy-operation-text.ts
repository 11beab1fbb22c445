import type { HeavyOperation } from '../contracts/report-types.js';

/** `, GC pauses 7.5 ms` when the middleware recorded the operation's GC pauses (sampled spans). */
export function gcPart(h: HeavyOperation): string {
  return typeof h.gcPauseMs === 'number' && h.gcPauseMs > 0 ? `, GC pauses ${h.gcPauseMs} ms` : '';
}

/** `heap +9 MB` / `heap -4.36 MB`: a span can free more than it allocates (its GC pauses made it heavy). */
export function heapChange(h: HeavyOperation): string {
  const delta = h.heapDeltaMb ?? 0;
  return `heap ${delta < 0 ? '-' : '+'}${Math.abs(delta)} MB`;
}
