import { OpenRequests } from './open-requests.js';
import { Samples } from './stats.js';
import { detachedCopy } from './string-copy.js';
import type { ReportRecord } from './types.js';

/** One stream of log lines (a log stream, or one text file): used to infer execution environments. */
interface StreamState {
  name: string;
  /** Current environment of the stream, or null before the first INIT_START / cold REPORT. */
  env: string | null;
  envCount: number;
  sawInitSinceReport: boolean;
  open: OpenRequests;
  /** Whether invocations overlapped in this stream (concurrent environments in one file). */
  interleaved: boolean;
  /** Whether the stream is a real log stream (one environment each, as Lambda names them). */
  isLogStream: boolean;
  lastReport: ReportRecord | null;
}

/**
 * What the logs said, reduced to numbers: REPORT records by request id, the trace-id index,
 * environments, errors and timeouts, and EMF metric samples. Filled by the log readers. Strings it
 * keeps are detached copies: the readers hand over slices of their read chunks.
 */
export class LogStore {
  readonly reports = new Map<string, ReportRecord>();
  readonly requestByTrace = new Map<string, string>();
  /** Trace ids that more than one REPORT named (the index entry was overwritten). */
  private readonly sharedTraceIds = new Set<string>();
  readonly envByRequest = new Map<string, string>();
  readonly errors = new Map<string, string | null>();
  readonly timeouts = new Set<string>();
  readonly emf = new Map<string, Samples>();
  /** REPORT lines read, and how many a trace claimed (joined records leave the maps to free memory). */
  reportCount = 0;
  joined = 0;
  initStarts = 0;
  /** Timeout seen in `Task timed out after N seconds`, when present. */
  observedTimeoutS: number | null = null;
  memorySizeMb: number | null = null;
  runtimeVersion: string | null = null;
  private order = 0;
  private readonly streams = new Map<string, StreamState>();
  /** Environments fixed by a manifest (run.json): stream inference is then not needed. */
  private manifestEnvironments = false;

  private stream(name: string, isLogStream: boolean): StreamState {
    let s = this.streams.get(name);
    if (!s) {
      s = {
        name,
        env: null,
        envCount: 0,
        sawInitSinceReport: false,
        open: new OpenRequests(),
        interleaved: false,
        isLogStream,
        lastReport: null,
      };
      this.streams.set(name, s);
    }
    return s;
  }

  /** run.json's environments: authoritative request → environment mapping. */
  setEnvironments(environments: { logStream: string; requestIds: string[] }[]): void {
    // Environments inferred before this (REPORTs read first) move to the map the manifest fills.
    if (!this.manifestEnvironments)
      for (const r of this.reports.values()) if (r.environment) this.envByRequest.set(r.requestId, r.environment);
    this.manifestEnvironments = true;
    for (const env of environments) for (const id of env.requestIds) this.envByRequest.set(id, env.logStream);
  }

  initStart(streamName: string, isLogStream: boolean, runtimeVersion?: string): void {
    this.initStarts++;
    if (runtimeVersion) this.runtimeVersion = detachedCopy(runtimeVersion);
    const s = this.stream(streamName, isLogStream);
    this.newEnvironment(s);
    s.sawInitSinceReport = true;
  }

  private newEnvironment(s: StreamState): void {
    s.envCount++;
    s.env = s.isLogStream && s.envCount === 1 ? s.name : `${s.name}#${s.envCount}`;
  }

  start(streamName: string, isLogStream: boolean, requestId: string): void {
    const s = this.stream(streamName, isLogStream);
    if (s.open.size > 0) s.interleaved = true;
    s.open.add(requestId);
  }

  end(streamName: string, isLogStream: boolean, requestId: string): void {
    this.stream(streamName, isLogStream).open.delete(requestId);
  }

