/**
 * Names fixed by DESIGN.md. One place, so the middleware that writes them and the CLI that
 * reads them (through the `/contract` subpath) cannot drift apart.
 */

/** Contract version written as `v` into every metadata object. Bump only on breaking changes. */
export const CONTRACT_VERSION = 1 as const;

/** X-Ray metadata namespace every profiler object lives under. */
export const METADATA_NAMESPACE = 'lambda-profiler' as const;

/** Name of the init subsegment sent on the first invocation of an execution environment. */
export const INIT_SUBSEGMENT_NAME = '## lambda-profiler:init' as const;

/** Name of the profiler's own per-invocation child document (spans and dependency calls). */
export const DETAILS_SUBSEGMENT_NAME = '## lambda-profiler:invocation' as const;

/** Name of the sampled CPU + allocation profile document (`profileRate`, `slowMs`). */
export const PROFILE_SUBSEGMENT_NAME = '## lambda-profiler:profile' as const;

/** Prefix of span subsegments nested inside the details document. */
export const SPAN_SUBSEGMENT_PREFIX = '## lambda-profiler:span ' as const;

/** Prefix of phase children of the init subsegment (`phase runtime`, `phase imports`, …). */
export const INIT_PHASE_PREFIX = 'phase ' as const;

/** Prefix of module children of the init subsegment (`module @aws-sdk/client-dynamodb`). */
export const INIT_MODULE_PREFIX = 'module ' as const;

/** Keys under the namespace, one per document kind. */
export const METADATA_KEYS = {
  invocation: 'invocation',
  details: 'details',
  init: 'init',
  profile: 'profile',
} as const;

/** Annotations the profiler adds (Powertools keeps `ColdStart` and `Service`). */
export const ANNOTATIONS = {
  initDurationMs: 'InitDurationMs',
  profilerVersion: 'ProfilerVersion',
} as const;

/** EMF metrics the profiler adds (Powertools keeps `ColdStart`). */
export const METRICS = {
  initDuration: 'InitDuration',
  importDuration: 'ImportDuration',
  memoryUsed: 'MemoryUsed',
  peakMemory: 'PeakMemory',
  heapGrowth: 'HeapGrowth',
} as const;

/** Cold-start phases, in the order they happen. Exclusive durations summing to the init time. */
export const INIT_PHASES = ['runtime', 'imports', 'aws-sdk', 'custom', 'other'] as const;

/** Size budgets of the documents (bytes of JSON). */
export const LIMITS = {
  /** What goes onto the handler subsegment; Powertools adds its own metadata after us. */
  handlerMetadataBytes: 8 * 1024,
  /** X-Ray's segment document limit is 64 kB; keep headroom for the envelope. */
  documentBytes: 60 * 1024,
} as const;

/** Global registry key shared by the register entry, CJS and bundled copies. */
export const GLOBAL_STATE_KEY = 'lambda-profiler.state.v1' as const;
