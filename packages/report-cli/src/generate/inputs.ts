import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../cli/errors.js';
import { detectFile, type InputFormat, LOG_FORMATS, lookalikeOf, TRACE_FORMATS } from '../readers/detect.js';
import type { Diagnostics } from '../readers/diagnostics.js';

export interface ClassifiedInput {
  path: string;
  format: InputFormat;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function isEmpty(file: string): boolean {
  return statSync(file).size === 0;
}

/**
 * Expands files and folders and detects each file's format. A file given by name must be readable
 * and of a known kind (else an error naming it); in a folder, other files are skipped with a note.
 * `forced` overrides detection for inputs of its kind (trace formats for traces, log formats for logs).
 */
export function classifyInputs(
  paths: readonly string[],
  kind: 'traces' | 'logs',
  forced: readonly InputFormat[],
  diag: Diagnostics,
): ClassifiedInput[] {
  const group = kind === 'traces' ? TRACE_FORMATS : LOG_FORMATS;
  const force = forced.find((f) => group.includes(f));
  const out: ClassifiedInput[] = [];
  for (const path of paths) {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch {
      throw new InputError('no such file or folder', { file: path });
    }
    const inFolder = stat.isDirectory();
    const files = inFolder ? listFiles(path) : [path];
    for (const file of files) {
      let format: InputFormat | null;
      try {
        format = detectFile(file);
      } catch (error) {
        throw new InputError(`cannot read: ${error instanceof Error ? error.message : String(error)}`, { file });
      }
      if (force && (format === null || group.includes(format))) format = force;
      if (format === null && isEmpty(file)) {
        if (inFolder) {
          diag.note(`Skipped ${file}: empty.`);
          continue;
        }
        throw new InputError('the file is empty', { file });
      }
      if (format === null) {
        const lookalike = lookalikeOf(file);
        if (inFolder) {
          diag.note(`Skipped ${file}: ${lookalike ?? 'not a known trace or log format'}.`);
          continue;
        }
        throw new InputError(
          lookalike
            ? `not a trace or log input: ${lookalike}`
            : 'not a known input format (X-Ray batch-get-traces JSON or segment NDJSON, Lambda log text/JSON, filter-log-events output, get-function-configuration JSON); use --input-format to force one',
          { file },
        );
      }
      out.push({ path: file, format });
    }
  }
  return out;
}
