import { EXIT, type ExitCode } from './exit-codes.js';

/** Where in the input a problem was found. Rendered as `file:line: field: message`. */
export interface InputLocation {
  file?: string;
  line?: number;
  field?: string;
}

/**
 * An error the CLI reports as one clear line (no stack trace unless `--debug`).
 * `exitCode` follows DESIGN.md: 1 input/runtime, 2 usage, 3 gate.
 */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly location: InputLocation;

  constructor(message: string, options: { exitCode?: ExitCode; location?: InputLocation; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? EXIT.error;
    this.location = options.location ?? {};
  }
}

/** A bad flag or argument (exit code 2). */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, { exitCode: EXIT.usage });
    this.name = 'UsageError';
  }
}

/** Bad input data, with file, line and field where known (exit code 1). */
export class InputError extends CliError {
  constructor(message: string, location: InputLocation, cause?: unknown) {
    super(message, { exitCode: EXIT.error, location, cause });
    this.name = 'InputError';
  }
}

/** `file:line: field: message`, leaving out the parts that are unknown. */
export function formatLocation(location: InputLocation): string {
  const parts: string[] = [];
  if (location.file) parts.push(location.line ? `${location.file}:${location.line}` : location.file);
  if (location.field) parts.push(location.field);
  return parts.join(': ');
}

/** The one line printed for an error. */
export function formatError(error: unknown): string {
  if (error instanceof CliError) {
    const where = formatLocation(error.location);
    return where ? `${where}: ${error.message}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
