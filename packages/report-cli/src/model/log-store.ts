import { OpenRequests } from './open-requests.js';
import { ReportTable } from './report-table.js';
import { RequestIndex } from './request-index.js';
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
  /** Row of the stream's last REPORT in the table, or -1. */
  lastReport: number;
}

/**
 * What the logs said, reduced to numbers: REPORT records by request id, the trace-id index,
 * environments, errors and timeouts, and EMF metric samples. Filled by the log readers. Strings it
 * keeps are detached copies (the readers hand over slices of their read chunks); the ids of each
 * REPORT are copied as bytes (ReportTable).
 */
export class LogStore {
  /** Every REPORT read, column-wise (see ReportTable for why). */
  private readonly table = new ReportTable();
  /** Request id → row of its REPORT (the last one read), until a trace claims it. */
  private readonly rows = new RequestIndex(this.table.requestIds);
  /**
   * Trace id → request id of the last REPORT that named it; built on the first look-up by trace id
   * (null until then). Traces nearly always carry the request id, and logs without traces never
   * look up by trace id: filling this map as REPORTs were read was 100,000 inserts of fresh strings
   * (6.8 % of a log-only run's profile) for look-ups that mostly never came.
   */
  private requestByTrace: Map<string, string> | null = null;
  /**
   * Until the index is built, what it would have seen, in order, so building it replays exactly the
   * eager inserts and deletes: a row whose trace id was set (row ≥ 0), a row that was taken (~row).
   */
  private traceEvents: number[] = [];
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
  private readonly streams = new Map<string, StreamState>();
  /**
   * The record unjoined() yielded last, and its row: a log-only invocation takes the REPORT it was
   * built from, and gets that same object instead of a second copy of the row.
   */
  private yielded: ReportRecord | null = null;
  private yieldedRow = -1;
  /** Environments fixed by a manifest (run.json): stream inference is then not needed. */
  private manifestEnvironments = false;

  private stream(name: string, isLogStream: boolean): StreamState {
    let s = this.streams.get(name);
    if (!s) {
      s = {
        // Kept for the whole run: a name cut from a line (`aws logs tail` text) must not keep its chunk.
        name: detachedCopy(name),
        env: null,
        envCount: 0,
        sawInitSinceReport: false,
        open: new OpenRequests(),
        interleaved: false,
        isLogStream,
        lastReport: -1,
      };
      this.streams.set(s.name, s);
    }
    return s;
  }

  /** run.json's environments: authoritative request → environment mapping. */
  setEnvironments(environments: { logStream: string; requestIds: string[] }[]): void {
    // Environments inferred before this (REPORTs read first) move to the map the manifest fills.
    if (!this.manifestEnvironments)
      for (const row of this.rows.values()) {
        const env = this.table.environment(row);
        if (env) this.envByRequest.set(this.table.requestId(row), env);
      }
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
    if (!s.isLogStream) this.inferred.add(s.env);
  }

  /** Environments named after a text file's cold starts (see isInferred). */
  private readonly inferred = new Set<string>();

  /**
   * Whether an environment was inferred from a text file (no log stream, no run.json): each cold
   * start there opens a new one and every later invocation goes to the last opened, which holds
   * only for one environment's log. A file of several environments' invocations (merged, or
   * `aws logs tail --format short`) puts them all into the last one to start: a planted leak of
   * 0.9 MB per invocation in 1 environment of 50 was spread over another and never found.
   */
  isInferred(environment: string | null): boolean {
    return environment !== null && this.inferred.has(environment);
  }

  start(streamName: string, isLogStream: boolean, requestId: string): void {
    const s = this.stream(streamName, isLogStream);
    if (s.open.size > 0) s.interleaved = true;
    s.open.add(requestId);
  }

  end(streamName: string, isLogStream: boolean, requestId: string): void {
    this.stream(streamName, isLogStream).open.delete(requestId);
  }

