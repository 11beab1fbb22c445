import { InputError } from '../cli/errors.js';
import type { LogStore } from '../model/log-store.js';
import type { Diagnostics } from './diagnostics.js';
import { forEachArrayElement, parseJsonFile } from './json-file.js';
import { readLogLine } from './lambda-log.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One log event: its message's lines, read as Lambda log lines of its stream. */
function readEvent(event: unknown, file: string, field: string, store: LogStore, diag: Diagnostics): void {
  if (!isObject(event) || typeof event.message !== 'string') {
    diag.warn({ file, field: `${field}.message` }, 'missing or not a string; event skipped');
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
 * `aws logs filter-log-events` (`{events:[{logStreamName, timestamp, message, …}]}`) and
 * `get-log-events` (`{events:[{timestamp, message, ingestionTime}]}`) output, one page or an array of
 * pages. A message may hold several lines (REPORT, then the XRAY part after a line break). One page
 * (what `generate --from-aws` writes) is read one event at a time.
 */
export async function readCloudWatchEvents(
  file: string,
  store: LogStore,
  diag: Diagnostics,
  onBytes?: (bytesRead: number) => void,
): Promise<void> {
  const streamed = await forEachArrayElement(
    file,
    'events',
    (event, i) => readEvent(event, file, `events[${i}]`, store, diag),
    onBytes,
  );
  if (streamed) return;
  const value = await parseJsonFile(file);
  const pages = Array.isArray(value) && value.every((p) => isObject(p) && Array.isArray(p.events)) ? value : [value];
  for (const [p, page] of pages.entries()) {
    const events = isObject(page) && Array.isArray(page.events) ? page.events : Array.isArray(page) ? page : null;
    if (!events) throw new InputError('missing or not an array', { file, field: 'events' });
    for (const [i, event] of events.entries())
      readEvent(event, file, pages.length > 1 ? `[${p}].events[${i}]` : `events[${i}]`, store, diag);
  }
}
