/**
 * Text files as people hand them over: UTF-8, with or without a byte-order mark, and UTF-16 with one.
 * Windows PowerShell 5.1 writes `aws … > traces.json` as UTF-16LE with a BOM and `Out-File -Encoding
 * utf8` as UTF-8 with a BOM; read as plain UTF-8, the first gives a wall of NUL characters ("not a
 * known input format") and the second a JSON error at an invisible character. Both are read as the
 * text they hold. Text without a BOM is UTF-8 (what Lambda, the AWS CLI and this project write).
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The encoding a byte-order mark at the start of `head` names, and the mark's length (0: none). */
export function byteOrderMark(head: Uint8Array): { encoding: TextEncoding; bytes: number } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf-8', bytes: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bytes: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bytes: 2 };
  return { encoding: 'utf-8', bytes: 0 };
}

/** The text of a whole file's bytes, its byte-order mark left out. */
export function decodeText(buf: Buffer): string {
  const { encoding, bytes } = byteOrderMark(buf);
  // Buffer#toString for UTF-8: its errors (ERR_STRING_TOO_LONG past 512 MB) are the ones callers name.
  if (encoding === 'utf-8') return buf.toString('utf8', bytes);
  return new TextDecoder(encoding).decode(buf.subarray(bytes));
}

/** The text of a file read in pieces (a character may be cut between two); the mark left out. */
export async function* decodePieces(pieces: AsyncIterable<Buffer>, encoding: TextEncoding): AsyncGenerator<string> {
  // The decoder drops the byte-order mark itself (ignoreBOM false), and holds a cut character over.
  const decoder = new TextDecoder(encoding);
  for await (const piece of pieces) yield decoder.decode(piece, { stream: true });
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}

/**
 * decodePieces in the encoding the first bytes' byte-order mark names (UTF-8 without one): a gzip
 * file's encoding is known only once its first bytes are inflated (a UTF-16 log compressed on Windows).
 */
export async function* decodeSniffed(pieces: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const it = pieces[Symbol.asyncIterator]();
  // A mark is at most 3 bytes: pieces shorter than that are joined until there are enough.
  let head = Buffer.alloc(0);
  let ended = false;
  while (head.length < 3 && !ended) {
    const next = await it.next();
    if (next.done) ended = true;
    else head = Buffer.concat([head, next.value]);
  }
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    for (let next = ended ? null : await it.next(); next && !next.done; next = await it.next()) yield next.value;
  }
  yield* decodePieces(all(), byteOrderMark(head).encoding);
}
