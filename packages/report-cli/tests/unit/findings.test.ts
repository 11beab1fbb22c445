import { describe, expect, it } from 'vitest';
import { findClaims } from '../../src/analyzers/findings.js';
import { savingsAnalyzer } from '../../src/analyzers/savings.js';
import { markCriticalPath } from '../../src/model/critical-path.js';
import type { Call, Invocation, WorkNode } from '../../src/model/types.js';
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

  it('resolves slow-call savings against the operation p50 known at the end', () => {
    const inv = invocation([call('slow', 0, 180, 'GetItem', 'states')], 200);
    const ledger = savingsAnalyzer();
    ledger.add(inv, findClaims(inv));
    const result = ledger.resolve(new Map([['op|GetItem|states', 12]]));
    expect(result.byId.get('dynamodb-slow-operation')!.savingsMs).toBeCloseTo(168, 6);
  });
});
