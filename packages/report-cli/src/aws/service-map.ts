import type { Service } from '@aws-sdk/client-xray';
import type { ServiceMapEdge, ServiceMapNode } from '../contracts/report-types.js';

const FUNCTION_TYPES = new Set(['AWS::Lambda', 'AWS::Lambda::Function']);

interface EdgeTotals {
  count: number;
  responseS: number;
  errors: number;
}

/**
 * X-Ray's service graph (GetServiceGraph, merged over the windows) reduced to the function's part:
 * the function's two nodes, what they call (transitively), and their direct callers. Nodes are keyed
 * by name + type, since ReferenceIds are per response. Counts and times are AWS's own, over all traces.
 */
export function serviceMapFromGraph(
  services: Service[],
  functionName: string,
): { nodes: ServiceMapNode[]; edges: ServiceMapEdge[] } {
  const keyOf = (s: Service) => `${s.Type ?? ''}|${s.Name ?? ''}`;
  const byRef = new Map<string, Service>();
  for (const s of services) if (s.ReferenceId !== undefined) byRef.set(`${s.ReferenceId}`, s);
  const nodes = new Map<string, ServiceMapNode>();
  const edges = new Map<string, EdgeTotals & { from: string; to: string }>();
  for (const s of services) {
    const from = keyOf(s);
    for (const edge of s.Edges ?? []) {
      const target = byRef.get(`${edge.ReferenceId}`);
      if (!target) continue;
      const to = keyOf(target);
      const stats = edge.SummaryStatistics;
      const total = edges.get(`${from}>${to}`) ?? { from, to, count: 0, responseS: 0, errors: 0 };
      total.count += stats?.TotalCount ?? 0;
      total.responseS += stats?.TotalResponseTime ?? 0;
      total.errors += (stats?.ErrorStatistics?.TotalCount ?? 0) + (stats?.FaultStatistics?.TotalCount ?? 0);
      edges.set(`${from}>${to}`, total);
    }
    nodes.set(from, { id: from, name: s.Name ?? '?', type: s.Type ?? 'unknown' });
  }
  // Downstream of the function's nodes, plus their direct callers.
  const keep = new Set(
    [...nodes.values()].filter((n) => n.name === functionName && FUNCTION_TYPES.has(n.type)).map((n) => n.id),
  );
  const roots = new Set(keep);
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of edges.values()) {
      if (keep.has(e.from) && !keep.has(e.to)) {
        keep.add(e.to);
        grew = true;
      }
    }
  }
  for (const e of edges.values()) if (roots.has(e.to)) keep.add(e.from);
  // Short, stable ids for the report: n0, n1, … in order of appearance.
  const ids = new Map<string, string>();
  const outNodes: ServiceMapNode[] = [];
  for (const n of nodes.values()) {
    if (!keep.has(n.id)) continue;
    ids.set(n.id, `n${ids.size}`);
    outNodes.push({ ...n, id: ids.get(n.id)! });
  }
  const outEdges: ServiceMapEdge[] = [];
  for (const e of edges.values()) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (!from || !to || e.count === 0) continue;
    outEdges.push({
      from,
      to,
      count: e.count,
      avgMs: Math.round((e.responseS / e.count) * 1000 * 10) / 10,
      errorRatePct: Math.round((e.errors / e.count) * 1000) / 10,
    });
  }
  return { nodes: outNodes, edges: outEdges };
}
