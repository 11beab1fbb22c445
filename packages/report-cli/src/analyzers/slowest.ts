import { PairMap } from '../model/labels.js';
import { round } from '../model/stats.js';
import type { Invocation, WorkNode } from '../model/types.js';
import type { Analyzer } from './types.js';

export interface TimelineRow {
  name: string;
  /** Offset from the handler start, ms. */
  startMs: number;
  durationMs: number;
  critical: boolean;
}

export interface SlowTraceEntry {
  traceId: string;
  durationMs: number;
  pattern: string;
  coldStart: boolean;
  initMs: number | null;
  contributors: string[];
  annotations: [string, string][];
  timeline: TimelineRow[];
}

export interface SlowestResult {
  traces: SlowTraceEntry[];
  /** What the slowest traces have in common. */
  shared: string[];
}

function label(node: WorkNode): string {
  const c = node.call;
  if (!c) return node.name;
  if (c.kind === 'aws') return [c.service, c.operation, c.table].filter(Boolean).join(' ');
  return c.service;
}

/** The biggest contributors to the critical path, merged by label. */
function contributors(root: WorkNode): [string, number, number][] {
  const by = new Map<string, [number, number]>();
  const visit = (n: WorkNode, depth: number) => {
    if (depth > 0 && n.selfCriticalMs > 0) {
      const key = n.call ? label(n) : `${n.name} (own code)`;
      const e = by.get(key) ?? [0, 0];
      e[0] += n.selfCriticalMs;
      e[1]++;
      by.set(key, e);
    }
    for (const c of n.children) visit(c, depth + 1);
  };
  visit(root, 0);
  return [...by.entries()].map(([k, [ms, n]]) => [k, ms, n] as [string, number, number]).sort((a, b) => b[1] - a[1]);
}

function timeline(root: WorkNode, max = 20): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const visit = (n: WorkNode, depth: number) => {
    if (rows.length >= max) return;
    if (depth > 0)
      rows.push({
        name: label(n),
        startMs: round(n.startMs - root.startMs),
        durationMs: round(n.endMs - n.startMs),
        critical: n.selfCriticalMs > 0 || (n.call?.criticalMs ?? 0) > 0,
      });
    for (const c of [...n.children].sort((a, b) => a.startMs - b.startMs)) visit(c, depth + 1);
  };
  visit(root, 0);
  return rows;
}

/** The 10 slowest traced invocations, each with its critical-path pattern, and what they share. */
export function slowestAnalyzer(limit = 10): Analyzer<SlowestResult> {
  const top: SlowTraceEntry[] = [];
  // How common each annotation value is overall, so only what sets the slowest apart is reported.
  const overall = new PairMap<{ n: number }>();
  let distinct = 0;
  let seen = 0;
  // One callback for every invocation: iterating the Map's entries made a pair per annotation.
  const count = (v: string, k: string): void => {
    const entry = overall.get(k, v);
    if (entry) entry.n++;
    else if (distinct < 2000) {
      distinct++;
      overall.set(k, v, { n: 1 });
    }
  };
  return {
    id: 'slowest-traces',
    add(inv: Invocation) {
      if (!inv.traceId || !inv.root || inv.durationMs === null) return;
      seen++;
      inv.annotations.forEach(count);
      // Kept only if the sort below puts it before the last kept one, so the list is the first
      // `limit` of all invocations in that order whatever order they came in. Comparing the raw
      // duration with the last one's rounded duration dropped some that round to it and whose trace
      // id sorts first, depending on what had come before.
      const last = top.length >= limit ? top[top.length - 1]! : null;
      // Clearly shorter (most invocations): out without rounding.
      if (last !== null && inv.durationMs < last.durationMs - 0.1) return;
      const d = round(inv.durationMs);
      if (
        last !== null &&
        !(d > last.durationMs || (d === last.durationMs && inv.traceId.localeCompare(last.traceId) < 0))
      )
        return;
      const parts = contributors(inv.root);
      const main = parts.slice(0, 3).map(([k, ms, n]) => `${k}${n > 1 ? ` ×${n}` : ''} ${Math.round(ms)} ms`);
      const pattern = [
        inv.coldStart ? `cold start${inv.initMs !== null ? ` (init ${Math.round(inv.initMs)} ms)` : ''}` : null,
        ...main,
      ]
        .filter(Boolean)
        .join('; ');
      top.push({
        traceId: inv.traceId,
        durationMs: d,
        pattern: pattern || 'no subsegments',
        coldStart: inv.coldStart === true,
        initMs: inv.initMs,
        contributors: parts.slice(0, 3).map(([k]) => k),
        annotations: [...inv.annotations.entries()],
        timeline: timeline(inv.root),
      });
      top.sort((a, b) => b.durationMs - a.durationMs || a.traceId.localeCompare(b.traceId));
      if (top.length > limit) top.pop();
    },
    finish() {
      const shared: string[] = [];
      const n = top.length;
      if (n >= 2) {
        const share = (k: number) => k / n >= 0.7;
        const cold = top.filter((t) => t.coldStart).length;
        if (share(cold)) shared.push(`${cold} of ${n} are cold starts`);
        const counts = new Map<string, number>();
        const overallOf = new Map<string, number>();
        for (const t of top)
          for (const [k, v] of t.annotations) {
            counts.set(`${k}=${v}`, (counts.get(`${k}=${v}`) ?? 0) + 1);
            overallOf.set(`${k}=${v}`, overall.get(k, v)?.n ?? 0);
          }
        for (const [kv, k] of [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
          if (share(k) && !kv.startsWith('ColdStart=') && (overallOf.get(kv) ?? 0) / Math.max(1, seen) <= k / n - 0.2)
            shared.push(
              `${k} of ${n} have ${kv} (${Math.round(((overallOf.get(kv) ?? 0) / Math.max(1, seen)) * 100)}% of all)`,
            );
        const main = new Map<string, number>();
        for (const t of top) for (const c of t.contributors.slice(0, 2)) main.set(c, (main.get(c) ?? 0) + 1);
        for (const [c, k] of [...main.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
          if (share(k)) shared.push(`${k} of ${n} spend most of their critical path in ${c}`);
      }
      return { traces: top, shared };
    },
  };
}
