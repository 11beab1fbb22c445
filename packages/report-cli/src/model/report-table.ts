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
const NUMBERS = 7;
/** Rows per block of the number column: blocks are added, never copied into a bigger array. */
const BLOCK_ROWS = 4096;

/** The status as a literal: a reader's may be a slice of its line, kept alive by the column. */
function canonical(status: Status): Status {
  switch (status) {
    case 'success':
      return 'success';
    case 'timeout':
      return 'timeout';
    case 'error':
      return 'error';
    case 'failure':
      return 'failure';
    default:
      return null;
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
 * GC walks), the ids in AsciiColumns (bytes, also off the heap) and the other strings in plain
 * arrays; `record(row)` builds the short-lived ReportRecord a caller asks for. The numbers live in
 * fixed blocks: growing one Float64Array by doubling copied (and first touched) its pages again,
 * 3 % of the log pass's profile.
 */
export class ReportTable {
  private readonly blocks: Float64Array[] = [];
  /** Request ids by row: the log store's RequestIndex keys rows by this column. */
  readonly requestIds = new AsciiColumn();
  private readonly traceIds = new AsciiColumn();
  private readonly segmentIds = new AsciiColumn();
  private readonly errorTypes: (string | null)[] = [];
  private readonly environments: (string | null)[] = [];
  private readonly statuses: Status[] = [];

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
    this.statuses.push(canonical(record.status));
    this.requestIds.push(record.requestId);
    this.traceIds.push(record.traceId);
    this.segmentIds.push(record.segmentId);
    this.errorTypes.push(record.errorType);
    this.environments.push(null);
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
    return this.environments[row]!;
  }

  setEnvironment(row: number, environment: string | null): void {
    this.environments[row] = environment;
  }

  /** The XRAY part of a REPORT read after it. */
  setTrace(row: number, traceId: string, segmentId: string | null): void {
    this.traceIds.set(row, traceId);
    this.segmentIds.set(row, segmentId);
  }

  /** The row as a ReportRecord (a new object on every call); `requestId`: the row's, when the caller has it. */
  record(row: number, requestId: string | null = null): ReportRecord {
    const n = this.blocks[Math.floor(row / BLOCK_ROWS)]!;
    const at = (row % BLOCK_ROWS) * NUMBERS;
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
      status: this.statuses[row]!,
      errorType: this.errorTypes[row]!,
      timestampMs: fromColumn(n[at + TIMESTAMP]!),
      order: row,
      environment: this.environments[row]!,
    };
  }
}
