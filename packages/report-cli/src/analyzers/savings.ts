import { NumberColumn } from '../model/number-column.js';
import type { RecommendationId } from './findings.js';
import type { Analyzer } from './types.js';

export interface FindingTotals {
  id: RecommendationId;
  key: string;
  table: string | null;
  /** Invocations the finding was seen on. */
  invocations: number;
  /** Occurrences (calls claimed). */
  occurrences: number;
  /** Calls per affected invocation in a group finding (sequential groups). */
  callsPerInvocation: number | null;
  /** Average saving per affected invocation, or null when the data cannot support it. */
  savingsMs: number | null;
  /** Occurrences on calls that were throttled or retried (slow DynamoDB calls). */
  throttled: number;
}

export interface SavingsResult {
  totalInvocations: number;
  findings: FindingTotals[];
  /** Per recommendation id: affected invocations and average saving per affected invocation. */
  byId: Map<RecommendationId, { invocations: number; savingsMs: number | null; totalMs: number }>;
  /** Average combined saving per invocation over all invocations (overlaps counted once). */
  combinedAvgMs: number;
}

/**
 * The savings ledger: claims of every invocation kept as numbers, resolved at the end (some savings
 * need a reference latency known only then), then combined per invocation so that overlapping
 * findings on the same call count once (the larger claim wins) and no invocation saves more than
 * its critical path.
 */
export interface SavingsAnalyzer extends Analyzer<void> {
  resolve(references: Map<string, number>): SavingsResult;
}

