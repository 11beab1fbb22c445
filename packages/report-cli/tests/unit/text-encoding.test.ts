import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readInputText } from '../../src/cli/read-input.js';
import { generateReport } from '../../src/generate/index.js';
import { byteOrderMark, decodePieces, decodeText } from '../../src/readers/text-encoding.js';
import { FIXED_TIME, fixture } from '../helpers/fixtures.js';

const utf16le = (text: string) => Buffer.from(`\uFEFF${text}`, 'utf16le');
const utf16be = (text: string) => utf16le(text).swap16();
const utf8Bom = (text: string) => Buffer.from(`\uFEFF${text}`);

describe('text encodings', () => {
  it('tells the encoding from a byte-order mark, UTF-8 without one', () => {
    expect(byteOrderMark(Buffer.from([0xef, 0xbb, 0xbf, 0x7b]))).toEqual({ encoding: 'utf-8', bytes: 3 });
    expect(byteOrderMark(Buffer.from([0xff, 0xfe, 0x7b, 0]))).toEqual({ encoding: 'utf-16le', bytes: 2 });
    expect(byteOrderMark(Buffer.from([0xfe, 0xff, 0, 0x7b]))).toEqual({ encoding: 'utf-16be', bytes: 2 });
    expect(byteOrderMark(Buffer.from('{"a":1}'))).toEqual({ encoding: 'utf-8', bytes: 0 });
    expect(byteOrderMark(Buffer.from([0xef, 0xbb]))).toEqual({ encoding: 'utf-8', bytes: 0 });
  });

  it('decodes whole files and files read in pieces cut anywhere, the mark left out', async () => {
    const text = 'REPORT RequestId: é日本 🙂\tDuration: 1.5 ms\n{"a":"x"}';
    for (const bytes of [Buffer.from(text), utf8Bom(text), utf16le(text), utf16be(text)])
      expect(decodeText(bytes)).toBe(text);
    for (const [bytes, encoding] of [
      [utf16le(text), 'utf-16le'],
      [utf16be(text), 'utf-16be'],
    ] as const)
      for (const size of [1, 2, 3, 5, 64]) {
        async function* pieces() {
          for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
        }
        let out = '';
        for await (const piece of decodePieces(pieces(), encoding)) out += piece;
        expect(out, `${encoding} in ${size}-byte pieces`).toBe(text);
      }
  });

  it('reads whole input files (check, compare) in any of them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-encodings-'));
    const text = 'Resources:\n  Fn: {Type: AWS::Serverless::Function}  # é\n';
    for (const [name, bytes] of Object.entries({ plain: Buffer.from(text), utf8Bom, utf16le, utf16be })) {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, typeof bytes === 'function' ? bytes(text) : bytes);
      expect(await readInputText(file), name).toBe(text);
    }
  });

  it('gives the same report from inputs saved as UTF-8 with a BOM or as UTF-16 (Windows PowerShell)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-encodings-'));
    const inputs = {
      batch: fixture('xray/lambda-cold-warm-2023.batch.json'),
      ndjson: fixture('xray/lambda-new-layout.ndjson'),
      text: fixture('logs/lambda-text.log'),
      events: fixture('logs/filter-log-events.json'),
    };
    const report = (paths: typeof inputs) =>
      generateReport({
        traces: [paths.batch, paths.ndjson],
        logs: [paths.text, paths.events],
        generatedAt: FIXED_TIME,
      });
    const expected = await report(inputs);
    expect(expected.sample.invocations).toBeGreaterThan(0);
    const gzipped = (encode: (text: string) => Buffer) => (text: string) => gzipSync(encode(text));
    for (const [name, encode] of Object.entries({
      utf8Bom,
      utf16le,
      utf16be,
      gzipUtf16le: gzipped(utf16le),
      gzipUtf16be: gzipped(utf16be),
    })) {
      const saved = Object.fromEntries(
        Object.entries(inputs).map(([kind, path]) => {
          const copy = join(dir, `${name}-${kind}${path.slice(path.lastIndexOf('.'))}`);
          writeFileSync(copy, encode(readFileSync(path, 'utf8')));
          return [kind, copy];
        }),
      ) as typeof inputs;
      const got = await report(saved);
      // The same figures; only the notes' file names differ.
      expect({ ...got, notes: [] }, name).toEqual({ ...expected, notes: [] });
      expect(got.notes.length).toBe(expected.notes.length);
    }
  });
});
