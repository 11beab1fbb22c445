import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import { byteOrderMark, decodePieces, decodeSniffed, decodeText, type TextEncoding } from './text-encoding.js';

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** The file's first `bytes` bytes (fewer when it is shorter). */
function readStart(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(bytes);
    return head.subarray(0, readSync(fd, head, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

/** Whether the file starts with the gzip magic bytes (S3 log exports are gzip). */
export function isGzip(path: string): boolean {
  const head = readStart(path, 2);
  return head.length === 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
}

/** The byte-order mark a (plain) file starts with: see text-encoding.ts. */
export function fileByteOrderMark(path: string): { encoding: TextEncoding; bytes: number } {
  return byteOrderMark(readStart(path, 3));
}

/** The first `bytes` of a file as text (decompressed when gzip), for content detection. */
export function readHead(path: string, bytes = 64 * 1024): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    const head = buf.subarray(0, n);
    if (n >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1) {
      try {
        return decodeText(
          gunzipSync(head, { finishFlush: 2 /* Z_SYNC_FLUSH: tolerate a truncated stream */ }).subarray(0, bytes),
        );
      } catch {
        return '';
      }
    }
    return decodeText(head);
  } finally {
    closeSync(fd);
  }
}

/**
 * The file's text in pieces (decompressed when gzip, decoded when UTF-16), and how many bytes of the
 * file were read. A plain file's UTF-8 byte-order mark stays at the start of the first piece.
 */
function openText(path: string): { text: AsyncIterable<string>; bytesRead: () => number } {
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  const bytesRead = () => stream.bytesRead;
  if (isGzip(path)) {
    const gunzip = createGunzip();
    stream.pipe(gunzip);
    return { text: decodeSniffed(gunzip), bytesRead };
  }
  const { encoding } = fileByteOrderMark(path);
  if (encoding !== 'utf-8') return { text: decodePieces(stream, encoding), bytesRead };
  stream.setEncoding('utf8');
  return { text: stream, bytesRead };
}

/** A UTF-8 byte-order mark at the start of a file's text, left out. */
function withoutMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Default chunk: few reads; the chunk strings live in V8's large-object space. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * For readers that keep no substring of a line (JSON.parse copies its strings; the log store copies
 * REPORT ids as bytes): 64 KB is below V8's large-object size, so each chunk's string and its line
 * slices die young in a cheap scavenge. 4 MB chunks piled up in large-object space until a full GC:
 * +1 s CPU and +160 MB peak RSS per 20,000 invocations of NDJSON. A reader whose caller keeps slices
 * of lines must not use it: each kept slice keeps its young chunk alive, to be copied by every
 * scavenge and to grow the young generation.
 */
export const SMALL_CHUNK_BYTES = 64 * 1024;

/**
 * Bytes read from the disk at a time, decoded in chunkBytes pieces: 64 KB reads were 8,000 read
 * calls for the 530 MB NDJSON of 100,000 invocations (5.7 % of `generate`'s CPU profile).
 */
const READ_BYTES = 1024 * 1024;

export interface LineOptions {
  /** Characters decoded at a time (see SMALL_CHUNK_BYTES). */
  chunkBytes?: number;
  /** Bytes read from the disk at a time. */
  readBytes?: number;
  /** Bytes of the file (compressed, for gzip) whose lines were handed to `onLine`, after each block. */
  onBytes?: (bytesRead: number) => void;
}

/**
 * Calls `onLine` for every line of a (possibly gzip) text file, with 1-based line numbers. Plain
 * files are read in `readBytes` blocks, and the next block is read (on libuv's thread pool) while
 * this one is parsed, so the disk never waits for the parser nor the parser for the disk: from the
 * page cache that is only the copy (read + JSON.parse of the 505 MB NDJSON of 100,000 invocations:
 * 1.80-1.86 s against 1.85-1.93 s with synchronous reads), from a cold disk the whole read time.
 * Blocks are decoded in `chunkBytes` pieces cut
 * after a newline byte (safe in UTF-8), so files larger than memory are fine and no stream machinery
 * sits between the disk and the parser. `\r\n` endings are accepted.
 */
