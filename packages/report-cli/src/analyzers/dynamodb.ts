import type { DynamoOperation } from '../contracts/report-types.js';
import { Interner } from '../model/labels.js';
import { round, Samples } from '../model/stats.js';
import type { Analyzer } from './types.js';

export interface DynamoResult {
  operations: DynamoOperation[];
  /** p50 per `op|<operation>|<table>` and `read|<table>` (GetItem/Query): references for savings. */
  references: Map<string, number>;
  retries: number;
  throttles: number;
  invocationsWithCalls: number;
}

/** DynamoDB per operation + table: count, avg, p90, max (X-Ray's own subsegments, plus middleware records). */
export function dynamodbAnalyzer(): Analyzer<DynamoResult> {
  const ops = new Map<string, { operation: string; table: string; s: Samples }>();
  const opOf = new Interner((_, operation, table) => {
    const o = { operation, table, s: new Samples(64) };
    ops.set(`${operation}|${table}`, o);
    return o;
  });
  const reads = new Map<string, Samples>();
  let rawZero = 0;
  let rawSum = 0;
  let rawCount = 0;
  let counted = 0;
  let throttles = 0;
  let withCalls = 0;
  return {
    id: 'dynamodb',
    add(inv) {
      let any = false;
      for (const c of inv.calls) {
        if (c.kind !== 'aws' || c.service !== 'DynamoDB') continue;
        any = true;
        const operation = c.operation ?? '(unknown)';
        const table = c.table ?? '(unknown)';
        opOf.get('', operation, table).s.add(c.durationMs);
        if (operation === 'GetItem' || operation === 'Query') {
          let r = reads.get(table);
          if (!r) {
            r = new Samples(64);
            reads.set(table, r);
          }
          r.add(c.durationMs);
        }
        if (c.throttle) throttles++;
        if (c.retries !== null) counted += c.retries;
        else if (c.rawRetries !== null) {
          rawCount++;
          rawSum += c.rawRetries;
          if (c.rawRetries === 0) rawZero++;
        }
      }
      if (any) withCalls++;
    },
    finish() {
      const references = new Map<string, number>();
      const operations = [...ops.values()]
        .map((o) => {
          references.set(`op|${o.operation}|${o.table}`, o.s.percentile(50)!);
          return {
            operation: o.operation,
            table: o.table,
            count: o.s.count,
            avgMs: round(o.s.mean()!),
            p90Ms: round(o.s.percentile(90)!),
            maxMs: round(o.s.max()!),
          };
        })
        .sort((a, b) => b.count * b.avgMs - a.count * a.avgMs || a.operation.localeCompare(b.operation));
      for (const [table, s] of reads) references.set(`read|${table}`, s.percentile(50)!);
      // SDK v3 writes attempts into aws.retries (1 = no retry); v2 writes retries (0 = none).
      const fromRaw = rawZero > 0 ? rawSum : rawSum - rawCount;
      return {
        operations,
        references,
        retries: counted + Math.max(0, fromRaw),
        throttles,
        invocationsWithCalls: withCalls,
      };
    },
  };
}
