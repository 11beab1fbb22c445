import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateReport } from '../../src/generate/index.js';
import { FIXED_TIME, fixture } from '../helpers/fixtures.js';

/** The newer-layout fixture's lines, changed by `edit`, as a file of their own. */
function variant(edit: (lines: string[]) => string[]): string {
  const lines = readFileSync(fixture('xray/lambda-new-layout.ndjson'), 'utf8').trim().split('\n');
  const file = join(mkdtempSync(join(tmpdir(), 'lp-notes-')), 'traces.ndjson');
  writeFileSync(file, `${edit(lines).join('\n')}\n`);
  return file;
}

describe('report notes agree with their counts', () => {
  it('say "was" of one invocation of another function left out', async () => {
    // The classic 2017 trace is of another function than the newer layout's.
    const r = await generateReport({
      traces: [fixture('xray/lambda-new-layout.ndjson'), fixture('xray/lambda-classic-2017.ndjson')],
      generatedAt: FIXED_TIME,
    });
    expect(r.notes).toContain(
      `1 invocation of other functions in the same traces was left out (profiled: ${r.function.name}).`,
    );
  });

  it('name one invalid record and one duplicate document in the singular', async () => {
    const file = variant((lines) => [...lines, '{not json', lines[2]!]);
    const r = await generateReport({ traces: [file], generatedAt: FIXED_TIME });
    expect(r.notes).toContain(
      `1 input record was invalid and skipped (first: ${file}:7: not valid JSON; line skipped).`,
    );
    expect(r.notes).toContain('1 duplicate document was ignored (never counted as calls).');
  });

  it('name only the kinds of ignored documents there were, in the plural', async () => {
    const file = variant((lines) => [...lines, lines[2]!, lines[3]!, '{not json', '[]']);
    const r = await generateReport({ traces: [file], generatedAt: FIXED_TIME });
    expect(r.notes).toContain('2 duplicate documents were ignored (never counted as calls).');
    expect(r.notes.find((n) => n.includes('invalid and skipped'))).toMatch(/^2 input records were invalid/);
  });
});
