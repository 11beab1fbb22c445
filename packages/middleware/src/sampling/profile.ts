import { LIMITS } from '../contract/names.js';
import type { ProfileRecord } from '../contract/types.js';
import { summarizeCpu } from './cpu-summary.js';
import type { ProfileTrigger } from './decide.js';
import { summarizeHeap } from './heap-summary.js';
import { DEFAULT_SAMPLING, type SamplingSettings, startProfilers, stopProfilers } from './inspector.js';
import { samplingState } from './state.js';

/** Functions and allocation sites kept per profile at most (before the size budget). */
export const TOP_FUNCTIONS = 30;
export const TOP_SITES = 20;

/** A profile in progress. */
export interface ActiveProfile {
  trigger: ProfileTrigger;
  settings: SamplingSettings;
  /** Time spent starting the profilers, ms. */
  startMs: number;
}

/** Starts the CPU and heap profilers for the invocation starting now. Throws when they cannot run. */
export function beginProfile(trigger: ProfileTrigger, settings: SamplingSettings = DEFAULT_SAMPLING): ActiveProfile {
  const t0 = performance.now();
  startProfilers(settings);
  return { trigger, settings, startMs: performance.now() - t0 };
}

const r3 = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * Stops the profilers and summarizes them into a bounded record (LIMITS.documentBytes): the least
 * costly functions and sites are dropped first and counted in `truncated`.
 */
export function endProfile(
  active: ActiveProfile,
  requestId: string,
  budget: number = LIMITS.documentBytes,
): ProfileRecord {
  const t0 = performance.now();
  const { cpu, heap } = stopProfilers();
  const state = samplingState();
  state.sequence++;
  const cpuSummary = cpu ? summarizeCpu(cpu, TOP_FUNCTIONS) : null;
  const heapSummary = heap ? summarizeHeap(heap, TOP_SITES) : null;
  const record: ProfileRecord = {
    v: 1,
    kind: 'profile',
    requestId,
    trigger: active.trigger,
    sequence: state.sequence,
    cpu: cpuSummary
      ? {
          intervalUs: active.settings.intervalUs,
          sampledMs: cpuSummary.sampledMs,
          samples: cpuSummary.samples,
          functions: cpuSummary.functions,
        }
      : null,
    heap: heapSummary
      ? {
          intervalBytes: active.settings.heapIntervalBytes,
          totalBytes: heapSummary.totalBytes,
          sites: heapSummary.sites,
        }
      : null,
    overheadMs: 0,
  };
  boundProfile(record, budget);
  record.overheadMs = r3(active.startMs + performance.now() - t0);
  return record;
}

/** Drops entries from the end of the longer list until the document fits; counts them in `truncated`. */
export function boundProfile(record: ProfileRecord, budget: number): void {
  const functions = record.cpu?.functions ?? [];
  const sites = record.heap?.sites ?? [];
  let droppedFunctions = 0;
  let droppedSites = 0;
  // 200 bytes of envelope (subsegment id, name, times) and room for the `truncated` marker.
  while (JSON.stringify(record).length + 300 > budget && (functions.length > 0 || sites.length > 0)) {
    if (functions.length >= sites.length) {
      functions.pop();
      droppedFunctions++;
    } else {
      sites.pop();
      droppedSites++;
    }
  }
  if (droppedFunctions > 0 || droppedSites > 0) record.truncated = { functions: droppedFunctions, sites: droppedSites };
}
