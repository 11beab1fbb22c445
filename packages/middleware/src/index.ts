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
export { redact, redactURL } from './redaction/redact-api.js';
export { MASK as REDACTION_MASK } from './redaction/rules.js';
export { PROFILER_VERSION } from './version.js';
