import { Interner } from '../model/labels.js';
import { Samples } from '../model/stats.js';
import type { WorkNode } from '../model/types.js';
import type { Analyzer } from './types.js';

export interface OwnTimeResult {
  /** Traced invocations measured. */
  invocations: number;
  avgDurationMs: number | null;
  /** Average time on the critical path not spent waiting on a call (own code: CPU and event loop). */
  avgOwnMs: number | null;
  /** CPU-bound share (0–1): measured CPU time when the middleware recorded it, else own-time share. */
  cpuShare: number | null;
  cpuSource: 'middleware' | 'trace' | null;
  /** Nodes (handler subsegments, spans) by own critical time, most first. */
  hotNodes: { name: string; avgMs: number; invocations: number }[];
  /** Where critical-path time goes: calls by label, own code by node name. Sorted by total. */
  locations: CriticalLocation[];
}

export interface CriticalLocation {
  label: string;
  kind: 'call' | 'code';
  /** Total critical-path ms over all invocations. */
  totalCriticalMs: number;
  /** Average duration of one occurrence. */
  avgMs: number;
  invocations: number;
  occurrences: number;
}

const awsLabels = new Interner((service, operation, table) => [service, operation, table].filter(Boolean).join(' '));
/** `handler (own code)`, interned: one per node name, not one per node and invocation. */
const ownCodeLabels = new Interner((name) => `${name} (own code)`);

/** `DynamoDB GetItem states` for AWS calls (interned: one string per tuple), the service for HTTP. */
export function callLabel(c: {
  kind: 'aws' | 'http';
  service: string;
  operation: string | null;
  table: string | null;
}): string {
  if (c.kind === 'aws') return awsLabels.get(c.service, c.operation, c.table);
  return c.service;
}

/**
 * One invocation's own critical time by node name, names in first-seen order. Two arrays searched
 * linearly, emptied per invocation: an invocation has a few named nodes, and a Map cleared and
 * refilled per invocation cost ≈ 35 ms per 100,000 invocations.
 */
class OwnTimes {
  readonly names: string[] = [];
  readonly ms: number[] = [];
  /** Name → position, past 32 names (a large tree stays linear). */
  private index: Map<string, number> | null = null;

  /** Adds the own critical time of `node` and the nodes under it (calls excepted), by name. */
  add(node: WorkNode): void {
    if (!node.call && node.selfCriticalMs > 0) {
      const i = this.index ? (this.index.get(node.name) ?? -1) : this.names.indexOf(node.name);
      if (i === -1) {
        this.index?.set(node.name, this.names.length);
        this.names.push(node.name);
        this.ms.push(node.selfCriticalMs);
        if (this.index === null && this.names.length > 32) this.index = new Map(this.names.map((n, at) => [n, at]));
      } else this.ms[i]! += node.selfCriticalMs;
    }
    for (const child of node.children) this.add(child);
  }

  clear(): void {
    this.names.length = 0;
    this.ms.length = 0;
    this.index = null;
  }
}

/** Own-code time on the critical path, and the CPU-bound share right-sizing needs. */
export function ownTimeAnalyzer(): Analyzer<OwnTimeResult> {
  let n = 0;
  let duration = 0;
  let own = 0;
  let cpuN = 0;
  let cpu = 0;
  let cpuDuration = 0;
  const nodes = new Map<string, Samples>();
  const locations = new Map<
    string,
    {
      kind: 'call' | 'code';
      critical: number;
      duration: number;
      occurrences: number;
      invocations: number;
      last: number;
    }
  >();
  // Own critical time per node name of the current invocation (emptied per invocation).
  const perName = new OwnTimes();
  const loc = (label: string, kind: 'call' | 'code', critical: number, durationMs: number) => {
    let l = locations.get(label);
    if (!l) {
      l = { kind, critical: 0, duration: 0, occurrences: 0, invocations: 0, last: -1 };
      locations.set(label, l);
    }
    l.critical += critical;
    l.duration += durationMs;
    l.occurrences++;
    if (l.last !== n) {
      l.last = n;
      l.invocations++;
    }
  };
  return {
    id: 'own-time',
    add(inv) {
      if (!inv.root || inv.durationMs === null) return;
      const pathMs = inv.root.endMs - inv.root.startMs;
      if (!(pathMs > 0)) return;
      n++;
      let callMs = 0;
      for (const c of inv.calls) {
        callMs += c.criticalMs;
        loc(callLabel(c), 'call', c.criticalMs, c.durationMs);
      }
      duration += pathMs;
      own += Math.max(0, pathMs - callMs);
      const c = inv.profiler.invocation?.cpu;
      if (c && typeof c.userMs === 'number' && typeof c.systemMs === 'number') {
        cpuN++;
        cpu += c.userMs + c.systemMs;
        cpuDuration += inv.profiler.invocation?.durationMs ?? pathMs;
      }
      perName.clear();
      for (const child of inv.root.children) perName.add(child);
      for (let i = 0; i < perName.names.length; i++) {
        const name = perName.names[i]!;
        const ms = perName.ms[i]!;
        loc(ownCodeLabels.get(name, null, null), 'code', ms, ms);
        let s = nodes.get(name);
        if (!s) {
          s = new Samples(64);
          nodes.set(name, s);
        }
        s.add(ms);
      }
    },
    finish() {
      const cpuShare =
        cpuN > 0 && cpuDuration > 0 ? Math.min(1, cpu / cpuDuration) : n > 0 && duration > 0 ? own / duration : null;
      return {
        invocations: n,
        avgDurationMs: n > 0 ? duration / n : null,
        avgOwnMs: n > 0 ? own / n : null,
        cpuShare,
        cpuSource: cpuN > 0 ? 'middleware' : n > 0 ? 'trace' : null,
        hotNodes: [...nodes.entries()]
          .map(([name, s]) => ({ name, avgMs: s.sum() / Math.max(1, n), invocations: s.count }))
          .sort((a, b) => b.avgMs - a.avgMs || a.name.localeCompare(b.name))
          .slice(0, 10),
        locations: [...locations.entries()]
          .map(([label, l]) => ({
            label,
            kind: l.kind,
            totalCriticalMs: l.critical,
            avgMs: l.duration / l.occurrences,
            invocations: l.invocations,
            occurrences: l.occurrences,
          }))
          .sort((a, b) => b.totalCriticalMs - a.totalCriticalMs || a.label.localeCompare(b.label)),
      };
    },
  };
}
