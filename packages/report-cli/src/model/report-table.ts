import type { ReportRecord } from './types.js';

type Status = ReportRecord['status'];

/** Status codes of the status column (0 = null). */
const STATUSES: readonly Status[] = [null, 'success', 'timeout', 'error', 'failure'];

/** Numbers kept per row, in this order; NaN stands for null (a kept number is always finite). */
const DURATION = 0;
const BILLED = 1;
const MEMORY_SIZE = 2;
const MAX_MEMORY_USED = 3;
const INIT_DURATION = 4;
const RESTORE_DURATION = 5;
const TIMESTAMP = 6;
const NUMBERS = 7;

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
 * GC walks) and the strings in plain arrays; `record(row)` builds the short-lived ReportRecord a
 * caller asks for.
 */
export class ReportTable {
  private numbers = new Float64Array(NUMBERS * 1024);
  private readonly requestIds: string[] = [];
  private readonly traceIds: (string | null)[] = [];
  private readonly segmentIds: (string | null)[] = [];
  private readonly errorTypes: (string | null)[] = [];
  private readonly environments: (string | null)[] = [];
  private statuses = new Uint8Array(1024);

  get size(): number {
    return this.requestIds.length;
  }

  /** Appends a record (strings as given: the caller detaches them); returns its row. */
  add(record: Omit<ReportRecord, 'order' | 'environment'>): number {
    const row = this.requestIds.length;
    if (row === this.statuses.length) this.grow();
    const at = row * NUMBERS;
    const n = this.numbers;
    n[at + DURATION] = record.durationMs;
    n[at + BILLED] = toColumn(record.billedMs);
    n[at + MEMORY_SIZE] = toColumn(record.memorySizeMb);
    n[at + MAX_MEMORY_USED] = toColumn(record.maxMemoryUsedMb);
    n[at + INIT_DURATION] = toColumn(record.initDurationMs);
    n[at + RESTORE_DURATION] = toColumn(record.restoreDurationMs);
    n[at + TIMESTAMP] = toColumn(record.timestampMs);
    this.statuses[row] = STATUSES.indexOf(record.status);
    this.requestIds.push(record.requestId);
    this.traceIds.push(record.traceId);
    this.segmentIds.push(record.segmentId);
    this.errorTypes.push(record.errorType);
    this.environments.push(null);
    return row;
  }

  private grow(): void {
    const numbers = new Float64Array(this.numbers.length * 2);
    numbers.set(this.numbers);
    this.numbers = numbers;
    const statuses = new Uint8Array(this.statuses.length * 2);
    statuses.set(this.statuses);
    this.statuses = statuses;
  }

  requestId(row: number): string {
    return this.requestIds[row]!;
  }

  traceId(row: number): string | null {
    return this.traceIds[row]!;
  }

  initDurationMs(row: number): number | null {
    return fromColumn(this.numbers[row * NUMBERS + INIT_DURATION]!);
  }

  environment(row: number): string | null {
    return this.environments[row]!;
  }

  setEnvironment(row: number, environment: string | null): void {
    this.environments[row] = environment;
  }

  /** The XRAY part of a REPORT read after it. */
  setTrace(row: number, traceId: string, segmentId: string | null): void {
    this.traceIds[row] = traceId;
    this.segmentIds[row] = segmentId;
  }

  /** The row as a ReportRecord (a new object on every call). */
  record(row: number): ReportRecord {
    const at = row * NUMBERS;
    const n = this.numbers;
    return {
      requestId: this.requestIds[row]!,
      durationMs: n[at + DURATION]!,
      billedMs: fromColumn(n[at + BILLED]!),
      memorySizeMb: fromColumn(n[at + MEMORY_SIZE]!),
      maxMemoryUsedMb: fromColumn(n[at + MAX_MEMORY_USED]!),
      initDurationMs: fromColumn(n[at + INIT_DURATION]!),
      restoreDurationMs: fromColumn(n[at + RESTORE_DURATION]!),
      traceId: this.traceIds[row]!,
      segmentId: this.segmentIds[row]!,
      status: STATUSES[this.statuses[row]!] ?? null,
      errorType: this.errorTypes[row]!,
      timestampMs: fromColumn(n[at + TIMESTAMP]!),
      order: row,
      environment: this.environments[row]!,
    };
  }
}
