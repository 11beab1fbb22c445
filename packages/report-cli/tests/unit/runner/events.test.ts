import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/cli/errors.js';
import { readEvents } from '../../../src/runner/events.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lp-events-'));
  writeFileSync(join(root, 'events.ndjson'), '{"a":1}\n\n{"a":2}\n');
  writeFileSync(join(root, 'bad.ndjson'), '{"a":1}\n{"a":\n');
  mkdirSync(join(root, 'dir'));
  writeFileSync(join(root, 'dir', 'b.json'), '{\n  "b": 1\n}\n');
  writeFileSync(join(root, 'dir', 'a.ndjson'), '{"a":1}\n{"a":2}\n');
  writeFileSync(join(root, 'dir', 'notes.txt'), 'not an event');
  mkdirSync(join(root, 'empty'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readEvents', () => {
  it('reads one event per non-empty NDJSON line', () => {
    expect(readEvents(join(root, 'events.ndjson'))).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('reads a folder in file-name order, .json files as one event, skipping other files', () => {
    expect(readEvents(join(root, 'dir'))).toEqual([{ a: 1 }, { a: 2 }, { b: 1 }]);
  });

  it('names the file and line of invalid JSON', () => {
    try {
      readEvents(join(root, 'bad.ndjson'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).location).toEqual({ file: join(root, 'bad.ndjson'), line: 2 });
    }
  });

  it('rejects a folder without events and a missing path', () => {
    expect(() => readEvents(join(root, 'empty'))).toThrow('no events found');
    expect(() => readEvents(join(root, 'nope'))).toThrow('no such file or folder');
  });
});
