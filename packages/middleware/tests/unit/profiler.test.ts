import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DETAILS_SUBSEGMENT_NAME, INIT_SUBSEGMENT_NAME } from '../../src/contract/names.js';
import type { DetailsRecord, InitRecord, InvocationRecord } from '../../src/contract/types.js';
import { profiler } from '../../src/profiler.js';
import { currentCallSink } from '../../src/recording/global-state.js';
import { span } from '../../src/span.js';
import type { MetricsLike, TracerLike } from '../../src/structural-types.js';
import { FakeMetrics, FakeTracer, type SentDocument } from '../helpers/fake-xray.js';
import { assertValidMetadata } from '../helpers/schema.js';
import { freshEnvironment, lambdaContext } from '../helpers/state.js';

const HANDLER = '## index.handler';

function ns(doc: SentDocument | undefined): Record<string, unknown> {
  return (doc?.metadata?.['lambda-profiler'] ?? {}) as Record<string, unknown>;
}

function innermost(
  app: (event: unknown) => Promise<unknown>,
  tracer: FakeTracer,
  metrics: FakeMetrics,
  onError = vi.fn(),
) {
  return middy(app)
    .use(captureLambdaHandler(tracer as never))
    .use(logMetrics(metrics as never))
    .use(profiler({ tracer: tracer as unknown as TracerLike, metrics: metrics as unknown as MetricsLike, onError }));
}

