import type { HotFunctionRow, HotFunctionsSection } from '../contracts/report-types.js';
import { round, roundOrNull } from '../model/stats.js';
import type { Analyzer } from './types.js';

/** Runtime frames: listed, but never the function a recommendation points at. */
export const RUNTIME_PACKAGES = new Set(['(v8)', '(node)', '(webpack)', '(unknown)']);

const MAX_ROWS = 15;

/**
 * Hot functions from the sampled CPU profiles (`profileRate`, `slowMs`): per function, its average
 * self time per profiled invocation and its share of all sampled CPU time. Null without profiles.
 */
export function hotFunctionsAnalyzer(): Analyzer<HotFunctionsSection | null> {
  const rows = new Map<
    string,
    { row: Omit<HotFunctionRow, 'avgSelfMs' | 'avgTotalMs' | 'selfPct'>; self: number; total: number }
  >();
  let profiles = 0;
  let sampledMs = 0;
  let overheadMs = 0;
  return {
    id: 'hot-functions',
    add(inv) {
      const profile = inv.profiler.profile;
      if (!profile || typeof profile !== 'object') return;
      overheadMs += typeof profile.overheadMs === 'number' ? profile.overheadMs : 0;
      const cpu = profile.cpu;
      if (!cpu || !Array.isArray(cpu.functions)) return;
      profiles++;
      sampledMs += typeof cpu.sampledMs === 'number' ? cpu.sampledMs : 0;
      for (const f of cpu.functions) {
        if (typeof f?.name !== 'string' || typeof f.selfMs !== 'number') continue;
        const key = `${f.name}\u0000${f.location}`;
        let entry = rows.get(key);
        if (!entry) {
          entry = {
            row: { name: f.name, location: String(f.location), package: String(f.package), profiles: 0 },
            self: 0,
            total: 0,
          };
          rows.set(key, entry);
        }
        entry.row.profiles++;
        entry.self += f.selfMs;
        entry.total += typeof f.totalMs === 'number' ? f.totalMs : f.selfMs;
      }
    },
    finish() {
      if (profiles === 0) return null;
      const functions: HotFunctionRow[] = [...rows.values()]
        .map((e) => ({
          ...e.row,
          avgSelfMs: round(e.self / profiles, 2),
          avgTotalMs: round(e.total / profiles, 2),
          selfPct: sampledMs > 0 ? round((e.self / sampledMs) * 100, 1) : 0,
        }))
        .sort(
          (a, b) => b.avgSelfMs - a.avgSelfMs || a.name.localeCompare(b.name) || a.location.localeCompare(b.location),
        )
        .slice(0, MAX_ROWS);
      return {
        profiles,
        avgSampledMs: roundOrNull(sampledMs / profiles),
        avgOverheadMs: roundOrNull(overheadMs / profiles),
        functions,
      };
    },
  };
}
