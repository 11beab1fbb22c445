import http from 'node:http';
import https from 'node:https';
import type { TrafficRequest } from './scenarios.js';

export interface TrafficResult {
  request: TrafficRequest;
  status: number;
  ms: number;
  ok: boolean;
  error?: string;
}

export interface SendOptions {
  /** Base URL of the function (`run --serve` or a deployed function URL). */
  url: string;
  concurrency: number;
  timeoutMs?: number;
  onResult?: (result: TrafficResult, done: number, total: number) => void;
  /**
   * Start the n-th sender only after n answers: execution environments then start one after another
   * instead of all at once, as when traffic picks up (four simultaneous cold starts on a 2-core
   * machine would each take four times as long as on Lambda, where each has its own CPU).
   */
  rampUp?: boolean;
}

function post(base: URL, request: TrafficRequest, agent: http.Agent, timeoutMs: number): Promise<number> {
  const target = new URL(request.path, base);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        agent,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(request.body);
  });
}

/** Sends the requests with at most `concurrency` in flight; never throws for a failed request. */
export async function sendTraffic(requests: TrafficRequest[], options: SendOptions): Promise<TrafficResult[]> {
  const base = new URL(options.url);
  const agent = base.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const results: TrafficResult[] = new Array(requests.length);
  let next = 0;
  let done = 0;
  const waiting: (() => void)[] = [];
  async function worker(position: number): Promise<void> {
    if (options.rampUp === true) {
      while (done < position && next < requests.length) await new Promise<void>((resolve) => waiting.push(resolve));
    }
    for (let index = next++; index < requests.length; index = next++) {
      const request = requests[index] as TrafficRequest;
      const started = performance.now();
      let result: TrafficResult;
      try {
        const status = await post(base, request, agent, options.timeoutMs ?? 60_000);
        result = { request, status, ms: performance.now() - started, ok: request.expect.includes(status) };
      } catch (error) {
        result = { request, status: 0, ms: performance.now() - started, ok: false, error: (error as Error).message };
      }
      results[index] = result;
      done += 1;
      options.onResult?.(result, done, requests.length);
      for (const wake of waiting.splice(0)) wake();
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, (_, position) => worker(position)));
  agent.destroy();
  return results;
}

/** One line per scenario: count, unexpected statuses, median latency. */
export function summarize(results: TrafficResult[]): string {
  const groups = new Map<string, TrafficResult[]>();
  for (const result of results) {
    const key = `${result.request.platform}/${result.request.scenario}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  const lines = [...groups.entries()].sort().map(([key, group]) => {
    const ms = group.map((r) => r.ms).sort((a, b) => a - b);
    const median = ms[Math.floor(ms.length / 2)] ?? 0;
    const bad = group.filter((r) => !r.ok);
    const statuses = [...new Set(group.map((r) => r.status))].join(',');
    return `${key.padEnd(40)} ${String(group.length).padStart(3)}  status ${statuses.padEnd(8)} median ${median.toFixed(0).padStart(5)} ms${bad.length > 0 ? `  UNEXPECTED ${bad.length}` : ''}`;
  });
  return lines.join('\n');
}
