import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../cli/errors.js';
import { ObjectArrayScanner } from './json-array-split.js';
import { JsonSequenceScanner } from './json-sequence.js';
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

/** A whole file's text (decompressed, decoded) for JSON.parse; too large is one clear line. */
async function readJsonText(file: string): Promise<string> {
  try {
    return await readAllText(file);
  } catch (error) {
    // V8 strings hold at most 2^29 − 24 characters (512 MB): past that, Node cannot decode the file.
    if ((error as NodeJS.ErrnoException).code === 'ERR_STRING_TOO_LONG')
      throw new InputError(
        'too large to parse as one JSON document (over 512 MB): split it into smaller files, or give traces as NDJSON, `{"Traces": [...]}` or `[{...}, ...]` files (read one trace at a time)',
        { file },
      );
    throw error;
  }
}

/** Parses a whole JSON file; a syntax error becomes one line naming file, line and column. */
export async function parseJsonFile(file: string): Promise<unknown> {
  const text = await readJsonText(file);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw syntaxError(file, text, error, 1);
  }
}

/**
 * A whole file's JSON: one document (`line` undefined), or several one after another where
 * forEachJsonDocument's byte scan cannot run (gzip, UTF-16), each with the line it starts on. A
 * Firehose object of CloudWatch Logs subscription records is such a file: gzip members of one JSON
 * record each, one after another.
 */
export async function forEachWholeDocument(
  file: string,
  onDocument: (value: unknown, line?: number) => void,
): Promise<void> {
  const text = await readJsonText(file);
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch (error) {
    const bytes = Buffer.from(text, 'utf8');
    const scanner = new JsonSequenceScanner();
    const found = scanner.feed(bytes, 0) ? scanner.finish() : null;
    if (found === null) throw syntaxError(file, text, error, 1);
    eachDocument(file, found, (from, to) => bytes.toString('utf8', from, to), onDocument);
    return;
  }
  onDocument(whole);
}

/**
 * Parses and hands over each document JsonSequenceScanner found, one at a time (`textOf` gives the
 * text of a byte range); one that does not parse is an InputError naming its line and column.
 */
function eachDocument(
  file: string,
  found: { ranges: number[]; lines: number[] },
  textOf: (from: number, to: number) => string,
  onDocument: (value: unknown, line: number) => void,
): void {
  const { ranges, lines } = found;
  for (let d = 0; d < lines.length; d++) {
    const text = textOf(ranges[2 * d]!, ranges[2 * d + 1]!);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw syntaxError(file, text, error, lines[d]!, `document ${d + 1}`);
    }
    onDocument(value, lines[d]!);
  }
}

/**
 * The InputError for JSON.parse's `error` on `text`, which starts on line `firstLine` of the file:
 * the line and column where parsing stopped, and the reason without V8's quoted snippet.
 */
function syntaxError(file: string, text: string, error: unknown, firstLine: number, what?: string): InputError {
  const message = error instanceof Error ? error.message : String(error);
  const offset = errorOffset(text, message);
  const at = offset !== null ? lineOfOffset(text, offset) : null;
  const reason = message
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/, (\.\.\.)?"[\s\S]*"(\.\.\.)? is not valid JSON$/, '');
  const where = [what, at ? `column ${at.column}` : undefined].filter(Boolean).join(', ');
  return new InputError(`not valid JSON${where ? ` (${where})` : ''}: ${reason}`, {
    file,
    line: at ? firstLine + at.line - 1 : undefined,
  });
}

/** Bytes read at a time while scanning, and the least a window of elements holds. */
const BLOCK_BYTES = 8 * 1024 * 1024;

/** A scanner fed a text in blocks (json-array-split.ts, json-sequence.ts). */
interface ByteScanner<T> {
  feed(block: Uint8Array, offset: number): boolean;
  finish(): T | null;
}

/**
 * A plain UTF-8 file scanned in blocks, then read in windows of at least a block: what the readers
 * that hand on one element or document at a time share. Files up to one block are read once; larger
 * ones twice (scan, then the windows), holding one block at a time.
 */
class BlockFile {
  private block: Buffer;
  /** The file offset `block` holds bytes from (-1: nothing yet). */
  private start = -1;
  /** Hears the offset of each window read (progress). */
  onRead: ((offset: number) => void) | undefined;

  private constructor(
    private readonly fd: number,
    readonly size: number,
    /** Where the text starts: after a UTF-8 byte-order mark. */
    readonly first: number,
  ) {
    this.block = Buffer.allocUnsafe(Math.min(size, BLOCK_BYTES));
  }

  /** The file, or null for gzip and UTF-16 (their text is parsed whole). */
  private static open(file: string): BlockFile | null {
    if (isGzip(file)) return null;
    // The scanners read UTF-8 bytes: a UTF-8 byte-order mark is stepped over.
    const mark = fileByteOrderMark(file);
    if (mark.encoding !== 'utf-8') return null;
    const fd = openSync(file, 'r');
    return new BlockFile(fd, fstatSync(fd).size, mark.bytes);
  }

