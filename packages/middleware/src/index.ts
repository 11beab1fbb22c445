export * from './contract/names.js';
export * from './contract/types.js';
export type { DependencyOptions, RedactionOptions } from './dependencies/setup.js';
export { initPhase, markInit } from './init-marks.js';
export type { MemoryMode, ProfilerErrorInfo, ProfilerOptions } from './options.js';
export { OPTION_DEFAULTS } from './options.js';
export { type ProfilerPluginOptions, profilerPlugin } from './plugin.js';
export { profiler } from './profiler.js';
export { span } from './span.js';
export type {
  MetricsLike,
  MiddlewareObjLike,
  MiddyRequestLike,
  SegmentLike,
  TracerLike,
} from './structural-types.js';
export { PROFILER_VERSION } from './version.js';