describe('profiler() innermost after captureLambdaHandler and logMetrics', () => {
  beforeEach(() => {
    freshEnvironment();
    process.env._HANDLER = 'index.handler';
  });

  it('writes the invocation record onto the Powertools handler subsegment and its metrics into the same flush', async () => {
    // Prepare
    const tracer = new FakeTracer();
    const metrics = new FakeMetrics();
    const onError = vi.fn();
    const handler = innermost(
      async () => {
        metrics.addMetric('AppMetric', 'Count', 1);
        await span('work', async () => {
          await span('inner', () => 1);
        });
        return { ok: 1 };
      },
      tracer,
      metrics,
      onError,
    );

    // Act
    const result = await handler({}, lambdaContext('req-1'));

    // Assess
    expect(result).toEqual({ ok: 1 });
    expect(onError).not.toHaveBeenCalled();
    const [doc] = tracer.named(HANDLER);
    expect(doc).toBeDefined();
    expect(doc!.annotations).toMatchObject({
      ColdStart: true,
      ProfilerVersion: expect.any(String),
      InitDurationMs: expect.any(Number),
    });
    const invocation = ns(doc).invocation as InvocationRecord;
    assertValidMetadata(ns(doc));
    expect(invocation).toMatchObject({ requestId: 'req-1', coldStart: true, invocationIndex: 1, sampled: true });
    expect(invocation.memory.rssMb).toBeGreaterThan(0);
    // One flush with the application's metric and the profiler's.
    expect(metrics.published).toHaveLength(1);
    const names = metrics.published[0]!.map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining(['AppMetric', 'MemoryUsed', 'PeakMemory', 'HeapGrowth', 'InitDuration']),
    );
    expect(names).not.toContain('ImportDuration');
  });

  it('sends spans in one details document nested under the handler subsegment', async () => {
    const tracer = new FakeTracer();
    const handler = innermost(
      async () => {
        await span('outer', async () => {
          await span('inner', async () => 'x', { table: 'users' });
        });
      },
      tracer,
      new FakeMetrics(),
    );
    await handler({}, lambdaContext('req-2'));
    const [details] = tracer.named(DETAILS_SUBSEGMENT_NAME);
    const [handlerDoc] = tracer.named(HANDLER);
    expect(details).toBeDefined();
    assertValidMetadata(ns(details));
    const record = ns(details).details as DetailsRecord;
    expect(record.spans.map((s) => [s.name, s.parent])).toEqual([
      ['outer', null],
      ['inner', 0],
    ]);
    expect(record.spans[1]!.attributes).toEqual({ table: 'users' });
    expect(details!.subsegments?.[0]?.name).toBe('## lambda-profiler:span outer');
    expect(details!.subsegments?.[0]?.subsegments?.[0]?.name).toBe('## lambda-profiler:span inner');
    // Sent before the handler subsegment closed, as its child, and not a second time inside it.
    expect(tracer.sent.indexOf(details!)).toBeLessThan(tracer.sent.indexOf(handlerDoc!));
    expect(handlerDoc!.subsegments ?? []).toHaveLength(0);
  });

  it('adds dependency calls through the call-sink seam to the current invocation', async () => {
    const tracer = new FakeTracer();
    const handler = innermost(
      async () => {
        currentCallSink()?.addCall({
          v: 1,
          kind: 'http-call',
          host: 'api.example.com',
          service: 'Example',
          method: 'GET',
          path: '/v1',
          status: 200,
          startEpochMs: Date.now(),
          durationMs: 3,
          reusedSocket: true,
        });
      },
      tracer,
      new FakeMetrics(),
    );
    await handler({}, lambdaContext('req-3'));
    const details = ns(tracer.named(DETAILS_SUBSEGMENT_NAME)[0]).details as DetailsRecord;
    expect(details.calls).toHaveLength(1);
    expect(details.requestId).toBe('req-3');
    // Outside an invocation nothing is current.
    expect(currentCallSink()).toBeUndefined();
  });

  it('emits the init tree once, at the end of the first invocation, with phases summing to its duration', async () => {
    const tracer = new FakeTracer();
    const handler = innermost(async () => 'ok', tracer, new FakeMetrics());
    await handler({}, lambdaContext('a'));
    await handler({}, lambdaContext('b'));
    const inits = tracer.named(INIT_SUBSEGMENT_NAME);
    expect(inits).toHaveLength(1);
    const init = ns(inits[0]).init as InitRecord;
    assertValidMetadata(ns(inits[0]));
    const sum = init.phases.reduce((n, p) => n + p.ms, 0);
    expect(sum).toBeCloseTo(init.durationMs, 2);
    expect(init.imports.source).toBe('none');
    expect(inits[0]!.subsegments?.map((s) => s.name)).toEqual([
      'phase runtime',
      'phase imports',
      'phase aws-sdk',
      'phase custom',
      'phase other',
    ]);
    const second = tracer.named(HANDLER)[1]!;
    expect(second.annotations?.InitDurationMs).toBeUndefined();
    expect(second.annotations?.ColdStart).toBe(false);
    expect((ns(second).invocation as InvocationRecord).invocationIndex).toBe(2);
  });

  it('probes the heap on sampled invocations only, and process.memoryUsage() on the first and in detailed mode', async () => {
    const tracer = new FakeTracer();
    const metrics = new FakeMetrics();
    const build = (options: Parameters<typeof profiler>[0]) =>
      middy(async () => 1)
        .use(captureLambdaHandler(tracer as never))
        .use(logMetrics(metrics as never))
        .use(
          profiler({ tracer: tracer as unknown as TracerLike, metrics: metrics as unknown as MetricsLike, ...options }),
        );
    const unsampled = build({ sampleRate: 0 });
    await unsampled({}, lambdaContext('first'));
    await unsampled({}, lambdaContext('second'));
    const sampled = build({ sampleRate: 1 });
    await sampled({}, lambdaContext('third'));
    const detailed = build({ memory: 'detailed', sampleRate: 0 });
    await detailed({}, lambdaContext('fourth'));

    const [first, second, third, fourth] = tracer.named(HANDLER).map((doc) => ns(doc).invocation as InvocationRecord);
    for (const doc of tracer.named(HANDLER)) assertValidMetadata(ns(doc));
    // The first invocation of an environment: everything.
    expect(first!.sampled).toBe(true);
    expect(first!.memory).toMatchObject({ heapUsedEndMb: expect.any(Number), rssMb: expect.any(Number) });
    // Unsampled: only the configured size and the (cached) peak RSS; no heap growth.
    expect(second!.sampled).toBe(false);
    expect(Object.keys(second!.memory).sort()).toEqual(['limitMb', 'peakRssMb']);
    expect(second!.heapGrowthMb).toBeUndefined();
    // Sampled: heap at start and end, external memory, growth; no /proc read.
    expect(third!.sampled).toBe(true);
    expect(third!.memory).toMatchObject({
      heapUsedStartMb: expect.any(Number),
      heapUsedEndMb: expect.any(Number),
      heapTotalMb: expect.any(Number),
      externalMb: expect.any(Number),
    });
    expect(third!.memory.rssMb).toBeUndefined();
    expect(third!.heapGrowthMb).toBeCloseTo(third!.memory.heapUsedEndMb! - third!.memory.heapUsedStartMb!, 2);
    // Detailed: every invocation sampled, with process.memoryUsage().
    expect(fourth!.sampled).toBe(true);
    expect(fourth!.memory.rssMb).toBeGreaterThan(0);
    expect(fourth!.memory.arrayBuffersMb).toBeGreaterThanOrEqual(0);
    // Memory metrics travel only with sampled invocations.
    const memoryUsedFlushes = metrics.published.filter((flush) => flush.some((m) => m.name === 'MemoryUsed'));
    expect(memoryUsedFlushes).toHaveLength(3);
  });

  it('counts GC pauses of a sampled invocation and gives each sampled span its share', async () => {
    const tracer = new FakeTracer();
    const handler = middy(async () => {
      await span('allocate', async () => {
        // Enough short-lived garbage for several scavenges; awaiting lets the GC entries arrive.
        for (let round = 0; round < 20; round++) {
          let junk: object[] = [];
          for (let i = 0; i < 50_000; i++) junk.push({ i, s: `x${i}` });
          junk = [];
          await new Promise((resolve) => setImmediate(resolve));
        }
      });
      await span('idle', () => new Promise((resolve) => setImmediate(resolve)));
      return 1;
    })
      .use(captureLambdaHandler(tracer as never))
      .use(profiler({ tracer: tracer as unknown as TracerLike, sampleRate: 1 }));
    await handler({}, lambdaContext('gc'));

    const doc = tracer.named(HANDLER)[0]!;
    const invocation = ns(doc).invocation as InvocationRecord;
    assertValidMetadata(ns(doc));
    expect(invocation.gc!.count).toBeGreaterThan(0);
    expect(invocation.gc!.pauseMs).toBeGreaterThan(0);
    const details = ns(tracer.named(DETAILS_SUBSEGMENT_NAME)[0]).details as DetailsRecord;
    const [allocate, idle] = details.spans;
    expect(allocate!.gcPauseMs).toBeGreaterThan(0);
    expect(allocate!.gcPauseMs).toBeLessThanOrEqual(invocation.gc!.pauseMs);
    expect(idle!.gcPauseMs).toBeGreaterThanOrEqual(0);
  });

  it('records nothing for an untraced, unsampled invocation, yet counts it and keeps the handler whole', async () => {
    const tracer = new FakeTracer();
    const metrics = new FakeMetrics();
    const seen: { sink: boolean; span: number }[] = [];
    const handler = middy(async () => {
      const value = await span('work', async () => 41 + 1);
      seen.push({ sink: currentCallSink() !== undefined, span: value });
      return value;
    }).use(
      profiler({ tracer: tracer as unknown as TracerLike, metrics: metrics as unknown as MetricsLike, sampleRate: 0 }),
    );
    // X-Ray samples neither invocation (Sampled=0): the SDK builds notTraced documents, sends none.
    tracer.facade.notTraced = true;
    expect(await handler({}, lambdaContext('cold'))).toBe(42);
    expect(await handler({}, lambdaContext('light'))).toBe(42);
    tracer.facade.notTraced = false;
    expect(await handler({}, lambdaContext('traced'))).toBe(42);

    // The first invocation is always sampled, so recorded; the second is not recorded at all.
    expect(seen.map((s) => s.sink)).toEqual([true, false, true]);
    expect(seen.every((s) => s.span === 42)).toBe(true);
    // Only the traced one reached X-Ray, and it still counts the light one before it.
    const docs = tracer.named(HANDLER);
    expect(docs).toHaveLength(1);
    expect((ns(docs[0]).invocation as InvocationRecord).invocationIndex).toBe(3);
    // Used alone, the profiler flushes the metrics of every invocation, light ones too.
    expect(metrics.published).toHaveLength(3);
  });

  it('rethrows the handler error object untouched and marks the record', async () => {
    const tracer = new FakeTracer();
    const boom = new Error('boom');
    const handler = innermost(
      async () => {
        throw boom;
      },
      tracer,
      new FakeMetrics(),
    );
    await expect(handler({}, lambdaContext('err'))).rejects.toBe(boom);
    const invocation = ns(tracer.named(HANDLER)[0]).invocation as InvocationRecord;
    expect(invocation.error).toBe(true);
  });

  it('adds annotate() results but never a second ColdStart', async () => {
    const tracer = new FakeTracer();
    const handler = middy(async () => 1)
      .use(captureLambdaHandler(tracer as never))
      .use(
        profiler({
          tracer: tracer as unknown as TracerLike,
          annotate: (event) => ({ Platform: (event as { p: string }).p, ColdStart: 'no', 'bad key': 1 }),
        }),
      );
    await handler({ p: 'slack' }, lambdaContext('x'));
    const doc = tracer.named(HANDLER)[0]!;
    expect(doc.annotations).toMatchObject({ Platform: 'slack', ColdStart: true });
    expect(doc.annotations).not.toHaveProperty('bad key');
  });
});