  /**
   * `file` fed to `scanner` in blocks, and what the scanner found; null (the file closed) for gzip,
   * UTF-16, or when the scanner declines.
   */
  static scan<T>(file: string, scanner: ByteScanner<T>): { blocks: BlockFile; found: T } | null {
    const blocks = BlockFile.open(file);
    if (!blocks) return null;
    let found: T | null = null;
    try {
      found = blocks.feedAll(scanner) ? scanner.finish() : null;
    } finally {
      if (found === null) blocks.close();
    }
    return found === null ? null : { blocks, found };
  }

  /** Feeds the whole text to `scanner` in blocks; false as soon as it declines. */
  private feedAll(scanner: ByteScanner<unknown>): boolean {
    for (let at = this.first; at < this.size; ) {
      const n = readSync(this.fd, this.block, 0, Math.min(this.block.length, this.size - at), at);
      if (n === 0) break;
      if (!scanner.feed(this.block.subarray(0, n), at)) return false;
      // One read brought the whole text into `block`: it then serves the windows too.
      this.start = at === this.first && n === this.size - this.first ? this.first : -1;
      at += n;
    }
    return true;
  }

  /** The text of bytes [from, to). */
  text(from: number, to: number): string {
    if (this.start === -1 || from < this.start || to > this.start + this.block.length) {
      if (to - from > this.block.length) this.block = Buffer.allocUnsafe(to - from);
      this.start = from;
      const length = Math.min(this.block.length, this.size - from);
      for (let got = 0; got < length; ) {
        const n = readSync(this.fd, this.block, got, length - got, from + got);
        if (n === 0) break;
        got += n;
      }
      this.onRead?.(from);
    }
    return this.block.toString('utf8', from - this.start, to - this.start);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Calls `onElement` with each parsed object of the array under `key` of a JSON file shaped
 * `{"<key>": [{…}, …], …}` (batch-get-traces output, filter-log-events output), or with `key` null of
 * a file that is one array of objects (`[{…}, …]`: `--query 'Traces[*]'`, pages), one at a time, so
 * neither the file's text nor the whole parsed document is ever held (see ObjectArrayScanner). The
 * file is scanned first, in blocks, and elements are handed on only once its shape is known, so a
 * file of another shape (or gzip) gets `false` with nothing called: parse it whole then. Invalid JSON
 * throws the InputError parseJsonFile gives, naming line and column. `onBytes` hears the offset
 * reached each time the element pass reads a block (progress of large files).
 */
export async function forEachArrayElement(
  file: string,
  key: string | null,
  onElement: (value: unknown, index: number) => void,
  onBytes?: (bytesRead: number) => void,
): Promise<boolean> {
  const scan = BlockFile.scan(file, new ObjectArrayScanner(key));
  if (!scan) return false;
  const { blocks, found: ranges } = scan;
  try {
    // The text around the elements (`{"Traces":[` … `],"UnprocessedTraceIds":[]}`, or `[` … `]`) must
    // be valid JSON too: checked before any element is handed on (it reads the file's end first, so
    // progress is told from the element pass only).
    const { first, size } = blocks;
    const skeleton =
      ranges.length === 0
        ? blocks.text(first, size)
        : blocks.text(first, ranges[0]!) + blocks.text(ranges[ranges.length - 1]!, size);
    if (!isJson(skeleton)) await invalid(file);
    blocks.onRead = onBytes;
    for (let r = 0; r < ranges.length; r += 2) {
      let value: unknown;
      try {
        value = JSON.parse(blocks.text(ranges[r]!, ranges[r + 1]!));
      } catch {
        await invalid(file);
      }
      onElement(value, r / 2);
    }
    return true;
  } finally {
    blocks.close();
  }
}

/**
 * Calls `onDocument` with each JSON document of a file holding several one after another (`aws … >>
 * file` in a loop), parsed one at a time, with the line it starts on. A file of one document, or of
 * anything else, gets `false` with nothing called: parse it whole then. A document that does not
 * parse is an InputError naming its line and column in the file.
 */
export async function forEachJsonDocument(
  file: string,
  onDocument: (value: unknown, line: number) => void,
  onBytes?: (bytesRead: number) => void,
): Promise<boolean> {
  const scan = BlockFile.scan(file, new JsonSequenceScanner());
  if (!scan) return false;
  const { blocks, found } = scan;
  try {
    blocks.onRead = onBytes;
    eachDocument(file, found, (from, to) => blocks.text(from, to), onDocument);
    return true;
  } finally {
    blocks.close();
  }
}

/** Throws the error for a file that is not valid JSON: parsing it whole names the line and column. */
async function invalid(file: string): Promise<never> {
  await parseJsonFile(file);
  throw new InputError('not valid JSON', { file });
}
