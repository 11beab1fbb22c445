export { CliError, formatError, InputError, type InputLocation, UsageError } from './cli/errors.js';
export { EXIT, type ExitCode } from './cli/exit-codes.js';
export { type CliIo, type CommandRegistrar, createProgram, runCli } from './cli/program.js';
export * from './collector/index.js';
export { reportSchema, reportSchemaId } from './contracts/report-schema.js';
export * from './contracts/report-types.js';
export {
  type EnvironmentEndReason,
  RUN_FILES,
  type RunEnvironment,
  type RunManifest,
  runManifestSchema,
  runManifestSchemaId,
} from './contracts/run-folder.js';
export {
  formatSchemaErrors,
  type ValidationResult,
  validateProfilerMetadata,
  validateReport,
  validateRunManifest,
} from './contracts/validate.js';
export {
  defaultPrefix,
  type FunctionConfigOverrides,
  type GenerateOptions,
  generateReport,
  REPORT_FORMATS,
  type ReadProgress,
  type ReportFormat,
  renderReport,
  writeReport,
} from './generate/index.js';
export { INPUT_FORMATS, type InputFormat } from './readers/detect.js';
export { renderJson, renderMarkdown } from './renderers/index.js';
export * from './runner/index.js';
export { CLI_VERSION } from './version.js';