describe('profiler() alone', () => {
  beforeEach(() => {
    freshEnvironment();
    process.env._HANDLER = 'index.handler';
  });

  it('opens and closes its own handler subsegment and flushes its own metrics', async () => {
    const tracer = new FakeTracer();
    const metrics = new FakeMetrics();
    let inside: unknown;
    const handler = middy(async () => {
      inside = tracer.getSegment();
      return 'r';
    }).use(profiler({ tracer: tracer as unknown as TracerLike, metrics: metrics as unknown as MetricsLike }));
    expect(await handler({}, lambdaContext('alone'))).toBe('r');
    const [doc] = tracer.named(HANDLER);
    expect(doc).toBeDefined();
    expect((inside as { name: string }).name).toBe(HANDLER);
    expect(tracer.getSegment()).toBe(tracer.facade);
    expect(doc!.annotations).not.toHaveProperty('ColdStart');
    expect(metrics.published).toHaveLength(1);
    expect(metrics.published[0]!.map((m) => m.name)).toContain('MemoryUsed');
  });

  it('flags a fault on its own subsegment when the handler throws', async () => {
    const tracer = new FakeTracer();
    const boom = new TypeError('nope');
    const handler = middy(async () => {
      throw boom;
    }).use(profiler({ tracer: tracer as unknown as TracerLike }));
    await expect(handler({}, lambdaContext('f'))).rejects.toBe(boom);
    expect(tracer.named(HANDLER)[0]!.fault).toBe(true);
  });

  it('writes onto a subsegment someone else opened instead of nesting a second handler subsegment', async () => {
    const tracer = new FakeTracer();
    const mine = tracer.facade.addNewSubsegment('## custom');
    tracer.setSegment(mine);
    const handler = middy(async () => 1).use(profiler({ tracer: tracer as unknown as TracerLike }));
    await handler({}, lambdaContext('c'));
    expect(tracer.named(HANDLER)).toHaveLength(0);
    expect((mine as unknown as SentDocument).metadata?.['lambda-profiler']).toHaveProperty('invocation');
  });
});