export function savingsAnalyzer(): SavingsAnalyzer {
  // Parallel columns, one row per claim.
  const inv = new NumberColumn(Int32Array);
  const keyIdx = new NumberColumn(Int32Array);
  const callIdx = new NumberColumn(Int32Array);
  const value = new NumberColumn();
  const refIdx = new NumberColumn(Int32Array);
  const callsIn = new NumberColumn(Int32Array);
  const keys: { id: RecommendationId; key: string; table: string | null; throttled: number }[] = [];
  // Keyed by id, then key: no `${id}|${key}` string built and hashed per claim.
  const keyOf = new Map<RecommendationId, Map<string, number>>();
  // Call ids of the current invocation, in first-claim order (a few per invocation: a list beats a Map).
  const callIds: string[] = [];
  const refs: string[] = [];
  const refOf = new Map<string, number>();
  const pathMs = new NumberColumn();
  let n = 0;
  return {
    id: 'savings',
    add(invocation, claims) {
      const i = n++;
      pathMs.push(invocation.root ? invocation.root.endMs - invocation.root.startMs : (invocation.durationMs ?? 0));
      if (claims.length === 0) return;
      callIds.length = 0;
      for (const c of claims) {
        let byKey = keyOf.get(c.id);
        if (!byKey) {
          byKey = new Map();
          keyOf.set(c.id, byKey);
        }
        let ki = byKey.get(c.key);
        if (ki === undefined) {
          ki = keys.length;
          keys.push({ id: c.id, key: c.key, table: c.table, throttled: 0 });
          byKey.set(c.key, ki);
        }
        if (c.throttled) keys[ki]!.throttled++;
        let ri = -1;
        if (c.ref) {
          ri = refOf.get(c.ref) ?? -1;
          if (ri === -1) {
            ri = refs.length;
            refs.push(c.ref);
            refOf.set(c.ref, ri);
          }
        }
        let ci = -1;
        if (c.callId) {
          ci = callIds.indexOf(c.callId);
          if (ci === -1) ci = callIds.push(c.callId) - 1;
        }
        inv.push(i);
        keyIdx.push(ki);
        callIdx.push(ci);
        value.push(c.value === null ? Number.NaN : c.value);
        refIdx.push(ri);
        callsIn.push(c.calls ?? 0);
      }
    },
    finish() {},
    resolve(references) {
      const refValue = refs.map((r) => references.get(r));
      const resolved = new Float64Array(value.length);
      for (let r = 0; r < value.length; r++) {
        const v = value.at(r);
        const ri = refIdx.at(r);
        const ref = ri === -1 ? 0 : refValue[ri];
        resolved[r] = Number.isNaN(v) || ref === undefined ? Number.NaN : Math.max(0, v - ref);
      }
      const perKey = keys.map(() => ({
        invocations: 0,
        occurrences: 0,
        total: 0,
        known: 0,
        calls: 0,
        groups: 0,
        last: -1,
      }));
      const perId = new Map<
        RecommendationId,
        { invocations: number; total: number; known: boolean; last: number; current: number; touched: boolean }
      >();
      let combinedTotal = 0;
      // Per-invocation scratch reused across the 100,000 invocations: two Maps per invocation here
      // were 27 MB that lived long enough to be promoted (the largest share of old-space garbage
      // after the log pass). Sums keep row order and first-seen order, so totals are unchanged.
      const touchedIds: { total: number; current: number; touched: boolean }[] = [];
      const bestOfCall: (number | undefined)[] = [];
      const touchedCalls: number[] = [];
      let r = 0;
      while (r < inv.length) {
        const i = inv.at(r);
        let other = 0;
        for (; r < inv.length && inv.at(r) === i; r++) {
          const ki = keyIdx.at(r);
          const k = perKey[ki]!;
          const v = resolved[r]!;
          k.occurrences++;
          if (k.last !== i) {
            k.invocations++;
            k.last = i;
            if (callsIn.at(r) > 0) {
              k.calls += callsIn.at(r);
              k.groups++;
            }
          }
          const id = keys[ki]!.id;
          let t = perId.get(id);
          if (!t) {
            t = { invocations: 0, total: 0, known: false, last: -1, current: 0, touched: false };
            perId.set(id, t);
          }
          if (t.last !== i) {
            t.invocations++;
            t.last = i;
          }
          if (Number.isNaN(v)) continue;
          k.total += v;
          k.known++;
          t.known = true;
          if (!t.touched) {
            t.touched = true;
            touchedIds.push(t);
          }
          t.current += v;
          const ci = callIdx.at(r);
          if (ci === -1) other += v;
          else if (bestOfCall[ci] === undefined) {
            bestOfCall[ci] = v;
            touchedCalls.push(ci);
          } else bestOfCall[ci] = Math.max(bestOfCall[ci], v);
        }
        const cap = i < pathMs.length ? pathMs.at(i) : 0;
        for (const t of touchedIds) {
          t.total += Math.min(t.current, cap);
          t.current = 0;
          t.touched = false;
        }
        touchedIds.length = 0;
        let combined = other;
        for (const ci of touchedCalls) {
          combined += bestOfCall[ci]!;
          bestOfCall[ci] = undefined;
        }
        touchedCalls.length = 0;
        combinedTotal += Math.min(combined, cap);
      }
      const findings: FindingTotals[] = keys
        .map((k, ki) => {
          const p = perKey[ki]!;
          return {
            id: k.id,
            key: k.key,
            table: k.table,
            invocations: p.invocations,
            occurrences: p.occurrences,
            callsPerInvocation: p.groups > 0 ? p.calls / p.groups : null,
            savingsMs: p.known > 0 ? p.total / p.invocations : null,
            throttled: k.throttled,
          };
        })
        .sort(
          (a, b) =>
            (b.savingsMs ?? -1) * b.invocations - (a.savingsMs ?? -1) * a.invocations || a.key.localeCompare(b.key),
        );
      const byId = new Map<RecommendationId, { invocations: number; savingsMs: number | null; totalMs: number }>();
      for (const [id, t] of perId)
        byId.set(id, {
          invocations: t.invocations,
          savingsMs: t.known ? t.total / t.invocations : null,
          totalMs: t.total,
        });
      return { totalInvocations: n, findings, byId, combinedAvgMs: n > 0 ? combinedTotal / n : 0 };
    },
  };
}
