import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileAppender } from '../../../src/collector/file-appender.js';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lp-appender-'));
  dirs.push(dir);
  return join(dir, 'sub', 'out.ndjson');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('FileAppender', () => {
  it('writes lines in order across chunk boundaries, including a line larger than a chunk', async () => {
    // Prepare
    const path = tempFile();
    const appender = new FileAppender(path);
    const lines = Array.from({ length: 3000 }, (_, i) => `{"i":${i},"pad":"${'x'.repeat(i % 300)}"}`);
    const huge = `{"huge":"${'y'.repeat(600 * 1024)}"}`;

    // Act
    for (const [i, line] of lines.entries()) appender.appendLine(i % 2 ? Buffer.from(line) : line);
    appender.appendLine(huge);
    appender.append('tail without newline');
    await appender.close();

    // Assess
    expect(readFileSync(path, 'utf8')).toBe(`${[...lines, huge].join('\n')}\ntail without newline`);
  });

  it('has everything in the file once drain() resolves, and appends to what was there', async () => {
    const path = tempFile();
    const first = new FileAppender(path);
    first.appendLine('one');
    await first.close();
    const second = new FileAppender(path);
    second.appendLine('two');
    await second.drain();
    expect(readFileSync(path, 'utf8')).toBe('one\ntwo\n');
    await second.close();
    expect(() => second.appendLine('three')).toThrow('append after close');
  });

  it('writes multi-byte text by its byte length', async () => {
    const path = tempFile();
    const appender = new FileAppender(path);
    appender.appendLine('héllo ✓ 日本');
    await appender.close();
    expect(readFileSync(path, 'utf8')).toBe('héllo ✓ 日本\n');
  });
});
