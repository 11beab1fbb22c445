import { describe, expect, it } from 'vitest';
import { findClaims } from '../../src/analyzers/findings.js';
import { type FindingTotals, savingsAnalyzer } from '../../src/analyzers/savings.js';
import { markCriticalPath } from '../../src/model/critical-path.js';
import type { Call, Invocation, WorkNode } from '../../src/model/types.js';
import { bottleneckCause, causeOf } from '../../src/recommendations/build.js';
import { invocationFixture } from '../helpers/invocation.js';

function call(id: string, start: number, end: number, op: string, table: string): WorkNode {
  const c: Call = {
    id,
    kind: 'aws',
    service: 'DynamoDB',
    operation: op,
    table,
    host: null,
    method: null,
    startMs: start,
    endMs: end,
    durationMs: end - start,
    status: 200,
    error: false,
    fault: false,
    throttle: false,
    retries: null,
    rawRetries: null,
    awsRequestId: null,
    parentId: 'h',
    criticalMs: 0,
  };
  return { id, name: 'DynamoDB', startMs: start, endMs: end, children: [], call: c, selfCriticalMs: 0 };
}

function invocation(children: WorkNode[], end = 100): Invocation {
  const handler: WorkNode = { id: 'h', name: '## index.handler', startMs: 0, endMs: end, children, selfCriticalMs: 0 };
  const root: WorkNode = { id: 'fn', name: 'fn', startMs: 0, endMs: end, children: [handler], selfCriticalMs: 0 };
  markCriticalPath(root);
  return invocationFixture({
    traceId: '1-66bfd54d-6b379b8727b6273f7675338c',
    requestId: 'r',
    durationMs: end,
    calls: children.map((c) => c.call!).filter(Boolean),
    root,
    hasTrace: true,
  });
}

describe('findings on the critical path', () => {
  it('claims sum − max for sequential GetItems on one table (one BatchGetItem)', () => {
    const inv = invocation([
      call('g1', 0, 10, 'GetItem', 'states'),
      call('g2', 10, 25, 'GetItem', 'states'),
      call('g3', 25, 35, 'GetItem', 'states'),
    ]);
    const claims = findClaims(inv).filter((c) => c.id === 'dynamodb-batch-reads');
    expect(claims.reduce((s, c) => s + (c.value ?? 0), 0)).toBeCloseTo(35 - 15, 6);
    expect(claims.every((c) => c.key === 'GetItem states')).toBe(true);
  });

  it('finds nothing to batch or parallelize when the calls already overlap', () => {
    const inv = invocation([call('g1', 0, 10, 'GetItem', 'states'), call('g2', 2, 12, 'GetItem', 'users')]);
    expect(findClaims(inv).filter((c) => c.id.includes('batch') || c.id.includes('parallel'))).toEqual([]);
  });

  it('combines overlapping findings once per call and caps at the critical path', () => {
    const inv = invocation([
      call('g1', 0, 10, 'GetItem', 'states'),
      call('g2', 10, 30, 'GetItem', 'states'),
      call('q', 30, 60, 'Query', 'users'),
    ]);
    const claims = findClaims(inv);
    const ids = new Set(claims.map((c) => c.id));
    expect(ids.has('dynamodb-batch-reads')).toBe(true);
    expect(ids.has('dynamodb-parallelize')).toBe(true);
    const ledger = savingsAnalyzer();
    ledger.add(inv, claims);
    const result = ledger.resolve(new Map());
    const batch = result.byId.get('dynamodb-batch-reads')!.savingsMs!;
    const parallel = result.byId.get('dynamodb-parallelize')!.savingsMs!;
    expect(batch).toBeCloseTo(10, 6); // 30 − 20
    expect(parallel).toBeCloseTo(30, 6); // 60 − 30
    // g1 is claimed by both: it counts once (the larger claim), never batch + parallel.
    expect(result.combinedAvgMs).toBeLessThan(batch + parallel);
    expect(result.combinedAvgMs).toBeGreaterThanOrEqual(parallel);
  });

  it('counts the slow calls that were throttled or retried, and says so in the finding', () => {
    const throttled = call('t', 0, 900, 'GetItem', 'states');
    throttled.call!.throttle = true;
    const retried = call('r', 900, 1100, 'GetItem', 'states');
    retried.call!.retries = 2;
    // X-Ray's aws.retries is attempts in SDK v3 (1 = no retry): not taken for a retry.
    const plain = call('p', 1100, 1300, 'GetItem', 'states');
    plain.call!.rawRetries = 1;
    const inv = invocation([throttled, retried, plain], 1300);
    const ledger = savingsAnalyzer();
    ledger.add(inv, findClaims(inv));
    const slow = ledger.resolve(new Map()).findings.find((f) => f.id === 'dynamodb-slow-operation')!;
    expect(slow).toMatchObject({ key: 'GetItem states', occurrences: 3, throttled: 2 });
    expect(causeOf(slow)).toBe('GetItem states calls over 100 ms, 2 of 3 throttled or retried');
    expect(causeOf({ ...slow, throttled: 3 })).toBe('GetItem states calls over 100 ms, all throttled or retried');
    expect(causeOf({ ...slow, throttled: 0 })).toBe('GetItem states calls over 100 ms');
  });

  it("names a dependency's own latency first when the best finding saves under a quarter of its time", () => {
    const keepAlive: FindingTotals = {
      id: 'http-keep-alive',
      key: 'OpenAI API',
      table: null,
      invocations: 32,
      occurrences: 32,
      callsPerInvocation: null,
      savingsMs: 64,
      throttled: 0,
    };
    const api = { p50Ms: 814, p90Ms: 1876.8, callsPerInvocation: 0.3 };
    const finding = 'new connection (DNS + TCP + TLS) to OpenAI API on warm invocations (see http-keep-alive)';
    expect(bottleneckCause({ kind: 'http', avgMs: 1033 }, keepAlive, api)).toBe(
      `dependency latency: p50 814 ms, p90 1,876.8 ms, 0.3 calls per invocation; ${finding}`,
    );
    // A saving of a quarter or more explains the time: the finding alone.
    expect(bottleneckCause({ kind: 'http', avgMs: 200 }, { ...keepAlive, savingsMs: 60 }, api)).toBe(finding);
    expect(bottleneckCause({ kind: 'http', avgMs: 200 }, undefined, api)).toBe(
      'dependency latency: p50 814 ms, p90 1,876.8 ms, 0.3 calls per invocation',
    );
    expect(bottleneckCause({ kind: 'code', avgMs: 50 }, undefined, undefined)).toMatch(/^own code/);
  });

  it('resolves slow-call savings against the operation p50 known at the end', () => {
    const inv = invocation([call('slow', 0, 180, 'GetItem', 'states')], 200);
    const ledger = savingsAnalyzer();
    ledger.add(inv, findClaims(inv));
    const result = ledger.resolve(new Map([['op|GetItem|states', 12]]));
    expect(result.byId.get('dynamodb-slow-operation')!.savingsMs).toBeCloseTo(168, 6);
  });
});
