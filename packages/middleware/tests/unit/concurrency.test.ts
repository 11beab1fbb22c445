import { InvokeStore } from '@aws/lambda-invoke-store';
import middy from '@middy/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DETAILS_SUBSEGMENT_NAME } from '../../src/contract/names.js';
import type { DetailsRecord } from '../../src/contract/types.js';
import { profiler } from '../../src/profiler.js';
import { currentCallSink } from '../../src/recording/global-state.js';
import { span } from '../../src/span.js';
import type { TracerLike } from '../../src/structural-types.js';
import { FakeTracer } from '../helpers/fake-xray.js';
import { freshEnvironment, lambdaContext } from '../helpers/state.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function app(delays: number[]) {
  return async (event: { id: string }) => {
    for (const [i, ms] of delays.entries()) {
      await span(`${event.id}-${i}`, async () => {
        await sleep(ms);
        currentCallSink()?.addCall({
          v: 1,
          kind: 'http-call',
          host: `${event.id}.example`,
          service: event.id,
          method: 'GET',
          path: '/',
          status: 200,
          startEpochMs: Date.now(),
          durationMs: ms,
          reusedSocket: null,
        });
      });
    }
    return event.id;
  };
}

function detailsById(tracer: FakeTracer): Map<string, DetailsRecord> {
  const out = new Map<string, DetailsRecord>();
  for (const doc of tracer.named(DETAILS_SUBSEGMENT_NAME)) {
    const details = doc.metadata?.['lambda-profiler']?.details as DetailsRecord;
    out.set(details.requestId, details);
  }
  return out;
}

function assertSeparate(details: Map<string, DetailsRecord>, ids: string[]): void {
  for (const id of ids) {
    const record = details.get(id)!;
    expect(record.spans.length).toBeGreaterThan(0);
    expect(record.spans.every((s) => s.name.startsWith(`${id}-`))).toBe(true);
    expect(record.calls.every((c) => c.kind === 'http-call' && c.service === id)).toBe(true);
    expect(record.calls).toHaveLength(record.spans.length);
  }
}

describe('concurrent invocations in one process', () => {
  let store: Awaited<ReturnType<typeof InvokeStore.getInstanceAsync>>;
  beforeAll(async () => {
    // Lambda Managed Instances: many invocations per process, each inside InvokeStore.run().
    store = await InvokeStore.getInstanceAsync(true);
  });
  beforeEach(() => freshEnvironment());

  it('keeps separate recordings for invocations running inside InvokeStore.run', async () => {
    const tracer = new FakeTracer();
    const handler = middy(app([15, 1, 8])).use(profiler({ tracer: tracer as unknown as TracerLike }));
    const other = middy(app([1, 12, 2])).use(profiler({ tracer: tracer as unknown as TracerLike }));
    const ids = ['a', 'b', 'c'];
    const results = await Promise.all(
      ids.map((id, i) =>
        store.run({ [Symbol.for('_AWS_LAMBDA_REQUEST_ID')]: id }, () =>
          (i % 2 ? other : handler)({ id }, lambdaContext(id)),
        ),
      ),
    );
    expect(results).toEqual(ids);
    assertSeparate(detailsById(tracer), ids);
    expect(globalThis.awslambda?.InvokeStore).toBe(store);
  });

  it('keeps separate recordings for overlapping invocations started from one context', async () => {
    const tracer = new FakeTracer();
    const handler = middy(app([10, 1])).use(profiler({ tracer: tracer as unknown as TracerLike }));
    const other = middy(app([1, 10])).use(profiler({ tracer: tracer as unknown as TracerLike }));
    await Promise.all([handler({ id: 'x' }, lambdaContext('x')), other({ id: 'y' }, lambdaContext('y'))]);
    assertSeparate(detailsById(tracer), ['x', 'y']);
  });
});
