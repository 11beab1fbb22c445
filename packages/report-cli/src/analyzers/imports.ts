import type { ImportModule } from '../contracts/report-types.js';
import { roundOrNull, Samples } from '../model/stats.js';
import type { Analyzer } from './types.js';

export interface ImportsResult {
  count: number | null;
  totalMs: number | null;
  largest: { module: string; ms: number } | null;
  modules: ImportModule[];
  /** `bytes`: the package's bytes in the bundle, when the function was bundled with the init plugin. */
  packages: { package: string; files: number; ms: number; selfMs: number; bytes: number | null }[];
  /** Whether the register entry timed imports (else the numbers are null). */
  measured: boolean;
  omitted: number;
}

interface Acc {
  ms: Samples;
  self: Samples;
  files?: Samples;
  bytes?: number;
}

function acc(map: Map<string, Acc>, key: string): Acc {
  let a = map.get(key);
  if (!a) {
    a = { ms: new Samples(4), self: new Samples(4), files: new Samples(4) };
    map.set(key, a);
  }
  return a;
}

/** Import timings from the middleware's init record (`--import @lambda-profiler/middleware/register`). */
export function importsAnalyzer(maxModules = 15): Analyzer<ImportsResult> {
  const count = new Samples();
  const total = new Samples();
  const modules = new Map<string, Acc>();
  const packages = new Map<string, Acc>();
  let omitted = 0;
  return {
    id: 'imports',
    add(inv) {
      const imports = inv.profiler.init?.imports;
      // `bundle`: timed inside a bundle by the esbuild/webpack plugin's markers.
      if (imports?.source !== 'register' && imports?.source !== 'bundle') return;
      count.add(imports.count);
      total.add(imports.totalMs);
      omitted = Math.max(omitted, imports.omitted ?? 0);
      for (const m of imports.modules ?? []) {
        const a = acc(modules, m.module);
        a.ms.add(m.ms);
        a.self.add(m.selfMs);
      }
      for (const p of imports.packages ?? []) {
        const a = acc(packages, p.package);
        a.ms.add(p.ms);
        a.self.add(p.selfMs);
        a.files!.add(p.files);
        if (typeof p.bytes === 'number') a.bytes = Math.max(a.bytes ?? 0, p.bytes);
      }
    },
    finish() {
      const list = [...modules.entries()]
        .map(([module, a]) => ({ module, ms: roundOrNull(a.ms.mean()) ?? 0, selfMs: roundOrNull(a.self.mean()) ?? 0 }))
        .sort((a, b) => b.ms - a.ms || a.module.localeCompare(b.module));
      const pk = [...packages.entries()]
        .map(([name, a]) => ({
          package: name,
          files: Math.round(a.files!.mean() ?? 0),
          ms: roundOrNull(a.ms.mean()) ?? 0,
          selfMs: roundOrNull(a.self.mean()) ?? 0,
          bytes: a.bytes ?? null,
        }))
        .sort((a, b) => b.ms - a.ms || a.package.localeCompare(b.package));
      const measured = count.count > 0;
      const top = list[0];
      return {
        count: measured ? Math.round(count.mean()!) : null,
        totalMs: roundOrNull(total.mean()),
        largest: top ? { module: top.module, ms: top.ms } : null,
        modules: list.slice(0, maxModules),
        packages: pk.slice(0, maxModules),
        measured,
        omitted,
      };
    },
  };
}
