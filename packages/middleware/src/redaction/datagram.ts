import { type CompiledRedaction, redactText } from './rules.js';

/** Every X-Ray daemon datagram starts with this header line (the X-Ray SDK's `PROTOCOL_HEADER`). */
export const DAEMON_HEADER = '{"format":"json","version":1}';
const headerBytes = Buffer.from(DAEMON_HEADER);

/**
 * Returns the redacted datagram, or null when the bytes are not an X-Ray document or nothing
 * changed (then the caller sends the original bytes untouched).
 */
export function redactDatagram(
  bytes: Uint8Array,
  offset: number,
  length: number,
  rules: CompiledRedaction,
): Buffer | null {
  if (!rules.enabled || length <= headerBytes.length) return null;
  for (let i = 0; i < headerBytes.length; i++) if (bytes[offset + i] !== headerBytes[i]) return null;
  // A Buffer decodes its range in place; a bare Uint8Array needs a Buffer view first.
  const text =
    bytes instanceof Buffer
      ? bytes.toString('utf8', offset, offset + length)
      : Buffer.from(bytes.buffer, bytes.byteOffset + offset, length).toString('utf8');
  const redacted = redactText(text, rules);
  return redacted === text ? null : Buffer.from(redacted);
}
