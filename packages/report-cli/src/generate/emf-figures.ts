import { METRICS } from '@lambda-profiler/middleware/contract';
import type { ColdStartResult } from '../analyzers/cold-start.js';
import type { ImportsResult } from '../analyzers/imports.js';
import type { MemoryResult } from '../analyzers/memory.js';
import { counted } from '../model/counted.js';
import { pctOf, roundOrNull, type Samples } from '../model/stats.js';

/** The analyses' results the middleware's EMF metrics can complete. */
export interface EmfTargets {
  coldStart: ColdStartResult;
  imports: ImportsResult;
  memory: MemoryResult;
}

/**
 * Fills the figures the traces and REPORT lines left unknown from the middleware's EMF metrics
 * (`InitDuration`, `ImportDuration` on cold starts; `PeakMemory` on sampled invocations), and returns
 * a note for each figure filled. The traces and REPORT lines stay first: they give every invocation
 * its own number (and imports their modules), where EMF documents carry no request id. EMF matters
 * where they are missing: logs without traces, traces sampled past the cold starts, `--from-aws`,
 * which fetches the EMF lines with the REPORT lines.
 */
export function fillFromEmf(
  emf: ReadonlyMap<string, Samples>,
  results: EmfTargets,
  allocatedMb: number | null,
): string[] {
  const notes: string[] = [];
  const samples = (name: string) => {
    const s = emf.get(name);
    return s !== undefined && s.count > 0 ? s : null;
  };
  const imports = samples(METRICS.importDuration);
  if (imports && !results.imports.measured && results.imports.totalMs === null) {
    results.imports.totalMs = roundOrNull(imports.mean());
    notes.push(
      `Import time from the EMF metric ${METRICS.importDuration} (${counted(imports.count, 'cold start')}): the modules and their timings are in the traces (the middleware's init subsegment).`,
    );
  }
  const init = samples(METRICS.initDuration);
  if (init && results.coldStart.count > 0 && results.coldStart.avgInitMs === null) {
    results.coldStart.avgInitMs = roundOrNull(init.mean());
    results.coldStart.p90InitMs = roundOrNull(init.percentile(90));
    notes.push(
      `Init duration from the EMF metric ${METRICS.initDuration} (${counted(init.count, 'cold start')}, measured in the function from process start): REPORT lines give Lambda's Init Duration.`,
    );
  }
  const peak = samples(METRICS.peakMemory);
  const memory = results.memory;
  if (peak && memory.avgUsedMb === null) {
    const allocated = memory.allocatedMb ?? allocatedMb;
    const max = peak.max();
    memory.avgUsedMb = roundOrNull(peak.mean());
    memory.peakUsedMb = roundOrNull(max);
    memory.utilizationPct = allocated && max !== null ? roundOrNull(pctOf(max, allocated)) : null;
    memory.usedSource = 'emf';
    notes.push(
      `Memory used from the EMF metric ${METRICS.peakMemory} (peak RSS of ${counted(peak.count, 'sampled invocation')}): REPORT lines give Max Memory Used for every invocation.`,
    );
  }
  return notes;
}
