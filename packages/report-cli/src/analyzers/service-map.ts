import type { ServiceMapEdge, ServiceMapNode } from '../contracts/report-types.js';
import { Interner } from '../model/labels.js';
import { pctOf, round } from '../model/stats.js';
import type { Analyzer } from './types.js';

export interface ServiceMapResult {
  nodes: ServiceMapNode[];
  edges: ServiceMapEdge[];
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'node'
  );
}

/** Caller → Lambda service → function → dependencies, with counts, average latency and error rates. */
export function serviceMapAnalyzer(functionName: () => string): Analyzer<ServiceMapResult> {
  const nodes = new Map<string, ServiceMapNode>();
  // Count and running sum, not every sample: an edge reports only its count and mean (one edge
  // sample per downstream call: ≈ 460,000 kept numbers at 100,000 invocations).
  const edges = new Map<string, { from: string; to: string; count: number; sum: number; errors: number }>();
  const node = (id: string, name: string, type: string) => {
    if (!nodes.has(id)) nodes.set(id, { id, name, type });
    return id;
  };
  const edge = (from: string, to: string, ms: number, error: boolean, edgeKey?: string) => {
    const key = edgeKey ?? `${from}>${to}`;
    let e = edges.get(key);
    if (!e) {
      e = { from, to, count: 0, sum: 0, errors: 0 };
      edges.set(key, e);
    }
    // As Samples.add: a non-finite duration is not a sample.
    if (Number.isFinite(ms)) {
      e.count++;
      e.sum += ms;
    }
    if (error) e.errors++;
  };
  const callNodes = new Interner((kind, service, table) => {
    const name = kind === 'aws' && table ? `${service} ${table}` : service;
    const id = node(`${kind}-${slug(name)}`, name, kind === 'aws' ? `AWS::${service}` : 'remote');
    return { id, edgeKey: `function>${id}` };
  });
  return {
    id: 'service-map',
    add(inv) {
      if (!inv.hasTrace) return;
      const fn = node('function', functionName(), 'AWS::Lambda::Function');
      // upstream[0] is the Lambda service segment, upstream[1] its caller.
      const [service, caller] = inv.upstream;
      if (service) {
        const sid = node('lambda-service', service.name, 'AWS::Lambda');
        edge(sid, fn, inv.durationMs ?? 0, inv.error || inv.fault);
        if (caller) {
          const cid = node(`caller-${slug(caller.name)}`, caller.name, caller.origin);
          edge(cid, sid, service.durationMs, service.error);
        }
      } else {
        const cid = node('client', 'client', 'client');
        edge(cid, fn, inv.durationMs ?? 0, inv.error || inv.fault);
      }
      for (const c of inv.calls) {
        const target = callNodes.get(c.kind, c.service, c.kind === 'aws' ? c.table : null);
        edge(fn, target.id, c.durationMs, c.error || c.fault || c.throttle, target.edgeKey);
      }
    },
    finish() {
      return {
        nodes: [...nodes.values()].sort((a, b) => a.id.localeCompare(b.id)),
        edges: [...edges.values()]
          .map((e) => ({
            from: e.from,
            to: e.to,
            count: e.count,
            // round(null) was 0 for an edge without a finite sample.
            avgMs: round(e.count === 0 ? 0 : e.sum / e.count),
            errorRatePct: round(pctOf(e.errors, e.count) ?? 0),
          }))
          .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
      };
    },
  };
}
