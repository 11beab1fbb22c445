import { describe, expect, it } from 'vitest';
import { ownTimeAnalyzer } from '../../src/analyzers/own-time.js';
import { markCriticalPath } from '../../src/model/critical-path.js';
import type { WorkNode } from '../../src/model/types.js';
import { invocationFixture } from '../helpers/invocation.js';

/** A handler whose spans run one after another: span i lasts i + 1 ms and is named `names[i]`. */
function invocation(names: string[]) {
  let t = 0;
  const children: WorkNode[] = names.map((name, i) => {
    const node: WorkNode = { id: `n${i}`, name, startMs: t, endMs: t + i + 1, children: [], selfCriticalMs: 0 };
    t += i + 1;
    return node;
  });
  const handler: WorkNode = { id: 'h', name: 'handler', startMs: 0, endMs: t, children, selfCriticalMs: 0 };
  const root: WorkNode = { id: 'r', name: 'fn', startMs: 0, endMs: t, children: [handler], selfCriticalMs: 0 };
  markCriticalPath(root);
  return invocationFixture({ root, durationMs: t, hasTrace: true });
}

/** Own time by name the plain way: a Map in first-seen order. */
function expected(names: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const [i, name] of names.entries()) m.set(name, (m.get(name) ?? 0) + i + 1);
  return m;
}

describe('ownTimeAnalyzer', () => {
  it('sums own critical time by node name, repeated names and many names alike', () => {
    const small = ['parse', 'render', 'parse', 'store'];
    // 60 distinct names, each twice: past the size where names get an index.
    const large = Array.from({ length: 120 }, (_, i) => `step-${i % 60}`);
    const analyzer = ownTimeAnalyzer();
    analyzer.add(invocation(small), []);
    analyzer.add(invocation(large), []);
    const result = analyzer.finish();
    const totals = expected(small);
    for (const [name, ms] of expected(large)) totals.set(name, (totals.get(name) ?? 0) + ms);
    const code = new Map(result.locations.filter((l) => l.kind === 'code').map((l) => [l.label, l]));
    expect(code.size).toBe(totals.size);
    for (const [name, ms] of totals) {
      const location = code.get(`${name} (own code)`)!;
      expect(location.totalCriticalMs).toBe(ms);
      // One occurrence per invocation that had the name, however many nodes carried it.
      expect(location.occurrences).toBe((small.includes(name) ? 1 : 0) + (large.includes(name) ? 1 : 0));
    }
    const top = result.hotNodes[0]!;
    // step-59: 60 + 120 ms in one invocation, over the 2 invocations.
    expect(top).toEqual({ name: 'step-59', avgMs: 90, invocations: 1 });
  });
});
