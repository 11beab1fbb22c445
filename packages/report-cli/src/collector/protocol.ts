/**
 * The X-Ray daemon's UDP protocol (formats.md §4): each datagram is a header line
 * `{"format":"json","version":1}`, a `\n`, then exactly one segment document. The daemon accepts the
 * header iff `format` equals "json" ignoring case and `version` is 1; anything else is dropped.
 */

/** Why a datagram was rejected. */
export type InvalidReason = 'missing-header' | 'bad-header' | 'bad-document';

export type ParsedDatagram = { ok: true; line: string } | { ok: false; reason: InvalidReason };

/**
 * A document ready to be one NDJSON line: the received bytes when they already are one line (no
 * copy, no re-encoding), else the document re-serialized onto one line.
 */
export type ParsedDatagramBytes = { ok: true; document: Buffer | string } | { ok: false; reason: InvalidReason };

/** The header the X-Ray SDKs send, byte for byte: checked first so the common case skips a JSON parse. */
export const DAEMON_HEADER = '{"format":"json","version":1}';
const HEADER_LINE = Buffer.from(`${DAEMON_HEADER}\n`);
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x09 || byte === NEWLINE || byte === RETURN;

function headerIsValid(header: string): boolean {
  if (header === DAEMON_HEADER) return true;
  try {
    const parsed = JSON.parse(header) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return false;
    const { format, version } = parsed as { format?: unknown; version?: unknown };
    return typeof format === 'string' && format.toLowerCase() === 'json' && version === 1;
  } catch {
    return false;
  }
}

/** A JSON object parsed from `text`, or undefined. */
function parseObject(text: string): object | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Parses one datagram as received from the socket (the collector's hot path). */
export function parseDatagramBytes(datagram: Buffer): ParsedDatagramBytes {
  const newline = datagram.indexOf(NEWLINE);
  if (newline < 0) return { ok: false, reason: 'missing-header' };
  const sdkHeader = newline === HEADER_LINE.length - 1 && datagram.compare(HEADER_LINE, 0, newline, 0, newline) === 0;
  if (!sdkHeader && !headerIsValid(datagram.toString('utf8', 0, newline).trim())) {
    return { ok: false, reason: 'bad-header' };
  }
  const text = datagram.toString('utf8', newline + 1);
  const document = parseObject(text);
  if (!document) return { ok: false, reason: 'bad-document' };
  // Byte checks on the buffer: cheaper than scanning the string, and this runs for every datagram.
  if (datagram.indexOf(NEWLINE, newline + 1) >= 0 || datagram.indexOf(RETURN, newline + 1) >= 0) {
    return { ok: true, document: JSON.stringify(document) };
  }
  if (isSpace(datagram[newline + 1]) || isSpace(datagram[datagram.length - 1])) {
    return { ok: true, document: text.trim() };
  }
  return { ok: true, document: datagram.subarray(newline + 1) };
}

/** Parses one datagram given as text. On success `line` is the document as one NDJSON line. */
export function parseDatagram(text: string): ParsedDatagram {
  const parsed = parseDatagramBytes(Buffer.from(text));
  if (!parsed.ok) return parsed;
  return { ok: true, line: typeof parsed.document === 'string' ? parsed.document : parsed.document.toString('utf8') };
}

/** Encodes one document as a datagram, as the X-Ray SDKs do. */
export function encodeDatagram(document: object): string {
  return `${DAEMON_HEADER}\n${JSON.stringify(document)}`;
}