  report(streamName: string, isLogStream: boolean, record: Omit<ReportRecord, 'order'>): ReportRecord {
    const s = this.stream(streamName, isLogStream);
    s.open.delete(record.requestId);
    // Built field by field, not by spread: one REPORT line per invocation.
    const full: ReportRecord = {
      requestId: detachedCopy(record.requestId),
      durationMs: record.durationMs,
      billedMs: record.billedMs,
      memorySizeMb: record.memorySizeMb,
      maxMemoryUsedMb: record.maxMemoryUsedMb,
      initDurationMs: record.initDurationMs,
      restoreDurationMs: record.restoreDurationMs,
      traceId: record.traceId === null ? null : detachedCopy(record.traceId),
      segmentId: record.segmentId === null ? null : detachedCopy(record.segmentId),
      status: record.status,
      errorType: record.errorType === null ? null : detachedCopy(record.errorType),
      timestampMs: record.timestampMs,
      order: this.order++,
      environment: null,
    };
    // A cold REPORT without an INIT_START line before it still opens a new environment.
    if (s.env === null || (full.initDurationMs !== null && !s.sawInitSinceReport)) this.newEnvironment(s);
    s.sawInitSinceReport = false;
    s.lastReport = full;
    const size = this.reports.size;
    this.reports.set(full.requestId, full);
    if (this.reports.size !== size) this.reportCount++;
    if (full.traceId) this.indexTrace(full.traceId, full.requestId);
    if (full.memorySizeMb !== null) this.memorySizeMb = full.memorySizeMb;
    if (full.status === 'timeout') this.timeouts.add(full.requestId);
    else if (full.status === 'error' || full.status === 'failure')
      this.errors.set(full.requestId, full.errorType ?? this.errors.get(full.requestId) ?? null);
    // On the record, not in a map by request id: one insert and one look-up less per invocation.
    full.environment = this.manifestEnvironments ? null : s.env;
    return full;
  }

  /** The XRAY part of a REPORT on the next line: attaches to the stream's last REPORT. */
  xrayForLastReport(streamName: string, isLogStream: boolean, traceId: string, segmentId: string | null): boolean {
    const last = this.stream(streamName, isLogStream).lastReport;
    if (!last || last.traceId) return false;
    last.traceId = detachedCopy(traceId);
    last.segmentId = segmentId === null ? null : detachedCopy(segmentId);
    this.indexTrace(last.traceId, last.requestId);
    return true;
  }

  private indexTrace(traceId: string, requestId: string): void {
    const size = this.requestByTrace.size;
    this.requestByTrace.set(traceId, requestId);
    if (this.requestByTrace.size === size) this.sharedTraceIds.add(traceId);
  }

  timeout(requestId: string, afterS: number | null): void {
    this.timeouts.add(detachedCopy(requestId));
    if (afterS !== null) this.observedTimeoutS = afterS;
  }

  error(requestId: string, type: string | null): void {
    this.errors.set(detachedCopy(requestId), type === null ? (this.errors.get(requestId) ?? null) : detachedCopy(type));
  }

  metric(name: string, value: number): void {
    let s = this.emf.get(name);
    if (!s) {
      s = new Samples();
      this.emf.set(name, s);
    }
    s.add(value);
  }

  /** Streams whose invocations overlapped: environments could not be inferred from them. */
  interleavedStreams(): string[] {
    if (this.manifestEnvironments) return [];
    return [...this.streams.values()].filter((s) => s.interleaved && !s.isLogStream).map((s) => s.name);
  }

  /** The REPORT record for an invocation, found by request id or trace id; removes it (joined). */
  take(requestId: string | null, traceId: string | null): ReportRecord | null {
    let record = requestId ? this.reports.get(requestId) : undefined;
    if (!record && traceId) {
      const id = this.requestByTrace.get(traceId);
      if (id) record = this.reports.get(id);
    }
    if (!record) return null;
    this.reports.delete(record.requestId);
    // A joined record's trace entry is dropped only where it matters: an entry naming this record
    // finds nothing once the record is gone, but a shared trace id's entry names another REPORT,
    // which must then no longer be found by that trace id. Skipping the delete otherwise saves a
    // look-up in a 100,000-entry map per invocation.
    if (record.traceId && this.sharedTraceIds.has(record.traceId)) this.requestByTrace.delete(record.traceId);
    this.joined++;
    return record;
  }

  /** The environment of a request, asked once per invocation with the REPORT it took (if any). */
  environmentOf(requestId: string, record: ReportRecord | null): string | null {
    // Without run.json, only a REPORT tells the environment, and each invocation that can ask for
    // one asks right after taking its REPORT (or, unjoined, with it): the record answers.
    if (!this.manifestEnvironments) return record?.environment ?? null;
    const env = this.envByRequest.get(requestId) ?? null;
    this.envByRequest.delete(requestId);
    return env;
  }

  /** REPORT records no trace claimed (unsampled invocations): still count for latency and memory. */
  unjoined(): ReportRecord[] {
    return [...this.reports.values()];
  }
}
