import { parseConfigDocument } from '../check/config-document.js';
import { InputError } from '../cli/errors.js';
import { readInputText } from '../cli/read-input.js';
import type { ProfilingReport } from '../contracts/report-types.js';
import { validateReport } from '../contracts/validate.js';

/** `/recommendations/0/id` → `['recommendations', 0, 'id']`. */
function pointerPath(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .filter((p) => p !== '')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Line of a JSON.parse failure, from V8's "(line N column M)" or "at position N". */
function syntaxLine(text: string, message: string): number | undefined {
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(message);
  if (position) return text.slice(0, Number(position[1])).split('\n').length;
  return undefined;
}

/**
 * Reads and validates a report JSON. A schema violation becomes one line naming the file, the line
 * and the field (JSON pointer) of the first problem, and how many more there are.
 */
export function parseReport(text: string, file: string): ProfilingReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    throw new InputError(`not valid JSON: ${message.replace(/\s*\(line \d+ column \d+\)$/, '')}`, {
      file,
      line: syntaxLine(text, message),
    });
  }
  const result = validateReport(value);
  if (result.report) return result.report;
  const first = result.errors[0] ?? '/: invalid';
  const split = first.indexOf(': ');
  const pointer = first.slice(0, split);
  const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : '';
  let line: number | undefined;
  try {
    line = parseConfigDocument(text, file).lineOf(pointerPath(pointer));
  } catch {
    line = undefined;
  }
  throw new InputError(`not a lambda-profiler report: ${first.slice(split + 2)}${more}`, {
    file,
    line,
    field: pointer,
  });
}

export async function loadReport(file: string): Promise<ProfilingReport> {
  return parseReport(await readInputText(file), file);
}
