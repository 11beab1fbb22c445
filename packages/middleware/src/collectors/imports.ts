import { round3 } from '../clock.js';
import type { InitRecord, ModuleTiming, PackageTiming } from '../contract/types.js';

/** What the register entry stores per module: the contract fields plus two internal ones. */
export interface RawModuleTiming extends ModuleTiming {
  /** `performance.now()` when evaluation started. */
  startMs: number;
  /** Loaded from outside its package (a package entry point): its `ms` counts for the package. */
  entry: boolean;
}

const SDK_PACKAGE = /^@(aws-sdk|smithy|aws-crypto)\//;
const MAX_PACKAGES = 60;

/** Whether a package belongs to the AWS SDK v3 (its own time is the `aws-sdk` init phase). */
export function isSdkPackage(pkg: string): boolean {
  return SDK_PACKAGE.test(pkg);
}

function clean(m: ModuleTiming): ModuleTiming {
  const out: ModuleTiming = {
    module: m.module,
    package: m.package,
    format: m.format,
    ms: round3(m.ms),
    selfMs: round3(m.selfMs),
  };
  if (m.bytes !== undefined) out.bytes = m.bytes;
  return out;
}

/**
 * Bounded summary of the import table (`totalMs`: the import window's wall time): the `top` slowest modules (by own time) one by one, every
 * package as an aggregate (at most 60, the rest folded into `(other packages)`).
 */
export function summarizeImports(
  modules: readonly ModuleTiming[],
  top: number,
  /** Wall time of the import window; the own times of the files add up to less (ESM parse/link). */
  windowMs: number,
): InitRecord['imports'] {
  const raw = modules as readonly Partial<RawModuleTiming>[];
  const byPackage = new Map<string, PackageTiming>();
  let totalMs = 0;
  for (const m of raw as readonly RawModuleTiming[]) {
    totalMs += m.selfMs;
    let p = byPackage.get(m.package);
    if (!p) {
      p = { package: m.package, files: 0, ms: 0, selfMs: 0 };
      byPackage.set(m.package, p);
    }
    p.files++;
    p.selfMs += m.selfMs;
    if (m.bytes !== undefined) p.bytes = (p.bytes ?? 0) + m.bytes;
    if (m.entry !== false) p.ms += m.ms;
  }
  const sorted = [...modules].sort((a, b) => b.selfMs - a.selfMs || b.ms - a.ms);
  const listed = sorted.slice(0, top).map(clean);
  const packages = [...byPackage.values()].sort((a, b) => b.selfMs - a.selfMs);
  const kept = packages.slice(0, MAX_PACKAGES);
  const rest = packages.slice(MAX_PACKAGES);
  if (rest.length > 0) {
    kept.push({
      package: '(other packages)',
      files: rest.reduce((n, p) => n + p.files, 0),
      ms: rest.reduce((n, p) => n + p.ms, 0),
      selfMs: rest.reduce((n, p) => n + p.selfMs, 0),
      ...(rest.some((p) => p.bytes !== undefined) ? { bytes: rest.reduce((n, p) => n + (p.bytes ?? 0), 0) } : {}),
    });
  }
  return {
    source: 'register',
    count: modules.length,
    totalMs: round3(Math.max(totalMs, windowMs)),
    modules: listed,
    packages: kept.map((p) => ({ ...p, ms: round3(p.ms), selfMs: round3(p.selfMs) })),
    omitted: Math.max(0, modules.length - listed.length),
  };
}
