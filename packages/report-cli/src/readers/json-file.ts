import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../cli/errors.js';
import { ObjectArrayScanner } from './json-array-split.js';
import { fileByteOrderMark, isGzip, lineOfOffset, readAllText } from './lines.js';

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
        'too large to parse as one JSON document (over 512 MB): split it into smaller files, or give traces as NDJSON, `{"Traces": [...]}` or `[{...}, ...]` files (read one trace at a time)',
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

/** Bytes read at a time while scanning, and the least a window of elements holds. */
const BLOCK_BYTES = 8 * 1024 * 1024;

/**
 * Calls `onElement` with each parsed object of the array under `key` of a JSON file shaped
 * `{"<key>": [{…}, …], …}` (batch-get-traces output, filter-log-events output), or with `key` null of
 * a file that is one array of objects (`[{…}, …]`: `--query 'Traces[*]'`, pages), one at a time, so
 * neither the file's text nor the whole parsed document is ever held (see ObjectArrayScanner). The
 * file is scanned first, in blocks, and elements are handed on only once its shape is known, so a
 * file of another shape (or gzip) gets `false` with nothing called: parse it whole then. Files up to
 * one block are read once; larger ones twice (scan, then the elements), holding one block at a time.
 * Invalid JSON throws the InputError parseJsonFile gives, naming line and column. `onBytes` hears the
 * offset reached each time the element pass reads a block (progress of large files).
 */
export async function forEachArrayElement(
  file: string,
  key: string | null,
  onElement: (value: unknown, index: number) => void,
  onBytes?: (bytesRead: number) => void,
): Promise<boolean> {
  if (isGzip(file)) return false;
  // The scan reads UTF-8 bytes: a UTF-8 byte-order mark is stepped over, UTF-16 is parsed whole.
  const mark = fileByteOrderMark(file);
  if (mark.encoding !== 'utf-8') return false;
  const first = mark.bytes;
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    let block = Buffer.allocUnsafe(Math.min(size, BLOCK_BYTES));
    const scanner = new ObjectArrayScanner(key);
    // Whether one read brought the whole file into `block` (it then serves the elements too).
    let whole = false;
    for (let at = first; at < size; ) {
      const n = readSync(fd, block, 0, Math.min(block.length, size - at), at);
      if (n === 0) break;
      if (!scanner.feed(block.subarray(0, n), at)) return false;
      whole = at === first && n === size - first;
      at += n;
    }
    const ranges = scanner.finish();
    if (ranges === null) return false;
    // `block` holds the file's bytes from `start` on (-1: nothing yet).
    let start = whole ? first : -1;
    // Progress is told from the element pass only (the skeleton check reads the file's end first).
    let inElements = false;
    const text = (from: number, to: number): string => {
      if (start === -1 || from < start || to > start + block.length) {
        if (to - from > block.length) block = Buffer.allocUnsafe(to - from);
        start = from;
        const length = Math.min(block.length, size - from);
        for (let got = 0; got < length; ) {
          const n = readSync(fd, block, got, length - got, from + got);
          if (n === 0) break;
          got += n;
        }
        if (inElements) onBytes?.(from);
      }
      return block.toString('utf8', from - start, to - start);
    };
    // The text around the elements (`{"Traces":[` … `],"UnprocessedTraceIds":[]}`, or `[` … `]`) must
    // be valid JSON too: checked before any element is handed on.
    const skeleton =
      ranges.length === 0 ? text(first, size) : text(first, ranges[0]!) + text(ranges[ranges.length - 1]!, size);
    if (!isJson(skeleton)) await invalid(file);
    inElements = true;
    for (let r = 0; r < ranges.length; r += 2) {
      let value: unknown;
      try {
        value = JSON.parse(text(ranges[r]!, ranges[r + 1]!));
      } catch {
        await invalid(file);
      }
      onElement(value, r / 2);
    }
    return true;
  } finally {
    closeSync(fd);
  }
}

/** Throws the error for a file that is not valid JSON: parsing it whole names the line and column. */
async function invalid(file: string): Promise<never> {
  await parseJsonFile(file);
  throw new InputError('not valid JSON', { file });
}
