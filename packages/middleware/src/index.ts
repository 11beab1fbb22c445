export * from './contract/names.js';
export * from './contract/types.js';
export { PROFILER_VERSION } from './version.js';
