export * from './contract/names.js';
export * from './contract/types.js';
export {
  type AwsClientLike,
  type AwsClientTracer,
  type InstrumentAWSClientOptions,
  instrumentAWSClient,
} from './dependencies/aws-client.js';
export { PROFILER_VERSION } from './version.js';
