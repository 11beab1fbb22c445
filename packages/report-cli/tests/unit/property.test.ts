import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.js';
import { validateReport } from '../../src/contracts/validate.js';
import { generateReport } from '../../src/generate/index.js';

const traceId = fc.constantFrom(
  '1-66bfd54d-6b379b8727b6273f7675338c',
  '1-66bfd54e-0000000000000000000000ab',
  'not-a-trace',
);
const hexId = fc.stringMatching(/^[0-9a-f]{16}$/);
const time = fc.oneof(fc.double({ min: 1.7e9, max: 1.7e9 + 10, noNaN: true }), fc.constant(Number.NaN), fc.string());
const doc = fc.record(
  {
    id: hexId,
    name: fc.constantFrom('fn', 'DynamoDB', '## index.handler', 'Initialization', 'Overhead', 'api.example.com'),
    trace_id: traceId,
    start_time: time,
    end_time: time,
    parent_id: hexId,
    type: fc.constantFrom('subsegment', undefined),
    origin: fc.constantFrom('AWS::Lambda::Function', 'AWS::Lambda', undefined),
    namespace: fc.constantFrom('aws', 'remote', undefined),
    in_progress: fc.boolean(),
    aws: fc.option(
      fc.record({ operation: fc.constantFrom('GetItem', 'Scan'), table_name: fc.string(), retries: fc.integer() }),
    ),
    subsegments: fc.option(
      fc.array(fc.record({ id: hexId, name: fc.string(), start_time: time, end_time: time }), { maxLength: 3 }),
    ),
  },
  { requiredKeys: [] },
);
const logLine = fc.oneof(
  fc.string(),
  fc
    .tuple(fc.uuid(), fc.double({ noNaN: true }))
    .map(([id, d]) => `REPORT RequestId: ${id}\tDuration: ${d} ms\tMemory Size: 128 MB`),
  fc.uuid().map((id) => `START RequestId: ${id} Version: $LATEST`),
  fc.constant('INIT_START Runtime Version: nodejs:24.v48'),
  fc.json(),
);

describe('any input', () => {
  it('yields a schema-valid report or a clean InputError, never anything else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-prop-'));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            doc.map((d) => JSON.stringify(d)),
            fc.string(),
            fc.json(),
          ),
          { maxLength: 12 },
        ),
        fc.array(logLine, { maxLength: 12 }),
        fc.constantFrom('traces', 'batch', 'array', 'both', 'tail-json'),
        async (traceLines, logLines, shape) => {
          const i = n++;
          const traces = join(dir, `t${i}.ndjson`);
          const logs = join(dir, `l${i}.log`);
          const tracesText =
            shape === 'batch'
              ? JSON.stringify({
                  Traces: [
                    {
                      Id: '1-66bfd54d-6b379b8727b6273f7675338c',
                      Segments: traceLines.map((d, j) => ({ Id: String(j), Document: d })),
                    },
                  ],
                })
              : shape === 'array'
                ? // A top-level array (`--query 'Traces[*]'`, documents): each line's value, or the line as a string.
                  JSON.stringify(
                    traceLines.map((line) => {
                      try {
                        return JSON.parse(line) as unknown;
                      } catch {
                        return line;
                      }
                    }),
                  )
                : traceLines.join('\n');
          writeFileSync(traces, tracesText);
          writeFileSync(
            logs,
            shape === 'tail-json'
              ? // `aws logs tail --format json`: a JSON message pretty-printed on the lines after its prefix.
                logLines
                  .map((line, j) => {
                    let message = line;
                    try {
                      message = `\n${JSON.stringify(JSON.parse(line), null, 4)}`;
                    } catch {}
                    return `2026-01-15T10:00:0${j % 10}.000000+00:00 2026/01/15/[$LATEST]abc ${message}`.trimEnd();
                  })
                  .join('\n')
              : logLines.join('\n'),
          );
          try {
            const report = await generateReport({
              traces: [traces],
              ...(shape === 'both' || shape === 'tail-json' ? { logs: [logs] } : {}),
              generatedAt: '2026-01-15T12:00:00.000Z',
            });
            expect(validateReport(report).errors).toEqual([]);
          } catch (error) {
            if (!(error instanceof InputError)) throw error;
            expect(error.message.length).toBeGreaterThan(0);
            expect(error.message).not.toContain('\n');
          }
        },
      ),
      { numRuns: 300, seed: 20260115 },
    );
  });
});
