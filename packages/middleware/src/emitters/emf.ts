import { METRICS } from '../contract/names.js';
import type { InitRecord, InvocationRecord } from '../contract/types.js';
import type { MetricsLike } from '../structural-types.js';

/** Powertools' `logMetrics` keeps its flush function here: when present, it flushes after us. */
export const POWERTOOLS_METRICS_KEY = 'powertools-for-aws.metrics';

// Unit strings of CloudWatch (Powertools' MetricUnit values).
const MEGABYTES = 'Megabytes' as never;
const MILLISECONDS = 'Milliseconds' as never;

/**
 * The profiler's EMF metrics, added to the application's Metrics instance so they travel in the
 * same flush; no dimensions of our own (Powertools' default `service` only).
 */
export function addInvocationMetrics(metrics: MetricsLike, record: InvocationRecord): void {
  if (record.memory.heapUsedEndMb !== undefined)
    metrics.addMetric(METRICS.memoryUsed, MEGABYTES, record.memory.heapUsedEndMb);
  metrics.addMetric(METRICS.peakMemory, MEGABYTES, record.memory.peakRssMb);
  if (record.heapGrowthMb !== undefined) metrics.addMetric(METRICS.heapGrowth, MEGABYTES, record.heapGrowthMb);
}

/** Init metrics, on cold starts only. `ImportDuration` only when the register entry timed imports. */
export function addInitMetrics(metrics: MetricsLike, init: InitRecord): void {
  metrics.addMetric(METRICS.initDuration, MILLISECONDS, init.durationMs);
  if (init.imports.source === 'register') metrics.addMetric(METRICS.importDuration, MILLISECONDS, init.imports.totalMs);
}
