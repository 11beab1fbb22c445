/**
 * The X-Ray daemon's UDP protocol (formats.md §4): each datagram is a header line
 * `{"format":"json","version":1}`, a `\n`, then exactly one segment document. The daemon accepts the
 * header iff `format` equals "json" ignoring case and `version` is 1; anything else is dropped.
 */

/** Why a datagram was rejected. */
export type InvalidReason = 'missing-header' | 'bad-header' | 'bad-document';

export type ParsedDatagram = { ok: true; line: string } | { ok: false; reason: InvalidReason };

/** The header the X-Ray SDKs send, byte for byte: checked first so the common case skips a JSON parse. */
export const DAEMON_HEADER = '{"format":"json","version":1}';

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

/**
 * Parses one datagram. On success `line` is the document as received, ready to be one NDJSON line:
 * only a document that spans several lines (pretty-printed) is re-serialized onto one.
 */
export function parseDatagram(text: string): ParsedDatagram {
  const newline = text.indexOf('\n');
  if (newline < 0) return { ok: false, reason: 'missing-header' };
  if (!headerIsValid(text.slice(0, newline).trim())) return { ok: false, reason: 'bad-header' };
  const body = text.slice(newline + 1).trim();
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'bad-document' };
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { ok: false, reason: 'bad-document' };
  }
  const line = body.includes('\n') || body.includes('\r') ? JSON.stringify(document) : body;
  return { ok: true, line };
}

/** Encodes one document as a datagram, as the X-Ray SDKs do. */
export function encodeDatagram(document: object): string {
  return `${DAEMON_HEADER}\n${JSON.stringify(document)}`;
}
