import type { Architecture, LatencyStats, ProfilingReport } from '../contracts/report-types.js';
import type { AwsDownload } from './download.js';
import { serviceMapFromGraph } from './service-map.js';
import type { LatencyFigures } from './types.js';

/** Logs Insights: $0.005 per GB scanned; X-Ray: $0.50 per million traces retrieved or scanned (us-east-1). */
export const QUERY_PRICES = { insightsPerGb: 0.005, xrayPerMillionTraces: 0.5 } as const;
/** Lambda duration per GB-s by architecture and $ per request (us-east-1, first tier; formats.md §7). */
const LAMBDA_PRICES = { x86_64: 0.0000166667, arm64: 0.0000133334, perRequest: 0.2 / 1e6 } as const;
const MONTH_MS = 30 * 24 * 3_600_000;

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

function stats(figures: LatencyFigures | null, fallback: LatencyStats): LatencyStats {
  if (!figures || figures.invocations === 0) return fallback;
  return {
    avgMs: round1(figures.avgMs),
    p50Ms: round1(figures.p50Ms),
    p90Ms: round1(figures.p90Ms),
    p99Ms: round1(figures.p99Ms),
  };
}

function architectureOf(download: AwsDownload): Architecture | null {
  const arch = download.configuration?.Architectures?.[0];
  return arch === 'arm64' || arch === 'x86_64' ? arch : null;
}

/**
 * Puts what only AWS knows onto a report generated from the downloaded traces and logs: the
 * function's configuration, the whole-population REPORT figures from Logs Insights (AWS's own,
 * marked in notes), X-Ray's service graph, and what the queries scanned. Everything else in the
 * report (DynamoDB, external APIs, phases, bottlenecks, recommendations) stays from the sampled traces.
 * Returns a new report; the input is not changed.
 */
export function applyAwsFacts(input: ProfilingReport, download: AwsDownload): ProfilingReport {
  const report = structuredClone(input);
  const { manifest, configuration, population } = download;
  report.source = 'aws';
  // The report's own values win: generate got the configuration (or the user's overrides) already.
  report.function = {
    name: manifest.function,
    memoryMb: report.function.memoryMb ?? configuration?.MemorySize ?? population?.memorySizeMb ?? null,
    architecture: report.function.architecture ?? architectureOf(download),
    timeoutS: report.function.timeoutS ?? configuration?.Timeout ?? null,
  };
  report.sample.from = manifest.from;
  report.sample.to = manifest.to;
  report.sample.traces = manifest.counts.traces;
  const notes: string[] = [];
  if (population && population.invocations > 0) {
    report.sample.invocations = population.invocations;
    report.sample.coldStarts = population.coldStarts;
    report.latency = {
      invocation: stats(population.latency, report.latency.invocation),
      cold: stats(population.cold, report.latency.cold),
      warm: stats(population.warm, report.latency.warm),
    };
    report.coldStart.count = population.coldStarts;
    report.coldStart.avgInitMs = round1(population.avgInitMs) ?? report.coldStart.avgInitMs;
    report.coldStart.p90InitMs = round1(population.p90InitMs) ?? report.coldStart.p90InitMs;
    report.errors.timeouts = population.timeouts;
    const allocated = report.function.memoryMb;
    report.memory.allocatedMb = allocated;
    report.memory.avgUsedMb = round1(population.avgMemoryUsedMb) ?? report.memory.avgUsedMb;
    report.memory.peakUsedMb = round1(population.peakMemoryUsedMb) ?? report.memory.peakUsedMb;
    if (allocated && report.memory.peakUsedMb !== null) {
      report.memory.utilizationPct = round1(Math.min(100, (report.memory.peakUsedMb / allocated) * 100));
    }
    const gb = population.statistics.bytesScanned / 1e9;
    notes.push(
      `Whole population (AWS's own figures, computed server-side by CloudWatch Logs Insights over ` +
        `${population.invocations} REPORT lines in ${population.logGroup}, ${manifest.from} – ${manifest.to}): ` +
        'invocation count, latency avg/p50/p90/p99 (all, cold, warm), cold starts, init duration avg/p90, ' +
        'memory used avg/peak, timeouts.',
      `Logs Insights scanned ${(population.statistics.bytesScanned / 1e6).toFixed(1)} MB ` +
        `(${population.statistics.recordsScanned} records; ≈ $${(gb * QUERY_PRICES.insightsPerGb).toFixed(4)} ` +
        `at $${QUERY_PRICES.insightsPerGb}/GB).`,
    );
    const arch = report.function.architecture ?? 'x86_64';
    if (population.billedMsTotal !== null && allocated) {
      const windowMs = Date.parse(manifest.to) - Date.parse(manifest.from);
      const cost =
        (population.billedMsTotal / 1000) * (allocated / 1024) * LAMBDA_PRICES[arch] +
        population.invocations * LAMBDA_PRICES.perRequest;
      notes.push(
        `At the observed rate, Lambda bills about $${((cost * MONTH_MS) / windowMs).toFixed(2)}/month for this ` +
          `function (billed duration of every REPORT line in the window, ${arch} us-east-1 prices; X-Ray and ` +
          'CloudWatch costs excluded).',
      );
    }
  } else {
    notes.push('No Logs Insights figures: every figure comes from the sampled traces and their REPORT lines.');
  }
  notes.push(
    `Sampled (${manifest.counts.traces} X-Ray traces of ${manifest.counts.traceSummaries} matching ` +
      `\`${manifest.filterExpression}\`, with their ${manifest.counts.logEvents} REPORT/EMF lines): DynamoDB, ` +
      'external APIs, cold-start phases, imports, slowest traces, bottlenecks and recommendations.',
    `X-Ray scanned ${manifest.counts.tracesProcessed} traces and ${manifest.counts.traces} were retrieved ` +
      `(≈ $${(((manifest.counts.tracesProcessed + manifest.counts.traces) / 1e6) * QUERY_PRICES.xrayPerMillionTraces).toFixed(4)} ` +
      `at $${QUERY_PRICES.xrayPerMillionTraces} per million beyond the free tier).`,
  );
  if (download.services.length > 0) {
    const map = serviceMapFromGraph(download.services, manifest.function);
    if (map.nodes.length > 0) {
      report.serviceMap = map;
      notes.push("Service map: X-Ray's own service graph (GetServiceGraph) over every trace in the window.");
    }
  }
  report.notes = [...report.notes, ...manifest.notes, ...notes];
  return report;
}
