import { AsciiColumn } from './ascii-column.js';
import type { ReportRecord } from './types.js';

type Status = ReportRecord['status'];

/** Numbers kept per row, in this order; NaN stands for null (a kept number is always finite). */
const DURATION = 0;
const BILLED = 1;
const MEMORY_SIZE = 2;
const MAX_MEMORY_USED = 3;
const INIT_DURATION = 4;
const RESTORE_DURATION = 5;
const TIMESTAMP = 6;
/** The status as its index in STATUSES. */
const STATUS = 7;
/** The environment as its index in the table's list of environment names, or NaN. */
const ENVIRONMENT = 8;
const NUMBERS = 9;
/** Rows per block of the number column: blocks are added, never copied into a bigger array. */
const BLOCK_ROWS = 4096;

/** Statuses by code (the code is the index); a reader's status may be a slice of its line: the literal is kept. */
const STATUSES: readonly Status[] = [null, 'success', 'timeout', 'error', 'failure'];

function statusCode(status: Status): number {
  switch (status) {
    case 'success':
      return 1;
    case 'timeout':
      return 2;
    case 'error':
      return 3;
    case 'failure':
      return 4;
    default:
      return 0;
  }
}

function toColumn(v: number | null): number {
  return v === null ? Number.NaN : v;
}

function fromColumn(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

/**
 * REPORT records stored column-wise, one row per REPORT line in reading order (the row number is
 * the record's `order`). One object per REPORT, kept from the log pass to the join, was 100,000
 * long-lived objects at the scale benchmark: they outlived two scavenges, were copied into old
 * space and marked by every full GC. Here the numbers sit in a Float64Array (outside the heap the
 * GC walks), the ids in AsciiColumns (bytes, also off the heap), the status and the environment as
 * codes among the numbers, and the few error types in a map by row; `record(row)` builds the
 * short-lived ReportRecord a caller asks for. The numbers live in fixed blocks: growing one
 * Float64Array by doubling copied (and first touched) its pages again, 3 % of the log pass's
 * profile. Status and environment were JS arrays of one entry per row, grown by copying in old
 * space: with the id columns in blocks (AsciiColumn), the log pass of 100,000 REPORTs took
 * 14,700 page faults instead of 23,500 and 500-520 ms instead of 610-650 (2026-11-29, the log pass
 * alone; in a whole NDJSON run 3,500 fewer faults, and a wall time within noise of before).
 */
export class ReportTable {
  private readonly blocks: Float64Array[] = [];
  /** Request ids by row: the log store's RequestIndex keys rows by this column. */
  readonly requestIds = new AsciiColumn();
  private readonly traceIds = new AsciiColumn();
  private readonly segmentIds = new AsciiColumn();
  /** Error types by row, for the few rows that have one. */
  private readonly errorTypes = new Map<number, string>();
  /** Environment names, each once (rows hold their index). */
  private readonly environmentNames: string[] = [];
  private readonly environmentIndex = new Map<string, number>();

  get size(): number {
    return this.requestIds.size;
  }

  /** Appends a record (the ids are copied; other strings as given: the caller detaches them); returns its row. */
  add(record: Omit<ReportRecord, 'order' | 'environment'>): number {
    const row = this.requestIds.size;
    if (row % BLOCK_ROWS === 0) this.blocks.push(new Float64Array(BLOCK_ROWS * NUMBERS));
    const n = this.blocks[this.blocks.length - 1]!;
    const at = (row % BLOCK_ROWS) * NUMBERS;
    n[at + DURATION] = record.durationMs;
    n[at + BILLED] = toColumn(record.billedMs);
    n[at + MEMORY_SIZE] = toColumn(record.memorySizeMb);
    n[at + MAX_MEMORY_USED] = toColumn(record.maxMemoryUsedMb);
    n[at + INIT_DURATION] = toColumn(record.initDurationMs);
    n[at + RESTORE_DURATION] = toColumn(record.restoreDurationMs);
    n[at + TIMESTAMP] = toColumn(record.timestampMs);
    n[at + STATUS] = statusCode(record.status);
    n[at + ENVIRONMENT] = Number.NaN;
    this.requestIds.push(record.requestId);
    this.traceIds.push(record.traceId);
    this.segmentIds.push(record.segmentId);
    if (record.errorType !== null) this.errorTypes.set(row, record.errorType);
    return row;
  }

  /** A new string on every call (see AsciiColumn.get). */
  requestId(row: number): string {
    return this.requestIds.get(row)!;
  }

  /** A new string on every call (see AsciiColumn.get). */
  traceId(row: number): string | null {
    return this.traceIds.get(row);
  }

  hasTraceId(row: number): boolean {
    return !this.traceIds.isNullOrEmpty(row);
  }

  environment(row: number): string | null {
    const i = this.blockOf(row)[this.at(row) + ENVIRONMENT]!;
    return Number.isNaN(i) ? null : this.environmentNames[i]!;
  }

  setEnvironment(row: number, environment: string | null): void {
    let i = Number.NaN;
    if (environment !== null) {
      i = this.environmentIndex.get(environment) ?? this.environmentNames.length;
      if (i === this.environmentNames.length) {
        this.environmentNames.push(environment);
        this.environmentIndex.set(environment, i);
      }
    }
    this.blockOf(row)[this.at(row) + ENVIRONMENT] = i;
  }

  /** The number block holding a row (at(): where the row's numbers start in it). */
  private blockOf(row: number): Float64Array {
    return this.blocks[Math.floor(row / BLOCK_ROWS)]!;
  }

  private at(row: number): number {
    return (row % BLOCK_ROWS) * NUMBERS;
  }

  /** The XRAY part of a REPORT read after it. */
  setTrace(row: number, traceId: string, segmentId: string | null): void {
    this.traceIds.set(row, traceId);
    this.segmentIds.set(row, segmentId);
  }

  /** The row as a ReportRecord (a new object on every call); `requestId`: the row's, when the caller has it. */
  record(row: number, requestId: string | null = null): ReportRecord {
    const n = this.blockOf(row);
    const at = this.at(row);
    return {
      requestId: requestId ?? this.requestIds.get(row)!,
      durationMs: n[at + DURATION]!,
      billedMs: fromColumn(n[at + BILLED]!),
      memorySizeMb: fromColumn(n[at + MEMORY_SIZE]!),
      maxMemoryUsedMb: fromColumn(n[at + MAX_MEMORY_USED]!),
      initDurationMs: fromColumn(n[at + INIT_DURATION]!),
      restoreDurationMs: fromColumn(n[at + RESTORE_DURATION]!),
      traceId: this.traceIds.get(row),
      segmentId: this.segmentIds.get(row),
      status: STATUSES[n[at + STATUS]!]!,
      errorType: this.errorTypes.get(row) ?? null,
      timestampMs: fromColumn(n[at + TIMESTAMP]!),
      order: row,
      environment: this.environment(row),
    };
  }
}
