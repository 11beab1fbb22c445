import { InputError } from '../cli/errors.js';
import type { LogStore } from '../model/log-store.js';
import type { Diagnostics } from './diagnostics.js';
import { forEachArrayElement, forEachJsonDocument, forEachWholeDocument } from './json-file.js';
import { readLogLine } from './lambda-log.js';
import { forEachLine, readHead } from './lines.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * One log event: its message's lines, read as Lambda log lines of its stream. `field` is the event's
 * path in the file ('' for a file of one event a line, `line` then naming it).
 */
function readEvent(
  event: unknown,
  file: string,
  field: string,
  store: LogStore,
  diag: Diagnostics,
  line?: number,
): void {
  if (!isObject(event) || typeof event.message !== 'string') {
    diag.warn({ file, line, field: field ? `${field}.message` : 'message' }, 'missing or not a string; event skipped');
    return;
  }
  const streamName = typeof event.logStreamName === 'string' ? event.logStreamName : null;
  const ctx = {
    file,
    line: 0,
    stream: streamName ?? file,
    isLogStream: streamName !== null,
    timestampMs: typeof event.timestamp === 'number' ? event.timestamp : undefined,
  };
  for (const line of event.message.split('\n')) {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed.trim().length > 0) readLogLine(trimmed.replace(/\t+$/, ''), { ...ctx }, store, diag);
  }
}

/**
 * One element of a top-level array: a page (`{events: […]}`), or else an event. `line`: where the
 * document holding the array starts, in a file of several.
 */
function readArrayItem(
  item: unknown,
  p: number,
  file: string,
  store: LogStore,
  diag: Diagnostics,
  line?: number,
): void {
  if (isObject(item) && Array.isArray(item.events)) {
    const events = item.events as unknown[];
    for (let i = 0; i < events.length; i++) readEvent(events[i], file, `[${p}].events[${i}]`, store, diag, line);
  } else if (isObject(item) && Array.isArray(item.logEvents))
    readSubscriptionRecord(item, `[${p}].`, file, store, diag, line);
  else readEvent(item, file, `[${p}]`, store, diag, line);
}

/**
 * A CloudWatch Logs subscription record (`{messageType, logGroup, logStream, logEvents: [{id,
 * timestamp, message}]}`, what a subscription filter sends to Firehose, Kinesis or a function): its
 * events, each of the record's log stream. `field`: the record's path ('' at the top).
 */
function readSubscriptionRecord(
  record: Record<string, unknown>,
  field: string,
  file: string,
  store: LogStore,
  diag: Diagnostics,
  line?: number,
): void {
  const events = record.logEvents as unknown[];
  const stream = typeof record.logStream === 'string' ? record.logStream : undefined;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const withStream = stream !== undefined && isObject(event) ? { ...event, logStreamName: stream } : event;
    readEvent(withStream, file, `${field}logEvents[${i}]`, store, diag, line);
  }
}

/** A parsed document: a page, a subscription record, or an array of these or of events (see readCloudWatchEvents). */
function readEventsValue(value: unknown, file: string, store: LogStore, diag: Diagnostics, line?: number): void {
  if (isObject(value) && Array.isArray(value.events)) {
    const events = value.events as unknown[];
    for (let i = 0; i < events.length; i++) readEvent(events[i], file, `events[${i}]`, store, diag, line);
  } else if (isObject(value) && Array.isArray(value.logEvents))
    readSubscriptionRecord(value, '', file, store, diag, line);
  else if (Array.isArray(value))
    for (let p = 0; p < value.length; p++) readArrayItem(value[p], p, file, store, diag, line);
  else throw new InputError('missing or not an array', { file, line, field: 'events' });
}

/** Whether the file's first line is one whole event (one event a line, not one JSON document). */
function startsWithEventLine(file: string): boolean {
  const head = readHead(file).trimStart();
  const nl = head.indexOf('\n');
  try {
    const first: unknown = JSON.parse(nl === -1 ? head : head.slice(0, nl));
    return isObject(first) && typeof first.message === 'string' && !('events' in first);
  } catch {
    return false;
  }
}

/**
 * `aws logs filter-log-events` (`{events:[{logStreamName, timestamp, message, …}]}`) and
 * `get-log-events` (`{events:[{timestamp, message, ingestionTime}]}`) output: one page, an array of
 * pages, an array of events, one event a line (`sam logs --output json`, `jq -c '.events[]'`), or
 * several pages one after another (`>>` in a loop). A
 * message may hold several lines (REPORT, then the XRAY part after a line break). A page (what
 * `generate --from-aws` writes) or an array of objects is read one element at a time, event lines one
 * line at a time; gzip is parsed whole.
 */
export async function readCloudWatchEvents(
  file: string,
  store: LogStore,
  diag: Diagnostics,
  onBytes?: (bytesRead: number) => void,
): Promise<void> {
  const readPageEvent = (event: unknown, i: number) => readEvent(event, file, `events[${i}]`, store, diag);
  if (await forEachArrayElement(file, 'events', readPageEvent, onBytes)) return;
  const readItem = (item: unknown, p: number) => readArrayItem(item, p, file, store, diag);
  if (await forEachArrayElement(file, null, readItem, onBytes)) return;
  if (startsWithEventLine(file)) {
    await forEachLine(
      file,
      (text, line) => {
        if (text.trim().length === 0) return;
        let event: unknown;
        try {
          event = JSON.parse(text);
        } catch {
          diag.warn({ file, line }, 'not valid JSON; line skipped');
          return;
        }
        readEvent(event, file, '', store, diag, line);
      },
      { onBytes },
    );
    return;
  }
  // Several pages one after another (`aws logs filter-log-events … >> file` in a loop).
  const readDocument = (value: unknown, line: number) => readEventsValue(value, file, store, diag, line);
  if (await forEachJsonDocument(file, readDocument, onBytes)) return;
  await forEachWholeDocument(file, (value, line) => readEventsValue(value, file, store, diag, line));
}
