import { randomBytes, randomUUID } from 'node:crypto';

/** X-Ray trace id: `1-<8 hex epoch seconds>-<24 hex>`. */
export function newTraceId(nowMs: number = Date.now()): string {
  const seconds = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return `1-${seconds}-${randomBytes(12).toString('hex')}`;
}

/** X-Ray segment id: 16 hex digits. */
export function newSegmentId(): string {
  return randomBytes(8).toString('hex');
}

/** Lambda request ids are UUIDs. */
export function newRequestId(): string {
  return randomUUID();
}

/** Lambda's log stream name for an execution environment: `YYYY/MM/DD/[$LATEST]<32 hex>` (UTC date). */
export function newLogStreamName(at: Date = new Date()): string {
  const date = at.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${date}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/** The `_X_AMZN_TRACE_ID` value Lambda gives an invocation. */
export function traceHeader(traceId: string, parentId: string, sampled = true): string {
  return `Root=${traceId};Parent=${parentId};Sampled=${sampled ? 1 : 0}`;
}
