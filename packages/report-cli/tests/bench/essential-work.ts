/**
 * The least work any `generate` design must do on the scale benchmark's data, as a reference between
 * the floor (reading and JSON.parse alone) and `generate`: documents grouped into traces (NDJSON:
 * within the assembler's 200-document grace), each trace's documents and nested subsegments walked
 * once (duplicates by id skipped), the invocation's latency and every call's duration kept per
 * DynamoDB operation + table or per host, REPORT lines reduced to Duration, Max Memory Used and Init
 * Duration and joined by request id, and exact P50/P90/P99 of every series at the end.
 *
 * Nothing else of the report: no critical path, findings, savings, environments, service map,
 * validation or warnings. What `generate` spends above this is the cost of its model and analyses.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every non-empty line of a file, read as the CLI reads NDJSON: 1 MB reads decoded in 64 KB pieces
 * cut after a newline. The floor and this reference share it.
 */
export function forEachFileLine(path: string, onLine: (line: string) => void): void {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1024 * 1024);
  const piece = 64 * 1024;
  let filled = 0;
  for (;;) {
    const n = readSync(fd, buf, filled, buf.length - filled, null);
    if (n === 0) break;
    filled += n;
    const last = buf.lastIndexOf(10, filled - 1);
    if (last === -1) continue;
    let start = 0;
    while (start <= last) {
      let end = last;
      if (last - start >= piece) {
        end = buf.lastIndexOf(10, start + piece - 1);
        if (end < start) end = buf.indexOf(10, start + piece);
      }
      for (const line of buf.toString('utf8', start, end + 1).split('\n')) if (line) onLine(line);
      start = end + 1;
    }
    buf.copy(buf, 0, last + 1, filled);
    filled -= last + 1;
  }
  closeSync(fd);
}

interface Doc {
  id: string;
  trace_id?: string;
  start_time: number;
  end_time?: number;
  origin?: string;
  namespace?: string;
  name: string;
  aws?: { operation?: string; table_name?: string; request_id?: string };
  http?: { request?: { url?: string } };
  subsegments?: Doc[];
}

interface Report {
  durationMs: number;
  maxMemoryMb: number;
  initMs: number | null;
}

/**
 * A growable column of doubles. Not the CLI's Samples: the bench runs its TypeScript through Node's
 * type stripping, which cannot load `src/` (its imports name `.js` files that exist only once built).
 */
class Series {
  private data = new Float64Array(1024);
  private size = 0;

  push(value: number): void {
    if (this.size === this.data.length) {
      const next = new Float64Array(this.size * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.size++] = value;
  }

  /** P50 + P90 + P99 by closest rank, summed: the caller checks the sum is a number. */
  percentiles(): number {
    if (this.size === 0) return 0;
    const sorted = this.data.subarray(0, this.size).sort();
    const at = (p: number) => sorted[Math.min(this.size - 1, Math.floor(p * this.size))]!;
    return at(0.5) + at(0.9) + at(0.99);
  }
}

/** The number after `name` in a REPORT line, or null. */
function field(line: string, name: string): number | null {
  const i = line.indexOf(name);
  return i === -1 ? null : Number.parseFloat(line.slice(i + name.length));
}

class Essentials {
  private readonly series = new Map<string, Series>();
  private readonly hosts = new Map<string, string>();
  private readonly reports = new Map<string, Report>();
  private readonly latency = this.of('latency');
  private readonly memory = this.of('memory');
  private readonly init = this.of('init');
  invocations = 0;

  of(key: string): Series {
    let s = this.series.get(key);
    if (!s) {
      s = new Series();
      this.series.set(key, s);
    }
    return s;
  }

  logLine(line: string): void {
    if (!line.startsWith('REPORT RequestId: ')) return;
    // A copy, not a slice: V8 makes a slice of 13 or more characters a view into its 64 KB chunk, and
    // 100,000 kept ids kept every chunk of the log alive, which grew the young generation to 64 MB and
    // slowed every later JSON.parse (the trap the CLI's log store avoids by keeping ids as bytes).
    const id = `"${line.slice(18, line.indexOf('\t', 18))}"`.slice(1, -1);
    this.reports.set(id, {
      durationMs: field(line, '\tDuration: ') ?? 0,
      maxMemoryMb: field(line, 'Max Memory Used: ') ?? 0,
      initMs: field(line, 'Init Duration: '),
    });
  }