describe('profiler() never breaks the handler', () => {
  beforeEach(() => freshEnvironment());
  afterEach(() => {
    vi.restoreAllMocks();
    delete process.env.LAMBDA_PROFILER_ENABLED;
  });

  it('reports emitter failures to onError and returns the handler result', async () => {
    const tracer = new FakeTracer();
    const metrics = new FakeMetrics();
    metrics.addMetric = () => {
      throw new Error('metrics down');
    };
    const onError = vi.fn();
    const handler = middy(async () => 'fine')
      .use(captureLambdaHandler(tracer as never))
      .use(profiler({ tracer: tracer as unknown as TracerLike, metrics: metrics as unknown as MetricsLike, onError }));
    const doc = tracer.facade;
    const original = doc.addNewSubsegment.bind(doc);
    doc.addNewSubsegment = (name) => {
      const sub = original(name);
      sub.addMetadata = () => {
        throw new Error('xray down');
      };
      return sub;
    };
    expect(await handler({}, lambdaContext('e'))).toBe('fine');
    const stages = onError.mock.calls.map((c) => (c[1] as { stage: string }).stage);
    expect(stages).toEqual(expect.arrayContaining(['xray', 'metrics']));
  });

  it('survives a tracer that throws in before, and an onError that throws', async () => {
    const tracer = {
      isTracingEnabled: () => {
        throw new Error('tracer broken');
      },
      getSegment: () => undefined,
      setSegment: () => {},
    };
    const handler = middy(async () => 42).use(
      profiler({
        tracer,
        onError: () => {
          throw new Error('callback broken too');
        },
      }),
    );
    expect(await handler({}, lambdaContext('t'))).toBe(42);
  });

  it('warns once by default', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const metrics = {
      addMetric: () => {
        throw new Error('down');
      },
      publishStoredMetrics: () => {},
    };
    const handler = middy(async () => 1).use(profiler({ metrics }));
    await handler({}, lambdaContext('1'));
    await handler({}, lambdaContext('2'));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain('lambda-profiler');
  });

  it('is a no-op when disabled by option or environment', async () => {
    const tracer = new FakeTracer();
    const metrics = new FakeMetrics();
    const spyTracing = vi.spyOn(tracer, 'isTracingEnabled');
    process.env.LAMBDA_PROFILER_ENABLED = 'false';
    const fromEnv = profiler({ tracer: tracer as unknown as TracerLike, metrics: metrics as unknown as MetricsLike });
    const fromOption = profiler({ enabled: false, tracer: tracer as unknown as TracerLike });
    expect(Object.keys(fromEnv)).toEqual(['before']);
    const handler = middy(async () => span('s', () => 'v'))
      .use(fromEnv)
      .use(fromOption);
    expect(await handler({}, lambdaContext('d'))).toBe('v');
    expect(spyTracing).not.toHaveBeenCalled();
    expect(metrics.stored).toHaveLength(0);
    expect(tracer.sent).toHaveLength(0);
  });

  it('records but sends nothing to X-Ray when tracing is off', async () => {
    const tracer = new FakeTracer();
    tracer.enabled = false;
    const metrics = new FakeMetrics();
    const handler = middy(async () => span('s', () => 'v')).use(
      profiler({ tracer: tracer as unknown as TracerLike, metrics: metrics as unknown as MetricsLike }),
    );
    expect(await handler({}, lambdaContext('off'))).toBe('v');
    expect(tracer.sent).toHaveLength(0);
    expect(metrics.published[0]!.map((m) => m.name)).toContain('PeakMemory');
  });
});
