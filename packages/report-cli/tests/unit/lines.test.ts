import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachLine } from '../../src/readers/lines.js';

const dir = mkdtempSync(join(tmpdir(), 'lp-lines-'));

type Encoding = 'utf-8' | 'utf-8 with BOM' | 'utf-16le' | 'utf-16be';

/** The bytes of `text` as a file in `encoding` (UTF-16 with its byte-order mark, as Windows writes it). */
function encode(text: string, encoding: Encoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text);
  if (encoding === 'utf-8 with BOM') return Buffer.from(`\uFEFF${text}`);
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return encoding === 'utf-16le' ? le : le.swap16();
}

async function linesOf(
  text: string,
  chunkBytes: number,
  readBytes?: number,
  encoding: Encoding = 'utf-8',
  gzip = false,
): Promise<[string, number][]> {
  const file = join(dir, 'input.txt');
  // Gzip of any encoding (a UTF-16 log compressed on Windows): the mark is found once inflated.
  writeFileSync(file, gzip ? gzipSync(encode(text, encoding)) : encode(text, encoding));
  const out: [string, number][] = [];
  await forEachLine(file, (line, n) => out.push([line, n]), { chunkBytes, readBytes });
  return out;
}

describe('forEachLine', () => {
  it('gives every line once, in order, whatever the chunk size (long lines, multi-byte text, CRLF, encodings)', async () => {
    const line = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.constant('x'.repeat(70)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 30 }),
        fc.constantFrom(8, 16, 64),
        // Read blocks smaller than a line, than a multi-byte character, and larger than the text.
        fc.constantFrom(1, 3, 7, 32, 1 << 20),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom<Encoding>('utf-8', 'utf-8', 'utf-8 with BOM', 'utf-16le', 'utf-16be'),
        fc.boolean(),
        async (lines, chunk, block, crlf, trailing, encoding, gzip) => {
          // U+FEFF at the start of a file is a byte-order mark by definition: none in the lines.
          const clean = lines.map((l) => l.replace(/[\r\n\uFEFF]/g, ''));
          const text = clean.join(crlf ? '\r\n' : '\n') + (trailing ? '\n' : '');
          // Newline-terminated lines, then whatever follows the last newline if anything does.
          const pieces = text.split('\n');
          const rest = pieces.pop() ?? '';
          if (rest.length > 0) pieces.push(rest);
          const expected = pieces.map((l, i) => [l.endsWith('\r') ? l.slice(0, -1) : l, i + 1]);
          expect(await linesOf(text, chunk, block, encoding, gzip)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports the bytes read after each read, ending at the file size', async () => {
    const file = join(dir, 'bytes.txt');
    const text = `${'é'.repeat(50)}\n`.repeat(40);
    writeFileSync(file, text);
    const seen: number[] = [];
    const lines = await forEachLine(file, () => {}, { readBytes: 256, onBytes: (n) => seen.push(n) });
    expect(lines).toBe(40);
    const size = Buffer.byteLength(text);
    expect(seen.length).toBe(Math.ceil(size / 256));
    expect(seen.every((n, i) => i === 0 || n > seen[i - 1]!)).toBe(true);
    expect(seen.at(-1)).toBe(size);
  });

  it('reports compressed bytes for a gzip file, ending at its size', async () => {
    const { gzipSync } = await import('node:zlib');
    const { randomBytes } = await import('node:crypto');
    const file = join(dir, 'bytes.txt.gz');
    // Random hex: does not compress away, so the file spans several reads.
    const lines = Array.from({ length: 3000 }, () => randomBytes(600).toString('hex'));
    const gz = gzipSync(`${lines.join('\n')}\n`);
    writeFileSync(file, gz);
    const seen: number[] = [];
    let count = 0;
    await forEachLine(file, () => count++, { onBytes: (n) => seen.push(n) });
    expect(count).toBe(3000);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((n, i) => i === 0 || n >= seen[i - 1]!)).toBe(true);
    expect(seen.at(-1)).toBe(gz.length);
  });
});