  private host(url: string): string {
    const slash = url.indexOf('/', url.indexOf('//') + 2);
    const origin = slash === -1 ? url : url.slice(0, slash);
    let h = this.hosts.get(origin);
    if (h === undefined) {
      h = new URL(origin).hostname;
      this.hosts.set(origin, h);
    }
    return h;
  }

  private walk(d: Doc, seen: Set<string>, inv: { fn: Doc | null; requestId: string | null }): void {
    if (seen.has(d.id)) return;
    seen.add(d.id);
    if (d.origin === 'AWS::Lambda::Function') inv.fn = d;
    else if (d.origin === 'AWS::Lambda') inv.requestId = d.aws?.request_id ?? null;
    const ms = ((d.end_time ?? d.start_time) - d.start_time) * 1000;
    if (d.namespace === 'aws') this.of(`${d.aws?.operation} ${d.aws?.table_name}`).push(ms);
    else if (d.namespace === 'remote') this.of(this.host(d.http?.request?.url ?? `https://${d.name}`)).push(ms);
    if (d.subsegments) for (const s of d.subsegments) this.walk(s, seen, inv);
  }

  private joined(r: Report): void {
    this.latency.push(r.durationMs);
    this.memory.push(r.maxMemoryMb);
    if (r.initMs !== null) this.init.push(r.initMs);
  }

  trace(docs: readonly Doc[]): void {
    const inv = { fn: null as Doc | null, requestId: null as string | null };
    const seen = new Set<string>();
    for (const d of docs) this.walk(d, seen, inv);
    if (!inv.fn) return;
    this.invocations++;
    const r = inv.requestId ? this.reports.get(inv.requestId) : undefined;
    if (r && inv.requestId) {
      this.reports.delete(inv.requestId);
      this.joined(r);
    } else this.latency.push(((inv.fn.end_time ?? inv.fn.start_time) - inv.fn.start_time) * 1000);
  }

  /** Unjoined REPORTs, then every series' percentiles; returns the invocations counted. */
  finish(): number {
    for (const r of this.reports.values()) {
      this.joined(r);
      this.invocations++;
    }
    let checksum = 0;
    for (const s of this.series.values()) checksum += s.percentiles();
    if (!Number.isFinite(checksum)) throw new Error('essential work: a series is not numeric');
    return this.invocations;
  }
}

/** Runs the reference on the benchmark folder (`ndjson/` or `batch/`, and `function.log`). */
export function essentialWork(dir: string, format: string): number {
  const e = new Essentials();
  // In pieces, as the CLI reads logs: the request ids kept are slices of what was read, and slices
  // of the whole file as one string (split into lines) cost 1.4 s more GC and 210 MB more peak RSS.
  forEachFileLine(join(dir, 'function.log'), (line) => e.logLine(line));
  if (format === 'ndjson') {
    const pending = new Map<string, { docs: Doc[]; last: number }>();
    let seq = 0;
    forEachFileLine(join(dir, 'ndjson', 'traces.ndjson'), (line) => {
      const doc = JSON.parse(line) as Doc;
      const traceId = doc.trace_id ?? '';
      seq++;
      // Most recently seen last (delete + set), so the sweep stops at the first trace still in its grace.
      let p = pending.get(traceId);
      if (p) pending.delete(traceId);
      else p = { docs: [], last: 0 };
      p.docs.push(doc);
      p.last = seq;
      pending.set(traceId, p);
      if ((seq & 63) === 0)
        for (const [id, q] of pending) {
          if (seq - q.last < 200) break;
          pending.delete(id);
          e.trace(q.docs);
        }
    });
    for (const q of pending.values()) e.trace(q.docs);
  } else {
    for (const f of readdirSync(join(dir, 'batch')).sort()) {
      const value = JSON.parse(readFileSync(join(dir, 'batch', f), 'utf8')) as {
        Traces: { Segments: { Document: string }[] }[];
      };
      for (const t of value.Traces) e.trace(t.Segments.map((s) => JSON.parse(s.Document) as Doc));
    }
  }
  return e.finish();
}
