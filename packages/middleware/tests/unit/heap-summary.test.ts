import { Session } from 'node:inspector';
import { describe, expect, it } from 'vitest';
import { summarizeHeap } from '../../src/sampling/heap-summary.js';
import type { CallFrame, HeapProfileNode } from '../../src/sampling/inspector.js';

const frame = (functionName: string, line: number, url: string): CallFrame => ({
  functionName,
  url,
  lineNumber: line,
  columnNumber: 0,
});
const byName = (f: CallFrame) => ({ name: f.functionName, location: `x:${f.lineNumber + 1}`, package: '(app)' });
const app = 'file:///var/task/index.js';

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))),
  );
}

/** The known allocation site: deep copies of a state object through a built-in. */
function cloneState(state: object, times: number): number {
  let kept = 0;
  for (let i = 0; i < times; i++) kept += Object.keys(structuredClone(state)).length;
  return kept;
}

describe('summarizeHeap: the profiler itself', () => {
  it('leaves allocations of the profiler itself out of the sites, installed or bundled from the workspace', () => {
    const head: HeapProfileNode = {
      callFrame: frame('(root)', -1, ''),
      selfSize: 0,
      children: [
        {
          callFrame: frame('call', 1, 'file:///var/task/node_modules/@lambda-profiler/middleware/dist/index.js'),
          selfSize: 900,
          children: [],
        },
        { callFrame: frame('post', 2, 'file:///var/task/bundle.js'), selfSize: 800, children: [] },
        { callFrame: frame('applyTurn', 3, app), selfSize: 100, children: [] },
      ],
    };
    const names = (f: CallFrame) =>
      f.url.includes('@lambda-profiler')
        ? { name: f.functionName, location: 'x', package: '@lambda-profiler/middleware' }
        : f.functionName === 'post'
          ? { name: 'post', location: './packages/middleware/src/sampling/inspector.ts:40', package: '(app)' }
          : byName(f);
    const summary = summarizeHeap(head, 2, names);
    expect(summary.sites.map((s) => s.name)).toEqual(['applyTurn']);
    expect(summary.totalBytes).toBe(1800);
  });
});

describe('summarizeHeap: built-in frames', () => {
  it('charges bytes allocated in built-ins to the nearest caller with a source file', () => {
    // Prepare: handler → applyTurn → structuredClone (native) → (internal node: frame)
    const head: HeapProfileNode = {
      callFrame: frame('(root)', -1, ''),
      selfSize: 0,
      children: [
        {
          callFrame: frame('applyTurn', 4, app),
          selfSize: 10,
          children: [
            {
              callFrame: frame('structuredClone', -1, ''),
              selfSize: 600,
              children: [{ callFrame: frame('serialize', 3, 'node:internal/x'), selfSize: 200, children: [] }],
            },
            { callFrame: frame('stringify', -1, ''), selfSize: 100, children: [] },
          ],
        },
        { callFrame: frame('build', 9, app), selfSize: 300, children: [] },
        // No application caller at all: the built-in keeps its bytes.
        { callFrame: frame('(GC)', -1, ''), selfSize: 50, children: [] },
      ],
    };

    // Act
    const summary = summarizeHeap(head, 10, byName);

    // Assess
    expect(summary.totalBytes).toBe(1260);
    expect(summary.sites.map((s) => [s.name, s.bytes])).toEqual([
      ['applyTurn', 910],
      ['build', 300],
      ['(GC)', 50],
    ]);
  });

  it('names the function that calls structuredClone in a real sampling heap profile', async () => {
    // Prepare: V8's sampling heap profiler, as the middleware starts it
    const session = new Session();
    session.connect();
    const state = { memory: Array.from({ length: 200 }, (_, i) => ({ id: i, text: `entry ${i}`.repeat(8) })) };
    try {
      await post(session, 'HeapProfiler.enable');
      await post(session, 'HeapProfiler.startSampling', {
        samplingInterval: 8 * 1024,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });

      // Act
      cloneState(state, 300);
      const { profile } = await post<{ profile: { head: HeapProfileNode } }>(session, 'HeapProfiler.stopSampling');
      const summary = summarizeHeap(profile.head, 5);

      // Assess: the clone's bytes land on cloneState (this file), not on the built-in
      const top = summary.sites[0]!;
      expect(top.name).toBe('cloneState');
      expect(top.location).toMatch(/heap-summary\.test\.ts:\d+$/);
      expect(summary.sites.some((s) => s.name === 'structuredClone')).toBe(false);
    } finally {
      session.disconnect();
    }
  });
});
