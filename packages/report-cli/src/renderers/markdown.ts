import type { Impact, ProfilingReport, Recommendation } from '../contracts/report-types.js';
import { counted } from '../model/counted.js';
import { cell, mb, ms, NA, num, pct, seconds, table, usd } from './format.js';
import { heavyLine, hotFunctionsSection } from './hot-functions.js';
import { coldStartDiagram, serviceMapDiagram, timelineDiagram } from './mermaid.js';

const PHASE_LABELS: Record<string, string> = {
  runtime: 'Runtime initialization',
  imports: 'Module imports',
  'aws-sdk': 'AWS SDK initialization',
  custom: 'Custom initialization',
  other: 'Other (unattributed)',
};

function recLine(r: Recommendation, i: number): string {
  const saving = [
    r.savingsMs !== null ? `saves ${ms(r.savingsMs)} per affected invocation` : null,
    r.monthlySavingsUsd !== null ? `${usd(r.monthlySavingsUsd)}/month` : null,
  ]
    .filter(Boolean)
    .join(', ');
  const head = `${i + 1}. **${r.title}** (\`${r.id}\`)${saving ? ` — ${saving}` : ''}. See docs/recommendations.md#${r.id}.`;
  return [head, ...r.evidence.map((e) => `   - ${e}`)].join('\n');
}

function summary(r: ProfilingReport): string[] {
  const lines: string[] = [];
  const inv = r.latency.invocation;
  lines.push(
    `- **Latency:** avg ${ms(inv.avgMs)}, p50 ${ms(inv.p50Ms)}, p90 ${ms(inv.p90Ms)}, p99 ${ms(inv.p99Ms)} over ${counted(r.sample.invocations, 'invocation')}.`,
  );
  if (r.sample.coldStarts > 0)
    lines.push(
      `- **Cold starts:** ${r.sample.coldStarts} (${pct((r.sample.coldStarts / Math.max(1, r.sample.invocations)) * 100)}), init avg ${ms(r.coldStart.avgInitMs)}; cold invocations avg ${ms(r.latency.cold.avgMs)} vs warm ${ms(r.latency.warm.avgMs)}.`,
    );
  const top = r.bottlenecks[0];
  if (top) lines.push(`- **Biggest bottleneck:** ${top.name} — ${top.rootCause}.`);
  if (r.errors.count > 0)
    lines.push(
      `- **Errors:** ${r.errors.count} (${pct(r.errors.ratePct)}), ${counted(r.errors.timeouts, 'timeout')}, ${counted(r.errors.throttles, 'throttle')}.`,
    );
  const high = r.recommendations.filter((x) => x.priority === 'HIGH');
  if (high.length > 0) lines.push(`- **Fix first:** ${high.map((x) => x.title).join('; ')}.`);
  const e = r.expected.executionMs;
  if (e.from !== null && e.to !== null && e.to < e.from)
    lines.push(
      `- **Expected:** average execution ${ms(e.from)} → ${ms(e.to)} with the execution-time recommendations applied.`,
    );
  return lines;
}

function priorityBlock(r: ProfilingReport, priority: Impact, title: string): string[] {
  const recs = r.recommendations.filter((x) => x.priority === priority);
  return [`### ${title}`, '', recs.length > 0 ? recs.map(recLine).join('\n') : '_None._', ''];
}

