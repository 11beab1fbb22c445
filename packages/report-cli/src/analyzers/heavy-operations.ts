import type { HeavyOperation } from '../contracts/report-types.js';
import { round } from '../model/stats.js';
import { RUNTIME_PACKAGES } from './hot-functions.js';
import type { Analyzer } from './types.js';

const MB = 1024 * 1024;

export interface HeavyOperationsOptions {
  /** Average bytes allocated per profiled invocation that ran it (MB) above which a function is memory-heavy. */
  minAllocatedMb: number;
}

/**
 * Memory-intensive operations from the sampled heap profiles: the functions that allocate the most
 * per profiled invocation they ran in (V8's sampling heap profiler counts collected objects too, so string
 * building in a loop and deep copies show even when little stays alive).
 */
export function heavyOperationsAnalyzer(options: Partial<HeavyOperationsOptions> = {}): Analyzer<HeavyOperation[]> {
  // Half a megabyte per invocation that ran it: a deep clone of a few tens of KB of state per step
  // (botflow's applyTurn) lands at 0.6–1.3 MB with the 32 KiB sampling interval.
  const minAllocatedMb = options.minAllocatedMb ?? 0.5;
  const sites = new Map<string, { name: string; location: string; bytes: number; count: number }>();
  let profiles = 0;
  return {
    id: 'heavy-operations',
    add(inv) {
      const heap = inv.profiler.profile?.heap;
      if (!heap || !Array.isArray(heap.sites)) return;
      profiles++;
      for (const s of heap.sites) {
        if (typeof s?.name !== 'string' || typeof s.bytes !== 'number' || RUNTIME_PACKAGES.has(String(s.package)))
          continue;
        const key = `${s.name}\u0000${s.location}`;
        const site = sites.get(key) ?? { name: s.name, location: String(s.location), bytes: 0, count: 0 };
        site.bytes += s.bytes;
        site.count++;
        sites.set(key, site);
      }
    },
    finish() {
      if (profiles === 0) return [];
      return [...sites.values()]
        .map((s) => ({
          name: s.name,
          location: s.location,
          heapDeltaMb: null,
          // Per profiled invocation it allocated in, not per profile: a deep clone on one request type
          // in three is as heavy when it runs as one on every request.
          allocatedMb: round(s.bytes / s.count / MB, 2),
          count: s.count,
        }))
        .filter((h) => h.allocatedMb >= minAllocatedMb)
        .sort((a, b) => b.allocatedMb - a.allocatedMb || a.name.localeCompare(b.name))
        .slice(0, 10);
    },
  };
}
