import type { AllocationSite } from '../contract/types.js';
import type { CallFrame, HeapProfileNode } from './inspector.js';
import { type Located, locate } from './locate.js';

export interface HeapSummary {
  totalBytes: number;
  /** The `limit` functions that allocated the most, descending. */
  sites: AllocationSite[];
}

/**
 * Built-in frames: V8 built-ins and native bindings (`structuredClone`, `JSON.stringify`,
 * `Array.prototype.map`, no url) and Node's own JavaScript (`node:` urls). The sampling heap profiler
 * charges an allocation to the innermost frame, so a deep clone would show as `structuredClone`
 * rather than as the application function that asked for it.
 */
function builtIn(frame: CallFrame): boolean {
  return !frame.url || frame.url.startsWith('node:');
}

/**
 * The profiler's own frames (its inspector messages allocate while the heap profile runs): by package
 * when installed from npm, by path in this repository's workspace layout (bundled from `packages/`).
 */
export function isProfilerOwn(where: Located): boolean {
  return (
    where.package === '@lambda-profiler/middleware' ||
    /(?:^|\/)packages\/middleware\/(?:src|dist)\//.test(where.location)
  );
}

const keyOf = (f: CallFrame): string => `${f.functionName}\u0000${f.url}\u0000${f.lineNumber}\u0000${f.columnNumber}`;

/**
 * Top allocation sites: the sampled bytes each function allocated itself, summed over its call paths.
 * Bytes allocated in built-in frames go to the nearest caller with a source file (application or
 * package code) on the allocation's stack; only stacks without one keep the built-in frame.
 */
export function summarizeHeap(
  head: HeapProfileNode,
  limit: number,
  name: (frame: CallFrame) => Located = locate,
): HeapSummary {
  const sites = new Map<string, { frame: CallFrame; bytes: number }>();
  let total = 0;
  // Each entry carries the nearest non-built-in ancestor frame (or null above the first one).
  const stack: { node: HeapProfileNode; caller: CallFrame | null }[] = [{ node: head, caller: null }];
  while (stack.length > 0) {
    const { node, caller } = stack.pop()!;
    const own = builtIn(node.callFrame) ? caller : node.callFrame;
    for (const child of node.children ?? []) stack.push({ node: child, caller: own });
    if (node.selfSize <= 0) continue;
    total += node.selfSize;
    const f = own ?? node.callFrame;
    const key = keyOf(f);
    const site = sites.get(key);
    if (site) site.bytes += node.selfSize;
    else sites.set(key, { frame: f, bytes: node.selfSize });
  }
  const out: AllocationSite[] = [];
  for (const s of [...sites.values()].sort((a, b) => b.bytes - a.bytes)) {
    if (out.length >= limit) break;
    const where = name(s.frame);
    // Profiling overhead, not the function's: left out of the sites (still in the total).
    if (isProfilerOwn(where)) continue;
    out.push({
      name: where.name,
      location: where.location,
      package: where.package,
      bytes: s.bytes,
      pct: total > 0 ? Math.round((s.bytes / total) * 1000) / 10 : 0,
    });
  }
  out.sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
  return { totalBytes: total, sites: out };
}
