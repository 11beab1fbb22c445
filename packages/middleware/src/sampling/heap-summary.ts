import type { AllocationSite } from '../contract/types.js';
import type { CallFrame, HeapProfileNode } from './inspector.js';
import { type Located, locate } from './locate.js';

export interface HeapSummary {
  totalBytes: number;
  /** The `limit` functions that allocated the most, descending. */
  sites: AllocationSite[];
}

/** Top allocation sites: the sampled bytes each function allocated itself, summed over its call paths. */
export function summarizeHeap(
  head: HeapProfileNode,
  limit: number,
  name: (frame: CallFrame) => Located = locate,
): HeapSummary {
  const sites = new Map<string, { frame: CallFrame; bytes: number }>();
  let total = 0;
  const stack: HeapProfileNode[] = [head];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const child of node.children ?? []) stack.push(child);
    if (node.selfSize <= 0) continue;
    total += node.selfSize;
    const f = node.callFrame;
    const key = `${f.functionName}\u0000${f.url}\u0000${f.lineNumber}\u0000${f.columnNumber}`;
    const site = sites.get(key);
    if (site) site.bytes += node.selfSize;
    else sites.set(key, { frame: f, bytes: node.selfSize });
  }
  const top = [...sites.values()].sort((a, b) => b.bytes - a.bytes).slice(0, limit);
  const out: AllocationSite[] = top.map((s) => {
    const where = name(s.frame);
    return {
      name: where.name,
      location: where.location,
      package: where.package,
      bytes: s.bytes,
      pct: total > 0 ? Math.round((s.bytes / total) * 1000) / 10 : 0,
    };
  });
  out.sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
  return { totalBytes: total, sites: out };
}
