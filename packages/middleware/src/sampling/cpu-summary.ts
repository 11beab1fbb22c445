import type { HotFunction } from '../contract/types.js';
import type { CallFrame, CpuProfile } from './inspector.js';
import { type Located, locate } from './locate.js';

/** Frames that are not the function's work: the tree's root, time spent waiting, the profiler's own stop call. */
const SKIP = new Set(['(root)', '(idle)']);
const skip = (f: CallFrame): boolean => SKIP.has(f.functionName) || f.url === 'node:inspector';

const frameKey = (f: CallFrame): string =>
  `${f.functionName}\u0000${f.url}\u0000${f.lineNumber}\u0000${f.columnNumber}`;

export interface CpuSummary {
  sampledMs: number;
  samples: number;
  /** The `limit` functions with the most self time, descending. */
  functions: HotFunction[];
}

const r3 = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * Top functions by self time. Each sample's weight is the time to the next sample (V8's `timeDeltas`),
 * the last one the average; a function's total time counts every sample with the function anywhere
 * on its stack, once per sample (recursion is not double counted).
 */
export function summarizeCpu(
  profile: CpuProfile,
  limit: number,
  name: (frame: CallFrame) => Located = locate,
): CpuSummary {
  const byId = new Map<number, CpuProfile['nodes'][number]>();
  for (const node of profile.nodes) byId.set(node.id, node);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const span = Math.max(0, profile.endTime - profile.startTime);
  const fallback = samples.length > 0 ? span / samples.length : 0;
  // Self time per node, µs.
  const selfUs = new Map<number, number>();
  let sampledUs = 0;
  for (let i = 0; i < samples.length; i++) {
    const next = deltas[i + 1];
    const weight = next !== undefined && next >= 0 ? next : fallback;
    const id = samples[i]!;
    const frame = byId.get(id)?.callFrame;
    if (!frame || skip(frame)) continue;
    selfUs.set(id, (selfUs.get(id) ?? 0) + weight);
    sampledUs += weight;
  }
  // Depth-first over the call tree, with the functions on the current path.
  const self = new Map<string, { frame: CallFrame; us: number; totalUs: number }>();
  const onPath = new Map<string, number>();
  const root = profile.nodes[0];
  const visit = (id: number): number => {
    const node = byId.get(id);
    if (!node) return 0;
    const key = frameKey(node.callFrame);
    const counted = !skip(node.callFrame);
    let entry = counted ? self.get(key) : undefined;
    if (counted && !entry) {
      entry = { frame: node.callFrame, us: 0, totalUs: 0 };
      self.set(key, entry);
    }
    const own = selfUs.get(id) ?? 0;
    if (entry) entry.us += own;
    const outer = onPath.get(key) ?? 0;
    onPath.set(key, outer + 1);
    let total = own;
    for (const child of node.children ?? []) total += visit(child);
    onPath.set(key, outer);
    // Only the outermost occurrence on a path adds its subtree (recursion counted once).
    if (entry && outer === 0) entry.totalUs += total;
    return total;
  };
  if (root) visit(root.id);
  // Named (source maps) only for the top `limit`: naming is the expensive part.
  const top = [...self.values()]
    .filter((e) => e.us > 0)
    .sort((a, b) => b.us - a.us || b.totalUs - a.totalUs)
    .slice(0, limit);
  const functions: HotFunction[] = top.map((entry) => {
    const where = name(entry.frame);
    return {
      name: where.name,
      location: where.location,
      package: where.package,
      selfMs: r3(entry.us / 1000),
      totalMs: r3(entry.totalUs / 1000),
      selfPct: sampledUs > 0 ? Math.round((entry.us / sampledUs) * 1000) / 10 : 0,
    };
  });
  return { sampledMs: r3(sampledUs / 1000), samples: samples.length, functions };
}