/** The report as Markdown, in the DESIGN.md outline, with Mermaid diagrams. Pure. */
export function renderMarkdown(r: ProfilingReport): string {
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  const f = r.function;
  push(`# Lambda Profiling Report - ${f.name}`, '');
  push(`**Date:** ${r.generatedAt.slice(0, 10)}  `);
  push(`**Method:** ${r.method ?? r.source}  `);
  push(
    `**Sample Size:** ${counted(r.sample.invocations, 'invocation')} (${r.sample.traces} traced, ${counted(r.sample.coldStarts, 'cold start')})${r.sample.from ? `, ${r.sample.from} to ${r.sample.to}` : ''}  `,
  );
  push(
    `**Function:** ${f.name}, ${f.memoryMb !== null ? `${f.memoryMb} MB` : 'memory n/a'}, ${f.architecture ?? 'architecture n/a'}, timeout ${f.timeoutS !== null ? `${f.timeoutS} s` : NA}`,
    '',
  );

  push('## Executive Summary', '', ...summary(r), '');

  push('## Top 5 Bottlenecks', '');
  if (r.bottlenecks.length === 0) push('_No bottleneck found: the traces show no work on the critical path._', '');
  r.bottlenecks.forEach((b, i) => {
    push(
      `### ${i + 1}. ${b.name}`,
      '',
      `- **Location:** ${b.location}`,
      `- **Average Duration:** ${ms(b.avgMs)}`,
      `- **Frequency:** ${pct(b.frequencyPct)} of invocations`,
      `- **Root Cause:** ${b.rootCause}`,
      `- **Impact:** ${b.impact}`,
      `- **Optimization Potential:** ${b.savingsMs > 0 ? `${ms(b.savingsMs)} per affected invocation` : 'not estimated from the data'}`,
      '',
    );
  });

  push('## Invocation Latency', '');
  push(
    table(
      ['', 'Avg', 'P50', 'P90', 'P99'],
      (
        [
          ['All', r.latency.invocation],
          ['Cold', r.latency.cold],
          ['Warm', r.latency.warm],
        ] as const
      ).map(([name, s]) => [name, ms(s.avgMs), ms(s.p50Ms), ms(s.p90Ms), ms(s.p99Ms)]),
    ),
    '',
    `Errors: ${r.errors.count} (${pct(r.errors.ratePct)}), timeouts: ${r.errors.timeouts}, throttles: ${r.errors.throttles}.`,
    '',
  );

  push('## DynamoDB Analysis', '', '### Query Performance', '');
  if (r.dynamodb.operations.length === 0) push('_No DynamoDB calls in the traces._', '');
  else {
    const opportunity = (op: string, t: string) =>
      r.dynamodb.issues
        .filter((i) => i.table === t && (i.detail.includes(op) || i.id === 'dynamodb-parallelize'))
        .map((i) => i.id)
        .join(', ') || '—';
    push(
      table(
        ['Operation', 'Table', 'Count', 'Avg Duration', 'P90 Duration', 'Max', 'Optimization Opportunity'],
        r.dynamodb.operations.map((o) => [
          o.operation,
          o.table,
          String(o.count),
          ms(o.avgMs),
          ms(o.p90Ms),
          ms(o.maxMs),
          opportunity(o.operation, o.table),
        ]),
      ),
      '',
    );
  }
  push('### Identified Issues', '');
  const byKind = (ids: string[]) => r.dynamodb.issues.filter((i) => ids.includes(i.id));
  const issueLines = (ids: string[], none: string) => {
    const list = byKind(ids);
    return list.length > 0
      ? list.map((i) => `  - \`${i.id}\` ${i.detail}${i.savingsMs !== null ? `; saves ${ms(i.savingsMs)}` : ''}`)
      : [`  - ${none}`];
  };
  push(
    '- **Sequential queries:**',
    ...issueLines(['dynamodb-batch-reads', 'dynamodb-batch-writes', 'dynamodb-parallelize'], 'none found'),
    '- **Missing indexes (scans, filter-heavy queries):**',
    ...issueLines(['dynamodb-scan-to-query'], 'none found'),
    '- **Over-fetching:**',
    ...issueLines(
      ['dynamodb-projection'],
      r.dynamodb.operations.length > 0
        ? "none found (needs the middleware's instrumentAWSClient records)"
        : 'none found',
    ),
    '- **Slow and repeated calls:**',
    ...issueLines(['dynamodb-slow-operation', 'dynamodb-cache-reads', 'dynamodb-throttling'], 'none found'),
    '',
  );
  if (r.dynamodb.sequentialGroups.length > 0)
    push(
      table(
        ['Operation', 'Table', 'Calls per Invocation', 'Frequency', 'Saving'],
        r.dynamodb.sequentialGroups.map((g) => [
          g.operation,
          g.table,
          num(g.callsPerInvocation),
          pct(g.frequencyPct),
          ms(g.savingsMs),
        ]),
      ),
      '',
    );

  push('## External API Analysis', '', '### Latency Breakdown', '');
  if (r.externalApis.length === 0) push('_No external calls in the traces._', '');
  else {
    const optimization = (service: string) =>
      r.recommendations
        .filter((x) => x.id.startsWith('http-') && x.evidence.some((e) => e.includes(service)))
        .map((x) => x.id)
        .join(', ') || '—';
    push(
      table(
        ['Service', 'Host', 'Count', 'Avg', 'P50', 'P90', 'P99', 'Calls per Invocation', 'Error rate', 'Optimization'],
        r.externalApis.map((a) => [
          a.service,
          a.host,
          String(a.count),
          ms(a.avgMs),
          ms(a.p50Ms),
          ms(a.p90Ms),
          ms(a.p99Ms),
          num(a.callsPerInvocation),
          pct(a.errorRatePct),
          optimization(a.service),
        ]),
      ),
      '',
    );
    push('### Connection Patterns', '');
    const reuse = r.externalApis.filter((a) => a.connectionReusePct !== null);
    const has = (id: string) => r.recommendations.some((x) => x.id === id);
    push(
      `- [${reuse.length > 0 && !has('http-keep-alive') ? 'x' : ' '}] Connections reused (keep-alive)${reuse.length > 0 ? `: ${reuse.map((a) => `${a.service} ${pct(a.connectionReusePct)}`).join(', ')}` : ": unknown without the middleware's HTTP insight"}`,
      `- [${has('http-parallelize') ? ' ' : 'x'}] Independent calls run in parallel`,
      `- [${has('http-timeouts') ? ' ' : 'x'}] Client timeouts below the function timeout`,
      `- [${has('http-retries') ? ' ' : 'x'}] Few retries and throttles${
        r.externalApis.some((a) => a.retries !== null)
          ? `: ${r.externalApis
              .filter((a) => a.retries !== null)
              .map((a) => `${a.service} ${a.retries}`)
              .join(', ')}`
          : ''
      }`,
      '',
    );
  }

  const m = r.memory;
  push('## Memory Analysis', '');
  push(
    table(
      ['Average used', 'Peak used', 'Allocated', 'Utilization'],
      [[mb(m.avgUsedMb), mb(m.peakUsedMb), mb(m.allocatedMb), pct(m.utilizationPct)]],
    ),
    '',
  );
  if (m.leakSuspects.length > 0)
    push(
      '**Leak suspects** (growth per invocation after warm-up):',
      '',
      ...m.leakSuspects.map((l) => `- \`${l.environment}\`: +${l.growthMbPerInvocation} MB per invocation`),
      '',
    );
  else push('No execution environment grew steadily across its invocations.', '');
  push('**Memory-intensive operations:**', '');
  if (m.heavyOperations.length > 0) push(...m.heavyOperations.map(heavyLine), '');
  else push('- none recorded', '');
  if (r.rightSizing) {
    const rs = r.rightSizing;
    push(
      `**Right-sizing:** ${rs.recommendedMemoryMb === rs.currentMemoryMb ? `${rs.currentMemoryMb} MB is already the cheapest size within 10% of today's speed` : `${rs.currentMemoryMb} MB → ${rs.recommendedMemoryMb} MB`} (CPU-bound ${pct(rs.cpuBoundPct)}, predicted average${r.source === 'local' ? ' on Lambda (local CPU scaled to the memory size)' : ''} ${ms(rs.predictedAvgMs)}${rs.monthlySavingsUsd !== null && rs.recommendedMemoryMb !== rs.currentMemoryMb ? `, ${usd(rs.monthlySavingsUsd)}/month` : ''}).`,
      '',
    );
  }

  if (r.hotFunctions) push(...hotFunctionsSection(r.hotFunctions));

  const cs = r.coldStart;
  push('## Initialization Time Breakdown', '');
  if (cs.count === 0) push('_No cold starts in the sample._', '');
  else {
    const total = cs.avgInitMs;
    if (cs.phases.length > 0) {
      push(
        table(
          ['Phase', 'Avg', '% of cold start'],
          [
            ...cs.phases.map((p) => [PHASE_LABELS[p.name] ?? p.name, ms(p.avgMs), pct(p.pct)]),
            ['**Total Cold Start**', `**${ms(total)}**`, '100%'],
          ],
        ),
        '',
        coldStartDiagram(cs.phases),
        '',
      );
    } else
      push(
        `Total cold start (init): avg ${ms(total)}, p90 ${ms(cs.p90InitMs)} over ${counted(cs.count, 'cold start')}. Phases need the middleware's init record.`,
        '',
      );
    if (cs.firstCallSetupMs !== null || cs.toFirstInvokeMs !== null)
      push(
        `First AWS call setup (in the first invocation): ${ms(cs.firstCallSetupMs)}; gap from init to the first invocation: ${ms(cs.toFirstInvokeMs)}.`,
        '',
      );
  }
  push('### Import Analysis', '');
  const im = r.imports;
  if (im.count === null && im.totalMs !== null)
    // A total without modules: the EMF metric (see the notes), the traces gave no init record.
    push(
      `- **Total imports:** ${ms(im.totalMs)} (EMF \`ImportDuration\`; the modules and their timings need the traces)`,
      '',
    );
  else if (im.count === null)
    push('_Import timings not recorded (needs `NODE_OPTIONS="--import @lambda-profiler/middleware/register"`)._', '');
  else {
    const defer = r.recommendations
      .filter((x) => x.id === 'init-heavy-import' || x.id === 'init-lazy-load')
      .flatMap((x) => x.evidence);
    push(
      `- **Total imports:** ${counted(im.count, 'module')}, ${ms(im.totalMs)}`,
      `- **Largest import:** ${im.largest ? `${im.largest.module} (${ms(im.largest.ms)})` : NA}`,
      `- **Unnecessary imports (candidates to defer or drop):** ${defer.length > 0 ? defer.join('; ') : 'none stand out'}`,
      '',
    );
    if (im.modules.length > 0)
      push(
        table(
          ['Module', 'Avg (incl. children)', 'Self'],
          im.modules.map((x) => [`\`${cell(x.module)}\``, ms(x.ms), ms(x.selfMs)]),
        ),
        '',
      );
  }

  push('## Service Map', '');
  if (r.serviceMap.nodes.length === 0) push('_No traces: the service map needs X-Ray._', '');
  else push(serviceMapDiagram(r.serviceMap.nodes, r.serviceMap.edges), '');

  push('## Slowest Traces', '');
  if (r.slowestTraces.length === 0) push('_No traces._', '');
  else {
    push(
      table(
        ['Trace', 'Duration', 'Pattern'],
        r.slowestTraces.map((t) => [`\`${t.traceId}\``, ms(t.durationMs), t.pattern]),
      ),
      '',
    );
    if (r.slowestTracesShared && r.slowestTracesShared.length > 0)
      push('What they share:', '', ...r.slowestTracesShared.map((s) => `- ${s}`), '');
    const first = r.slowestTraces[0]!;
    if (first.timeline && first.timeline.length > 0) push(timelineDiagram(first.traceId, first.timeline), '');
  }

  const keys = Object.keys(r.breakdowns);
  if (keys.length > 0) {
    push('## Breakdown by Annotation', '');
    for (const key of keys)
      push(
        `### ${key}`,
        '',
        table(
          ['Value', 'Invocations', 'P50', 'P90'],
          r.breakdowns[key]!.map((b) => [b.value, String(b.invocations), ms(b.p50Ms), ms(b.p90Ms)]),
        ),
        '',
      );
  }

  push('## Recommendations Priority', '');
  push(
    ...priorityBlock(r, 'HIGH', 'High Priority'),
    ...priorityBlock(r, 'MEDIUM', 'Medium Priority'),
    ...priorityBlock(r, 'LOW', 'Low Priority'),
  );

  const ex = r.expected;
  push('## Expected Total Improvement', '');
  push(
    table(
      ['', 'Now', 'After'],
      [
        ['Cold start', seconds(ex.coldStartMs.from), seconds(ex.coldStartMs.to)],
        ['Execution (avg)', ms(ex.executionMs.from), ms(ex.executionMs.to)],
        ['Cost per month', usd(ex.monthlyCostUsd.from), usd(ex.monthlyCostUsd.to)],
      ],
    ),
    '',
  );
  if (r.pricing)
    push(
      `Prices: ${r.pricing.pricePerGbSecond} USD per GB-s, ${r.pricing.pricePerRequest} USD per request; volume ${r.pricing.invocationsPerMonth !== null ? `${num(r.pricing.invocationsPerMonth)} invocations/month (${r.pricing.invocationsPerMonthSource})` : NA}. Billing per 1 ms, init billed.`,
      '',
    );

  push('## Next Steps', '');
  const steps = r.recommendations.slice(0, 5).map((x, i) => `${i + 1}. ${x.title} (\`${x.id}\`).`);
  steps.push(
    `${steps.length + 1}. Apply the fixes, re-run \`lambda-profiler generate\` and compare with \`lambda-profiler compare before.json after.json\`.`,
  );
  push(...steps, '');

  if (r.notes.length > 0) push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
