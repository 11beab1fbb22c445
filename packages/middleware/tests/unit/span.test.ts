import { describe, expect, it } from 'vitest';
import { buildDetails } from '../../src/emitters/details.js';
import { enterRecording, leaveRecording } from '../../src/recording/current.js';
import { RECORDING_CAPS, Recording } from '../../src/recording/recording.js';
import { sanitizeAttributes } from '../../src/recording/sanitize.js';
import { span } from '../../src/span.js';
import { freshEnvironment } from '../helpers/state.js';

function inRecording<T>(fn: (r: Recording) => Promise<T>): Promise<T> {
  freshEnvironment();
  const recording = new Recording(performance.now());
  recording.detailed = true;
  enterRecording(recording);
  return fn(recording).finally(() => leaveRecording(recording));
}

describe('span()', () => {
  it('returns the same promise, rethrows the same error, and records both', async () => {
    await inRecording(async (rec) => {
      const promise = Promise.resolve(1);
      expect(span('same', () => promise)).toBe(promise);
      const boom = new Error('boom');
      expect(() =>
        span('sync throw', () => {
          throw boom;
        }),
      ).toThrow(boom);
      await expect(span('async throw', async () => Promise.reject(boom))).rejects.toBe(boom);
      await Promise.resolve();
      expect(rec.spans.map((s) => [s.name, s.error ?? false])).toEqual([
        ['same', false],
        ['sync throw', true],
        ['async throw', true],
      ]);
      expect(rec.spans.every((s) => typeof s.heapDeltaMb === 'number')).toBe(true);
    });
  });

  it('keeps parents right for concurrent children', async () => {
    await inRecording(async (rec) => {
      await span('parent', () =>
        Promise.all([span('a', () => new Promise((r) => setTimeout(r, 5))), span('b', () => Promise.resolve())]),
      );
      expect(rec.spans.map((s) => [s.name, s.parent])).toEqual([
        ['parent', null],
        ['a', 0],
        ['b', 0],
      ]);
    });
  });

  it('stops recording at the cap, and a closed recording takes nothing', async () => {
    await inRecording(async (rec) => {
      for (let i = 0; i < RECORDING_CAPS.spans + 3; i++) span(`s${i}`, () => i);
      expect(rec.spans).toHaveLength(RECORDING_CAPS.spans);
      expect(rec.droppedSpans).toBe(3);
      for (let i = 0; i < RECORDING_CAPS.calls + 1; i++)
        rec.addCall({
          v: 1,
          kind: 'aws-call',
          service: 'S',
          operation: 'O',
          awsRequestId: null,
          startEpochMs: 1,
          durationMs: 1,
          tables: [],
        });
      expect(rec.droppedCalls).toBe(1);
    });
    const closed = new Recording(0);
    closed.closed = true;
    expect(closed.addSpan({ name: 'x', startEpochMs: 0, durationMs: 0, parent: null })).toBe(-1);
    closed.addCall({
      v: 1,
      kind: 'aws-call',
      service: 'S',
      operation: 'O',
      awsRequestId: null,
      startEpochMs: 1,
      durationMs: 1,
      tables: [],
    });
    expect(closed.calls).toHaveLength(0);
  });
});

describe('details document bounds', () => {
  it('truncates from the end with a marker instead of dropping the document', () => {
    const rec = new Recording(0);
    rec.requestId = 'r';
    for (let i = 0; i < 600; i++)
      rec.addSpan({
        name: `span-${'x'.repeat(60)}-${i}`,
        startEpochMs: i,
        durationMs: 1,
        parent: i > 0 ? i - 1 : null,
      });
    for (let i = 0; i < 400; i++)
      rec.addCall({
        v: 1,
        kind: 'aws-call',
        service: 'DynamoDB',
        operation: 'GetItem',
        awsRequestId: 'A'.repeat(52),
        startEpochMs: i,
        durationMs: 1,
        tables: ['table'],
      });
    const details = buildDetails(rec, 20_000);
    expect(JSON.stringify(details).length).toBeLessThan(20_000);
    expect(details.spans.length).toBeGreaterThan(0);
    expect(details.truncated!.spans + details.spans.length).toBe(600);
    expect(details.truncated!.calls + details.calls.length).toBe(400);
    expect(details.spans.every((s, i) => s.parent === null || s.parent < i)).toBe(true);
    const small = new Recording(0);
    small.addSpan({ name: 'one', startEpochMs: 0, durationMs: 1, parent: null });
    expect(buildDetails(small).truncated).toBeUndefined();
  });
});

describe('sanitizeAttributes', () => {
  it('keeps annotation-shaped values only, at most 10, strings cut to 250', () => {
    const input: Record<string, unknown> = {
      ok: 'v',
      n: 1,
      b: true,
      inf: Number.POSITIVE_INFINITY,
      obj: {},
      'bad-key': 1,
      long: 'y'.repeat(300),
    };
    for (let i = 0; i < 20; i++) input[`k${i}`] = i;
    const out = sanitizeAttributes(input)!;
    expect(Object.keys(out)).toHaveLength(10);
    expect(out).toMatchObject({ ok: 'v', n: 1, b: true });
    expect((out.long as string).length).toBe(250);
    expect(sanitizeAttributes({ 'no good': 1 })).toBeUndefined();
  });
});
