import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
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

/**
 * Calls `onLine` for every line of a (possibly gzip) text file, with 1-based line numbers. Streams
 * in 1 MB chunks, so files larger than memory are fine. `\r\n` endings are accepted.
 */
export async function forEachLine(path: string, onLine: (line: string, lineNo: number) => void): Promise<number> {
  let rest = '';
  let lineNo = 0;
  for await (const chunk of openText(path)) {
    const text = rest.length > 0 ? rest + (chunk as string) : (chunk as string);
    let start = 0;
    let nl = text.indexOf('\n', start);
    while (nl !== -1) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      onLine(text.slice(start, end), ++lineNo);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) onLine(rest.endsWith('\r') ? rest.slice(0, -1) : rest, ++lineNo);
  return lineNo;
}

/** The whole (possibly gzip) file as text. For whole-document JSON formats. */
export async function readAllText(path: string): Promise<string> {
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