export async function forEachLine(
  path: string,
  onLine: (line: string, lineNo: number) => void,
  options: LineOptions = {},
): Promise<number> {
  const { chunkBytes = CHUNK_BYTES, readBytes = READ_BYTES, onBytes } = options;
  let lineNo = 0;
  const emit = (line: string) => {
    onLine(line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line, ++lineNo);
  };
  // Returns where the unfinished last line starts: the plain path cuts chunks after a newline and
  // never needs it, and a slice in its return cost a deoptimization per call (0.3 ms each, the code
  // was optimized in the loop before the return had run).
  const split = (text: string): number => {
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      emit(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    return start;
  };
  const mark = fileByteOrderMark(path);
  if (isGzip(path) || mark.encoding !== 'utf-8') {
    let rest: string | null = null;
    const input = openText(path);
    for await (const chunk of input.text) {
      const text: string = rest === null ? withoutMark(chunk as string) : rest + (chunk as string);
      rest = text.slice(split(text));
      onBytes?.(input.bytesRead());
    }
    if (rest) emit(rest);
    return lineNo;
  }
  const file = await open(path, 'r');
  try {
    // Two buffers: one being parsed, one being filled. The bytes after a block's last newline (a
    // line cut by the block end) are copied out, so a buffer is free as soon as it is parsed.
    let current = Buffer.allocUnsafe(readBytes);
    let spare = Buffer.allocUnsafe(readBytes);
    let carry: Buffer[] = [];
    let next = file.read(current, 0, readBytes, null);
    let bytesRead = 0;
    // A UTF-8 byte-order mark: skipped at the start of the first block(s).
    let skip = mark.bytes;
    for (;;) {
      const n = (await next).bytesRead;
      // Told once the previous block's lines were handled, so a listener sees their effect.
      if (bytesRead > 0) onBytes?.(bytesRead);
      if (n === 0) break;
      bytesRead += n;
      const block = current;
      current = spare;
      spare = block;
      next = file.read(current, 0, readBytes, null);
      let start = Math.min(skip, n);
      skip -= start;
      if (carry.length > 0) {
        const nl = block.subarray(0, n).indexOf(10);
        if (nl === -1) {
          // A line longer than a block: keep collecting it.
          carry.push(Buffer.from(block.subarray(0, n)));
          continue;
        }
        carry.push(block.subarray(0, nl + 1));
        split(Buffer.concat(carry).toString('utf8'));
        carry = [];
        start = nl + 1;
      }
      const last = start < n ? block.lastIndexOf(10, n - 1) : -1;
      if (last < start) {
        if (start < n) carry.push(Buffer.from(block.subarray(start, n)));
        continue;
      }
      // Whole lines decoded in pieces of about chunkBytes, each cut after a newline byte.
      while (start <= last) {
        let end = last;
        if (last - start >= chunkBytes) {
          end = block.lastIndexOf(10, start + chunkBytes - 1);
          if (end < start) end = block.indexOf(10, start + chunkBytes);
        }
        split(block.toString('utf8', start, end + 1));
        start = end + 1;
      }
      if (start < n) carry.push(Buffer.from(block.subarray(start, n)));
    }
    if (carry.length > 0) emit(Buffer.concat(carry).toString('utf8'));
  } finally {
    await file.close();
  }
  return lineNo;
}

/**
 * The whole (possibly gzip, possibly UTF-16) file as text, without a byte-order mark. For
 * whole-document JSON formats.
 */
export async function readAllText(path: string): Promise<string> {
  if (!isGzip(path)) {
    const { encoding, bytes } = fileByteOrderMark(path);
    if (encoding === 'utf-8') return bytes === 0 ? readFileSync(path, 'utf8') : withoutMark(readFileSync(path, 'utf8'));
    return decodeText(readFileSync(path));
  }
  const parts: string[] = [];
  for await (const chunk of openText(path).text) parts.push(chunk as string);
  return withoutMark(parts.join(''));
}

/** 1-based line and column of a character offset, for error messages on whole-file JSON. */
export function lineOfOffset(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNl = -1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNl = i;
    }
  }
  return { line, column: end - lastNl };
}
