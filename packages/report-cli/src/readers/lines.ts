import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { createGunzip, gunzipSync } from 'node:zlib';

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** Whether the file starts with the gzip magic bytes (S3 log exports are gzip). */
export function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const n = readSync(fd, head, 0, 2, 0);
    return n === 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
  } finally {
    closeSync(fd);
  }
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
        return gunzipSync(head, { finishFlush: 2 /* Z_SYNC_FLUSH: tolerate a truncated stream */ })
          .subarray(0, bytes)
          .toString('utf8');
      } catch {
        return '';
      }
    }
    return head.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function openText(path: string): AsyncIterable<string> {
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  if (isGzip(path)) {
    const gunzip = createGunzip();
    stream.pipe(gunzip);
    gunzip.setEncoding('utf8');
    return gunzip;
  }
  stream.setEncoding('utf8');
  return stream;
}

/** Default chunk: few reads; the chunk strings live in V8's large-object space. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * For readers that keep no substring of a line (JSON.parse copies its strings): 64 KB is below V8's
 * large-object size, so each chunk's string and its line slices die young in a cheap scavenge.
 * 4 MB chunks piled up in large-object space until a full GC: +1 s CPU and +160 MB peak RSS per
 * 20,000 invocations of NDJSON. Readers that keep slices (request ids of REPORT lines) keep the
 * default: retained young chunks would be copied and grow the young generation.
 */
export const SMALL_CHUNK_BYTES = 64 * 1024;

/**
 * Bytes read from the disk at a time, decoded in chunkBytes pieces: 64 KB reads were 8,000 read
 * calls for the 530 MB NDJSON of 100,000 invocations (5.7 % of `generate`'s CPU profile).
 */
const READ_BYTES = 1024 * 1024;

/**
 * Calls `onLine` for every line of a (possibly gzip) text file, with 1-based line numbers. Plain
 * files are read synchronously and decoded in `chunkBytes` chunks cut after a newline byte (safe in UTF-8), so files
 * larger than memory are fine and no stream machinery sits between the disk and the parser.
 * `\r\n` endings are accepted.
 */
export async function forEachLine(
  path: string,
  onLine: (line: string, lineNo: number) => void,
  chunkBytes = CHUNK_BYTES,
): Promise<number> {
  let lineNo = 0;
  const emit = (line: string) => {
    onLine(line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line, ++lineNo);
  };
  const split = (text: string) => {
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      emit(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    return text.slice(start);
  };
  if (isGzip(path)) {
    let rest = '';
    for await (const chunk of openText(path)) rest = split(rest + (chunk as string));
    if (rest.length > 0) emit(rest);
    return lineNo;
  }
  const fd = openSync(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(Math.max(chunkBytes, READ_BYTES));
    let filled = 0;
    for (;;) {
      if (filled === buf.length) {
        // One line longer than the buffer: grow it.
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const n = readSync(fd, buf, filled, buf.length - filled, null);
      if (n === 0) break;
      filled += n;
      const last = buf.lastIndexOf(10, filled - 1);
      if (last === -1) continue;
      // Whole lines decoded in pieces of about chunkBytes, each cut after a newline byte.
      let start = 0;
      while (start <= last) {
        let end = last;
        if (last - start >= chunkBytes) {
          end = buf.lastIndexOf(10, start + chunkBytes - 1);
          if (end < start) end = buf.indexOf(10, start + chunkBytes);
        }
        split(buf.toString('utf8', start, end + 1));
        start = end + 1;
      }
      buf.copy(buf, 0, last + 1, filled);
      filled -= last + 1;
    }
    if (filled > 0) emit(buf.toString('utf8', 0, filled));
  } finally {
    closeSync(fd);
  }
  return lineNo;
}

/** The whole (possibly gzip) file as text. For whole-document JSON formats. */
export async function readAllText(path: string): Promise<string> {
  if (!isGzip(path)) return readFileSync(path, 'utf8');
  const parts: string[] = [];
  for await (const chunk of openText(path)) parts.push(chunk as string);
  return parts.join('');
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
