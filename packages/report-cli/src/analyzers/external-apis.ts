import type { ExternalApi } from '../contracts/report-types.js';
import { PairMap } from '../model/labels.js';
import { pctOf, round, roundOrNull, Samples } from '../model/stats.js';
import type { Analyzer } from './types.js';

interface Acc {
  service: string;
  host: string;
  s: Samples;
  errors: number;
  retries: number | null;
  reuseKnown: number;
  reused: number;
  invocations: number;
  lastInv: number;
  timeoutSet: number;
  timeoutKnown: number;
  timeoutErrors: number;
}

export interface ExternalApisResult {
  apis: ExternalApi[];
  /** Per `service|host`: timeouts configured (middleware), timeout errors. */
  extra: Map<string, { timeoutSet: number; timeoutKnown: number; timeoutErrors: number; maxMs: number }>;
  httpRecords: number;
}

/**
 * External dependencies per service + host: latency percentiles, calls per invocation, error rate,
 * retries, connection reuse (from the middleware's http-call records). AWS services other than
 * DynamoDB are listed here too, by their regional endpoint.
 */
export function externalApisAnalyzer(): Analyzer<ExternalApisResult> {
  const map = new Map<string, Acc>();
  const byPair = new PairMap<Acc>();
  let n = 0;
  let httpRecords = 0;
  return {
    id: 'external-apis',
    add(inv) {
      n++;
      for (const c of inv.calls) {
        if (c.kind === 'aws' && c.service === 'DynamoDB') continue;
        const host = c.host ?? c.service;
        let a = byPair.get(c.service, host, null);
        if (!a) {
          const key = `${c.service}|${host}`;
          a = {
            service: c.service,
            host,
            s: new Samples(64),
            errors: 0,
            retries: null,
            reuseKnown: 0,
            reused: 0,
            invocations: 0,
            lastInv: -1,
            timeoutSet: 0,
            timeoutKnown: 0,
            timeoutErrors: 0,
          };
          map.set(key, a);
          byPair.set(c.service, host, a);
        }
        a.s.add(c.durationMs);
        if (a.lastInv !== n) {
          a.invocations++;
          a.lastInv = n;
        }
        if (c.error || c.fault || c.throttle || (c.status !== null && c.status >= 400)) a.errors++;
        const retries = c.retries ?? (c.rawRetries !== null ? Math.max(0, c.rawRetries - 1) : null);
        if (retries !== null) a.retries = (a.retries ?? 0) + retries;
        if (c.http) {
          httpRecords++;
          if (c.http.reusedSocket !== null) {
            a.reuseKnown++;
            if (c.http.reusedSocket) a.reused++;
          }
          a.timeoutKnown++;
          if (typeof c.http.timeoutMs === 'number') a.timeoutSet++;
          if (typeof c.http.error === 'string' && /timeout|timed out|ETIMEDOUT/i.test(c.http.error)) a.timeoutErrors++;
        }
      }
    },
    finish() {
      const extra = new Map<
        string,
        { timeoutSet: number; timeoutKnown: number; timeoutErrors: number; maxMs: number }
      >();
      const apis = [...map.values()]
        .map((a) => {
          extra.set(`${a.service}|${a.host}`, {
            timeoutSet: a.timeoutSet,
            timeoutKnown: a.timeoutKnown,
            timeoutErrors: a.timeoutErrors,
            maxMs: a.s.max() ?? 0,
          });
          return {
            service: a.service,
            host: a.host,
            count: a.s.count,
            callsPerInvocation: round(n > 0 ? a.s.count / n : 0, 2),
            avgMs: round(a.s.mean()!),
            p50Ms: round(a.s.percentile(50)!),
            p90Ms: round(a.s.percentile(90)!),
            p99Ms: round(a.s.percentile(99)!),
            errorRatePct: round(pctOf(a.errors, a.s.count) ?? 0),
            retries: a.retries,
            connectionReusePct: a.reuseKnown > 0 ? roundOrNull(pctOf(a.reused, a.reuseKnown)) : null,
          };
        })
        .sort((x, y) => y.count * y.avgMs - x.count * x.avgMs || x.service.localeCompare(y.service));
      return { apis, extra, httpRecords };
    },
  };
}
