export type { FunctionConfigOverrides, GenerateOptions, ReadProgress, ReportFormat } from './options.js';
export { REPORT_FORMATS } from './options.js';
export { generateReport } from './pipeline.js';
export { defaultPrefix, renderReport, writeReport } from './render.js';
