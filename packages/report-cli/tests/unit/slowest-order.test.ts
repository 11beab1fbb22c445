import { describe, expect, it } from 'vitest';
import { slowestAnalyzer } from '../../src/analyzers/slowest.js';
import { TraceAssembler } from '../../src/model/assembler.js';
import { markCriticalPath } from '../../src/model/critical-path.js';
import { buildInvocations } from '../../src/model/invocation.js';
import type { Invocation, XrayDoc } from '../../src/model/types.js';
import { syntheticInvocations } from '../helpers/synthetic.js';

/** Traced invocations built by the real model from synthetic documents. */
function invocations(n: number): Invocation[] {
  const out: Invocation[] = [];
  const assembler = new TraceAssembler({
    windowDocs: 1000,
    graceDocs: 100,
    onTrace: (trace) => {
      for (const inv of buildInvocations(trace).invocations) {
        if (inv.root) markCriticalPath(inv.root);
        out.push(inv);
      }
    },
  });
  for (const inv of syntheticInvocations({ invocations: n, environments: 2, seed: 3 }))
    for (const doc of inv.documents) assembler.add(doc as unknown as XrayDoc, inv.traceId);
  assembler.flush();
  return out;
}

const slowestIds = (list: Invocation[]) =>
  (() => {
    const a = slowestAnalyzer(3);
    for (const inv of list) a.add(inv, []);
    return a.finish().traces.map((t) => [t.traceId, t.durationMs]);
  })();

describe('the slowest traces', () => {
  it('are the same whatever order the invocations come in, durations that round alike included', () => {
    const list = invocations(12);
    expect(list.length).toBe(12);
    // Six that all round to 500.0 ms, the rest faster.
    const ties = [500.04, 499.96, 500.01, 500.0, 499.98, 500.03];
    list.forEach((inv, i) => {
      inv.durationMs = i < ties.length ? ties[i]! : 100 + i;
    });
    const forward = slowestIds(list);
    expect(forward).toHaveLength(3);
    expect(forward.every(([, ms]) => ms === 500)).toBe(true);
    // The three first trace ids of the six, as the report's order (duration, then trace id) says.
    const expected = list
      .slice(0, ties.length)
      .map((inv) => inv.traceId!)
      .sort((a, b) => a.localeCompare(b))
      .slice(0, 3);
    expect(forward.map(([id]) => id)).toEqual(expected);
    expect(slowestIds([...list].reverse())).toEqual(forward);
    for (let shift = 1; shift < list.length; shift++)
      expect(slowestIds([...list.slice(shift), ...list.slice(0, shift)])).toEqual(forward);
  });
});
