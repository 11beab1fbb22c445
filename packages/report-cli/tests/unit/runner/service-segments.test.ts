import { describe, expect, it } from 'vitest';
import { buildServiceSegments } from '../../../src/runner/service-segments.js';

const base = {
  traceId: '1-5e1b4151-5ac6c58f5b5b5b5b5b5b5b5b',
  serviceSegmentId: '1fb07842d944e714',
  functionSegmentId: '00f91aa01f4984fd',
  functionName: 'fn',
  functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn',
  accountId: '000000000000',
  requestId: 'req-1',
  service: { startMs: 1000.4, endMs: 1500 },
  function: { startMs: 1400, endMs: 1500 },
  invocation: { startMs: 1401, endMs: 1490 },
  overhead: { startMs: 1490, endMs: 1500 },
};

describe('buildServiceSegments', () => {
  it('links the function segment to the service segment, with Lambda-style ms times in seconds', () => {
    const [service, fn] = buildServiceSegments({ ...base, initialization: { startMs: 1001, endMs: 1399 } }) as [
      Record<string, unknown>,
      Record<string, unknown> & { subsegments: { name: string; start_time: number }[] },
    ];
    expect(service).toMatchObject({
      id: '1fb07842d944e714',
      trace_id: base.traceId,
      origin: 'AWS::Lambda',
      start_time: 1,
      end_time: 1.5,
      aws: { request_id: 'req-1' },
      resource_arn: base.functionArn,
    });
    expect(service).not.toHaveProperty('parent_id');
    expect(fn).toMatchObject({
      id: '00f91aa01f4984fd',
      parent_id: '1fb07842d944e714',
      origin: 'AWS::Lambda::Function',
      aws: { function_arn: base.functionArn, resource_names: ['fn'] },
    });
    expect(fn.subsegments.map((s) => [s.name, s.start_time])).toEqual([
      ['Initialization', 1.001],
      ['Invocation', 1.401],
      ['Overhead', 1.49],
    ]);
  });

  it('has no Initialization when warm, and marks a failure as a fault with its cause', () => {
    const [, fn] = buildServiceSegments({
      ...base,
      error: { errorType: 'Error', errorMessage: 'boom', trace: [] },
    }) as [unknown, Record<string, unknown> & { subsegments: { name: string; fault?: boolean }[] }];
    expect(fn.subsegments.map((s) => s.name)).toEqual(['Invocation', 'Overhead']);
    expect(fn.fault).toBe(true);
    expect(fn.cause).toMatchObject({ exceptions: [{ message: 'boom', type: 'Error' }] });
    expect(fn.subsegments[0]?.fault).toBe(true);
  });
});
