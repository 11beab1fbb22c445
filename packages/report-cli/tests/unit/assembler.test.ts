import { describe, expect, it } from 'vitest';
import { type AssembledTrace, TraceAssembler } from '../../src/model/assembler.js';
import type { XrayDoc } from '../../src/model/types.js';
import { ReferenceAssembler } from '../helpers/reference-assembler.js';
import { mulberry32 } from '../helpers/synthetic.js';

type Step = { doc: XrayDoc; traceId: string } | { end: string };

/**
 * A stream with what real input has and worse: interleaved traces, trace ids reused after their
 * trace was emitted (late documents), duplicates, in-progress documents replaced (or not) by complete
 * ones, separately sent subsegments whose parent is a top-level document, a nested subsegment,
 * itself, missing or arrives later, and traces past the assembler's 32-document index threshold.
 */
function stream(seed: number, length: number): Step[] {
  const rnd = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const traceIds = Array.from({ length: 12 }, (_, i) => `1-66bfd54d-${String(seed * 100 + i).padStart(24, '0')}`);
  const ids = new Map<string, string[]>();
  const steps: Step[] = [];
  let n = 0;
  for (let i = 0; i < length; i++) {
    const traceId = pick(traceIds.slice(0, 3 + Math.floor(rnd() * 9)));
    const known = ids.get(traceId) ?? [];
    ids.set(traceId, known);
    if (rnd() < 0.02) {
      steps.push({ end: traceId });
      continue;
    }
    const r = rnd();
    const reuse = known.length > 0 && r < 0.2;
    const id = reuse ? pick(known) : `${(n++).toString(16).padStart(16, '0')}`;
    if (!reuse) known.push(id);
    const doc: XrayDoc = { id, name: `d${i}`, trace_id: traceId, start_time: i, end_time: i + 1 };
    if (rnd() < 0.15) {
      doc.in_progress = true;
      delete doc.end_time;
    }
    const kind = rnd();
    if (kind < 0.15) {
      doc.origin = 'AWS::Lambda::Function';
      const nested = `${(n++).toString(16).padStart(16, '0')}`;
      known.push(nested);
      doc.subsegments = [{ id: nested, name: 'Invocation', start_time: i, end_time: i + 1 }];
    } else if (kind < 0.85) {
      doc.type = 'subsegment';
      const p = rnd();
      if (p < 0.6 && known.length > 0) doc.parent_id = pick(known);
      else if (p < 0.7) doc.parent_id = id;
      else if (p < 0.8) doc.parent_id = '';
      else if (p < 0.95) doc.parent_id = `${(n + 1 + Math.floor(rnd() * 3)).toString(16).padStart(16, '0')}`;
      else doc.parent_id = 'ffffffffffffffff';
    }
    steps.push({ doc, traceId });
  }
  return steps;
}

interface Emitted {
  traceId: string;
  docs: XrayDoc[];
  incomplete: boolean;
}

function run(
  make: (onTrace: (t: AssembledTrace) => void) => TraceAssembler | ReferenceAssembler,
  steps: Step[],
): { emitted: Emitted[]; counts: unknown } {
  const emitted: Emitted[] = [];
  const a = make((t) => emitted.push({ traceId: t.traceId, docs: [...t.docs], incomplete: t.incomplete }));
  for (const step of steps) {
    if ('end' in step) a.endTrace(step.end);
    else a.add(step.doc, step.traceId);
  }
  a.flush();
  return { emitted, counts: { ...a.counts } };
}

describe('TraceAssembler', () => {
  it('emits the traces, documents and counts of the reference assembler', () => {
    let incomplete = 0;
    let late = 0;
    let duplicates = 0;
    let large = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const steps = stream(seed, 3000);
      for (const window of [
        { windowDocs: 300, graceDocs: 20 },
        { windowDocs: 40, graceDocs: 5 },
      ]) {
        const actual = run((onTrace) => new TraceAssembler({ ...window, onTrace }), steps);
        const expected = run((onTrace) => new ReferenceAssembler({ ...window, onTrace }), steps);
        expect(actual.counts).toEqual(expected.counts);
        expect(actual.emitted.length).toBe(expected.emitted.length);
        actual.emitted.forEach((trace, i) => {
          const want = expected.emitted[i]!;
          expect(trace.traceId).toBe(want.traceId);
          expect(trace.incomplete).toBe(want.incomplete);
          expect(trace.docs.length).toBe(want.docs.length);
          // The same document objects, in the same order.
          trace.docs.forEach((d, j) => {
            expect(d).toBe(want.docs[j]);
          });
          if (trace.docs.length > 32) large++;
        });
        const c = expected.counts as { incompleteTraces: number; late: number; duplicates: number };
        incomplete += c.incompleteTraces;
        late += c.late;
        duplicates += c.duplicates;
      }
    }
    // The streams reached the edge cases they are there for.
    expect(incomplete).toBeGreaterThan(0);
    expect(late).toBeGreaterThan(0);
    expect(duplicates).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(0);
  });

  it('waits for a parent that arrives after its subsegment, and replaces an in-progress document in place', () => {
    const T = '1-66bfd54d-000000000000000000000001';
    const traces: AssembledTrace[] = [];
    const a = new TraceAssembler({ windowDocs: 1000, graceDocs: 0, onTrace: (t) => traces.push(t) });
    const fn: XrayDoc = { id: 'f1', name: 'fn', start_time: 1, end_time: 2, origin: 'AWS::Lambda::Function' };
    const child: XrayDoc = { id: 'c1', name: 'c', start_time: 1, end_time: 2, type: 'subsegment', parent_id: 'h1' };
    const handlerOpen: XrayDoc = {
      id: 'h1',
      name: 'h',
      start_time: 1,
      in_progress: true,
      type: 'subsegment',
      parent_id: 'f1',
    };
    const handler: XrayDoc = { id: 'h1', name: 'h', start_time: 1, end_time: 2, type: 'subsegment', parent_id: 'f1' };
    a.add(child, T);
    a.add(fn, T);
    for (let i = 0; i < 255; i++)
      a.add({ id: `x${i}`, name: 'x', start_time: 1, end_time: 2 }, `1-66bfd54e-${String(i).padStart(24, '0')}`);
    // Swept at the 256th document: the child's parent has not arrived, so the trace waits.
    expect(traces.some((t) => t.traceId === T)).toBe(false);
    a.add(handlerOpen, T);
    a.add(handler, T);
    a.flush();
    const trace = traces.find((t) => t.traceId === T)!;
    expect(trace.docs).toEqual([child, fn, handler]);
    expect(trace.incomplete).toBe(false);
  });
});
