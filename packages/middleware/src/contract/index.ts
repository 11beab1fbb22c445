export * from './names.js';
export { readProfilerMetadata } from './read.js';
export * from './schema.js';
export * from './types.js';