  report(streamName: string, isLogStream: boolean, record: Omit<ReportRecord, 'order'>): void {
    const s = this.stream(streamName, isLogStream);
    s.open.delete(record.requestId);
    const errorType = record.errorType === null ? null : detachedCopy(record.errorType);
    // The ids are copied into the table as bytes, not kept as strings.
    const row = this.table.add({
      requestId: record.requestId,
      durationMs: record.durationMs,
      billedMs: record.billedMs,
      memorySizeMb: record.memorySizeMb,
      maxMemoryUsedMb: record.maxMemoryUsedMb,
      initDurationMs: record.initDurationMs,
      restoreDurationMs: record.restoreDurationMs,
      traceId: record.traceId,
      segmentId: record.segmentId,
      status: record.status,
      errorType,
      timestampMs: record.timestampMs,
    });
    // A cold REPORT without an INIT_START line before it still opens a new environment.
    if (s.env === null || (record.initDurationMs !== null && !s.sawInitSinceReport)) this.newEnvironment(s);
    s.sawInitSinceReport = false;
    s.lastReport = row;
    if (this.rows.set(row)) this.reportCount++;
    if (record.traceId) this.indexTrace(row);
    if (record.memorySizeMb !== null) this.memorySizeMb = record.memorySizeMb;
    if (record.status === 'timeout') this.timeouts.add(detachedCopy(record.requestId));
    else if (record.status === 'error' || record.status === 'failure') {
      const requestId = detachedCopy(record.requestId);
      this.errors.set(requestId, errorType ?? this.errors.get(requestId) ?? null);
    }
    // On the row, not in a map by request id: one insert and one look-up less per invocation.
    this.table.setEnvironment(row, this.manifestEnvironments ? null : s.env);
  }

  /** The XRAY part of a REPORT on the next line: attaches to the stream's last REPORT. */
  xrayForLastReport(streamName: string, isLogStream: boolean, traceId: string, segmentId: string | null): boolean {
    const last = this.stream(streamName, isLogStream).lastReport;
    if (last === -1 || this.table.hasTraceId(last)) return false;
    if (last === this.yieldedRow) this.yieldedRow = -1;
    this.table.setTrace(last, traceId, segmentId);
    this.indexTrace(last);
    return true;
  }

  /** A row's trace id was set: into the index, or into the events it is built from later. */
  private indexTrace(row: number): void {
    if (this.requestByTrace === null) this.traceEvents.push(row);
    else this.setTraceEntry(this.requestByTrace, row);
  }

  private setTraceEntry(index: Map<string, string>, row: number): void {
    const traceId = this.table.traceId(row)!;
    const size = index.size;
    index.set(traceId, this.table.requestId(row));
    if (index.size === size) this.sharedTraceIds.add(traceId);
  }

  /** A REPORT with a trace id was taken (joined): see take(). */
  private dropTraceEntry(index: Map<string, string>, row: number): void {
    const traceId = this.table.traceId(row)!;
    if (this.sharedTraceIds.has(traceId)) index.delete(traceId);
  }

  private traceIndex(): Map<string, string> {
    if (this.requestByTrace !== null) return this.requestByTrace;
    const index = new Map<string, string>();
    for (const event of this.traceEvents)
      if (event >= 0) this.setTraceEntry(index, event);
      else this.dropTraceEntry(index, ~event);
    this.traceEvents = [];
    this.requestByTrace = index;
    return index;
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

  /** The REPORT record not yet taken for a request id (tests and diagnostics; take() joins). */
  reportFor(requestId: string): ReportRecord | null {
    const row = this.rows.get(requestId);
    return row === -1 ? null : this.table.record(row);
  }

  /** The request id the trace-id index gives for a trace id. */
  requestIdForTrace(traceId: string): string | null {
    return this.traceIndex().get(traceId) ?? null;
  }

  /** REPORT records not yet taken. */
  get pendingReports(): number {
    return this.rows.size;
  }

  /** The REPORT record for an invocation, found by request id or trace id; removes it (joined). */
  take(requestId: string | null, traceId: string | null): ReportRecord | null {
    // By request id: found and removed in one probe, and the caller's string is the record's id.
    let row = requestId ? this.rows.take(requestId) : -1;
    let knownId = row === -1 ? null : requestId;
    if (row === -1 && traceId) {
      const id = this.traceIndex().get(traceId);
      if (id) row = this.rows.take(id);
      knownId = id ?? null;
    }
    if (row === -1) return null;
    // A joined record's trace entry is dropped only where it matters: an entry naming this record
    // finds nothing once the record is gone, but a shared trace id's entry names another REPORT,
    // which must then no longer be found by that trace id. Skipping the delete otherwise saves a
    // look-up in a 100,000-entry map per invocation.
    if (this.table.hasTraceId(row)) {
      if (this.requestByTrace === null) this.traceEvents.push(~row);
      else this.dropTraceEntry(this.requestByTrace, row);
    }
    this.joined++;
    return row === this.yieldedRow ? this.yielded : this.table.record(row, knownId);
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

  /**
   * REPORT records no trace claimed (unsampled invocations): still count for latency and memory.
   * Built one at a time as the caller iterates (short-lived objects), in the order their request
   * ids were first read; taking the current one while iterating is fine (Map iteration order).
   */
  *unjoined(): Generator<ReportRecord> {
    try {
      for (const row of this.rows.values()) {
        this.yielded = this.table.record(row);
        this.yieldedRow = row;
        yield this.yielded;
      }
    } finally {
      this.yielded = null;
      this.yieldedRow = -1;
    }
  }
}
