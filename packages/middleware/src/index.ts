export * from './contract/names.js';
export * from './contract/types.js';
export {
  type AwsClientLike,
  type AwsClientTracer,
  type InstrumentAWSClientOptions,
  instrumentAWSClient,
} from './dependencies/aws-client.js';
export { BUILT_IN_HOSTS } from './dependencies/host-map.js';
export { type DependencyOptions, type RedactionOptions, setupDependencyInsight } from './dependencies/setup.js';
export { initPhase, markInit } from './init-marks.js';
export type { MemoryMode, ProfilerErrorInfo, ProfilerOptions } from './options.js';
export { OPTION_DEFAULTS } from './options.js';
export { type ProfilerPluginOptions, profilerPlugin } from './plugin.js';
export { profiler } from './profiler.js';
export { redact, redactURL } from './redaction/redact-api.js';
export { MASK as REDACTION_MASK } from './redaction/rules.js';
export { span } from './span.js';
export type {
  MetricsLike,
  MiddlewareObjLike,
  MiddyRequestLike,
  SegmentLike,
  TracerLike,
} from './structural-types.js';
export { PROFILER_VERSION } from './version.js';
