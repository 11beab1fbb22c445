import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DETAILS_SUBSEGMENT_NAME } from '../../src/contract/names.js';
import type { DetailsRecord, InvocationRecord } from '../../src/contract/types.js';
import { profilerPlugin } from '../../src/plugin.js';
import { profiler } from '../../src/profiler.js';
import { span } from '../../src/span.js';
import type { MetricsLike, TracerLike } from '../../src/structural-types.js';
import { FakeMetrics, FakeTracer, type SentDocument } from '../helpers/fake-xray.js';
import { assertValidMetadata } from '../helpers/schema.js';
import { freshEnvironment, lambdaContext } from '../helpers/state.js';

function ns(doc: SentDocument | undefined): Record<string, unknown> {
  return (doc?.metadata?.['lambda-profiler'] ?? {}) as Record<string, unknown>;
}

describe('profilerPlugin()', () => {
  beforeEach(() => {
    freshEnvironment();
    process.env._HANDLER = 'index.handler';
  });

  it('times every middleware hook and the handler, by position and name', async () => {
    const tracer = new FakeTracer();
    const metrics = new FakeMetrics();
    const inline = { before: async () => undefined };
    const handler = middy(async () => span('app', async () => 'done'), profilerPlugin())
      .use(captureLambdaHandler(tracer as never))
      .use(logMetrics(metrics as never))
      .use(inline)
      .use(profiler({ tracer: tracer as unknown as TracerLike, metrics: metrics as unknown as MetricsLike }));
    expect(await handler({}, lambdaContext('p1'))).toBe('done');
    const doc = tracer.named('## index.handler')[0]!;
    assertValidMetadata(ns(doc));
    const record = ns(doc).invocation as InvocationRecord;
    const timings = record.middlewares!;
    const befores = timings.filter((t) => t.phase === 'before');
    expect(befores.map((t) => [t.position, t.name])).toEqual([
      [0, 'before'],
      [1, 'logMetricsBefore'],
      [2, 'before'],
      [3, 'profilerBefore'],
    ]);
    expect(timings.filter((t) => t.phase === 'handler')).toHaveLength(1);
    // After hooks that ran before the handler subsegment was serialized: the profiler's and logMetrics'.
    expect(timings.filter((t) => t.phase === 'after').map((t) => t.name)).toEqual([
      'profilerAfter',
      'logMetricsAfterOrError',
    ]);
  });

  it('sees onError hooks after a handler error and after a throwing before hook', async () => {
    const tracer = new FakeTracer();
    const boom = new Error('handler');
    const throwing = {
      before: (request: { event: unknown }) => {
        if ((request.event as { fail?: boolean }).fail) throw new Error('before failed');
      },
      onError: () => undefined,
    };
    const handler = middy(
      async () => {
        throw boom;
      },
      profilerPlugin({ tracer: tracer as unknown as TracerLike }),
    )
      .use(throwing)
      .use(profiler({ tracer: tracer as unknown as TracerLike }));
    await expect(handler({}, lambdaContext('e1'))).rejects.toBe(boom);
    const first = ns(tracer.named('## index.handler')[0]).invocation as InvocationRecord;
    // Alone, the profiler sends its own subsegment from its onError hook: later hooks miss that document.
    expect(first.middlewares!.map((t) => t.phase)).toEqual(['before', 'before', 'handler']);
    expect(first.error).toBe(true);

    await expect(handler({ fail: true }, lambdaContext('e2'))).rejects.toThrow('before failed');
    // The profiler never ran: the plugin recorded the invocation itself.
    const early = tracer.named(DETAILS_SUBSEGMENT_NAME).at(-1);
    const record = ns(early).invocation as InvocationRecord;
    expect(record.middlewares!.map((t) => [t.phase, t.name])).toEqual([
      ['before', 'before'],
      ['onError', 'profilerOnError'],
      ['onError', 'onError'],
    ]);
    expect(record.error).toBe(true);
  });

  it('records an early return in requestEnd and leaks nothing into the next invocation', async () => {
    const tracer = new FakeTracer();
    const cache = {
      before: function cacheBefore(request: { event: unknown }) {
        // A span and a dependency call that happen before the early return.
        span('cache lookup', () => 1);
        if ((request.event as { cached?: boolean }).cached) return 'from cache';
        return undefined;
      },
    };
    const handler = middy(
      async () => {
        await span('real work', async () => 2);
        return 'computed';
      },
      profilerPlugin({ tracer: tracer as unknown as TracerLike }),
    )
      .use(cache)
      .use(profiler({ tracer: tracer as unknown as TracerLike }));

    expect(await handler({ cached: true }, lambdaContext('early'))).toBe('from cache');
    const earlyDoc = tracer.named(DETAILS_SUBSEGMENT_NAME).at(-1)!;
    assertValidMetadata(ns(earlyDoc));
    const early = ns(earlyDoc).invocation as InvocationRecord;
    expect(early).toMatchObject({ requestId: 'early', earlyReturn: true, invocationIndex: 1, coldStart: true });
    expect(early.middlewares!.map((t) => t.name)).toEqual(['cacheBefore']);
    expect((ns(earlyDoc).details as DetailsRecord).spans.map((s) => s.name)).toEqual(['cache lookup']);

    expect(await handler({}, lambdaContext('next'))).toBe('computed');
    const next = ns(tracer.named('## index.handler').at(-1)).invocation as InvocationRecord;
    expect(next).toMatchObject({ requestId: 'next', invocationIndex: 2, coldStart: false });
    expect(next).not.toHaveProperty('earlyReturn');
    const details = ns(tracer.named(DETAILS_SUBSEGMENT_NAME).at(-1)).details as DetailsRecord;
    expect(details.requestId).toBe('next');
    expect(details.spans.map((s) => s.name)).toEqual(['cache lookup', 'real work']);
    // Outside any invocation, span() records nothing and just runs the function.
    expect(span('outside', () => 7)).toBe(7);
  });

  it('records nothing anywhere when there is no tracer, and keeps the result', async () => {
    const onError = vi.fn();
    const handler = middy(async () => 'x', profilerPlugin({ onError })).use({ before: () => 'early' });
    expect(await handler({}, lambdaContext('n'))).toBe('early');
    expect(onError).not.toHaveBeenCalled();
  });
});
