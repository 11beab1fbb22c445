import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markCriticalPath } from '../../src/model/critical-path.js';
import type { WorkNode } from '../../src/model/types.js';

const node = (id: string, startMs: number, endMs: number, children: WorkNode[] = []): WorkNode => ({
  id,
  name: id,
  startMs,
  endMs,
  children,
  selfCriticalMs: 0,
});

/** The order the walk leaves children in: latest end first, then earliest start, then as given. */
function expectedOrder(children: WorkNode[]): string[] {
  return [...children].sort((a, b) => b.endMs - a.endMs || a.startMs - b.startMs).map((c) => c.id);
}

describe('markCriticalPath', () => {
  it('orders children as a stable sort by end would, short lists and long, ties included', () => {
    const span = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }));
    fc.assert(
      fc.property(fc.array(span, { minLength: 2, maxLength: 24 }), (spans) => {
        const children = spans.map(([a, b], i) => node(`c${i}`, Math.min(a, b), Math.max(a, b) + 1));
        const expected = expectedOrder(children);
        const root = node('root', 0, 10, children);
        markCriticalPath(root);
        expect(root.children.map((c) => c.id)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('puts on the path the child that ended last, and the gaps on the parent', () => {
    const a = node('a', 0, 4);
    const b = node('b', 2, 6);
    const root = node('root', 0, 10, [a, b]);
    expect(markCriticalPath(root)).toBe(10);
    // 6..10 is the parent's own time, b covers 2..6, a the 0..2 before it.
    expect(root.selfCriticalMs).toBe(4);
    expect(b.selfCriticalMs).toBe(4);
    expect(a.selfCriticalMs).toBe(2);
  });
});
