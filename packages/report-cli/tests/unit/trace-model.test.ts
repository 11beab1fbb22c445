import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AssembledTrace, TraceAssembler } from '../../src/model/assembler.js';
import { markCriticalPath } from '../../src/model/critical-path.js';
import { buildInvocations } from '../../src/model/invocation.js';
import type { WorkNode, XrayDoc } from '../../src/model/types.js';
import { fixture } from '../helpers/fixtures.js';

const T = '1-66bfd54d-6b379b8727b6273f7675338c';

function assemble(
  docs: XrayDoc[],
  window = { windowDocs: 1000, graceDocs: 10 },
): { traces: AssembledTrace[]; a: TraceAssembler } {
  const traces: AssembledTrace[] = [];
  const a = new TraceAssembler({ ...window, onTrace: (t) => traces.push(t) });
  for (const d of docs) a.add(d, d.trace_id ?? T);
  a.flush();
  return { traces, a };
}

function ndjson(path: string): XrayDoc[] {
  return readFileSync(fixture(path), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as XrayDoc);
}

describe('trace assembly', () => {
  it('replaces an in-progress document by the complete one and counts duplicates', () => {
    const seg = { id: 'a000000000000001', name: 'fn', trace_id: T, start_time: 1, origin: 'AWS::Lambda::Function' };
    const { traces, a } = assemble([
      { ...seg, in_progress: true },
      { ...seg, end_time: 2 },
      { ...seg, end_time: 2 },
    ]);
    expect(traces).toHaveLength(1);
    expect(traces[0]!.docs).toHaveLength(1);
    expect(traces[0]!.docs[0]!.end_time).toBe(2);
    expect(a.counts.duplicates).toBe(1);
  });

  it('closes a trace when its window passes and ignores documents arriving later', () => {
    const first = {
      id: 'b000000000000001',
      name: 'x',
      trace_id: T,
      start_time: 1,
      end_time: 2,
      type: 'subsegment',
      parent_id: 'c000000000000001',
    };
    const others = Array.from({ length: 2048 }, (_, i) => ({
      id: `d${String(i).padStart(15, '0')}`,
      name: 'y',
      trace_id: `1-66bfd54e-${String(i).padStart(24, '0')}`,
      start_time: 1,
      end_time: 2,
    }));
    const { traces, a } = assemble([first, ...others, { ...first, id: 'b000000000000002' }], {
      windowDocs: 1000,
      graceDocs: 10,
    });
    expect(traces.filter((t) => t.traceId === T)).toHaveLength(1);
    expect(traces.find((t) => t.traceId === T)!.incomplete).toBe(true);
    expect(a.counts.late).toBe(1);
  });
});

