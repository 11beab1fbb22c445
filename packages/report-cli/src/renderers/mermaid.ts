import type { ColdStartPhase, ServiceMapEdge, ServiceMapNode, TimelineEntry } from '../contracts/report-types.js';

/** Text inside a Mermaid label: quotes and brackets would end it. */
function label(text: string): string {
  return (
    text
      .replace(/["[\]{}|<>]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80) || '?'
  );
}

function nodeId(id: string): string {
  return `n_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** Service map as a left-to-right flowchart; edges carry call count and average latency. */
export function serviceMapDiagram(nodes: ServiceMapNode[], edges: ServiceMapEdge[]): string {
  const lines = ['```mermaid', 'graph LR'];
  for (const n of nodes) {
    const text = `${label(n.name)}<br/>${label(n.type)}`;
    lines.push(n.type === 'AWS::Lambda::Function' ? `  ${nodeId(n.id)}[["${text}"]]` : `  ${nodeId(n.id)}["${text}"]`);
  }
  for (const e of edges) {
    const err = e.errorRatePct > 0 ? `, ${e.errorRatePct}% err` : '';
    lines.push(`  ${nodeId(e.from)} -->|"${e.count} × ${e.avgMs} ms${err}"| ${nodeId(e.to)}`);
  }
  lines.push('```');
  return lines.join('\n');
}

/** Cold-start phases as a pie of average milliseconds. */
export function coldStartDiagram(phases: ColdStartPhase[]): string {
  const lines = ['```mermaid', 'pie showData title Cold start phases (avg ms)'];
  for (const p of phases) if ((p.avgMs ?? 0) > 0) lines.push(`  "${label(p.name)}" : ${p.avgMs}`);
  lines.push('```');
  return lines.join('\n');
}

/** The slowest trace's timeline as a Gantt chart in milliseconds from the handler start. */
export function timelineDiagram(traceId: string, rows: TimelineEntry[]): string {
  const lines = [
    '```mermaid',
    'gantt',
    `  title Slowest trace ${traceId} (ms from handler start)`,
    '  dateFormat x',
    '  axisFormat %S.%L s',
  ];
  lines.push('  section critical path and work');
  rows.forEach((r, i) => {
    const start = Math.max(0, Math.round(r.startMs));
    const end = Math.max(start + 1, Math.round(r.startMs + r.durationMs));
    lines.push(
      `  ${label(r.name).replace(/[:#;]/g, ' ').trim()} :${r.critical ? 'crit, ' : ''}t${i}, ${start}, ${end}`,
    );
  });
  lines.push('```');
  return lines.join('\n');
}
