import { readFileSync } from 'node:fs';
import { InputError } from '../cli/errors.js';
import { objectArrayRanges } from './json-array-split.js';
import { isGzip, lineOfOffset, readAllText } from './lines.js';

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Where JSON.parse failed: V8 gives a position, or a quoted snippet around an unexpected token. */
function errorOffset(text: string, message: string): number | null {
  const pos = /position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  const snippet = /Unexpected token '([\s\S])', (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(message);
  if (snippet) {
    const at = text.indexOf(snippet[2]!);
    if (at !== -1) return at + Math.max(0, snippet[2]!.indexOf(snippet[1]!));
  }
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  return null;
}

/** Parses a whole JSON file; a syntax error becomes one line naming file, line and column. */
export async function parseJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readAllText(file);
  } catch (error) {
    // V8 strings hold at most 2^29 − 24 characters (512 MB): past that, Node cannot decode the file.
    if ((error as NodeJS.ErrnoException).code === 'ERR_STRING_TOO_LONG')
      throw new InputError(
        'too large to parse as one JSON document (over 512 MB): split it into smaller files, or give traces as NDJSON or `{"Traces": [...]}` files (read one trace at a time)',
        { file },
      );
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = errorOffset(text, message);
    const { line, column } = offset !== null ? lineOfOffset(text, offset) : { line: undefined, column: undefined };
    const reason = message
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/, (\.\.\.)?"[\s\S]*"(\.\.\.)? is not valid JSON$/, '');
    throw new InputError(`not valid JSON${column !== undefined ? ` (column ${column})` : ''}: ${reason}`, {
      file,
      line,
    });
  }
}

/**
 * Calls `onElement` with each parsed object of the array under `key` of a JSON file shaped
 * `{"<key>": [{…}, …], …}` (batch-get-traces output, filter-log-events output), one at a time, so
 * neither the file's text nor the whole parsed document is ever held (see objectArrayRanges).
 * Returns false, having called nothing, for a file of another shape (or gzip): parse it whole then.
 * Invalid JSON throws the InputError parseJsonFile gives, naming line and column.
 */
export async function forEachArrayElement(
  file: string,
  key: string,
  onElement: (value: unknown, index: number) => void,
): Promise<boolean> {
  if (isGzip(file)) return false;
  const buf = readFileSync(file);
  const ranges = objectArrayRanges(buf, key);
  if (ranges === null) return false;
  // The text around the elements (`{"Traces":[` … `],"UnprocessedTraceIds":[]}`) must be valid JSON
  // too: checked before any element is handed on.
  const skeleton =
    ranges.length === 0
      ? buf.toString('utf8')
      : buf.toString('utf8', 0, ranges[0]) + buf.toString('utf8', ranges[ranges.length - 1]);
  if (!isJson(skeleton)) await invalid(file);
  for (let r = 0; r < ranges.length; r += 2) {
    let value: unknown;
    try {
      value = JSON.parse(buf.toString('utf8', ranges[r], ranges[r + 1]));
    } catch {
      await invalid(file);
    }
    onElement(value, r / 2);
  }
  return true;
}

/** Throws the error for a file that is not valid JSON: parsing it whole names the line and column. */
async function invalid(file: string): Promise<never> {
  await parseJsonFile(file);
  throw new InputError('not valid JSON', { file });
}