describe('Lambda layouts', () => {
  it('reads the classic layout: cold start from Initialization, never clamped to the parent', () => {
    const { traces } = assemble(ndjson('xray/lambda-classic-2017.ndjson'));
    const { invocations } = buildInvocations(traces[0]!);
    expect(invocations).toHaveLength(1);
    const inv = invocations[0]!;
    expect(inv.coldStart).toBe(true);
    expect(inv.traceInitMs).toBeCloseTo(755, 0); // 412.819 − 412.064 s, starts before the function segment
    expect(inv.requestId).toBe('ac086670-6373-11e7-a174-f31b3397f190');
    expect(inv.calls.map((c) => [c.service, c.operation, c.rawRetries])).toEqual([['SNS', 'Publish', 0]]);
    expect(inv.annotations.get('UserID')).toBe('5M388M1E');
  });

  it('reads the newer layout: separately sent handler subsegments, aws:* annotations left out', () => {
    const { traces } = assemble(ndjson('xray/lambda-new-layout.ndjson'));
    const inv = buildInvocations(traces[0]!).invocations[0]!;
    expect(inv.functionName).toBe('nodejs-example-telemetry-api-demo-function');
    expect(inv.coldStart).toBe(false);
    expect([...inv.annotations.keys()].sort()).toEqual(['ColdStart', 'Platform', 'Service']);
    expect(inv.calls.map((c) => `${c.kind}:${c.service}:${c.table ?? c.host}`)).toEqual([
      'aws:DynamoDB:orders',
      'aws:DynamoDB:orders',
      'http:api.example.com:api.example.com',
    ]);
    // The handler window ends where Overhead starts.
    expect(inv.root!.endMs - inv.root!.startMs).toBeCloseTo(262.8, 0);
  });

  it('never counts inferred segments as calls and finds no function in a non-Lambda trace', () => {
    const batch = JSON.parse(readFileSync(fixture('xray/batch-get-traces-scorekeep.json'), 'utf8'));
    const docs = batch.Traces[0].Segments.map((s: { Document: string }) => JSON.parse(s.Document));
    const { traces } = assemble(docs);
    const { invocations, otherSegments } = buildInvocations(traces[0]!);
    expect(invocations).toHaveLength(0);
    expect(otherSegments.map((d) => d.name)).toEqual(['Scorekeep']);
  });

  it('builds one invocation from subsegments whose function segment never arrived (local daemon)', () => {
    const docs = readFileSync(fixture('run-folder/traces.ndjson'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as XrayDoc);
    const first = docs[0]!.trace_id;
    const { traces } = assemble(docs.filter((d) => d.trace_id === first));
    const inv = buildInvocations(traces[0]!).invocations[0]!;
    expect(inv.functionName).toBeNull();
    expect(inv.profiler.init?.kind).toBe('init');
    expect(inv.profiler.details?.kind).toBe('details');
    expect(inv.calls.every((c) => c.kind !== 'aws' || c.aws !== undefined || c.operation !== 'GetItem')).toBe(true);
    expect(inv.coldStart).toBe(true);
  });
});

describe('node look-ups of buildInvocations', () => {
  // A trace's node index scans a list up to 64 nodes and uses a Map past that: both must agree.
  for (const nested of [5, 70]) {
    it(`finds a nested parent and skips a document already merged (${nested} nested nodes)`, () => {
      const deep: XrayDoc[] = Array.from({ length: nested }, (_, i) => ({
        id: `n${i}`,
        name: `span ${i}`,
        start_time: 1.1,
        end_time: 1.2,
      }));
      const fn: XrayDoc = {
        id: 'f1',
        name: 'fn',
        start_time: 1,
        end_time: 2,
        origin: 'AWS::Lambda::Function',
        subsegments: [
          {
            id: 'inv',
            name: 'Invocation',
            start_time: 1,
            end_time: 1.9,
            subsegments: [{ id: 'h', name: 'handler', start_time: 1, end_time: 1.8, subsegments: deep }],
          },
        ],
      };
      const parentId = `n${nested - 2}`;
      const call: XrayDoc = {
        id: 'c1',
        name: 'DynamoDB',
        start_time: 1.15,
        end_time: 1.16,
        type: 'subsegment',
        parent_id: parentId,
        namespace: 'aws',
        aws: { operation: 'GetItem' },
      };
      // Same id as a nested node: already part of the function segment, so not an orphan.
      const merged: XrayDoc = {
        id: 'n1',
        name: 'again',
        start_time: 1,
        end_time: 2,
        type: 'subsegment',
        parent_id: 'gone',
      };
      const { invocations, otherSegments } = buildInvocations({
        traceId: T,
        docs: [fn, merged, call],
        incomplete: false,
      });
      expect(invocations).toHaveLength(1);
      expect(otherSegments).toEqual([]);
      const inv = invocations[0]!;
      expect(inv.calls.map((c) => [c.id, c.parentId])).toEqual([['c1', parentId]]);
      expect(inv.root!.children.map((c) => c.id)).toEqual(['h']);
      const handler = inv.root!.children[0]!;
      expect(handler.children).toHaveLength(nested);
      expect(handler.children[nested - 2]!.children.map((c) => c.id)).toEqual(['c1']);
    });
  }
});

function node(id: string, start: number, end: number, children: WorkNode[] = [], call = false): WorkNode {
  const n: WorkNode = { id, name: id, startMs: start, endMs: end, children, selfCriticalMs: 0 };
  if (call)
    n.call = {
      id,
      kind: 'aws',
      service: 'DynamoDB',
      operation: 'GetItem',
      table: 't',
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
      parentId: 'root',
      criticalMs: 0,
    };
  return n;
}

describe('critical path', () => {
  it('puts only the longer of two parallel calls on the path, and clips children to the parent', () => {
    const a = node('a', 10, 50, [], true);
    const b = node('b', 10, 30, [], true);
    const c = node('c', 60, 90, [], true);
    const early = node('early', -20, 5, [], true); // starts before the parent
    const root = node('root', 0, 100, [a, b, c, early]);
    markCriticalPath(root);
    expect(a.call!.criticalMs).toBe(40);
    expect(b.call!.criticalMs).toBe(0);
    expect(c.call!.criticalMs).toBe(30);
    expect(early.call!.criticalMs).toBe(5);
    expect(root.selfCriticalMs).toBe(25); // 5–10, 50–60, 90–100
  });
});
